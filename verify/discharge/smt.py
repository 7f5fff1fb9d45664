"""The ``smt`` discharger: z3 decides, the engine's own arithmetic re-checks, cvc5 confirms.

An :class:`~verify.goals.Implication` is proved when ``definitions ∧ hypotheses ∧ ¬conclusion``
is ``unsat`` *and* the engine has checked what makes that meaningful:

* every definition is conservative (a fresh constant, defined once, absent from its own and
  every earlier definition's expression), so no definition can assume the conclusion;
* every divisor in the query is nonzero wherever it is evaluated (under the hypotheses and the
  guards on its path), so no proof rests on z3's arbitrary value of ``x/0``;
* the hypotheses can hold together (vacuity), for every member of a family; a vacuity check
  that does not come back ``sat`` with a re-checked model means the proof is not accepted.

A ``sat`` answer counts as a counterexample only after the model passes the engine's exact /
interval re-evaluation (:mod:`verify.discharge.z3_recheck`). An :class:`~verify.goals.Induction`
is reduced by the engine to a base and a step implication. A converse (``converse_of``) is built
from the implication by the engine. All solver work is bounded by resource limits (z3
``rlimit``, cvc5 ``rlimit-per``), not by the clock: wall-clock limits are a safety net only.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import z3

from ..evidence import ERROR, HOLDS, UNKNOWN, VIOLATED, Outcome
from ..goals import Consistency, Implication, Induction, Vacuous
from . import second_solver as cvc5_solver
from .intervals import Interval
from .z3_nodes import QUANTIFIER, VARIABLE, forget_nodes, node
from .z3_recheck import Evaluator, Undefined, Unsupported, exact_point, model_values, render

DEFAULT_RLIMIT = 20_000_000
"""z3 resource units for one query (a proof or a model search); about 5–20 s of work."""

ANALYSIS_RLIMIT_FACTOR = 10
"""An analysis query (core, vacuity, necessity) may use this many times what the proof used."""

ANALYSIS_RLIMIT_FLOOR = 2_000_000


def z3_version() -> str:
    return z3.get_version_string()


@dataclass(frozen=True)
class Budget:
    """Deterministic limits for one query, plus the wall-clock safety net."""

    rlimit: int
    safety_s: float
    seed: int = 0


PORTFOLIO = (("one-shot", 0.1), ("incremental", 0.45), ("one-shot", 0.45))
"""z3's one-shot mode (tactics incl. nlsat) and its incremental mode (the SMT core, used after a
``push``) each solve nonlinear problems the other gives up on; try both, in this split of the
resource limit."""

MODEL_SEARCH_PORTFOLIO = (("solve-eqs, nlsat", 0.1), ("one-shot", 0.1), ("incremental", 0.4), ("one-shot", 0.4))
"""For the vacuity and divisor queries (the definitions and hypotheses alone, or with a zero
divisor): first, if the query is real arithmetic without quantifiers or uninterpreted functions,
nlsat after eliminating the defined constants (solve-eqs). On a family member with many
definitions that is often an order of magnitude faster than the one-shot mode, which keeps them;
outside that fragment it gives up at once. Proof queries keep :data:`PORTFOLIO`: there the
elimination gains little and a failed attempt costs its share."""

PORTFOLIO_OF_KIND = {"vacuity": MODEL_SEARCH_PORTFOLIO, "divisor": MODEL_SEARCH_PORTFOLIO}

_preferred: dict[str, list[str]] = {}
"""Per kind of query (proof, vacuity, divisor, …), the mode that last decided one, within one
obligation (:func:`forget_preferences` is called as each obligation starts): the goals of a
family are alike, and trying first the mode that worked saves the failed attempt on every size.
Deterministic: it depends only on the obligation's own earlier answers, never on which
obligations ran before it in the same process."""


def forget_preferences() -> None:
    """Start an obligation with the portfolio's fixed order (and an empty term cache)."""
    _preferred.clear()
    forget_nodes()


@dataclass
class Query:
    result: Any
    solver: z3.Solver
    seconds: float
    rlimit_used: int
    mode: str = ""


def _nlsat_after_solve_eqs() -> z3.Solver:
    real_arithmetic = z3.Or(z3.Probe("is-qfnra"), z3.Probe("is-qflra"))
    return z3.Then("simplify", "propagate-values", "solve-eqs",
                   z3.Cond(real_arithmetic, z3.Tactic("qfnra-nlsat"), z3.Tactic("fail"))).solver()


def _solver(rlimit: int, safety_s: float, seed: int, mode: str = "one-shot") -> z3.Solver:
    tactic = mode == "solve-eqs, nlsat"
    s = _nlsat_after_solve_eqs() if tactic else z3.Solver()
    s.set("rlimit", max(1, int(rlimit)))
    s.set("timeout", max(1, int(safety_s * 1000)))
    if seed and tactic:
        s.set("seed", seed)
    elif seed:
        s.set("random_seed", seed)
        s.set("smt.random_seed", seed)
    return s


_last_count = [0]


