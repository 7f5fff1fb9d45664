"""An IEEE-754 reference evaluator for the fuzz suite, independent of the engine and of numpy.

Every basic operation (+, -, *, /, sqrt) is computed exactly on rationals (``fractions``) and
rounded to nearest-even in the target format by :func:`round_to` (overflow to ±inf, gradual
underflow, signed zeros handled by the IEEE rules written out below). Transcendental functions
are not correctly rounded by numpy or libm, and IEEE does not require it: they are computed to
high precision with ``mpmath`` and every float within ``TRANSCENDENTAL_ULPS`` of the correctly
rounded result is a possible value. Values are therefore *sets* of floats; a predicate is
decided only when every combination gives the same truth value (otherwise the statement's
truth depends on the library and is not used to judge the engine).
"""
from __future__ import annotations

import math
import struct
from fractions import Fraction
from itertools import product
from typing import Any, Iterable, Mapping

import mpmath

FORMATS = {"float64": (53, -1022, 1023), "float32": (24, -126, 127)}
"""precision p (bits incl. the hidden one), emin, emax."""

TRANSCENDENTAL_ULPS = {"float64": 2, "float32": 3}
MAX_SET = 64


class Unspecified(Exception):
    """The value depends on choices IEEE leaves open (too many candidates to track)."""


def max_finite(fmt: str) -> Fraction:
    p, _, emax = FORMATS[fmt]
    return (2 - Fraction(1, 2 ** (p - 1))) * Fraction(2) ** emax


def _floor_log2(x: Fraction) -> int:
    e = x.numerator.bit_length() - x.denominator.bit_length()
    # 2**e <= x < 2**(e+1) after correction
    if Fraction(2) ** e > x:
        e -= 1
    elif Fraction(2) ** (e + 1) <= x:
        e += 1
    return e


def round_to(x: Fraction, fmt: str, negative_zero: bool = False) -> float:
    """Round the exact rational ``x`` to nearest (ties to even) in ``fmt``; the result as a
    Python float (every float32 value is a float64 value). ``negative_zero`` gives the sign of
    an exact zero / underflow to zero for a negative ``x``."""
    p, emin, emax = FORMATS[fmt]
    if x == 0:
        return -0.0 if negative_zero else 0.0
    sign = -1 if x < 0 else 1
    a = abs(x)
    e = max(_floor_log2(a), emin)
    q = Fraction(2) ** (e - p + 1)  # the quantum at this binade (subnormal quantum below emin)
    n = a / q
    fl = n.numerator // n.denominator
    rem = n - fl
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2 == 1):
        fl += 1
    r = fl * q
    if r > max_finite(fmt):
        return math.copysign(math.inf, sign)
    if r == 0:
        return -0.0 if sign < 0 else 0.0
    return _to_float(sign * r)


def _to_float(r: Fraction) -> float:
    """An exact conversion (r is a float64 value); checked."""
    f = r.numerator / r.denominator if r.denominator != 1 else float(r.numerator)
    if Fraction(f) != r:  # pragma: no cover - a bug in this module
        raise AssertionError(f"{r} is not a float64 value")
    return f


def representable(v: float, fmt: str) -> bool:
    if math.isnan(v) or math.isinf(v):
        return True
    return round_to(Fraction(v), fmt) == v


def next_up(v: float, fmt: str) -> float:
    """The next float of ``fmt`` above ``v`` (bit arithmetic, not numpy)."""
    if math.isnan(v) or v == math.inf:
        return v
    if fmt == "float64":
        if v == 0:
            return 5e-324
        (bits,) = struct.unpack("<q", struct.pack("<d", v))
        bits = bits + 1 if v > 0 else bits - 1
        return struct.unpack("<d", struct.pack("<q", bits))[0]
    if v == 0:
        return 2.0 ** -149
    if v == -math.inf:
        return -float(max_finite("float32"))
    (bits,) = struct.unpack("<i", struct.pack("<f", v))
    bits = bits + 1 if v > 0 else bits - 1
    if v > 0 and bits >= 0x7F800000:
        return math.inf
    return struct.unpack("<f", struct.pack("<i", bits))[0]


def next_down(v: float, fmt: str) -> float:
    return -next_up(-v, fmt)


# --- the operations on single floats --------------------------------------------------------

