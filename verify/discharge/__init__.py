"""Dischargers: one module per method; :func:`discharge` is the single entry point.

``discharge`` runs inside a worker process (see :mod:`verify.run`): it builds the obligation's
goals (one, or one per value of a declared family), checks that each goal kind fits the method
and the role (:data:`verify.goals.GOALS_BY_METHOD`, :data:`verify.goals.GOALS_BY_ROLE`), decides
each goal, and combines the outcomes into :class:`~verify.evidence.Evidence` whose scope is
computed from the goal kinds, never declared.
"""
from __future__ import annotations

import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from ..claim import Claim, Obligation
from ..evidence import ERROR, HOLDS, VIOLATED, Evidence, EvidenceData, Outcome, obligation_status
from ..goals import (
    GOALS_BY_METHOD,
    GOALS_BY_ROLE,
    Consistency,
    ExactEqual,
    FloatPredicate,
    Identity,
    Implication,
    Induction,
    NonIdentity,
    SameTerm,
    Vacuous,
    Witness,
    scope_of,
)
from ..store import ProofStore, engine_fingerprint, goal_key, outcome_from, outcome_payload
from . import second_solver as _second_solver
from .smt import DEFAULT_RLIMIT


@dataclass(frozen=True)
class DischargeSettings:
    """Limits and switches for one run (immutable, so every worker sees the same).

    ``rlimit`` (z3) and ``cvc5_rlimit`` are the deterministic budgets per query that decide;
    ``timeout_scale`` multiplies the obligations' wall-clock safety nets. ``seeds`` re-runs
    each SMT goal under that many extra random seeds and reports the spread.
    """

    seed: int = 20260
    rlimit: int = DEFAULT_RLIMIT
    analyse_hypotheses: bool = True
    second_solver: bool = True
    timeout_scale: float = 1.0
    cvc5_rlimit: int = _second_solver.DEFAULT_RLIMIT
    seeds: int = 0
    store: str | None = None
    """The proof store's directory (goal-level entries are looked up in the worker), or None."""


def _goal_list(ob: Obligation) -> tuple[list[tuple[Any, Any]], str | None]:
    """``[(family value or None, goal)]``, or an error message."""
    values = list(ob.family.values) if ob.family is not None else [None]
    out = []
    for v in values:
        g = ob.check(v) if ob.family is not None else ob.check()
        if isinstance(g, (list, tuple)):
            what = f" for {ob.family.parameter} = {v}" if ob.family is not None else ""
            return [], (f"check returned {len(g)} goals{what}: an obligation decides one goal; "
                        "several goals need a declared family (Obligation(family=Family(...)))")
        out.append((v, g))
    return out, None


def _validate(goal: Any, ob: Obligation) -> str | None:
    by_method = GOALS_BY_METHOD[ob.method]
    if not isinstance(goal, by_method):
        return (f"a {type(goal).__name__} goal; method '{ob.method}' decides "
                f"{', '.join(t.__name__ for t in by_method)}")
    by_role = GOALS_BY_ROLE[ob.role]
    if not isinstance(goal, by_role):
        return (f"a {type(goal).__name__} cannot serve role '{ob.role}' (it takes "
                f"{', '.join(t.__name__ for t in by_role)})")
    return None


def _undeclared(goal: Any, claim: Claim) -> str | None:
    """A goal names its assumptions (hypotheses, a premise, the premise of a converse); each must
    be one the claim declares, so the report's hypothesis list is what the proof used."""
    names = list(getattr(goal, "hypotheses", None) or ())
    names += list(getattr(goal, "premise", None) or ())
    names += list(getattr(goal, "converse_of", None) or ())
    declared = {h.name for h in claim.hypotheses}
    missing = sorted({n for n in names if n not in declared})
    if not missing:
        return None
    return (f"uses undeclared hypothes{'es' if len(missing) > 1 else 'is'} {', '.join(map(repr, missing))}: "
            f"declare {'them' if len(missing) > 1 else 'it'} in {claim.id}'s hypotheses "
            f"(declared: {', '.join(sorted(declared)) or 'none'})")


