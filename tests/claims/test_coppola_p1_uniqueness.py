"""coppola.uniqueness.*: verdicts and must-say-no cases (non-injective activation, wrong reparametrisation,
a head that can route exactly)."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
from claim_helpers import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import uniqueness
from verify import Family


@pytest.fixture(scope="module")
def result():
    return run_claims(uniqueness)


def _result(result, claim_id):
    return next(c for c in result.claims if c.claim.id == claim_id)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.uniqueness.ffn"] == "proved"
    assert v["coppola.uniqueness.attention"] == "vacuous"           # its hypothesis never holds
    assert v["coppola.uniqueness.attention.hypothesis_met"] == "refuted"
    assert v["coppola.uniqueness.attention.same_attention"] == "refuted"
    assert v["coppola.uniqueness.attention.reparametrization"] == "proved-bounded"
    assert _result(result, "coppola.uniqueness.attention.reparametrization").bound == "d ≤ 4"
    assert all(s == "discharged" for s in statuses(result).values())


def test_monotonicity_of_exp_is_necessary(result):
    ob = next(o for o in _result(result, "coppola.uniqueness.ffn").obligations if o.obligation.id == "whole_chain.smt")
    assert "exp_strictly_increasing" in ob.evidence.data["necessary"]


def test_witness_weights_are_far_apart(result):
    c = _result(result, "coppola.uniqueness.attention.reparametrization")
    ob = next(o for o in c.obligations if o.obligation.id == "outputs.float64")
    assert ob.evidence.data["goals"][0]["frobenius_distance"] > 10


def test_the_counterexample_is_a_reparametrised_head(result):
    ob = _result(result, "coppola.uniqueness.attention.same_attention").obligations[0]
    R, WQ2, WK2 = uniqueness.reparametrized_weights()
    assert ob.evidence.confirmed
    assert Fraction(ob.evidence.counterexample["WQ_11"]) == WQ2[1][1] != 1


def non_injective(E):
    # E/(1 + E²) = 1/(e^{-x} + e^{x}): not monotone, and non-injective (E and 1/E give the same value).
    return [1 + E * E > 0], E / (1 + E * E)


@pytest.mark.parametrize("goal", [uniqueness.monotonicity_goal, uniqueness.injectivity_goal])
def test_non_injective_activation_fails(goal):
    verdict, ev = decide_one("smt", "supports", partial(goal, non_injective, "sech"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_non_injective_activation_does_not_force_the_weights():
    verdict, ev = decide_one("smt", "supports", partial(uniqueness.smt_whole_chain, non_injective))
    assert ev.status == "failed" and verdict != "proved"


def _no_transpose(d, R=None, c=None):
    return uniqueness.score_identity(d, lambda R, c: (c * R, R.adjugate() / c))   # adj(R) instead of adj(R)ᵀ


def test_wrong_reparametrisation_is_not_proved():
    verdict, ev = decide_one("symbolic", "supports", _no_transpose, family=Family("d", (2,)))
    assert ev.status == "unknown" and verdict == "unknown"


def test_wrong_reparametrisation_is_no_counterexample():
    # R instead of R^{-T}: the scores change, so the hypotheses cannot hold together (the goal is broken).
    verdict, ev = decide_one("smt", "refutes", partial(uniqueness.reparametrized_paper_head, False))
    assert ev.status in ("failed", "error") and verdict != "refuted"


def test_the_papers_own_weights_are_no_counterexample():
    # c = 1, R = I keeps W_Q' = W_K' = projectDim(1): the claim's conclusion holds, no counterexample.
    identity = [[Fraction(int(i == j)) for j in range(uniqueness.D_MODEL)] for i in range(uniqueness.D_MODEL)]
    verdict, ev = decide_one("smt", "refutes", partial(uniqueness.reparametrized_paper_head, True, Fraction(1), identity))
    assert ev.status == "failed" and verdict != "refuted"


def test_every_claim_explains_itself():
    assert all(c.explanation.strip() for c in uniqueness.CLAIMS)
    for c in uniqueness.CLAIMS:
        if c.reading != "as-stated" and not c.id.startswith("coppola.bp.construction.correct"):
            assert c.reading in c.where, (c.id, c.where)


def test_the_literal_statement_rests_only_on_the_vacuity_proofs(result):
    # "vacuous": every deciding obligation proves that the hypothesis never holds.
    c = _result(result, "coppola.uniqueness.attention")
    assert {o.obligation.id for o in c.obligations} == {"vacuous.weights.smt", "vacuous.values.smt"}
    assert all(o.evidence.scope == "all" and o.evidence.vacuous for o in c.obligations)


def test_a_single_key_can_get_weight_one():
    # with no other key (R = 0 allowed) the weight is exactly 1: the vacuity proof must fail, with a model
    verdict, ev = decide_one("smt", "supports", partial(uniqueness.weight_below_one, False))
    assert ev.status == "failed" and ev.counterexample and not ev.vacuous and verdict not in ("vacuous", "proved")


def test_a_belief_between_the_others_can_be_gathered():
    # target 1/2 strictly inside (1/5, 4/5): positive weights reach it, so the hypothesis can hold there
    values = (Fraction(1, 5), Fraction(1, 2), Fraction(4, 5))
    verdict, ev = decide_one("smt", "supports", partial(uniqueness.gathered_value_misses, values, 1))
    assert ev.status == "failed" and ev.counterexample and not ev.vacuous and verdict not in ("vacuous", "proved")
    verdict, ev = decide_one("smt", "refutes", partial(uniqueness.routing_consistency, values, 1))
    assert ev.status == "failed" and verdict != "refuted"


def test_equal_beliefs_are_gathered_exactly():
    # when every token carries the neighbour's belief any weights gather it: nothing vacuous there
    values = (Fraction(4, 5), Fraction(4, 5))
    verdict, ev = decide_one("smt", "supports", partial(uniqueness.gathered_value_misses, values, 1))
    assert ev.status == "failed" and verdict not in ("vacuous", "proved")
