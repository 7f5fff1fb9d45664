"""Numeric statements of known truth: witnesses at the edges of their tolerance, and IEEE
predicates whose value is computed by an independent reference (:mod:`fuzz_ieee_ref`).

A witness's truth is ``|observed − expected| ≤ tol`` (or ``≤ tol·|expected|``) decided on the
exact rational values of the floats with ``fractions.Fraction``; the tolerances are placed
exactly on, one ulp under and one ulp over the exact error.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from verify import ieee
from verify.goals import FloatPredicate, Witness
from fuzz_harness import Case, FuzzFamily, ideal
from fuzz_ieee_ref import next_down, next_up, representable, round_to, truth as ieee_truth

F64_SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 0.1, 1e-300, 5e-324, 2.2250738585072014e-308, 1e308,
               1.7976931348623157e308, 9007199254740992.0, 1e16, 709.78, -745.2, 1e-8]
F32_SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 2.0 ** -149, 2.0 ** -126, 3.4028234663852886e38, 16777216.0,
               88.72, -103.9, 1e-8, 0.1000000014901161193847656]


def rd(x: Fraction) -> float:
    """The largest float64 ≤ x."""
    r = round_to(x, "float64")
    return r if Fraction(r) <= x else next_down(r, "float64")


def ru(x: Fraction) -> float:
    r = round_to(x, "float64")
    return r if Fraction(r) >= x else next_up(r, "float64")


def finite64(lo_exp: int = -1074, hi_exp: int = 1023):
    return st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([v for v in F64_SPECIAL if math.isfinite(v)]),
        st.builds(lambda m, e: math.ldexp(m, e), st.integers(-2 ** 53 + 1, 2 ** 53 - 1),
                  st.integers(max(lo_exp, -1074), min(hi_exp, 970))),
        st.integers(-20, 20).map(float),
    )


def _ulps(x: float, k: int) -> float:
    for _ in range(abs(k)):
        x = next_up(x, "float64") if k > 0 else next_down(x, "float64")
    return x


@st.composite
def witness_edge(draw):
    """A tolerance exactly at, just under or just over the exact error (absolute or relative)."""
    size = draw(st.integers(1, 4))
    relative = draw(st.booleans())
    exp = [draw(finite64()) for _ in range(size)]
    obs = []
    for v in exp:
        how = draw(st.integers(0, 3))
        if how == 0:
            w = _ulps(v, draw(st.integers(-4, 4)))
        elif how == 1:
            w = v + draw(finite64()) * draw(st.sampled_from([1e-12, 1e-6, 1.0]))
        elif how == 2:
            w = v
        else:
            w = draw(finite64())
        obs.append(w)
    assume(all(math.isfinite(v) for v in obs))
    errs = [abs(Fraction(o) - Fraction(e)) for o, e in zip(obs, exp)]
    if relative:
        # keep the products tol·|e| away from the subnormal range (a family of its own)
        assume(all(e == 0 or abs(e) > 1e-250 for e in exp))
        ratios = [er / abs(Fraction(e)) for er, e in zip(errs, exp) if e != 0]
        target = max(ratios) if ratios else Fraction(0)
    else:
        target = max(errs)
    where = draw(st.sampled_from(["rd", "ru", "under", "over", "zero", "big"]))
    tol = {"rd": lambda: rd(target), "ru": lambda: ru(target), "under": lambda: next_down(rd(target), "float64"),
           "over": lambda: next_up(ru(target), "float64"), "zero": lambda: 0.0,
           "big": lambda: ru(target) * 4}[where]()
    assume(math.isfinite(tol) and tol >= 0)
    per_entry = draw(st.booleans())
    tol_arg = np.full(size, tol) if per_entry else tol
    truth = all(er <= Fraction(tol) * (abs(Fraction(e)) if relative else 1) for er, e in zip(errs, exp))
    form = draw(st.sampled_from(["array", "list", "float32-exact"]))
    if form == "float32-exact" and all(representable(v, "float32") for v in obs + exp):
        o_arg, e_arg = np.array(obs, dtype=np.float32), np.array(exp, dtype=np.float32)
    elif form == "list":
        o_arg, e_arg = list(obs), list(exp)
    else:
        o_arg, e_arg = np.array(obs), np.array(exp)
    ide = ideal("witnessed") if truth else ideal("unknown")
    return Case("witness-edge", "numeric", "supports",
                lambda: Witness(o_arg, e_arg, tol_arg, instances=size, relative=relative), truth, ide,
                f"Witness(observed={obs!r}, expected={exp!r}, tolerance={tol!r}{' per entry' if per_entry else ''}, "
                f"relative={relative}) [{where}; exact max {'ratio' if relative else 'error'} {float(target)!r}]")


@st.composite
def witness_relative_subnormal(draw):
    """Relative tolerances whose bound tol·|expected| lies in the subnormal range."""
    e = draw(st.integers(1, 2 ** 20)) * 5e-324 * draw(st.sampled_from([1, 2 ** 10, 2 ** 30]))
    assume(e < 2.2250738585072014e-308 * 4)
    o = _ulps(e, draw(st.integers(-6, 6)))
    er = abs(Fraction(o) - Fraction(e))
    target = er / Fraction(e)
    tol = draw(st.sampled_from([rd(target), next_down(rd(target), "float64"), rd(target) * 0.75,
                                float(target) * draw(st.floats(0.3, 1.0))]))
    assume(tol >= 0)
    truth = er <= Fraction(tol) * Fraction(e)
    return Case("witness-relative-subnormal", "numeric", "supports",
                lambda: Witness(np.array([o]), np.array([e]), tol, 1, relative=True), truth,
                ideal("witnessed") if truth else ideal("unknown"),
                f"Witness(observed=[{o!r}], expected=[{e!r}], tolerance={tol!r}, relative=True)")


@st.composite
def witness_invalid(draw):
    """Malformed witnesses: every one must be an error, or (non-finite values) at least not pass."""
    size = draw(st.integers(1, 3))
    obs = np.array([draw(finite64(-40, 40)) for _ in range(size)])
    exp = obs.copy()
    kind = draw(st.sampled_from(["tol-neg", "tol-nan", "tol-inf", "tol-complex", "tol-str", "val-nan", "val-inf",
                                 "val-complex", "shape", "shape-col", "tol-shape", "inst-0", "inst-bool",
                                 "inst-float", "empty", "bool-values", "object-values", "refutes", "tol-neg-entry"]))
    tol: object = 0.0
    inst: object = size
    role = "supports"
    truth: bool | None = None
    ide = ideal("error")
    o, e = obs, exp
    if kind == "tol-neg":
        tol = -draw(st.sampled_from([1e-300, 1.0, 5e-324]))
    elif kind == "tol-nan":
        tol = math.nan
    elif kind == "tol-inf":
        tol = math.inf
    elif kind == "tol-complex":
        tol = 1e-3 + 0j
    elif kind == "tol-str":
        tol = "1e-3"
    elif kind == "tol-neg-entry":
        tol = np.array([1.0] * (size - 1) + [-1.0])
    elif kind in ("val-nan", "val-inf"):
        bad = math.nan if kind == "val-nan" else draw(st.sampled_from([math.inf, -math.inf]))
        o = obs.copy()
        o[draw(st.integers(0, size - 1))] = bad
        if draw(st.booleans()):
            e = o.copy()  # nan vs nan, inf vs inf: still not a witness
        tol = 1.0
        truth, ide = False, ideal("unknown", "error")
    elif kind == "val-complex":
        o = obs + 0j
    elif kind == "shape":
        e = np.append(exp, 1.0)
    elif kind == "shape-col":
        e = exp.reshape(-1, 1)
    elif kind == "tol-shape":
        tol = np.zeros(size + 1)
    elif kind == "inst-0":
        inst = draw(st.sampled_from([0, -1]))
    elif kind == "inst-bool":
        inst = True
    elif kind == "inst-float":
        inst = 1.0
    elif kind == "empty":
        o, e = np.array([]), np.array([])
    elif kind == "bool-values":
        o, e = np.array([True] * size), np.array([True] * size)
    elif kind == "object-values":
        o, e = [Fraction(1, 3)] * size, [Fraction(1, 3)] * size
    else:
        role = "refutes"
        e = obs + 1.0
    return Case("witness-invalid", "numeric", role, lambda: Witness(o, e, tol, inst), truth, ide,
                f"Witness({o!r}, {e!r}, tolerance={tol!r}, instances={inst!r}) as {role} [{kind}]")


@st.composite
def witness_wide_values(draw):
    """Values that are exact as given but not as float64: ints beyond 2**53, long doubles."""
    kind = draw(st.sampled_from(["int", "longdouble"]))
    if kind == "int":
        base = 2 ** draw(st.integers(53, 62))
        d = draw(st.integers(1, 3)) * draw(st.sampled_from([1, -1]))
        o, e = np.array([base + d], dtype=np.int64), np.array([base], dtype=np.int64)
        err = Fraction(abs(d))
    else:
        if np.finfo(np.longdouble).nmant <= 52:
            o, e, err = np.array([1.0]), np.array([1.0]), Fraction(0)
        else:
            k = draw(st.integers(54, 63))
            o = np.array([np.longdouble(1) + np.longdouble(2) ** -k])
            e = np.array([1.0])
            err = Fraction(1, 2 ** k)
    tol = 0.0
    truth = err <= 0
    return Case("witness-wide-values", "numeric", "supports", lambda: Witness(o, e, tol, 1), truth,
                ideal("witnessed") if truth else ideal("unknown", "error"),
                f"Witness(observed={o!r} ({o.dtype}), expected={e!r}, tolerance=0) [exact error {err}]")


# --- IEEE predicates ---------------------------------------------------------------------------

VARS = ("x", "y", "z")
UNARY = ("neg", "abs", "sqrt", "exp", "log", "log1p", "expm1")
BINARY = ("add", "sub", "mul", "div", "max", "min")


def _apply(op, args):
    f = {"neg": lambda a: -a, "abs": ieee.fabs, "sqrt": ieee.sqrt, "exp": ieee.exp, "log": ieee.log,
         "log1p": ieee.log1p, "expm1": ieee.expm1, "add": lambda a, b: a + b, "sub": lambda a, b: a - b,
         "mul": lambda a, b: a * b, "div": lambda a, b: a / b, "max": ieee.fmax, "min": ieee.fmin}[op]
    return f(*args)


def const_values(dtype: str):
    width = 32 if dtype == "float32" else 64
    return st.one_of(st.integers(-4, 4), st.floats(width=width, allow_nan=False, allow_infinity=False),
                     st.sampled_from([0.5, 1.0, 2.0, 0.25, 1e-8 if dtype == "float64" else 2.0 ** -20]))


@st.composite
def term(draw, dtype: str, nv: int, depth: int):
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.integers(0, 3)) == 0:
            return ieee.const(draw(const_values(dtype)))
        return ieee.var(VARS[draw(st.integers(0, nv - 1))])
    if draw(st.booleans()):
        return _apply(draw(st.sampled_from(UNARY)), [draw(term(dtype, nv, depth - 1))])
    return _apply(draw(st.sampled_from(BINARY)), [draw(term(dtype, nv, depth - 1)), draw(term(dtype, nv, depth - 1))])


@st.composite
def pred(draw, dtype: str, nv: int, depth: int = 2):
    k = draw(st.integers(0, 9))
    if k <= 5:
        a, b = draw(term(dtype, nv, depth)), draw(term(dtype, nv, depth))
        return draw(st.sampled_from([a < b, a <= b, a > b, a >= b, a == b, a != b]))
    if k == 6:
        return ieee.finite(draw(term(dtype, nv, depth)))
    if k == 7:
        return ieee.isnan(draw(term(dtype, nv, depth)))
    if k == 8:
        return ~draw(pred(dtype, nv, max(depth - 1, 0)))
    l, r = draw(pred(dtype, nv, max(depth - 1, 0))), draw(pred(dtype, nv, max(depth - 1, 0)))
    return (l & r) if draw(st.booleans()) else (l | r)


def point_values(dtype: str):
    width = 32 if dtype == "float32" else 64
    special = F32_SPECIAL if dtype == "float32" else F64_SPECIAL
    return st.one_of(st.floats(width=width, allow_nan=False),
                     st.sampled_from(special + [math.inf, -math.inf, math.nan]),
                     st.integers(-8, 8).map(float), st.builds(lambda m, e: math.ldexp(m, e), st.integers(-16, 16),
                                                              st.integers(-30, 30)))


def _consts(p) -> list:
    out = []
    todo = [p]
    while todo:
        t = todo.pop()
        if getattr(t, "op", None) == "const":
            out.append(t.args[0])
        else:
            todo.extend(a for a in getattr(t, "args", ()) if hasattr(a, "op"))
    return out


@st.composite
def float_predicate(draw):
    dtype = draw(st.sampled_from(["float64", "float32"]))
    nv = draw(st.integers(1, 3))
    q = draw(pred(dtype, nv))
    point = {VARS[i]: draw(point_values(dtype)) for i in range(nv)}
    ok_consts = all(representable(float(c), dtype) and (not isinstance(c, int) or abs(c) <= 2 ** 24)
                    for c in _consts(q))
    ok_point = all(representable(v, dtype) for v in point.values())
    role = draw(st.sampled_from(["supports", "supports", "refutes"]))
    if not (ok_consts and ok_point):
        truth, ide = None, ideal("error")
    else:
        truth = ieee_truth(q, point, dtype)
        assume(truth is not None)  # IEEE leaves it open (a transcendental's last bit, a zero's sign)
        ide = (ideal("witnessed") if role == "supports" else ideal("unknown")) if truth else ideal("refuted")
    return Case("float-predicate", "numeric", role, lambda: FloatPredicate(q, point, dtype), truth, ide,
                f"FloatPredicate({q}, {point!r}, {dtype!r}) as {role}")


@st.composite
def float_predicate_invalid(draw):
    x, y = ieee.var("x"), ieee.var("y")
    kind = draw(st.sampled_from(["f32-unrepresentable", "f32-const", "missing-var", "dtype", "term",
                                 "str-point", "bool-point", "witness-refutes"]))
    dtype = "float64"
    q = x + y > x
    point: dict = {"x": 1.0, "y": 2.0}
    if kind == "f32-unrepresentable":
        dtype = "float32"
        point["x"] = draw(st.sampled_from([0.1, 1e-50, 1e39, 16777217.0, 1.0 + 2.0 ** -30]))
    elif kind == "f32-const":
        dtype = "float32"
        q = x + draw(st.sampled_from([0.1, 1e-50, 16777217, 1.0 + 2.0 ** -40])) > x
    elif kind == "missing-var":
        point = {"x": 1.0}
    elif kind == "dtype":
        dtype = draw(st.sampled_from(["float16", "float128", "double", ""]))
    elif kind == "term":
        q = x + y
    elif kind == "str-point":
        point["x"] = "1.0"
    elif kind == "bool-point":
        point["x"] = True
    role = draw(st.sampled_from(["supports", "refutes"]))
    if kind == "witness-refutes":
        return Case("float-predicate-invalid", "numeric", "refutes", lambda: Witness([1.0], [2.0], 0.5, 1), None,
                    ideal("error"), "Witness as role refutes")
    return Case("float-predicate-invalid", "numeric", role, lambda: FloatPredicate(q, point, dtype), None,
                ideal("error"), f"FloatPredicate({q}, {point!r}, {dtype!r}) [{kind}]")


@st.composite
def float_predicate_wide_ints(draw):
    """A Python int point value or constant that float64 cannot hold exactly (|n| > 2**53, odd)."""
    n = 2 ** draw(st.integers(53, 70)) + 2 * draw(st.integers(0, 5)) + 1
    x = ieee.var("x")
    kind = draw(st.sampled_from(["const", "point", "longdouble"]))
    if kind == "const":
        q, point = x == n, {"x": float(n)}
        why = f"constant {n} is not a float64 (it rounds to {float(n)!r})"
    elif kind == "point":
        q, point = x == float(n), {"x": n}
        why = f"point value {n} is not a float64"
    else:
        if np.finfo(np.longdouble).nmant <= 52:
            q, point = x == 1.0, {"x": 1.0 + 2.0 ** -30}
        else:
            q, point = x == 1.0, {"x": np.longdouble(1) + np.longdouble(2) ** -60}
        why = "a long double point value that float64 cannot hold"
    return Case("float-predicate-wide-values", "numeric", draw(st.sampled_from(["supports", "refutes"])),
                lambda: FloatPredicate(q, point, "float64"), None, ideal("error"),
                f"FloatPredicate({q}, {point!r}, 'float64') [{why}]")


FAMILIES = [
    FuzzFamily("witness-edge", "numeric", witness_edge(), 1000),
    FuzzFamily("witness-relative-subnormal", "numeric", witness_relative_subnormal(), 300),
    FuzzFamily("witness-invalid", "numeric", witness_invalid(), 250),
    FuzzFamily("float-predicate", "numeric", float_predicate(), 1300),
    FuzzFamily("float-predicate-invalid", "numeric", float_predicate_invalid(), 80),
    FuzzFamily("witness-wide-values", "numeric", witness_wide_values(), 80),
    FuzzFamily("float-predicate-wide-values", "numeric", float_predicate_wide_ints(), 80),
]
