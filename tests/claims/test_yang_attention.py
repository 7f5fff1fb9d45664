"""yang.attention.bridge.*: verdicts and must-say-no cases for each new check."""
from __future__ import annotations

from functools import partial

import pytest
import sympy as sp
import z3
from claim_helpers import decide_one, obligation_result, run_claims, statuses, verdicts

from lemmas.yang import attention, softmax
from verify import Identity, Implication

BRIDGE = "yang.attention.bridge"
POSTERIOR = "yang.attention.bridge.posterior"
PLAIN = "yang.attention.bridge.posterior.plain_attention"
EQUAL = "yang.attention.bridge.posterior.equal_norms"


@pytest.fixture(scope="module")
def result():
    return run_claims(attention)


def test_verdicts(result):
    v = verdicts(result)
    assert v == {BRIDGE: "proved", POSTERIOR: "proved", PLAIN: "refuted", EQUAL: "proved"}
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass" and result.exit_code() == 0


def test_readings():
    readings = {c.id: c.reading for c in attention.CLAIMS}
    assert readings == {BRIDGE: "as-stated", POSTERIOR: "project", PLAIN: "misreading", EQUAL: "project"}


def test_bridge_reuses_the_softmax_proofs():
    # the same objects: a run selecting both claims discharges them once
    bridge = next(c for c in attention.CLAIMS if c.id == BRIDGE)
    for ob in (softmax.SUM_TO_ONE, softmax.BOUNDS, softmax.REST_NONNEGATIVE):
        assert any(o is ob for o in bridge.obligations)
    dist = next(c for c in softmax.CLAIMS if c.id == "yang.softmax.distribution")
    assert all(any(o is ob for o in dist.obligations) for ob in (softmax.SUM_TO_ONE, softmax.BOUNDS))


def test_continuity_is_proved_for_every_n_and_confirmed(result):
    for ob_id in ("continuity.ratio", "continuity.rest.induction", "continuity.change"):
        ev = obligation_result(result, BRIDGE, ob_id).evidence
        assert ev.status == "discharged" and ev.scope == "all"
        assert ev.data["second_solver"]["status"] == "unsat"
    ev = obligation_result(result, BRIDGE, "continuity.rest.induction").evidence
    assert ev.data["goals"][0]["base"]["result"] == "holds" and ev.data["goals"][0]["step"]["result"] == "holds"
    # every hypothesis of the last step is necessary (re-checked countermodels)
    data = obligation_result(result, BRIDGE, "continuity.change").evidence.data
    assert set(data["necessary"]) == {"weights_in_unit_interval", "exp_monotone", "weight_ratio"}


def test_float_witness_is_within_1e_12(result):
    ob = obligation_result(result, POSTERIOR, "posterior.float64")
    assert ob.evidence.data["goals"][0]["tolerance"] == attention.WITNESS_TOLERANCE == 1e-12
    assert ob.evidence.data["goals"][0]["max_error"] <= 1e-12


def test_plain_attention_gap_is_substantial(result):
    ob = obligation_result(result, PLAIN, "random_instance.symbolic")
    lo, hi = (float(v) for v in ob.evidence.counterexample["lhs_minus_rhs_enclosure"])
    assert ob.evidence.confirmed and min(abs(lo), abs(hi)) > 0.1


def test_explicit_identity_is_a_family_over_the_keys(result):
    ev = obligation_result(result, POSTERIOR, "explicit.symbolic").evidence
    assert [g["label"].split(":")[0] for g in ev.data["goals"]] == ["key=1", "key=2", "key=3"]


def test_only_if_is_confirmed_by_cvc5(result):
    ev = obligation_result(result, EQUAL, "only_if.smt").evidence
    assert ev.data["second_solver"]["status"] == "unsat"
    assert not any(u["claim"].startswith("yang.attention") for u in result.summary()["smt_goals_unconfirmed"])


# ------------------------------------------------------------------ must say no


def test_weight_ratio_without_the_other_keys_bound_is_refuted():
    # the other keys' new sum only nonnegative, not within the factor ρ of the old one
    def check():
        g = attention.smt_weight_ratio()
        hyps = dict(g.hypotheses, rest_ratio=z3.Real("R_shifted") >= 0)
        return Implication(hyps, g.conclusion, definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_rest_ratio_induction_with_a_doubled_term_is_not_proved():
    # B_{k+1} = B_k + 2e'_{k+1}: B may exceed ρA, so the step fails (the engine's countermodel)
    verdict, ev = decide_one("smt", "supports", partial(attention.induction_rest_ratio, 2))
    assert ev.status == "unknown" and "step" in ev.detail and verdict != "proved"


def test_weight_change_with_a_too_small_bound_is_refuted():
    verdict, ev = decide_one("smt", "supports", partial(attention.smt_weight_change, lambda rho: (rho - 1) / 2))
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


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
