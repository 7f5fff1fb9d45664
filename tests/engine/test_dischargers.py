"""Each discharger must be able to say no: false identities, wrong models, bad witnesses."""
from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import sympy as sp
import z3
from conftest import run_claims, statuses, verdicts

from verify import (Claim, Consistency, Counterexample, ExactEqual, Hypothesis, Identity, Implication,
                    NonIdentity, Obligation, Witness)
from verify.discharge import symbolic

P = "test paper"


def claim(cid: str, *obs: Obligation, **kw) -> Claim:
    return Claim(id=cid, paper=P, where="§0", statement="a test claim", obligations=tuple(obs), **kw)


x, y = sp.symbols("x y", positive=True)
r = sp.Symbol("r", real=True)


# --- symbolic ---------------------------------------------------------------------------

def test_true_identity_is_proved_and_cross_checked():
    c = claim("t.sym.true", Obligation("id", "symbolic", "supports", "(x+y)^2 expands",
                                       lambda: Identity((x + y) ** 2, x**2 + 2 * x * y + y**2)))
    res = run_claims([c])
    ob = res.claims[0].obligations[0].evidence
    assert ob.status == "discharged" and res.claims[0].verdict == "proved"
    assert ob.data["goals"][0]["cross_check_points"] >= 3


def test_false_identity_is_not_proved():
    c = claim("t.sym.false", Obligation("id", "symbolic", "supports", "(x+y)^2 = x^2 + y^2 (false)",
                                        lambda: Identity((x + y) ** 2, x**2 + y**2)))
    res = run_claims([c])
    assert statuses(res)["t.sym.false/id"] == "unknown"
    assert verdicts(res)["t.sym.false"] == "unknown"
    assert res.exit_code() == 2 and res.gate == "fail"


def test_log_identity_needs_its_domain():
    # log(x*y) = log x + log y holds for positive x, y but not for arbitrary reals.
    a, b = sp.symbols("a b", real=True)
    good = claim("t.sym.log_pos", Obligation("id", "symbolic", "supports", "log product, x, y > 0",
                                             lambda: Identity(sp.log(x * y), sp.log(x) + sp.log(y))))
    bad = claim("t.sym.log_real", Obligation("id", "symbolic", "supports", "log product, reals",
                                             lambda: Identity(sp.log(a * b), sp.log(a) + sp.log(b))))
    v = verdicts(run_claims([good, bad]))
    assert v["t.sym.log_pos"] == "proved"
    assert v["t.sym.log_real"] != "proved"


def test_unsound_canonical_form_is_caught_by_cross_check(monkeypatch):
    monkeypatch.setattr(symbolic, "CANONICALISERS", [("claims zero", lambda d: sp.Integer(0))])
    out = symbolic._decide_identity(Identity(x + 1, x), seed=1)
    assert out.result == "error" and "cross-check" in out.detail


def test_non_identity_confirmed_exactly_and_by_intervals():
    exact = symbolic.decide(NonIdentity(x / (x + y), sp.Rational(1, 2), {x: 1, y: 3}), "refutes", 0)
    assert exact.result == "violated" and exact.confirmed
    interval = symbolic.decide(NonIdentity(sp.exp(x), 1 + x + x**2 / 2, {x: sp.Rational(1, 10)}), "refutes", 0)
    assert interval.result == "violated" and interval.confirmed
    holds = symbolic.decide(NonIdentity(sp.exp(sp.log(x)), x, {x: 2}), "refutes", 0)
    assert holds.result == "holds"


# --- smt --------------------------------------------------------------------------------

def _false_smt() -> Implication:
    a, b = z3.Reals("a b")
    return Implication({"a_pos": a > 0}, a * b > 0, label="a > 0 ⇒ ab > 0 (false)")


