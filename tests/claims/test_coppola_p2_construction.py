"""coppola.bp.construction (Thm 1.2 = 7.1): the axiom audit, the faithful run, the Lean order.

The sub-claim ``.correct`` (the project's construction) is tested with :mod:`lemmas.coppola.bp_correct`.
"""
from __future__ import annotations

import dataclasses
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy as sp
import z3
from claim_helpers import obligation_result, probe_claim, run_claims, statuses, verdicts

from lemmas.coppola import bp_construction as m
from verify import Consistency

MINE = ("coppola.bp.construction", "coppola.bp.construction.lean_axioms", "coppola.bp.construction.relu_piecewise_affine",
        "coppola.bp.construction.loopy_bp_converges", "coppola.bp.construction.bp_fixed_point_is_posterior",
        "coppola.bp.construction.lean_order")


@pytest.fixture(scope="module")
def result():
    return run_claims([c for c in m.CLAIMS if c.id in MINE])


def _probe(check, method, role, **options):
    res = run_claims([probe_claim(check, method, role, **options)])
    return verdicts(res)["test.probe.case"], statuses(res)["test.probe.case/ob"], res.claims[0].obligations[0].evidence


def test_construction_verdicts(result):
    v = verdicts(result)
    assert v["coppola.bp.construction"] == "refuted"
    assert v["coppola.bp.construction.lean_axioms"] == "refuted"
    assert v["coppola.bp.construction.relu_piecewise_affine"] == "proved"
    assert v["coppola.bp.construction.loopy_bp_converges"] == "refuted"
    assert v["coppola.bp.construction.bp_fixed_point_is_posterior"] == "refuted"
    assert v["coppola.bp.construction.lean_order"] == "witnessed"
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass"


@pytest.mark.parametrize("claim_id", ["coppola.bp.construction", "coppola.bp.construction.lean_axioms"])
def test_every_axiom_refutation_is_confirmed_by_the_engine(result, claim_id):
    c = next(c for c in result.claims if c.claim.id == claim_id)
    for o in c.obligations:
        assert o.obligation.role == "refutes"
        assert o.evidence.status == "discharged" and o.evidence.confirmed, o.obligation.id


def test_the_papers_statement_rests_on_no_lean_only_reading(result):
    # Lean's key (token k's key is k) and the convergence theses belong to the artifact audit
    ids = {o.obligation.id for c in result.claims if c.claim.id == "coppola.bp.construction" for o in c.obligations}
    assert "axiom.attention_score_gap0" not in ids and "axiom.convergence_theses" not in ids
    lean = {o.obligation.id for c in result.claims if c.claim.id == "coppola.bp.construction.lean_axioms"
            for o in c.obligations}
    assert {"axiom.attention_score_gap0", "axiom.convergence_theses"} <= lean


def test_every_claim_explains_itself():
    assert all(c.explanation.strip() for c in m.CLAIMS if c.id in MINE)
    for c in m.CLAIMS:
        if c.reading != "as-stated" and not c.id.startswith("coppola.bp.construction.correct"):
            assert c.reading in c.where, (c.id, c.where)


def test_cvc5_confirms_every_deciding_smt_goal(result):
    for c in result.claims:
        for o in c.obligations:
            if o.obligation.method == "smt" and not o.obligation.cross_check:
                assert o.evidence.data["second_solver"]["status"] in ("sat", "unsat"), (c.claim.id, o.obligation.id)


def test_score_gap_counterexample_is_a_strict_reversal(result):
    cex = obligation_result(result, "coppola.bp.construction.lean_axioms", "axiom.attention_score_gap0").evidence.counterexample
    n, nb, k = int(cex["n"]), int(cex["nb"]), int(cex["k"])
    assert 1 <= nb < n <= 8 and 0 <= k < n and k != nb and nb * k >= nb * nb


def test_encoded_score_gap_counterexample_violates_the_axiom(result):
    goal = m.score_gap_encoding_reading()
    s = z3.Solver()
    s.add(*goal.hypotheses.values(), goal.conclusion)   # the premises admit instances where the axiom holds
    assert s.check() == z3.sat
    cex = obligation_result(result, "coppola.bp.construction", "axiom.attention_score_gap0.encoded").evidence.counterexample
    a, j, k = [int(cex["a_0"]), int(cex["a_1"]), int(cex["a_2"])], int(cex["j"]), int(cex["k"])
    nb = a[j]
    assert k != nb and nb >= 1 and not (nb * a[k] < nb * a[nb])


def test_convergence_theses_core_names_both(result):
    ev = obligation_result(result, "coppola.bp.construction.lean_axioms", "axiom.convergence_theses").evidence
    assert ev.data["inconsistent_axioms"] == ["bp_fixed_point_is_posterior", "loopy_bp_converges"]


def test_pigeonhole_core_needs_every_triple_and_unit(result):
    core = obligation_result(result, "coppola.bp.construction", "axiom.ffn_implements_update_belief").evidence.data[
        "inconsistent_axioms"]
    assert sum("second difference on triple" in a for a in core) == 9
    assert sum("relu_unit_one_triple" in a for a in core) == 8


def test_pct_counterexample_is_a_fixed_point_of_the_lean_bp(result):
    cex = obligation_result(result, "coppola.bp.construction.bp_fixed_point_is_posterior",
                            "fixed_point").evidence.counterexample
    b, p = Q(cex["belief"]), Q(cex["P_true_0"])
    token = m.LeanToken(int(cex["node_type"]), b, (0, 0), (Q(cex["scratch_0"]), Q(cex["scratch_1"])))
    assert m.lean_bp_forward([token]) == [token] and b != p


