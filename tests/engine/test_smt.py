"""The SMT discharger must say no: false implications, unsafe definitions and divisors, vacuous
hypotheses, unproved converses, malformed inductions, unconfirmed inconsistencies."""
from __future__ import annotations

from fractions import Fraction

import pytest
import z3
from engine_helpers import claim, decide, decide_claim, goal_data, ob

from verify import Consistency, Family, Hypothesis, Implication, Induction, Vacuous
from verify.discharge import second_solver, smt
from verify.discharge.smt import (DefinitionError, SmtSettings, converse_goal, divisor_obligation, induction_goals,
                                  validate_definitions)

a, b, c, d = z3.Reals("a b c d")
u, v = z3.Reals("u v")
i, j = z3.Ints("i j")


def st(**kw) -> SmtSettings:
    base = dict(rlimit=20_000_000, safety_s=60.0, analyse=False, second_solver=True)
    base.update(kw)
    return SmtSettings(**base)


# --- proofs and counterexamples -----------------------------------------------------------

def test_proof_with_hypothesis_analysis_and_second_solver():
    verdict, ev = decide("smt", "supports", lambda: Implication(
        {"a_pos": a > 0, "b_pos": b > 0, "b_big": b > 10}, a * b > 0, label="ab > 0"))
    assert (verdict, ev.status, ev.scope, ev.tautology) == ("proved", "discharged", "all", False)
    g = goal_data(ev)
    assert g["z3_result"] == "unsat" and g["second_solver"]["status"] == "unsat"
    assert ev.data["vacuity"]["status"] == "satisfiable"
    assert ev.data["used_hypotheses"] == sorted(ev.data["used_hypotheses"]) and "a_pos" in ev.data["used_hypotheses"]
    assert set(ev.data["redundant"]) == {"b_pos", "b_big"}
    assert set(ev.data["necessary"]) == {"a_pos"}
    assert Fraction(ev.data["necessary"]["a_pos"]["countermodel"]["a"]) <= 0
    assert ev.data["second_solver"]["status"] == "unsat" and ev.data["second_solver"]["goals"] == {"unsat": 1}
    assert ev.data["solver"]["name"] == "z3" and ev.data["solver"]["rlimit"] == 20_000_000
    assert g["hypotheses_satisfiable"] == "satisfiable" and "unsat (rlimit" in ev.detail


def test_analysis_can_be_switched_off_and_runs_on_the_first_family_member_only():
    _, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a + 1 > 0),
                   settings={"analyse_hypotheses": False})
    assert ev.status == "discharged" and "used_hypotheses" not in ev.data and "vacuity" in ev.data
    _, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a + 1 > 0, analyse=False))
    assert "used_hypotheses" not in ev.data
    calls = []

    def fam(n):
        calls.append(n)
        return Implication({f"h{n}": a > n}, a > 0)
    _, _, ev = decide_claim(claim("t.probe.fam", ob("ob", "smt", "supports", fam, family=Family("n", [1, 2, 3])),
                               hypotheses=tuple(Hypothesis(f"h{n}", f"a > {n}") for n in (1, 2, 3))))
    ev = ev["ob"]
    assert calls == [1, 2, 3] and ev.data["used_hypotheses"] == ["h1"]
    assert [g.get("used_hypotheses") for g in ev.data["goals"]] == [None, None, None]


def test_false_implication_gives_a_rechecked_counterexample():
    verdict, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a * b > 0))
    assert (verdict, ev.status, ev.confirmed) == ("refuted", "failed", True)
    A, B = Fraction(ev.counterexample["a"]), Fraction(ev.counterexample["b"])
    assert A > 0 and not A * B > 0
    assert goal_data(ev)["second_solver"]["status"] == "sat"


def test_refuting_implication():
    verdict, ev = decide("smt", "refutes", lambda: Implication({"a_pos": a > 0}, a > 1, label="a > 0 ⇒ a > 1"))
    assert (verdict, ev.status, ev.scope) == ("refuted", "discharged", "instances")
    assert Fraction(ev.counterexample["a"]) <= 1 and "counterexample confirmed" in ev.detail
    verdict, ev = decide("smt", "refutes", lambda: Implication({"a_pos": a > 0}, a * a > 0))
    assert (verdict, ev.status) == ("unknown", "failed") and "no counterexample" in ev.detail


def test_solver_budget_exhausted_is_unknown_not_a_pass():
    def hard():
        x, y, z = z3.Ints("x y z")
        return Implication({}, x**3 + y**3 + z**3 != 33)
    verdict, ev = decide("smt", "supports", hard, rlimit=1)
    assert (verdict, ev.status) == ("unknown", "unknown") and "z3 unknown" in ev.detail and "rlimit 1" in ev.detail
    verdict, ev = decide("smt", "refutes", hard, rlimit=1)
    assert (verdict, ev.status) == ("unknown", "unknown")


def test_rlimit_used_counts_one_query_not_the_process():
    goal = Implication({"a_pos": a > 0, "b_pos": b > 0}, a * b > 0)
    runs = [smt.decide(goal, "supports", st()).data["rlimit_used"] for _ in range(4)]
    assert len(set(runs)) == 1 and 0 < runs[0] < 100_000


def test_seeds_report_the_spread():
    _, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a + 1 > 0), settings={"seeds": 2})
    seeds = goal_data(ev)["seeds"]
    assert len(seeds["runs"]) == 3 and len({r["seed"] for r in seeds["runs"]}) == 3
    assert seeds["rlimit_min"] <= seeds["rlimit_max"] and seeds["brittle"] is False
    assert all(r["result"] == "unsat" for r in seeds["runs"]) and "brittle" not in ev.data
    _, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a + 1 > 0))
    assert "seeds" not in goal_data(ev)


def test_brittle_goals_are_flagged(monkeypatch):
    real = smt.check

    def seeded(formulas, budget, **kw):
        q = real(formulas, budget, **kw)
        if budget.seed == 11 + 7919:  # the first extra seed answers differently
            q.result = z3.unknown
        return q
    monkeypatch.setattr(smt, "check", seeded)
    out = smt.decide(Implication({"a_pos": a > 0}, a + 1 > 0), "supports", st(seeds=2, seed=11))
    assert out.data["seeds"]["brittle"] is True and out.data["brittle"] is True
    assert [r["seed"] for r in out.data["seeds"]["runs"]] == [11, 11 + 7919, 11 + 2 * 7919]
    assert [r["result"] for r in out.data["seeds"]["runs"]] == ["unsat", "unknown", "unsat"]


# --- second solver -------------------------------------------------------------------------

def test_second_solver_is_asked_on_deciding_goals_only():
    out = smt.decide(Implication({"a_pos": a > 0}, a + 1 > 0), "supports", st(second_solver=False))
    assert out.data["second_solver"] == {"name": "cvc5", "status": "not asked", "reason": "second solver off"}
    out = smt.decide(Implication({"a_pos": a > 0}, a + 1 > 0), "supports", st(deciding=False))
    assert out.data["second_solver"]["reason"] == "cross-check goal"
    _, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a + 1 > 0), cross_check=True)
    assert goal_data(ev)["second_solver"]["status"] == "not asked"