def test_false_smt_statement_gives_rechecked_counterexample():
    c = claim("t.smt.false", Obligation("imp", "smt", "supports", "false implication", _false_smt))
    res = run_claims([c])
    ev = res.claims[0].obligations[0].evidence
    assert ev.status == "failed" and ev.confirmed
    assert set(ev.counterexample) >= {"a", "b"}
    a, b = Fraction(ev.counterexample["a"]), Fraction(ev.counterexample["b"])
    assert a > 0 and not a * b > 0
    assert verdicts(res)["t.smt.false"] == "refuted"
    assert res.exit_code() == 1


def test_refuting_smt_obligation_without_counterexample_fails():
    def true_statement() -> Implication:
        a = z3.Real("a")
        return Implication({"a_pos": a > 0}, a * a > 0)
    c = claim("t.smt.norefute", Obligation("imp", "smt", "refutes", "a true statement cannot be refuted",
                                           true_statement))
    res = run_claims([c])
    assert statuses(res)["t.smt.norefute/imp"] == "failed"
    assert verdicts(res)["t.smt.norefute"] != "refuted"


def test_model_through_division_by_zero_is_not_accepted():
    # Without a denominator hypothesis z3 may satisfy x/0 = 1 with x = 5: our re-check refuses it.
    def unguarded() -> Implication:
        a, d = z3.Reals("a d")
        return Implication({"d_zero": d == 0, "a_five": a == 5}, a / d != 1)
    c = claim("t.smt.divzero", Obligation("imp", "smt", "refutes", "division by zero", unguarded))
    res = run_claims([c])
    ev = res.claims[0].obligations[0].evidence
    assert ev.status in ("unknown", "failed")
    assert verdicts(res)["t.smt.divzero"] != "refuted"


def test_wrong_model_is_rejected_by_user_recheck():
    def bad() -> Implication:
        a = z3.Real("a")
        return Implication({"a_pos": a > 0}, a > 1, recheck=lambda m: False)
    c = claim("t.smt.reject", Obligation("imp", "smt", "refutes", "recheck rejects", bad))
    res = run_claims([c])
    assert statuses(res)["t.smt.reject/imp"] == "error"
    assert verdicts(res)["t.smt.reject"] == "error"


def test_solver_timeout_is_unknown_not_pass():
    def hard() -> Implication:
        # A nonlinear integer problem (sum of three cubes) z3 cannot finish in a fraction of a second.
        a, b, c = z3.Ints("a b c")
        return Implication({}, a**3 + b**3 + c**3 != 33)
    c = claim("t.smt.timeout", Obligation("imp", "smt", "supports", "hard", hard, timeout=1.0))
    res = run_claims([c])
    assert statuses(res)["t.smt.timeout/imp"] == "unknown"
    assert res.gate == "fail" and res.exit_code() == 2


def test_hanging_check_is_killed_and_unknown():
    def hang():
        time.sleep(60)
    c = claim("t.hang", Obligation("h", "symbolic", "supports", "never returns", hang, timeout=0.5))
    t0 = time.perf_counter()
    res = run_claims([c])
    assert time.perf_counter() - t0 < 10
    ev = res.claims[0].obligations[0].evidence
    assert ev.status == "unknown" and "time-out" in ev.detail


def test_allow_unknown_passes_gate_but_keeps_unknown_status():
    def hang():
        time.sleep(60)
    c = claim("t.allowed", Obligation("h", "symbolic", "supports", "inconclusive allowed", hang, timeout=0.3,
                                      allow_unknown=True, cross_check=True),
              Obligation("ok", "symbolic", "supports", "x = x", lambda: Identity(x, x)))
    res = run_claims([c])
    assert statuses(res)["t.allowed/h"] == "unknown"
    assert res.gate == "pass"


def test_hypothesis_analysis_reports_core_necessity_redundancy_vacuity():
    def goal() -> Implication:
        a, b = z3.Reals("a b")
        return Implication({"a_pos": a > 0, "b_pos": b > 0, "b_big": b > 10}, a * b > 0)
    c = claim("t.smt.analysis", Obligation("imp", "smt", "supports", "ab > 0", goal),
              hypotheses=(Hypothesis("a_pos", "a > 0"), Hypothesis("b_pos", "b > 0"), Hypothesis("b_big", "b > 10")))
    res = run_claims([c])
    data = res.claims[0].obligations[0].evidence.data
    assert data["vacuity"]["status"] == "satisfiable"
    assert set(data["redundant"]) == {"b_pos", "b_big"}  # either one of them suffices
    assert set(data["necessary"]) == {"a_pos"}
    assert Fraction(data["necessary"]["a_pos"]["countermodel"]["a"]) <= 0


