"""coppola.andor.structure.attention_and, .ffn_or: both solvers refute, the paper's values; must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
from claim_helpers import decide_one, obligation_result

from lemmas.coppola import andor
from lemmas.coppola.andor import probabilistic as m
from lemmas.models.bp import update_belief
from verify import ExactEqual


def test_every_claim_explains_itself_and_names_its_reading():
    for c in andor.CLAIMS + m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


@pytest.mark.parametrize("check", [m.no_attention_weights_give_and, m.no_attention_weights_give_and_of_three])
def test_refutation_is_confirmed_by_both_solvers(gate, check):
    ev = obligation_result(gate, "coppola.andor.structure.attention_and", check.__name__).evidence
    assert ev.data["second_solver"]["status"] == "unsat"
    assert ev.counterexample["inconsistent_axioms"] == ["output_is_and", "values_in_unit", "weights_on_simplex"]


def test_paper_example_values():
    assert update_belief(Fraction(4, 5), Fraction(2, 5)) == Fraction(8, 11)
    detail = m.paper_example_is_not_noisy_or().detail
    assert detail["noisy_or"].startswith("22/25") and detail["and"].startswith("8/25")


def test_the_boolean_corner_is_one_half(gate):
    ev = obligation_result(gate, "coppola.andor.structure.ffn_or", "near_boolean_update_is_not_or").evidence
    assert ev.confirmed and (ev.counterexample["lhs"], ev.counterexample["rhs"]) == ("1/2", "1")


# ---- must say no


@pytest.mark.parametrize("n", [2, 3])
def test_consistent_axioms_are_not_a_refutation(n):
    # Attention *can* output b0 (all weight on key 0): the axioms are satisfiable, so no refutation.
    verdict, ev = decide_one("smt", "refutes", partial(m.attention_equals_and, n, "first"))
    assert ev.status == "failed" and verdict != "refuted"


def test_a_point_outside_the_unit_square_is_rejected():
    # m0 = 2 violates the claim's domain m0 < 1: the engine refuses the point instead of refuting.
    verdict, ev = decide_one("symbolic", "refutes",
                             partial(m.update_belief_is_not_noisy_or, {m._s0: sp.Integer(2), m._s1: sp.Rational(2, 5)}))
    assert ev.status == "error" and "outside the declared domain" in ev.detail and verdict != "refuted"


def test_true_equality_is_no_counterexample():
    same = lambda: ExactEqual([("updateBelief(m, 1/2) = m", update_belief(Fraction(4, 5), Fraction(1, 2)),  # noqa: E731
                                Fraction(4, 5))])
    verdict, ev = decide_one("exact", "refutes", same)
    assert ev.status == "failed" and verdict != "refuted"
