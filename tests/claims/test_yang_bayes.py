"""yang.bayes.*: verdicts, the hypothesis analysis, and must-say-no cases for each new check."""
from __future__ import annotations

import random
from fractions import Fraction
from functools import partial

import pytest
import z3
from claim_helpers import decide_one, obligation_result, run_claims, statuses, verdicts

from lemmas.yang import bayes
from lemmas.yang.finite import bayes_joint_holds, evidence, is_stochastic, random_model
from verify import ExactEqual, Implication
from verify.discharge.smt import converse_goal


@pytest.fixture(scope="module")
def result():
    return run_claims(bayes)


def test_verdicts(result):
    v = verdicts(result)
    assert v["yang.bayes.rn_normalization"] == "proved"
    assert v["yang.bayes.rn_normalization.zero_evidence"] == "refuted"
    assert v["yang.bayes.rn_normalization.undominated"] == "refuted"
    assert v["yang.bayes.joint_implies_posterior"] == "tautological"
    for level in ("semantic", "block", "stack"):
        assert v[f"yang.bayes.joint_implies_posterior.{level}"] == "tautological"
    assert v["yang.bayes.joint_implies_posterior.every_input"] == "refuted"
    assert v["yang.bayes.joint_implies_posterior.deterministic_kernel"] == "proved"
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass" and result.exit_code() == 0


def test_bounded_family_covers_every_size_up_to_the_bound(result):
    ev = obligation_result(result, "yang.bayes.joint_implies_posterior", "posterior.smt").evidence
    labels = [g["label"] for g in ev.data["goals"]]
    expected = {f"TN={10 * T + N}: T={T},N={N}" for T in range(1, bayes.SMT_MAX + 1) for N in range(1, bayes.SMT_MAX + 1)}
    assert set(labels) == expected and len(labels) == len(expected)
    assert bayes.SMT_MAX >= 5  # the goal: at least 5×4
    assert ev.scope == "bounded"


def test_tautological_by_the_engine_built_converse(result):
    ev = obligation_result(result, "yang.bayes.joint_implies_posterior", "posterior.generic").evidence
    assert ev.tautology and ev.scope == "all"
    assert ev.data["converse"]["status"] == "proved" and ev.data["converse"]["premise"] == ["bayes_joint"]
    # the finite-size converse (null rows included) is proved at every size of the family
    fam = obligation_result(result, "yang.bayes.joint_implies_posterior", "posterior.smt").evidence
    assert fam.data["converse"]["status"] == "proved" and fam.data["converse"]["goals"] == bayes.SMT_MAX ** 2


def test_the_engine_built_converse_is_the_right_statement():
    g = bayes.smt_generic()
    conv = converse_goal(g)
    m, J, U = z3.Reals("m_x J_tx U_xt")
    # premise: BJ at the entry; the other hypothesis and the conclusion (U = J/m on m > 0) assumed
    assert z3.eq(conv.conclusion, m * U == J)
    assert set(conv.hypotheses) == {"evidence_positive", "conclusion"}
    assert z3.eq(conv.hypotheses["conclusion"], z3.And(m > 0, U == J / m))
    # the finite-size converse: stochasticity and U = P on m_x > 0 give BJ on every row
    fam = converse_goal(bayes.posterior_goal(2, 2))
    assert set(fam.hypotheses) == {"joint_distribution", "kernel_stochastic", "conclusion"}
    assert z3.eq(fam.conclusion, bayes.JointModel(2, 2).bayes_joint(bayes.free_kernel(2, 2)[0]))


def test_family_has_no_global_evidence_hypothesis():
    g = bayes.posterior_goal(3, 3)
    assert "evidence_positive" not in g.hypotheses


def test_family_allows_null_observations_with_arbitrary_rows():
    # hypotheses ∧ m_1 = 0 ∧ U[1,·] far from anything: satisfiable (null rows unconstrained)
    g = bayes.posterior_goal(2, 2)
    s = z3.Solver()
    s.add(*g.definitions.values(), *g.hypotheses.values(), z3.Real("m_1") == 0, z3.Real("U_1_0") == 1)
    assert s.check() == z3.sat


def test_stochasticity_redundant_on_the_family(result):
    data = obligation_result(result, "yang.bayes.joint_implies_posterior", "posterior.smt").evidence.data
    assert set(data["necessary"]) == {"bayes_joint"}
    assert set(data["redundant"]) == {"joint_distribution", "kernel_stochastic"}
    assert data["vacuity"]["status"] == "satisfiable"


