"""coppola.logodds.evidence, .evidence.prior_half: which independence hypotheses the odds identity needs, and
must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import sympy as sp
from claim_helpers import decide_one, obligation_result

from lemmas.coppola.logodds import evidence as m
from lemmas.models.bp import update_belief
from verify import Identity


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_conditional_independence_is_necessary(gate):
    ev = obligation_result(gate, "coppola.logodds.evidence", "posterior_odds_are_odds_product_over_prior_odds").evidence
    assert {"ci_given_H", "ci_given_not_H"} <= set(ev.data["necessary"])
    assert "normalised" in ev.data["redundant"]


def test_the_prior_quarter_counterexample_is_four_thirteenths_against_four_sevenths(gate):
    ev = obligation_result(gate, "coppola.logodds.evidence.prior_half",
                           "update_belief_is_not_posterior_at_prior_quarter").evidence
    assert ev.confirmed and (ev.counterexample["lhs"], ev.counterexample["rhs"]) == ("4/13", "4/7")


# ---- must say no


def test_prior_one_half_is_no_counterexample():
    verdict, ev = decide_one("exact", "refutes", partial(m.update_belief_is_not_posterior_at_prior_quarter,
                                                         Fraction(1, 2)))
    assert ev.status == "failed" and verdict != "refuted"


def test_a_unary_prior_on_the_node_breaks_the_binary_node_identity():
    # §3.4's identity needs the node without a prior of its own: with ψ_X = (1, 3) sympy cannot prove it.
    def with_prior():
        f, phi = m._star_symbols(2)
        mu = m.star_messages(f, phi)
        mm = [u[1] / (u[0] + u[1]) for u in mu]
        c = [u[0] / (u[0] + u[1]) for u in mu]
        return Identity(m.star_marginal(f, phi, (sp.Integer(1), sp.Integer(3))),
                        update_belief(mm[0], mm[1], c[0], c[1]))
    verdict, ev = decide_one("symbolic", "supports", with_prior)
    assert ev.status != "discharged" and verdict != "proved"
