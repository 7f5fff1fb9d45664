"""yang.bayes.joint_implies_posterior.stack.composition.*: verdicts and must-say-no cases for each new check."""
from __future__ import annotations

from functools import partial

import pytest
import sympy as sp
import z3
from claim_helpers import decide_one, run_claims, statuses, verdicts

from lemmas.yang import stack
from verify import ExactEqual, Identity, Induction

C = stack.ID


@pytest.fixture(scope="module")
def result():
    return run_claims(stack)


def test_verdicts(result):
    v = verdicts(result)
    assert v == {C: "proved", C + ".wrong_prior": "refuted", C + ".layernorm": "refuted",
                 C + ".mean_centring": "proved"}
    assert all(s == "discharged" for s in statuses(result).values()), statuses(result)
    assert result.gate == "pass" and result.exit_code() == 0


def test_the_composition_theorem_is_a_project_subclaim_of_the_papers_stack_statement():
    assert C == "yang.bayes.joint_implies_posterior.stack.composition"
    readings = {c.id: c.reading for c in stack.CLAIMS}
    assert readings == {C: "project", C + ".wrong_prior": "misreading", C + ".layernorm": "misreading",
                        C + ".mean_centring": "project"}
    assert all("not the paper's" in c.where or "not a claim of the paper" in c.where for c in stack.CLAIMS)


def test_exact_checks_cover_sizes_up_to_six_with_null_observations():
    cases = stack.exact_composition().cases
    assert any("T=6 N=6 M=6" in label for label, _, _ in cases)
    assert len(cases) >= 50


# ------------------------------------------------------------------ must say no


def test_marginal_inner_prior_is_not_a_counterexample():
    verdict, ev = decide_one("exact", "refutes", partial(stack.exact_wrong_prior, 505, "marginal"))
    assert ev.status == "failed" and verdict != "refuted"


def test_uniform_inner_prior_fails_the_supporting_composition_check():
    verdict, ev = decide_one("exact", "supports", partial(stack.exact_wrong_prior, 505, "uniform"))
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_additive_update_is_not_sequential_bayes():
    def check():
        additive = lambda p, ell: stack.normalize([a + b for a, b in zip(p, ell)])  # noqa: E731
        cases, _ = stack._sequential_cases(additive)
        return ExactEqual(cases)
    verdict, ev = decide_one("exact", "supports", check)
    assert ev.status == "failed" and ev.confirmed


def test_interval_check_rejects_a_residual_that_adds_likelihoods_instead_of_logs():
    verdict, ev = decide_one("numeric", "supports", partial(stack.interval_sequential, lambda r, ell: r + ell))
    assert ev.status == "failed"


def test_induction_bookkeeping_is_only_a_cross_check():
    ob = next(o for o in stack.CLAIMS[0].obligations if o.id == "composition.induction")
    assert ob.cross_check


def test_layernorm_at_unit_spread_is_not_a_counterexample():
    # r = (0, 2): std = 1, so LN(r) = r − mean(r) and the softmax is unchanged.
    point = {stack._r0: sp.Integer(0), stack._r1: sp.Integer(2)}
    verdict, ev = decide_one("symbolic", "refutes", partial(stack.layernorm_nonidentity, point))
    # lhs − rhs is 0 there, but not as a rational: its interval enclosure contains 0, so the
    # refutation is not confirmed (unknown), never a counterexample.
    assert ev.status in ("failed", "unknown") and not ev.confirmed and verdict != "refuted"


def test_rescaling_is_not_shift_invariance():
    n, t, l, u, r = stack._n, stack._t, stack._l, stack._u, stack._r
    lhs = sp.exp(r[t] / 2) / sp.Sum(sp.exp(r[l] / 2), (l, 1, n))
    rhs = sp.exp(r[t]) / sp.Sum(sp.exp(r[u]), (u, 1, n))
    verdict, ev = decide_one("symbolic", "supports", lambda: Identity(lhs, rhs))
    assert ev.status != "discharged"


def test_wrong_induction_step_for_associativity_is_not_proved():
    def check():
        g = stack.smt_associativity_induction()
        T = g.index
        R = z3.Function("RHS", z3.IntSort(), z3.RealSort())
        p, W = (z3.Function(n, z3.IntSort(), z3.RealSort()) for n in ("pi", "W"))
        step = dict(g.step, RHS_step=R(T + 1) == R(T) + 2 * p(T + 1) * W(T + 1))
        return Induction(T, g.predicate, g.base, step, start=1)
    # cvc5 off: on this satisfiable step (uninterpreted functions, products) it runs to the
    # wall-clock safety net instead of stopping at its resource limit (reported to the engine).
    verdict, ev = decide_one("smt", "supports", check, settings={"second_solver": False})
    assert ev.status == "unknown" and "step" in ev.detail and verdict != "proved"


def test_layernorm_residual_at_a_non_stochastic_model_is_an_error():
    pi, L, xs = stack.LN_MODEL
    L = [list(r) for r in L]
    L[0][0] += 1  # row 0 no longer sums to 1: outside the claim's domain
    verdict, ev = decide_one("symbolic", "refutes", partial(stack.layernorm_bayes_nonidentity, (pi, L, xs)))
    assert ev.status == "error" and "outside the declared domain" in ev.detail


def test_null_observation_term_needs_the_null_observation():
    def check():
        g = stack.smt_null_observation()
        hyps = {k: v for k, v in g.hypotheses.items() if k != "null_observation"}
        return type(g)(hyps, g.conclusion, definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed
