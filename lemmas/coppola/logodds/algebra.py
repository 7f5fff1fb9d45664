"""The log-odds algebra of updateBelief on (0,1)², and what the Lean code's "for all reals" adds.

updateBelief(m0, m1) = m0·m1 / (m0·m1 + (1 − m0)(1 − m1)) is ⊕ = σ(logit · + logit ·): a commutative,
associative operation on (0,1) with identity 1/2 and inverse 1 − m, whose k-ary fold is σ(Σ logit m_i).

Main definitions:

* :func:`lemmas.models.bp.update_belief` (imported), :func:`sigma`, :func:`logit`, :func:`belief`
  (the belief with odds r), :func:`fold` (fold_⊕ from the identity 1/2), :func:`denominator`,
  :func:`lean_div` (Lean's x/0 = 0).

Main statements:

* ``coppola.logodds.algebra`` (Coppola §2.2.2, §3): :func:`update_belief_is_sigma_of_logit_sum`,
  :func:`update_belief_commutative`, :func:`update_belief_associative`, :func:`one_half_is_identity`,
  :func:`complement_is_inverse`, :func:`update_belief_maps_into_unit_interval`,
  :func:`fold_is_sigma_of_logit_sum` (an induction over k built by the engine) with its step
  :func:`fold_step_for_all_odds`, and the lemma :func:`complement_is_other_share`; cross-checks
  :func:`update_belief_multiplies_odds`, :func:`update_belief_associative_on_unit_interval`,
  :func:`fold_is_sigma_of_logit_sum_up_to_12`.
* ``coppola.logodds.algebra.all_reals`` (§2.2.1, the Lean artifact over ℝ), refuted by
  :func:`update_belief_undefined_off_unit_square`, :func:`denominator_has_real_zeros`,
  :func:`update_belief_leaves_unit_interval_on_reals`.

The symbolic identities are stated in odds coordinates m = r/(1+r), r > 0: sympy proves
1 − r/(1+r) > 0 but not 1 − m > 0 for a bare m ∈ (0,1).
"""
from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp
import z3

from lemmas.models.bp import fold, update_belief
from verify import Claim, ExactEqual, Hypothesis, Identity, Implication, Induction, refutes, supports

from .. import PAPER

# ----------------------------------------------------------------------------------------------
# The objects (generic: Fraction, sympy and z3 terms alike)


def denominator(m0: Any, m1: Any) -> Any:
    """The denominator m0·m1 + (1 − m0)(1 − m1) of updateBelief."""
    return m0 * m1 + (1 - m0) * (1 - m1)


def sigma(x: sp.Expr) -> sp.Expr:
    """σ(x) = 1/(1 + e^{−x})."""
    return 1 / (1 + sp.exp(-x))


def logit(m: sp.Expr, c: sp.Expr | None = None) -> sp.Expr:
    """log(m/(1 − m)), with ``c`` = 1 − m when the caller has it in a positive form."""
    return sp.log(m / ((1 - m) if c is None else c))


def belief(r: sp.Expr) -> sp.Expr:
    """The belief with odds r > 0: m = r/(1+r) ∈ (0,1) (a bijection (0,∞) → (0,1))."""
    return r / (1 + r)


def lean_div(a: Fraction, b: Fraction) -> Fraction:
    """Lean/Mathlib real division: x / 0 = 0."""
    return Fraction(0) if b == 0 else a / b


_r0, _r1, _r2 = sp.symbols("r0 r1 r2", positive=True)
_a, _b = sp.symbols("a b", positive=True)
_HALF = sp.Rational(1, 2)


def _unit(m: z3.ArithRef) -> z3.BoolRef:
    return z3.And(m > 0, m < 1)


