"""``coppola.bp.scaling``: k-ary gates from binary ones (Thm 7.2, Cor 7.3: d·⌈log2 k⌉ layers, two heads suffice).

What the paper claims (Coppola, Thm 7.2 and Cor 7.3): a k-ary OR (AND) of beliefs is the fold of the
binary updateBelief, so a formula of depth d with k-ary gates needs d·⌈log2 k⌉ layers; the wording
says a k-ary gate is "a chain of ⌈log2 k⌉ binary gates". The cited Lean lemmas about these folds are
stated over Lean's IEEE-754 ``Float`` as well as over ℝ.

What the project found:

* ``coppola.bp.scaling`` — proved. The OR-fold identity fold_⊕(m_1..m_k) = σ(Σ logit m_i) holds for
  every k (induction: z3 base and step with exp abstracted, sympy step). Gate counts, for every k:
  every binarization of a k-ary gate (a full binary tree with k leaves) has exactly k − 1 binary
  gates; the chain (left comb) has depth k − 1; every binarization has depth ≥ ⌈log2 k⌉ (a tree of
  depth t has ≤ 2^t leaves); the balanced split (⌈k/2⌉, ⌊k/2⌋) attains ⌈log2 k⌉. Each is an
  induction discharged by z3; an exact enumeration of all binarizations for k ≤ 12 (Catalan(k−1)
  shapes, 58,786 for k = 12) agrees: gates always k − 1, depths exactly from ⌈log2 k⌉ to k − 1.
  So ⌈log2 k⌉ layers per k-ary gate is right for a *balanced tree* (still k − 1 gates).
* ``coppola.bp.scaling.chain_depth`` — refuted: "a chain of ⌈log2 k⌉ binary gates" is wrong for
  every k ≥ 4; the smallest case k = 4 needs 3 gates in every binarization (⌈log2 4⌉ = 2), and the
  chain has depth 3 (enumeration of all 5 binarizations, exact).
* ``coppola.bp.scaling.ieee`` — refuted: in binary64, (0.1·0.2)·0.3 = 0.006000000000000001 ≠
  0.1·(0.2·0.3) = 0.006 (associativity of the product fold fails); σ(37.0) rounds to exactly 1.0
  (e^{−37} < 2^{−53}), so logit(σ(37)) divides by zero; logit(σ(20.0)) = 19.99999996410867 ≠ 20. Each is
  re-checked exactly: the products from the Fractions of the float inputs with correct rounding,
  e^{−37} and the exact logit of the stored σ̂(20) enclosed by mpmath intervals.
"""
from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from functools import lru_cache

import mpmath
import sympy as sp
import z3

from verify import (
    Claim,
    Counterexample,
    ExactEqual,
    Hypothesis,
    Identity,
    Implication,
    Obligation,
    iv,
)

from . import PAPER
from .logodds import _unit, denominator, update_belief

# ----------------------------------------------------------------------------------------------
# OR-fold identity (the scaling claim's own obligations; same mathematics as coppola.logodds.algebra)


def smt_or_fold_induction() -> list[Implication]:
    P, f, m, r = z3.Reals("P f m r")
    base = Implication({}, z3.RealVal(1) / 2 == z3.RealVal(1) / (1 + 1),
                       label="base k=0: fold() = 1/2 = exp(0)/(1 + exp(0))", analyse=False)
    step = Implication({"P_positive": P > 0, "m_in_unit": _unit(m)},
                       z3.And(denominator(f, m) > 0, 1 + P * r > 0, P * r > 0,
                              update_belief(f, m) == (P * r) / (1 + P * r)),
                       label="step: fold_k = P/(1+P), P = exp(Σ logit) > 0 ⇒ fold_{k+1} = Pr/(1+Pr), Pr > 0",
                       definitions={"f_is_fold_k": f * (1 + P) == P, "r_is_odds": r * (1 - m) == m})
    return [base, step]


def symbolic_or_fold_step() -> Identity:
    P, r = sp.symbols("P r", positive=True)
    return Identity(update_belief(P / (1 + P), r / (1 + r)), 1 / (1 + sp.exp(-(sp.log(P) + sp.log(r)))),
                    label="updateBelief(σ(log P), σ(log r)) = σ(log P + log r) for all P, r > 0")


