"""``yang.softmax.distribution``: softmax attention weights form a probability distribution.

What the paper claims (Yang, abstract): softmax attention induces a valid probability
distribution over keys — the first link of its "transformer = Bayes process" chain.

What the project found: over the reals the claim is true for every number of keys n ≥ 1, given
at least one unmasked key: the weights are positive (strictly, on unmasked keys), sum to one,
are at most one, and are invariant under adding a constant to every score. It is proved for
all n (symbolic sums with a symbolic n, and an induction whose base and step z3 discharges)
and, as a cross-check, by z3 for every n up to 32. With every key masked the row is 0/0: the
hypothesis "at least one unmasked key" is necessary, which the hypothesis analysis shows with a
countermodel.

In IEEE arithmetic (sub-claim ``.ieee``) strict positivity fails — softmax([0, −200]) in
float32 has an exact 0 weight — and the unshifted formula overflows at exp(1000); both
counterexamples are re-checked with interval arithmetic. The sum-to-one error in float64 stays
within (n+1)u/(1−(n+1)u), u = 2⁻⁵³, on random and extreme scores.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import (
    Claim,
    Counterexample,
    Hypothesis,
    Identity,
    Implication,
    Obligation,
    Witness,
    iv,
)

from . import PAPER

SMT_MAX_KEYS = 32
"""Largest number of keys the bounded z3 proof covers (each size well under a second)."""

HYPOTHESES = (
    Hypothesis("at_least_one_key", "n ≥ 1 keys"),
    Hypothesis("exp_nonnegative", "every e_j = exp(s_j) ≥ 0; a masked key has e_j = 0, an unmasked one e_j > 0"),
    Hypothesis("at_least_one_unmasked", "at least one key is unmasked (some e_j > 0); otherwise the row is 0/0"),
    Hypothesis("exp_additive", "exp(a + c) = exp(a)·exp(c) (used for shift invariance)"),
)


def _keys(n: int) -> tuple[list[z3.ArithRef], dict[str, z3.BoolRef], z3.ArithRef, dict[str, z3.BoolRef]]:
    e = [z3.Real(f"e_{j}") for j in range(n)]
    hyps = {
        "exp_nonnegative": z3.And([x >= 0 for x in e]),
        "at_least_one_unmasked": z3.Or([x > 0 for x in e]),
    }
    # Naming the denominator keeps z3's nonlinear arithmetic from expanding every e_j / Σ e.
    S = z3.Real("S")
    return e, hyps, S, {"S": S == z3.Sum(e)}


def _bounded(conclusion_for, max_keys: int = SMT_MAX_KEYS) -> list[Implication]:
    goals = []
    for n in range(1, max_keys + 1):
        e, hyps, S, defs = _keys(n)
        goals.append(Implication(hyps, conclusion_for(e, S), label=f"n={n}", analyse=(n == 2), definitions=defs))
    return goals


def smt_positive(max_keys: int = SMT_MAX_KEYS) -> list[Implication]:
    # The S > 0 conjunct comes first: it is what makes every later division defined.
    # Stated as "α_j ≥ 0, and α_j > 0 unless e_j = 0": z3 finds this form much easier than
    # the equivalent implications (n = 20: 0.04 s against a 10 s time-out).
    return _bounded(lambda e, S: z3.And(S > 0, *[x / S >= 0 for x in e], *[z3.Or(x == 0, x / S > 0) for x in e]),
                    max_keys)


def smt_sum_to_one(max_keys: int = SMT_MAX_KEYS) -> list[Implication]:
    return _bounded(lambda e, S: z3.And(S > 0, z3.Sum([x / S for x in e]) == 1), max_keys)


def smt_at_most_one(max_keys: int = SMT_MAX_KEYS) -> list[Implication]:
    return _bounded(lambda e, S: z3.And(S > 0, *[x / S <= 1 for x in e]), max_keys)


def smt_shift_invariant(max_keys: int = SMT_MAX_KEYS) -> list[Implication]:
    goals = []
    for n in range(1, max_keys + 1):
        e, hyps, S, defs = _keys(n)
        k = z3.Real("exp_c")  # exp(c) > 0; exp(s_j + c) = e_j·exp(c) by exp_additive
        hyps["exp_additive"] = k > 0
        Sk = z3.Real("S_shifted")
        defs["S_shifted"] = Sk == z3.Sum([x * k for x in e])
        concl = z3.And(S > 0, Sk > 0, *[(x * k) / Sk == x / S for x in e])
        goals.append(Implication(hyps, concl, label=f"n={n}", analyse=(n == 2), definitions=defs))
    return goals


# Unbounded, by induction on the number of keys. S_k = e_1 + … + e_k is defined recursively
# (S_0 = 0, S_{k+1} = S_k + e_{k+1}); the invariant is S_k ≥ 0. The last step is manual: for
# any n and key j, the sum of the *other* keys is such an S (n − 1 terms), so R ≥ 0 below.
def induction_rest_nonnegative() -> list[Implication]:
    s0, sk, sk1, e = z3.Reals("S_0 S_k S_k1 e")
    base = Implication({}, s0 >= 0, definitions={"S_0": s0 == 0}, analyse=False,
                       label="base: S_0 = 0 (the empty sum) satisfies S_0 ≥ 0")
    step = Implication({"invariant_at_k": sk >= 0, "exp_nonnegative": e >= 0}, sk1 >= 0,
                       definitions={"S_k1": sk1 == sk + e}, label="step: S_k ≥ 0 ∧ e ≥ 0 ⇒ S_{k+1} = S_k + e ≥ 0")
    return [base, step]


def unbounded_bounds() -> Implication:
    e, r = z3.Reals("e_j R")
    S = e + r
    hyps = {"unmasked_key": e > 0, "rest_nonnegative": r >= 0}
    return Implication(hyps, z3.And(S > 0, e / S > 0, e / S <= 1),
                       label="any n: α_j = e_j/(e_j + R) ∈ (0, 1] for e_j > 0, R ≥ 0")


_n = sp.Symbol("n", integer=True, positive=True)
_j, _l = sp.symbols("j l", integer=True, positive=True)
_s = sp.IndexedBase("s", real=True)
_c = sp.Symbol("c", real=True)


def symbolic_sum_to_one() -> Identity:
    S = sp.Sum(sp.exp(_s[_l]), (_l, 1, _n))
    return Identity(sp.Sum(sp.exp(_s[_j]) / S, (_j, 1, _n)), sp.Integer(1),
                    label="Σ_j exp(s_j)/Σ_l exp(s_l) = 1 for symbolic n")


def symbolic_shift() -> Identity:
    S = sp.Sum(sp.exp(_s[_l]), (_l, 1, _n))
    Sc = sp.Sum(sp.exp(_s[_l] + _c), (_l, 1, _n))
    return Identity(sp.exp(_s[_j] + _c) / Sc, sp.exp(_s[_j]) / S,
                    label="α_j(s + c·1) = α_j(s) for symbolic n")


def _softmax64(s: np.ndarray) -> np.ndarray:
    z = np.exp(s - s.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


U64 = 2.0 ** -53


def float64_sum_error() -> Witness:
    """|fsum(α̂) − 1| ≤ (n+1)u / (1 − (n+1)u): n−1 additions and one division per weight.

    The exp values' own rounding errors cancel in the ratio; the check sums the computed
    weights with math.fsum (correctly rounded) so the measurement adds no error of its own.
    """
    rng = np.random.default_rng(20260)
    errs, tols, sizes = [], [], []
    for n in (1, 2, 3, 7, 16, 64, 257, 1024, 4096):
        for scale in (0.1, 1.0, 10.0, 100.0, 1e4):
            for _ in range(6):
                s = rng.normal(0.0, scale, size=n)
                a = _softmax64(s)
                errs.append(abs(math.fsum(a.tolist()) - 1.0))
                g = (n + 1) * U64
                tols.append(g / (1 - g))
                sizes.append(n)
        # extreme rows: one dominant score, ties, huge spreads
        for s in (np.zeros(n), np.r_[1e300, np.zeros(n - 1)][:n], np.linspace(-745.0, 709.0, n)):
            a = _softmax64(s)
            errs.append(abs(math.fsum(a.tolist()) - 1.0))
            g = (n + 1) * U64
            tols.append(g / (1 - g))
            sizes.append(n)
    return Witness(np.array(errs), np.zeros(len(errs)), np.array(tols), instances=len(errs),
                   label="float64 shifted softmax, n from 1 to 4096",
                   detail={"bound": "(n+1)u/(1-(n+1)u), u = 2^-53", "max_n": max(sizes)})


def float32_zero_weight() -> Counterexample:
    s = np.array([0.0, -200.0], dtype=np.float32)
    z = np.exp(s - s.max())
    a = z / z.sum()

    def recheck() -> tuple[bool, str]:
        # True weight: e^-200 / (1 + e^-200), enclosed rigorously. Half the smallest float32
        # subnormal is 2^-150: anything below rounds to +0 under round-to-nearest.
        mpmath.iv.dps = 40
        w = mpmath.iv.exp(-200) / (1 + mpmath.iv.exp(-200))
        half_subnormal = mpmath.iv.mpf(2) ** -150
        positive = w.a > 0
        rounds_to_zero = w.b < half_subnormal.a
        observed_zero = float(a[1]) == 0.0
        ok = bool(positive and rounds_to_zero and observed_zero)
        return ok, (f"true weight ∈ {iv.show(w)} > 0 but < 2^-150, so any "
                    f"correctly rounded float32 result is 0; numpy gave {float(a[1])!r}")

    return Counterexample("float32 softmax([0, -200]) has an exact 0 weight",
                          {"scores": [0.0, -200.0], "dtype": "float32", "weights": [float(x) for x in a]}, recheck)


def float64_overflow() -> Counterexample:
    s = np.array([1000.0, 0.0])
    with np.errstate(over="ignore", invalid="ignore"):
        z = np.exp(s)
        a = z / z.sum()

    def recheck() -> tuple[bool, str]:
        mpmath.iv.dps = 40
        big = mpmath.iv.exp(1000)
        dbl_max = mpmath.iv.mpf((2 - 2.0 ** -52)) * mpmath.iv.mpf(2) ** 1023
        overflows = big.a > dbl_max.b
        ok = bool(overflows and not np.isfinite(a).all())
        return ok, (f"exp(1000) ≥ {mpmath.nstr(iv.endpoints(big)[0], 8)} > DBL_MAX ≈ 1.798e308, so the unshifted "
                    f"formula overflows; numpy gave weights {a.tolist()}")

    return Counterexample("unshifted float64 softmax([1000, 0]) overflows to inf/nan",
                          {"scores": [1000.0, 0.0], "dtype": "float64", "weights": [str(x) for x in a]}, recheck)


_BOUND = f"n ≤ {SMT_MAX_KEYS} keys"

CLAIMS = [
    Claim(
        id="yang.softmax.distribution",
        paper=PAPER,
        where="abstract; attention as a Markov kernel over keys",
        statement=("Softmax attention induces a valid probability distribution over keys: for n ≥ 1 "
                   "scores s, α_j = e^{s_j}/Σ_l e^{s_l} satisfies α_j > 0, Σ_j α_j = 1, α_j ≤ 1, and "
                   "α(s + c·1) = α(s)."),
        latex=r"\alpha_j(s)=\frac{e^{s_j}}{\sum_{l=1}^n e^{s_l}},\ \alpha_j>0,\ \sum_j\alpha_j=1,\ \alpha(s+c\mathbf 1)=\alpha(s)",
        hypotheses=HYPOTHESES,
        obligations=(
            Obligation("sum_to_one.symbolic", "symbolic", "supports",
                       "Σ_j α_j = 1 for a symbolic number of keys n", symbolic_sum_to_one, timeout=60),
            Obligation("shift.symbolic", "symbolic", "supports",
                       "α(s + c·1) = α(s) for a symbolic number of keys n", symbolic_shift, timeout=60),
            Obligation("bounds.induction", "smt", "supports",
                       "0 < α_j ≤ 1 for every n: α_j = e_j/(e_j + R) with R the other keys' sum, and R ≥ 0 by "
                       "induction on the number of terms (base and step by z3; chaining them over the naturals "
                       "is the usual induction principle)",
                       lambda: [unbounded_bounds(), *induction_rest_nonnegative()], timeout=30),
            Obligation("positive.smt", "smt", "supports", "α_j ≥ 0, and α_j > 0 on unmasked keys",
                       smt_positive, bound=_BOUND, cross_check=True, timeout=60),
            Obligation("sum_to_one.smt", "smt", "supports", "Σ_j α_j = 1", smt_sum_to_one,
                       bound=_BOUND, cross_check=True, timeout=60),
            Obligation("at_most_one.smt", "smt", "supports", "α_j ≤ 1", smt_at_most_one,
                       bound=_BOUND, cross_check=True, timeout=60),
            Obligation("shift.smt", "smt", "supports", "α(s + c·1) = α(s), with exp(c) = k > 0",
                       smt_shift_invariant, bound=_BOUND, cross_check=True, timeout=60),
            Obligation("sum_error.float64", "numeric", "supports",
                       "float64 shifted softmax: |Σ α̂_j − 1| ≤ (n+1)u/(1−(n+1)u) on random and extreme scores",
                       float64_sum_error, cross_check=True, timeout=60),
        ),
    ),
    Claim(
        id="yang.softmax.distribution.ieee",
        paper=PAPER,
        where="abstract (the claim read in IEEE floating point)",
        statement=("In IEEE float32/float64 softmax still gives strictly positive weights and the "
                   "formula e^{s_j}/Σ e^{s_l} can be evaluated as written."),
        obligations=(
            Obligation("float32_zero_weight", "numeric", "refutes",
                       "float32 softmax([0, −200]) has an exact 0 weight (strict positivity fails)",
                       float32_zero_weight),
            Obligation("unshifted_overflow", "numeric", "refutes",
                       "the unshifted formula overflows: exp(1000) > DBL_MAX", float64_overflow),
        ),
    ),
]
