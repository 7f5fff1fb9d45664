"""Claims as data: Claim, Hypothesis, Obligation and the validation run at load time.

A claim says what a paper asserts; its obligations say how the project decides it. Nothing
here decides anything: dischargers produce evidence and :mod:`verify.verdict` turns evidence
into verdicts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import ClaimDefinitionError

METHODS = ("symbolic", "smt", "numeric", "exact")
"""How an obligation is discharged: sympy, z3, floating point, rational/enumeration."""

ROLES = ("supports", "refutes", "converse", "definitional")
"""What a discharged obligation means for its claim.

- ``supports``: evidence that the claim holds.
- ``refutes``: exhibits a counterexample to the claim; discharged only when the counterexample
  has been re-checked by an independent method.
- ``converse``: proves the converse of the claim; together with the supports it shows the
  hypothesis is the conclusion restated (verdict ``tautological``).
- ``definitional``: shows both sides of the claim are the same computation (``tautological``).
"""

SCOPES = ("all", "bounded", "instances")
"""How far a discharged supporting obligation reaches: every value, every size up to a bound,
or the stated instances only. Defaults come from the method (see :meth:`Obligation.effective_scope`)."""

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_OB_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


@dataclass(frozen=True)
class Hypothesis:
    """A named assumption of a claim, e.g. ``evidence_positive``: "m_x > 0"."""

    name: str
    statement: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "statement": self.statement}


@dataclass(frozen=True)
class Obligation:
    """One checkable statement and how to check it.

    ``check`` is a zero-argument function returning one goal (or a list of goals) from
    :mod:`verify.goals` of the kind its ``method`` decides. It runs in a worker process under
    ``timeout`` seconds.

    ``cross_check`` obligations must be discharged for the gate but do not weaken the verdict
    (a bounded z3 check beside an unbounded proof). ``slow`` obligations run only with
    ``verify run --slow``. ``allow_unknown`` lets the gate pass on ``unknown`` (say why in the
    statement). ``uses`` names the claim hypotheses the obligation relies on.
    """

    id: str
    method: str
    role: str
    statement: str
    check: Callable[[], Any]
    timeout: float = 60.0
    scope: str | None = None
    bound: str | None = None
    cross_check: bool = False
    allow_unknown: bool = False
    uses: tuple[str, ...] = ()
    slow: bool = False

    def effective_scope(self) -> str:
        if self.scope is not None:
            return self.scope
        if self.method == "symbolic":
            return "all"
        if self.method == "smt":
            return "bounded" if self.bound else "all"
        return "instances"


@dataclass(frozen=True)
class Claim:
    """A paper claim (or sub-claim: its id extends its parent's with one more dotted part)."""

    id: str
    paper: str
    where: str
    statement: str
    obligations: tuple[Obligation, ...] = ()
    hypotheses: tuple[Hypothesis, ...] = ()
    latex: str = ""
    formal: bool = True
    note: str = ""
    source: str = field(default="", compare=False)

    @property
    def parent_id(self) -> str | None:
        return self.id.rsplit(".", 1)[0] if self.id.count(".") >= 2 else None

    def obligation(self, ob_id: str) -> Obligation:
        for ob in self.obligations:
            if ob.id == ob_id:
                return ob
        raise KeyError(f"{self.id} has no obligation {ob_id!r}")


def _need_text(value: Any, what: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ClaimDefinitionError(f"{what}: missing or empty (must be a non-empty string)")


def validate_claim(claim: Any) -> None:
    """Raise :class:`ClaimDefinitionError` naming the first malformed field of ``claim``."""
    if not isinstance(claim, Claim):
        raise ClaimDefinitionError(f"CLAIMS entry is a {type(claim).__name__}, not a verify.Claim")
    _need_text(claim.id, "claim id")
    if not _ID.match(claim.id):
        raise ClaimDefinitionError(
            f"claim id {claim.id!r}: must be dotted lower-case words, e.g. 'yang.softmax.distribution'")
    for name in ("paper", "where", "statement"):
        _need_text(getattr(claim, name), f"{claim.id}: field '{name}'")
    if not isinstance(claim.hypotheses, tuple) or not isinstance(claim.obligations, tuple):
        raise ClaimDefinitionError(f"{claim.id}: hypotheses and obligations must be tuples")
    seen_h: set[str] = set()
    for i, h in enumerate(claim.hypotheses):
        if not isinstance(h, Hypothesis):
            raise ClaimDefinitionError(f"{claim.id}: hypotheses[{i}] is not a Hypothesis")
        _need_text(h.name, f"{claim.id}: hypotheses[{i}].name")
        _need_text(h.statement, f"{claim.id}: hypotheses[{i}].statement")
        if h.name in seen_h:
            raise ClaimDefinitionError(f"{claim.id}: duplicate hypothesis name {h.name!r}")
        seen_h.add(h.name)
    if not claim.obligations and claim.formal:
        raise ClaimDefinitionError(f"{claim.id}: a formal claim needs at least one obligation")
    seen_o: set[str] = set()
    for i, ob in enumerate(claim.obligations):
        where = f"{claim.id}: obligations[{i}]"
        if not isinstance(ob, Obligation):
            raise ClaimDefinitionError(f"{where} is not an Obligation")
        _need_text(ob.id, f"{where}.id")
        if not _OB_ID.match(ob.id):
            raise ClaimDefinitionError(f"{where}.id {ob.id!r}: use lower-case letters, digits, '_', '-', '.'")
        if ob.id in seen_o:
            raise ClaimDefinitionError(f"{claim.id}: duplicate obligation id {ob.id!r}")
        seen_o.add(ob.id)
        _need_text(ob.statement, f"{where}.statement")
        if ob.method not in METHODS:
            raise ClaimDefinitionError(f"{where}.method {ob.method!r}: must be one of {', '.join(METHODS)}")
        if ob.role not in ROLES:
            raise ClaimDefinitionError(f"{where}.role {ob.role!r}: must be one of {', '.join(ROLES)}")
        if ob.scope is not None and ob.scope not in SCOPES:
            raise ClaimDefinitionError(f"{where}.scope {ob.scope!r}: must be one of {', '.join(SCOPES)}")
        if ob.effective_scope() == "bounded" and not ob.bound:
            raise ClaimDefinitionError(f"{where}: a bounded obligation must state its bound")
        if not callable(ob.check):
            raise ClaimDefinitionError(f"{where}.check is not callable")
        if not (isinstance(ob.timeout, (int, float)) and ob.timeout > 0):
            raise ClaimDefinitionError(f"{where}.timeout must be a positive number of seconds")
        for u in ob.uses:
            if u not in seen_h:
                raise ClaimDefinitionError(f"{where}.uses names unknown hypothesis {u!r}")