def test_evidence_positive_is_necessary_for_a_fixed_row(result):
    data = obligation_result(result, "yang.bayes.joint_implies_posterior", "posterior.row.smt").evidence.data
    assert set(data["necessary"]) == {"bayes_joint", "evidence_positive"}
    assert data["necessary"]["evidence_positive"]["countermodel"]["m_0"] == "0"  # a null observation
    assert data["vacuity"]["status"] == "satisfiable"


def test_rn_evidence_positive_is_necessary(result):
    ob = obligation_result(result, "yang.bayes.rn_normalization", "finite.smt")
    assert "evidence_positive" in ob.evidence.data["necessary"]
    assert ob.evidence.data["necessary"]["evidence_positive"]["countermodel"]["m_0"] == "0"


def test_every_input_counterexample_is_two_kernels_on_a_null_observation(result):
    ob = obligation_result(result, "yang.bayes.joint_implies_posterior.every_input", "two_kernels.smt")
    v = {k: Fraction(x) for k, x in ob.evidence.counterexample.items()}
    pi = [v["pi_0"], v["pi_1"]]
    L = [[v[f"L_{t}_{x}"] for x in range(2)] for t in range(2)]
    U = [[v[f"U_{x}_{t}"] for t in range(2)] for x in range(2)]
    V = [[v[f"V_{x}_{t}"] for t in range(2)] for x in range(2)]
    assert bayes_joint_holds(pi, L, U) and bayes_joint_holds(pi, L, V) and is_stochastic(U) and is_stochastic(V)
    m = evidence(pi, L)
    differ = [x for x in range(2) if U[x] != V[x]]
    assert differ and all(m[x] == 0 for x in differ)


def test_every_level_uses_the_same_family_function():
    free = bayes.posterior_goal(2, 2, bayes.free_kernel)
    for kernel in (bayes.semantic_kernel, bayes.block_kernel, bayes.stack_kernel):
        g = bayes.posterior_goal(2, 2, kernel)
        assert set(g.hypotheses) == set(free.hypotheses) and set(g.definitions) == set(free.definitions)


def test_block_kernel_rows_are_exact_distributions():
    rows = bayes.block_kernel_rows(4, 5)
    assert is_stochastic(rows) and all(v > 0 for r in rows for v in r)


def test_stack_kernel_is_a_deeper_network_than_the_block():
    stack_rows = bayes.block_kernel_rows(3, 2, depth=bayes.STACK_DEPTH)
    assert is_stochastic(stack_rows) and stack_rows != bayes.block_kernel_rows(3, 2)
    _, what = bayes.transformer_block_features(2, depth=bayes.STACK_DEPTH)
    assert f"stack of {bayes.STACK_DEPTH} transformer blocks" in what


def test_every_level_is_tautological_by_the_engine_built_converse(result):
    for level, ob_id in (("semantic", "semantic.generic"), ("block", "block.generic"), ("stack", "stack.generic")):
        ev = obligation_result(result, f"yang.bayes.joint_implies_posterior.{level}", ob_id).evidence
        assert ev.tautology and ev.scope == "all", level
        assert ev.data["converse"]["status"] == "proved" and ev.data["converse"]["premise"] == ["bayes_joint"]
    ev = obligation_result(result, "yang.bayes.joint_implies_posterior.stack", "stack.depth").evidence
    assert ev.scope == "bounded" and ev.data["converse"]["status"] == "proved"
    assert [g["label"].split(":")[0] for g in ev.data["goals"]] == [f"L={d}" for d in bayes.STACK_DEPTHS]


def test_written_out_stack_is_a_residual_composition():
    entry, defs = bayes.uninterpreted_stack_entry(z3.Int("x"), 3)
    # two named states per block (after attention, after the MLP), FEATURES reals each
    assert len(defs) == 3 * 2 * bayes.FEATURES
    assert {a.decl().name() for a in entry.children()} == {f"h3_{i}" for i in range(bayes.FEATURES)}


def test_the_stack_statement_has_one_verdict():
    from lemmas.yang import stack
    as_stated = [c.id for c in bayes.CLAIMS + stack.CLAIMS if c.reading == "as-stated" and "stack" in c.id]
    assert as_stated == ["yang.bayes.joint_implies_posterior.stack"]
    assert all(c.id.startswith("yang.bayes.joint_implies_posterior.stack.composition") for c in stack.CLAIMS)


# ------------------------------------------------------------------ must say no


def _joint_only(M, x, t):  # a wrong "posterior": the joint, not divided by the evidence
    return M.J[t][x]


