"""A pytest plugin: ``pytest --verify [PATTERN ...]`` runs the obligations of claims as tests.

Registered through the ``pytest11`` entry point (``verify = "verify.pytest_plugin"``). Without
``--verify`` it does nothing: no claim pack is imported and no test is added.

With ``--verify``, each obligation of each selected claim is one test item, ``CLAIM-ID::OBLIGATION-ID``
(an item under a collector per claim, so ``-k``, ``-x``, ``--lf``, ``--durations``, JUnit XML and
pytest-xdist work on stable node ids). An item runs its obligation through the engine exactly as
``verify run`` does (:func:`verify.run.run_obligations`: a forked worker in a process group of its
own, under the obligation's wall-clock safety net) and

* passes when the obligation is ``discharged``;
* fails when it is ``failed`` or ``error``, with the evidence's detail as the failure message;
* fails when it is ``unknown`` — unless ``--verify-allow-unknown`` is given or the obligation
  declares ``allow_unknown``; then it is skipped, with the detail as the reason.

Options::

    --verify [PATTERN ...]      claims whose id (or an ancestor's) matches a glob; repeatable, and a
                                value may hold several patterns separated by spaces or commas;
                                without PATTERN every claim. Put file arguments before --verify
                                (a value that looks like a path is refused with a usage error).
    --verify-path DIR           also load claim modules (*.py) from DIR (repeatable), like verify --path
    --verify-no-entry-points    load claims only from --verify-path (not the installed claim packs)
    --verify-allow-unknown      an unknown obligation is skipped instead of failed
    --verify-slow               also collect obligations marked slow (like verify run --slow)
    --verify-no-second-solver   do not re-decide SMT goals with cvc5

When ``--verify`` is given without file or directory arguments, only claims are collected (the
configured ``testpaths`` are not); with explicit paths, both their tests and the claims run.
Obligations carry the marker ``verify`` (and ``slow`` for slow ones), and their method and role
as keywords (``-k smt``, ``-k refutes``).
"""
from __future__ import annotations

import inspect
import os
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ITEM_MARKER = "verify"
LOAD_ERRORS_NODE = "verify-load-errors"


@dataclass
class _State:
    claims_only: bool
    """No file or directory argument was given: collect the claims only, not the testpaths."""
    patterns: list[str]
    paths: list[str]
    entry_points: bool
    allow_unknown: bool
    slow: bool
    second_solver: bool
    settings: Any = None
    registry: Any = None
    claims: list[Any] = field(default_factory=list)


_STATE = pytest.StashKey[_State]()


def pytest_addoption(parser: pytest.Parser) -> None:
    g = parser.getgroup("verify", "verify: claims decided by the engine, one test per obligation")
    g.addoption("--verify", action="append", nargs="*", default=None, dest="verify", metavar="PATTERN",
                help="collect the obligations of the claims matching PATTERN (a glob on claim ids; a pattern "
                     "selecting a claim selects its sub-claims) as tests; repeatable; without PATTERN every "
                     "claim. Put paths before --verify (or write --verify=PATTERN).")
    g.addoption("--verify-path", action="append", default=[], dest="verify_path", metavar="DIR",
                help="also load claim modules (*.py) from DIR (repeatable), like `verify --path`; write "
                     "--verify-path=DIR (pytest takes a separate existing path into its rootdir search)")
    g.addoption("--verify-no-entry-points", action="store_true", dest="verify_no_entry_points",
                help="load claims only from --verify-path directories, not the installed claim packs")
    g.addoption("--verify-allow-unknown", action="store_true", dest="verify_allow_unknown",
                help="skip (instead of fail) an obligation whose evidence is unknown")
    g.addoption("--verify-slow", action="store_true", dest="verify_slow",
                help="also collect obligations marked slow")
    g.addoption("--verify-no-second-solver", action="store_true", dest="verify_no_second_solver",
                help="do not re-decide SMT goals with cvc5")


def _patterns(values: list[list[str]]) -> list[str]:
    out = []
    for v in (x for group in values for x in group):
        for p in re.split(r"[\s,]+", v.strip()):
            if not p:
                continue
            if "/" in p or os.sep in p or p.endswith(".py") or "::" in p:
                raise pytest.UsageError(
                    f"--verify {p}: a claim pattern is a glob on claim ids (e.g. 'yang.softmax.*'), not a path; "
                    "write --verify=PATTERN, or put paths before --verify")
            out.append(p)
    return out


