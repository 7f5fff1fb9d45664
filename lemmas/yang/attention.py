"""Softmax attention is a Markov kernel from queries to keys (Yang, abstract: "the bridge between
the kernel framework and concrete attention").

For every query q the weights α_j(q) = e^{s_j(q)}/Σ_l e^{s_l(q)}, s_j(q) = q·k_j/τ, are a
distribution over the n keys (the checks of :mod:`lemmas.yang.softmax`), and q ↦ α_j(q) is
continuous: scores moved by at most δ (ρ = e^δ) move each weight by at most the factor ρ², so by
at most ρ² − 1. Scores are linear in q, so α(q, ·) is continuous, hence measurable.

Main statements:

- ``yang.attention.bridge`` (as-stated): the distribution part by
  :func:`~lemmas.yang.softmax.weights_sum_to_one_for_every_n`,
  :func:`~lemmas.yang.softmax.weights_in_unit_interval_for_every_n` and
  :func:`~lemmas.yang.softmax.partial_sums_nonnegative`; continuity for every n by
  :func:`weight_ratio_within_rho_squared`, :func:`other_keys_sums_within_factor_rho` (an
  engine-built induction) and :func:`weight_change_at_most_rho_squared_minus_one`.

The Gaussian-mixture content of the bridge (attention as a posterior) is the sub-claim
``yang.attention.bridge.posterior`` in :mod:`lemmas.yang.attention_posterior`.
"""
from __future__ import annotations

from typing import Any

import z3

from verify import Claim, Hypothesis, Implication, Induction, supports

from . import PAPER
from .softmax import (
    DISTRIBUTION_HYPOTHESES,
    partial_sums_nonnegative,
    weights_in_unit_interval_for_every_n,
    weights_sum_to_one_for_every_n,
)

# e_l = exp(s_l) and e'_l = exp(s'_l) for two score vectors with |s'_l − s_l| ≤ δ; ρ = e^δ ≥ 1, so
# exp's monotonicity gives e_l/ρ ≤ e'_l ≤ ρ e_l. Kept multiplicative: cvc5 settles the ratio form
# at once but not |α'_j − α_j| ≤ ρ² − 1 stated directly on the quotients.


@supports("smt", timeout=60, uses=("at_least_one_unmasked", "exp_monotone"))
def weight_ratio_within_rho_squared() -> Implication:
    """Every n, key j: scores moved by at most δ (ρ = e^δ) ⇒ α'_j/α_j ∈ [1/ρ², ρ²], given the other
    keys' sums within the factor ρ.

    R, R' are the other keys' sums before and after (R ≥ 0 and R/ρ ≤ R' ≤ ρR by
    :func:`other_keys_sums_within_factor_rho`).
    """
    e, e2, r, r2, s, s2, a, a2, rho = z3.Reals("e_j e_shifted_j R R_shifted S S_shifted alpha_j alpha_shifted_j rho")
    hyps = {"unmasked_key": e > 0,
            "exp_monotone": z3.And(rho >= 1, e <= rho * e2, e2 <= rho * e),
            "rest_nonnegative": r >= 0,
            "rest_ratio": z3.And(r <= rho * r2, r2 <= rho * r)}
    defs = {"S": s == e + r, "S_shifted": s2 == e2 + r2, "alpha_j": a == e / s, "alpha_shifted_j": a2 == e2 / s2}
    return Implication(hyps, z3.And(a2 <= rho * rho * a, a <= rho * rho * a2), definitions=defs,
                       label="any n: scores moved by ≤ δ (ρ = e^δ) ⇒ α'_j/α_j ∈ [1/ρ², ρ²]")


@supports("smt", timeout=60, uses=("exp_nonnegative", "exp_monotone"))
def other_keys_sums_within_factor_rho(factor_at_step: int = 1) -> Induction:
    """The other keys' sums before and after are within the factor ρ of each other, for every number
    of keys (induction, base and step built by the engine).

    A_k = Σ_{i≤k} e_i, B_k = Σ_{i≤k} e'_i with e_i/ρ ≤ e'_i ≤ ρ e_i: A_k ≤ ρ B_k and B_k ≤ ρ A_k for
    every k. The sum R (R') of the other keys of any key j is A_{n−1} (B_{n−1}) over those keys.
    ``factor_at_step`` scales the new term of B (for must-say-no tests).
    """
    k = z3.Int("k")
    A, B, e, e2 = (z3.Function(n, z3.IntSort(), z3.RealSort()) for n in ("A", "B", "e", "e_shifted"))
    rho = z3.Real("rho")
    return Induction(k, z3.And(A(k) <= rho * B(k), B(k) <= rho * A(k)),
                     base={"A0": A(0) == 0, "B0": B(0) == 0},
                     step={"Ak": A(k + 1) == A(k) + e(k + 1), "Bk": B(k + 1) == B(k) + factor_at_step * e2(k + 1)},
                     hypotheses={"exp_nonnegative": z3.And(e(k) >= 0, e2(k) >= 0),
                                 "exp_monotone": z3.And(rho >= 1, e(k) <= rho * e2(k), e2(k) <= rho * e(k))},
                     label="Σ_{i≤k} e_i and Σ_{i≤k} e'_i within the factor ρ of each other, every k")


