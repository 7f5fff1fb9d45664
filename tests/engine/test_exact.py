"""Exact comparisons: structural equality of exact values; different kinds are errors."""
from __future__ import annotations

from fractions import Fraction

import pytest
from engine_helpers import decide

from verify import ExactEqual
from verify.discharge.exact import Incomparable, NotExact, decide_exact, exact_equal


def test_equal_values_of_one_kind():
    assert exact_equal((1, 2), [1, 2]) is True
    assert exact_equal([(1, "a"), [True]], ([1, "a"], (True,))) is True
    assert exact_equal(Fraction(1, 2) + Fraction(1, 2), 1) is True
    assert exact_equal("abc", "abc") is True and exact_equal(False, False) is True
    assert exact_equal((), []) is True


def test_different_values_of_one_kind():
    assert exact_equal((1, 2), (1, 3)) is False
    assert exact_equal([1, 2], [1, 2, 3]) is False and exact_equal([1, 2, 3], [1, 2]) is False
    assert exact_equal(Fraction(1, 3), Fraction(1, 2)) is False and exact_equal("a", "b") is False
    assert exact_equal(True, False) is False and exact_equal([[1]], [[2]]) is False


@pytest.mark.parametrize("lhs, rhs, err", [
    (True, 1, Incomparable), (1, True, Incomparable), ("1", 1, Incomparable), (1, "1", Incomparable),
    ((1,), 1, Incomparable), ([True], [1], Incomparable), (0.5, Fraction(1, 2), NotExact),
    (Fraction(1, 2), 0.5, NotExact), ([1, 2.0], [1, 2], NotExact), ([1], [1, 2.0], NotExact),
    ([1, 2.0], [1], NotExact), ([1, [2.0]], [1], NotExact), ([1], [1, [2.0]], NotExact), (None, None, NotExact),
    ([(1, 0.5)], [(1, Fraction(1, 2)), 3], NotExact),
])
def test_different_kinds_and_inexact_values_are_errors(lhs, rhs, err):
    with pytest.raises(err):
        exact_equal(lhs, rhs, "case")


def test_a_differing_case_refutes():
    verdict, ev = decide("exact", "refutes", lambda: ExactEqual(
        [("same", (1, 2), [1, 2]), ("third", Fraction(1, 3), Fraction(1, 2)), ("later", 1, 2)], detail={"n": 3}))
    assert (verdict, ev.status, ev.scope) == ("refuted", "discharged", "instances")
    assert ev.counterexample == {"case": "third", "lhs": "1/3", "rhs": "1/2"}
    assert ev.data["goals"][0]["cases"] == 3 and ev.data["goals"][0]["n"] == 3
    out = decide_exact(ExactEqual([("v", [Fraction(1, 2), 2], [Fraction(1, 2), 3])]))
    assert out.counterexample == {"case": "v", "lhs": ["1/2", 2], "rhs": ["1/2", 3]} and out.confirmed


def test_equal_cases_support_and_do_not_refute():
    verdict, ev = decide("exact", "supports", lambda: ExactEqual([("sum", Fraction(1, 3) + Fraction(1, 6),
                                                                  Fraction(1, 2)), ("t", (1,), [1])]))
    assert (verdict, ev.status, ev.scope) == ("witnessed", "discharged", "instances")
    assert "2 exact case(s) equal" in ev.detail
    verdict, ev = decide("exact", "refutes", lambda: ExactEqual([("sum", 1, 1)]))
    assert (verdict, ev.status) == ("unknown", "failed")
    verdict, ev = decide("exact", "supports", lambda: ExactEqual([("sum", 1, 2)]))
    assert (verdict, ev.status, ev.confirmed) == ("refuted", "failed", True)


@pytest.mark.parametrize("cases, why", [
    ([], "compared nothing"),
    ([("bool vs int", True, 1)], "a bool is compared with a number"),
    ([("str vs int", "1", 1)], "a string is compared with a number"),
    ([("float", 0.5, Fraction(1, 2))], "not an exact value"),
    ([["l", 1, 1]], "not a (label, lhs, rhs) triple"),
    ([("l", 1)], "not a (label, lhs, rhs) triple"),
    ([(1, 1, 1)], "not a (label, lhs, rhs) triple"),
    ([("differs", 1, 2), ("float later", 0.5, 0.5)], "not an exact value"),
])
def test_malformed_comparisons_are_errors_not_counterexamples(cases, why):
    for role in ("refutes", "supports"):
        verdict, ev = decide("exact", role, lambda: ExactEqual(cases))
        assert (verdict, ev.status) == ("error", "error") and why in ev.detail, ev.detail
        assert ev.counterexample is None


def test_exact_needs_its_own_goal_kind():
    verdict, ev = decide("exact", "supports", lambda: [ExactEqual([("a", 1, 1)])])
    assert verdict == "error" and "check returned 1 goals" in ev.detail
    verdict, ev = decide("numeric", "supports", lambda: ExactEqual([("a", 1, 1)]))
    assert verdict == "error" and "method 'numeric' decides Witness, FloatPredicate" in ev.detail