@pytest.mark.parametrize("role, goal, theirs", [
    ("supports", Implication({"a_pos": a > 0}, a + 1 > 0), "sat"),
    ("refutes", Implication({"a_pos": a > 0}, a > 1), "unsat"),
])
def test_solver_disagreement_is_an_error(monkeypatch, role, goal, theirs):
    monkeypatch.setattr(second_solver, "decide", lambda f, r, s: {"name": "cvc5", "status": theirs})
    out = smt.decide(goal, role, st())
    assert out.result == "error" and f"cvc5 says {theirs}" in out.detail and out.label == goal.label


def test_cvc5_text_is_strict_smtlib():
    assert second_solver._strict_smtlib("(assert (+ a))") == "(assert a)"
    assert second_solver._strict_smtlib("(assert (and (> a 0)))") == "(assert (> a 0))"
    assert second_solver._strict_smtlib("(assert (+ a b))") == "(assert (+ a b))"
    assert second_solver._strict_smtlib("(assert (- a))") == "(assert (- a))"
    assert second_solver._strict_smtlib('; (+ x)\n(echo "(+ y)")|(+ z)|') == '; (+ x)\n(echo "(+ y)")|(+ z)|'
    assert second_solver._top_level("+ (f a) b") == ["+", "(f a)", "b"]
    text = second_solver.smt2_text([a > 0], header="line one\nline two")
    assert text.startswith("; line one\n; line two\n(set-logic ") and "(check-sat)" in text
    out = second_solver.run_cvc5("(set-logic ALL)\n(declare-fun x () Real)\n(assert (+ x))\n(check-sat)\n")
    assert out["status"] == "error" and out["detail"]
    out = second_solver.run_cvc5(second_solver.smt2_text([a > 0, a < 0]))
    assert out["status"] == "unsat" and out["rlimit"] == second_solver.DEFAULT_RLIMIT
    out = second_solver.decide([a * b > 1, a * a * a * b < -5, b * b * b * a > 3], rlimit=1)
    assert out["status"] == "unknown" and out["reason"]


# --- conservative definitions -------------------------------------------------------------

def test_definitions_that_are_conservative_are_used():
    s2, t2 = z3.Reals("s2 t2")
    verdict, ev = decide("smt", "supports", lambda: Implication(
        {"a_pos": a > 0}, t2 > 0, definitions={"s2": s2 == a + 1, "t2": t2 == s2 * s2}))
    assert verdict == "proved"


@pytest.mark.parametrize("defs, why", [
    ({"c": c == c + 1}, "occurs in its own expression"),
    ({"c": c == d + 1, "d": d == c}, "used by an earlier definition"),
    ({"c1": c == a, "c2": c == b}, "defined twice"),
    ({"c": c > 0}, "is not an equation"),
    ({"c": a + 1 == c}, "is not a fresh constant"),
    ({"c": z3.RealVal(1) == z3.RealVal(1)}, "is not a fresh constant"),
    ({"c": c == z3.Function("f", z3.RealSort(), z3.RealSort())(c)}, "occurs in its own expression"),
    ({"x": True}, "is not an equation"),
])
def test_non_conservative_definitions_are_rejected(defs, why):
    with pytest.raises(DefinitionError, match=why):
        validate_definitions(defs)
    verdict, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, a > -1, definitions=defs))
    assert (verdict, ev.status) == ("error", "error") and "not a conservative definition" in ev.detail


def test_definition_and_hypothesis_with_one_name_are_both_rechecked(monkeypatch):
    """The independent re-check must see every formula, even when a hypothesis reuses a name."""
    goal = Implication({"c": a > 0}, a > 5, definitions={"c": c == a + 1})
    other = z3.Solver()
    other.add(a == 1, c == 7)  # satisfies the hypothesis and not the conclusion, but not the definition
    assert other.check() == z3.sat

    class Fake:
        def model(self):
            return other.model()
    real = smt.check

    def fake_check(formulas, budget, **kw):
        q = real(formulas, budget, **kw)
        if q.result == z3.sat:
            q.solver = Fake()
        return q
    monkeypatch.setattr(smt, "check", fake_check)
    out = smt.decide(goal, "refutes", st())
    assert out.result == "error" and "'definition c' is false" in out.detail


# --- divisors -------------------------------------------------------------------------------

@pytest.mark.parametrize("hyps, concl", [
    ({"d_nonneg": d >= 0}, z3.Or(a / d * d == a, d == 0)),
    ({"a_pos": a > 0}, z3.Implies(a / d > 1, a / d > 0)),
    ({}, z3.If(a / d > 0, True, True)),
    ({}, i / j - i / j == 0),
    ({}, i % j - i % j == 0),
    ({}, c ** -1 - c ** -1 == 0),
    ({}, c ** b - c ** b == 0),
    ({}, a / 0 == a / 0),
    ({}, z3.And(a / d - a / d == 0, d != 0) == (d != 0)),
    ({"a_pos": a > 0}, z3.Implies(a > 1, a / d - a / d == 0)),
    ({}, z3.If(a > 0, a / d, 0) - z3.If(a > 0, a / d, 0) == 0),
])
def test_divisors_not_shown_nonzero_make_the_proof_unknown(hyps, concl):
    verdict, ev = decide("smt", "supports", lambda: Implication(hyps, concl))
    assert ev.status == "unknown" and "divisor is not shown nonzero" in ev.detail, ev.detail
    assert goal_data(ev)["divisors_nonzero"] is False


@pytest.mark.parametrize("hyps, concl", [
    ({"d_nonneg": d >= 0}, z3.Or(d == 0, a / d * d == a)),
    ({"S_pos": c > 0}, z3.Implies(a >= 0, z3.And(c > 0, a / c >= 0))),
    ({}, z3.Implies(d != 0, a / d * d == a)),
    ({}, z3.If(d != 0, a / d * d, a) == a),
    ({}, z3.If(d == 0, a, a / d * d) == a),
    ({"d_pos": d > 0}, a / d * d == a),
    ({"a_pos": a > 0}, a ** 2 > 0),
    ({"a_pos": a > 0}, (a / 2) * 2 == a),
    ({"j_pos": j > 0}, i / j * j + i % j == i),
    ({"a_pos": a > 0}, a ** -1 > 0),
    ({"a_pos": a > 0}, a ** b > -1),
    ({}, z3.And(d > 0, a / d * d == a) == z3.And(d > 0, a == a)),
])
def test_guarded_divisors_are_accepted(hyps, concl):
    verdict, ev = decide("smt", "supports", lambda: Implication(hyps, concl))
    assert verdict == "proved", ev.detail
    assert goal_data(ev).get("divisors_nonzero", True) is True


def test_divisors_in_definitions_and_hypotheses_are_checked():
    q = z3.Real("q")
    _, ev = decide("smt", "supports", lambda: Implication({"a_pos": a > 0}, q * d == a, definitions={"q": q == a / d}))
    assert ev.status == "unknown"
    _, ev = decide("smt", "supports", lambda: Implication({"d_pos": d > 0}, q * d == a, definitions={"q": q == a / d}))
    assert ev.status == "discharged"
    _, ev = decide("smt", "supports", lambda: Implication({"ratio": a / d > 1}, a / d > 0))
    assert ev.status == "unknown"
    _, ev = decide("smt", "supports", lambda: Implication({"d_pos": d > 0, "ratio": a / d > 1}, a / d > 0))
    assert ev.status == "discharged"


