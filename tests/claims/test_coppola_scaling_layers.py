"""coppola.bp.scaling.layers / .two_heads: Cor 7.3's layer count refuted (a loop, and k = 1), no layer count
exact on the loop (proved), the count enough on trees and two heads enough (proved-bounded, the construction's
shared proofs); must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
from claim_helpers import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import scaling_layers as m
from lemmas.models import from_edges

HEAVY = ("coppola.bp.scaling.layers.trees", "coppola.bp.scaling.two_heads")


@pytest.fixture(scope="module")
def result():
    return run_claims([c for c in m.CLAIMS if c.id not in HEAVY])


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.bp.scaling.layers"] == "refuted"
    assert v["coppola.bp.scaling.layers.any_count"] == "proved"
    assert v["coppola.bp.scaling.layers.fan_in_one"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    assert result.gate == "pass"


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip() and c.reading, c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_the_loop_counterexample_is_one_layer(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.scaling.layers")
    ev = c.obligations[0].evidence
    assert ev.confirmed and ev.counterexample["case"].startswith("L=1 ")
    assert (ev.counterexample["lhs"], ev.counterexample["rhs"]) == ("25/33", "7/9")


def test_the_recursion_is_the_models_sum_product():
    assert m.exact_marginals_fraction(m.triangle()) == [Fraction(7, 9)] * 3
    assert m.sum_product_marginals_exact(m.triangle(), 2) == [Fraction(32, 41)] * 3


def test_construction_claims_share_the_correct_constructions_proofs():
    trees, heads = (next(c for c in m.CLAIMS if c.id == cid) for cid in HEAVY)
    correct = {id(o) for o in m.CORRECT.obligations}
    assert {o.id for o in m.SHARED} == set(m.EXISTENCE_PROOFS)
    for c in (trees, heads):
        deciding = [o for o in c.obligations if not o.cross_check]
        assert deciding and all(id(o) in correct for o in deciding)


def test_construction_cross_checks_pass():
    # The deciding proofs are coppola.bp.construction.correct's (its own tests assert them); here the two
    # cross-checks these claims add: two heads per attention block, and 2 layers exact on an 8-leaf star.
    for check, method in ((m.exact_shape, "exact"), (m.star_witness, "numeric")):
        verdict, ev = decide_one(method, "supports", check)
        assert ev.status == "discharged", ev.detail


@pytest.mark.slow   # re-discharges the construction's proofs (about a minute on two cores)
def test_construction_claims_are_proved_bounded():
    res = run_claims([c for c in m.CLAIMS if c.id in HEAVY])
    v = verdicts(res)
    assert v["coppola.bp.scaling.layers.trees"] == "proved-bounded"
    assert v["coppola.bp.scaling.two_heads"] == "proved-bounded"
    assert res.gate == "pass"


# ---- must say no


def test_on_a_tree_enough_layers_refute_nothing():
    # The path 0 – 1 – 2 (diameter 2) with the triangle's tables: BP is exact from 2 layers on.
    psi = ((Fraction(2), Fraction(1)), (Fraction(1), Fraction(2)))
    path = from_edges(3, [(0, 1), (1, 2)], [psi] * 2, [(Fraction(1), Fraction(2))] * 3)
    verdict, ev = decide_one("exact", "refutes", partial(m.exact_triangle_layers, range(2, 9), path))
    assert ev.status == "failed" and verdict != "refuted"


def test_one_layer_on_the_chain_is_exact():
    verdict, ev = decide_one("exact", "refutes", partial(m.exact_fan_in_one, 1))
    assert ev.status == "failed" and verdict != "refuted"


def test_the_induction_fails_for_a_value_bp_reaches():
    # After two rounds the belief odds are 2·(4/3)² = 32/9: "never 32/9" is false and must not be proved.
    verdict, ev = decide_one("smt", "supports", partial(m.never_exact_induction, Fraction(32, 9)))
    assert ev.status != "discharged" and verdict != "proved"


def test_a_wrong_round_map_is_not_proved():
    verdict, ev = decide_one("symbolic", "supports",
                             partial(m.symbolic_round_map, lambda r: (1 + 2 * r) / (2 + r)))
    assert ev.status != "discharged" and verdict != "proved"


def test_a_one_head_shape_is_rejected():
    verdict, ev = decide_one("exact", "supports", partial(m.exact_shape, 1, 2, 2))
    assert ev.status == "failed" and verdict != "witnessed"
