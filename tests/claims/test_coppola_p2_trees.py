"""coppola.bp.trees (Cor 1.3 = 7.4): refuted under the paper's BP, exact sum-product on trees."""
from __future__ import annotations

from fractions import Fraction as Q

from claim_helpers import obligation_result, probe_claim, run_claims, statuses, verdicts

from lemmas.coppola import bp_trees as m


def _probe(check, method, role):
    res = run_claims([probe_claim(check, method, role)])
    return verdicts(res)["test.probe.case"], statuses(res)["test.probe.case/ob"]


def test_trees_verdicts():
    result = run_claims(m)
    v = verdicts(result)
    assert v["coppola.bp.trees"] == "refuted"
    assert v["coppola.bp.trees.sum_product"] == "witnessed"
    assert v["coppola.bp.trees.sum_product.fewer_rounds"] == "refuted"
    assert v["coppola.bp.trees.tree_hypothesis"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    cex = obligation_result(result, "coppola.bp.trees", "paper_bp.exact").evidence.counterexample
    assert cex["rhs"] == "9/19" and cex["lhs"] == "1/2"
    cex = obligation_result(result, "coppola.bp.trees", "paper_bp.lean").evidence.counterexample
    assert cex["lhs"] == ["1/2", "1/2"] and cex["rhs"] == ["9/19", "8/19"]
    cex = obligation_result(result, "coppola.bp.trees", "encoding.exact").evidence.counterexample
    assert cex["lhs"] == ["9/19", "8/19"] and cex["rhs"] == ["7/10", "3/5"]
    assert all(c.explanation.strip() for c in m.CLAIMS)
    for c in m.CLAIMS:
        if c.reading != "as-stated" and not c.id.startswith("coppola.bp.construction.correct"):
            assert c.reading in c.where, (c.id, c.where)
    cex = obligation_result(result, "coppola.bp.trees.tree_hypothesis", "complete_graphs").evidence.counterexample
    assert cex["lhs"] is False and cex["case"].startswith("K3")


# -- must say no ---------------------------------------------------------------------------------

def test_wrong_number_of_rounds_is_not_exact():
    # T = diameter - 1 presented as a supporting exactness check must fail, with a confirmed mismatch
    _, s = _probe(lambda: m.sum_product_exact_on_trees(count=12, extra=(-1,)), "exact", "supports")
    assert s == "failed"


def test_lean_bp_is_not_refuted_where_the_marginals_are_one_half():
    v, s = _probe(lambda: m.lean_bp_vs_enumeration(table=((Q(1), Q(1)), (Q(1), Q(1)))), "exact", "refutes")
    assert s == "failed" and v != "refuted"


def test_tree_hypothesis_is_not_refuted_on_a_tree():
    v, s = _probe(lambda: m.tree_hypothesis_counterexample(sizes=(2,)), "exact", "refutes")   # K2 is a tree
    assert s == "failed" and v != "refuted"
    assert m.htree_holds(7)


def test_tables_with_the_same_marginals_are_no_counterexample():
    # twice the paper's table: the same input and the same marginals, nothing to refute
    doubled = tuple(tuple(2 * c for c in row) for row in m.PAPER_TABLE)
    v, s = _probe(lambda: m.blind_to_the_table(table_b=doubled), "exact", "refutes")
    assert s == "failed" and v != "refuted"


def test_trees_a_transformer_can_tell_apart_are_no_counterexample():
    # a unary potential on tree B changes its starting belief, hence its encoding: the premise fails
    v, s = _probe(lambda: m.blind_to_the_table(unary_b=((Q(1), Q(3)), (Q(1), Q(1)))), "exact", "refutes")
    assert s == "error" and v != "refuted"
