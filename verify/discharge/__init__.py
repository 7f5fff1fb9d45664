"""Dischargers: one module per method; :func:`discharge` is the single entry point.

``discharge`` runs inside a worker process (see :mod:`verify.run`): it calls the obligation's
``check`` function, validates that the goals fit the method and role, decides each goal and
combines the outcomes into :class:`~verify.evidence.Evidence`.
"""
from __future__ import annotations

import time
import traceback
import zlib
from dataclasses import dataclass
from typing import Any

from ..claim import Claim, Obligation
from ..evidence import ERROR, Evidence, Outcome, obligation_status
from ..goals import GOALS_BY_METHOD, Counterexample, ExactEqual, Witness


@dataclass(frozen=True)
class DischargeSettings:
    """Limits and switches for one run (immutable, so every worker sees the same)."""

    seed: int = 20260
    rlimit: int = 50_000_000
    analyse_hypotheses: bool = True
    second_solver: bool = False
    timeout_scale: float = 1.0
    second_solver_budget_s: float = 2.0
    """cvc5's total time per obligation; goals past it are reported as skipped, not decided."""
    second_solver_goal_s: float = 1.0


def _goals(result: Any) -> list[Any]:
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]


def discharge(claim: Claim, ob: Obligation, settings: DischargeSettings, deadline_s: float) -> Evidence:
    t0 = time.perf_counter()
    try:
        goals = _goals(ob.check())
    except Exception as exc:
        return Evidence("error", f"the check function raised {type(exc).__name__}: {exc}",
                        time.perf_counter() - t0, data={"traceback": traceback.format_exc(limit=6)})
    allowed = GOALS_BY_METHOD[ob.method]
    for i, g in enumerate(goals):
        if not isinstance(g, allowed):
            return Evidence("error", f"goal {i} is a {type(g).__name__}; method '{ob.method}' decides "
                            f"{', '.join(t.__name__ for t in allowed)}", time.perf_counter() - t0)
        if ob.role == "refutes" and isinstance(g, Witness):
            return Evidence("error", "a Witness cannot refute: use a Counterexample with an exact re-check",
                            time.perf_counter() - t0)
        if ob.role != "refutes" and isinstance(g, Counterexample):
            return Evidence("error", "a Counterexample can only back a refuting obligation",
                            time.perf_counter() - t0)
    seed = settings.seed ^ zlib.crc32(f"{claim.id}/{ob.id}".encode())
    outcomes: list[Outcome] = []
    analysed = False
    cvc5_left = settings.second_solver_budget_s if settings.second_solver else 0.0
    for i, g in enumerate(goals):
        remaining = max(0.5, deadline_s - (time.perf_counter() - t0))
        try:
            wants = ob.method == "smt" and getattr(g, "analyse", False) and not analysed
            cvc5 = min(cvc5_left, settings.second_solver_goal_s)
            # Vacuity of the smallest and the largest instance of a family (families are uniform in
            # shape; checking every size would double the cost of bounded proofs).
            vac = i == 0 or i == len(goals) - 1
            outcomes.append(_decide(g, ob, settings, seed + i, remaining, analyse=wants, cvc5_s=cvc5, vacuity=vac))
            analysed = analysed or wants
            cvc5_left -= outcomes[-1].data.get("second_solver", {}).get("seconds", 0.0)
        except Exception as exc:
            outcomes.append(Outcome(ERROR, f"discharger raised {type(exc).__name__}: {exc}",
                                    getattr(g, "label", ""), data={"traceback": traceback.format_exc(limit=6)}))
        if ob.role == "refutes" and outcomes[-1].confirmed:
            break
        if ob.role != "refutes" and outcomes[-1].result != "holds":
            break
    status, detail, decisive = obligation_status(ob.role, outcomes)
    data = _merge_data(outcomes)
    return Evidence(status=status, detail=detail, seconds=time.perf_counter() - t0,
                    counterexample=decisive.counterexample if decisive else None,
                    confirmed=bool(decisive and decisive.confirmed), data=data)


def _decide(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, remaining: float,
            analyse: bool, cvc5_s: float, vacuity: bool = True) -> Outcome:
    if ob.method == "symbolic":
        from . import symbolic
        return symbolic.decide(goal, ob.role, seed)
    if ob.method == "smt":
        from . import smt
        analyse = settings.analyse_hypotheses and analyse
        per_check = min(remaining, ob.timeout * settings.timeout_scale)
        # The analysis runs several checks: share what is left of the time among them.
        return smt.decide(goal, ob.role, per_check / (3 if analyse else 1), settings.rlimit, analyse,
                          max(0.0, cvc5_s), vacuity)
    if isinstance(goal, Counterexample):
        from .exact import decide_counterexample
        return decide_counterexample(goal)
    if ob.method == "numeric":
        from .numeric import decide_witness
        assert isinstance(goal, Witness)
        return decide_witness(goal)
    from .exact import decide_exact
    assert isinstance(goal, ExactEqual)
    return decide_exact(goal)


def _merge_data(outcomes: list[Outcome]) -> dict[str, Any]:
    """Per-goal data as a list, plus the hypothesis analysis lifted to the top level."""
    data: dict[str, Any] = {"goals": []}
    for o in outcomes:
        entry = {"label": o.label, "result": o.result, "detail": o.detail}
        entry.update({k: v for k, v in o.data.items() if k not in ANALYSIS_KEYS})
        data["goals"].append(entry)
        for k in ANALYSIS_KEYS:
            if k in o.data and k not in data:
                data[k] = o.data[k]
    cross = [o.data["second_solver"] for o in outcomes if "second_solver" in o.data]
    if cross:
        statuses = [c["status"] for c in cross]
        data["second_solver"] = {
            "name": "cvc5", "version": cross[0].get("version"),
            "status": statuses[0] if len(set(statuses)) == 1 else "mixed",
            "seconds": round(sum(c["seconds"] for c in cross), 4),
            "goals": {st: statuses.count(st) for st in sorted(set(statuses))},
        }
        smt_goals = sum(1 for o in outcomes if "z3_result" in o.data)
        if smt_goals > len(cross):
            data["second_solver"]["goals"]["skipped (budget)"] = smt_goals - len(cross)
    if outcomes and "version" in outcomes[0].data:
        data["solver"] = {"name": outcomes[0].data.get("solver"), "version": outcomes[0].data["version"],
                          "timeout_s": outcomes[0].data.get("timeout_s"), "rlimit": outcomes[0].data.get("rlimit")}
    return data


ANALYSIS_KEYS = ("used_hypotheses", "vacuity", "necessary", "redundant", "necessity_undecided",
                 "inconsistent_axioms")
