"""``coppola.bp.construction.lean_axioms``: the axioms the Lean proofs of [C] Thm 7.1 rest on, as
Lean states them.

The gathering axioms are refuted here; the FFN axiom in :mod:`.relu_ffn`, the convergence
axioms in :mod:`.convergence`. The gathering and FFN refutations are also listed by the paper's
statement (:mod:`.paper_weights`).

Main definitions: :func:`hardmax_consistency`, :func:`two_head_consistency` (the gathering axioms
at one instance, as z3 formulas).

Main statements (``coppola.bp.construction.lean_axioms``, refuted):

* ``attention_score_gap0`` with Lean's key (the key of token k is k):
  :func:`score_gap_fails_for_lean_keys`;
* ``hardmax_attention_exact``: :func:`no_finite_lambda_attends_exactly`;
* ``twoHead_gathers_neighbors``: :func:`two_heads_never_gather_exactly`;
* ``ffn_implements_updateBelief``: :func:`.relu_ffn.no_width_8_relu_ffn_is_update_belief`;
* ``loopy_bp_converges`` ∧ ``bp_fixed_point_is_posterior``:
  :func:`.convergence.convergence_axioms_are_inconsistent`.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction as Q

import z3

from verify import Consistency, Hypothesis, Implication, refutes

from .convergence import convergence_axioms_are_inconsistent
from .lean_model import TWO_TOKEN_STATE, LeanToken
from .relu_ffn import no_width_8_relu_ffn_is_update_belief
from .shared import HYPOTHESES, artifact_claim

SCORE_GAP_HYPOTHESES = (
    Hypothesis("nb_nonzero", "the neighbour index nb is ≥ 1 (a sub-case of the axiom's ∀; it excludes the all-tie "
                             "case, so a counterexample is a strict reversal)"),
    Hypothesis("k_not_nb", "the key token k is not the neighbour nb (the axiom's premise)"),
)
"""Premises of ``attention_score_gap0`` common to both readings of the key."""


@refutes("smt")
def score_gap_fails_for_lean_keys() -> Implication:
    """attention_score_gap0 (key = own index): some key k ≠ nb scores at least as high as nb; a z3
    model among integers n ≤ 8, re-checked exactly by the engine.

    Lean's key_neighbor0_extract says the key of token k is k itself; the query is nb. The axiom:
    ∀ k ≠ nb, score(k) < score(nb), with score(k) = nb·k."""
    n, nb, k = z3.Ints("n nb k")
    hyps = {
        "n_positive": n >= 1,
        "n_bounded": n <= 8,
        "nb_in_range": z3.And(nb >= 0, nb < n),
        "nb_nonzero": nb >= 1,
        "k_in_range": z3.And(k >= 0, k < n),
        "k_not_nb": k != nb,
    }
    return Implication(hyps, nb * k < nb * nb, analyse=False,
                       label="score(k) = nb·k (key = own index, Lean key_neighbor0_extract), n ≤ 8")


def hardmax_consistency(values: Sequence[Q] = (Q(1, 5), Q(4, 5)), target: int = 1) -> Consistency:
    """The axiom at one instance: ∃ λ with attendedValue = values[target]; e_k = exp(λ s_k) > 0.

    Unsat when every v_k − v_t has one sign and one is non-zero: Σ e_k (v_k − v_t) = 0 would need
    e_k = 0 there. (With the target strictly inside the values a positive solution exists.)
    """
    e = [z3.Real(f"e_{k}") for k in range(len(values))]
    S = z3.Real("S")
    vals = [z3.RealVal(str(v)) for v in values]
    attended = z3.Sum([x * v for x, v in zip(e, vals, strict=True)]) / S
    axioms = {
        "exp_positive": z3.And([x > 0 for x in e]),
        "S_is_sum": S == z3.Sum(e),  # noqa: SIM300
        "hardmax_attention_exact": z3.And(S > 0, attended == vals[target]),
    }
    return Consistency(axioms, label=f"∃λ: attended value of {[str(v) for v in values]} = {values[target]} "
                                     "(e_k = exp(λ s_k) > 0)")


@refutes("smt", uses=("finite_lambda",))
def no_finite_lambda_attends_exactly() -> Consistency:
    """No finite λ makes the attended value equal the argmax value: the axiom instance with
    e_k = exp(λ s_k) > 0 is unsat (z3 and cvc5)."""
    return hardmax_consistency()


def two_head_consistency(state: Sequence[LeanToken] = TWO_TOKEN_STATE, query: int = 0) -> Consistency:
    """twoHead_gathers_neighbors at one state and query: both heads' attended values must be exact.

    Every key gets weight e_k/Σe with e_k = exp(λ·score_k) > 0, whatever the scores are (the
    abstraction covers both readings of the key extraction and every λ).
    """
    n = len(state)
    e = [z3.Real(f"e_{k}") for k in range(n)]
    f = [z3.Real(f"f_{k}") for k in range(n)]
    S0, S1 = z3.Reals("S_head0 S_head1")
    b = [z3.RealVal(str(t.belief)) for t in state]
    nb0, nb1 = state[query].neighbours
    axioms = {
        "exp_positive": z3.And([x > 0 for x in e + f]),
        "head_sums": z3.And(S0 == z3.Sum(e), S1 == z3.Sum(f)),  # noqa: SIM300
        "twoHead_gathers_neighbors": z3.And(S0 > 0, z3.Sum([x * v for x, v in zip(e, b, strict=True)]) / S0 == b[nb0],
                                            S1 > 0, z3.Sum([x * v for x, v in zip(f, b, strict=True)]) / S1 == b[nb1]),
    }
    return Consistency(axioms, label=f"state {[(t.node_type, str(t.belief), t.neighbours) for t in state]}, "
                                     f"query {query}")


@refutes("smt", uses=("finite_lambda",))
def two_heads_never_gather_exactly() -> Consistency:
    """twoHead_gathers_neighbors on a two-token state: unsat for every finite λ (any score reading)."""
    return two_head_consistency()


CLAIMS = [
    artifact_claim(
        "coppola.bp.construction.lean_axioms",
        "the Lean artifact: the axioms transformer_implements_bp and transformer_computes_posterior rest on",
        score_gap_fails_for_lean_keys, no_finite_lambda_attends_exactly, two_heads_never_gather_exactly,
        no_width_8_relu_ffn_is_update_belief, convergence_axioms_are_inconsistent,
        statement=("The axioms of the Lean development hold as stated: attention_score_gap0 (with Lean's "
                   "key_neighbor0_extract, the key of token k is k), hardmax_attention_exact, "
                   "twoHead_gathers_neighbors, ffn_implements_updateBelief, and loopy_bp_converges together with "
                   "bp_fixed_point_is_posterior."),
        hypotheses=HYPOTHESES + SCORE_GAP_HYPOTHESES + (
            Hypothesis("n_positive", "the state has n ≥ 1 tokens"),
            Hypothesis("n_bounded", "n ≤ 8 (the search is over small states)"),
            Hypothesis("nb_in_range", "the neighbour index nb is a token, 0 ≤ nb < n"),
            Hypothesis("k_in_range", "the key token k is a token, 0 ≤ k < n"),
        ),
        explanation=("The Lean proofs the paper cites assume their central steps as axioms. Each is false as Lean "
                     "states it: with Lean's own key the score still peaks at the wrong token, exact gathering and "
                     "an exact ReLU update are impossible, and the two convergence axioms together are contradictory, "
                     "so the development can prove any statement."),
    ),
]
