"""``yang.bayes.*``: the explicit Bayes formula and the Bayes joint condition (BJ).

What the paper claims (Yang, abstract): (1) at block level the explicit Bayes formula obtained by
Radon–Nikodym differentiation, p(θ|x) = ℓ(x|θ) π(dθ) / Z(x), is a normalized posterior; (2) the
core theorem, at semantic, block and stack level alike: if the update kernel U satisfies the Bayes
joint condition (κ∘π) ⊗ U = swap(π ⊗ κ) — finitely, m_x U[x,t] = π_t L[t,x] — then U equals the
posterior almost everywhere.

What the project found.

``yang.bayes.rn_normalization`` — proved. Finite reading: Σ_t π_t L[t,x] / m_x = 1 whenever
m_x > 0, for a symbolic number T of latent values (sympy) and, as a cross-check, by z3 for every
T ≤ 32 and on random rational instances with zero entries. The hypothesis analysis shows
"evidence_positive" necessary (countermodel m_x = 0, where the formula is 0/0) and nonnegativity
of π and L redundant: normalization is pure algebra once m_x ≠ 0. Gaussian reading (θ ~ N(m0, v0),
x|θ ~ N(θ, w)): log π(θ) + log ℓ(x|θ) = log Z(x) + log N(θ; m1, v1) as a symbolic identity, and
∫ N(θ; m1, v1) dθ = 1. Sub-claim ``.zero_evidence`` (the formula is normalized for every x) is
refuted by an exact instance with m_x = 0 (0/0; with the convention 0/0 = 0 the "posterior" sums
to 0). Gaussian normalization is checked by sympy's closed form, by the change of variable
θ = m1 + √v1·u to the standard Gaussian integral, and (cross-check) by mpmath.quad at 40 digits at
random rational parameters (|∫ − 1| ≤ 1e-20). Sub-claim ``.undominated`` (the formula applies to
every kernel) is refuted by the identity channel κ(θ,·) = δ_θ on [0,1] with π uniform, so
κ∘π = Lebesgue: an exact check shows that on the cell of width 1/k containing θ any density
bounded by M < k has mass ≤ M/k < 1 = δ_θ(cell) (M up to 10³⁰; with an atom of the prior at θ the
check says no); unbounded densities are excluded by absolute continuity of the integral, a
measure-theoretic step not machine-checked (see the claim's note). The posterior exists there
anyway (it is δ_x).

``yang.bayes.joint_implies_posterior`` — tautological. BJ ⇒ (m_x > 0 ⇒ U[x,·] = posterior[x,·])
for every x, with no global evidence hypothesis (null observations are allowed, their rows are
unconstrained): z3 proves it for every T ≤ 9 latent values and N ≤ 9 observations (81 sizes, two
obligations of ~2.5–3.5 s of z3 time each), and a generic-entry argument proves it for every
size (each entry needs only its own BJ equation and m_x > 0). The converse holds too (the
posterior satisfies BJ and is a Markov kernel on m_x > 0), so BJ restricted to m_x > 0 *is* "U is
a version of the posterior": the hypothesis restates the conclusion. The hypothesis analysis
agrees: on the family only "bayes_joint" is necessary (prior, likelihood and kernel being
stochastic are redundant); on one fixed row x (``posterior.row.smt``: BJ ∧ m_x > 0 ⇒ U[x,·] =
P[x,·]) "evidence_positive" is necessary too (countermodel: a null observation m_x = 0 with an
arbitrary row U[x,·]).

Sub-claims. ``.every_input`` (BJ determines U on every input) is refuted: with a null
observation two different Markov kernels both satisfy BJ (z3 model, 2×2, re-checked exactly:
π = (1, 0), L = [[1, 0], [1, 0]], m = (1, 0), U[1] = (1, 0), V[1] = (1/2, 1/2); and a 6×6
rational instance) — this is what "almost everywhere" hides. ``.architecture_idle`` (proved):
the same obligation function is discharged with U = D∘F for an arbitrary map F (z3
uninterpreted functions; every size generically, T, N ≤ 4 as a family) and for F one transformer
block (attention + ReLU FFN, ``lemmas.models.transformer``, random fixed weights, softmax
readout; T, N ≤ 6) — nothing about F enters the proof. ``.deterministic_kernel`` (proved): a
deterministic update kernel (one-hot rows, as a deterministic forward pass read as
U(x) = δ_{c(x)} gives) satisfies BJ only for a degenerate model: with full-support π and L and
T ≥ 2 it never does (every size; the analysis shows each full-support hypothesis necessary with
a degenerate countermodel, e.g. π = (0, 1)).

Bound and why it stops. Each size is one z3 query with T·N products π_t L[t,x] and T·N products
m_x U[x,t]. Two encoding choices decide the speed: the products and the evidence are named by
fresh variables (J, m), and those definitions are written as a pair of inequalities (see
:func:`named`), because z3's one-shot mode — the engine's first attempt — otherwise substitutes
the equations back (``solve-eqs``) and nlsat times out from T = 4 on. With the row-wise guard
m_x > 0 ⇒ … the per-size time is ~0.3 s at 8×8, ~0.7 s at 9×9 to 10×10, 2–5 s at 11×11;
measured z3 time of the family: T, N ≤ 8 ~3.3 s, max(T, N) = 9 ~2.5 s, max(T, N) = 10 another
~6.7 s (and the engine adds a vacuity check of the largest size). T, N ≤ 9 is shipped in two
obligations, each well under 10 s of z3 time; the growth of the per-size time (nlsat, ~T·N
nonlinear atoms) times the T·N sizes is what stops it.
"""
from __future__ import annotations

import random
from fractions import Fraction
from typing import Any, Callable, Sequence

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, Counterexample, ExactEqual, Hypothesis, Identity, Implication, Obligation, Witness

from . import PAPER
from .finite import (bayes_joint_holds, evidence, is_distribution, is_stochastic, one_hot, posterior,
                     random_model, shown, version)

SMT_MAX = 9
"""Largest T and N of the bounded BJ ⇒ posterior family (every T ≤ SMT_MAX, N ≤ SMT_MAX), split in
two obligations (max(T, N) ≤ SMT_SPLIT: ~3.3 s of z3 time; max(T, N) = 9: ~2.5 s)."""
SMT_SPLIT = 8
# The bounded SMT families take ~2.5–3.5 s of z3 time each; their obligations allow 20 s because the
# default ``verify run`` also gives cvc5 up to 4 s per obligation, and the machine may be loaded.