def _rlimit_count(s: z3.Solver) -> int:
    """Resource units the last check of ``s`` used.

    z3's "rlimit count" statistic is cumulative over the process, so the work of one check is
    the difference from the previous reading; every check in this module reads it right after.
    """
    st = s.statistics()
    total = 0
    for i in range(len(st)):
        k, v = st[i]
        if k == "rlimit count":
            total = int(v)
    used = max(0, total - _last_count[0])
    _last_count[0] = max(total, _last_count[0])
    return used


def check(formulas: list[z3.BoolRef], budget: Budget, kind: str = "proof") -> Query:
    """Decide the conjunction of ``formulas`` under the budget (z3 portfolio)."""
    t0 = time.perf_counter()
    r: Any = z3.unknown
    s: z3.Solver | None = None
    used = 0
    mode = ""
    last = _preferred.setdefault(kind, [])
    order = sorted(PORTFOLIO_OF_KIND.get(kind, PORTFOLIO), key=lambda m: 0 if last and m[0] == last[-1] else 1)
    for mode, share in order:
        remaining = budget.safety_s - (time.perf_counter() - t0)
        if remaining <= 0:
            break
        s = _solver(int(budget.rlimit * share), remaining, budget.seed, mode)
        if mode == "incremental":
            s.push()
        s.add(*formulas)
        _rlimit_count(s)  # a reading now, so that the one after the check counts this check only
        r = s.check()
        used += _rlimit_count(s)
        if r != z3.unknown:
            last.append(mode)
            break
    assert s is not None
    return Query(r, s, time.perf_counter() - t0, used, mode)


# --- what the engine checks before it trusts a query ---------------------------------------

class DefinitionError(ValueError):
    """A definition is not conservative (it could assume or contradict something)."""


def _is_constant(t: z3.ExprRef) -> bool:
    return node(t).is_constant


def _constants(e: z3.ExprRef) -> set[str]:
    """Names of the uninterpreted constants and functions in ``e`` (under quantifiers too)."""
    out: set[str] = set()
    todo = [e]
    seen: set[int] = set()
    while todo:
        n = node(todo.pop())
        if n.expr.get_id() in seen:
            continue
        seen.add(n.expr.get_id())
        if n.kind == z3.Z3_OP_UNINTERPRETED:
            out.add(n.name)
        todo.extend(n.args)
    return out


def validate_definitions(defs: Mapping[str, Any]) -> None:
    """Each definition is ``c == e``: ``c`` a fresh constant, defined once, not in ``e`` nor in
    any earlier definition's expression (so the definitions are acyclic and conservative)."""
    defined: list[str] = []
    used_before: set[str] = set()
    for name, d in defs.items():
        if not (z3.is_expr(d) and z3.is_eq(d)):
            raise DefinitionError(f"definition {name!r} is not an equation 'constant == expression'")
        lhs, rhs = d.arg(0), d.arg(1)
        if not _is_constant(lhs) and _is_constant(rhs) and _numeral(lhs) is not None:
            lhs, rhs = rhs, lhs  # z3 writes `c == 5` as `5 == c`
        if not _is_constant(lhs):
            raise DefinitionError(f"definition {name!r}: the left side {lhs} is not a fresh constant")
        c = lhs.decl().name()
        if c in defined:
            raise DefinitionError(f"definition {name!r}: {c} is defined twice")
        rhs_consts = _constants(rhs)
        if c in rhs_consts:
            raise DefinitionError(f"definition {name!r}: {c} occurs in its own expression")
        if c in used_before:
            raise DefinitionError(f"definition {name!r}: {c} was used by an earlier definition "
                                  "(definitions must be in dependency order, without cycles)")
        defined.append(c)
        used_before |= rhs_consts


class UnderQuantifier(ValueError):
    """A division or root under a quantifier: its side condition cannot be lifted out soundly."""


def _numeral(e: z3.ExprRef) -> Fraction | None:
    if z3.is_int_value(e):
        return Fraction(e.as_long())
    if z3.is_rational_value(e):
        return Fraction(e.numerator_as_long(), e.denominator_as_long())
    return None


_PARTIAL_KINDS = frozenset((z3.Z3_OP_DIV, z3.Z3_OP_IDIV, z3.Z3_OP_MOD, z3.Z3_OP_REM, z3.Z3_OP_POWER))


def _has_partial(e: z3.ExprRef, memo: dict[int, bool]) -> bool:
    """Whether ``e`` contains a division, modulus or power anywhere (under quantifiers too)."""
    key = e.get_id()
    hit = memo.get(key)
    if hit is None:
        n = node(e)
        hit = n.kind in _PARTIAL_KINDS or any(_has_partial(a, memo) for a in n.args)
        memo[key] = hit
    return hit


