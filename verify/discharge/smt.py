"""The ``smt`` discharger: z3 decides, our own exact arithmetic re-checks models.

An :class:`~verify.goals.Implication` is proved when ``hypotheses ∧ ¬conclusion`` is
``unsat``. A ``sat`` answer is a counterexample only after its model passes the independent
re-check of :mod:`verify.discharge.z3_recheck`. Solver ``unknown`` (time-out, resource limit,
incompleteness) is ``unknown`` with z3's ``reason_unknown()``.

For named hypotheses the discharger also reports which hypotheses the proof used (unsat core),
whether they can hold together at all (vacuity), and which ones are necessary (dropping one
gives a re-checked countermodel) or redundant (the conclusion still follows).
"""
from __future__ import annotations

import time
from typing import Any, Mapping

import z3

from ..evidence import ERROR, HOLDS, UNKNOWN, VIOLATED, Outcome
from ..goals import Consistency, Implication
from . import second_solver
from .intervals import Interval
from .z3_recheck import Undefined, Unsupported, evaluate, exact_point, model_values, render

DEFAULT_RLIMIT = 50_000_000


def z3_version() -> str:
    return z3.get_version_string()


def _solver(timeout_s: float, rlimit: int) -> z3.Solver:
    s = z3.Solver()
    s.set("timeout", max(1, int(timeout_s * 1000)))
    s.set("rlimit", rlimit)
    return s


PORTFOLIO = (("one-shot", 0.1), ("incremental", 0.45), ("one-shot", 0.45))
"""z3's one-shot mode (tactics incl. nlsat) and its incremental mode (the SMT core, used after a
``push``) each solve nonlinear problems the other times out on; try both, in this time split."""


_preferred: list[str] = []
"""The mode that last decided a goal. Each obligation runs in its own worker process, so this
is per obligation: the goals of a bounded family are alike, and trying first the mode that
worked saves the failed attempt on every size."""


def _check(formulas: list[z3.BoolRef], timeout_s: float, rlimit: int) -> tuple[Any, z3.Solver, float]:
    t0 = time.perf_counter()
    r, s = z3.unknown, None
    order = sorted(PORTFOLIO, key=lambda m: 0 if _preferred and m[0] == _preferred[-1] else 1)
    for mode, share in order:
        s = _solver(timeout_s * share, rlimit)
        if mode == "incremental":
            s.push()
        s.add(*formulas)
        r = s.check()
        if r != z3.unknown:
            _preferred.append(mode)
            break
    return r, s, time.perf_counter() - t0


def recheck_model(hypotheses: Mapping[str, z3.BoolRef], conclusion: z3.BoolRef | None,
                  model: z3.ModelRef, user_recheck: Any = None) -> tuple[str, str, dict[str, Any]]:
    """Re-evaluate a model independently of z3.

    Returns ``(verdict, explanation, rendered model)`` where verdict is ``confirmed`` (every
    hypothesis true and, if given, the conclusion false), ``rejected`` (the model does not do
    that in exact arithmetic) or ``inconclusive``.
    """
    values = model_values(model)
    shown = render(values)
    try:
        for name, h in hypotheses.items():
            v = evaluate(h, values)
            if v is False:
                return "rejected", f"hypothesis '{name}' is false at the model in exact arithmetic", shown
            if v is None:
                return _fallback(user_recheck, values, shown, f"hypothesis '{name}' undecided by intervals",
                                 hypotheses, conclusion)
        if conclusion is not None:
            v = evaluate(conclusion, values)
            if v is True:
                return "rejected", "the conclusion holds at the model in exact arithmetic", shown
            if v is None:
                return _fallback(user_recheck, values, shown, "conclusion undecided by intervals",
                                 hypotheses, conclusion)
    except Undefined as exc:
        return "inconclusive", (f"{exc} at the model: the encoding needs a denominator > 0 "
                                "hypothesis"), shown
    except Unsupported as exc:
        return _fallback(user_recheck, values, shown, f"cannot evaluate ({exc})", hypotheses, conclusion)
    if user_recheck is not None:
        ok = bool(user_recheck(exact_point(values)))
        if not ok:
            return "rejected", "the obligation's own exact re-check rejects the model", shown
        return "confirmed", "re-checked in exact arithmetic and by the obligation's re-check", shown
    return "confirmed", "re-checked in exact arithmetic", shown


