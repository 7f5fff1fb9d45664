"""Helpers for ``mpmath.iv`` intervals, the usual tool of independent re-checks in claim packs."""
from __future__ import annotations

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
