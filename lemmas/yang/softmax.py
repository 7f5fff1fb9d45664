"""``yang.softmax.distribution``: softmax attention weights form a probability distribution.

Claimed (Yang, abstract): softmax attention induces a valid probability distribution over keys.

Checks: over the reals, for every n ≥ 1 with at least one unmasked key, α_j > 0 on unmasked
keys, Σ_j α_j = 1, α_j ≤ 1 and α(s + c·1) = α(s) — sympy identities with a symbolic n, a z3
proof of 0 < α_j = e_j/(e_j + R) ≤ 1 for R ≥ 0, and R ≥ 0 by an engine-built induction on the
recursive sum S_0 = 0, S_{k+1} = S_k + e_{k+1}; cross-checks: z3 families for every n ≤ 32
(the hypothesis analysis shows "at least one unmasked key" necessary) and a float64 witness of
the sum-to-one error bound (n+1)u/(1−(n+1)u). ``SUM_TO_ONE``, ``BOUNDS`` and
``REST_NONNEGATIVE`` are also listed by ``yang.attention.bridge`` (the kernel form of the claim).

Sub-claim ``.ieee`` (misreading, refuted, IEEE predicates evaluated by the engine): float32
softmax([0, −200]) has an exact 0 weight; the unshifted float64 formula at (1000, 0) overflows.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
import z3

from verify import Claim, Family, FloatPredicate, Hypothesis, Identity, Implication, Induction, Obligation, Witness, ieee

from . import PAPER

SMT_MAX_KEYS = 32
"""Largest number of keys of the bounded z3 families (cross-checks)."""

KEYS = Family("n", range(1, SMT_MAX_KEYS + 1))

HYPOTHESES = (
    Hypothesis("at_least_one_key", "n ≥ 1 keys"),
    Hypothesis("exp_nonnegative", "every e_j = exp(s_j) ≥ 0; a masked key has e_j = 0, an unmasked one e_j > 0"),
    Hypothesis("at_least_one_unmasked", "at least one key is unmasked (some e_j > 0); otherwise the row is 0/0"),
    Hypothesis("exp_additive", "exp(a + c) = exp(a)·exp(c) (used for shift invariance)"),
)


# ------------------------------------------------------------------------------- z3, n keys

def _keys(n: int) -> tuple[list[z3.ArithRef], dict[str, z3.BoolRef], z3.ArithRef, dict[str, z3.BoolRef]]:
    """e_j, the hypotheses, and the denominator named by a definition S = Σ e."""
    e = [z3.Real(f"e_{j}") for j in range(n)]
    hyps = {
        "exp_nonnegative": z3.And([x >= 0 for x in e]),
        "at_least_one_unmasked": z3.Or([x > 0 for x in e]),
    }
    S = z3.Real("S")
    return e, hyps, S, {"S": S == z3.Sum(e)}


def _weights(n: int) -> tuple[list[z3.ArithRef], dict[str, z3.BoolRef], list[z3.ArithRef], dict[str, z3.BoolRef]]:
    """As :func:`_keys`, with α_j named too (α_j = e_j / S): the conclusion has no division, so the
    engine's divisor check is a linear question about S = Σ e (fast for many keys). A countermodel
    without "at least one unmasked key" then divides by 0 in a definition and cannot be
    re-checked, so the family that shows that hypothesis necessary guards the division in its
    conclusion instead (:func:`smt_sum_to_one`)."""
    e, hyps, S, defs = _keys(n)
    a = [z3.Real(f"alpha_{j}") for j in range(n)]
    defs.update({f"alpha_{j}": a[j] == e[j] / S for j in range(n)})
    return e, hyps, a, defs


def smt_positive(n: int) -> Implication:
    # "α_j ≥ 0, and α_j > 0 unless e_j = 0": z3 finds this much easier than the implications.
    e, hyps, a, defs = _weights(n)
    concl = z3.And(*[x >= 0 for x in a], *[z3.Or(x == 0, y > 0) for x, y in zip(e, a)])
    return Implication(hyps, concl, analyse=(n == 2), definitions=defs)


def smt_sum_to_one(n: int) -> Implication:
    # The guard S > 0 comes first: it makes the divisions defined (and a countermodel with every
    # key masked evaluable: the conclusion is false there).
    e, hyps, S, defs = _keys(n)
    return Implication(hyps, z3.And(S > 0, z3.Sum([x / S for x in e]) == 1), analyse=(n == 2), definitions=defs)


def smt_at_most_one(n: int) -> Implication:
    e, hyps, S, defs = _keys(n)
    return Implication(hyps, z3.And(S > 0, *[x / S <= 1 for x in e]), analyse=(n == 2), definitions=defs)


def smt_shift_invariant(n: int) -> Implication:
    """exp(c) = k > 0 and exp(s_j + c) = e_j·k (exp_additive): the shifted weights e_j k / Σ e_l k."""
    e, hyps, a, defs = _weights(n)
    k = z3.Real("exp_c")
    hyps["exp_additive"] = k > 0
    Sk = z3.Real("S_shifted")
    b = [z3.Real(f"alpha_shifted_{j}") for j in range(n)]
    defs["S_shifted"] = Sk == z3.Sum([x * k for x in e])
    defs.update({f"alpha_shifted_{j}": b[j] == (e[j] * k) / Sk for j in range(n)})
    return Implication(hyps, z3.And([x == y for x, y in zip(b, a)]), analyse=(n == 2), definitions=defs)


# ------------------------------------------------------------------------------- every n

def unbounded_bounds() -> Implication:
    """Any n, key j: α_j = e_j/S with S = e_j + R, R the sum of the other keys (R ≥ 0 by
    :func:`induction_rest_nonnegative`, a sum of n − 1 terms)."""
    e, r, S = z3.Reals("e_j R S")
    hyps = {"unmasked_key": e > 0, "rest_nonnegative": r >= 0}
    return Implication(hyps, z3.And(S > 0, e / S > 0, e / S <= 1), definitions={"S": S == e + r},
                       label="any n: α_j = e_j/(e_j + R) ∈ (0, 1] for e_j > 0, R ≥ 0")


def induction_rest_nonnegative() -> Induction:
    """S_k = e_1 + … + e_k ≥ 0 for every k ≥ 0 (S_0 = 0, S_{k+1} = S_k + e_{k+1}, every e ≥ 0).
    The sum R of the other keys of any key j is S_{n−1} for the other keys' exponentials."""
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


