"""The symbolic discharger's shortcuts decide exactly what the plain computations decide.

Each shortcut is compared with a reference written the plain way (sympy at every sample point,
``cancel`` on every fraction, assumptions asked first), and each must still say no where the
plain computation says no.
"""
from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp

from verify import Identity
from verify.discharge import symbolic
from verify.discharge.symbolic import (
    CROSS_CHECK_DIGITS,
    CROSS_CHECK_POINTS,
    MIN_CROSS_CHECK_POINTS,
    _canon_cancel,
    _draw,
    _enclose,
    _enclosed_near_zero,
    _nonnegative,
    _nonzero,
    _positive,
    alpha_normalise,
    cross_check_zero,
)

x, y = sp.symbols("x y", positive=True)
r, s = sp.symbols("r s", real=True)
k = sp.Symbol("k", integer=True)
n = sp.Symbol("n", integer=True)
npos = sp.Symbol("npos", integer=True, positive=True)
v = sp.IndexedBase("v", real=True)
f = sp.Function("f")


def reference_cross_check(d, sample, seed):
    """The cross-check evaluated by sympy at every point (the definition)."""
    rng = random.Random(seed)
    done = attempts = 0
    while done < CROSS_CHECK_POINTS and attempts < 10 * CROSS_CHECK_POINTS:
        attempts += 1
        e = d
        ints = sorted((q for q in e.free_symbols if isinstance(q, sp.Symbol) and q.is_integer), key=str)
        if ints:
            e = e.subs({q: _draw(q, sample, rng) for q in ints}).doit()
        atoms = sorted(e.atoms(sp.Indexed), key=str) + sorted(
            (q for q in e.free_symbols if isinstance(q, sp.Symbol)), key=str)
        point = {a: _draw(a, sample, rng) for a in atoms}
        try:
            val = sp.N(e.xreplace(point).doit(), CROSS_CHECK_DIGITS)
        except Exception:
            continue
        if val.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not val.is_number:
            continue
        mag = abs(complex(val))
        if mag > 1e-30:
            return False, f"lhs−rhs = {float(mag):.3e} at {{{', '.join(f'{a}={b}' for a, b in point.items())}}}", done
        done += 1
    if done < MIN_CROSS_CHECK_POINTS and d.free_symbols:
        return False, f"only {done} sample points where lhs−rhs is defined (need {MIN_CROSS_CHECK_POINTS})", done
    return True, "", done


P = sp.Mul(*[n - i for i in range(29)])
CROSS_CHECK_CASES = [
    (sp.Integer(0), {}),
    (sp.zoo, {}),
    (x * sp.Rational(1, 10**40), {}),
    (x * sp.Rational(1, 10**30), {}),                                  # just above half the tolerance
    (x * sp.Rational(1, 10**20), {}),
    (x - x * (1 + sp.Rational(1, 10**29)), {x: (1.0, 2.0)}),
    (sp.exp(x) - sp.exp(x) * (1 + sp.Rational(1, 10**80)), {x: (150.0, 160.0)}),   # tiny factor, huge exp
    (sp.exp(x) - sp.exp(x) * (1 + sp.Rational(1, 10**80)), {x: (1.0, 2.0)}),
    (sp.Add(sp.log(x - 4), -sp.log(x - 4), evaluate=False), {x: (4.0, 4.0)}),
    (sp.Add(sp.log(x - 4), -sp.log(x - 4), evaluate=False), {x: (5.0, 9.0)}),
    (sp.Add(1 / P, -1 / P, evaluate=False), {n: (0, 30)}),
    (sp.Add(1 / (r - 1), -1 / (r - 1), evaluate=False), {r: (1.0, 1.0)}),
    (sp.Sum(y, (k, 1, npos)) - npos * y, {}),
    (sp.Sum(y, (k, 1, npos)) - (npos + 1) * y, {}),
    (sp.Sum(v[k], (k, 1, npos)) - sp.Sum(v[k], (k, 1, npos - 1)) - v[npos], {}),
    (sp.Sum(v[k], (k, 1, npos)) - sp.Sum(v[k], (k, 1, npos - 1)), {}),
    (sp.exp(r + s) - sp.exp(r) * sp.exp(s), {}),
    (sp.log(x * y) - sp.log(x) - sp.log(y), {}),
    (sp.log(x * y) - sp.log(x) - sp.log(y) + sp.Rational(1, 10**25), {}),
    (sp.sqrt(x) ** 2 - x, {}),
    (x ** sp.Rational(1, 3) * x ** sp.Rational(2, 3) - x, {}),
    (sp.sqrt(r) ** 2 - r, {}),                                       # complex at negative r
    (sp.sqrt(r**2) - sp.Abs(r), {}),
    (sp.pi * x - x * sp.pi, {}),
    (sp.E ** x - sp.exp(x) + sp.pi / 10**31, {}),
    (sp.sin(r) ** 2 + sp.cos(r) ** 2 - 1, {}),                       # not enclosed: sympy decides
    (sp.sin(r) ** 2 + sp.cos(r) ** 2, {}),
    (f(x) - f(x) + 1 / (x + 1) - 1 / (x + 1), {}),
    (f(x) - x, {}),
    (sp.I * x - sp.I * x + (x + 1) ** 2 - x**2 - 2 * x - 1, {}),
    (sp.I * (x - y) * sp.Rational(1, 10**20), {}),
    (1 / (r - s) - 1 / (r - s) + (r - s) ** -2 * (r - s) ** 2 - 1, {}),
    ((r**2 + 1) ** -3 - 1 / (r**2 + 1) ** 3, {}),
    (sp.exp(-1 / r**2) * 0 + sp.Rational(1, 10**31), {}),
]