def pytest_configure(config: pytest.Config) -> None:
    values = config.getoption("verify")
    if values is None:
        return
    config.addinivalue_line("markers", f"{ITEM_MARKER}: an obligation of a verify claim (pytest --verify)")
    if not any(line.split(":", 1)[0].strip() == "slow" for line in config.getini("markers")):
        config.addinivalue_line("markers", "slow: a slow verify obligation (collected with --verify-slow)")
    worker = getattr(config, "workerinput", None)  # an xdist worker: the controller decided
    if worker is not None and "verify_claims_only" in worker:
        claims_only = bool(worker["verify_claims_only"])
    else:
        claims_only = config.args_source != pytest.Config.ArgsSource.ARGS
    config.stash[_STATE] = _State(
        claims_only=claims_only,
        patterns=_patterns(values),
        paths=[str(config.invocation_params.dir / p) for p in config.getoption("verify_path")],
        entry_points=not config.getoption("verify_no_entry_points"),
        allow_unknown=bool(config.getoption("verify_allow_unknown")),
        slow=bool(config.getoption("verify_slow")),
        second_solver=not config.getoption("verify_no_second_solver"),
    )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: tell each worker what the controller decided (the same claims only)."""
    st = node.config.stash.get(_STATE, None)
    if st is not None:
        node.workerinput["verify_claims_only"] = st.claims_only


def pytest_report_header(config: pytest.Config) -> str | None:
    st = config.stash.get(_STATE, None)
    if st is None:
        return None
    pats = " ".join(st.patterns) or "(every claim)"
    extra = f"; paths: {' '.join(st.paths)}" if st.paths else ""
    return f"verify: claims {pats}{extra}"


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
        collector: pytest.Collector) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    rep = yield
    if not isinstance(collector, pytest.Session):
        return rep
    st = collector.config.stash.get(_STATE, None)
    if st is None:
        return rep
    nodes = _claim_nodes(collector, st)
    if st.claims_only:
        rep.result = nodes
    else:
        rep.result = list(rep.result) + nodes
    return rep


def _claim_nodes(session: pytest.Session, st: _State) -> list[pytest.Item | pytest.Collector]:
    from .discharge import DischargeSettings
    from .discharge.second_solver import available
    from .errors import UsageError
    from .registry import discover
    from .run import select

    reg = discover(st.paths, use_entry_points=st.entry_points)
    try:
        claims = select(reg, st.patterns)
    except UsageError as exc:
        raise pytest.UsageError(f"--verify: {exc}") from None
    st.registry, st.claims = reg, claims
    st.settings = DischargeSettings(second_solver=st.second_solver and available())
    nodes: list[pytest.Item | pytest.Collector] = [ClaimCollector.from_parent(session, claim=c, state=st)
                                                   for c in claims]
    if reg.errors:
        nodes.append(LoadErrors.from_parent(session, errors=list(reg.errors)))
    return nodes


def _source_path(claim: Any, fallback: Path) -> Path:
    src = getattr(claim, "source", "") or ""
    p = Path(src)
    return p.resolve() if src and p.exists() else fallback


def check_site(ob: Any) -> tuple[Path | None, int | None]:
    """The file and (1-based) first line of an obligation's check function, when known."""
    target = getattr(ob.check, "func", ob.check)
    try:
        f = inspect.getsourcefile(target)
        line = inspect.getsourcelines(target)[1]
    except (OSError, TypeError):
        return None, None
    return (Path(f).resolve() if f else None), (max(1, line) if f else None)


class ClaimCollector(pytest.Collector):
    """The obligations of one claim (node id: the claim id)."""

    def __init__(self, *, claim: Any, state: _State, **kw: Any) -> None:
        kw.setdefault("name", claim.id)
        kw.setdefault("nodeid", claim.id)
        parent = kw.get("parent")
        kw.setdefault("path", _source_path(claim, Path(getattr(parent, "path", Path.cwd()))))
        super().__init__(**kw)
        self.claim = claim
        self.state = state
        self.add_marker(ITEM_MARKER)

    def collect(self) -> list[pytest.Item]:
        return [ObligationItem.from_parent(self, name=ob.id, claim=self.claim, obligation=ob, state=self.state)
                for ob in self.claim.obligations if self.state.slow or not getattr(ob, "slow", False)]

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.claim.id


class ObligationNotDischarged(Exception):
    """An obligation's evidence is failed, error, or a disallowed unknown."""

    def __init__(self, item: ObligationItem, evidence: Any) -> None:
        super().__init__(f"{item.claim.id}/{item.obligation.id}: {evidence.status}: {evidence.detail}")
        self.item = item
        self.evidence = evidence


