"""One layer is one round: every broken variant of the layer (one weight changed, the cavity exclusion
dropped, scores that read the tokens) must make the matching identity fail."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp
from claim_helpers import decide_one

from lemmas.coppola.bp_construction import correct_layer as m
from lemmas.models import build_sum_product_transformer
from lemmas.models.construction_symbolic import (
    EDGE_A,
    GATHER,
    MSG,
    THETA,
    NotExactError,
    conjunction,
    exact_blocks,
    exact_number,
)
from lemmas.models.transformer import Transformer
from verify import Identity


def test_exact_weights_round_trip_and_refuse_inexact_floats():
    assert exact_number(8.0) == 8 and exact_number(-1.0) == -1 and exact_number(0.5) == sp.Rational(1, 2)
    with pytest.raises(NotExactError):
        exact_number(0.1)                     # not a small dyadic rational
    model = build_sum_product_transformer(1, 4)
    blocks = exact_blocks(model)
    assert blocks[0].heads[0].w_o[GATHER, 0] == 4           # W_O = D e_GATHER
    assert np.array_equal(np.array(blocks[1].w1.tolist(), dtype=float), model.blocks[1].w1)


def mutated(D: int, *changes: tuple):
    """The one-round model with float weights changed — (block, head or None, matrix, index, value)
    each — converted to exact blocks like the construction's own."""
    blocks = list(build_sum_product_transformer(1, D).blocks)
    for block, head, name, index, value in changes:
        b = blocks[block]
        owner = b if head is None else b.heads[head]
        w = getattr(owner, name).copy()
        w[index] = value
        owner = dataclasses.replace(owner, **{name: w})
        if head is None:
            blocks[block] = owner
        else:
            heads = list(b.heads)
            heads[head] = owner
            blocks[block] = dataclasses.replace(b, heads=tuple(heads))
    return exact_blocks(Transformer(tuple(blocks)))


MUTANTS = {
    "gather W_O = D + 1": (0, 0, "w_o", (GATHER, 0), 4.0),
    "FFN drops THETA from the first unit": (1, None, "w1", (0, THETA), 0.0),
    "FFN reads A with weight 2": (1, None, "w1", (0, EDGE_A), 2.0),
    "reset head keeps the old message": (0, 1, "w_v", (0, MSG), 0.0),
}


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_changed_weight_breaks_the_layer_identity(mutant):
    goal = m.layer_is_one_sum_product_round(3, blocks=mutated(3, MUTANTS[mutant]))
    verdict, ev = decide_one("symbolic", "supports", lambda: goal, timeout=300)
    assert ev.status == "unknown" and verdict == "unknown", ev.detail
    verdict, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=3))
    assert ev.status == "discharged" and ev.confirmed and verdict == "refuted", ev.detail


def test_dropping_the_cavity_exclusion_breaks_the_layer_identity():
    goal = m.layer_is_one_sum_product_round(3, mask_override=m.without_cavity_exclusion)
    verdict, ev = decide_one("symbolic", "supports", lambda: goal, timeout=300)
    assert ev.status == "unknown" and verdict == "unknown", ev.detail
    verdict, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=5))
    assert ev.status == "discharged" and ev.confirmed, ev.detail


def test_the_unbroken_layer_has_no_counterexample_point():
    goal = m.layer_is_one_sum_product_round(2)
    _, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=5))
    assert ev.status != "discharged" and not ev.confirmed


def test_scores_that_read_the_tokens_break_locality():
    # q·k = MSG_t · MSG_u: the weights now depend on the messages, not only on the mask
    # (a false identity this large sends sympy's simplify into a long search, so the test asks
    # for the counterexample point, which is what decides it)
    blocks = mutated(2, (0, 0, "w_q", (0, MSG), 1.0), (0, 0, "w_k", (0, MSG), 1.0))
    verdict, ev = decide_one("symbolic", "refutes",
                             lambda: m.at_rational_point(m.heads_attend_only_to_gather_sets(2, blocks=blocks)))
    assert ev.confirmed and verdict == "refuted", ev.detail
    _, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(m.heads_attend_only_to_gather_sets(2)))
    assert not ev.confirmed


def test_conjunction_does_not_let_errors_cancel():
    x = sp.Symbol("x", real=True)
    pairs = [(x + 1, x), (x - 1, x)]                      # both false; their plain sums agree
    assert sp.expand(sum(a for a, _ in pairs) - sum(b for _, b in pairs)) == 0
    lhs, rhs = conjunction(pairs, m.LAM)
    _, ev = decide_one("symbolic", "supports", lambda: Identity(lhs, rhs))
    assert ev.status == "unknown"
    with pytest.raises(ValueError):
        conjunction([(m.LAM, 0)], m.LAM)                  # λ must be fresh
