"""coppola.bp.scaling, .chain_depth: the binarization counts and their must-say-no variants."""
from __future__ import annotations

from functools import partial

import z3
from claim_helpers import decide_one

from lemmas.coppola.scaling import binary_gates as m
from verify import Implication, Induction


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_enumeration_counts():
    assert sum(n for _, n in m.binarizations(12)) == 58786
    depths = {d for (_, d), _ in m.binarizations(5)}
    assert depths == {3, 4} and m.ceil_log2(5) == 3
    assert len(list(m.trees(5))) == 14 and m.depth(m.chain_tree(5)) == 4


# ---- must say no


def test_wrong_gate_count_is_not_proved():
    # "leaves = gates" instead of "leaves = gates + 1": the base already fails.
    def wrong():
        goal = m.every_binarization_has_k_minus_1_gates()
        j = goal.index
        Lc, Gc, n = (z3.Function(f, z3.IntSort(), z3.IntSort()) for f in ("leaves_above", "gates_above", "nodes"))
        return Induction(j, Lc(j) + n(j) == Gc(j), base=goal.base, step=goal.step)
    verdict, ev = decide_one("smt", "supports", wrong)
    assert ev.status == "unknown" and "base" in ev.detail and verdict != "proved"


def test_depth_bound_needs_two_children_at_most():
    # With three children per gate the 2^j bound has no inductive step.
    verdict, ev = decide_one("smt", "supports", partial(m.binarization_depth_is_at_least_ceil_log2, children=3))
    assert ev.status == "unknown" and verdict != "proved"


def test_too_few_gates_on_the_last_level_is_no_tree_of_k_leaves():
    def wrong():
        k, Q, i, leaves = z3.Ints("k Q i leaves")
        return Implication({"D_is_ceil_log2_k": z3.And(k > Q, k <= 2 * Q)}, z3.And(i >= 1, i <= Q, leaves == k),
                           definitions={"i": i == k - Q - 1, "leaves": leaves == (Q - i) + 2 * i}, analyse=False)
    verdict, ev = decide_one("smt", "supports", wrong)
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_k3_is_no_counterexample_to_the_chain_wording():
    # k = 3: the chain has k − 1 = 2 = ⌈log2 3⌉ gates.
    verdict, ev = decide_one("exact", "refutes", partial(m.four_inputs_need_three_binary_gates, 3))
    assert ev.status == "failed" and verdict != "refuted"