def _partial_ops(e: z3.ExprRef, guards: tuple[z3.BoolRef, ...] = (),
                 seen: set[tuple[int, tuple[int, ...]]] | None = None,
                 partial: dict[int, bool] | None = None) -> list[tuple[tuple, z3.BoolRef]]:
    """``(guards, bad)`` for every partial operation in ``e``: ``bad`` is where it is undefined
    (a divisor = 0; the base of a root < 0, or ≤ 0 for a negative or unknown exponent), and the
    guards are what holds where it is evaluated (short-circuit reading of and/or/implies/ite).

    ``seen`` (shared by one walk) skips a subterm already walked under the same guards: formulas
    are DAGs whose shared sums would otherwise be walked once per path. A subterm without any
    division or power is not walked at all."""
    out: list[tuple[tuple, z3.BoolRef]] = []
    if partial is None:
        partial = {}
    if not _has_partial(e, partial):
        return out
    if seen is None:
        seen = set()
    key = (e.get_id(), tuple(g.get_id() for g in guards))
    if key in seen:
        return out
    seen.add(key)
    n = node(e)
    k, args = n.kind, n.args
    if k == QUANTIFIER:
        if _partial_ops(args[0], (), set(), partial):
            raise UnderQuantifier("a division or root under a quantifier")
        return out
    if k == VARIABLE:
        return out
    if k == z3.Z3_OP_AND:
        for i, a in enumerate(args):
            out += _partial_ops(a, guards + args[:i], seen, partial)
        return out
    if k == z3.Z3_OP_OR:
        for i, a in enumerate(args):
            out += _partial_ops(a, guards + tuple(z3.Not(b) for b in args[:i]), seen, partial)
        return out
    if k == z3.Z3_OP_IMPLIES:
        out += _partial_ops(args[0], guards, seen, partial)
        out += _partial_ops(args[1], guards + (args[0],), seen, partial)
        return out
    if k == z3.Z3_OP_ITE:
        out += _partial_ops(args[0], guards, seen, partial)
        out += _partial_ops(args[1], guards + (args[0],), seen, partial)
        out += _partial_ops(args[2], guards + (z3.Not(args[0]),), seen, partial)
        return out
    if k in (z3.Z3_OP_DIV, z3.Z3_OP_IDIV, z3.Z3_OP_MOD, z3.Z3_OP_REM):
        d = _numeral(args[1])
        if d is None or d == 0:
            out.append((guards, args[1] == 0))
    if k == z3.Z3_OP_POWER:
        base, ex = args
        p = _numeral(ex)
        if p is None or p.denominator != 1 or p < 0:
            if p is not None and p.denominator == 1:  # a negative integer power: base ≠ 0
                out.append((guards, base == 0))
            elif p is not None and p > 0:  # a positive root: base ≥ 0
                out.append((guards, base < 0))
            else:  # a negative root or an unknown exponent: base > 0
                out.append((guards, base <= 0))
    for a in args:
        out += _partial_ops(a, guards, seen, partial)
    return out


def divisor_obligation(context: list[z3.BoolRef], formulas: list[z3.BoolRef]) -> z3.BoolRef | None:
    """A formula that is ``unsat`` together with ``context`` iff every partial operation (x/d,
    roots) is defined where it is evaluated. Raises :class:`UnderQuantifier` for one that
    cannot be checked this way."""
    cases = []
    seen: set[tuple] = set()
    walked: set[tuple[int, tuple[int, ...]]] = set()
    partial: dict[int, bool] = {}
    for f in formulas:
        for guards, bad in _partial_ops(f, (), walked, partial):
            key = (tuple(g.get_id() for g in guards), bad.get_id())
            if key in seen:
                continue
            seen.add(key)
            cases.append(z3.And(*guards, bad) if guards else bad)
    if not cases:
        return None
    return z3.Or(*cases) if len(cases) > 1 else cases[0]


# --- model re-checks ------------------------------------------------------------------------

def recheck_model(formulas: Mapping[str, z3.BoolRef], conclusion: z3.BoolRef | None,
                  model: z3.ModelRef) -> tuple[str, str, dict[str, Any]]:
    """Re-evaluate a model independently of z3.

    Returns ``(verdict, explanation, rendered model)``: ``confirmed`` (every formula true and,
    if given, the conclusion false, all defined), ``rejected`` or ``inconclusive``. Where the
    enclosures of irrational values cannot decide, the engine tries the exact rational point of
    their midpoints: confirmed only if every formula is decided there, exactly.
    """
    values = model_values(model)
    shown = render(values)
    verdict, why = _evaluate_all(formulas, conclusion, values)
    if verdict != "undecided":
        return verdict, why, shown
    point = exact_point(values)
    exact_values: dict[str, Any] = {k: (Interval.point(v) if not isinstance(v, bool) else v) for k, v in point.items()}
    exact_values.update({k: v for k, v in values.items() if k not in point})
    verdict2, why2 = _evaluate_all(formulas, conclusion, exact_values)
    if verdict2 == "confirmed":
        return "confirmed", f"{why}; confirmed at the exact rational point of the enclosures' midpoints", \
            {**shown, **{k: str(v) for k, v in point.items()}}
    return "inconclusive", f"{why}; the exact midpoint does not decide it ({why2})", shown


def _named(defs: Mapping[str, z3.BoolRef], hyps: Mapping[str, z3.BoolRef]) -> dict[str, z3.BoolRef]:
    """Definitions and hypotheses under distinct names: a hypothesis named like a definition must
    not hide the definition from the re-check."""
    out = {f"definition {k}": v for k, v in defs.items()}
    for k, v in hyps.items():
        name = k
        while name in out:
            name += "'"
        out[name] = v
    return out


