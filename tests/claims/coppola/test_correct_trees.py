"""Every round is the same layer; sum-product after diameter rounds is exact on trees: broken
variants (a round with other weights, too few rounds) must fail."""
from __future__ import annotations

import dataclasses

import sympy as sp
from claim_helpers import decide_one

from lemmas.coppola.bp_construction import correct_trees as m
from lemmas.coppola.bp_construction.correct_layer import LAM, at_rational_point
from lemmas.models.construction_symbolic import THETA, conjunction, exact_sum_product_blocks, nonisomorphic_trees
from verify import Identity


def test_a_round_with_other_weights_breaks_round_independence():
    def build(T: int, D: int):
        blocks = list(exact_sum_product_blocks(T, D))
        if T >= 2:                                        # round 2's FFN reads THETA twice
            w1 = blocks[3].w1.as_mutable()
            w1[0, THETA] = 2
            blocks[3] = dataclasses.replace(blocks[3], w1=sp.ImmutableMatrix(w1))
        return tuple(blocks)

    def goal(build_with):
        return Identity(*conjunction(m.rounds_pairs(2, slots=(2,), build=build_with), LAM))
    _, ev = decide_one("symbolic", "supports", lambda: goal(build))
    assert ev.status == "unknown"
    _, ev = decide_one("symbolic", "supports", lambda: goal(exact_sum_product_blocks))
    assert ev.status == "discharged"


def test_diameter_minus_one_rounds_break_the_tree_identity():
    goal = m.sum_product_is_exact_on_trees(2, fewer=1)    # one edge: diameter 1, and 0 rounds send nothing
    _, ev = decide_one("symbolic", "supports", lambda: goal)
    assert ev.status == "unknown"
    _, ev = decide_one("symbolic", "refutes", lambda: at_rational_point(goal, seed=1))
    assert ev.status == "discharged" and ev.confirmed


def test_tree_shapes_are_counted_right():
    assert [len(nonisomorphic_trees(n)) for n in range(1, 11)] == [1, 1, 1, 2, 3, 6, 11, 23, 47, 106]