# ----------------------------------------------------------------------------------------------
# Gate counts: inductions


def smt_gate_count() -> list[Implication]:
    """Every full binary tree with k leaves has k − 1 internal nodes (binary gates)."""
    nl, nr, gl, gr = z3.Ints("leaves_L leaves_R gates_L gates_R")
    base = Implication({}, z3.IntVal(0) == z3.IntVal(1) - 1, label="base: a leaf has 1 input and 0 gates",
                       analyse=False)
    step = Implication({"ih_left": gl == nl - 1, "ih_right": gr == nr - 1},
                       gl + gr + 1 == (nl + nr) - 1, label="step: node(L, R) has g_L + g_R + 1 = (n_L + n_R) − 1 gates")
    return [base, step]


def smt_chain_depth() -> list[Implication]:
    """The chain (left comb) chain(k+1) = node(chain(k), leaf) has depth k − 1 and k − 1 gates."""
    k, d = z3.Ints("k depth_k")
    base = Implication({}, z3.IntVal(0) == z3.IntVal(1) - 1, label="base k=1: a leaf, depth 0", analyse=False)
    step = Implication({"k_positive": k >= 1, "ih": d == k - 1},
                       1 + z3.If(d >= 0, d, 0) == (k + 1) - 1,
                       label="step: depth(node(chain(k), leaf)) = 1 + max(k − 1, 0) = k")
    return [base, step]


def smt_depth_lower_bound() -> list[Implication]:
    """A tree of depth t has at most 2^t leaves (so depth ≥ ⌈log2 k⌉), with P = 2^(t−1) abstracted."""
    nl, nr, Q = z3.Ints("leaves_L leaves_R pow2_t_minus_1")
    base = Implication({}, z3.IntVal(1) <= 1, label="base: depth 0, one leaf, 2^0 = 1", analyse=False)
    # Children have depth ≤ t − 1; IH gives leaves ≤ 2^(their depth) ≤ 2^(t−1) = Q (2^x increasing).
    step = Implication({"ih_left": nl <= Q, "ih_right": nr <= Q}, nl + nr <= 2 * Q,
                       label="step: n_L, n_R ≤ 2^(t−1) ⇒ n_L + n_R ≤ 2^t")
    return [base, step]


def smt_balanced_depth() -> list[Implication]:
    """The balanced split attains ⌈log2 k⌉: with 2^(D−1) = Q < k ≤ 2Q, c = ⌈k/2⌉ ∈ (Q/2, Q], ⌊k/2⌋ ≤ c.

    ⌈log2 x⌉ = D exactly when 2^(D−1) < x ≤ 2^D (x ≥ 2), so ⌈log2 c⌉ = D − 1 (c = 1 only for k = 2,
    Q = 1: depth 0 = D − 1), ⌈log2 ⌊k/2⌋⌉ ≤ ⌈log2 c⌉ (monotone) and depth = 1 + (D − 1) = D.
    """
    k, Q, c, f = z3.Ints("k pow2_D_minus_1 ceil_half floor_half")
    hyps = {"Q_power_of_two_at_least_1": Q >= 1, "k_in_range": z3.And(Q < k, k <= 2 * Q),
            "c_is_ceil_half": z3.And(2 * c - 1 <= k, k <= 2 * c), "f_is_rest": f == k - c}
    step = Implication(hyps, z3.And(2 * c > Q, c <= Q, f <= c, f >= 1),
                       label="split: Q/2 < ⌈k/2⌉ ≤ Q and 1 ≤ ⌊k/2⌋ ≤ ⌈k/2⌉")
    base = Implication({}, z3.IntVal(0) == 0, label="base k=1: depth 0 = ⌈log2 1⌉", analyse=False)
    return [base, step]


# ----------------------------------------------------------------------------------------------
# Gate counts: exact enumeration of all binarizations


def ceil_log2(k: int) -> int:
    return (k - 1).bit_length()


