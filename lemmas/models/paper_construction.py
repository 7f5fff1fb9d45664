"""[C]'s §7 construction, faithfully, as weights of the generic transformer.

The paper (and its Lean model ``transformer-bp-lean``, ``Preliminaries.lean`` /
``Attention.lean``) encodes a bipartite factor-graph state as tokens of width 8::

    dim 0 belief, dim 1 index of neighbour 0, dim 2 index of neighbour 1,
    dim 3 node type (0 variable, 1 factor), dims 4-5 scratch (0 on input), dims 6-7 reserved

and runs two softmax heads *in sequence, each with a residual*:

    head 0: W_Q = W_K = projectDim(1), W_V = crossProject(0, 4)
    head 1: W_Q = W_K = projectDim(2), W_V = crossProject(0, 5)

with ``projectDim(d)[i][j] = [i = d and j = d]``, ``crossProject(s, d)[i][j] = [i = d and j = s]``
(``W[out][in]``), scores ``lam * q·k`` and no mask, then an FFN meant to compute
updateBelief(dim 4, dim 5) into dim 0. We reproduce exactly that; W_O is the identity because the
Lean head adds the attended value itself.

What the weights really do (this module only computes; the claims decide):

* the score of query j against key k is ``lam * nb0(j) * nb0(k)`` — the *key's own neighbour
  index*, as the encoding puts it in dim 1 (the Lean axiom ``key_neighbor0_extract`` asserts the
  key's position instead, which the encoding does not provide). Either way the softmax peaks at
  the largest index, not at the neighbour, so the gathered value is a mixture of beliefs;
  :func:`paper_gather` exposes dims 4-5 after the heads next to the intended neighbour beliefs;
* no FFN computes updateBelief exactly (a ReLU network is piecewise affine, updateBelief is not).
  To run the pass end to end we use the best ReLU FFN we can build simply: a least-squares fit
  of updateBelief on [0.05, 0.95]^2 with fixed hinge features (:func:`fit_update_belief_relu`);
  its approximation error is reported, never hidden.

Node numbering for a pairwise graph: variables 0..n-1, then one factor node per factor
(n + f). A variable's two slots are its first two factors (a degree-1 variable repeats its
factor, a degree-0 variable points at itself); degree > 2 does not fit the construction (K = 2)
and raises ``ValueError``. A factor node's slots are its two variables. One round follows the
Lean iteration ``decode ∘ forward ∘ encode``: variable nodes take dim 0 of the output; factor
nodes keep their belief (``bp_computeBeliefs`` leaves them unchanged), as do isolated variables.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .bp import update_belief
from .factor_graph import FactorGraph
from .transformer import AttentionHead, FeedForward, MultiHeadAttention, Transformer

__all__ = [
    "PAPER_WIDTH", "project_dim", "cross_project", "PaperState", "paper_state", "encode_paper_state",
    "ReluFit", "fit_update_belief_relu", "paper_transformer", "PaperGather", "paper_gather",
    "paper_transformer_round", "paper_transformer_beliefs",
]

PAPER_WIDTH = 8
_BELIEF, _NB0, _NB1, _TYPE, _SCRATCH0, _SCRATCH1 = 0, 1, 2, 3, 4, 5


def project_dim(d: int, width: int = PAPER_WIDTH) -> np.ndarray:
    """projectDim(d)[i][j] = 1 if i = d and j = d else 0."""
    m = np.zeros((width, width))
    m[d, d] = 1.0
    return m


def cross_project(src: int, dst: int, width: int = PAPER_WIDTH) -> np.ndarray:
    """crossProject(src, dst)[i][j] = 1 if i = dst and j = src else 0 (reads src, writes dst)."""
    m = np.zeros((width, width))
    m[dst, src] = 1.0
    return m


@dataclass(frozen=True)
class PaperState:
    """A Lean ``BPState``: per node its type (0 variable / 1 factor), two neighbour slots, belief."""

    node_types: np.ndarray
    neighbours: np.ndarray
    beliefs: np.ndarray

    def __post_init__(self) -> None:
        t = np.asarray(self.node_types, dtype=np.int64)
        nb = np.asarray(self.neighbours, dtype=np.int64)
        b = np.asarray(self.beliefs, dtype=np.float64)
        N = t.shape[0]
        if nb.shape != (N, 2) or b.shape != (N,):
            raise ValueError(f"need node_types (N,), neighbours (N, 2), beliefs (N,); "
                             f"got {t.shape}, {nb.shape}, {b.shape}")
        if N == 0 or (nb < 0).any() or (nb >= N).any():
            raise ValueError("neighbour slots must be node indices 0..N-1")
        object.__setattr__(self, "node_types", t)
        object.__setattr__(self, "neighbours", nb)
        object.__setattr__(self, "beliefs", b)

    @property
    def size(self) -> int:
        return int(self.node_types.shape[0])

    def with_beliefs(self, beliefs: Sequence[float] | np.ndarray) -> PaperState:
        return PaperState(self.node_types, self.neighbours, np.asarray(beliefs, dtype=np.float64))


def paper_state(graph: FactorGraph, beliefs: Sequence[float] | None = None) -> PaperState:
    """The bipartite state of a pairwise graph (numbering in the module docstring).

    Default beliefs: phi_i(1)/(phi_i(0)+phi_i(1)) for variables (1/2 without unary), 1/2 for
    factor nodes, as in :func:`lemmas.models.bp.paper_bp`.
    """
    n, m = graph.num_variables, len(graph.factors)
    slots = np.zeros((n + m, 2), dtype=np.int64)
    factors_of: list[list[int]] = [[] for _ in range(n)]
    for f, fac in enumerate(graph.factors):
        a, b = fac.vars
        factors_of[a].append(n + f)
        factors_of[b].append(n + f)
        slots[n + f] = (a, b)
    for i, fs in enumerate(factors_of):
        if len(fs) > 2:
            raise ValueError(f"variable {i} has degree {len(fs)}: the paper's construction has K = 2 neighbour slots")
        slots[i] = (fs + fs + [i, i])[:2] if fs else (i, i)
    types = np.array([0] * n + [1] * m)
    if beliefs is None:
        u = graph.unary_array()
        b = np.concatenate([u[:, 1] / u.sum(axis=1), np.full(m, 0.5)])
    else:
        b = np.asarray(beliefs, dtype=np.float64)
    return PaperState(types, slots, b)


def encode_paper_state(state: PaperState) -> np.ndarray:
    """Lean ``encodeBPState``: (N, 8) token matrix."""
    x = np.zeros((state.size, PAPER_WIDTH))
    x[:, _BELIEF] = state.beliefs
    x[:, _NB0] = state.neighbours[:, 0]
    x[:, _NB1] = state.neighbours[:, 1]
    x[:, _TYPE] = state.node_types
    return x


# ----------------------------------------------------------------------------------------------
# The FFN the paper needs but cannot have: a ReLU approximation of updateBelief


@dataclass(frozen=True)
class ReluFit:
    """Hinge features relu(w·(m0, m1) - c) with least-squares output weights for updateBelief.

    ``max_error`` is the largest |fit - updateBelief| on a check grid twice as fine as the
    fitting grid over [lo, hi]^2 (it is not a bound off the grid).
    """

    directions: np.ndarray   # (H, 2)
    offsets: np.ndarray      # (H,)
    coef: np.ndarray         # (H,)
    bias: float
    max_error: float
    lo: float
    hi: float

    def __call__(self, m0: np.ndarray, m1: np.ndarray) -> np.ndarray:
        z = np.stack([np.asarray(m0, dtype=np.float64), np.asarray(m1, dtype=np.float64)], axis=-1)
        return np.maximum(z @ self.directions.T - self.offsets, 0.0) @ self.coef + self.bias


@lru_cache(maxsize=8)
def fit_update_belief_relu(directions: int = 8, knots: int = 24, grid: int = 40,
                           lo: float = 0.05, hi: float = 0.95) -> ReluFit:
    """Deterministic least-squares ReLU fit of updateBelief on [lo, hi]^2.

    Hinges relu(u·m - c) for ``directions`` unit vectors u evenly spread over a half turn and
    ``knots`` offsets c spanning u·[0, 1]^2; output weights by least squares on a grid. With the
    defaults (192 hidden units) the check-grid error is about 0.011 — near the corners of the
    unit square updateBelief is too steep for any small piecewise-affine fit.
    """
    dirs, offs = [], []
    for angle in np.linspace(0.0, np.pi, directions, endpoint=False):
        u = np.array([np.cos(angle), np.sin(angle)])
        corners = [float(u @ np.array(p)) for p in ((0, 0), (0, 1), (1, 0), (1, 1))]
        for c in np.linspace(min(corners), max(corners), knots, endpoint=False):
            dirs.append(u)
            offs.append(c)
    D = np.array(dirs)
    c = np.array(offs)

    def design(points: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g = np.linspace(lo, hi, points)
        m0, m1 = (a.ravel() for a in np.meshgrid(g, g))
        return np.maximum(np.stack([m0, m1], axis=1) @ D.T - c, 0.0), m0, m1

    feats, m0, m1 = design(grid)
    A = np.hstack([feats, np.ones((feats.shape[0], 1))])
    sol, *_ = np.linalg.lstsq(A, update_belief(m0, m1), rcond=None)
    check, c0, c1 = design(2 * grid + 1)
    err = float(np.max(np.abs(check @ sol[:-1] + sol[-1] - update_belief(c0, c1))))
    return ReluFit(D, c, sol[:-1], float(sol[-1]), err, lo, hi)


def _paper_ffn(fit: ReluFit) -> FeedForward:
    H = fit.directions.shape[0]
    w1 = np.zeros((H + 2, PAPER_WIDTH))
    w1[:H, _SCRATCH0] = fit.directions[:, 0]
    w1[:H, _SCRATCH1] = fit.directions[:, 1]
    b1 = np.concatenate([-fit.offsets, [0.0, 0.0]])
    w1[H, _BELIEF] = 1.0        # relu(b) - relu(-b) = b: removes the old belief from the residual,
    w1[H + 1, _BELIEF] = -1.0   # so dim 0 ends up holding the fitted updateBelief alone
    w2 = np.zeros((PAPER_WIDTH, H + 2))
    w2[_BELIEF, :H] = fit.coef
    w2[_BELIEF, H] = -1.0
    w2[_BELIEF, H + 1] = 1.0
    b2 = np.zeros(PAPER_WIDTH)
    b2[_BELIEF] = fit.bias
    return FeedForward(w1, b1, w2, b2, "relu", name="paper_ffn")


def paper_transformer(lam: float, *, fit: ReluFit | None = None) -> Transformer:
    """The §7 weights: [head 0 block, head 1 block, FFN] with inverse temperature ``lam``."""
    eye = np.eye(PAPER_WIDTH)
    head0 = AttentionHead(project_dim(_NB0), project_dim(_NB0), cross_project(_BELIEF, _SCRATCH0), eye, lam)
    head1 = AttentionHead(project_dim(_NB1), project_dim(_NB1), cross_project(_BELIEF, _SCRATCH1), eye, lam)
    return Transformer((MultiHeadAttention((head0,), name="head0"), MultiHeadAttention((head1,), name="head1"),
                        _paper_ffn(fit or fit_update_belief_relu())))


@dataclass(frozen=True)
class PaperGather:
    """Dims 4-5 after the two heads vs the neighbour beliefs the paper says they hold."""

    gathered: np.ndarray   # (N, 2)
    intended: np.ndarray   # (N, 2) = beliefs[neighbours]
    weights: tuple[np.ndarray, np.ndarray]   # (N, N) softmax weights of head 0 and head 1

    @property
    def error(self) -> np.ndarray:
        return np.abs(self.gathered - self.intended)

    @property
    def max_error(self) -> float:
        return float(self.error.max())


def paper_gather(state: PaperState, lam: float) -> PaperGather:
    """Run the two heads of the §7 construction and compare with the intended routing."""
    model = paper_transformer(lam)
    x = encode_paper_state(state)
    after0, after1 = model.forward(x, start=0, stop=2, trace=True)  # type: ignore[misc]
    w0 = model.attention_weights(0, x)[0]
    w1 = model.attention_weights(1, after0)[0]
    intended = state.beliefs[state.neighbours]
    return PaperGather(after1[:, [_SCRATCH0, _SCRATCH1]], intended, (w0, w1))


def paper_transformer_round(state: PaperState, lam: float, *, fit: ReluFit | None = None) -> PaperState:
    """One Lean iteration decode(forward(encode(state))) (see the module docstring)."""
    out = paper_transformer(lam, fit=fit).forward(encode_paper_state(state))
    new = state.beliefs.copy()
    idx = np.arange(state.size)
    update = (state.node_types == 0) & ~((state.neighbours[:, 0] == idx) & (state.neighbours[:, 1] == idx))
    new[update] = out[update, _BELIEF]  # type: ignore[index]
    return state.with_beliefs(new)


def paper_transformer_beliefs(graph: FactorGraph, rounds: int, lam: float) -> np.ndarray:
    """Variable beliefs after ``rounds`` iterations of the §7 transformer on ``graph``."""
    state = paper_state(graph)
    for _ in range(rounds):
        state = paper_transformer_round(state, lam)
    return state.beliefs[:graph.num_variables].copy()