def _inner(m0: sp.Expr, m1: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """m0 ⊕ m1 and its complement (1−m0)(1−m1)/D (by the complement lemma, D = m0m1 + (1−m0)(1−m1))."""
    num, rest = m0 * m1, (1 - m0) * (1 - m1)
    return num / (num + rest), rest / (num + rest)


# ----------------------------------------------------------------------------------------------
# coppola.logodds.algebra


@supports("symbolic")
def complement_is_other_share() -> Identity:
    """Lemma: 1 − a/(a+b) = b/(a+b) for a, b > 0 (how the identities write 1 − m for a normalised m)."""
    return Identity(1 - _a / (_a + _b), _b / (_a + _b), label="1 − a/(a+b) = b/(a+b) for a, b > 0")


@supports("symbolic", uses=("m0_in_unit", "m1_in_unit"))
def update_belief_is_sigma_of_logit_sum() -> Identity:
    """updateBelief(m0, m1) = σ(logit m0 + logit m1) for all odds r0, r1 > 0."""
    m0, m1 = belief(_r0), belief(_r1)
    return Identity(update_belief(m0, m1), sigma(logit(m0) + logit(m1)),
                    label="updateBelief(m0, m1) = σ(logit m0 + logit m1), m_i = r_i/(1+r_i), r_i > 0")


@supports("symbolic", uses=("m0_in_unit", "m1_in_unit"))
def update_belief_commutative() -> Identity:
    """m0 ⊕ m1 = m1 ⊕ m0."""
    m0, m1 = belief(_r0), belief(_r1)
    return Identity(update_belief(m0, m1), update_belief(m1, m0), label="m0 ⊕ m1 = m1 ⊕ m0")


@supports("symbolic", uses=("m0_in_unit", "m1_in_unit", "m2_in_unit"))
def update_belief_associative() -> Identity:
    """(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2), the inner complements written by the complement lemma."""
    m0, m1, m2 = belief(_r0), belief(_r1), belief(_r2)
    left, left_c = _inner(m0, m1)
    right, right_c = _inner(m1, m2)
    return Identity(update_belief(left, m2, left_c), update_belief(m0, right, None, right_c),
                    label="(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2), inner complements by 1 − a/(a+b) = b/(a+b)")


@supports("symbolic", uses=("m0_in_unit",))
def one_half_is_identity() -> Identity:
    """updateBelief(m, 1/2) = m."""
    m0 = belief(_r0)
    return Identity(update_belief(m0, _HALF), m0, label="updateBelief(m, 1/2) = m")


@supports("symbolic", uses=("m0_in_unit",))
def complement_is_inverse() -> Identity:
    """m ⊕ (1 − m) = 1/2."""
    m0 = belief(_r0)
    return Identity(update_belief(m0, 1 - m0), _HALF, label="m ⊕ (1 − m) = 1/2")


@supports("smt", uses=("m0_in_unit", "m1_in_unit"))
def update_belief_maps_into_unit_interval() -> Implication:
    """updateBelief maps (0,1)² into (0,1)."""
    m0, m1, num, rest, u = z3.Reals("m0 m1 N C U")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    defs = {"N": num == m0 * m1, "C": rest == (1 - m0) * (1 - m1), "U": u == num / (num + rest)}
    return Implication(hyps, z3.And(num + rest > 0, u > 0, u < 1), label="updateBelief maps (0,1)² into (0,1)",
                       definitions=defs)


def _odds_product(R: Any, r: Any) -> Any:
    return R * r


@supports("smt", uses=("m_in_unit", "r_is_odds_of_m", "exp_additive", "exp_logit"))
def fold_is_sigma_of_logit_sum(extend: Callable[[Any, Any], Any] = _odds_product,
                               combine: Callable[[Any, Any], Any] = update_belief) -> Induction:
    """fold_⊕(m_1..m_k) = R_k/(1+R_k) with R_k = Π_{i≤k} r_i = exp(Σ logit m_i), for every k ≥ 0.

    F is the recursive fold (F_0 = 1/2, F_{k+1} = updateBelief(F_k, m_{k+1})), R the closed form's
    odds (R_0 = 1 = exp(0), R_{k+1} = extend(R_k, r_{k+1}); tests pass a wrong ``extend`` or ``combine``); the data
    are m_k ∈ (0,1) and their odds r_k = m_k/(1 − m_k). The engine builds base and step.
    """
    k = z3.Int("k")
    F = z3.Function("F", z3.IntSort(), z3.RealSort())
    R = z3.Function("R", z3.IntSort(), z3.RealSort())
    m = z3.Function("m", z3.IntSort(), z3.RealSort())
    r = z3.Function("r", z3.IntSort(), z3.RealSort())
    return Induction(
        k, z3.And(R(k) > 0, F(k) * (1 + R(k)) == R(k)),
        base={"empty_fold": F(0) == z3.RealVal(1) / 2, "empty_product": R(0) == 1},
        step={"fold_step": F(k + 1) == combine(F(k), m(k + 1)), "odds_step": R(k + 1) == extend(R(k), r(k + 1))},
        hypotheses={"m_in_unit": _unit(m(k)), "r_is_odds_of_m": r(k) == m(k) / (1 - m(k))},
        label="F_k = R_k/(1 + R_k), R_k > 0: fold_⊕(m_1..m_k) = σ(Σ logit m_i)")


@supports("symbolic", uses=("exp_additive", "exp_logit"))
def fold_step_for_all_odds() -> Identity:
    """The induction step for all odds P, r > 0: updateBelief(σ(log P), σ(log r)) = σ(log P + log r)."""
    P, r = sp.symbols("P r", positive=True)
    return Identity(update_belief(belief(P), belief(r)), sigma(sp.log(P) + sp.log(r)),
                    label="updateBelief(σ(log P), σ(log r)) = σ(log P + log r) for all P, r > 0")


@supports("smt", cross_check=True, uses=("m0_in_unit", "m1_in_unit", "exp_additive", "exp_logit"))
def update_belief_multiplies_odds() -> Implication:
    """Over odds r_i = m_i/(1 − m_i): updateBelief = r0·r1/(1 + r0·r1), the belief whose odds is the product.

    E = r0·r1 = exp(logit m0)·exp(logit m1) = exp(logit m0 + logit m1); the hypothesis analysis shows
    the domain (0,1) of both beliefs is necessary."""
    m0, m1, r0, r1, num, rest, odds = z3.Reals("m0 m1 r0 r1 N C E")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    defs = {"r0": r0 == m0 / (1 - m0), "r1": r1 == m1 / (1 - m1), "N": num == m0 * m1,
            "C": rest == (1 - m0) * (1 - m1), "E": odds == r0 * r1}
    return Implication(hyps, z3.And(num + rest > 0, 1 + odds > 0, num / (num + rest) == odds / (1 + odds)),
                       label="updateBelief = E/(1+E), E = r0·r1 = exp(logit m0 + logit m1)", definitions=defs)


def _named_update(a: Any, b: Any, tag: str) -> tuple[Any, dict[str, Any], Any]:
    n, c, u = z3.Reals(f"N_{tag} C_{tag} U_{tag}")
    return u, {f"N_{tag}": n == a * b, f"C_{tag}": c == (1 - a) * (1 - b), f"U_{tag}": u == n / (n + c)}, n + c > 0


@supports("smt", cross_check=True, uses=("m0_in_unit", "m1_in_unit", "m2_in_unit"))
def update_belief_associative_on_unit_interval() -> Implication:
    """(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2) for beliefs in (0,1) directly (not in odds coordinates)."""
    m0, m1, m2 = z3.Reals("m0 m1 m2")
    u01, d01, g01 = _named_update(m0, m1, "01")
    left, dl, gl = _named_update(u01, m2, "left")
    u12, d12, g12 = _named_update(m1, m2, "12")
    right, dr, gr = _named_update(m0, u12, "right")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1), "m2_in_unit": _unit(m2)}
    # Every denominator is guarded before the equation that divides by it.
    return Implication(hyps, z3.And(g01, g12, gl, gr, left == right), label="(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2)",
                       definitions={**d01, **d12, **dl, **dr}, analyse=False)


