"""``yang.stack.composition``: the multilayer stack as a posterior update.

What the paper claims (Yang, abstract): the kernel-level Bayes theorem holds "at stack level":
a multilayer transformer is a (composed) posterior update.

What the project found: two readings are true, with the hypotheses they need.

Sequential reading (proved for every number T of latent values and every depth): a residual
stream r_0 = log π, r_l = r_{l−1} + log L[·, x_l], read out with softmax, is sequential Bayes
updating, which is the batch posterior ∝ π Π_l L[·, x_l]. sympy proves, for a symbolic T, the
base softmax(log π) = π/Σπ, the step softmax(r + log ℓ) = normalize(softmax(r) ⊙ ℓ) (one layer =
one Bayes update) and normalize(normalize(a) ⊙ b) = normalize(a ⊙ b) (sequential = batch); the
depth follows by induction. Cross-checks on random rational models with zero entries (6 seeds,
T, N up to 6, depth up to 8): sequential Bayes = batch posterior exactly (rationals; no log enters
there); softmax(log π + Σ_l log L[·, x_l]) evaluated in interval arithmetic (mpmath.iv, 60 digits)
encloses the exact rational batch posterior within 1e-30 (observed 1e-59; log 0 = −∞ gives
weight exactly 0); a float64 witness with real logs agrees to ≤ 1e-12 (observed 6e-16).

Composition reading (Mathlib ``posterior_comp``): for Θ →κ X →η Y, (η∘κ)†π = κ†π ∘ η†(κ∘π) on
the support of (η∘κ)∘π. Proved for all sizes: the m_x cancel (symbolic N), associativity
(η∘κ)∘π = η∘(κ∘π) by induction on T (sympy base and linearity step; the induction's glue — that
adding hypothesis T+1 adds the same term to both sums — is argued by hand, its z3 bookkeeping is
only a cross-check; see :func:`symbolic_associativity_steps` for why not one double-sum
identity), and null
observations (m_x = 0, where κ†π is an arbitrary version) contribute 0 to both sides (z3). Exact
on random rational instances with zeros and arbitrary versions. Sub-claim ``.wrong_prior``
(inner inversion against the uniform prior instead of κ∘π) is refuted by an exact rational
counterexample: the prior of the inner inversion is a necessary hypothesis.

LayerNorm is not Bayes-neutral (sub-claim ``.layernorm``, refuted): softmax(LN(r)) ≠ softmax(r);
at r = (0, 4) LN gives (−1, 1) and the weights 0.119 vs 0.018 (interval re-check), and on a
Bayes residual of a rational 3-hypothesis model the posterior 375/473 ≈ 0.793 becomes 0.612
(mpmath.iv). LN(r) = (r − mean)/std is a change of temperature: since
exp((r_t − mean)/std) ∝ exp(r_t)^{1/std}, it tempers the posterior to p^{1/std}, normalized.
Mean-centring alone is harmless by shift invariance (sub-claim ``.mean_centring``, proved for a
symbolic number of hypotheses).

Zero likelihoods: log 0 = −∞ in the residual; the exponential form (and numpy's exp(−∞) = 0)
handles it, and only observation sequences with positive evidence are meaningful (sequences
drawn from the model have it).
"""
from __future__ import annotations

import random
import warnings
from fractions import Fraction
from typing import Any, Callable

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, Counterexample, ExactEqual, Hypothesis, Identity, Implication, NonIdentity, Obligation, Witness

from . import PAPER
from .finite import (compose, evidence, marginal, normalize, posterior, random_distribution, random_model,
                     random_stochastic, shown)

EXACT_SEEDS = (0, 1, 2, 3, 4, 5)
WITNESS_TOLERANCE = 1e-12

_n = sp.Symbol("n", integer=True, positive=True)
_t, _l, _u = sp.symbols("t l u", integer=True, positive=True)  # _u: inner sums
_pi = sp.IndexedBase("pi", positive=True)
_r = sp.IndexedBase("r", real=True)
_ell = sp.IndexedBase("ell", positive=True)
_a = sp.IndexedBase("a", positive=True)
_b = sp.IndexedBase("b", positive=True)


def _softmax(vec: Callable[[Any], sp.Expr], t: Any) -> sp.Expr:
    return sp.exp(vec(t)) / sp.Sum(sp.exp(vec(_l)), (_l, 1, _n))


def _normalize(vec: Callable[[Any], sp.Expr], t: Any) -> sp.Expr:
    return vec(t) / sp.Sum(vec(_l), (_l, 1, _n))


