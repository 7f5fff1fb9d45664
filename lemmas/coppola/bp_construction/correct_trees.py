r"""T layers are T rounds, and T ≥ diameter rounds give the marginals on trees (part of
``coppola.bp.construction.correct``).

With :mod:`.correct_layer`, "T layers = T rounds" follows by induction on T (base: the encoding's
MSG = 0 is the log-odds of the uniform messages; step: one layer is one round), applied by hand:
the engine's Induction goal cannot carry "layer = update for every state".

Main statements:

* :func:`every_round_uses_the_same_layer` (T ≤ :data:`ROUNDS`) — the T-round transformer is T copies
  of the one-round layer and its read-out;
* :func:`sum_product_is_exact_on_trees` (n ≤ :data:`TREE_SIZE`; :func:`sum_product_is_exact_on_larger_trees`
  with ``--slow``) — on every tree shape, symbolic potentials, sum-product after diameter rounds is
  the brute-force marginal and the messages are stationary;
* :func:`readout_is_sum_product_belief` (D ≤ 8) — the read-out returns the sum-product belief;
* :func:`transformer_returns_tree_marginals` (n ≤ :data:`END_TO_END_SIZE`, a cross-check) — the
  whole transformer composed, directly.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp

from lemmas.models.construction_symbolic import (
    BELIEF,
    ExactAttention,
    PolynomialGraph,
    belief,
    brute_force,
    conjunction,
    exact_sum_product_blocks,
    nonisomorphic_trees,
    sum_product_round,
    symbolic_forward,
    symbolic_graph,
    symbolic_stream,
    tree_diameter,
)
from lemmas.models.construction_symbolic import sum_product_messages as symbolic_messages
from verify import Family, Identity, supports

from .correct_layer import LAM, SLOT_FAMILY, SLOTS, ladder, messages

ROUNDS = 8
"""Largest T of the round-independence family."""
TREE_SIZE = 6
"""Largest tree of the default family."""
SLOW_TREE_SIZE = 8
"""Largest tree with ``--slow``."""
END_TO_END_SIZE = 3
"""Largest tree of the end-to-end composition check."""


def rounds_pairs(T: int, slots: Sequence[int] = tuple(range(1, SLOTS + 1)),
                 build: Callable[[int, int], Sequence[Any]] = exact_sum_product_blocks) -> list[tuple[Any, Any]]:
    """Every weight of the T-round model vs the one-round model's layer (rounds) and read-out.

    ``build(rounds, slots)`` gives the exact blocks (the construction's, by default)."""
    pairs: list[tuple[Any, Any]] = []
    for D in slots:
        many, one = build(T, D), build(1, D)
        pairs.append((sp.Integer(len(many)), sp.Integer(2 * T + 2)))
        for k, block in enumerate(many):
            ref = one[k % 2] if k < 2 * T else one[k - 2 * T + 2]
            same_kind = type(block) is type(ref) and block.name == ref.name
            if same_kind and isinstance(block, ExactAttention):
                same_kind = block.head_masks() == ref.head_masks() and len(block.heads) == len(ref.heads)
            elif same_kind:
                same_kind = block.activation == ref.activation
            pairs.append((sp.Integer(int(same_kind)), sp.Integer(1)))
            if not same_kind:
                continue
            if isinstance(block, ExactAttention):
                mats = [(getattr(h, n), getattr(r, n)) for h, r in zip(block.heads, ref.heads, strict=True)
                        for n in ("w_q", "w_k", "w_v", "w_o")]
                mats += [(sp.Matrix([[h.lam]]), sp.Matrix([[r.lam]]))
                         for h, r in zip(block.heads, ref.heads, strict=True)]
            else:
                mats = [(getattr(block, n), getattr(ref, n)) for n in ("w1", "b1", "w2", "b2")]
            for a, b in mats:
                pairs.append((sp.Integer(int(a.shape == b.shape)), sp.Integer(1)))
                if a.shape == b.shape:
                    pairs += list(zip(a.flat(), b.flat(), strict=True))
    return pairs


@supports("symbolic", family=Family("T", range(1, ROUNDS + 1)), timeout=300)
def every_round_uses_the_same_layer(T: int,
                                    build: Callable[[int, int], Sequence[Any]] = exact_sum_product_blocks) -> Identity:
    """The T-round transformer is T copies of the one-round layer and its read-out (every weight,
    mask and activation), every D ≤ 8."""
    lhs, rhs = conjunction(rounds_pairs(T, build=build), LAM)
    return Identity(lhs, rhs, label=f"T={T}: blocks 2r, 2r+1 (r < T) = the one-round layer; blocks 2T, 2T+1 = its "
                                   f"read-out; every D ≤ {SLOTS}")


def tree_pairs(n: int, fewer: int = 0) -> list[tuple[Any, Any]]:
    """Per tree shape: brute-force marginal = sum-product belief after diameter rounds (every variable),
    and every message unchanged by one more round. Arithmetic in Q[phi, psi] (expanded).

    ``fewer`` runs that many rounds less (for the must-say-no test: diameter − 1 is not enough)."""
    pairs: list[tuple[Any, Any]] = []
    for edges in nonisomorphic_trees(n):
        g = symbolic_graph(n, edges)
        ring = PolynomialGraph(g)
        T = max(0, tree_diameter(n, edges) - fewer)
        msgs = symbolic_messages(g, T, ring)
        later = sum_product_round(g, msgs, ring)
        Z, Z1 = brute_force(g, ring)
        z = ring.expr(Z)
        for i in range(n):
            b0, b1 = belief(g, msgs, i, ring)
            pairs.append((ring.expr(Z1[i]) / z, ring.expr(b1) / ring.expr(b0 + b1)))
        for now, nxt in zip(msgs, later, strict=True):
            pairs += [(ring.expr(nxt[0]), ring.expr(now[0])), (ring.expr(nxt[1]), ring.expr(now[1]))]
    return pairs


@supports("symbolic", family=Family("n", range(1, TREE_SIZE + 1)), timeout=600, uses=("positive_potentials",))
def sum_product_is_exact_on_trees(n: int, fewer: int = 0) -> Identity:
    """Every tree shape, every variable: sum-product after diameter rounds = brute-force marginal
    (rational functions of symbolic potentials), messages stationary afterwards.

    Every T ≥ diameter therefore gives the marginals; that T ≥ diameter is needed is
    ``coppola.bp.trees.sum_product.fewer_rounds``."""
    lhs, rhs = conjunction(tree_pairs(n, fewer), LAM)
    return Identity(lhs, rhs, label=f"n={n}: {len(nonisomorphic_trees(n))} tree shapes, every variable: "
                                   "sum-product after diameter rounds = enumeration; messages stationary")


@supports("symbolic", family=Family("n", range(TREE_SIZE + 1, SLOW_TREE_SIZE + 1)), timeout=3600, slow=True,
          cross_check=True, uses=("positive_potentials",))
def sum_product_is_exact_on_larger_trees(n: int) -> Identity:
    """The same for larger trees (7 ≤ n ≤ 8)."""
    return sum_product_is_exact_on_trees(n)


@supports("symbolic", family=Family("n", range(1, END_TO_END_SIZE + 1)), cross_check=True, timeout=300,
          uses=("positive_potentials", "masks_as_specified"))
def transformer_returns_tree_marginals(n: int) -> Identity:
    """The whole transformer (diameter layers + read-out, exact weights) returns the brute-force
    marginals on every tree with ≤ 3 variables: the induction over rounds, composed.

    From the encoding (MSG = 0) with symbolic potentials. This composes the layer, round and
    read-out identities directly; sympy's cost grows fast with the number of layers, so it is a
    cross-check on the smallest trees."""
    pairs = []
    for edges in nonisomorphic_trees(n):
        g = symbolic_graph(n, edges)
        stream = symbolic_stream(g)
        T = tree_diameter(n, edges)
        out = symbolic_forward(exact_sum_product_blocks(T, stream.enc.slots), stream.x, stream.masks,
                               [stream.readout_tok[i] for i in range(n)])
        Z, Z1 = brute_force(g)
        pairs += [(out[stream.readout_tok[i]][BELIEF], Z1[i] / Z) for i in range(n)]
    lhs, rhs = conjunction(pairs, LAM)
    return Identity(lhs, rhs, label=f"n={n}: transformer with diameter layers = brute-force marginals, every shape")


def readout_pairs(D: int, blocks: Sequence[Any] | None = None) -> list[tuple[Any, Any]]:
    """BELIEF after the read-out blocks vs the sum-product belief, every centre and the isolated variable."""
    layer = tuple(blocks) if blocks is not None else exact_sum_product_blocks(1, D)
    g, centres = ladder(D)
    msgs = messages(2 * len(g.edges))
    stream = symbolic_stream(g, msgs, slots=D, stale=True)
    for row in stream.x:
        row[BELIEF] = sp.Integer(0)             # no round writes BELIEF (the layer's invariants)
    nodes = list(centres) + [g.num_variables - 1]
    out = symbolic_forward(layer[2:4], stream.x, stream.masks, [stream.readout_tok[i] for i in nodes])
    pairs = []
    for i in nodes:
        b0, b1 = belief(g, msgs, i)
        pairs.append((out[stream.readout_tok[i]][BELIEF], b1 / (b0 + b1)))
    return pairs


@supports("symbolic", family=SLOT_FAMILY, timeout=600, uses=("positive_potentials", "masks_as_specified"))
def readout_is_sum_product_belief(D: int, blocks: Sequence[Any] | None = None) -> Identity:
    """The read-out blocks return σ(θ_i + Σ_k h_(k→i)), the sum-product belief, at every variable
    of degree 0..D."""
    lhs, rhs = conjunction(readout_pairs(D, blocks), LAM)
    return Identity(lhs, rhs, label=f"D={D}: σ(θ_i + Σ_k h_(k→i)) = φ_i(1)Πm(1) / Σ_x φ_i(x)Πm(x), degrees 0..{D}")