def _add(x: float, y: float, fmt: str) -> float:
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if math.isinf(x) or math.isinf(y):
        if math.isinf(x) and math.isinf(y) and (x > 0) != (y > 0):
            return math.nan
        return x if math.isinf(x) else y
    s = Fraction(x) + Fraction(y)
    if s == 0:
        both_neg = math.copysign(1, x) < 0 and math.copysign(1, y) < 0
        return -0.0 if both_neg else 0.0
    return round_to(s, fmt)


def _mul(x: float, y: float, fmt: str) -> float:
    if math.isnan(x) or math.isnan(y):
        return math.nan
    neg = (math.copysign(1, x) < 0) != (math.copysign(1, y) < 0)
    if math.isinf(x) or math.isinf(y):
        if x == 0 or y == 0:
            return math.nan
        return -math.inf if neg else math.inf
    return round_to(Fraction(x) * Fraction(y), fmt, negative_zero=neg)


def _div(x: float, y: float, fmt: str) -> float:
    if math.isnan(x) or math.isnan(y):
        return math.nan
    neg = (math.copysign(1, x) < 0) != (math.copysign(1, y) < 0)
    if math.isinf(x):
        if math.isinf(y):
            return math.nan
        return -math.inf if neg else math.inf
    if math.isinf(y):
        return -0.0 if neg else 0.0
    if y == 0:
        if x == 0:
            return math.nan
        return -math.inf if neg else math.inf
    return round_to(Fraction(x) / Fraction(y), fmt, negative_zero=neg)


def _sqrt(x: float, fmt: str) -> float:
    if math.isnan(x) or x < 0:
        return math.nan
    if x == 0 or math.isinf(x):
        return x
    # Correct rounding of sqrt: bisect on the exact square.
    a = Fraction(x)
    c = round_to(Fraction(math.sqrt(x)), fmt)  # a near guess, then made exact below
    # the float of fmt nearest to sqrt(a): compare the squares of the midpoints with a
    for _ in range(8):
        up, dn = next_up(c, fmt), next_down(c, fmt)
        mid_up = (Fraction(c) + Fraction(up)) / 2 if not math.isinf(up) else None
        mid_dn = (Fraction(c) + Fraction(dn)) / 2
        if mid_up is not None and (mid_up * mid_up < a or (mid_up * mid_up == a and _even(up, fmt))):
            c = up
            continue
        if mid_dn * mid_dn > a or (mid_dn * mid_dn == a and _even(dn, fmt)):
            c = dn
            continue
        return c
    raise AssertionError("sqrt did not converge")  # pragma: no cover


def _even(v: float, fmt: str) -> bool:
    if fmt == "float64":
        (bits,) = struct.unpack("<q", struct.pack("<d", v))
    else:
        (bits,) = struct.unpack("<i", struct.pack("<f", v))
    return bits % 2 == 0


def _neighbours(v: float, fmt: str, k: int) -> set[float]:
    out = {v}
    a = b = v
    for _ in range(k):
        a, b = next_down(a, fmt), next_up(b, fmt)
        out |= {a, b}
    return out


def _transcendental(op: str, x: float, fmt: str) -> set[float]:
    """Possible results of exp/log/log1p/expm1 in ``fmt`` (exact where C99/IEEE fix them)."""
    if math.isnan(x):
        return {math.nan}
    if op == "exp":
        if x == -math.inf:
            return {0.0}
        if x == math.inf:
            return {math.inf}
        if x == 0:
            return {1.0}
    if op == "expm1":
        if x == -math.inf:
            return {-1.0}
        if x == math.inf:
            return {math.inf}
        if x == 0:
            return {x}
    if op == "log":
        if x < 0:
            return {math.nan}
        if x == 0:
            return {-math.inf}
        if x == math.inf:
            return {math.inf}
        if x == 1:
            return {0.0}
    if op == "log1p":
        if x < -1:
            return {math.nan}
        if x == -1:
            return {-math.inf}
        if x == math.inf:
            return {math.inf}
        if x == 0:
            return {x}
    with mpmath.workprec(400):
        v = {"exp": mpmath.exp, "log": mpmath.log, "log1p": mpmath.log1p, "expm1": mpmath.expm1}[op](mpmath.mpf(x))
        _, emin, emax = FORMATS[fmt]
        if mpmath.isinf(v) or abs(v) >= mpmath.mpf(2) ** (emax + 2):
            rn = math.inf if v > 0 else -math.inf
        elif abs(v) < mpmath.mpf(2) ** (emin - 80):
            rn = -0.0 if v < 0 else 0.0
        else:
            m, e = mpmath.frexp(v)  # v = m * 2**e, 0.5 <= |m| < 1
            num = int(mpmath.floor(m * mpmath.mpf(2) ** 380))
            rn = round_to(Fraction(num) * Fraction(2) ** (int(e) - 380), fmt, negative_zero=v < 0)
    cands = _neighbours(rn, fmt, TRANSCENDENTAL_ULPS[fmt])
    if op in ("exp",):
        cands = {c for c in cands if not c < 0}
    if op == "expm1":
        cands = {c for c in cands if c >= -1}
    return cands


