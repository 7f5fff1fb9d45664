"""coppola.uniqueness.*: verdicts and must-say-no cases (non-injective activation, wrong reparametrisation)."""
from __future__ import annotations

from functools import partial

import pytest
from conftest import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import uniqueness


@pytest.fixture(scope="module")
def result():
    return run_claims(uniqueness)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.uniqueness.ffn"] == "proved"
    assert v["coppola.uniqueness.attention"] == "refuted"
    assert v["coppola.uniqueness.attention.reparametrization"] == "proved-bounded"
    assert all(s == "discharged" for s in statuses(result).values())


def test_monotonicity_of_exp_is_necessary(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.uniqueness.ffn")
    ob = next(o for o in c.obligations if o.obligation.id == "whole_chain.smt")
    assert "exp_strictly_increasing" in ob.evidence.data["necessary"]


def test_witness_weights_are_far_apart(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.uniqueness.attention.reparametrization")
    ob = next(o for o in c.obligations if o.obligation.id == "outputs.float64")
    assert ob.evidence.data["goals"][0]["frobenius_distance"] > 10


def non_injective(E):
    # E/(1 + E²) = 1/(e^{-x} + e^{x}): not monotone, and non-injective (E and 1/E give the same value).
    return [1 + E * E > 0], E / (1 + E * E)


def test_non_injective_activation_fails_the_injectivity_step():
    verdict, ev = decide_one("smt", "supports", partial(uniqueness.injectivity_goals, non_injective, "sech"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_non_injective_activation_does_not_force_the_weights():
    verdict, ev = decide_one("smt", "supports", partial(uniqueness.smt_whole_chain, non_injective))
    assert ev.status == "failed" and verdict != "proved"


def test_wrong_reparametrisation_is_not_proved():
    wrong = partial(uniqueness.score_identity, 2, lambda R, c: (c * R, R / c))   # R instead of R^{-T}
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert ev.status == "unknown" and verdict == "unknown"


def test_wrong_reparametrisation_counterexample_is_rejected():
    verdict, ev = decide_one("exact", "refutes", partial(uniqueness.reparametrized_paper_head, False))
    assert ev.status == "error" and "rejected" in ev.detail and verdict != "refuted"
