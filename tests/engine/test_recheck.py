"""The independent re-check of solver models (verify.discharge.z3_recheck, .intervals): exact and
interval arithmetic of our own, on divisions, if-then-else, algebraic numbers and functions."""
from __future__ import annotations

from fractions import Fraction

import pytest
import z3
from engine_helpers import decide

from verify import Implication
from verify.discharge import smt
from verify.discharge.intervals import Interval, Undefined
from verify.discharge.z3_recheck import (Unsupported, evaluate, exact_point, model_values, render,
                                         value_of_numeral)

F = Fraction
a, b, c, d = z3.Reals("a b c d")
i, j = z3.Ints("i j")
p, q = z3.Bools("p q")


def iv(lo, hi=None) -> Interval:
    return Interval(F(lo), F(lo if hi is None else hi))


# --- intervals ---------------------------------------------------------------------------

def test_interval_arithmetic_encloses():
    assert iv(1, 2) + iv(3, 5) == iv(4, 7)
    assert iv(1, 2) - iv(3, 5) == iv(-4, -1)
    assert -iv(1, 2) == iv(-2, -1)
    assert iv(-1, 2) * iv(3, 5) == iv(-5, 10)
    assert iv(-2, -1) * iv(-3, 4) == iv(-8, 6)
    assert iv(1, 2) / iv(4, 8) == iv(F(1, 8), F(1, 2))
    assert iv(1, 2) / iv(-8, -4) == iv(F(-1, 2), F(-1, 8))
    assert Interval.point(F(1, 3)) == iv(F(1, 3)) and Interval.point(3).exact and not iv(1, 2).exact


def test_interval_division_by_zero_is_undefined():
    with pytest.raises(Undefined, match="division by zero"):
        iv(1) / iv(0)
    with pytest.raises(Undefined, match="contains zero"):
        iv(1) / iv(-1, 1)
    with pytest.raises(Undefined, match="contains zero"):
        iv(1) / iv(0, 1)
    with pytest.raises(Undefined, match="contains zero"):
        iv(1) / iv(-1, 0)


def test_interval_powers():
    assert iv(-2, 3).power(3) == iv(-8, 27)
    assert iv(1, 2).power(2) == iv(1, 4)
    assert iv(0, 2).power(2) == iv(0, 4)
    assert iv(-3, -2).power(2) == iv(4, 9)
    assert iv(-3, 2).power(2) == iv(0, 9)
    assert iv(-2, 3).power(2) == iv(0, 9)
    assert iv(-1, 0).power(2) == iv(0, 1)
    assert iv(2, 4).power(-1) == iv(F(1, 4), F(1, 2))
    assert iv(-2, -1).power(-2) == iv(F(1, 4), 1)
    assert iv(2).power(1) == iv(2) and iv(-2).power(0) == iv(1)
    assert iv(-3, F(1, 2)).power(2) == iv(0, 9) and iv(-F(1, 2), 3).power(2) == iv(0, 9)
    with pytest.raises(Undefined):
        iv(-1, 1).power(-1)


def test_interval_comparisons_are_three_valued():
    assert iv(1, 2).lt(iv(3, 4)) is True and iv(3, 4).lt(iv(1, 2)) is False
    assert iv(1, 3).lt(iv(2, 4)) is None and iv(1, 2).lt(iv(2, 3)) is None and iv(2).lt(iv(2)) is False
    assert iv(1, 2).le(iv(2, 3)) is True and iv(3, 4).le(iv(1, 2)) is False and iv(1, 3).le(iv(2, 4)) is None
    assert iv(2).le(iv(2)) is True and iv(F(2) + F(1, 10**9)).le(iv(2)) is False
    assert iv(2).eq(iv(2)) is True and iv(2).eq(iv(3)) is False
    assert iv(1, 2).eq(iv(3, 4)) is False and iv(3, 4).eq(iv(1, 2)) is False and iv(1, 3).eq(iv(2)) is None
    assert iv(2).eq(iv(1, 3)) is None
    assert iv(2, 3).le(iv(1, 2)) is None and iv(1, 2).lt(iv(2, 3)) is None
    assert iv(1, 2).eq(iv(2, 3)) is None and iv(2, 3).eq(iv(1, 2)) is None
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        iv(1).lo = F(2)
    assert len({iv(1, 2), iv(1, 2), iv(1)}) == 2


