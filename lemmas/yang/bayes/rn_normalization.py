"""The explicit Bayes formula from Radon–Nikodym differentiation, p(θ|x) = ℓ(x|θ) π(dθ) / Z(x), is a
normalized posterior (Yang, abstract; block level), and where it is not defined.

Finitely Z(x) = m_x = Σ_t π_t L[t,x]; for the Gaussian model (prior N(m0, v0), likelihood
N(x; θ, w)) π·ℓ = Z·N(θ; m1, v1) with m1 = (w m0 + v0 x)/(v0 + w), v1 = v0 w/(v0 + w).

Main definitions:

- :func:`gaussian_posterior_parameters`: m1 and v1.

Main statements:

- ``yang.bayes.rn_normalization`` (as-stated): :func:`posterior_sums_to_one_for_every_size`
  (symbolic T), :func:`gaussian_prior_times_likelihood_factorizes`,
  :func:`gaussian_posterior_integrates_to_one`, and a second route by
  :func:`gaussian_posterior_standardizes` with :func:`standard_gaussian_integral_is_sqrt_2pi`.
  Cross-checks: :func:`posterior_sums_to_one_up_to_32_latent_values` (z3; its hypothesis analysis
  shows evidence_positive necessary), :func:`posterior_sums_to_one_on_rational_models` and
  :func:`gaussian_posterior_integrates_to_one_at_40_digits` (mpmath.quad).
- ``yang.bayes.rn_normalization.zero_evidence`` (misreading): refuted by
  :func:`formula_undefined_at_null_observation` (a pinned rational model with m_x = 0).
- ``yang.bayes.rn_normalization.undominated`` (strengthened): refuted for every density bounded by
  the tested constants by :func:`identity_channel_has_no_bounded_density`; unbounded densities by
  a measure-theoretic step stated in the claim's note (not machine-checked).
"""
from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, ExactEqual, Family, Hypothesis, Identity, Implication, Witness, refutes, supports

from .. import PAPER
from ..finite import posterior, random_model
from .encoding import LIKELIHOOD_STOCHASTIC, PRIOR_SIMPLEX, PriorLikelihoodEncoding

RN_SMT_MAX_T = 32
"""Largest number of latent values of the bounded normalization family."""

RN_SMT_RLIMIT = 2_000_000
"""z3 budget of the bounded family: the one-shot mode (nlsat) gives up on the larger sizes after a
long time, the incremental mode decides them within a small part of it; a budget above what the
incremental mode needs keeps the failed one-shot attempt short."""

EXACT_SEEDS = (0, 1, 2, 3, 4, 5)
EXACT_SIZES = ((2, 2), (3, 4), (4, 3), (5, 6), (6, 5), (6, 6))

# ------------------------------------------------------------------------------- finite models

_T = sp.Symbol("T", integer=True, positive=True)
_t, _s = sp.symbols("t s", integer=True, positive=True)
_pip = sp.IndexedBase("pi", positive=True)
_Lp = sp.IndexedBase("L", positive=True)


@supports("symbolic", timeout=60, uses=("evidence_positive",))
def posterior_sums_to_one_for_every_size() -> Identity:
    """Σ_t π_t L[t,x] / Σ_s π_s L[s,x] = 1 for a symbolic number T of latent values.

    Positive symbols (L_t = L[t, x] for the fixed x): the engine proves the denominator nonzero
    from the symbols' assumptions (m_x > 0 cannot be stated on nonnegative entries); the algebra
    is the same for m_x > 0.
    """
    m = sp.Sum(_pip[_s] * _Lp[_s], (_s, 1, _T))
    return Identity(sp.Sum(_pip[_t] * _Lp[_t] / m, (_t, 1, _T)), sp.Integer(1),
                    label="Σ_t π_t L[t,x] / m_x = 1 for symbolic T")


@supports("smt", family=Family("T", range(1, RN_SMT_MAX_T + 1)), cross_check=True, rlimit=RN_SMT_RLIMIT,
          uses=("evidence_positive",))
