"""``coppola.logodds.*``: the log-odds algebra of updateBelief and what it means as evidence combination.

What the paper claims (Coppola, §2.2.2 and §3; §3.1–3.4): the BP update of a binary node is
updateBelief(m0, m1) = m0·m1 / (m0·m1 + (1−m0)(1−m1)), which equals σ(logit m0 + logit m1); the
operation m0 ⊕ m1 = σ(logit m0 + logit m1) is commutative and associative with identity 1/2 and
inverse 1 − m, so k beliefs fold to σ(Σ logit m_i); read as evidence combination, logit of the
posterior is the prior's logit plus the weights of evidence W(H:e_i); and (§3.4) Pearl's
sum-product update at a binary node is exactly updateBelief. The cited Lean code states
updateBelief over all reals (``updateBelief (m0 m1 : ℝ) : ℝ``).

What the project found:

* ``coppola.logodds.algebra`` — proved on (0,1)²: the identity with σ(logit + logit) (sympy
  canonical form; z3 over odds r = m/(1−m), with exp abstracted and the facts
  exp(a+b) = exp(a)exp(b), exp(logit m) = m/(1−m) named), the four ⊕ laws (sympy and z3),
  updateBelief maps (0,1)² into (0,1), updateBelief(m, 1/2) = m, and the k-ary fold
  fold_⊕(m_1..m_k) = σ(Σ logit m_i) for every k (induction over odds: the recursive fold
  F_{k+1} = updateBelief(F_k, m_{k+1}) against R_{k+1} = R_k·r_{k+1}, the invariant F_k = R_k/(1+R_k),
  R_k > 0, with base k = 1 and step by z3 and by sympy; k = 0 is the definition 1/2 = σ(0); Fraction
  cross-check for k ≤ 12). The hypothesis analysis shows the domain (0,1) is
  necessary (z3 countermodels such as m0 = 2).
* ``coppola.logodds.algebra.all_reals`` — refuted: over all reals, as the Lean definition
  quantifies, the denominator vanishes at (m0, m1) = (2, 1/3): 2·(1/3) + (1−2)(1−1/3) = 0 exactly.
  There updateBelief is undefined (Lean's x/0 = 0 makes it 0, which no σ(·) ∈ (0,1) equals), and it
  is unbounded nearby (+222.9 and −221.6 at m1 = 1/3 ± 1/1000). Where it is defined it also leaves
  (0,1) (e.g. z3 finds a re-checked model), so "maps into (0,1)" fails too.
* ``coppola.logodds.evidence`` — proved: if e0, e1 are conditionally independent given H and given
  ¬H, then P(H | e0, e1) = σ(logit m0 + logit m1 − logit π) with π = P(H), m_i = P(H | e_i) (sympy
  identity; z3 over an arbitrary joint table of (H, e0, e1), whose hypothesis analysis shows each
  of the two conditional independences is necessary and normalisation is redundant). §3.4's reading
  is proved symbolically (not just witnessed): on the star X – Y0, X – Y1 with arbitrary positive
  pairwise tables and leaf potentials and no unary prior on X, the exact marginal P(X=1) by
  enumeration equals updateBelief of the two normalised factor-to-variable messages (sympy), with an
  exact cross-check of the k-leaf fold against enumeration for k = 2..5.
* ``coppola.logodds.evidence.prior_half`` — refuted: updateBelief(m0, m1) is the posterior only
  for π = 1/2. With π = 1/4, P(e_i|H) = 1/2, P(e_i|¬H) = 1/4 one gets m0 = m1 = 2/5 and
  updateBelief = 4/13 but P(H | e0, e1) = 4/7 (exact enumeration of the joint); likewise a unary
  prior (1, 3) on the binary node X gives P(X=1) = 3/4 while updateBelief of its messages is 1/2.
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction
from typing import Any, Sequence

import sympy as sp
import z3

from verify import (Claim, Counterexample, ExactEqual, Hypothesis, Identity, Implication, NonIdentity,
                    Obligation)

from . import PAPER

# ----------------------------------------------------------------------------------------------
# The objects (generic: work on Fraction, sympy and z3 terms alike)


def update_belief(m0: Any, m1: Any) -> Any:
    """updateBelief(m0, m1) = m0 m1 / (m0 m1 + (1 − m0)(1 − m1)) ([C] §2.2.1, Lean ``updateBelief``)."""
    num = m0 * m1
    return num / (num + (1 - m0) * (1 - m1))


def denominator(m0: Any, m1: Any) -> Any:
    return m0 * m1 + (1 - m0) * (1 - m1)


def sigma(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def logit(m: sp.Expr) -> sp.Expr:
    return sp.log(m / (1 - m))


def fold(values: Sequence[Any], identity: Any) -> Any:
    """fold_⊕: ((identity ⊕ m_1) ⊕ m_2) ⊕ … (the empty fold is the identity 1/2)."""
    acc = identity
    for v in values:
        acc = update_belief(acc, v)
    return acc


_m0, _m1, _m2 = sp.symbols("m0 m1 m2", positive=True)  # in (0,1): the cross-check samples there
_UNIT_SAMPLE = {_m0: (0.01, 0.99), _m1: (0.01, 0.99), _m2: (0.01, 0.99)}

ALGEBRA_HYPOTHESES = (
    Hypothesis("m_in_unit", "every belief m_i lies in the open interval (0, 1)"),
    Hypothesis("exp_additive", "exp(a + b) = exp(a)·exp(b), exp(0) = 1 (z3 has no exp: used to turn σ(Σ logit) into odds)"),
    Hypothesis("exp_logit", "exp(logit m) = m/(1 − m), i.e. the odds r = m/(1 − m) > 0 of m ∈ (0,1)"),
)


# ----------------------------------------------------------------------------------------------
# coppola.logodds.algebra


def symbolic_identity() -> Identity:
    return Identity(update_belief(_m0, _m1), sigma(logit(_m0) + logit(_m1)),
                    label="updateBelief(m0, m1) = σ(logit m0 + logit m1)", sample=_UNIT_SAMPLE)


def symbolic_laws() -> list[Identity]:
    ub = update_belief
    half = sp.Rational(1, 2)
    return [
        Identity(ub(_m0, _m1), ub(_m1, _m0), label="commutative", sample=_UNIT_SAMPLE),
        Identity(ub(ub(_m0, _m1), _m2), ub(_m0, ub(_m1, _m2)), label="associative", sample=_UNIT_SAMPLE),
        Identity(ub(_m0, half), _m0, label="identity 1/2 (updateBelief(m, 1/2) = m)", sample=_UNIT_SAMPLE),
        Identity(ub(_m0, 1 - _m0), half, label="inverse 1 − m (m ⊕ (1−m) = 1/2)", sample=_UNIT_SAMPLE),
    ]


def _unit(m: z3.ArithRef) -> z3.BoolRef:
    return z3.And(m > 0, m < 1)


def smt_odds_identity() -> Implication:
    """σ(logit m0 + logit m1) = E/(1+E) with E = exp(logit m0)·exp(logit m1) = r0·r1 (exp facts)."""
    m0, m1, r0, r1 = z3.Reals("m0 m1 r0 r1")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    # r_i (1 − m_i) = m_i names the odds without a division (exp_logit: exp(logit m_i) = r_i).
    defs = {"r0": r0 * (1 - m0) == m0, "r1": r1 * (1 - m1) == m1}
    E = r0 * r1  # exp(logit m0 + logit m1) by exp_additive
    concl = z3.And(denominator(m0, m1) > 0, 1 + E > 0, update_belief(m0, m1) == E / (1 + E))
    return Implication(hyps, concl, label="updateBelief = E/(1+E), E = r0·r1 = exp(logit m0 + logit m1)",
                       definitions=defs)


def smt_into_unit() -> Implication:
    m0, m1 = z3.Reals("m0 m1")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    ub = update_belief(m0, m1)
    return Implication(hyps, z3.And(denominator(m0, m1) > 0, ub > 0, ub < 1),
                       label="updateBelief maps (0,1)² into (0,1)")


def smt_laws() -> list[Implication]:
    m0, m1, m2 = z3.Reals("m0 m1 m2")
    ub, D = update_belief, denominator
    h2 = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    h3 = {**h2, "m2_in_unit": _unit(m2)}
    half = z3.RealVal(1) / 2
    return [
        Implication(h2, z3.And(D(m0, m1) > 0, ub(m0, m1) == ub(m1, m0)), label="commutative", analyse=False),
        # Every inner denominator is guarded before the outer division that contains it.
        Implication(h3, z3.And(D(m0, m1) > 0, D(m1, m2) > 0, D(ub(m0, m1), m2) > 0, D(m0, ub(m1, m2)) > 0,
                               ub(ub(m0, m1), m2) == ub(m0, ub(m1, m2))), label="associative", analyse=False),
        Implication({"m0_in_unit": _unit(m0)}, z3.And(D(m0, half) > 0, ub(m0, half) == m0),
                    label="identity 1/2", analyse=False),
        Implication({"m0_in_unit": _unit(m0)}, z3.And(D(m0, 1 - m0) > 0, ub(m0, 1 - m0) == half),
                    label="inverse 1 − m", analyse=True),
    ]


def _fold_invariant(F: Any, R: Any) -> Any:
    """The induction invariant at k: the closed-form odds R_k = Π_{i≤k} r_i is positive and the
    recursive fold F_k = fold_⊕(m_1..m_k) equals R_k/(1 + R_k) = σ(Σ_{i≤k} logit m_i)
    (exp(Σ logit m_i) = Π exp(logit m_i) = Π r_i by exp_additive and exp_logit)."""
    return z3.And(R > 0, F * (1 + R) == R)


def _odds_product(R: Any, r: Any) -> Any:
    return R * r


def smt_fold_induction(extend: Any = _odds_product) -> list[Implication]:
    """fold_⊕(m_1..m_k) = R_k/(1+R_k), R_k = Π_{i≤k} r_i = exp(Σ logit m_i): induction on k ≥ 1.

    The fold is the recursion F_1 = updateBelief(1/2, m_1), F_{k+1} = updateBelief(F_k, m_{k+1})
    (``fold`` from the identity 1/2); the closed form's odds are R_1 = r_1, R_{k+1} = R_k·r_{k+1}, with
    r_i (1 − m_i) = m_i the odds of m_i. Both goals conclude the same invariant (``_fold_invariant``),
    and the step assumes exactly that invariant at k. k = 0 is the definition: the empty fold is the
    identity 1/2 = σ(0), the empty sum being 0 (checked in the Fraction cross-check, not here).
    ``extend`` is how the closed form's odds grow (R_{k+1} = extend(R_k, r_{k+1}); tests pass a wrong one).
    """
    F0, F1, R0, R1, m, r = z3.Reals("F_k F_k1 R_k R_k1 m r")
    half = z3.RealVal(1) / 2
    odds = {"r_is_odds_of_m": r * (1 - m) == m}
    # The recursive fold written without division; its denominator is guarded in the conclusion.
    base = Implication(
        {"m_in_unit": _unit(m)},
        z3.And(denominator(half, m) > 0, _fold_invariant(F1, R1)),
        label="base k=1: F_1 = updateBelief(1/2, m_1) equals R_1/(1+R_1) with R_1 = r_1 = odds(m_1) > 0",
        definitions={**odds, "R_1_is_r_1": R1 == r, "F_1_is_fold": F1 * denominator(half, m) == half * m},
        analyse=False)
    step = Implication(
        {"induction_hypothesis": _fold_invariant(F0, R0), "m_in_unit": _unit(m)},
        z3.And(denominator(F0, m) > 0, _fold_invariant(F1, R1)),
        label="step k→k+1: F_{k+1} = updateBelief(F_k, m_{k+1}) equals R_{k+1}/(1+R_{k+1}), R_{k+1} = R_k·r_{k+1}",
        definitions={**odds, "R_k1_is_product": R1 == extend(R0, r), "F_k1_is_fold": F1 * denominator(F0, m) == F0 * m})
    return [base, step]


def symbolic_fold_step() -> list[Identity]:
    P, r = sp.symbols("P r", positive=True)
    return [Identity(update_belief(sp.Rational(1, 2), r / (1 + r)), r / (1 + r),
                     label="base: updateBelief(1/2, r/(1+r)) = r/(1+r) for all r > 0"),
            Identity(update_belief(P / (1 + P), r / (1 + r)), P * r / (1 + P * r),
                     label="step: updateBelief(P/(1+P), r/(1+r)) = Pr/(1+Pr) for all P, r > 0"),
            Identity(sigma(sp.log(P) + sp.log(r)), P * r / (1 + P * r),
                     label="σ(log P + log r) = Pr/(1+Pr): the fold's odds multiply")]


def _random_unit(rng: random.Random) -> Fraction:
    return Fraction(rng.randint(1, 999), 1000)


def exact_fold_cross_check() -> ExactEqual:
    rng = random.Random(2603)
    cases = []
    for k in range(0, 13):
        for trial in range(5):
            ms = [_random_unit(rng) for _ in range(k)]
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


def lean_div(a: Fraction, b: Fraction) -> Fraction:
    """Lean/Mathlib real division: x / 0 = 0."""
    return Fraction(0) if b == 0 else a / b


def denominator_zero_counterexample(m0: Fraction = Fraction(2), m1: Fraction = Fraction(1, 3)) -> Counterexample:
    def recheck() -> tuple[bool, str]:
        d = m0 * m1 + (1 - m0) * (1 - m1)
        num = m0 * m1
        lean_value = lean_div(num, d)
        # σ(t) = 1/(1 + e^{-t}) with e^{-t} > 0 lies strictly between 0 and 1 for every real t,
        # so σ(logit m0 + logit m1) ≠ 0 whatever value a total logit gives outside (0,1).
        if d == 0 and num != 0:
            eps = Fraction(1, 1000)
            above, below = update_belief(m0, m1 + eps), update_belief(m0, m1 - eps)
        else:
            above = below = Fraction(0)
        ok = d == 0 and num != 0 and lean_value == 0 and abs(above) > 100 and abs(below) > 100
        if not ok:
            return False, f"m0·m1 + (1−m0)(1−m1) = {d} at ({m0}, {m1}): not a zero of the denominator"
        return ok, (f"m0·m1 + (1−m0)(1−m1) = {d} exactly at ({m0}, {m1}) while m0·m1 = {num}: updateBelief is "
                    f"undefined in ℝ; Lean's x/0 = 0 makes it {lean_value}, which no σ(t) ∈ (0,1) equals; "
                    f"near the point it is unbounded: {float(above):.1f} at m1 + 1/1000, "
                    f"{float(below):.1f} at m1 − 1/1000, so it is not continuous there either")

    return Counterexample(f"updateBelief({m0}, {m1}) has denominator 0 (over all reals the identity fails)",
                          {"m0": m0, "m1": m1, "denominator": denominator(m0, m1)}, recheck)


def smt_denominator_vanishes() -> Implication:
    m0, m1 = z3.Reals("m0 m1")
    return Implication({}, denominator(m0, m1) != 0,
                       label="for all real m0, m1 the denominator of updateBelief is ≠ 0", analyse=False)


def smt_range_over_reals() -> Implication:
    m0, m1 = z3.Reals("m0 m1")
    D = denominator(m0, m1)
    ub = update_belief(m0, m1)
    return Implication({"denominator_nonzero": D != 0}, z3.And(D != 0, ub > 0, ub < 1),
                       label="where defined on ℝ², updateBelief lies in (0,1)", analyse=False)


# ----------------------------------------------------------------------------------------------
# coppola.logodds.evidence

_prior = sp.Symbol("prior", positive=True)
_L0, _L1, _M0, _M1 = sp.symbols("L0 L1 M0 M1", positive=True)


def _posterior_ci() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """P(H|e0,e1), P(H|e0), P(H|e1) when e0 ⟂ e1 given H and given ¬H (L_i = P(e_i|H), M_i = P(e_i|¬H))."""
    post = _prior * _L0 * _L1 / (_prior * _L0 * _L1 + (1 - _prior) * _M0 * _M1)
    m0 = _prior * _L0 / (_prior * _L0 + (1 - _prior) * _M0)
    m1 = _prior * _L1 / (_prior * _L1 + (1 - _prior) * _M1)
    return post, m0, m1


def symbolic_general_prior() -> list[Identity]:
    post, m0, m1 = _posterior_ci()
    return [
        Identity(post, sigma(logit(m0) + logit(m1) - logit(_prior)),
                 label="P(H|e0,e1) = σ(logit m0 + logit m1 − logit π)", sample={_prior: (0.02, 0.98)}),
        Identity(logit(post), logit(_prior) + sp.log(_L0 / _M0) + sp.log(_L1 / _M1),
                 label="logit P(H|e0,e1) = logit π + W(H:e0) + W(H:e1), W(H:e) = log P(e|H)/P(e|¬H)",
                 sample={_prior: (0.02, 0.98)}),
        Identity(post.subs(_prior, sp.Rational(1, 2)), update_belief(m0, m1).subs(_prior, sp.Rational(1, 2)),
                 label="π = 1/2: the posterior is updateBelief(m0, m1)"),
    ]


def _joint_cells() -> dict[tuple[int, int, int], z3.ArithRef]:
    return {(h, a, b): z3.Real(f"p_{h}{a}{b}") for h in (0, 1) for a in (0, 1) for b in (0, 1)}


def smt_general_prior() -> Implication:
    """Over an arbitrary joint table p[h][e0][e1] (the odds form; exp facts turn σ/logit into odds)."""
    p = _joint_cells()
    hyps = {
        "cells_positive": z3.And([v > 0 for v in p.values()]),
        "normalised": z3.Sum(list(p.values())) == 1,
        "ci_given_H": p[1, 1, 1] * p[1, 0, 0] == p[1, 1, 0] * p[1, 0, 1],
        "ci_given_not_H": p[0, 1, 1] * p[0, 0, 0] == p[0, 1, 0] * p[0, 0, 1],
    }
    P1, P0, A1, A0, B1, B0 = z3.Reals("P_H P_notH A_H A_notH B_H B_notH")
    defs = {
        "P_H": P1 == z3.Sum([p[1, a, b] for a in (0, 1) for b in (0, 1)]),
        "P_notH": P0 == z3.Sum([p[0, a, b] for a in (0, 1) for b in (0, 1)]),
        "A_H": A1 == p[1, 1, 0] + p[1, 1, 1], "A_notH": A0 == p[0, 1, 0] + p[0, 1, 1],
        "B_H": B1 == p[1, 0, 1] + p[1, 1, 1], "B_notH": B0 == p[0, 0, 1] + p[0, 1, 1],
    }
    # odds P(H|e0,e1) = odds(m0)·odds(m1)/odds(π): exp of logit m0 + logit m1 − logit π
    concl = z3.And(P0 > 0, A0 > 0, B0 > 0, p[0, 1, 1] > 0, P1 > 0,
                   p[1, 1, 1] / p[0, 1, 1] == (A1 / A0) * (B1 / B0) / (P1 / P0))
    return Implication(hyps, concl, label="odds(H|e0,e1) = odds(H|e0)·odds(H|e1)/odds(H) on any joint table",
                       definitions=defs)


def _star_symbols(leaves: int) -> tuple[list, list]:
    f = [[[sp.Symbol(f"f{i}_{x}{y}", positive=True) for y in (0, 1)] for x in (0, 1)] for i in range(leaves)]
    phi = [[sp.Symbol(f"phi{i}_{y}", positive=True) for y in (0, 1)] for i in range(leaves)]
    return f, phi


def _star_marginal(f: list, phi: list, prior_x: Sequence[Any] = (1, 1)) -> Any:
    """P(X = 1) on the star X – Y_i by brute-force enumeration of all joint states."""
    k = len(f)
    z = [0, 0]
    for x in (0, 1):
        for ys in itertools.product((0, 1), repeat=k):
            w = prior_x[x]
            for i, y in enumerate(ys):
                w = w * f[i][x][y] * phi[i][y]
            z[x] = z[x] + w
    return z[1] / (z[0] + z[1])


def _normalised_messages(f: list, phi: list) -> list:
    """m_i = μ_i(1)/(μ_i(0)+μ_i(1)), μ_i(x) = Σ_y f_i(x,y) φ_i(y): the factor-to-variable messages."""
    out = []
    for fi, pi in zip(f, phi):
        mu = [sum(fi[x][y] * pi[y] for y in (0, 1)) for x in (0, 1)]
        out.append(mu[1] / (mu[0] + mu[1]))
    return out


def symbolic_binary_node() -> Identity:
    f, phi = _star_symbols(2)
    m = _normalised_messages(f, phi)
    return Identity(_star_marginal(f, phi), update_belief(m[0], m[1]),
                    label="star X–Y0, X–Y1, no unary on X: P(X=1) by enumeration = updateBelief(m0, m1)")


def exact_star_cross_check() -> ExactEqual:
    rng = random.Random(3404)
    cases = []
    for k in range(2, 6):
        for trial in range(4):
            f = [[[Fraction(rng.randint(1, 20), 10) for _ in (0, 1)] for _ in (0, 1)] for _ in range(k)]
            phi = [[Fraction(rng.randint(1, 20), 10) for _ in (0, 1)] for _ in range(k)]
            cases.append((f"star k={k} #{trial}", _star_marginal(f, phi),
                          fold(_normalised_messages(f, phi), Fraction(1, 2))))
    return ExactEqual(cases, label="k-leaf star: enumeration = fold_⊕ of normalised messages (exact)",
                      detail={"leaves": "2..5", "trials": 4})


# ----------------------------------------------------------------------------------------------
# coppola.logodds.evidence.prior_half


def prior_counterexample(prior: Fraction = Fraction(1, 4)) -> Counterexample:
    like = {1: (Fraction(1, 2), Fraction(1, 2)), 0: (Fraction(1, 4), Fraction(1, 4))}  # P(e_i = 1 | h)

    def recheck() -> tuple[bool, str]:
        # The joint table of (H, e0, e1) with e0 ⟂ e1 given H, enumerated in exact arithmetic.
        joint = {}
        for h, a, b in itertools.product((0, 1), repeat=3):
            ph = prior if h else 1 - prior
            pa = like[h][0] if a else 1 - like[h][0]
            pb = like[h][1] if b else 1 - like[h][1]
            joint[h, a, b] = ph * pa * pb
        post = joint[1, 1, 1] / (joint[0, 1, 1] + joint[1, 1, 1])
        m0 = sum(joint[1, 1, b] for b in (0, 1)) / sum(joint[h, 1, b] for h in (0, 1) for b in (0, 1))
        m1 = sum(joint[1, a, 1] for a in (0, 1)) / sum(joint[h, a, 1] for h in (0, 1) for a in (0, 1))
        ub = update_belief(m0, m1)
        odds = (m0 / (1 - m0)) * (m1 / (1 - m1)) / (prior / (1 - prior))
        general = odds / (1 + odds)
        ok = ub != post and general == post
        return ok, (f"π = {prior}, P(e|H) = 1/2, P(e|¬H) = 1/4: m0 = {m0}, m1 = {m1}, updateBelief = {ub} but "
                    f"P(H|e0,e1) = {post} by enumerating the joint; the general-prior formula gives {general}")

    return Counterexample("updateBelief is not the posterior when π ≠ 1/2",
                          {"prior": prior, "P(e|H)": like[1][0], "P(e|notH)": like[0][0]}, recheck)


def symbolic_unary_prior() -> NonIdentity:
    f, phi = _star_symbols(2)
    px0, px1 = sp.symbols("psi_X0 psi_X1", positive=True)
    m = _normalised_messages(f, phi)
    point = {s: sp.Integer(1) for row in f for r in row for s in r}
    point.update({s: sp.Integer(1) for row in phi for s in row})
    point.update({px0: sp.Integer(1), px1: sp.Integer(3)})
    return NonIdentity(_star_marginal(f, phi, (px0, px1)), update_belief(m[0], m[1]), point,
                       label="with a unary prior (1, 3) on X: P(X=1) = 3/4 but updateBelief(m0, m1) = 1/2")


CLAIMS = [
    Claim(
        id="coppola.logodds.algebra",
        paper=PAPER,
        where="§2.2.2, §3 (log-odds algebra; Lean updateBelief)",
        statement=("On (0,1)²: updateBelief(m0, m1) = σ(logit m0 + logit m1); ⊕ = σ(logit · + logit ·) is "
                   "commutative and associative with identity 1/2 and inverse 1 − m; updateBelief maps (0,1)² "
                   "into (0,1) and updateBelief(m, 1/2) = m; the k-ary fold is σ(Σ logit m_i) for every k."),
        latex=r"\mathrm{uB}(m_0,m_1)=\frac{m_0m_1}{m_0m_1+(1-m_0)(1-m_1)}=\sigma(\mathrm{logit}\,m_0+\mathrm{logit}\,m_1),\ "
              r"\bigoplus_{i=1}^k m_i=\sigma\big(\sum_i\mathrm{logit}\,m_i\big)",
        hypotheses=ALGEBRA_HYPOTHESES,
        obligations=(
            Obligation("identity.symbolic", "symbolic", "supports",
                       "updateBelief(m0, m1) = σ(logit m0 + logit m1) (sympy canonical form)", symbolic_identity,
                       uses=("m_in_unit",)),
            Obligation("laws.symbolic", "symbolic", "supports",
                       "⊕ is commutative and associative, updateBelief(m, 1/2) = m, m ⊕ (1 − m) = 1/2",
                       symbolic_laws, uses=("m_in_unit",)),
            Obligation("identity.odds.smt", "smt", "supports",
                       "z3 over odds r_i = m_i/(1 − m_i): updateBelief = r0r1/(1 + r0r1) = σ(logit m0 + logit m1)",
                       smt_odds_identity, timeout=30, uses=("m_in_unit", "exp_additive", "exp_logit")),
            Obligation("into_unit.smt", "smt", "supports", "updateBelief maps (0,1)² into (0,1) (z3)",
                       smt_into_unit, timeout=30, uses=("m_in_unit",)),
            Obligation("laws.smt", "smt", "supports",
                       "the four ⊕ laws in z3 over (0,1) (every denominator guarded)", smt_laws, timeout=30,
                       cross_check=True, uses=("m_in_unit",)),
            Obligation("fold.induction", "smt", "supports",
                       "fold_⊕(m_1..m_k) = σ(Σ logit m_i) for every k ≥ 1 by z3 induction over odds: base k = 1 "
                       "(F_1 = updateBelief(1/2, m_1), R_1 = r_1) and step k → k+1 (F_{k+1} = updateBelief(F_k, "
                       "m_{k+1}), R_{k+1} = R_k·r_{k+1}) both conclude F = R/(1+R), R > 0",
                       smt_fold_induction, timeout=30, uses=("m_in_unit", "exp_additive", "exp_logit")),
            Obligation("fold.step.symbolic", "symbolic", "supports",
                       "the induction base and step for all P, r > 0 by sympy", symbolic_fold_step),
            Obligation("fold.exact", "exact", "supports",
                       "fold_⊕ in Fraction arithmetic equals Π r/(1 + Π r) for k ≤ 12, in any order",
                       exact_fold_cross_check, cross_check=True),
        ),
    ),
    Claim(
        id="coppola.logodds.algebra.all_reals",
        paper=PAPER,
        where="Lean `updateBelief (m0 m1 : ℝ)`, quantified over all reals",
        statement=("For all real m0, m1 (not only (0,1)), updateBelief(m0, m1) is defined, equals "
                   "σ(logit m0 + logit m1) and lies in (0,1)."),
        obligations=(
            Obligation("denominator_zero.exact", "exact", "refutes",
                       "at (2, 1/3) the denominator is exactly 0: undefined in ℝ, 0 under Lean's x/0 = 0 "
                       "(≠ any σ value), unbounded nearby", denominator_zero_counterexample),
            Obligation("denominator_zero.smt", "smt", "refutes",
                       "z3: the denominator m0·m1 + (1−m0)(1−m1) has real zeros (model re-checked exactly)",
                       smt_denominator_vanishes, timeout=20),
            Obligation("range.smt", "smt", "refutes",
                       "z3: where defined on ℝ², updateBelief leaves (0,1) (model re-checked exactly)",
                       smt_range_over_reals, timeout=20),
        ),
    ),
    Claim(
        id="coppola.logodds.evidence",
        paper=PAPER,
        where="§3.1–3.4 (weight of evidence; sum-product at a binary node)",
        statement=("If e0, e1 are conditionally independent given H and given ¬H, then with π = P(H) and "
                   "m_i = P(H|e_i): logit P(H|e0,e1) = logit π + W(H:e0) + W(H:e1), i.e. "
                   "P(H|e0,e1) = σ(logit m0 + logit m1 − logit π); updateBelief is the case π = 1/2. §3.4: "
                   "Pearl's sum-product at a binary node with no unary prior gives updateBelief of the "
                   "normalised factor-to-variable messages."),
        latex=r"P(H\mid e_0,e_1)=\sigma(\mathrm{logit}\,m_0+\mathrm{logit}\,m_1-\mathrm{logit}\,\pi)",
        hypotheses=(
            Hypothesis("conditional_independence", "e0 ⟂ e1 given H and given ¬H"),
            Hypothesis("positive_probabilities", "all probabilities involved are positive (so every odds is defined)"),
            Hypothesis("no_unary_prior", "§3.4: the binary node has no unary potential of its own"),
        ),
        obligations=(
            Obligation("general_prior.symbolic", "symbolic", "supports",
                       "sympy: P(H|e0,e1) = σ(logit m0 + logit m1 − logit π) under conditional independence",
                       symbolic_general_prior, uses=("conditional_independence", "positive_probabilities")),
            Obligation("general_prior.smt", "smt", "supports",
                       "z3 over an arbitrary joint table of (H, e0, e1): the odds identity; the analysis shows "
                       "which independence hypotheses are necessary", smt_general_prior, timeout=9,
                       uses=("conditional_independence", "positive_probabilities")),
            Obligation("binary_node.symbolic", "symbolic", "supports",
                       "§3.4 proved symbolically: on the star X–Y0, X–Y1 (arbitrary positive tables and leaf "
                       "potentials) P(X=1) by enumeration = updateBelief of the normalised messages",
                       symbolic_binary_node, uses=("no_unary_prior",)),
            Obligation("star.exact", "exact", "supports",
                       "k-leaf stars (k = 2..5), exact: enumeration = fold_⊕ of the normalised messages",
                       exact_star_cross_check, cross_check=True, uses=("no_unary_prior",)),
        ),
    ),
    Claim(
        id="coppola.logodds.evidence.prior_half",
        paper=PAPER,
        where="§3 (updateBelief read as the posterior for any prior)",
        statement="updateBelief(m0, m1) = P(H | e0, e1) whatever the prior π = P(H) (and at a node with a unary prior).",
        obligations=(
            Obligation("prior_quarter.exact", "exact", "refutes",
                       "π = 1/4: updateBelief = 4/13 ≠ P(H|e0,e1) = 4/7 (exact enumeration of the joint)",
                       prior_counterexample),
            Obligation("unary_prior.symbolic", "symbolic", "refutes",
                       "binary node with unary prior (1, 3): P(X=1) = 3/4 ≠ updateBelief(m0, m1) = 1/2",
                       symbolic_unary_prior),
        ),
    ),
]