@supports("smt", timeout=60, uses=("exp_monotone",))
def weight_change_at_most_rho_squared_minus_one(bound: Any = None) -> Implication:
    """Weights in [0, 1] within the factor ρ² differ by at most ρ² − 1 = e^{2δ} − 1 (→ 0 as δ → 0).

    So each α_j is continuous in the scores. ``bound`` replaces ρ² − 1 (for must-say-no tests).
    """
    a, a2, rho = z3.Reals("alpha_j alpha_shifted_j rho")
    b = rho * rho - 1 if bound is None else bound(rho)
    hyps = {"weights_in_unit_interval": z3.And(a >= 0, a <= 1, a2 >= 0, a2 <= 1),
            "exp_monotone": rho >= 1,
            "weight_ratio": z3.And(a2 <= rho * rho * a, a <= rho * rho * a2)}
    return Implication(hyps, z3.And(a2 - a <= b, a - a2 <= b), label="|α'_j − α_j| ≤ ρ² − 1")


CLAIMS = [
    Claim(
        id="yang.attention.bridge",
        reading="as-stated",
        paper=PAPER,
        where="abstract ('the bridge between the kernel framework and concrete attention')",
        statement=("Softmax attention is a Markov kernel from queries to keys: for every query q the weights "
                   "α_j(q) = e^{s_j(q)}/Σ_l e^{s_l(q)}, s_j(q) = q·k_j/τ, form a probability distribution over the "
                   "n keys, and q ↦ α_j(q) is continuous, hence measurable."),
        latex=(r"\alpha(q,\cdot)\in\Delta_n,\quad \frac{\alpha_j(s')}{\alpha_j(s)}\in[e^{-2\delta},e^{2\delta}]"
               r"\ \text{if}\ \|s'-s\|_\infty\le\delta"),
        hypotheses=DISTRIBUTION_HYPOTHESES + (
            Hypothesis("exp_monotone", "|s'_l − s_l| ≤ δ ⇒ e^{s_l}/ρ ≤ e^{s'_l} ≤ ρ e^{s_l} with ρ = e^δ ≥ 1; "
                       "ρ² − 1 = e^{2δ} − 1 → 0 as δ → 0"),
            Hypothesis("rest_ratio", "the other keys' sums before and after, R and R', satisfy R/ρ ≤ R' ≤ ρR "
                       "(proved for every n by other_keys_sums_within_factor_rho)"),
            Hypothesis("weights_in_unit_interval", "α_j, α'_j ∈ [0, 1] (proved for every n by the distribution "
                       "checks)"),
            Hypothesis("weight_ratio", "α'_j/α_j ∈ [1/ρ², ρ²] (proved for every n by "
                       "weight_ratio_within_rho_squared)"),
            Hypothesis("scores_continuous", "s_j(q) = q·k_j/τ is linear, so continuous, in the query q "
                       "(not machine-checked)"),
        ),
        explanation=("The abstract's bridge is that softmax attention is a Markov kernel: every query gets a "
                     "probability distribution over the keys, depending measurably on the query. The engine proves, "
                     "for every number of keys, that the weights lie in (0, 1] and sum to 1, and that if every score "
                     "moves by at most δ each weight moves by at most the factor e^{2δ}, so the weights are "
                     "continuous (hence measurable) in the query, whose scores are linear in it. The proofs use only "
                     "that exp is positive and increasing, so the bridge says nothing specific to attention; the "
                     "project's Gaussian-mixture theorem (sub-claim .posterior) is what makes attention a Bayesian "
                     "computation."),
        obligations=(
            weights_sum_to_one_for_every_n,
            weights_in_unit_interval_for_every_n,
            partial_sums_nonnegative,
            weight_ratio_within_rho_squared,
            other_keys_sums_within_factor_rho,
            weight_change_at_most_rho_squared_minus_one,
        ),
        note=("Not machine-checked: that e^{2δ} − 1 → 0 as δ → 0, and that the scores are continuous in the "
              "query; with them each q ↦ α_j(q) is continuous, hence Borel measurable, which is what a Markov "
              "kernel to a finite set of keys needs besides a distribution for every query."),
    ),
]