def _fallback(user_recheck: Any, values: Mapping[str, Any], shown: dict[str, Any], why: str,
              formulas: Mapping[str, z3.BoolRef] | None = None, conclusion: z3.BoolRef | None = None,
              ) -> tuple[str, str, dict]:
    """Intervals could not decide: fall back to the obligation's own re-check at an exact point.

    The point (midpoints of the enclosures) is not the solver's model, so the formulas are also
    re-evaluated there, exactly; the point is confirmed only if both evaluations agree.
    """
    if user_recheck is None:
        return "inconclusive", why, shown
    point = exact_point(values)
    if not bool(user_recheck(point)):
        return "rejected", f"{why}; the obligation's exact re-check rejects the point", shown
    exact_values = {k: (Interval.point(v) if not isinstance(v, bool) else v) for k, v in point.items()}
    exact_values.update({k: v for k, v in values.items() if k not in point})
    try:
        ok = all(evaluate(h, exact_values) is True for h in (formulas or {}).values())
        ok = ok and (conclusion is None or evaluate(conclusion, exact_values) is False)
    except (Undefined, Unsupported) as exc:
        return "inconclusive", f"{why}; the exact point cannot be evaluated ({exc})", shown
    if not ok:
        return "inconclusive", f"{why}; the exact point does not satisfy the formulas", shown
    return "confirmed", f"{why}; confirmed at an exact rational point by the formulas and the obligation's re-check", \
        {**shown, **{k: str(v) for k, v in point.items()}}


def decide(goal: Any, role: str, timeout_s: float, rlimit: int, analyse: bool,
           cross_solver: float, vacuity: bool = True) -> Outcome:
    """Decide one SMT goal. ``cross_solver`` is cvc5's time budget in seconds (0: no cvc5);
    ``vacuity`` asks for the satisfiability check of the hypotheses after a proof."""
    if isinstance(goal, Implication):
        return _decide_implication(goal, timeout_s, rlimit, analyse, cross_solver, vacuity)
    if isinstance(goal, Consistency):
        return _decide_consistency(goal, role, timeout_s, rlimit, cross_solver)
    raise TypeError(type(goal).__name__)


def _base_data(timeout_s: float, rlimit: int) -> dict[str, Any]:
    return {"solver": "z3", "version": z3_version(), "timeout_s": round(timeout_s, 3), "rlimit": rlimit}


def _decide_implication(goal: Implication, timeout_s: float, rlimit: int, analyse: bool,
                        cross_solver: float, vacuity: bool = True) -> Outcome:
    hyps = dict(goal.hypotheses)
    defs = dict(goal.definitions)
    # Plain assertions, no tracking literals: assumptions switch z3 to its incremental core,
    # which is much weaker on nonlinear real arithmetic. The core is computed separately.
    r, s, secs = _check(implication_query(goal), timeout_s, rlimit)
    data = _base_data(timeout_s, rlimit)
    data["z3_seconds"] = round(secs, 4)
    data["z3_result"] = str(r)
    if cross_solver > 0:
        data["second_solver"] = second_solver.decide(implication_query(goal), cross_solver)
        if _disagree(str(r), data["second_solver"]["status"]):
            return Outcome(ERROR, f"z3 says {r} but cvc5 says {data['second_solver']['status']}",
                           goal.label, data=data)
    if r == z3.unsat:
        # The analysis asks 2 + (number of hypotheses) more questions of the same size: give
        # each a budget tied to how hard the proof itself was, not the whole limit.
        budget = min(timeout_s, max(2.0, 10 * secs))
        if analyse and hyps:
            data["used_hypotheses"] = _core(goal, hyps, defs, budget, rlimit)
            data.update(_analyse(goal, hyps, defs, budget, rlimit))
            vac = data["vacuity"]["status"]
        elif hyps and vacuity:
            vac = _vacuity(hyps, defs, budget, rlimit)
        else:
            vac = "no hypotheses" if not hyps else "not checked"
        data["hypotheses_satisfiable"] = vac
        if vac == "vacuous":
            return Outcome(ERROR, "vacuous proof: the hypotheses (with the definitions) are unsatisfiable, "
                           "so the conclusion follows from nothing", goal.label, data=data)
        return Outcome(HOLDS, f"unsat in {secs:.3f}s", goal.label, data=data)
    if r == z3.sat:
        verdict, why, shown = recheck_model({**defs, **hyps}, goal.conclusion, s.model(), goal.recheck)
        if verdict == "confirmed":
            return Outcome(VIOLATED, f"counterexample ({why})", goal.label, confirmed=True,
                           counterexample=shown, data=data)
        if verdict == "rejected":
            return Outcome(ERROR, f"z3 model rejected by the independent re-check: {why}", goal.label,
                           counterexample=shown, data=data)
        return Outcome(UNKNOWN, f"z3 model could not be re-checked: {why}", goal.label,
                       counterexample=shown, data=data)
    data["reason_unknown"] = s.reason_unknown()
    return Outcome(UNKNOWN, f"z3 unknown ({s.reason_unknown()}) after {secs:.3f}s", goal.label, data=data)


def _vacuity(hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef], timeout_s: float, rlimit: int) -> str:
    """'satisfiable' (model re-checked), 'vacuous' (unsat) or 'unknown'."""
    r, s, _ = _check(list(defs.values()) + list(hyps.values()), timeout_s, rlimit)
    if r == z3.unsat:
        return "vacuous"
    if r == z3.sat and recheck_model({**defs, **hyps}, None, s.model())[0] == "confirmed":
        return "satisfiable"
    return "unknown"


