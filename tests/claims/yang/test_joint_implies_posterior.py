"""lemmas/yang/bayes/joint_implies_posterior.py: the evidence of yang.bayes.joint_implies_posterior
(and .every_input, .deterministic_kernel), the engine-built converse, must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import z3
from claim_helpers import decide_one, obligation_result

from lemmas.yang.bayes import joint_implies_posterior as jp
from lemmas.yang.bayes.encoding import JointEncoding
from lemmas.yang.finite import bayes_joint_holds, evidence, is_stochastic
from verify import Implication
from verify.discharge.smt import converse_goal

CORE = "yang.bayes.joint_implies_posterior"


def test_bounded_family_covers_every_size_up_to_the_bound(gate):
    ev = obligation_result(gate, CORE, "bayes_joint_implies_posterior_up_to_6x6").evidence
    labels = [g["label"] for g in ev.data["goals"]]
    expected = {f"TN={10 * T + N}: T={T},N={N}" for T in range(1, jp.SMT_MAX + 1) for N in range(1, jp.SMT_MAX + 1)}
    assert set(labels) == expected and len(labels) == len(expected)
    assert jp.SMT_MAX >= 5  # the goal: at least 5×4
    assert ev.scope == "bounded"


def test_tautological_by_the_engine_built_converse(gate):
    ev = obligation_result(gate, CORE, "bayes_joint_implies_posterior_for_every_size").evidence
    assert ev.tautology and ev.scope == "all"
    assert ev.data["converse"]["status"] == "proved" and ev.data["converse"]["premise"] == ["bayes_joint"]
    # the finite-size converse (null rows included) is proved at every size of the family
    fam = obligation_result(gate, CORE, "bayes_joint_implies_posterior_up_to_6x6").evidence
    assert fam.data["converse"]["status"] == "proved" and fam.data["converse"]["goals"] == jp.SMT_MAX ** 2


def test_the_engine_built_converse_is_the_right_statement():
    g = jp.bayes_joint_implies_posterior_for_every_size()
    conv = converse_goal(g)
    m, joint, u = z3.Reals("m_x J_tx U_xt")
    # premise: BJ at the entry; the other hypothesis and the conclusion (U = J/m on m > 0) assumed
    assert z3.eq(conv.conclusion, m * u == joint)
    assert set(conv.hypotheses) == {"evidence_positive", "conclusion"}
    assert z3.eq(conv.hypotheses["conclusion"], z3.And(m > 0, u == joint / m))
    # the finite-size converse: stochasticity and U = P on m_x > 0 give BJ on every row
    fam = converse_goal(jp.posterior_goal(2, 2))
    assert set(fam.hypotheses) == {"joint_distribution", "kernel_stochastic", "conclusion"}
    assert z3.eq(fam.conclusion, JointEncoding(2, 2).bayes_joint(jp.free_kernel(2, 2)[0]))


def test_family_has_no_global_evidence_hypothesis():
    g = jp.posterior_goal(3, 3)
    assert "evidence_positive" not in g.hypotheses


def test_family_allows_null_observations_with_arbitrary_rows():
    # hypotheses ∧ m_1 = 0 ∧ U[1,·] far from anything: satisfiable (null rows unconstrained)
    g = jp.posterior_goal(2, 2)
    s = z3.Solver()
    s.add(*g.definitions.values(), *g.hypotheses.values(), z3.Real("m_1") == 0, z3.Real("U_1_0") == 1)
    assert s.check() == z3.sat


def test_stochasticity_redundant_on_the_family(gate):
    data = obligation_result(gate, CORE, "bayes_joint_implies_posterior_up_to_6x6").evidence.data
    assert set(data["necessary"]) == {"bayes_joint"}
    assert set(data["redundant"]) == {"joint_distribution", "kernel_stochastic"}
    assert data["vacuity"]["status"] == "satisfiable"


def test_evidence_positive_is_necessary_for_a_fixed_row(gate):
    data = obligation_result(gate, CORE, "bayes_joint_implies_posterior_on_one_row").evidence.data
    assert set(data["necessary"]) == {"bayes_joint", "evidence_positive"}
    assert data["necessary"]["evidence_positive"]["countermodel"]["m_0"] == "0"  # a null observation
    assert data["vacuity"]["status"] == "satisfiable"


def test_every_input_counterexample_is_two_kernels_on_a_null_observation(gate):
    ob = obligation_result(gate, CORE + ".every_input", "two_bayes_joint_kernels_differ")
    v = {k: Fraction(x) for k, x in ob.evidence.counterexample.items()}
    pi = [v["pi_0"], v["pi_1"]]
    L = [[v[f"L_{t}_{x}"] for x in range(2)] for t in range(2)]
    U = [[v[f"U_{x}_{t}"] for t in range(2)] for x in range(2)]
    V = [[v[f"V_{x}_{t}"] for t in range(2)] for x in range(2)]
    assert bayes_joint_holds(pi, L, U) and bayes_joint_holds(pi, L, V) and is_stochastic(U) and is_stochastic(V)
    m = evidence(pi, L)
    differ = [x for x in range(2) if U[x] != V[x]]
    assert differ and all(m[x] == 0 for x in differ)


# ------------------------------------------------------------------ must say no


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
    check = partial(jp.two_bayes_joint_kernels_differ_on_pinned_model, differ_on_null=False)
    verdict, ev = decide_one("smt", "refutes", check)
    assert ev.status == "error" and "vacuous" in ev.detail and verdict == "error"


def test_deterministic_kernel_with_a_degenerate_prior_is_not_proved():
    def check():
        p, lik, u, m = z3.Reals("pi_t L_tx U_xt m_x")
        return Implication({"prior_may_vanish": p >= 0, "full_support_likelihood": lik > 0, "one_hot_kernel": u == 0},
                           m * u != p * lik, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed
