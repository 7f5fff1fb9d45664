r"""The masked sum-product transformer in exact arithmetic: its own weights, evaluated by sympy.

The proofs of ``coppola.bp.construction.correct`` are about the transformer the code builds, not
about a re-derivation of it. This module supplies the pieces they need:

* **Exact weights.** :func:`exact_blocks` converts every weight matrix of a
  :class:`~lemmas.models.transformer.Transformer` (as built by
  :func:`~lemmas.models.sum_product_transformer.build_sum_product_transformer`) entry by entry to
  an exact sympy number. The float entries of the masked construction are small integers (0, ±1
  and the slot count D), so the conversion is exact; any entry whose double is not a small
  dyadic rational is refused, and every converted entry is checked to round-trip to the same
  double (:func:`exact_number`).
* **A sympy forward pass.** :func:`symbolic_forward` evaluates blocks on a residual stream of
  sympy expressions with the formulas of :mod:`lemmas.models.transformer` (residual blocks; a head
  adds ``W_O Σ_u softmax_u(lam q·k_u + M[t, u]) v_u`` with M = 0 on allowed keys and -∞ elsewhere,
  so a masked key gets ``exp(-∞) = 0``; an FFN adds ``W2 act(W1 x + b1) + b2`` with
  softplus(z) = log(1 + e^z), sigmoid(z) = 1/(1 + e^-z)). The masks are the integer
  :class:`~lemmas.models.transformer.AllowedKeys` arrays the real encoder produces.
* **A symbolic encoding.** :func:`symbolic_stream` puts symbolic features into the token
  positions of :func:`~lemmas.models.sum_product_transformer.encode_graphs` (positions and masks
  from the real encoder, which does not look at the numbers): per edge token i->j the message
  log-odds MSG = log(m(1)/m(0)), THETA = log(phi_i(1)/phi_i(0)) and the oriented edge constants
  A = log(psi'11/psi'01), B = log(psi'10/psi'00), K = log(psi'01/psi'00); the float encoder is
  compared with this specification numerically by the claim (a cross-check).
* **Sum-product and enumeration, symbolically.** :func:`message_update` is Pearl's update
  ``m'(x_j) = Σ_{x_i} psi'(x_i, x_j) phi_i(x_i) Π_{k∈N(i)\j} m_{k->i}(x_i)`` on unnormalised
  pairs; :func:`sum_product_messages` iterates it from the uniform messages (1, 1) in the
  polynomial ring Q[phi, psi] (each message kept expanded, the symbolic analogue of Fraction
  arithmetic); :func:`brute_force` sums the joint over all 2^n assignments.
* **Small combinatorics.** :func:`nonisomorphic_trees` (free trees up to isomorphism, counts
  1, 1, 1, 2, 3, 6, 11, 23, 47, 106 for n = 1..10), :func:`degree_ladder` (a forest with a
  sender of every degree 1..D), :func:`cavity` / :func:`mask_spec` (the gather sets from the
  graph's definition, independent of the encoder).
* :func:`conjunction` turns several identities into one: ``Σ_k λ^k lhs_k = Σ_k λ^k rhs_k`` for a
  fresh real λ holds identically iff every ``lhs_k = rhs_k`` does (a polynomial in λ that
  vanishes for every real λ has zero coefficients), so one sympy Identity carries a whole family
  member.

Nothing here imports the ``verify`` engine.
"""
from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .factor_graph import FactorGraph, GraphStructure, from_edges
from .sum_product_transformer import LAYOUT, EncodedBatch, build_sum_product_transformer, encode_graphs
from .transformer import AllowedKeys, FeedForward, MultiHeadAttention, Transformer

__all__ = [
    "NotExactError", "exact_number", "exact_matrix", "ExactHead", "ExactAttention", "ExactFFN", "ExactBlock",
    "exact_blocks", "exact_sum_product_blocks", "float_entries", "exact_entries", "SYMBOLIC_ACTIVATIONS",
    "symbolic_softplus", "symbolic_sigmoid", "allowed_rows",
    "symbolic_head_weights", "symbolic_block", "symbolic_forward", "SymbolicGraph", "symbolic_graph",
    "oriented_table", "directed", "cavity", "incoming", "message_update", "PolynomialGraph", "ValuedGraph",
    "Arithmetic", "sum_product_round",
    "sum_product_messages", "belief", "brute_force", "SymbolicStream", "symbolic_stream", "placeholder_graph",
    "degree_ladder", "nonisomorphic_trees", "tree_diameter", "conjunction", "gather_sets", "mask_spec", "logodds",
    "BELIEF", "MSG", "GATHER", "THETA", "EDGE_A", "EDGE_B", "EDGE_K", "WIDTH",
]

