"""Claims as data: Claim, Hypothesis, Obligation and the validation run at load time.

A claim says what a paper asserts; its obligations say how the project decides it. Nothing
here decides anything: dischargers produce evidence and :mod:`verify.verdict` turns evidence
into verdicts.
"""
from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import ClaimDefinitionError
from .goals import Family
from .vocabulary import Method, Reading, Role, Scope

METHODS = Method.values()
"""How an obligation is discharged (:class:`~verify.vocabulary.Method`)."""
ROLES = Role.values()
"""What a discharged obligation means for its claim (:class:`~verify.vocabulary.Role`)."""
READINGS = Reading.values()
"""Which statement a claim decides (:class:`~verify.vocabulary.Reading`)."""
SCOPES = tuple(v for v in Scope.values() if v != Scope.NONE)
"""How far a discharged obligation can reach (:class:`~verify.vocabulary.Scope`, computed by
the engine from the goals, :func:`verify.goals.scope_of`)."""

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

    ``check`` returns exactly one goal from :mod:`verify.goals` of a kind its ``method``
    decides. With a ``family`` the engine calls ``check(value)`` once per value of the family's
    parameter and prints the bound itself; there is no other way to return several goals.

    ``timeout`` (seconds) is a safety net only: solver work is bounded by deterministic
    resource limits (``rlimit``, z3 resource units per query, default from the run settings),
    so a verdict does not depend on how busy the machine is. Set it far above the normal time.

    ``cross_check`` obligations must be discharged for the gate but do not weaken the verdict
    (a bounded z3 check beside an unbounded proof); they can never raise it either. ``slow``
    obligations run only with ``verify run --slow``. ``allow_unknown`` lets the gate pass on
    ``unknown`` (say why in the statement). ``uses`` names the claim hypotheses it relies on.
    ``requires`` names optional Python modules the check needs (e.g. ``("torch",)``); when one is
    not installed the obligation is skipped and the run says so. Like ``slow``, only a
    cross-check may require one, so no verdict depends on what is installed.
    """

    id: str
    method: str
    role: str
    statement: str
    check: Callable[..., Any]
    timeout: float = 300.0
    family: Family | None = None
    cross_check: bool = False
    allow_unknown: bool = False
    uses: tuple[str, ...] = ()
    slow: bool = False
    rlimit: int | None = None
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Plain strings become the vocabulary's members; an unknown word stays as written so
        # that validate_claim can name it.
        for name, vocab in (("method", Method), ("role", Role)):
            value = getattr(self, name)
            if isinstance(value, str) and value in vocab.values():
                object.__setattr__(self, name, vocab(value))

    @property
    def bound(self) -> str | None:
        """The bound a discharged family of proofs reaches (computed from the family)."""
        return self.family.bound() if self.family is not None else None


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
    reading: str = ""
    """Which statement the claim decides (one of :data:`READINGS`; empty: not stated)."""
    explanation: str = ""
    """Two or three plain-language sentences on what was found, for readers who have not read
    the paper (shown in the generated catalogue)."""
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # A check decorated with @supports/@refutes/@definitional stands for its obligation.
        if isinstance(self.obligations, tuple):
            object.__setattr__(self, "obligations", tuple(obligation_of(o) for o in self.obligations))
        if isinstance(self.reading, str) and self.reading in Reading.values():
            object.__setattr__(self, "reading", Reading(self.reading))

    @property
    def parent_id(self) -> str | None:
        return self.id.rsplit(".", 1)[0] if self.id.count(".") >= 2 else None

    def obligation(self, ob_id: str) -> Obligation:
        for ob in self.obligations:
            if ob.id == ob_id:
                return ob
        raise KeyError(f"{self.id} has no obligation {ob_id!r}")


_OBLIGATION_ATTR = "__verify_obligation__"


def obligation_of(item: Any) -> Any:
    """The :class:`Obligation` a decorated check carries; anything else is returned unchanged
    (and rejected by :func:`validate_claim` if it is not an obligation)."""
    return getattr(item, _OBLIGATION_ATTR, item) if callable(item) and not isinstance(item, Obligation) else item


def _defined_at(fn: Callable[..., Any]) -> str:
    code = getattr(fn, "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else repr(fn)


def _check_decorator(role: Role) -> Callable[..., Callable[[Callable[..., Any]], Callable[..., Any]]]:
    def options(method: str, *, family: Family | None = None, timeout: float = 300.0, cross_check: bool = False,
                allow_unknown: bool = False, uses: tuple[str, ...] = (), slow: bool = False,
                rlimit: int | None = None, requires: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]],
                                                                                       Callable[..., Any]]:
        def attach(fn: Callable[..., Any]) -> Callable[..., Any]:
            name = getattr(fn, "__name__", "")
            if not callable(fn) or not name or name == "<lambda>":
                raise ClaimDefinitionError(f"@{role.value} decorates a named function, not {fn!r}")
            if hasattr(fn, _OBLIGATION_ATTR):
                raise ClaimDefinitionError(f"{_defined_at(fn)}: {name} is already an obligation; "
                                           "one check, one decorator")
            doc = inspect.getdoc(fn) or ""
            first = doc.strip().split("\n\n", 1)[0].replace("\n", " ").strip()
            if not first:
                raise ClaimDefinitionError(f"{_defined_at(fn)}: check {name} has no docstring: its first "
                                           "paragraph is the obligation's statement")
            ob = Obligation(id=name, method=method, role=role, statement=first, check=fn, timeout=timeout,
                            family=family, cross_check=cross_check, allow_unknown=allow_unknown,
                            uses=tuple(uses), slow=slow, rlimit=rlimit, requires=tuple(requires))
            setattr(fn, _OBLIGATION_ATTR, ob)
            return fn
        return attach
    options.__name__ = role.value
    options.__qualname__ = role.value
    options.__doc__ = (f"Mark a check function as an obligation whose role is ``{role.value}``.\n\n"
                       "The obligation's id is the function's name and its statement the docstring's first "
                       "paragraph; the options are those of :class:`Obligation`. The function is returned "
                       "unchanged (callable as before) and listed in a claim's ``obligations``.")
    return options


supports = _check_decorator(Role.SUPPORTS)
refutes = _check_decorator(Role.REFUTES)
definitional = _check_decorator(Role.DEFINITIONAL)


def _validate_family(fam: Any, where: str) -> None:
    if not isinstance(fam, Family):
        raise ClaimDefinitionError(f"{where} is a {type(fam).__name__}, not a verify.Family")
    if not isinstance(fam.parameter, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", fam.parameter):
        raise ClaimDefinitionError(f"{where}.parameter {fam.parameter!r}: must be a name such as 'n'")
    if not fam.values:
        raise ClaimDefinitionError(f"{where}: a family needs at least one value")
    for v in fam.values:
        if not isinstance(v, int) or isinstance(v, bool):
            raise ClaimDefinitionError(f"{where}: value {v!r} is not an integer")
    if len(set(fam.values)) != len(fam.values):
        raise ClaimDefinitionError(f"{where}: repeated values")


def _validate_arity(ob: Obligation, where: str) -> None:
    """A family's check takes the parameter; any other check takes nothing."""
    try:
        sig = inspect.signature(ob.check)
    except (TypeError, ValueError):  # a builtin without a signature: checked when it runs
        return
    args = [None] if ob.family is not None else []
    try:
        sig.bind(*args)
    except TypeError:
        if ob.family is not None:
            raise ClaimDefinitionError(
                f"{where}.check must take the family parameter {ob.family.parameter!r}") from None
        raise ClaimDefinitionError(
            f"{where}.check takes arguments: several goals need a declared family "
            "(Obligation(family=Family('n', range(...))))") from None


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
    for name in ("note", "explanation", "latex"):
        if not isinstance(getattr(claim, name), str):
            raise ClaimDefinitionError(f"{claim.id}: field '{name}' must be a string")
    if claim.reading and claim.reading not in READINGS:
        raise ClaimDefinitionError(f"{claim.id}: reading {claim.reading!r}: must be one of {', '.join(READINGS)}")
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
            what = (f"the function {getattr(ob, '__name__', ob)!r}, not decorated with @supports, @refutes or "
                    "@definitional" if callable(ob) else f"a {type(ob).__name__}")
            raise ClaimDefinitionError(f"{where} is {what}: list obligations or decorated checks")
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
        if ob.family is not None:
            _validate_family(ob.family, f"{where}.family")
        if ob.slow and not ob.cross_check:
            # A verdict must not depend on whether --slow was given: only extra evidence may be slow.
            raise ClaimDefinitionError(f"{where}: a slow obligation must be a cross-check (cross_check=True)")
        if not isinstance(ob.requires, tuple) or not all(
                isinstance(r, str) and re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", r) for r in ob.requires):
            raise ClaimDefinitionError(f"{where}.requires must be a tuple of module names, e.g. ('torch',)")
        if ob.requires and not ob.cross_check:
            # A verdict must not depend on which optional packages are installed.
            raise ClaimDefinitionError(f"{where}: an obligation that requires optional modules must be a "
                                       "cross-check (cross_check=True)")
        if not callable(ob.check):
            raise ClaimDefinitionError(f"{where}.check is not callable")
        _validate_arity(ob, where)
        if not (isinstance(ob.timeout, (int, float)) and not isinstance(ob.timeout, bool)
                and math.isfinite(ob.timeout) and ob.timeout > 0):
            raise ClaimDefinitionError(f"{where}.timeout must be a finite positive number of seconds")
        if ob.rlimit is not None and not (isinstance(ob.rlimit, int) and not isinstance(ob.rlimit, bool)
                                          and ob.rlimit > 0):
            raise ClaimDefinitionError(f"{where}.rlimit must be a positive integer (solver resource units)")
        for u in ob.uses:
            if u not in seen_h:
                raise ClaimDefinitionError(f"{where}.uses names unknown hypothesis {u!r}")