def test_divisor_obligation_reads_guards_in_order():
    assert divisor_obligation([], [a + b > 0]) is None
    assert divisor_obligation([], [a / 2 > 0]) is None
    f = divisor_obligation([], [z3.And(d > 0, a / d > 1)])
    s = z3.Solver()
    s.add(f)
    assert s.check() == z3.unsat
    g = divisor_obligation([], [z3.Or(a / d > 1, a / c > 1)])
    assert g is not None and z3.is_or(g)
    t = z3.Real("t")
    with pytest.raises(Exception, match="quantifier"):  # a side condition under a binder cannot be lifted out
        divisor_obligation([], [z3.ForAll([t], z3.Implies(t > 0, a / t > 0))])
    assert divisor_obligation([], [z3.ForAll([t], t * t >= 0)]) is None


# --- vacuity ---------------------------------------------------------------------------------

def test_vacuous_hypotheses_are_an_error():
    verdict, ev = decide("smt", "supports", lambda: Implication({"pos": a > 0, "neg": a < 0}, a == 7))
    assert (verdict, ev.status) == ("error", "error") and "vacuous proof" in ev.detail
    assert ev.data["vacuity"]["status"] == "vacuous"
    verdict, ev = decide("smt", "supports", lambda: Implication({"pos": a > 0}, c == 7, definitions={"c": c == a,
                                                                                                   "d": d == c - c}))
    assert verdict == "refuted"  # not vacuous: simply false (c need not be 7)
    verdict, ev = decide("smt", "supports", lambda: Implication({"pos": a > 0, "big": a > 2}, a > 1))
    assert verdict == "proved" and goal_data(ev)["hypotheses_satisfiable"] == "satisfiable"
    verdict, ev = decide("smt", "supports", lambda: Implication({}, a * a >= 0))
    assert verdict == "proved" and goal_data(ev)["hypotheses_satisfiable"] == "no hypotheses"
    verdict, ev = decide("smt", "supports", lambda: Implication({}, c * c >= 0, definitions={"c": c == a + 1}))
    assert verdict == "proved" and goal_data(ev)["hypotheses_satisfiable"] == "satisfiable"


def test_a_premise_that_never_holds_makes_the_claim_vacuous():
    # Softmax-like weight e/(e + r) with r > 0 is never 1: "if the weight is 1 then …" is vacuous.
    e, r = z3.Reals("ve vr")
    goal = lambda: Vacuous({"weight_one": e / (e + r) == 1}, {"e_pos": e > 0, "r_pos": r > 0}, label="w < 1")
    verdict, ev = decide("smt", "supports", goal)
    assert verdict == "vacuous" and ev.vacuous and ev.scope == "all"
    assert goal_data(ev)["premise"] == ["weight_one"] and goal_data(ev)["hypotheses_satisfiable"] == "satisfiable"
    assert goal_data(ev)["second_solver"]["status"] == "unsat"


def test_vacuous_says_no():
    e, r = z3.Reals("ve vr")
    # The premise can hold (r ≥ 0 allows r = 0): not vacuous, and no refutation of the claim either.
    verdict, ev = decide("smt", "supports", lambda: Vacuous({"weight_one": e / (e + r) == 1}, {"e_pos": e > 0,
                                                                                              "r_nonneg": r >= 0}))
    assert verdict == "unknown" and ev.status == "failed" and not ev.vacuous and not ev.confirmed
    # Contradictory hypotheses make every premise "impossible": not accepted.
    verdict, ev = decide("smt", "supports", lambda: Vacuous({"p": e > 1}, {"pos": e > 0, "neg": e < 0}))
    assert verdict == "error" and "vacuous proof" in ev.detail and not ev.vacuous
    # An undefined premise (division by a possibly-zero term) is not a proof of anything.
    verdict, ev = decide("smt", "supports", lambda: Vacuous({"p": e / r == 1, "q": e != r}, {}))
    assert verdict in ("unknown", "refuted") and not ev.vacuous
    # No premise, or a name used twice, is an error of the goal.
    assert decide("smt", "supports", lambda: Vacuous({}, {"pos": e > 0}))[0] == "error"
    assert decide("smt", "supports", lambda: Vacuous({"pos": e > 1}, {"pos": e > 0}))[0] == "error"
    # As a cross-check it never makes the claim vacuous, nor as a refutation.
    verdict, _ = decide_claim(claim("t.vac.cross", ob("a", "smt", "supports", lambda: Implication({}, e * e >= 0)),
                                    ob("v", "smt", "supports", lambda: Vacuous({"p": e * e < 0}), cross_check=True)))[:2]
    assert verdict == "proved"


@pytest.mark.parametrize("bad", [1, 3, 5])
def test_vacuous_hypotheses_are_an_error_on_any_family_member(bad):
    def member(n):
        if n == bad:
            return Implication({"pos": a > n, "neg": a < 0}, a == 42, label="vacuous")
        return Implication({"pos": a > n}, a + n > 0)
    verdict, ev = decide("smt", "supports", member, family=Family("n", [1, 2, 3, 4, 5]))
    assert (verdict, ev.status) == ("error", "error") and "vacuous" in ev.detail
    assert ev.data["goals"][-1]["label"] == f"n={bad}: vacuous"


def test_undecided_vacuity_is_not_accepted():
    f = z3.Function("f", z3.RealSort(), z3.RealSort())
    t = z3.Real("t")
    verdict, ev = decide("smt", "supports", lambda: Implication({"all_pos": z3.ForAll([t], f(t) > 0)}, f(1) > 0))
    assert (verdict, ev.status) == ("unknown", "unknown")
    assert "not shown satisfiable" in ev.detail and ev.data["vacuity"]["status"] == "unchecked"


def test_vacuity_unknown_to_z3_is_not_accepted(monkeypatch):
    real = smt.check

    def unknown_vacuity(formulas, budget, **kw):
        q = real(formulas, budget, **kw)
        if len(formulas) == 2 and q.result == z3.sat:  # the vacuity query: hypotheses alone
            q.result = z3.unknown
        return q
    monkeypatch.setattr(smt, "check", unknown_vacuity)
    out = smt.decide(Implication({"p": a > 0, "q": b > 0}, a + b > 0), "supports", st())
    assert out.result == "unknown" and out.data["vacuity"]["status"] == "unknown"


# --- converse ------------------------------------------------------------------------------

def test_converse_proved_makes_the_claim_tautological():
    verdict, ev = decide("smt", "supports", lambda: Implication({"h": 2 * a == 4}, a == 2, converse_of=("h",)))
    assert (verdict, ev.tautology) == ("tautological", True)
    assert ev.data["converse"] == {"status": "proved", "premise": ["h"], "goals": 1}
    assert goal_data(ev)["tautology"] is True


def test_converse_not_proved_leaves_the_claim_proved():
    verdict, ev = decide("smt", "supports", lambda: Implication({"h": a > 2, "k": b > 0}, a > 1, converse_of=("h",)))
    assert (verdict, ev.tautology) == ("proved", False)
    assert ev.data["converse"]["status"] == "refuted"
    conv = smt.decide(Implication({"h": a > 2, "k": b > 0}, a > 1, converse_of=("h",)), "supports", st())
    cm = conv.data["converse"]["countermodel"]
    assert 1 < Fraction(cm["a"]) <= 2 and Fraction(cm["b"]) > 0  # the other hypothesis is kept


def test_converse_that_cannot_be_decided_is_undecided():
    verdict, ev = decide("smt", "supports", lambda: Implication(
        {"h": a > 0, "dpos": d > 0}, a / d > 0, converse_of=("dpos",)))
    assert verdict == "proved" and ev.data["converse"]["status"] == "undecided"


