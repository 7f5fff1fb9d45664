"""lemmas/yang/attention_posterior.py: the evidence of yang.attention.bridge.posterior.* and
must-say-no cases."""
from __future__ import annotations

from functools import partial

import sympy as sp
import z3
from claim_helpers import decide_one, obligation_result

from lemmas.yang import attention_posterior as ap
from verify import Identity, Implication

POSTERIOR = "yang.attention.bridge.posterior"
PLAIN = "yang.attention.bridge.posterior.plain_attention"
EQUAL = "yang.attention.bridge.posterior.equal_norms"


def test_float_witness_is_within_1e_12(gate):
    ob = obligation_result(gate, POSTERIOR, "biased_attention_is_gaussian_posterior_in_float64")
    assert ob.evidence.data["goals"][0]["tolerance"] == ap.WITNESS_TOLERANCE == 1e-12
    assert ob.evidence.data["goals"][0]["max_error"] <= 1e-12


def test_plain_attention_gap_is_substantial(gate):
    ob = obligation_result(gate, PLAIN, "plain_attention_differs_from_posterior_on_random_instance")
    lo, hi = (float(v) for v in ob.evidence.counterexample["lhs_minus_rhs_enclosure"])
    assert ob.evidence.confirmed and min(abs(lo), abs(hi)) > 0.1


def test_explicit_identity_is_a_family_over_the_keys(gate):
    ev = obligation_result(gate, POSTERIOR, "biased_attention_is_gaussian_posterior_for_explicit_vectors").evidence
    assert [g["label"].split(":")[0] for g in ev.data["goals"]] == ["key=1", "key=2", "key=3"]


def test_only_if_is_confirmed_by_cvc5(gate):
    ev = obligation_result(gate, EQUAL, "equal_weights_force_constant_bias").evidence
    assert ev.data["second_solver"]["status"] == "unsat"
    assert not any(u["claim"].startswith("yang.attention") for u in gate.summary()["smt_goals_unconfirmed"])


# ------------------------------------------------------------------ must say no


def test_unbiased_attention_fails_the_float_witness():
    verdict, ev = decide_one("numeric", "supports", partial(ap.biased_attention_is_gaussian_posterior_in_float64,
                                                            bias=False))
    assert ev.status == "failed" and not ev.confirmed and verdict != "proved"


def test_plain_attention_is_not_refuted_at_equal_norms_and_uniform_prior():
    point = {ap._qs: sp.Rational(3, 7), ap._k0: sp.Integer(1), ap._k1: sp.Integer(-1), ap._s1: sp.Integer(1),
             ap._p0: sp.Rational(1, 2), ap._p1: sp.Rational(1, 2)}
    verdict, ev = decide_one("symbolic", "refutes",
                             partial(ap.plain_attention_differs_from_posterior_with_unequal_norms, point))
    # lhs − rhs is 0 there, but not as a rational: its interval enclosure contains 0, so the
    # refutation is not confirmed (unknown), never a counterexample.
    assert ev.status in ("failed", "unknown") and not ev.confirmed and verdict != "refuted"


def test_equal_norm_counterexample_is_not_confirmed():
    # Exactly equal norms and a uniform prior: plain attention is the posterior there, so the
    # engine's evaluation finds 0 (or an enclosure containing 0), never a counterexample.
    verdict, ev = decide_one("symbolic", "refutes",
                             partial(ap.plain_attention_differs_from_posterior_on_random_instance, equal_norms=True))
    assert ev.status in ("failed", "unknown") and not ev.confirmed and verdict != "refuted"


def test_a_point_with_a_prior_that_does_not_sum_to_one_is_an_error():
    point = {ap._qs: sp.Integer(1), ap._k0: sp.Integer(0), ap._k1: sp.Integer(2), ap._s1: sp.Integer(1),
             ap._p0: sp.Rational(1, 2), ap._p1: sp.Rational(1, 3)}
    verdict, ev = decide_one("symbolic", "refutes",
                             partial(ap.plain_attention_differs_from_posterior_with_unequal_norms, point))
    assert ev.status == "error" and "outside the declared domain" in ev.detail


def test_only_if_fails_without_the_weight_equality_of_key_l():
    def check():
        g = ap.equal_weights_force_constant_bias()
        ej, el, fj, fl, S, S_biased = ap.only_if_variables()
        # key l dropped from same_weights
        hyps = dict(g.hypotheses, same_weights=z3.And(S > 0, S_biased > 0, ej / S == ej * fj / S_biased))
        return Implication(hyps, g.conclusion, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed


def test_bias_without_the_log_prior_is_not_proved():
    wrong = lambda j: ap._a[j] / ap._sigma ** 2 - ap._b[j] / (2 * ap._sigma ** 2)  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", partial(ap.biased_attention_is_gaussian_posterior, wrong))
    assert ev.status != "discharged" and verdict != "proved"


def test_plain_attention_with_unequal_norms_and_uniform_prior_is_not_proved():
    post = ap._posterior(lambda i: 1 / ap._n, ap._density, ap._j)
    verdict, ev = decide_one("symbolic", "supports", lambda: Identity(ap._plain_softmax(ap._j), post))
    assert ev.status != "discharged"


def test_readings():
    assert {c.id: c.reading for c in ap.CLAIMS} == {POSTERIOR: "project", PLAIN: "misreading", EQUAL: "project"}
