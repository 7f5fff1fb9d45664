"""What an obligation's ``check`` function returns: one goal that a discharger decides.

Goals carry the mathematical objects (sympy expressions, z3 formulas, arrays, rationals);
they never carry a verdict, and none of them holds a callable that could decide one. The
*kind* of goal fixes how far a discharged goal reaches (its scope), so nothing a claim author
declares can widen it:

==============  ===========  =================================================================
goal            scope        decided by
==============  ===========  =================================================================
Identity        all          sympy canonical form 0, every denominator / log / root argument
                             proved nonzero or positive from the symbols' assumptions
Implication     all          z3 ``unsat`` of hypotheses ∧ definitions ∧ ¬conclusion, every
                             divisor proved nonzero; ``sat`` models re-evaluated exactly
Induction       all          the engine builds base P(start) and step P(k) ⇒ P(k+1) itself
Vacuous         all          z3 ``unsat`` of hypotheses ∧ premise (hypotheses shown satisfiable):
                             the claim's premise can never hold, so the claim is ``vacuous``
SameTerm        all          structural equality of two expression trees ("by definition")
NonIdentity     point        exact / interval evaluation at a point inside the declared domains
FloatPredicate  point        IEEE evaluation by the engine (numpy float32 / float64)
Witness         point        |observed − expected| ≤ tolerance, compared in exact rationals
ExactEqual      point        structural equality of exact values (int, Fraction, bool, str)
Consistency     audit        an axiom set: ``unsat`` by z3 and by cvc5 refutes it; it can never
                             support a claim
==============  ===========  =================================================================

A family (``Obligation(family=Family("n", range(1, 33)))``) asks the engine to build one goal
per parameter value; a family of proofs is ``bounded``, and the engine prints the bound from the
declared range.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Family:
    """A parameter and the values the engine builds a goal for: ``Family("n", range(1, 33))``."""

    parameter: str
    values: tuple[int, ...]

    def __init__(self, parameter: str, values: Iterable[int]) -> None:
        object.__setattr__(self, "parameter", parameter)
        object.__setattr__(self, "values", tuple(values))

    def bound(self) -> str:
        """The bound a proof over this family reaches, computed from the values alone."""
        vs = sorted(set(self.values))
        if not vs:
            return f"{self.parameter} ∈ ∅"
        if vs == list(range(vs[0], vs[-1] + 1)):
            # "n ≤ 32" reads as every size from 0 or 1 up: only a range starting there may say so.
            return f"{self.parameter} ≤ {vs[-1]}" if 0 <= vs[0] <= 1 else f"{vs[0]} ≤ {self.parameter} ≤ {vs[-1]}"
        return f"{self.parameter} ∈ {{{', '.join(map(str, vs))}}}"


@dataclass
class Identity:
    """``lhs == rhs`` for every value of the free symbols (within their sympy assumptions).

    ``sample`` gives, per symbol, the interval the numeric cross-check draws from; symbols not
    listed are drawn from a range that respects their assumptions (positive, integer, …).
    """

    lhs: Any
    rhs: Any
    label: str = ""
    sample: Mapping[Any, tuple[float, float]] = field(default_factory=dict)


@dataclass
class NonIdentity:
    """``lhs != rhs`` at ``point`` (symbol → exact value): a counterexample to the identity.

    The engine checks that the point respects every symbol's assumptions and each of
    ``conditions`` (sympy relations: the claim's domain, e.g. ``m < 1``), that both sides are
    defined there, and then evaluates ``lhs − rhs`` exactly or in interval arithmetic.
    """

    lhs: Any
    rhs: Any
    point: Mapping[Any, Any]
    label: str = ""
    conditions: tuple[Any, ...] = ()


@dataclass
class Implication:
    """``AND(hypotheses) ⇒ conclusion`` over z3 terms, for every value of the variables.

    ``definitions`` only name terms: each is ``c == expression`` with ``c`` a fresh constant that
    is defined once and occurs neither in its own expression nor in an earlier definition's
    (checked by the engine, so a definition can neither assume the conclusion nor contradict
    itself). ``converse_of`` names hypotheses (the premise): the engine also tries to prove the
    converse, the other hypotheses ∧ conclusion ⇒ premise; if it holds, the implication is the
    premise restated and the claim is ``tautological``. ``analyse`` asks for the hypothesis
    analysis (unsat core, necessity of each hypothesis); vacuity is always checked.
    """

    hypotheses: Mapping[str, Any]
    conclusion: Any
    label: str = ""
    analyse: bool = True
    definitions: Mapping[str, Any] = field(default_factory=dict)
    converse_of: tuple[str, ...] = ()


@dataclass
class Induction:
    """``∀ k ≥ start. predicate(k)``, proved by a base and a step that the engine builds.

    ``index`` is a z3 ``Int`` constant; ``predicate`` a formula in it. ``base`` and ``step``
    define functions by recursion: each base equation is ``f(start) == e`` with ``f`` absent
    from ``e``, each step equation ``f(index + 1) == e`` with ``f`` applied in ``e`` only at
    ``index``. ``hypotheses`` constrain the data (not the recursive functions) for every
    ``k ≥ start``; the engine instantiates them at ``index`` and ``index + 1``. The step assumes
    exactly ``predicate(index)``; its conclusion is ``predicate(index + 1)`` by substitution.
    """

    index: Any
    predicate: Any
    base: Mapping[str, Any]
    step: Mapping[str, Any]
    hypotheses: Mapping[str, Any] = field(default_factory=dict)
    start: int = 0
    label: str = ""


@dataclass
class Vacuous:
    """The claim's ``premise`` (named z3 formulas) can never hold under ``hypotheses``: the claim
    is true only vacuously and constrains nothing.

    The engine proves ``hypotheses ⇒ ¬AND(premise)`` like an :class:`Implication` (definedness,
    conservative ``definitions``, cvc5's answer) and requires the ``hypotheses`` alone to be
    satisfiable, so the premise, not a contradiction in the setting, is what fails. A claim whose
    deciding proofs include one is ``vacuous``, never ``proved``.
    """

    premise: Mapping[str, Any]
    hypotheses: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""
    definitions: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class SameTerm:
    """``lhs`` and ``rhs`` are the same expression tree (sympy, unevaluated): true by definition.

    Only a ``definitional`` obligation uses it; its discharge makes the claim ``tautological``.
    """

    lhs: Any
    rhs: Any
    label: str = ""


@dataclass
class FloatPredicate:
    """A predicate built from :mod:`verify.ieee` terms, evaluated by the engine in IEEE
    arithmetic of ``dtype`` (``"float32"`` or ``"float64"``) at ``point`` (name → float, each
    exactly representable in ``dtype``). With role ``refutes`` it must come out false."""

    predicate: Any
    point: Mapping[str, float]
    dtype: str = "float64"
    label: str = ""


@dataclass
class Witness:
    """Numeric evidence: ``observed`` is within ``tolerance`` of ``expected`` everywhere.

    The discharger computes the error itself (absolute, or relative to ``|expected|`` when
    ``relative``) and compares it with the tolerance exactly, on the floats' rational values;
    NaN, inf and complex values fail. ``tolerance`` is a finite number ≥ 0 or an array of them.
    """

    observed: Any
    expected: Any
    tolerance: Any
    instances: int
    label: str = ""
    relative: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ExactEqual:
    """Exact comparison: every ``(label, lhs, rhs)`` in ``cases`` has ``lhs == rhs``.

    Values are ``int``, ``fractions.Fraction``, ``bool``, ``str`` or tuples/lists of them,
    compared structurally: a tuple equals a list with equal entries, ``True`` is not ``1``, a
    string is never a number (comparing values of different kinds is an error, not a
    counterexample). A float is an error. With role ``refutes`` a differing case is the
    counterexample.
    """

    cases: list[tuple[str, Any, Any]]
    label: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Consistency:
    """The ``axioms`` (named z3 formulas) cannot all hold: an audit of an axiom set.

    Only a refuting obligation uses it: ``unsat`` from z3 *and* from cvc5 (independent solvers)
    refutes the set, with z3's unsat core naming the axioms involved.
    """

    axioms: Mapping[str, Any]
    label: str = ""


PROOFS: tuple[type, ...] = (Identity, Implication, Induction, SameTerm, Vacuous)
"""Goals whose discharge holds for every value (scope ``all``; a family of them: ``bounded``)."""

POINT_CHECKS: tuple[type, ...] = (NonIdentity, FloatPredicate, Witness, ExactEqual)
"""Goals about stated points or instances (scope ``instances``)."""

GOALS_BY_METHOD: dict[str, tuple[type, ...]] = {
    "symbolic": (Identity, NonIdentity, SameTerm),
    "smt": (Implication, Induction, Vacuous, Consistency),
    "numeric": (Witness, FloatPredicate),
    "exact": (ExactEqual,),
}
"""The capability table: which goal kinds each method decides (dispatch and validation use it)."""

GOALS_BY_ROLE: dict[str, tuple[type, ...]] = {
    "supports": (Identity, Implication, Induction, Vacuous, NonIdentity, FloatPredicate, Witness, ExactEqual),
    "refutes": (NonIdentity, Implication, FloatPredicate, ExactEqual, Consistency),
    "definitional": (SameTerm,),
}
"""Which goal kinds may serve each role: a tolerance can't refute, an axiom audit can't support."""


def scope_of(goal: Any, in_family: bool) -> str:
    """``all``, ``bounded`` or ``instances``: computed from the goal kind, never declared."""
    if isinstance(goal, PROOFS):
        return "bounded" if in_family else "all"
    return "instances"
