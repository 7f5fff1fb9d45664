"""Terms evaluated by the engine in IEEE-754 arithmetic (the floating-point readings of a claim).

A claim about floating point states its predicate with these terms; the engine evaluates it
itself, operation by operation in the order the tree gives (``(x * y) * z`` is not
``x * (y * z)``), with numpy scalars of one dtype and IEEE semantics (x/0 = ±inf, 0/0 = NaN,
overflow to inf; no exception is raised). No author code runs during the evaluation.

>>> x, y, z = var("x"), var("y"), var("z")
>>> evaluate((x * y) * z != x * (y * z), {"x": 0.1, "y": 0.2, "z": 0.3}, "float64")
True
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

DTYPES = {"float32": np.float32, "float64": np.float64}

_UNARY = ("neg", "exp", "log", "sqrt", "abs", "log1p", "expm1")
_BINARY = ("add", "sub", "mul", "div", "max", "min")
_COMPARE = ("lt", "le", "gt", "ge", "eq", "ne")
_LOGIC = ("and", "or", "not", "finite", "isnan")


@dataclass(frozen=True, eq=False)
class Term:
    """A float-valued term: a variable, a constant, or an operation on terms."""

    op: str
    args: tuple[Any, ...]

    def __add__(self, o: Any) -> Term: return Term("add", (self, lift(o)))
    def __radd__(self, o: Any) -> Term: return Term("add", (lift(o), self))
    def __sub__(self, o: Any) -> Term: return Term("sub", (self, lift(o)))
    def __rsub__(self, o: Any) -> Term: return Term("sub", (lift(o), self))
    def __mul__(self, o: Any) -> Term: return Term("mul", (self, lift(o)))
    def __rmul__(self, o: Any) -> Term: return Term("mul", (lift(o), self))
    def __truediv__(self, o: Any) -> Term: return Term("div", (self, lift(o)))
    def __rtruediv__(self, o: Any) -> Term: return Term("div", (lift(o), self))
    def __neg__(self) -> Term: return Term("neg", (self,))
    def __lt__(self, o: Any) -> Pred: return Pred("lt", (self, lift(o)))
    def __le__(self, o: Any) -> Pred: return Pred("le", (self, lift(o)))
    def __gt__(self, o: Any) -> Pred: return Pred("gt", (self, lift(o)))
    def __ge__(self, o: Any) -> Pred: return Pred("ge", (self, lift(o)))
    def __eq__(self, o: Any) -> Pred: return Pred("eq", (self, lift(o)))  # type: ignore[override]
    def __ne__(self, o: Any) -> Pred: return Pred("ne", (self, lift(o)))  # type: ignore[override]

    def __str__(self) -> str:
        if self.op == "var":
            return str(self.args[0])
        if self.op == "const":
            return repr(self.args[0])
        sym = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
        if self.op in sym:
            return f"({self.args[0]} {sym[self.op]} {self.args[1]})"
        return f"{self.op}({', '.join(map(str, self.args))})"


@dataclass(frozen=True)
class Pred:
    """A truth-valued formula over terms: comparisons, finiteness, and/or/not."""

    op: str
    args: tuple[Any, ...]

    def __bool__(self) -> bool:
        # `0 < x < 1`, `a and b`, `if p:` would silently keep one comparison: refuse.
        raise TypeError("an IEEE predicate has no Python truth value: combine with &, |, ~ "
                        "(not and/or/not, nor chained comparisons)")

    def __and__(self, o: Pred) -> Pred: return Pred("and", (self, o))
    def __or__(self, o: Pred) -> Pred: return Pred("or", (self, o))
    def __invert__(self) -> Pred: return Pred("not", (self,))

    def __str__(self) -> str:
        sym = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!=", "and": "and", "or": "or"}
        if self.op in sym:
            return f"({self.args[0]} {sym[self.op]} {self.args[1]})"
        return f"{self.op}({', '.join(map(str, self.args))})"


def var(name: str) -> Term:
    return Term("var", (name,))


def const(x: float | int) -> Term:
    """A constant; it must be exactly representable in the evaluation dtype (checked then)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise TypeError(f"an IEEE constant must be a finite int or float, not {x!r}")
    return Term("const", (x,))


