"""Helpers for ``mpmath.iv`` intervals, the usual tool of independent re-checks in claim packs."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import mpmath


def endpoints(x: Any) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The lower and upper endpoint of an ``mpmath.iv`` interval as plain ``mpf`` numbers."""
    lo, hi = x._mpi_
    return mpmath.mpf(lo), mpmath.mpf(hi)


def show(x: Any, digits: int = 8) -> str:
    """``[lo, hi]`` with ``digits`` significant digits (a point interval prints once)."""
    lo, hi = endpoints(x)
    a, b = mpmath.nstr(lo, digits), mpmath.nstr(hi, digits)
    return a if a == b else f"[{a}, {b}]"


@contextmanager
def precision(dps: int) -> Iterator[Any]:
    """``with precision(60) as iv:`` evaluates with ``mpmath.iv`` at ``dps`` digits and restores
    the previous precision afterwards (``mpmath.iv.dps`` is global: set it nowhere else)."""
    iv = mpmath.iv
    old = iv.dps
    iv.dps = dps
    try:
        yield iv
    finally:
        iv.dps = old
