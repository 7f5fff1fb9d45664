"""The ``exact`` discharger: comparisons in rational arithmetic, and re-checked counterexamples."""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..evidence import ERROR, HOLDS, VIOLATED, Outcome
from ..goals import Counterexample, ExactEqual


class NotExact(TypeError):
    pass


def _require_exact(v: Any, where: str) -> None:
    if isinstance(v, (bool, int, Fraction, str)):
        return
    if isinstance(v, (tuple, list)):
        for i, x in enumerate(v):
            _require_exact(x, f"{where}[{i}]")
        return
    raise NotExact(f"{where} is a {type(v).__name__}, not an exact value (int/Fraction)")


def decide_exact(goal: ExactEqual) -> Outcome:
    data: dict[str, Any] = {"cases": len(goal.cases), **dict(goal.detail)}
    if not goal.cases:
        return Outcome(ERROR, "the exact check compared nothing", goal.label, data=data)
    for label, lhs, rhs in goal.cases:
        try:
            _require_exact(lhs, f"{label}: lhs")
            _require_exact(rhs, f"{label}: rhs")
        except NotExact as exc:
            return Outcome(ERROR, str(exc), goal.label, data=data)
        if lhs != rhs:
            return Outcome(VIOLATED, f"{label}: {_show(lhs)} ≠ {_show(rhs)}", goal.label, confirmed=True,
                           counterexample={"case": label, "lhs": _show(lhs), "rhs": _show(rhs)}, data=data)
    return Outcome(HOLDS, f"{len(goal.cases)} exact case(s) equal", goal.label, data=data)


def _show(v: Any) -> Any:
    if isinstance(v, (tuple, list)):
        return [_show(x) for x in v]
    return str(v) if isinstance(v, Fraction) else v


def decide_counterexample(goal: Counterexample) -> Outcome:
    ok, why = goal.recheck()
    cex = {"description": goal.description, **{k: _jsonable(v) for k, v in goal.data.items()}}
    if ok is True:
        return Outcome(VIOLATED, f"{goal.description}; re-check: {why}", goal.label, confirmed=True,
                       counterexample=cex)
    return Outcome(ERROR, f"counterexample rejected by the independent re-check: {why}", goal.label,
                   counterexample=cex)


def _jsonable(v: Any) -> Any:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)
