"""What a stack computes (the project's theorems, a sub-claim of the paper's stack statement
``yang.bayes.joint_implies_posterior.stack`` in :mod:`lemmas.yang.bayes.levels`, which is
tautological: that is its one verdict).

Sequential reading: a residual r_0 = log π, r_l = r_{l−1} + log L[·, x_l] read out with softmax
is sequential Bayes updating and equals the batch posterior ∝ π Π_l L[·, x_l] (the depth follows
by induction from a base and a step). Composition reading (Mathlib ``posterior_comp``): for
Θ →κ X →η Y, (η∘κ)†π = κ†π ∘ η†(κ∘π) on the support. Zero likelihoods give log 0 = −∞; only
sequences with positive evidence matter.

Main statements:

- ``yang.bayes.joint_implies_posterior.stack.composition`` (project): sequential reading by
  :func:`softmax_of_log_prior_is_prior`, :func:`residual_layer_is_bayes_update` and
  :func:`sequential_update_equals_batch_update` (symbolic T); composition reading by
  :func:`evidence_cancels_in_composed_posteriors`, :func:`marginal_associativity_base`,
  :func:`marginal_associativity_step` (symbolic N) and :func:`null_observations_contribute_zero`
  (z3). Cross-checks: :func:`marginal_associative_for_every_t` (an engine-built induction),
  :func:`sequential_bayes_equals_batch_posterior_on_rational_models`,
  :func:`residual_readout_equals_batch_posterior_within_1e_30` (mpmath.iv),
  :func:`residual_readout_equals_batch_posterior_in_float64`,
  :func:`composition_of_posteriors_is_posterior_on_rational_models`.
- ``.wrong_prior`` (misreading): the inner inversion against the uniform prior, refuted by
  :func:`uniform_inner_prior_breaks_composition`.

The LayerNorm readings are in :mod:`lemmas.yang.bayes.stack_layernorm`.
"""
from __future__ import annotations

import random
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, ExactEqual, Hypothesis, Identity, Implication, Induction, Witness, refutes, supports
from verify.iv import endpoints, precision

from .. import PAPER
from ..finite import (
    compose,
    evidence,
    marginal,
    normalize,
    posterior_version,
    random_distribution,
    random_model,
    random_stochastic,
)

ID = "yang.bayes.joint_implies_posterior.stack.composition"
"""A sub-claim of the paper's stack statement (``yang.bayes.joint_implies_posterior.stack``)."""

EXACT_SEEDS = (0, 1, 2, 3, 4, 5)
WITNESS_TOLERANCE = 1e-12
INTERVAL_DPS = 60
INTERVAL_TOLERANCE = 1e-30

_n = sp.Symbol("n", integer=True, positive=True)
_t, _l, _u = sp.symbols("t l u", integer=True, positive=True)  # _u: inner sums
_pi = sp.IndexedBase("pi", positive=True)
_r = sp.IndexedBase("r", real=True)
_ell = sp.IndexedBase("ell", positive=True)
_a = sp.IndexedBase("a", positive=True)
_b = sp.IndexedBase("b", positive=True)


def softmax_over_hypotheses(vec: Callable[[Any], sp.Expr], t: Any) -> sp.Expr:
    """softmax(vec)_t over a symbolic number n of hypotheses."""
    return sp.exp(vec(t)) / sp.Sum(sp.exp(vec(_l)), (_l, 1, _n))


def _normalize(vec: Callable[[Any], sp.Expr], t: Any) -> sp.Expr:
    return vec(t) / sp.Sum(vec(_l), (_l, 1, _n))


# ------------------------------------------------------------------------------- sequential reading

@supports("symbolic", timeout=60)
def softmax_of_log_prior_is_prior() -> Identity:
    """softmax(log π) = π/Σπ, symbolic T."""
    return Identity(softmax_over_hypotheses(lambda t: sp.log(_pi[t]), _t), _normalize(lambda t: _pi[t], _t),
                    label="softmax(log π)_t = π_t / Σ π, symbolic T")


