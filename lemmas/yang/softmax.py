"""Softmax attention weights form a probability distribution over the keys (Yang, abstract).

The weights of one query are α_j = e_j / Σ_l e_l with e_j = exp(s_j) (e_j = 0 for a masked key).
Apart from shift invariance the proofs use only e_j ≥ 0, so they hold for any normalised
nonnegative weights.

Main definitions:

- :func:`shifted_softmax_terms`: softmax of two scores as implemented (max-shifted), as IEEE terms.

Main statements:

- ``yang.softmax.distribution`` (as-stated): for every n, :func:`weights_sum_to_one_for_every_n`,
  :func:`softmax_shift_invariant_for_every_n` (sympy, symbolic n),
  :func:`weights_in_unit_interval_for_every_n` with :func:`partial_sums_nonnegative` (z3, an
  engine-built induction). Cross-checks: the z3 families :func:`unmasked_weights_positive_up_to_32_keys`,
  :func:`weights_sum_to_one_up_to_32_keys`, :func:`weights_at_most_one_up_to_32_keys`,
  :func:`softmax_shift_invariant_up_to_32_keys`, and the float64 rounding bound
  :func:`float64_weights_sum_to_one_within_rounding_bound`. ``yang.attention.bridge`` lists the
  first three checks too (the distribution part of the kernel).
- ``yang.softmax.distribution.ieee`` (misreading): the statement read in IEEE arithmetic,
  refuted by :func:`float32_weight_underflows_to_zero` and :func:`unshifted_float64_formula_overflows`.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
import z3

from verify import (
    Claim,
    Family,
    FloatPredicate,
    Hypothesis,
    Identity,
    Implication,
    Induction,
    Witness,
    ieee,
    refutes,
    supports,
)

from . import PAPER

SMT_MAX_KEYS = 32
"""Largest number of keys of the bounded z3 families (cross-checks)."""

KEYS = Family("n", range(1, SMT_MAX_KEYS + 1))

AT_LEAST_ONE_KEY = Hypothesis("at_least_one_key", "n ≥ 1 keys")
EXP_NONNEGATIVE = Hypothesis("exp_nonnegative",
                             "every e_j = exp(s_j) ≥ 0; a masked key has e_j = 0, an unmasked one e_j > 0")
AT_LEAST_ONE_UNMASKED = Hypothesis("at_least_one_unmasked",
                                   "at least one key is unmasked (some e_j > 0); otherwise the row is 0/0")
UNMASKED_KEY = Hypothesis("unmasked_key", "the key j concluded about is unmasked: e_j = exp(s_j) > 0 "
                          "(a masked key has weight 0)")
REST_NONNEGATIVE = Hypothesis("rest_nonnegative", "the sum R of the other keys' e_l is ≥ 0 "
                              "(from exp_nonnegative, proved for every n by partial_sums_nonnegative)")
EXP_ADDITIVE = Hypothesis("exp_additive", "exp(a + c) = exp(a)·exp(c) (used for shift invariance)")

DISTRIBUTION_HYPOTHESES = (AT_LEAST_ONE_KEY, EXP_NONNEGATIVE, AT_LEAST_ONE_UNMASKED, UNMASKED_KEY, REST_NONNEGATIVE)
"""What the distribution part uses; ``yang.attention.bridge`` declares these too."""


# ------------------------------------------------------------------------------- z3, n keys

def _keys(n: int) -> tuple[list[z3.ArithRef], dict[str, z3.BoolRef], z3.ArithRef, dict[str, z3.BoolRef]]:
    """e_j, the hypotheses, and the denominator named by a definition S = Σ e."""
    e = [z3.Real(f"e_{j}") for j in range(n)]
    hyps = {
        "exp_nonnegative": z3.And([x >= 0 for x in e]),
        "at_least_one_unmasked": z3.Or([x > 0 for x in e]),
    }
    total = z3.Real("S")
    return e, hyps, total, {"S": total == z3.Sum(e)}


def _weights(n: int) -> tuple[list[z3.ArithRef], dict[str, z3.BoolRef], list[z3.ArithRef], dict[str, z3.BoolRef]]:
    """As :func:`_keys`, with α_j named too (α_j = e_j / S): the conclusion has no division, so the
    engine's divisor check is a linear question about S = Σ e (fast for many keys). A countermodel
    without "at least one unmasked key" then divides by 0 in a definition and cannot be
    re-checked, so the family that shows that hypothesis necessary guards the division in its
    conclusion instead (:func:`weights_sum_to_one_up_to_32_keys`)."""
    e, hyps, S, defs = _keys(n)
    a = [z3.Real(f"alpha_{j}") for j in range(n)]
    defs.update({f"alpha_{j}": a[j] == e[j] / S for j in range(n)})
    return e, hyps, a, defs


@supports("smt", family=KEYS, cross_check=True)
def unmasked_weights_positive_up_to_32_keys(n: int) -> Implication:
    """α_j ≥ 0, and α_j > 0 on unmasked keys, for every n ≤ 32."""
    # Stated as "α_j ≥ 0, and α_j > 0 unless e_j = 0": z3 finds this much easier than the implications.
    e, hyps, a, defs = _weights(n)
    concl = z3.And(*[x >= 0 for x in a], *[z3.Or(x == 0, y > 0) for x, y in zip(e, a, strict=True)])
    return Implication(hyps, concl, analyse=(n == 2), definitions=defs)


@supports("smt", family=KEYS, cross_check=True)
def weights_sum_to_one_up_to_32_keys(n: int) -> Implication:
    """Σ_j α_j = 1 for every n ≤ 32."""
    # The guard S > 0 comes first: it makes the divisions defined (and a countermodel with every
    # key masked evaluable: the conclusion is false there).
    e, hyps, S, defs = _keys(n)
    return Implication(hyps, z3.And(S > 0, z3.Sum([x / S for x in e]) == 1), analyse=(n == 2), definitions=defs)


@supports("smt", family=KEYS, cross_check=True)
def weights_at_most_one_up_to_32_keys(n: int) -> Implication:
    """α_j ≤ 1 for every n ≤ 32."""
    e, hyps, S, defs = _keys(n)
    return Implication(hyps, z3.And(S > 0, *[x / S <= 1 for x in e]), analyse=(n == 2), definitions=defs)


@supports("smt", family=KEYS, cross_check=True)
def softmax_shift_invariant_up_to_32_keys(n: int) -> Implication:
    """α(s + c·1) = α(s) for every n ≤ 32, with exp(c) = k > 0.

    exp(s_j + c) = e_j·k (exp_additive): the shifted weights are e_j k / Σ e_l k.
    """
    e, hyps, a, defs = _weights(n)
    k = z3.Real("exp_c")
    hyps["exp_additive"] = k > 0
    Sk = z3.Real("S_shifted")
    b = [z3.Real(f"alpha_shifted_{j}") for j in range(n)]
    defs["S_shifted"] = Sk == z3.Sum([x * k for x in e])
    defs.update({f"alpha_shifted_{j}": b[j] == (e[j] * k) / Sk for j in range(n)})
    return Implication(hyps, z3.And([x == y for x, y in zip(b, a, strict=True)]), analyse=(n == 2), definitions=defs)


# ------------------------------------------------------------------------------- every n

@supports("smt", timeout=30, uses=("exp_nonnegative",))
def weights_in_unit_interval_for_every_n() -> Implication:
    """0 < α_j ≤ 1 for every n: α_j = e_j/(e_j + R) with e_j > 0 and R ≥ 0 the other keys' sum.

    R is a sum of n − 1 terms, ≥ 0 by :func:`partial_sums_nonnegative`.
    """
    e, r, total = z3.Reals("e_j R S")
    hyps = {"unmasked_key": e > 0, "rest_nonnegative": r >= 0}
    return Implication(hyps, z3.And(total > 0, e / total > 0, e / total <= 1), definitions={"S": total == e + r},
                       label="any n: α_j = e_j/(e_j + R) ∈ (0, 1] for e_j > 0, R ≥ 0")


@supports("smt", timeout=30, uses=("exp_nonnegative",))
def partial_sums_nonnegative() -> Induction:
    """R ≥ 0 for every n: the sum S_k of k exponentials (S_0 = 0, S_{k+1} = S_k + e_{k+1}, e ≥ 0) is ≥ 0
    for every k, by induction (base and step built by the engine).

    The sum R of the other keys of any key j is S_{n−1} for the other keys' exponentials.
    """
    k = z3.Int("k")
    S = z3.Function("S", z3.IntSort(), z3.RealSort())
    e = z3.Function("e", z3.IntSort(), z3.RealSort())
    return Induction(k, S(k) >= 0, base={"S0": S(0) == 0}, step={"Sk": S(k + 1) == S(k) + e(k + 1)},
                     hypotheses={"exp_nonnegative": e(k) >= 0}, start=0,
                     label="S_k = Σ_{i≤k} e_i ≥ 0 for every k")


# ------------------------------------------------------------------------------- sympy, symbolic n

_n = sp.Symbol("n", integer=True, positive=True)
_j, _l = sp.symbols("j l", integer=True, positive=True)
_s = sp.IndexedBase("s", real=True)
_c = sp.Symbol("c", real=True)


@supports("symbolic", timeout=60)
def weights_sum_to_one_for_every_n() -> Identity:
    """Σ_j α_j = 1 for a symbolic number of keys n."""
    S = sp.Sum(sp.exp(_s[_l]), (_l, 1, _n))
    return Identity(sp.Sum(sp.exp(_s[_j]) / S, (_j, 1, _n)), sp.Integer(1),
                    label="Σ_j exp(s_j)/Σ_l exp(s_l) = 1 for symbolic n")


@supports("symbolic", timeout=60)
def softmax_shift_invariant_for_every_n() -> Identity:
    """α(s + c·1) = α(s) for a symbolic number of keys n."""
    S = sp.Sum(sp.exp(_s[_l]), (_l, 1, _n))
    Sc = sp.Sum(sp.exp(_s[_l] + _c), (_l, 1, _n))
    return Identity(sp.exp(_s[_j] + _c) / Sc, sp.exp(_s[_j]) / S,
                    label="α_j(s + c·1) = α_j(s) for symbolic n")


# ------------------------------------------------------------------------------- floating point

def _softmax64(s: np.ndarray) -> np.ndarray:
    z = np.exp(s - s.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


U64 = 2.0 ** -53


@supports("numeric", cross_check=True, timeout=60)
def float64_weights_sum_to_one_within_rounding_bound() -> Witness:
    """float64 shifted softmax: |Σ α̂_j − 1| ≤ (n+1)u/(1−(n+1)u) on random and extreme scores.

    n−1 additions and one division per weight; the exp values' own rounding errors cancel in the
    ratio. The check sums the computed weights with math.fsum (correctly rounded) so the
    measurement adds no error of its own.
    """
    rng = np.random.default_rng(20260)
    errs, tols, sizes = [], [], []
    for n in (1, 2, 3, 7, 16, 64, 257, 1024, 4096):
        rows = [rng.normal(0.0, scale, size=n) for scale in (0.1, 1.0, 10.0, 100.0, 1e4) for _ in range(6)]
        # extreme rows: ties, one dominant score, huge spreads
        rows += [np.zeros(n), np.r_[1e300, np.zeros(n - 1)][:n], np.linspace(-745.0, 709.0, n)]
        for s in rows:
            errs.append(abs(math.fsum(_softmax64(s).tolist()) - 1.0))
            g = (n + 1) * U64
            tols.append(g / (1 - g))
            sizes.append(n)
    return Witness(np.array(errs), np.zeros(len(errs)), np.array(tols), instances=len(errs),
                   label="float64 shifted softmax, n from 1 to 4096",
                   detail={"bound": "(n+1)u/(1-(n+1)u), u = 2^-53", "max_n": max(sizes)})


def shifted_softmax_terms() -> tuple[ieee.Term, ieee.Term]:
    """softmax of two scores as implemented: exp(s − max s), then divided by the sum."""
    s0, s1 = ieee.var("s0"), ieee.var("s1")
    m = ieee.fmax(s0, s1)
    z0, z1 = ieee.exp(s0 - m), ieee.exp(s1 - m)
    return z0 / (z0 + z1), z1 / (z0 + z1)


@refutes("numeric", timeout=30)
def float32_weight_underflows_to_zero(s1: float = -200.0) -> FloatPredicate:
    """float32 softmax([0, −200]) (shifted by the max, as implemented) has an exact 0 weight: strict
    positivity fails.

    e^{−200} is below half the smallest float32 subnormal (2^−150), so the weight of key 1 rounds
    to +0.
    """
    _, w1 = shifted_softmax_terms()
    return FloatPredicate(w1 > 0, {"s0": 0.0, "s1": s1}, "float32", label=f"float32 softmax([0, {s1:g}])_1 > 0")


@refutes("numeric", timeout=30)
def unshifted_float64_formula_overflows(s0: float = 1000.0, dtype: str = "float64") -> FloatPredicate:
    """float64 e^{s_j}/Σ e^{s_l} as written at s = (1000, 0): exp(1000) overflows, the weights are not
    finite.

    Without the max shift exp(1000) > DBL_MAX rounds to inf, and inf/inf is NaN.
    """
    a, b = ieee.var("s0"), ieee.var("s1")
    z0, z1 = ieee.exp(a), ieee.exp(b)
    w0, w1 = z0 / (z0 + z1), z1 / (z0 + z1)
    return FloatPredicate(ieee.finite(w0) & ieee.finite(w1), {"s0": s0, "s1": 0.0}, dtype,
                          label=f"unshifted {dtype} softmax([{s0:g}, 0]) is finite")


CLAIMS = [
    Claim(
        id="yang.softmax.distribution",
        reading="as-stated",
        paper=PAPER,
        where="abstract ('softmax attention induces a valid probability distribution over keys')",
        statement=("Softmax attention induces a valid probability distribution over keys: for n ≥ 1 "
                   "scores s, α_j = e^{s_j}/Σ_l e^{s_l} satisfies α_j > 0, Σ_j α_j = 1, α_j ≤ 1, and "
                   "α(s + c·1) = α(s)."),
        latex=(r"\alpha_j(s)=\frac{e^{s_j}}{\sum_{l=1}^n e^{s_l}},\ \alpha_j>0,\ \sum_j\alpha_j=1,"
               r"\ \alpha(s+c\mathbf 1)=\alpha(s)"),
        hypotheses=DISTRIBUTION_HYPOTHESES + (EXP_ADDITIVE,),
        explanation=("The paper says the softmax weights of one query over the keys form a probability "
                     "distribution. The engine proves it for every number of keys: each unmasked key gets a "
                     "weight in (0, 1], the weights sum to 1, and adding a constant to every score changes "
                     "nothing; at least one unmasked key is necessary (with every key masked the row is 0/0). "
                     "Apart from shift invariance the proofs use only that exp is nonnegative, so any normalised "
                     "nonnegative weights would do as well."),
        obligations=(
            weights_sum_to_one_for_every_n,
            softmax_shift_invariant_for_every_n,
            weights_in_unit_interval_for_every_n,
            partial_sums_nonnegative,
            unmasked_weights_positive_up_to_32_keys,
            weights_sum_to_one_up_to_32_keys,
            weights_at_most_one_up_to_32_keys,
            softmax_shift_invariant_up_to_32_keys,
            float64_weights_sum_to_one_within_rounding_bound,
        ),
    ),
    Claim(
        id="yang.softmax.distribution.ieee",
        reading="misreading",
        paper=PAPER,
        where="abstract, read in IEEE floating point (not a claim of the paper, which works over the reals)",
        statement=("In IEEE float32/float64 softmax still gives strictly positive weights and the "
                   "formula e^{s_j}/Σ e^{s_l} can be evaluated as written."),
        explanation=("Read in floating-point arithmetic the statement fails: in float32 softmax([0, −200]) gives "
                     "the second key a weight of exactly 0, and the formula as written overflows in float64 at "
                     "scores (1000, 0) (exp(1000) is inf and inf/inf is NaN). The paper works over the reals, so "
                     "this is not a flaw of its claim; it shows why implementations subtract the largest score "
                     "and must tolerate zero weights."),
        obligations=(float32_weight_underflows_to_zero, unshifted_float64_formula_overflows),
    ),
]
