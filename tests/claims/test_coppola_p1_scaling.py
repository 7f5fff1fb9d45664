"""coppola.bp.scaling: fold and gate counts proved; the chain wording, the AND fold and the IEEE lemmas refuted; the
fold's De Morgan self-duality proved; must-say-no cases."""
from __future__ import annotations

from functools import partial

import pytest
import z3
from claim_helpers import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import scaling
from verify import Identity, Implication, Induction


@pytest.fixture(scope="module")
def result():
    return run_claims(scaling)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.bp.scaling"] == "proved"
    assert v["coppola.bp.scaling.chain_depth"] == "refuted"
    assert v["coppola.bp.scaling.ieee"] == "refuted"
    assert v["coppola.bp.scaling.and_fold"] == "refuted"
    assert v["coppola.bp.scaling.and_fold.self_dual"] == "proved"
    assert all(s == "discharged" for s in statuses(result).values())


def test_enumeration_counts():
    assert sum(n for _, n in scaling.binarizations(12)) == 58786
    depths = {d for (_, d), _ in scaling.binarizations(5)}
    assert depths == {3, 4} and scaling.ceil_log2(5) == 3
    assert len(list(scaling.trees(5))) == 14 and scaling.depth(scaling.chain_tree(5)) == 4


def test_wrong_gate_count_is_not_proved():
    # "leaves = gates" instead of "leaves = gates + 1": the base already fails.
    def wrong():
        goal = scaling.smt_gate_count()
        j = goal.index
        Lc, Gc, n = (z3.Function(f, z3.IntSort(), z3.IntSort()) for f in ("leaves_above", "gates_above", "nodes"))
        return Induction(j, Lc(j) + n(j) == Gc(j), base=goal.base, step=goal.step)
    verdict, ev = decide_one("smt", "supports", wrong)
    assert ev.status == "unknown" and "base" in ev.detail and verdict != "proved"


def test_depth_bound_needs_two_children_at_most():
    # With three children per gate the 2^j bound has no inductive step.
    def ternary():
        return scaling.smt_depth_lower_bound(children=3)
    verdict, ev = decide_one("smt", "supports", ternary)
    assert ev.status == "unknown" and verdict != "proved"


def test_too_few_gates_on_the_last_level_is_no_tree_of_k_leaves():
    def wrong():
        k, Q, i, leaves = z3.Ints("k Q i leaves")
        return Implication({"D_is_ceil_log2_k": z3.And(Q < k, k <= 2 * Q)}, z3.And(i >= 1, i <= Q, leaves == k),
                           definitions={"i": i == k - Q - 1, "leaves": leaves == (Q - i) + 2 * i}, analyse=False)
    verdict, ev = decide_one("smt", "supports", wrong)
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_k3_is_no_counterexample_to_the_chain_wording():
    # k = 3: the chain has k − 1 = 2 = ⌈log2 3⌉ gates.
    verdict, ev = decide_one("exact", "refutes", partial(scaling.chain_cases, 3))
    assert ev.status == "failed" and verdict != "refuted"


@pytest.mark.parametrize("check", [partial(scaling.float_associativity, 0.5, 0.25, 0.125),
                                   partial(scaling.float_logit_sigma, 1.0),
                                   partial(scaling.float_logit_sigma_defined, 1.0)])
def test_ieee_points_where_the_lemma_holds_are_rejected(check):
    # Powers of two multiply exactly; logit(σ(1.0)) is 1.0 in binary64.
    verdict, ev = decide_one("numeric", "refutes", check)
    assert ev.status == "failed" and verdict != "refuted"



def test_every_claim_explains_itself_and_names_its_reading(result):
    for c in result.claims:
        assert c.claim.explanation.strip(), c.claim.id
        assert c.claim.reading == "as-stated" or c.claim.reading in c.claim.where, (c.claim.id, c.claim.where)


def test_and_fold_counterexample_is_the_papers_example(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.scaling.and_fold")
    ev = c.obligations[0].evidence
    assert ev.confirmed and ev.counterexample["lhs"] == "8/11" and ev.counterexample["rhs"] == "8/25"


def test_the_product_fold_is_no_counterexample_to_and():
    # The AND does split into binary products: with the product as the gate nothing is refuted.
    verdict, ev = decide_one("exact", "refutes", partial(scaling.exact_and_fold, gate=scaling._product))
    assert ev.status == "failed" and verdict != "refuted"


def test_kary_self_duality_with_the_wrong_sign_is_not_proved():
    verdict, ev = decide_one("symbolic", "supports", partial(scaling.symbolic_kary_self_dual, 1))
    assert ev.status != "discharged" and verdict != "proved"


def test_self_duality_needs_both_inputs_complemented():
    # 1 − ((1 − a) ⊕ b) is not a ⊕ b.
    def half_dual():
        a, b = scaling._a, scaling._b
        m0, m1, c0, c1 = scaling.belief(a), scaling.belief(b), 1 / (1 + a), 1 / (1 + b)
        return Identity(1 - scaling.update_belief(c0, m1, m0, c1), scaling.update_belief(m0, m1, c0, c1))
    verdict, ev = decide_one("symbolic", "supports", half_dual)
    assert ev.status != "discharged" and verdict != "proved"
