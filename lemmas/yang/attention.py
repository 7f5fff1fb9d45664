"""``yang.attention.bridge``: softmax attention as a Markov kernel from queries to keys.

Claimed (Yang, abstract): "the bridge between the kernel framework and concrete attention" —
softmax attention, α_j(q) = e^{s_j(q)}/Σ_l e^{s_l(q)} with scores s_j(q) = q·k_j/τ, is a Markov
kernel from queries to the n keys: a probability distribution over the keys for every query,
measurable in the query.

``yang.attention.bridge`` (as-stated, proved): the distribution part reuses the proofs of
``yang.softmax.distribution`` (the same obligation objects: Σ_j α_j = 1 for a symbolic n,
0 < α_j ≤ 1 for every n with an engine-built induction); the kernel part is continuity in the
scores, proved for every n: if every score moves by at most δ (ρ = e^δ), each weight moves by
at most the factor ρ² (:func:`smt_weight_ratio`, with the other keys' sums within the factor ρ by
an engine-built induction, :func:`induction_rest_ratio`) and so by at most ρ² − 1
(:func:`smt_weight_change`). Scores are linear in q, so α(q, ·) is continuous, hence measurable.

``.posterior`` (project, proved): for J ~ π on {1..n} and q | J=j ~ N(k_j, σ²I),
p(j|q) = softmax_j(q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j), and Σ_j p(j|q) v_j is the posterior mean
E[v_J | q]. Sympy identities with a symbolic n and d (a_j = q·k_j, b_j = ‖k_j‖², c = ‖q‖²; the
norm expansion ‖q − k_j‖² = c − 2a_j + b_j; the posterior mean); cross-checks: explicit vectors
(n = 3, d = 2, a family over the key) and a float64 witness against mpmath posteriors (≤ 1e-12).

``.posterior.plain_attention`` (misreading, refuted): plain softmax_j(q·k_j/σ²) is not the
posterior with unequal key norms — exact rational points evaluated by the engine in interval
arithmetic (n = 2, d = 1; and a random 4-key instance in d = 3). ``.posterior.equal_norms``
(project, proved): equal norms with a uniform prior, or a compensating prior
π_j ∝ exp(‖k_j‖²/(2σ²)), make plain attention the posterior (symbolic n); "only if" by a z3 proof
for every n. Scaled dot-product attention softmax(q·k/√d) is the case σ² = √d.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, Family, Hypothesis, Identity, Implication, Induction, NonIdentity, Obligation, Witness

from . import PAPER
from .softmax import BOUNDS, HYPOTHESES as SOFTMAX_HYPOTHESES, REST_NONNEGATIVE, SUM_TO_ONE

WITNESS_TOLERANCE = 1e-12


# ------------------------------------------------------------------------------- the kernel: continuity
# e_l = exp(s_l) and e'_l = exp(s'_l) for two score vectors with |s'_l − s_l| ≤ δ; ρ = e^δ ≥ 1, so
# exp's monotonicity gives e_l/ρ ≤ e'_l ≤ ρ e_l. Kept multiplicative: cvc5 settles the ratio form
# at once but not |α'_j − α_j| ≤ ρ² − 1 stated directly on the quotients.

def smt_weight_ratio() -> Implication:
    """Any n, key j: α'_j ≤ ρ² α_j and α_j ≤ ρ² α'_j, with R, R' the other keys' sums before and
    after (R ≥ 0 and R/ρ ≤ R' ≤ ρR by :func:`induction_rest_ratio`)."""
    e, e2, R, R2, S, S2, a, a2, rho = z3.Reals("e_j e_shifted_j R R_shifted S S_shifted alpha_j alpha_shifted_j rho")
    hyps = {"unmasked_key": e > 0,
            "exp_monotone": z3.And(rho >= 1, e <= rho * e2, e2 <= rho * e),
            "rest_nonnegative": R >= 0,
            "rest_ratio": z3.And(R <= rho * R2, R2 <= rho * R)}
    defs = {"S": S == e + R, "S_shifted": S2 == e2 + R2, "alpha_j": a == e / S, "alpha_shifted_j": a2 == e2 / S2}
    return Implication(hyps, z3.And(a2 <= rho * rho * a, a <= rho * rho * a2), definitions=defs,
                       label="any n: scores moved by ≤ δ (ρ = e^δ) ⇒ α'_j/α_j ∈ [1/ρ², ρ²]")


def induction_rest_ratio(factor_at_step: int = 1) -> Induction:
    """A_k = Σ_{i≤k} e_i, B_k = Σ_{i≤k} e'_i with e_i/ρ ≤ e'_i ≤ ρ e_i: A_k ≤ ρ B_k and B_k ≤ ρ A_k for
    every k. The sum R (R') of the other keys of any key j is A_{n−1} (B_{n−1}) over those keys.
    ``factor_at_step`` scales the new term of B (for must-say-no tests)."""
    k = z3.Int("k")
    A, B, e, e2 = (z3.Function(n, z3.IntSort(), z3.RealSort()) for n in ("A", "B", "e", "e_shifted"))
    rho = z3.Real("rho")
    return Induction(k, z3.And(A(k) <= rho * B(k), B(k) <= rho * A(k)),
                     base={"A0": A(0) == 0, "B0": B(0) == 0},
                     step={"Ak": A(k + 1) == A(k) + e(k + 1), "Bk": B(k + 1) == B(k) + factor_at_step * e2(k + 1)},
                     hypotheses={"exp_nonnegative": z3.And(e(k) >= 0, e2(k) >= 0),
                                 "exp_monotone": z3.And(rho >= 1, e(k) <= rho * e2(k), e2(k) <= rho * e(k))},
                     label="Σ_{i≤k} e_i and Σ_{i≤k} e'_i within the factor ρ of each other, every k")


def smt_weight_change(bound: Any = None) -> Implication:
    """Weights in [0, 1] within the factor ρ² of each other differ by at most ρ² − 1 = e^{2δ} − 1,
    which → 0 as δ → 0: each α_j is continuous in the scores. ``bound`` replaces ρ² − 1 (for
    must-say-no tests)."""
    a, a2, rho = z3.Reals("alpha_j alpha_shifted_j rho")
    b = rho * rho - 1 if bound is None else bound(rho)
    hyps = {"weights_in_unit_interval": z3.And(a >= 0, a <= 1, a2 >= 0, a2 <= 1),
            "exp_monotone": rho >= 1,
            "weight_ratio": z3.And(a2 <= rho * rho * a, a <= rho * rho * a2)}
    return Implication(hyps, z3.And(a2 - a <= b, a - a2 <= b), label="|α'_j − α_j| ≤ ρ² − 1")


# Symbolic number of keys n, dimension d; a_j = q·k_j, b_j = ‖k_j‖², c = ‖q‖².
_n = sp.Symbol("n", integer=True, positive=True)
_d = sp.Symbol("d", integer=True, positive=True)
_j, _l, _i = sp.symbols("j l i", integer=True, positive=True)
_a = sp.IndexedBase("a", real=True)
_b = sp.IndexedBase("b", nonnegative=True)
_pi = sp.IndexedBase("pi", positive=True)
_v = sp.IndexedBase("v", real=True)
_c = sp.Symbol("c", nonnegative=True)
_sigma = sp.Symbol("sigma", positive=True)
_q = sp.IndexedBase("q", real=True)
_k = sp.IndexedBase("k", real=True)


def _density(j: Any, bias_norm: Any = None) -> sp.Expr:
    """N(q; k_j, σ²I) = (2πσ²)^{-d/2} exp(−(‖q‖² − 2q·k_j + ‖k_j‖²)/(2σ²))."""
    b = _b[j] if bias_norm is None else bias_norm
    return (2 * sp.pi * _sigma ** 2) ** (-_d / 2) * sp.exp(-(_c - 2 * _a[j] + b) / (2 * _sigma ** 2))


def _score(j: Any) -> sp.Expr:
    """The attention score with the Bayes bias: q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j."""
    return _a[j] / _sigma ** 2 - _b[j] / (2 * _sigma ** 2) + sp.log(_pi[j])


def _softmax(score: Any, j: Any) -> sp.Expr:
    return sp.exp(score(j)) / sp.Sum(sp.exp(score(_l)), (_l, 1, _n))


def _posterior(prior: Any, density: Any, j: Any) -> sp.Expr:
    return prior(j) * density(j) / sp.Sum(prior(_l) * density(_l), (_l, 1, _n))


def symbolic_posterior(score: Any = _score) -> Identity:
    return Identity(_softmax(score, _j), _posterior(lambda j: _pi[j], _density, _j),
                    label="softmax_j(q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j) = p(j | q), symbolic n and d")


def symbolic_norm_expansion() -> Identity:
    lhs = sp.Sum((_q[_i] - _k[_i]) ** 2, (_i, 1, _d))
    rhs = sp.Sum(_q[_i] ** 2, (_i, 1, _d)) - 2 * sp.Sum(_q[_i] * _k[_i], (_i, 1, _d)) + sp.Sum(_k[_i] ** 2, (_i, 1, _d))
    return Identity(lhs, rhs, label="‖q − k‖² = ‖q‖² − 2 q·k + ‖k‖², symbolic d")


def symbolic_posterior_mean() -> Identity:
    S = sp.Sum(sp.exp(_score(_l)), (_l, 1, _n))
    Z = sp.Sum(_pi[_l] * _density(_l), (_l, 1, _n))
    lhs = sp.Sum(sp.exp(_score(_j)) * _v[_j], (_j, 1, _n)) / S
    rhs = sp.Sum(_pi[_j] * _density(_j) * _v[_j], (_j, 1, _n)) / Z
    return Identity(lhs, rhs, label="Σ_j α_j v_j = E[v_J | q], symbolic n")


EXPLICIT_N, EXPLICIT_D = 3, 2


def symbolic_explicit(key: int, n: int = EXPLICIT_N, d: int = EXPLICIT_D) -> Identity:
    """No abstraction: explicit vectors, the Gaussian density written with ‖q − k_j‖²; the weight
    of key ``key`` (1-based) of n keys in dimension d."""
    s = sp.Symbol("sigma", positive=True)
    q = sp.symbols(f"q0:{d}", real=True)
    K = [[sp.Symbol(f"k{j}_{i}", real=True) for i in range(d)] for j in range(n)]
    P = [sp.Symbol(f"pi{j}", positive=True) for j in range(n)]
    dens = [sp.exp(-sum((q[i] - K[j][i]) ** 2 for i in range(d)) / (2 * s ** 2)) / (2 * sp.pi * s ** 2) ** sp.Rational(d, 2)
            for j in range(n)]
    Z = sum(P[j] * dens[j] for j in range(n))
    sc = [sum(q[i] * K[j][i] for i in range(d)) / s ** 2 - sum(K[j][i] ** 2 for i in range(d)) / (2 * s ** 2) + sp.log(P[j])
          for j in range(n)]
    E = sum(sp.exp(x) for x in sc)
    j = key - 1
    return Identity(sp.exp(sc[j]) / E, P[j] * dens[j] / Z, label=f"explicit n={n}, d={d}")


# ------------------------------------------------------------------------------- float64 witness

def _biased_attention(q: np.ndarray, K: np.ndarray, V: np.ndarray, prior: np.ndarray, sigma: float,
                      bias: bool = True) -> tuple[np.ndarray, np.ndarray]:
    s = (K @ q) / sigma ** 2
    if bias:
        s = s - (K * K).sum(axis=1) / (2 * sigma ** 2) + np.log(prior)
    z = np.exp(s - s.max())
    w = z / z.sum()
    return w, w @ V


def _posterior_mp(q: np.ndarray, K: np.ndarray, V: np.ndarray, prior: np.ndarray, sigma: float
                  ) -> tuple[list[float], list[float]]:
    """p(j|q) from the Gaussian log-densities −‖q − k_j‖²/(2σ²) + log π_j at 30 digits."""
    with mpmath.workdps(30):
        sig2 = mpmath.mpf(float(sigma)) ** 2
        logs = []
        for j in range(K.shape[0]):
            dist = mpmath.fsum((mpmath.mpf(float(qi)) - mpmath.mpf(float(ki))) ** 2 for qi, ki in zip(q, K[j]))
            logs.append(-dist / (2 * sig2) + mpmath.log(mpmath.mpf(float(prior[j]))))
        top = max(logs)
        e = [mpmath.exp(x - top) for x in logs]
        Z = mpmath.fsum(e)
        p = [x / Z for x in e]
        mean = [mpmath.fsum(p[j] * mpmath.mpf(float(V[j, c])) for j in range(len(p))) for c in range(V.shape[1])]
        return [float(x) for x in p], [float(x) for x in mean]


def witness_instances(seed: int = 20260) -> list[tuple[np.ndarray, ...]]:
    rng = np.random.default_rng(seed)
    out = []
    for n in (2, 4, 16, 64):
        for d in (1, 4, 16):
            for _ in range(3):
                K = rng.normal(size=(n, d)) * rng.uniform(0.3, 2.0, size=(n, 1))  # unequal norms
                prior = rng.dirichlet(np.ones(n))
                sigma = float(rng.uniform(0.5, 2.0))
                j = int(rng.choice(n, p=prior))
                q = K[j] + sigma * rng.normal(size=d)
                V = rng.normal(size=(n, 3))
                out.append((q, K, V, prior, np.array(sigma)))
    return out


def float64_witness(bias: bool = True) -> Witness:
    obs, exp = [], []
    inst = witness_instances()
    for q, K, V, prior, sigma in inst:
        w, out = _biased_attention(q, K, V, prior, float(sigma), bias=bias)
        p, mean = _posterior_mp(q, K, V, prior, float(sigma))
        obs.extend(w.tolist() + out.tolist())
        exp.extend(p + mean)
    return Witness(np.array(obs), np.array(exp), WITNESS_TOLERANCE, instances=len(inst),
                   label="float64 biased attention vs the posterior from Gaussian densities (mpmath, 30 digits)",
                   detail={"n": [2, 4, 16, 64], "d": [1, 4, 16], "compared": "weights and outputs (3 value dims)"})


# ------------------------------------------------------------------------------- plain attention

_qs, _k0, _k1 = sp.symbols("q k_0 k_1", real=True)
_s1 = sp.Symbol("sigma", positive=True)
_p0, _p1 = sp.symbols("pi_0 pi_1", positive=True)


def _two_key(bias: bool) -> tuple[sp.Expr, sp.Expr]:
    """Weight of key 0 (n = 2, d = 1): (attention, posterior)."""
    s = [_qs * k / _s1 ** 2 for k in (_k0, _k1)]
    if bias:
        s = [s[0] - _k0 ** 2 / (2 * _s1 ** 2) + sp.log(_p0), s[1] - _k1 ** 2 / (2 * _s1 ** 2) + sp.log(_p1)]
    att = sp.exp(s[0]) / (sp.exp(s[0]) + sp.exp(s[1]))
    g = [p * sp.exp(-(_qs - k) ** 2 / (2 * _s1 ** 2)) for p, k in ((_p0, _k0), (_p1, _k1))]
    return att, g[0] / (g[0] + g[1])


PLAIN_POINT = {_qs: sp.Integer(1), _k0: sp.Integer(0), _k1: sp.Integer(2), _s1: sp.Integer(1),
               _p0: sp.Rational(1, 2), _p1: sp.Rational(1, 2)}


def plain_nonidentity(point: dict | None = None) -> NonIdentity:
    att, post = _two_key(bias=False)
    return NonIdentity(att, post, point or PLAIN_POINT, conditions=(sp.Eq(_p0 + _p1, 1),),
                       label="plain weight of key 0 vs posterior, q = 1, k = (0, 2), σ = 1, uniform prior")


RANDOM_N, RANDOM_D = 4, 3


def _random_instance(seed: int, equal_norms: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    K = rng.normal(size=(RANDOM_N, RANDOM_D)) * np.array([[0.5], [1.0], [1.5], [2.0]])
    if equal_norms:  # a deliberately wrong "counterexample": exactly equal norms (signed
        a, b, c = K[0]  # permutations of one vector), uniform prior
        K = np.array([[a, b, c], [-a, b, c], [b, c, a], [c, -a, -b]])
    q = rng.normal(size=RANDOM_D)
    return q, K


def plain_random_nonidentity(seed: int = 4, equal_norms: bool = False) -> NonIdentity:
    """A random 4-key instance in d = 3, σ = 1, uniform prior: the plain weight of the key with the
    largest float64 gap against the posterior weight, both as exact expressions; the point is the
    exact rational value of each float input, and the engine evaluates the gap in intervals."""
    q, K = _random_instance(seed, equal_norms)
    n, d = RANDOM_N, RANDOM_D
    plain, _ = _biased_attention(q, K, np.eye(n), np.full(n, 1.0 / n), 1.0, bias=False)
    post, _ = _biased_attention(q, K, np.eye(n), np.full(n, 1.0 / n), 1.0, bias=True)
    j = int(np.argmax(np.abs(plain - post)))
    qs = sp.symbols(f"q0:{d}", real=True)
    ks = [[sp.Symbol(f"k{r}_{c}", real=True) for c in range(d)] for r in range(n)]
    dot = [sum(qs[c] * ks[r][c] for c in range(d)) for r in range(n)]
    dist = [sum((qs[c] - ks[r][c]) ** 2 for c in range(d)) for r in range(n)]
    e_plain = [sp.exp(x) for x in dot]
    e_post = [sp.exp(-x / 2) for x in dist]  # σ = 1; the uniform prior cancels
    point = {qs[c]: sp.Rational(Fraction(float(q[c]))) for c in range(d)}
    point.update({ks[r][c]: sp.Rational(Fraction(float(K[r][c]))) for r in range(n) for c in range(d)})
    return NonIdentity(e_plain[j] / sum(e_plain), e_post[j] / sum(e_post), point,
                       label=f"n=4, d=3, seed {seed}, key {j}: plain weight vs posterior weight")


# ------------------------------------------------------------------------------- equal norms

def symbolic_equal_norms() -> Identity:
    beta = sp.Symbol("beta", nonnegative=True)  # the common ‖k_j‖²
    plain = sp.exp(_a[_j] / _sigma ** 2) / sp.Sum(sp.exp(_a[_l] / _sigma ** 2), (_l, 1, _n))
    return Identity(plain, _posterior(lambda j: 1 / _n, lambda j: _density(j, beta), _j),
                    label="‖k_j‖² = β for all j, π_j = 1/n: plain attention = posterior, symbolic n")


def symbolic_compensating_prior() -> Identity:
    W = sp.Symbol("W", positive=True)  # the prior's normalizing constant Σ_l exp(b_l/(2σ²))
    plain = sp.exp(_a[_j] / _sigma ** 2) / sp.Sum(sp.exp(_a[_l] / _sigma ** 2), (_l, 1, _n))
    prior = lambda j: sp.exp(_b[j] / (2 * _sigma ** 2)) / W  # noqa: E731
    return Identity(plain, _posterior(prior, _density, _j),
                    label="π_j ∝ exp(‖k_j‖²/(2σ²)): plain attention = posterior with unequal norms, symbolic n")


def _only_if_variables() -> tuple[z3.ArithRef, ...]:
    return z3.Reals("e_j e_l f_j f_l S S_biased")


def smt_only_if() -> Implication:
    """Equal weights at one query force equal biases. e_j = exp(s_j) > 0 (scores), f_j = exp(β_j) > 0
    (biases); S = Σ e, S' = Σ e f are positive sums over the other keys too, so this covers every n."""
    ej, el, fj, fl, S, Sp = _only_if_variables()
    hyps = {"exp_positive": z3.And(ej > 0, el > 0, fj > 0, fl > 0),
            "sums_positive": z3.And(S > 0, Sp > 0),
            "same_weights": z3.And(S > 0, Sp > 0, ej / S == ej * fj / Sp, el / S == el * fl / Sp)}
    return Implication(hyps, fj == fl, label="any n, keys j, l: α_j(s) = α_j(s+β), α_l(s) = α_l(s+β) ⇒ e^{β_j} = e^{β_l}")


def _softmax_hypothesis(name: str) -> Hypothesis:
    return next(h for h in SOFTMAX_HYPOTHESES if h.name == name)


CLAIMS = [
    Claim(
        id="yang.attention.bridge",
        reading="as-stated",
        paper=PAPER,
        where="abstract ('the bridge between the kernel framework and concrete attention')",
        statement=("Softmax attention is a Markov kernel from queries to keys: for every query q the weights "
                   "α_j(q) = e^{s_j(q)}/Σ_l e^{s_l(q)}, s_j(q) = q·k_j/τ, form a probability distribution over the "
                   "n keys, and q ↦ α_j(q) is continuous, hence measurable."),
        latex=r"\alpha(q,\cdot)\in\Delta_n,\quad \frac{\alpha_j(s')}{\alpha_j(s)}\in[e^{-2\delta},e^{2\delta}]\ \text{if}\ \|s'-s\|_\infty\le\delta",
        hypotheses=(
            _softmax_hypothesis("at_least_one_key"),
            _softmax_hypothesis("exp_nonnegative"),
            _softmax_hypothesis("at_least_one_unmasked"),
            Hypothesis("exp_monotone", "|s'_l − s_l| ≤ δ ⇒ e^{s_l}/ρ ≤ e^{s'_l} ≤ ρ e^{s_l} with ρ = e^δ ≥ 1; "
                       "ρ² − 1 = e^{2δ} − 1 → 0 as δ → 0"),
            Hypothesis("scores_continuous", "s_j(q) = q·k_j/τ is linear, so continuous, in the query q "
                       "(not machine-checked)"),
        ),
        explanation=("The abstract's bridge is that softmax attention is a Markov kernel: every query gets a "
                     "probability distribution over the keys, depending measurably on the query. The engine proves, "
                     "for every number of keys, that the weights lie in (0, 1] and sum to 1, and that if every score "
                     "moves by at most δ each weight moves by at most the factor e^{2δ}, so the weights are "
                     "continuous (hence measurable) in the query, whose scores are linear in it. The proofs use only "
                     "that exp is positive and increasing, so the bridge says nothing specific to attention; the "
                     "project's Gaussian-mixture theorem (sub-claim .posterior) is what makes attention a Bayesian "
                     "computation."),
        obligations=(
            SUM_TO_ONE,
            BOUNDS,
            REST_NONNEGATIVE,
            Obligation("continuity.ratio", "smt", "supports",
                       "every n, key j: scores moved by at most δ (ρ = e^δ) ⇒ α'_j/α_j ∈ [1/ρ², ρ²], given the other "
                       "keys' sums within the factor ρ", smt_weight_ratio, timeout=60,
                       uses=("at_least_one_unmasked", "exp_monotone")),
            Obligation("continuity.rest.induction", "smt", "supports",
                       "the other keys' sums before and after are within the factor ρ of each other, for every "
                       "number of keys (induction, base and step built by the engine)", induction_rest_ratio,
                       timeout=60, uses=("exp_nonnegative", "exp_monotone")),
            Obligation("continuity.change", "smt", "supports",
                       "weights in [0, 1] within the factor ρ² differ by at most ρ² − 1 = e^{2δ} − 1 (→ 0 as δ → 0)",
                       smt_weight_change, timeout=60, uses=("exp_monotone",)),
        ),
        note=("Not machine-checked: that e^{2δ} − 1 → 0 as δ → 0, and that the scores are continuous in the "
              "query; with them each q ↦ α_j(q) is continuous, hence Borel measurable, which is what a Markov "
              "kernel to a finite set of keys needs besides a distribution for every query."),
    ),
    Claim(
        id="yang.attention.bridge.posterior",
        reading="project",
        paper=PAPER,
        where="abstract, the bridge given content (the project's theorem, not a claim of the paper)",
        statement=("For J ~ π on {1..n} and q | J=j ~ N(k_j, σ²I), softmax attention with scores "
                   "q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j is the posterior p(j|q), and its output Σ_j α_j v_j is "
                   "the posterior mean E[v_J | q]."),
        latex=r"\operatorname{softmax}_j\Big(\tfrac{q\cdot k_j}{\sigma^2}-\tfrac{\|k_j\|^2}{2\sigma^2}+\log\pi_j\Big)=\frac{\pi_j\,\mathcal N(q;k_j,\sigma^2 I)}{\sum_l \pi_l\,\mathcal N(q;k_l,\sigma^2 I)}",
        hypotheses=(
            Hypothesis("gaussian_keys", "q | J=j ~ N(k_j, σ²I) with σ > 0"),
            Hypothesis("prior_positive", "π_j > 0 (log π_j finite; a key with π_j = 0 is a masked key)"),
        ),
        explanation=("If the query is a noisy copy of one of the keys (Gaussian noise of variance σ², key j chosen "
                     "with prior probability π_j), softmax attention with the bias −‖k_j‖²/(2σ²) + log π_j added to "
                     "the scores computes exactly the posterior probability of each key, and its output is the "
                     "posterior mean of the values. The engine proves this as a symbolic identity for any number "
                     "of keys and any dimension; it is the project's theorem, the concrete content the abstract's "
                     "bridge leaves out."),
        obligations=(
            Obligation("posterior.symbolic", "symbolic", "supports",
                       "biased softmax = p(j|q) for symbolic n and d (a_j = q·k_j, b_j = ‖k_j‖², c = ‖q‖²)",
                       symbolic_posterior, timeout=60),
            Obligation("norm_expansion.symbolic", "symbolic", "supports",
                       "‖q − k_j‖² = ‖q‖² − 2 q·k_j + ‖k_j‖² for symbolic d (links the density to a, b, c)",
                       symbolic_norm_expansion, timeout=60),
            Obligation("posterior_mean.symbolic", "symbolic", "supports",
                       "Σ_j α_j v_j = E[v_J | q] for symbolic n", symbolic_posterior_mean, timeout=60),
            Obligation("explicit.symbolic", "symbolic", "supports",
                       "explicit vectors, n = 3 keys in d = 2, densities written with ‖q − k_j‖², every key",
                       symbolic_explicit, family=Family("key", range(1, EXPLICIT_N + 1)), cross_check=True,
                       timeout=120),
            Obligation("posterior.float64", "numeric", "supports",
                       f"float64 biased attention vs posterior (mpmath 30 digits) within {WITNESS_TOLERANCE:g}, "
                       "weights and outputs, n ≤ 64, d ≤ 16", float64_witness, cross_check=True, timeout=60),
        ),
    ),
    Claim(
        id="yang.attention.bridge.posterior.plain_attention",
        reading="misreading",
        paper=PAPER,
        where="abstract, the posterior theorem read for plain dot-product attention (not a claim of the paper)",
        statement="Plain dot-product attention softmax_j(q·k_j/σ²), without the bias, is the posterior over the key index.",
        explanation=("Without the bias term, ordinary dot-product attention is not the posterior once the keys have "
                     "different lengths: with keys 0 and 2, query 1, σ = 1 and a uniform prior the posterior weight "
                     "of key 0 is 1/2 but attention gives 1/(1 + e²). The engine evaluates this point, and a random "
                     "4-key instance in three dimensions, exactly; the paper does not claim this reading."),
        obligations=(
            Obligation("unequal_norms.symbolic", "symbolic", "refutes",
                       "n = 2, d = 1, q = 1, k = (0, 2), σ = 1, uniform prior: 1/(1+e²) ≠ 1/2 (interval re-check)",
                       plain_nonidentity, timeout=60),
            Obligation("random_instance.symbolic", "symbolic", "refutes",
                       "a random 4-key instance in d = 3, σ = 1, uniform prior, the float inputs as exact rationals: "
                       "plain weight ≠ posterior weight (interval evaluation by the engine)",
                       plain_random_nonidentity, timeout=60),
        ),
    ),
    Claim(
        id="yang.attention.bridge.posterior.equal_norms",
        reading="project",
        paper=PAPER,
        where="abstract, when plain attention is the posterior (the project's result, not a claim of the paper)",
        statement=("Plain attention equals the posterior iff the bias −‖k_j‖²/(2σ²) + log π_j is constant in j; "
                   "in particular with equal key norms and a uniform prior."),
        explanation=("Plain dot-product attention is exactly the posterior when all keys have the same length and "
                     "the prior is uniform, or more generally when the prior compensates the lengths "
                     "(π_j proportional to exp(‖k_j‖²/(2σ²))). Conversely, equal weights at a single query force a "
                     "constant bias; the engine proves all three for any number of keys."),
        obligations=(
            Obligation("equal_norms.symbolic", "symbolic", "supports",
                       "equal key norms and a uniform prior: plain attention = posterior, symbolic n",
                       symbolic_equal_norms, timeout=60),
            Obligation("compensating_prior.symbolic", "symbolic", "supports",
                       "unequal norms with π_j ∝ exp(‖k_j‖²/(2σ²)): plain attention = posterior, symbolic n",
                       symbolic_compensating_prior, timeout=60),
            Obligation("only_if.smt", "smt", "supports",
                       "only if: equal weights at a single query force a constant bias (any n)", smt_only_if,
                       timeout=60),
        ),
    ),
]