def test_vacuous_hypotheses_fail_the_proof():
    def goal() -> Implication:
        a = z3.Real("a")
        return Implication({"pos": a > 0, "neg": a < 0}, a == 7)

    def family() -> list[Implication]:
        # Only the first goal is analysed; the vacuous last goal must still be caught.
        a = z3.Real("a")
        return [Implication({"pos": a > 0}, a + 1 > 0, label="n=1"),
                Implication({"pos": a > 0}, a + 2 > 0, label="n=2"),
                Implication({"pos": a > 1, "neg": a < 0}, a == 42, label="n=3")]
    res = run_claims([claim("t.smt.vacuous", Obligation("imp", "smt", "supports", "vacuous", goal)),
                      claim("t.smt.vacuous2", Obligation("imp", "smt", "supports", "vacuous", family))])
    ev = res.claims[0].obligations[0].evidence
    assert ev.data["vacuity"]["status"] == "vacuous" and ev.status == "error"
    v = verdicts(res)
    assert v["t.smt.vacuous"] != "proved" and v["t.smt.vacuous2"] != "proved"
    assert statuses(res)["t.smt.vacuous2/imp"] == "error"


def test_converse_makes_claim_tautological():
    def fwd() -> Implication:
        a = z3.Real("a")
        return Implication({"h": 2 * a == 4}, a == 2)

    def back() -> Implication:
        a = z3.Real("a")
        return Implication({"h": a == 2}, 2 * a == 4)
    c = claim("t.smt.taut", Obligation("fwd", "smt", "supports", "2a=4 ⇒ a=2", fwd),
              Obligation("conv", "smt", "converse", "a=2 ⇒ 2a=4", back))
    assert verdicts(run_claims([c]))["t.smt.taut"] == "tautological"


def test_inconsistency_whose_recheck_disagrees_is_an_error():
    a = z3.Real("p")
    c = claim("t.ax.disagree", Obligation("c", "smt", "refutes", "z3 unsat, re-check says no", lambda: Consistency(
        {"zero": a == 0, "one": a == 1}, recheck=lambda: (False, "could not derive a contradiction"))))
    res = run_claims([c])
    assert statuses(res)["t.ax.disagree/c"] == "error" and verdicts(res)["t.ax.disagree"] == "error"


def test_axiom_consistency_both_ways():
    a = z3.Real("p")

    def inconsistent() -> Consistency:
        return Consistency({"zero": a == 0, "one": a == 1},
                           recheck=lambda: (Fraction(0) != Fraction(1), "0 ≠ 1 in Q"))

    def consistent() -> Consistency:
        return Consistency({"nonneg": a >= 0, "le_one": a <= 1}, recheck=lambda: (True, "n/a"))
    res = run_claims([claim("t.ax.bad", Obligation("c", "smt", "refutes", "inconsistent", inconsistent)),
                      claim("t.ax.good", Obligation("c", "smt", "refutes", "consistent", consistent))])
    v = verdicts(res)
    assert v["t.ax.bad"] == "refuted"
    ev = res.claims[0].obligations[0].evidence
    assert sorted(ev.data["inconsistent_axioms"]) == ["one", "zero"]
    assert v["t.ax.good"] != "refuted"
    assert statuses(res)["t.ax.good/c"] == "failed"


# --- numeric and exact ------------------------------------------------------------------