def symbolic_sum_to_one() -> Identity:
    S = sp.Sum(sp.exp(_s[_l]), (_l, 1, _n))
    return Identity(sp.Sum(sp.exp(_s[_j]) / S, (_j, 1, _n)), sp.Integer(1),
                    label="Σ_j exp(s_j)/Σ_l exp(s_l) = 1 for symbolic n")


def symbolic_shift() -> Identity:
    S = sp.Sum(sp.exp(_s[_l]), (_l, 1, _n))
    Sc = sp.Sum(sp.exp(_s[_l] + _c), (_l, 1, _n))
    return Identity(sp.exp(_s[_j] + _c) / Sc, sp.exp(_s[_j]) / S,
                    label="α_j(s + c·1) = α_j(s) for symbolic n")


# ------------------------------------------------------------------------------- floating point

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


def _shifted_weights() -> tuple[ieee.Term, ieee.Term]:
    """softmax of two scores as implemented: exp(s − max s), then divided by the sum."""
    s0, s1 = ieee.var("s0"), ieee.var("s1")
    m = ieee.fmax(s0, s1)
    z0, z1 = ieee.exp(s0 - m), ieee.exp(s1 - m)
    return z0 / (z0 + z1), z1 / (z0 + z1)


def float32_zero_weight(s1: float = -200.0) -> FloatPredicate:
    """Strict positivity in float32 at s = (0, s1): e^{−200} is below half the smallest float32
    subnormal (2^−150), so the weight of key 1 rounds to +0."""
    _, w1 = _shifted_weights()
    return FloatPredicate(w1 > 0, {"s0": 0.0, "s1": s1}, "float32", label=f"float32 softmax([0, {s1:g}])_1 > 0")


def unshifted_overflow(s0: float = 1000.0, dtype: str = "float64") -> FloatPredicate:
    """The formula as written, e^{s_j}/Σ_l e^{s_l} without the max shift: at s = (1000, 0),
    exp(1000) > DBL_MAX overflows to inf and inf/inf is NaN."""
    a, b = ieee.var("s0"), ieee.var("s1")
    z0, z1 = ieee.exp(a), ieee.exp(b)
    w0, w1 = z0 / (z0 + z1), z1 / (z0 + z1)
    return FloatPredicate(ieee.finite(w0) & ieee.finite(w1), {"s0": s0, "s1": 0.0}, dtype,
                          label=f"unshifted {dtype} softmax([{s0:g}, 0]) is finite")