@supports("symbolic", timeout=60)
def residual_layer_is_bayes_update() -> Identity:
    """One layer is one Bayes update: softmax(r + log ℓ) = normalize(softmax(r) ⊙ ℓ), symbolic T (with
    the base, by induction on depth: the readout is sequential Bayes).

    The layer adds log ℓ (ℓ_t = L[t, x_l]) to the residual.
    """
    lhs = softmax_over_hypotheses(lambda t: _r[t] + sp.log(_ell[t]), _t)
    E = sp.Sum(sp.exp(_r[_u]), (_u, 1, _n))
    p = lambda t: sp.exp(_r[t]) / E  # noqa: E731  (softmax(r)_t, its sum over a separate index)
    rhs = p(_t) * _ell[_t] / sp.Sum(p(_l) * _ell[_l], (_l, 1, _n))
    return Identity(lhs, rhs, label="softmax(r + log ℓ)_t = softmax(r)_t ℓ_t / Σ_s softmax(r)_s ℓ_s, symbolic T")


@supports("symbolic", timeout=60)
def sequential_update_equals_batch_update() -> Identity:
    """normalize(normalize(a) ⊙ b) = normalize(a ⊙ b), symbolic T (by induction on depth: sequential
    Bayes = batch posterior)."""
    A = sp.Sum(_a[_u], (_u, 1, _n))
    lhs = (_a[_t] / A) * _b[_t] / sp.Sum((_a[_l] / A) * _b[_l], (_l, 1, _n))
    return Identity(lhs, _normalize(lambda t: _a[t] * _b[t], _t),
                    label="normalize(normalize(a) ⊙ b) = normalize(a ⊙ b), symbolic T")


def _sample_sequence(rng: random.Random, pi: list[Fraction], L: list[list[Fraction]], depth: int) -> list[int]:
    """Observations drawn from the model (θ ~ π, then x_l ~ L[θ, ·]): positive evidence."""
    T, N = len(pi), len(L[0])
    theta = rng.choices(range(T), weights=[float(p) for p in pi])[0]
    return [rng.choices(range(N), weights=[float(v) for v in L[theta]])[0] for _ in range(depth)]


def _prod(values: Any) -> Fraction:
    out = Fraction(1)
    for v in values:
        out *= v
    return out


def sequential_cases(update: Callable[[list[Fraction], list[Fraction]], list[Fraction]] | None = None
                     ) -> tuple[list[tuple[str, Any, Any]], list[tuple[Any, ...]]]:
    """Sequential Bayes (one normalized update per observation, or ``update``) against the batch
    posterior on random rational models: the cases, and the instances (π, L, xs, batch)."""
    cases: list[tuple[str, Any, Any]] = []
    instances = []
    for seed in EXACT_SEEDS:
        rng = random.Random(300 + seed)
        for T, N, depth in ((2, 3, 4), (4, 4, 6), (6, 6, 8), (6, 3, 8), (3, 6, 5)):
            pi, L = random_model(rng, T, N)
            xs = _sample_sequence(rng, pi, L, depth)
            # The residual of logs enters only in the interval and float64 checks (exp of a sum
            # of logs is not rational, so it cannot be compared exactly here).
            p = list(pi)
            for x in xs:
                column = [L[t][x] for t in range(T)]
                p = normalize([p[t] * column[t] for t in range(T)]) if update is None else update(p, column)
            batch = normalize([pi[t] * _prod(L[t][x] for x in xs) for t in range(T)])
            tag = f"seed {seed} T={T} N={N} depth {depth}"
            cases.append((f"{tag}: sequential Bayes = batch posterior", tuple(p), tuple(batch)))
            instances.append((pi, L, xs, batch))
    return cases, instances