BELIEF, MSG, GATHER, THETA = LAYOUT["BELIEF"], LAYOUT["MSG"], LAYOUT["GATHER"], LAYOUT["THETA"]
EDGE_A, EDGE_B, EDGE_K = LAYOUT["EDGE_A"], LAYOUT["EDGE_B"], LAYOUT["EDGE_K"]
WIDTH = 7
"""Token width of the masked variant (the dimensions above)."""

MAX_DENOMINATOR = 1 << 10
MAX_NUMERATOR = 1 << 20


# ----------------------------------------------------------------------------------------------
# Exact weights


class NotExactError(ValueError):
    """A float weight is not a small dyadic rational, so it has no obvious exact value."""


def exact_number(x: Any) -> sp.Rational:
    """The exact value of a double weight, as a sympy Rational.

    ``Fraction(float)`` is the double's exact binary value. Only small dyadic rationals
    (|numerator| ≤ 2^20, denominator ≤ 2^10) are accepted — the construction's weights are 0, ±1
    and D — and the result must convert back to the same double (the round trip).
    """
    return _exact_double(float(x))


@functools.lru_cache(maxsize=4096)
def _exact_double(f: float) -> sp.Rational:
    """:func:`exact_number` of one double (a model has few distinct weights, each converted once;
    a refused weight raises again on every call, since exceptions are not cached)."""
    q = Fraction(f)                                     # exact; raises on inf/nan
    if q.denominator > MAX_DENOMINATOR or abs(q.numerator) > MAX_NUMERATOR:
        raise NotExactError(f"weight {f!r} is not a small dyadic rational")
    r = sp.Rational(q.numerator, q.denominator)
    if float(r) != f:
        raise NotExactError(f"weight {f!r} does not round-trip through {r}")
    return r


def exact_matrix(a: np.ndarray) -> sp.ImmutableMatrix:
    arr = np.atleast_2d(np.asarray(a, dtype=np.float64))
    return sp.ImmutableMatrix(arr.shape[0], arr.shape[1], [_exact_double(v) for v in arr.ravel().tolist()])


@dataclass(frozen=True)
class ExactHead:
    w_q: sp.ImmutableMatrix
    w_k: sp.ImmutableMatrix
    w_v: sp.ImmutableMatrix
    w_o: sp.ImmutableMatrix
    lam: sp.Rational
    mask: str | None


@dataclass(frozen=True)
class ExactAttention:
    heads: tuple[ExactHead, ...]
    mask: str | None
    name: str

    def head_masks(self) -> list[str | None]:
        return [h.mask if h.mask is not None else self.mask for h in self.heads]


@dataclass(frozen=True)
class ExactFFN:
    w1: sp.ImmutableMatrix
    b1: sp.ImmutableMatrix
    w2: sp.ImmutableMatrix
    b2: sp.ImmutableMatrix
    activation: str
    name: str


ExactBlock = ExactAttention | ExactFFN


def exact_blocks(model: Transformer) -> tuple[ExactBlock, ...]:
    """Every block of ``model`` with its weights converted by :func:`exact_number`.

    A block object that occurs several times (the builder repeats the same round blocks) is
    converted once; its copies get the same exact block, which is what they are."""
    out: list[ExactBlock] = []
    done: dict[int, ExactBlock] = {}
    for block in model.blocks:
        if id(block) in done:
            out.append(done[id(block)])
            continue
        if isinstance(block, MultiHeadAttention):
            heads = tuple(ExactHead(exact_matrix(h.w_q), exact_matrix(h.w_k), exact_matrix(h.w_v), exact_matrix(h.w_o),
                                    exact_number(h.lam), h.mask) for h in block.heads)
            out.append(ExactAttention(heads, block.mask, block.name))
        elif isinstance(block, FeedForward):
            out.append(ExactFFN(exact_matrix(block.w1), exact_matrix(block.b1[:, None]), exact_matrix(block.w2),
                                exact_matrix(block.b2[:, None]), block.activation, block.name))
        else:  # pragma: no cover - the architecture has only these two block kinds
            raise TypeError(f"unknown block {type(block).__name__}")
        done[id(block)] = out[-1]
    return tuple(out)


@functools.lru_cache(maxsize=256)
def exact_sum_product_blocks(rounds: int, slots: int) -> tuple[ExactBlock, ...]:
    """The masked construction's blocks, straight from ``build_sum_product_transformer``.

    Built once per (rounds, slots) in a process: the result is immutable (frozen blocks of
    immutable matrices), and the families ask for the same model many times."""
    return exact_blocks(build_sum_product_transformer(rounds, slots, variant="masked"))


