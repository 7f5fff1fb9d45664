"""``yang.bayes.*``: the explicit Bayes formula and the Bayes joint condition (BJ).

Claimed (Yang, abstract): (1) the explicit Bayes formula from Radon–Nikodym differentiation,
p(θ|x) = ℓ(x|θ) π(dθ) / Z(x), is a normalized posterior; (2) the core theorem, at semantic,
block and stack level: if the update kernel U satisfies the Bayes joint condition
(κ∘π) ⊗ U = swap(π ⊗ κ) — finitely m_x U[x,t] = π_t L[t,x] — then U is the posterior a.e.

``yang.bayes.rn_normalization`` (as-stated) — proved: Σ_t π_t L[t,x] / m_x = 1 for a symbolic T
(sympy); Gaussian reading: π·ℓ = Z·N(θ; m1, v1) as log-densities, ∫ N(θ; m1, v1) dθ = 1 (closed
form, change of variable to the standard Gaussian, the standard Gaussian integral). Cross-checks:
a z3 family T ≤ 32 (its analysis shows evidence_positive necessary), random rational models, and
mpmath.quad. Sub-claims refuted: ``.zero_evidence`` (misreading: a rational model with m_x = 0,
z3 pinned at it, re-checked by the engine) and ``.undominated`` (strengthened: the identity
channel on [0,1]; exact cell masses rule out every density bounded by the tested M; unbounded
densities by a measure-theoretic step stated in the claim's note, not machine-checked).

``yang.bayes.joint_implies_posterior`` (as-stated) — tautological: the generic-entry proof (every
size: m_x U[x,t] = π_t L[t,x] ∧ m_x > 0 ⇒ U[x,t] = π_t L[t,x]/m_x) carries ``converse_of``
bayes_joint, and the engine proves the converse (an entry equal to the posterior satisfies BJ
on m_x > 0): on m_x > 0, BJ restates the conclusion. Cross-checks: z3 families over T, N (null
rows allowed, the full converse built by the engine at every size), a fixed row (where
evidence_positive is necessary). The paper's three levels are as-stated sub-claims, each
tautological by the same goal builder (:func:`generic_entry`) with the architecture
uninterpreted, so nothing about it enters:

- ``.semantic``: U[x,t] = D_t(F(x)), F and D uninterpreted; family cross-check T, N ≤ 4;
- ``.block``: U[x,t] = D_t(B(E(x))) with a residual block B of uninterpreted attention and MLP
  sublayers (:func:`residual_block`); family cross-check with an actual block, T, N ≤ 6;
- ``.stack``: U[x,t] = D_t(G(x)) with the whole stack G uninterpreted (every depth); cross-checks
  written out with L ≤ 4 residual blocks, and a family with an actual 2-block stack, T ≤ 3, N ≤ 2.
  This is the one verdict of the paper's stack statement; the project's own stack theorems
  (``.stack.composition``, proved) live in :mod:`lemmas.yang.stack`.

Other sub-claims: ``.every_input`` (misreading) refuted (two Markov kernels satisfying BJ that
differ on a null observation: a z3 model and a pinned 6×6 rational model);
``.deterministic_kernel`` (project) proved (no one-hot kernel satisfies BJ under full support,
every size; a z3 family as cross-check).

Encoding: z3 definitions name J = π_t L[t,x] and m_x = Σ_t J; the BJ ⇒ posterior families take
the joint J as their variables (:class:`JointModel`, degree 2 instead of 3). The posterior's
division is guarded row by row (m_x > 0 ⇒ …). Two-dimensional families use the parameter
TN = 10·T + N.
"""
from __future__ import annotations

import random
from fractions import Fraction
from typing import Any, Callable, Sequence

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, ExactEqual, Family, Hypothesis, Identity, Implication, Obligation, Witness

from . import PAPER
from .finite import evidence, one_hot, posterior, random_model, version

SMT_MAX = 6
"""Largest T and N of the bounded BJ ⇒ posterior family (every T ≤ SMT_MAX, N ≤ SMT_MAX)."""

RN_SMT_MAX_T = 32
"""Largest number of latent values of the bounded normalization family."""

RN_SMT_RLIMIT = 2_000_000
BJ_SMT_RLIMIT = 4_000_000
"""z3 budgets of the bounded families: z3's one-shot mode (nlsat) gives up on the larger sizes
after a long time, the incremental mode decides them within a small part of these budgets; a
budget above what the incremental mode needs keeps the failed one-shot attempt short."""

SEMANTIC_MAX_T, SEMANTIC_MAX_N = 4, 4
BLOCK_MAX_T, BLOCK_MAX_N = 6, 6
STACK_MAX_T, STACK_MAX_N = 3, 2
"""Sizes of the bounded U = D∘F families (semantic, block and stack level)."""

STACK_DEPTHS = range(1, 5)
"""Depths of the written-out stacks of uninterpreted residual blocks (a cross-check)."""

DET_MAX_T, DET_MAX_N = 6, 6
"""Sizes of the bounded deterministic-kernel family (T from 2)."""

EXACT_SEEDS = (0, 1, 2, 3, 4, 5)
EXACT_SIZES = ((2, 2), (3, 4), (4, 3), (5, 6), (6, 5), (6, 6))


def _q(f: Fraction | int) -> z3.RatNumRef:
    f = Fraction(f)
    return z3.Q(f.numerator, f.denominator)


def tn_family(max_t: int, max_n: int, min_t: int = 1) -> Family:
    """Every (T, N) with min_t ≤ T ≤ max_t, 1 ≤ N ≤ max_n, as the family parameter TN = 10·T + N
    (T, N ≤ 9), smallest first (by max(T, N), then T)."""
    assert max_t <= 9 and max_n <= 9
    return Family("TN", [10 * T + N for T, N in sizes(max_t, max_n, min_t)])


