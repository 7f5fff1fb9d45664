"""``coppola.logodds.*``: the log-odds algebra of updateBelief and what it means as evidence combination.

The paper (Coppola, §2.2.2, §3, §3.1–3.4): updateBelief(m0, m1) = m0·m1 / (m0·m1 + (1−m0)(1−m1))
= σ(logit m0 + logit m1); ⊕ is commutative, associative, with identity 1/2 and inverse 1 − m; k
beliefs fold to σ(Σ logit m_i); read as evidence, logit of the posterior is the prior's logit plus
the weights of evidence; §3.4: sum-product at a binary node is updateBelief. The Lean code states
updateBelief over all reals.

Definitions: :func:`update_belief`, :func:`sigma`, :func:`logit`, :func:`fold` (fold_⊕ from the
identity 1/2), :func:`belief` (the belief with odds r), :func:`lean_div` (Lean's x/0 = 0).

* ``coppola.logodds.algebra`` — proved on (0,1)², in odds coordinates m = r/(1+r), r > 0 (sympy
  proves 1 − r/(1+r) > 0, not 1 − m > 0): the σ(logit + logit) identity and the ⊕ laws (sympy;
  associativity writes the inner complement through the lemma 1 − a/(a+b) = b/(a+b)), (0,1)² → (0,1)
  (z3), the k-ary fold F_k = R_k/(1+R_k), R_k = Π r_i = exp(Σ logit m_i) for every k ≥ 0 (z3
  induction built by the engine) and its step for all odds (sympy). Cross-checks: z3 versions of
  the odds identity and associativity, and exact folds for k ≤ 12.
* ``coppola.logodds.algebra.all_reals`` — refuted: at (2, 1/3) the denominator is exactly 0 (and
  Lean's x/0 = 0 gives 0 ∉ (0,1); at m1 = 1/3 + 1/1000 the value is about 223); z3 models for "the
  denominator never vanishes" and "the value stays in (0,1)" re-checked by the engine.
* ``coppola.logodds.evidence`` — proved: with e0 ⟂ e1 given H and ¬H, P(H|e0,e1) =
  σ(logit m0 + logit m1 − logit π) = σ(logit π + W(H:e0) + W(H:e1)), the case π = 1/2 is
  updateBelief (sympy, prior odds q = π/(1−π)); over an arbitrary joint table (z3, with the
  hypothesis analysis); §3.4 on the star X – Y0, X – Y1 (sympy; exact k-leaf stars as cross-check).
* ``coppola.logodds.evidence.prior_half`` — refuted: π = 1/4 gives updateBelief = 4/13 but
  P(H|e0,e1) = 4/7 (exact); a unary prior (1, 3) on X gives 3/4 vs 1/2 (sympy at the point).
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction
from typing import Any, Callable, Sequence

import sympy as sp
import z3

from verify import Claim, ExactEqual, Hypothesis, Identity, Implication, Induction, NonIdentity, Obligation

from . import PAPER

# ----------------------------------------------------------------------------------------------
# The objects (generic: Fraction, sympy and z3 terms alike)


def update_belief(m0: Any, m1: Any, c0: Any = None, c1: Any = None) -> Any:
    """updateBelief(m0, m1) = m0 m1 / (m0 m1 + (1 − m0)(1 − m1)) ([C] §2.2.1, Lean ``updateBelief``).

    ``c0``, ``c1`` are the complements 1 − m_i; a symbolic caller passes b/(a+b) for m = a/(a+b)
    (the lemma :func:`symbolic_complement`), so that sympy can see the factors are positive."""
    c0 = 1 - m0 if c0 is None else c0
    c1 = 1 - m1 if c1 is None else c1
    num = m0 * m1
    return num / (num + c0 * c1)


def denominator(m0: Any, m1: Any) -> Any:
    return m0 * m1 + (1 - m0) * (1 - m1)


def sigma(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def logit(m: sp.Expr, c: sp.Expr | None = None) -> sp.Expr:
    """log(m/(1 − m)), with ``c`` = 1 − m when the caller has it in a positive form."""
    return sp.log(m / ((1 - m) if c is None else c))


def fold(values: Sequence[Any], identity: Any) -> Any:
    """fold_⊕: ((identity ⊕ m_1) ⊕ m_2) ⊕ … (the empty fold is the identity 1/2)."""
    acc = identity
    for v in values:
        acc = update_belief(acc, v)
    return acc


def belief(r: sp.Expr) -> sp.Expr:
    """The belief with odds r > 0: m = r/(1+r) ∈ (0,1) (a bijection (0,∞) → (0,1))."""
    return r / (1 + r)


_r0, _r1, _r2 = sp.symbols("r0 r1 r2", positive=True)
_a, _b = sp.symbols("a b", positive=True)
_HALF = sp.Rational(1, 2)

ALGEBRA_HYPOTHESES = (
    Hypothesis("m_in_unit", "every belief m_i lies in the open interval (0, 1), i.e. m_i = r_i/(1+r_i) with odds r_i > 0"),
    Hypothesis("exp_additive", "exp(a + b) = exp(a)·exp(b), exp(0) = 1 (z3 has no exp: used to turn σ(Σ logit) into odds)"),
    Hypothesis("exp_logit", "exp(logit m) = m/(1 − m), i.e. the odds r = m/(1 − m) > 0 of m ∈ (0,1)"),
)


# ----------------------------------------------------------------------------------------------
# coppola.logodds.algebra


def symbolic_complement() -> Identity:
    return Identity(1 - _a / (_a + _b), _b / (_a + _b), label="1 − a/(a+b) = b/(a+b) for a, b > 0")


def symbolic_identity() -> Identity:
    m0, m1 = belief(_r0), belief(_r1)
    return Identity(update_belief(m0, m1), sigma(logit(m0) + logit(m1)),
                    label="updateBelief(m0, m1) = σ(logit m0 + logit m1), m_i = r_i/(1+r_i), r_i > 0")


def symbolic_commutative() -> Identity:
    m0, m1 = belief(_r0), belief(_r1)
    return Identity(update_belief(m0, m1), update_belief(m1, m0), label="m0 ⊕ m1 = m1 ⊕ m0")


def _inner(m0: sp.Expr, m1: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """m0 ⊕ m1 and its complement (1−m0)(1−m1)/D (by the complement lemma, D = m0m1 + (1−m0)(1−m1))."""
    num, rest = m0 * m1, (1 - m0) * (1 - m1)
    return num / (num + rest), rest / (num + rest)


def symbolic_associative() -> Identity:
    m0, m1, m2 = belief(_r0), belief(_r1), belief(_r2)
    left, left_c = _inner(m0, m1)
    right, right_c = _inner(m1, m2)
    return Identity(update_belief(left, m2, left_c), update_belief(m0, right, None, right_c),
                    label="(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2), inner complements by 1 − a/(a+b) = b/(a+b)")


def symbolic_identity_half() -> Identity:
    m0 = belief(_r0)
    return Identity(update_belief(m0, _HALF), m0, label="updateBelief(m, 1/2) = m")


def symbolic_inverse() -> Identity:
    m0 = belief(_r0)
    return Identity(update_belief(m0, 1 - m0), _HALF, label="m ⊕ (1 − m) = 1/2")


def _unit(m: z3.ArithRef) -> z3.BoolRef:
    return z3.And(m > 0, m < 1)


def smt_odds_identity() -> Implication:
    """updateBelief = E/(1+E) with E = r0·r1 = exp(logit m0)·exp(logit m1) = exp(logit m0 + logit m1)."""
    m0, m1, r0, r1, N, C, E = z3.Reals("m0 m1 r0 r1 N C E")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    defs = {"r0": r0 == m0 / (1 - m0), "r1": r1 == m1 / (1 - m1), "N": N == m0 * m1,
            "C": C == (1 - m0) * (1 - m1), "E": E == r0 * r1}
    return Implication(hyps, z3.And(N + C > 0, 1 + E > 0, N / (N + C) == E / (1 + E)),
                       label="updateBelief = E/(1+E), E = r0·r1 = exp(logit m0 + logit m1)", definitions=defs)


def smt_into_unit() -> Implication:
    m0, m1, N, C, U = z3.Reals("m0 m1 N C U")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1)}
    defs = {"N": N == m0 * m1, "C": C == (1 - m0) * (1 - m1), "U": U == N / (N + C)}
    return Implication(hyps, z3.And(N + C > 0, U > 0, U < 1), label="updateBelief maps (0,1)² into (0,1)",
                       definitions=defs)


def _named_update(a: Any, b: Any, tag: str) -> tuple[Any, dict[str, Any], Any]:
    n, c, u = z3.Reals(f"N_{tag} C_{tag} U_{tag}")
    return u, {f"N_{tag}": n == a * b, f"C_{tag}": c == (1 - a) * (1 - b), f"U_{tag}": u == n / (n + c)}, n + c > 0


def smt_associative() -> Implication:
    m0, m1, m2 = z3.Reals("m0 m1 m2")
    u01, d01, g01 = _named_update(m0, m1, "01")
    left, dl, gl = _named_update(u01, m2, "left")
    u12, d12, g12 = _named_update(m1, m2, "12")
    right, dr, gr = _named_update(m0, u12, "right")
    hyps = {"m0_in_unit": _unit(m0), "m1_in_unit": _unit(m1), "m2_in_unit": _unit(m2)}
    # Every denominator is guarded before the equation that divides by it.
    return Implication(hyps, z3.And(g01, g12, gl, gr, left == right), label="(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2)",
                       definitions={**d01, **d12, **dl, **dr}, analyse=False)


def _odds_product(R: Any, r: Any) -> Any:
    return R * r


def fold_induction(extend: Callable[[Any, Any], Any] = _odds_product,
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


def symbolic_fold_step() -> Identity:
    P, r = sp.symbols("P r", positive=True)
    return Identity(update_belief(belief(P), belief(r)), sigma(sp.log(P) + sp.log(r)),
                    label="updateBelief(σ(log P), σ(log r)) = σ(log P + log r) for all P, r > 0")


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


def denominator_zero_cases(m0: Fraction = Fraction(2), m1: Fraction = Fraction(1, 3)) -> ExactEqual:
    """What the claim says at (m0, m1), against the exact values: updateBelief is defined there, and
    (with Lean's x/0 = 0 and just above m1) its value lies in (0,1)."""
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


def smt_denominator_vanishes() -> Implication:
    m0, m1 = z3.Reals("m0 m1")
    return Implication({}, denominator(m0, m1) != 0,
                       label="for all real m0, m1 the denominator of updateBelief is ≠ 0", analyse=False)


def smt_range_over_reals() -> Implication:
    m0, m1, N, C = z3.Reals("m0 m1 N C")
    return Implication({"denominator_nonzero": N + C != 0}, z3.And(N + C != 0, N / (N + C) > 0, N / (N + C) < 1),
                       label="where defined on ℝ², updateBelief lies in (0,1)", analyse=False,
                       definitions={"N": N == m0 * m1, "C": C == (1 - m0) * (1 - m1)})


# ----------------------------------------------------------------------------------------------
# coppola.logodds.evidence

_q = sp.Symbol("q", positive=True)          # prior odds π/(1 − π)
_L0, _L1, _M0, _M1 = sp.symbols("L0 L1 M0 M1", positive=True)


def _posterior_ci(q: sp.Expr = _q) -> dict[str, sp.Expr]:
    """Bayes under e0 ⟂ e1 given H and given ¬H (L_i = P(e_i|H), M_i = P(e_i|¬H), π = q/(1+q)):
    P(H|e0,e1), and P(H|e_i) = a_i/(a_i + b_i) with its complement P(¬H|e_i) = b_i/(a_i + b_i)."""
    prior = q / (1 + q)
    a = [prior * L for L in (_L0, _L1)]
    b = [(1 - prior) * M for M in (_M0, _M1)]
    out = {"prior": prior,
           "post": prior * _L0 * _L1 / (prior * _L0 * _L1 + (1 - prior) * _M0 * _M1)}
    for i in (0, 1):
        out[f"m{i}"] = a[i] / (a[i] + b[i])
        out[f"c{i}"] = b[i] / (a[i] + b[i])
    return out


def symbolic_general_prior() -> Identity:
    p = _posterior_ci()
    return Identity(p["post"], sigma(logit(p["m0"], p["c0"]) + logit(p["m1"], p["c1"]) - logit(p["prior"])),
                    label="P(H|e0,e1) = σ(logit m0 + logit m1 − logit π) (1 − m_i = P(¬H|e_i) by the lemma)")


def symbolic_weight_of_evidence() -> Identity:
    p = _posterior_ci()
    return Identity(p["post"], sigma(logit(p["prior"]) + sp.log(_L0 / _M0) + sp.log(_L1 / _M1)),
                    label="P(H|e0,e1) = σ(logit π + W(H:e0) + W(H:e1)), W(H:e) = log P(e|H)/P(e|¬H)")


def symbolic_prior_half() -> Identity:
    p = _posterior_ci(sp.Integer(1))
    return Identity(p["post"], update_belief(p["m0"], p["m1"], p["c0"], p["c1"]),
                    label="π = 1/2: P(H|e0,e1) = updateBelief(m0, m1)")


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
    # odds P(H|e0,e1) = odds(m0)·odds(m1)/odds(π) = (A_H/A_¬H)(B_H/B_¬H)/(P_H/P_¬H): exp of logit m0 + logit m1
    # − logit π, written as one quotient (z3's unsat-core query on the nested quotients runs past its budget)
    concl = z3.And(P0 > 0, A0 > 0, B0 > 0, p[0, 1, 1] > 0, P1 > 0,
                   p[1, 1, 1] / p[0, 1, 1] == (A1 * B1 * P0) / (A0 * B0 * P1))
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


def _messages(f: list, phi: list) -> list[list[Any]]:
    """μ_i(x) = Σ_y f_i(x,y) φ_i(y): the factor-to-variable messages into X."""
    return [[sum(fi[x][y] * pi[y] for y in (0, 1)) for x in (0, 1)] for fi, pi in zip(f, phi)]


def _normalised_messages(f: list, phi: list) -> list:
    """m_i = μ_i(1)/(μ_i(0)+μ_i(1))."""
    return [mu[1] / (mu[0] + mu[1]) for mu in _messages(f, phi)]


def symbolic_binary_node() -> Identity:
    f, phi = _star_symbols(2)
    mu = _messages(f, phi)
    m = [u[1] / (u[0] + u[1]) for u in mu]
    c = [u[0] / (u[0] + u[1]) for u in mu]   # 1 − m_i by the complement lemma
    return Identity(_star_marginal(f, phi), update_belief(m[0], m[1], c[0], c[1]),
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


def prior_cases(prior: Fraction = Fraction(1, 4)) -> ExactEqual:
    """updateBelief(m0, m1) against P(H|e0,e1), both from the exact joint of (H, e0, e1) with
    e0 ⟂ e1 given H, P(e_i|H) = 1/2, P(e_i|¬H) = 1/4."""
    like = {1: Fraction(1, 2), 0: Fraction(1, 4)}  # P(e_i = 1 | h), the same for both pieces of evidence
    joint = {}
    for h, a, b in itertools.product((0, 1), repeat=3):
        ph = prior if h else 1 - prior
        pa = like[h] if a else 1 - like[h]
        pb = like[h] if b else 1 - like[h]
        joint[h, a, b] = ph * pa * pb
    post = joint[1, 1, 1] / (joint[0, 1, 1] + joint[1, 1, 1])
    m0 = sum(joint[1, 1, b] for b in (0, 1)) / sum(joint[h, 1, b] for h in (0, 1) for b in (0, 1))
    m1 = sum(joint[1, a, 1] for a in (0, 1)) / sum(joint[h, a, 1] for h in (0, 1) for a in (0, 1))
    return ExactEqual([(f"π = {prior}: updateBelief(m0, m1) vs P(H|e0,e1)", update_belief(m0, m1), post)],
                      label="updateBelief of the single-evidence posteriors vs the joint posterior",
                      detail={"prior": str(prior), "m0": str(m0), "m1": str(m1), "posterior": str(post)})


def symbolic_unary_prior() -> NonIdentity:
    f, phi = _star_symbols(2)
    px0, px1 = sp.symbols("psi_X0 psi_X1", positive=True)
    m = _normalised_messages(f, phi)
    point = {s: sp.Integer(1) for row in f for r in row for s in r}
    point.update({s: sp.Integer(1) for row in phi for s in row})
    point.update({px0: sp.Integer(1), px1: sp.Integer(3)})
    return NonIdentity(_star_marginal(f, phi, (px0, px1)), update_belief(m[0], m[1]), point,
                       label="with a unary prior (1, 3) on X: P(X=1) = 3/4 but updateBelief(m0, m1) = 1/2")


_COMPLEMENT = ("complement.symbolic", "symbolic", "supports",
               "lemma: 1 − a/(a+b) = b/(a+b) for a, b > 0 (how the identities write 1 − m for a normalised m)",
               symbolic_complement)

CLAIMS = [
    Claim(
        id="coppola.logodds.algebra",
        reading="as-stated",
        paper=PAPER,
        where="§2.2.2, §3 (the log-odds algebra of updateBelief)",
        statement=("On (0,1)²: updateBelief(m0, m1) = σ(logit m0 + logit m1); ⊕ = σ(logit · + logit ·) is "
                   "commutative and associative with identity 1/2 and inverse 1 − m; updateBelief maps (0,1)² "
                   "into (0,1) and updateBelief(m, 1/2) = m; the k-ary fold is σ(Σ logit m_i) for every k."),
        latex=r"\mathrm{uB}(m_0,m_1)=\frac{m_0m_1}{m_0m_1+(1-m_0)(1-m_1)}=\sigma(\mathrm{logit}\,m_0+\mathrm{logit}\,m_1),\ "
              r"\bigoplus_{i=1}^k m_i=\sigma\big(\sum_i\mathrm{logit}\,m_i\big)",
        hypotheses=ALGEBRA_HYPOTHESES,
        obligations=(
            Obligation("identity.symbolic", "symbolic", "supports",
                       "updateBelief(m0, m1) = σ(logit m0 + logit m1) for all odds r0, r1 > 0 (sympy)",
                       symbolic_identity, uses=("m_in_unit",)),
            Obligation(*_COMPLEMENT),
            Obligation("commutative.symbolic", "symbolic", "supports", "m0 ⊕ m1 = m1 ⊕ m0 (sympy, odds)",
                       symbolic_commutative, uses=("m_in_unit",)),
            Obligation("associative.symbolic", "symbolic", "supports",
                       "(m0 ⊕ m1) ⊕ m2 = m0 ⊕ (m1 ⊕ m2) (sympy, odds; inner complements by the lemma)",
                       symbolic_associative, uses=("m_in_unit",)),
            Obligation("identity_half.symbolic", "symbolic", "supports", "updateBelief(m, 1/2) = m (sympy, odds)",
                       symbolic_identity_half, uses=("m_in_unit",)),
            Obligation("inverse.symbolic", "symbolic", "supports", "m ⊕ (1 − m) = 1/2 (sympy, odds)",
                       symbolic_inverse, uses=("m_in_unit",)),
            Obligation("into_unit.smt", "smt", "supports", "updateBelief maps (0,1)² into (0,1) (z3)",
                       smt_into_unit, uses=("m_in_unit",)),
            Obligation("fold.induction", "smt", "supports",
                       "fold_⊕(m_1..m_k) = R_k/(1+R_k), R_k = Π r_i = exp(Σ logit m_i), for every k ≥ 0: z3 induction "
                       "(base F_0 = 1/2, R_0 = 1; step F_{k+1} = updateBelief(F_k, m_{k+1}), R_{k+1} = R_k·r_{k+1})",
                       fold_induction, uses=("m_in_unit", "exp_additive", "exp_logit")),
            Obligation("fold.step.symbolic", "symbolic", "supports",
                       "the induction step for all odds P, r > 0 by sympy (the base is P = 1)", symbolic_fold_step,
                       uses=("exp_additive", "exp_logit")),
            Obligation("identity.odds.smt", "smt", "supports",
                       "z3 over odds r_i = m_i/(1 − m_i): updateBelief = r0r1/(1 + r0r1); the analysis shows the "
                       "domain is necessary", smt_odds_identity, cross_check=True,
                       uses=("m_in_unit", "exp_additive", "exp_logit")),
            Obligation("associative.smt", "smt", "supports", "associativity in z3 over (0,1) (denominators guarded)",
                       smt_associative, cross_check=True, uses=("m_in_unit",)),
            Obligation("fold.exact", "exact", "supports",
                       "fold_⊕ in Fraction arithmetic equals Π r/(1 + Π r) for k ≤ 12, in any order",
                       exact_fold_cross_check, cross_check=True),
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
        obligations=(
            Obligation("denominator_zero.exact", "exact", "refutes",
                       "at (2, 1/3) the denominator is exactly 0 (undefined in ℝ; Lean's x/0 = 0 gives 0 ∉ (0,1)); "
                       "at (2, 1/3 + 1/1000) the value is far outside (0,1)", denominator_zero_cases),
            Obligation("denominator_zero.smt", "smt", "refutes",
                       "z3: the denominator m0·m1 + (1−m0)(1−m1) has real zeros (model re-checked by the engine)",
                       smt_denominator_vanishes),
            Obligation("range.smt", "smt", "refutes",
                       "z3: where defined on ℝ², updateBelief leaves (0,1) (model re-checked by the engine)",
                       smt_range_over_reals),
        ),
        explanation=("The Lean code states the update for all real numbers, not only for beliefs in (0, 1). There "
                     "the formula breaks: at (2, 1/3) its denominator is exactly 0, and nearby its value is far "
                     "outside (0, 1), so the algebra above needs the paper's domain."),
    ),
    Claim(
        id="coppola.logodds.evidence",
        reading="as-stated",
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
            Obligation(*_COMPLEMENT),
            Obligation("general_prior.symbolic", "symbolic", "supports",
                       "sympy: P(H|e0,e1) = σ(logit m0 + logit m1 − logit π) under conditional independence "
                       "(prior odds q > 0, π = q/(1+q))", symbolic_general_prior,
                       uses=("conditional_independence", "positive_probabilities")),
            Obligation("weight_of_evidence.symbolic", "symbolic", "supports",
                       "sympy: P(H|e0,e1) = σ(logit π + W(H:e0) + W(H:e1)), i.e. the weights of evidence add in "
                       "logit scale", symbolic_weight_of_evidence,
                       uses=("conditional_independence", "positive_probabilities")),
            Obligation("prior_half.symbolic", "symbolic", "supports", "sympy: for π = 1/2 the posterior is updateBelief(m0, m1)",
                       symbolic_prior_half, uses=("conditional_independence", "positive_probabilities")),
            Obligation("general_prior.smt", "smt", "supports",
                       "z3 over an arbitrary joint table of (H, e0, e1): the odds identity; the analysis shows "
                       "which independence hypotheses are necessary (a cross-check of the sympy identities)",
                       smt_general_prior, cross_check=True, uses=("conditional_independence", "positive_probabilities")),
            Obligation("binary_node.symbolic", "symbolic", "supports",
                       "§3.4: on the star X–Y0, X–Y1 (arbitrary positive tables and leaf potentials) P(X=1) by "
                       "enumeration = updateBelief of the normalised messages (sympy)",
                       symbolic_binary_node, uses=("no_unary_prior",)),
            Obligation("star.exact", "exact", "supports",
                       "k-leaf stars (k = 2..5), exact: enumeration = fold_⊕ of the normalised messages",
                       exact_star_cross_check, cross_check=True, uses=("no_unary_prior",)),
        ),
        explanation=("The paper reads the update as combining independent evidence: with a prior π and beliefs m0, "
                     "m1 from two conditionally independent observations, the posterior's log-odds is the prior's "
                     "plus the two weights of evidence. This is true, and the paper's update is exactly the case "
                     "π = 1/2; at a binary node without a prior of its own, sum-product gives the same update of the "
                     "normalised incoming messages."),
    ),
    Claim(
        id="coppola.logodds.evidence.prior_half",
        reading="misreading",
        paper=PAPER,
        where="§3 (misreading: updateBelief read as the posterior for any prior, which the paper does not claim)",
        statement="updateBelief(m0, m1) = P(H | e0, e1) whatever the prior π = P(H) (and at a node with a unary prior).",
        obligations=(
            Obligation("prior_quarter.exact", "exact", "refutes",
                       "π = 1/4: updateBelief = 4/13 ≠ P(H|e0,e1) = 4/7 (exact enumeration of the joint)",
                       prior_cases),
            Obligation("unary_prior.symbolic", "symbolic", "refutes",
                       "binary node with unary prior (1, 3): P(X=1) = 3/4 ≠ updateBelief(m0, m1) = 1/2",
                       symbolic_unary_prior),
        ),
        explanation=("A reader might take the update as the posterior whatever the prior; the paper does not claim "
                     "that, and it is false. With prior 1/4 the update gives 4/13 where the true posterior is 4/7, "
                     "and a node with its own prior (1, 3) has marginal 3/4 where the update gives 1/2."),
    ),
]
