"""verify: decide claims from re-runnable evidence (sympy, z3, numpy, exact rationals).

The engine knows nothing about any paper: claim packs declare :class:`Claim` objects whose
:class:`Obligation` functions return goals (:mod:`verify.goals`); dischargers decide the goals
and :mod:`verify.verdict` computes each claim's verdict from the evidence.
"""
from typing import Any

from . import ieee
from .claim import METHODS, ROLES, SCOPES, Claim, Hypothesis, Obligation, definitional, refutes, supports
from .goals import (
    Consistency,
    ExactEqual,
    Family,
    FloatPredicate,
    Identity,
    Implication,
    Induction,
    NonIdentity,
    SameTerm,
    Vacuous,
    Witness,
)
from .vocabulary import Method, Reading, Result, Role, Scope, Status, Verdict

__all__ = ["Claim", "Hypothesis", "Obligation", "supports", "refutes", "definitional", "Method", "Role", "Reading",
           "Scope", "Status", "Result", "Verdict", "Family", "METHODS", "ROLES", "SCOPES", "Identity", "Vacuous",
           "NonIdentity", "SameTerm", "Implication", "Induction", "Consistency", "FloatPredicate", "Witness",
           "ExactEqual", "ieee", "discover", "decide", "DischargeSettings"]


def __getattr__(name: str) -> Any:  # the runner loads z3 and sympy: import it only when used
    if name == "decide":  # (not `run`: that name is the submodule verify.run once it is imported)
        from .run import run
        return run
    if name == "discover":
        from .registry import discover
        return discover
    if name == "DischargeSettings":
        from .discharge import DischargeSettings
        return DischargeSettings
    raise AttributeError(f"module 'verify' has no attribute {name!r}")
