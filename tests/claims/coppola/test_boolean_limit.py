"""coppola.andor.structure.boolean_limit (and .attention, .update_belief): must-say-no cases for the bounds."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import sympy as sp
from claim_helpers import decide_one

from lemmas.coppola.andor import boolean_limit as m


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading in c.where, (c.id, c.where)


def test_wrong_bias_is_not_within_the_bound():
    # σ(λ(x0 + x1 − 1)) is 1/2 at (1, 0): off by 1/2 > σ(−λ/2) for every λ > 0.
    verdict, ev = decide_one("smt", "supports", partial(m.boolean_gate, Fraction(1), m.GATES["or"][1], "or-bias-1"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_attention_bound_sigma_of_minus_two_lambda_is_too_tight():
    # The AND error of attention at (1, 0) is exactly σ(−λ) > σ(−2λ): z3 finds λ with a larger error.
    verdict, ev = decide_one("smt", "supports", partial(m.attention_gate, -1, m.GATES["and"][1], "and", False))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_attention_attending_to_the_largest_value_is_not_and():
    # Scores +λx pick the larger value: that is OR, so it is not within σ(−λ) of AND at (1, 0).
    verdict, ev = decide_one("smt", "supports", partial(m.attention_gate, 1, m.GATES["and"][1], "and"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_the_mixed_corner_is_not_one():
    verdict, ev = decide_one("symbolic", "supports", partial(m.update_belief_of_complements_is_one_half, sp.Integer(1)))
    assert ev.status != "discharged" and verdict != "proved"