def test_witness_within_and_out_of_tolerance_and_nan():
    ok = claim("t.num.ok", Obligation("w", "numeric", "supports", "close", lambda: Witness(
        np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-13]), 1e-12, instances=2)))
    bad = claim("t.num.bad", Obligation("w", "numeric", "supports", "far", lambda: Witness(
        np.array([1.0]), np.array([1.1]), 1e-3, instances=1)))
    nan = claim("t.num.nan", Obligation("w", "numeric", "supports", "nan", lambda: Witness(
        np.array([np.nan]), np.array([0.0]), 1.0, instances=1)))
    res = run_claims([ok, bad, nan])
    s = statuses(res)
    assert s["t.num.ok/w"] == "discharged"
    assert s["t.num.bad/w"] == "failed" and s["t.num.nan/w"] == "failed"
    v = verdicts(res)
    assert v["t.num.ok"] == "witnessed"
    assert v["t.num.bad"] == "unknown"  # an out-of-tolerance witness is no re-checked counterexample


def test_witness_cannot_refute():
    c = claim("t.num.refute", Obligation("w", "numeric", "refutes", "witness as refutation", lambda: Witness(
        np.array([1.0]), np.array([1.1]), 1e-3, instances=1)))
    assert statuses(run_claims([c]))["t.num.refute/w"] == "error"


def test_wrong_counterexample_is_rejected():
    c = claim("t.cex.wrong", Obligation("c", "numeric", "refutes", "bogus counterexample",
                                        lambda: Counterexample("1 + 1 = 3", {"lhs": 2},
                                                               lambda: (1 + 1 == 3, "1 + 1 = 2"))))
    res = run_claims([c])
    assert statuses(res)["t.cex.wrong/c"] == "error"
    assert verdicts(res)["t.cex.wrong"] == "error"


def test_exact_comparisons():
    eq = claim("t.ex.eq", Obligation("e", "exact", "supports", "1/3 + 1/6 = 1/2",
                                     lambda: ExactEqual([("sum", Fraction(1, 3) + Fraction(1, 6), Fraction(1, 2))])))
    ne = claim("t.ex.ne", Obligation("e", "exact", "refutes", "0.1 + 0.2 ≠ 0.3 in binary64",
                                     lambda: ExactEqual([("sum", Fraction(0.1) + Fraction(0.2), Fraction(0.3))])))
    flt = claim("t.ex.float", Obligation("e", "exact", "supports", "floats are not exact",
                                         lambda: ExactEqual([("f", 0.5, Fraction(1, 2))])))
    v = verdicts(run_claims([eq, ne, flt]))
    assert v["t.ex.eq"] == "witnessed"
    assert v["t.ex.ne"] == "refuted"
    assert v["t.ex.float"] == "error"


def test_bounded_and_scope_verdicts():
    def fam() -> list[Implication]:
        out = []
        for n in range(1, 4):
            e = [z3.Real(f"e{i}") for i in range(n)]
            out.append(Implication({"pos": z3.And([v > 0 for v in e])}, z3.Sum(e) > 0, label=f"n={n}"))
        return out
    c = claim("t.bounded", Obligation("b", "smt", "supports", "sum positive", fam, bound="n ≤ 3"))
    res = run_claims([c])
    assert res.claims[0].verdict == "proved-bounded" and res.claims[0].bound == "n ≤ 3"


def test_not_formal_claim():
    c = claim("t.informal", formal=False)
    assert verdicts(run_claims([c]))["t.informal"] == "not-formal"


def test_check_raising_is_an_error_and_others_still_run():
    def boom():
        raise RuntimeError("broken check")
    res = run_claims([claim("t.boom", Obligation("b", "symbolic", "supports", "raises", boom)),
                      claim("t.fine", Obligation("f", "symbolic", "supports", "x = x", lambda: Identity(x, x)))])
    s = statuses(res)
    assert s["t.boom/b"] == "error" and s["t.fine/f"] == "discharged"
    assert res.exit_code() == 1