# ------------------------------------------------------------------------------- sequential reading

def symbolic_base() -> Identity:
    return Identity(_softmax(lambda t: sp.log(_pi[t]), _t), _normalize(lambda t: _pi[t], _t),
                    label="softmax(log π)_t = π_t / Σ π, symbolic T")


def symbolic_residual_step() -> Identity:
    """One layer adds log ℓ (ℓ_t = L[t, x_l]) to the residual: softmax of the new residual is
    the Bayes update of softmax of the old one."""
    lhs = _softmax(lambda t: _r[t] + sp.log(_ell[t]), _t)
    E = sp.Sum(sp.exp(_r[_u]), (_u, 1, _n))
    p = lambda t: sp.exp(_r[t]) / E  # noqa: E731  (softmax(r)_t, its sum over a separate index)
    rhs = p(_t) * _ell[_t] / sp.Sum(p(_l) * _ell[_l], (_l, 1, _n))
    return Identity(lhs, rhs, label="softmax(r + log ℓ)_t = softmax(r)_t ℓ_t / Σ_s softmax(r)_s ℓ_s, symbolic T")


def symbolic_sequential_batch() -> Identity:
    A = sp.Sum(_a[_u], (_u, 1, _n))
    lhs = (_a[_t] / A) * _b[_t] / sp.Sum((_a[_l] / A) * _b[_l], (_l, 1, _n))
    return Identity(lhs, _normalize(lambda t: _a[t] * _b[t], _t),
                    label="normalize(normalize(a) ⊙ b) = normalize(a ⊙ b), symbolic T")


def _sample_sequence(rng: random.Random, pi: list[Fraction], L: list[list[Fraction]], depth: int) -> list[int]:
    """Observations drawn from the model (θ ~ π, then x_l ~ L[θ, ·]): positive evidence."""
    T, N = len(pi), len(L[0])
    theta = rng.choices(range(T), weights=[float(p) for p in pi])[0]
    return [rng.choices(range(N), weights=[float(v) for v in L[theta]])[0] for _ in range(depth)]


def _sequential_cases(update: Callable[[list[Fraction], list[Fraction]], list[Fraction]] | None = None
                      ) -> tuple[list[tuple[str, Any, Any]], list[tuple[Any, ...]]]:
    cases: list[tuple[str, Any, Any]] = []
    instances = []
    for seed in EXACT_SEEDS:
        rng = random.Random(300 + seed)
        for T, N, depth in ((2, 3, 4), (4, 4, 6), (6, 6, 8), (6, 3, 8), (3, 6, 5)):
            pi, L = random_model(rng, T, N)
            xs = _sample_sequence(rng, pi, L, depth)
            # sequential Bayes (one normalized update per observation) vs the batch posterior; the
            # residual of logs enters only in :func:`interval_sequential` (exp of a sum of logs is
            # not rational, so it cannot be compared exactly here).
            p = list(pi)
            for x in xs:
                p = normalize([p[t] * L[t][x] for t in range(T)]) if update is None else update(p, [L[t][x] for t in range(T)])
            batch = normalize([pi[t] * _prod(L[t][x] for x in xs) for t in range(T)])
            tag = f"seed {seed} T={T} N={N} depth {depth}"
            cases.append((f"{tag}: sequential Bayes = batch posterior", tuple(p), tuple(batch)))
            instances.append((pi, L, xs, batch))
    return cases, instances


def _prod(values: Any) -> Fraction:
    out = Fraction(1)
    for v in values:
        out *= v
    return out


def exact_sequential() -> ExactEqual:
    cases, _ = _sequential_cases()
    return ExactEqual(cases, label="sequential Bayes = batch posterior (exact rationals)",
                      detail={"seeds": list(EXACT_SEEDS), "max_T": 6, "max_N": 6, "max_depth": 8})


INTERVAL_DPS = 60
INTERVAL_TOLERANCE = 1e-30