def posterior_sums_to_one_up_to_32_latent_values(T: int) -> Implication:
    """Σ_t π_t L[t,x] / m_x = 1 with m_x > 0, one observation x (columns are independent)."""
    M = PriorLikelihoodEncoding(T, 1)
    hyps = {
        "prior_nonnegative": z3.And(*[p >= 0 for p in M.pi]),
        "likelihood_nonnegative": z3.And(*[M.L[t][0] >= 0 for t in range(T)]),
        "evidence_positive": M.m[0] > 0,
    }
    concl = z3.And(M.m[0] > 0, z3.Sum([M.J[t][0] / M.m[0] for t in range(T)]) == 1)
    return Implication(hyps, concl, label="", definitions=M.definitions, analyse=(T == 2))


@supports("exact", cross_check=True, timeout=60)
def posterior_sums_to_one_on_rational_models() -> ExactEqual:
    """Random rational models with zero entries (6 seeds, up to 6×6): Σ_t posterior = 1 on every x
    with m_x > 0."""
    cases = []
    for seed in EXACT_SEEDS:
        rng = random.Random(100 + seed)
        for T, N in EXACT_SIZES:
            pi, L = random_model(rng, T, N, null_observation=(N >= 2 and seed % 2 == 0))
            for x, row in enumerate(posterior(pi, L)):
                if row is not None:
                    cases.append((f"seed {seed} {T}×{N} x={x}", sum(row, Fraction(0)), Fraction(1)))
    return ExactEqual(cases, label="Σ_t posterior = 1 on every x with m_x > 0 (random rational models)")


# ------------------------------------------------------------------------------- the Gaussian model

_theta, _x, _m0 = sp.symbols("theta x m0", real=True)
_v0, _w = sp.symbols("v0 w", positive=True)
_u = sp.Symbol("u", real=True)


def _log_normal(y: sp.Expr, mean: sp.Expr, var: sp.Expr) -> sp.Expr:
    return -(y - mean) ** 2 / (2 * var) - sp.log(2 * sp.pi * var) / 2


def gaussian_posterior_parameters(v0: sp.Expr = _v0, w: sp.Expr = _w) -> tuple[sp.Expr, sp.Expr]:
    """m1 = (w m0 + v0 x)/(v0 + w) and v1 = v0 w/(v0 + w)."""
    return (w * _m0 + v0 * _x) / (v0 + w), v0 * w / (v0 + w)


@supports("symbolic", timeout=60, uses=("likelihood_dominated",))
def gaussian_prior_times_likelihood_factorizes(
        posterior_params: Callable[[], tuple[sp.Expr, sp.Expr]] = gaussian_posterior_parameters) -> Identity:
    """Gaussian: log N(θ; m0, v0) + log N(x; θ, w) = log N(x; m0, v0+w) + log N(θ; m1, v1) (v0, w > 0),
    i.e. π·ℓ = Z·posterior as densities."""
    m1, v1 = posterior_params()
    lhs = _log_normal(_theta, _m0, _v0) + _log_normal(_x, _theta, _w)
    rhs = _log_normal(_x, _m0, _v0 + _w) + _log_normal(_theta, m1, v1)
    return Identity(lhs, rhs, label="log π(θ) + log ℓ(x|θ) = log Z(x) + log N(θ; m1, v1)")


def _posterior_density(th: Any) -> sp.Expr:
    m1, v1 = gaussian_posterior_parameters()
    return sp.exp(-(th - m1) ** 2 / (2 * v1)) / sp.sqrt(2 * sp.pi * v1)


@supports("symbolic", timeout=60)
def gaussian_posterior_integrates_to_one() -> Identity:
    """Gaussian: ∫ N(θ; m1, v1) dθ = 1 (sympy's closed form), so the posterior density is normalized
    and Z(x) > 0 for every x."""
    total = sp.integrate(_posterior_density(_theta), (_theta, -sp.oo, sp.oo))
    return Identity(total, sp.Integer(1), label="∫ N(θ; m1, v1) dθ = 1 (sympy closed form)")


