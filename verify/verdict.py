"""Claim verdicts, computed from obligation evidence (never written by a claim author).

Every input is evidence the engine produced: a status, the scope it computed from the goal
kinds (``all``, ``bounded``, ``instances``) and whether it showed a tautology (an engine-built
converse proved, or two sides that are the same term). Rules, in order:

1. an obligation ``error`` → ``error``; so is a claim with both a confirmed counterexample and a
   discharged proof (scope all or bounded): the evidence contradicts itself;
2. a discharged refuting obligation, or a failed supporting one whose counterexample was
   confirmed → ``refuted`` (a failed definitional obligation refutes nothing: it only means the
   claim is not shown tautological, and fails the gate);
3. an ``unknown`` obligation (not marked ``allow_unknown``) → ``unknown``;
4. a claim marked ``formal=False`` → ``not-formal`` (its sub-claims carry the checkable content);
5. no supporting and no definitional obligation → ``unknown`` (nothing shows the claim);
6. every supporting obligation discharged as a proof, and a main one proving that the claim's
   premise can never hold (a ``Vacuous`` goal) → ``vacuous`` (true, but it says nothing);
7. every supporting obligation discharged as a proof, and a proof showing a tautology (a
   discharged definitional obligation, or a main supporting proof whose converse the engine
   proved) → ``tautological``;
8. every supporting obligation discharged → by the weakest scope among the non-cross-check
   supports: ``proved`` (all values), ``proved-bounded`` (with the families' bounds),
   ``witnessed`` (points); cross-checks neither weaken nor raise it;
9. otherwise (e.g. a witness out of tolerance) → ``unknown``.
"""
from __future__ import annotations

from collections.abc import Mapping

from .claim import Claim
from .evidence import Evidence
from .vocabulary import Verdict

VERDICTS = Verdict.values()

_PROOF = ("all", "bounded")


def claim_verdict(claim: Claim, evidence: Mapping[str, Evidence]) -> tuple[Verdict, str | None]:
    """Return ``(verdict, bound)`` for ``claim`` given evidence keyed by obligation id."""
    verdict, bound = _rules(claim, evidence)
    return Verdict(verdict), bound


def _rules(claim: Claim, evidence: Mapping[str, Evidence]) -> tuple[str, str | None]:
    pairs = [(o, evidence[o.id]) for o in claim.obligations]
    if any(e.status == "error" for _, e in pairs):
        return "error", None
    refuted = any((o.role == "refutes" and e.status == "discharged")
                  or (o.role == "supports" and e.status == "failed" and e.confirmed) for o, e in pairs)
    proved_support = any(o.role == "supports" and not o.cross_check and e.status == "discharged"
                         and e.scope in _PROOF for o, e in pairs)
    if refuted and proved_support:
        # A proof and a confirmed counterexample of the same claim: some checker is unsound.
        return "error", None
    if refuted:
        return "refuted", None
    if any(e.status == "unknown" and not o.allow_unknown for o, e in pairs):
        return "unknown", None
    if not claim.formal:
        return "not-formal", None
    supports = [(o, e) for o, e in pairs if o.role == "supports"]
    definitional = [(o, e) for o, e in pairs if o.role == "definitional"]
    if not supports and not definitional:
        return "unknown", None
    if any(e.status != "discharged" for _, e in supports + definitional):
        return "unknown", None
    main = [(o, e) for o, e in supports if not o.cross_check] or supports
    scopes = {e.scope for _, e in main}
    bounds = sorted({o.bound for o, e in main if e.scope == "bounded" and o.bound})
    all_proofs = scopes <= set(_PROOF)
    shows_tautology = (any(e.tautology for _, e in definitional)
                       or any(e.tautology and e.scope in _PROOF for _, e in main))
    if all_proofs and any(e.vacuous for _, e in main):
        return "vacuous", "; ".join(bounds) or None
    if shows_tautology and all_proofs:
        # Tautological means *proved* and restated: point evidence cannot show either.
        return "tautological", "; ".join(bounds) or None
    if not supports:
        return "unknown", None
    if "instances" in scopes or "none" in scopes:
        return "witnessed", None
    if "bounded" in scopes:
        return "proved-bounded", "; ".join(bounds)
    return "proved", None