def _named_weights(blocks: Sequence[Any], attention: type,
                   lam_matrix: Callable[[Any], Any]) -> Iterator[tuple[str, Any]]:
    """(name, matrix) of every weight of ``blocks``: per attention block (of type ``attention``) W_Q,
    W_K, W_V, W_O of every head, then every head's λ as a 1×1 matrix; per FFN W1, b1, W2, b2."""
    for b, block in enumerate(blocks):
        if isinstance(block, attention):
            yield from ((f"block{b}.head{h}.{n}", getattr(head, n)) for h, head in enumerate(block.heads)
                        for n in ("w_q", "w_k", "w_v", "w_o"))
            yield from ((f"block{b}.head{h}.lam", lam_matrix(head.lam)) for h, head in enumerate(block.heads))
        else:
            yield from ((f"block{b}.{n}", getattr(block, n)) for n in ("w1", "b1", "w2", "b2"))


def float_entries(model: Transformer) -> list[tuple[str, float]]:
    """(name, value) of every weight entry of ``model``, in the order :func:`exact_entries` lists them."""
    return [(f"{name}{list(idx)}", float(v))
            for name, m in _named_weights(model.blocks, MultiHeadAttention, lambda lam: np.array([[lam]]))
            for idx, v in np.ndenumerate(np.atleast_2d(m))]


def exact_entries(blocks: Sequence[ExactBlock]) -> list[tuple[str, sp.Rational]]:
    """(name, value) of every entry of exact blocks, in the order of :func:`float_entries`."""
    out = []
    for name, m in _named_weights(blocks, ExactAttention, lambda lam: sp.ImmutableMatrix([[lam]])):
        if name.endswith(".b1") or name.endswith(".b2"):
            m = m.T                                   # stored as columns, listed as the float row
        out += [(f"{name}{[i, j]}", m[i, j]) for i in range(m.rows) for j in range(m.cols)]
    return out


# ----------------------------------------------------------------------------------------------
# The forward pass in sympy


def symbolic_softplus(z: sp.Expr) -> sp.Expr:
    """softplus(z) = log(1 + e^z)."""
    return sp.log(1 + sp.exp(z))


def symbolic_sigmoid(z: sp.Expr) -> sp.Expr:
    """σ(z) = 1/(1 + e^−z)."""
    return 1 / (1 + sp.exp(-z))


SYMBOLIC_ACTIVATIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "softplus": symbolic_softplus, "sigmoid": symbolic_sigmoid, "relu": lambda z: sp.Max(0, z)}

Row = list  # one token: a list of WIDTH sympy expressions


SparseRows = list  # per row of a weight matrix: the (column, weight) pairs with a nonzero weight


def _sparse_rows(w: sp.ImmutableMatrix) -> SparseRows:
    """The nonzero entries of ``w`` row by row (read once per matrix, not once per token)."""
    return [[(j, v) for j, v in enumerate(row) if v != 0] for row in w.tolist()]


def _apply(rows: SparseRows, x: Sequence[sp.Expr]) -> list[sp.Expr]:
    """w @ x for ``rows = _sparse_rows(w)``: zero weights are skipped (0 * x = 0 for every finite x,
    so the value is the same)."""
    return [sp.Add(*[v * x[j] for j, v in row]) for row in rows]


def _matvec(w: sp.ImmutableMatrix, x: Sequence[sp.Expr]) -> list[sp.Expr]:
    """w @ x; zero weights are skipped (0 * x = 0 for every finite x, so the value is the same)."""
    return _apply(_sparse_rows(w), x)


def allowed_rows(mask: AllowedKeys | np.ndarray, batch_index: int = 0) -> list[tuple[int, ...]]:
    """The allowed keys of every query of one batch item, from an AllowedKeys or a dense 0/-inf mask."""
    if isinstance(mask, AllowedKeys):
        idx = np.asarray(mask.index)
        if idx.ndim == 3:
            idx = idx[batch_index]
        return [tuple(int(k) for k in row if k >= 0) for row in idx.tolist()]
    m = np.asarray(mask, dtype=np.float64)
    if m.ndim == 3:
        m = m[batch_index]
    finite = np.isfinite(m)
    if not (m[finite] == 0).all():
        raise ValueError("only 0/-inf masks are supported")
    return [tuple(int(k) for k in np.flatnonzero(row)) for row in finite]