def _evaluate_all(formulas: Mapping[str, z3.BoolRef], conclusion: z3.BoolRef | None,
                  values: Mapping[str, Any]) -> tuple[str, str]:
    at_model = Evaluator(values)
    try:
        for name, h in formulas.items():
            v = at_model(h)
            if v is False:
                return "rejected", f"'{name}' is false at the model in exact arithmetic"
            if v is None:
                return "undecided", f"'{name}' undecided by intervals"
        if conclusion is not None:
            v = at_model(conclusion)
            if v is True:
                return "rejected", "the conclusion holds at the model in exact arithmetic"
            if v is None:
                return "undecided", "the conclusion is undecided by intervals"
    except Undefined as exc:
        return "inconclusive", f"{exc} at the model: the statement is undefined there"
    except Unsupported as exc:
        return "inconclusive", f"cannot evaluate ({exc})"
    return "confirmed", "re-checked in exact arithmetic"


# --- deciding goals -------------------------------------------------------------------------

@dataclass
class SmtSettings:
    """What one obligation's SMT goals may use."""

    rlimit: int
    safety_s: float
    analyse: bool
    vacuity: bool = True
    second_solver: bool = False
    cvc5_rlimit: int = cvc5_solver.DEFAULT_RLIMIT
    deciding: bool = True
    seeds: int = 0
    seed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def decide(goal: Any, role: str, st: SmtSettings) -> Outcome:
    if isinstance(goal, Implication):
        return decide_implication(goal, role, st)
    if isinstance(goal, Induction):
        return decide_induction(goal, st)
    if isinstance(goal, Consistency):
        return decide_consistency(goal, st)
    if isinstance(goal, Vacuous):
        return decide_vacuous(goal, role, st)
    raise TypeError(type(goal).__name__)


def _base_data(st: SmtSettings) -> dict[str, Any]:
    return {"solver": "z3", "version": z3_version(), "rlimit": st.rlimit, "safety_s": round(st.safety_s, 1)}


def _budget(st: SmtSettings, rlimit: int | None = None) -> Budget:
    return Budget(rlimit or st.rlimit, st.safety_s, st.seed)


def _analysis_budget(st: SmtSettings, used: int) -> Budget:
    r = min(st.rlimit, max(ANALYSIS_RLIMIT_FLOOR, ANALYSIS_RLIMIT_FACTOR * used))
    return Budget(r, st.safety_s, st.seed)


def implication_query(goal: Implication) -> list[z3.BoolRef]:
    """The formulas whose unsatisfiability proves the implication."""
    return list(goal.definitions.values()) + list(goal.hypotheses.values()) + [z3.Not(goal.conclusion)]


class SmtQuery(NamedTuple):
    """One satisfiability query the engine checks for a goal, as an exported certificate states it."""

    label: str
    formulas: list[z3.BoolRef]
    expected: str
    """The answer that discharges the obligation: ``unsat`` for proofs, ``sat`` for a refutation."""
    names: str
    """What the named formulas are, e.g. ``hypotheses: a_pos, b_pos``."""
    query: str
    """The query in words, e.g. ``hypotheses AND NOT conclusion``."""


def queries(goal: Any, role: str) -> list[SmtQuery]:
    """The SMT queries that decide ``goal`` (an induction's base and step as the engine builds
    them; a vacuity claim as hypotheses ∧ premise), for certificates re-runnable without Python."""
    if isinstance(goal, Induction):
        return [q for part in induction_goals(goal) for q in queries(part, "supports")]
    if isinstance(goal, Implication):
        return [SmtQuery(goal.label, implication_query(goal), "sat" if role == "refutes" else "unsat",
                         "hypotheses: " + ", ".join(goal.hypotheses), "hypotheses AND NOT conclusion")]
    if isinstance(goal, Vacuous):
        formulas = list(goal.definitions.values()) + list(goal.hypotheses.values()) + list(goal.premise.values())
        return [SmtQuery(goal.label, formulas, "unsat",
                         "hypotheses: " + ", ".join(goal.hypotheses) + "; premise: " + ", ".join(goal.premise),
                         "hypotheses AND premise")]
    if isinstance(goal, Consistency):
        return [SmtQuery(goal.label, list(goal.axioms.values()), "unsat", "axioms: " + ", ".join(goal.axioms),
                         "all axioms")]
    raise TypeError(f"{type(goal).__name__} is not an SMT goal")


def _second(formulas: list[z3.BoolRef], st: SmtSettings, data: dict[str, Any], z3_answer: str) -> Outcome | None:
    """Ask cvc5 on a deciding query; a sat/unsat disagreement is an error."""
    if not (st.second_solver and st.deciding):
        data["second_solver"] = {"name": "cvc5", "status": "not asked",
                                 "reason": "cross-check goal" if st.deciding is False else "second solver off"}
        return None
    data["second_solver"] = cvc5_solver.decide(formulas, st.cvc5_rlimit, st.safety_s)
    theirs = data["second_solver"]["status"]
    if {z3_answer, theirs} == {"sat", "unsat"}:
        return Outcome(ERROR, f"z3 says {z3_answer} but cvc5 says {theirs}", data=data)
    return None


