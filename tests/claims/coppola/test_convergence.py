"""coppola.bp.construction.loopy_bp_converges and .bp_fixed_point_is_posterior: the convergence axioms."""
from __future__ import annotations

import dataclasses
from fractions import Fraction as Q

import z3
from claim_helpers import decide_one, obligation_result

from lemmas.coppola.bp_construction import convergence as m
from lemmas.coppola.bp_construction.lean_model import LeanToken, lean_bp_forward
from verify import Consistency


def test_convergence_axioms_core_names_both(gate):
    ev = obligation_result(gate, "coppola.bp.construction.lean_axioms", "convergence_axioms_are_inconsistent").evidence
    assert ev.data["inconsistent_axioms"] == ["bp_fixed_point_is_posterior", "loopy_bp_converges"]


def test_pct_counterexample_is_a_fixed_point_of_the_lean_bp(gate):
    cex = obligation_result(gate, "coppola.bp.construction.bp_fixed_point_is_posterior",
                            "fixed_point_belief_differs_from_p_true").evidence.counterexample
    b, p = Q(cex["belief"]), Q(cex["P_true_0"])
    token = LeanToken(int(cex["node_type"]), b, (0, 0), (Q(cex["scratch_0"]), Q(cex["scratch_1"])))
    assert lean_bp_forward([token]) == [token] and b != p


def test_uninterpreted_consistent_axiom_is_not_refuted():
    State, fwd, _ = m.lean_state_sort()
    fixed = z3.Const("fixed", State)
    v, ev = decide_one("smt", "refutes", lambda: Consistency({"loopy_bp_converges": fwd(fixed) == fixed}))
    assert ev.status != "discharged" and v != "refuted"


def test_consistent_convergence_axioms_are_not_refuted():
    v, ev = decide_one("smt", "refutes", lambda: m.theses_consistency(fixed_target=True))
    assert ev.status != "discharged" and v != "refuted"


def test_ect_needs_the_induction_principle():
    v, ev = decide_one("smt", "refutes", lambda: m.ect_self_loop_consistency(induction=False))
    assert ev.status != "discharged" and v != "refuted"


def test_ect_holds_at_a_fixed_start():
    # belief 1/2 is a fixed point of updateBelief(b, b): ECT holds there, nothing to refute
    v, ev = decide_one("smt", "refutes", lambda: m.ect_self_loop_consistency(start=Q(1, 2)))
    assert ev.status != "discharged" and v != "refuted"


def test_pct_holds_when_p_true_is_the_belief():
    def tied():
        g = m.fixed_point_belief_differs_from_p_true()
        b, p = z3.Reals("belief P_true_0")
        return dataclasses.replace(g, hypotheses={**g.hypotheses, "p_true_is_the_belief": p == b})
    v, ev = decide_one("smt", "refutes", tied)
    assert ev.status == "failed" and v != "refuted"