# The per-query part of the bridge (yang.attention.bridge): that claim lists these same objects, so
# a run selecting both discharges them once.
SUM_TO_ONE = Obligation("sum_to_one.symbolic", "symbolic", "supports",
                        "Σ_j α_j = 1 for a symbolic number of keys n", symbolic_sum_to_one, timeout=60)
BOUNDS = Obligation("bounds.any_n", "smt", "supports",
                    "0 < α_j ≤ 1 for every n: α_j = e_j/(e_j + R) with e_j > 0 and R ≥ 0 the other keys' sum",
                    unbounded_bounds, timeout=30, uses=("exp_nonnegative",))
REST_NONNEGATIVE = Obligation("rest_nonnegative.induction", "smt", "supports",
                              "R ≥ 0 for every n: the sum S_k of k exponentials (S_0 = 0, S_{k+1} = S_k + e_{k+1}, "
                              "e ≥ 0) is ≥ 0 for every k, by induction (base and step built by the engine)",
                              induction_rest_nonnegative, timeout=30, uses=("exp_nonnegative",))

CLAIMS = [
    Claim(
        id="yang.softmax.distribution",
        reading="as-stated",
        paper=PAPER,
        where="abstract ('softmax attention induces a valid probability distribution over keys')",
        statement=("Softmax attention induces a valid probability distribution over keys: for n ≥ 1 "
                   "scores s, α_j = e^{s_j}/Σ_l e^{s_l} satisfies α_j > 0, Σ_j α_j = 1, α_j ≤ 1, and "
                   "α(s + c·1) = α(s)."),
        latex=r"\alpha_j(s)=\frac{e^{s_j}}{\sum_{l=1}^n e^{s_l}},\ \alpha_j>0,\ \sum_j\alpha_j=1,\ \alpha(s+c\mathbf 1)=\alpha(s)",
        hypotheses=HYPOTHESES,
        explanation=("The paper says the softmax weights of one query over the keys form a probability "
                     "distribution. The engine proves it for every number of keys: each unmasked key gets a "
                     "weight in (0, 1], the weights sum to 1, and adding a constant to every score changes "
                     "nothing; at least one unmasked key is necessary (with every key masked the row is 0/0). "
                     "Apart from shift invariance the proofs use only that exp is nonnegative, so any normalised "
                     "nonnegative weights would do as well."),
        obligations=(
            SUM_TO_ONE,
            Obligation("shift.symbolic", "symbolic", "supports",
                       "α(s + c·1) = α(s) for a symbolic number of keys n", symbolic_shift, timeout=60),
            BOUNDS,
            REST_NONNEGATIVE,
            Obligation("positive.smt", "smt", "supports", "α_j ≥ 0, and α_j > 0 on unmasked keys",
                       smt_positive, family=KEYS, cross_check=True, timeout=300),
            Obligation("sum_to_one.smt", "smt", "supports", "Σ_j α_j = 1", smt_sum_to_one,
                       family=KEYS, cross_check=True, timeout=300),
            Obligation("at_most_one.smt", "smt", "supports", "α_j ≤ 1", smt_at_most_one,
                       family=KEYS, cross_check=True, timeout=300),
            Obligation("shift.smt", "smt", "supports", "α(s + c·1) = α(s), with exp(c) = k > 0",
                       smt_shift_invariant, family=KEYS, cross_check=True, timeout=300),
            Obligation("sum_error.float64", "numeric", "supports",
                       "float64 shifted softmax: |Σ α̂_j − 1| ≤ (n+1)u/(1−(n+1)u) on random and extreme scores",
                       float64_sum_error, cross_check=True, timeout=60),
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
        obligations=(
            Obligation("float32_zero_weight", "numeric", "refutes",
                       "float32 softmax([0, −200]) (shifted by the max, as implemented) has an exact 0 weight: "
                       "strict positivity fails", float32_zero_weight, timeout=30),
            Obligation("unshifted_overflow", "numeric", "refutes",
                       "float64 e^{s_j}/Σ e^{s_l} as written at s = (1000, 0): exp(1000) overflows, the weights "
                       "are not finite", unshifted_overflow, timeout=30),
        ),
    ),
]