def _seed_spread(formulas: list[z3.BoolRef], st: SmtSettings, first: Query, data: dict[str, Any]) -> None:
    if st.seeds <= 0:
        return
    runs: list[dict[str, Any]] = [{"seed": st.seed, "result": str(first.result), "rlimit": first.rlimit_used}]
    for i in range(1, st.seeds + 1):
        q = check(formulas, Budget(st.rlimit, st.safety_s, st.seed + 7919 * i), kind="seeds")
        runs.append({"seed": st.seed + 7919 * i, "result": str(q.result), "rlimit": q.rlimit_used})
    used = [r["rlimit"] for r in runs]
    data["seeds"] = {"runs": runs, "rlimit_min": min(used), "rlimit_max": max(used),
                     "brittle": len({r["result"] for r in runs}) > 1}


def decide_implication(goal: Implication, role: str, st: SmtSettings,
                       definitions_checked: bool = False) -> Outcome:
    hyps = dict(goal.hypotheses)
    defs = dict(goal.definitions)
    data = _base_data(st)
    if not definitions_checked:
        try:
            validate_definitions(defs)
        except DefinitionError as exc:
            return Outcome(ERROR, f"not a conservative definition: {exc}", goal.label, data=data)
    bad = [n for n in goal.converse_of if n not in hyps]
    if bad:
        return Outcome(ERROR, f"converse_of names {bad}, which are not hypotheses of the goal", goal.label, data=data)
    formulas = implication_query(goal)
    q = check(formulas, _budget(st))
    data.update(z3_result=str(q.result), z3_seconds=round(q.seconds, 4), rlimit_used=q.rlimit_used)
    _seed_spread(formulas, st, q, data)
    if data.get("seeds", {}).get("brittle"):
        data["brittle"] = True
    if q.result == z3.unsat:
        return _after_unsat(goal, hyps, defs, st, q, data)
    if q.result == z3.sat:
        disagree = _second(formulas, st, data, "sat")
        if disagree:
            disagree = Outcome(disagree.result, disagree.detail, goal.label, data=data)
            return disagree
        verdict, why, shown = recheck_model(_named(defs, hyps), goal.conclusion, q.solver.model())
        if verdict == "confirmed":
            return Outcome(VIOLATED, f"counterexample ({why})", goal.label, confirmed=True,
                           counterexample=shown, data=data)
        if verdict == "rejected":
            return Outcome(ERROR, f"z3 model rejected by the independent re-check: {why}", goal.label,
                           counterexample=shown, data=data)
        return Outcome(UNKNOWN, f"z3 model could not be re-checked: {why}", goal.label,
                       counterexample=shown, data=data)
    data["reason_unknown"] = q.solver.reason_unknown()
    return Outcome(UNKNOWN, f"z3 unknown ({data['reason_unknown']}) within rlimit {st.rlimit:,}", goal.label,
                   data=data)


def decide_vacuous(goal: Vacuous, role: str, st: SmtSettings) -> Outcome:
    """hypotheses ⇒ ¬AND(premise), decided as an implication (whose vacuity check makes sure the
    hypotheses alone are satisfiable); a premise that can hold is a failed vacuity claim."""
    if not goal.premise:
        return Outcome(ERROR, "Vacuous needs at least one premise formula", goal.label)
    clash = sorted(set(goal.premise) & set(goal.hypotheses))
    if clash:
        return Outcome(ERROR, f"names used both as premise and as hypothesis: {clash}", goal.label)
    premise = list(goal.premise.values())
    imp = Implication(dict(goal.hypotheses), z3.Not(z3.And(*premise)) if len(premise) > 1 else z3.Not(premise[0]),
                      label=goal.label, analyse=False, definitions=dict(goal.definitions))
    out = decide_implication(imp, role, st)
    data = dict(out.data)
    data["premise"] = list(goal.premise)
    if out.result == HOLDS:
        data["vacuous"] = True
        return Outcome(HOLDS, f"the premise never holds: {out.detail}", goal.label, data=data)
    if out.result == VIOLATED:
        # A model of hypotheses ∧ premise: the premise can hold. That refutes the vacuity, not the claim.
        return Outcome(VIOLATED, f"the premise can hold ({out.detail})", goal.label, confirmed=False,
                       counterexample=out.counterexample, data=data)
    return Outcome(out.result, out.detail, goal.label, out.confirmed, out.counterexample, data)


