"""coppola.bp.scaling.layers, .two_heads: the loop counterexample, the odds recursion, the claims that share the
construction's proofs; must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

from claim_helpers import decide_one

from lemmas.coppola.scaling import layer_count as m
from lemmas.models import from_edges
from verify.claim import obligation_of

CONSTRUCTION_CLAIMS = ("coppola.bp.scaling.layers.trees", "coppola.bp.scaling.two_heads")


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip() and c.reading, c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_the_loop_counterexample_is_one_layer(gate):
    c = next(c for c in gate.claims if c.claim.id == "coppola.bp.scaling.layers")
    ev = c.obligations[0].evidence
    assert ev.confirmed and ev.counterexample["case"].startswith("L=1 ")
    assert (ev.counterexample["lhs"], ev.counterexample["rhs"]) == ("25/33", "7/9")


def test_the_recursion_is_the_models_sum_product():
    assert m.exact_marginals_fraction(m.triangle()) == [Fraction(7, 9)] * 3
    assert m.sum_product_marginals_exact(m.triangle(), 2) == [Fraction(32, 41)] * 3


def test_construction_claims_are_decided_by_the_correct_constructions_existence_proofs():
    existence = [obligation_of(f) for f in m.EXISTENCE_PROOFS]
    assert existence and all(ob in m.CORRECT.obligations for ob in existence)
    for c in (c for c in m.CLAIMS if c.id in CONSTRUCTION_CLAIMS):
        assert [o for o in c.obligations if not o.cross_check] == existence, c.id


def test_construction_cross_checks_pass():
    # The deciding proofs are coppola.bp.construction.correct's (its own tests assert them); here the two
    # cross-checks these claims add: two heads per attention block, and 2 layers exact on an 8-leaf star.
    for check, method in ((m.built_model_has_two_heads_per_block, "exact"),
                          (m.two_layers_are_exact_on_a_star_of_8, "numeric")):
        verdict, ev = decide_one(method, "supports", check)
        assert ev.status == "discharged", ev.detail


# ---- must say no


def test_on_a_tree_enough_layers_refute_nothing():
    # The path 0 – 1 – 2 (diameter 2) with the triangle's tables: BP is exact from 2 layers on.
    psi = ((Fraction(2), Fraction(1)), (Fraction(1), Fraction(2)))
    path = from_edges(3, [(0, 1), (1, 2)], [psi] * 2, [(Fraction(1), Fraction(2))] * 3)
    verdict, ev = decide_one("exact", "refutes", partial(m.sum_product_on_triangle_is_not_exact, range(2, 9), path))
    assert ev.status == "failed" and verdict != "refuted"


def test_one_layer_on_the_chain_is_exact():
    verdict, ev = decide_one("exact", "refutes", partial(m.zero_layers_miss_chain_marginal, 1))
    assert ev.status == "failed" and verdict != "refuted"


def test_the_induction_fails_for_a_value_bp_reaches():
    # After two rounds the belief odds are 2·(4/3)² = 32/9: "never 32/9" is false and must not be proved.
    verdict, ev = decide_one("smt", "supports", partial(m.triangle_belief_is_never_exact, Fraction(32, 9)))
    assert ev.status != "discharged" and verdict != "proved"


def test_a_wrong_round_map_is_not_proved():
    verdict, ev = decide_one("symbolic", "supports",
                             partial(m.triangle_round_is_odds_map, lambda r: (1 + 2 * r) / (2 + r)))
    assert ev.status != "discharged" and verdict != "proved"


def test_a_one_head_shape_is_rejected():
    verdict, ev = decide_one("exact", "supports", partial(m.built_model_has_two_heads_per_block, 1, 2, 2))
    assert ev.status == "failed" and verdict != "witnessed"
