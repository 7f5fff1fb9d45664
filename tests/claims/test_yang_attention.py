"""yang.attention.bridge.*: verdicts and must-say-no cases for each new check."""
from __future__ import annotations

from functools import partial

import pytest
import sympy as sp
import z3
from claim_helpers import decide_one, obligation_result, run_claims, statuses, verdicts

from lemmas.yang import attention
from verify import Identity, Implication


@pytest.fixture(scope="module")
def result():
    return run_claims(attention)


def test_verdicts(result):
    v = verdicts(result)
    assert v["yang.attention.bridge"] == "proved"
    assert v["yang.attention.bridge.plain_attention"] == "refuted"
    assert v["yang.attention.bridge.equal_norms"] == "proved"
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass" and result.exit_code() == 0


def test_float_witness_is_within_1e_12(result):
    ob = obligation_result(result, "yang.attention.bridge", "posterior.float64")
    assert ob.evidence.data["goals"][0]["tolerance"] == attention.WITNESS_TOLERANCE == 1e-12
    assert ob.evidence.data["goals"][0]["max_error"] <= 1e-12


def test_plain_attention_gap_is_substantial(result):
    ob = obligation_result(result, "yang.attention.bridge.plain_attention", "random_instance.symbolic")
    lo, hi = (float(v) for v in ob.evidence.counterexample["lhs_minus_rhs_enclosure"])
    assert ob.evidence.confirmed and min(abs(lo), abs(hi)) > 0.1


def test_explicit_identity_is_a_family_over_the_keys(result):
    ev = obligation_result(result, "yang.attention.bridge", "explicit.symbolic").evidence
    assert [g["label"].split(":")[0] for g in ev.data["goals"]] == ["key=1", "key=2", "key=3"]


def test_only_if_is_confirmed_by_cvc5(result):
    ev = obligation_result(result, "yang.attention.bridge.equal_norms", "only_if.smt").evidence
    assert ev.data["second_solver"]["status"] == "unsat"
    assert not any(u["claim"].startswith("yang.attention") for u in result.summary()["smt_goals_unconfirmed"])


# ------------------------------------------------------------------ must say no


def test_unbiased_attention_fails_the_float_witness():
    verdict, ev = decide_one("numeric", "supports", partial(attention.float64_witness, bias=False))
    assert ev.status == "failed" and not ev.confirmed and verdict != "proved"


def test_plain_attention_is_not_refuted_at_equal_norms_and_uniform_prior():
    q, k0, k1, s, p0, p1 = attention._qs, attention._k0, attention._k1, attention._s1, attention._p0, attention._p1
    point = {q: sp.Rational(3, 7), k0: sp.Integer(1), k1: sp.Integer(-1), s: sp.Integer(1),
             p0: sp.Rational(1, 2), p1: sp.Rational(1, 2)}
    verdict, ev = decide_one("symbolic", "refutes", partial(attention.plain_nonidentity, point))
    # lhs − rhs is 0 there, but not as a rational: its interval enclosure contains 0, so the
    # refutation is not confirmed (unknown), never a counterexample.
    assert ev.status in ("failed", "unknown") and not ev.confirmed and verdict != "refuted"


def test_equal_norm_counterexample_is_not_confirmed():
    # Exactly equal norms and a uniform prior: plain attention is the posterior there, so the
    # engine's evaluation finds 0 (or an enclosure containing 0), never a counterexample.
    verdict, ev = decide_one("symbolic", "refutes", partial(attention.plain_random_nonidentity, equal_norms=True))
    assert ev.status in ("failed", "unknown") and not ev.confirmed and verdict != "refuted"


def test_a_point_with_a_prior_that_does_not_sum_to_one_is_an_error():
    q, k0, k1, s, p0, p1 = attention._qs, attention._k0, attention._k1, attention._s1, attention._p0, attention._p1
    point = {q: sp.Integer(1), k0: sp.Integer(0), k1: sp.Integer(2), s: sp.Integer(1),
             p0: sp.Rational(1, 2), p1: sp.Rational(1, 3)}
    verdict, ev = decide_one("symbolic", "refutes", partial(attention.plain_nonidentity, point))
    assert ev.status == "error" and "outside the declared domain" in ev.detail


def test_only_if_fails_without_the_weight_equality_of_key_l():
    def check():
        g = attention.smt_only_if()
        ej, el, fj, fl, S, Sp = attention._only_if_variables()
        hyps = dict(g.hypotheses, same_weights=z3.And(S > 0, Sp > 0, ej / S == ej * fj / Sp))  # key l dropped
        return Implication(hyps, g.conclusion, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed


def test_bias_without_the_log_prior_is_not_proved():
    wrong = lambda j: attention._a[j] / attention._sigma ** 2 - attention._b[j] / (2 * attention._sigma ** 2)  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", partial(attention.symbolic_posterior, wrong))
    assert ev.status != "discharged" and verdict != "proved"


def test_plain_attention_with_unequal_norms_and_uniform_prior_is_not_proved():
    n, j = attention._n, attention._j
    plain = sp.exp(attention._a[j] / attention._sigma ** 2) / sp.Sum(
        sp.exp(attention._a[attention._l] / attention._sigma ** 2), (attention._l, 1, n))
    post = attention._posterior(lambda i: 1 / n, attention._density, j)
    verdict, ev = decide_one("symbolic", "supports", lambda: Identity(plain, post))
    assert ev.status != "discharged"