def split_tn(tn: int) -> tuple[int, int]:
    return tn // 10, tn % 10


def sizes(max_t: int, max_n: int, min_t: int = 1) -> list[tuple[int, int]]:
    """Every (T, N) in the box, smallest first (by max(T, N), then T)."""
    return sorted(((T, N) for T in range(min_t, max_t + 1) for N in range(1, max_n + 1)),
                  key=lambda s: (max(s), s[0], s[1]))


# --------------------------------------------------------------------------------------------
# The finite model in z3
# --------------------------------------------------------------------------------------------

class Model:
    """z3 terms of the finite reading: π, L, and the definitions J[t][x] = π_t L[t,x],
    m_x = Σ_t J[t][x] (conservative: fresh constants, in dependency order)."""

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
        return z3.And(*[v >= 0 for row in self.L for v in row], *[z3.Sum(row) == 1 for row in self.L])

    def bayes_joint(self, U: Sequence[Sequence[Any]]) -> z3.BoolRef:
        return z3.And(*[self.m[x] * U[x][t] == self.J[t][x] for x in range(self.N) for t in range(self.T)])

    def pinned(self, pi: Sequence[Fraction], L: Sequence[Sequence[Fraction]]) -> z3.BoolRef:
        """π and L equal to an exact rational model."""
        return z3.And(*[p == _q(v) for p, v in zip(self.pi, pi)],
                      *[self.L[t][x] == _q(L[t][x]) for t in range(self.T) for x in range(self.N)])


class JointModel:
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
STACK_DEPTH = 2
"""Blocks of the concrete stack of the stack-level family."""


def transformer_block_features(N: int, seed: int = BLOCK_SEED, depth: int = 1) -> tuple[np.ndarray, str]:
    """F(x) for x < N: ``depth`` transformer blocks (each one attention head + a ReLU FFN, residual
    connections) applied to the token sequence (embed(x), c_1, c_2); F(x) is the first token out.

    The blocks are :class:`lemmas.models.transformer.Transformer` (the project's one architecture);
    weights are random and fixed by ``seed`` (the first block's are the same for every depth).
    """
    from lemmas.models.transformer import AttentionHead, FeedForward, MultiHeadAttention, Transformer

    rng = np.random.default_rng(seed)
    d = BLOCK_WIDTH

    def block() -> tuple[Any, Any]:
        head = AttentionHead(*(rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)))
        ffn = FeedForward(rng.normal(size=(2 * d, d)), rng.normal(size=2 * d), rng.normal(size=(d, 2 * d)) / 2,
                          rng.normal(size=d), "relu")
        return MultiHeadAttention((head,)), ffn

    layers = block()
    embed = rng.normal(size=(N, d))
    context = rng.normal(size=(2, d))
    for _ in range(depth - 1):
        layers += block()
    seqs = np.stack([np.vstack([embed[x], context]) for x in range(N)])  # (N, 3, d)
    out = Transformer(layers).forward(seqs)
    what = "one transformer block" if depth == 1 else f"a stack of {depth} transformer blocks"
    return out[:, 0, :], f"F = {what} (lemmas.models.transformer: attention + ReLU FFN)"


def block_kernel_rows(T: int, N: int, seed: int = BLOCK_SEED, depth: int = 1) -> list[list[Fraction]]:
    """U[x] = D(F(x)): D is a softmax readout W·F(x), rounded to 4 digits and normalized exactly,
    so each row is an exact probability vector (every entry > 0)."""
    feats, _ = transformer_block_features(N, seed, depth)
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


def stack_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    rows = block_kernel_rows(T, N, depth=STACK_DEPTH)
    _, what = transformer_block_features(N, depth=STACK_DEPTH)
    return [[_q(v) for v in row] for row in rows], what + "; D = softmax readout"


# Uninterpreted architectures for the every-size proofs: a state is FEATURES reals; a sublayer is
# FEATURES uninterpreted functions ℝ^FEATURES → ℝ (any weights, any attention over a fixed context,
# any MLP), so a proof about them holds for every choice.

def _sublayer(name: str) -> Callable[[list[Any]], list[Any]]:
    fs = [z3.Function(f"{name}{i}", *([z3.RealSort()] * FEATURES), z3.RealSort()) for i in range(FEATURES)]
    return lambda h: [f(*h) for f in fs]


def residual_block(h: list[Any], layer: int, defs: dict[str, Any]) -> list[Any]:
    """h + A(h), then + M(·): attention and MLP sublayers with residual connections. Each new state
    is a fresh constant named in ``defs`` (a conservative definition), so the terms stay small at
    any depth."""
    att, mlp = _sublayer(f"Att{layer}_"), _sublayer(f"Mlp{layer}_")

    def name(tag: str, values: list[Any]) -> list[Any]:
        out = [z3.Real(f"{tag}{layer}_{i}") for i in range(FEATURES)]
        defs.update({f"{tag}{layer}_{i}": o == v for i, (o, v) in enumerate(zip(out, values))})
        return out

    h1 = name("h_att", [a + b for a, b in zip(h, att(h))])
    return name("h", [a + b for a, b in zip(h1, mlp(h1))])


