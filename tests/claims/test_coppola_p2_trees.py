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