@supports("symbolic", timeout=60)
def gaussian_posterior_standardizes() -> Identity:
    """Gaussian, a second route: θ = m1 + √v1·u turns N(θ; m1, v1) dθ into the standard Gaussian
    exp(−u²/2)/√(2π) du."""
    m1, v1 = gaussian_posterior_parameters()
    substituted = _posterior_density(m1 + sp.sqrt(v1) * _u) * sp.sqrt(v1)
    return Identity(substituted, sp.exp(-_u ** 2 / 2) / sp.sqrt(2 * sp.pi),
                    label="θ = m1 + √v1·u: N(θ; m1, v1)·√v1 = exp(−u²/2)/√(2π)")


@supports("symbolic", timeout=60)
def standard_gaussian_integral_is_sqrt_2pi() -> Identity:
    """∫ exp(−u²/2) du = √(2π) (sympy's closed form), which completes the second route."""
    return Identity(sp.integrate(sp.exp(-_u ** 2 / 2), (_u, -sp.oo, sp.oo)), sp.sqrt(2 * sp.pi),
                    label="∫ exp(−u²/2) du = √(2π)")


GAUSSIAN_QUAD_DPS = 40
GAUSSIAN_QUAD_TOLERANCE = 1e-20


def _rational_value(e: sp.Expr, at: dict[Any, sp.Rational]) -> mpmath.mpf:
    r = sp.Rational(e.subs(at))
    return mpmath.mpf(r.p) / r.q


@supports("numeric", cross_check=True, timeout=60)
def gaussian_posterior_integrates_to_one_at_40_digits(
        params: Callable[[], tuple[sp.Expr, sp.Expr]] = gaussian_posterior_parameters, seed: int = 2026,
        instances: int = 6, normalizer: Callable[[Any], Any] = lambda v1: mpmath.sqrt(2 * mpmath.pi * v1)) -> Witness:
    """Gaussian: mpmath.quad of N(θ; m1, v1) over ℝ at 6 random rational (m0, v0, w, x), 40 digits:
    |∫ − 1| ≤ 1e-20.

    Independent of sympy's integration (only the parameter formulas m1, v1 are shared).
    """
    m1e, v1e = params()
    rng = random.Random(seed)
    errors, points = [], []
    with mpmath.workdps(GAUSSIAN_QUAD_DPS):
        for _ in range(instances):
            pt = {_m0: Fraction(rng.randint(-50, 50), rng.randint(1, 9)),
                  _v0: Fraction(rng.randint(1, 40), rng.randint(1, 9)),
                  _w: Fraction(rng.randint(1, 40), rng.randint(1, 9)),
                  _x: Fraction(rng.randint(-50, 50), rng.randint(1, 9))}
            at = {k: sp.Rational(v.numerator, v.denominator) for k, v in pt.items()}
            m1, v1 = _rational_value(m1e, at), _rational_value(v1e, at)
            f = lambda th, m1=m1, v1=v1: mpmath.exp(-(th - m1) ** 2 / (2 * v1)) / normalizer(v1)  # noqa: E731
            sd = mpmath.sqrt(v1)
            # split at the mean and ±10 sd so the quadrature sees the bump
            total = mpmath.quad(f, [-mpmath.inf, m1 - 10 * sd, m1, m1 + 10 * sd, mpmath.inf])
            errors.append(float(total - 1))
            points.append({str(k): str(v) for k, v in pt.items()})
    return Witness(np.array(errors), np.zeros(len(errors)), GAUSSIAN_QUAD_TOLERANCE, instances=instances,
                   label=f"mpmath.quad (dps {GAUSSIAN_QUAD_DPS}) of N(θ; m1, v1) over ℝ minus 1",
                   detail={"points": points})


# ------------------------------------------------------------------------------- where it fails

def zero_evidence_instance(seed: int = 7, null_observation: bool = True) -> tuple[list[Fraction], list[list[Fraction]]]:
    rng = random.Random(seed)
    return random_model(rng, 6, 6, zero_prob=0.25 if null_observation else 0.0, null_observation=null_observation)


