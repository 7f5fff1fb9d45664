"""LayerNorm and the Bayes residual of :mod:`lemmas.yang.bayes.stack_composition`: dividing the
residual by its standard deviation tempers the posterior to p^{1/std}, centring it changes nothing.

Main statements:

- ``yang.bayes.joint_implies_posterior.stack.composition.layernorm`` (misreading):
  softmax(LN(r)) = softmax(r), refuted by :func:`layernorm_changes_softmax_at_0_4` and
  :func:`layernorm_changes_bayes_posterior` (exact points evaluated by the engine in intervals).
- ``….mean_centring`` (project): :func:`mean_centring_preserves_softmax` (symbolic number of
  hypotheses).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy as sp

from verify import Claim, Identity, NonIdentity, refutes, supports

from .. import PAPER
from .stack_composition import ID, softmax_over_hypotheses

_r0, _r1 = sp.symbols("r_0 r_1", real=True)


def _layernorm2(r: tuple[sp.Expr, sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
    mu = (r[0] + r[1]) / 2
    sd = sp.sqrt(((r[0] - mu) ** 2 + (r[1] - mu) ** 2) / 2)
    return (r[0] - mu) / sd, (r[1] - mu) / sd


@refutes("symbolic", timeout=60)
def layernorm_changes_softmax_at_0_4(point: dict | None = None) -> NonIdentity:
    """r = (0, 4): softmax(LN(r)) = softmax(−1, 1) ≠ softmax(0, 4) (interval re-check)."""
    z = _layernorm2((_r0, _r1))
    lhs = sp.exp(z[0]) / (sp.exp(z[0]) + sp.exp(z[1]))
    rhs = sp.exp(_r0) / (sp.exp(_r0) + sp.exp(_r1))
    return NonIdentity(lhs, rhs, point or {_r0: sp.Integer(0), _r1: sp.Integer(4)},
                       label="softmax(LN(r))_0 vs softmax(r)_0 at r = (0, 4): LN(r) = (−1, 1)")


LN_MODEL = ([Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)],
            [[Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)],
             [Fraction(1, 5), Fraction(3, 5), Fraction(1, 5)],
             [Fraction(1, 10), Fraction(1, 10), Fraction(4, 5)]],
            [0, 0, 1])
"""(π, L, observations) of the rational 3-hypothesis model."""

_lp = sp.symbols("pi_0:3", positive=True)
_lL = [[sp.Symbol(f"L_{t}_{x}", positive=True) for x in range(3)] for t in range(3)]


@refutes("symbolic", timeout=60)
def layernorm_changes_bayes_posterior(model: tuple[Any, ...] = LN_MODEL, hypothesis: int = 0) -> NonIdentity:
    """A Bayes residual log π + Σ log L[·, x_l] of a rational 3-hypothesis model: LayerNorm changes the
    posterior (exact point, interval evaluation by the engine).

    softmax(LN(r))_t against the posterior π_t Π_l L[t, x_l] / Σ_s π_s Π_l L[s, x_l], with
    r_t = log π_t + Σ_l log L[t, x_l] and LN(r) = (r − mean)/std (ε = 0).
    """
    pi, L, xs = model
    T = len(pi)
    r = [sp.log(_lp[t]) + sum(sp.log(_lL[t][x]) for x in xs) for t in range(T)]
    mu = sum(r) / T
    sd = sp.sqrt(sum((v - mu) ** 2 for v in r) / T)
    z = [sp.exp((v - mu) / sd) for v in r]
    joint = [_lp[t] * sp.Mul(*[_lL[t][x] for x in xs]) for t in range(T)]
    point = {_lp[t]: sp.Rational(pi[t].numerator, pi[t].denominator) for t in range(T)}
    point.update({_lL[t][x]: sp.Rational(L[t][x].numerator, L[t][x].denominator) for t in range(T) for x in range(3)})
    t = hypothesis
    return NonIdentity(z[t] / sum(z), joint[t] / sum(joint), point,
                       conditions=tuple(sp.Eq(sum(_lL[s][x] for x in range(3)), 1) for s in range(T))
                       + (sp.Eq(sum(_lp), 1),),
                       label=f"3 hypotheses, observations {xs}: softmax(LN(r))_{t} vs the posterior of {t}")


_n = sp.Symbol("n", integer=True, positive=True)
_t, _u = sp.symbols("t u", integer=True, positive=True)
_r = sp.IndexedBase("r", real=True)


@supports("symbolic", timeout=60)
def mean_centring_preserves_softmax() -> Identity:
    """softmax(r − mean(r)·1) = softmax(r) for a symbolic number of hypotheses."""
    mean = sp.Sum(_r[_u], (_u, 1, _n)) / _n
    return Identity(softmax_over_hypotheses(lambda t: _r[t] - mean, _t), softmax_over_hypotheses(lambda t: _r[t], _t),
                    label="softmax(r − mean(r)) = softmax(r), symbolic number of hypotheses")


CLAIMS = [
    Claim(
        id=ID + ".layernorm",
        reading="misreading",
        paper=PAPER,
        where="abstract, stack level (the project's theorem read with LayerNorm; not a claim of the paper)",
        statement="Blocks with LayerNorm preserve the posterior: softmax(LN(r)) = softmax(r).",
        explanation=("LayerNorm divides the residual by its standard deviation, which sharpens or flattens the "
                     "softmax readout: at r = (0, 4) it turns the weights of softmax(0, 4) into those of "
                     "softmax(−1, 1), and on a Bayes residual of a small rational model it changes the posterior. "
                     "The engine evaluates both points exactly; the paper does not say its blocks contain LayerNorm."),
        obligations=(layernorm_changes_softmax_at_0_4, layernorm_changes_bayes_posterior),
    ),
    Claim(
        id=ID + ".mean_centring",
        reading="project",
        paper=PAPER,
        where="abstract, stack level (the centring part of LayerNorm: the project's result, not a claim of the paper)",
        statement="Mean-centring the residual preserves the posterior: softmax(r − mean(r)) = softmax(r).",
        explanation=("Subtracting the mean of the residual is harmless: softmax does not change when the same "
                     "constant is subtracted from every score. The engine proves it for any number of hypotheses; "
                     "only LayerNorm's division by the standard deviation changes the posterior."),
        obligations=(mean_centring_preserves_softmax,),
    ),
]
