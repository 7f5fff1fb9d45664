"""coppola.bp.construction (Thm 1.2 = 7.1): the axiom audit, the faithful run, the correct construction."""
from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest
from conftest import probe_claim, run_claims, statuses, verdicts

from lemmas.coppola import bp_construction as m


@pytest.fixture(scope="module")
def result():
    return run_claims(m)


def test_construction_verdicts(result):
    v = verdicts(result)
    assert v["coppola.bp.construction"] == "refuted"
    assert v["coppola.bp.construction.relu_piecewise_affine"] == "proved"
    assert v["coppola.bp.construction.loopy_bp_converges"] == "refuted"
    assert v["coppola.bp.construction.bp_fixed_point_is_posterior"] == "refuted"
    assert v["coppola.bp.construction.lean_order"] == "witnessed"
    assert v["coppola.bp.construction.correct"] == "witnessed"
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass"


def test_every_axiom_is_refuted_on_its_own(result):
    s = statuses(result)
    for ob in ("axiom.attention_score_gap0", "axiom.attention_score_gap0.encoded", "axiom.hardmax_attention_exact",
               "axiom.hardmax_attention_exact.lambdas", "axiom.two_head_gathers_neighbors",
               "axiom.ffn_implements_update_belief", "axiom.ffn_implements_update_belief.curvature",
               "axiom.convergence_theses", "faithful.routing", "faithful.ffn"):
        assert s[f"coppola.bp.construction/{ob}"] == "discharged", ob