def discharge(claim: Claim, ob: Obligation, settings: DischargeSettings, deadline_s: float) -> Evidence:
    t0 = time.perf_counter()
    try:
        goals, problem = _goal_list(ob)
    except Exception as exc:
        return Evidence("error", f"the check function raised {type(exc).__name__}: {exc}",
                        time.perf_counter() - t0, data={"traceback": traceback.format_exc(limit=6)})
    if problem:
        return Evidence("error", problem, time.perf_counter() - t0)
    for v, g in goals:
        why = _validate(g, ob)
        if why:
            at = f" ({ob.family.parameter} = {v})" if ob.family is not None else ""
            return Evidence("error", f"the check returned {why}{at}", time.perf_counter() - t0)
        why = _undeclared(g, claim)
        if why:
            at = f" ({ob.family.parameter} = {v})" if ob.family is not None else ""
            return Evidence("error", f"the check's goal{at} {why}", time.perf_counter() - t0)
    seed = settings.seed ^ zlib.crc32(f"{claim.id}/{ob.id}".encode())
    if ob.method == "smt":
        from .smt import forget_preferences
        forget_preferences()  # as in a fresh worker: nothing carried over from earlier obligations
    store = ProofStore(settings.store) if settings.store else None
    from_store = 0
    outcomes: list[Outcome] = []
    analysed = False
    for i, (v, g) in enumerate(goals):
        remaining = max(1.0, deadline_s - (time.perf_counter() - t0))
        wants = settings.analyse_hypotheses and getattr(g, "analyse", False) and not analysed
        key = _goal_store_key(g, ob, settings, seed + i, wants) if store else None
        hit = store.get("goal", key) if store and key else None
        if hit is not None:
            out = outcome_from(hit["payload"])
            from_store += 1
        else:
            try:
                out = _decide(g, ob, settings, seed + i, remaining, analyse=wants)
            except Exception as exc:
                out = Outcome(ERROR, f"discharger raised {type(exc).__name__}: {exc}", getattr(g, "label", ""),
                              data={"traceback": traceback.format_exc(limit=6)})
            if store and key and out.result in (HOLDS, VIOLATED):
                store.put("goal", key, outcome_payload(out))
        if ob.family is not None:
            label = f"{ob.family.parameter}={v}" + (f": {out.label}" if out.label else "")
            out = Outcome(out.result, out.detail, label, out.confirmed, out.counterexample, out.data)
        outcomes.append(out)
        analysed = analysed or wants
        if ob.role == "refutes" and out.confirmed:
            break
        if ob.role != "refutes" and out.result != HOLDS:
            break
    status, detail, decisive = obligation_status(ob.role, outcomes)
    scope, tautology, vacuous = "none", False, False
    if status == "discharged":
        if ob.role == "refutes":
            scope = "instances"
        else:
            kinds = {scope_of(g, ob.family is not None) for _, g in goals}
            scope = "instances" if "instances" in kinds else "bounded" if "bounded" in kinds else "all"
            tautology = all(o.data.get("tautology") for o in outcomes)
            vacuous = all(o.data.get("vacuous") for o in outcomes)
    data = _merge_data(outcomes)
    if store is not None:
        data["store"] = {"status": "computed", "goals_from_store": from_store, "goals": len(outcomes),
                         "warnings": store.warnings}
    return Evidence(status=status, detail=detail, seconds=time.perf_counter() - t0,
                    counterexample=decisive.counterexample if decisive else None,
                    confirmed=bool(decisive and decisive.confirmed), data=data,
                    scope=scope, tautology=tautology, vacuous=vacuous)


def _goal_store_key(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, analyse: bool) -> str | None:
    """The goal's proof-store key: its content plus everything of the run that can change it."""
    from .smt import z3_version
    context = {"role": ob.role, "method": ob.method, "deciding": not ob.cross_check, "seed": seed,
               "analyse": analyse, "rlimit": ob.rlimit or settings.rlimit, "cvc5_rlimit": settings.cvc5_rlimit,
               "second_solver": settings.second_solver, "seeds": settings.seeds,
               "z3": z3_version(), "cvc5": _second_solver.cvc5_version(), "engine": engine_fingerprint()}
    try:
        return goal_key(goal, context)
    except Exception:  # a goal the key cannot render is simply decided every time
        return None


def _smt(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, remaining: float,
         analyse: bool) -> Outcome:
    from . import smt
    st = smt.SmtSettings(rlimit=ob.rlimit or settings.rlimit, safety_s=remaining, analyse=analyse,
                         second_solver=settings.second_solver, cvc5_rlimit=settings.cvc5_rlimit,
                         deciding=not ob.cross_check, seeds=settings.seeds, seed=seed)
    return smt.decide(goal, ob.role, st)


def _symbolic(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, remaining: float,
              analyse: bool) -> Outcome:
    from . import symbolic
    return symbolic.decide(goal, ob.role, seed)


def _numeric(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, remaining: float,
             analyse: bool) -> Outcome:
    from . import numeric
    if isinstance(goal, FloatPredicate):
        return numeric.decide_float_predicate(goal)
    return numeric.decide_witness(goal)


def _exact(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, remaining: float,
           analyse: bool) -> Outcome:
    from .exact import decide_exact
    return decide_exact(goal)


