"""yang.attention.bridge.*: verdicts and must-say-no cases for each new check."""
from __future__ import annotations

from functools import partial

import pytest
import sympy as sp
from conftest import decide_one, obligation_result, run_claims, statuses, verdicts

from lemmas.yang import attention
from verify import Identity


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
    ob = obligation_result(result, "yang.attention.bridge.plain_attention", "random_instance.numeric")
    assert ob.evidence.confirmed and ob.evidence.counterexample["max_gap"] > 0.1


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


def test_equal_norm_counterexample_is_rejected_by_the_interval_recheck():
    verdict, ev = decide_one("numeric", "refutes", partial(attention.plain_random_counterexample, equal_norms=True))
    assert ev.status == "error" and "contains 0" in ev.detail


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