def test_score_gap_counterexample_is_a_strict_reversal(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.construction")
    ob = next(o for o in c.obligations if o.obligation.id == "axiom.attention_score_gap0")
    cex = ob.evidence.counterexample
    nb, k = int(cex["nb"]), int(cex["k"])
    assert k != nb and nb * k >= nb * nb and nb >= 1


def test_convergence_theses_core_names_both(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.construction")
    ob = next(o for o in c.obligations if o.obligation.id == "axiom.convergence_theses")
    assert ob.evidence.data["inconsistent_axioms"] == ["bp_fixed_point_is_posterior", "loopy_bp_converges"]


# -- must say no ---------------------------------------------------------------------------------

def test_consistent_axioms_are_not_reported_inconsistent():
    # the target 1/2 lies strictly between the other values: a positive solution exists
    res = run_claims([probe_claim(lambda: m.hardmax_consistency((Q(1, 5), Q(1, 2), Q(4, 5)), 1), "smt", "refutes")])
    assert statuses(res)["test.probe.case/ob"] == "failed"
    assert verdicts(res)["test.probe.case"] != "refuted"
    ok, _ = m.convex_exactness_recheck((Q(1, 5), Q(1, 2), Q(4, 5)), 1)
    assert not ok


def test_uninterpreted_consistent_axiom_is_not_refuted():
    import z3
    State, fwd, _ = m._lean_state_sort()
    fixed = z3.Const("fixed", State)
    from verify import Consistency
    goal = Consistency({"loopy_bp_converges": fwd(fixed) == fixed}, recheck=lambda: (True, "should not be asked"))
    res = run_claims([probe_claim(lambda: goal, "smt", "refutes")])
    assert statuses(res)["test.probe.case/ob"] != "discharged"
    assert verdicts(res)["test.probe.case"] != "refuted"


def test_pigeonhole_rejects_an_affine_target():
    ok, _ = m.pigeonhole_recheck(target=lambda a, b: 2 * a + b)
    assert not ok
    ok, _ = m.pigeonhole_recheck()
    assert ok


def test_curvature_is_zero_at_m1_one_half():
    res = run_claims([probe_claim(lambda: m.curvature_nonzero((Q(3, 10), Q(1, 2))), "symbolic", "refutes")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_unmasked_witness_fails_against_a_too_small_bound():
    res = run_claims([probe_claim(lambda: m.unmasked_gather_within_bound(lams=(2.0, 5.0, 10.0), shrink=0.1),
                           "numeric", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_memorising_weights_reject_conflicting_tokens():
    # two identical embeddings needing different outputs cannot happen for a real state; fake one
    a = m.LeanToken(0, Q(1, 3), (1, 1))
    with pytest.raises(ValueError):
        m.memorising_weights([a] * 10 + [m.LeanToken(1, Q(k, 20), (0, 0)) for k in range(1, 10)])


# -- consistency of the local Lean model with lemmas.models --------------------------------------

def test_lean_model_matches_models_paper_bp():
    from lemmas.models import paper_bp, paper_counterexample
    g = paper_counterexample(exact=True)
    state = [m.LeanToken(0, Q(1, 2), (2, 2)), m.LeanToken(0, Q(1, 2), (2, 2)), m.LeanToken(1, Q(1, 2), (0, 1))]
    for T in (1, 2, 3):
        state = m.lean_bp_forward(state)
        assert [state[0].belief, state[1].belief] == paper_bp(g, T)


def test_heads_gather_is_paper_gather():
    from lemmas.models import paper_gather
    with m._single_thread_blas():
        for st in m.random_paper_states(count=3):
            for lam in m.LAMBDAS:
                g, _, (w0, w1) = m.heads_gather(st, lam)
                pg = paper_gather(st, lam)
                assert np.array_equal(g, pg.gathered)
                assert np.array_equal(w0, pg.weights[0]) and np.array_equal(w1, pg.weights[1])


# -- the fixes of the review ---------------------------------------------------------------------

def test_theses_recheck_derives_the_contradiction_from_a_real_fixed_point():
    ok, why = m.theses_recheck()
    assert ok and "bp_forwardPass^[1]" in why
    found = m.lean_fixed_point(m.ECT_STATE)
    assert found is not None
    _, F = found
    assert tuple(m.lean_bp_forward(F)) == F
    assert m.pct_conclusion(F, (Q(1),)) and not m.pct_conclusion(F, (Q(0),))
    ok, _ = m.theses_recheck(state=m.TWO_TOKEN_STATE)   # fixed point after two rounds
    assert ok


def test_theses_recheck_says_no_without_a_fixed_point():
    ok, why = m.theses_recheck(state=m.VARIABLE_SELF_LOOP)
    assert not ok and "no fixed point" in why


def test_theses_recheck_says_no_for_a_consistent_posterior_axiom():
    # a modified PCT that every fixed point satisfies (its belief is updateBelief of its gathered
    # beliefs), whatever P_true is: no contradiction may be derived
    def self_consistent(F, p_true):
        return all(t.node_type != 0 or t.belief == m.lean_update_belief(*t.scratch) for t in F)
    ok, why = m.theses_recheck(conclusion=self_consistent)
    assert not ok and "both hold" in why
    ok, _ = m.theses_recheck(state=m.TWO_TOKEN_STATE, conclusion=self_consistent)
    assert not ok


def test_consistent_convergence_theses_are_not_refuted():
    res = run_claims([probe_claim(m.theses_consistency_fixed_target, "smt", "refutes")])
    assert statuses(res)["test.probe.case/ob"] != "discharged"
    assert verdicts(res)["test.probe.case"] != "refuted"


def test_gather_induction_step_needs_the_real_recursion():
    import dataclasses

    import z3
    final, step, base = m.gather_bound_unbounded()
    S1, Sk = z3.Real("S_k1"), z3.Real("S_k")
    broken = dataclasses.replace(step, definitions={**step.definitions, "S_k1": S1 == Sk})  # forgets e_{k+1}
    res = run_claims([probe_claim(lambda: broken, "smt", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"
    assert verdicts(res)["test.probe.case"] == "refuted"
    # the base is about the defined empty sums: a non-empty start breaks it
    S0 = z3.Real("S_0")
    bad_base = dataclasses.replace(base, definitions={**base.definitions, "S_0": S0 == 1})
    res = run_claims([probe_claim(lambda: bad_base, "smt", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_encoded_score_gap_hypotheses_do_not_contain_the_negated_conclusion(result):
    goal = m.score_gap_encoding_reading()
    import z3
    s = z3.Solver()
    s.add(*goal.hypotheses.values(), goal.conclusion)   # the premises admit instances where the axiom holds
    assert s.check() == z3.sat
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.construction")
    ob = next(o for o in c.obligations if o.obligation.id == "axiom.attention_score_gap0.encoded")
    cex = {k: int(v) for k, v in ob.evidence.counterexample.items()}
    a, j, k = [cex["a_0"], cex["a_1"], cex["a_2"]], cex["j"], cex["k"]
    nb = a[j]
    assert k != nb and nb >= 1 and not (nb * a[k] < nb * a[nb])


def test_faithful_ffn_evidence_counts_units_from_the_model(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.construction")
    ob = next(o for o in c.obligations if o.obligation.id == "faithful.ffn")
    cex = ob.evidence.counterexample
    assert cex["hidden_units"] == cex["hinges"] + 2
    assert str(cex["hinges"]) in cex["hidden_units_breakdown"]
    assert "192" not in m.__doc__ and "194" not in m.__doc__