def _after_unsat(goal: Implication, hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef],
                 st: SmtSettings, q: Query, data: dict[str, Any]) -> Outcome:
    formulas = implication_query(goal)
    disagree = _second(formulas, st, data, "unsat")
    if disagree:
        return Outcome(disagree.result, disagree.detail, goal.label, data=data)
    ab = _analysis_budget(st, q.rlimit_used)
    context = list(defs.values()) + list(hyps.values())
    try:
        div = divisor_obligation(context, list(defs.values()) + list(hyps.values()) + [goal.conclusion])
    except UnderQuantifier as exc:
        return Outcome(UNKNOWN, f"unsat, but {exc}: its definedness cannot be checked", goal.label, data=data)
    if div is not None:
        dq = check(context + [div], ab, kind="divisor")
        data["divisors_nonzero"] = str(dq.result) == "unsat"
        if dq.result != z3.unsat:
            return Outcome(UNKNOWN, "unsat, but a divisor is not shown nonzero under the hypotheses "
                           f"(z3: {dq.result}): the proof could rest on z3's arbitrary value of x/0", goal.label,
                           data=data)
    vac = "no hypotheses"
    if hyps or defs:
        vac = _vacuity(hyps, defs, ab, data)
    data["hypotheses_satisfiable"] = vac
    if vac == "vacuous":
        return Outcome(ERROR, "vacuous proof: the hypotheses (with the definitions) are unsatisfiable, "
                       "so the conclusion follows from nothing", goal.label, data=data)
    if vac not in ("satisfiable", "no hypotheses"):
        return Outcome(UNKNOWN, f"unsat, but the hypotheses are not shown satisfiable ({vac}): "
                       "a proof from possibly contradictory hypotheses is not accepted", goal.label, data=data)
    if st.analyse and hyps:
        data["used_hypotheses"] = _core(goal, hyps, defs, ab)
        data.update(_necessity(goal, hyps, defs, ab))
    taut = False
    if goal.converse_of:
        data["converse"] = _converse(goal, hyps, defs, st, ab)
        taut = data["converse"]["status"] == "proved"
    data["tautology"] = taut
    return Outcome(HOLDS, f"unsat (rlimit {q.rlimit_used:,})", goal.label, data=data)


def _vacuity(hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef], budget: Budget,
             data: dict[str, Any]) -> str:
    """'satisfiable' (model re-checked), 'vacuous' (unsat) or why it is undecided."""
    q = check(list(defs.values()) + list(hyps.values()), budget, kind="vacuity")
    if q.result == z3.unsat:
        data["vacuity"] = {"status": "vacuous", "model": None,
                           "detail": "the hypotheses contradict each other: the proof says nothing"}
        return "vacuous"
    if q.result == z3.sat:
        verdict, why, shown = recheck_model(_named(defs, hyps), None, q.solver.model())
        data["vacuity"] = {"status": "satisfiable" if verdict == "confirmed" else "unchecked",
                           "model": shown, "detail": why}
        return "satisfiable" if verdict == "confirmed" else f"model not re-checked: {why}"
    data["vacuity"] = {"status": "unknown", "model": None, "detail": q.solver.reason_unknown()}
    return f"z3 unknown: {q.solver.reason_unknown()}"


def _core(goal: Implication, hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef],
          budget: Budget) -> list[str] | str:
    """Names of the hypotheses in an unsat core (``assert_and_track``), or ``"unknown"``."""
    return _tracked_core(hyps, "hyp", budget, [*defs.values(), z3.Not(goal.conclusion)])


def _tracked_core(named: Mapping[str, z3.BoolRef], tag: str, budget: Budget,
                  untracked: list[z3.BoolRef]) -> list[str] | str:
    """The names of ``named`` formulas in an unsat core of them with ``untracked``, or ``"unknown"``."""
    s = _solver(budget.rlimit, budget.safety_s, budget.seed)
    s.add(*untracked)
    tracks = {}
    for name, f in named.items():
        p = z3.Bool(f"{tag}__{name}")
        tracks[str(p)] = name
        s.assert_and_track(f, p)
    r = s.check()
    _rlimit_count(s)
    if r != z3.unsat:
        return "unknown"
    return sorted(tracks[str(c)] for c in s.unsat_core())


def _necessity(goal: Implication, hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef],
               budget: Budget) -> dict[str, Any]:
    """Which hypotheses are necessary (a re-checked countermodel without them) or redundant."""
    necessary: dict[str, Any] = {}
    redundant: list[str] = []
    undecided: list[str] = []
    for name in hyps:
        rest = {k: v for k, v in hyps.items() if k != name}
        context = list(defs.values()) + list(rest.values())
        q = check(context + [z3.Not(goal.conclusion)], budget, kind="necessity")
        if q.result == z3.unsat:
            # Redundant only if the conclusion stays defined without it: the unsat answer may
            # otherwise rest on z3's value of x/0.
            try:
                div = divisor_obligation(context, context + [goal.conclusion])
            except UnderQuantifier:
                undecided.append(name)
                continue
            dq = check(context + [div], budget, kind="divisor") if div is not None else None
            if dq is None or dq.result == z3.unsat:
                redundant.append(name)
            elif dq.result == z3.sat:
                necessary[name] = {"countermodel": None,
                                   "detail": "without it a divisor of the statement can be 0 (undefined)"}
            else:
                undecided.append(name)
        elif q.result == z3.sat:
            verdict, why, shown = recheck_model(_named(defs, rest), goal.conclusion, q.solver.model())
            if verdict == "confirmed":
                necessary[name] = {"countermodel": shown, "detail": why}
            else:
                undecided.append(name)
        else:
            undecided.append(name)
    out: dict[str, Any] = {"necessary": necessary, "redundant": redundant}
    if undecided:
        out["necessity_undecided"] = undecided
    return out


def converse_goal(goal: Implication) -> Implication:
    """The converse the engine builds: the other hypotheses ∧ conclusion ⇒ the premise."""
    premise = [goal.hypotheses[n] for n in goal.converse_of]
    rest = {k: v for k, v in goal.hypotheses.items() if k not in goal.converse_of}
    rest["conclusion"] = goal.conclusion
    return Implication(rest, z3.And(*premise) if len(premise) > 1 else premise[0],
                       label=f"converse of {goal.label}".strip(), analyse=False, definitions=goal.definitions)