@pytest.mark.parametrize("d, sample", CROSS_CHECK_CASES)
@pytest.mark.parametrize("seed", [1, 6, 20260])
def test_cross_check_gives_what_sympy_at_every_point_gives(d, sample, seed):
    assert cross_check_zero(d, sample, seed) == reference_cross_check(d, sample, seed)


def _cancelling(e):
    return sp.Add(e, -e, evaluate=False)


def _at(e, point):
    return sp.N(e.xreplace(point).doit(), CROSS_CHECK_DIGITS)


@pytest.mark.parametrize("e, point", [
    (x * sp.Rational(1, 10**30), {x: sp.Integer(1)}),                  # 1e-30: not inside ±½e-30
    (x * sp.Rational(6, 10**31), {x: sp.Integer(1)}),
    (x - x * (1 + sp.Rational(1, 10**29)), {x: sp.Rational(3, 2)}),
    (sp.exp(x) * sp.Rational(1, 10**80), {x: sp.Integer(200)}),        # tiny factor of a huge number
    (_cancelling(1 / (x - 1)), {x: sp.Integer(1)}),                    # 0/0, where sympy skips the point
    (sp.Mul(sp.Pow(x - 1, -2), 0, evaluate=False), {x: sp.Integer(1)}),
    (sp.Mul(sp.Pow(x - 1, -1), 0, evaluate=False), {x: sp.Integer(1)}),
    (_cancelling(sp.log(x - 1)), {x: sp.Integer(1)}),
    (_cancelling(sp.log(x - 1)), {x: sp.Rational(1, 2)}),
    (_cancelling(sp.sqrt(x - 1)), {x: sp.Integer(1)}),
    (_cancelling(sp.sqrt(r)), {r: sp.Integer(-1)}),
    (_cancelling(sp.sin(x)), {x: sp.Integer(1)}),
    (_cancelling(f(y)), {y: sp.Integer(1)}),
    (_cancelling(x - r), {x: sp.Integer(1)}),                          # r has no value
    (_cancelling(sp.Abs(r)), {r: sp.Integer(1)}),
    (_cancelling(sp.Sum(r, (k, 1, 3))), {r: sp.Integer(1)}),
    (sp.I * x, {x: sp.Rational(1, 10**40)}),
    (v[1] - v[2], {v[1]: sp.Integer(1)}),
])
def test_the_enclosure_never_settles_a_point_it_cannot_vouch_for(e, point):
    assert _enclosed_near_zero(e, point) is False


def test_the_enclosure_settles_points_where_the_value_is_tiny():
    assert _enclosed_near_zero(sp.Mul(sp.Pow(x - 1, -1), 0, evaluate=False), {x: sp.Rational(9999, 10000)})
    assert _enclosed_near_zero(x * sp.Rational(4, 10**31), {x: sp.Integer(1)})
    assert _enclosed_near_zero(_cancelling(sp.exp(x) / (sp.log(x) + 2) ** sp.Rational(3, 2) + sp.pi * sp.E),
                               {x: sp.Rational(1, 3)})
    assert _enclosed_near_zero(_cancelling(v[1] ** -3 + v[2]), {v[1]: sp.Rational(-1, 7), v[2]: sp.Integer(5)})