@refutes("smt", timeout=60)
def formula_undefined_at_null_observation(seed: int = 7, null_observation: bool = True) -> Implication:
    """A rational 6×6 model (prior and likelihood stochastic) with a null observation m_x = 0: the
    formula is 0/0 there (z3 model of the pinned model, re-evaluated exactly).

    The goal states the formula defined (m_x ≠ 0) and summing to 1 on every x; z3 finds the (only)
    model, and on the null observation its guard m_x ≠ 0 fails first.
    """
    pi, L = zero_evidence_instance(seed, null_observation)
    M = PriorLikelihoodEncoding(6, 6)
    hyps = {"prior_simplex": M.prior_simplex(), "likelihood_stochastic": M.likelihood_stochastic(),
            "the_model": M.pinned(pi, L)}
    concl = z3.And(*[z3.And(M.m[x] != 0, z3.Sum([M.J[t][x] / M.m[x] for t in range(6)]) == 1) for x in range(6)])
    return Implication(hyps, concl, label=f"6×6 rational model, seed {seed}", definitions=M.definitions,
                       analyse=False)


UNDOMINATED_THETA = Fraction(1, 3)
UNDOMINATED_BOUNDS = (Fraction(1), Fraction(7, 2), Fraction(1000), Fraction(10) ** 30)
"""θ and the sup bounds M tested: for each M, the cell of width 1/k (k = ⌊M⌋ + 1) containing θ."""


@refutes("exact", timeout=60)
def identity_channel_has_no_bounded_density(prior_atom: Fraction = Fraction(0)) -> ExactEqual:
    """κ(θ,·) = δ_θ on [0,1], π uniform (κ∘π = Lebesgue), θ = 1/3: for M ∈ {1, 7/2, 10³, 10³⁰} the cell
    of width 1/(⌊M⌋+1) containing θ has (κ∘π)-mass 1/k, so any density ≤ M gives it mass < 1 = δ_θ(cell)
    (exact Fractions).

    The prior is π = (1 − a)·Uniform[0,1] + a·δ_{θ0} (a = ``prior_atom``; the claim's counterexample
    has a = 0). A density ℓ(·|θ0) of δ_{θ0} w.r.t. κ∘π with 0 ≤ ℓ ≤ M gives δ_{θ0}(C) ≤ M·(κ∘π)(C)
    on every cell C; the case says whether that necessary condition holds for some tested M. With
    an atom a > 0 at θ0 it holds as soon as M ≥ 1/a (ℓ = 1/a at θ0 is a density), so the check says
    no there.
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


CLAIMS = [
    Claim(
        id="yang.bayes.rn_normalization",
        reading="as-stated",
        paper=PAPER,
        where="abstract; block level, the Radon–Nikodym form of Bayes' rule",
        statement=("The explicit Bayes formula p(θ|x) = ℓ(x|θ) π(dθ) / Z(x) obtained by Radon–Nikodym "
                   "differentiation is normalized: finitely Σ_t π_t L[t,x] / m_x = 1 when m_x > 0; for the "
                   "Gaussian model π·ℓ = Z·N(θ; m1, v1) and ∫ N(θ; m1, v1) dθ = 1."),
        latex=(r"\sum_t \frac{\pi_t L_{t,x}}{m_x}=1\ (m_x>0),"
               r"\quad \pi(\theta)\ell(x\mid\theta)=Z(x)\,\mathcal N(\theta;m_1,v_1)"),
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
            posterior_sums_to_one_for_every_size,
            gaussian_prior_times_likelihood_factorizes,
            gaussian_posterior_integrates_to_one,
            gaussian_posterior_standardizes,
            standard_gaussian_integral_is_sqrt_2pi,
            gaussian_posterior_integrates_to_one_at_40_digits,
            posterior_sums_to_one_up_to_32_latent_values,
            posterior_sums_to_one_on_rational_models,
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
        hypotheses=(PRIOR_SIMPLEX, LIKELIHOOD_STOCHASTIC,
                    Hypothesis("the_model", "π and L are one pinned 6×6 rational model with a null observation")),
        obligations=(formula_undefined_at_null_observation,),
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
        obligations=(identity_channel_has_no_bounded_density,),
        note=("The exact check rules out every density bounded by the tested M (step functions on the "
              "partition included); an unbounded density is excluded by the measure-theoretic argument "
              "that ∫_{C_k} ℓ dλ → 0 as the cell C_k ∋ θ shrinks (absolute continuity of the integral), "
              "while δ_θ(C_k) = 1 — that limit step is not machine-checked."),
    ),
]
