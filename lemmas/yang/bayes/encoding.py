"""z3 encodings of the finite reading of Yang's Bayes statements, shared by the claim modules of
:mod:`lemmas.yang.bayes` (no claims here).

Latent values t < T, observations x < N; a prior π, a likelihood L (row t a distribution over x),
an update kernel U (row x a distribution over t). The joint is J[t][x] = π_t L[t,x] and the
evidence m_x = Σ_t J[t][x]; both are named by z3 definitions (fresh constants, in dependency order).

Main definitions:

- :class:`PriorLikelihoodEncoding`: π and L as the variables, J and m defined from them;
- :class:`JointEncoding`: J as the variables (degree 2 instead of 3 in the BJ queries);
- :func:`kernel_stochastic`, :func:`rational`;
- :func:`tn_family`: the (T, N) box of a bounded family as one integer parameter TN = 10·T + N;
- the hypotheses the predicates state (:data:`PRIOR_SIMPLEX`, :data:`BAYES_JOINT`, …).
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import z3

from verify import Family, Hypothesis


def rational(f: Fraction | int) -> z3.RatNumRef:
    """An exact rational as a z3 constant."""
    f = Fraction(f)
    return z3.Q(f.numerator, f.denominator)


def sizes(max_t: int, max_n: int, min_t: int = 1) -> list[tuple[int, int]]:
    """Every (T, N) in the box, smallest first (by max(T, N), then T)."""
    return sorted(((T, N) for T in range(min_t, max_t + 1) for N in range(1, max_n + 1)),
                  key=lambda s: (max(s), s[0], s[1]))


def tn_family(max_t: int, max_n: int, min_t: int = 1) -> Family:
    """Every (T, N) with min_t ≤ T ≤ max_t, 1 ≤ N ≤ max_n, as the family parameter TN = 10·T + N
    (T, N ≤ 9), smallest first (by max(T, N), then T)."""
    assert max_t <= 9 and max_n <= 9
    return Family("TN", [10 * T + N for T, N in sizes(max_t, max_n, min_t)])


def split_tn(tn: int) -> tuple[int, int]:
    return tn // 10, tn % 10


def _bayes_joint(m: Sequence[Any], J: Sequence[Sequence[Any]], U: Sequence[Sequence[Any]]) -> z3.BoolRef:
    """BJ: m_x U[x,t] = J[t][x] for every x and t."""
    return z3.And(*[m[x] * U[x][t] == J[t][x] for x in range(len(m)) for t in range(len(J))])


def kernel_stochastic(U: Sequence[Sequence[Any]]) -> z3.BoolRef:
    """Every row of U is a distribution."""
    return z3.And(*[v >= 0 for row in U for v in row], *[z3.Sum(list(row)) == 1 for row in U])


class PriorLikelihoodEncoding:
    """π and L as z3 variables, with the definitions J[t][x] = π_t L[t,x] and m_x = Σ_t J[t][x]."""

    def __init__(self, T: int, N: int, tag: str = "") -> None:
        self.T, self.N = T, N
        self.pi = [z3.Real(f"pi{tag}_{t}") for t in range(T)]
        self.L = [[z3.Real(f"L{tag}_{t}_{x}") for x in range(N)] for t in range(T)]
        self.J = [[z3.Real(f"J{tag}_{t}_{x}") for x in range(N)] for t in range(T)]
        self.m = [z3.Real(f"m{tag}_{x}") for x in range(N)]
        self.definitions: dict[str, z3.BoolRef] = {}
        for t in range(T):
            for x in range(N):
                self.definitions[f"J{tag}_{t}_{x}"] = self.J[t][x] == self.pi[t] * self.L[t][x]
        for x in range(N):
            self.definitions[f"m{tag}_{x}"] = self.m[x] == z3.Sum([self.J[t][x] for t in range(T)])

    def prior_simplex(self) -> z3.BoolRef:
        return z3.And(*[p >= 0 for p in self.pi], z3.Sum(self.pi) == 1)

    def likelihood_stochastic(self) -> z3.BoolRef:
        return kernel_stochastic(self.L)

    def bayes_joint(self, U: Sequence[Sequence[Any]]) -> z3.BoolRef:
        return _bayes_joint(self.m, self.J, U)

    def pinned(self, pi: Sequence[Fraction], L: Sequence[Sequence[Fraction]]) -> z3.BoolRef:
        """π and L equal to an exact rational model."""
        return z3.And(*[p == rational(v) for p, v in zip(self.pi, pi, strict=True)],
                      *[self.L[t][x] == rational(L[t][x]) for t in range(self.T) for x in range(self.N)])


class JointEncoding:
    """The finite reading through its joint: J[t][x] = π_t L[t,x] as the variables, m_x = Σ_t J[t][x]
    (a definition).

    Every statement of the BJ ⇒ posterior families involves π and L only through J, and the
    joints of a prior and a likelihood are exactly the distributions on Θ × X (π_t = Σ_x J[t][x],
    L[t,·] = J[t,·]/π_t where π_t > 0, any distribution where π_t = 0). With J as the variables
    the queries are of degree 2 instead of 3 (π_t L[t,x] m_x), which z3 decides at far larger sizes.
    """

    def __init__(self, T: int, N: int) -> None:
        self.T, self.N = T, N
        self.J = [[z3.Real(f"J_{t}_{x}") for x in range(N)] for t in range(T)]
        self.m = [z3.Real(f"m_{x}") for x in range(N)]
        self.definitions = {f"m_{x}": self.m[x] == z3.Sum([self.J[t][x] for t in range(T)]) for x in range(N)}

    def joint_distribution(self) -> z3.BoolRef:
        return z3.And(*[v >= 0 for row in self.J for v in row], z3.Sum([v for row in self.J for v in row]) == 1)

    def bayes_joint(self, U: Sequence[Sequence[Any]]) -> z3.BoolRef:
        return _bayes_joint(self.m, self.J, U)


# The hypotheses the encodings' predicates state, declared by every claim whose goals use them.
PRIOR_SIMPLEX = Hypothesis("prior_simplex", "π_t ≥ 0, Σ_t π_t = 1")
LIKELIHOOD_STOCHASTIC = Hypothesis("likelihood_stochastic", "L[t,·] is a distribution over x for every t")
KERNEL_STOCHASTIC = Hypothesis("kernel_stochastic", "U[x,·] is a distribution over t for every x")
BAYES_JOINT = Hypothesis("bayes_joint", "BJ: m_x U[x,t] = π_t L[t,x] for all x, t ((κ∘π) ⊗ U = swap(π ⊗ κ))")
JOINT_DISTRIBUTION = Hypothesis("joint_distribution", "J[t,x] = π_t L[t,x] ≥ 0 with Σ J = 1 (prior_simplex ∧ "
                                "likelihood_stochastic in terms of the joint, the variables of the bounded families)")