def interval_sequential(update: Callable[[Any, Any], Any] | None = None) -> Witness:
    """softmax(log π + Σ_l log L[·, x_l]) in interval arithmetic (mpmath.iv, 60 digits) against the
    exact rational batch posterior: the observed value per entry is sup |enclosure − exact|, a
    rigorous bound on |softmax of the summed logs − batch posterior|, required ≤ 1e-30.

    Zero factors: log 0 = −∞, whose exponential is 0; such hypotheses get weight exactly 0 (the
    softmax is taken over the others) and are compared with the exact value as 0. ``update``
    replaces the residual step r + log ℓ (for must-say-no tests)."""
    iv = mpmath.iv
    obs, instances = [], 0
    _, cases = _sequential_cases()
    old_dps = iv.dps
    with mpmath.workdps(INTERVAL_DPS):
        iv.dps = INTERVAL_DPS
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
                    gap = e[t] / total - frac(batch[t])
                    bound = max(abs(mpmath.mpf(gap.a)), abs(mpmath.mpf(gap.b)))
                else:
                    bound = abs(mpmath.mpf(batch[t].numerator) / batch[t].denominator)
                obs.append(float(bound))
            instances += 1
    iv.dps = old_dps
    return Witness(np.array(obs), np.zeros(len(obs)), INTERVAL_TOLERANCE, instances=instances,
                   label="mpmath.iv enclosure of softmax(log π + Σ log L) vs the exact batch posterior",
                   detail={"dps": INTERVAL_DPS, "bound": "sup |enclosure − exact| per entry"})


def float64_sequential() -> Witness:
    _, instances = _sequential_cases()
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


def symbolic_cancel() -> Identity:
    """Entry (y, t) of κ†π ∘ η†(m): Σ_x η†[y,x] κ†[x,t] with η†[y,x] = m_x E_xy / D_y and
    κ†[x,t] = π_t K_tx / m_x (m_x > 0): the m_x cancel."""
    D = sp.Sum(_m[_x] * _E[_x], (_x, 1, _N))
    lhs = sp.Sum((_m[_x] * _E[_x] / D) * (_pt * _K[_x] / _m[_x]), (_x, 1, _N))
    return Identity(lhs, _pt * sp.Sum(_K[_x] * _E[_x], (_x, 1, _N)) / D,
                    label="Σ_x (m_x E_xy / D_y)(π_t K_tx / m_x) = π_t (KE)_ty / D_y, symbolic N")


def symbolic_associativity_steps() -> list[Identity]:
    """Base (T = 1) and the linearity used in the step of the induction on T for
    Σ_s π_s Σ_x K_sx E_xy = Σ_x (Σ_s π_s K_sx) E_xy.

    Why an induction and not the double-sum identity itself: the engine's canonicalisers call
    ``as_dummy()``, which renames the bound variables of nested sums to the same symbol
    (``Σ_z (Σ_s π_s K[s,z]) E[z,y]`` becomes ``Σ_0 E[_0,y] Σ_0 K[_0,_0] π[_0]``), so a swap of two
    dependent sums is never reduced to 0 (and a false identity of that shape gets a false 0,
    caught only by the numeric cross-check). The inner sum is therefore named A_x here."""
    p = sp.Symbol("p", nonnegative=True)
    base = Identity(p * sp.Sum(_k1[_x] * _E[_x], (_x, 1, _N)), sp.Sum((p * _k1[_x]) * _E[_x], (_x, 1, _N)),
                    label="base T = 1: π_1 Σ_x K_1x E_xy = Σ_x (π_1 K_1x) E_xy")
    step = Identity(sp.Sum((_A[_x] + p * _k1[_x]) * _E[_x], (_x, 1, _N)),
                    sp.Sum(_A[_x] * _E[_x], (_x, 1, _N)) + p * sp.Sum(_k1[_x] * _E[_x], (_x, 1, _N)),
                    label="step: Σ_x (A_x + π_{T+1} K_{T+1,x}) E_xy = Σ_x A_x E_xy + π_{T+1} Σ_x K_{T+1,x} E_xy")
    return [base, step]


def smt_associativity_induction() -> Implication:
    """LHS_T = Σ_{s≤T} π_s (KE)_sy, RHS_T = Σ_x A_x E_xy with A_x = Σ_{s≤T} π_s K_sx. Adding
    hypothesis T+1 adds w = π_{T+1} Σ_x K_{T+1,x} E_xy to both (to the left by the definition of
    a finite sum, to the right by the linearity identity above).

    Only the bookkeeping of the induction: the two "definitions" LHS_{T+1} = LHS_T + w and
    RHS_{T+1} = RHS_T + w are the link to the actual sums, argued by hand (the left one is the
    definition of a finite sum; the right one is ``composition.associativity``'s step identity),
    so the query itself is x = y ⇒ x + w = y + w. Hence a cross-check, not evidence."""
    lt, rt, lt1, rt1, w = z3.Reals("LHS_T RHS_T LHS_T1 RHS_T1 w")
    hyps = {"induction_hypothesis": lt == rt}
    defs = {"LHS_T1": lt1 == lt + w, "RHS_T1": rt1 == rt + w}
    return Implication(hyps, lt1 == rt1, label="LHS_T = RHS_T ⇒ LHS_{T+1} = RHS_{T+1}", definitions=defs)


