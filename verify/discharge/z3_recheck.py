"""Evaluate z3 formulas at a model with our own exact/interval arithmetic.

This is the independent re-check of a solver's model: the model's values are read off as
rationals (algebraic numbers as rational enclosures), and every hypothesis and the conclusion
are re-evaluated here, without asking z3 to evaluate anything. Division by exactly zero is
reported as undefined rather than given z3's arbitrary value, so a model that only works
through an unguarded division is not accepted as a counterexample.
"""
from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import z3

from .intervals import Interval, Undefined
from .z3_nodes import QUANTIFIER, node

ALGEBRAIC_DIGITS = 40


class Unsupported(Exception):
    """The formula uses a construct the evaluator does not interpret (e.g. a quantifier)."""


def model_values(model: z3.ModelRef) -> dict[str, Any]:
    """The model's constants as ``name -> Interval | bool`` and functions as tables."""
    out: dict[str, Any] = {}
    for decl in model.decls():
        name = decl.name()
        val = model[decl]
        if decl.arity() == 0:
            try:
                out[name] = value_of_numeral(val)
            except Unsupported:
                continue  # e.g. an array or datatype value: evaluation fails later if it is used
        elif not isinstance(val, z3.FuncInterp):
            continue  # z3's interpretation of division by zero and similar internals
        else:
            try:
                entries = val.as_list()
                table = []
                for entry in entries[:-1]:
                    table.append((tuple(value_of_numeral(a) for a in entry[:-1]), value_of_numeral(entry[-1])))
                out[name] = ("function", table, value_of_numeral(entries[-1]))
            except Unsupported:
                continue
    return out


def value_of_numeral(v: Any) -> Any:
    if z3.is_true(v):
        return True
    if z3.is_false(v):
        return False
    if z3.is_int_value(v):
        return Interval.point(v.as_long())
    if z3.is_rational_value(v):
        return Interval.point(Fraction(v.numerator_as_long(), v.denominator_as_long()))
    if z3.is_algebraic_value(v):
        r = v.approx(ALGEBRAIC_DIGITS)
        mid = Fraction(r.numerator_as_long(), r.denominator_as_long())
        eps = Fraction(1, 10 ** ALGEBRAIC_DIGITS)
        return Interval(mid - eps, mid + eps)
    raise Unsupported(f"model value {v} of sort {v.sort()}")


