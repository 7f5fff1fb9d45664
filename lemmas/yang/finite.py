"""Exact (``fractions.Fraction``) finite Bayes objects: the home of the finite reading of Yang's
statements, shared by the Yang claim modules (no claims here).

Latent values t ∈ {0..T-1}, observations x ∈ {0..N-1}; a prior ``pi`` is a list of T Fractions;
a likelihood ``L`` is a T×N list of rows (row t is the distribution of x given t); an update
kernel ``U`` is an N×T list of rows (row x is a distribution over t). The evidence is
m_x = Σ_t π_t L[t][x] and the posterior row x is π_t L[t][x] / m_x, defined only when m_x > 0.
Random instances have deliberate zeros, because zero probabilities are where "almost everywhere"
matters.

Main definitions:

- :func:`evidence`, :func:`posterior` (``None`` on null observations), :func:`posterior_version`
  (a version of the posterior kernel), :func:`bayes_joint_holds`;
- :func:`compose` (the kernel η∘κ), :func:`marginal` (κ∘π), :func:`normalize`, :func:`one_hot`;
- :func:`random_model` (optionally with a null observation), :func:`random_distribution`,
  :func:`random_stochastic`.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

Vector = list[Fraction]
Matrix = list[list[Fraction]]


def normalize(weights: Sequence[Fraction]) -> Vector:
    total = sum(weights, Fraction(0))
    if total == 0:
        raise ZeroDivisionError("cannot normalize a zero vector")
    return [Fraction(w) / total for w in weights]


def random_weights(rng: random.Random, n: int, zero_prob: float = 0.25, high: int = 9) -> Vector:
    """n nonnegative integer weights (as Fractions) with some zeros, never all zero."""
    while True:
        w = [Fraction(0) if rng.random() < zero_prob else Fraction(rng.randint(1, high)) for _ in range(n)]
        if any(w):
            return w


def random_distribution(rng: random.Random, n: int, zero_prob: float = 0.25) -> Vector:
    return normalize(random_weights(rng, n, zero_prob))


def random_stochastic(rng: random.Random, rows: int, cols: int, zero_prob: float = 0.25) -> Matrix:
    return [random_distribution(rng, cols, zero_prob) for _ in range(rows)]


def random_model(rng: random.Random, T: int, N: int, zero_prob: float = 0.25,
                 null_observation: bool = False) -> tuple[Vector, Matrix]:
    """A prior and a likelihood; with ``null_observation`` some x has evidence m_x = 0.

    The null observation is made by zeroing column x on the support of the prior (the rows
    are re-normalized over the other columns, so L stays row-stochastic); needs N ≥ 2.
    """
    pi = random_distribution(rng, T, zero_prob)
    L = random_stochastic(rng, T, N, zero_prob)
    if null_observation:
        if N < 2:
            raise ValueError("a null observation needs N ≥ 2")
        x0 = rng.randrange(N)
        for t in range(T):
            if pi[t] > 0:
                others = any(L[t][y] for y in range(N) if y != x0)
                row = [Fraction(0) if x == x0 else (L[t][x] if others else Fraction(1)) for x in range(N)]
                L[t] = normalize(row)
    return pi, L


def evidence(pi: Sequence[Fraction], L: Matrix) -> Vector:
    T, N = len(pi), len(L[0])
    return [sum((pi[t] * L[t][x] for t in range(T)), Fraction(0)) for x in range(N)]


def posterior(pi: Sequence[Fraction], L: Matrix) -> list[Vector | None]:
    """Row x: π_t L[t][x] / m_x, or ``None`` where m_x = 0 (the formula is 0/0 there)."""
    m = evidence(pi, L)
    T = len(pi)
    return [None if m[x] == 0 else [pi[t] * L[t][x] / m[x] for t in range(T)] for x in range(len(m))]


def bayes_joint_holds(pi: Sequence[Fraction], L: Matrix, U: Matrix) -> bool:
    """BJ: m_x U[x][t] = π_t L[t][x] for every x and t (exact)."""
    m = evidence(pi, L)
    return all(m[x] * U[x][t] == pi[t] * L[t][x] for x in range(len(m)) for t in range(len(pi)))


def is_stochastic(rows: Matrix) -> bool:
    return all(all(v >= 0 for v in r) and sum(r, Fraction(0)) == 1 for r in rows)


def posterior_version(pi: Sequence[Fraction], L: Matrix, null_row: Sequence[Fraction]) -> Matrix:
    """A version of the posterior kernel, as a matrix [x][t]: the posterior where m_x > 0, ``null_row``
    elsewhere (any distribution there gives a version: the rows of null observations are free)."""
    return [list(r) if r is not None else [Fraction(v) for v in null_row] for r in posterior(pi, L)]


def one_hot(T: int, t: int) -> Vector:
    return [Fraction(1) if s == t else Fraction(0) for s in range(T)]


def compose(K: Matrix, E: Matrix) -> Matrix:
    """The kernel η∘κ as a matrix product: (KE)[t][y] = Σ_x K[t][x] E[x][y]."""
    return [[sum((K[t][x] * E[x][y] for x in range(len(E))), Fraction(0)) for y in range(len(E[0]))]
            for t in range(len(K))]


def marginal(pi: Sequence[Fraction], K: Matrix) -> Vector:
    """κ∘π: the distribution of x when t ~ π and x ~ κ(t, ·) (= the evidence vector)."""
    return evidence(pi, K)