RN_SMT_MAX_T = 32
"""Largest number of latent values of the bounded normalization check."""

SEMANTIC_MAX_T, SEMANTIC_MAX_N = 4, 4
BLOCK_MAX_T, BLOCK_MAX_N = 6, 6
"""Sizes of the bounded U = D∘F families (semantic and block level); the generic-entry proof
covers every size, these are cross-checks through the very same family function."""

DET_MAX_T, DET_MAX_N = 6, 6
"""Sizes of the bounded deterministic-kernel family (T from 2)."""

EXACT_SEEDS = (0, 1, 2, 3, 4, 5)
EXACT_SIZES = ((2, 2), (3, 4), (4, 3), (5, 6), (6, 5), (6, 6))


def _q(f: Fraction | int) -> z3.RatNumRef:
    f = Fraction(f)
    return z3.Q(f.numerator, f.denominator)


# --------------------------------------------------------------------------------------------
# The finite model in z3
# --------------------------------------------------------------------------------------------

def named(name: z3.ArithRef, term: z3.ArithRef) -> z3.BoolRef:
    """The definition name = term, written as name ≤ term ∧ name ≥ term.

    Logically the same equation, but z3's one-shot mode (the engine's first attempt) runs
    ``solve-eqs``, which substitutes every equation ``name == term`` back and so undoes the
    naming; nlsat then times out from T = 4 on. The pair of inequalities survives that
    preprocessing, and the one-shot mode proves the 6×6 instance in 0.03 s instead of timing
    out (z3 5.4.1; see the module docstring).
    """
    return z3.And(name <= term, name >= term)


class Model:
    """z3 terms of the finite reading: π, L, the joint J = π L (named), the evidence m (named)."""

    def __init__(self, T: int, N: int, tag: str = "") -> None:
        self.T, self.N = T, N
        self.pi = [z3.Real(f"pi{tag}_{t}") for t in range(T)]
        self.L = [[z3.Real(f"L{tag}_{t}_{x}") for x in range(N)] for t in range(T)]
        # π_t L[t,x] and m_x are named by fresh variables J, m (see :func:`named`).
        self.J = [[z3.Real(f"J{tag}_{t}_{x}") for x in range(N)] for t in range(T)]
        self.m = [z3.Real(f"m{tag}_{x}") for x in range(N)]
        self.definitions: dict[str, z3.BoolRef] = {}
        for t in range(T):
            for x in range(N):
                self.definitions[f"J{tag}_{t}_{x}"] = named(self.J[t][x], self.pi[t] * self.L[t][x])
        for x in range(N):
            self.definitions[f"m{tag}_{x}"] = named(self.m[x], z3.Sum([self.J[t][x] for t in range(T)]))

    def prior_simplex(self) -> z3.BoolRef:
        return z3.And(*[p >= 0 for p in self.pi], z3.Sum(self.pi) == 1)

    def likelihood_stochastic(self) -> z3.BoolRef:
        return z3.And(*[v >= 0 for row in self.L for v in row], *[z3.Sum(row) == 1 for row in self.L])

    def bayes_joint(self, U: Sequence[Sequence[Any]]) -> z3.BoolRef:
        return z3.And(*[self.m[x] * U[x][t] == self.J[t][x] for x in range(self.N) for t in range(self.T)])


def kernel_stochastic(U: Sequence[Sequence[Any]]) -> z3.BoolRef:
    return z3.And(*[v >= 0 for row in U for v in row], *[z3.Sum(list(row)) == 1 for row in U])


# A kernel factory returns the update kernel U (N rows of T z3 terms) and a description.
KernelFactory = Callable[[int, int], tuple[list[list[Any]], str]]


def free_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    """U is any N×T matrix of reals (the hypotheses make it a Markov kernel)."""
    return [[z3.Real(f"U_{x}_{t}") for t in range(T)] for x in range(N)], "U arbitrary"


FEATURES = 2


