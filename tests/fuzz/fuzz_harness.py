"""The fuzz harness: a statement of known truth, the engine's verdict on it, and the judgement.

A :class:`Case` is one statement a claim author could write (an obligation's method, role and
check), together with what is *known* about it, computed by the generator without the engine:

* ``truth``: ``True`` / ``False`` for the property the goal states (an identity for all values,
  an implication, a point equality, a tolerance, an IEEE predicate, …), ``None`` when the
  statement is ill-formed, undefined somewhere or vacuous — then no verdict may assert it or its
  negation;
* ``converse``: for implications with ``converse_of``, whether the engine-built converse holds
  (only then may the verdict be ``tautological``);
* ``ideal``: the verdicts that are fully right (e.g. ``{"error"}`` for a point outside the
  declared domain, ``{"unknown"}`` for a false identity, which the symbolic method cannot
  refute).

:func:`judge` runs the real discharger in-process (``verify.discharge.discharge``, the same
function a worker runs) and the real verdict rules (``verify.verdict.claim_verdict``), and sorts
the outcome into one of :data:`CATEGORIES`. ``false proved`` and ``false refuted`` are the
soundness failures the suite exists to find.
"""
from __future__ import annotations

import contextlib
import signal
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from claim_helpers import hypotheses_named_by
from verify import Claim, Obligation
from verify.claim import validate_claim
from verify.discharge import DischargeSettings, discharge
from verify.errors import ClaimDefinitionError
from verify.verdict import claim_verdict

POSITIVE = ("proved", "proved-bounded", "witnessed", "tautological")
"""Verdicts that assert the claim."""

CATEGORIES = ("ok", "false proved", "false refuted", "unknown", "error (not expected)", "other")
"""``unknown``: the engine said unknown where a decision (or an error) was the right answer —
incompleteness, not unsoundness. ``other``: a sound but not ideal verdict (``proved`` where the
converse also holds, ``unknown`` for a point outside the domain, …)."""

FALSE = ("false proved", "false refuted")

CASE_TIMEOUT_S = 60.0
"""A wall-clock guard per statement (sympy has no resource limit); hitting it counts as unknown."""


@dataclass
class Case:
    """One generated statement and what is known about it (see the module docstring)."""

    family: str
    method: str
    role: str
    check: Callable[..., Any]
    truth: bool | None
    ideal: frozenset[str]
    describe: str
    family_param: Any = None
    converse: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # hypothesis prints the falsifying example with this
        return f"Case[{self.family}/{self.method}/{self.role}, truth={self.truth}]: {self.describe}"


@dataclass
class Judged:
    case: Case
    verdict: str
    status: str
    detail: str
    category: str
    seconds: float


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise _Timeout()

    try:
        old = signal.signal(signal.SIGALRM, on_alarm)
    except ValueError:  # not the main thread: no guard
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


SETTINGS = {
    "cvc5": DischargeSettings(second_solver=True),
    # cvc5 with a tenth of its budget: its nonlinear queries can take seconds per goal; a smaller
    # budget only makes cvc5 answer less often (it can add an error on disagreement, never a verdict)
    "cvc5-lite": DischargeSettings(second_solver=True, cvc5_rlimit=50_000),
    "z3-only": DischargeSettings(second_solver=False),
}
"""Engine settings a fuzz run can use (``judge(case, settings=…)``)."""


def classify(case: Case, verdict: str) -> str:
    if verdict in POSITIVE:
        if case.truth is not True:
            return "false proved"
        if verdict == "tautological" and not case.converse:
            return "false proved"
    if verdict == "refuted" and case.truth is not False:
        return "false refuted"
    if verdict in case.ideal:
        return "ok"
    if verdict == "error":
        return "error (not expected)"
    if verdict == "unknown":
        return "unknown"
    return "other"


def judge(case: Case, settings: str = "cvc5", timeout_s: float = CASE_TIMEOUT_S) -> Judged:
    """Decide ``case`` with the engine and classify the verdict against the known truth."""
    ob = Obligation("ob", case.method, case.role, case.describe[:300] or "fuzz", case.check,
                    family=case.family_param, **dict(case.options))
    claim = Claim(id=f"fuzz.{case.method}.case", paper="fuzz", where="generated",
                  statement=case.describe[:300] or "fuzz", obligations=(ob,), hypotheses=hypotheses_named_by([ob]))
    t0 = time.perf_counter()
    try:
        validate_claim(claim)
    except ClaimDefinitionError as exc:
        verdict, status, detail = "error", "rejected", f"rejected at load: {exc}"
    else:
        try:
            with _time_limit(timeout_s):
                ev = discharge(claim, ob, SETTINGS[settings], deadline_s=timeout_s)
            verdict = claim_verdict(claim, {"ob": ev})[0]
            status, detail = ev.status, ev.detail
        except _Timeout:
            verdict, status, detail = "unknown", "timeout", f"no answer within {timeout_s} s"
    return Judged(case, verdict, status, detail, classify(case, verdict), time.perf_counter() - t0)


def explain(j: Judged) -> str:
    return (f"{j.category.upper()}: engine verdict {j.verdict!r} (status {j.status}: {j.detail[:300]})\n"
            f"  for {j.case!r}\n  ideal {sorted(j.case.ideal)}")


def assert_sound(case: Case, strict: bool = False) -> Judged:
    """The property the pytest suite checks: no false verdict (and, if ``strict``, no
    unexpected error)."""
    j = judge(case)
    assert j.category not in FALSE, explain(j)
    if strict:
        assert j.category != "error (not expected)", explain(j)
    return j


def ideal(*verdicts: str) -> frozenset[str]:
    return frozenset(verdicts)


@dataclass(frozen=True)
class FuzzFamily:
    """A generator of cases: ``strategy`` draws a :class:`Case`.

    ``weight`` is the number of statements it contributes to a ``make fuzz`` run of 10,000
    (scaled with ``--total``; a family with few distinct statements contributes fewer).
    ``known_bug`` (a reproducer and what is wrong) marks a family that exhibits a known engine
    bug giving false verdicts: its pytest property is ``xfail(strict=True)``, and the fuzz report
    lists it apart. ``false_error`` documents a known engine weakness that gives ``error`` on some
    well-formed statements of the family (sound, but wrong): the property then checks only that
    no verdict is false.
    """

    name: str
    method: str
    strategy: Any
    weight: float = 100
    known_bug: str | None = None
    false_error: str | None = None


# --- hypothesis profiles -------------------------------------------------------------------------

def register_profiles() -> None:
    """``fuzz-fast``: the ``make test`` profile (few examples per family, derandomized: the same
    statements on every run); ``fuzz``: the profile of ``make fuzz`` (bench/fuzz_report.py sets the
    number of examples and the seed per family)."""
    from hypothesis import HealthCheck, Phase, settings
    common = dict(database=None, deadline=None, suppress_health_check=list(HealthCheck), print_blob=False)
    settings.register_profile("fuzz-fast", max_examples=8, derandomize=True,
                              phases=(Phase.explicit, Phase.generate), **common)
    settings.register_profile("fuzz", max_examples=200, derandomize=False, phases=(Phase.generate,), **common)


def all_families() -> list[FuzzFamily]:
    import fuzz_exact
    import fuzz_numeric
    import fuzz_smt
    import fuzz_symbolic
    return fuzz_symbolic.FAMILIES + fuzz_smt.FAMILIES + fuzz_numeric.FAMILIES + fuzz_exact.FAMILIES