def test_zero_tolerance_means_exact_equality():
    same = claim("t.num.zero_ok", Obligation("w", "numeric", "supports", "equal counts", lambda: Witness(
        np.array([100.0]), np.array([100.0]), 0.0, instances=1)))
    off = claim("t.num.zero_bad", Obligation("w", "numeric", "supports", "unequal counts", lambda: Witness(
        np.array([99.0]), np.array([100.0]), 0.0, instances=1)))
    s = statuses(run_claims([same, off]))
    assert s["t.num.zero_ok/w"] == "discharged" and s["t.num.zero_bad/w"] == "failed"


def test_nested_sums_are_not_captured_by_alpha_renaming():
    # Σ_z (Σ_s a_s K[s,z]) E[z]: the inner sum depends on z. A false "swap" must not reach 0.
    n = sp.Symbol("n", integer=True, positive=True)
    s_, z_, t_ = sp.symbols("s z t", integer=True, positive=True)
    a, K, E = sp.IndexedBase("a", positive=True), sp.IndexedBase("K", positive=True), sp.IndexedBase("E", positive=True)
    nested = sp.Sum(sp.Sum(a[s_] * K[s_, z_], (s_, 1, n)) * E[z_], (z_, 1, n))
    wrong = sp.Sum(E[z_], (z_, 1, n)) * sp.Sum(a[t_] * K[t_, t_], (t_, 1, n))
    out = symbolic._decide_identity(Identity(nested, wrong), seed=3)
    assert out.result != "holds"
    renamed = sp.Sum(sp.Sum(a[t_] * K[t_, s_], (t_, 1, n)) * E[s_], (s_, 1, n))
    assert symbolic._decide_identity(Identity(nested, renamed), seed=3).result == "holds"


def test_float_counterexample_points_and_goals_are_refused():
    floaty = symbolic.decide(NonIdentity(sp.Float(0.1) * x + sp.Float(0.2) * x, sp.Rational(3, 10) * x, {x: 1}),
                             "refutes", 0)
    assert floaty.result == "error"
    point = symbolic.decide(NonIdentity(x, x + 1, {x: 0.5}), "refutes", 0)
    assert point.result == "error"
    ident = symbolic.decide(Identity(sp.Float(0.5) * x, x / 2), "supports", 0)
    assert ident.result == "error"


def test_contradictory_evidence_is_an_error():
    def proof() -> Identity:
        return Identity(x + x, 2 * x)

    def bogus_cex() -> Counterexample:
        return Counterexample("claims 2x ≠ x + x", {}, lambda: (True, "a broken re-check"))
    c = claim("t.contradiction", Obligation("p", "symbolic", "supports", "2x = x + x", proof),
              Obligation("r", "numeric", "refutes", "bogus", bogus_cex))
    assert verdicts(run_claims([c]))["t.contradiction"] == "error"


def test_tautological_needs_proofs_not_instances():
    w = claim("t.taut.instances",
              Obligation("fwd", "numeric", "supports", "on instances", lambda: Witness(np.zeros(2), np.zeros(2), 1e-12, 2)),
              Obligation("conv", "exact", "converse", "on instances", lambda: ExactEqual([("c", 1, 1)])))
    assert verdicts(run_claims([w]))["t.taut.instances"] == "witnessed"


def test_witness_shape_mismatch_is_an_error():
    c = claim("t.num.shape", Obligation("w", "numeric", "supports", "(n,) vs (n,1)", lambda: Witness(
        np.zeros(3), np.zeros((3, 1)), 1.0, instances=3)))
    assert statuses(run_claims([c]))["t.num.shape/w"] == "error"


def test_cross_check_needs_several_defined_points():
    # sqrt(x - 3.9999) is undefined (complex) on most of the default positive range (0.05, 4).
    out = symbolic._decide_identity(Identity(sp.sqrt(x - sp.Rational(39999, 10000)) * 0 + x, x), seed=1)
    assert out.result == "holds"  # 0·(anything) cancels: still sampled on the whole range
    # Defined nowhere in the sample range: the cross-check must not pass on zero points.
    undefined = sp.Add(sp.log(x - 4), -sp.log(x - 4), evaluate=False)
    ok, why, points = symbolic.cross_check_zero(undefined, {x: (4.0, 4.0)}, 1)
    assert ok is False and points == 0