def test_interval_str():
    assert str(iv(F(1, 3))) == "1/3"
    assert str(iv(1, 2)) == "[1, 2]"


# --- evaluating formulas -------------------------------------------------------------------

def val(**kw) -> dict:
    return {k: (v if isinstance(v, (bool, Interval, tuple)) else Interval.point(F(v))) for k, v in kw.items()}


def test_arithmetic_and_comparisons():
    env = val(a=F(1, 2), b=3, c=-2)
    assert evaluate(a + b - c, env) == iv(F(11, 2))
    assert evaluate(a - b - c, env) == iv(F(-1, 2))
    assert evaluate(a * b * c, env) == iv(-3)
    assert evaluate(z3.Sum([a, b, c]), env) == iv(F(3, 2))
    assert evaluate(-a, env) == iv(F(-1, 2))
    assert evaluate(b / a, env) == iv(6)
    assert evaluate(b ** 2, env) == iv(9) and evaluate(a ** -2, env) == iv(4)
    assert evaluate(a < b, env) is True and evaluate(b < a, env) is False and evaluate(a < a, env) is False
    assert evaluate(a <= a, env) is True and evaluate(b <= a, env) is False
    assert evaluate(b > a, env) is True and evaluate(a > b, env) is False and evaluate(a > a, env) is False
    assert evaluate(a >= a, env) is True and evaluate(a >= b, env) is False
    assert evaluate(a == F(1, 2), env) is True and evaluate(a != b, env) is True
    assert evaluate(z3.Distinct(a, b, c), env) is True and evaluate(z3.Distinct(a, b, a), env) is False
    assert evaluate(z3.ToReal(i) + a, val(i=2, a=F(1, 2))) == iv(F(5, 2))
    assert evaluate(z3.ToInt(a) + i, val(a=F(7, 2), i=1)) == iv(4)
    assert evaluate(z3.ToInt(a), val(a=F(-7, 2))) == iv(-4)


def test_integer_division_follows_smtlib():
    for x, y in [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (0, 5)]:
        env = val(i=x, j=y)
        qq, rr = evaluate(i / j, env).lo, evaluate(i % j, env).lo
        assert y * qq + rr == x and 0 <= rr < abs(y), (x, y, qq, rr)
    with pytest.raises(Undefined):
        evaluate(i / j, val(i=1, j=0))
    with pytest.raises(Undefined):
        evaluate(i % j, val(i=1, j=0))
    with pytest.raises(Unsupported):
        evaluate(i / j, {"i": iv(1, 2), "j": iv(1)})
    with pytest.raises(Unsupported):
        evaluate(z3.ToInt(a), {"a": iv(1, 2)})


def test_division_by_zero_is_undefined_unless_a_guard_comes_first():
    env = val(a=1, d=0)
    with pytest.raises(Undefined):
        evaluate(a / d > 1, env)
    assert evaluate(z3.And(d != 0, a / d > 1), env) is False
    assert evaluate(z3.Or(d == 0, a / d > 1), env) is True
    assert evaluate(z3.Implies(d != 0, a / d > 1), env) is True
    assert evaluate(z3.If(d == 0, a, a / d) == a, env) is True
    with pytest.raises(Undefined):
        evaluate(z3.And(a / d > 1, d != 0), env)


def test_boolean_connectives_are_three_valued():
    env = {"p": True, "q": False, "a": iv(1, 3), "b": iv(2)}
    undecided = a < b
    assert evaluate(undecided, env) is None
    assert evaluate(z3.And(p, undecided), env) is None and evaluate(z3.And(q, undecided), env) is False
    assert evaluate(z3.And(undecided, q), env) is False and evaluate(z3.And(p, p), env) is True
    assert evaluate(z3.Or(q, undecided), env) is None and evaluate(z3.Or(p, undecided), env) is True
    assert evaluate(z3.Or(undecided, p), env) is True and evaluate(z3.Or(q, q), env) is False
    assert evaluate(z3.Not(undecided), env) is None and evaluate(z3.Not(p), env) is False
    assert evaluate(z3.Implies(q, undecided), env) is True and evaluate(z3.Implies(p, undecided), env) is None
    assert evaluate(z3.Implies(undecided, p), env) is True and evaluate(z3.Implies(undecided, q), env) is None
    assert evaluate(z3.Implies(p, q), env) is False and evaluate(z3.Implies(p, p), env) is True
    assert evaluate(p == q, env) is False and evaluate(p == p, env) is True and evaluate(p == undecided, env) is None
    assert evaluate(undecided == p, env) is None
    assert evaluate(z3.BoolVal(True), env) is True and evaluate(z3.BoolVal(False), env) is False
    assert evaluate(z3.Distinct(a, b), env) is None and evaluate(z3.Distinct(p, q), env) is True
    assert evaluate(z3.Distinct(p, undecided), env) is None
    with pytest.raises(Unsupported, match="if-then-else"):
        evaluate(z3.If(undecided, a, b) > 0, env)
    assert evaluate(z3.If(p, a, b), env) == iv(1, 3) and evaluate(z3.If(q, a, b), env) == iv(2)