def exact_point(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as plain Python (Fraction, bool; midpoints for enclosures) for user re-checks."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(v, Interval):
            out[k] = v.lo if v.exact else (v.lo + v.hi) / 2
        elif isinstance(v, bool):
            out[k] = v
    return out


def render(values: Mapping[str, Any]) -> dict[str, str]:
    """JSON-ready rendering of a model: exact rationals as 'p/q', enclosures as ranges."""
    out: dict[str, str] = {}
    for k in sorted(values):
        v = values[k]
        if isinstance(v, (Interval, bool)):
            out[k] = str(v)
        elif not k.startswith("/"):  # z3-internal interpretations such as "/0" are not the model's content
            out[k] = "<function>"
    return out


def evaluate(e: z3.ExprRef, values: Mapping[str, Any]) -> Any:
    """Evaluate ``e``: Interval for arithmetic terms, True/False/None for formulas.

    Raises :class:`Undefined` on division by zero and :class:`Unsupported` on quantifiers or
    unknown operators.
    """
    return Evaluator(values).ev(e)


class Evaluator:
    """Evaluates formulas at one model; called on several, each shared subterm is evaluated once
    (hypotheses of a family member repeat the same sums many times)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.memo: dict[int, Any] = {}  # AST id -> value; only values, an Undefined is raised again

    def ev(self, e: z3.ExprRef) -> Any:
        key = e.get_id()
        if key in self.memo:
            return self.memo[key]
        v = self._ev(e)
        self.memo[key] = v
        return v

    __call__ = ev

    def _ev(self, e: z3.ExprRef) -> Any:
        n = node(e)
        k, args = n.kind, n.args
        if k == QUANTIFIER:
            raise Unsupported("quantifier")
        if k == z3.Z3_OP_TRUE:
            return True
        if k == z3.Z3_OP_FALSE:
            return False
        if k in (z3.Z3_OP_ANUM, z3.Z3_OP_AGNUM):
            return value_of_numeral(e)
        if k == z3.Z3_OP_UNINTERPRETED:
            name = n.name
            if not args:
                if name not in self.values:
                    # Unconstrained by the model: the solver's model completion uses 0 / False.
                    return False if z3.is_bool(e) else Interval.point(0)
                return self.values[name]
            return self._apply(name, [self.ev(a) for a in args])
        if k == z3.Z3_OP_AND:
            # Short-circuit left to right, so a guard such as ``S > 0`` protects a later ``x / S``.
            vals = []
            for a in args:
                vals.append(self.ev(a))
                if vals[-1] is False:
                    return False
            return _and(vals)
        if k == z3.Z3_OP_OR:
            vals = []
            for a in args:
                vals.append(self.ev(a))
                if vals[-1] is True:
                    return True
            return _or(vals)
        if k == z3.Z3_OP_NOT:
            v = self.ev(args[0])
            return None if v is None else not v
        if k == z3.Z3_OP_IMPLIES:
            a = self.ev(args[0])
            if a is False:
                return True
            b = self.ev(args[1])
            return _or([None if a is None else not a, b])
        if k == z3.Z3_OP_ITE:
            c = self.ev(args[0])
            if c is None:
                raise Unsupported("undecided if-then-else condition")
            return self.ev(args[1] if c else args[2])
        if k in (z3.Z3_OP_EQ, z3.Z3_OP_IFF):
            a, b = self.ev(args[0]), self.ev(args[1])
            if isinstance(a, Interval):
                return a.eq(b)
            if a is None or b is None:
                return None
            return a == b
        if k == z3.Z3_OP_DISTINCT:
            vals = [self.ev(a) for a in args]
            res: list[bool | None] = []
            for i in range(len(vals)):
                for j in range(i + 1, len(vals)):
                    eq = vals[i].eq(vals[j]) if isinstance(vals[i], Interval) else (
                        None if vals[i] is None or vals[j] is None else vals[i] == vals[j])
                    res.append(None if eq is None else not eq)
            return _and(res)
        if k in (z3.Z3_OP_LT, z3.Z3_OP_LE, z3.Z3_OP_GT, z3.Z3_OP_GE):
            a, b = self.ev(args[0]), self.ev(args[1])
            return {z3.Z3_OP_LT: a.lt(b), z3.Z3_OP_LE: a.le(b), z3.Z3_OP_GT: b.lt(a), z3.Z3_OP_GE: b.le(a)}[k]
        if k == z3.Z3_OP_ADD:
            vals = [self.ev(a) for a in args]
            acc = vals[0]
            for v in vals[1:]:
                acc = acc + v
            return acc
        if k == z3.Z3_OP_SUB:
            vals = [self.ev(a) for a in args]
            acc = vals[0]
            for v in vals[1:]:
                acc = acc - v
            return acc
        if k == z3.Z3_OP_UMINUS:
            return -self.ev(args[0])
        if k == z3.Z3_OP_MUL:
            vals = [self.ev(a) for a in args]
            acc = vals[0]
            for v in vals[1:]:
                acc = acc * v
            return acc
        if k == z3.Z3_OP_DIV:
            return self.ev(args[0]) / self.ev(args[1])
        if k in (z3.Z3_OP_IDIV, z3.Z3_OP_MOD):
            a, b = self.ev(args[0]), self.ev(args[1])
            if not (a.exact and b.exact):
                raise Unsupported("integer division of enclosures")
            if b.lo == 0:
                raise Undefined("integer division by zero")
            # SMT-LIB: a = b*q + r with 0 <= r < |b|
            q = a.lo // b.lo if b.lo > 0 else -(a.lo // -b.lo)
            r = a.lo - b.lo * q
            return Interval.point(q if k == z3.Z3_OP_IDIV else r)
        if k == z3.Z3_OP_POWER:
            base, ex = self.ev(args[0]), self.ev(args[1])
            if not ex.exact or ex.lo.denominator != 1:
                raise Unsupported("non-integer power")
            return base.power(int(ex.lo))
        if k in (z3.Z3_OP_TO_REAL,):
            return self.ev(args[0])
        if k == z3.Z3_OP_TO_INT:
            v = self.ev(args[0])
            if not v.exact:
                raise Unsupported("to_int of an enclosure")
            return Interval.point(v.lo.numerator // v.lo.denominator)
        raise Unsupported(f"operator {n.name}")

    def _apply(self, name: str, args: list[Any]) -> Any:
        fn = self.values.get(name)
        if not (isinstance(fn, tuple) and fn and fn[0] == "function"):
            raise Unsupported(f"function {name} has no interpretation in the model")
        _, table, default = fn
        for key, val in table:
            decided = [a.eq(b) if isinstance(a, Interval) else a == b for a, b in zip(args, key, strict=False)]
            if all(d is True for d in decided):
                return val
            if any(d is None for d in decided):
                raise Unsupported(f"cannot decide which entry of {name} applies")
        return default


def _and(vals: list[bool | None]) -> bool | None:
    if any(v is False for v in vals):
        return False
    if all(v is True for v in vals):
        return True
    return None


def _or(vals: list[bool | None]) -> bool | None:
    if any(v is True for v in vals):
        return True
    if all(v is False for v in vals):
        return False
    return None
