"""The FFN part of the uniqueness theorem: σ(w0·a + w1·b + c) = σ(a + b) for all reals a, b forces the
BP weights (w0, w1, c) = (1, 1, 0).

Main definitions: :data:`Activation` and :func:`sigma_of_exp` (σ written through E = exp(x), the form
z3 can reason about).

Main statements:

* ``coppola.uniqueness.ffn`` (Coppola Thm 1.4 = Thm 6.2, FFN part): :func:`sigma_strictly_increasing`,
  :func:`sigma_injective`, :func:`three_points_force_bp_weights` and the whole chain in one query
  :func:`sigma_at_three_points_forces_bp_weights` (whose hypothesis analysis shows that exp being
  strictly increasing is necessary); cross-check :func:`bp_weights_satisfy_identity`.
"""
from __future__ import annotations

from collections.abc import Callable

import sympy as sp
import z3

from verify import Claim, Hypothesis, Identity, Implication, supports

from .. import PAPER
from ..logodds import sigma

Activation = Callable[[z3.ArithRef], tuple[list[z3.BoolRef], z3.ArithRef]]
"""An activation written through E = exp(x): returns (denominator guards, value)."""

_EXP = ("exp_positive", "exp_strictly_increasing")
_POINTS = ((0, 0), (1, 0), (0, 1))


def sigma_of_exp(E: z3.ArithRef) -> tuple[list[z3.BoolRef], z3.ArithRef]:
    """σ(x) = 1/(1 + e^{−x}) = E/(1 + E) with E = exp(x) > 0."""
    return [1 + E > 0], E / (1 + E)


def _exp_facts(x: z3.ArithRef, y: z3.ArithRef, Ex: z3.ArithRef, Ey: z3.ArithRef) -> dict[str, z3.BoolRef]:
    return {
        "exp_positive": z3.And(Ex > 0, Ey > 0),
        "exp_strictly_increasing": z3.And(z3.Implies(x < y, Ex < Ey), z3.Implies(y < x, Ey < Ex)),
    }


@supports("smt", uses=_EXP)
def sigma_strictly_increasing(act: Activation = sigma_of_exp, name: str = "σ") -> Implication:
    """σ is strictly increasing, using only exp > 0 and exp strictly increasing (tests pass another ``act``)."""
    x, y, Ex, Ey = z3.Reals("x y E_x E_y")
    gx, vx = act(Ex)
    gy, vy = act(Ey)
    return Implication(_exp_facts(x, y, Ex, Ey), z3.Implies(x < y, z3.And(*gx, *gy, vx < vy)),
                       label=f"{name} strictly increasing: x < y ⇒ {name}(x) < {name}(y)", analyse=False)


@supports("smt", uses=(*_EXP, "equal_values"))
def sigma_injective(act: Activation = sigma_of_exp, name: str = "σ") -> Implication:
    """σ is injective, using only exp > 0 and exp strictly increasing (tests pass another ``act``)."""
    x, y, Ex, Ey = z3.Reals("x y E_x E_y")
    gx, vx = act(Ex)
    gy, vy = act(Ey)
    return Implication({**_exp_facts(x, y, Ex, Ey), "equal_values": z3.And(*gx, *gy, vx == vy)}, x == y,
                       label=f"{name} injective: {name}(x) = {name}(y) ⇒ x = y")


@supports("smt", uses=tuple(f"agree_at_{a}{b}" for a, b in _POINTS))
def three_points_force_bp_weights() -> Implication:
    """After injectivity: w0·a + w1·b + c = a + b at (0,0), (1,0), (0,1) forces (w0, w1, c) = (1, 1, 0)."""
    w0, w1, c = z3.Reals("w0 w1 c")
    hyps = {f"agree_at_{a}{b}": w0 * a + w1 * b + c == a + b for a, b in _POINTS}
    return Implication(hyps, z3.And(w0 == 1, w1 == 1, c == 0),
                       label="w0·a + w1·b + c = a + b at (0,0), (1,0), (0,1) ⇒ (w0, w1, c) = (1, 1, 0)")


