"""``coppola.bp.scaling.ieee``: the Lean lemmas behind the AND and OR decompositions are false over IEEE ``Float``.

The paper (Coppola, Thm 7.2) cites Lean lemmas for the AND and OR decompositions that are stated
over IEEE-754 ``Float``: the product fold is associative and logit(σ(x)) = x. The engine evaluates
each lemma's predicate in binary64, in the order the term is written.

Main definitions: σ(t) = 1/(1 + exp(−t)) and logit(p) = log(p/(1 − p)) as ``verify.ieee`` terms.

Main statements: ``coppola.bp.scaling.ieee`` (artifact) — refuted by
:func:`float_product_is_not_associative`, :func:`logit_of_sigma_37_divides_by_zero` and
:func:`logit_of_sigma_20_is_not_20`.
"""
from __future__ import annotations

import math

from verify import FloatPredicate, ieee, refutes

from . import claim

_x, _y, _z = ieee.var("x"), ieee.var("y"), ieee.var("z")


def _sigma(t: ieee.Term) -> ieee.Term:
    return 1.0 / (1.0 + ieee.exp(-t))


def _logit(p: ieee.Term) -> ieee.Term:
    return ieee.log(p / (1.0 - p))


@refutes("numeric")
def float_product_is_not_associative(x: float = 0.1, y: float = 0.2, z: float = 0.3) -> FloatPredicate:
    """(0.1·0.2)·0.3 ≠ 0.1·(0.2·0.3) in binary64: the Float product the AND lemma folds is not associative."""
    return FloatPredicate((_x * _y) * _z == _x * (_y * _z), {"x": x, "y": y, "z": z}, "float64",
                          label=f"({x}·{y})·{z} = {x}·({y}·{z}) in binary64")


@refutes("numeric")
def logit_of_sigma_37_divides_by_zero(x: float = 37.0) -> FloatPredicate:
    """logit(σ(37.0)) divides by zero in binary64: σ(37.0) rounds to 1.0."""
    s = _sigma(_x)
    return FloatPredicate((1.0 - s != 0.0) & (_logit(s) == _x), {"x": x}, "float64",
                          label=f"logit(σ({x})) is defined (1 − σ({x}) ≠ 0) and equals {x} in binary64")


ULPS = 1000


@refutes("numeric")
def logit_of_sigma_20_is_not_20(x: float = 20.0) -> FloatPredicate:
    """logit(σ(20.0)) is more than 1000 ulps from 20.0 in binary64.

    |logit(σ(x)) − x| ≤ 1000 ulp(x) is implied by the Lean lemma logit(σ(x)) = x, and false only if
    the error is far beyond the last bits of any libm's exp and log."""
    tol = ULPS * math.ulp(x)
    return FloatPredicate(ieee.fabs(_logit(_sigma(_x)) - _x) <= tol, {"x": x}, "float64",
                          label=f"|logit(σ({x})) − {x}| ≤ {ULPS} ulp({x}) in binary64")


CLAIMS = [
    claim(
        "coppola.bp.scaling.ieee",
        float_product_is_not_associative, logit_of_sigma_37_divides_by_zero, logit_of_sigma_20_is_not_20,
        reading="artifact",
        where="Lean lemmas of the AND and OR decompositions (artifact: stated over IEEE-754 Float)",
        statement="The fold lemmas hold in IEEE binary64: the product fold is associative and logit(σ(x)) = x.",
        explanation=("The Lean lemmas behind the AND and OR decompositions are stated for floating-point numbers, "
                     "where they are false: floating-point multiplication is not associative, and logit(σ(x)) is not x "
                     "(at x = 37 it even divides by zero). Over the reals both hold."),
    ),
]