def test_converse_of_an_unknown_hypothesis_is_an_error():
    verdict, ev = decide("smt", "supports", lambda: Implication({"h": a > 2}, a > 1, converse_of=("nope",)))
    assert (verdict, ev.status) == ("error", "error") and "converse_of names ['nope']" in ev.detail


def test_converse_goal_is_built_by_the_engine():
    goal = Implication({"h1": a > 0, "h2": b > 0, "k": c > 0}, a + b > 0, label="g", converse_of=("h1", "h2"),
                       definitions={"c": c == a})
    conv = converse_goal(goal)
    assert list(conv.hypotheses) == ["k", "conclusion"] and conv.definitions == goal.definitions
    assert conv.conclusion.eq(z3.And(a > 0, b > 0)) and conv.label == "converse of g" and conv.analyse is False
    one = converse_goal(Implication({"h": a > 0}, a > -1, converse_of=("h",)))
    assert one.conclusion.eq(a > 0) and one.label == "converse of"


def test_converse_in_a_family_needs_every_member():
    def member(n):
        return Implication({"h": a == n}, 2 * a == 2 * n, converse_of=("h",))

    verdict, bound, ev = decide_claim(claim("t.conv.fam", ob("f", "smt", "supports", member,
                                                                family=Family("n", range(1, 4)))))
    assert (verdict, bound) == ("tautological", "n ≤ 3")
    assert ev["f"].data["converse"] == {"status": "proved", "premise": ["h"], "goals": 3}

    def mixed(n):
        if n == 2:
            return Implication({"h": a == n, "k": b > 0}, a > 0, converse_of=("h",))
        return Implication({"h": a == n}, 2 * a == 2 * n, converse_of=("h",))
    verdict, bound, ev = decide_claim(claim("t.conv.mixed", ob("f", "smt", "supports", mixed,
                                                                 family=Family("n", range(1, 4)))))
    assert (verdict, bound) == ("proved-bounded", "n ≤ 3") and ev["f"].data["converse"]["status"] == "mixed"


# --- induction -------------------------------------------------------------------------------

k = z3.Int("k")
S = z3.Function("S", z3.IntSort(), z3.RealSort())
T = z3.Function("T", z3.IntSort(), z3.RealSort())
e = z3.Function("e", z3.IntSort(), z3.RealSort())


def running_sum(predicate, hyps=None, base=None, step=None, start=0) -> Induction:
    return Induction(k, predicate, base if base is not None else {"S0": S(start) == 0},
                     step if step is not None else {"Sk": S(k + 1) == S(k) + e(k + 1)},
                     hypotheses={"e_nonneg": e(k) >= 0} if hyps is None else hyps, start=start, label="running sum")


def same(f, g) -> bool:
    s = z3.Solver()
    s.add(f != g)
    return s.check() == z3.unsat


def test_induction_base_and_step_are_built_by_the_engine():
    verdict, ev = decide("smt", "supports", lambda: running_sum(S(k) >= 0))
    assert (verdict, ev.status, ev.scope) == ("proved", "discharged", "all")
    g = goal_data(ev)
    assert g["base"]["result"] == "holds" and g["step"]["result"] == "holds"
    assert g["second_solver"]["status"] == "unsat"
    base, step = induction_goals(running_sum(S(k) >= 0))
    assert set(base.hypotheses) == {"e_nonneg@0", "base:S0"} and base.conclusion.eq(S(0) >= 0)
    assert set(step.hypotheses) == {"index_from_start", "induction_hypothesis", "e_nonneg@k", "e_nonneg@k+1",
                                    "step:Sk"}
    assert same(step.conclusion, S(k + 1) >= 0) and same(step.hypotheses["index_from_start"], k >= 0)
    assert same(step.hypotheses["e_nonneg@k+1"], e(k + 1) >= 0)
    assert same(step.hypotheses["induction_hypothesis"], S(k) >= 0)
    assert base.label == "base: P(0)" and step.label == "step: P(k) ⇒ P(k+1)"


def test_induction_from_another_start():
    goal = running_sum(S(k) >= k - 1, hyps={"e_big": e(k) >= 1}, base={"S1": S(1) == 0},
                       step={"Sk": S(k + 1) == S(k) + e(k + 1)}, start=1)
    verdict, _ = decide("smt", "supports", lambda: goal)
    assert verdict == "proved"
    base, step = induction_goals(goal)
    assert base.label == "base: P(1)" and same(step.hypotheses["index_from_start"], k >= 1)
    assert "e_big@1" in base.hypotheses


@pytest.mark.parametrize("predicate, part", [(S(k) >= 1, "base"), (S(k) <= 5, "step")])
def test_a_false_predicate_is_not_proved(predicate, part):
    verdict, ev = decide("smt", "supports", lambda: running_sum(predicate))
    assert (verdict, ev.status) == ("unknown", "unknown")
    assert f"induction not established: {part}" in ev.detail


def test_induction_with_contradictory_data_hypotheses_is_an_error():
    verdict, ev = decide("smt", "supports", lambda: running_sum(S(k) >= 0, hyps={"pos": e(k) > 0, "neg": e(k) < 0}))
    assert (verdict, ev.status) == ("error", "error") and "vacuous" in ev.detail


def test_induction_with_two_recursive_functions():
    goal = Induction(k, S(k) == 2 * T(k), {"S0": S(0) == 0, "T0": T(0) == 0},
                     {"Sk": S(k + 1) == S(k) + 2 * e(k + 1), "Tk": T(k + 1) == T(k) + e(k + 1)})
    verdict, _ = decide("smt", "supports", lambda: goal)
    assert verdict == "proved"


F2 = z3.Function("F2", z3.IntSort(), z3.IntSort(), z3.RealSort())
x0 = z3.Real("x0")


@pytest.mark.parametrize("goal, why", [
    (running_sum(S(k) >= 0, hyps={"cheat": S(k) >= 0}), "mentions a recursive function"),
    (running_sum(S(k) >= 0, step={"Sk": S(k) == S(k) + e(k)}), "left side must be f(k + 1)"),
    (running_sum(S(k) >= 0, step={"Sk": S(k + 1) == S(k + 1) + e(k)}), "applies S at k + 1"),
    (running_sum(S(k) >= 0, step={"Sk": S(k + 1) == S(k - 1) + e(k)}), "applies S at k - 1"),
    (running_sum(S(k) >= 0, step={"Sk": S(k + 1) >= S(k)}), "is not 'f(…) == expression'"),
    (running_sum(S(k) >= 0, step={"Sk": x0 == S(k)}), "apply a function to one index"),
    (running_sum(S(k) >= 0, step={"Sk": F2(k + 1, k) == S(k)}), "apply a function to one index"),
    (running_sum(S(k) >= 0, base={"S0": S(1) == 0}), "left side must be f(0)"),
    (running_sum(S(k) >= 0, base={"S0": S(0) == S(1)}), "base equation of S uses a recursive function"),
    (running_sum(S(k) >= 0, base={"S0": S(0) == 0, "again": S(0) == 1}), "S is defined twice"),
    (running_sum(S(k) >= 0, step={"Sk": S(k + 1) == S(k), "again": S(1 + k) == S(k) + 1}), "S is defined twice"),
    (running_sum(S(k) >= 0, base={"S0": S(0) == 0, "T0": T(0) == 0}), "one base and one step equation"),
    (running_sum(S(k) >= 0, base={"S0": x0 > 0}), "is not 'f(…) == expression'"),
    (Induction(z3.Real("kr"), x0 >= 0, {"S0": S(0) == 0}, {"Sk": S(k + 1) == S(k)}), "Int constant"),
    (Induction(k + 1, S(k) >= 0, {"S0": S(0) == 0}, {"Sk": S(k + 1) == S(k)}), "Int constant"),
    (running_sum(S(0) >= 0), "does not mention the induction index"),
])
def test_malformed_inductions_are_rejected(goal, why):
    verdict, ev = decide("smt", "supports", lambda: goal)
    assert (verdict, ev.status) == ("error", "error") and "malformed induction" in ev.detail
    assert why in ev.detail, ev.detail


