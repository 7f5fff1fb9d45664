"""The JSON report (schema 1). Key names are a published interface: CI and other tools read them."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..run import SCHEMA, ClaimResult, ObligationResult, RunResult

ANALYSIS_FIELDS = ("used_hypotheses", "vacuity", "necessary", "redundant", "inconsistent_axioms", "second_solver",
                   "converse", "brittle")


def _clean(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if hasattr(v, "tolist"):
        return _clean(v.tolist())
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def obligation_dict(o: ObligationResult) -> dict[str, Any]:
    ev = o.evidence
    d: dict[str, Any] = {
        "id": o.obligation.id,
        "method": o.obligation.method,
        "role": o.obligation.role,
        "statement": o.obligation.statement,
        "scope": ev.scope,
        "bound": o.obligation.bound,
        "family": ({"parameter": o.obligation.family.parameter, "values": list(o.obligation.family.values)}
                   if o.obligation.family is not None else None),
        "cross_check": o.obligation.cross_check,
        "tautology": ev.tautology,
        "status": ev.status,
        "seconds": round(ev.seconds, 4),
        "detail": ev.detail,
        "counterexample": _clean(ev.counterexample),
    }
    data: dict[str, Any] = dict(ev.data)
    for k in ANALYSIS_FIELDS:
        if k in data:
            d[k] = _clean(data[k])
    d["data"] = _clean({k: v for k, v in data.items() if k not in ANALYSIS_FIELDS and k != "traceback"})
    if "traceback" in ev.data:
        d["traceback"] = ev.data["traceback"]
    return d


def converse_of(c: ClaimResult) -> dict[str, Any] | None:
    """The converse the engine built from the claim's implications: proved (→ tautological),
    refuted, or undecided, with the obligations it was built from."""
    conv = [(o, o.evidence.data["converse"]) for o in c.obligations if "converse" in o.evidence.data]
    if not conv:
        return None
    sts = {d["status"] for _, d in conv}
    status = sts.pop() if len(sts) == 1 else "mixed"
    return {"status": status, "premise": conv[0][1].get("premise"), "obligations": [o.obligation.id for o, _ in conv]}


def claim_dict(c: ClaimResult) -> dict[str, Any]:
    cl = c.claim
    conv = converse_of(c)
    obligations = [obligation_dict(o) for o in c.obligations]
    return {
        "id": cl.id,
        "parent": cl.parent_id,
        "paper": cl.paper,
        "where": cl.where,
        "reading": cl.reading,
        "statement": cl.statement,
        "latex": cl.latex,
        "formal": cl.formal,
        "note": cl.note,
        "explanation": cl.explanation,
        "source": cl.source,
        "verdict": c.verdict,
        "bound": c.bound,
        "seconds": round(c.seconds, 4),
        "hypotheses": [h.as_dict() for h in cl.hypotheses],
        "converse": conv,
        "obligations": obligations,
    }


def to_json(result: RunResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "versions": result.versions,
        "gate": result.gate,
        "exit_code": result.exit_code(),
        "seconds": round(result.seconds, 3),
        "patterns": list(result.patterns),
        "settings": {"seed": result.settings.seed, "rlimit": result.settings.rlimit,
                     "second_solver": result.settings.second_solver,
                     "cvc5_rlimit": result.settings.cvc5_rlimit, "seeds": result.settings.seeds,
                     "timeout_scale": result.settings.timeout_scale},
        "skipped_slow": list(result.skipped_slow),
        "skipped_unavailable": list(result.skipped_unavailable),
        "interrupted": result.interrupted,
        "summary": result.summary(),
        "load_errors": [{"source": e.source, "message": e.message} for e in result.load_errors],
        "claims": [claim_dict(c) for c in result.claims],
    }


def write_json(result: RunResult, path: str | Path) -> None:
    Path(path).write_text(json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
