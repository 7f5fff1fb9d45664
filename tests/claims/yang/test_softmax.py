"""lemmas/yang/softmax.py: the evidence of yang.softmax.distribution(.ieee) and must-say-no cases."""
from __future__ import annotations

from functools import partial

import z3
from claim_helpers import decide_one, obligation_result

from lemmas.yang import softmax
from verify import FloatPredicate, Implication, Induction, ieee

DIST = "yang.softmax.distribution"
IEEE = "yang.softmax.distribution.ieee"


def test_families_cover_every_n_up_to_the_bound(gate):
    for check in (softmax.unmasked_weights_positive_up_to_32_keys, softmax.weights_sum_to_one_up_to_32_keys,
                  softmax.weights_at_most_one_up_to_32_keys, softmax.softmax_shift_invariant_up_to_32_keys):
        ev = obligation_result(gate, DIST, check.__name__).evidence
        assert [g["label"].split(":")[0] for g in ev.data["goals"]] == [f"n={n}" for n in range(1, 33)]
        assert ev.scope == "bounded"


def test_unmasked_key_hypothesis_is_necessary(gate):
    ev = obligation_result(gate, DIST, "weights_sum_to_one_up_to_32_keys").evidence
    model = ev.data["necessary"]["at_least_one_unmasked"]["countermodel"]
    assert model["e_0"] == "0" and model["e_1"] == "0"  # every key masked: the row is 0/0
    assert ev.data["vacuity"]["status"] == "satisfiable"


def test_induction_is_built_by_the_engine_and_proved_for_all_n(gate):
    ev = obligation_result(gate, DIST, "partial_sums_nonnegative").evidence
    assert ev.status == "discharged" and ev.scope == "all"
    assert ev.data["goals"][0]["base"]["result"] == "holds" and ev.data["goals"][0]["step"]["result"] == "holds"


def test_deciding_smt_goals_are_confirmed_by_cvc5(gate):
    assert not [u for u in gate.summary()["smt_goals_unconfirmed"] if u["claim"].startswith("yang.softmax")]


def test_ieee_counterexamples_are_evaluated_by_the_engine(gate):
    ev = obligation_result(gate, IEEE, "float32_weight_underflows_to_zero").evidence
    assert ev.confirmed and ev.counterexample["dtype"] == "float32"
    ev = obligation_result(gate, IEEE, "unshifted_float64_formula_overflows").evidence
    assert ev.confirmed and any(v == "inf" for v in ev.counterexample["values"].values())


def test_every_hypothesis_a_goal_names_is_declared():
    dist = next(c for c in softmax.CLAIMS if c.id == DIST)
    declared = {h.name for h in dist.hypotheses}
    assert set(softmax.weights_in_unit_interval_for_every_n().hypotheses) <= declared
    assert set(softmax.softmax_shift_invariant_up_to_32_keys(2).hypotheses) <= declared


# ------------------------------------------------------------------ must say no


def test_float32_weight_at_a_moderate_gap_is_positive():
    verdict, ev = decide_one("numeric", "refutes", partial(softmax.float32_weight_underflows_to_zero, -20.0))
    assert ev.status == "failed" and verdict != "refuted"


def test_unshifted_formula_below_the_overflow_threshold_is_finite():
    verdict, ev = decide_one("numeric", "refutes", partial(softmax.unshifted_float64_formula_overflows, 700.0))
    assert ev.status == "failed" and verdict != "refuted"


def test_shifted_formula_does_not_overflow_at_1000():
    def check():
        w0, w1 = softmax.shifted_softmax_terms()
        return FloatPredicate(ieee.finite(w0) & ieee.finite(w1), {"s0": 1000.0, "s1": 0.0}, "float64")
    verdict, ev = decide_one("numeric", "refutes", check)
    assert ev.status == "failed"


def test_a_point_not_representable_in_float32_is_an_error():
    verdict, ev = decide_one("numeric", "refutes", partial(softmax.float32_weight_underflows_to_zero, -200.1))
    assert ev.status == "error" and "representable" in ev.detail


def test_bounds_without_rest_nonnegative_are_refuted():
    def check():
        g = softmax.weights_in_unit_interval_for_every_n()
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
        g = softmax.partial_sums_nonnegative()
        S = z3.Function("S", z3.IntSort(), z3.RealSort())
        return Induction(g.index, g.predicate, g.base, g.step, hypotheses={"cheat": S(g.index) >= 0})
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "error" and "recursive function" in ev.detail