def _smt_queries(goal: Any, role: str) -> list[Any]:
    from . import smt
    return smt.queries(goal, role)


@dataclass(frozen=True)
class Discharger:
    """How the engine decides one goal kind; for SMT kinds also the queries it checks, which
    ``verify export`` writes as SMT-LIB2 certificates (so the exported files are exactly what
    was decided)."""

    decide: Callable[[Any, Obligation, DischargeSettings, int, float, bool], Outcome]
    smt_queries: Callable[[Any, str], list[Any]] | None = None


DISCHARGERS: dict[type, Discharger] = {
    Identity: Discharger(_symbolic), NonIdentity: Discharger(_symbolic), SameTerm: Discharger(_symbolic),
    Implication: Discharger(_smt, _smt_queries), Induction: Discharger(_smt, _smt_queries),
    Vacuous: Discharger(_smt, _smt_queries), Consistency: Discharger(_smt, _smt_queries),
    Witness: Discharger(_numeric), FloatPredicate: Discharger(_numeric),
    ExactEqual: Discharger(_exact),
}
"""The discharger of every goal kind. Which method may decide a kind is declared once, in
:data:`verify.goals.GOALS_BY_METHOD`; every kind declared there has exactly one entry here."""

if set(DISCHARGERS) != {kind for kinds in GOALS_BY_METHOD.values() for kind in kinds}:  # pragma: no cover
    raise ImportError("verify.discharge.DISCHARGERS and verify.goals.GOALS_BY_METHOD list different goal kinds")


def discharger_of(goal: Any) -> Discharger:
    """The table entry for ``goal``'s kind (a subclass of a goal kind is decided as that kind)."""
    for kind in type(goal).__mro__:
        if kind in DISCHARGERS:
            return DISCHARGERS[kind]
    raise KeyError(f"no discharger for a {type(goal).__name__}")


def _decide(goal: Any, ob: Obligation, settings: DischargeSettings, seed: int, remaining: float,
            analyse: bool) -> Outcome:
    return discharger_of(goal).decide(goal, ob, settings, seed, remaining, analyse)


def _merge_data(outcomes: list[Outcome]) -> EvidenceData:
    """Per-goal data as a list, plus the hypothesis analysis lifted to the top level."""
    data: EvidenceData = {"goals": []}
    for o in outcomes:
        entry: dict[str, Any] = {"label": o.label, "result": o.result, "detail": o.detail}
        entry.update({k: v for k, v in o.data.items() if k not in ANALYSIS_KEYS})
        if "converse" in o.data:  # the engine-built converse decides `tautological`: keep its answers
            conv = o.data["converse"]
            entry["converse"] = {"status": conv["status"],
                                 "second_solver": (conv.get("second_solver") or {}).get("status")}
        data["goals"].append(entry)
        lifted = cast(dict[str, Any], data)  # the first goal's analysis, under the same (declared) keys
        for k in ANALYSIS_KEYS:
            if k in o.data and k not in lifted:
                lifted[k] = o.data[k]
    cross = [o.data["second_solver"] for o in outcomes if "second_solver" in o.data]
    if cross:
        statuses = [c["status"] for c in cross]
        data["second_solver"] = {
            "name": "cvc5", "version": next((c.get("version") for c in cross if c.get("version")), None),
            "status": statuses[0] if len(set(statuses)) == 1 else "mixed",
            "seconds": round(sum(c.get("seconds", 0.0) for c in cross), 4),
            "goals": {st: statuses.count(st) for st in sorted(set(statuses))},
        }
        reasons = sorted({c.get("reason", "") for c in cross if c.get("reason")})
        if reasons:
            data["second_solver"]["reasons"] = reasons
    conv = [o.data["converse"] for o in outcomes if "converse" in o.data]
    if conv:
        sts = {c["status"] for c in conv}
        data["converse"] = {"status": sts.pop() if len(sts) == 1 else "mixed", "premise": conv[0]["premise"],
                            "goals": len(conv)}
    if any(o.data.get("brittle") for o in outcomes):
        data["brittle"] = [o.label for o in outcomes if o.data.get("brittle")]
    if outcomes and "version" in outcomes[0].data:
        first = outcomes[0].data
        data["solver"] = {"name": str(first.get("solver")), "version": first["version"],
                          "rlimit": int(first["rlimit"]), "safety_s": float(first["safety_s"]),
                          "rlimit_used": sum(o.data.get("rlimit_used", 0) for o in outcomes)}
    return data


ANALYSIS_KEYS = ("used_hypotheses", "vacuity", "necessary", "redundant", "necessity_undecided",
                 "inconsistent_axioms", "converse")
