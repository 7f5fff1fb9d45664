"""verify: decide claims from re-runnable evidence (sympy, z3, numpy, exact rationals).

The engine knows nothing about any paper: claim packs declare :class:`Claim` objects whose
:class:`Obligation` functions return goals (:mod:`verify.goals`); dischargers decide the goals
and :mod:`verify.verdict` computes each claim's verdict from the evidence.
"""
from . import ieee
from .claim import METHODS, ROLES, SCOPES, Claim, Hypothesis, Obligation
from .discharge import DischargeSettings
from .registry import discover
from .run import run
from .goals import (Consistency, ExactEqual, Family, FloatPredicate, Identity, Implication, Induction, NonIdentity,
                    SameTerm, Witness)

__all__ = ["Claim", "Hypothesis", "Obligation", "Family", "METHODS", "ROLES", "SCOPES", "Identity",
           "NonIdentity", "SameTerm", "Implication", "Induction", "Consistency", "FloatPredicate", "Witness",
           "ExactEqual", "ieee", "discover", "run", "DischargeSettings"]
