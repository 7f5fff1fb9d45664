"""Belief propagation on binary pairwise factor graphs.

Three algorithms, kept deliberately separate because the claims compare them:

* **Sum-product** (Pearl), synchronous "flooding" schedule. Every directed edge i->j holds a
  normalised message m_{i->j}(x_j); all messages start uniform (1/2, 1/2) and in one round every
  message is recomputed from the previous round's messages:

      m_{i->j}(x_j) ∝ Σ_{x_i} psi_ij(x_i, x_j) phi_i(x_i) Π_{k ∈ N(i) \\ j} m_{k->i}(x_i)

  and the belief after T rounds is b_i(x_i) ∝ phi_i(x_i) Π_{k ∈ N(i)} m_{k->i}(x_i). On a tree,
  T ≥ diameter rounds give the exact marginals. Implemented twice: vectorised numpy in the
  probability domain (log-sums, batch dimension, used for loopy BP and for same-structure
  batches), and scalar Python generic over the number type (exact with Fractions).
* **Loopy BP**: the same update iterated to convergence with metadata (iterations, converged
  flag, last max message change, optional damping), as in [C] Table 4; also in exact rational
  arithmetic (:func:`loopy_belief_propagation_exact`) for small graphs that stop early.
* **The paper's BP** ([C] §2.2.1, Lean ``bp_forwardPass``): each variable replaces its belief by
  the updateBelief-fold of its neighbours' beliefs; factor tables are never read. See
  :func:`paper_bp`.

The float sum-product is an independent reference for the transformer construction: it works
with probability pairs and a log-domain "total minus reverse message" cavity, whereas the
transformer sums log-odds of exactly the cavity edges. Agreement therefore tests the log-odds
derivation and the table orientation, not a shared code path.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, Sequence, TypeVar

import numpy as np

from .factor_graph import FactorGraph, GraphStructure, Number

__all__ = [
    "DirectedEdges", "directed_edges", "sum_product_marginals", "sum_product_messages",
    "sum_product_marginals_exact", "sum_product_scalar", "LoopyBPResult", "loopy_belief_propagation",
    "stack_graphs", "sum_product_batch", "update_belief", "paper_bp", "ExactLoopyBPResult",
    "loopy_belief_propagation_exact",
]


# ----------------------------------------------------------------------------------------------
# Directed-edge indexing shared by the numpy code and the transformer


@dataclass(frozen=True)
class DirectedEdges:
    """Directed edge ``e`` of factor ``f``: ``e = 2f`` is a->b, ``e = 2f+1`` is b->a.

    ``reverse[e] = e ^ 1``; ``tables[e]`` is the factor table oriented ``[x_src][x_dst]``.
    """

    src: np.ndarray       # (E,)
    dst: np.ndarray       # (E,)
    reverse: np.ndarray   # (E,)
    num_variables: int

    @property
    def count(self) -> int:
        return int(self.src.shape[0])


def directed_edges(structure: GraphStructure | FactorGraph) -> DirectedEdges:
    s = structure.structure if isinstance(structure, FactorGraph) else structure
    src = np.array([v for a, b in s.edges for v in (a, b)], dtype=np.intp)
    dst = np.array([v for a, b in s.edges for v in (b, a)], dtype=np.intp)
    return DirectedEdges(src, dst, np.arange(src.size, dtype=np.intp) ^ 1, s.num_variables)


def _oriented_tables(tables: np.ndarray) -> np.ndarray:
    """(..., m, 2, 2) tables -> (..., 2m, 2, 2) indexed [x_src][x_dst] per directed edge."""
    t = np.asarray(tables, dtype=np.float64)
    out = np.empty(t.shape[:-3] + (2 * t.shape[-3], 2, 2))
    out[..., 0::2, :, :] = t
    out[..., 1::2, :, :] = np.swapaxes(t, -1, -2)
    return out


class FloatSumProduct:
    """Vectorised synchronous sum-product over a batch of graphs sharing one structure."""

    def __init__(self, structure: GraphStructure, tables: np.ndarray, unary: np.ndarray | None) -> None:
        self.edges = directed_edges(structure)
        n = structure.num_variables
        t = np.asarray(tables, dtype=np.float64)
        if t.ndim == 3:
            t = t[None]
        self.batch = t.shape[0]
        if t.shape[1:] != (len(structure.edges), 2, 2):
            raise ValueError(f"tables must have shape (B, {len(structure.edges)}, 2, 2), got {t.shape}")
        self.tables = _oriented_tables(t)                        # (B, E, 2, 2)
        u = np.ones((self.batch, n, 2)) if unary is None else np.asarray(unary, dtype=np.float64)
        if u.ndim == 2:
            u = np.broadcast_to(u, (self.batch, n, 2))
        if u.shape != (self.batch, n, 2):
            raise ValueError(f"unary must have shape (B, {n}, 2), got {u.shape}")
        self.log_unary = np.log(u)
        self.n = n
        # Flat scatter index (batch item, receiving variable, state) for one bincount per sum.
        E = self.edges.count
        b = np.arange(self.batch)[:, None, None]
        self._scatter = ((b * n + self.edges.dst[None, :, None]) * 2 + np.arange(2)[None, None, :]).reshape(-1)
        self._scatter_len = self.batch * n * 2
        self._E = E

    def _incoming_sum(self, log_m: np.ndarray) -> np.ndarray:
        """Σ_{k->i} log m_{k->i}(x) for every variable i, shape (B, n, 2) (sparse scatter-add)."""
        if self._E == 0:
            return np.zeros((self.batch, self.n, 2))
        return np.bincount(self._scatter, weights=log_m.reshape(-1),
                           minlength=self._scatter_len).reshape(self.batch, self.n, 2)

    def uniform(self) -> np.ndarray:
        return np.full((self.batch, self.edges.count, 2), 0.5)

    def totals(self, msgs: np.ndarray) -> np.ndarray:
        """log phi_i + Σ_{k->i} log m_{k->i}, shape (B, n, 2)."""
        return self.log_unary + self._incoming_sum(np.log(msgs))

    def step(self, msgs: np.ndarray) -> np.ndarray:
        log_m = np.log(msgs)
        total = self.log_unary + self._incoming_sum(log_m)
        cavity = total[:, self.edges.src, :] - log_m[:, self.edges.reverse, :]   # (B, E, 2)
        cavity -= cavity.max(axis=-1, keepdims=True)
        mu = np.exp(cavity)
        new = np.einsum("bes,best->bet", mu, self.tables)
        return new / new.sum(axis=-1, keepdims=True)

    def beliefs(self, msgs: np.ndarray) -> np.ndarray:
        total = self.totals(msgs)
        d = total[..., 1] - total[..., 0]
        return 1.0 / (1.0 + np.exp(-d))


def _run_rounds(graph: FactorGraph, rounds: int) -> tuple[FloatSumProduct, np.ndarray]:
    _check_rounds(rounds)
    runner = FloatSumProduct(graph.structure, graph.tables_array(), graph.unary_array())
    msgs = runner.uniform()
    for _ in range(rounds):
        msgs = runner.step(msgs)
    return runner, msgs


def sum_product_messages(graph: FactorGraph, rounds: int) -> np.ndarray:
    """Normalised messages (E, 2) after ``rounds`` synchronous rounds (edge order of DirectedEdges)."""
    return _run_rounds(graph, rounds)[1][0]


def sum_product_marginals(graph: FactorGraph, rounds: int) -> np.ndarray:
    """Beliefs P(x_i = 1) after ``rounds`` synchronous sum-product rounds, float64."""
    runner, msgs = _run_rounds(graph, rounds)
    return runner.beliefs(msgs)[0]


def _check_rounds(rounds: int) -> None:
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 0:
        raise ValueError(f"rounds must be a non-negative integer (got {rounds!r})")


# ----------------------------------------------------------------------------------------------
# Same-structure batches


def stack_graphs(graphs: Sequence[FactorGraph]) -> tuple[GraphStructure, np.ndarray, np.ndarray]:
    """(structure, tables (B, m, 2, 2), unary (B, n, 2)) for graphs that share one structure."""
    if not graphs:
        raise ValueError("need at least one graph")
    s = graphs[0].structure
    for k, g in enumerate(graphs):
        if g.structure != s:
            raise ValueError(f"graphs[{k}] has a different structure from graphs[0]")
    return s, np.stack([g.tables_array() for g in graphs]), np.stack([g.unary_array() for g in graphs])


def sum_product_batch(structure: GraphStructure, tables: np.ndarray, unary: np.ndarray | None,
                      rounds: int) -> np.ndarray:
    """Beliefs (B, n) after ``rounds`` rounds for a batch of same-structure graphs, vectorised."""
    _check_rounds(rounds)
    sp = FloatSumProduct(structure, tables, unary)
    msgs = sp.uniform()
    for _ in range(rounds):
        msgs = sp.step(msgs)
    return sp.beliefs(msgs)


# ----------------------------------------------------------------------------------------------
# Loopy BP


@dataclass(frozen=True)
class LoopyBPResult:
    """Outcome of :func:`loopy_belief_propagation`.

    ``iterations`` is the number of synchronous updates performed; ``converged`` says whether the
    last one changed no message component by more than ``tol``; ``max_change`` is that last change
    (in probability units). ``beliefs`` are P(x_i = 1) from the final messages, converged or not.
    """

    beliefs: np.ndarray
    messages: np.ndarray
    iterations: int
    converged: bool
    max_change: float
    damping: float
    tol: float
    max_iter: int


def loopy_belief_propagation(graph: FactorGraph, *, max_iter: int = 100, tol: float = 1e-6,
                             damping: float = 0.0) -> LoopyBPResult:
    """Synchronous sum-product iterated until the max message change is ≤ ``tol``.

    Defaults follow [C] Table 4 (messages start at (0.5, 0.5), tolerance 1e-6, at most 100
    iterations). ``damping`` = a in [0, 1) replaces each new message by (1-a) new + a old, the
    usual remedy for oscillation on strongly coupled loops.
    """
    if not 0.0 <= damping < 1.0:
        raise ValueError("damping must be in [0, 1)")
    if tol < 0 or max_iter < 0:
        raise ValueError("tol and max_iter must be non-negative")
    sp = FloatSumProduct(graph.structure, graph.tables_array(), graph.unary_array())
    msgs = sp.uniform()
    change = float("inf") if graph.factors else 0.0
    it = 0
    converged = not graph.factors
    while not converged and it < max_iter:
        new = sp.step(msgs)
        if damping:
            new = (1.0 - damping) * new + damping * msgs
        change = float(np.max(np.abs(new - msgs))) if new.size else 0.0
        msgs = new
        it += 1
        converged = change <= tol
    return LoopyBPResult(sp.beliefs(msgs)[0], msgs[0], it, converged, change, damping, tol, max_iter)


# ----------------------------------------------------------------------------------------------
# Scalar sum-product, generic over the number type (exact with Fractions)

N = TypeVar("N", float, Fraction)


class ScalarSumProduct:
    """Synchronous sum-product in plain Python arithmetic, generic over the number type."""

    def __init__(self, graph: FactorGraph) -> None:
        n = graph.num_variables
        self.n = n
        self.unary = graph.unary_or_uniform()
        one = self.unary[0][0] / self.unary[0][0] if n else 1
        self.half = one / 2
        src: list[int] = []
        dst: list[int] = []
        tabs = []
        for f in graph.factors:
            a, b = f.vars
            src += [a, b]
            dst += [b, a]
            tabs += [f.oriented(a), f.oriented(b)]
        self.src, self.dst, self.tabs = src, dst, tabs
        self.E = len(src)
        self.incoming: list[list[int]] = [[] for _ in range(n)]
        for e in range(self.E):
            self.incoming[dst[e]].append(e)

    def uniform(self) -> list[tuple[Number, Number]]:
        return [(self.half, self.half)] * self.E

    def step(self, msgs: list[tuple[Number, Number]]) -> list[tuple[Number, Number]]:
        new = []
        for e in range(self.E):
            i = self.src[e]
            mu = [self.unary[i][0], self.unary[i][1]]
            for k in self.incoming[i]:
                if k != (e ^ 1):
                    mu[0] *= msgs[k][0]
                    mu[1] *= msgs[k][1]
            t = self.tabs[e]
            m0 = t[0][0] * mu[0] + t[1][0] * mu[1]
            m1 = t[0][1] * mu[0] + t[1][1] * mu[1]
            s = m0 + m1
            new.append((m0 / s, m1 / s))
        return new

    def beliefs(self, msgs: list[tuple[Number, Number]]) -> list[Number]:
        out = []
        for i in range(self.n):
            b0, b1 = self.unary[i][0], self.unary[i][1]
            for k in self.incoming[i]:
                b0 *= msgs[k][0]
                b1 *= msgs[k][1]
            out.append(b1 / (b0 + b1))
        return out


def sum_product_scalar(graph: FactorGraph, rounds: int) -> tuple[list[Number], list[tuple[Number, Number]]]:
    """(beliefs P(x_i=1), messages) after ``rounds`` rounds in the graph's own number type.

    Plain Python arithmetic, so with Fraction entries every operation is exact. Messages are
    normalised pairs (m(0), m(1)) in :class:`DirectedEdges` order.
    """
    _check_rounds(rounds)
    sp = ScalarSumProduct(graph)
    msgs = sp.uniform()
    for _ in range(rounds):
        msgs = sp.step(msgs)
    return sp.beliefs(msgs), msgs


@dataclass(frozen=True)
class ExactLoopyBPResult:
    """Outcome of :func:`loopy_belief_propagation_exact`: the fields of :class:`LoopyBPResult`
    (no damping) with exact Fraction values."""

    beliefs: list[Fraction]
    messages: list[tuple[Fraction, Fraction]]
    iterations: int
    converged: bool
    max_change: Fraction | None
    tol: Fraction
    max_iter: int


def loopy_belief_propagation_exact(graph: FactorGraph, *, max_iter: int = 100,
                                   tol: Fraction = Fraction(1, 10 ** 6)) -> ExactLoopyBPResult:
    """:func:`loopy_belief_propagation` (no damping) in exact rational arithmetic.

    The same schedule and stopping rule: messages start at (1/2, 1/2); one iteration recomputes
    every message from the previous ones; stop when no message component changed by more than
    ``tol`` (compared exactly) or after ``max_iter`` iterations; beliefs from the last messages.
    A float graph is converted with :meth:`FactorGraph.to_fraction`. Every message update
    multiplies degree − 1 incoming messages, so the digits grow geometrically with the
    iterations: use it on small graphs that stop after a few iterations.
    """
    if tol < 0 or max_iter < 0:
        raise ValueError("tol and max_iter must be non-negative")
    g = graph if graph.is_exact else graph.to_fraction()
    sp = ScalarSumProduct(g)
    tol = Fraction(tol)
    msgs = sp.uniform()
    change: Fraction | None = None
    it = 0
    converged = not g.factors
    while not converged and it < max_iter:
        new = sp.step(msgs)
        change = max(max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a, b in zip(new, msgs))
        msgs = new
        it += 1
        converged = change <= tol
    return ExactLoopyBPResult([Fraction(b) for b in sp.beliefs(msgs)], msgs, it, converged, change, tol, max_iter)


def sum_product_marginals_exact(graph: FactorGraph, rounds: int) -> list[Fraction]:
    """Beliefs P(x_i = 1) after ``rounds`` rounds in exact rational arithmetic.

    A float graph is converted with :meth:`FactorGraph.to_fraction` (exact binary values).
    Denominators grow with every round, so keep graphs small (trees of tens of variables).
    """
    g = graph if graph.is_exact else graph.to_fraction()
    beliefs, _ = sum_product_scalar(g, rounds)
    return [Fraction(b) for b in beliefs]


# ----------------------------------------------------------------------------------------------
# The paper's BP ([C] §2.2.1)


def update_belief(m0: Any, m1: Any, c0: Any = None, c1: Any = None) -> Any:
    """updateBelief(m0, m1) = m0 m1 / (m0 m1 + (1 - m0)(1 - m1)) ([C] §2.2.1, Lean ``updateBelief``), on (0, 1)^2.

    Generic over the number type: float, Fraction, sympy and z3 terms alike. ``c0``, ``c1`` are the
    complements 1 - m_i when the caller has them in another form: a symbolic caller passes b/(a+b)
    for m = a/(a+b), so that sympy can see every factor of the denominator is positive."""
    c0 = 1 - m0 if c0 is None else c0
    c1 = 1 - m1 if c1 is None else c1
    num = m0 * m1
    return num / (num + c0 * c1)


def fold(values: Sequence[N], identity: N) -> N:
    """fold_⊕: ((identity ⊕ m_1) ⊕ m_2) ⊕ … with ⊕ = updateBelief (the empty fold is the identity)."""
    acc = identity
    for v in values:
        acc = update_belief(acc, v)
    return acc


def paper_bp(graph: FactorGraph, rounds: int, *,
             reading: Literal["factor_nodes", "variable_neighbours"] = "factor_nodes",
             initial: Sequence[Number] | None = None) -> list[Number]:
    """Variable beliefs after ``rounds`` rounds of the paper's BP, in the graph's number type.

    The reading, taken from the Lean model the paper cites (``bp_gatherAll`` then
    ``bp_computeBeliefs``): every node holds a belief in (0, 1); in one synchronous round every
    variable node replaces its belief by updateBelief of its neighbours' beliefs, and nothing
    else happens. The factor tables (``factorTable``) are never read. Choices this function
    makes explicit:

    * arbitrary degree: the neighbours' beliefs are folded with updateBelief (= ⊕, associative
      and commutative on (0, 1) with identity 1/2), which is Lean's binary updateBelief for
      degree 2 and 1/2 for a variable with no neighbours;
    * initial beliefs: ``initial`` if given, else phi_i(1)/(phi_i(0)+phi_i(1)) from the unary
      potential (1/2 without one). As in Lean a belief is state, not a potential: the unary only
      sets the starting value and is overwritten by the first round;
    * ``reading="factor_nodes"`` (default, Lean's bipartite ``encodeBPState``): a variable's
      neighbours are factor nodes, whose beliefs are never updated and start at 1/2, so every
      variable is 1/2 from round 1 on whatever the tables say;
    * ``reading="variable_neighbours"``: factor nodes elided, a variable's neighbours are the
      variables it shares a factor with (still never reading the table).

    On [C]'s tree v0 - f - v2 both readings give 1/2 forever while the exact marginals are
    9/19 and 8/19 — the counterexample to Cor 1.3 under this BP.
    """
    _check_rounds(rounds)
    exact = graph.is_exact
    one: Number = Fraction(1) if exact else 1.0
    half = one / 2
    n = graph.num_variables
    if initial is not None:
        if len(initial) != n:
            raise ValueError(f"initial must have {n} beliefs, got {len(initial)}")
        beliefs = list(initial)
    elif graph.unary is not None:
        beliefs = [u[1] / (u[0] + u[1]) for u in graph.unary]
    else:
        beliefs = [half] * n
    adj = graph.neighbours()
    for _ in range(rounds):
        if reading == "factor_nodes":
            beliefs = [fold([half] * len(adj[i]), half) for i in range(n)]
        elif reading == "variable_neighbours":
            beliefs = [fold([beliefs[k] for k in adj[i]], half) for i in range(n)]
        else:
            raise ValueError(f"unknown reading {reading!r}")
    return beliefs