class ObligationItem(pytest.Item):
    """One obligation of a claim (node id ``CLAIM-ID::OBLIGATION-ID``)."""

    def __init__(self, *, claim: Any, obligation: Any, state: _State, **kw: Any) -> None:
        f, line = check_site(obligation)
        if f is not None:
            kw.setdefault("path", f)
        super().__init__(**kw)
        self.claim = claim
        self.obligation = obligation
        self.state = state
        self.evidence: Any = None
        self._line = line
        self.extra_keyword_matches.update({obligation.method, obligation.role})
        if getattr(obligation, "slow", False):
            self.add_marker("slow")

    def runtest(self) -> None:
        from .evidence import Evidence
        from .run import Interrupted, run_obligations

        key = (self.claim.id, self.obligation.id)
        try:
            ev = run_obligations([(self.claim, self.obligation)], self.state.settings, 1).get(key)
        except Interrupted as exc:
            if exc.name == "SIGINT":
                raise KeyboardInterrupt from None
            pytest.exit(f"verify: interrupted by {exc.name}", returncode=143)
        if ev is None:  # cannot happen unless the engine changes: say so rather than pass
            ev = Evidence("error", "the engine returned no evidence for this obligation", 0.0)
        self.evidence = ev
        self.user_properties += [("status", ev.status), ("method", self.obligation.method),
                                 ("role", self.obligation.role), ("scope", ev.scope)]
        if ev.status == "discharged":
            return
        if ev.status == "unknown" and (self.state.allow_unknown or self.obligation.allow_unknown):
            # Reported at the obligation, not at this line of the plugin.
            raise pytest.skip.Exception(f"unknown (allowed): {ev.detail}", _use_item_location=True)
        raise ObligationNotDischarged(self, ev)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ObligationNotDischarged):
            return describe_failure(self, excinfo.value.evidence)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self._line - 1 if self._line else None  # pytest counts from 0 here
        # Not a suffix of the node id: pytest would rewrite the dots of a "Class.method" domain.
        return self.path, line, f"{self.claim.id}/{self.obligation.id}"


def describe_failure(item: ObligationItem, ev: Any) -> str:
    """The failure message: status and detail first (pytest's short summary shows that line),
    then the claim, the obligation, the counterexample and where the check function is."""
    ob = item.obligation
    lines = [f"{ev.status} [{ob.method}/{ob.role}]: {' '.join(str(ev.detail).split())}",
             f"  claim: {item.claim.id}: {item.claim.statement}",
             f"  obligation: {ob.id}: {ob.statement}"]
    if ev.status == "unknown":
        lines.append("  unknown is not a pass (--verify-allow-unknown skips unknown obligations)")
    if ev.counterexample is not None:
        lines.append(f"  counterexample: {ev.counterexample}")
    for k in ("used_hypotheses", "redundant", "vacuity", "second_solver"):
        if ev.data.get(k):
            lines.append(f"  {k.replace('_', ' ')}: {ev.data[k]}")
    f, line = check_site(ob)
    if f is not None:
        try:
            shown = os.path.relpath(f, item.config.invocation_params.dir)
        except ValueError:
            shown = str(f)
        lines.append(f"  check: {shown}:{line}")
    if ev.data.get("traceback"):
        lines.append("  traceback:\n" + "\n".join("    " + x for x in str(ev.data["traceback"]).splitlines()))
    return "\n".join(lines)


class LoadErrors(pytest.Collector):
    """Claim modules that could not be loaded: one failing item each (like `verify run`, exit 1)."""

    def __init__(self, *, errors: list[Any], **kw: Any) -> None:
        kw.setdefault("name", LOAD_ERRORS_NODE)
        kw.setdefault("nodeid", LOAD_ERRORS_NODE)
        super().__init__(**kw)
        self.errors = errors

    def collect(self) -> list[pytest.Item]:
        return [LoadErrorItem.from_parent(self, name=e.source, error=e) for e in self.errors]


class ClaimModuleLoadError(Exception):
    pass


class LoadErrorItem(pytest.Item):
    def __init__(self, *, error: Any, **kw: Any) -> None:
        super().__init__(**kw)
        self.error = error

    def runtest(self) -> None:
        raise ClaimModuleLoadError(f"{self.error.source}: {self.error.message}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ClaimModuleLoadError):
            return f"cannot load claim module {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"load error: {self.error.source}"
