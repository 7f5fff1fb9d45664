r"""A transformer whose every layer is one synchronous round of sum-product — weights, proofs, bounds.

This is the *correct* construction that [C] claims but does not give (its §7 weights route
nowhere and its FFN cannot compute updateBelief, see :mod:`lemmas.models.paper_construction`).
It is a weight setting of the generic :class:`~lemmas.models.transformer.Transformer` plus
per-token input features and attention masks. Two variants share the tokens and the FFNs and
differ only in how the attention gathers:

* ``"masked"``: exact in real arithmetic (one head, equal scores, masks, sink keys);
* ``"unmasked"``: no masks; index-matching scores -lam (q - k)^2 with one head per gathered slot;
  its gather error has the proved bound :func:`unmasked_gather_error_bound`.

Tokens (one sequence per graph)
-------------------------------
``[sinks | isolated variables | one token per directed edge i->j | padding]``. Directed edges
are in :class:`~lemmas.models.bp.DirectedEdges` order (factor f gives 2f = a->b, 2f+1 = b->a).
A variable needs no token of its own: its belief is read at the token of its first outgoing edge
(its *read-out token*); only isolated variables get one. Residual dimensions (``LAYOUT``)::

    BELIEF  read-out P(x_i = 1) (written by the last FFN)
    MSG     message log-odds h_{i->j} = log m_{i->j}(1) / m_{i->j}(0) (edge tokens; 0 elsewhere)
    GATHER  scratch the attention writes into
    THETA   unary log-odds theta_i = log phi_i(1)/phi_i(0) of the *sender* i (of the variable
            itself on an isolated-variable token)
    EDGE_A  log(psi'11 / psi'01)   \
    EDGE_B  log(psi'10 / psi'00)    } edge constants, psi' = table oriented [x_sender][x_receiver]
    EDGE_K  log(psi'01 / psi'00)   /
    (unmasked only) ONE = 1, POS = p, POS_SQ = p^2, TARGET_0..TARGET_{D-1} and READ_0..READ_{D-1}
            = positions of the keys to gather in a round and at the read-out

Gather sets: in a round, the edge token i->j sums the incoming edges of i except j->i (the
cavity); at the read-out, the read-out token of i sums all incoming edges of i. Every other token
gathers nothing (only sinks). D = ``slots`` = max(1, maximum degree) bounds every gather set.

One round (two blocks: attention, FFN)
--------------------------------------
*Masked variant.* The attention block has two heads reading the same input:

* gather head, mask ``"gather"`` (``"readout"`` in the read-out block): W_Q = W_K = 0 (all scores
  equal), W_V = e_MSG, W_O = D e_GATHER; the mask allows exactly D keys per query: the gather set
  padded with zero-valued sink tokens. The softmax weights are then exactly 1/D on the allowed
  keys and 0 elsewhere, so it adds D * (1/D) Σ_{allowed} MSG_u = Σ_{gather set} MSG_u (sinks add
  0): the masked-mean identity :func:`masked_mean_gather`;
* reset head, mask ``"self"`` (the diagonal): a single allowed key has weight exactly 1, so it
  adds a linear map of the token itself, (EDGE_K - MSG) to MSG and -GATHER to GATHER. After the
  block: GATHER = this round's gather g, MSG = K.

The FFN (softplus, 2 hidden units) adds softplus(c + EDGE_A) - softplus(c + EDGE_B) to MSG, with
c = GATHER + THETA = theta_i + Σ_{k∈N(i)\j} h_{k->i}, so MSG = K + softplus(c + A) - softplus(c + B)
= F(c). On sink, padding and isolated-variable tokens EDGE_* = 0: MSG = 0 + softplus(c) - softplus(c) = 0.

*Unmasked variant.* The attention block has D heads; head r has query (TARGET_r, 1) and key
(2 POS, -POS_SQ), so its score is lam (2 t p - p^2) = -lam (t - p)^2 + lam t^2; the last term is
constant along the query row, so the weights are those of the index-matching score
-lam (t - p)^2 (unused slots target the sink at position 0). It adds ≈ g to GATHER (error bound
below). With no exact self-attention available, the FFN does the bookkeeping with 8 softplus
units::

    MSG    += softplus(c + A) - softplus(c + B) + [softplus(K) - softplus(-K)] - [softplus(MSG) - softplus(-MSG)]
    GATHER += -[softplus(GATHER) - softplus(-GATHER)]

and softplus(z) - softplus(-z) = z exactly, so MSG := F(c) and GATHER := 0.

Read-out: the attention block once more, now on the read-out gather sets (read-out token of i:
g = Σ_{k in N(i)} h_{k->i}), and an FFN with one sigmoid unit: BELIEF += sigmoid(GATHER + THETA)
= sigmoid(theta_i + Σ_k h_{k->i}) = b_i(1), because b_i(x) ∝ phi_i(x) Π_k m_{k->i}(x).
The sender's theta_i enters through the edge token's own THETA (every edge token i->j carries
its sender's unary log-odds), which saves a key per query.

Derivation of F (orientation matters)
-------------------------------------
The message from variable i through factor psi to variable j is
``m_{i->j}(x_j) ∝ Σ_{x_i} psi(x_i, x_j) mu(x_i)`` with ``mu(x_i) ∝ phi_i(x_i) Π_{k∈N(i)\j} m_{k->i}(x_i)``.
Write mu(0) ∝ 1, mu(1) ∝ e^c with c = theta_i + Σ_{k∈N(i)\j} h_{k->i}. Indexing the table
``psi'[x_i][x_j]`` with the **sender first** (psi' = table if i is the factor's first variable,
its transpose otherwise):

    h_{i->j} = log m(1)/m(0) = log(psi'01 + psi'11 e^c) - log(psi'00 + psi'10 e^c) =: F(c)

Factoring psi'01 and psi'00 out of the logs gives the two-softplus form

    F(c) = softplus(c + log(psi'11/psi'01)) - softplus(c + log(psi'10/psi'00)) + log(psi'01/psi'00),

checked symbolically through :func:`factor_message_logodds` and :func:`factor_message_softplus`.
F is 1-Lipschitz: F'(c) = sigmoid(c + A) - sigmoid(c + B) lies in (-1, 1), so a gather error of
eps changes the new message by less than eps, and the sigmoid read-out by at most eps/4.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Literal, Sequence, TypeVar

import numpy as np

from .factor_graph import FactorGraph, diameters
from .transformer import AllowedKeys, AttentionHead, FeedForward, MultiHeadAttention, Transformer

__all__ = [
    "Variant", "LAYOUT", "DEFAULT_UNMASKED_LAM", "EncodedBatch", "GatherMeasurement",
    "slots_for", "token_width", "build_sum_product_transformer", "encode_graphs", "run_sum_product_transformer",
    "transformer_marginals", "transformer_marginals_grouped", "transformer_messages", "measure_gather", "unmasked_gather_error_bound",
    "unmasked_gather_weight_bound", "factor_message_logodds", "factor_message_softplus",
    "sum_product_message_ratio", "masked_mean_gather", "softplus_linear_identity",
]

Variant = Literal["masked", "unmasked"]

#: Residual-stream dimensions shared by both variants.
LAYOUT = {"BELIEF": 0, "MSG": 1, "GATHER": 2, "THETA": 3, "EDGE_A": 4, "EDGE_B": 5, "EDGE_K": 6,
          "ONE": 7, "POS": 8, "POS_SQ": 9, "TARGET_0": 10}   # READ_r = TARGET_0 + slots + r
_BELIEF, _MSG, _GATHER, _THETA, _A, _B, _K = 0, 1, 2, 3, 4, 5, 6
_ONE, _POS, _POS_SQ, _TARGET0 = 7, 8, 9, 10
_MASKED_WIDTH = 7

#: Default inverse temperature of the unmasked variant: off-target weight ≤ 2e^-40 per head.
DEFAULT_UNMASKED_LAM = 40.0


def token_width(variant: Variant, slots: int) -> int:
    return _MASKED_WIDTH if variant == "masked" else _TARGET0 + 2 * slots


def slots_for(graphs: Sequence[FactorGraph]) -> int:
    """D = max(1, max degree): every gather set (cavity or full) has at most D members."""
    return max([1] + [g.max_degree for g in graphs])


def _check_variant(variant: str) -> None:
    if variant not in ("masked", "unmasked"):
        raise ValueError(f"variant must be 'masked' or 'unmasked', got {variant!r}")


# ----------------------------------------------------------------------------------------------
# Weights


def _unit(d: int, *idx_coef: tuple[int, float]) -> np.ndarray:
    v = np.zeros(d)
    for i, c in idx_coef:
        v[i] += c
    return v


def _attention_block(variant: Variant, slots: int, lam: float, readout: bool) -> MultiHeadAttention:
    """The gather block of a round (``readout=False``: cavity sets) or of the read-out (full sets).

    Both have the same weights apart from which gather sets they read: the mask ``"gather"`` vs
    ``"readout"`` (masked variant), the TARGET vs READ feature dimensions (unmasked variant).
    """
    d = token_width(variant, slots)
    if variant == "masked":
        gather = AttentionHead(w_q=np.zeros((1, d)), w_k=np.zeros((1, d)),
                               w_v=_unit(d, (_MSG, 1.0))[None, :],
                               w_o=_unit(d, (_GATHER, float(slots)))[:, None], lam=1.0,
                               mask="readout" if readout else "gather")
        # The reset head sees only its own token (mask "self"), so its weight is exactly 1 and it
        # adds the linear map x -> (EDGE_K - MSG, -GATHER) of the token itself: MSG becomes K
        # (the FFN then adds the rest of F) and the stale GATHER of the previous round is removed.
        reset = AttentionHead(w_q=np.zeros((1, d)), w_k=np.zeros((1, d)),
                              w_v=np.stack([_unit(d, (_K, 1.0), (_MSG, -1.0)), _unit(d, (_GATHER, -1.0))]),
                              w_o=np.stack([_unit(d, (_MSG, 1.0)), _unit(d, (_GATHER, 1.0))], axis=1),
                              lam=1.0, mask="self")
        return MultiHeadAttention((gather, reset), name="readout" if readout else "gather")
    if not lam > 0:
        raise ValueError("the unmasked variant needs lam > 0")
    first = _TARGET0 + (slots if readout else 0)
    heads = []
    for r in range(slots):
        heads.append(AttentionHead(
            w_q=np.stack([_unit(d, (first + r, 1.0)), _unit(d, (_ONE, 1.0))]),
            w_k=np.stack([_unit(d, (_POS, 2.0)), _unit(d, (_POS_SQ, -1.0))]),
            w_v=_unit(d, (_MSG, 1.0))[None, :],
            w_o=_unit(d, (_GATHER, 1.0))[:, None], lam=lam))
    return MultiHeadAttention(tuple(heads), mask=None, name="readout" if readout else "gather")


def _update_ffn_masked(d: int) -> FeedForward:
    """MSG += softplus(c + A) - softplus(c + B), c = GATHER + THETA (MSG was set to K by the reset head)."""
    w1 = np.stack([_unit(d, (_GATHER, 1.0), (_THETA, 1.0), (_A, 1.0)),
                   _unit(d, (_GATHER, 1.0), (_THETA, 1.0), (_B, 1.0))])
    w2 = np.zeros((d, 2))
    w2[_MSG] = (1.0, -1.0)
    return FeedForward(w1, np.zeros(2), w2, np.zeros(d), "softplus", name="update")


def _update_ffn_unmasked(d: int) -> FeedForward:
    """The whole update in the FFN: MSG := F(c) and GATHER := 0 via softplus(z) - softplus(-z) = z.

    (The unmasked variant has no exact self-attention to do the bookkeeping: an index-matching
    head would only approximately select its own token.)
    """
    rows = [  # (pre-activation weights, output weight on MSG, output weight on GATHER)
        (((_GATHER, 1.0), (_THETA, 1.0), (_A, 1.0)), +1.0, 0.0),   # softplus(c + A)
        (((_GATHER, 1.0), (_THETA, 1.0), (_B, 1.0)), -1.0, 0.0),   # softplus(c + B)
        (((_K, 1.0),), +1.0, 0.0),                                # softplus(K)  } = +K
        (((_K, -1.0),), -1.0, 0.0),                               # softplus(-K) }
        (((_MSG, 1.0),), -1.0, 0.0),                              # softplus(h)  } = -h (clear old message)
        (((_MSG, -1.0),), +1.0, 0.0),                             # softplus(-h) }
        (((_GATHER, 1.0),), 0.0, -1.0),                           # softplus(g)  } = -g (clear scratch)
        (((_GATHER, -1.0),), 0.0, +1.0),                          # softplus(-g) }
    ]
    w1 = np.stack([_unit(d, *pre) for pre, _, _ in rows])
    w2 = np.zeros((d, len(rows)))
    for j, (_, to_msg, to_gather) in enumerate(rows):
        w2[_MSG, j] = to_msg
        w2[_GATHER, j] = to_gather
    return FeedForward(w1, np.zeros(len(rows)), w2, np.zeros(d), "softplus", name="update")


def _readout_ffn(d: int) -> FeedForward:
    w1 = _unit(d, (_GATHER, 1.0), (_THETA, 1.0))[None, :]
    w2 = _unit(d, (_BELIEF, 1.0))[:, None]
    return FeedForward(w1, np.zeros(1), w2, np.zeros(d), "sigmoid", name="readout")


def build_sum_product_transformer(rounds: int, slots: int, *, variant: Variant = "masked",
                                  lam: float = DEFAULT_UNMASKED_LAM) -> Transformer:
    """The weights: ``rounds`` x [gather, update] then [gather, read-out]; 2 rounds + 2 blocks.

    Weights depend only on (variant, slots, lam), not on the graph: the graph enters through
    the token features and (masked variant) the mask, exactly like a prompt.
    """
    _check_variant(variant)
    if rounds < 0:
        raise ValueError("rounds must be non-negative")
    if slots < 1:
        raise ValueError("slots must be at least 1")
    d = token_width(variant, slots)
    attention = _attention_block(variant, slots, lam, readout=False)
    update = _update_ffn_masked(d) if variant == "masked" else _update_ffn_unmasked(d)
    readout = _attention_block(variant, slots, lam, readout=True)
    return Transformer(tuple([attention, update] * rounds + [readout, _readout_ffn(d)]))


# ----------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class EncodedBatch:
    """Token features and masks for a batch of graphs (padded to a common token count N).

    ``readout_positions[b][i]`` is the token where P(x_i = 1) of graph b is read (the first
    outgoing edge of i, or the token of an isolated variable); ``edge_positions[b][e]`` is the
    token of directed edge e. :meth:`gather_set` / :meth:`readout_set` list, per directed edge /
    per variable, the key positions summed by the round / read-out gather (-1 in unused slots).
    ``masks`` maps mask names to :class:`~lemmas.models.transformer.AllowedKeys` (masked variant:
    ``"gather"`` and ``"readout"`` with exactly ``slots`` keys per query, ``"self"`` the diagonal).
    """

    x: np.ndarray
    masks: dict[str, AllowedKeys]
    variant: Variant
    slots: int
    num_sinks: int
    num_variables: np.ndarray    # (B,)
    num_edges: np.ndarray        # (B,) directed edges
    _readout_tok: np.ndarray     # (V,) read-out token of every variable of every graph
    _edge_tok: np.ndarray        # (E,) token of every directed edge of every graph
    _cavity_keys: np.ndarray     # (E, slots)
    _readout_keys: np.ndarray    # (V, slots)
    _var_base: np.ndarray        # (B + 1,) offsets into the V rows
    _edge_base: np.ndarray       # (B + 1,) offsets into the E rows

    @property
    def batch(self) -> int:
        return int(self.x.shape[0])

    @property
    def tokens(self) -> int:
        return int(self.x.shape[1])

    @cached_property
    def readout_positions(self) -> list[np.ndarray]:
        return np.split(self._readout_tok, self._var_base[1:-1])

    @cached_property
    def edge_positions(self) -> list[np.ndarray]:
        return np.split(self._edge_tok, self._edge_base[1:-1])

    def gather_set(self, b: int) -> np.ndarray:
        """(E_b, slots): key positions of the cavity sum of every directed edge of graph b."""
        return self._cavity_keys[self._edge_base[b]:self._edge_base[b + 1]]

    def readout_set(self, b: int) -> np.ndarray:
        """(n_b, slots): key positions of the incoming messages of every variable of graph b."""
        return self._readout_keys[self._var_base[b]:self._var_base[b + 1]]

    def beliefs(self, out: np.ndarray) -> list[np.ndarray]:
        """P(x_i = 1) of every graph, read from the BELIEF dimension of an output stream."""
        B, N, d = out.shape
        graph = np.repeat(np.arange(B), self.num_variables)
        flat = out.reshape(B * N, d)[graph * N + self._readout_tok, _BELIEF]
        return np.split(flat, self._var_base[1:-1])

    def dense_masks(self) -> dict[str, np.ndarray]:
        """The same masks as additive 0/-inf arrays."""
        return {k: v.dense() for k, v in self.masks.items()}


def _sink_filled(keys: np.ndarray) -> np.ndarray:
    """Replace the k-th unused slot (-1) of each row by sink k: D distinct allowed keys per row."""
    unused = keys < 0
    return np.where(unused, np.cumsum(unused, axis=1) - 1, keys)


def encode_graphs(graphs: FactorGraph | Sequence[FactorGraph], *, variant: Variant = "masked",
                  slots: int | None = None) -> EncodedBatch:
    """Token features and masks for one graph or a batch (graphs may differ in shape).

    Vectorised over the whole batch (one pass over the concatenated edges of all graphs), because
    the witness encodes thousands of small graphs. Tokens per graph:
    ``[sinks | isolated variables | directed edges | padding]``; sinks, padding and isolated
    variables gather only sinks in the rounds.
    """
    _check_variant(variant)
    gs = [graphs] if isinstance(graphs, FactorGraph) else list(graphs)
    if not gs:
        raise ValueError("need at least one graph")
    need = slots_for(gs)
    D = need if slots is None else slots
    if D < need:
        raise ValueError(f"slots={D} is smaller than the largest gather set ({need})")
    S = D if variant == "masked" else 1                        # sink tokens at positions 0..S-1
    B = len(gs)
    nv = np.array([g.num_variables for g in gs], dtype=np.intp)
    ne = np.array([2 * len(g.factors) for g in gs], dtype=np.intp)
    var_base = np.concatenate([[0], np.cumsum(nv)])
    edge_base = np.concatenate([[0], np.cumsum(ne)])
    V, E = int(var_base[-1]), int(edge_base[-1])
    var_graph = np.repeat(np.arange(B), nv)
    edge_graph = np.repeat(np.arange(B), ne)
    unary = np.concatenate([g.unary_array() for g in gs])
    theta = np.log(unary[:, 1]) - np.log(unary[:, 0])
    if E:
        pairs = np.concatenate([g.edge_array() for g in gs]).astype(np.intp)   # (E/2, 2) local ids
        pairs += var_base[edge_graph[0::2]][:, None]                          # -> global ids
        src = pairs.reshape(-1)                                 # directed edge 2f = a->b, 2f+1 = b->a
        dst = pairs[:, ::-1].reshape(-1)
    else:
        src = dst = np.zeros(0, dtype=np.intp)
    deg = np.bincount(dst, minlength=V)
    isolated = deg == 0
    n_iso = np.bincount(var_graph[isolated], minlength=B)
    iso_base = np.concatenate([[0], np.cumsum(n_iso)[:-1]])
    N = int((S + n_iso + ne).max())
    d = token_width(variant, D)

    # Token positions inside each graph's sequence.
    edge_tok = S + n_iso[edge_graph] + (np.arange(E) - edge_base[edge_graph])
    iso_ids = np.flatnonzero(isolated)
    readout_tok = np.empty(V, dtype=np.intp)
    readout_tok[iso_ids] = S + np.arange(iso_ids.size) - iso_base[var_graph[iso_ids]]
    if E:
        by_src = np.argsort(src, kind="stable")
        first = np.concatenate([[True], src[by_src][1:] != src[by_src][:-1]])
        readout_tok[src[by_src][first]] = edge_tok[by_src[first]]   # first outgoing edge of each variable

    x = np.zeros((B, N, d))
    xf = x.reshape(B * N, d)
    xf[var_graph[iso_ids] * N + readout_tok[iso_ids], _THETA] = theta[iso_ids]
    if E:
        t = np.concatenate([g.tables_array() for g in gs])      # (E/2, 2, 2) [x_a][x_b]
        lt = np.empty((E, 2, 2))
        lt[0::2] = t
        lt[1::2] = np.swapaxes(t, 1, 2)                          # [x_sender][x_receiver]
        np.log(lt, out=lt)
        rows = edge_graph * N + edge_tok
        xf[rows, _THETA] = theta[src]                            # the sender's unary log-odds
        xf[rows, _A] = lt[:, 1, 1] - lt[:, 0, 1]                 # A = log psi'11/psi'01
        xf[rows, _B] = lt[:, 1, 0] - lt[:, 0, 0]                 # B = log psi'10/psi'00
        xf[rows, _K] = lt[:, 0, 1] - lt[:, 0, 0]                 # K = log psi'01/psi'00

    # incoming[v] = global ids of the directed edges into v (padded with -1).
    incoming = np.full((V, D), -1, dtype=np.intp)
    if E:
        order = np.argsort(dst, kind="stable")
        starts = np.concatenate([[0], np.cumsum(deg)[:-1]])
        incoming[dst[order], np.arange(E) - starts[dst[order]]] = order
    edge_tok_or_unused = np.concatenate([edge_tok, [-1]])       # index -1 -> "unused"
    readout_keys = edge_tok_or_unused[incoming]                  # (V, D) token positions
    cavity = incoming[src] if E else np.zeros((0, D), dtype=np.intp)
    if E:
        cavity[cavity == (np.arange(E) ^ 1)[:, None]] = -1      # the reverse edge j->i of i->j
    cavity_keys = edge_tok_or_unused[cavity]                     # (E, D)

    reading = ~isolated                                          # variables read at an edge token
    if variant == "masked":
        gather_idx = np.broadcast_to(np.arange(D), (B, N, D)).copy()   # default: the D sinks
        gather_idx[edge_graph, edge_tok] = _sink_filled(cavity_keys)
        readout_idx = np.broadcast_to(np.arange(D), (B, N, D)).copy()
        readout_idx[var_graph[reading], readout_tok[reading]] = _sink_filled(readout_keys[reading])
        masks = {"gather": AllowedKeys(gather_idx, N, trusted=True),
                 "readout": AllowedKeys(readout_idx, N, trusted=True),
                 "self": AllowedKeys(np.arange(N, dtype=np.intp)[:, None], N, trusted=True)}
    else:
        masks = {}
        pos = np.arange(N, dtype=np.float64)
        x[:, :, _ONE] = 1.0
        x[:, :, _POS] = pos
        x[:, :, _POS_SQ] = pos * pos
        # unused slots target the sink at position 0 (TARGET_* and READ_* start at 0)
        x[edge_graph, edge_tok, _TARGET0:_TARGET0 + D] = np.maximum(cavity_keys, 0)
        x[var_graph[reading], readout_tok[reading], _TARGET0 + D:_TARGET0 + 2 * D] = np.maximum(readout_keys[reading], 0)
    return EncodedBatch(x, masks, variant, D, S, nv, ne, readout_tok, edge_tok, cavity_keys, readout_keys,
                        var_base, edge_base)


# ----------------------------------------------------------------------------------------------
# Running


def run_sum_product_transformer(graphs: FactorGraph | Sequence[FactorGraph], rounds: int, *,
                                variant: Variant = "masked", lam: float = DEFAULT_UNMASKED_LAM
                                ) -> tuple[EncodedBatch, np.ndarray]:
    """Encode, build the weights and run; returns (inputs, final residual stream (B, N, d))."""
    enc = encode_graphs(graphs, variant=variant)
    model = build_sum_product_transformer(rounds, enc.slots, variant=variant, lam=lam)
    out = model.forward(enc.x, enc.masks)
    return enc, out  # type: ignore[return-value]


def transformer_marginals(graphs: FactorGraph | Sequence[FactorGraph], rounds: int, *,
                          variant: Variant = "masked", lam: float = DEFAULT_UNMASKED_LAM
                          ) -> np.ndarray | list[np.ndarray]:
    """Beliefs P(x_i = 1) read from the BELIEF dimension at each variable's read-out token.

    One graph in -> one array out; a sequence in -> a list of arrays (one per graph).
    """
    enc, out = run_sum_product_transformer(graphs, rounds, variant=variant, lam=lam)
    beliefs = enc.beliefs(out)
    return beliefs[0] if isinstance(graphs, FactorGraph) else beliefs


def transformer_marginals_grouped(graphs: Sequence[FactorGraph], rounds: int | Sequence[int] | None = None, *,
                                  variant: Variant = "masked", lam: float = DEFAULT_UNMASKED_LAM,
                                  batch_size: int = 1024) -> list[np.ndarray]:
    """Beliefs for many graphs, each after its own number of rounds, in vectorised batches.

    ``rounds`` is one int for all graphs, one per graph, or None for "the graph's diameter" (the
    tree witness: on a tree, diameter rounds make sum-product exact). Graphs are grouped by
    rounds (a batch runs one stack of layers) and, inside a group, sorted by token count so that
    little padding is computed; batches hold at most ``batch_size`` graphs. The result is in the
    input order and equals running each graph on its own (up to float summation order).
    """
    gs = list(graphs)
    if rounds is None:
        per = diameters(gs)
    elif isinstance(rounds, (int, np.integer)):
        per = [int(rounds)] * len(gs)
    else:
        per = [int(r) for r in rounds]
        if len(per) != len(gs):
            raise ValueError("need one rounds value per graph")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    sizes = [g.num_variables + 2 * len(g.factors) for g in gs]
    order = sorted(range(len(gs)), key=lambda i: (per[i], sizes[i]))
    out: list[np.ndarray] = [np.empty(0)] * len(gs)
    start = 0
    while start < len(order):
        T = per[order[start]]
        stop = start
        while stop < len(order) and stop - start < batch_size and per[order[stop]] == T:
            stop += 1
        idx = order[start:stop]
        beliefs = transformer_marginals([gs[i] for i in idx], T, variant=variant, lam=lam)
        for i, b in zip(idx, beliefs):
            out[i] = b
        start = stop
    return out


def transformer_messages(graph: FactorGraph, rounds: int, *, variant: Variant = "masked",
                         lam: float = DEFAULT_UNMASKED_LAM) -> np.ndarray:
    """Message log-odds h_e after ``rounds`` layers (DirectedEdges order)."""
    enc = encode_graphs(graph, variant=variant)
    model = build_sum_product_transformer(rounds, enc.slots, variant=variant, lam=lam)
    # The read-out attention of the masked variant resets MSG, so stop after the last update FFN.
    out = model.forward(enc.x, enc.masks, stop=2 * rounds) if rounds else enc.x
    return np.asarray(out)[0, enc.edge_positions[0], _MSG]


# ----------------------------------------------------------------------------------------------
# The gather step on its own, and the bound of the unmasked variant


def unmasked_gather_weight_bound(lam: float, n: int) -> float:
    """Upper bound on the softmax weight one index-matching head puts off its target key.

    With n keys at distinct integer positions and scores -lam (t - p)^2, the weight off the
    target is S/(1+S) with S = Σ_{p≠t} e^{-lam (t-p)^2} ≤ min((n-1) e^-lam, 2 e^-lam / (1 - e^{-3 lam})).
    """
    if not lam > 0:
        raise ValueError("the bound needs lam > 0 (for lam ≤ 0 the matching key is not favoured)")
    if n < 1:
        raise ValueError("need at least one key")
    s_count = (n - 1) * math.exp(-lam)
    s_geom = 2.0 * math.exp(-lam) / -math.expm1(-3.0 * lam)
    s = min(s_count, s_geom)
    return s / (1.0 + s)


def unmasked_gather_error_bound(lam: float, n: int, value_range: float) -> float:
    r"""Proved bound on |head output - target value| for one index-matching head.

    Setting: n keys at distinct integer positions p_u with values v_u, the query's target t is
    one of them, scores s_u = -lam (t - p_u)^2 (up to a per-row constant, which the softmax
    ignores), lam > 0, R = max_u v_u - min_u v_u (``value_range``).

    Proof. w_u = e^{s_u} / Σ_v e^{s_v}; the target has s_t = 0 and so w_t = 1/(1+S) with
    S = Σ_{u≠t} e^{-lam (t-p_u)^2}. The positions are distinct integers, so |t - p_u| ≥ 1 and
    S ≤ (n-1) e^{-lam}; also at most two keys sit at each distance d ≥ 1 and d^2 ≥ 3d - 2
    (as (d-1)(d-2) ≥ 0), so S ≤ 2 Σ_{d≥1} e^{-lam(3d-2)} = 2 e^{-lam} / (1 - e^{-3 lam}).
    The error is Σ_u w_u v_u - v_t = Σ_{u≠t} w_u (v_u - v_t), whose absolute value is at most
    (Σ_{u≠t} w_u) max_u |v_u - v_t| ≤ (1 - w_t) R = R S/(1+S). x -> x/(1+x) is increasing, so
    replacing S by either upper bound keeps the inequality. ∎

    Hence the error is ≤ R (n-1) e^{-lam} / (1 + (n-1) e^{-lam}) and, independently of n,
    ≤ R 2e^{-lam}/(1 - e^{-3lam} + 2e^{-lam}); this function returns the smaller. A gather of D
    slots sums D such heads, so its error is at most D times this (see :func:`measure_gather`).
    """
    if value_range < 0:
        raise ValueError("value_range must be non-negative")
    return float(value_range) * unmasked_gather_weight_bound(lam, n)


@dataclass(frozen=True)
class GatherMeasurement:
    """One gather step measured against the exact sums of the gather sets.

    ``gathered[b]`` / ``exact[b]``: read-out gathers of graph b's variables, then round gathers of
    its directed edges;
    ``bound[b]`` is the proved bound (0 for the masked variant, exact in real arithmetic).
    """

    gathered: list[np.ndarray]
    exact: list[np.ndarray]
    max_error: list[float]
    value_range: list[float]
    bound: list[float]
    keys: int
    slots: int


def measure_gather(graphs: FactorGraph | Sequence[FactorGraph], messages: Sequence[np.ndarray], *,
                   variant: Variant = "masked", lam: float = DEFAULT_UNMASKED_LAM) -> GatherMeasurement:
    """Put ``messages[b]`` (one value per directed edge) into MSG and run the two gather blocks alone.

    Per graph, ``gathered``/``exact`` list the read-out gather of every variable (Σ of its incoming
    messages) and then the round gather of every directed edge (its cavity sum without theta).
    Used by the claims to show the masked-mean identity numerically and to check the measured
    unmasked error against :func:`unmasked_gather_error_bound` (times the number of slots).
    """
    gs = [graphs] if isinstance(graphs, FactorGraph) else list(graphs)
    enc = encode_graphs(gs, variant=variant)
    if len(messages) != len(gs):
        raise ValueError("need one message vector per graph")
    x = enc.x.copy()
    for b, h in enumerate(messages):
        h = np.asarray(h, dtype=np.float64)
        if h.shape != enc.edge_positions[b].shape:
            raise ValueError(f"messages[{b}] must have one value per directed edge ({enc.edge_positions[b].size})")
        x[b, enc.edge_positions[b], _MSG] = h
    model = build_sum_product_transformer(1, enc.slots, variant=variant, lam=lam)
    # GATHER is 0 on input, so one block alone adds exactly its gather to it
    rounds = np.asarray(model.forward(x, enc.masks, start=0, stop=1))
    final = np.asarray(model.forward(x, enc.masks, start=2, stop=3))
    gathered, exact, errs, ranges, bounds = [], [], [], [], []
    for b in range(len(gs)):
        got = np.concatenate([final[b, enc.readout_positions[b], _GATHER], rounds[b, enc.edge_positions[b], _GATHER]])
        keys = np.concatenate([enc.readout_set(b), enc.gather_set(b)])
        want = np.where(keys >= 0, x[b, np.maximum(keys, 0), _MSG], 0.0).sum(axis=1)
        vals = x[b, :, _MSG]
        R = float(vals.max() - vals.min())
        gathered.append(got)
        exact.append(want)
        errs.append(float(np.max(np.abs(got - want))) if got.size else 0.0)
        ranges.append(R)
        bounds.append(0.0 if variant == "masked" else enc.slots * unmasked_gather_error_bound(lam, enc.tokens, R))
    return GatherMeasurement(gathered, exact, errs, ranges, bounds, enc.tokens, enc.slots)


# ----------------------------------------------------------------------------------------------
# Plain, backend-generic identities for the symbolic obligations (pass sympy.exp/log to prove)

T = TypeVar("T")


def factor_message_logodds(c: T, psi00: Any, psi01: Any, psi10: Any, psi11: Any, *,
                           exp: Callable[[Any], Any] = math.exp, log: Callable[[Any], Any] = math.log) -> T:
    """F(c) = log(psi01 + psi11 e^c) - log(psi00 + psi10 e^c), table indexed [x_sender][x_receiver]."""
    return log(psi01 + psi11 * exp(c)) - log(psi00 + psi10 * exp(c))


def factor_message_softplus(c: T, psi00: Any, psi01: Any, psi10: Any, psi11: Any, *,
                            exp: Callable[[Any], Any] = math.exp, log: Callable[[Any], Any] = math.log) -> T:
    """The two-softplus form the FFN computes: sp(c + log(psi11/psi01)) - sp(c + log(psi10/psi00)) + log(psi01/psi00)."""
    def sp(z: Any) -> Any:
        return log(1 + exp(z))
    return sp(c + log(psi11 / psi01)) - sp(c + log(psi10 / psi00)) + log(psi01 / psi00)


def sum_product_message_ratio(mu0: Any, mu1: Any, psi00: Any, psi01: Any, psi10: Any, psi11: Any) -> Any:
    """m(x_j=1)/m(x_j=0) of sum-product for the sender distribution (mu0, mu1); F(c) = log of this at mu = (1, e^c)."""
    return (psi01 * mu0 + psi11 * mu1) / (psi00 * mu0 + psi10 * mu1)


def softplus_linear_identity(z: Any, *, exp: Callable[[Any], Any] = math.exp,
                             log: Callable[[Any], Any] = math.log) -> Any:
    """softplus(z) - softplus(-z), which equals z: how the FFN writes linear terms (and clears slots)."""
    return log(1 + exp(z)) - log(1 + exp(-z))


def masked_mean_gather(values: Sequence[Any], allowed: Sequence[bool], slots: int, *, score: Any = 0,
                       exp: Callable[[Any], Any] = math.exp) -> Any:
    """What the masked head computes: slots * Σ_u softmax(score)_u v_u over allowed keys + sinks.

    Masked keys get weight exactly 0 (e^{-inf}); ``slots - #allowed`` zero-valued sinks pad the
    row; all scores equal ``score``. The claim to prove: this equals Σ_{allowed} v_u.
    """
    real = [v for v, a in zip(values, allowed) if a]
    if len(real) > slots:
        raise ValueError("more allowed keys than slots")
    zero = 0 * exp(score)
    keys = real + [zero] * (slots - len(real))
    denom = sum((exp(score) for _ in keys), zero)
    return slots * sum((exp(score) / denom * v for v in keys), zero)
