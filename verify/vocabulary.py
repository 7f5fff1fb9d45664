"""The engine's closed vocabularies, as ``str``-valued enums.

Each member *is* its string (``Method.SMT == "smt"``), so JSON reports, the proof store and
claim modules that write plain strings are unchanged; ``str()`` and f-strings give the value,
not ``Method.SMT``. Where a closed set is checked (a claim's method, role or reading), the enum
is the single list of what is allowed.
"""
from __future__ import annotations

from enum import Enum


class _Word(str, Enum):
    """A str enum that prints as its value (Python 3.10 has no ``StrEnum``)."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class Method(_Word):
    """How an obligation is discharged: sympy, z3 (re-checked by cvc5), floats, exact values."""

    SYMBOLIC = "symbolic"
    SMT = "smt"
    NUMERIC = "numeric"
    EXACT = "exact"


class Role(_Word):
    """What a discharged obligation means for its claim.

    - ``supports``: evidence that the claim holds (how far it reaches is computed from the goal
      kind, see :mod:`verify.goals`);
    - ``refutes``: a counterexample to the claim, evaluated by the engine itself;
    - ``definitional``: both sides of the claim are the same expression (``tautological``).

    A converse is not a role: the engine builds it from an :class:`~verify.goals.Implication`
    whose ``converse_of`` names the premise.
    """

    SUPPORTS = "supports"
    REFUTES = "refutes"
    DEFINITIONAL = "definitional"


class Reading(_Word):
    """Which statement a claim decides.

    - ``as-stated``: the paper's own words, made precise;
    - ``artifact``: the statement as the paper's code (e.g. its Lean development) has it;
    - ``strengthened`` / ``weakened``: a stronger / weaker statement than the paper's;
    - ``misreading``: a reading a reader might take but the paper does not make;
    - ``project``: the project's own result (e.g. a correct construction the paper lacks).
    """

    AS_STATED = "as-stated"
    ARTIFACT = "artifact"
    STRENGTHENED = "strengthened"
    WEAKENED = "weakened"
    MISREADING = "misreading"
    PROJECT = "project"


class Scope(_Word):
    """How far a discharged obligation reaches, computed from its goals
    (:func:`verify.goals.scope_of`): every value, every size up to a family's bound, or the stated
    points only; ``none`` when no goal was decided."""

    ALL = "all"
    BOUNDED = "bounded"
    INSTANCES = "instances"
    NONE = "none"


class Status(_Word):
    """An obligation's status after discharge."""

    DISCHARGED = "discharged"
    FAILED = "failed"
    UNKNOWN = "unknown"
    ERROR = "error"


class Result(_Word):
    """The decision on one goal."""

    HOLDS = "holds"
    VIOLATED = "violated"
    UNKNOWN = "unknown"
    ERROR = "error"


class Verdict(_Word):
    """A claim's verdict (rules in :mod:`verify.verdict`)."""

    PROVED = "proved"
    PROVED_BOUNDED = "proved-bounded"
    WITNESSED = "witnessed"
    REFUTED = "refuted"
    TAUTOLOGICAL = "tautological"
    VACUOUS = "vacuous"
    NOT_FORMAL = "not-formal"
    UNKNOWN = "unknown"
    ERROR = "error"

    @property
    def passes(self) -> bool:
        """Whether the gate passes on this verdict (a decided refutation passes)."""
        return self not in (Verdict.UNKNOWN, Verdict.ERROR)
