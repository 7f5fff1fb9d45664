"""The two convergence axioms of the Lean development, ECT and PCT, refuted one by one and together.

Main definitions: :func:`lean_state_sort` (BPState, bp_forwardPass and a belief as uninterpreted
z3 symbols), :func:`theses_consistency` and :func:`ect_self_loop_consistency` (the axioms as z3
formulas).

Main statements:

* ``coppola.bp.construction.loopy_bp_converges`` (Lean axiom ``loopy_bp_converges``, ECT) —
  refuted by :func:`self_loop_never_converges`;
* ``coppola.bp.construction.bp_fixed_point_is_posterior`` (Lean axiom
  ``bp_fixed_point_is_posterior``, PCT) — refuted by :func:`fixed_point_belief_differs_from_p_true`;
* ECT ∧ PCT is inconsistent: :func:`convergence_axioms_are_inconsistent` (listed by
  ``coppola.bp.construction.lean_axioms``).
"""
from __future__ import annotations

from fractions import Fraction as Q
from typing import Any

import z3

from verify import Consistency, Hypothesis, Implication, refutes

from .lean_model import VARIABLE_SELF_LOOP, lean_update_belief_relation, rational
from .shared import artifact_claim


def lean_state_sort() -> tuple[Any, Any, Any]:
    """(BPState, bp_forwardPass, belief of node 0), uninterpreted."""
    State = z3.DeclareSort("BPState")
    fwd = z3.Function("bp_forwardPass", State, State)
    belief0 = z3.Function("belief_of_node0", State, z3.RealSort())
    return State, fwd, belief0


def _converges(State: Any, fwd: Any) -> Any:
    """ECT Skolemised: ∃ fixed, bp fixed = fixed ∧ ∃ T, bp^[T] state = fixed."""
    iterate = z3.Function("bp_forwardPass_iter", z3.IntSort(), State, State)
    state, fixed = z3.Const("state", State), z3.Const("fixed", State)
    T = z3.Int("T")
    return z3.And(fwd(fixed) == fixed, T >= 0, iterate(T, state) == fixed)


def theses_consistency(fixed_target: bool = False) -> Consistency:
    """ECT and PCT asserted together (n = 1 instance), bp_forwardPass left uninterpreted, so the
    inconsistency holds whatever bp_forwardPass computes.

    PCT at n = 1 (P_true : Fin 1 → ℝ is one real p): ∀ fixed ∀ p, bp fixed = fixed → belief = p.
    (``fixed_target`` asserts a consistent variant instead, for must-say-no tests: one fixed target
    c instead of an arbitrary P_true.)"""
    State, fwd, belief0 = lean_state_sort()
    f = z3.Const("fixed_any", State)
    if fixed_target:
        c = z3.Real("c")
        name, pct = "fixed_target_posterior", z3.ForAll([f], z3.Implies(fwd(f) == f, belief0(f) == c))
    else:
        p = z3.Real("P_true_0")
        name, pct = "bp_fixed_point_is_posterior", z3.ForAll([f, p], z3.Implies(fwd(f) == f, belief0(f) == p))
    return Consistency({"loopy_bp_converges": _converges(State, fwd), name: pct},
                       label="loopy_bp_converges ∧ " + ("PCT with a fixed target (consistent)" if fixed_target
                                                        else "bp_fixed_point_is_posterior (n = 1)"))


@refutes("smt")
def convergence_axioms_are_inconsistent() -> Consistency:
    """loopy_bp_converges and bp_fixed_point_is_posterior together are unsat (z3 and cvc5) with
    bp_forwardPass uninterpreted: the belief at the promised fixed point would have to equal every
    P_true."""
    return theses_consistency()


@refutes("smt")
def fixed_point_belief_differs_from_p_true() -> Implication:
    """A one-token fixed point of bp_forwardPass (Lean definitions) with belief ≠ P_true: z3 model,
    re-checked exactly by the engine.

    PCT read at n = 1: every fixed point F of Lean's bp_forwardPass has belief(F, 0) = P_true 0. The
    one-token state (type t ∈ {0, 1}, belief b, both slots on token 0, scratch s0, s1) and its image
    under bp_forwardPass, by the Lean definitions: bp_gatherAll sets the scratch to (b, b), then
    bp_computeBeliefs gives a variable updateBelief of its scratch and leaves a factor's belief."""
    t = z3.Int("node_type")
    b, s0, s1, b_next, p = z3.Reals("belief scratch_0 scratch_1 belief_next P_true_0")
    g0, g1 = b, b                                        # bp_gatherAll: both slots read token 0
    hyps = {
        "one_token_state": z3.Or(t == 0, t == 1),
        "bp_computeBeliefs": z3.If(t == 0, lean_update_belief_relation(g0, g1, b_next), b_next == b),
        "fixed_point": z3.And(b_next == b, g0 == s0, g1 == s1),
    }
    return Implication(hyps, b == p, analyse=False,
                       label="a fixed point of bp_forwardPass (n = 1) and P_true with belief ≠ P_true")


