"""The ``symbolic`` discharger (sympy).

An identity is proved when one of a fixed list of canonicalisations brings ``lhs − rhs`` to the
literal ``0`` *and* both sides are well defined for every value of the symbols: every
denominator is proved nonzero, every log argument positive and every base of a non-integer
power positive (nonnegative for a positive exponent), from the symbols' sympy assumptions
(:func:`definedness_conditions`). Anything else is ``unknown`` (never ``failed``: sympy not
finding 0 is not a disproof). ``Expr.equals`` is never used, since it may rest on random
numeric sampling.

Every symbolic 0 is cross-checked by evaluating ``lhs − rhs`` at random points with 50-digit
arithmetic (a point is settled by an outward-rounded interval enclosure when that lies within
half the tolerance, else by sympy); a value that is not 0 there means the canonicalisation was
unsound for the symbols' domains and the obligation is an ``error``.

A non-identity is confirmed at its stated rational point by exact evaluation, or by interval
arithmetic (mpmath ``iv``) whose enclosure excludes 0, after the engine has checked that the
point lies in every symbol's domain and the goal's conditions, and that both sides are real and
finite there. A :class:`~verify.goals.SameTerm` holds when both sides are the same tree.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from mpmath.libmp import libmpi
from sympy.core.function import AppliedUndef

from ..evidence import ERROR, HOLDS, UNKNOWN, VIOLATED, Outcome
from ..goals import Identity, NonIdentity, SameTerm
from ..iv import endpoints

CROSS_CHECK_POINTS = 6
MIN_CROSS_CHECK_POINTS = 3
CROSS_CHECK_DIGITS = 50
CROSS_CHECK_TOLERANCE = 1e-30


def alpha_normalise(x: sp.Basic, depth: int = 0, prefix: str | None = None) -> sp.Basic:
    """Rename the bound variables of Sum/Product by nesting depth (``{prefix}{depth}_{k}``).

    Two sums that differ only in the name of their index become identical, so they cancel. The
    names depend on depth, so an inner sum's index never captures an outer one (sympy's
    ``as_dummy`` gives nested binders the same name, which lets ``cancel`` pull an inner sum
    out of an outer one: unsound). The prefix is chosen so that no symbol of ``x`` starts with
    it, so a bound variable never captures a free symbol either.
    """
    if prefix is None:
        if not x.has(sp.Sum, sp.Product):
            # Nothing to rename. A rebuild would only re-evaluate every node, which together(),
            # applied next by each canonicaliser, does anyway (and under evaluate(False) it
            # gives the same tree back).
            return x
        names = {str(a) for a in x.atoms(sp.Symbol)}
        prefix = "_bound"
        while any(n.startswith(prefix) for n in names):
            prefix = "_" + prefix
    if isinstance(x, (sp.Sum, sp.Product)):
        # Limits run from the innermost out: the bounds of limit k may use the variables of the
        # limits after it (the outer ones), never those before it (those are free there).
        olds = [lim[0] for lim in x.limits]
        news = [sp.Symbol(f"{prefix}{depth}_{k}", **v.assumptions0) for k, v in enumerate(olds)]
        limits = []
        for k, lim in enumerate(x.limits):
            outer = dict(zip(olds[k + 1:], news[k + 1:], strict=True))
            bounds = [alpha_normalise(b.xreplace(outer), depth + 1, prefix) for b in lim[1:]]
            limits.append((news[k], *bounds))
        body = alpha_normalise(x.function.xreplace(dict(zip(olds, news, strict=True))), depth + 1, prefix)
        return type(x)(body, *limits)
    if not x.args or isinstance(x, (sp.Indexed, sp.IndexedBase)) and not x.has(sp.Sum, sp.Product):
        return x
    return x.func(*[alpha_normalise(a, depth, prefix) for a in x.args])


def _positive(e: sp.Expr) -> bool:
    # The parts first: sympy's assumptions on a large sum are slow to derive, and the parts
    # often settle it (the result is the same disjunction in either order).
    return _positive_by_parts(e) or e.is_positive is True


def _positive_by_parts(e: sp.Expr) -> bool:
    """Positivity shown from the parts of ``e`` (sums, products, powers, exp)."""
    if isinstance(e, (sp.Sum, sp.Product)):
        body_ok = _positive(e.function)
        ranges_ok = all((lim[2] - lim[1]).is_nonnegative is True for lim in e.limits)
        return bool(body_ok and (ranges_ok or isinstance(e, sp.Product)))
    if e.is_Add:
        return all(_nonnegative(a) for a in e.args) and any(_positive(a) for a in e.args)
    if e.is_Mul:
        return all(_positive(a) for a in e.args)
    if e.is_Pow:
        return _positive(e.base) and e.exp.is_real is True
    if isinstance(e, sp.exp):
        return e.args[0].is_real is True
    return False


def _nonnegative(e: sp.Expr) -> bool:
    if e.is_nonnegative is True or _positive(e):
        return True
    if isinstance(e, sp.Sum):
        # Karr's convention: a sum whose upper limit is below lower − 1 is minus a sum, so a
        # nonnegative body gives a nonnegative sum only when no range can run backwards.
        return _nonnegative(e.function) and all((lim[2] - lim[1] + 1).is_nonnegative is True for lim in e.limits)
    if e.is_Add or e.is_Mul:
        return all(_nonnegative(a) for a in e.args)
    return False


def _nonzero(e: sp.Expr) -> bool:
    # The parts first, as in _positive: a denominator such as a sum of exponentials is shown
    # positive before sympy's slow assumptions on the whole sum are asked for (same result).
    if _positive_by_parts(e):
        return True
    if e.is_zero is False and e.is_finite is not False:
        return True
    if _positive(e) or _positive(-e):
        return True
    if e.is_Mul:
        return all(_nonzero(a) for a in e.args)
    if e.is_Pow:
        return _nonzero(e.base)
    return False


PARTIAL_FUNCTIONS: tuple[type, ...] = tuple(
    getattr(sp, n) for n in ("tan", "cot", "sec", "csc", "coth", "csch", "asin", "acos", "asec", "acsc", "acosh",
                             "atanh", "acoth", "asech", "acsch", "gamma", "loggamma", "polygamma", "digamma",
                             "factorial", "zeta", "beta", "LambertW") if hasattr(sp, n))
"""Functions with poles or a restricted real domain: the engine does not prove an argument avoids
them, so an identity using one is not shown defined everywhere."""


TOTAL_FUNCTIONS: tuple[type, ...] = tuple(
    getattr(sp, n) for n in ("exp", "log", "sin", "cos", "sinh", "cosh", "tanh", "atan", "asinh", "Abs", "sign",
                             "Max", "Min", "erf", "erfc", "floor", "ceiling", "re", "im", "conjugate",
                             "Heaviside") if hasattr(sp, n))
"""Functions the engine knows to be defined for every real argument (log is checked apart); any
other function (Ei, besselk, …) is not shown defined. Uninterpreted functions stand for a
total function by declaration."""


def honest_indices(e: sp.Basic) -> sp.Basic:
    with sp.evaluate(False):  # renaming must not simplify (T/T with T = Sum(…) would become 1)
        return _honest_indices(e)


def _honest_indices(e: sp.Basic) -> sp.Basic:
    """Replace the bound variable of every Sum/Product by one whose assumptions come from its
    range (an integer, positive or nonnegative only when the lower bound is), so a declared
    ``k`` positive cannot make ``Sum(1/k, (k, 0, n))`` look defined."""
    if isinstance(e, (sp.Sum, sp.Product)):
        body = _honest_indices(e.function)
        limits = []
        subs = {}
        for lim in e.limits:
            v, lo, hi = lim[0], _honest_indices(lim[1]), _honest_indices(lim[2])
            opts = {"integer": True}
            if lo.is_positive is True:
                opts["positive"] = True
            elif lo.is_nonnegative is True:
                opts["nonnegative"] = True
            nv = sp.Symbol(f"{v.name}__range", **opts)
            subs[v] = nv
            limits.append((nv, lo.xreplace(subs), hi.xreplace(subs)))
        return type(e)(body.xreplace(subs), *limits)
    if not getattr(e, "args", ()) or not isinstance(e, sp.Basic) or not e.has(sp.Sum, sp.Product):
        return e
    return e.func(*[_honest_indices(a) for a in e.args])


def definedness_conditions(e: sp.Basic) -> list[str]:
    """The conditions for ``e`` to be defined that the symbols' assumptions do not prove.

    Denominators must be nonzero, log arguments positive, bases of non-integer powers
    positive (nonnegative when the exponent is positive); a function with poles or a restricted
    domain (:data:`PARTIAL_FUNCTIONS`: tan, asin, gamma, …) is never shown defined. An empty
    list: ``e`` is defined for every value of its symbols.
    """
    unproved: list[str] = []
    seen: set[sp.Basic] = set()

    def walk(x: sp.Basic) -> None:
        if x in seen or not isinstance(x, sp.Basic):
            return
        seen.add(x)
        if x.is_Pow:
            b, k = x.args
            if k.is_integer is True and k.is_nonnegative is True:
                pass
            elif k.is_integer is True:
                if not _nonzero(b):
                    unproved.append(f"{b} ≠ 0 (denominator)")
            elif k.is_positive is True:
                if not _nonnegative(b):
                    unproved.append(f"{b} ≥ 0 (base of the power {k})")
            elif not _positive(b):
                unproved.append(f"{b} > 0 (base of the power {k})")
        elif isinstance(x, sp.log):
            if not _positive(x.args[0]):
                unproved.append(f"{x.args[0]} > 0 (argument of log)")
        elif isinstance(x, PARTIAL_FUNCTIONS) or (isinstance(x, sp.Function) and not isinstance(x, TOTAL_FUNCTIONS)
                                                   and not isinstance(x, AppliedUndef)):
            unproved.append(f"{x} defined ({type(x).__name__} is not known to be defined everywhere)")
        elif isinstance(x, (sp.Sum, sp.Product)) and not all(lim[1].is_finite and lim[2].is_finite for lim in x.limits):
            unproved.append(f"{x} converges (an infinite range)")
        elif isinstance(x, (sp.Integral, sp.Piecewise)) or type(x).__name__ in ("DiracDelta", "Mod"):
            unproved.append(f"{x} defined ({type(x).__name__})")
        for a in x.args:
            walk(a)

    walk(sp.sympify(e))
    return unproved


def _canon_cancel(d: sp.Expr) -> sp.Expr:
    t = sp.together(alpha_normalise(d))
    # A numerator that expands to 0 makes t the zero function, and cancel() ends at 0 there
    # too, but only after expanding the denominator as well, often far larger than the
    # numerator; only a nonzero numerator needs the reduced form.
    if t.as_numer_denom()[0].expand() == 0:
        return sp.Integer(0)
    return sp.cancel(t)




def _split_log(e: sp.log) -> sp.Expr:
    """log(n/q) → log n − log q, where ``n/q`` is the argument over a common denominator and
    both are proved positive from the symbols' assumptions (otherwise ``e`` unchanged: for a
    negative n and q the split is not an identity of real logarithms)."""
    n, q = sp.fraction(sp.together(e.args[0]))
    if q == 1 or n.is_positive is not True or q.is_positive is not True:
        return e
    return sp.log(n) - sp.log(q)


def _canon_expand(d: sp.Expr) -> sp.Expr:
    # expand_log alone leaves log(1 + p/q) whole, so in a sum of logs of positive rational
    # functions (the log-odds of message passing) log(q + p) − log(q) never meets its cancelling
    # term; splitting each argument into numerator and denominator first lets the log-atoms
    # cancel, at a small fraction of what simplify() costs on these.
    d = d.replace(lambda e: isinstance(e, sp.log), _split_log)
    return sp.cancel(sp.together(sp.expand(sp.powsimp(sp.expand_log(d, force=False)))))


def _canon_simplify(d: sp.Expr) -> sp.Expr:
    s = sp.simplify(sp.factor_terms(d))
    return sp.cancel(sp.together(alpha_normalise(s)))


CANONICALISERS: list[tuple[str, Callable[[sp.Expr], sp.Expr]]] = [
    ("cancel(together(lhs-rhs))", _canon_cancel),
    ("cancel(expand(powsimp(expand_log(split log arguments))))", _canon_expand),
    ("cancel(simplify(factor_terms))", _canon_simplify),
]


def decide(goal: Any, role: str, seed: int) -> Outcome:
    if isinstance(goal, Identity):
        return _decide_identity(goal, seed)
    if isinstance(goal, NonIdentity):
        return _decide_nonidentity(goal)
    if isinstance(goal, SameTerm):
        return _decide_same_term(goal)
    raise TypeError(type(goal).__name__)


def _decide_same_term(goal: SameTerm) -> Outcome:
    if _floats(goal.lhs, goal.rhs):
        return Outcome(ERROR, FLOAT_ERROR, goal.label)
    with sp.evaluate(False):  # the trees as written: renaming the bound variables must not simplify
        a, b = alpha_normalise(sp.sympify(goal.lhs)), alpha_normalise(sp.sympify(goal.rhs))
    if sp.srepr(a) == sp.srepr(b):
        return Outcome(HOLDS, "both sides are the same expression tree", goal.label,
                       data={"tautology": True, "term": _short(a)})
    return Outcome(VIOLATED, f"the two sides are different trees: {_short(a)} vs {_short(b)}", goal.label)


def _floats(*exprs: Any) -> bool:
    return any(sp.sympify(e).has(sp.Float) for e in exprs)


FLOAT_ERROR = ("a symbolic goal contains a float: floats make 'exact' arithmetic depend on rounding; "
               "write exact numbers (sympy.Rational, Integer)")


def _decide_identity(goal: Identity, seed: int) -> Outcome:
    if _floats(goal.lhs, goal.rhs):
        return Outcome(ERROR, FLOAT_ERROR, goal.label)
    lhs, rhs = honest_indices(sp.sympify(goal.lhs)), honest_indices(sp.sympify(goal.rhs))
    d = lhs - rhs
    data: dict[str, Any] = {"sympy": sp.__version__}
    undefined = definedness_conditions(lhs) + definedness_conditions(rhs)
    if undefined:
        data["unproved_conditions"] = undefined
        return Outcome(UNKNOWN, "the sides are not shown defined everywhere: cannot prove "
                       + "; ".join(undefined[:4]) + (" …" if len(undefined) > 4 else "")
                       + " (declare the symbols' domains: positive=True, …)", goal.label, data=data)
    proof_by = None
    last: sp.Expr = d
    for name, fn in CANONICALISERS:
        try:
            last = fn(d)
        except Exception as exc:  # a canonicaliser failing is not evidence either way
            data.setdefault("canonicaliser_errors", []).append(f"{name}: {type(exc).__name__}")
            continue
        if last == 0:
            proof_by = name
            break
        if _plain_rational_function(last):
            # cancel(together(·)) is the unique reduced form of a rational function: a nonzero one
            # stays nonzero under every other canonicaliser, so they need not be tried.
            return Outcome(UNKNOWN, f"not an identity: lhs − rhs reduces to the nonzero rational function "
                           f"{_short(last)} ({name})", goal.label, data=data)
    if proof_by is None:
        return Outcome(UNKNOWN, f"no canonical form reached 0 (last: {_short(last)})", goal.label, data=data)
    data["canonical_form"] = proof_by
    ok, why, points = cross_check_zero(d, goal.sample, seed)
    data["cross_check_points"] = points
    if not ok:
        return Outcome(ERROR, f"{proof_by} gave 0 but the numeric cross-check disagrees: {why}", goal.label, data=data)
    return Outcome(HOLDS, f"{proof_by} = 0; cross-checked at {points} points ({CROSS_CHECK_DIGITS} digits)",
                   goal.label, data=data)


def _plain_rational_function(e: sp.Expr) -> bool:
    """A quotient of polynomials in plain symbols (no functions, sums, indexed or bound symbols)."""
    if e.atoms(sp.Function, sp.Indexed, sp.Sum, sp.Product, sp.Dummy, sp.Derivative, sp.Integral):
        return False
    return bool(e.is_rational_function())


def _short(e: Any, n: int = 160) -> str:
    s = str(e)
    return s if len(s) <= n else s[: n - 3] + "..."


def _draw(sym: Any, sample: Mapping[Any, tuple[float, float]], rng: random.Random) -> sp.Rational:
    base = sym.base if isinstance(sym, sp.Indexed) else sym
    lo_hi = sample.get(sym, sample.get(base))
    if base.is_integer:
        lo, hi = (int(lo_hi[0]), int(lo_hi[1])) if lo_hi else ((1, 5) if base.is_positive else (-4, 5))
        if base.is_nonnegative and not base.is_positive:
            lo = max(lo, 0)
        return sp.Integer(rng.randint(lo, hi))
    if lo_hi is None:
        if base.is_positive:
            lo_hi = (0.05, 4.0)
        elif base.is_nonnegative:
            lo_hi = (0.0, 4.0)
        elif base.is_negative:
            lo_hi = (-4.0, -0.05)
        else:
            lo_hi = (-3.0, 3.0)
    x = lo_hi[0] + (lo_hi[1] - lo_hi[0]) * rng.random()
    return sp.Rational(round(x * 10_000), 10_000)


def cross_check_zero(d: sp.Expr, sample: Mapping[Any, tuple[float, float]], seed: int) -> tuple[bool, str, int]:
    """Evaluate ``d`` at random points; return (all ≈ 0, explanation, points used).

    A point counts when ``|d|`` there, evaluated by sympy at 50 digits, is at most
    :data:`CROSS_CHECK_TOLERANCE`; points where ``d`` is undefined or not a number are skipped.
    An outward-rounded interval enclosure of ``d`` inside half that bound settles a point
    without building the evaluated sympy tree (the exact value, hence sympy's, lies in it);
    any other point is evaluated by sympy, so a nonzero value is found and reported as ever.
    """
    rng = random.Random(seed)
    done = 0
    attempts = 0
    ints = sorted((s for s in d.free_symbols if isinstance(s, sp.Symbol) and s.is_integer), key=str)
    # The points depend on the integer values drawn (a sum's upper limit decides which indexed
    # symbols are left), so each distinct draw is instantiated once and its atoms listed once.
    instances: dict[tuple[sp.Integer, ...], tuple[sp.Expr, list[sp.Expr]]] = {}
    while done < CROSS_CHECK_POINTS and attempts < 10 * CROSS_CHECK_POINTS:
        attempts += 1
        key = tuple(_draw(s, sample, rng) for s in ints)
        if key not in instances:
            e = d.subs(dict(zip(ints, key, strict=True))).doit() if ints else d
            instances[key] = (e, sorted(e.atoms(sp.Indexed), key=str) + sorted(
                (s for s in e.free_symbols if isinstance(s, sp.Symbol)), key=str))
        e, atoms = instances[key]
        point = {a: _draw(a, sample, rng) for a in atoms}
        if _enclosed_near_zero(e, point):
            done += 1
            continue
        try:
            v = sp.N(e.xreplace(point).doit(), CROSS_CHECK_DIGITS)
        except Exception:
            continue
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_number:
            continue
        mag = abs(complex(v))
        if mag > CROSS_CHECK_TOLERANCE:
            return False, f"lhs−rhs = {float(mag):.3e} at {{{', '.join(f'{k}={v}' for k, v in point.items())}}}", done
        done += 1
    if done < MIN_CROSS_CHECK_POINTS and d.free_symbols:
        return False, f"only {done} sample points where lhs−rhs is defined (need {MIN_CROSS_CHECK_POINTS})", done
    return True, "", done


class _Undecided(Exception):
    """The interval evaluation cannot settle the point; sympy evaluates it."""


def _enclosed_near_zero(e: sp.Expr, point: Mapping[Any, sp.Rational]) -> bool:
    """True when an interval enclosure of ``e`` at ``point`` (mpmath's interval arithmetic,
    rounded outward) lies within ±½·:data:`CROSS_CHECK_TOLERANCE`. Only real arithmetic, exp,
    log and powers are enclosed; a denominator or log argument whose enclosure is not of one
    sign, a non-integer power of a base not shown positive, an unknown function or a symbol
    without a value make it False (undecided), never a wrong True."""
    try:
        lo, hi = _enclose(e, point, mpmath.libmp.dps_to_prec(CROSS_CHECK_DIGITS + 20), {})
    except Exception:  # _Undecided, or anything the interval rules do not cover
        return False
    return bool(mpmath.mpf(lo) >= -_HALF_TOLERANCE and mpmath.mpf(hi) <= _HALF_TOLERANCE)


_HALF_TOLERANCE = mpmath.mpf(CROSS_CHECK_TOLERANCE) / 2
_INFINITE = (mpmath.libmp.finf, mpmath.libmp.fninf, mpmath.libmp.fnan)


def _interval_of(q: sp.Rational, prec: int) -> tuple[Any, Any]:
    one = mpmath.libmp.from_int(int(q.q))
    return libmpi.mpi_div((mpmath.libmp.from_int(int(q.p)),) * 2, (one, one), prec)


def _enclose(x: sp.Expr, point: Mapping[Any, sp.Rational], prec: int,
             memo: dict[sp.Expr, tuple[Any, Any]]) -> tuple[Any, Any]:
    """The enclosure of ``x`` as a pair of raw mpf endpoints (libmpi, ``prec`` bits)."""
    got = memo.get(x)
    if got is not None:
        return got
    if x in point:
        r = _interval_of(point[x], prec)
    elif x.is_Rational:
        r = _interval_of(x, prec)
    elif x is sp.pi:
        r = libmpi.mpi_pi(prec)
    elif x is sp.E:
        r = libmpi.mpi_exp((mpmath.libmp.fone, mpmath.libmp.fone), prec)
    elif x.is_Add:
        r = libmpi.mpi_zero
        for a in x.args:
            r = libmpi.mpi_add(r, _enclose(a, point, prec, memo), prec)
    elif x.is_Mul:
        r = libmpi.mpi_one
        for a in x.args:
            r = libmpi.mpi_mul(r, _enclose(a, point, prec, memo), prec)
    elif x.is_Pow:
        b, k = _enclose(x.base, point, prec, memo), x.exp
        positive = mpmath.libmp.mpf_sign(b[0]) > 0
        if k.is_Integer:
            if k < 0 and not (positive or mpmath.libmp.mpf_sign(b[1]) < 0):
                raise _Undecided
            r = libmpi.mpi_pow_int(b, int(k), prec)
        elif positive:
            r = libmpi.mpi_exp(libmpi.mpi_mul(_enclose(k, point, prec, memo), libmpi.mpi_log(b, prec), prec), prec)
        else:
            raise _Undecided
    elif isinstance(x, sp.exp):
        r = libmpi.mpi_exp(_enclose(x.args[0], point, prec, memo), prec)
    elif isinstance(x, sp.log):
        a = _enclose(x.args[0], point, prec, memo)
        if mpmath.libmp.mpf_sign(a[0]) <= 0:
            raise _Undecided
        r = libmpi.mpi_log(a, prec)
    else:
        raise _Undecided
    if r[0] in _INFINITE or r[1] in _INFINITE:
        raise _Undecided
    memo[x] = r
    return r


def _exact_value(v: Any) -> sp.Basic:
    """A point coordinate as an exact sympy number; floats are refused, not rationalised."""
    if isinstance(v, float) or (isinstance(v, sp.Basic) and v.has(sp.Float)):
        raise TypeError(f"point value {v!r} is a float")
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    return sp.sympify(v)


def _decide_nonidentity(goal: NonIdentity) -> Outcome:
    if _floats(goal.lhs, goal.rhs):
        return Outcome(ERROR, FLOAT_ERROR, goal.label)
    try:
        point = {k: _exact_value(v) for k, v in goal.point.items()}
    except TypeError as exc:
        return Outcome(ERROR, f"{exc}: a counterexample point must be exact (Rational, Fraction, int)", goal.label)
    shown = {str(k): str(v) for k, v in point.items()}
    bad = _outside_domain(point, goal.conditions)
    if bad:
        return Outcome(ERROR, f"the point is outside the declared domain: {bad}", goal.label,
                       counterexample={"point": shown})
    sides = []
    for name, side in (("lhs", goal.lhs), ("rhs", goal.rhs)):
        v = sp.sympify(side).xreplace(point).doit()
        if v.free_symbols:
            return Outcome(ERROR, f"the point leaves symbols free: {sorted(map(str, v.free_symbols))}", goal.label)
        if (v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or v.is_real is not True or v.is_finite is not True
                or definedness_conditions(v)):
            return Outcome(ERROR, f"the {name} is undefined or not a finite real number at the point ({_short(v)})",
                           goal.label, counterexample={"point": shown})
        sides.append(v)
    at = sides[0] - sides[1]
    if at.is_Rational:
        if at != 0:
            return Outcome(VIOLATED, f"lhs−rhs = {at} ≠ 0 exactly", goal.label, confirmed=True,
                           counterexample={"point": shown, "lhs_minus_rhs": str(at)})
        return Outcome(HOLDS, "lhs−rhs = 0 exactly at the point", goal.label)
    try:
        enc = interval_eval(at)
    except Exception as exc:
        return Outcome(UNKNOWN, f"interval evaluation failed: {exc}", goal.label)
    if enc.a > 0 or enc.b < 0:
        lo, hi = (mpmath.nstr(v, 12) for v in endpoints(enc))
        return Outcome(VIOLATED, f"lhs−rhs ∈ [{lo}, {hi}] excludes 0", goal.label, confirmed=True,
                       counterexample={"point": shown, "lhs_minus_rhs_enclosure": [lo, hi]})
    return Outcome(UNKNOWN, "the interval enclosure of lhs−rhs contains 0", goal.label)


def _outside_domain(point: Mapping[Any, Any], conditions: tuple[Any, ...]) -> str:
    """Why the point violates a symbol's assumptions or a condition ('' if it does not)."""
    for sym, v in point.items():
        base = sym.base if isinstance(sym, sp.Indexed) else sym
        val = sp.sympify(v)
        for prop, declared in sorted(base.assumptions0.items()):
            has = getattr(val, f"is_{prop}", None)
            if declared is True and has is not True:
                return f"{sym} = {v} but {sym} is declared {prop}"
            if declared is False and has is not False:
                return f"{sym} = {v} but {sym} is declared not {prop}"
    for c in conditions:
        try:
            val = sp.sympify(c).xreplace(dict(point)).doit()
        except Exception as exc:
            return f"condition {c} cannot be evaluated ({type(exc).__name__})"
        if val is not sp.true:
            if isinstance(val, sp.Rel) or val not in (sp.true, sp.false):
                try:
                    lhs_minus = interval_eval(val.lhs - val.rhs)
                    rel = type(val)
                    lo, hi = lhs_minus.a, lhs_minus.b
                    decided = {sp.StrictGreaterThan: lo > 0, sp.GreaterThan: lo >= 0,
                               sp.StrictLessThan: hi < 0, sp.LessThan: hi <= 0}.get(rel, False)
                    if decided:
                        continue
                except Exception:
                    pass
            return f"condition {c} does not hold at the point"
    return ""


def interval_eval(e: sp.Expr, dps: int = 60) -> Any:
    """Enclose a closed-form number with mpmath interval arithmetic (rigorous rounding)."""
    iv = mpmath.iv
    iv.dps = dps

    def ev(x: sp.Expr) -> Any:
        if x.is_Integer:
            return iv.mpf(int(x))
        if x.is_Rational:
            return iv.mpf(int(x.p)) / iv.mpf(int(x.q))
        if x is sp.pi:
            return iv.pi
        if x is sp.E:
            return iv.e
        if x.is_Add:
            acc = iv.mpf(0)
            for a in x.args:
                acc = acc + ev(a)
            return acc
        if x.is_Mul:
            acc = iv.mpf(1)
            for a in x.args:
                acc = acc * ev(a)
            return acc
        if x.is_Pow:
            b, k = x.args
            if k.is_Integer:
                return ev(b) ** int(k)
            return iv.exp(ev(k) * iv.log(ev(b)))
        if isinstance(x, sp.exp):
            return iv.exp(ev(x.args[0]))
        if isinstance(x, sp.log):
            return iv.log(ev(x.args[0]))
        if isinstance(x, sp.Abs):
            v = ev(x.args[0])
            return abs(v)
        raise ValueError(f"no interval rule for {type(x).__name__}")

    return ev(e)
