"""yang.softmax.*: verdicts, the hypothesis analysis, and must-say-no cases for each check."""
from __future__ import annotations

from functools import partial

import pytest
import z3
from claim_helpers import decide_one, obligation_result, run_claims, statuses, verdicts

from lemmas.yang import softmax
from verify import FloatPredicate, Implication, Induction, ieee


@pytest.fixture(scope="module")
def result():
    return run_claims(softmax)


def test_verdicts(result):
    v = verdicts(result)
    assert v["yang.softmax.distribution"] == "proved"
    assert v["yang.softmax.distribution.ieee"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass" and result.exit_code() == 0


def test_families_cover_every_n_up_to_the_bound(result):
    for ob_id in ("positive.smt", "sum_to_one.smt", "at_most_one.smt", "shift.smt"):
        ev = obligation_result(result, "yang.softmax.distribution", ob_id).evidence
        assert [g["label"].split(":")[0] for g in ev.data["goals"]] == [f"n={n}" for n in range(1, 33)]
        assert ev.scope == "bounded"


def test_unmasked_key_hypothesis_is_necessary(result):
    ev = obligation_result(result, "yang.softmax.distribution", "sum_to_one.smt").evidence
    model = ev.data["necessary"]["at_least_one_unmasked"]["countermodel"]
    assert model["e_0"] == "0" and model["e_1"] == "0"  # every key masked: the row is 0/0
    assert ev.data["vacuity"]["status"] == "satisfiable"


def test_induction_is_built_by_the_engine_and_proved_for_all_n(result):
    ev = obligation_result(result, "yang.softmax.distribution", "rest_nonnegative.induction").evidence
    assert ev.status == "discharged" and ev.scope == "all"
    assert ev.data["goals"][0]["base"]["result"] == "holds" and ev.data["goals"][0]["step"]["result"] == "holds"


def test_deciding_smt_goals_are_confirmed_by_cvc5(result):
    assert result.summary()["smt_goals_unconfirmed"] == []


def test_ieee_counterexamples_are_evaluated_by_the_engine(result):
    ev = obligation_result(result, "yang.softmax.distribution.ieee", "float32_zero_weight").evidence
    assert ev.confirmed and ev.counterexample["dtype"] == "float32"
    ev = obligation_result(result, "yang.softmax.distribution.ieee", "unshifted_overflow").evidence
    assert ev.confirmed and any(v == "inf" for v in ev.counterexample["values"].values())


# ------------------------------------------------------------------ must say no


def test_float32_weight_at_a_moderate_gap_is_positive():
    verdict, ev = decide_one("numeric", "refutes", partial(softmax.float32_zero_weight, -20.0))
    assert ev.status == "failed" and verdict != "refuted"


def test_unshifted_formula_below_the_overflow_threshold_is_finite():
    verdict, ev = decide_one("numeric", "refutes", partial(softmax.unshifted_overflow, 700.0))
    assert ev.status == "failed" and verdict != "refuted"


def test_shifted_formula_does_not_overflow_at_1000():
    def check():
        w0, w1 = softmax._shifted_weights()
        return FloatPredicate(ieee.finite(w0) & ieee.finite(w1), {"s0": 1000.0, "s1": 0.0}, "float64")
    verdict, ev = decide_one("numeric", "refutes", check)
    assert ev.status == "failed"


def test_a_point_not_representable_in_float32_is_an_error():
    verdict, ev = decide_one("numeric", "refutes", partial(softmax.float32_zero_weight, -200.1))
    assert ev.status == "error" and "representable" in ev.detail


def test_bounds_without_rest_nonnegative_are_refuted():
    def check():
        g = softmax.unbounded_bounds()
        return Implication({"unmasked_key": g.hypotheses["unmasked_key"]}, g.conclusion,
                           definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed


def test_induction_with_a_subtracting_step_is_not_proved():
    def check():
        k = z3.Int("k")
        S, e = z3.Function("S", z3.IntSort(), z3.RealSort()), z3.Function("e", z3.IntSort(), z3.RealSort())
        return Induction(k, S(k) >= 0, base={"S0": S(0) == 0}, step={"Sk": S(k + 1) == S(k) - e(k + 1)},
                         hypotheses={"exp_nonnegative": e(k) >= 0})
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status != "discharged" and verdict != "proved"


def test_induction_whose_hypothesis_states_the_invariant_is_refused():
    def check():
        g = softmax.induction_rest_nonnegative()
        S = z3.Function("S", z3.IntSort(), z3.RealSort())
        return Induction(g.index, g.predicate, g.base, g.step, hypotheses={"cheat": S(g.index) >= 0})
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "error" and "recursive function" in ev.detail