def smt_null_observation() -> Implication:
    """A null observation x (m_x = 0) contributes η†[y,x]·v = (0·E_xy/D)·v for any version v of
    κ†π[x,t] on the right, and π_t K_tx E_xy / D = 0 on the left (π_t K_tx ≤ m_x = 0)."""
    p, k, rest, m, e, D, v = z3.Reals("pi_t K_tx rest m_x E_xy D_y version")
    hyps = {"nonnegative": z3.And(p >= 0, k >= 0, rest >= 0, e >= 0),
            "null_observation": m == 0,
            "evidence_y_positive": D > 0}
    defs = {"m_x": m == p * k + rest}
    return Implication(hyps, z3.And(D > 0, (m * e / D) * v == p * k * e / D), definitions=defs,
                       label="m_x = 0: the term of x is 0 on both sides, whatever version κ†π uses at x")


def _inverse(prior: list[Fraction], K: list[list[Fraction]], null_row: list[Fraction] | None = None
             ) -> list[list[Fraction]]:
    """κ†prior as a matrix [x][t], a version: ``null_row`` (default uniform) where the evidence is 0."""
    T = len(prior)
    fill = null_row or [Fraction(1, T)] * T
    return [r if r is not None else list(fill) for r in posterior(prior, K)]


def _composition_instances(seed: int, inner_prior: str = "marginal") -> list[tuple[str, Any, Any]]:
    rng = random.Random(seed)
    cases = []
    for T, N, M in ((2, 2, 2), (3, 4, 2), (4, 3, 5), (5, 6, 4), (6, 6, 6), (6, 5, 3)):
        pi, K = random_model(rng, T, N, null_observation=N >= 2 and rng.random() < 0.6)
        E = random_stochastic(rng, N, M)
        m = marginal(pi, K)
        rho = m if inner_prior == "marginal" else [Fraction(1, N)] * N
        lhs = _inverse(pi, compose(K, E))                               # (η∘κ)†π, [y][t]
        k_dag = _inverse(pi, K, null_row=random_distribution(rng, T))   # κ†π, any version on null x
        e_dag = _inverse(rho, E)                                        # η†ρ, [y][x]
        rhs = [[sum((e_dag[y][x] * k_dag[x][t] for x in range(N)), Fraction(0)) for t in range(T)] for y in range(M)]
        support = evidence(pi, compose(K, E))
        for y in range(M):
            if support[y] > 0:
                cases.append((f"seed {seed} T={T} N={N} M={M} y={y}", tuple(lhs[y]), tuple(rhs[y])))
    return cases


def exact_composition() -> ExactEqual:
    cases = [c for s in EXACT_SEEDS for c in _composition_instances(500 + s)]
    return ExactEqual(cases, label="(η∘κ)†π = κ†π ∘ η†(κ∘π) on the support (exact, random versions on null x)",
                      detail={"seeds": list(EXACT_SEEDS), "max_T": 6, "max_N": 6, "max_M": 6})


def exact_wrong_prior(seed: int = 505, inner_prior: str = "uniform") -> ExactEqual:
    return ExactEqual(_composition_instances(seed, inner_prior),
                      label=f"(η∘κ)†π vs κ†π ∘ η†({inner_prior}), random rational instances")


# ------------------------------------------------------------------------------- LayerNorm

_r0, _r1 = sp.symbols("r_0 r_1", real=True)


def _layernorm2(r: tuple[sp.Expr, sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
    mu = (r[0] + r[1]) / 2
    sd = sp.sqrt(((r[0] - mu) ** 2 + (r[1] - mu) ** 2) / 2)
    return (r[0] - mu) / sd, (r[1] - mu) / sd


def layernorm_nonidentity(point: dict | None = None) -> NonIdentity:
    z = _layernorm2((_r0, _r1))
    lhs = sp.exp(z[0]) / (sp.exp(z[0]) + sp.exp(z[1]))
    rhs = sp.exp(_r0) / (sp.exp(_r0) + sp.exp(_r1))
    return NonIdentity(lhs, rhs, point or {_r0: sp.Integer(0), _r1: sp.Integer(4)},
                       label="softmax(LN(r))_0 vs softmax(r)_0 at r = (0, 4): LN(r) = (−1, 1)")


LN_MODEL = ([Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)],
            [[Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)],
             [Fraction(1, 5), Fraction(3, 5), Fraction(1, 5)],
             [Fraction(1, 10), Fraction(1, 10), Fraction(4, 5)]],
            [0, 0, 1])