def test_a_step_at_a_rewritten_index_is_accepted():
    goal = running_sum(S(k) >= 0, step={"Sk": S(1 + k) == S(k + 0) + e(k + 1)})
    assert decide("smt", "supports", lambda: goal)[0] == "proved"


# --- axiom audits --------------------------------------------------------------------------

def test_inconsistent_axioms_are_refuted_by_both_solvers():
    p = z3.Real("p")
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"zero": p == 0, "one": p == 1, "free": a > 0}))
    assert (verdict, ev.status) == ("refuted", "discharged")
    assert ev.data["inconsistent_axioms"] == ["one", "zero"] and ev.counterexample == {"inconsistent_axioms": ["one", "zero"]}
    assert goal_data(ev)["second_solver"]["status"] == "unsat"
    # Confirmed by cvc5 even with the second solver switched off for the run.
    verdict, _ = decide("smt", "refutes", lambda: Consistency({"zero": p == 0, "one": p == 1}),
                        settings={"second_solver": False})
    assert verdict == "refuted"


def test_consistent_axioms_are_not_refuted():
    p = z3.Real("p")
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"nonneg": p >= 0, "le_one": p <= 1}))
    assert (verdict, ev.status) == ("unknown", "failed") and "consistent: a model" in goal_data(ev)["detail"]


def test_inconsistency_not_confirmed_by_cvc5_is_unknown(monkeypatch):
    monkeypatch.setattr(second_solver, "decide", lambda f, r, s: {"name": "cvc5", "status": "unknown"})
    p = z3.Real("p")
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"zero": p == 0, "one": p == 1}))
    assert (verdict, ev.status) == ("unknown", "unknown") and "does not confirm" in ev.detail
    monkeypatch.setattr(second_solver, "decide", lambda f, r, s: {"name": "cvc5", "status": "sat"})
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"zero": p == 0, "one": p == 1}))
    assert (verdict, ev.status) == ("error", "error") and "cvc5 says sat" in ev.detail


def test_consistency_that_cannot_be_decided_is_unknown():
    f = z3.Function("f", z3.RealSort(), z3.RealSort())
    t = z3.Real("t")
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"all_pos": z3.ForAll([t], f(t) > 0)}))
    assert (verdict, ev.status) == ("unknown", "unknown") and "could not be re-checked" in ev.detail
    x, y, z = z3.Ints("x y z")
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"cubes": x**3 + y**3 + z**3 == 33}), rlimit=1)
    assert (verdict, ev.status) == ("unknown", "unknown") and "z3 unknown" in ev.detail


def test_consistency_can_never_support():
    p = z3.Real("p")
    verdict, ev = decide("smt", "supports", lambda: Consistency({"zero": p == 0}))
    assert (verdict, ev.status) == ("error", "error") and "cannot serve role 'supports'" in ev.detail


def test_decide_refuses_other_goals():
    with pytest.raises(TypeError):
        smt.decide(object(), "supports", st())


# --- the second solver's logic ---------------------------------------------------------------

fr = z3.Function("fr", z3.RealSort(), z3.RealSort())
fi = z3.Function("fi", z3.IntSort(), z3.IntSort())
tq = z3.Real("tq")


@pytest.mark.parametrize("formulas, logic", [
    ([a > 0], "QF_LRA"),
    ([2 * a + 3 * b > 0, a / 2 < 1], "QF_LRA"),
    ([a * b > 0], "QF_NRA"),
    ([a / b > 0], "QF_NRA"),
    ([a ** 2 > 0], "QF_NRA"),
    ([i > 0, i % 3 == 0, i / 2 > 0], "QF_LIA"),
    ([i * j > 0], "QF_NIA"),
    ([i % j == 0], "QF_NIA"),
    ([z3.ToReal(i) + a > 0], "QF_LIRA"),
    ([z3.IsInt(a)], "QF_LIRA"),
    ([z3.ToInt(a) > 0], "QF_LIRA"),
    ([i > 0, a > 0], "QF_LIRA"),
    ([fr(a) > 0], "QF_UFLRA"),
    ([fi(i) * i > 0], "QF_UFNIA"),
    ([z3.ForAll([tq], fr(tq) > 0)], "ALL"),
    ([z3.Bool("pp")], "ALL"),
    ([z3.Select(z3.Array("A", z3.IntSort(), z3.IntSort()), 0) > 0], "ALL"),
])
def test_cvc5_gets_the_narrowest_logic(formulas, logic):
    assert second_solver.smt_logic(formulas) == logic
    assert second_solver.smt2_text(formulas).count(f"(set-logic {logic})") == 1


def test_shared_subterms_are_classified_once():
    t = a
    for _ in range(60):  # a DAG of 60 levels: 2^60 paths, 60 distinct terms
        t = t + t
    assert second_solver.smt_logic([t > 0]) == "QF_LRA"
    t = a
    for _ in range(60):
        t = t * t
    assert second_solver.smt_logic([t > 0]) == "QF_NRA"


class _Seen(list):
    """Attempts, recorded on disk too: the coverings attempt runs in a forked child."""

    def __init__(self, path):
        super().__init__()
        self.path = path

    def append(self, item):
        with open(self.path, "a") as f:
            f.write("%s %s\n" % item)

    def __eq__(self, other):
        got = [tuple(ln.split()) for ln in self.path.read_text().splitlines()] if self.path.exists() else []
        return got == list(other)

    def __len__(self):
        return len(self.path.read_text().splitlines()) if self.path.exists() else 0

    def clear(self):
        self.path.unlink(missing_ok=True)


