"""The sympy forward pass of the masked construction against plain definitions: the sparse
mat-vec, the memoised softmax weights, the cached exact weights and the gather sets."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp

from lemmas.models.construction_symbolic import (
    ExactHead,
    NotExactError,
    _matvec,
    cavity,
    directed,
    exact_number,
    exact_sum_product_blocks,
    gather_sets,
    incoming,
    symbolic_head_weights,
)
from lemmas.models.factor_graph import GraphStructure


def _plain_weights(head: ExactHead, x, rows, queries):
    """softmax_u(lam q_t·k_u + M[t, u]) with sympy matrices, no memo, no skipped zeros."""
    out = {}
    for t in queries:
        q = head.w_q * sp.Matrix(x[t])
        scores = [head.lam * (q.T * (head.w_k * sp.Matrix(xu)))[0, 0] + (0 if u in rows[t] else -sp.oo)
                  for u, xu in enumerate(x)]
        den = sp.Add(*[sp.exp(s) for s in scores])
        out[t] = [sp.exp(s) / den for s in scores]
    return out


def test_matvec_is_the_matrix_product() -> None:
    w = sp.ImmutableMatrix([[0, 1, -2], [0, 0, 0], [3, 0, sp.Rational(1, 2)]])
    x = sp.symbols("x0:3", real=True)
    assert _matvec(w, x) == list(w * sp.Matrix(x))
    assert _matvec(w, x) != list(w.T * sp.Matrix(x))          # must say no: a different matrix


def test_memoised_head_weights_are_the_softmax_definition() -> None:
    # Distinct queries and keys (W_Q, W_K nonzero), repeated tokens and repeated allowed sets, so
    # the memos are hit with equal and with different inputs.
    x = [[sp.Symbol(f"x{t}_{c}", real=True) for c in range(2)] for t in range(3)]
    x += [list(x[0]), [sp.Integer(0), sp.Integer(0)]]
    head = ExactHead(sp.ImmutableMatrix([[1, 0], [0, 2]]), sp.ImmutableMatrix([[0, 1], [1, 1]]),
                     sp.ImmutableMatrix.eye(2), sp.ImmutableMatrix.eye(2), sp.Rational(1, 2), None)
    rows = [(0, 1), (1, 2, 3), (0, 1), (4,), (0, 1, 2, 3, 4)]
    got = symbolic_head_weights(head, x, rows, range(len(x)))
    want = _plain_weights(head, x, rows, range(len(x)))
    for t in range(len(x)):
        assert all(sp.simplify(a - b) == 0 for a, b in zip(got[t], want[t], strict=True))
        assert [w == 0 for w in got[t]] == [u not in rows[t] for u in range(len(x))]
    # must say no: a query whose allowed set differs gets different weights
    other = symbolic_head_weights(head, x, [(0,)] + rows[1:], [0])
    assert other[0] != got[0]


def test_exact_weights_are_cached_but_refusals_repeat() -> None:
    assert exact_sum_product_blocks(2, 3) is exact_sum_product_blocks(2, 3)
    assert exact_sum_product_blocks(2, 3) != exact_sum_product_blocks(2, 4)
    assert exact_number(-0.0) == 0 and exact_number(0.0) == 0 and exact_number(3.0) == 3
    for _ in range(2):
        with pytest.raises(NotExactError):
            exact_number(0.1)
        with pytest.raises(NotExactError):
            exact_number(2.0 ** -11)
    with pytest.raises((ValueError, OverflowError)):
        exact_number(float("nan"))


def _small_structures():
    for n in range(1, 5):
        pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
        for bits in range(1 << len(pairs)):
            edges = tuple(p if k % 2 else p[::-1] for k, p in enumerate(pairs) if bits >> k & 1)   # both orientations
            yield GraphStructure(n, edges)


def test_cavity_and_gather_sets_are_the_definitions() -> None:
    for s in _small_structures():
        dirs = directed(s)
        for e, (i, j) in enumerate(dirs):
            assert cavity(s, e) == [k for k, (a, b) in enumerate(dirs) if b == i and a != j]
        E, D = len(dirs), max([len(incoming(s, i)) for i in range(s.num_variables)] + [1])
        edge_tok = [D + e for e in range(E)]
        readout_tok = [edge_tok[incoming(s, i)[0] ^ 1] if incoming(s, i) else D + E + i
                       for i in range(s.num_variables)]
        n_tok = D + E + s.num_variables
        sets = gather_sets(s, edge_tok, readout_tok, n_tok, D)
        for e, t in enumerate(edge_tok):
            cav = sorted(edge_tok[k] for k in cavity(s, e))
            assert sets["gather"][t] == tuple(cav) + tuple(range(D - len(cav)))
        for i, t in enumerate(readout_tok):
            inc = sorted(edge_tok[k] for k in incoming(s, i))
            assert sets["readout"][t] == tuple(inc) + tuple(range(D - len(inc)))
        assert sets["self"] == [(t,) for t in range(n_tok)]


def test_gather_sets_exclude_the_reverse_edge() -> None:
    # must say no: on a path 0-1-2, edge 1->2 gathers 0->1 but never 2->1
    s = GraphStructure(3, ((0, 1), (1, 2)))
    dirs = directed(s)
    e12 = dirs.index((1, 2))
    assert [dirs[k] for k in cavity(s, e12)] == [(0, 1)]
    edge_tok = list(range(2, 6))
    sets = gather_sets(s, edge_tok, [2, 3, 5], 6, 2)
    assert edge_tok[dirs.index((2, 1))] not in sets["gather"][edge_tok[e12]]
    assert np.array_equal(sorted(itertools.chain.from_iterable(sets["self"])), range(6))
