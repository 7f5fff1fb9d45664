"""The ``numeric`` discharger: witnesses within a stated tolerance, NaN and inf fail."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..evidence import ERROR, HOLDS, VIOLATED, Outcome
from ..goals import Witness


def decide_witness(goal: Witness) -> Outcome:
    obs = np.asarray(goal.observed, dtype=float)
    exp = np.asarray(goal.expected, dtype=float)
    tol = np.asarray(goal.tolerance, dtype=float)
    if obs.shape != exp.shape:
        # Broadcasting (n,) against (n, 1) would silently compare all n² pairs.
        return Outcome(ERROR, f"observed has shape {obs.shape} but expected {exp.shape}", goal.label)
    try:
        np.broadcast_to(tol, obs.shape)
    except ValueError:
        return Outcome(ERROR, f"tolerance of shape {tol.shape} does not fit values of shape {obs.shape}", goal.label)
    if goal.instances < 1:
        return Outcome(ERROR, "a witness needs at least one instance", goal.label)
    err = np.abs(obs - exp)
    if goal.relative:
        err = err / np.maximum(np.abs(exp), np.finfo(float).tiny)
    data: dict[str, Any] = {"instances": int(goal.instances), "relative": goal.relative, **dict(goal.detail)}
    finite = np.isfinite(err) & np.isfinite(obs)
    if not finite.all():
        bad = int(np.argmin(finite.ravel()))
        data["max_error"] = None
        data["tolerance"] = float(np.max(tol))
        return Outcome(VIOLATED, f"non-finite value at instance {bad}", goal.label, data=data)
    tol_b = np.broadcast_to(tol, err.shape)
    # A zero tolerance demands exact equality: 0/0 is "within", anything else is infinitely over.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(tol_b > 0, err / np.where(tol_b > 0, tol_b, 1.0), np.where(err == 0, 0.0, np.inf))
    max_err = float(err.max()) if err.size else 0.0
    data["max_error"] = max_err
    data["tolerance"] = float(np.max(tol)) if tol.size else 0.0
    data["max_error_over_tolerance"] = float(ratio.max()) if ratio.size else 0.0
    if err.size == 0:
        return Outcome(VIOLATED, "the witness compared no values", goal.label, data=data)
    if (ratio <= 1.0).all():
        return Outcome(HOLDS, f"max error {max_err:.3e} within tolerance {data['tolerance']:.3e} "
                       f"on {goal.instances} instances", goal.label, data=data)
    worst = int(np.argmax(ratio.ravel()))
    return Outcome(VIOLATED, f"max error {max_err:.3e} exceeds tolerance (worst entry {worst}, "
                   f"{float(ratio.ravel()[worst]):.3g}× its bound)", goal.label, data=data)
