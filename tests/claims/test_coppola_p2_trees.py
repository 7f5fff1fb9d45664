"""coppola.bp.trees (Cor 1.3 = 7.4): refuted under the paper's BP, exact sum-product on trees."""
from __future__ import annotations

from fractions import Fraction as Q

from conftest import probe_claim, run_claims, statuses, verdicts

from lemmas.coppola import bp_trees as m


def test_trees_verdicts():
    result = run_claims(m)
    v = verdicts(result)
    assert v["coppola.bp.trees"] == "refuted"
    assert v["coppola.bp.trees.sum_product"] == "witnessed"
    assert v["coppola.bp.trees.sum_product.fewer_rounds"] == "refuted"
    assert v["coppola.bp.trees.tree_hypothesis"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.trees")
    ob = next(o for o in c.obligations if o.obligation.id == "paper_bp.exact")
    assert ob.evidence.counterexample["rhs"] == "9/19" and ob.evidence.counterexample["lhs"] == "1/2"


def test_wrong_number_of_rounds_is_not_exact():
    # T = diameter - 1 presented as a supporting exactness check must fail, with a confirmed mismatch
    res = run_claims([probe_claim(lambda: m.sum_product_exact_on_trees(count=12, extra=(-1,)), "exact", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_paper_bp_recheck_rejects_a_table_whose_marginals_are_one_half():
    ok, _ = m.paper_bp_recheck(table=((Q(1), Q(1)), (Q(1), Q(1))))
    assert not ok
    ok, _ = m.paper_bp_recheck()
    assert ok


def test_tree_hypothesis_recheck_rejects_a_tree():
    ok, _ = m.tree_hypothesis_counterexample(sizes=(2,)).recheck()   # K2 is a tree
    assert not ok
    assert m.htree_holds(7)