def test_faithful_ffn_evidence_counts_units_from_the_model(result):
    ev = obligation_result(result, "coppola.bp.construction", "faithful.ffn").evidence
    goal = ev.data["goals"][0]
    assert goal["hidden_units"] == goal["hinges"] + 2
    assert str(goal["hinges"]) in goal["hidden_units_breakdown"]


# -- must say no ---------------------------------------------------------------------------------

def test_consistent_hardmax_instance_is_not_refuted():
    # the target 1/2 lies strictly between the other values: a positive solution exists
    v, s, _ = _probe(lambda: m.hardmax_consistency((Q(1, 5), Q(1, 2), Q(4, 5)), 1), "smt", "refutes")
    assert s == "failed" and v != "refuted"


def test_uninterpreted_consistent_axiom_is_not_refuted():
    State, fwd, _ = m._lean_state_sort()
    fixed = z3.Const("fixed", State)
    v, s, _ = _probe(lambda: Consistency({"loopy_bp_converges": fwd(fixed) == fixed}), "smt", "refutes")
    assert s != "discharged" and v != "refuted"


def test_consistent_convergence_theses_are_not_refuted():
    v, s, _ = _probe(m.theses_consistency_fixed_target, "smt", "refutes")
    assert s != "discharged" and v != "refuted"


def test_nine_units_can_cover_nine_triples():
    v, s, _ = _probe(lambda: m.ffn_pigeonhole(units=9), "smt", "refutes")
    assert s == "failed" and v != "refuted"


def test_an_affine_target_is_not_refuted_by_the_pigeonhole():
    v, s, _ = _probe(lambda: m.ffn_pigeonhole(target=lambda a, b: 2 * a + b), "smt", "refutes")
    assert s == "failed" and v != "refuted"


def test_two_relu_units_can_bend_twice():
    v, s, ev = _probe(lambda: m.relu_unit_one_triple(units=2), "smt", "supports")
    assert s == "failed" and ev.confirmed


def test_curvature_is_zero_at_m1_one_half():
    v, s, _ = _probe(lambda: m.curvature_nonzero((Q(3, 10), Q(1, 2))), "symbolic", "refutes")
    assert s == "failed"


def test_curvature_point_outside_the_unit_square_is_an_error():
    v, s, _ = _probe(lambda: m.curvature_nonzero((Q(3, 2), Q(3, 5))), "symbolic", "refutes")
    assert s == "error" and v != "refuted"


def test_hardmax_with_equal_values_is_not_refuted():
    # the attended value is exactly 4/5; the enclosure of lhs − rhs contains 0, so the engine says less
    v, s, _ = _probe(lambda: m.hardmax_at_lambda(values=(Q(4, 5), Q(4, 5))), "symbolic", "refutes")
    assert s in ("failed", "unknown") and v != "refuted"


def test_ect_needs_the_induction_principle():
    v, s, _ = _probe(lambda: m.ect_self_loop_consistency(induction=False), "smt", "refutes")
    assert s != "discharged" and v != "refuted"


def test_ect_holds_at_a_fixed_start():
    # belief 1/2 is a fixed point of updateBelief(b, b): ECT holds there, nothing to refute
    v, s, _ = _probe(lambda: m.ect_self_loop_consistency(start=Q(1, 2)), "smt", "refutes")
    assert s != "discharged" and v != "refuted"


def test_pct_holds_when_p_true_is_the_belief():
    def tied():
        g = m.pct_fixed_point_counterexample()
        b, p = z3.Reals("belief P_true_0")
        return dataclasses.replace(g, hypotheses={**g.hypotheses, "p_true_is_the_belief": p == b})
    v, s, _ = _probe(tied, "smt", "refutes")
    assert s == "failed" and v != "refuted"


def test_memorising_weights_reject_conflicting_tokens():
    # two identical embeddings needing different outputs cannot happen for a real state; fake one
    a = m.LeanToken(0, Q(1, 3), (1, 1))
    with pytest.raises(ValueError):
        m.memorising_weights([a] * 10 + [m.LeanToken(1, Q(k, 20), (0, 0)) for k in range(1, 10)])


# -- the local Lean model and the symbolic heads agree with lemmas.models --------------------------

def test_lean_model_matches_models_paper_bp():
    from lemmas.models import paper_bp, paper_counterexample
    g = paper_counterexample(exact=True)
    state = [m.LeanToken(0, Q(1, 2), (2, 2)), m.LeanToken(0, Q(1, 2), (2, 2)), m.LeanToken(1, Q(1, 2), (0, 1))]
    for T in (1, 2, 3):
        state = m.lean_bp_forward(state)
        assert [state[0].belief, state[1].belief] == paper_bp(g, T)


def test_heads_gather_is_paper_gather_and_the_symbolic_head():
    from lemmas.models import paper_gather
    with m._single_thread_blas():
        for st in m.random_paper_states(count=3):
            for lam in (1.0, 10.0):
                g, _, (w0, w1) = m.heads_gather(st, lam)
                pg = paper_gather(st, lam)
                assert np.array_equal(g, pg.gathered)
                assert np.array_equal(w0, pg.weights[0]) and np.array_equal(w1, pg.weights[1])
                for j in range(st.size):
                    for slot in (0, 1):
                        lhs, _ = m.head_attended(st, j, slot)
                        assert abs(float(lhs.subs(sp.Symbol("lam", positive=True), lam).evalf(30)) - g[j, slot]) < 1e-9
