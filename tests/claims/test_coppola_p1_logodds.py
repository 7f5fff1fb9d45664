"""coppola.logodds.*: verdicts, the hypothesis analysis, and must-say-no cases for each kind of check."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
import z3
from claim_helpers import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import logodds
from verify import Identity
from verify.discharge.smt import induction_goals


@pytest.fixture(scope="module")
def result():
    return run_claims(logodds)


def _evidence(result, claim_id, ob_id):
    c = next(c for c in result.claims if c.claim.id == claim_id)
    return next(o for o in c.obligations if o.obligation.id == ob_id).evidence


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.logodds.algebra"] == "proved"
    assert v["coppola.logodds.algebra.all_reals"] == "refuted"
    assert v["coppola.logodds.evidence"] == "proved"
    assert v["coppola.logodds.evidence.prior_half"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    assert result.gate == "pass"


def test_domain_is_necessary_for_the_odds_identity(result):
    ev = _evidence(result, "coppola.logodds.algebra", "identity.odds.smt")
    assert set(ev.data["necessary"]) == {"m0_in_unit", "m1_in_unit"}


def test_conditional_independence_is_necessary(result):
    ev = _evidence(result, "coppola.logodds.evidence", "general_prior.smt")
    assert {"ci_given_H", "ci_given_not_H"} <= set(ev.data["necessary"])
    assert "normalised" in ev.data["redundant"]


def test_denominator_zero_found_by_z3_is_a_real_zero(result):
    ev = _evidence(result, "coppola.logodds.algebra.all_reals", "denominator_zero.smt")
    model = {k: Fraction(v) for k, v in ev.counterexample.items()}
    assert logodds.denominator(model["m0"], model["m1"]) == 0


def test_the_exact_counterexample_is_the_zero_of_the_denominator(result):
    ev = _evidence(result, "coppola.logodds.algebra.all_reals", "denominator_zero.exact")
    assert ev.confirmed and "≠ 0" in ev.counterexample["case"]
    assert ev.data["goals"][0]["denominator"] == "0"


def test_wrong_log_odds_identity_is_not_proved():
    m0, m1 = logodds.belief(logodds._r0), logodds.belief(logodds._r1)
    wrong = lambda: Identity(logodds.update_belief(m0, m1), logodds.sigma(logodds.logit(m0) - logodds.logit(m1)))  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert verdict != "proved" and ev.status != "discharged"


def test_identity_in_m_coordinates_is_not_shown_defined():
    # Stated in m ∈ (0,1) directly, sympy cannot prove 1 − m ≠ 0: unknown, not proved.
    m0, m1 = sp.symbols("m0 m1", positive=True)
    direct = lambda: Identity(logodds.update_belief(m0, m1), logodds.sigma(logodds.logit(m0) + logodds.logit(m1)))  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", direct)
    assert ev.status == "unknown" and "not shown defined" in ev.detail


def test_wrong_complement_is_not_proved():
    # Writing the inner complement as m0·m1/D (the value itself, not 1 − value) breaks associativity.
    def wrong():
        m0, m1, m2 = (logodds.belief(r) for r in (logodds._r0, logodds._r1, logodds._r2))
        left, _ = logodds._inner(m0, m1)
        right, right_c = logodds._inner(m1, m2)
        return Identity(logodds.update_belief(left, m2, left), logodds.update_belief(m0, right, None, right_c))
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert ev.status != "discharged" and verdict != "proved"


def _noisy_or(f, m):
    return 1 - (1 - f) * (1 - m)


def _odds_sum(R, r):
    return R + r


@pytest.mark.parametrize("variant", [dict(combine=_noisy_or), dict(extend=_odds_sum)])
def test_fold_induction_rejects_a_wrong_fold_or_closed_form(variant):
    # noisy-OR is not the ⊕ fold, and adding odds is not the closed form: the step cannot be proved.
    verdict, ev = decide_one("smt", "supports", partial(logodds.fold_induction, **variant))
    assert ev.status == "unknown" and "step" in ev.detail and verdict != "proved"


def test_fold_induction_relates_the_fold_to_the_closed_form():
    base, step = induction_goals(logodds.fold_induction())
    for goal in (base, step):
        names = {str(v.decl()) for v in z3.z3util.get_vars(goal.conclusion)} | {
            d.name() for d in _apps(goal.conclusion)}
        assert {"F", "R"} <= names
    assert "induction_hypothesis" in step.hypotheses and "step:fold_step" in step.hypotheses


def _apps(e):
    out, todo = set(), [e]
    while todo:
        x = todo.pop()
        if z3.is_app(x):
            if x.num_args() and x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
                out.add(x.decl())
            todo.extend(x.children())
    return out


def test_a_point_where_the_denominator_is_nonzero_is_no_counterexample():
    # (1/2, 1/3) lies in (0,1)²: every case of the claim holds there.
    verdict, ev = decide_one("exact", "refutes", partial(logodds.denominator_zero_cases, Fraction(1, 2), Fraction(1, 3)))
    assert ev.status == "failed" and verdict != "refuted"


def test_prior_one_half_is_no_counterexample():
    verdict, ev = decide_one("exact", "refutes", partial(logodds.prior_cases, Fraction(1, 2)))
    assert ev.status == "failed" and verdict != "refuted"


def test_exact_fold_check_detects_a_wrong_fold():
    def wrong():
        goal = logodds.exact_fold_cross_check()
        goal.cases[7] = (goal.cases[7][0], goal.cases[7][1] + Fraction(1, 10**9), goal.cases[7][2])
        return goal
    verdict, ev = decide_one("exact", "supports", wrong)
    assert ev.status == "failed" and verdict != "proved"


def test_every_claim_explains_itself_and_names_its_reading():
    assert all(c.explanation.strip() for c in logodds.CLAIMS)
    for c in logodds.CLAIMS:
        if c.reading != "as-stated":
            assert c.reading in c.where, (c.id, c.where)