@supports("exact", cross_check=True)
def fold_is_sigma_of_logit_sum_up_to_12() -> ExactEqual:
    """fold_⊕ in Fraction arithmetic equals Π r/(1 + Π r) for k ≤ 12 random beliefs, in any order."""
    rng = random.Random(2603)
    cases = []
    for k in range(0, 13):
        for trial in range(5):
            ms = [Fraction(rng.randint(1, 999), 1000) for _ in range(k)]
            P = Fraction(1)
            for m in ms:
                P *= m / (1 - m)
            want = P / (1 + P)
            cases.append((f"k={k} #{trial}", fold(ms, Fraction(1, 2)), want))
            shuffled = ms[:]
            rng.shuffle(shuffled)
            cases.append((f"k={k} #{trial} permuted", fold(shuffled, Fraction(1, 2)), want))
    return ExactEqual(cases, label="fold_⊕ = Πr/(1+Πr) exactly, any order, k ≤ 12",
                      detail={"max_k": 12, "trials_per_k": 5})


# ----------------------------------------------------------------------------------------------
# coppola.logodds.algebra.all_reals


@refutes("exact")
def update_belief_undefined_off_unit_square(m0: Fraction = Fraction(2), m1: Fraction = Fraction(1, 3)) -> ExactEqual:
    """At (2, 1/3) the denominator is exactly 0 (undefined in ℝ; Lean's x/0 = 0 gives 0 ∉ (0,1)); at
    (2, 1/3 + 1/1000) the value is far outside (0,1).

    The cases state what the claim says at (m0, m1) against the exact values: updateBelief is defined
    there, and (with Lean's x/0 = 0 and just above m1) its value lies in (0,1)."""
    d = denominator(m0, m1)
    lean_value = lean_div(m0 * m1, d)
    near = m1 + Fraction(1, 1000)
    near_d = denominator(m0, near)
    near_value = lean_div(m0 * near, near_d)
    return ExactEqual(
        [(f"denominator m0·m1 + (1−m0)(1−m1) ≠ 0 at ({m0}, {m1})", d != 0, True),
         (f"Lean updateBelief({m0}, {m1}) (x/0 = 0) lies in (0,1)", 0 < lean_value < 1, True),
         (f"updateBelief({m0}, {near}) lies in (0,1)", near_d != 0 and 0 < near_value < 1, True)],
        label=f"updateBelief at ({m0}, {m1}) over the reals",
        detail={"denominator": str(d), "lean_value": str(lean_value), "value_at_m1_plus_1e-3": str(near_value)})