def test_cvc5_tries_coverings_when_tangent_planes_give_up_and_all_when_the_logic_is_rejected(monkeypatch, tmp_path):
    seen = _Seen(tmp_path / "attempts")

    def fake(answers):
        def run(text, rlimit, safety_s, options=second_solver.NONLINEAR_OPTIONS):
            logic = text.split("(set-logic ")[1].split(")")[0]
            how = "cov" if options == second_solver.COVERINGS_OPTIONS else "tp"
            seen.append((logic, how))
            status = answers.get((logic, how), "unknown")
            out = {"name": "cvc5", "status": status, "seconds": 0.25}
            if status == "unknown":
                out["reason"] = "resourceout"
            if status == "error":
                out["detail"] = "unsupported"
            return out
        return run

    nonlinear = [a * a > 2]
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("QF_NRA", "cov"): "sat"}))
    out = second_solver.decide(nonlinear)
    assert seen == [("QF_NRA", "tp"), ("QF_NRA", "cov")] and out["status"] == "sat"
    assert out["logic"] == "QF_NRA (tangent planes, then coverings)" and out["seconds"] == 0.5 and "reason" not in out
    seen.clear()
    monkeypatch.setattr(second_solver, "run_cvc5", fake({}))
    out = second_solver.decide(nonlinear)
    assert len(seen) == 2 and out["status"] == "unknown"  # two attempts at most, both reasons kept
    assert out["reason"] == "tangent planes: resourceout; coverings: resourceout"
    # With uninterpreted functions (an induction step) coverings go first, tangent planes second.
    seen.clear()
    f = z3.Function("vf", z3.IntSort(), z3.RealSort())
    kk = z3.Int("vk")
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("QF_UFNIRA", "tp"): "unsat"}))
    out = second_solver.decide([f(kk) * f(kk + 1) < 0, kk >= 0])
    assert seen == [("QF_UFNIRA", "cov"), ("QF_UFNIRA", "tp")] and out["status"] == "unsat"
    assert out["logic"] == "QF_UFNIRA (coverings, then tangent planes)"
    seen.clear()
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("QF_UFNIRA", "cov"): "unsat"}))
    out = second_solver.decide([f(kk) * f(kk + 1) < 0, kk >= 0])
    assert seen == [("QF_UFNIRA", "cov")] and out["logic"] == "QF_UFNIRA (coverings)"
    monkeypatch.setattr(second_solver, "run_cvc5", fake({}))
    # A linear query that cvc5 gives up on is not retried (coverings are for nonlinear arithmetic).
    seen.clear()
    out = second_solver.decide([a > 0])
    assert seen == [("QF_LRA", "tp")] and out["status"] == "unknown" and out["logic"] == "QF_LRA"
    # A logic cvc5 rejects: the same query under ALL.
    seen.clear()
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("QF_LRA", "tp"): "error", ("ALL", "tp"): "unsat"}))
    out = second_solver.decide([a > 0])
    assert seen == [("QF_LRA", "tp"), ("ALL", "tp")] and out["status"] == "unsat" and out["logic"] == "QF_LRA, then ALL"
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("QF_LRA", "tp"): "error", ("ALL", "tp"): "error"}))
    out = second_solver.decide([a > 0])
    assert out["status"] == "error" and out["reason"] == "QF_LRA: unsupported; ALL: error"
    seen.clear()
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("ALL", "tp"): "sat"}))
    out = second_solver.decide([z3.Bool("pp")])
    assert seen == [("ALL", "tp")] and out["logic"] == "ALL" and out["status"] == "sat"
    monkeypatch.setattr(second_solver, "run_cvc5", fake({("QF_LRA", "tp"): "unsat"}))
    out = second_solver.decide([a > 0])
    assert out == {"name": "cvc5", "status": "unsat", "seconds": 0.25, "logic": "QF_LRA"}


def test_a_coverings_attempt_that_ignores_its_resource_limit_is_stopped(monkeypatch):
    import time

    def run(text, rlimit, safety_s, options=second_solver.NONLINEAR_OPTIONS):
        if options == second_solver.COVERINGS_OPTIONS:
            time.sleep(60)  # a cvc5 procedure that never checks its resource budget
        return {"name": "cvc5", "status": "unknown", "seconds": 0.1, "reason": "resourceout"}
    monkeypatch.setattr(second_solver, "run_cvc5", run)
    monkeypatch.setattr(second_solver, "COVERINGS_SAFETY_S", 0.3)
    t0 = time.perf_counter()
    out = second_solver.decide([a * a > 2])
    assert time.perf_counter() - t0 < 10
    assert out["status"] == "unknown" and "safety net: stopped after 0.3 s" in out["reason"]


def test_cvc5_confirms_a_rational_induction_step_and_says_no_to_a_false_one():
    """The fold step F' = F m / (F m + (1 − F)(1 − m)), R' = R m/(1 − m) keeps F(1 + R) = R: tangent
    planes run out of resources on it, coverings settle it; the same step with a wrong update is sat."""
    F, R, m, r, F1, R1 = z3.Reals("F R m r F1 R1")
    hyps = [R > 0, F * (1 + R) == R, m > 0, m < 1, r == m / (1 - m)]

    def step(update):
        return hyps + [F1 == update, R1 == R * r, z3.Not(z3.And(R1 > 0, F1 * (1 + R1) == R1))]
    good = second_solver.decide(step(F * m / (F * m + (1 - F) * (1 - m))))
    assert good["status"] == "unsat", good
    bad = second_solver.decide(step(F * m / (F * m + (1 - F) * m)))
    assert bad["status"] == "sat", bad


def test_run_cvc5_reports_its_limits_and_reasons():
    text = second_solver.smt2_text([a > 1])
    out = second_solver.run_cvc5(text, rlimit=1)
    assert out["status"] == "unknown" and out["reason"] == "resourceout" and out["rlimit"] == 1
    assert second_solver.run_cvc5(text, rlimit=0)["status"] == "unknown"  # 0 means 1, never "unlimited"
    out = second_solver.run_cvc5(text)
    assert out["status"] == "sat" and "reason" not in out and out["version"] == second_solver.cvc5_version()
    hard = second_solver.smt2_text([a * a == 2, a > 0, z3.Not(a < Fraction(7, 5))], logic="ALL")
    t0 = __import__("time").perf_counter()
    out = second_solver.run_cvc5(hard, safety_s=0.0)  # a 1 ms wall-clock net, never "no limit"
    assert out["status"] == "unknown" and __import__("time").perf_counter() - t0 < 5
    import cvc5
    v = cvc5.Solver().getVersion()
    assert second_solver.cvc5_version() == (v.decode() if isinstance(v, bytes) else str(v))
    assert second_solver.available() is True


def test_without_cvc5_nothing_is_confirmed(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "cvc5", None)  # import cvc5 now fails
    assert second_solver.available() is False and second_solver.cvc5_version() is None
    out = second_solver.run_cvc5(second_solver.smt2_text([a > 1]))
    assert out["status"] == "unavailable" and out["seconds"] == 0.0 and out["version"] is None
    p = z3.Real("p")
    verdict, ev = decide("smt", "refutes", lambda: Consistency({"zero": p == 0, "one": p == 1}))
    assert (verdict, ev.status) == ("unknown", "unknown")  # an inconsistency needs both solvers


def test_strict_smtlib_copies_comments_and_strings_to_their_end():
    assert second_solver._strict_smtlib("(+ x) ; (+ y)") == "x ; (+ y)"
    assert second_solver._strict_smtlib('(echo "(+ y)') == '(echo "(+ y)'
    assert second_solver._strict_smtlib("(declare-fun |(+ z| () Real)") == "(declare-fun |(+ z| () Real)"
    assert second_solver._strict_smtlib("(and (> a 0) (< a 1))") == "(and (> a 0) (< a 1))"
    assert second_solver._strict_smtlib("a + b)") == "b"  # a stray ')' closes from the start


# --- the z3 portfolio ------------------------------------------------------------------------

def test_portfolio_tries_each_mode_once_under_its_share_of_the_budget(monkeypatch):
    pushes, limits = [], []
    real_push, real_set = z3.Solver.push, z3.Solver.set
    monkeypatch.setattr(z3.Solver, "push", lambda self: pushes.append(1) or real_push(self))

    def record(self, *args, **kw):
        if args and args[0] in ("rlimit", "random_seed", "smt.random_seed", "timeout"):
            limits.append(args)
        return real_set(self, *args, **kw)
    monkeypatch.setattr(z3.Solver, "set", record)
    x, y, zz = z3.Ints("px py pz")
    q = smt.check([x**3 + y**3 + zz**3 == 33], smt.Budget(1000, 60.0, seed=5), kind="test-portfolio")
    assert q.result == z3.unknown and len(pushes) == 1 and q.mode == "one-shot"
    assert [v for k, v in limits if k == "rlimit"] == [100, 450, 450]
    assert [v for k, v in limits if k == "random_seed"] == [5, 5, 5]
    assert [v for k, v in limits if k == "smt.random_seed"] == [5, 5, 5]
    assert all(0 < v <= 60_000 for k, v in limits if k == "timeout")
    limits.clear()
    smt.check([x > 0], smt.Budget(10, 60.0), kind="test-portfolio-2")
    assert not [k for k, v in limits if "seed" in k]  # seed 0: z3's own default
    assert smt._solver(0, 0.0, 0) is not None and [v for k, v in limits if k in ("rlimit", "timeout")][-2:] == [1, 1]