@supports("smt", uses=(*_EXP, "sigma_agrees_at_three_points"))
def sigma_at_three_points_forces_bp_weights(act: Activation = sigma_of_exp) -> Implication:
    """The chain in one query: σ(w0·a + w1·b + c) = σ(a + b) at (0,0), (1,0), (0,1) ⇒ (w0, w1, c) = (1, 1, 0)."""
    w0, w1, c = z3.Reals("w0 w1 c")
    E = [z3.Real(f"E_{i}") for i in range(3)]   # exp(w0 a + w1 b + c) at point i
    F = [z3.Real(f"F_{i}") for i in range(3)]   # exp(a + b) at point i
    t = [w0 * a + w1 * b + c for a, b in _POINTS]
    s = [z3.RealVal(a + b) for a, b in _POINTS]
    agree = []
    for i in range(3):
        ge, ve = act(E[i])
        gf, vf = act(F[i])
        agree.append(z3.And(*ge, *gf, ve == vf))
    hyps = {
        "exp_positive": z3.And([e > 0 for e in E + F]),
        "exp_strictly_increasing": z3.And([z3.And(z3.Implies(t[i] < s[i], E[i] < F[i]),
                                                  z3.Implies(t[i] > s[i], E[i] > F[i])) for i in range(3)]),
        "sigma_agrees_at_three_points": z3.And(agree),
    }
    return Implication(hyps, z3.And(w0 == 1, w1 == 1, c == 0),
                       label="σ(w0 a + w1 b + c) = σ(a + b) at (0,0), (1,0), (0,1) ⇒ (w0, w1, c) = (1, 1, 0)")


@supports("symbolic", cross_check=True)
def bp_weights_satisfy_identity() -> Identity:
    """(w0, w1, c) = (1, 1, 0) satisfies the identity."""
    a, b = sp.symbols("a b", real=True)
    return Identity(sigma(1 * a + 1 * b + 0), sigma(a + b), label="(1, 1, 0) satisfies the identity")


CLAIMS = [
    Claim(
        id="coppola.uniqueness.ffn",
        reading="as-stated",
        paper=PAPER,
        where="Thm 1.4 = Thm 6.2 (FFN part)",
        statement="If σ(w0·a + w1·b + c) = σ(a + b) for all reals a, b, then (w0, w1, c) = (1, 1, 0).",
        latex=r"\forall a,b:\ \sigma(w_0a+w_1b+c)=\sigma(a+b)\ \Rightarrow\ (w_0,w_1,c)=(1,1,0)",
        hypotheses=(
            Hypothesis("sigma_agrees_at_three_points", "σ(w0·a + w1·b + c) = σ(a + b) at (a, b) = (0,0), (1,0), "
                                                       "(0,1): three instances of the claim's identity for all reals"),
            *(Hypothesis(f"agree_at_{a}{b}", f"w0·{a} + w1·{b} + c = {a + b}: σ's injectivity applied to the identity "
                                             f"at (a, b) = ({a}, {b})") for a, b in _POINTS),
            Hypothesis("equal_values", "σ(x) = σ(y) (the premise of injectivity)"),
            Hypothesis("exp_positive", "exp(x) > 0 (σ(x) = E/(1+E), E = exp(x))"),
            Hypothesis("exp_strictly_increasing", "x < y ⇒ exp(x) < exp(y)"),
        ),
        obligations=(sigma_strictly_increasing, sigma_injective, three_points_force_bp_weights,
                     sigma_at_three_points_forces_bp_weights, bp_weights_satisfy_identity),
        explanation=("The paper says the only sigmoid unit σ(w0·a + w1·b + c) that equals σ(a + b) for all inputs has "
                     "w0 = w1 = 1 and c = 0. This is true, because σ is strictly increasing and so one-to-one, and "
                     "three input points then fix the three weights. It is nearly trivial: the unit is already "
                     "assumed to receive log-odds a, b, so it says nothing about how a transformer would get them."),
        note="True but nearly trivial: the family σ(w0·a + w1·b + c) already presupposes log-odds inputs.",
    ),
]
