"""Closed intervals with exact rational endpoints: the independent re-check of solver models.

A point value is the interval [x, x], so exact rational evaluation is the special case; an
irrational algebraic number from a solver model is enclosed by rational bounds. Comparisons are
three-valued: ``None`` means the enclosure cannot decide.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


class Undefined(ArithmeticError):
    """The expression is undefined at the point (a division by exactly zero)."""


@dataclass(frozen=True)
class Interval:
    lo: Fraction
    hi: Fraction

    @staticmethod
    def point(x: int | Fraction) -> Interval:
        f = Fraction(x)
        return Interval(f, f)

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __add__(self, o: Interval) -> Interval:
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o: Interval) -> Interval:
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, o: Interval) -> Interval:
        p = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(p), max(p))

    def __truediv__(self, o: Interval) -> Interval:
        if o.exact and o.lo == 0:
            raise Undefined("division by zero")
        if o.lo <= 0 <= o.hi:
            raise Undefined("denominator enclosure contains zero")
        return self * Interval(1 / o.hi, 1 / o.lo)

    def power(self, k: int) -> Interval:
        if k < 0:
            return Interval.point(1) / self.power(-k)
        if k % 2 == 1 or self.lo >= 0:
            return Interval(min(self.lo ** k, self.hi ** k), max(self.lo ** k, self.hi ** k))
        if self.hi <= 0:
            return Interval(self.hi ** k, self.lo ** k)
        return Interval(Fraction(0), max(self.lo ** k, self.hi ** k))

    def lt(self, o: Interval) -> bool | None:
        if self.hi < o.lo:
            return True
        if self.lo >= o.hi:
            return False
        return None

    def le(self, o: Interval) -> bool | None:
        if self.hi <= o.lo:
            return True
        if self.lo > o.hi:
            return False
        return None

    def eq(self, o: Interval) -> bool | None:
        if self.exact and o.exact:
            return self.lo == o.lo
        if self.hi < o.lo or o.hi < self.lo:
            return False
        return None

    def __str__(self) -> str:
        return str(self.lo) if self.exact else f"[{float(self.lo):.17g}, {float(self.hi):.17g}]"
