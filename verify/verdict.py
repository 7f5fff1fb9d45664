"""Claim verdicts, computed from obligation evidence (never written by a claim author).

Rules, in order:

1. an obligation ``error`` → ``error``; so is a claim with both a confirmed counterexample and a
   discharged proof (all values or bounded): the evidence contradicts itself;
2. a discharged refuting obligation, or a failed supporting one whose counterexample was
   confirmed → ``refuted`` (a failed converse or definitional obligation refutes nothing: it
   only means the claim is not shown tautological, and fails the gate);
3. an ``unknown`` obligation (not marked ``allow_unknown``) → ``unknown``;
4. a claim marked ``formal=False`` → ``not-formal`` (its sub-claims carry the checkable content);
5. every supporting obligation discharged, and a discharged ``converse`` or ``definitional``
   obligation, all of them proofs (scope all or bounded, not instances) → ``tautological``;
6. every supporting obligation discharged → by the weakest scope among the non-cross-check
   supports: ``proved`` (all values), ``proved-bounded`` (with the bounds), ``witnessed``;
7. otherwise (e.g. a witness out of tolerance, no supporting evidence) → ``unknown``.
"""
from __future__ import annotations

from typing import Mapping

from .claim import Claim
from .evidence import Evidence

VERDICTS = ("proved", "proved-bounded", "witnessed", "refuted", "tautological", "not-formal", "unknown", "error")


def claim_verdict(claim: Claim, evidence: Mapping[str, Evidence]) -> tuple[str, str | None]:
    """Return ``(verdict, bound)`` for ``claim`` given evidence keyed by obligation id."""
    obs = claim.obligations
    ev = [evidence[o.id] for o in obs]
    if any(e.status == "error" for e in ev):
        return "error", None
    refuted = any((o.role == "refutes" and e.status == "discharged")
                  or (o.role == "supports" and e.status == "failed" and e.confirmed) for o, e in zip(obs, ev))
    proved_support = any(o.role == "supports" and not o.cross_check and e.status == "discharged"
                         and o.effective_scope() in ("all", "bounded") for o, e in zip(obs, ev))
    if refuted and proved_support:
        # A proof and a confirmed counterexample of the same claim: some checker is unsound.
        return "error", None
    if refuted:
        return "refuted", None
    if any(e.status == "unknown" and not o.allow_unknown for o, e in zip(obs, ev)):
        return "unknown", None
    if not claim.formal:
        return "not-formal", None
    supports = [(o, e) for o, e in zip(obs, ev) if o.role == "supports"]
    if any(e.status != "discharged" for _, e in supports):
        return "unknown", None
    restated_proofs = [o for o, e in zip(obs, ev) if o.role in ("converse", "definitional")
                       and e.status == "discharged" and o.effective_scope() != "instances"]
    supports_proved = all(o.effective_scope() != "instances" for o, _ in supports if not o.cross_check)
    if restated_proofs and supports_proved and (supports or any(o.role == "definitional" for o in obs)):
        # Tautological means *proved* and restated: instance-only evidence cannot show either.
        bounds = sorted({o.bound for o in restated_proofs + [o for o, _ in supports if not o.cross_check]
                         if o.effective_scope() == "bounded" and o.bound})
        return "tautological", "; ".join(bounds) or None
    if not supports:
        return "unknown", None
    main = [o for o, _ in supports if not o.cross_check] or [o for o, _ in supports]
    scopes = {o.effective_scope() for o in main}
    if "instances" in scopes:
        return "witnessed", None
    if "bounded" in scopes:
        bounds = sorted({o.bound for o in main if o.effective_scope() == "bounded" and o.bound})
        return "proved-bounded", "; ".join(bounds)
    return "proved", None