def semantic_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    """U = D∘F: F an arbitrary map X → ℝ² (uninterpreted), D arbitrary maps ℝ² → ℝ (one per t)."""
    F = [z3.Function(f"F{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    D = [z3.Function(f"D{t}", *([z3.RealSort()] * FEATURES), z3.RealSort()) for t in range(T)]
    U = [[D[t](*[f(z3.IntVal(x)) for f in F]) for t in range(T)] for x in range(N)]
    return U, "U = D∘F, F: X → ℝ² and D: ℝ² → ℝ^T uninterpreted"


BLOCK_WIDTH = 4
BLOCK_SEED = 20260


def transformer_block_features(N: int, seed: int = BLOCK_SEED) -> tuple[np.ndarray, str]:
    """F(x) for x < N: one transformer block (one attention head + a ReLU FFN, residual
    connections) applied to the token sequence (embed(x), c_1, c_2); F(x) is the first token out.

    The block is :class:`lemmas.models.transformer.Transformer` (the project's one architecture);
    weights are random and fixed by ``seed``.
    """
    from lemmas.models.transformer import AttentionHead, FeedForward, MultiHeadAttention, Transformer

    rng = np.random.default_rng(seed)
    d = BLOCK_WIDTH
    head = AttentionHead(*(rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)))
    ffn = FeedForward(rng.normal(size=(2 * d, d)), rng.normal(size=2 * d), rng.normal(size=(d, 2 * d)) / 2,
                      rng.normal(size=d), "relu")
    block = Transformer((MultiHeadAttention((head,)), ffn))
    embed = rng.normal(size=(N, d))
    context = rng.normal(size=(2, d))
    seqs = np.stack([np.vstack([embed[x], context]) for x in range(N)])  # (N, 3, d)
    out = block.forward(seqs)
    return out[:, 0, :], "F = one transformer block (lemmas.models.transformer: attention + ReLU FFN)"


def block_kernel_rows(T: int, N: int, seed: int = BLOCK_SEED) -> list[list[Fraction]]:
    """U[x] = D(F(x)): D is a softmax readout W·F(x), rounded to 4 digits and normalized exactly,
    so each row is an exact probability vector (every entry > 0)."""
    feats, _ = transformer_block_features(N, seed)
    W = np.random.default_rng(seed + 1).normal(size=(T, BLOCK_WIDTH))
    rows = []
    for x in range(N):
        logits = W @ feats[x]
        e = np.exp(logits - logits.max())
        w = [max(Fraction(1, 10_000), Fraction(float(v)).limit_denominator(10_000)) for v in e]
        total = sum(w, Fraction(0))
        rows.append([v / total for v in w])
    return rows


def block_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    rows = block_kernel_rows(T, N)
    _, what = transformer_block_features(N)
    return [[_q(v) for v in row] for row in rows], what + "; D = softmax readout"


# --------------------------------------------------------------------------------------------
# BJ ⇒ U = posterior: one obligation function for every level
# --------------------------------------------------------------------------------------------

PosteriorFormula = Callable[[Model, int, int], Any]


def bayes_posterior(M: Model, x: int, t: int) -> Any:
    """P[x,t] = π_t L[t,x] / m_x (guarded by m_x > 0 in the conclusion)."""
    return M.J[t][x] / M.m[x]


def posterior_goal(T: int, N: int, kernel: KernelFactory = free_kernel,
                   formula: PosteriorFormula = bayes_posterior, analyse: bool = False) -> Implication:
    """BJ ⇒ for every x: m_x > 0 ⇒ U[x,·] = P[x,·].

    No global evidence hypothesis: null observations (m_x = 0) are allowed, and their rows are
    left unconstrained by the conclusion (Implies short-circuits there, so the re-check never
    divides by 0). "Evidence positive" is a guard inside the conclusion, row by row; its
    necessity is shown by :func:`posterior_row_goal`.
    """
    M = Model(T, N)
    U, what = kernel(T, N)
    hyps = {
        "prior_simplex": M.prior_simplex(),
        "likelihood_stochastic": M.likelihood_stochastic(),
        "kernel_stochastic": kernel_stochastic(U),
        "bayes_joint": M.bayes_joint(U),
    }
    concl = z3.And(*[z3.Implies(M.m[x] > 0, z3.And(*[U[x][t] == formula(M, x, t) for t in range(T)]))
                     for x in range(N)])
    return Implication(hyps, concl, label=f"T={T},N={N}", definitions=M.definitions, analyse=analyse)


def posterior_row_goal(T: int = 2, N: int = 2, x: int = 0, kernel: KernelFactory = free_kernel,
                       formula: PosteriorFormula = bayes_posterior) -> Implication:
    """One fixed row x: BJ ∧ m_x > 0 ⇒ U[x,·] = P[x,·]; analysed, so that "evidence_positive"
    (now a real hypothesis, for that x only) is tested for necessity: dropping it, a null
    observation m_x = 0 with an arbitrary row U[x,·] is the countermodel."""
    M = Model(T, N)
    U, what = kernel(T, N)
    hyps = {
        "prior_simplex": M.prior_simplex(),
        "likelihood_stochastic": M.likelihood_stochastic(),
        "kernel_stochastic": kernel_stochastic(U),
        "bayes_joint": M.bayes_joint(U),
        "evidence_positive": M.m[x] > 0,
    }
    # m_x > 0 first: it guards the division (the re-check evaluates left to right).
    concl = z3.And(M.m[x] > 0, *[U[x][t] == formula(M, x, t) for t in range(T)])
    return Implication(hyps, concl, label=f"T={T},N={N},x={x}", definitions=M.definitions, analyse=True)


def smt_posterior_row() -> Implication:
    return posterior_row_goal(2, 2, 0)


def sizes(max_t: int, max_n: int, min_t: int = 1) -> list[tuple[int, int]]:
    """Every (T, N) in the box, smallest first (by max(T, N), then T)."""
    return sorted(((T, N) for T in range(min_t, max_t + 1) for N in range(1, max_n + 1)),
                  key=lambda s: (max(s), s[0], s[1]))


def posterior_family(kernel: KernelFactory, max_t: int, max_n: int,
                     formula: PosteriorFormula = bayes_posterior, min_size: int = 1) -> list[Implication]:
    """The bounded family (sizes with max(T, N) ≥ ``min_size``); the hypothesis analysis runs on
    the 2×2 instance (if in the family)."""
    return [posterior_goal(T, N, kernel, formula, analyse=(T, N) == (2, 2))
            for T, N in sizes(max_t, max_n) if max(T, N) >= min_size]


def smt_posterior() -> list[Implication]:
    return posterior_family(free_kernel, SMT_SPLIT, SMT_SPLIT)


def smt_posterior_large() -> list[Implication]:
    return posterior_family(free_kernel, SMT_MAX, SMT_MAX, min_size=SMT_SPLIT + 1)


def smt_posterior_semantic() -> list[Implication]:
    return posterior_family(semantic_kernel, SEMANTIC_MAX_T, SEMANTIC_MAX_N)


def smt_posterior_block() -> list[Implication]:
    return posterior_family(block_kernel, BLOCK_MAX_T, BLOCK_MAX_N)


def generic_entry(kernel_entry: Any, label: str) -> Implication:
    """Any size, any x, t: m_x U[x,t] = π_t L[t,x] and m_x > 0 give U[x,t] = π_t L[t,x]/m_x.

    Each entry's conclusion uses only its own BJ equation and m_x > 0, so this one query
    covers every (T, N) and every entry: it is the proof for all sizes.
    """
    m, J = z3.Reals("m_x J_tx")
    hyps = {"evidence_positive": m > 0, "bayes_joint": m * kernel_entry == J}
    return Implication(hyps, z3.And(m > 0, kernel_entry == J / m), label=label)


def smt_generic() -> Implication:
    return generic_entry(z3.Real("U_xt"), "any T, N, x, t: U[x,t] free")


def smt_generic_semantic() -> Implication:
    x = z3.Int("x")
    F = [z3.Function(f"F{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    D = z3.Function("D_t", *([z3.RealSort()] * FEATURES), z3.RealSort())
    return generic_entry(D(*[f(x) for f in F]), "any T, N, x, t: U[x,t] = D_t(F(x)), F, D uninterpreted")


# Converse: the posterior satisfies BJ and is a kernel (on m_x > 0).

def smt_converse_entry() -> Implication:
    m, J = z3.Reals("m_x J_tx")
    hyps = {"evidence_positive": m > 0, "joint_nonnegative": J >= 0}
    return Implication(hyps, z3.And(m > 0, m * (J / m) == J, J / m >= 0),
                       label="any T, N, x, t: P = J/m satisfies m·P = J and P ≥ 0")


_T = sp.Symbol("T", integer=True, positive=True)
_t, _s = sp.symbols("t s", integer=True, positive=True)
_pip = sp.IndexedBase("pi", positive=True)
_Lp = sp.IndexedBase("L", positive=True)


def symbolic_normalized() -> Identity:
    """Σ_t π_t L_t / Σ_s π_s L_s = 1 for a symbolic T (L_t = L[t, x] for the fixed x).

    Positive symbols: sympy cannot carry the hypothesis m_x > 0 on nonnegative entries; the
    algebra (a constant denominator pulled out of the sum) is the same for m_x > 0.
    """
    m = sp.Sum(_pip[_s] * _Lp[_s], (_s, 1, _T))
    return Identity(sp.Sum(_pip[_t] * _Lp[_t] / m, (_t, 1, _T)), sp.Integer(1),
                    label="Σ_t π_t L[t,x] / m_x = 1 for symbolic T")


def exact_converse() -> ExactEqual:
    """On random rational models with zeros (some with a null observation): the posterior
    satisfies BJ, is a Markov kernel on m_x > 0, and on null rows every row satisfies BJ."""
    cases: list[tuple[str, Any, Any]] = []
    for seed in EXACT_SEEDS:
        rng = random.Random(seed)
        for T, N in EXACT_SIZES:
            null = N >= 2 and rng.random() < 0.5
            pi, L = random_model(rng, T, N, null_observation=null)
            m = evidence(pi, L)
            P = posterior(pi, L)
            tag = f"seed {seed} {T}×{N}" + (" (null x)" if any(v == 0 for v in m) else "")
            for null_row in ([Fraction(1, T)] * T, one_hot(T, T - 1)):
                U = version(pi, L, null_row)
                cases.append((f"{tag}: posterior version satisfies BJ", bayes_joint_holds(pi, L, U), True))
                cases.append((f"{tag}: posterior version is a Markov kernel", is_stochastic(U), True))
            cases.append((f"{tag}: rows with m_x > 0 sum to 1",
                          tuple(sum(r, Fraction(0)) for r in P if r is not None),
                          tuple(Fraction(1) for r in P if r is not None)))
    return ExactEqual(cases, label="posterior ⇒ BJ on random rational models",
                      detail={"seeds": list(EXACT_SEEDS), "sizes": [f"{T}x{N}" for T, N in EXACT_SIZES]})


# --------------------------------------------------------------------------------------------
# rn_normalization
# --------------------------------------------------------------------------------------------

def smt_normalized() -> list[Implication]:
    goals = []
    for T in range(1, RN_SMT_MAX_T + 1):
        M = Model(T, 1)
        hyps = {
            "prior_nonnegative": z3.And(*[p >= 0 for p in M.pi]),
            "likelihood_nonnegative": z3.And(*[M.L[t][0] >= 0 for t in range(T)]),
            "evidence_positive": M.m[0] > 0,
        }
        concl = z3.And(M.m[0] > 0, z3.Sum([M.J[t][0] / M.m[0] for t in range(T)]) == 1)
        goals.append(Implication(hyps, concl, label=f"T={T}", definitions=M.definitions, analyse=(T == 2)))
    return goals


def exact_normalized() -> ExactEqual:
    cases = []
    for seed in EXACT_SEEDS:
        rng = random.Random(100 + seed)
        for T, N in EXACT_SIZES:
            pi, L = random_model(rng, T, N, null_observation=(N >= 2 and seed % 2 == 0))
            for x, row in enumerate(posterior(pi, L)):
                if row is not None:
                    cases.append((f"seed {seed} {T}×{N} x={x}", sum(row, Fraction(0)), Fraction(1)))
    return ExactEqual(cases, label="Σ_t posterior = 1 on every x with m_x > 0 (random rational models)")


# Gaussian reading.
_theta, _x, _m0 = sp.symbols("theta x m0", real=True)
_v0, _w = sp.symbols("v0 w", positive=True)


def _log_normal(y: sp.Expr, mean: sp.Expr, var: sp.Expr) -> sp.Expr:
    return -(y - mean) ** 2 / (2 * var) - sp.log(2 * sp.pi * var) / 2


def gaussian_posterior(v0: sp.Expr = _v0, w: sp.Expr = _w) -> tuple[sp.Expr, sp.Expr]:
    return (w * _m0 + v0 * _x) / (v0 + w), v0 * w / (v0 + w)


def symbolic_gaussian_factorization(posterior_params: Callable[[], tuple[sp.Expr, sp.Expr]] = gaussian_posterior
                                    ) -> Identity:
    """log π(θ) + log ℓ(x|θ) = log Z(x) + log N(θ; m1, v1), Z(x) = N(x; m0, v0 + w)."""
    m1, v1 = posterior_params()
    lhs = _log_normal(_theta, _m0, _v0) + _log_normal(_x, _theta, _w)
    rhs = _log_normal(_x, _m0, _v0 + _w) + _log_normal(_theta, m1, v1)
    return Identity(lhs, rhs, label="log π(θ) + log ℓ(x|θ) = log Z(x) + log N(θ; m1, v1)")


def symbolic_gaussian_integral() -> list[Identity]:
    """∫ N(θ; m1, v1) dθ = 1 in two independent symbolic routes: sympy's closed form of the
    integral, and the change of variable θ = m1 + √v1·u, which turns the density times the
    Jacobian √v1 into the standard Gaussian exp(−u²/2)/√(2π), whose integral over ℝ is 1
    (the standard Gaussian integral ∫ exp(−u²/2) du = √(2π), also checked)."""
    m1, v1 = gaussian_posterior()
    density = lambda th: sp.exp(-(th - m1) ** 2 / (2 * v1)) / sp.sqrt(2 * sp.pi * v1)  # noqa: E731
    total = sp.integrate(density(_theta), (_theta, -sp.oo, sp.oo))
    u = sp.Symbol("u", real=True)
    substituted = density(m1 + sp.sqrt(v1) * u) * sp.sqrt(v1)
    return [Identity(total, sp.Integer(1), label="∫ N(θ; m1, v1) dθ = 1 (sympy closed form, m1, v1 the posterior parameters)"),
            Identity(substituted, sp.exp(-u ** 2 / 2) / sp.sqrt(2 * sp.pi),
                     label="θ = m1 + √v1·u: N(θ; m1, v1)·√v1 = exp(−u²/2)/√(2π)"),
            Identity(sp.integrate(sp.exp(-u ** 2 / 2), (u, -sp.oo, sp.oo)), sp.sqrt(2 * sp.pi),
                     label="∫ exp(−u²/2) du = √(2π)")]


GAUSSIAN_QUAD_DPS = 40
GAUSSIAN_QUAD_TOLERANCE = 1e-20


def numeric_gaussian_integral(params: Callable[[], tuple[sp.Expr, sp.Expr]] = gaussian_posterior,
                              seed: int = 2026, instances: int = 6,
                              normalizer: Callable[[Any], Any] = lambda v1: mpmath.sqrt(2 * mpmath.pi * v1)
                              ) -> Witness:
    """mpmath.quad of the posterior density N(θ; m1, v1) over ℝ at random rational (m0, v0, w, x),
    at 40 digits: |∫ − 1| within 1e-20. Independent of sympy's integration (only the parameter
    formulas m1, v1 are shared)."""
    m1e, v1e = params()
    rng = random.Random(seed)
    errors, points = [], []
    with mpmath.workdps(GAUSSIAN_QUAD_DPS):
        for _ in range(instances):
            pt = {_m0: Fraction(rng.randint(-50, 50), rng.randint(1, 9)), _v0: Fraction(rng.randint(1, 40), rng.randint(1, 9)),
                  _w: Fraction(rng.randint(1, 40), rng.randint(1, 9)), _x: Fraction(rng.randint(-50, 50), rng.randint(1, 9))}
            sub = {k: sp.Rational(v.numerator, v.denominator) for k, v in pt.items()}
            m1 = mpmath.mpf(sp.Rational(m1e.subs(sub)).p) / sp.Rational(m1e.subs(sub)).q
            v1 = mpmath.mpf(sp.Rational(v1e.subs(sub)).p) / sp.Rational(v1e.subs(sub)).q
            f = lambda th, m1=m1, v1=v1: mpmath.exp(-(th - m1) ** 2 / (2 * v1)) / normalizer(v1)  # noqa: E731
            sd = mpmath.sqrt(v1)
            # split at the mean and ±10 sd so the quadrature sees the bump
            total = mpmath.quad(f, [-mpmath.inf, m1 - 10 * sd, m1, m1 + 10 * sd, mpmath.inf])
            errors.append(float(total - 1))
            points.append({str(k): str(v) for k, v in pt.items()})
    return Witness(np.array(errors), np.zeros(len(errors)), GAUSSIAN_QUAD_TOLERANCE, instances=instances,
                   label=f"mpmath.quad (dps {GAUSSIAN_QUAD_DPS}) of N(θ; m1, v1) over ℝ minus 1",
                   detail={"points": points})


def zero_evidence_counterexample(seed: int = 7, null_observation: bool = True) -> Counterexample:
    rng = random.Random(seed)
    pi, L = random_model(rng, 6, 6, zero_prob=0.25 if null_observation else 0.0, null_observation=null_observation)
    m = evidence(pi, L)
    x0 = next((x for x in range(6) if m[x] == 0), 0)

    def recheck() -> tuple[bool, str]:
        # Exact: every numerator π_t L[t,x0] and the denominator m_x0 are 0, so the formula is 0/0
        # for every t; under the convention 0/0 := 0 the "posterior" sums to 0, not 1.
        numerators = [pi[t] * L[t][x0] for t in range(6)]
        denominator = sum(numerators, Fraction(0))
        undefined = denominator == 0 and all(n == 0 for n in numerators)
        convention_sum = sum((Fraction(0) if denominator == 0 else n / denominator for n in numerators), Fraction(0))
        ok = undefined and convention_sum != 1 and is_distribution(pi) and is_stochastic(L)
        if not undefined:
            return False, f"x={x0}: m_x = {denominator} > 0, the formula is defined there and sums to {convention_sum}"
        return ok, (f"x={x0}: m_x = {denominator}, every π_t L[t,x] = 0: the formula is 0/0; "
                    f"with 0/0 := 0 it sums to {convention_sum} ≠ 1")

    return Counterexample("a null observation (m_x = 0): the Bayes formula is 0/0, not a distribution",
                          {"pi": shown(pi), "L": shown(L), "x": x0}, recheck, label=f"6×6 rational model, seed {seed}")


UNDOMINATED_THETA = Fraction(1, 3)
UNDOMINATED_BOUNDS = (Fraction(1), Fraction(7, 2), Fraction(1000), Fraction(10) ** 30)
"""θ and the sup bounds M tested: for each M, the cell of width 1/k (k = ⌊M⌋ + 1) containing θ."""


def undominated_identity_channel(prior_atom: Fraction = Fraction(0)) -> Counterexample:
    """κ(θ,·) = δ_θ on [0,1] with prior π = (1 − a)·Uniform[0,1] + a·δ_{θ0} (a = ``prior_atom``;
    the claim's counterexample has a = 0, so κ∘π = λ, Lebesgue).

    A density ℓ(·|θ0) of δ_{θ0} w.r.t. κ∘π must give δ_{θ0}(A) = ∫_A ℓ d(κ∘π) for every Borel A.
    The re-check computes, with exact Fractions, for each sup bound M: k = ⌊M⌋ + 1, the cell
    C = [j/k, (j+1)/k] of the uniform partition containing θ0, its evidence
    (κ∘π)(C) = ∫ π(dθ) δ_θ(C) = (1 − a)·|C| + a·[θ0 ∈ C], and the largest mass M·(κ∘π)(C) that any
    density with 0 ≤ ℓ ≤ M (step functions on the partition included) can put on C; it must stay
    below δ_{θ0}(C) = 1. With a = 0 it does (M/k < 1); with an atom a > 0 at θ0 it fails as soon as
    M ≥ 1/a (then ℓ = 1/a at θ0 is a density), so the re-check can say no.

    Not machine-checked: unbounded densities. For any integrable ℓ, ∫_{C_k} ℓ dλ → 0 as the cell
    shrinks (absolute continuity of the integral), while δ_{θ0}(C_k) = 1 for every k.
    """
    theta = UNDOMINATED_THETA
    a = Fraction(prior_atom)

    def evidence_of(lo: Fraction, hi: Fraction) -> Fraction:
        length = max(Fraction(0), min(hi, Fraction(1)) - max(lo, Fraction(0)))
        return (1 - a) * length + a * (1 if lo <= theta <= hi else 0)

    def recheck() -> tuple[bool, str]:
        rows, ok = [], True
        for M in UNDOMINATED_BOUNDS:
            k = M.numerator // M.denominator + 1
            j = (theta * k).numerator // (theta * k).denominator
            lo, hi = Fraction(j, k), Fraction(j + 1, k)
            dirac = Fraction(1) if lo <= theta <= hi else Fraction(0)
            best = M * evidence_of(lo, hi)
            ok = ok and dirac == 1 and best < dirac
            rows.append(f"M={M}: cell [{lo}, {hi}], (κ∘π)(cell) = {evidence_of(lo, hi)}, "
                        f"max ∫_cell ℓ ≤ {best if best < 10 ** 6 else float(best)} vs δ_θ(cell) = {dirac}")
        verdict = ("no density bounded by M reaches δ_θ(cell) = 1" if ok
                   else "some bounded density puts mass 1 on the cell: not a counterexample")
        return ok, f"θ = {theta}, prior atom {a}: " + "; ".join(rows) + f" — {verdict}"

    return Counterexample(
        "identity channel κ(θ,·) = δ_θ on [0,1], π uniform (κ∘π = Lebesgue): on the cell of width 1/k "
        "containing θ any density with sup ≤ M < k gives mass ≤ M/k < 1 = δ_θ(cell), so δ_θ has no "
        "bounded density; unbounded ones fail by absolute continuity of the integral (not machine-checked)",
        {"theta": str(theta), "prior_atom": str(a), "bounds_M": [str(M) for M in UNDOMINATED_BOUNDS]},
        recheck, label=f"identity channel on [0,1], θ = {theta}, prior atom {a}")


# --------------------------------------------------------------------------------------------
# every_input: the a.e. gap
# --------------------------------------------------------------------------------------------

def smt_two_kernels(T: int = 2, N: int = 2) -> Implication:
    """Two Markov kernels U, V that both satisfy BJ must agree (claimed on every x)."""
    M = Model(T, N)
    U = [[z3.Real(f"U_{x}_{t}") for t in range(T)] for x in range(N)]
    V = [[z3.Real(f"V_{x}_{t}") for t in range(T)] for x in range(N)]
    hyps = {
        "prior_simplex": M.prior_simplex(),
        "likelihood_stochastic": M.likelihood_stochastic(),
        "kernels_stochastic": z3.And(kernel_stochastic(U), kernel_stochastic(V)),
        "both_satisfy_bayes_joint": z3.And(M.bayes_joint(U), M.bayes_joint(V)),
    }
    concl = z3.And(*[U[x][t] == V[x][t] for x in range(N) for t in range(T)])

    def recheck(v: dict[str, Any]) -> bool:
        g = lambda name: Fraction(v.get(name, 0))  # noqa: E731  (unassigned: model completion 0)
        pi = [g(f"pi_{t}") for t in range(T)]
        L = [[g(f"L_{t}_{x}") for x in range(N)] for t in range(T)]
        Uv = [[g(f"U_{x}_{t}") for t in range(T)] for x in range(N)]
        Vv = [[g(f"V_{x}_{t}") for t in range(T)] for x in range(N)]
        return (is_distribution(pi) and is_stochastic(L) and is_stochastic(Uv) and is_stochastic(Vv)
                and bayes_joint_holds(pi, L, Uv) and bayes_joint_holds(pi, L, Vv) and Uv != Vv)

    return Implication(hyps, concl, label=f"T={T},N={N}", definitions=M.definitions, recheck=recheck,
                       analyse=False)


def exact_two_kernels(seed: int = 11, T: int = 6, N: int = 6, differ_on_null: bool = True) -> Counterexample:
    rng = random.Random(seed)
    pi, L = random_model(rng, T, N, null_observation=True)
    U = version(pi, L, [Fraction(1, T)] * T)
    V = version(pi, L, one_hot(T, 0))
    if not differ_on_null:  # a deliberately wrong "counterexample": V differs on a row with m_x > 0
        V = [list(r) for r in U]
        x1 = next(x for x, mx in enumerate(evidence(pi, L)) if mx > 0)
        V[x1] = [Fraction(1, T)] * T if V[x1] != [Fraction(1, T)] * T else one_hot(T, 0)

    def recheck() -> tuple[bool, str]:
        m = evidence(pi, L)
        bj_u, bj_v = bayes_joint_holds(pi, L, U), bayes_joint_holds(pi, L, V)
        rows = [x for x in range(N) if U[x] != V[x]]
        ok = (is_distribution(pi) and is_stochastic(L) and is_stochastic(U) and is_stochastic(V)
              and bj_u and bj_v and bool(rows))
        return ok, (f"both kernels satisfy BJ exactly: {bj_u and bj_v}; they differ on x ∈ {rows} "
                    f"where m_x = {[str(m[x]) for x in rows]}")

    return Counterexample("a null observation: two different Markov kernels both satisfy BJ",
                          {"pi": shown(pi), "L": shown(L), "U": shown(U), "V": shown(V)}, recheck,
                          label=f"{T}×{N} rational model, seed {seed}")


# --------------------------------------------------------------------------------------------
# deterministic_kernel
# --------------------------------------------------------------------------------------------

def smt_deterministic_generic() -> Implication:
    """Any size: in row x of a one-hot kernel pick t ≠ c(x) (T ≥ 2), so U[x,t] = 0; BJ would need
    π_t L[t,x] = m_x · 0 = 0, which full support forbids."""
    m, p, l, u = z3.Reals("m_x pi_t L_tx U_xt")
    hyps = {"full_support_prior": p > 0, "full_support_likelihood": l > 0,
            "one_hot_row": u == 0}  # t ≠ c(x): exists because T ≥ 2
    return Implication(hyps, m * u != p * l, label="any T ≥ 2, N, x and t ≠ c(x): BJ fails at (x, t)")


def smt_deterministic_bounded() -> list[Implication]:
    goals = []
    for T, N in sizes(DET_MAX_T, DET_MAX_N, min_t=2):
        M = Model(T, N)
        c = [z3.Int(f"c_{x}") for x in range(N)]
        U = [[z3.If(c[x] == t, z3.RealVal(1), z3.RealVal(0)) for t in range(T)] for x in range(N)]
        hyps = {
            "prior_simplex": M.prior_simplex(),
            "likelihood_stochastic": M.likelihood_stochastic(),
            "one_hot_kernel": z3.And(*[z3.And(c[x] >= 0, c[x] < T) for x in range(N)]),
            "full_support_prior": z3.And(*[p > 0 for p in M.pi]),
            "full_support_likelihood": z3.And(*[v > 0 for row in M.L for v in row]),
        }
        goals.append(Implication(hyps, z3.Not(M.bayes_joint(U)), label=f"T={T},N={N}",
                                 definitions=M.definitions, analyse=(T, N) == (2, 2)))
    return goals


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------

_BOUND = f"T ≤ {SMT_SPLIT} latent values, N ≤ {SMT_SPLIT} observations"
_BOUND_LARGE = f"T, N ≤ {SMT_MAX} with max(T, N) > {SMT_SPLIT} (with posterior.smt: every T, N ≤ {SMT_MAX})"

BJ_HYPOTHESES = (
    Hypothesis("prior_simplex", "π_t ≥ 0, Σ_t π_t = 1"),
    Hypothesis("likelihood_stochastic", "L[t,·] is a distribution over x for every t"),
    Hypothesis("kernel_stochastic", "U[x,·] is a distribution over t for every x"),
    Hypothesis("bayes_joint", "BJ: m_x U[x,t] = π_t L[t,x] for all x, t ((κ∘π) ⊗ U = swap(π ⊗ κ))"),
    Hypothesis("evidence_positive", "m_x = Σ_t π_t L[t,x] > 0 on the rows concluded about"),
)

CLAIMS = [
    Claim(
        id="yang.bayes.rn_normalization",
        paper=PAPER,
        where="abstract; block level, the Radon–Nikodym form of Bayes' rule",
        statement=("The explicit Bayes formula p(θ|x) = ℓ(x|θ) π(dθ) / Z(x) obtained by Radon–Nikodym "
                   "differentiation is normalized: finitely Σ_t π_t L[t,x] / m_x = 1 when m_x > 0; for the "
                   "Gaussian model π·ℓ = Z·N(θ; m1, v1) and ∫ N(θ; m1, v1) dθ = 1."),
        latex=r"\sum_t \frac{\pi_t L_{t,x}}{m_x}=1\ (m_x>0),\quad \pi(\theta)\ell(x\mid\theta)=Z(x)\,\mathcal N(\theta;m_1,v_1)",
        hypotheses=(
            Hypothesis("evidence_positive", "Z(x) = m_x > 0 (the formula is 0/0 otherwise; holds for (κ∘π)-a.e. x)"),
            Hypothesis("likelihood_dominated", "κ(θ,·) has a density ℓ(·|θ) w.r.t. a common measure (automatic "
                       "for finite Θ, X and for the Gaussian family; fails for the identity channel on [0,1])"),
            Hypothesis("prior_nonnegative", "π_t ≥ 0"),
            Hypothesis("likelihood_nonnegative", "L[t,x] ≥ 0"),
        ),
        obligations=(
            Obligation("finite.symbolic", "symbolic", "supports",
                       "Σ_t π_t L[t,x] / Σ_s π_s L[s,x] = 1 for a symbolic number T of latent values",
                       symbolic_normalized, timeout=30, uses=("evidence_positive",)),
            Obligation("gaussian.factorization", "symbolic", "supports",
                       "Gaussian: log N(θ; m0, v0) + log N(x; θ, w) = log N(x; m0, v0+w) + log N(θ; m1, v1) "
                       "(v0, w > 0), i.e. π·ℓ = Z·posterior as densities",
                       symbolic_gaussian_factorization, timeout=30, uses=("likelihood_dominated",)),
            Obligation("gaussian.integral", "symbolic", "supports",
                       "Gaussian: ∫ N(θ; m1, v1) dθ = 1, so the posterior density is normalized (and Z(x) > 0 "
                       "for every x): sympy's closed form, and the change of variable θ = m1 + √v1·u to the "
                       "standard Gaussian integral", symbolic_gaussian_integral, timeout=30),
            Obligation("gaussian.integral.quad", "numeric", "supports",
                       f"Gaussian: mpmath.quad of N(θ; m1, v1) over ℝ at 6 random rational (m0, v0, w, x), "
                       f"{GAUSSIAN_QUAD_DPS} digits: |∫ − 1| ≤ {GAUSSIAN_QUAD_TOLERANCE:g}",
                       numeric_gaussian_integral, cross_check=True, timeout=30),
            Obligation("finite.smt", "smt", "supports", "Σ_t π_t L[t,x] / m_x = 1 with m_x > 0 (z3, every T)",
                       smt_normalized, bound=f"T ≤ {RN_SMT_MAX_T} latent values (one x; columns are independent)",
                       cross_check=True, timeout=20, uses=("evidence_positive",)),
            Obligation("finite.exact", "exact", "supports",
                       "random rational models with zero entries (6 seeds, up to 6×6): Σ_t posterior = 1 on "
                       "every x with m_x > 0", exact_normalized, cross_check=True, timeout=30),
        ),
    ),
    Claim(
        id="yang.bayes.rn_normalization.zero_evidence",
        paper=PAPER,
        where="abstract (the formula read for every x, without Z(x) > 0)",
        statement="The Bayes formula π_t L[t,x] / m_x is a normalized posterior for every observation x.",
        obligations=(
            Obligation("null_observation.exact", "exact", "refutes",
                       "a rational 6×6 model with a null observation m_x = 0: the formula is 0/0",
                       zero_evidence_counterexample, timeout=20),
        ),
    ),
    Claim(
        id="yang.bayes.rn_normalization.undominated",
        paper=PAPER,
        where="abstract (Radon–Nikodym differentiation applied to any Markov kernel)",
        statement=("The Radon–Nikodym form p(θ|x) = ℓ(x|θ)π(dθ)/Z(x) applies to every Markov kernel, "
                   "without a domination hypothesis."),
        obligations=(
            Obligation("identity_channel.exact", "exact", "refutes",
                       "κ(θ,·) = δ_θ on [0,1], π uniform (κ∘π = Lebesgue), θ = 1/3: for M ∈ {1, 7/2, 10³, 10³⁰} "
                       "the cell of width 1/(⌊M⌋+1) containing θ has (κ∘π)-mass 1/k, so any density ≤ M gives it "
                       "mass < 1 = δ_θ(cell) (exact Fractions)", undominated_identity_channel, timeout=20),
        ),
        note=("The exact check rules out every density bounded by the tested M (step functions on the "
              "partition included); an unbounded density is excluded by the measure-theoretic argument "
              "that ∫_{C_k} ℓ dλ → 0 as the cell C_k ∋ θ shrinks (absolute continuity of the integral), "
              "while δ_θ(C_k) = 1 — that limit step is not machine-checked."),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior",
        paper=PAPER,
        where="abstract; the core theorem at semantic, block and stack level",
        statement=("If the update kernel U satisfies the Bayes joint condition m_x U[x,t] = π_t L[t,x] "
                   "((κ∘π) ⊗ U = swap(π ⊗ κ)), then U equals the posterior π_t L[t,x]/m_x almost "
                   "everywhere, i.e. on every x with m_x > 0."),
        latex=r"m_x U_{x,t}=\pi_t L_{t,x}\ \forall x,t\ \Rightarrow\ U_{x,\cdot}=\frac{\pi\,L_{\cdot,x}}{m_x}\ \text{whenever } m_x>0",
        hypotheses=BJ_HYPOTHESES,
        obligations=(
            Obligation("posterior.generic", "smt", "supports",
                       "every size, every entry: m_x U[x,t] = π_t L[t,x] ∧ m_x > 0 ⇒ U[x,t] = π_t L[t,x]/m_x",
                       smt_generic, timeout=10, uses=("bayes_joint", "evidence_positive")),
            Obligation("posterior.smt", "smt", "supports",
                       "BJ ⇒ (m_x > 0 ⇒ U[x,·] = posterior[x,·]) for every x, null observations allowed (their "
                       "rows unconstrained), every (T, N) in the bound",
                       smt_posterior, bound=_BOUND, timeout=20, cross_check=True,
                       uses=("prior_simplex", "likelihood_stochastic", "kernel_stochastic", "bayes_joint")),
            Obligation("posterior.smt.large", "smt", "supports",
                       "the same family for the larger sizes (a separate obligation, so that each stays small)",
                       smt_posterior_large, bound=_BOUND_LARGE, timeout=20, cross_check=True,
                       uses=("prior_simplex", "likelihood_stochastic", "kernel_stochastic", "bayes_joint")),
            Obligation("posterior.row.smt", "smt", "supports",
                       "one fixed row x = 0 of a 2×2 model: BJ ∧ m_0 > 0 ⇒ U[0,·] = posterior[0,·], analysed so "
                       "that evidence_positive is tested for necessity (countermodel: m_0 = 0, any row U[0,·])",
                       smt_posterior_row, bound="T = N = 2, row x = 0", cross_check=True, timeout=20,
                       uses=tuple(h.name for h in BJ_HYPOTHESES)),
            Obligation("converse.generic", "smt", "converse",
                       "converse, every size: P = π L/m satisfies m_x P[x,t] = π_t L[t,x] and P ≥ 0 on m_x > 0",
                       smt_converse_entry, timeout=10),
            Obligation("converse.symbolic", "symbolic", "converse",
                       "converse: each posterior row sums to 1 (symbolic T), so P is a Markov kernel on m_x > 0",
                       symbolic_normalized, timeout=30),
            Obligation("converse.exact", "exact", "converse",
                       "converse on random rational models with zeros (6 seeds, up to 6×6): every version of "
                       "the posterior (any row on null x) satisfies BJ and is a Markov kernel",
                       exact_converse, timeout=30),
        ),
        note=("BJ restricted to m_x > 0 is equivalent to 'U is a version of the posterior': the theorem "
              "restates its hypothesis (verdict tautological)."),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.every_input",
        paper=PAPER,
        where="abstract (the core theorem read without 'almost everywhere')",
        statement="BJ determines the update kernel U[x,·] on every input x.",
        obligations=(
            Obligation("two_kernels.smt", "smt", "refutes",
                       "z3: two different Markov kernels both satisfying BJ (2×2), re-checked exactly",
                       lambda: smt_two_kernels(2, 2), timeout=20),
            Obligation("two_kernels.exact", "exact", "refutes",
                       "a 6×6 rational model with a null observation: the posterior completed by the uniform row "
                       "and by a one-hot row both satisfy BJ exactly", exact_two_kernels, timeout=20),
        ),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.architecture_idle",
        paper=PAPER,
        where="abstract (the theorem 'at semantic, block and stack level')",
        statement=("The BJ ⇒ posterior argument uses nothing about the architecture: it goes through for "
                   "U = D∘F with F an arbitrary map (semantic level) and with F a transformer block (block "
                   "level), by the same obligation function as for an arbitrary kernel U."),
        hypotheses=BJ_HYPOTHESES,
        obligations=(
            Obligation("semantic.generic", "smt", "supports",
                       "every size, every entry, U[x,t] = D_t(F(x)) with F, D uninterpreted functions",
                       smt_generic_semantic, timeout=10),
            Obligation("semantic.smt", "smt", "supports",
                       "the posterior.smt family with U = D∘F, F: X → ℝ², D: ℝ² → ℝ^T uninterpreted",
                       smt_posterior_semantic, bound=f"T ≤ {SEMANTIC_MAX_T}, N ≤ {SEMANTIC_MAX_N}", cross_check=True, timeout=20),
            Obligation("block.smt", "smt", "supports",
                       "the posterior.smt family with U = D∘F, F one transformer block (random fixed weights, "
                       "lemmas.models.transformer), D a softmax readout: BJ ⇒ U = posterior for all π, L",
                       smt_posterior_block, bound=f"T ≤ {BLOCK_MAX_T}, N ≤ {BLOCK_MAX_N}", cross_check=True, timeout=20),
        ),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.deterministic_kernel",
        paper=PAPER,
        where="abstract (a deterministic network read as an update kernel U(x) = δ_{c(x)})",
        statement=("With a full-support prior and likelihood and T ≥ 2, no deterministic (one-hot) update "
                   "kernel satisfies BJ: a deterministic map is a Bayes posterior only for a degenerate model."),
        hypotheses=(
            Hypothesis("full_support_prior", "π_t > 0 for every t"),
            Hypothesis("full_support_likelihood", "L[t,x] > 0 for every t, x"),
            Hypothesis("one_hot_kernel", "U[x,t] = [c(x) = t] for a map c: X → Θ"),
            Hypothesis("at_least_two_latent_values", "T ≥ 2"),
        ),
        obligations=(
            Obligation("generic.smt", "smt", "supports",
                       "every size: at (x, t) with t ≠ c(x), BJ needs π_t L[t,x] = 0", smt_deterministic_generic,
                       timeout=10, uses=("full_support_prior", "full_support_likelihood", "one_hot_kernel",
                                         "at_least_two_latent_values")),
            Obligation("bounded.smt", "smt", "supports",
                       "every one-hot kernel (c(x) an integer variable) violates BJ, every (T, N) in the bound",
                       smt_deterministic_bounded, bound=f"2 ≤ T ≤ {DET_MAX_T}, N ≤ {DET_MAX_N}",
                       cross_check=True, timeout=20),
        ),
    ),
]
