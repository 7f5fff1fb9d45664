"""Exact marginals P(x_i = 1) by brute-force enumeration of all 2^n assignments.

Enumeration is the ground truth every other method is checked against, so it is written to be
obviously correct rather than clever: it sums the unnormalised joint over every assignment.
The float version is vectorised (chunks of assignments as a bit matrix, log-weights, one
max-shift for stability); the Fraction version is a depth-first walk that multiplies each factor
in as soon as both of its variables are fixed, so it does O(2^n) exact operations (on integers:
each potential is scaled by its common denominator, a constant that cancels in the marginals).
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

import numpy as np

from .factor_graph import FactorGraph

__all__ = ["exact_marginals", "exact_marginals_fraction", "log_partition", "MAX_ENUMERATION_VARIABLES"]

#: Refuse larger graphs: 2^n work; 2^24 assignments already take seconds.
MAX_ENUMERATION_VARIABLES = 24


def _check_size(graph: FactorGraph, limit: int) -> None:
    if graph.num_variables > limit:
        raise ValueError(f"enumeration over {graph.num_variables} variables (2^{graph.num_variables} assignments) "
                         f"exceeds the limit of {limit}; pass max_variables to raise it")


def _log_weights(graph: FactorGraph, bits: np.ndarray) -> np.ndarray:
    """log of the unnormalised joint for each assignment row of ``bits`` (shape (k, n))."""
    logw = np.zeros(bits.shape[0])
    log_unary = np.log(graph.unary_array())
    for i in range(graph.num_variables):
        logw += log_unary[i, bits[:, i]]
    for f, t in zip(graph.factors, np.log(graph.tables_array()), strict=True):
        a, b = f.vars
        logw += t[bits[:, a], bits[:, b]]
    return logw


def _chunks(n: int, size: int) -> Iterator[np.ndarray]:
    """Assignments ``start..start+size-1`` as bit rows (bit i of the index is x_i), lazily."""
    total = 1 << n
    shifts = np.arange(n, dtype=np.int64)
    for start in range(0, total, size):
        idx = np.arange(start, min(total, start + size), dtype=np.int64)
        yield ((idx[:, None] >> shifts) & 1).astype(np.intp)


def _streamed_sums(graph: FactorGraph, chunk: int) -> tuple[float, float, np.ndarray]:
    """(shift, Z e^-shift, Z_i e^-shift) with an online max-shift, so memory stays O(chunk * n)."""
    shift = -np.inf
    z = 0.0
    z1 = np.zeros(graph.num_variables)
    for bits in _chunks(graph.num_variables, chunk):
        lw = _log_weights(graph, bits)
        m = float(lw.max())
        if m > shift:
            scale = np.exp(shift - m) if np.isfinite(shift) else 0.0
            z *= scale
            z1 *= scale
            shift = m
        w = np.exp(lw - shift)
        z += float(w.sum())
        z1 += w @ bits
    return shift, z, z1


def exact_marginals(graph: FactorGraph, *, max_variables: int = MAX_ENUMERATION_VARIABLES,
                    chunk: int = 1 << 15) -> np.ndarray:
    """P(x_i = 1) for every variable, in float64, by enumeration."""
    _check_size(graph, max_variables)
    _, z, z1 = _streamed_sums(graph, chunk)
    return z1 / z


def log_partition(graph: FactorGraph, *, max_variables: int = MAX_ENUMERATION_VARIABLES) -> float:
    """log Z of the unnormalised joint, by enumeration."""
    _check_size(graph, max_variables)
    shift, z, _ = _streamed_sums(graph, 1 << 15)
    return shift + float(np.log(z))


def exact_marginals_fraction(graph: FactorGraph, *, max_variables: int = 20) -> list[Fraction]:
    """P(x_i = 1) as exact Fractions, by enumeration.

    A float graph is first converted with :meth:`FactorGraph.to_fraction` (exact binary values),
    so the answer is the exact marginal of the graph as stored.
    """
    _check_size(graph, max_variables)
    g = graph if graph.is_exact else graph.to_fraction()
    n = g.num_variables
    # Every potential (each unary pair, each table) is scaled by the lcm of its denominators, so
    # the walk multiplies integers: every assignment's weight gets the same positive factor,
    # which cancels in Z_1(i)/Z, and Fraction(z1, z) reduces to the same marginal.
    unary = [_integers(pair) for pair in g.unary_or_uniform()]
    # Each factor is multiplied in at the depth of its later variable, when both are assigned.
    closing: list[list[tuple[int, tuple]]] = [[] for _ in range(n)]
    for f in g.factors:
        a, b = f.vars
        t = _integers((*f.table[0], *f.table[1]))
        closing[max(a, b)].append((min(a, b), ((t[0], t[1]), (t[2], t[3])) if a < b else ((t[0], t[2]), (t[1], t[3]))))
    x = [0] * n
    z1 = [0] * n

    def walk(depth: int, weight: int) -> int:
        # Returns the total weight of the subtree; records the x_depth = 1 half into z1[depth].
        if depth == n:
            return weight
        total = 0
        for value in (0, 1):
            x[depth] = value
            w = weight * unary[depth][value]
            for other, table in closing[depth]:
                w *= table[x[other]][value]
            sub = walk(depth + 1, w)
            if value == 1:
                z1[depth] += sub
            total += sub
        return total

    z = walk(0, 1)
    return [Fraction(q, z) for q in z1]


def _integers(entries: tuple[Fraction, ...]) -> tuple[int, ...]:
    """The entries times the lcm of their denominators (positive integers, same ratios)."""
    qs = [Fraction(q) for q in entries]
    d = math.lcm(*(q.denominator for q in qs))
    return tuple(q.numerator * (d // q.denominator) for q in qs)