def symbolic_head_weights(head: ExactHead, x: Sequence[Row], rows: Sequence[tuple[int, ...]],
                          queries: Sequence[int]) -> dict[int, list[sp.Expr]]:
    """softmax_u(lam q_t·k_u + M[t, u]) for every key u of every query t (M = 0 allowed, -∞ masked).

    Every term is a function of its inputs alone, so it is built once per distinct input (the
    memos below): most queries and keys of the construction are equal (W_Q = W_K = 0), and sympy
    returns the same expression for the same arguments anyway."""
    wq, wk = _sparse_rows(head.w_q), _sparse_rows(head.w_k)
    keys = [tuple(_apply(wk, xu)) for xu in x]
    scores: dict[tuple[Any, ...], sp.Expr] = {}
    exps: dict[sp.Expr, sp.Expr] = {}
    ratios: dict[tuple[sp.Expr, sp.Expr], sp.Expr] = {}

    def score(q: tuple[sp.Expr, ...], k: tuple[sp.Expr, ...], allowed: bool) -> sp.Expr:
        key = (q, k, allowed)
        if key not in scores:
            scores[key] = head.lam * sp.Add(*[a * b for a, b in zip(q, k, strict=True)]) + (0 if allowed else -sp.oo)
        return scores[key]

    def exp(s: sp.Expr) -> sp.Expr:
        if s not in exps:
            exps[s] = sp.exp(s)
        return exps[s]

    def ratio(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        if (a, b) not in ratios:
            ratios[(a, b)] = a / b
        return ratios[(a, b)]

    out = {}
    for t in queries:
        q = tuple(_apply(wq, x[t]))
        allowed = set(rows[t])
        e = [exp(score(q, k, u in allowed)) for u, k in enumerate(keys)]
        den = sp.Add(*e)
        out[t] = [ratio(ei, den) for ei in e]
    return out


def symbolic_block(block: ExactBlock, x: Sequence[Row], masks: Mapping[str, Sequence[tuple[int, ...]]],
                   queries: Sequence[int] | None = None) -> dict[int, Row]:
    """The residual stream after ``block`` at the rows ``queries`` (all rows by default).

    Every head of an attention block reads the block's input; their outputs are summed into the
    residual, as in :meth:`Transformer.forward`.
    """
    qs = list(range(len(x))) if queries is None else list(queries)
    if isinstance(block, ExactFFN):
        act = SYMBOLIC_ACTIVATIONS[block.activation]
        w1, w2 = _sparse_rows(block.w1), _sparse_rows(block.w2)
        b1, b2 = block.b1.flat(), block.b2.flat()
        out = {}
        for t in qs:
            pre = _apply(w1, x[t])
            hidden = [act(p + b1[i]) for i, p in enumerate(pre)]
            delta = _apply(w2, hidden)
            out[t] = [x[t][j] + delta[j] + b2[j] for j in range(len(x[t]))]
        return out
    out = {t: list(x[t]) for t in qs}
    for head, name in zip(block.heads, block.head_masks(), strict=True):
        rows = masks[name] if name is not None else [tuple(range(len(x)))] * len(x)
        weights = symbolic_head_weights(head, x, rows, qs)
        wv, wo = _sparse_rows(head.w_v), _sparse_rows(head.w_o)
        values = [_apply(wv, xu) for xu in x]
        for t in qs:
            w = weights[t]
            mixed = [sp.Add(*[w[u] * values[u][c] for u in range(len(x)) if w[u] != 0]) for c in range(head.w_v.rows)]
            add = _apply(wo, mixed)
            out[t] = [a + b for a, b in zip(out[t], add, strict=True)]
    return out


def symbolic_forward(blocks: Sequence[ExactBlock], x: Sequence[Row], masks: Mapping[str, Sequence[tuple[int, ...]]],
                     queries: Sequence[int] | None = None) -> dict[int, Row]:
    """Blocks in order; all rows are computed for every block but the last (which reads ``queries``)."""
    state = [list(r) for r in x]
    for k, block in enumerate(blocks):
        last = k == len(blocks) - 1
        new = symbolic_block(block, state, masks, queries if last else None)
        if last:
            return new
        state = [new[t] for t in range(len(state))]
    return {t: state[t] for t in (range(len(state)) if queries is None else queries)}


# ----------------------------------------------------------------------------------------------
# Graphs with symbolic potentials; sum-product and enumeration


@dataclass(frozen=True)
class SymbolicGraph:
    """A graph structure with positive symbols phi_i(x) and psi_f(x_a, x_b) (table [x_a][x_b])."""

    num_variables: int
    edges: tuple[tuple[int, int], ...]
    phi: tuple[tuple[sp.Symbol, sp.Symbol], ...]
    psi: tuple[tuple[tuple[sp.Symbol, sp.Symbol], tuple[sp.Symbol, sp.Symbol]], ...]

    @property
    def structure(self) -> GraphStructure:
        return GraphStructure(self.num_variables, self.edges)

    def symbols(self) -> list[sp.Symbol]:
        return [s for p in self.phi for s in p] + [s for t in self.psi for r in t for s in r]


def symbolic_graph(num_variables: int, edges: Sequence[tuple[int, int]], prefix: str = "") -> SymbolicGraph:
    phi = tuple(tuple(sp.Symbol(f"{prefix}phi{i}_{x}", positive=True) for x in (0, 1)) for i in range(num_variables))
    psi = tuple(tuple(tuple(sp.Symbol(f"{prefix}psi{f}_{a}{b}", positive=True) for b in (0, 1)) for a in (0, 1))
                for f in range(len(edges)))
    return SymbolicGraph(num_variables, tuple((int(a), int(b)) for a, b in edges), phi, psi)


def oriented_table(g: SymbolicGraph, e: int) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """The table of directed edge e indexed [x_sender][x_receiver] (2f = a->b, 2f+1 = b->a)."""
    t = g.psi[e // 2]
    return t if e % 2 == 0 else ((t[0][0], t[1][0]), (t[0][1], t[1][1]))


def directed(structure: GraphStructure | SymbolicGraph) -> list[tuple[int, int]]:
    """(sender, receiver) of every directed edge, in DirectedEdges order."""
    return [(s, r) for a, b in structure.edges for s, r in ((a, b), (b, a))]


def incoming(structure: GraphStructure | SymbolicGraph, i: int) -> list[int]:
    """The directed edges k->i, from the graph's definition."""
    return [e for e, (_, r) in enumerate(directed(structure)) if r == i]


def cavity(structure: GraphStructure | SymbolicGraph, e: int) -> list[int]:
    """The cavity of directed edge e = i->j: the edges k->i with k != j."""
    dirs = directed(structure)
    s, r = dirs[e]
    return [k for k, (a, b) in enumerate(dirs) if b == s and a != r]


Pair = tuple[Any, Any]


def _prod(xs: Sequence[Any], one: Any) -> Any:
    return functools.reduce(operator.mul, xs, one)


def message_update(table: Sequence[Sequence[Any]], phi: Pair, messages: Sequence[Pair]) -> Pair:
    """Pearl's update m'(x_j) = Σ_{x_i} psi'(x_i, x_j) phi(x_i) Π_k m_k(x_i), unnormalised.

    ``table`` is indexed [x_sender][x_receiver]; ``messages`` are the cavity messages (pairs
    (m(0), m(1)) of positive numbers, any normalisation). Plain ``+`` and ``*``, so it runs on
    sympy expressions, polynomial-ring elements and Fractions alike.
    """
    mu = [_prod([m[x] for m in messages], phi[x]) for x in (0, 1)]
    return (table[0][0] * mu[0] + table[1][0] * mu[1], table[0][1] * mu[0] + table[1][1] * mu[1])


def logodds(pair: Pair) -> sp.Expr:
    return sp.log(pair[1] / pair[0])


class PolynomialGraph:
    """A symbolic graph's potentials as generators of the polynomial ring Q[phi, psi].

    Sum-product and enumeration on this ring are exact rational-function arithmetic with a
    canonical (expanded) representation, the symbolic analogue of running them on Fractions;
    :meth:`expr` turns a ring element back into a sympy expression in the graph's symbols.
    """

    def __init__(self, g: SymbolicGraph) -> None:
        self.graph = g
        self.ring, *gens = sp.polys.rings.ring(g.symbols(), sp.QQ)
        it = iter(gens)
        self.phi = tuple((next(it), next(it)) for _ in g.phi)
        self.psi = tuple(((next(it), next(it)), (next(it), next(it))) for _ in g.psi)
        self.one = self.ring.one
        self.zero = self.ring.zero

    def oriented(self, e: int) -> Any:
        t = self.psi[e // 2]
        return t if e % 2 == 0 else ((t[0][0], t[1][0]), (t[0][1], t[1][1]))

    def expr(self, p: Any) -> sp.Expr:
        """The sympy expression of a ring element: Σ c·Π s^k over its terms (the same expression as
        ``p.as_expr()``, built directly, which is much faster for polynomials with many terms)."""
        syms = self.graph.symbols()
        terms = []
        for mon, c in p.terms():
            factors = [s if k == 1 else sp.Pow(s, k) for s, k in zip(syms, mon, strict=True) if k]
            terms.append(sp.Mul(sp.Rational(int(c.numerator), int(c.denominator)), *factors))
        return sp.Add(*terms)


class ValuedGraph:
    """A symbolic graph's potentials replaced by values (Fractions, floats): the same sum-product and
    enumeration code then runs in that arithmetic (used to compare with lemmas.models)."""

    def __init__(self, g: SymbolicGraph, values: Mapping[sp.Symbol, Any], one: Any = Fraction(1)) -> None:
        self.graph = g
        self.phi = tuple(tuple(values[s] for s in p) for p in g.phi)
        self.psi = tuple(tuple(tuple(values[s] for s in r) for r in t) for t in g.psi)
        self.one = one
        self.zero = one - one

    def oriented(self, e: int) -> Any:
        t = self.psi[e // 2]
        return t if e % 2 == 0 else ((t[0][0], t[1][0]), (t[0][1], t[1][1]))


Arithmetic = PolynomialGraph | ValuedGraph
"""Where the potentials live: a polynomial ring, or concrete values; ``None`` means sympy expressions."""


def sum_product_round(g: SymbolicGraph, messages: Sequence[Pair], arith: Arithmetic | None = None) -> list[Pair]:
    """One synchronous round of :func:`message_update` on every directed edge."""
    new = []
    for e, (s, _) in enumerate(directed(g)):
        table, phi = (arith.oriented(e), arith.phi[s]) if arith else (oriented_table(g, e), g.phi[s])
        new.append(message_update(table, phi, [messages[k] for k in cavity(g, e)]))
    return new


def sum_product_messages(g: SymbolicGraph, rounds: int, arith: Arithmetic | None = None) -> list[Pair]:
    """Messages after ``rounds`` rounds from the uniform messages (1, 1) (log-odds 0, as encoded)."""
    one = arith.one if arith else sp.Integer(1)
    msgs: list[Pair] = [(one, one)] * len(directed(g))
    for _ in range(rounds):
        msgs = sum_product_round(g, msgs, arith)
    return msgs


def belief(g: SymbolicGraph, messages: Sequence[Pair], i: int, arith: Arithmetic | None = None) -> Pair:
    """Unnormalised belief (b(0), b(1)) = phi_i(x) Π_{k->i} m_{k->i}(x); P(x_i = 1) = b(1)/(b(0) + b(1))."""
    phi = arith.phi[i] if arith else g.phi[i]
    return tuple(_prod([messages[k][x] for k in incoming(g, i)], phi[x]) for x in (0, 1))  # type: ignore[return-value]


def brute_force(g: SymbolicGraph, arith: Arithmetic | None = None) -> tuple[Any, list[Any]]:
    """(Z, [Z_1(i)]) with Z = Σ_x Π phi Π psi over all 2^n assignments and Z_1(i) the part with x_i = 1."""
    phi, psi = (arith.phi, arith.psi) if arith else (g.phi, g.psi)
    zero = arith.zero if arith else sp.Integer(0)
    one = arith.one if arith else sp.Integer(1)
    z = zero
    z1 = [zero] * g.num_variables
    for x in itertools.product((0, 1), repeat=g.num_variables):
        w = _prod([phi[i][x[i]] for i in range(g.num_variables)]
                  + [psi[f][x[a]][x[b]] for f, (a, b) in enumerate(g.edges)], one)
        z = z + w
        for i in range(g.num_variables):
            if x[i]:
                z1[i] = z1[i] + w
    return z, z1


# ----------------------------------------------------------------------------------------------
# The symbolic token stream


def placeholder_graph(num_variables: int, edges: Sequence[tuple[int, int]]) -> FactorGraph:
    """A float graph with the given structure (all potentials 1): the encoder's positions and
    masks depend only on the structure, so this is what the symbolic stream is laid out by."""
    return from_edges(num_variables, list(edges), [np.ones((2, 2))] * len(edges))


@dataclass(frozen=True)
class SymbolicStream:
    """A residual stream of sympy expressions laid out by the real encoder.

    ``x`` is the token list of batch item ``batch_index``; ``masks`` the allowed keys per query
    of each mask name (from the encoder's AllowedKeys); ``edge_tok[e]`` / ``readout_tok[i]``
    the token positions of directed edge e / of variable i's read-out.
    """

    x: list[Row]
    masks: dict[str, list[tuple[int, ...]]]
    edge_tok: list[int]
    readout_tok: list[int]
    enc: EncodedBatch
    batch_index: int
    symbols: dict[str, Any] = field(default_factory=dict)

    @property
    def sinks(self) -> list[int]:
        return list(range(self.enc.num_sinks))

    def non_edge_tokens(self) -> list[int]:
        edges = set(self.edge_tok)
        return [t for t in range(len(self.x)) if t not in edges]


def symbolic_stream(g: SymbolicGraph, messages: Sequence[Pair] | None = None, *, slots: int | None = None,
                    stale: bool = False, others: Sequence[tuple[int, Sequence[tuple[int, int]]]] = (),
                    batch_index: int = 0, mask_override: Mapping[str, Sequence[tuple[int, ...]]] | None = None
                    ) -> SymbolicStream:
    """Encode ``g`` (plus the structures ``others`` in the same batch, which changes padding) and fill
    batch item ``batch_index`` = g with symbolic features.

    Edge token e = i->j: MSG = log(m_e(1)/m_e(0)) (0 when ``messages`` is None: the encoding's
    uniform messages), THETA = log(phi_i(1)/phi_i(0)), (A, B, K) from the oriented table.
    Isolated-variable token: THETA of the variable. Sinks and padding: zeros. With ``stale``, the
    scratch dimensions carry arbitrary values from an earlier layer: GATHER = g_t, BELIEF = b_t.
    """
    structures = list(others)
    structures.insert(batch_index, (g.num_variables, g.edges))
    enc = encode_graphs([placeholder_graph(n, e) for n, e in structures], variant="masked", slots=slots)
    n_tok = enc.tokens
    x: list[Row] = [[sp.Integer(0)] * WIDTH for _ in range(n_tok)]
    edge_tok = [int(t) for t in enc.edge_positions[batch_index]]
    readout_tok = [int(t) for t in enc.readout_positions[batch_index]]
    dirs = directed(g)
    for e, t in enumerate(edge_tok):
        s, _ = dirs[e]
        tab = oriented_table(g, e)
        x[t][THETA] = sp.log(g.phi[s][1] / g.phi[s][0])
        x[t][EDGE_A] = sp.log(tab[1][1] / tab[0][1])
        x[t][EDGE_B] = sp.log(tab[1][0] / tab[0][0])
        x[t][EDGE_K] = sp.log(tab[0][1] / tab[0][0])
        if messages is not None:
            x[t][MSG] = logodds(messages[e])
    edge_set = set(edge_tok)
    for i, t in enumerate(readout_tok):
        if t not in edge_set:                               # an isolated variable's own token
            x[t][THETA] = sp.log(g.phi[i][1] / g.phi[i][0])
    syms: dict[str, Any] = {}
    if stale:
        for t in range(n_tok):
            x[t][GATHER] = sp.Symbol(f"g_{t}", real=True)
            x[t][BELIEF] = sp.Symbol(f"b_{t}", real=True)
            syms[f"g_{t}"] = x[t][GATHER]
            syms[f"b_{t}"] = x[t][BELIEF]
    masks = {name: allowed_rows(m, batch_index) for name, m in enc.masks.items()}
    if mask_override:
        masks.update({k: list(v) for k, v in mask_override.items()})
    return SymbolicStream(x, masks, edge_tok, readout_tok, enc, batch_index, syms)


def gather_sets(structure: GraphStructure | SymbolicGraph, edge_tok: Sequence[int], readout_tok: Sequence[int],
                n_tok: int, slots: int) -> dict[str, list[tuple[int, ...]]]:
    """The allowed keys every mask should have, from the graph's definition (not the encoder).

    ``gather``: edge token i->j sees the tokens of its cavity (edges k->i, k != j) and the first
    D - |cavity| sinks; every other token sees the D sinks. ``readout``: variable i's read-out
    token sees the tokens of all edges into i and the first D - deg(i) sinks; every other token
    the D sinks. ``self``: each token itself. (Sinks are at positions 0..D-1; ``edge_tok[e]`` and
    ``readout_tok[i]`` are the positions of directed edge e and of variable i's read-out.)
    """
    sinks = tuple(range(slots))
    gather = [sinks] * n_tok
    readout = [sinks] * n_tok
    dirs = directed(structure)
    into: list[list[int]] = [[] for _ in range(structure.num_variables)]   # incoming(structure, i), once
    for k, (_, r) in enumerate(dirs):
        into[r].append(k)
    for e, t in enumerate(edge_tok):
        s, r = dirs[e]
        cav = [edge_tok[k] for k in into[s] if dirs[k][0] != r]          # cavity(structure, e)
        gather[t] = tuple(sorted(cav)) + sinks[:slots - len(cav)]
    for i, t in enumerate(readout_tok):
        inc = [edge_tok[k] for k in into[i]]
        readout[t] = tuple(sorted(inc)) + sinks[:slots - len(inc)]
    return {"gather": gather, "readout": readout, "self": [(t,) for t in range(n_tok)]}


def mask_spec(structure: GraphStructure | SymbolicGraph, stream: SymbolicStream, slots: int
              ) -> dict[str, list[tuple[int, ...]]]:
    """:func:`gather_sets` at the token positions of ``stream``."""
    return gather_sets(structure, stream.edge_tok, stream.readout_tok, len(stream.x), slots)


# ----------------------------------------------------------------------------------------------
# Graph families


def degree_ladder(D: int) -> tuple[int, list[tuple[int, int]], list[int]]:
    """Stars S_1, ..., S_D side by side plus one isolated variable: (n, edges, centres).

    The centre of S_d has degree d, so the forest has a sender of every degree 1..D and max
    degree D (slots = D). Factor orientations alternate ((centre, leaf), (leaf, centre), ...) so both
    the table and its transpose occur; the first leaf of S_d is attached as (leaf, centre) for
    even d.
    """
    edges: list[tuple[int, int]] = []
    centres = []
    v = 0
    for d in range(1, D + 1):
        c = v
        centres.append(c)
        for k in range(d):
            leaf = c + 1 + k
            flip = (k + d) % 2 == 0
            edges.append((leaf, c) if flip else (c, leaf))
        v = c + 1 + d
    return v + 1, edges, centres          # variable v is isolated


def _tree_code(adj: Sequence[Sequence[int]], root: int, parent: int = -1) -> str:
    return "(" + "".join(sorted(_tree_code(adj, w, root) for w in adj[root] if w != parent)) + ")"


def _canonical(n: int, edges: Sequence[tuple[int, int]]) -> str:
    """AHU code of a free tree, rooted at its centre(s) (the smaller code for two centres)."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    deg = [len(a) for a in adj]
    alive = set(range(n))
    leaves = [v for v in range(n) if deg[v] <= 1]
    while len(alive) > 2:
        nxt = []
        for v in leaves:
            alive.discard(v)
            for w in adj[v]:
                if w in alive:
                    deg[w] -= 1
                    if deg[w] == 1:
                        nxt.append(w)
        leaves = nxt
    return min(_tree_code(adj, c) for c in alive)


@functools.cache
def nonisomorphic_trees(n: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """One edge list per isomorphism class of trees on n vertices (grown leaf by leaf, deduplicated
    by canonical code). Counts for n = 1..10: 1, 1, 1, 2, 3, 6, 11, 23, 47, 106 (OEIS A000055)."""
    if n < 1:
        raise ValueError("a tree needs at least one vertex")
    if n == 1:
        return ((),)
    found: dict[str, tuple[tuple[int, int], ...]] = {}
    for t in nonisomorphic_trees(n - 1):
        for v in range(n - 1):
            e = t + ((v, n - 1),)
            found.setdefault(_canonical(n, e), e)
    return tuple(found[k] for k in sorted(found))


def tree_diameter(n: int, edges: Sequence[tuple[int, int]]) -> int:
    return placeholder_graph(n, edges).diameter()


# ----------------------------------------------------------------------------------------------
# One identity from several


def _balanced(xs: Sequence[Any], lam: sp.Symbol) -> Any:
    """Σ_k λ^k x_k, written as P_low(λ) + λ^m·P_high(λ) recursively (m = len(xs)//2): the same
    polynomial as the plain sum, built with O(len) cheap nodes and nesting depth O(log len)."""
    if len(xs) == 1:
        return xs[0]
    m = len(xs) // 2
    low, high = _balanced(xs[:m], lam), _balanced(xs[m:], lam)
    if high == 0:
        return low
    return sp.Add(low, sp.Mul(sp.Pow(lam, m), high))


def conjunction(pairs: Sequence[tuple[Any, Any]], lam: sp.Symbol) -> tuple[Any, Any]:
    """(Σ_k λ^k lhs_k, Σ_k λ^k rhs_k) for a fresh real λ.

    The two sides agree for every real λ (and every value of the other symbols) iff every
    lhs_k = rhs_k: for fixed values of the other symbols the difference is a polynomial in λ with
    coefficients lhs_k − rhs_k, and a real polynomial vanishing everywhere is zero. (The sums are
    built in the balanced form of :func:`_balanced`, which is the same polynomial; pairs whose two
    sides are both the literal 0 add 0 to both sums, so they are left out before numbering.)
    """
    if not lam.is_real:
        raise ValueError("λ must be a real symbol")
    if not pairs:
        raise ValueError("no identities to combine")
    sides = [(sp.sympify(lhs), sp.sympify(rhs)) for lhs, rhs in pairs]
    if any(lhs.has(lam) or rhs.has(lam) for lhs, rhs in sides):
        raise ValueError(f"{lam} must not occur in the identities it combines")
    kept = [(lhs, rhs) for lhs, rhs in sides if not (lhs == 0 and rhs == 0)] or [(sp.Integer(0), sp.Integer(0))]
    return _balanced([lhs for lhs, _ in kept], lam), _balanced([rhs for _, rhs in kept], lam)