def _converse(goal: Implication, hyps: dict[str, z3.BoolRef], defs: dict[str, z3.BoolRef],
              st: SmtSettings, budget: Budget) -> dict[str, Any]:
    conv = converse_goal(goal)
    sub = SmtSettings(rlimit=st.rlimit, safety_s=st.safety_s, analyse=False, second_solver=st.second_solver,
                      cvc5_rlimit=st.cvc5_rlimit, deciding=st.deciding, seed=st.seed)
    out = decide_implication(conv, "supports", sub, definitions_checked=True)
    status = ("proved" if out.result == HOLDS else "refuted" if out.result == VIOLATED and out.confirmed
              else "undecided")
    res: dict[str, Any] = {"status": status, "premise": list(goal.converse_of), "detail": out.detail}
    if out.counterexample:
        res["countermodel"] = out.counterexample
    if "second_solver" in out.data:
        res["second_solver"] = out.data["second_solver"]
    return res


# --- induction ------------------------------------------------------------------------------

def _recursive_functions(goal: Induction) -> tuple[set[str], list[z3.BoolRef], list[z3.BoolRef]]:
    """Validate the recursive definitions; return the defined function names."""
    k = goal.index
    if not (_is_constant(k) and k.sort() == z3.IntSort()):
        raise DefinitionError("the induction index must be a z3 Int constant")
    start = z3.IntVal(goal.start)
    base_fns: dict[str, z3.BoolRef] = {}
    step_fns: dict[str, z3.BoolRef] = {}
    for kind, eqs, target in (("base", goal.base, start), ("step", goal.step, k + 1)):
        for name, d in eqs.items():
            if not (z3.is_expr(d) and z3.is_eq(d)):
                raise DefinitionError(f"{kind} equation {name!r} is not 'f(…) == expression'")
            lhs, rhs = d.arg(0), d.arg(1)
            if _numeral(lhs) is not None and z3.is_app(rhs) and rhs.decl().kind() == z3.Z3_OP_UNINTERPRETED:
                lhs, rhs = rhs, lhs  # z3 writes `f(0) == 2` as `2 == f(0)`
            if not (z3.is_app(lhs) and lhs.decl().kind() == z3.Z3_OP_UNINTERPRETED and lhs.num_args() == 1):
                raise DefinitionError(f"{kind} equation {name!r}: the left side must apply a function to one index")
            if not z3.simplify(lhs.arg(0) - target).eq(z3.IntVal(0)):
                raise DefinitionError(f"{kind} equation {name!r}: the left side must be f({target})")
            f = lhs.decl().name()
            table = base_fns if kind == "base" else step_fns
            if f in table:
                raise DefinitionError(f"{kind} equation {name!r}: {f} is defined twice")
            table[f] = rhs
    if set(base_fns) != set(step_fns):
        raise DefinitionError(f"every recursive function needs one base and one step equation "
                              f"(base: {sorted(base_fns)}, step: {sorted(step_fns)})")
    fns = set(base_fns)
    for f, rhs in base_fns.items():
        if fns & _constants(rhs):
            raise DefinitionError(f"base equation of {f} uses a recursive function")
    for f, rhs in step_fns.items():
        for app in _applications(rhs, fns):
            if not z3.simplify(app.arg(0) - k).eq(z3.IntVal(0)):
                raise DefinitionError(f"step equation of {f} applies {app.decl().name()} at {app.arg(0)}, "
                                      f"not at the index {k}")
    for name, h in goal.hypotheses.items():
        if fns & _constants(h):
            raise DefinitionError(f"hypothesis {name!r} mentions a recursive function: hypotheses may only "
                                  "constrain the data (otherwise a hypothesis could state the conclusion)")
        if not _index_only_as_argument(h, k):
            # Then the hypothesis at k is the same statement about fresh data for every k, so one
            # satisfiable instance means all of them hold together; k <= 3 or e(k) == 3 - k would
            # hold for small k only and make the induction vacuous beyond.
            raise DefinitionError(f"hypothesis {name!r} uses the index {k} other than as the argument of a "
                                  "data function (e.g. e(k) >= 0): it could fail for large k")
    if k.decl().name() not in _constants(goal.predicate):
        raise DefinitionError("the predicate does not mention the induction index")
    return fns, list(base_fns.values()), list(step_fns.values())


def _index_only_as_argument(e: z3.ExprRef, k: z3.ExprRef) -> bool:
    """``k`` occurs in ``e`` only as the whole argument of function applications ``f(k)``."""
    if z3.is_quantifier(e):
        return _index_only_as_argument(e.body(), k)
    if not z3.is_app(e):
        return True
    if e.eq(k):
        return False
    if e.decl().kind() == z3.Z3_OP_UNINTERPRETED and e.num_args() > 0:
        return all(a.eq(k) or (k.decl().name() not in _constants(a)) for a in e.children())
    return all(_index_only_as_argument(a, k) for a in e.children())


def _applications(e: z3.ExprRef, fns: set[str]) -> list[z3.ExprRef]:
    out, todo = [], [e]
    while todo:
        x = todo.pop()
        if z3.is_app(x):
            if x.decl().kind() == z3.Z3_OP_UNINTERPRETED and x.decl().name() in fns and x.num_args() > 0:
                out.append(x)
            todo.extend(x.children())
    return out