def _core(goal: Implication, hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef],
          timeout_s: float, rlimit: int) -> list[str] | str:
    """Names of the hypotheses in an unsat core (``assert_and_track``), or ``"unknown"``."""
    s = _solver(timeout_s, rlimit)
    s.add(*defs.values())
    s.add(z3.Not(goal.conclusion))
    tracks = {}
    for name, h in hyps.items():
        p = z3.Bool(f"hyp__{name}")
        tracks[str(p)] = name
        s.assert_and_track(h, p)
    if s.check() != z3.unsat:
        return "unknown"
    return sorted(tracks[str(c)] for c in s.unsat_core())


def implication_query(goal: Implication) -> list[z3.BoolRef]:
    """The formulas whose unsatisfiability proves the implication."""
    return list(goal.definitions.values()) + list(goal.hypotheses.values()) + [z3.Not(goal.conclusion)]


def _analyse(goal: Implication, hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef],
             timeout_s: float, rlimit: int) -> dict[str, Any]:
    """Vacuity and necessity of each named hypothesis (only called after an unsat proof)."""
    out: dict[str, Any] = {}
    r, s, secs = _check(list(defs.values()) + list(hyps.values()), timeout_s, rlimit)
    if r == z3.sat:
        verdict, why, shown = recheck_model({**defs, **hyps}, None, s.model())
        out["vacuity"] = {"status": "satisfiable" if verdict == "confirmed" else "unchecked",
                          "model": shown, "detail": why}
    elif r == z3.unsat:
        out["vacuity"] = {"status": "vacuous", "model": None,
                          "detail": "the hypotheses contradict each other: the proof says nothing"}
    else:
        out["vacuity"] = {"status": "unknown", "model": None, "detail": s.reason_unknown()}
    necessary: dict[str, Any] = {}
    redundant: list[str] = []
    undecided: list[str] = []
    for name in hyps:
        rest = {k: v for k, v in hyps.items() if k != name}
        r, s, secs = _check(list(defs.values()) + list(rest.values()) + [z3.Not(goal.conclusion)],
                            timeout_s, rlimit)
        if r == z3.unsat:
            redundant.append(name)
        elif r == z3.sat:
            verdict, why, shown = recheck_model({**defs, **rest}, goal.conclusion, s.model())
            if verdict == "confirmed":
                necessary[name] = {"countermodel": shown, "detail": why}
            else:
                undecided.append(name)
        else:
            undecided.append(name)
    out["necessary"] = necessary
    out["redundant"] = redundant
    if undecided:
        out["necessity_undecided"] = undecided
    return out


def _decide_consistency(goal: Consistency, role: str, timeout_s: float, rlimit: int,
                        cross_solver: float) -> Outcome:
    axioms = dict(goal.axioms)
    s = _solver(timeout_s, rlimit)
    tracks = {}
    for name, a in axioms.items():
        p = z3.Bool(f"ax__{name}")
        tracks[str(p)] = name
        s.assert_and_track(a, p)
    t0 = time.perf_counter()
    r = s.check()
    secs = time.perf_counter() - t0
    data = _base_data(timeout_s, rlimit)
    data["z3_seconds"] = round(secs, 4)
    data["z3_result"] = str(r)
    if cross_solver > 0:
        data["second_solver"] = second_solver.decide(list(axioms.values()), cross_solver)
        if _disagree(str(r), data["second_solver"]["status"]):
            return Outcome(ERROR, f"z3 says {r} but cvc5 says {data['second_solver']['status']}",
                           goal.label, data=data)
    if r == z3.sat:
        verdict, why, shown = recheck_model(axioms, None, s.model())
        data["vacuity"] = {"status": "satisfiable", "model": shown, "detail": why}
        if verdict == "confirmed":
            return Outcome(HOLDS, f"consistent: model found and {why}", goal.label, data=data)
        if verdict == "rejected":
            return Outcome(ERROR, f"z3 model rejected by the independent re-check: {why}", goal.label, data=data)
        return Outcome(UNKNOWN, f"model could not be re-checked: {why}", goal.label, data=data)
    if r == z3.unsat:
        core = sorted(tracks[str(c)] for c in s.unsat_core())
        data["used_hypotheses"] = core
        data["inconsistent_axioms"] = core
        if goal.recheck is None:
            return Outcome(UNKNOWN, f"unsat (core {core}) but no independent re-check of the contradiction",
                           goal.label, data=data)
        ok, why = goal.recheck()
        if ok:
            return Outcome(VIOLATED, f"inconsistent: unsat core {core}; re-check: {why}", goal.label,
                           confirmed=True, counterexample={"inconsistent_axioms": core, "derivation": why},
                           data=data)
        return Outcome(ERROR, f"z3 says unsat (core {core}) but the re-check disagrees: {why}", goal.label, data=data)
    data["reason_unknown"] = s.reason_unknown()
    return Outcome(UNKNOWN, f"z3 unknown ({s.reason_unknown()})", goal.label, data=data)


def _disagree(a: str, b: str) -> bool:
    return {a, b} == {"sat", "unsat"}