@supports("exact", cross_check=True, timeout=60)
def sequential_bayes_equals_batch_posterior_on_rational_models() -> ExactEqual:
    """Random rational models with zeros (6 seeds, T, N ≤ 6, depth ≤ 8): sequential Bayes (normalized
    update per observation) = batch posterior; no log or softmax enters."""
    cases, _ = sequential_cases()
    return ExactEqual(cases, label="sequential Bayes = batch posterior (exact rationals)",
                      detail={"seeds": list(EXACT_SEEDS), "max_T": 6, "max_N": 6, "max_depth": 8})


@supports("numeric", cross_check=True, timeout=60)
def residual_readout_equals_batch_posterior_within_1e_30(update: Callable[[Any, Any], Any] | None = None) -> Witness:
    """The same 30 instances: the mpmath.iv enclosure (60 digits) of softmax(log π + Σ_l log L[·, x_l])
    is within 1e-30 of the exact batch posterior (sup |enclosure − exact| per entry).

    The observed value per entry is a rigorous bound on |softmax of the summed logs − batch
    posterior|. Zero factors: log 0 = −∞, whose exponential is 0; such hypotheses get weight
    exactly 0 (the softmax is taken over the others) and are compared with the exact value as 0.
    ``update`` replaces the residual step r + log ℓ (for must-say-no tests).
    """
    obs, instances = [], 0
    _, cases = sequential_cases()
    with mpmath.workdps(INTERVAL_DPS), precision(INTERVAL_DPS) as iv:
        frac = lambda f: iv.mpf(f.numerator) / iv.mpf(f.denominator)  # noqa: E731
        for pi, L, xs, batch in cases:
            T = len(pi)
            alive = [t for t in range(T) if pi[t] > 0 and all(L[t][x] > 0 for x in xs)]
            r = {t: iv.log(frac(pi[t])) for t in alive}
            for x in xs:
                r = {t: (r[t] + iv.log(frac(L[t][x])) if update is None else update(r[t], frac(L[t][x])))
                     for t in alive}
            e = {t: iv.exp(r[t]) for t in alive}
            total = sum(e.values(), iv.mpf(0))
            for t in range(T):
                if t in alive:
                    lo, hi = endpoints(e[t] / total - frac(batch[t]))
                    bound = max(abs(lo), abs(hi))
                else:
                    bound = abs(mpmath.mpf(batch[t].numerator) / batch[t].denominator)
                obs.append(float(bound))
            instances += 1
    return Witness(np.array(obs), np.zeros(len(obs)), INTERVAL_TOLERANCE, instances=instances,
                   label="mpmath.iv enclosure of softmax(log π + Σ log L) vs the exact batch posterior",
                   detail={"dps": INTERVAL_DPS, "bound": "sup |enclosure − exact| per entry"})


@supports("numeric", cross_check=True, timeout=60)
def residual_readout_equals_batch_posterior_in_float64() -> Witness:
    """float64 residual of logs + softmax vs the exact batch posterior, within 1e-12."""
    _, instances = sequential_cases()
    obs, exp = [], []
    with warnings.catch_warnings(), np.errstate(divide="ignore"):
        warnings.simplefilter("ignore")
        for pi, L, xs, batch in instances:
            r = np.log(np.array([float(v) for v in pi]))
            Lf = np.array([[float(v) for v in row] for row in L])
            for x in xs:
                r = r + np.log(Lf[:, x])
            z = np.exp(r - r.max())
            obs.extend((z / z.sum()).tolist())
            exp.extend(float(v) for v in batch)
    return Witness(np.array(obs), np.array(exp), WITNESS_TOLERANCE, instances=len(instances),
                   label="float64 residual of logs + softmax vs the exact batch posterior")


# ------------------------------------------------------------------------------- composition reading

