"""Evidence: what a discharger found, as plain data that crosses process boundaries.

A discharger decides each *goal* into an :class:`Outcome` (does the stated property hold?);
:func:`obligation_status` then maps outcomes and the obligation's role to a status. Neither step
takes a verdict from the claim author.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from .vocabulary import Result, Scope, Status

STATUSES = Status.values()

HOLDS, VIOLATED, UNKNOWN, ERROR = Result.HOLDS, Result.VIOLATED, Result.UNKNOWN, Result.ERROR


class SolverInfo(TypedDict, total=False):
    """The deciding solver of an obligation's SMT goals and what they cost."""

    name: str
    version: str
    rlimit: int
    safety_s: float
    rlimit_used: int


class SecondSolverSummary(TypedDict, total=False):
    """cvc5's answers on the obligation's deciding goals (``mixed`` when they differ)."""

    name: str
    version: str | None
    status: str
    seconds: float
    goals: dict[str, int]
    reasons: list[str]
    reason: str


class ConverseSummary(TypedDict, total=False):
    """The engine-built converse: ``proved`` makes the claim tautological."""

    status: str
    premise: list[str]
    goals: int
    detail: str
    countermodel: dict[str, Any]


class Vacuity(TypedDict):
    """Whether the hypotheses alone are satisfiable (a re-checked model) or contradict each other."""

    status: str
    model: dict[str, Any] | None
    detail: str


class StoreInfo(TypedDict, total=False):
    """Where the evidence came from: ``computed`` now, or ``cached`` (with when and where)."""

    status: str
    goals_from_store: int
    goals: int
    warnings: list[str]
    computed_at: str
    machine: str
    key: str


class EvidenceData(TypedDict, total=False):
    """The obligation-level record beside an :class:`Evidence`'s status, typed so that every
    module reading it (reports, the store, the runner) is checked against one declaration."""

    goals: list[dict[str, Any]]
    """One entry per goal: label, result, detail and the discharger's per-goal details."""
    solver: SolverInfo
    second_solver: SecondSolverSummary
    converse: ConverseSummary
    vacuity: Vacuity
    used_hypotheses: list[str]
    necessary: dict[str, dict[str, Any]]
    """Hypotheses shown necessary, each with its re-checked countermodel."""
    redundant: list[str]
    necessity_undecided: list[str]
    inconsistent_axioms: list[str]
    brittle: list[str]
    store: StoreInfo
    shared_from: str
    """``claim/obligation`` whose discharge this evidence reuses (an obligation listed twice)."""
    traceback: str
    timeout_s: float
    """The wall-clock safety net that ended the obligation (its status is then ``unknown``)."""


@dataclass(frozen=True)
class Outcome:
    """The decision on one goal.

    ``violated`` with ``confirmed=True`` means a counterexample was re-checked by an independent
    method; ``confirmed=False`` is a failed tolerance or similar, which fails a supporting
    obligation but never refutes a claim.
    """

    result: str
    detail: str
    label: str = ""
    confirmed: bool = False
    counterexample: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.result, str) and self.result in Result.values():
            object.__setattr__(self, "result", Result(self.result))


@dataclass(frozen=True)
class Evidence:
    """The result of one obligation: status, time, detail and method-specific data.

    ``scope`` is how far the obligation reaches, computed by the engine from the goal kinds it
    decided (``all``, ``bounded``, ``instances``; ``none`` when no goal was decided);
    ``tautology`` says the evidence shows the claim restates its premise (a proved converse,
    or two sides that are the same term); ``vacuous`` that it proves the claim's premise can
    never hold (a :class:`~verify.goals.Vacuous` goal).
    """

    status: str
    detail: str
    seconds: float
    counterexample: dict[str, Any] | None = None
    confirmed: bool = False
    data: EvidenceData = field(default_factory=lambda: EvidenceData())
    scope: str = "none"
    tautology: bool = False
    vacuous: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.status, str) and self.status in Status.values():
            object.__setattr__(self, "status", Status(self.status))
        if isinstance(self.scope, str) and self.scope in Scope.values():
            object.__setattr__(self, "scope", Scope(self.scope))


def obligation_status(role: str, outcomes: list[Outcome]) -> tuple[str, str, Outcome | None]:
    """Combine goal outcomes into (status, detail, the outcome that decided it).

    Supporting roles need every goal to hold. A refuting obligation needs one confirmed
    counterexample; a goal that holds is a failed refutation.
    """
    if not outcomes:
        return "error", "the obligation produced no goal", None
    errors = [o for o in outcomes if o.result == ERROR]
    unknowns = [o for o in outcomes if o.result == UNKNOWN]
    violated = [o for o in outcomes if o.result == VIOLATED]
    if role == "refutes":
        confirmed = [o for o in violated if o.confirmed]
        if errors:  # a broken goal is not outweighed by a confirmed one: the check itself is suspect
            return "error", errors[0].detail, errors[0]
        if confirmed:
            return "discharged", f"counterexample confirmed: {confirmed[0].detail}", confirmed[0]
        if unknowns:
            return "unknown", unknowns[0].detail, unknowns[0]
        if violated:
            return "error", f"refutation without a re-checked counterexample: {violated[0].detail}", violated[0]
        return "failed", "no counterexample: " + "; ".join(_labelled(o) for o in outcomes), outcomes[0]
    if errors:
        return "error", errors[0].detail, errors[0]
    if violated:
        return "failed", _labelled(violated[0]), violated[0]
    if unknowns:
        return "unknown", _labelled(unknowns[0]), unknowns[0]
    return "discharged", "; ".join(_labelled(o) for o in outcomes), None


def _labelled(o: Outcome) -> str:
    return f"{o.label}: {o.detail}" if o.label else o.detail