def test_unconstrained_constants_take_the_model_completion():
    assert evaluate(a + 1 == 1, {}) is True and evaluate(p, {}) is False and evaluate(i, {}) == iv(0)


def test_functions_are_read_from_their_tables():
    f = z3.Function("f", z3.RealSort(), z3.RealSort())
    g = z3.Function("g", z3.RealSort(), z3.RealSort())
    env = {"a": iv(1), "b": iv(5), "f": ("function", [((iv(1),), iv(10)), ((iv(2),), iv(20))], iv(0))}
    assert evaluate(f(a), env) == iv(10) and evaluate(f(a + 1), env) == iv(20) and evaluate(f(b), env) == iv(0)
    with pytest.raises(Unsupported, match="no interpretation"):
        evaluate(g(a), env)
    with pytest.raises(Unsupported, match="which entry"):
        evaluate(f(c), {**env, "c": iv(0, 3)})
    assert evaluate(f(c), {**env, "c": iv(F(5, 2), 3)}) == iv(0)


def test_unsupported_constructs():
    t = z3.Real("t")
    with pytest.raises(Unsupported, match="quantifier"):
        evaluate(z3.ForAll([t], t * t >= 0), {})
    with pytest.raises(Unsupported, match="operator"):
        evaluate(z3.IsInt(a), val(a=1))
    with pytest.raises(Unsupported, match="non-integer power"):
        evaluate(a ** F(1, 2) > 0, val(a=2))
    with pytest.raises(Unsupported):
        value_of_numeral(z3.BitVecVal(3, 8))


def test_numerals_and_algebraic_numbers():
    assert value_of_numeral(z3.IntVal(-3)) == iv(-3)
    assert value_of_numeral(z3.RealVal("-7/3")) == iv(F(-7, 3))
    assert value_of_numeral(z3.BoolVal(True)) is True and value_of_numeral(z3.BoolVal(False)) is False
    s = z3.Solver()
    s.add(a * a == 2, a > 0)
    assert s.check() == z3.sat
    m = model_values(s.model())
    root = m["a"]
    assert not root.exact and root.hi - root.lo == F(2, 10**40)
    assert root.lo * root.lo < 2 < root.hi * root.hi
    assert evaluate(a * a > F(199, 100), m) is True and evaluate(a * a == 2, m) is None
    assert evaluate(a < F(1415, 1000), m) is True and evaluate(z3.RealVal(1) / a < 1, m) is True


def test_model_values_read_functions_and_skip_internals():
    f = z3.Function("f", z3.IntSort(), z3.IntSort())
    s = z3.Solver()
    s.add(f(1) == 5, f(2) == 7, i == f(1) + f(2), a / d == 3, d == 0)
    assert s.check() == z3.sat
    m = model_values(s.model())
    assert m["i"] == iv(12) and m["f"][0] == "function"
    assert evaluate(f(1) + f(2) == i, m) is True
    shown = render(m)
    assert shown["i"] == "12" and shown["f"] == "<function>" and not any(k.startswith("/") for k in shown)
    assert exact_point({"a": iv(1, 3), "b": iv(2), "p": True, "f": ("function", [], iv(0))}) == {
        "a": F(2), "b": F(2), "p": True}


# --- whole re-checks ---------------------------------------------------------------------------

# cvc5's nonlinear extension can spend its whole wall-clock net on an irrational model without using
# up its resource limit, so these re-checks run without the second solver.
NO_CVC5 = {"second_solver": False}