def uninterpreted_stack_entry(x: Any, depth: int) -> tuple[Any, dict[str, Any]]:
    """U[x,t] = D_t(B_depth(…B_1(E(x)))) with an uninterpreted embedding E, readout D_t and blocks;
    returns the entry and the definitions of the intermediate states."""
    E = [z3.Function(f"E{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    defs: dict[str, Any] = {}
    h = [f(x) for f in E]
    for layer in range(1, depth + 1):
        h = residual_block(h, layer, defs)
    return z3.Function("D_t", *([z3.RealSort()] * FEATURES), z3.RealSort())(*h), defs


# --------------------------------------------------------------------------------------------
# BJ ⇒ U = posterior: one goal builder for every level
# --------------------------------------------------------------------------------------------

PosteriorFormula = Callable[[JointModel, int, int], Any]


def bayes_posterior(M: JointModel, x: int, t: int) -> Any:
    """P[x,t] = π_t L[t,x] / m_x (guarded by m_x > 0 where it is used)."""
    return M.J[t][x] / M.m[x]


def posterior_goal(T: int, N: int, kernel: KernelFactory = free_kernel,
                   formula: PosteriorFormula = bayes_posterior, analyse: bool = False,
                   converse: bool = True) -> Implication:
    """BJ ⇒ for every x: m_x > 0 ⇒ U[x,·] = P[x,·].

    No global evidence hypothesis: null observations (m_x = 0) are allowed, and their rows are
    left unconstrained by the conclusion (the implication guards the division). With
    ``converse`` the engine also builds the converse (``converse_of`` bayes_joint): a Markov
    kernel equal to the posterior on every row with m_x > 0 satisfies BJ on every row, null rows
    included (there J[·,x] = 0).
    """
    M = JointModel(T, N)
    U, _ = kernel(T, N)
    hyps = {
        "joint_distribution": M.joint_distribution(),
        "kernel_stochastic": kernel_stochastic(U),
        "bayes_joint": M.bayes_joint(U),
    }
    concl = z3.And(*[z3.Implies(M.m[x] > 0, z3.And(*[U[x][t] == formula(M, x, t) for t in range(T)]))
                     for x in range(N)])
    return Implication(hyps, concl, label=f"T={T},N={N}", definitions=M.definitions, analyse=analyse,
                       converse_of=("bayes_joint",) if converse else ())


def posterior_row_goal(T: int = 2, N: int = 2, x: int = 0, kernel: KernelFactory = free_kernel,
                       formula: PosteriorFormula = bayes_posterior) -> Implication:
    """One fixed row x: BJ ∧ m_x > 0 ⇒ U[x,·] = P[x,·]; analysed, so that "evidence_positive"
    (a hypothesis here, for that x only) is tested for necessity: without it, a null
    observation m_x = 0 with an arbitrary row U[x,·] is the countermodel."""
    M = JointModel(T, N)
    U, _ = kernel(T, N)
    hyps = {
        "joint_distribution": M.joint_distribution(),
        "kernel_stochastic": kernel_stochastic(U),
        "bayes_joint": M.bayes_joint(U),
        "evidence_positive": M.m[x] > 0,
    }
    # m_x > 0 first: it guards the division (without evidence_positive too).
    concl = z3.And(M.m[x] > 0, *[U[x][t] == formula(M, x, t) for t in range(T)])
    return Implication(hyps, concl, label=f"T={T},N={N},x={x}", definitions=M.definitions, analyse=True)


def smt_posterior_row() -> Implication:
    return posterior_row_goal(2, 2, 0)


def posterior_member(kernel: KernelFactory, formula: PosteriorFormula = bayes_posterior, converse: bool = False
                     ) -> Callable[[int], Implication]:
    """The family's check: TN ↦ the goal for T×N (the hypothesis analysis runs on 2×2)."""
    def check(tn: int) -> Implication:
        T, N = split_tn(tn)
        return posterior_goal(T, N, kernel, formula, analyse=(T, N) == (2, 2), converse=converse)
    return check


smt_posterior = posterior_member(free_kernel, converse=True)
smt_posterior_semantic = posterior_member(semantic_kernel)
smt_posterior_block = posterior_member(block_kernel)
smt_posterior_stack = posterior_member(stack_kernel)


def generic_entry(kernel_entry: Any, label: str, converse: bool = True,
                  definitions: dict[str, Any] | None = None) -> Implication:
    """Any size, any x, t: m_x U[x,t] = π_t L[t,x] and m_x > 0 give U[x,t] = π_t L[t,x]/m_x.

    Each entry's conclusion uses only its own BJ equation and m_x > 0, so this one query
    covers every (T, N) and every entry: it is the proof for all sizes. With ``converse``
    (``converse_of`` bayes_joint) the engine proves m_x > 0 ∧ U[x,t] = J/m_x ⇒ m_x U[x,t] = J, so
    on m_x > 0 BJ and "U is the posterior" are the same statement. ``definitions`` name the
    intermediate states of a written-out architecture.
    """
    m, J = z3.Reals("m_x J_tx")
    hyps = {"evidence_positive": m > 0, "bayes_joint": m * kernel_entry == J}
    return Implication(hyps, z3.And(m > 0, kernel_entry == J / m), label=label, definitions=definitions or {},
                       converse_of=("bayes_joint",) if converse else ())


def smt_generic() -> Implication:
    return generic_entry(z3.Real("U_xt"), "any T, N, x, t: U[x,t] free")


def smt_generic_semantic() -> Implication:
    x = z3.Int("x")
    F = [z3.Function(f"F{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    D = z3.Function("D_t", *([z3.RealSort()] * FEATURES), z3.RealSort())
    return generic_entry(D(*[f(x) for f in F]), "any T, N, x, t: U[x,t] = D_t(F(x)), F, D uninterpreted")


def smt_generic_block() -> Implication:
    entry, defs = uninterpreted_stack_entry(z3.Int("x"), 1)
    return generic_entry(entry, "any T, N, x, t: U[x,t] = D_t(B(E(x))), B(h) = h' + M(h'), h' = h + A(h); E, A, M, "
                         "D uninterpreted", definitions=defs)


def smt_generic_stack() -> Implication:
    """Any depth: the stack B_L∘⋯∘B_1∘E is some map G: X → ℝ², and the proof never looks inside G."""
    x = z3.Int("x")
    G = [z3.Function(f"G{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    D = z3.Function("D_t", *([z3.RealSort()] * FEATURES), z3.RealSort())
    return generic_entry(D(*[g(x) for g in G]), "any depth, T, N, x, t: U[x,t] = D_t(G(x)), G = B_L∘⋯∘B_1∘E "
                         "uninterpreted")


def smt_generic_stack_depth(depth: int) -> Implication:
    entry, defs = uninterpreted_stack_entry(z3.Int("x"), depth)
    return generic_entry(entry, f"any T, N, x, t: U[x,t] = D_t(B_{depth}(…B_1(E(x)))), residual blocks of "
                         "uninterpreted sublayers", definitions=defs)


# --------------------------------------------------------------------------------------------
# rn_normalization
# --------------------------------------------------------------------------------------------

_T = sp.Symbol("T", integer=True, positive=True)
_t, _s = sp.symbols("t s", integer=True, positive=True)
_pip = sp.IndexedBase("pi", positive=True)
_Lp = sp.IndexedBase("L", positive=True)


def symbolic_normalized() -> Identity:
    """Σ_t π_t L_t / Σ_s π_s L_s = 1 for a symbolic T (L_t = L[t, x] for the fixed x).

    Positive symbols: the engine proves the denominator nonzero from the symbols' assumptions
    (m_x > 0 cannot be stated on nonnegative entries); the algebra is the same for m_x > 0.
    """
    m = sp.Sum(_pip[_s] * _Lp[_s], (_s, 1, _T))
    return Identity(sp.Sum(_pip[_t] * _Lp[_t] / m, (_t, 1, _T)), sp.Integer(1),
                    label="Σ_t π_t L[t,x] / m_x = 1 for symbolic T")


def smt_normalized(T: int) -> Implication:
    """One observation x (columns are independent): Σ_t J_t / m = 1 with m > 0."""
    M = Model(T, 1)
    hyps = {
        "prior_nonnegative": z3.And(*[p >= 0 for p in M.pi]),
        "likelihood_nonnegative": z3.And(*[M.L[t][0] >= 0 for t in range(T)]),
        "evidence_positive": M.m[0] > 0,
    }
    concl = z3.And(M.m[0] > 0, z3.Sum([M.J[t][0] / M.m[0] for t in range(T)]) == 1)
    return Implication(hyps, concl, label="", definitions=M.definitions, analyse=(T == 2))


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


def _posterior_density(th: Any) -> sp.Expr:
    m1, v1 = gaussian_posterior()
    return sp.exp(-(th - m1) ** 2 / (2 * v1)) / sp.sqrt(2 * sp.pi * v1)


_u = sp.Symbol("u", real=True)


def symbolic_gaussian_integral() -> Identity:
    """∫ N(θ; m1, v1) dθ = 1, m1, v1 the posterior parameters: sympy's closed form."""
    total = sp.integrate(_posterior_density(_theta), (_theta, -sp.oo, sp.oo))
    return Identity(total, sp.Integer(1), label="∫ N(θ; m1, v1) dθ = 1 (sympy closed form)")


def symbolic_gaussian_change_of_variable() -> Identity:
    """θ = m1 + √v1·u turns the density times the Jacobian √v1 into the standard Gaussian
    exp(−u²/2)/√(2π) (an independent route to the normalization, with the integral below)."""
    m1, v1 = gaussian_posterior()
    substituted = _posterior_density(m1 + sp.sqrt(v1) * _u) * sp.sqrt(v1)
    return Identity(substituted, sp.exp(-_u ** 2 / 2) / sp.sqrt(2 * sp.pi),
                    label="θ = m1 + √v1·u: N(θ; m1, v1)·√v1 = exp(−u²/2)/√(2π)")


def symbolic_standard_gaussian_integral() -> Identity:
    return Identity(sp.integrate(sp.exp(-_u ** 2 / 2), (_u, -sp.oo, sp.oo)), sp.sqrt(2 * sp.pi),
                    label="∫ exp(−u²/2) du = √(2π)")


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



def zero_evidence_instance(seed: int = 7, null_observation: bool = True) -> tuple[list[Fraction], list[list[Fraction]]]:
    rng = random.Random(seed)
    return random_model(rng, 6, 6, zero_prob=0.25 if null_observation else 0.0, null_observation=null_observation)


def smt_zero_evidence(seed: int = 7, null_observation: bool = True) -> Implication:
    """The formula on every x of a pinned 6×6 rational model: defined (m_x ≠ 0) and summing to 1.
    z3 finds the (only) model; the engine re-evaluates it exactly: on the null observation the
    formula is 0/0, so the conclusion is false there (its guard m_x ≠ 0 fails first)."""
    pi, L = zero_evidence_instance(seed, null_observation)
    M = Model(6, 6)
    hyps = {"prior_simplex": M.prior_simplex(), "likelihood_stochastic": M.likelihood_stochastic(),
            "the_model": M.pinned(pi, L)}
    concl = z3.And(*[z3.And(M.m[x] != 0, z3.Sum([M.J[t][x] / M.m[x] for t in range(6)]) == 1) for x in range(6)])
    return Implication(hyps, concl, label=f"6×6 rational model, seed {seed}", definitions=M.definitions,
                       analyse=False)


UNDOMINATED_THETA = Fraction(1, 3)
UNDOMINATED_BOUNDS = (Fraction(1), Fraction(7, 2), Fraction(1000), Fraction(10) ** 30)
"""θ and the sup bounds M tested: for each M, the cell of width 1/k (k = ⌊M⌋ + 1) containing θ."""


def undominated_identity_channel(prior_atom: Fraction = Fraction(0)) -> ExactEqual:
    """κ(θ,·) = δ_θ on [0,1] with prior π = (1 − a)·Uniform[0,1] + a·δ_{θ0} (a = ``prior_atom``;
    the claim's counterexample has a = 0, so κ∘π = λ, Lebesgue).

    A density ℓ(·|θ0) of δ_{θ0} w.r.t. κ∘π gives δ_{θ0}(A) = ∫_A ℓ d(κ∘π) for every Borel A; if
    0 ≤ ℓ ≤ M, then δ_{θ0}(C) ≤ M·(κ∘π)(C) on every cell C. For each tested M (k = ⌊M⌋ + 1, C the
    cell [j/k, (j+1)/k] containing θ0, (κ∘π)(C) = (1 − a)|C| + a·[θ0 ∈ C]) the case computes, in
    exact Fractions, whether that necessary condition M·(κ∘π)(C) ≥ δ_{θ0}(C) = 1 holds for some
    tested M. The claim needs it (a density exists); with a = 0 it fails for every M (M/k < 1).
    With an atom a > 0 at θ0 it holds as soon as M ≥ 1/a (ℓ = 1/a at θ0 is a density), so the
    check says no there.

    Not machine-checked: unbounded densities, and bounds beyond the tested M. For any integrable
    ℓ, ∫_{C_k} ℓ dλ → 0 as the cell shrinks (absolute continuity of the integral), while
    δ_{θ0}(C_k) = 1 for every k.
    """
    theta = UNDOMINATED_THETA
    a = Fraction(prior_atom)

    def evidence_of(lo: Fraction, hi: Fraction) -> Fraction:
        length = max(Fraction(0), min(hi, Fraction(1)) - max(lo, Fraction(0)))
        return (1 - a) * length + a * (1 if lo <= theta <= hi else 0)

    rows, reaches = [], []
    for M in UNDOMINATED_BOUNDS:
        k = M.numerator // M.denominator + 1
        j = (theta * k).numerator // (theta * k).denominator
        lo, hi = Fraction(j, k), Fraction(j + 1, k)
        dirac = Fraction(1) if lo <= theta <= hi else Fraction(0)
        best = M * evidence_of(lo, hi)
        reaches.append(best >= dirac)
        rows.append({"M": str(M), "cell": [str(lo), str(hi)], "evidence_of_cell": str(evidence_of(lo, hi)),
                     "max_density_mass": str(best), "dirac_mass": str(dirac)})
    case = (f"θ = {theta}, prior atom {a}: some tested M has M·(κ∘π)(cell) ≥ δ_θ(cell) "
            "(needed by a density bounded by M)", any(reaches), True)
    return ExactEqual([case], label=f"identity channel on [0,1], θ = {theta}, prior atom {a}",
                      detail={"cells": rows})


# --------------------------------------------------------------------------------------------
# every_input: the a.e. gap
# --------------------------------------------------------------------------------------------

def smt_two_kernels(T: int = 2, N: int = 2, pin: tuple[Any, ...] | None = None) -> Implication:
    """Two Markov kernels U, V that both satisfy BJ agree on every x (the claim). With ``pin`` =
    (π, L, U, V) the model is fixed to exact rationals and the engine re-evaluates it."""
    M = Model(T, N)
    U = [[z3.Real(f"U_{x}_{t}") for t in range(T)] for x in range(N)]
    V = [[z3.Real(f"V_{x}_{t}") for t in range(T)] for x in range(N)]
    hyps = {
        "prior_simplex": M.prior_simplex(),
        "likelihood_stochastic": M.likelihood_stochastic(),
        "kernels_stochastic": z3.And(kernel_stochastic(U), kernel_stochastic(V)),
        "both_satisfy_bayes_joint": z3.And(M.bayes_joint(U), M.bayes_joint(V)),
    }
    label = f"T={T},N={N}"
    if pin is not None:
        pi, L, Uv, Vv = pin
        hyps["the_model"] = z3.And(M.pinned(pi, L),
                                   *[U[x][t] == _q(Uv[x][t]) for x in range(N) for t in range(T)],
                                   *[V[x][t] == _q(Vv[x][t]) for x in range(N) for t in range(T)])
        label += ", pinned rational model"
    concl = z3.And(*[U[x][t] == V[x][t] for x in range(N) for t in range(T)])
    return Implication(hyps, concl, label=label, definitions=M.definitions, analyse=False)


def two_kernels_instance(seed: int = 11, T: int = 6, N: int = 6, differ_on_null: bool = True
                         ) -> tuple[list[Fraction], list[list[Fraction]], list[list[Fraction]], list[list[Fraction]]]:
    """A rational model with a null observation; U, V the posterior completed by the uniform row
    and by a one-hot row. ``differ_on_null=False`` makes V differ on a row with m_x > 0 instead
    (a deliberately wrong counterexample: V then violates BJ)."""
    rng = random.Random(seed)
    pi, L = random_model(rng, T, N, null_observation=True)
    U = version(pi, L, [Fraction(1, T)] * T)
    V = version(pi, L, one_hot(T, 0))
    if not differ_on_null:
        V = [list(r) for r in U]
        x1 = next(x for x, mx in enumerate(evidence(pi, L)) if mx > 0)
        V[x1] = [Fraction(1, T)] * T if V[x1] != [Fraction(1, T)] * T else one_hot(T, 0)
    return pi, L, U, V


def smt_two_kernels_instance(seed: int = 11, differ_on_null: bool = True) -> Implication:
    return smt_two_kernels(6, 6, pin=two_kernels_instance(seed, 6, 6, differ_on_null))


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


def smt_deterministic_bounded(tn: int) -> Implication:
    T, N = split_tn(tn)
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
    return Implication(hyps, z3.Not(M.bayes_joint(U)), label=f"T={T},N={N}", definitions=M.definitions,
                       analyse=(T, N) == (2, 2))


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------

BJ_HYPOTHESES = (
    Hypothesis("prior_simplex", "π_t ≥ 0, Σ_t π_t = 1"),
    Hypothesis("likelihood_stochastic", "L[t,·] is a distribution over x for every t"),
    Hypothesis("kernel_stochastic", "U[x,·] is a distribution over t for every x"),
    Hypothesis("bayes_joint", "BJ: m_x U[x,t] = π_t L[t,x] for all x, t ((κ∘π) ⊗ U = swap(π ⊗ κ))"),
    Hypothesis("evidence_positive", "m_x = Σ_t π_t L[t,x] > 0 on the rows concluded about"),
    Hypothesis("joint_distribution", "J[t,x] = π_t L[t,x] ≥ 0 with Σ J = 1 (prior_simplex ∧ likelihood_stochastic "
               "in terms of the joint, the variables of the bounded families)"),
)

_STOCHASTIC = ("joint_distribution", "kernel_stochastic", "bayes_joint")

CLAIMS = [
    Claim(
        id="yang.bayes.rn_normalization",
        reading="as-stated",
        paper=PAPER,
        where="abstract; block level, the Radon–Nikodym form of Bayes' rule",
        statement=("The explicit Bayes formula p(θ|x) = ℓ(x|θ) π(dθ) / Z(x) obtained by Radon–Nikodym "
                   "differentiation is normalized: finitely Σ_t π_t L[t,x] / m_x = 1 when m_x > 0; for the "
                   "Gaussian model π·ℓ = Z·N(θ; m1, v1) and ∫ N(θ; m1, v1) dθ = 1."),
        latex=r"\sum_t \frac{\pi_t L_{t,x}}{m_x}=1\ (m_x>0),\quad \pi(\theta)\ell(x\mid\theta)=Z(x)\,\mathcal N(\theta;m_1,v_1)",
        explanation=("The paper says the Bayes formula p(θ|x) = ℓ(x|θ)π(dθ)/Z(x) is a normalized posterior. The "
                     "engine proves it for finite models of any size (whenever the observation has positive "
                     "probability Z(x) = m_x > 0) and for the Gaussian prior and likelihood, where the formula is the "
                     "Gaussian N(m1, v1) and integrates to 1. Normalization itself holds by construction, Z(x) being "
                     "the integral of the numerator; what can fail is Z(x) > 0 and the existence of a likelihood "
                     "density (sub-claims .zero_evidence and .undominated)."),
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
                       symbolic_normalized, timeout=60, uses=("evidence_positive",)),
            Obligation("gaussian.factorization", "symbolic", "supports",
                       "Gaussian: log N(θ; m0, v0) + log N(x; θ, w) = log N(x; m0, v0+w) + log N(θ; m1, v1) "
                       "(v0, w > 0), i.e. π·ℓ = Z·posterior as densities",
                       symbolic_gaussian_factorization, timeout=60, uses=("likelihood_dominated",)),
            Obligation("gaussian.integral", "symbolic", "supports",
                       "Gaussian: ∫ N(θ; m1, v1) dθ = 1 (sympy's closed form), so the posterior density is "
                       "normalized and Z(x) > 0 for every x", symbolic_gaussian_integral, timeout=60),
            Obligation("gaussian.change_of_variable", "symbolic", "supports",
                       "Gaussian, a second route: θ = m1 + √v1·u turns N(θ; m1, v1) dθ into the standard "
                       "Gaussian exp(−u²/2)/√(2π) du", symbolic_gaussian_change_of_variable, timeout=60),
            Obligation("gaussian.standard_integral", "symbolic", "supports",
                       "∫ exp(−u²/2) du = √(2π) (sympy's closed form), which completes the second route",
                       symbolic_standard_gaussian_integral, timeout=60),
            Obligation("gaussian.integral.quad", "numeric", "supports",
                       f"Gaussian: mpmath.quad of N(θ; m1, v1) over ℝ at 6 random rational (m0, v0, w, x), "
                       f"{GAUSSIAN_QUAD_DPS} digits: |∫ − 1| ≤ {GAUSSIAN_QUAD_TOLERANCE:g}",
                       numeric_gaussian_integral, cross_check=True, timeout=60),
            Obligation("finite.smt", "smt", "supports",
                       "Σ_t π_t L[t,x] / m_x = 1 with m_x > 0, one observation x (columns are independent)",
                       smt_normalized, family=Family("T", range(1, RN_SMT_MAX_T + 1)),
                       cross_check=True, timeout=300, rlimit=RN_SMT_RLIMIT, uses=("evidence_positive",)),
            Obligation("finite.exact", "exact", "supports",
                       "random rational models with zero entries (6 seeds, up to 6×6): Σ_t posterior = 1 on "
                       "every x with m_x > 0", exact_normalized, cross_check=True, timeout=60),
        ),
    ),
    Claim(
        id="yang.bayes.rn_normalization.zero_evidence",
        reading="misreading",
        paper=PAPER,
        where="abstract, the formula read for every x, without Z(x) > 0 (not a claim of the paper)",
        statement="The Bayes formula π_t L[t,x] / m_x is a normalized posterior for every observation x.",
        explanation=("Read for every observation, the formula breaks on observations of probability 0: there "
                     "Z(x) = 0 and the formula is 0/0. The engine pins a 6×6 rational model with such an "
                     "observation and evaluates the formula exactly; the paper's formula carries Z(x) > 0, which "
                     "holds for almost every x."),
        obligations=(
            Obligation("null_observation.instance", "smt", "refutes",
                       "a rational 6×6 model (prior and likelihood stochastic) with a null observation m_x = 0: "
                       "the formula is 0/0 there (z3 model of the pinned model, re-evaluated exactly)",
                       smt_zero_evidence, timeout=60),
        ),
    ),
    Claim(
        id="yang.bayes.rn_normalization.undominated",
        reading="strengthened",
        paper=PAPER,
        where=("abstract, the Radon–Nikodym form for a kernel without a likelihood density "
               "(stronger; not a claim of the paper)"),
        explanation=("The formula needs a likelihood density ℓ(x|θ), which not every Markov kernel has: for the "
                     "identity channel on [0, 1] (the observation equals θ) with a uniform prior no density exists. "
                     "The engine rules out every density bounded by the tested constants with exact cell masses; "
                     "unbounded densities are excluded by a standard measure-theory step that is not "
                     "machine-checked (see the note)."),
        statement=("The Radon–Nikodym form p(θ|x) = ℓ(x|θ)π(dθ)/Z(x) applies to every Markov kernel, "
                   "without a domination hypothesis."),
        obligations=(
            Obligation("identity_channel.exact", "exact", "refutes",
                       "κ(θ,·) = δ_θ on [0,1], π uniform (κ∘π = Lebesgue), θ = 1/3: for M ∈ {1, 7/2, 10³, 10³⁰} "
                       "the cell of width 1/(⌊M⌋+1) containing θ has (κ∘π)-mass 1/k, so any density ≤ M gives it "
                       "mass < 1 = δ_θ(cell) (exact Fractions)", undominated_identity_channel, timeout=60),
        ),
        note=("The exact check rules out every density bounded by the tested M (step functions on the "
              "partition included); an unbounded density is excluded by the measure-theoretic argument "
              "that ∫_{C_k} ℓ dλ → 0 as the cell C_k ∋ θ shrinks (absolute continuity of the integral), "
              "while δ_θ(C_k) = 1 — that limit step is not machine-checked."),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem (the update kernel U; its three levels are sub-claims)",
        statement=("If the update kernel U satisfies the Bayes joint condition m_x U[x,t] = π_t L[t,x] "
                   "((κ∘π) ⊗ U = swap(π ⊗ κ)), then U equals the posterior π_t L[t,x]/m_x almost "
                   "everywhere, i.e. on every x with m_x > 0."),
        latex=r"m_x U_{x,t}=\pi_t L_{t,x}\ \forall x,t\ \Rightarrow\ U_{x,\cdot}=\frac{\pi\,L_{\cdot,x}}{m_x}\ \text{whenever } m_x>0",
        hypotheses=BJ_HYPOTHESES,
        explanation=("The paper's core theorem says an update kernel satisfying the Bayes joint condition is the "
                     "posterior almost everywhere. The engine proves it for every size, but also proves the "
                     "converse: on observations of positive probability, the Bayes joint condition says exactly "
                     "that U is the posterior, so the theorem restates its hypothesis (tautological). On "
                     "observations of probability 0 the condition says nothing, which is what 'almost everywhere' "
                     "hides (sub-claim .every_input)."),
        obligations=(
            Obligation("posterior.generic", "smt", "supports",
                       "every size, every entry: m_x U[x,t] = π_t L[t,x] ∧ m_x > 0 ⇒ U[x,t] = π_t L[t,x]/m_x; "
                       "converse (built by the engine): m_x > 0 ∧ U[x,t] = π_t L[t,x]/m_x ⇒ BJ at (x, t)",
                       smt_generic, timeout=60, uses=("bayes_joint", "evidence_positive")),
            Obligation("posterior.smt", "smt", "supports",
                       "BJ ⇒ (m_x > 0 ⇒ U[x,·] = posterior[x,·]) for every x, null observations allowed (their "
                       "rows unconstrained), every (T, N) of the family; the engine-built converse at each size "
                       "(U = posterior on m_x > 0 ⇒ BJ on every row, null rows included)",
                       smt_posterior, family=tn_family(SMT_MAX, SMT_MAX), timeout=300, cross_check=True,
                       rlimit=BJ_SMT_RLIMIT, uses=_STOCHASTIC),
            Obligation("posterior.row.smt", "smt", "supports",
                       "one fixed row x = 0 of a 2×2 model: BJ ∧ m_0 > 0 ⇒ U[0,·] = posterior[0,·], analysed so "
                       "that evidence_positive is tested for necessity (countermodel: m_0 = 0, any row U[0,·])",
                       smt_posterior_row, cross_check=True, timeout=60,
                       uses=tuple(h.name for h in BJ_HYPOTHESES)),
        ),
        note=("BJ restricted to m_x > 0 is equivalent to 'U is a version of the posterior': the theorem "
              "restates its hypothesis (verdict tautological; the converse is built and proved by the engine)."),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.semantic",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem at semantic level (U = D∘F, F the network's feature map)",
        statement=("At semantic level, U = D∘F for a feature map F: X → ℝ^d and a readout D: if U satisfies BJ, "
                   "U is the posterior on every x with m_x > 0."),
        hypotheses=BJ_HYPOTHESES,
        explanation=("Written as a feature map followed by a readout, the theorem is the same statement as for a "
                     "bare update kernel: the engine proves it, and its converse, with the feature map and the "
                     "readout left as arbitrary unknown functions. Nothing about the network enters, and on "
                     "observations of positive probability the hypothesis says exactly what the conclusion says "
                     "(tautological)."),
        obligations=(
            Obligation("semantic.generic", "smt", "supports",
                       "every size, every entry, U[x,t] = D_t(F(x)) with F, D uninterpreted; converse built by the "
                       "engine", smt_generic_semantic, timeout=60, uses=("bayes_joint", "evidence_positive")),
            Obligation("semantic.smt", "smt", "supports",
                       "the posterior.smt family with U = D∘F, F: X → ℝ², D: ℝ² → ℝ^T uninterpreted",
                       smt_posterior_semantic, family=tn_family(SEMANTIC_MAX_T, SEMANTIC_MAX_N), cross_check=True,
                       timeout=300, uses=_STOCHASTIC),
        ),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.block",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem at block level (F one transformer block)",
        statement=("At block level, U = D∘B∘E with B one transformer block (attention and MLP with residual "
                   "connections): if U satisfies BJ, U is the posterior on every x with m_x > 0."),
        hypotheses=BJ_HYPOTHESES,
        explanation=("For a single transformer block the engine proves the theorem and its converse with the "
                     "attention and MLP sublayers left as arbitrary unknown functions, so the block's structure is "
                     "never used; a family with an actual block (random fixed weights) gives the same answer. The "
                     "statement is the Bayes joint condition restated (tautological)."),
        obligations=(
            Obligation("block.generic", "smt", "supports",
                       "every size, every entry, U[x,t] = D_t(B(E(x))), B(h) = h' + M(h'), h' = h + A(h), with "
                       "E, A, M, D uninterpreted; converse built by the engine", smt_generic_block, timeout=60,
                       uses=("bayes_joint", "evidence_positive")),
            Obligation("block.smt", "smt", "supports",
                       "the posterior.smt family with U = D∘F, F one transformer block (random fixed weights, "
                       "lemmas.models.transformer), D a softmax readout: BJ ⇒ U = posterior for all π, L",
                       smt_posterior_block, family=tn_family(BLOCK_MAX_T, BLOCK_MAX_N), cross_check=True,
                       timeout=300, uses=_STOCHASTIC),
        ),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.stack",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem at stack level (F a stack of transformer blocks)",
        statement=("At stack level, U = D∘B_L∘⋯∘B_1∘E for a stack of L transformer blocks: if U satisfies BJ, "
                   "U is the posterior on every x with m_x > 0."),
        hypotheses=BJ_HYPOTHESES,
        explanation=("The paper's stack-level theorem is the same restatement once more: the engine proves it and "
                     "its converse with the whole stack left as an unknown function (so for every depth), and "
                     "written out with up to four blocks of unknown sublayers; the verdict is tautological. The "
                     "project's own results about what a stack computes are the sub-claim .composition."),
        obligations=(
            Obligation("stack.generic", "smt", "supports",
                       "every depth, size and entry: U[x,t] = D_t(G(x)) with the stack G = B_L∘⋯∘B_1∘E and D "
                       "uninterpreted; converse built by the engine", smt_generic_stack, timeout=60,
                       uses=("bayes_joint", "evidence_positive")),
            Obligation("stack.depth", "smt", "supports",
                       "the same, written out: U[x,t] = D_t(B_L(…B_1(E(x)))) with residual blocks of uninterpreted "
                       "attention and MLP sublayers, for each depth L of the family; converse built by the engine",
                       smt_generic_stack_depth, family=Family("L", STACK_DEPTHS), cross_check=True, timeout=60,
                       uses=("bayes_joint", "evidence_positive")),
            Obligation("stack.smt", "smt", "supports",
                       f"the posterior.smt family with F a stack of {STACK_DEPTH} transformer blocks (random fixed "
                       "weights, lemmas.models.transformer), D a softmax readout",
                       smt_posterior_stack, family=tn_family(STACK_MAX_T, STACK_MAX_N), cross_check=True,
                       timeout=300, uses=_STOCHASTIC),
        ),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.every_input",
        reading="misreading",
        paper=PAPER,
        where="abstract, the core theorem read without 'almost everywhere' (not a claim of the paper)",
        statement="BJ determines the update kernel U[x,·] on every input x.",
        explanation=("Without 'almost everywhere' the theorem is false: on an observation of probability 0 the Bayes "
                     "joint condition puts no constraint on U, so two different kernels both satisfy it. The engine "
                     "exhibits such a pair (found by z3 and a pinned 6×6 rational model) and re-checks it exactly; "
                     "the paper states the almost-everywhere version."),
        obligations=(
            Obligation("two_kernels.smt", "smt", "refutes",
                       "z3: two different Markov kernels both satisfying BJ (2×2), the model re-evaluated exactly",
                       smt_two_kernels, timeout=60),
            Obligation("two_kernels.instance", "smt", "refutes",
                       "a 6×6 rational model with a null observation: the posterior completed by the uniform row "
                       "and by a one-hot row both satisfy BJ (z3 model of the pinned model, re-evaluated exactly)",
                       smt_two_kernels_instance, timeout=60),
        ),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.deterministic_kernel",
        reading="project",
        paper=PAPER,
        where="abstract, a deterministic network as an update kernel U(x) = δ_{c(x)} (the project's result)",
        statement=("With a full-support prior and likelihood and T ≥ 2, no deterministic (one-hot) update "
                   "kernel satisfies BJ: a deterministic map is a Bayes posterior only for a degenerate model."),
        hypotheses=(
            Hypothesis("full_support_prior", "π_t > 0 for every t"),
            Hypothesis("full_support_likelihood", "L[t,x] > 0 for every t, x"),
            Hypothesis("one_hot_kernel", "U[x,t] = [c(x) = t] for a map c: X → Θ"),
            Hypothesis("at_least_two_latent_values", "T ≥ 2"),
        ),
        explanation=("A network that outputs a single latent value per input (a one-hot update kernel) never "
                     "satisfies the Bayes joint condition when every prior and likelihood entry is positive and "
                     "there are at least two latent values. For such networks the core theorem's hypothesis is "
                     "never met, so the theorem holds for them only vacuously; the engine proves this for every "
                     "size."),
        obligations=(
            Obligation("generic.smt", "smt", "supports",
                       "every size: at (x, t) with t ≠ c(x), BJ needs π_t L[t,x] = 0", smt_deterministic_generic,
                       timeout=60, uses=("full_support_prior", "full_support_likelihood", "one_hot_kernel",
                                         "at_least_two_latent_values")),
            Obligation("bounded.smt", "smt", "supports",
                       "every one-hot kernel (c(x) an integer variable) violates BJ, every (T, N) of the family",
                       smt_deterministic_bounded, family=tn_family(DET_MAX_T, DET_MAX_N, min_t=2),
                       cross_check=True, timeout=300),
        ),
    ),
]
