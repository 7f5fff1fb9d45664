"""The ``numeric`` discharger: witnesses within a tolerance, and IEEE predicates.

A :class:`~verify.goals.Witness` compares ``|observed − expected| ≤ tolerance`` exactly, on the
rational values of the floats (a float comparison could round a value just over the tolerance
down onto it). NaN, inf and complex values fail; a tolerance must be a finite real ≥ 0.
A :class:`~verify.goals.FloatPredicate` is evaluated by the engine in IEEE arithmetic
(:mod:`verify.ieee`).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .. import ieee
from ..evidence import ERROR, HOLDS, VIOLATED, Outcome
from ..goals import FloatPredicate, Witness

_EPS = float(np.finfo(float).eps)
_TINY = 5e-324
"""The smallest subnormal: a subnormal bound carries an absolute rounding error, not a relative one."""


def _real_array(x: Any, what: str) -> np.ndarray | str:
    try:
        a = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        return f"{what} is not an array of numbers ({type(exc).__name__})"
    if a.dtype == bool or a.dtype.kind not in "iuf":
        if a.dtype.kind == "c":
            return f"{what} has complex values"
        return f"{what} has dtype {a.dtype}, not real numbers"
    if a.dtype.kind == "f" and a.dtype.itemsize > 8:
        return f"{what} has dtype {a.dtype}: wider than float64, it would be rounded before the comparison"
    if (a.dtype.kind in "iu" and a.size and (int(a.max()) > 2 ** 53 or int(a.min()) < -2 ** 53)
            and any(int(float(v)) != v for v in a.ravel().tolist() if abs(v) > 2 ** 53)):
        return f"{what} has integers that float64 cannot hold exactly (beyond 2^53)"
    return a.astype(float)


def _within(err: float, tol: float, ref: float | None) -> bool:
    """Exact: |err| ≤ tol (absolute) or ≤ tol·|ref| (relative), on the floats' rational values."""
    lhs = Fraction(err)
    rhs = Fraction(tol) if ref is None else Fraction(tol) * abs(Fraction(ref))
    return lhs <= rhs


def decide_witness(goal: Witness) -> Outcome:
    obs = _real_array(goal.observed, "observed")
    exp = _real_array(goal.expected, "expected")
    tol = _real_array(goal.tolerance, "tolerance")
    for a in (obs, exp, tol):
        if isinstance(a, str):
            return Outcome(ERROR, a, goal.label)
    assert isinstance(obs, np.ndarray) and isinstance(exp, np.ndarray) and isinstance(tol, np.ndarray)
    if obs.shape != exp.shape:
        # Broadcasting (n,) against (n, 1) would silently compare all n² pairs.
        return Outcome(ERROR, f"observed has shape {obs.shape} but expected {exp.shape}", goal.label)
    if not np.isfinite(tol).all() or (tol < 0).any():
        return Outcome(ERROR, "a tolerance must be a finite number ≥ 0", goal.label)
    try:
        tol_b = np.broadcast_to(tol, obs.shape)
    except ValueError:
        return Outcome(ERROR, f"tolerance of shape {tol.shape} does not fit values of shape {obs.shape}", goal.label)
    if isinstance(goal.instances, bool) or not isinstance(goal.instances, (int, np.integer)) or goal.instances < 1:
        return Outcome(ERROR, "a witness needs at least one instance (an integer ≥ 1)", goal.label)
    data: dict[str, Any] = {"instances": int(goal.instances), "relative": goal.relative, **dict(goal.detail)}
    if obs.size == 0:
        return Outcome(ERROR, "the witness compared no values", goal.label, data=data)
    finite = np.isfinite(obs) & np.isfinite(exp)
    data["tolerance"] = float(np.max(tol_b))
    if not finite.all():
        bad = int(np.argmin(finite.ravel()))
        data["max_error"] = None
        return Outcome(VIOLATED, f"non-finite value at entry {bad}", goal.label, data=data)
    o, e, t = obs.ravel(), exp.ravel(), tol_b.ravel()
    with np.errstate(over="ignore", invalid="ignore"):
        err = np.abs(o - e)  # rounded; decided exactly below where it matters
    max_err = float(err.max())
    data["max_error"] = max_err
    bound = t * np.abs(e) if goal.relative else t
    # Float screening with a margin for the rounding of err and bound; entries near the boundary
    # (and any float overflow) are decided exactly on the rationals of the floats.
    clear_in = np.isfinite(err) & (err <= bound * (1 - 4 * _EPS) - _TINY)
    clear_out = np.isfinite(err) & np.isfinite(bound) & (err > bound * (1 + 4 * _EPS) + 4 * _EPS * np.abs(o - e))
    worst = None
    for i in np.flatnonzero(~clear_in):
        if clear_out[i]:
            ok = False
        else:
            exact_err = abs(Fraction(float(o[i])) - Fraction(float(e[i])))
            limit = Fraction(float(t[i])) * (abs(Fraction(float(e[i]))) if goal.relative else 1)
            ok = exact_err <= limit
        if not ok:
            worst = int(i)
            break
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(bound > 0, err / np.where(bound > 0, bound, 1.0), np.where(err == 0, 0.0, np.inf))
    data["max_error_over_tolerance"] = float(ratio.max())
    if worst is None:
        return Outcome(HOLDS, f"max error {max_err:.3e} within tolerance {data['tolerance']:.3e} "
                       f"on {goal.instances} instances (compared exactly)", goal.label, data=data)
    return Outcome(VIOLATED, f"error exceeds the tolerance at entry {worst} "
                   f"(|{o[worst]!r} − {e[worst]!r}| > {t[worst]!r}{'·|expected|' if goal.relative else ''})",
                   goal.label, data=data)


def decide_float_predicate(goal: FloatPredicate) -> Outcome:
    try:
        value = ieee.evaluate(goal.predicate, goal.point, goal.dtype)
    except ieee.EvaluationError as exc:
        return Outcome(ERROR, f"cannot evaluate the IEEE predicate: {exc}", goal.label)
    if not isinstance(goal.predicate, ieee.Pred):
        return Outcome(ERROR, "a FloatPredicate needs a predicate (a comparison, finite(...), ...), not a term",
                       goal.label)
    shown = {"predicate": str(goal.predicate), "dtype": goal.dtype,
             "point": {k: repr(float(v)) for k, v in goal.point.items()},
             "values": ieee.trace(goal.predicate, goal.point, goal.dtype)}
    if value:
        return Outcome(HOLDS, f"{goal.predicate} holds in {goal.dtype} at the point", goal.label, data=shown)
    return Outcome(VIOLATED, f"{goal.predicate} is false in {goal.dtype} at the point (evaluated by the engine)",
                   goal.label, confirmed=True, counterexample=shown)
