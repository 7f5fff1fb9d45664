"""Minimal reproducers of the engine bugs the fuzz suite found (one statement each).

Each is ``xfail(strict=True)``: the test asserts the *correct* behaviour, so it passes (and the
strict marker fails the run) as soon as the engine is fixed — then remove the marker. The
reason of each marker is the reproducer and what goes wrong.
"""
from __future__ import annotations

import pytest
import sympy as sp
import z3

from verify import ieee
from verify.goals import ExactEqual, FloatPredicate, Identity, Implication, Induction, NonIdentity
from fuzz_harness import FALSE, Case, explain, ideal, judge


def _sound(method, role, goal, truth, ideals, what):
    j = judge(Case("reproducer", method, role, lambda: goal, truth, ideal(*ideals), what))
    assert j.category not in FALSE, explain(j)
    return j


def _decided(method, role, goal, truth, ideals, what):
    j = judge(Case("reproducer", method, role, lambda: goal, truth, ideal(*ideals), what))
    assert j.category == "ok", explain(j)


a = sp.Symbol("a", real=True)
k = sp.Symbol("k", integer=True, positive=True)


def test_sum_index_assumption_against_range():
    T = sp.Sum(k, (k, 0, 0))
    _sound("symbolic", "supports", Identity(sp.Mul(T, sp.Pow(T, -1, evaluate=False), evaluate=False), 1), None,
           ["unknown"], "0/0 = 1")


def test_point_violating_even_assumption():
    m = sp.Symbol("m", even=True)
    _sound("symbolic", "refutes", NonIdentity(sp.Pow(-1, m, evaluate=False), 1, {m: 3}), None, ["error"],
           "(-1)^m = 1 for even m, 'refuted' at m = 3")


def test_special_function_with_a_singularity():
    _sound("symbolic", "supports", Identity(sp.Add(a, sp.Ei(a), -sp.Ei(a), evaluate=False), a), None, ["unknown"],
           "a + Ei(a) − Ei(a) = a")


def test_nonidentity_at_a_singular_point_left_unevaluated():
    _sound("symbolic", "refutes", NonIdentity(sp.Add(sp.expint(1, a), 1, evaluate=False), sp.expint(1, a), {a: 0}),
           None, ["error"], "E1(0) + 1 ≠ E1(0)")


def test_smt_root_of_a_negative_number():
    x = z3.Real("x")
    _sound("smt", "supports", Implication({"neg": x == -4}, x ** z3.Q(1, 2) >= 0), None, ["unknown"],
           "sqrt(-4) ≥ 0")


def test_induction_with_hypotheses_vacuous_for_large_k():
    kk = z3.Int("k")
    S = z3.Function("S", z3.IntSort(), z3.IntSort())
    goal = Induction(kk, kk <= 3, {"b": S(0) == 0}, {"s": S(kk + 1) == S(kk)}, hypotheses={"h": kk <= 3})
    _sound("smt", "supports", goal, None, ["error", "unknown"], "∀k ≥ 0: k ≤ 3")


def test_chained_ieee_comparison():
    # Python turns `0 < x < 1` into `(0 < x) and (x < 1)`: a predicate refuses a truth value, so the
    # statement cannot silently lose half of itself.
    x = ieee.var("x")
    with pytest.raises(TypeError, match="no Python truth value"):
        FloatPredicate(0 < x < 1, {"x": -1.0})
    _sound("numeric", "supports", FloatPredicate((0 < x) & (x < 1), {"x": -1.0}), False, ["failed"],
           "0 < -1 < 1")


class _LyingInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def test_exact_value_with_its_own_equality():
    _sound("exact", "supports", ExactEqual([("c", _LyingInt(1), 2)]), False, ["refuted", "error"], "1 = 2")


# --- false errors (sound, but a well-formed statement gets 'error') ----------------------------------

def test_integer_modulo_by_a_constant():
    x = z3.Int("x")
    _decided("smt", "supports", Implication({"x_nonneg": x >= 0}, x % 2 >= 0), True, ["proved"], "x mod 2 ≥ 0")


def test_cross_check_substitutes_indexed_with_bound_index():
    w = sp.IndexedBase("w", real=True)
    i, j, l = sp.symbols("i j l", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    lhs = sp.Sum(i * j * w[i] * w[j], (j, 1, i), (i, 1, n))
    rhs = sp.Sum(i * l * w[i] * w[l], (i, 1, l), (l, 1, n))
    _decided("symbolic", "supports", Identity(lhs, rhs), True, ["proved", "unknown"], "alpha-equivalent sums")


def test_divisor_under_nested_quantifiers():
    x, t, s = z3.Reals("x t s")
    goal = Implication({"h": x >= 0}, z3.ForAll([t], z3.Implies(t > 0, z3.ForAll([s], s / s == s / s))))
    _sound("smt", "supports", goal, None, ["unknown", "error"], "∀t > 0 ∀s: s/s = s/s")


def test_divisor_under_a_quantifier():
    x, s = z3.Reals("x s")
    goal = Implication({"h": x >= 0}, z3.ForAll([s], x * x / (s * s + 1) >= 0))
    _decided("smt", "supports", goal, True, ["proved", "unknown"], "∀s: x²/(s²+1) ≥ 0")


def test_reproducers_are_well_formed():
    """The statements themselves are what the reasons say (checked without the engine)."""
    j0 = sp.Symbol("j", integer=True, nonnegative=True)
    assert sp.Sum(j0, (j0, 0, 0)).doit() == 0  # (with k positive, sympy itself refuses the range)
    assert sp.Ei(0) == -sp.oo
    assert sp.expint(1, 0).is_finite is None  # what lets the singular point through
