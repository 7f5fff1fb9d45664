"""``coppola.bp.scaling.and_fold``: the fold of binary updateBelief is not the k-ary AND; it is its own De Morgan dual.

The paper (Coppola, Thm 7.2): a k-ary AND of beliefs, like the OR, is the fold of binary
updateBelief gates. This module compares the fold with the probability Π m_i that k independent
events all hold, and shows that complementing inputs and output leaves the fold unchanged.

Main definitions: fold_⊕ (``lemmas.coppola.logodds.fold``, from the identity 1/2); beliefs in odds
coordinates m = a/(1+a), 1 − m = 1/(1+a), a > 0 (so sympy sees every factor is positive).

Main statements:

* ``coppola.bp.scaling.and_fold`` (as stated) — refuted by :func:`fold_is_not_and` (exact, on the
  paper's own §8 values among others).
* ``coppola.bp.scaling.and_fold.self_dual`` (the project's result) — :func:`update_belief_is_self_dual`,
  :func:`logit_of_complement_is_minus_logit`, :func:`fold_is_self_dual_for_every_k`.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp

from lemmas.models.bp import update_belief
from verify import ExactEqual, Hypothesis, Identity, refutes, supports

from ..logodds import belief, fold, logit, sigma
from . import claim

_HALF = Fraction(1, 2)
AND_CASES = ((Fraction(4, 5), Fraction(2, 5)),                  # the paper's own §8 example values
             (Fraction(4, 5), Fraction(2, 5), Fraction(3, 4)),
             (Fraction(999, 1000), Fraction(1, 1000)))          # near-Boolean: one true, one false input


def product(ms) -> Fraction:
    """Π m_i: the probability that independent events of probabilities m_i all hold."""
    out = Fraction(1)
    for m in ms:
        out *= m
    return out


def _fold_from_half(ms) -> Fraction:
    return fold(ms, _HALF)


@refutes("exact")
def fold_is_not_and(cases=AND_CASES, gate=_fold_from_half) -> ExactEqual:
    """fold_⊕(4/5, 2/5) = 8/11 ≠ 8/25; fold_⊕(4/5, 2/5, 3/4) = 8/9 ≠ 6/25; fold_⊕(999/1000, 1/1000) = 1/2 ≠ 999/10⁶.

    fold_⊕ against the probabilistic AND Π m_i of independent beliefs, in exact arithmetic
    (``gate`` replaces fold_⊕ in the tests: the product fold itself must refute nothing)."""
    return ExactEqual([(f"k={len(ms)}, m={tuple(str(m) for m in ms)}: fold vs Π m_i", gate(ms), product(ms))
                       for ms in cases],
                      label="the k-ary AND as the fold of binary updateBelief",
                      detail={"noisy_or": [str(1 - product(1 - m for m in ms)) for ms in cases]})


_a, _b = sp.symbols("a b", positive=True)   # odds of the two beliefs: m = a/(1+a), 1 − m = 1/(1+a)


@supports("symbolic", uses=("m_in_unit",))
def update_belief_is_self_dual() -> Identity:
    """1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b for all beliefs a, b ∈ (0, 1) (odds coordinates)."""
    m0, m1, c0, c1 = belief(_a), belief(_b), 1 / (1 + _a), 1 / (1 + _b)
    return Identity(1 - update_belief(c0, c1, m0, m1), update_belief(m0, m1, c0, c1),
                    label="1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b on (0,1)² (odds coordinates)")


@supports("symbolic", uses=("m_in_unit",))
def logit_of_complement_is_minus_logit() -> Identity:
    """logit(1 − m) = −logit m for every m ∈ (0, 1) (odds coordinates)."""
    return Identity(logit(1 / (1 + _a), belief(_a)), -logit(belief(_a), 1 / (1 + _a)),
                    label="logit(1 − m) = −logit m on (0,1) (odds coordinates)")


@supports("symbolic", uses=("fold_closed_form",))
def fold_is_self_dual_for_every_k(sign: int = -1) -> Identity:
    """1 − σ(Σ_{i≤n} −x_i) = σ(Σ_{i≤n} x_i) for symbolic n: so 1 − fold_⊕(1 − m_i) = fold_⊕(m_i) for every k.

    With the fold's closed form σ(Σ logit m_i) and logit(1 − m) = −logit m (``sign`` = +1 is the
    tests' broken variant)."""
    n, i = sp.Symbol("n", integer=True, positive=True), sp.Symbol("i", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    return Identity(1 - sigma(sp.Sum(sign * x[i], (i, 1, n))), sigma(sp.Sum(x[i], (i, 1, n))),
                    label="1 − σ(Σ_{i≤n} logit(1 − m_i)) = σ(Σ_{i≤n} logit m_i), every n")


CLAIMS = [
    claim(
        "coppola.bp.scaling.and_fold",
        fold_is_not_and,
        reading="as-stated",
        where="Thm 7.2 (the AND half: a k-ary AND of beliefs is the fold of binary updateBelief)",
        statement=("A k-ary AND of beliefs, the probability Π m_i that k independent events all hold, is the fold of "
                   "binary updateBelief gates."),
        explanation=("Folding updateBelief does not compute AND: on the paper's own values 0.8 and 0.4 it gives 8/11 "
                     "while both events hold with probability 8/25, and on an almost-true and an almost-false input "
                     "it gives 1/2. The AND does split into binary gates, but the binary gate is the product, not "
                     "updateBelief."),
    ),
    claim(
        "coppola.bp.scaling.and_fold.self_dual",
        update_belief_is_self_dual, logit_of_complement_is_minus_logit, fold_is_self_dual_for_every_k,
        reading="project",
        where="Thm 7.2 (the project's result: the ⊕ fold is its own De Morgan dual)",
        statement=("⊕ is its own De Morgan dual: 1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b on (0,1)², and "
                   "1 − fold_⊕(1 − m_1, …, 1 − m_k) = fold_⊕(m_1, …, m_k) for every k; so the AND that De Morgan's law "
                   "makes of the paper's OR fold is that same fold."),
        latex=r"1-\bigoplus_{i=1}^k(1-m_i)=\bigoplus_{i=1}^k m_i",
        explanation=("Turning an OR into an AND by De Morgan's law (complement the inputs and the output) leaves the "
                     "updateBelief fold unchanged, for any number of inputs. So no reading of the fold can make it the "
                     "paper's OR and its AND at once: the two would be the same function."),
        hypotheses=(Hypothesis("m_in_unit", "every belief lies in (0, 1), m = a/(1+a) with odds a > 0"),
                    Hypothesis("fold_closed_form", "fold_⊕(m_1..m_k) = σ(Σ logit m_i) (proved in coppola.bp.scaling)")),
    ),
]
