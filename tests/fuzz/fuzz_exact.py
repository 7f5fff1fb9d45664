"""Exact statements of known truth: structural equality of ints, Fractions, bools, strings and
tuples/lists of them.

The reference (:func:`reference`) is written from the documented rules, not from the engine:
values of one kind compare by value (a tuple equals a list with equal entries, an int equals a
Fraction of the same value); values of different kinds (bool vs int, str vs int, sequence vs
scalar) are an error wherever they meet at aligned positions; a float or any other object
anywhere is an error.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from verify.goals import ExactEqual
from fuzz_harness import Case, FuzzFamily, ideal


class NotExact(Exception):
    pass


class Mismatch(Exception):
    pass


def _kind(v: Any) -> str:
    t = type(v)
    if t is bool:
        return "bool"
    if t is int or t is Fraction:
        return "number"
    if t is str:
        return "string"
    if t is tuple or t is list:
        return "sequence"
    raise NotExact(f"{t.__name__}")


def _scan(v: Any) -> None:
    """Raise NotExact if anything in v is not an exact value."""
    if _kind(v) == "sequence":
        for x in v:
            _scan(x)


def _equal(a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        raise Mismatch(f"{ka} vs {kb}")
    if ka == "sequence":
        if len(a) != len(b):
            return False
        outs = [_equal(x, y) for x, y in zip(a, b)]
        return all(outs)
    if ka == "number":
        return Fraction(a) == Fraction(b)
    return a == b


def reference(cases: list) -> str:
    """'equal', 'differ' or 'error' for a list of (label, lhs, rhs)."""
    if not cases:
        return "error"
    differ = False
    for c in cases:
        if type(c) is not tuple or len(c) != 3 or type(c[0]) is not str:
            return "error"
        try:
            _scan(c[1])
            _scan(c[2])
            if not _equal(c[1], c[2]):
                differ = True
        except (NotExact, Mismatch):
            return "error"
    return "differ" if differ else "equal"


# --- values ------------------------------------------------------------------------------------

leaves = st.one_of(
    st.integers(-5, 5), st.integers(-2 ** 70, 2 ** 70),
    st.builds(Fraction, st.integers(-9, 9), st.integers(1, 6)),
    st.booleans(), st.text(alphabet="ab01 .", max_size=3),
)
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.lists(inner, max_size=3).map(tuple)), max_leaves=8)


def twin(v: Any, draw) -> Any:
    """An equal value written differently: tuple ↔ list, an int as a Fraction and back."""
    t = type(v)
    if t in (list, tuple):
        items = [twin(x, draw) for x in v]
        return tuple(items) if draw(st.booleans()) else items
    if t is int and draw(st.booleans()):
        return Fraction(v)
    if t is Fraction and v.denominator == 1 and draw(st.booleans()):
        return int(v)
    return v


def _paths(v: Any, prefix=()) -> list:
    out = [prefix]
    if type(v) in (list, tuple):
        for i, x in enumerate(v):
            out += _paths(x, prefix + (i,))
    return out


def _replace(v: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    items = list(v)
    items[path[0]] = _replace(items[path[0]], path[1:], new)
    return tuple(items) if type(v) is tuple else items


def _get(v: Any, path: tuple) -> Any:
    for i in path:
        v = v[i]
    return v


def _other_value(x: Any, draw) -> Any:
    """A value of the same kind that differs from x."""
    t = type(x)
    if t is bool:
        return not x
    if t is int:
        return x + draw(st.sampled_from([1, -1, 2 ** 64]))
    if t is Fraction:
        return x + Fraction(1, draw(st.integers(2, 9)))
    if t is str:
        return x + draw(st.sampled_from(["a", "0", " "]))
    return list(x) + [0] if draw(st.booleans()) else list(x)[:-1] if len(x) else [0]


def _other_kind(x: Any, draw) -> Any:
    """A value of a different kind that 'looks like' x (True vs 1, "1" vs 1, (1,) vs 1, …)."""
    t = type(x)
    if t is bool:
        return draw(st.sampled_from([int(x), Fraction(int(x)), str(int(x)), str(x), (x,)]))
    if t is int:
        return draw(st.sampled_from([bool(x % 2), str(x), (x,), [x]] + ([x == 1] if x in (0, 1) else [])))
    if t is Fraction:
        return draw(st.sampled_from([str(x), (x,), bool(x)]))
    if t is str:
        return draw(st.sampled_from([tuple(x), list(x), len(x), bool(x)]))
    return draw(st.sampled_from([str(x), len(x), bool(x)]))


@st.composite
def exact_case(draw):
    n = draw(st.integers(1, 3))
    cases = []
    kinds = []
    for i in range(n):
        lhs = draw(values)
        rhs = twin(lhs, draw)
        kind = draw(st.sampled_from(["equal", "equal", "differ", "kind", "float", "float-tail", "object"]))
        paths = _paths(rhs)
        path = draw(st.sampled_from(paths))
        if kind == "differ":
            rhs = _replace(rhs, path, _other_value(_get(rhs, path), draw))
        elif kind == "kind":
            rhs = _replace(rhs, path, _other_kind(_get(rhs, path), draw))
        elif kind == "float":
            x = _get(rhs, path)
            f = float(x) if type(x) in (int, bool, Fraction) and abs(x) < 2 ** 60 else 0.5
            rhs = _replace(rhs, path, f)
        elif kind == "float-tail":
            # a float past the end of the shorter sequence (lengths differ)
            rhs = list(rhs) + [1.0] if type(rhs) in (list, tuple) else [rhs, 1.0]
        elif kind == "object":
            rhs = _replace(rhs, path, draw(st.sampled_from([None, {1: 2}, {1}, 1 + 0j, object()])))
        if draw(st.booleans()):
            lhs, rhs = rhs, lhs
        cases.append((f"case{i}", lhs, rhs))
        kinds.append(kind)
    ref = reference(cases)
    role = draw(st.sampled_from(["supports", "refutes"]))
    truth = {"equal": True, "differ": False, "error": None}[ref]
    if ref == "error":
        ide = ideal("error")
    elif ref == "differ":
        ide = ideal("refuted")
    else:
        ide = ideal("witnessed") if role == "supports" else ideal("unknown")
    return Case("exact-structural", "exact", role, lambda: ExactEqual(cases), truth, ide,
                f"ExactEqual({cases!r}) as {role} [{kinds}; reference: {ref}]")


@st.composite
def exact_malformed(draw):
    kind = draw(st.sampled_from(["empty", "pair", "label-int", "not-tuple", "quad"]))
    cases = {"empty": [], "pair": [("a", 1)], "label-int": [(1, 1, 1)], "not-tuple": [["a", 1, 1]],
             "quad": [("a", 1, 1, 1)]}[kind]
    return Case("exact-malformed", "exact", draw(st.sampled_from(["supports", "refutes"])),
                lambda: ExactEqual(cases), None, ideal("error"), f"ExactEqual({cases!r}) [{kind}]")


class LyingInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class LyingStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class LyingFraction(Fraction):
    def __eq__(self, other):
        return True

    __hash__ = Fraction.__hash__


@st.composite
def exact_subclass(draw):
    """An int / str / Fraction subclass whose __eq__ always says True: the values differ."""
    kind = draw(st.sampled_from(["int", "str", "fraction"]))
    if kind == "int":
        v = draw(st.integers(-5, 5))
        lhs, rhs = LyingInt(v), v + draw(st.integers(1, 5))
    elif kind == "str":
        lhs, rhs = LyingStr("a"), draw(st.sampled_from(["b", "", "ab"]))
    else:
        lhs, rhs = LyingFraction(1, 3), Fraction(draw(st.integers(2, 5)), 3)
    if draw(st.booleans()):
        lhs, rhs = [lhs], (rhs,)
    return Case("exact-lying-subclass", "exact", "supports", lambda: ExactEqual([("c", lhs, rhs)]), False,
                ideal("refuted", "error"), f"ExactEqual([('c', {type(lhs).__name__}(...) {lhs!r}, {rhs!r})])")


FAMILIES = [
    FuzzFamily("exact-structural", "exact", exact_case(), 1800),
    FuzzFamily("exact-malformed", "exact", exact_malformed(), 30),
    FuzzFamily("exact-lying-subclass", "exact", exact_subclass(), 60),
]