def test_the_mode_that_decided_last_is_tried_first():
    kind = "test-preference"
    smt._preferred.pop(kind, None)
    assert smt.check([a > 0], smt.Budget(10_000, 60.0), kind=kind).mode == "one-shot"
    smt._preferred[kind] = ["one-shot", "incremental"]  # the last one that decided comes first
    q = smt.check([a > 0], smt.Budget(10_000, 60.0), kind=kind)
    assert q.mode == "incremental" and smt._preferred[kind][-1] == "incremental"
    assert smt.Budget(1, 1.0).seed == 0
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        smt.Budget(1, 1.0).seed = 2


def test_rlimit_used_is_what_the_deciding_check_used():
    kind = "test-rlimit-exact"
    smt._preferred.pop(kind, None)
    f = [a > 0, b > 0, z3.Not(a * b > 0)]
    s = smt._solver(int(20_000_000 * smt.PORTFOLIO[0][1]), 60.0, 0)
    s.add(*f)
    smt._rlimit_count(s)
    assert s.check() == z3.unsat
    expected = smt._rlimit_count(s)
    q = smt.check(f, smt.Budget(20_000_000, 60.0), kind=kind)
    assert q.result == z3.unsat and q.rlimit_used == expected > 0


def test_model_searches_try_nlsat_after_solve_eqs_first_and_proofs_do_not():
    xs = [z3.Real(f"nx{k}") for k in range(12)]
    total = z3.Real("ntotal")
    ctx = [total == z3.Sum(xs), *[x > 0 for x in xs]]
    for kind in ("vacuity", "divisor"):
        smt._preferred.pop(kind, None)
    q = smt.check(ctx, smt.Budget(20_000_000, 60.0), kind="vacuity")
    assert q.result == z3.sat and q.mode == "solve-eqs, nlsat"
    model = q.solver.model()  # the eliminated constant has its value in the model too
    assert model.eval(total, model_completion=False) is not None and z3.is_rational_value(model.eval(total))
    q = smt.check(ctx + [total == 0], smt.Budget(20_000_000, 60.0), kind="divisor")
    assert q.result == z3.unsat and q.mode == "solve-eqs, nlsat"
    smt._preferred.pop("test-proof-kind", None)
    assert smt.check(ctx + [total <= 0], smt.Budget(20_000_000, 60.0), kind="test-proof-kind").mode == "one-shot"
    for kind in ("vacuity", "divisor"):
        smt._preferred.pop(kind, None)


@pytest.mark.parametrize("formulas", [
    [z3.ForAll([u], u * u >= v), v > 1],                 # a quantifier: nlsat would drop it and say sat
    [i * i == 2 * j + 1, j > 3],                         # integers
    [z3.Function("nf", z3.RealSort(), z3.RealSort())(a) == 2, a * a > 1],  # an uninterpreted function
])
def test_nlsat_mode_gives_up_outside_real_arithmetic(formulas):
    s = smt._solver(1_000_000, 60.0, 0, "solve-eqs, nlsat")
    s.add(*formulas)
    assert s.check() == z3.unknown and s.reason_unknown() == "fail tactic"
    smt._preferred.pop("vacuity", None)
    q = smt.check(formulas, smt.Budget(20_000_000, 60.0), kind="vacuity")
    assert q.mode != "solve-eqs, nlsat"
    smt._preferred.pop("vacuity", None)


def test_nlsat_mode_takes_the_seed_under_its_own_name():
    s = smt._solver(1_000, 60.0, 7, "solve-eqs, nlsat")  # would raise on z3's smt.random_seed
    s.add(a * a == 2)
    assert s.check() in (z3.sat, z3.unknown)


def test_a_spent_safety_net_stops_the_portfolio():
    x, y, zz = z3.Ints("qx qy qz")
    t0 = __import__("time").perf_counter()
    q = smt.check([x**3 + y**3 + zz**3 == 33], smt.Budget(10**9, 0.2), kind="test-net")
    assert q.result == z3.unknown and __import__("time").perf_counter() - t0 < 5


def test_definitions_are_read_through_shared_terms_and_quantifiers():
    t = a
    for _ in range(60):  # 2^60 paths, 60 distinct terms
        t = t + t
    validate_definitions({"c": c == t})
    tt = z3.Real("tt")
    with pytest.raises(DefinitionError, match="occurs in its own expression"):
        validate_definitions({"c": c == z3.If(z3.ForAll([tt], tt * tt >= c), 1, 0)})
    validate_definitions({"c": c == z3.If(z3.ForAll([tt], tt * tt >= d), 1, 0)})


@pytest.mark.parametrize("hyps, concl, verdict", [
    ({"nonneg": a >= 0}, a ** Fraction(1, 2) >= 0, "proved"),       # a root needs a base ≥ 0 ...
    ({}, a ** Fraction(1, 2) - a ** Fraction(1, 2) == 0, "unknown"),
    ({"nonneg": a >= 0}, a ** Fraction(-1, 2) - a ** Fraction(-1, 2) == 0, "unknown"),  # ... > 0 if negative
    ({"pos": a > 0}, a ** Fraction(-1, 2) - a ** Fraction(-1, 2) == 0, "proved"),
    ({}, i ** 2 >= 0, "proved"),                                     # a natural power is total
    ({}, a ** 2 >= 0, "proved"),
    ({}, a ** -2 - a ** -2 == 0, "unknown"),                        # a negative power needs a base ≠ 0
    ({"nz": a != 0}, a ** -2 - a ** -2 == 0, "proved"),
    ({}, i ** -1 - i ** -1 == 0, "unknown"),
    ({"pos": a > 0}, a ** b - a ** b == 0, "proved"),                # an unknown exponent needs a base > 0
    ({"nonneg": a >= 0}, a ** b - a ** b == 0, "unknown"),
])
def test_roots_and_powers_need_their_base_in_the_domain(hyps, concl, verdict):
    got, ev = decide("smt", "supports", lambda: Implication(hyps, concl), settings={"second_solver": False})
    assert got == verdict, ev.detail


# --- induction hypotheses use the index only as an argument -----------------------------------

g2 = z3.Function("g2", z3.IntSort(), z3.IntSort(), z3.RealSort())