def test_algebraic_models_are_confirmed_only_where_intervals_decide(monkeypatch):
    # z3's model a = √2 satisfies a·a = 2, which no enclosure of √2 can decide: not confirmed.
    verdict, ev = decide("smt", "refutes", lambda: Implication({"sq": a * a == 2, "pos": a > 0}, a < F(7, 5)),
                         settings=NO_CVC5)
    assert (verdict, ev.status) == ("unknown", "unknown") and "'sq' undecided by intervals" in ev.detail
    assert ev.counterexample["a"].startswith("[1.41421356")
    verdict, ev = decide("smt", "refutes", lambda: Implication({"sq": a * a == 2, "pos": a > 0}, a * a != 2 + a - a),
                         settings=NO_CVC5)
    assert ev.status in ("failed", "unknown") and verdict != "refuted"
    # Where only strict comparisons mention it, the enclosure decides: confirmed.
    s = z3.Solver()
    s.add(b * b == 2, b > 0)
    s.check()
    root = model_values(s.model())["b"]
    monkeypatch.setattr(smt, "model_values", lambda model: {"a": root})
    verdict, ev = decide("smt", "refutes", lambda: Implication({"pos": a > F(141, 100)}, a > F(142, 100)),
                         settings=NO_CVC5)
    assert verdict == "refuted" and ev.counterexample["a"].startswith("[1.41421356")


def _patched_values(monkeypatch, values):
    monkeypatch.setattr(smt, "model_values", lambda model: values)


def test_recheck_verdicts(monkeypatch):
    formulas = {"h": a > 0}
    _patched_values(monkeypatch, {"a": iv(2)})
    assert smt.recheck_model(formulas, a > 5, None)[0] == "confirmed"
    assert smt.recheck_model(formulas, a > 1, None)[:2] == (
        "rejected", "the conclusion holds at the model in exact arithmetic")
    assert smt.recheck_model(formulas, None, None)[0] == "confirmed"
    _patched_values(monkeypatch, {"a": iv(-2)})
    assert smt.recheck_model(formulas, a > 5, None)[:2] == ("rejected", "'h' is false at the model in exact arithmetic")
    _patched_values(monkeypatch, {"a": iv(2), "d": iv(0)})
    v, why, _ = smt.recheck_model({"h": a / d > 0}, None, None)
    assert v == "inconclusive" and "undefined there" in why
    v, why, _ = smt.recheck_model({"h": z3.IsInt(a)}, None, None)
    assert v == "inconclusive" and "cannot evaluate" in why


def test_recheck_falls_back_to_the_exact_midpoint(monkeypatch):
    # Undecided in intervals; the midpoint 2 decides: confirmed there, exactly.
    _patched_values(monkeypatch, {"a": iv(1, 3)})
    v, why, shown = smt.recheck_model({"h": a >= 2}, a > 2, None)
    assert v == "confirmed" and "midpoints" in why and shown["a"] == "2"
    # The conclusion is undecided in intervals, and true at the midpoint: not a counterexample.
    v, why, shown = smt.recheck_model({"h": a > 0}, a >= 2, None)
    assert v == "inconclusive" and "does not decide" in why and shown["a"] == "[1, 3]"
    v, why, _ = smt.recheck_model({"h": a <= 2}, None, None)
    assert v == "confirmed" and "undecided by intervals" in why
    _patched_values(monkeypatch, {"a": iv(1, 3), "p": True})
    v, _, shown = smt.recheck_model({"h": z3.And(p, a <= 2)}, a > 2, None)
    assert v == "confirmed" and shown["p"] == "True"


def test_short_circuit_looks_at_the_value_just_computed():
    env = {"p": True, "q": False, "a": iv(1), "d": iv(0)}
    assert evaluate(z3.And(p, d != 0, a / d > 1), env) is False  # stops at d != 0, before a/d
    assert evaluate(z3.Or(q, d == 0, a / d > 1), env) is True


def test_functions_of_booleans_are_read_from_their_tables():
    fb = z3.Function("fb", z3.BoolSort(), z3.RealSort())
    s = z3.Solver()
    s.add(fb(True) == 5, fb(False) == 7)
    assert s.check() == z3.sat
    m = model_values(s.model())
    assert evaluate(fb(p), {**m, "p": True}) == iv(5) and evaluate(fb(p), {**m, "p": False}) == iv(7)