_N = sp.Symbol("N", integer=True, positive=True)
_x = sp.Symbol("x", integer=True, positive=True)
_m = sp.IndexedBase("m", positive=True)
_K = sp.IndexedBase("K", nonnegative=True)     # K[x] = κ(t, x) for the fixed t
_E = sp.IndexedBase("E", nonnegative=True)     # E[x] = η(x, y) for the fixed y
_A = sp.IndexedBase("A", nonnegative=True)     # A[x] = Σ_{s ≤ T} π_s κ(s, x)
_k1 = sp.IndexedBase("k", nonnegative=True)    # κ(T+1, x)
_pt = sp.Symbol("pi_t", nonnegative=True)
_D = sp.Symbol("D_y", positive=True)  # D_y = Σ_x m_x E_xy > 0: y in the support
_p = sp.Symbol("p", nonnegative=True)


@supports("symbolic", timeout=60)
def evidence_cancels_in_composed_posteriors() -> Identity:
    """The m_x cancel in κ†π ∘ η†(κ∘π), symbolic N.

    Entry (y, t): Σ_x η†[y,x] κ†[x,t] with η†[y,x] = m_x E_xy / D_y and κ†[x,t] = π_t K_tx / m_x
    (m_x > 0). D_y > 0 is the evidence of y (y in the support); the identity holds for any
    D_y ≠ 0, so it is a positive symbol here.
    """
    lhs = sp.Sum((_m[_x] * _E[_x] / _D) * (_pt * _K[_x] / _m[_x]), (_x, 1, _N))
    return Identity(lhs, _pt * sp.Sum(_K[_x] * _E[_x], (_x, 1, _N)) / _D,
                    label="Σ_x (m_x E_xy / D_y)(π_t K_tx / m_x) = π_t (KE)_ty / D_y, symbolic N")


# Associativity Σ_s π_s Σ_x K_sx E_xy = Σ_x (Σ_s π_s K_sx) E_xy by induction on T. Not as one
# double-sum identity: a swap of two dependent sums is beyond the sympy canonicalisers; the inner
# sum is named A_x instead (A_x = Σ_{s ≤ T} π_s K_sx).

@supports("symbolic", timeout=60)
def marginal_associativity_base() -> Identity:
    """(η∘κ)∘π = η∘(κ∘π), induction on T: the base T = 1, symbolic N."""
    return Identity(_p * sp.Sum(_k1[_x] * _E[_x], (_x, 1, _N)), sp.Sum((_p * _k1[_x]) * _E[_x], (_x, 1, _N)),
                    label="base T = 1: π_1 Σ_x K_1x E_xy = Σ_x (π_1 K_1x) E_xy")


@supports("symbolic", timeout=60)
def marginal_associativity_step() -> Identity:
    """(η∘κ)∘π = η∘(κ∘π), induction on T: adding hypothesis T+1 adds π_{T+1} Σ_x K_{T+1,x} E_xy to the
    right side (linearity), symbolic N."""
    return Identity(sp.Sum((_A[_x] + _p * _k1[_x]) * _E[_x], (_x, 1, _N)),
                    sp.Sum(_A[_x] * _E[_x], (_x, 1, _N)) + _p * sp.Sum(_k1[_x] * _E[_x], (_x, 1, _N)),
                    label="step: Σ_x (A_x + π_{T+1} K_{T+1,x}) E_xy = Σ_x A_x E_xy + π_{T+1} Σ_x K_{T+1,x} E_xy")