def ect_self_loop_consistency(start: Q = VARIABLE_SELF_LOOP[0].belief, induction: bool = True) -> Consistency:
    """loopy_bp_converges at the variable self-loop, with Lean's bp_forwardPass and the induction
    principle on ℕ for P(k) := 1/2 < b_k < 1.

    b_k is the belief after k rounds: b_0 = ``start``, b_{k+1} = updateBelief(b_k, b_k). ECT gives a
    round T with b_{T+1} = b_T. The induction instance [P(0) ∧ ∀k (P(k) → P(k+1))] → ∀k P(k) is
    Skolemised (c: a k where the step would fail) and instantiated at T; the recursion is
    instantiated at c and T. Unsat: P holds at every round, and no b in (1/2, 1) is fixed.
    (``induction=False`` drops the induction instance, for must-say-no tests.)
    """
    b = z3.Function("belief_after", z3.IntSort(), z3.RealSort())
    c, T = z3.Ints("c T")

    def bp_round(x: Any, y: Any) -> Any:
        return lean_update_belief_relation(x, x, y)

    def P(k: Any) -> Any:
        return z3.And(z3.RealVal("1/2") < b(k), b(k) < 1)

    axioms = {
        "start": b(0) == rational(start),
        "bp_forwardPass (round c)": z3.Implies(c >= 0, bp_round(b(c), b(c + 1))),
        "bp_forwardPass (round T)": z3.Implies(T >= 0, bp_round(b(T), b(T + 1))),
        "loopy_bp_converges": z3.And(T >= 0, b(T + 1) == b(T)),
        "induction_on_rounds": z3.Or(z3.Not(P(0)), z3.And(c >= 0, P(c), z3.Not(P(c + 1))),
                                     z3.Implies(T >= 0, P(T))),
    }
    if not induction:
        del axioms["induction_on_rounds"]
    return Consistency(axioms, label=f"variable self-loop from belief {start}: ECT with the induction principle")


@refutes("smt")
def self_loop_never_converges() -> Consistency:
    """A variable whose neighbour slots point at itself (belief 3/4): Lean's bp_forwardPass, the
    induction principle for 1/2 < b_k < 1 and a fixed round T are unsat (z3 and cvc5)."""
    return ect_self_loop_consistency()


CLAIMS = [
    artifact_claim(
        "coppola.bp.construction.loopy_bp_converges", "the Lean artifact: axiom loopy_bp_converges, 'ECT'",
        self_loop_never_converges,
        statement=("loopy_bp_converges: for every BPState, bp_forwardPass reaches a fixed point after finitely "
                   "many rounds."),
        explanation=("The Lean axiom says the paper's BP always reaches a fixed point. A variable whose two "
                     "neighbour slots point at itself, starting at belief 3/4, moves strictly towards 1 in every "
                     "round and never stops; the engine shows the axiom, the update and induction over the rounds "
                     "are contradictory."),
        note=("On bipartite states (variables adjacent only to factor nodes) the paper's BP is constant after one "
              "round — variables read only factor beliefs, which never change — so ECT fails only on states with "
              "variable-variable slots, which the Lean type allows."),
    ),
    artifact_claim(
        "coppola.bp.construction.bp_fixed_point_is_posterior",
        "the Lean artifact: axiom bp_fixed_point_is_posterior, 'PCT'",
        fixed_point_belief_differs_from_p_true,
        statement=("bp_fixed_point_is_posterior: every fixed point of bp_forwardPass has beliefs equal to an "
                   "arbitrary P_true."),
        hypotheses=(
            Hypothesis("one_token_state", "a state of one token (node type 0 or 1) whose two slots both point at "
                                          "itself"),
            Hypothesis("bp_computeBeliefs", "the next belief is Lean's bp_computeBeliefs of the gathered scratch: "
                                            "updateBelief(b, b) for a variable (x / 0 = 0), b for a factor"),
            Hypothesis("fixed_point", "bp_forwardPass leaves the state unchanged: same belief, scratch = the "
                                      "gathered beliefs"),
        ),
        explanation=("The Lean axiom equates the beliefs at any fixed point of the paper's BP with an arbitrary "
                     "target P_true, which no fixed point can meet for every target. The engine exhibits a one-token "
                     "fixed point whose belief differs from the given P_true."),
    ),
]
