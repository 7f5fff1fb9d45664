"""lemmas/yang/bayes/stack_composition.py: the project's stack theorems (sub-claims of the paper's
stack statement), the exact instances, must-say-no cases."""
from __future__ import annotations

from functools import partial

import z3
from claim_helpers import decide_one

from lemmas.yang.bayes import levels
from lemmas.yang.bayes import stack_composition as sc
from lemmas.yang.bayes import stack_layernorm as ln
from lemmas.yang.finite import normalize
from verify import ExactEqual, Induction

C = sc.ID


def test_the_composition_theorem_is_a_project_subclaim_of_the_papers_stack_statement():
    assert C == "yang.bayes.joint_implies_posterior.stack.composition"
    claims = sc.CLAIMS + ln.CLAIMS
    readings = {c.id: c.reading for c in claims}
    assert readings == {C: "project", C + ".wrong_prior": "misreading", C + ".layernorm": "misreading",
                        C + ".mean_centring": "project"}
    assert all("not the paper's" in c.where or "not a claim of the paper" in c.where for c in claims)


def test_the_stack_statement_has_one_verdict():
    claims = levels.CLAIMS + sc.CLAIMS + ln.CLAIMS
    as_stated = [c.id for c in claims if c.reading == "as-stated" and "stack" in c.id]
    assert as_stated == ["yang.bayes.joint_implies_posterior.stack"]


def test_exact_checks_cover_sizes_up_to_six_with_null_observations():
    cases = sc.composition_of_posteriors_is_posterior_on_rational_models().cases
    assert any("T=6 N=6 M=6" in label for label, _, _ in cases)
    assert len(cases) >= 50


def test_induction_bookkeeping_is_only_a_cross_check():
    assert sc.marginal_associative_for_every_t.__verify_obligation__.cross_check


# ------------------------------------------------------------------ must say no


def test_marginal_inner_prior_is_not_a_counterexample():
    verdict, ev = decide_one("exact", "refutes", partial(sc.uniform_inner_prior_breaks_composition, 505, "marginal"))
    assert ev.status == "failed" and verdict != "refuted"


def test_uniform_inner_prior_fails_the_supporting_composition_check():
    verdict, ev = decide_one("exact", "supports", partial(sc.uniform_inner_prior_breaks_composition, 505, "uniform"))
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_additive_update_is_not_sequential_bayes():
    def check():
        additive = lambda p, ell: normalize([a + b for a, b in zip(p, ell, strict=True)])  # noqa: E731
        cases, _ = sc.sequential_cases(additive)
        return ExactEqual(cases)
    verdict, ev = decide_one("exact", "supports", check)
    assert ev.status == "failed" and ev.confirmed


def test_interval_check_rejects_a_residual_that_adds_likelihoods_instead_of_logs():
    check = partial(sc.residual_readout_equals_batch_posterior_within_1e_30, lambda r, ell: r + ell)
    verdict, ev = decide_one("numeric", "supports", check)
    assert ev.status == "failed"


def test_wrong_induction_step_for_associativity_is_not_proved():
    def check():
        g = sc.marginal_associative_for_every_t()
        T = g.index
        R = z3.Function("RHS", z3.IntSort(), z3.RealSort())
        p, W = (z3.Function(n, z3.IntSort(), z3.RealSort()) for n in ("pi", "W"))
        step = dict(g.step, RHS_step=R(T + 1) == R(T) + 2 * p(T + 1) * W(T + 1))
        return Induction(T, g.predicate, g.base, step, start=1)
    # cvc5 off: on this satisfiable step (uninterpreted functions, products) it runs to the
    # wall-clock safety net instead of stopping at its resource limit (reported to the engine).
    verdict, ev = decide_one("smt", "supports", check, settings={"second_solver": False})
    assert ev.status == "unknown" and "step" in ev.detail and verdict != "proved"


def test_null_observation_term_needs_the_null_observation():
    def check():
        g = sc.null_observations_contribute_zero()
        hyps = {k: v for k, v in g.hypotheses.items() if k != "null_observation"}
        return type(g)(hyps, g.conclusion, definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed

