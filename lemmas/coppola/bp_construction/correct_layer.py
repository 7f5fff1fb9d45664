r"""One layer of the project's construction is one round of sum-product (part of
``coppola.bp.construction.correct``).

Every goal is a sympy Identity about the weights ``build_sum_product_transformer`` builds, made
exact and evaluated by :mod:`lemmas.models.construction_symbolic` on token streams laid out by the
real encoder with symbolic contents. Several equalities form one Identity by
:func:`~lemmas.models.construction_symbolic.conjunction` with the fresh real :data:`LAM`.

Main definitions: :func:`ladder` (a sender of every degree ≤ D), :func:`star`,
:func:`at_rational_point` (a goal's two sides at a rational point, for must-say-no tests),
:func:`without_cavity_exclusion` (a broken mask).

Main statements (all for the slot count D ≤ :data:`SLOTS`, or for every value):

* :func:`layer_is_one_sum_product_round` — the new MSG is the log-odds of Pearl's update for every
  sender degree d ≤ D (symbolic potentials and messages), with the D-free steps
  :func:`logodds_message_is_softplus_difference`, :func:`sum_product_message_has_logodds_form`,
  :func:`gather_head_times_d_sums_real_keys`;
* :func:`heads_attend_only_to_gather_sets`, :func:`layer_keeps_invariants_on_arbitrary_tokens` —
  locality: on arbitrary symbolic tokens every head's weights are 1/D on the graph's gather set and
  0 elsewhere, and the layer keeps THETA, A, B, K, writes GATHER and MSG, and leaves MSG = 0 off
  edge tokens.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp

from lemmas.models import factor_message_logodds, factor_message_softplus, sum_product_message_ratio
from lemmas.models.construction_symbolic import (
    BELIEF,
    EDGE_A,
    EDGE_B,
    EDGE_K,
    GATHER,
    MSG,
    THETA,
    WIDTH,
    ExactAttention,
    SymbolicGraph,
    SymbolicStream,
    cavity,
    conjunction,
    degree_ladder,
    directed,
    exact_sum_product_blocks,
    incoming,
    logodds,
    mask_spec,
    message_update,
    oriented_table,
    symbolic_forward,
    symbolic_graph,
    symbolic_head_weights,
    symbolic_sigmoid,
    symbolic_softplus,
    symbolic_stream,
)
from verify import Family, Identity, NonIdentity, supports

SLOTS = 8
"""Largest slot count D of the default families."""
SLOW_SLOTS = 12
"""Largest slot count D of the ``--slow`` layer identity."""
SLOT_FAMILY = Family("D", range(1, SLOTS + 1))

LAM = sp.Symbol("lambda", real=True)
"""The fresh variable that combines the identities of one family member (see ``conjunction``)."""


def messages(count: int, prefix: str = "m") -> list[tuple[sp.Symbol, sp.Symbol]]:
    """Symbolic positive incoming messages (m(0), m(1)), one per directed edge."""
    return [(sp.Symbol(f"{prefix}{e}_0", positive=True), sp.Symbol(f"{prefix}{e}_1", positive=True))
            for e in range(count)]


def ladder(D: int) -> tuple[SymbolicGraph, list[int]]:
    """S_1 + … + S_D + an isolated variable, with symbolic potentials; and the star centres."""
    n, edges, centres = degree_ladder(D)
    return symbolic_graph(n, edges), centres


def star(D: int) -> SymbolicGraph:
    """A star of degree D (factors alternately (centre, leaf), (leaf, centre)) and an isolated variable."""
    return symbolic_graph(D + 2, [(0, k) if k % 2 else (k, 0) for k in range(1, D + 1)])


def centre_edges(g: SymbolicGraph, centres: Sequence[int]) -> list[int]:
    """The first outgoing directed edge of each centre (its sender has the centre's degree)."""
    dirs = directed(g)
    return [next(e for e, (s, _) in enumerate(dirs) if s == c) for c in centres]


def _symbolic_contents(stream: SymbolicStream) -> list[list[Any]]:
    """Every entry of every token an arbitrary real symbol x{t}_{c}, except that tokens that are not
    edge tokens keep the encoding's A = B = K = 0 (sinks, padding and isolated variables have no
    edge constants; nothing writes those dimensions, as the invariants show)."""
    edges = set(stream.edge_tok)
    x = [[sp.Symbol(f"x{t}_{c}", real=True) for c in range(WIDTH)] for t in range(len(stream.x))]
    for t in range(len(x)):
        if t not in edges:
            x[t][EDGE_A] = x[t][EDGE_B] = x[t][EDGE_K] = sp.Integer(0)
    return x


def _padded_streams(g: SymbolicGraph, D: int) -> list[tuple[SymbolicGraph, SymbolicStream]]:
    """``g`` and a one-edge graph with an isolated variable, encoded in one batch with slots D: the
    second sequence is mostly padding."""
    small = symbolic_graph(3, [(0, 1)], prefix="s_")
    other = [(small.num_variables, small.edges)]
    return [(g, symbolic_stream(g, slots=D, others=other, batch_index=0)),
            (small, symbolic_stream(small, slots=D, others=[(g.num_variables, g.edges)], batch_index=1))]


def _layer(D: int, blocks: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(blocks) if blocks is not None else exact_sum_product_blocks(1, D)


# -- one layer is one round -------------------------------------------------------------------------

MaskOverride = Callable[[SymbolicGraph, SymbolicStream, int], dict]


def layer_round_pairs(D: int, blocks: Sequence[Any] | None = None,
                      mask_override: MaskOverride | None = None) -> list[tuple[Any, Any]]:
    """(new MSG on the centre's edge token, log-odds of Pearl's update) for every star of the ladder."""
    g, centres = ladder(D)
    msgs = messages(2 * len(g.edges))
    stream = symbolic_stream(g, msgs, slots=D, stale=True)
    if mask_override is not None:
        stream.masks.update(mask_override(g, stream, D))
    reps = centre_edges(g, centres)
    out = symbolic_forward(_layer(D, blocks)[:2], stream.x, stream.masks, [stream.edge_tok[e] for e in reps])
    pairs = []
    for e in reps:
        s, _ = directed(g)[e]
        new = message_update(oriented_table(g, e), g.phi[s], [msgs[k] for k in cavity(g, e)])
        pairs.append((out[stream.edge_tok[e]][MSG], logodds(new)))
    return pairs


@supports("symbolic", family=SLOT_FAMILY, timeout=900,
          uses=("positive_potentials", "masks_as_specified", "exact_arithmetic"))
def layer_is_one_sum_product_round(D: int, blocks: Sequence[Any] | None = None,
                                   mask_override: MaskOverride | None = None) -> Identity:
    """One layer (exact weights of build_sum_product_transformer, masks of encode_graphs) maps the
    messages m_(k→i) of every sender of degree d ≤ D to log m'(1)/m'(0), m' = Pearl's update,
    symbolic potentials and messages.

    On the forest S_1 + … + S_D + an isolated variable (both table orientations), with stale symbolic
    scratch values. ``blocks`` and ``mask_override`` replace the construction's (must-say-no tests)."""
    lhs, rhs = conjunction(layer_round_pairs(D, blocks, mask_override), LAM)
    return Identity(lhs, rhs, label=f"new MSG = log m'(1)/m'(0) at the centre of S_1 … S_{D} (sender degrees 1..{D})")


@supports("symbolic", family=Family("D", range(SLOTS + 1, SLOW_SLOTS + 1)), timeout=1800, slow=True,
          cross_check=True, uses=("positive_potentials", "masks_as_specified", "exact_arithmetic"))
def layer_is_one_sum_product_round_for_more_slots(D: int) -> Identity:
    """The same for larger slot counts (9 ≤ D ≤ 12)."""
    return layer_is_one_sum_product_round(D)


def without_cavity_exclusion(g: SymbolicGraph, stream: SymbolicStream, D: int) -> dict:
    """A broken gather mask (for must-say-no tests): edge i→j also sees the reverse edge j→i.

    Rows keep D keys: the full incoming set of i padded with sinks (the read-out's set)."""
    rows = list(stream.masks["gather"])
    sinks = tuple(range(D))
    for e, t in enumerate(stream.edge_tok):
        s, _ = directed(g)[e]
        inc = tuple(sorted(stream.edge_tok[k] for k in incoming(g, s)))
        rows[t] = inc + sinks[:D - len(inc)]
    return {"gather": rows}


def at_rational_point(goal: Identity, seed: int = 0) -> NonIdentity:
    """The same two sides at a random rational point inside every symbol's domain (positive
    symbols in [1/10, 4], real ones in [−3, 3]): a counterexample when the sides differ there."""
    rng = random.Random(seed)
    syms = sorted(sp.sympify(goal.lhs).free_symbols | sp.sympify(goal.rhs).free_symbols, key=str)
    point = {s: sp.Rational(rng.randint(1, 40), 10) if s.is_positive else sp.Rational(rng.randint(-30, 30), 10)
             for s in syms}
    return NonIdentity(goal.lhs, goal.rhs, point, label=f"{goal.label} (at a rational point)")


_c = sp.Symbol("c", real=True)
_psi = sp.symbols("psi00 psi01 psi10 psi11", positive=True)


@supports("symbolic", uses=("positive_potentials",))
def logodds_message_is_softplus_difference() -> Identity:
    """F(c) = log(ψ01 + ψ11 e^c) − log(ψ00 + ψ10 e^c) is the two-softplus FFN output, every c."""
    return Identity(factor_message_logodds(_c, *_psi, exp=sp.exp, log=sp.log),
                    factor_message_softplus(_c, *_psi, exp=sp.exp, log=sp.log),
                    label="F(c) = softplus(c + log ψ11/ψ01) − softplus(c + log ψ10/ψ00) + log ψ01/ψ00")


@supports("symbolic", uses=("positive_potentials",))
def sum_product_message_has_logodds_form() -> Identity:
    """F(c) is the log-odds of the sum-product message for sender weights (1, e^c)."""
    return Identity(sp.log(sum_product_message_ratio(1, sp.exp(_c), *_psi)),
                    factor_message_logodds(_c, *_psi, exp=sp.exp, log=sp.log),
                    label="F(c) = log m(1)/m(0) of the sum-product message for sender weights (1, e^c)")


@supports("symbolic")
def gather_head_times_d_sums_real_keys() -> Identity:
    """The gather head times D returns the sum over its real keys, symbolic D and key count.

    k real keys and D − k zero-valued sinks, equal scores s."""
    D = sp.Symbol("D", integer=True, positive=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    u, ell = sp.symbols("u l", integer=True, positive=True)
    s = sp.Symbol("s", real=True)
    v = sp.IndexedBase("v", real=True)
    w = sp.exp(s) / sp.Sum(sp.exp(s), (ell, 1, D))          # softmax weight of each of the D allowed keys
    lhs = D * (sp.Sum(w * v[u], (u, 1, k)) + (D - k) * w * 0)
    return Identity(lhs, sp.Sum(v[u], (u, 1, k)), label="D·Σ_allowed softmax·v = Σ_real v, symbolic D and k")


# -- locality and invariants ------------------------------------------------------------------------


def locality_pairs(D: int, blocks: Sequence[Any] | None = None) -> list[tuple[Any, Any]]:
    """Every head's weight on every (query, key) vs the graph's gather sets, token contents symbolic."""
    layer = _layer(D, blocks)
    pairs = []
    for graph, stream in _padded_streams(star(D), D):
        x = _symbolic_contents(stream)
        spec = mask_spec(graph, stream, D)
        for block in (layer[0], layer[2]):
            assert isinstance(block, ExactAttention)
            for head, name in zip(block.heads, block.head_masks(), strict=True):
                w = symbolic_head_weights(head, x, stream.masks[name], range(len(x)))
                for t in range(len(x)):
                    want = set(spec[name][t])
                    for u in range(len(x)):
                        pairs.append((w[t][u], sp.Rational(1, len(want)) if u in want else sp.Integer(0)))
    return pairs


@supports("symbolic", family=SLOT_FAMILY, timeout=600, uses=("masks_as_specified",))
def heads_attend_only_to_gather_sets(D: int, blocks: Sequence[Any] | None = None) -> Identity:
    """On arbitrary symbolic tokens, every head's softmax weights are 1/D on the gather set the graph
    defines (cavity + sinks; full incoming set + sinks; itself), 0 on every other key.

    On a star of degree D with an isolated variable, and on a sequence that is mostly padding."""
    lhs, rhs = conjunction(locality_pairs(D, blocks), LAM)
    return Identity(lhs, rhs, label=f"D={D}: softmax weights = 1/|gather set| on the graph's gather sets, 0 elsewhere")


def invariant_pairs(D: int, blocks: Sequence[Any] | None = None) -> list[tuple[Any, Any]]:
    """The closed form of the round layer and of the read-out on arbitrary symbolic tokens."""
    layer = _layer(D, blocks)
    pairs: list[tuple[Any, Any]] = []
    for graph, stream in _padded_streams(star(D), D):
        x = _symbolic_contents(stream)
        spec = mask_spec(graph, stream, D)
        edge_set = set(stream.edge_tok)
        rnd = symbolic_forward(layer[:2], x, stream.masks)
        out = symbolic_forward(layer[2:4], x, stream.masks)
        for t in range(len(x)):
            c_round = sp.Add(*[x[u][MSG] for u in spec["gather"][t]])
            c_read = sp.Add(*[x[u][MSG] for u in spec["readout"][t]])
            for c in (THETA, EDGE_A, EDGE_B, EDGE_K):
                pairs += [(rnd[t][c], x[t][c]), (out[t][c], x[t][c])]
            pairs.append((rnd[t][BELIEF], x[t][BELIEF]))
            pairs.append((rnd[t][GATHER], c_round))
            pairs.append((rnd[t][MSG], x[t][EDGE_K] + symbolic_softplus(c_round + x[t][THETA] + x[t][EDGE_A])
                          - symbolic_softplus(c_round + x[t][THETA] + x[t][EDGE_B])))
            pairs.append((out[t][GATHER], c_read))
            pairs.append((out[t][MSG], x[t][EDGE_K]))
            pairs.append((out[t][BELIEF], x[t][BELIEF] + symbolic_sigmoid(c_read + x[t][THETA])))
            if t not in edge_set:
                pairs.append((rnd[t][MSG], sp.Integer(0)))
    return pairs


@supports("symbolic", family=SLOT_FAMILY, timeout=600, uses=("masks_as_specified",))
def layer_keeps_invariants_on_arbitrary_tokens(D: int, blocks: Sequence[Any] | None = None) -> Identity:
    """On arbitrary symbolic tokens: THETA, A, B, K (and BELIEF in a round) unchanged, GATHER = the
    gather sum, MSG = K + softplus(c + A) − softplus(c + B); MSG = 0 on sinks, padding and
    isolated-variable tokens; read-out BELIEF += σ(GATHER + THETA)."""
    lhs, rhs = conjunction(invariant_pairs(D, blocks), LAM)
    return Identity(lhs, rhs, label=f"D={D}: closed form of both blocks on arbitrary tokens; MSG = 0 off edge tokens")