def _random_expr(rng, syms, depth):
    if depth == 0 or rng.random() < 0.25:
        return rng.choice([*syms, sp.Rational(rng.randint(-9, 9), rng.randint(1, 9)), sp.pi])
    a, b = _random_expr(rng, syms, depth - 1), _random_expr(rng, syms, depth - 1)
    return rng.choice([
        lambda: a + b, lambda: a - b, lambda: a * b, lambda: a / (b**2 + 1), lambda: sp.exp(a / 4),
        lambda: sp.log(b**2 + 1), lambda: (a**2 + 1) ** sp.Rational(1, 3), lambda: a**3 - b, lambda: a / b,
    ])()


def test_random_expressions_lie_in_their_enclosures():
    rng = random.Random(7)
    prec = mpmath.libmp.dps_to_prec(CROSS_CHECK_DIGITS + 20)
    checked = 0
    for _ in range(300):
        e = _random_expr(rng, [r, s], 4)
        point = {r: sp.Rational(rng.randint(-30000, 30000), 10_000), s: sp.Rational(rng.randint(-30000, 30000), 10_000)}
        try:
            lo, hi = _enclose(e, point, prec, {})
        except Exception:
            continue
        val = _at(e, point)
        assert val.is_real
        lo, hi, val = mpmath.mpf(lo), mpmath.mpf(hi), mpmath.mpf(str(val))
        assert lo - abs(val) * mpmath.mpf(10) ** -45 <= val <= hi + abs(val) * mpmath.mpf(10) ** -45
        checked += 1
    assert checked > 150


def test_random_identities_are_settled_and_perturbed_ones_are_not():
    rng = random.Random(11)
    settled = 0
    for _ in range(120):
        e = _random_expr(rng, [x, y], 3)
        point = {x: sp.Rational(rng.randint(1, 30000), 10_000), y: sp.Rational(rng.randint(1, 30000), 10_000)}
        same = sp.Add(e, -e, evaluate=False)
        if _enclosed_near_zero(same, point):
            settled += 1
        for eps in (sp.Rational(1, 10**29), sp.Rational(1, 10**20), sp.Integer(1)):
            off = sp.Add(e, -e, eps * (1 + x**2), evaluate=False)
            assert not _enclosed_near_zero(off, point)
            assert abs(complex(_at(off, point))) > 1e-30
    assert settled > 100


def test_an_unsound_zero_is_still_caught(monkeypatch):
    monkeypatch.setattr(symbolic, "CANONICALISERS", [("claims zero", lambda d: sp.Integer(0))])
    for lhs, rhs in [(x + 1, x), (sp.exp(x), sp.exp(x) * (1 + sp.Rational(1, 10**25))),
                     (sp.log(x), sp.log(x) + sp.Rational(1, 10**29)), (sp.Sum(y, (k, 1, npos)), npos * y + y)]:
        out = symbolic._decide_identity(Identity(lhs, rhs), seed=3)
        assert out.result == "error" and "numeric cross-check disagrees" in out.detail


# --- the first canonicaliser ---------------------------------------------------------------

CANCEL_CASES = [
    sp.Integer(0),
    (x + y) ** 2 - x**2 - 2 * x * y - y**2,
    1 / (x + 1) + 1 / (x - 1) - 2 * x / (x**2 - 1),
    (x + 1) / (x + y) ** 8 - x / (x + y) ** 8,                       # a nonzero numerator over a big denominator
    (x**2 - 1) / (x - 1) - x,
    sp.exp(x) / (1 + sp.exp(x)) - 1 + 1 / (1 + sp.exp(x)),
    sp.exp(x) / (1 + sp.exp(x)) - 1,
    sp.Sum(v[k], (k, 1, n)) / sp.Sum(v[n], (n, 1, k)) - 1,
    sp.Sum(v[k], (k, 1, npos)) - sp.Sum(v[n], (n, 1, npos)),
    (r - s) / (r + s) + (r + s) / (r - s) - 2 * (r**2 + s**2) / (r**2 - s**2),
    sp.log(x * y) - sp.log(x) - sp.log(y),
]


