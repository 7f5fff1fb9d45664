"""coppola.uniqueness.attention (and .hypothesis_met, .same_attention, .reparametrization): vacuity, the
reparametrised counterexample; must-say-no cases (a wrong reparametrisation, a head that can route exactly)."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import numpy as np
from claim_helpers import decide_one, obligation_result

from lemmas.coppola.uniqueness import attention_weights as m
from lemmas.models.paper_construction import PAPER_WIDTH, project_dim
from verify import Family


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_the_exact_weights_are_the_models_project_dim():
    assert m._exact(project_dim(1)) == [[Fraction(int(i == j == 1)) for j in range(PAPER_WIDTH)]
                                         for i in range(PAPER_WIDTH)]


def test_the_literal_statement_rests_only_on_the_vacuity_proofs(gate):
    # "vacuous": every deciding obligation proves that the hypothesis never holds.
    c = next(c for c in gate.claims if c.claim.id == "coppola.uniqueness.attention")
    assert {o.obligation.id for o in c.obligations} == {"softmax_never_routes_exactly",
                                                         "gathered_belief_misses_neighbour"}
    assert all(o.evidence.scope == "all" and o.evidence.vacuous for o in c.obligations)


def test_the_counterexample_is_a_reparametrised_head(gate):
    ev = obligation_result(gate, "coppola.uniqueness.attention.same_attention",
                           "reparametrised_head_keeps_scores_not_weights").evidence
    _, WQ2, _ = m.paper_head_reparametrised()
    assert ev.confirmed
    assert Fraction(ev.counterexample["WQ_11"]) == WQ2[1][1] != 1


def test_witness_weights_are_far_apart(gate):
    ev = obligation_result(gate, "coppola.uniqueness.attention.reparametrization",
                           "reparametrisation_keeps_outputs_in_float64").evidence
    assert ev.data["goals"][0]["frobenius_distance"] > 10


# ---- must say no


def _no_transpose(d):
    return m.reparametrisation_keeps_scores(d, lambda R, c: (c * R, R.adjugate() / c))   # adj(R), not adj(R)ᵀ


def test_wrong_reparametrisation_is_not_proved():
    verdict, ev = decide_one("symbolic", "supports", _no_transpose, family=Family("d", (2,)))
    assert ev.status == "unknown" and verdict == "unknown"


def test_wrong_reparametrisation_is_no_counterexample():
    # R instead of R^{-T}: the scores change, so the hypotheses cannot hold together (the goal is broken).
    verdict, ev = decide_one("smt", "refutes", partial(m.reparametrised_head_keeps_scores_not_weights, False))
    assert ev.status in ("failed", "error") and verdict != "refuted"


def test_the_papers_own_weights_are_no_counterexample():
    # c = 1, R = I keeps W_Q' = W_K' = projectDim(1): the claim's conclusion holds, no counterexample.
    identity = m._exact(np.eye(PAPER_WIDTH))
    verdict, ev = decide_one("smt", "refutes",
                             partial(m.reparametrised_head_keeps_scores_not_weights, True, Fraction(1), identity))
    assert ev.status == "failed" and verdict != "refuted"


def test_a_single_key_can_get_weight_one():
    # with no other key (R = 0 allowed) the weight is exactly 1: the vacuity proof must fail, with a model
    verdict, ev = decide_one("smt", "supports", partial(m.softmax_never_routes_exactly, False))
    assert ev.status == "failed" and ev.counterexample and not ev.vacuous and verdict not in ("vacuous", "proved")


def test_a_belief_between_the_others_can_be_gathered():
    # target 1/2 strictly inside (1/5, 4/5): positive weights reach it, so the hypothesis can hold there
    values = (Fraction(1, 5), Fraction(1, 2), Fraction(4, 5))
    verdict, ev = decide_one("smt", "supports", partial(m.gathered_belief_misses_neighbour, values, 1))
    assert ev.status == "failed" and ev.counterexample and not ev.vacuous and verdict not in ("vacuous", "proved")
    verdict, ev = decide_one("smt", "refutes", partial(m.no_head_gathers_exactly_at_two_token_state, values, 1))
    assert ev.status == "failed" and verdict != "refuted"


def test_equal_beliefs_are_gathered_exactly():
    # when every token carries the neighbour's belief any weights gather it: nothing vacuous there
    values = (Fraction(4, 5), Fraction(4, 5))
    verdict, ev = decide_one("smt", "supports", partial(m.gathered_belief_misses_neighbour, values, 1))
    assert ev.status == "failed" and verdict not in ("vacuous", "proved")
