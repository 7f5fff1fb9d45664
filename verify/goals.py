"""What an obligation's ``check`` function returns: a goal that a discharger decides.

Goals carry the mathematical objects (sympy expressions, z3 formulas, arrays, rationals);
they never carry a verdict. Each method decides its own goal types:

=========  ==========================================================================
method     goals
=========  ==========================================================================
symbolic   :class:`Identity` (holds for all values), :class:`NonIdentity` (fails at a point)
smt        :class:`Implication` (named hypotheses ⇒ conclusion), :class:`Consistency`
numeric    :class:`Witness` (observed vs expected within a tolerance), :class:`Counterexample`
exact      :class:`ExactEqual` (rational/integer values compared with ==), :class:`Counterexample`
=========  ==========================================================================
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping


@dataclass
class Identity:
    """``lhs == rhs`` for every value of the free symbols (within their sympy assumptions).

    ``sample`` gives, per symbol, the interval the numeric cross-check draws from; symbols not
    listed are drawn from a range that respects their assumptions (positive, integer, …).
    ``label`` names the identity in the evidence.
    """

    lhs: Any
    rhs: Any
    label: str = ""
    sample: Mapping[Any, tuple[float, float]] = field(default_factory=dict)


@dataclass
class NonIdentity:
    """``lhs != rhs`` at ``point`` (a mapping symbol → exact rational value): a counterexample
    to the identity, confirmed by exact evaluation or by an interval that excludes zero."""

    lhs: Any
    rhs: Any
    point: Mapping[Any, Any]
    label: str = ""


@dataclass
class Implication:
    """``AND(hypotheses) ⇒ conclusion`` over z3 terms.

    The discharger checks ``hypotheses ∧ ¬conclusion``: ``unsat`` proves it, ``sat`` gives a
    model that is re-checked in exact rational (or interval) arithmetic before it counts.
    Hypotheses are named so unsat cores, vacuity and necessity can be reported.
    ``recheck`` optionally evaluates (hypotheses hold and conclusion fails) at a model given as
    ``{variable name: Fraction}`` with plain Python, as a second, independent re-check.
    ``analyse`` turns on the hypothesis analysis (vacuity, core, necessity) for this goal.
    ``definitions`` are equations that only name terms (``S = Σ e_j``): always asserted and
    re-checked like hypotheses, but not assumptions, so the analysis never drops them.
    """

    hypotheses: Mapping[str, Any]
    conclusion: Any
    label: str = ""
    recheck: Callable[[Mapping[str, Any]], bool] | None = None
    analyse: bool = True
    definitions: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Consistency:
    """The ``axioms`` (named z3 formulas) can all hold together.

    With role ``supports`` a model is required (re-checked exactly). With role ``refutes`` the
    axioms must be inconsistent: ``unsat``, with the unsat core naming the axioms involved, and
    ``recheck`` (required) derives the contradiction independently, e.g. by instantiating the
    axioms at rational values; it returns ``(confirmed, explanation)``.
    """

    axioms: Mapping[str, Any]
    label: str = ""
    recheck: Callable[[], tuple[bool, str]] | None = None


@dataclass
class Witness:
    """Numeric evidence: ``observed`` is within ``tolerance`` of ``expected`` everywhere.

    The discharger computes the error itself (absolute, or relative to ``|expected|`` when
    ``relative``); any NaN or inf fails. ``tolerance`` may be an array (a per-instance bound).
    """

    observed: Any
    expected: Any
    tolerance: Any
    instances: int
    label: str = ""
    relative: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Counterexample:
    """A counterexample found by computation, with its independent re-check.

    ``recheck`` must decide the counterexample by a method independent of the one that found
    it (exact rationals, intervals, enumeration) and return ``(confirmed, explanation)``.
    """

    description: str
    data: Mapping[str, Any]
    recheck: Callable[[], tuple[bool, str]]
    label: str = ""


@dataclass
class ExactEqual:
    """Exact comparison: every ``(label, lhs, rhs)`` in ``cases`` has ``lhs == rhs``.

    Values must be ``int``, ``fractions.Fraction``, ``bool`` or tuples/lists of them — a float
    here is an error, since it would make an exact check depend on rounding.
    """

    cases: list[tuple[str, Any, Any]]
    label: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


GOALS_BY_METHOD: dict[str, tuple[type, ...]] = {
    "symbolic": (Identity, NonIdentity),
    "smt": (Implication, Consistency),
    "numeric": (Witness, Counterexample),
    "exact": (ExactEqual, Counterexample),
}
