"""Numeric evidence: witnesses compared exactly against their tolerance, IEEE predicates
evaluated by the engine."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from engine_helpers import decide

from verify import FloatPredicate, Witness, ieee
from verify.discharge import numeric

W = numeric.decide_witness


def w(obs, exp, tol, n=1, **kw) -> str:
    return W(Witness(np.asarray(obs), np.asarray(exp), tol, instances=n, **kw)).result


# --- witnesses ---------------------------------------------------------------------------

def test_within_and_out_of_tolerance():
    verdict, ev = decide("numeric", "supports", lambda: Witness(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-13]),
                                                                1e-12, instances=2, detail={"seed": 7}))
    assert (verdict, ev.status, ev.scope) == ("witnessed", "discharged", "instances")
    g = ev.data["goals"][0]
    assert g["instances"] == 2 and g["seed"] == 7 and g["relative"] is False and g["tolerance"] == 1e-12
    assert 0 < g["max_error"] < 1e-12 and 0 < g["max_error_over_tolerance"] < 1
    assert "on 2 instances (compared exactly)" in ev.detail
    verdict, ev = decide("numeric", "supports", lambda: Witness(np.array([1.0]), np.array([1.1]), 1e-3, instances=1))
    assert (verdict, ev.status, ev.confirmed) == ("unknown", "failed", False)  # no counterexample: no refutation
    assert "error exceeds the tolerance at entry 0" in ev.detail


def test_error_equal_to_the_tolerance_passes_and_one_ulp_less_fails():
    assert w([1.5], [1.25], 0.25) == "holds"
    assert w([1.5], [1.25], np.nextafter(0.25, 0)) == "violated"
    assert w([1.25], [1.5], 0.25) == "holds"
    big, small = 2.0 ** 60, 2.0 ** 60 + 2.0 ** 8
    assert w([big], [small], 256.0) == "holds" and w([big], [small], 255.0) == "violated"
    assert w([3.0], [3.0], 0.0) == "holds" and w([3.0], [np.nextafter(3.0, 4)], 0.0) == "violated"


def test_the_rounded_error_is_not_trusted():
    """|1+2⁻⁵² − (−2⁻⁶⁰)| rounds to 1+2⁻⁵² in floats, but exceeds it exactly."""
    o, e = 1.0 + 2.0 ** -52, -(2.0 ** -60)
    tol = 1.0 + 2.0 ** -52
    assert abs(o - e) <= tol  # what a float comparison would say
    assert w([o], [e], tol) == "violated"
    assert w([o], [e], np.nextafter(tol, 2)) == "holds"
    assert w([1.0], [2.0 ** -60], 1.0) == "holds"  # 1 − 2⁻⁶⁰ ≤ 1 exactly


def test_relative_tolerance_is_exact():
    assert w([1.5], [1.0], 0.5, relative=True) == "holds"
    assert w([1.5], [1.0], np.nextafter(0.5, 0), relative=True) == "violated"
    assert w([-3.0], [-2.0], 0.5, relative=True) == "holds" and w([-3.0], [-2.0], 0.49, relative=True) == "violated"
    assert w([0.0], [0.0], 0.0, relative=True) == "holds" and w([1e-300], [0.0], 1.0, relative=True) == "violated"
    out = W(Witness(np.array([3.0]), np.array([2.0]), 0.1, instances=1, relative=True))
    assert "·|expected|" in out.detail


def test_relative_tolerance_with_a_subnormal_bound():
    """t·|e| rounds up in the subnormal range: the exact error can exceed the exact bound while
    equalling the rounded one (it must fail)."""
    e, t = 2.29533459049183e-310, 0.8562165564431379
    o = e + t * e
    assert Fraction(t * e) > Fraction(t) * Fraction(e) and Fraction(o) - Fraction(e) == Fraction(t * e)
    assert w([o], [e], t, relative=True) == "violated"
    assert w([e], [e], t, relative=True) == "holds"
    assert w([5e-324], [0.0], 5e-324) == "holds" and w([1e-323], [0.0], 5e-324) == "violated"


def test_per_entry_tolerances_and_the_first_failing_entry():
    out = W(Witness(np.array([1.0, 2.0, 3.0]), np.array([1.1, 2.0, 3.5]), np.array([0.2, 0.0, 0.1]), instances=3))
    assert out.result == "violated" and "entry 2" in out.detail and out.data["tolerance"] == 0.2
    out = W(Witness(np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 3.5]), np.array([0.2, 0.0, 0.1]), instances=3))
    assert "entry 0" in out.detail
    assert w([[1.0, 2.0]], [[1.0, 2.5]], np.array([0.0, 0.5])) == "holds"
    out = W(Witness(np.array([1.0]), np.array([1.0]), 0.0, instances=1))
    assert out.data["max_error_over_tolerance"] == 0.0
    out = W(Witness(np.array([1.0]), np.array([2.0]), 0.0, instances=1))
    assert out.data["max_error_over_tolerance"] == math.inf and out.data["max_error"] == 1.0
    out = W(Witness(np.array([1.0, 3.0]), np.array([1.125, 3.0]), np.array([0.25, 0.0]), instances=2))
    assert out.data["max_error_over_tolerance"] == 0.5 and out.data["max_error"] == 0.125
    out = W(Witness(np.array([4.0]), np.array([2.0]), 0.25, instances=1, relative=True))
    assert out.data["max_error_over_tolerance"] == 4.0


def test_the_exact_tolerance_helper():
    from fractions import Fraction as F
    assert numeric._within(0.25, 0.25, None) and not numeric._within(0.25, np.nextafter(0.25, 0), None)
    assert numeric._within(0.5, 0.25, 2.0) and numeric._within(0.5, 0.25, -2.0)
    assert not numeric._within(0.5, 0.25, 1.0) and not numeric._within(0.5 + 2 ** -50, 0.25, 2.0)
    assert numeric._within(-0.25, 0.25, None) is True and F(0.1) != F(1, 10)


@pytest.mark.parametrize("obs", [[np.nan], [np.inf], [-np.inf], [1.0, np.nan]])
def test_nan_and_inf_values_fail(obs):
    out = W(Witness(np.array(obs), np.zeros(len(obs)), 1e300, instances=1))
    assert out.result == "violated" and not out.confirmed and f"entry {len(obs) - 1}" in out.detail
    assert out.data["max_error"] is None
    assert w(np.zeros(len(obs)), obs, 1e300) == "violated"


@pytest.mark.parametrize("tol, why", [
    (np.nan, "finite number ≥ 0"), (np.inf, "finite number ≥ 0"), (-1e-300, "finite number ≥ 0"),
    (1e-3 + 0j, "has complex values"), (np.array([0.1, np.nan]), "finite number ≥ 0"), (True, "dtype bool"),
    ("0.1", "not real numbers"), (np.array([0.1, 0.2, 0.3]), "does not fit"),
])
def test_bad_tolerances_are_errors(tol, why):
    out = W(Witness(np.array([1.0, 2.0]), np.array([1.0, 2.0]), tol, instances=1))
    assert out.result == "error" and why in out.detail


@pytest.mark.parametrize("obs, exp, why", [
    (np.zeros(3), np.zeros((3, 1)), "shape"),
    (np.zeros(0), np.zeros(0), "compared no values"),
    (np.array([1 + 1j]), np.array([1.0]), "has complex values"),
    (np.array([True]), np.array([1.0]), "dtype bool"),
    (np.array(["a"]), np.array([1.0]), "not real numbers"),
    ([[1.0], [1.0, 2.0]], [1.0, 2.0], "not an array of numbers"),
    (np.array([2 ** 60 + 1]), np.array([2 ** 60]), "beyond 2^53"),
    (np.array([1.0], dtype=np.longdouble) + np.finfo(np.longdouble).eps, np.array([1.0]), "wider than float64"),
    (np.array([1.0]), np.array([object()]), "not real numbers"),
])
def test_malformed_values_are_errors(obs, exp, why):
    out = W(Witness(obs, exp, 0.0, instances=1))
    assert out.result == "error" and why in out.detail, out.detail


def test_exactly_representable_integers_and_narrow_floats_are_accepted():
    assert w(np.array([2 ** 60, -2 ** 60, 3]), np.array([2.0 ** 60, -2.0 ** 60, 3.0]), 0.0) == "holds"
    assert w(np.array([2 ** 53]), np.array([2 ** 53]), 0.0) == "holds"
    assert w(np.array([0.1], dtype=np.float32), np.array([float(np.float32(0.1))]), 0.0) == "holds"
    assert w(np.array([1], dtype=np.uint8), np.array([1.0]), 0.0) == "holds"


@pytest.mark.parametrize("n", [0, -1, True, 2.0, None])
def test_instances_must_be_a_positive_integer(n):
    out = W(Witness(np.array([1.0]), np.array([1.0]), 0.0, instances=n))
    assert out.result == "error" and "instance" in out.detail


def test_numpy_integer_instances_are_accepted():
    assert W(Witness(np.array([1.0]), np.array([1.0]), 0.0, instances=np.int64(4))).data["instances"] == 4


def test_a_witness_can_never_refute():
    verdict, ev = decide("numeric", "refutes", lambda: Witness(np.array([1.0]), np.array([1.1]), 1e-3, instances=1))
    assert (verdict, ev.status) == ("error", "error") and "cannot serve role 'refutes'" in ev.detail


# --- IEEE predicates ------------------------------------------------------------------------

x, y, z = ieee.var("x"), ieee.var("y"), ieee.var("z")


def holds(pred, point, dtype="float64") -> bool:
    return ieee.evaluate(pred, point, dtype)


def test_float_predicate_refutes_when_false_and_supports_when_true():
    assoc = (x + y) + z == x + (y + z)
    verdict, ev = decide("numeric", "refutes", lambda: FloatPredicate(assoc, {"x": 0.1, "y": 0.2, "z": 0.3}))
    assert (verdict, ev.status, ev.scope) == ("refuted", "discharged", "instances")
    assert ev.counterexample["dtype"] == "float64" and ev.counterexample["point"]["x"] == "0.1"
    assert ev.counterexample["values"]["((x + y) + z)"] == "0.6000000000000001"
    verdict, ev = decide("numeric", "refutes", lambda: FloatPredicate(assoc, {"x": 1.0, "y": 2.0, "z": 3.0}))
    assert (verdict, ev.status) == ("unknown", "failed")
    verdict, ev = decide("numeric", "supports", lambda: FloatPredicate(assoc, {"x": 1.0, "y": 2.0, "z": 3.0}))
    assert (verdict, ev.status) == ("witnessed", "discharged") and "holds in float64" in ev.detail
    verdict, ev = decide("numeric", "supports", lambda: FloatPredicate(assoc, {"x": 0.1, "y": 0.2, "z": 0.3}))
    assert (verdict, ev.status, ev.confirmed) == ("refuted", "failed", True)


def test_dtype_decides_the_rounding():
    p = 1.0 + x == 1.0
    assert holds(p, {"x": 2.0 ** -30}, "float32") is True
    assert holds(p, {"x": 2.0 ** -30}, "float64") is False
    big = float(np.float32(1e38))
    assert holds(ieee.finite(x * 10.0), {"x": big}, "float32") is False  # overflows to inf in float32
    assert holds(ieee.finite(x * 10.0), {"x": big}, "float64") is True
    with pytest.raises(ieee.EvaluationError, match="not exactly representable in float32"):
        holds(x == x, {"x": 0.1}, "float32")
    with pytest.raises(ieee.EvaluationError, match="constant 0.1"):
        holds(x == 0.1, {"x": 1.0}, "float32")
    with pytest.raises(ieee.EvaluationError, match="dtype"):
        holds(x == x, {"x": 1.0}, "float16")


def test_each_operation_in_ieee_arithmetic():
    pt = {"x": 4.0, "y": -2.0, "z": 0.0}
    assert ieee.evaluate(x - y, pt, "float64") == 6.0 and ieee.evaluate(x * y, pt, "float64") == -8.0
    assert ieee.evaluate(x / y, pt, "float64") == -2.0 and ieee.evaluate(-x, pt, "float64") == -4.0
    assert ieee.evaluate(1 - x, pt, "float64") == -3.0 and ieee.evaluate(8 / x, pt, "float64") == 2.0
    assert ieee.evaluate(2 * x, pt, "float64") == 8.0 and ieee.evaluate(2 + x, pt, "float64") == 6.0
    assert ieee.evaluate(ieee.sqrt(x), pt, "float64") == 2.0 and ieee.evaluate(ieee.fabs(y), pt, "float64") == 2.0
    assert ieee.evaluate(ieee.exp(z), pt, "float64") == 1.0 and ieee.evaluate(ieee.log(1 + z), pt, "float64") == 0.0
    assert ieee.evaluate(ieee.log1p(z), pt, "float64") == 0.0 and ieee.evaluate(ieee.expm1(z), pt, "float64") == 0.0
    assert ieee.evaluate(ieee.fmax(x, y), pt, "float64") == 4.0 and ieee.evaluate(ieee.fmin(x, y), pt, "float64") == -2.0
    assert ieee.evaluate(x / z, pt, "float64") == math.inf and math.isnan(ieee.evaluate(z / z, pt, "float64"))
    assert math.isnan(ieee.evaluate(ieee.log(y), pt, "float64"))
    assert ieee.evaluate(ieee.expm1(ieee.const(1e-10)), pt, "float64") != ieee.evaluate(
        ieee.exp(ieee.const(1e-10)) - 1, pt, "float64")


def test_comparisons_and_connectives():
    pt = {"x": 1.0, "y": 2.0, "n": math.nan}
    n = ieee.var("n")
    assert holds(x < y, pt) and not holds(y < x, pt) and not holds(x < x, pt)
    assert holds(x <= x, pt) and not holds(y <= x, pt)
    assert holds(y > x, pt) and not holds(x > y, pt) and not holds(x > x, pt)
    assert holds(x >= x, pt) and not holds(x >= y, pt)
    assert holds(x == x, pt) and not holds(x == y, pt) and holds(x != y, pt) and not holds(x != x, pt)
    assert not holds(n == n, pt) and holds(n != n, pt) and not holds(n < x, pt) and not holds(n >= x, pt)
    assert holds(ieee.isnan(n), pt) and not holds(ieee.isnan(x), pt)
    assert holds(ieee.finite(x), pt) and not holds(ieee.finite(n), pt) and not holds(ieee.finite(x / 0.0), pt)
    t, f = x < y, y < x
    assert holds(t & t, pt) and not holds(t & f, pt) and not holds(f & t, pt)
    assert holds(t | f, pt) and holds(f | t, pt) and not holds(f | f, pt)
    assert holds(~f, pt) and not holds(~t, pt)


def test_point_values_must_be_exact_floats_of_the_dtype():
    for bad, why in [({"x": True}, "is not a float"), ({"x": "1"}, "is not a float"), ({}, "has no value"),
                     ({"x": 2 ** 53 + 1}, "not exactly representable in float64"),
                     ({"x": 10 ** 400}, "not exactly representable")]:
        with pytest.raises(ieee.EvaluationError, match=why):
            holds(x == x, bad)
    assert holds(x == 2.0 ** 53, {"x": 2 ** 53})
    assert holds(ieee.isnan(x), {"x": math.nan}) and not holds(ieee.finite(x), {"x": math.inf}, "float32")
    assert holds(ieee.isnan(x), {"x": np.float32(math.nan)}, "float32")
    assert holds(x == 3.0, {"x": np.float32(3.0)}, "float32")
    with pytest.raises(ieee.EvaluationError, match="constant"):
        holds(x == ieee.const(2 ** 53 + 1), {"x": 1.0})
    for bad in (True, math.inf, math.nan, "1", None):
        with pytest.raises(TypeError):
            ieee.const(bad)


def test_malformed_trees_are_errors():
    with pytest.raises(ieee.EvaluationError, match="not an IEEE term"):
        ieee.evaluate(ieee.Pred("lt", (1.0, x)), {"x": 1.0}, "float64")
    with pytest.raises(ieee.EvaluationError, match="not an IEEE predicate"):
        ieee.evaluate(ieee.Pred("or", (x < x, "yes")), {"x": 1.0}, "float64")
    assert ieee.evaluate(ieee.Pred("and", (x < x, "never evaluated")), {"x": 1.0}, "float64") is False
    assert ieee.evaluate(ieee.Pred("or", (x <= x, "never evaluated")), {"x": 1.0}, "float64") is True
    with pytest.raises(ieee.EvaluationError, match="unknown operation"):
        ieee.evaluate(ieee.Term("pow", (x, x)), {"x": 1.0}, "float64")
    with pytest.raises(ieee.EvaluationError, match="unknown predicate"):
        ieee.evaluate(ieee.Pred("xor", (x < x, x < x)), {"x": 1.0}, "float64")


@pytest.mark.parametrize("goal, why", [
    (FloatPredicate(x + 1.0, {"x": 1.0}), "needs a predicate"),
    (FloatPredicate(x < 1.0, {"x": 0.1}, "float32"), "not exactly representable"),
    (FloatPredicate(x < y, {"x": 1.0}), "has no value"),
    (FloatPredicate(x < 1.0, {"x": 1.0}, "float80"), "dtype"),
])
def test_malformed_float_predicates_are_errors(goal, why):
    out = numeric.decide_float_predicate(goal)
    assert out.result == "error" and why in out.detail
    verdict, ev = decide("numeric", "refutes", lambda: goal)
    assert (verdict, ev.status) == ("error", "error")


def test_rendering_and_trace():
    t = ieee.fmax(x * 2.0, -y) / ieee.exp(x)
    assert str(t) == "(max((x * 2.0), neg(y)) / exp(x))"
    p = (t < 1) & ~(x >= y) | ieee.finite(x - 1)
    assert str(p) == "((((max((x * 2.0), neg(y)) / exp(x)) < 1) and not((x >= y))) or finite((x - 1)))"
    assert str(x <= y) == "(x <= y)" and str(x > y) == "(x > y)" and str(x == y) == "(x == y)"
    assert str(x != y) == "(x != y)" and str(ieee.isnan(x)) == "isnan(x)"
    tr = ieee.trace(p, {"x": 0.0, "y": 1.0}, "float64")
    assert tr["(x * 2.0)"] == "0.0" and tr["neg(y)"] == "-1.0" and tr["exp(x)"] == "1.0"
    assert tr["(max((x * 2.0), neg(y)) / exp(x))"] == "0.0" and tr["(x - 1)"] == "-1.0"
    assert "x" not in tr and "2.0" not in tr
    assert ieee.lift(x) is x and ieee.lift(2).op == "const"


def test_terms_and_predicates_are_immutable():
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        x.op = "const"
    with pytest.raises(dataclasses.FrozenInstanceError):
        (x < y).op = "gt"


def test_interval_helpers():
    import mpmath
    from verify.iv import endpoints, show
    v = mpmath.iv.mpf([1, 2])
    lo, hi = endpoints(v)
    assert (lo, hi) == (1, 2) and isinstance(lo, mpmath.mpf)
    assert show(v) == "[1.0, 2.0]" and show(mpmath.iv.mpf(3)) == "3.0"
    assert show(mpmath.iv.mpf([1, 1 + 1e-12]), digits=4) == "1.0"


def test_terms_cannot_be_hashed():
    """``==`` on terms builds a predicate, so a term must not go into a set or a dict key."""
    with pytest.raises(TypeError):
        hash(x)
    assert isinstance(x == x, ieee.Pred)
