"""One exception hierarchy for the engine (users catch ``VerifyError``)."""
from __future__ import annotations


class VerifyError(Exception):
    """Base class of every error the engine raises on purpose."""


class ClaimDefinitionError(VerifyError):
    """A claim, hypothesis or obligation is malformed (raised at load time)."""


class ClaimLoadError(VerifyError):
    """A claim module could not be loaded; ``source`` names the file or entry point."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message

    # Pickle by the two fields (the default would pass one argument).
    def __reduce__(self) -> tuple[type[ClaimLoadError], tuple[str, str]]:
        return (ClaimLoadError, (self.source, self.message))


class GoalError(VerifyError):
    """An obligation function returned something its discharger cannot decide."""


class UsageError(VerifyError):
    """The command line was wrong (exit code 4)."""