def lift(x: Any) -> Term:
    return x if isinstance(x, Term) else const(x)


def _fn(op: str) -> Callable[..., Term]:
    def f(*a: Any) -> Term:
        return Term(op, tuple(lift(x) for x in a))
    f.__name__ = op
    return f


exp, log, sqrt, fabs, log1p, expm1 = (_fn(o) for o in ("exp", "log", "sqrt", "abs", "log1p", "expm1"))
fmax, fmin = _fn("max"), _fn("min")


def finite(t: Term) -> Pred:
    return Pred("finite", (lift(t),))


def isnan(t: Term) -> Pred:
    return Pred("isnan", (lift(t),))


class EvaluationError(ValueError):
    """The term or point is malformed (unknown variable, a value not representable, …)."""


def _representable(x: float | int, dt: Any) -> bool:
    """``x`` itself (not ``float(x)``, which rounds an int beyond 2^53) is a value of ``dt``."""
    try:
        with np.errstate(over="ignore"):
            y = float(dt(x))
        return bool(y == x or (y != y and x != x))  # NaN is a value of every dtype
    except (OverflowError, ValueError):
        return False


def evaluate(p: Pred | Term, point: Mapping[str, float], dtype: str) -> Any:
    """Evaluate a predicate (→ bool) or a term (→ float) in IEEE ``dtype``."""
    if dtype not in DTYPES:
        raise EvaluationError(f"dtype {dtype!r}: must be one of {', '.join(DTYPES)}")
    dt = DTYPES[dtype]
    for k, v in point.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.floating)):
            raise EvaluationError(f"point value {k}={v!r} is not a float")
        if not _representable(v, dt):
            raise EvaluationError(f"point value {k}={v!r} is not exactly representable in {dtype}")

    def term(t: Any) -> Any:
        if not isinstance(t, Term):
            raise EvaluationError(f"{t!r} is not an IEEE term")
        if t.op == "var":
            if t.args[0] not in point:
                raise EvaluationError(f"variable {t.args[0]!r} has no value at the point")
            return dt(point[t.args[0]])
        if t.op == "const":
            if not _representable(t.args[0], dt):
                raise EvaluationError(f"constant {t.args[0]!r} is not exactly representable in {dtype}")
            return dt(t.args[0])
        a = [term(x) for x in t.args]
        if t.op in _UNARY:
            f: Callable[..., Any] = {"neg": np.negative, "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs,
                 "log1p": np.log1p, "expm1": np.expm1}[t.op]
            return dt(f(a[0]))
        if t.op in _BINARY:
            f = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
                 "max": np.maximum, "min": np.minimum}[t.op]
            return dt(f(a[0], a[1]))
        raise EvaluationError(f"unknown operation {t.op!r}")

    def pred(q: Any) -> bool:
        if not isinstance(q, Pred):
            raise EvaluationError(f"{q!r} is not an IEEE predicate")
        if q.op in _COMPARE:
            x, y = term(q.args[0]), term(q.args[1])
            return bool({"lt": x < y, "le": x <= y, "gt": x > y, "ge": x >= y, "eq": x == y, "ne": x != y}[q.op])
        if q.op == "finite":
            return bool(np.isfinite(term(q.args[0])))
        if q.op == "isnan":
            return bool(np.isnan(term(q.args[0])))
        if q.op == "not":
            return not pred(q.args[0])
        if q.op == "and":
            return pred(q.args[0]) and pred(q.args[1])
        if q.op == "or":
            return pred(q.args[0]) or pred(q.args[1])
        raise EvaluationError(f"unknown predicate {q.op!r}")

    with np.errstate(all="ignore"):
        return pred(p) if isinstance(p, Pred) else float(term(p))


def trace(p: Pred | Term, point: Mapping[str, float], dtype: str) -> dict[str, str]:
    """The value of every sub-term (rendered), for the evidence of a counterexample."""
    out: dict[str, str] = {}

    def walk(x: Any) -> None:
        if isinstance(x, Term) and x.op not in ("var", "const"):
            for a in x.args:
                walk(a)
            out[str(x)] = repr(evaluate(x, point, dtype))
        elif isinstance(x, Pred):
            for a in x.args:
                walk(a)

    walk(p)
    return out
