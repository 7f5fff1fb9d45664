"""``coppola.bp.construction.relu_piecewise_affine``: no ReLU FFN computes updateBelief.

A ReLU FFN is piecewise affine and updateBelief is strictly curved; one ReLU unit bends on at most
one of nine separated triples, so the Lean FFN of width 8 cannot match updateBelief on all nine
(the refutation of ``ffn_implements_updateBelief``, listed by ``coppola.bp.construction`` and
``.lean_axioms``).

Main definitions: :data:`UPDATE_BELIEF`, :func:`update_belief_triples`, :func:`ffn_pigeonhole`.

Main statements:

* ``coppola.bp.construction.relu_piecewise_affine`` ([C] Thm 7.1, the project's lemma) — proved:
  :func:`relu_ffn_hessian_m0m0_vanishes`, :func:`relu_ffn_hessian_m0m1_vanishes`,
  :func:`relu_ffn_hessian_m1m1_vanishes`, :func:`relu_unit_bends_on_at_most_one_triple`,
  :func:`update_belief_curvature_closed_form`, :func:`update_belief_strictly_concave_above_half`;
* the refutations of the Lean axiom: :func:`no_width_8_relu_ffn_is_update_belief` (the
  pigeonhole over the triples) and :func:`update_belief_is_curved`.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction as Q
from typing import Any

import sympy as sp
import z3

from verify import Claim, Consistency, Hypothesis, Identity, Implication, NonIdentity, refutes, supports

from .. import PAPER
from .lean_model import LEAN_FFN_WIDTH, lean_update_belief, rational
from .shared import WHERE

_m0, _m1 = sp.symbols("m0 m1", positive=True)
UPDATE_BELIEF = _m0 * _m1 / (_m0 * _m1 + (1 - _m0) * (1 - _m1))
"""updateBelief(m0, m1) as a sympy expression."""


def update_belief_triples(width: int = LEAN_FFN_WIDTH) -> list[tuple[Q, Q, Q]]:
    """width + 1 equally spaced triples in m0 with disjoint hulls inside (0, 1)."""
    step = Q(1, 10 * ((width + 10) // 10))
    h = step / 4
    return [(k * step + h, k * step + 2 * h, k * step + 3 * h) for k in range(width + 1)]


def second_difference(f: Any, triple: Sequence[Any]) -> Any:
    a, b, c = triple
    return f(a) - 2 * f(b) + f(c)


def _relu(z: Any) -> Any:
    return z3.If(z > 0, z, 0)


@supports("smt")
def relu_unit_bends_on_at_most_one_triple(width: int = LEAN_FFN_WIDTH, units: int = 1) -> Implication:
    """For every α, β the second differences of relu(α t + β) on the 9 triples of
    ``update_belief_triples`` vanish on all but at most one.

    A ReLU unit has one kink. (``units`` > 1 sums that many units: false, for must-say-no tests.)
    """
    ab = [z3.Reals(f"alpha_{u} beta_{u}") if units > 1 else z3.Reals("alpha beta") for u in range(units)]
    triples = update_belief_triples(width)
    d = [z3.Real(f"d2_{k}") for k in range(len(triples))]
    defs = {f"d2_{k}": d[k] == second_difference(lambda t: z3.Sum([_relu(a * rational(t) + b) for a, b in ab]), tr)
            for k, tr in enumerate(triples)}
    concl = z3.And([z3.Or(d[k] == 0, d[m] == 0) for k in range(len(d)) for m in range(k + 1, len(d))])
    return Implication({}, concl, definitions=defs, analyse=False,
                       label=f"{'relu(α t + β)' if units == 1 else f'a sum of {units} ReLU units'} is affine on all "
                             f"but at most one of {len(triples)} disjoint equally spaced triples")


def ffn_pigeonhole(width: int = LEAN_FFN_WIDTH, m1: Q = Q(3, 5), target: Any = lean_update_belief,
                   units: int | None = None) -> Consistency:
    """ffn_implements_updateBelief on the line x4 = m0, x5 = m1 (other inputs fixed), as second
    differences over width + 1 disjoint triples, with the one-unit lemma for every hidden unit.

    Along the line the FFN is c + Σ_i w_i relu(α_i m0 + β_i); over a triple of equally spaced points
    the constant and the affine parts cancel, so its second difference is Σ_i x_{i,k}, x_{i,k} = w_i
    times unit i's second difference on triple k. The axiom makes that equal to updateBelief's second
    difference, non-zero on every triple; the lemma leaves each unit at most one triple: 8 units for
    9 triples. (``units`` overrides the number of hidden units, for must-say-no tests.)
    """
    triples = update_belief_triples(width)
    units = width if units is None else units
    x = [[z3.Real(f"x_{i}_{k}") for k in range(len(triples))] for i in range(units)]
    axioms: dict[str, Any] = {}
    for k, tr in enumerate(triples):
        d2 = second_difference(lambda t: target(t, m1), tr)
        axioms[f"ffn_implements_updateBelief (second difference on triple {k})"] = \
            z3.Sum([x[i][k] for i in range(units)]) == rational(Q(d2))
    for i in range(units):
        axioms[f"relu_unit_one_triple (unit {i})"] = z3.And(
            [z3.Or(x[i][k] == 0, x[i][m] == 0) for k in range(len(triples)) for m in range(k + 1, len(triples))])
    return Consistency(axioms, label=f"a ReLU FFN with {units} hidden units equal to updateBelief on the line "
                                     f"m1 = {m1} ({len(triples)} triples, m0 ∈ [{triples[0][0]}, {triples[-1][2]}])")


@refutes("smt", uses=("relu_ffn",))
def no_width_8_relu_ffn_is_update_belief() -> Consistency:
    """No ReLU FFN of the Lean width 8 equals updateBelief: its second differences on 9 disjoint
    triples of the line m1 = 3/5 (all non-zero for updateBelief) with the one-unit lemma of
    .relu_piecewise_affine (each unit affects at most one triple) are unsat (z3 and cvc5)."""
    return ffn_pigeonhole()


def curvature_nonzero(point: tuple[Q, Q] = (Q(3, 10), Q(3, 5))) -> NonIdentity:
    """∂²updateBelief/∂m0² ≠ 0 at ``point`` (an exact ReLU FFN would need 0 off its kinks)."""
    return NonIdentity(sp.diff(UPDATE_BELIEF, _m0, 2), sp.Integer(0),
                       {_m0: sp.Rational(point[0].numerator, point[0].denominator),
                        _m1: sp.Rational(point[1].numerator, point[1].denominator)},
                       conditions=(_m0 < 1, _m1 < 1),
                       label=f"∂²updateBelief/∂m0² at (m0, m1) = ({point[0]}, {point[1]})")


@refutes("symbolic", uses=("relu_ffn",))
def update_belief_is_curved() -> NonIdentity:
    """∂²updateBelief/∂m0² ≠ 0 (−12000/12167 at (3/10, 3/5)), while a ReLU FFN has zero second
    derivative off its kinks (sub-claim .relu_piecewise_affine)."""
    return curvature_nonzero()


_x0, _x1 = sp.symbols("x0 x1", real=True)


def relu_region_hessian(which: tuple[int, int]) -> Identity:
    """On one activation region a ReLU FFN is Σ_i w_i s_i (a_i m0 + b_i m1 + c_i) + d, s_i ∈ {0, 1}
    fixed, for any number H of hidden units: the second derivative ``which`` is 0."""
    H = sp.Symbol("H", integer=True, positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    w, s, a, b, c = (sp.IndexedBase(x, real=True) for x in ("w", "s", "a", "b", "c"))
    d = sp.Symbol("d", real=True)
    piece = sp.Sum(w[i] * s[i] * (a[i] * _x0 + b[i] * _x1 + c[i]), (i, 1, H)) + d
    var = {0: _x0, 1: _x1}
    name = {(0, 0): "∂²F/∂m0²", (0, 1): "∂²F/∂m0∂m1", (1, 1): "∂²F/∂m1²"}[which]
    return Identity(sp.diff(piece, var[which[0]], var[which[1]]), sp.Integer(0),
                    label=f"{name} = 0 on an activation region, any H")


@supports("symbolic")
def relu_ffn_hessian_m0m0_vanishes() -> Identity:
    """∂²/∂m0² of Σ_i w_i s_i (a_i m0 + b_i m1 + c_i) + d is 0 (symbolic H)."""
    return relu_region_hessian((0, 0))


@supports("symbolic")
def relu_ffn_hessian_m0m1_vanishes() -> Identity:
    """∂²/∂m0∂m1 of the same is 0 (symbolic H)."""
    return relu_region_hessian((0, 1))


@supports("symbolic")
def relu_ffn_hessian_m1m1_vanishes() -> Identity:
    """∂²/∂m1² of the same is 0 (symbolic H)."""
    return relu_region_hessian((1, 1))


_one_minus_m1, _gap = sp.symbols("ell g", positive=True)
"""m1 ∈ (1/2, 1) written as 1 − m1 = ℓ > 0 and 2m1 − 1 = g > 0, so m1 = ℓ + g."""


@supports("symbolic")
def update_belief_curvature_closed_form() -> Identity:
    """Closed form of ∂²updateBelief/∂m0² for m1 ∈ (1/2, 1) (1 − m1 = ℓ > 0, 2m1 − 1 = g > 0).

    ∂²/∂m0² of m0 m1 / D, D = m0 m1 + (1 − m0)(1 − m1), for m1 = ℓ + g, 1 − m1 = ℓ. D is expanded
    (a polynomial identity) to ℓ + g m0, which the positive symbols show is > 0; the identity holds
    for all positive ℓ, g, m0, in particular for m1 ∈ (1/2, 1)."""
    m1 = _one_minus_m1 + _gap
    D = sp.expand(_m0 * m1 + (1 - _m0) * _one_minus_m1)
    return Identity(sp.diff(_m0 * m1 / D, _m0, 2), -2 * m1 * _one_minus_m1 * _gap / D ** 3,
                    label="∂²updateBelief/∂m0² = −2m1(1−m1)(2m1−1)/D³ with 1 − m1 = ℓ, 2m1 − 1 = g (m1 > 1/2)")


@supports("smt")
def update_belief_strictly_concave_above_half() -> Implication:
    """D > 0 and the curvature is < 0 for m0 ∈ (0, 1), m1 ∈ (1/2, 1)."""
    m0, m1, D, K = z3.Reals("m0 m1 D K")
    hyps = {"m0_in_unit": z3.And(m0 > 0, m0 < 1), "m1_above_half": z3.And(z3.RealVal("1/2") < m1, m1 < 1)}
    defs = {"D": D == m0 * m1 + (1 - m0) * (1 - m1), "K": K == -2 * m1 * (1 - m1) * (2 * m1 - 1)}  # noqa: SIM300
    concl = z3.And(D > 0, K < 0, K / (D * D * D) < 0)
    return Implication(hyps, concl, definitions=defs,
                       label="updateBelief is strictly concave in m0 when m1 ∈ (1/2, 1)")


CLAIMS = [
    Claim(
        id="coppola.bp.construction.relu_piecewise_affine",
        reading="project",
        paper=PAPER,
        where=WHERE + " (the project's lemma used to refute the FFN step)",
        statement=("A ReLU FFN is affine on each activation region (its Hessian is 0 off the kinks, for any width); "
                   "along a line one ReLU unit relu(α t + β) has a non-zero second difference on at most one of "
                   "9 disjoint equally spaced triples; ∂²updateBelief/∂m0² = −2m1(1−m1)(2m1−1)/D³ < 0 for "
                   "m0 ∈ (0, 1), m1 ∈ (1/2, 1)."),
        hypotheses=(Hypothesis("m0_in_unit", "0 < m0 < 1"), Hypothesis("m1_above_half", "1/2 < m1 < 1")),
        obligations=(relu_ffn_hessian_m0m0_vanishes, relu_ffn_hessian_m0m1_vanishes, relu_ffn_hessian_m1m1_vanishes,
                     relu_unit_bends_on_at_most_one_triple, update_belief_curvature_closed_form,
                     update_belief_strictly_concave_above_half),
        explanation=("A ReLU network is piecewise linear: on each region where its units do not switch, all its "
                     "second derivatives vanish, whatever its width. The belief update is strictly curved (concave in "
                     "m0 when m1 is above 1/2), and one ReLU unit can bend on at most one of nine separated triples "
                     "of points, which is why eight units cannot match the update on all nine."),
    ),
]