@supports("smt", cross_check=True, timeout=60)
def marginal_associative_for_every_t() -> Induction:
    """(η∘κ)∘π = η∘(κ∘π) for every T: the induction built by the engine from the recursions of the two
    sums (the right one's step is marginal_associativity_step, a link made by hand, so this is a
    cross-check).

    LHS(T) = Σ_{s≤T} π_s W_s with W_s = Σ_x K_sx E_xy, RHS(T) = Σ_x A_T(x) E_xy. LHS's recursion is
    the definition of a finite sum; RHS's, RHS(T+1) = RHS(T) + π_{T+1} W_{T+1}, is the sympy step
    identity, and RHS(1) = π_1 W_1 the base identity.
    """
    T = z3.Int("T")
    L, R = (z3.Function(n, z3.IntSort(), z3.RealSort()) for n in ("LHS", "RHS"))
    p, W = (z3.Function(n, z3.IntSort(), z3.RealSort()) for n in ("pi", "W"))
    return Induction(T, L(T) == R(T),
                     base={"LHS1": L(1) == p(1) * W(1), "RHS1": R(1) == p(1) * W(1)},
                     step={"LHS_step": L(T + 1) == L(T) + p(T + 1) * W(T + 1),
                           "RHS_step": R(T + 1) == R(T) + p(T + 1) * W(T + 1)},
                     start=1, label="Σ_s π_s (KE)_sy = Σ_x (Σ_s π_s K_sx) E_xy for every T ≥ 1")


@supports("smt", timeout=60)
def null_observations_contribute_zero() -> Implication:
    """Observations with m_x = 0 contribute 0 to both sides, whatever version κ†π takes there.

    A null observation x contributes η†[y,x]·v = (0·E_xy/D)·v for any version v of κ†π[x,t] on the
    right, and π_t K_tx E_xy / D = 0 on the left (π_t K_tx ≤ m_x = 0).
    """
    p, k, rest, m, e, D, v = z3.Reals("pi_t K_tx rest m_x E_xy D_y version")
    hyps = {"probabilities_nonnegative": z3.And(p >= 0, k >= 0, rest >= 0, e >= 0),
            "null_observation": m == 0,
            "y_in_support": D > 0}
    defs = {"m_x": m == p * k + rest}
    return Implication(hyps, z3.And(D > 0, (m * e / D) * v == p * k * e / D), definitions=defs,
                       label="m_x = 0: the term of x is 0 on both sides, whatever version κ†π uses at x")


def _composition_instances(seed: int, inner_prior: str = "marginal") -> list[tuple[str, Any, Any]]:
    rng = random.Random(seed)
    cases = []
    for T, N, M in ((2, 2, 2), (3, 4, 2), (4, 3, 5), (5, 6, 4), (6, 6, 6), (6, 5, 3)):
        pi, K = random_model(rng, T, N, null_observation=N >= 2 and rng.random() < 0.6)
        E = random_stochastic(rng, N, M)
        m = marginal(pi, K)
        rho = m if inner_prior == "marginal" else [Fraction(1, N)] * N
        # versions of the posteriors, as matrices [observation][latent]; uniform rows on null observations
        lhs = posterior_version(pi, compose(K, E), [Fraction(1, T)] * T)      # (η∘κ)†π, [y][t]
        k_dag = posterior_version(pi, K, random_distribution(rng, T))         # κ†π, any version on null x
        e_dag = posterior_version(rho, E, [Fraction(1, N)] * N)               # η†ρ, [y][x]
        rhs = [[sum((e_dag[y][x] * k_dag[x][t] for x in range(N)), Fraction(0)) for t in range(T)] for y in range(M)]
        support = evidence(pi, compose(K, E))
        for y in range(M):
            if support[y] > 0:
                cases.append((f"seed {seed} T={T} N={N} M={M} y={y}", tuple(lhs[y]), tuple(rhs[y])))
    return cases


@supports("exact", cross_check=True, timeout=60)
def composition_of_posteriors_is_posterior_on_rational_models() -> ExactEqual:
    """Random rational Θ →κ X →η Y with zeros (6 seeds, sizes ≤ 6, random versions on null x):
    (η∘κ)†π = κ†π ∘ η†(κ∘π) on the support."""
    cases = [c for s in EXACT_SEEDS for c in _composition_instances(500 + s)]
    return ExactEqual(cases, label="(η∘κ)†π = κ†π ∘ η†(κ∘π) on the support (exact, random versions on null x)",
                      detail={"seeds": list(EXACT_SEEDS), "max_T": 6, "max_N": 6, "max_M": 6})


