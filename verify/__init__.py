"""verify: decide claims from re-runnable evidence (sympy, z3, numpy, exact rationals).

The engine knows nothing about any paper: claim packs declare :class:`Claim` objects whose
:class:`Obligation` functions return goals (:mod:`verify.goals`); dischargers decide the goals
and :mod:`verify.verdict` computes each claim's verdict from the evidence.
"""
from .claim import METHODS, ROLES, SCOPES, Claim, Hypothesis, Obligation
from .goals import Consistency, Counterexample, ExactEqual, Identity, Implication, NonIdentity, Witness

__all__ = ["Claim", "Hypothesis", "Obligation", "METHODS", "ROLES", "SCOPES", "Identity", "NonIdentity",
           "Implication", "Consistency", "Witness", "Counterexample", "ExactEqual"]
