"""The ``exact`` discharger: structural comparison of exact values.

Values are ``int``, ``fractions.Fraction``, ``bool``, ``str`` and tuples/lists of them. Two
values are equal when they are the same kind and equal entry by entry: a tuple equals a list
with equal entries, ``True`` is not ``1``, and a string is never a number. Comparing values of
different kinds is an error of the check, never a counterexample: a counterexample must be a
real difference between two values of one kind. Floats are refused.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..evidence import ERROR, HOLDS, VIOLATED, Outcome
from ..goals import ExactEqual


class NotExact(TypeError):
    """A value that is not exact (a float, an array, an object)."""


class Incomparable(TypeError):
    """Two values of different kinds (a number and a string, a bool and an int, …)."""


def _kind(v: Any, where: str) -> str:
    # Exact types only: a subclass could bring an __eq__ of its own that says anything.
    t = type(v)
    if t is bool:
        return "bool"
    if t in (int, Fraction):
        return "number"
    if t is str:
        return "string"
    if t in (tuple, list):
        return "sequence"
    raise NotExact(f"{where} is a {type(v).__name__}, not an exact value (int, Fraction, bool, str or a "
                   "tuple/list of them)")


def exact_equal(a: Any, b: Any, where: str = "value") -> bool:
    """Structural equality; raises :class:`NotExact` or :class:`Incomparable`."""
    ka, kb = _kind(a, f"{where} (lhs)"), _kind(b, f"{where} (rhs)")
    if ka != kb:
        raise Incomparable(f"{where}: a {ka} is compared with a {kb}")
    if ka == "sequence":
        if len(a) != len(b):
            # Check the entries anyway, so that a float hiding past the shorter end is still refused.
            for side, seq in (("lhs", a), ("rhs", b)):
                for i, x in enumerate(seq):
                    if isinstance(x, (tuple, list)):
                        exact_equal(x, x, f"{where}[{i}]")
                    else:
                        _kind(x, f"{where}[{i}] ({side})")
            return False
        results = [exact_equal(x, y, f"{where}[{i}]") for i, (x, y) in enumerate(zip(a, b, strict=True))]
        return all(results)
    return bool(a == b)


def decide_exact(goal: ExactEqual) -> Outcome:
    data: dict[str, Any] = {"cases": len(goal.cases), **dict(goal.detail)}
    if not goal.cases:
        return Outcome(ERROR, "the exact check compared nothing", goal.label, data=data)
    first_diff = None
    for i, case in enumerate(goal.cases):
        if not (isinstance(case, tuple) and len(case) == 3 and isinstance(case[0], str)):
            return Outcome(ERROR, f"case {i} is not a (label, lhs, rhs) triple", goal.label, data=data)
        label, lhs, rhs = case
        try:
            same = exact_equal(lhs, rhs, label)
        except (NotExact, Incomparable) as exc:
            return Outcome(ERROR, str(exc), goal.label, data=data)
        if not same and first_diff is None:
            first_diff = (label, lhs, rhs)
    if first_diff is not None:
        label, lhs, rhs = first_diff
        return Outcome(VIOLATED, f"{label}: {_show(lhs)} ≠ {_show(rhs)}", goal.label, confirmed=True,
                       counterexample={"case": label, "lhs": _show(lhs), "rhs": _show(rhs)}, data=data)
    return Outcome(HOLDS, f"{len(goal.cases)} exact case(s) equal", goal.label, data=data)


def _show(v: Any) -> Any:
    if isinstance(v, (tuple, list)):
        return [_show(x) for x in v]
    return str(v) if isinstance(v, Fraction) else v