@refutes("exact", timeout=60)
def uniform_inner_prior_breaks_composition(seed: int = 505, inner_prior: str = "uniform") -> ExactEqual:
    """Exact rational instance: κ†π ∘ η†(uniform) ≠ (η∘κ)†π."""
    return ExactEqual(_composition_instances(seed, inner_prior),
                      label=f"(η∘κ)†π vs κ†π ∘ η†({inner_prior}), random rational instances")


CLAIMS = [
    Claim(
        id=ID,
        reading="project",
        paper=PAPER,
        where="abstract, stack level (the project's composition theorem, not the paper's stack statement)",
        statement=("The multilayer stack is a posterior update: (sequential) a residual stream accumulating "
                   "log-likelihoods, read out with softmax, is sequential Bayes updating and equals the batch "
                   "posterior ∝ π Π_l L[·, x_l]; (composition) for Θ →κ X →η Y, (η∘κ)†π = κ†π ∘ η†(κ∘π) on "
                   "the support."),
        latex=(r"\operatorname{softmax}\big(\log\pi+\textstyle\sum_l\log L_{\cdot,x_l}\big)"
               r"\propto \pi\prod_l L_{\cdot,x_l},\qquad"
               r" (\eta\circ\kappa)^\dagger\pi=\kappa^\dagger\pi\circ\eta^\dagger(\kappa\circ\pi)"),
        hypotheses=(
            Hypothesis("positive_evidence", "the observations have positive evidence (sequences drawn from the model)"),
            Hypothesis("inner_prior_is_marginal", "the inner inversion η† uses the prior κ∘π, not another one"),
            Hypothesis("no_layernorm", "the residual is read out without LayerNorm (mean-centring alone is allowed)"),
            Hypothesis("probabilities_nonnegative", "π_t, κ(t, x) and η(x, y) are ≥ 0"),
            Hypothesis("null_observation", "the observation x considered has evidence m_x = (κ∘π)(x) = 0"),
            Hypothesis("y_in_support", "D_y = Σ_x m_x η(x, y) > 0: y is in the support of η∘κ∘π (the theorem is "
                       "stated on the support)"),
        ),
        explanation=("What the project proves a stack can compute: if each layer adds the log-likelihood of one "
                     "observation to a residual stream started at the log-prior, a softmax readout gives exactly "
                     "the Bayes posterior of all observations, for any number of hypotheses and layers; and the "
                     "posterior of two chained channels is the chain of their posteriors when the inner one is "
                     "inverted against the right prior. These are textbook facts the engine proves in full; they "
                     "are not the paper's stack-level statement, which is tautological (the parent claim)."),
        obligations=(
            softmax_of_log_prior_is_prior,
            residual_layer_is_bayes_update,
            sequential_update_equals_batch_update,
            evidence_cancels_in_composed_posteriors,
            marginal_associativity_base,
            marginal_associativity_step,
            marginal_associative_for_every_t,
            null_observations_contribute_zero,
            sequential_bayes_equals_batch_posterior_on_rational_models,
            residual_readout_equals_batch_posterior_within_1e_30,
            residual_readout_equals_batch_posterior_in_float64,
            composition_of_posteriors_is_posterior_on_rational_models,
        ),
    ),
    Claim(
        id=ID + ".wrong_prior",
        reading="misreading",
        paper=PAPER,
        where="abstract, stack level (the project's theorem with the wrong inner prior; not a claim of the paper)",
        statement="(η∘κ)†π = κ†π ∘ η†(ρ) with the inner inversion against the uniform prior ρ instead of κ∘π.",
        explanation=("Chaining posteriors only works if the inner channel is inverted against the marginal κ∘π that "
                     "actually feeds it; against a uniform prior the chain gives a different distribution. The engine "
                     "shows the difference on random rational instances in exact arithmetic."),
        obligations=(uniform_inner_prior_breaks_composition,),
    ),
]