def _maxmin(op: str, x: float, y: float) -> set[float]:
    if math.isnan(x) or math.isnan(y):
        return {math.nan}
    if x == y:  # ±0 against ∓0: IEEE leaves the sign open
        return {x, y}
    return {max(x, y) if op == "max" else min(x, y)}


# --- terms and predicates over value sets -------------------------------------------------

def _key(v: float) -> tuple:
    return ("nan",) if math.isnan(v) else (v, math.copysign(1, v))


def _norm(vals: Iterable[float]) -> list[float]:
    seen: dict[tuple, float] = {}
    for v in vals:
        seen.setdefault(_key(v), v)
    if len(seen) > MAX_SET:
        raise Unspecified("too many candidate values")
    return list(seen.values())


def evaluate_term(t: Any, point: Mapping[str, float], fmt: str) -> list[float]:
    """The possible values of the term (an ``verify.ieee.Term`` read only as data)."""
    op, args = t.op, t.args
    if op == "var":
        return [float(point[args[0]])]
    if op == "const":
        return [float(args[0])]
    vals = [evaluate_term(a, point, fmt) for a in args]
    out: list[float] = []
    if op == "neg":
        out = [-v for v in vals[0]]
    elif op == "abs":
        out = [abs(v) for v in vals[0]]
    elif op == "sqrt":
        out = [_sqrt(v, fmt) for v in vals[0]]
    elif op in ("exp", "log", "log1p", "expm1"):
        for v in vals[0]:
            out += list(_transcendental(op, v, fmt))
    elif op in ("add", "sub", "mul", "div"):
        for a, b in product(vals[0], vals[1]):
            if op == "add":
                out.append(_add(a, b, fmt))
            elif op == "sub":
                out.append(_add(a, -b, fmt))
            elif op == "mul":
                out.append(_mul(a, b, fmt))
            else:
                out.append(_div(a, b, fmt))
    elif op in ("max", "min"):
        for a, b in product(vals[0], vals[1]):
            out += list(_maxmin(op, a, b))
    else:
        raise ValueError(op)
    return _norm(out)


def evaluate_pred(q: Any, point: Mapping[str, float], fmt: str) -> set[bool]:
    op, args = q.op, q.args
    if op in ("lt", "le", "gt", "ge", "eq", "ne"):
        res = set()
        for a, b in product(evaluate_term(args[0], point, fmt), evaluate_term(args[1], point, fmt)):
            res.add({"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b, "eq": a == b, "ne": a != b}[op])
        return res
    if op == "finite":
        return {math.isfinite(v) for v in evaluate_term(args[0], point, fmt)}
    if op == "isnan":
        return {math.isnan(v) for v in evaluate_term(args[0], point, fmt)}
    if op == "not":
        return {not b for b in evaluate_pred(args[0], point, fmt)}
    if op in ("and", "or"):
        a = evaluate_pred(args[0], point, fmt)
        b = evaluate_pred(args[1], point, fmt)
        return {(x and y) if op == "and" else (x or y) for x in a for y in b}
    raise ValueError(op)


def truth(q: Any, point: Mapping[str, float], fmt: str) -> bool | None:
    """The predicate's value, or None when it depends on what IEEE leaves unspecified."""
    try:
        vals = evaluate_pred(q, point, fmt)
    except Unspecified:
        return None
    return vals.pop() if len(vals) == 1 else None