@pytest.mark.parametrize("hyps, ok", [
    ({"e_nonneg": e(k) >= 0}, True),
    ({"e_twice": e(k) + e(k) >= 0, "g": g2(k, 1) >= 0, "gg": g2(k, k) >= 0}, True),
    ({"q": z3.ForAll([tq], e(k) >= -tq * tq)}, True),
    ({"small": k <= 3}, False),                   # true for small k only: vacuous beyond
    ({"e_small": e(k) == 3 - k}, False),
    ({"shifted": g2(k + 1, 0) >= 0}, False),
    ({"q": z3.ForAll([tq], tq * tq >= k)}, False),
])
def test_induction_hypotheses_may_use_the_index_only_as_an_argument(hyps, ok):
    verdict, ev = decide("smt", "supports", lambda: running_sum(S(k) >= 0, hyps={"e_nonneg": e(k) >= 0, **hyps}))
    if ok:
        assert verdict != "error", ev.detail  # accepted (a quantified one cannot be shown satisfiable: unknown)
    else:
        assert verdict == "error" and "other than as the argument of a data function" in ev.detail


def test_base_and_step_equations_may_be_written_either_way_round():
    goal = running_sum(S(k) >= 2, base={"S0": 2 == S(0)}, step={"Sk": S(k + 1) == S(k) + e(k + 1)})
    assert decide("smt", "supports", lambda: goal)[0] == "proved"
    bad = running_sum(S(k) >= 0, base={"S0": 2 == x0})
    verdict, ev = decide("smt", "supports", lambda: bad)
    assert verdict == "error" and "apply a function to one index" in ev.detail


# --- what the hypothesis analysis reports -----------------------------------------------------

def test_a_hypothesis_that_only_keeps_a_divisor_nonzero_is_necessary():
    verdict, ev = decide("smt", "supports", lambda: Implication({"dnz": d != 0, "apos": a > 0}, a / d - a / d == 0))
    assert verdict == "proved"
    assert "divisor" in ev.data["necessary"]["dnz"]["detail"] and ev.data["necessary"]["dnz"]["countermodel"] is None
    assert ev.data["redundant"] == ["apos"] and "necessity_undecided" not in ev.data
    verdict, ev = decide("smt", "supports", lambda: Implication({"dpos": d > 0, "dbig": d > 1}, a / d * d == a))
    assert verdict == "proved" and sorted(ev.data["redundant"]) == ["dbig", "dpos"] and ev.data["necessary"] == {}


def test_analysis_queries_that_run_out_are_reported_as_such():
    goal = Implication({"p": a > 0, "q": b > 0}, a * b > 0)
    assert smt._core(goal, dict(goal.hypotheses), {}, smt.Budget(1, 10.0)) == "unknown"
    assert smt._core(goal, dict(goal.hypotheses), {}, smt.Budget(10**6, 10.0)) == ["p", "q"]
    out = smt._necessity(goal, dict(goal.hypotheses), {}, smt.Budget(1, 10.0))
    assert out["necessary"] == {} and out["redundant"] == [] and out["necessity_undecided"] == ["p", "q"]
    f = z3.Function("ff", z3.RealSort(), z3.RealSort())
    q_goal = Implication({"p": a > 0, "all": z3.ForAll([tq], f(tq) > 0)}, f(a) > 0)
    out = smt._necessity(q_goal, dict(q_goal.hypotheses), {}, smt.Budget(10**6, 10.0))
    assert out["redundant"] == ["p"] and "all" in out["necessary"] and "necessity_undecided" not in out


def test_a_division_under_a_quantifier_is_not_accepted():
    f = z3.Function("fq", z3.RealSort(), z3.RealSort())
    verdict, ev = decide("smt", "supports", lambda: Implication({"all": z3.ForAll([tq], f(tq) / tq > 0)}, a == a))
    assert (verdict, ev.status) == ("unknown", "unknown") and "under a quantifier" in ev.detail


def test_smt_settings_defaults_and_reported_limits():
    s0 = smt.SmtSettings(rlimit=10, safety_s=1.0, analyse=False)
    assert (s0.second_solver, s0.deciding, s0.seeds, s0.seed) == (False, True, 0, 0)
    out = smt.decide(Implication({"p": a > 0}, a > -1), "supports", st())
    assert out.data["second_solver"]["status"] == "unsat" and "seeds" not in out.data
    out = smt.decide(Implication({"p": a > 0}, a > -1), "supports", st(safety_s=12.34))
    assert out.data["safety_s"] == 12.3
    out = smt.decide(Implication({"p": a > 0}, a > -1), "supports", st(seeds=1, seed=3))
    assert [r["seed"] for r in out.data["seeds"]["runs"]] == [3, 3 + 7919]


def test_the_converse_reports_its_second_solver():
    verdict, ev = decide("smt", "supports", lambda: Implication({"h": 2 * a == 4}, a == 2, converse_of=("h",)))
    assert ev.data["goals"][0]["converse"] == {"status": "proved", "second_solver": "unsat"}
    out = smt.decide(Implication({"h": 2 * a == 4}, a == 2, converse_of=("h",)), "supports", st())
    assert out.data["converse"]["second_solver"]["status"] == "unsat" and "used_hypotheses" not in out.data["converse"]
    out = smt.decide(Implication({"h": a > 0, "dpos": d > 0}, a / d > 0, converse_of=("dpos",)), "supports", st())
    assert out.data["converse"]["status"] == "undecided" and "countermodel" in out.data["converse"]


def test_induction_reports_base_and_step_apart():
    verdict, ev = decide("smt", "supports", lambda: running_sum(S(k) >= 1))  # base false, step true
    g = goal_data(ev)
    assert g["base"]["result"] == "violated" and g["step"]["result"] == "holds"
    verdict, ev = decide("smt", "supports", lambda: running_sum(S(k) >= 0), rlimit=1)
    assert (verdict, ev.status) == ("unknown", "unknown") and "induction not established" in ev.detail
    goal = running_sum(S(k) >= 0)
    _, step = induction_goals(goal)
    direct = smt.decide_implication(step, "supports", st(second_solver=False), definitions_checked=True)
    out = smt.decide(goal, "supports", st(second_solver=False))
    assert out.data["rlimit_used"] == direct.data["rlimit_used"] and out.data["z3_result"] == "unsat"


def test_induction_combines_the_second_solvers_answers(monkeypatch):
    answers = iter([{"name": "cvc5", "status": "unsat", "seconds": 0.5}, {"name": "cvc5", "status": "unknown"}])
    monkeypatch.setattr(second_solver, "decide", lambda f, r, s_: next(answers))
    out = smt.decide(running_sum(S(k) >= 0), "supports", st())
    assert out.data["second_solver"] == {"name": "cvc5", "status": "mixed: unsat, unknown", "seconds": 0.5}
    assert smt._combine_status(["unsat", "unsat"]) == "unsat"


def test_consistent_axioms_report_their_model_and_cores_can_run_out():
    p = z3.Real("p")
    out = smt.decide(Consistency({"nonneg": p >= 0}), "refutes", st())
    assert out.result == "holds" and out.data["vacuity"]["status"] == "satisfiable"
    assert smt._axiom_core({"zero": p == 0, "one": p == 1}, smt.Budget(1, 10.0)) == "unknown"
    assert smt._axiom_core({"zero": p == 0, "one": p == 1, "x": a > 0}, smt.Budget(10**6, 10.0)) == ["one", "zero"]


def test_each_obligation_starts_with_the_portfolio_in_its_fixed_order():
    # What an earlier obligation in the same process preferred must not steer this one (in-process
    # use would otherwise depend on the order of obligations; the CLI forks one worker per obligation).
    smt._preferred.clear()
    smt._preferred["proof"] = ["incremental"]
    verdict, _ = decide("smt", "supports", lambda: Implication({"pos": a > 0}, a + 1 > 1))
    assert verdict == "proved" and smt._preferred["proof"] == ["one-shot"]
