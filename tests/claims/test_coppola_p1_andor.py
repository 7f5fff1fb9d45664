"""coppola.andor.structure: not-formal parent, decided readings, must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
from conftest import decide_one, run_claims, statuses, verdicts

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
    assert v["coppola.andor.structure.gather_update"] == "witnessed"
    assert all(s == "discharged" for s in statuses(result).values())


def test_paper_example_values():
    assert andor.update_belief(Fraction(4, 5), Fraction(2, 5)) == Fraction(8, 11)
    detail = andor.exact_paper_example().detail
    assert detail["noisy_or"].startswith("22/25") and detail["and"].startswith("8/25")


def test_consistent_axioms_are_not_a_refutation():
    # Attention *can* output b0 (all weight on key 0): the axioms are satisfiable, so no refutation.
    verdict, ev = decide_one("smt", "refutes", partial(andor.attention_equals_and, 2, "first"))
    assert ev.status == "failed" and verdict != "refuted"


@pytest.mark.parametrize("n", [2, 3])
def test_recheck_depends_on_the_axioms(n):
    # The sympy re-check rebuilds Σα_k b_k − target from the same target: for the AND it derives the
    # contradiction, for the consistent target "output = b_0" it must say no.
    ok, _ = andor.attention_equals_and(n, "and").recheck()
    assert ok
    ok, why = andor.attention_equals_and(n, "first").recheck()
    assert not ok and "not shown" in why


def test_positivity_certificate_says_no_for_a_sign_changing_expression():
    bs, ts = sp.symbols("b0:2", positive=True), sp.symbols("t0:2", positive=True)
    assert andor._positive_on_open_unit_cube(bs[0] - bs[0] * bs[1], bs, ts)
    assert not andor._positive_on_open_unit_cube(bs[0] - bs[1], bs, ts)
    assert not andor._positive_on_open_unit_cube(bs[0] * bs[1] - bs[0], bs, ts)
    assert not andor._positive_on_open_unit_cube(bs[0] - bs[0], bs, ts)


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