def test_wrong_posterior_formula_is_not_proved_by_the_same_family():
    check = bayes.posterior_member(bayes.free_kernel, _joint_only)
    verdict, ev = decide_one("smt", "supports", check, family=bayes.tn_family(3, 3))
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_wrong_posterior_formula_fails_at_block_level_too():
    check = bayes.posterior_member(bayes.block_kernel, _joint_only)
    verdict, ev = decide_one("smt", "supports", check, family=bayes.tn_family(2, 2))
    assert ev.status == "failed" and ev.confirmed


def test_wrong_posterior_formula_fails_at_stack_level_too():
    check = bayes.posterior_member(bayes.stack_kernel, _joint_only)
    verdict, ev = decide_one("smt", "supports", check, family=bayes.tn_family(2, 2))
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_written_out_stack_with_an_inequality_for_bayes_joint_is_refuted():
    # m_x U[x,t] ≥ J instead of =: the stack's entry is then not determined (re-checked countermodel)
    def check():
        g = bayes.smt_generic_stack_depth(3)
        m, J = z3.Reals("m_x J_tx")
        entry = g.hypotheses["bayes_joint"].arg(0).arg(1)
        return Implication({"evidence_positive": m > 0, "bayes_joint": m * entry >= J}, g.conclusion,
                           definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_a_weak_conclusion_is_not_tautological():
    # BJ ∧ m > 0 ⇒ U ≥ 0 holds, but its converse (U ≥ 0 ⇒ BJ) does not: proved, not tautological.
    def check():
        m, J, U = z3.Reals("m_x J_tx U_xt")
        return Implication({"evidence_positive": m > 0, "joint_nonnegative": J >= 0, "bayes_joint": m * U == J},
                           U >= 0, converse_of=("bayes_joint",), analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "discharged" and not ev.tautology and verdict == "proved"
    assert ev.data["converse"]["status"] == "refuted"


def test_a_counterexample_differing_on_a_positive_row_is_rejected():
    # V then violates BJ: the pinned hypotheses contradict each other, which the engine reports
    verdict, ev = decide_one("smt", "refutes", partial(bayes.smt_two_kernels_instance, differ_on_null=False))
    assert ev.status == "error" and "vacuous" in ev.detail and verdict == "error"


def test_zero_evidence_counterexample_without_a_null_observation_is_rejected():
    verdict, ev = decide_one("smt", "refutes", partial(bayes.smt_zero_evidence, null_observation=False))
    assert ev.status == "failed" and not ev.confirmed and verdict != "refuted"


def test_zero_evidence_counterexample_is_the_null_observation(result):
    ev = obligation_result(result, "yang.bayes.rn_normalization.zero_evidence", "null_observation.instance").evidence
    assert ev.confirmed and "0" in [ev.counterexample[f"m_{x}"] for x in range(6)]


def test_undominated_refutation_fails_when_the_prior_has_an_atom_at_theta():
    # κ∘π then has an atom at θ: ℓ = 1/a there is a density, and the check must say no
    verdict, ev = decide_one("exact", "refutes", partial(bayes.undominated_identity_channel, Fraction(1, 2)))
    assert ev.status == "failed" and verdict != "refuted"


def test_gaussian_quadrature_rejects_a_wrong_normalizer():
    import mpmath
    check = partial(bayes.numeric_gaussian_integral, normalizer=lambda v1: mpmath.sqrt(2 * v1))  # π forgotten
    verdict, ev = decide_one("numeric", "supports", check)
    assert ev.status == "failed"


def test_unnormalized_posterior_fails_bayes_joint():
    def check():
        cases = []
        for seed in range(3):
            pi, L = random_model(random.Random(seed), 4, 4)
            U = [[pi[t] * L[t][x] for t in range(4)] for x in range(4)]  # forgot to divide by m_x
            cases.append((f"seed {seed}", bayes_joint_holds(pi, L, U), True))
        return ExactEqual(cases)
    verdict, ev = decide_one("exact", "supports", check)
    assert ev.status == "failed" and verdict == "refuted"


def test_wrong_gaussian_posterior_variance_is_not_proved():
    def wrong():
        m1, _ = bayes.gaussian_posterior()
        return m1, bayes._v0 + bayes._w  # the evidence variance instead of v0·w/(v0+w)
    verdict, ev = decide_one("symbolic", "supports", partial(bayes.symbolic_gaussian_factorization, wrong))
    assert ev.status == "unknown" and verdict != "proved"


def test_deterministic_kernel_with_a_degenerate_prior_is_not_proved():
    def check():
        p, l, u, m = z3.Reals("pi_t L_tx U_xt m_x")
        return Implication({"prior_may_vanish": p >= 0, "full_support_likelihood": l > 0, "one_hot_row": u == 0},
                           m * u != p * l, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed
