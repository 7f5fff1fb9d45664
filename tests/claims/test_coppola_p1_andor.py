"""coppola.andor.structure: not-formal parent, decided readings, must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
from claim_helpers import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import andor
from verify import ExactEqual


@pytest.fixture(scope="module")
def result():
    return run_claims(andor)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.andor.structure"] == "not-formal"
    assert v["coppola.andor.structure.attention_and"] == "refuted"
    assert v["coppola.andor.structure.ffn_or"] == "refuted"
    assert v["coppola.andor.structure.boolean_limit"] == "proved"
    assert v["coppola.andor.structure.boolean_limit.attention"] == "proved"
    assert v["coppola.andor.structure.boolean_limit.update_belief"] == "proved"
    assert v["coppola.andor.structure.gather_update"] == "witnessed"
    assert all(s == "discharged" for s in statuses(result).values())


def test_refutation_is_confirmed_by_both_solvers(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.andor.structure.attention_and")
    for o in c.obligations:
        if o.obligation.method == "smt":
            assert o.evidence.data["second_solver"]["status"] == "unsat"
            assert o.evidence.counterexample["inconsistent_axioms"] == ["output_is_and", "values_in_unit",
                                                                       "weights_on_simplex"]


def test_paper_example_values():
    assert andor.update_belief(Fraction(4, 5), Fraction(2, 5)) == Fraction(8, 11)
    detail = andor.exact_paper_example().detail
    assert detail["noisy_or"].startswith("22/25") and detail["and"].startswith("8/25")


@pytest.mark.parametrize("n", [2, 3])
def test_consistent_axioms_are_not_a_refutation(n):
    # Attention *can* output b0 (all weight on key 0): the axioms are satisfiable, so no refutation.
    verdict, ev = decide_one("smt", "refutes", partial(andor.attention_equals_and, n, "first"))
    assert ev.status == "failed" and verdict != "refuted"


def test_a_point_outside_the_unit_square_is_rejected():
    # m0 = 2 violates the claim's domain m0 < 1: the engine refuses the point instead of refuting.
    m0, m1 = andor._s0, andor._s1
    verdict, ev = decide_one("symbolic", "refutes",
                             partial(andor.symbolic_not_noisy_or, {m0: sp.Integer(2), m1: sp.Rational(2, 5)}))
    assert ev.status == "error" and "outside the declared domain" in ev.detail and verdict != "refuted"


def test_wrong_bias_is_not_within_the_bound():
    # σ(λ(x0 + x1 − 1)) is 1/2 at (1, 0): off by 1/2 > σ(−λ/2) for every λ > 0.
    verdict, ev = decide_one("smt", "supports", partial(andor.boolean_gate, Fraction(1), andor.GATES["or"][1], "or-bias-1"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_true_equality_is_no_counterexample():
    same = lambda: ExactEqual([("updateBelief(m, 1/2) = m", andor.update_belief(Fraction(4, 5), Fraction(1, 2)),  # noqa: E731
                                Fraction(4, 5))])
    verdict, ev = decide_one("exact", "refutes", same)
    assert ev.status == "failed" and verdict != "refuted"


def test_gather_witness_rejects_a_noisy_or_update():
    noisy_or = lambda a, b: 1 - (1 - a) * (1 - b)  # noqa: E731
    verdict, ev = decide_one("numeric", "supports", partial(andor.gather_update_witness, noisy_or))
    assert ev.status == "failed" and verdict != "witnessed"


def test_every_claim_explains_itself_and_names_its_reading(result):
    for c in result.claims:
        assert c.claim.explanation.strip(), c.claim.id
        assert c.claim.reading == "as-stated" or c.claim.reading in c.claim.where, (c.claim.id, c.claim.where)


def test_the_boolean_corner_is_one_half(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.andor.structure.ffn_or")
    ev = next(o for o in c.obligations if o.obligation.id == "boolean_corner.exact").evidence
    assert ev.confirmed and (ev.counterexample["lhs"], ev.counterexample["rhs"]) == ("1/2", "1")


def test_attention_bound_sigma_of_minus_two_lambda_is_too_tight():
    # The AND error of attention at (1, 0) is exactly σ(−λ) > σ(−2λ): z3 finds λ with a larger error.
    verdict, ev = decide_one("smt", "supports", partial(andor.attention_gate, -1, andor.GATES["and"][1], "and", False))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_attention_attending_to_the_largest_value_is_not_and():
    # Scores +λx pick the larger value: that is OR, so it is not within σ(−λ) of AND at (1, 0).
    verdict, ev = decide_one("smt", "supports", partial(andor.attention_gate, 1, andor.GATES["and"][1], "and"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_the_mixed_corner_is_not_one():
    verdict, ev = decide_one("symbolic", "supports", partial(andor.symbolic_mixed_corner, sp.Integer(1)))
    assert ev.status != "discharged" and verdict != "proved"