def layernorm_bayes_counterexample(eps: Fraction = Fraction(0)) -> Counterexample:
    pi, L, xs = LN_MODEL
    T = len(pi)
    exact = normalize([pi[t] * _prod(L[t][x] for x in xs) for t in range(T)])

    def recheck() -> tuple[bool, str]:
        iv = mpmath.iv
        iv.dps = 40
        frac = lambda f: iv.mpf(f.numerator) / iv.mpf(f.denominator)  # noqa: E731
        r = [iv.log(frac(pi[t])) + sum((iv.log(frac(L[t][x])) for x in xs), iv.mpf(0)) for t in range(T)]
        mu = sum(r, iv.mpf(0)) / T
        var = sum(((v - mu) ** 2 for v in r), iv.mpf(0)) / T
        ln = [(v - mu) / iv.sqrt(var + frac(eps)) for v in r]
        e_ln = [iv.exp(v) for v in ln]
        w_ln = [v / sum(e_ln, iv.mpf(0)) for v in e_ln]
        gaps = [w_ln[t] - frac(exact[t]) for t in range(T)]
        t0 = max(range(T), key=lambda t: float(abs(mpmath.mpf(gaps[t]._mpi_[0]))))
        lo, hi = mpmath.mpf(gaps[t0]._mpi_[0]), mpmath.mpf(gaps[t0]._mpi_[1])
        ok = bool(lo > 0 or hi < 0)
        return ok, (f"hypothesis {t0}: exact posterior {exact[t0]} ≈ {float(exact[t0]):.4f}, after LayerNorm "
                    f"∈ [{mpmath.nstr(mpmath.mpf(w_ln[t0]._mpi_[0]), 8)}, {mpmath.nstr(mpmath.mpf(w_ln[t0]._mpi_[1]), 8)}]"
                    f"; gap ∈ [{mpmath.nstr(lo, 6)}, {mpmath.nstr(hi, 6)}]")

    return Counterexample("LayerNorm on a Bayes residual log π + Σ log L[·, x_l] changes the posterior",
                          {"pi": shown(pi), "L": shown(L), "observations": xs, "posterior": shown(exact),
                           "epsilon": str(eps)}, recheck, label="3 hypotheses, 3 observations, ε = " + str(eps))


def symbolic_mean_centring() -> Identity:
    mean = sp.Sum(_r[_u], (_u, 1, _n)) / _n
    return Identity(_softmax(lambda t: _r[t] - mean, _t), _softmax(lambda t: _r[t], _t),
                    label="softmax(r − mean(r)) = softmax(r), symbolic number of hypotheses")