def induction_goals(goal: Induction) -> tuple[Implication, Implication]:
    """The base and the step, built by the engine from the predicate and the recursion."""
    _recursive_functions(goal)
    k = goal.index
    start = z3.IntVal(goal.start)
    at = lambda e, v: z3.substitute(e, (k, v))  # noqa: E731
    base_h = {f"{n}@{goal.start}": at(h, start) for n, h in goal.hypotheses.items()}
    base_h.update({f"base:{n}": d for n, d in goal.base.items()})
    base = Implication(base_h, at(goal.predicate, start), label=f"base: P({goal.start})", analyse=False)
    step_h: dict[str, Any] = {"index_from_start": k >= start, "induction_hypothesis": goal.predicate}
    step_h.update({f"{n}@k": h for n, h in goal.hypotheses.items()})
    step_h.update({f"{n}@k+1": at(h, k + 1) for n, h in goal.hypotheses.items()})
    step_h.update({f"step:{n}": d for n, d in goal.step.items()})
    step = Implication(step_h, at(goal.predicate, k + 1), label="step: P(k) ⇒ P(k+1)", analyse=False)
    return base, step


def decide_induction(goal: Induction, st: SmtSettings) -> Outcome:
    try:
        base, step = induction_goals(goal)
    except DefinitionError as exc:
        return Outcome(ERROR, f"malformed induction: {exc}", goal.label)
    outs = [decide_implication(g, "supports", st, definitions_checked=True) for g in (base, step)]
    data = {"base": _brief(outs[0]), "step": _brief(outs[1])}
    for o in outs:
        if o.result != HOLDS:
            detail = f"{o.label}: {o.detail}"
            res = ERROR if o.result == ERROR else UNKNOWN if o.result == UNKNOWN else VIOLATED
            # A failed base or step does not refute P: the induction may just be too weak.
            return Outcome(res if res != VIOLATED else UNKNOWN, f"induction not established: {detail}",
                           goal.label, data={**o.data, **data})
    merged = {**outs[1].data, **data}
    ss: list[dict[str, Any]] = [o.data["second_solver"] for o in outs if o.data.get("second_solver")]
    if ss:
        merged["second_solver"] = ss[0] if all(s == ss[0] for s in ss) else {
            "name": "cvc5", "status": _combine_status([s["status"] for s in ss]),
            "seconds": sum(s.get("seconds", 0) for s in ss)}
    return Outcome(HOLDS, "base and step proved (unsat)", goal.label, data=merged)


def _combine_status(sts: list[str]) -> str:
    return sts[0] if len(set(sts)) == 1 else "mixed: " + ", ".join(sts)


def _brief(o: Outcome) -> dict[str, Any]:
    return {"result": o.result, "detail": o.detail, "second_solver": o.data.get("second_solver", {}).get("status")}


# --- axiom audits ---------------------------------------------------------------------------

def decide_consistency(goal: Consistency, st: SmtSettings) -> Outcome:
    """Refute an axiom set: unsat by z3 and by cvc5 (two independent solvers)."""
    axioms = dict(goal.axioms)
    data = _base_data(st)
    formulas = list(axioms.values())
    q = check(formulas, _budget(st))
    data.update(z3_result=str(q.result), z3_seconds=round(q.seconds, 4), rlimit_used=q.rlimit_used)
    if q.result == z3.sat:
        verdict, why, shown = recheck_model(axioms, None, q.solver.model())
        data["vacuity"] = {"status": "satisfiable", "model": shown, "detail": why}
        if verdict == "confirmed":
            return Outcome(HOLDS, f"consistent: a model ({why})", goal.label, data=data)
        return Outcome(UNKNOWN, f"z3 says sat but the model could not be re-checked: {why}", goal.label, data=data)
    if q.result != z3.unsat:
        return Outcome(UNKNOWN, f"z3 unknown ({q.solver.reason_unknown()})", goal.label, data=data)
    core = _axiom_core(axioms, _analysis_budget(st, q.rlimit_used))
    data["used_hypotheses"] = core
    data["inconsistent_axioms"] = core
    sub = SmtSettings(rlimit=st.rlimit, safety_s=st.safety_s, analyse=False, second_solver=True,
                      cvc5_rlimit=st.cvc5_rlimit, deciding=True, seed=st.seed)
    disagree = _second(formulas, sub, data, "unsat")
    if disagree:
        return Outcome(disagree.result, disagree.detail, goal.label, data=data)
    theirs = data["second_solver"]["status"]
    if theirs != "unsat":
        return Outcome(UNKNOWN, f"z3 says unsat (core {core}) but cvc5 does not confirm it ({theirs}): "
                       "an inconsistency needs both solvers", goal.label, data=data)
    return Outcome(VIOLATED, f"inconsistent: unsat by z3 and cvc5, core {core}", goal.label, confirmed=True,
                   counterexample={"inconsistent_axioms": core}, data=data)


def _axiom_core(axioms: Mapping[str, z3.BoolRef], budget: Budget) -> list[str] | str:
    return _tracked_core(axioms, "ax", budget, [])
