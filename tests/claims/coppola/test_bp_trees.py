"""coppola.bp.trees (Cor 1.3 = 7.4): refuted under the paper's BP, exact sum-product on trees."""
from __future__ import annotations

from fractions import Fraction as Q

from claim_helpers import decide_one, obligation_result

from lemmas.coppola import bp_trees as m


def _counterexample(gate, claim_id, ob_id):
    return obligation_result(gate, claim_id, ob_id).evidence.counterexample


def test_the_counterexamples_are_the_stated_marginals(gate):
    cex = _counterexample(gate, "coppola.bp.trees", "paper_bp_misses_the_tree_marginals")
    assert cex["rhs"] == "9/19" and cex["lhs"] == "1/2"
    cex = _counterexample(gate, "coppola.bp.trees", "lean_bp_forward_pass_misses_the_tree_marginals")
    assert cex["lhs"] == ["1/2", "1/2"] and cex["rhs"] == ["9/19", "8/19"]
    cex = _counterexample(gate, "coppola.bp.trees", "encoding_is_blind_to_the_factor_table")
    assert cex["lhs"] == ["9/19", "8/19"] and cex["rhs"] == ["7/10", "3/5"]
    cex = _counterexample(gate, "coppola.bp.trees.tree_hypothesis", "htree_holds_on_complete_graphs")
    assert cex["lhs"] is False and cex["case"].startswith("K3")


def test_every_claim_is_explained_and_says_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        if c.reading != "as-stated":
            assert c.reading in c.where, (c.id, c.where)


# -- must say no ---------------------------------------------------------------------------------

def test_wrong_number_of_rounds_is_not_exact():
    # T = diameter - 1 presented as a supporting exactness check must fail, with a confirmed mismatch
    _, ev = decide_one("exact", "supports", lambda: m.sum_product_is_exact_on_random_trees(count=12, extra=(-1,)))
    assert ev.status == "failed"


def test_lean_bp_is_not_refuted_where_the_marginals_are_one_half():
    ones = ((Q(1), Q(1)), (Q(1), Q(1)))
    v, ev = decide_one("exact", "refutes", lambda: m.lean_bp_forward_pass_misses_the_tree_marginals(table=ones))
    assert ev.status == "failed" and v != "refuted"


def test_tree_hypothesis_is_not_refuted_on_a_tree():
    v, ev = decide_one("exact", "refutes", lambda: m.htree_holds_on_complete_graphs(sizes=(2,)))   # K2 is a tree
    assert ev.status == "failed" and v != "refuted"
    assert m.htree_holds(7)


def test_tables_with_the_same_marginals_are_no_counterexample():
    # twice the paper's table: the same input and the same marginals, nothing to refute
    doubled = tuple(tuple(2 * c for c in row) for row in m.PAPER_TABLE)
    v, ev = decide_one("exact", "refutes", lambda: m.encoding_is_blind_to_the_factor_table(table_b=doubled))
    assert ev.status == "failed" and v != "refuted"


def test_trees_a_transformer_can_tell_apart_are_no_counterexample():
    # a unary potential on tree B changes its starting belief, hence its encoding: the premise fails
    unary = ((Q(1), Q(3)), (Q(1), Q(1)))
    v, ev = decide_one("exact", "refutes", lambda: m.encoding_is_blind_to_the_factor_table(unary_b=unary))
    assert ev.status == "error" and v != "refuted"