CLAIMS = [
    Claim(
        id="yang.stack.composition",
        paper=PAPER,
        where="abstract (the theorem 'at stack level')",
        statement=("The multilayer stack is a posterior update: (sequential) a residual stream accumulating "
                   "log-likelihoods, read out with softmax, is sequential Bayes updating and equals the batch "
                   "posterior ∝ π Π_l L[·, x_l]; (composition) for Θ →κ X →η Y, (η∘κ)†π = κ†π ∘ η†(κ∘π) on "
                   "the support."),
        latex=r"\operatorname{softmax}\big(\log\pi+\textstyle\sum_l\log L_{\cdot,x_l}\big)\propto \pi\prod_l L_{\cdot,x_l},\qquad (\eta\circ\kappa)^\dagger\pi=\kappa^\dagger\pi\circ\eta^\dagger(\kappa\circ\pi)",
        hypotheses=(
            Hypothesis("positive_evidence", "the observations have positive evidence (sequences drawn from the model)"),
            Hypothesis("inner_prior_is_marginal", "the inner inversion η† uses the prior κ∘π, not another one"),
            Hypothesis("no_layernorm", "the residual is read out without LayerNorm (mean-centring alone is allowed)"),
        ),
        obligations=(
            Obligation("residual.base", "symbolic", "supports", "softmax(log π) = π/Σπ, symbolic T",
                       symbolic_base, timeout=30),
            Obligation("residual.step", "symbolic", "supports",
                       "one layer is one Bayes update: softmax(r + log ℓ) = normalize(softmax(r) ⊙ ℓ), symbolic T "
                       "(with the base, by induction on depth: the readout is sequential Bayes)",
                       symbolic_residual_step, timeout=30),
            Obligation("sequential_batch.step", "symbolic", "supports",
                       "normalize(normalize(a) ⊙ b) = normalize(a ⊙ b), symbolic T (by induction on depth: "
                       "sequential Bayes = batch posterior)", symbolic_sequential_batch, timeout=30),
            Obligation("composition.cancel", "symbolic", "supports",
                       "the m_x cancel in κ†π ∘ η†(κ∘π), symbolic N", symbolic_cancel, timeout=30),
            Obligation("composition.associativity", "symbolic", "supports",
                       "(η∘κ)∘π = η∘(κ∘π): base and linearity step of the induction on T, symbolic N",
                       symbolic_associativity_steps, timeout=30),
            Obligation("composition.induction", "smt", "supports",
                       "(η∘κ)∘π = η∘(κ∘π): bookkeeping of the induction on T (x = y ⇒ x + w = y + w); the link "
                       "of LHS_{T+1}, RHS_{T+1} to the actual sums is a manual argument (finite-sum definition "
                       "and the associativity step identity), so this is a cross-check",
                       smt_associativity_induction, cross_check=True, timeout=10),
            Obligation("composition.null_observations", "smt", "supports",
                       "observations with m_x = 0 contribute 0 to both sides, whatever version κ†π takes there",
                       smt_null_observation, timeout=10),
            Obligation("sequential.exact", "exact", "supports",
                       "random rational models with zeros (6 seeds, T, N ≤ 6, depth ≤ 8): sequential Bayes "
                       "(normalized update per observation) = batch posterior; no log or softmax enters",
                       exact_sequential, cross_check=True, timeout=30),
            Obligation("sequential.interval", "numeric", "supports",
                       f"the same 30 instances: the mpmath.iv enclosure ({INTERVAL_DPS} digits) of "
                       f"softmax(log π + Σ_l log L[·, x_l]) is within {INTERVAL_TOLERANCE:g} of the exact batch "
                       "posterior (sup |enclosure − exact| per entry)", interval_sequential, cross_check=True,
                       timeout=30),
            Obligation("sequential.float64", "numeric", "supports",
                       f"float64 residual of logs + softmax vs the exact batch posterior, within {WITNESS_TOLERANCE:g}",
                       float64_sequential, cross_check=True, timeout=30),
            Obligation("composition.exact", "exact", "supports",
                       "random rational Θ →κ X →η Y with zeros (6 seeds, sizes ≤ 6, random versions on null x): "
                       "(η∘κ)†π = κ†π ∘ η†(κ∘π) on the support", exact_composition, cross_check=True, timeout=30),
        ),
    ),
    Claim(
        id="yang.stack.composition.wrong_prior",
        paper=PAPER,
        where="abstract (composition with the inner inversion against a fixed prior)",
        statement="(η∘κ)†π = κ†π ∘ η†(ρ) with the inner inversion against the uniform prior ρ instead of κ∘π.",
        obligations=(
            Obligation("uniform_inner_prior.exact", "exact", "refutes",
                       "exact rational instance: κ†π ∘ η†(uniform) ≠ (η∘κ)†π", exact_wrong_prior, timeout=20),
        ),
    ),
    Claim(
        id="yang.stack.composition.layernorm",
        paper=PAPER,
        where="abstract (stack level, with the LayerNorm of real transformer blocks)",
        statement="Blocks with LayerNorm preserve the posterior: softmax(LN(r)) = softmax(r).",
        obligations=(
            Obligation("two_hypotheses.symbolic", "symbolic", "refutes",
                       "r = (0, 4): softmax(LN(r)) = softmax(−1, 1) ≠ softmax(0, 4) (interval re-check)",
                       layernorm_nonidentity, timeout=20),
            Obligation("bayes_residual.numeric", "numeric", "refutes",
                       "a Bayes residual log π + Σ log L[·, x_l] of a rational 3-hypothesis model: LayerNorm changes "
                       "the posterior (mpmath.iv re-check)", layernorm_bayes_counterexample, timeout=20),
        ),
    ),
    Claim(
        id="yang.stack.composition.mean_centring",
        paper=PAPER,
        where="abstract (stack level; the centring part of LayerNorm)",
        statement="Mean-centring the residual preserves the posterior: softmax(r − mean(r)) = softmax(r).",
        obligations=(
            Obligation("shift.symbolic", "symbolic", "supports",
                       "softmax(r − mean(r)·1) = softmax(r) for a symbolic number of hypotheses",
                       symbolic_mean_centring, timeout=30),
        ),
    ),
]