@lru_cache(maxsize=None)
def binarizations(k: int) -> tuple[tuple[tuple[int, int], int], ...]:
    """Counter of (gates, depth) over all full binary trees with k ordered leaves, as sorted items."""
    if k == 1:
        return (((0, 0), 1),)
    out: Counter = Counter()
    for i in range(1, k):
        for (gl, dl), nl in binarizations(i):
            for (gr, dr), nr in binarizations(k - i):
                out[(gl + gr + 1, 1 + max(dl, dr))] += nl * nr
    return tuple(sorted(out.items()))


def _chain_depth(k: int) -> int:
    d = 0
    for _ in range(k - 1):
        d = 1 + max(d, 0)
    return d


def _balanced_depth(k: int) -> int:
    return 0 if k == 1 else 1 + max(_balanced_depth((k + 1) // 2), _balanced_depth(k // 2))


MAX_K = 12


def exact_enumeration() -> ExactEqual:
    cases = []
    for k in range(1, MAX_K + 1):
        items = binarizations(k)
        count = sum(n for _, n in items)
        gates = sorted({g for (g, _), _ in items})
        depths = sorted({d for (_, d), _ in items})
        cases += [
            (f"k={k}: number of binarizations = Catalan(k−1)", count, math.comb(2 * (k - 1), k - 1) // k),
            (f"k={k}: gates in every binarization", tuple(gates), (k - 1,)),
            (f"k={k}: smallest depth", depths[0], ceil_log2(k)),
            (f"k={k}: largest depth", depths[-1], k - 1),
            (f"k={k}: chain depth", _chain_depth(k), k - 1),
            (f"k={k}: balanced depth", _balanced_depth(k), ceil_log2(k)),
        ]
    return ExactEqual(cases, label=f"all binarizations of a k-ary gate, k ≤ {MAX_K}",
                      detail={"binarizations_k12": sum(n for _, n in binarizations(MAX_K))})


def chain_counterexample(k: int = 4) -> Counterexample:
    def recheck() -> tuple[bool, str]:
        # Enumerate the trees themselves (not the counts) for k = 4.
        def trees(n: int):
            if n == 1:
                yield "x"
                return
            for i in range(1, n):
                for left in trees(i):
                    for right in trees(n - i):
                        yield (left, right)

        def gates(t) -> int:
            return 0 if t == "x" else 1 + gates(t[0]) + gates(t[1])

        def depth(t) -> int:
            return 0 if t == "x" else 1 + max(depth(t[0]), depth(t[1]))

        all_trees = list(trees(k))
        chain = "x"
        for _ in range(k - 1):
            chain = (chain, "x")
        target = math.ceil(math.log2(k))
        ok = (all(gates(t) == k - 1 for t in all_trees) and k - 1 != target and depth(chain) == k - 1
              and chain in all_trees and min(depth(t) for t in all_trees) == target)
        return ok, (f"all {len(all_trees)} binarizations of a {k}-ary gate have {k - 1} binary gates, not "
                    f"⌈log2 {k}⌉ = {target}; the chain has depth {depth(chain)}; only the balanced tree has depth "
                    f"{target}")

    return Counterexample(f"a {k}-ary OR is not a chain of ⌈log2 {k}⌉ = {ceil_log2(k)} binary gates", {"k": k}, recheck)


# ----------------------------------------------------------------------------------------------
# IEEE Float


def _round_to_double(x: Fraction) -> Fraction:
    """Round-to-nearest-even to binary64, computed on the exact rational (normal range only)."""
    if x == 0:
        return Fraction(0)
    sign = -1 if x < 0 else 1
    a = abs(x)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    ulp = Fraction(2) ** (e - 52)
    q, rem = divmod(a, ulp)
    q = int(q)
    if rem * 2 > ulp or (rem * 2 == ulp and q % 2 == 1):
        q += 1
    return sign * q * ulp


def float_associativity(x: float = 0.1, y: float = 0.2, z: float = 0.3) -> Counterexample:
    left = (x * y) * z
    right = x * (y * z)

    def recheck() -> tuple[bool, str]:
        a, b, c = Fraction(x), Fraction(y), Fraction(z)
        l_exact = _round_to_double(_round_to_double(a * b) * c)
        r_exact = _round_to_double(a * _round_to_double(b * c))
        ok = l_exact != r_exact and Fraction(left) == l_exact and Fraction(right) == r_exact
        return ok, (f"with the exact binary values of {x}, {y}, {z} and round-to-nearest on exact products: "
                    f"({x}·{y})·{z} = {float(l_exact)!r}, {x}·({y}·{z}) = {float(r_exact)!r}; they differ by "
                    f"{float(l_exact - r_exact):.3g} (the hardware agrees: {left!r} vs {right!r})")

    return Counterexample(f"binary64 multiplication is not associative: ({x}·{y})·{z} ≠ {x}·({y}·{z})",
                          {"left": left, "right": right}, recheck)


def _lo(x: mpmath.ctx_iv.ivmpf) -> mpmath.mpf:
    return iv.endpoints(x)[0]


def _hi(x: mpmath.ctx_iv.ivmpf) -> mpmath.mpf:
    return iv.endpoints(x)[1]


def _sigmoid_float(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def float_logit_sigma_37() -> Counterexample:
    p = _sigmoid_float(37.0)
    try:
        observed = repr(math.log(p / (1.0 - p)))
    except ZeroDivisionError as exc:
        observed = f"ZeroDivisionError: {exc}"

    def recheck() -> tuple[bool, str]:
        mpmath.iv.dps = 40
        tail = mpmath.iv.exp(-37)
        half_ulp = mpmath.iv.mpf(2) ** -53
        # fl(exp(−37)) < 2^−53 too (rounding moves it by a relative 2^−53 at most), so
        # 1 + fl(exp(−37)) rounds to 1.0 (ties go to even, i.e. to 1.0) and 1/1.0 = 1.0.
        below = bool(_hi(tail) * (1 + mpmath.mpf(2) ** -52) < _lo(half_ulp))
        ok = below and p == 1.0 and 1.0 - p == 0.0 and observed.startswith("ZeroDivisionError")
        return ok, (f"e^-37 ∈ [{mpmath.nstr(_lo(tail), 8)}, {mpmath.nstr(_hi(tail), 8)}] < 2^-53 ≈ 1.11e-16, so "
                    f"σ̂(37) = 1.0 exactly and logit = log(p/(1−p)) divides by 1 − p = 0 ({observed})")

    return Counterexample("logit(σ(37.0)) divides by zero in binary64 (σ(37.0) rounds to 1.0)",
                          {"sigma_37": p, "logit": observed}, recheck)


def float_logit_sigma(x: float = 20.0) -> Counterexample:
    p = _sigmoid_float(x)
    observed = math.log(p / (1.0 - p))

    def recheck() -> tuple[bool, str]:
        mpmath.iv.dps = 50
        fp = Fraction(p)                                   # the stored σ̂(x), exactly
        num = mpmath.iv.mpf(fp.numerator)
        den = mpmath.iv.mpf(fp.denominator - fp.numerator)
        exact_logit = mpmath.iv.log(num / den)             # logit of the stored value, rigorously enclosed
        ulp = math.ulp(x)                                  # spacing of doubles at x
        lo, hi = _lo(exact_logit), _hi(exact_logit)
        gap = min(abs(lo - x), abs(hi - x))
        excludes = bool(lo > x or hi < x)
        far = excludes and gap > 1000 * ulp
        ok = far and observed != x
        return ok, (f"σ̂({x}) = {p!r}; its exact logit lies in [{mpmath.nstr(lo, 17)}, "
                    f"{mpmath.nstr(hi, 17)}], more than {int(gap / ulp)} ulps from {x}, so no correctly "
                    f"rounded logit returns {x}; binary64 gives {observed!r}")

    return Counterexample(f"logit(σ({x})) ≠ {x} in binary64", {"sigma": p, "logit": observed}, recheck)


CLAIMS = [
    Claim(
        id="coppola.bp.scaling",
        paper=PAPER,
        where="Thm 7.2, Cor 7.3 (k-ary gates from binary updateBelief; layer count)",
        statement=("A k-ary OR/AND of beliefs is the fold of binary updateBelief gates, fold_⊕(m_1..m_k) = "
                   "σ(Σ logit m_i); it uses k − 1 binary gates, the chain has depth k − 1, and the balanced tree "
                   "attains the least depth ⌈log2 k⌉ (hence ⌈log2 k⌉ layers per k-ary gate)."),
        latex=r"\bigoplus_{i=1}^k m_i=\sigma\big(\textstyle\sum_i\mathrm{logit}\,m_i\big),\ \#\text{gates}=k-1,\ "
              r"\min\text{depth}=\lceil\log_2k\rceil",
        hypotheses=(
            Hypothesis("m_in_unit", "every belief lies in (0, 1)"),
            Hypothesis("exp_facts", "exp(a+b) = exp(a)exp(b), exp(0) = 1, exp(logit m) = m/(1−m)"),
            Hypothesis("pow2_increasing", "x ≤ y ⇒ 2^x ≤ 2^y, and ⌈log2 x⌉ = D iff 2^(D−1) < x ≤ 2^D (x ≥ 2)"),
        ),
        obligations=(
            Obligation("or_fold.induction", "smt", "supports", "fold_⊕ = σ(Σ logit) for every k (z3 base and step)",
                       smt_or_fold_induction, timeout=20, uses=("m_in_unit", "exp_facts")),
            Obligation("or_fold.step.symbolic", "symbolic", "supports", "the induction step by sympy",
                       symbolic_or_fold_step, uses=("exp_facts",)),
            Obligation("gates.induction", "smt", "supports", "every binarization has k − 1 gates (induction)",
                       smt_gate_count, timeout=10),
            Obligation("chain_depth.induction", "smt", "supports", "the chain has depth k − 1 (induction)",
                       smt_chain_depth, timeout=10),
            Obligation("depth_lower_bound.induction", "smt", "supports",
                       "a tree of depth t has ≤ 2^t leaves, so depth ≥ ⌈log2 k⌉ (induction)", smt_depth_lower_bound,
                       timeout=10, uses=("pow2_increasing",)),
            Obligation("balanced_depth.induction", "smt", "supports",
                       "the balanced split (⌈k/2⌉, ⌊k/2⌋) has depth exactly ⌈log2 k⌉ (strong induction)",
                       smt_balanced_depth, timeout=10, uses=("pow2_increasing",)),
            Obligation("binarizations.exact", "exact", "supports",
                       f"enumeration of all binarizations, k ≤ {MAX_K}: gates k − 1, depths ⌈log2 k⌉ … k − 1, "
                       "chain k − 1, balanced ⌈log2 k⌉", exact_enumeration, cross_check=True,
                       scope="bounded", bound=f"k ≤ {MAX_K}"),
        ),
    ),
    Claim(
        id="coppola.bp.scaling.chain_depth",
        paper=PAPER,
        where="Thm 7.2 (as worded: a chain of ⌈log2 k⌉ binary gates)",
        statement="A k-ary AND/OR is computed by a chain of ⌈log2 k⌉ binary gates.",
        obligations=(
            Obligation("k4.exact", "exact", "refutes",
                       "k = 4: every binarization has 3 gates ≠ ⌈log2 4⌉ = 2, and the chain has depth 3 (enumeration)",
                       chain_counterexample),
        ),
    ),
    Claim(
        id="coppola.bp.scaling.ieee",
        paper=PAPER,
        where="Lean lemmas about the folds stated over IEEE-754 Float",
        statement=("The fold lemmas hold in IEEE binary64: the product fold is associative and logit(σ(x)) = x."),
        obligations=(
            Obligation("associativity.float64", "numeric", "refutes", "(0.1·0.2)·0.3 ≠ 0.1·(0.2·0.3) in binary64",
                       float_associativity),
            Obligation("logit_sigma_37.float64", "numeric", "refutes",
                       "logit(σ(37.0)) divides by zero: σ(37.0) rounds to 1.0", float_logit_sigma_37),
            Obligation("logit_sigma_20.float64", "numeric", "refutes", "logit(σ(20.0)) ≠ 20.0 in binary64",
                       float_logit_sigma),
        ),
    ),
]