@pytest.mark.parametrize("d", CANCEL_CASES)
def test_the_first_canonicaliser_is_cancel_of_together(d):
    reference = sp.cancel(sp.together(alpha_normalise(d)))
    got = _canon_cancel(d)
    assert (got == 0) == (reference == 0)
    if reference != 0:
        assert got == reference


def test_a_zero_numerator_is_recognised_and_a_nonzero_one_is_not():
    big = sp.expand((x + y + 1) ** 6)
    assert _canon_cancel((x + 1) / big - x / big - 1 / big) == 0
    assert _canon_cancel((x + 1) / big - x / big) == sp.cancel(1 / big)
    assert _canon_cancel((x + 1) / big - x / big) != 0


def test_alpha_normalise_leaves_a_tree_without_binders_as_it_is():
    e = sp.Add(x, x, evaluate=False) / (y + 1)
    assert alpha_normalise(e) is e
    summed = sp.Sum(v[k], (k, 1, n)) + sp.Add(x, x, evaluate=False)
    renamed = alpha_normalise(summed)
    assert k not in renamed.atoms(sp.Symbol) and renamed.has(sp.Sum)


# --- positivity: the cheap disjunct first gives the same answer -------------------------------

def _reference_positive(e):
    if e.is_positive is True:
        return True
    if isinstance(e, (sp.Sum, sp.Product)):
        body_ok = _reference_positive(e.function)
        ranges_ok = all((lim[2] - lim[1]).is_nonnegative is True for lim in e.limits)
        return bool(body_ok and (ranges_ok or isinstance(e, sp.Product)))
    if e.is_Add:
        return all(_reference_nonnegative(a) for a in e.args) and any(_reference_positive(a) for a in e.args)
    if e.is_Mul:
        return all(_reference_positive(a) for a in e.args)
    if e.is_Pow:
        return _reference_positive(e.base) and e.exp.is_real is True
    if isinstance(e, sp.exp):
        return e.args[0].is_real is True
    return False


def _reference_nonnegative(e):
    if e.is_nonnegative is True or _reference_positive(e):
        return True
    if isinstance(e, sp.Sum):
        return _reference_nonnegative(e.function) and all((lim[2] - lim[1] + 1).is_nonnegative is True
                                                          for lim in e.limits)
    if e.is_Add or e.is_Mul:
        return all(_reference_nonnegative(a) for a in e.args)
    return False


def _reference_nonzero(e):
    if e.is_zero is False and e.is_finite is not False:
        return True
    if _reference_positive(e) or _reference_positive(-e):
        return True
    if e.is_Mul:
        return all(_reference_nonzero(a) for a in e.args)
    if e.is_Pow:
        return _reference_nonzero(e.base)
    return False


q = sp.Symbol("q", nonnegative=True)
POSITIVITY_CASES = [
    x, -x, r, q, x + r, x + q, q + q * r**2, sp.exp(r) + 1, sp.exp(r) - 1, sp.exp(r) + sp.exp(s), r**2, r**2 + 1,
    x - y, x * y, x * r, (x + 1) ** r, (x + 1) ** sp.I, r ** sp.Rational(1, 2), sp.Sum(x, (k, 1, n)),
    sp.Sum(x, (k, 1, npos)), sp.Sum(r**2, (k, 1, npos)), sp.Sum(r**2, (k, 0, n)), sp.Product(x, (k, 1, n)),
    sp.Product(r, (k, 1, n)), sp.Sum(sp.exp(v[k]), (k, 1, npos)), 1 + sp.Sum(sp.exp(v[k]), (k, 1, npos)),
    sp.Sum(sp.exp(v[k]), (k, 1, n)), sp.Integer(0), sp.Integer(-2), sp.zoo, f(x), f(x) ** 2 + 1, sp.log(x),
    sp.exp(sp.I * r), (x + r) * (y + q), sp.Add(x, -x, evaluate=False), sp.Mul(x, 0, evaluate=False),
]


@pytest.mark.parametrize("e", POSITIVITY_CASES)
def test_positivity_rules_answer_as_before(e):
    assert _positive(e) == _reference_positive(e)
    assert _nonnegative(e) == _reference_nonnegative(e)
    assert _nonzero(e) == _reference_nonzero(e)