@refutes("smt")
def denominator_has_real_zeros() -> Implication:
    """The denominator m0·m1 + (1−m0)(1−m1) has real zeros (a z3 model, re-checked by the engine)."""
    m0, m1 = z3.Reals("m0 m1")
    return Implication({}, denominator(m0, m1) != 0,
                       label="for all real m0, m1 the denominator of updateBelief is ≠ 0", analyse=False)


@refutes("smt")
def update_belief_leaves_unit_interval_on_reals() -> Implication:
    """Where defined on ℝ², updateBelief leaves (0,1) (a z3 model, re-checked by the engine)."""
    m0, m1, num, rest = z3.Reals("m0 m1 N C")
    d = num + rest
    return Implication({"denominator_nonzero": d != 0}, z3.And(d != 0, num / d > 0, num / d < 1),
                       label="where defined on ℝ², updateBelief lies in (0,1)", analyse=False,
                       definitions={"N": num == m0 * m1, "C": rest == (1 - m0) * (1 - m1)})


CLAIMS = [
    Claim(
        id="coppola.logodds.algebra",
        reading="as-stated",
        paper=PAPER,
        where="§2.2.2, §3 (the log-odds algebra of updateBelief)",
        statement=("On (0,1)²: updateBelief(m0, m1) = σ(logit m0 + logit m1); ⊕ = σ(logit · + logit ·) is "
                   "commutative and associative with identity 1/2 and inverse 1 − m; updateBelief maps (0,1)² "
                   "into (0,1) and updateBelief(m, 1/2) = m; the k-ary fold is σ(Σ logit m_i) for every k."),
        latex=r"\mathrm{uB}(m_0,m_1)=\frac{m_0m_1}{m_0m_1+(1-m_0)(1-m_1)}"
              r"=\sigma(\mathrm{logit}\,m_0+\mathrm{logit}\,m_1),\ "
              r"\bigoplus_{i=1}^k m_i=\sigma\big(\sum_i\mathrm{logit}\,m_i\big)",
        hypotheses=(
            *(Hypothesis(f"m{i}_in_unit", f"m{i} ∈ (0, 1), i.e. m{i} = r{i}/(1 + r{i}) with odds r{i} > 0")
              for i in range(3)),
            Hypothesis("m_in_unit", "every folded belief m_k lies in (0, 1)"),
            Hypothesis("r_is_odds_of_m", "r_k = m_k/(1 − m_k), the odds of m_k"),
            Hypothesis("exp_additive", "exp(a + b) = exp(a)·exp(b), exp(0) = 1 (z3 has no exp: used to turn σ(Σ logit) "
                                       "into odds)"),
            Hypothesis("exp_logit", "exp(logit m) = m/(1 − m), i.e. the odds r = m/(1 − m) > 0 of m ∈ (0,1)"),
        ),
        obligations=(
            update_belief_is_sigma_of_logit_sum, complement_is_other_share, update_belief_commutative,
            update_belief_associative, one_half_is_identity, complement_is_inverse,
            update_belief_maps_into_unit_interval, fold_is_sigma_of_logit_sum, fold_step_for_all_odds,
            update_belief_multiplies_odds, update_belief_associative_on_unit_interval,
            fold_is_sigma_of_logit_sum_up_to_12,
        ),
        explanation=("The paper's belief update m0·m1 / (m0·m1 + (1−m0)(1−m1)) is the same as adding log-odds and "
                     "mapping back with the sigmoid, and this combination is commutative and associative, with 1/2 "
                     "as neutral element and 1 − m as inverse. All of it holds for beliefs strictly between 0 and 1, "
                     "and folding k beliefs gives σ of the sum of their log-odds for every k (an induction the engine "
                     "builds)."),
    ),
    Claim(
        id="coppola.logodds.algebra.all_reals",
        reading="artifact",
        paper=PAPER,
        where="§2.2.1 (the Lean artifact: `updateBelief (m0 m1 : ℝ)`, quantified over all reals)",
        statement=("For all real m0, m1 (not only (0,1)), updateBelief(m0, m1) is defined, equals "
                   "σ(logit m0 + logit m1) and lies in (0,1)."),
        hypotheses=(Hypothesis("denominator_nonzero", "m0·m1 + (1 − m0)(1 − m1) ≠ 0: updateBelief is defined there"),),
        obligations=(update_belief_undefined_off_unit_square, denominator_has_real_zeros,
                     update_belief_leaves_unit_interval_on_reals),
        explanation=("The Lean code states the update for all real numbers, not only for beliefs in (0, 1). There "
                     "the formula breaks: at (2, 1/3) its denominator is exactly 0, and nearby its value is far "
                     "outside (0, 1), so the algebra above needs the paper's domain."),
    ),
]
