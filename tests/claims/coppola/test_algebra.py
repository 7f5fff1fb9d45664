"""coppola.logodds.algebra, .algebra.all_reals: the hypothesis analysis, the counterexamples, and must-say-no
cases for each kind of check."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
import z3
from claim_helpers import decide_one, obligation_result

from lemmas.coppola import logodds
from lemmas.coppola.logodds import algebra as m
from lemmas.models.bp import update_belief
from verify import Identity
from verify.discharge.smt import induction_goals


def test_fold_has_one_home():
    from lemmas.models import bp
    assert logodds.fold is m.fold is bp.fold
    assert bp.fold([Fraction(4, 5), Fraction(2, 5)], Fraction(1, 2)) == Fraction(8, 11)


def test_update_belief_with_complements_is_the_two_argument_update():
    a, b = Fraction(4, 5), Fraction(2, 5)
    assert update_belief(a, b) == update_belief(a, b, 1 - a, 1 - b) == Fraction(8, 11)


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_domain_is_necessary_for_the_odds_identity(gate):
    ev = obligation_result(gate, "coppola.logodds.algebra", "update_belief_multiplies_odds").evidence
    assert set(ev.data["necessary"]) == {"m0_in_unit", "m1_in_unit"}


def test_denominator_zero_found_by_z3_is_a_real_zero(gate):
    ev = obligation_result(gate, "coppola.logodds.algebra.all_reals", "denominator_has_real_zeros").evidence
    model = {k: Fraction(v) for k, v in ev.counterexample.items()}
    assert m.denominator(model["m0"], model["m1"]) == 0


def test_the_exact_counterexample_is_the_zero_of_the_denominator(gate):
    ev = obligation_result(gate, "coppola.logodds.algebra.all_reals",
                           "update_belief_undefined_off_unit_square").evidence
    assert ev.confirmed and "≠ 0" in ev.counterexample["case"]
    assert ev.data["goals"][0]["denominator"] == "0"


# ---- must say no


def test_wrong_log_odds_identity_is_not_proved():
    m0, m1 = m.belief(m._r0), m.belief(m._r1)
    wrong = lambda: Identity(update_belief(m0, m1), m.sigma(m.logit(m0) - m.logit(m1)))  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert verdict != "proved" and ev.status != "discharged"


def test_identity_in_m_coordinates_is_not_shown_defined():
    # Stated in m ∈ (0,1) directly, sympy cannot prove 1 − m ≠ 0: unknown, not proved.
    m0, m1 = sp.symbols("m0 m1", positive=True)
    direct = lambda: Identity(update_belief(m0, m1), m.sigma(m.logit(m0) + m.logit(m1)))  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", direct)
    assert ev.status == "unknown" and "not shown defined" in ev.detail


def test_wrong_complement_is_not_proved():
    # Writing the inner complement as m0·m1/D (the value itself, not 1 − value) breaks associativity.
    def wrong():
        m0, m1, m2 = (m.belief(r) for r in (m._r0, m._r1, m._r2))
        left, _ = m._inner(m0, m1)
        right, right_c = m._inner(m1, m2)
        return Identity(update_belief(left, m2, left), update_belief(m0, right, None, right_c))
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert ev.status != "discharged" and verdict != "proved"


def _noisy_or(f, x):
    return 1 - (1 - f) * (1 - x)


def _odds_sum(R, r):
    return R + r


@pytest.mark.parametrize("variant", [dict(combine=_noisy_or), dict(extend=_odds_sum)])
def test_fold_induction_rejects_a_wrong_fold_or_closed_form(variant):
    # noisy-OR is not the ⊕ fold, and adding odds is not the closed form: the step cannot be proved.
    verdict, ev = decide_one("smt", "supports", partial(m.fold_is_sigma_of_logit_sum, **variant))
    assert ev.status == "unknown" and "step" in ev.detail and verdict != "proved"


def test_fold_induction_relates_the_fold_to_the_closed_form():
    base, step = induction_goals(m.fold_is_sigma_of_logit_sum())
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
    verdict, ev = decide_one("exact", "refutes",
                             partial(m.update_belief_undefined_off_unit_square, Fraction(1, 2), Fraction(1, 3)))
    assert ev.status == "failed" and verdict != "refuted"


def test_exact_fold_check_detects_a_wrong_fold():
    def wrong():
        goal = m.fold_is_sigma_of_logit_sum_up_to_12()
        goal.cases[7] = (goal.cases[7][0], goal.cases[7][1] + Fraction(1, 10**9), goal.cases[7][2])
        return goal
    verdict, ev = decide_one("exact", "supports", wrong)
    assert ev.status == "failed" and verdict != "proved"
