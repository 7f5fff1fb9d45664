"""The project's Boolean reading of §8: on {0,1}² a sigmoid unit and softmax attention each compute both AND
and OR, within a bound that vanishes as the weight grows, while updateBelief of one near-true and one
near-false input is exactly 1/2.

Main definitions: :data:`GATES` (bias and truth table of OR and AND), :func:`boolean_gate` (a sigmoid
unit σ(λ(x0 + x1 − β)) against a truth table), :func:`attention_gate` (softmax attention with scores ±λx_k).

Main statements:

* ``coppola.andor.structure.boolean_limit``: :func:`sigmoid_unit_is_or_within_bound`,
  :func:`sigmoid_unit_is_and_within_bound`, :func:`one_minus_sigma_is_sigma_of_minus`; cross-check
  :func:`sigmoid_gates_within_bound_in_float64`.
* ``coppola.andor.structure.boolean_limit.attention``: :func:`attention_is_and_within_bound`,
  :func:`attention_is_or_within_bound`.
* ``coppola.andor.structure.boolean_limit.update_belief``: :func:`update_belief_of_complements_is_one_half`.

z3 has no exp: E = exp(λ/2) (resp. exp(λ)) is a real > 1 and exp(kλ/2) = E^k, named as hypotheses.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import sympy as sp
import z3

from lemmas.models.bp import update_belief
from lemmas.models.transformer import sigmoid
from verify import Claim, Hypothesis, Identity, Implication, Witness, supports

from .. import PAPER
from ..logodds import sigma

GATES = {"or": (Fraction(1, 2), lambda x0, x1: int(x0 or x1)),
         "and": (Fraction(3, 2), lambda x0, x1: int(x0 and x1))}
_EXP = ("lambda_positive", "exp_increasing", "exp_additive")
_HALF = sp.Rational(1, 2)

# ----------------------------------------------------------------------------------------------
# .boolean_limit


def _power(E: z3.ArithRef, k: int) -> z3.ArithRef:
    out = z3.RealVal(1)
    for _ in range(k):
        out = out * E
    return out


def boolean_gate(beta: Fraction, truth, name: str) -> Implication:
    """|σ(λ(x0 + x1 − β)) − truth(x0, x1)| ≤ σ(−λ/2) on {0,1}², with equality somewhere, for all λ > 0.

    With E = exp(λ/2): λ(s − β) = k·λ/2 for the integer k = 2s − 2β, so exp(λ(s − β)) = E^k
    (exp additive) and σ(λ(s − β)) = E^k/(1 + E^k), = 1/(1 + E^{−k}) for k < 0; σ(−λ/2) = 1/(1 + E).
    """
    if (2 * beta).denominator != 1:
        raise ValueError("2β must be an integer for the E^k abstraction")
    lam, E = z3.Reals("lambda E")
    bound = 1 / (1 + E)
    guards, errs = [1 + E > 0], []
    for x0, x1 in itertools.product((0, 1), repeat=2):
        k = int(2 * (x0 + x1) - 2 * beta)
        Ek = _power(E, abs(k))
        guards.append(1 + Ek > 0)
        sig = Ek / (1 + Ek) if k >= 0 else 1 / (1 + Ek)
        errs.append(sig - truth(x0, x1))
    within = [z3.And(-bound <= e, e <= bound) for e in errs]
    attained = z3.Or([z3.Or(e == bound, -e == bound) for e in errs])
    hyps = {"lambda_positive": lam > 0,
            "exp_increasing": z3.Implies(lam > 0, E > 1)}   # exp(λ/2) > exp(0) = 1
    return Implication(hyps, z3.And(*guards, *within, attained),
                       label=f"{name}: σ(λ(x0+x1−{beta})) within σ(−λ/2) of the truth table, bound attained")


@supports("smt", uses=_EXP)
def sigmoid_unit_is_or_within_bound() -> Implication:
    """OR gate σ(λ(x0 + x1 − 1/2)), with E = exp(λ/2) > 1: every entry within 1/(1+E) = σ(−λ/2) of OR,
    equality at some entry."""
    beta, truth = GATES["or"]
    return boolean_gate(beta, truth, "or")


@supports("smt", uses=_EXP)
def sigmoid_unit_is_and_within_bound() -> Implication:
    """AND gate σ(λ(x0 + x1 − 3/2)), with E = exp(λ/2) > 1: every entry within 1/(1+E) = σ(−λ/2) of AND,
    equality at some entry."""
    beta, truth = GATES["and"]
    return boolean_gate(beta, truth, "and")


@supports("symbolic")
def one_minus_sigma_is_sigma_of_minus() -> Identity:
    """1 − σ(x) = σ(−x) (the error at a true entry is the error at a false one)."""
    x = sp.Symbol("x", real=True)
    return Identity(1 - sigma(x), sigma(-x), label="1 − σ(x) = σ(−x) (the error at a true entry)")


@supports("numeric", cross_check=True)
def sigmoid_gates_within_bound_in_float64() -> Witness:
    """float64: the worst error over both gates equals σ(−λ/2) for λ ∈ [0.5, 60]."""
    lams = np.array([0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 60.0])
    worst = []
    for lam in lams:
        errs = []
        for beta, truth in GATES.values():
            for x0, x1 in itertools.product((0, 1), repeat=2):
                errs.append(abs(sigmoid(np.float64(lam * (x0 + x1 - float(beta)))) - truth(x0, x1)))
        worst.append(max(errs))
    bound = sigmoid(-lams / 2)
    return Witness(np.array(worst), bound, 1e-15 + 4e-16 * bound, instances=len(lams),
                   label="float64: worst error over OR and AND equals σ(−λ/2)",
                   detail={"lambdas": lams.tolist(), "bounds": bound.tolist()})


# ----------------------------------------------------------------------------------------------
# .boolean_limit.attention


def attention_gate(sign: int, truth, name: str, exact_bound: bool = True) -> Implication:
    """Softmax attention over the values x ∈ {0,1}² with scores sign·λ·x_k, against ``truth`` on {0,1}².

    With E = exp(λ) > 1: exp(±λ) = E^{±1}, exp(0) = 1, so the output at x is Σ_k x_k e_k / Σ_k e_k with
    e_k ∈ {1, E, 1/E}; the bound is σ(−λ) = 1/(1 + E) (``exact_bound=False``: the tests' σ(−2λ))."""
    lam, E = z3.Reals("lambda E")
    bound = 1 / (1 + E) if exact_bound else 1 / (1 + E * E)
    errs = []
    for x in itertools.product((0, 1), repeat=2):
        e = [E if sign * v == 1 else 1 / E if sign * v == -1 else z3.RealVal(1) for v in x]
        errs.append((x[0] * e[0] + x[1] * e[1]) / (e[0] + e[1]) - truth(*x))
    within = [z3.And(-bound <= d, d <= bound) for d in errs]
    attained = z3.Or([z3.Or(d == bound, -d == bound) for d in errs])
    hyps = {"lambda_positive": lam > 0, "exp_increasing": z3.Implies(lam > 0, E > 1)}   # exp(λ) > exp(0) = 1
    return Implication(hyps, z3.And(*within, attained),
                       label=f"attention, scores {'+' if sign > 0 else '−'}λx: {name} within σ(−λ), attained")


@supports("smt", uses=_EXP)
def attention_is_and_within_bound() -> Implication:
    """Scores −λx_k, with E = exp(λ) > 1: every entry within 1/(1+E) = σ(−λ) of AND, equality at some entry."""
    return attention_gate(-1, GATES["and"][1], "and")


@supports("smt", uses=_EXP)
def attention_is_or_within_bound() -> Implication:
    """Scores +λx_k: every entry within σ(−λ) of OR, equality at some entry."""
    return attention_gate(1, GATES["or"][1], "or")


# ----------------------------------------------------------------------------------------------
# .boolean_limit.update_belief


@supports("symbolic", uses=("m_in_unit",))
def update_belief_of_complements_is_one_half(value: sp.Expr = _HALF) -> Identity:
    """updateBelief(1 − m, m) = 1/2 for every m ∈ (0,1), in odds coordinates m = 1/(1+r)."""
    r = sp.Symbol("r", positive=True)
    hi, lo = r / (1 + r), 1 / (1 + r)
    return Identity(update_belief(hi, lo, lo, hi), value, label="updateBelief(1 − m, m) = 1/2 for every m ∈ (0, 1)")


CLAIMS = [
    Claim(
        id="coppola.andor.structure.boolean_limit",
        reading="project",
        paper=PAPER,
        where="§8 (the project's Boolean reading: a sigmoid unit, the FFN's building block, as a gate)",
        statement=("For every λ > 0, σ(λ(x0 + x1 − 1/2)) computes OR and σ(λ(x0 + x1 − 3/2)) computes AND on "
                   "{0,1}², each within σ(−λ/2) of the truth table (and the bound is attained)."),
        explanation=("On true/false inputs a single sigmoid unit computes OR or AND, depending only on its bias, as "
                     "closely as wanted: the error is exactly σ(−λ/2), which vanishes as the weight λ grows. So the "
                     "FFN is not tied to OR."),
        latex=r"\max_{x\in\{0,1\}^2}\big|\sigma(\lambda(x_0+x_1-\beta))-g(x)\big|=\sigma(-\lambda/2),\ "
              r"\beta\in\{\tfrac12,\tfrac32\}",
        hypotheses=(
            Hypothesis("lambda_positive", "λ > 0"),
            Hypothesis("exp_increasing", "exp is increasing with exp(0) = 1, so E = exp(λ/2) > 1"),
            Hypothesis("exp_additive", "exp(kλ/2) = E^k for integer k (exp(a+b) = exp(a)exp(b))"),
        ),
        obligations=(sigmoid_unit_is_or_within_bound, sigmoid_unit_is_and_within_bound,
                     one_minus_sigma_is_sigma_of_minus, sigmoid_gates_within_bound_in_float64),
    ),
    Claim(
        id="coppola.andor.structure.boolean_limit.attention",
        reading="project",
        paper=PAPER,
        where="§8 (the project's Boolean reading: softmax attention as a gate)",
        statement=("For every λ > 0, softmax attention over values x ∈ {0,1}² with scores −λx_k computes AND and with "
                   "scores +λx_k computes OR, each within σ(−λ) of the truth table (and the bound is attained)."),
        latex=r"\max_{x\in\{0,1\}^2}\Big|\tfrac{\sum_k x_k e^{\pm\lambda x_k}}{\sum_k e^{\pm\lambda x_k}}-g(x)\Big|"
              r"=\sigma(-\lambda)",
        explanation=("On true/false inputs attention can compute AND (attend to the smallest value) or OR (attend to "
                     "the largest), within σ(−λ), which vanishes as λ grows. Attention is no more tied to AND than the "
                     "FFN is to OR."),
        hypotheses=(
            Hypothesis("lambda_positive", "λ > 0"),
            Hypothesis("exp_increasing", "exp is increasing with exp(0) = 1, so E = exp(λ) > 1"),
            Hypothesis("exp_additive", "exp(±λ) = E^{±1} (exp(a+b) = exp(a)exp(b))"),
        ),
        obligations=(attention_is_and_within_bound, attention_is_or_within_bound),
    ),
    Claim(
        id="coppola.andor.structure.boolean_limit.update_belief",
        reading="project",
        paper=PAPER,
        where="§8 (the project's Boolean reading: updateBelief on near-Boolean inputs)",
        statement=("updateBelief(1 − m, m) = 1/2 for every m ∈ (0, 1): on one almost-true and one almost-false input "
                   "the FFN's update is 1/2 however close the inputs are to 1 and 0, so no limit makes it OR (1) or "
                   "AND (0)."),
        explanation=("The update the paper calls OR returns exactly 1/2 when one input says yes and the other no, "
                     "however confident they are. It agrees with OR and AND only where those two agree (both inputs "
                     "true or both false)."),
        hypotheses=(Hypothesis("m_in_unit", "m ∈ (0, 1), m = 1/(1 + r) with r > 0"),),
        obligations=(update_belief_of_complements_is_one_half,),
    ),
]
