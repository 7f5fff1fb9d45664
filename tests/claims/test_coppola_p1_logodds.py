"""coppola.logodds.*: verdicts, the hypothesis analysis, and must-say-no cases for each new check."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
import z3
from conftest import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import logodds
from verify import Identity, Implication


@pytest.fixture(scope="module")
def result():
    return run_claims(logodds)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.logodds.algebra"] == "proved"
    assert v["coppola.logodds.algebra.all_reals"] == "refuted"
    assert v["coppola.logodds.evidence"] == "proved"
    assert v["coppola.logodds.evidence.prior_half"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    assert result.gate == "pass"


def test_domain_is_necessary_for_the_odds_identity(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.logodds.algebra")
    ob = next(o for o in c.obligations if o.obligation.id == "identity.odds.smt")
    assert set(ob.evidence.data["necessary"]) == {"m0_in_unit", "m1_in_unit"}


def test_conditional_independence_is_necessary(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.logodds.evidence")
    ob = next(o for o in c.obligations if o.obligation.id == "general_prior.smt")
    assert {"ci_given_H", "ci_given_not_H"} <= set(ob.evidence.data["necessary"])
    assert "normalised" in ob.evidence.data["redundant"]


def test_denominator_zero_found_by_z3_is_a_real_zero(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.logodds.algebra.all_reals")
    ob = next(o for o in c.obligations if o.obligation.id == "denominator_zero.smt")
    model = {k: Fraction(v) for k, v in ob.evidence.counterexample.items()}
    assert logodds.denominator(model["m0"], model["m1"]) == 0


def test_wrong_log_odds_identity_is_not_proved():
    m0, m1 = sp.symbols("m0 m1", positive=True)
    wrong = lambda: Identity(logodds.update_belief(m0, m1),  # noqa: E731
                             logodds.sigma(logodds.logit(m0) - logodds.logit(m1)),
                             sample={m0: (0.01, 0.99), m1: (0.01, 0.99)})
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert verdict != "proved" and ev.status != "discharged"


def test_wrong_fold_step_is_not_proved():
    # noisy-OR is not the ⊕ fold: the step must fail with a re-checked countermodel.
    def step():
        P, f, m, r = z3.Reals("P f m r")
        noisy_or = 1 - (1 - f) * (1 - m)
        return Implication({"P_positive": P > 0, "m_in_unit": logodds._unit(m)},
                           z3.And(1 + P * r > 0, noisy_or == (P * r) / (1 + P * r)),
                           definitions={"f": f * (1 + P) == P, "r": r * (1 - m) == m}, analyse=False)
    verdict, ev = decide_one("smt", "supports", step)
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def _odds_sum(R, r):
    return R + r


def test_fold_induction_rejects_a_wrong_closed_form():
    # If the closed form's odds added instead of multiplying, the step (recursive fold vs closed form)
    # must fail with a re-checked countermodel.
    def step_only():
        return logodds.smt_fold_induction(_odds_sum)[1]
    verdict, ev = decide_one("smt", "supports", step_only)
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_fold_induction_goals_relate_the_fold_to_the_closed_form():
    base, step = logodds.smt_fold_induction()
    # no constant goal: both conclusions mention the fold and the closed-form odds
    for goal in (base, step):
        names = {str(v) for v in z3.z3util.get_vars(goal.conclusion)}
        assert {"F_k1", "R_k1"} <= names
    assert "induction_hypothesis" in step.hypotheses and "F_k1_is_fold" in step.definitions
    assert "R_k1_is_product" in step.definitions


def test_non_zero_of_the_denominator_is_rejected():
    verdict, ev = decide_one("exact", "refutes", partial(logodds.denominator_zero_counterexample,
                                                      Fraction(2), Fraction(1, 2)))
    assert ev.status == "error" and verdict != "refuted"


def test_prior_one_half_is_no_counterexample():
    verdict, ev = decide_one("exact", "refutes", partial(logodds.prior_counterexample, Fraction(1, 2)))
    assert ev.status == "error" and verdict != "refuted"


def test_exact_fold_check_detects_a_wrong_fold():
    def wrong():
        goal = logodds.exact_fold_cross_check()
        goal.cases[7] = (goal.cases[7][0], goal.cases[7][1] + Fraction(1, 10**9), goal.cases[7][2])
        return goal
    verdict, ev = decide_one("exact", "supports", wrong)
    assert ev.status == "failed" and verdict != "proved"
