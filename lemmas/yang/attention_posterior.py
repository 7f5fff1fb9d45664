"""Softmax attention with a norm-and-prior bias is the posterior of a Gaussian mixture over the keys
(the project's content for the bridge of :mod:`lemmas.yang.attention`), and when plain attention is.

For J ~ π on {1..n} and q | J=j ~ N(k_j, σ²I), p(j|q) = softmax_j(q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j)
and Σ_j p(j|q) v_j is the posterior mean E[v_J | q]. The symbolic checks abstract a_j = q·k_j,
b_j = ‖k_j‖², c = ‖q‖² (the norm expansion links them to the density). Scaled dot-product attention
softmax(q·k/√d) is the case σ² = √d.

Main definitions:

- :func:`biased_attention` (float64 attention with or without the bias) and
  :func:`gaussian_posterior_at_30_digits` (the posterior from the Gaussian log-densities, mpmath).

Main statements:

- ``yang.attention.bridge.posterior`` (project): :func:`biased_attention_is_gaussian_posterior`,
  :func:`squared_distance_expands`, :func:`attention_output_is_posterior_mean` (symbolic n and d);
  cross-checks :func:`biased_attention_is_gaussian_posterior_for_explicit_vectors` and
  :func:`biased_attention_is_gaussian_posterior_in_float64`.
- ``yang.attention.bridge.posterior.plain_attention`` (misreading): plain softmax_j(q·k_j/σ²) is
  not the posterior with unequal key norms, refuted by
  :func:`plain_attention_differs_from_posterior_with_unequal_norms` and
  :func:`plain_attention_differs_from_posterior_on_random_instance` (exact points, evaluated by the
  engine in intervals).
- ``yang.attention.bridge.posterior.equal_norms`` (project): plain attention is the posterior iff the
  bias is constant: :func:`plain_attention_is_posterior_with_equal_norms`,
  :func:`plain_attention_is_posterior_with_compensating_prior` (symbolic n) and, for "only if",
  :func:`equal_weights_force_constant_bias` (z3, every n).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, Family, Hypothesis, Identity, Implication, NonIdentity, Witness, refutes, supports

from . import PAPER

WITNESS_TOLERANCE = 1e-12

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


def _plain_softmax(j: Any) -> sp.Expr:
    """softmax_j(q·k_j/σ²), symbolic n."""
    return sp.exp(_a[j] / _sigma ** 2) / sp.Sum(sp.exp(_a[_l] / _sigma ** 2), (_l, 1, _n))


@supports("symbolic", timeout=60)
def biased_attention_is_gaussian_posterior(score: Any = _score) -> Identity:
    """Biased softmax = p(j|q) for symbolic n and d (a_j = q·k_j, b_j = ‖k_j‖², c = ‖q‖²)."""
    return Identity(_softmax(score, _j), _posterior(lambda j: _pi[j], _density, _j),
                    label="softmax_j(q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j) = p(j | q), symbolic n and d")


@supports("symbolic", timeout=60)
def squared_distance_expands() -> Identity:
    """‖q − k_j‖² = ‖q‖² − 2 q·k_j + ‖k_j‖² for symbolic d (links the density to a, b, c)."""
    lhs = sp.Sum((_q[_i] - _k[_i]) ** 2, (_i, 1, _d))
    rhs = sp.Sum(_q[_i] ** 2, (_i, 1, _d)) - 2 * sp.Sum(_q[_i] * _k[_i], (_i, 1, _d)) + sp.Sum(_k[_i] ** 2, (_i, 1, _d))
    return Identity(lhs, rhs, label="‖q − k‖² = ‖q‖² − 2 q·k + ‖k‖², symbolic d")


@supports("symbolic", timeout=60)
def attention_output_is_posterior_mean() -> Identity:
    """Σ_j α_j v_j = E[v_J | q] for symbolic n."""
    S = sp.Sum(sp.exp(_score(_l)), (_l, 1, _n))
    Z = sp.Sum(_pi[_l] * _density(_l), (_l, 1, _n))
    lhs = sp.Sum(sp.exp(_score(_j)) * _v[_j], (_j, 1, _n)) / S
    rhs = sp.Sum(_pi[_j] * _density(_j) * _v[_j], (_j, 1, _n)) / Z
    return Identity(lhs, rhs, label="Σ_j α_j v_j = E[v_J | q], symbolic n")


EXPLICIT_N, EXPLICIT_D = 3, 2


@supports("symbolic", family=Family("key", range(1, EXPLICIT_N + 1)), cross_check=True, timeout=120)
def biased_attention_is_gaussian_posterior_for_explicit_vectors(key: int, n: int = EXPLICIT_N,
                                                                d: int = EXPLICIT_D) -> Identity:
    """Explicit vectors, n = 3 keys in d = 2, densities written with ‖q − k_j‖², every key.

    No abstraction: the weight of key ``key`` (1-based) of n keys in dimension d.
    """
    s = sp.Symbol("sigma", positive=True)
    q = sp.symbols(f"q0:{d}", real=True)
    K = [[sp.Symbol(f"k{j}_{i}", real=True) for i in range(d)] for j in range(n)]
    P = [sp.Symbol(f"pi{j}", positive=True) for j in range(n)]
    dens = [sp.exp(-sum((q[i] - K[j][i]) ** 2 for i in range(d)) / (2 * s ** 2))
            / (2 * sp.pi * s ** 2) ** sp.Rational(d, 2) for j in range(n)]
    Z = sum(P[j] * dens[j] for j in range(n))
    sc = [sum(q[i] * K[j][i] for i in range(d)) / s ** 2 - sum(K[j][i] ** 2 for i in range(d)) / (2 * s ** 2)
          + sp.log(P[j]) for j in range(n)]
    E = sum(sp.exp(x) for x in sc)
    j = key - 1
    return Identity(sp.exp(sc[j]) / E, P[j] * dens[j] / Z, label=f"explicit n={n}, d={d}")


# ------------------------------------------------------------------------------- float64 witness

def biased_attention(q: np.ndarray, K: np.ndarray, V: np.ndarray, prior: np.ndarray, sigma: float,
                     bias: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """float64 attention weights and output; ``bias`` adds −‖k_j‖²/(2σ²) + log π_j to the scores."""
    s = (K @ q) / sigma ** 2
    if bias:
        s = s - (K * K).sum(axis=1) / (2 * sigma ** 2) + np.log(prior)
    z = np.exp(s - s.max())
    w = z / z.sum()
    return w, w @ V


def gaussian_posterior_at_30_digits(q: np.ndarray, K: np.ndarray, V: np.ndarray, prior: np.ndarray, sigma: float
                                    ) -> tuple[list[float], list[float]]:
    """p(j|q) and the posterior mean from the Gaussian log-densities −‖q − k_j‖²/(2σ²) + log π_j."""
    with mpmath.workdps(30):
        sig2 = mpmath.mpf(float(sigma)) ** 2
        logs = []
        for j in range(K.shape[0]):
            dist = mpmath.fsum((mpmath.mpf(float(qi)) - mpmath.mpf(float(ki))) ** 2
                               for qi, ki in zip(q, K[j], strict=True))
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


@supports("numeric", cross_check=True, timeout=60)
def biased_attention_is_gaussian_posterior_in_float64(bias: bool = True) -> Witness:
    """float64 biased attention vs posterior (mpmath 30 digits) within 1e-12, weights and outputs,
    n ≤ 64, d ≤ 16."""
    obs, exp = [], []
    inst = witness_instances()
    for q, K, V, prior, sigma in inst:
        w, out = biased_attention(q, K, V, prior, float(sigma), bias=bias)
        p, mean = gaussian_posterior_at_30_digits(q, K, V, prior, float(sigma))
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


@refutes("symbolic", timeout=60)
def plain_attention_differs_from_posterior_with_unequal_norms(point: dict | None = None) -> NonIdentity:
    """n = 2, d = 1, q = 1, k = (0, 2), σ = 1, uniform prior: 1/(1+e²) ≠ 1/2 (interval re-check)."""
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


@refutes("symbolic", timeout=60)
def plain_attention_differs_from_posterior_on_random_instance(seed: int = 4, equal_norms: bool = False
                                                              ) -> NonIdentity:
    """A random 4-key instance in d = 3, σ = 1, uniform prior, the float inputs as exact rationals:
    plain weight ≠ posterior weight (interval evaluation by the engine).

    The key compared is the one with the largest float64 gap; both weights are exact expressions.
    """
    q, K = _random_instance(seed, equal_norms)
    n, d = RANDOM_N, RANDOM_D
    plain, _ = biased_attention(q, K, np.eye(n), np.full(n, 1.0 / n), 1.0, bias=False)
    post, _ = biased_attention(q, K, np.eye(n), np.full(n, 1.0 / n), 1.0, bias=True)
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

@supports("symbolic", timeout=60)
def plain_attention_is_posterior_with_equal_norms() -> Identity:
    """Equal key norms and a uniform prior: plain attention = posterior, symbolic n."""
    beta = sp.Symbol("beta", nonnegative=True)  # the common ‖k_j‖²
    return Identity(_plain_softmax(_j), _posterior(lambda j: 1 / _n, lambda j: _density(j, beta), _j),
                    label="‖k_j‖² = β for all j, π_j = 1/n: plain attention = posterior, symbolic n")


def _compensating_prior(j: Any) -> sp.Expr:
    """π_j = exp(‖k_j‖²/(2σ²)) / W, W the normalizing constant Σ_l exp(b_l/(2σ²))."""
    return sp.exp(_b[j] / (2 * _sigma ** 2)) / sp.Symbol("W", positive=True)


@supports("symbolic", timeout=60)
def plain_attention_is_posterior_with_compensating_prior() -> Identity:
    """Unequal norms with π_j ∝ exp(‖k_j‖²/(2σ²)): plain attention = posterior, symbolic n."""
    return Identity(_plain_softmax(_j), _posterior(_compensating_prior, _density, _j),
                    label="π_j ∝ exp(‖k_j‖²/(2σ²)): plain attention = posterior with unequal norms, symbolic n")


def only_if_variables() -> tuple[z3.ArithRef, ...]:
    """e_j, e_l, f_j, f_l, S, S_biased of :func:`equal_weights_force_constant_bias`."""
    return z3.Reals("e_j e_l f_j f_l S S_biased")


@supports("smt", timeout=60)
def equal_weights_force_constant_bias() -> Implication:
    """Only if: equal weights at a single query force a constant bias (any n).

    e_j = exp(s_j) > 0 (scores), f_j = exp(β_j) > 0 (biases); S = Σ e and S_biased = Σ e f are
    positive sums over the other keys too, so this covers every n.
    """
    ej, el, fj, fl, S, S_biased = only_if_variables()
    hyps = {"exp_positive": z3.And(ej > 0, el > 0, fj > 0, fl > 0),
            "sums_positive": z3.And(S > 0, S_biased > 0),
            "same_weights": z3.And(S > 0, S_biased > 0, ej / S == ej * fj / S_biased, el / S == el * fl / S_biased)}
    return Implication(hyps, fj == fl,
                       label="any n, keys j, l: α_j(s) = α_j(s+β), α_l(s) = α_l(s+β) ⇒ e^{β_j} = e^{β_l}")


CLAIMS = [
    Claim(
        id="yang.attention.bridge.posterior",
        reading="project",
        paper=PAPER,
        where="abstract, the bridge given content (the project's theorem, not a claim of the paper)",
        statement=("For J ~ π on {1..n} and q | J=j ~ N(k_j, σ²I), softmax attention with scores "
                   "q·k_j/σ² − ‖k_j‖²/(2σ²) + log π_j is the posterior p(j|q), and its output Σ_j α_j v_j is "
                   "the posterior mean E[v_J | q]."),
        latex=(r"\operatorname{softmax}_j\Big(\tfrac{q\cdot k_j}{\sigma^2}-\tfrac{\|k_j\|^2}{2\sigma^2}+\log\pi_j\Big)="
               r"\frac{\pi_j\,\mathcal N(q;k_j,\sigma^2 I)}{\sum_l \pi_l\,\mathcal N(q;k_l,\sigma^2 I)}"),
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
            biased_attention_is_gaussian_posterior,
            squared_distance_expands,
            attention_output_is_posterior_mean,
            biased_attention_is_gaussian_posterior_for_explicit_vectors,
            biased_attention_is_gaussian_posterior_in_float64,
        ),
    ),
    Claim(
        id="yang.attention.bridge.posterior.plain_attention",
        reading="misreading",
        paper=PAPER,
        where="abstract, the posterior theorem read for plain dot-product attention (not a claim of the paper)",
        statement=("Plain dot-product attention softmax_j(q·k_j/σ²), without the bias, is the posterior over the "
                   "key index."),
        explanation=("Without the bias term, ordinary dot-product attention is not the posterior once the keys have "
                     "different lengths: with keys 0 and 2, query 1, σ = 1 and a uniform prior the posterior weight "
                     "of key 0 is 1/2 but attention gives 1/(1 + e²). The engine evaluates this point, and a random "
                     "4-key instance in three dimensions, exactly; the paper does not claim this reading."),
        obligations=(plain_attention_differs_from_posterior_with_unequal_norms,
                     plain_attention_differs_from_posterior_on_random_instance),
    ),
    Claim(
        id="yang.attention.bridge.posterior.equal_norms",
        reading="project",
        paper=PAPER,
        where="abstract, when plain attention is the posterior (the project's result, not a claim of the paper)",
        statement=("Plain attention equals the posterior iff the bias −‖k_j‖²/(2σ²) + log π_j is constant in j; "
                   "in particular with equal key norms and a uniform prior."),
        hypotheses=(
            Hypothesis("exp_positive", "e^{s_j}, e^{s_l} > 0 for the scores and e^{β_j}, e^{β_l} > 0 for the biases "
                       "of two keys j, l"),
            Hypothesis("sums_positive", "S = Σ e^{s} > 0 and S_biased = Σ e^{s+β} > 0 (sums over all keys)"),
            Hypothesis("same_weights", "at one query, plain and biased attention give keys j and l the same "
                       "weights: e^{s_j}/S = e^{s_j+β_j}/S_biased and e^{s_l}/S = e^{s_l+β_l}/S_biased"),
        ),
        explanation=("Plain dot-product attention is exactly the posterior when all keys have the same length and "
                     "the prior is uniform, or more generally when the prior compensates the lengths "
                     "(π_j proportional to exp(‖k_j‖²/(2σ²))). Conversely, equal weights at a single query force a "
                     "constant bias; the engine proves all three for any number of keys."),
        obligations=(
            plain_attention_is_posterior_with_equal_norms,
            plain_attention_is_posterior_with_compensating_prior,
            equal_weights_force_constant_bias,
        ),
    ),
]
