"""Selecting claims, running their obligations in worker processes, and the run result.

Each obligation runs in its own forked worker process, so a hard time limit can be enforced
even when sympy or a solver does not return (the worker is killed and the obligation is
``unknown``). ``jobs`` workers run at once.
"""
from __future__ import annotations

import fnmatch
import multiprocessing as mp
import os
import platform
import time
import traceback
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any, Iterable

from .claim import Claim, Obligation
from .discharge import DischargeSettings, discharge
from .errors import ClaimLoadError, UsageError
from .evidence import Evidence
from .registry import Registry
from .verdict import claim_verdict

SCHEMA = 1
KILL_GRACE_S = 2.0


@dataclass(frozen=True)
class ObligationResult:
    claim_id: str
    obligation: Obligation
    evidence: Evidence


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: str
    bound: str | None
    obligations: tuple[ObligationResult, ...]
    seconds: float

    @property
    def discharged(self) -> int:
        return sum(1 for o in self.obligations if o.evidence.status == "discharged")

    def gate_ok(self) -> bool:
        return all(o.evidence.status == "discharged"
                   or (o.evidence.status == "unknown" and o.obligation.allow_unknown)
                   for o in self.obligations)


@dataclass(frozen=True)
class RunResult:
    claims: tuple[ClaimResult, ...]
    load_errors: tuple[ClaimLoadError, ...]
    versions: dict[str, str | None]
    seconds: float
    settings: DischargeSettings
    patterns: tuple[str, ...] = ()
    skipped_slow: tuple[str, ...] = ()

    @property
    def gate(self) -> str:
        ok = not self.load_errors and all(c.gate_ok() for c in self.claims)
        return "pass" if ok else "fail"

    def exit_code(self) -> int:
        """0 gate passes; 1 an obligation failed or errored, or a claim module is broken;
        2 something is unknown and nothing failed."""
        statuses = [o.evidence.status for c in self.claims for o in c.obligations
                    if not (o.evidence.status == "unknown" and o.obligation.allow_unknown)]
        if self.load_errors or any(s in ("failed", "error") for s in statuses):
            return 1
        if any(s == "unknown" for s in statuses):
            return 2
        return 0


def versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    import numpy
    import sympy
    import z3

    from .discharge.second_solver import cvc5_version
    try:
        me = version("bayes-verify")
    except PackageNotFoundError:
        me = "0+unknown"
    return {"verify": me, "python": platform.python_version(), "z3": z3.get_version_string(),
            "sympy": sympy.__version__, "numpy": numpy.__version__, "cvc5": cvc5_version()}


def matches(claim_id: str, patterns: Iterable[str]) -> bool:
    """A claim is selected when a glob matches its id or the id of one of its ancestors."""
    pats = list(patterns)
    if not pats:
        return True
    parts = claim_id.split(".")
    ancestors = [".".join(parts[:i]) for i in range(2, len(parts) + 1)]
    return any(fnmatch.fnmatchcase(a, p) for p in pats for a in ancestors)


def select(reg: Registry, patterns: Iterable[str]) -> list[Claim]:
    pats = list(patterns)
    chosen = [c for c in reg.sorted_claims() if matches(c.id, pats)]
    if pats and not chosen:
        raise UsageError(f"no claim matches {' '.join(pats)} (try `verify list`)")
    return chosen


def without_slow(claims: list[Claim]) -> tuple[list[Claim], list[str]]:
    """Drop ``slow`` obligations; a claim left with none is skipped whole (and named)."""
    kept, skipped = [], []
    for c in claims:
        fast = tuple(o for o in c.obligations if not o.slow)
        if len(fast) == len(c.obligations):
            kept.append(c)
        elif fast or not c.formal:
            kept.append(replace(c, obligations=fast))
        else:
            skipped.append(c.id)
    return kept, skipped


def _one_blas_thread() -> None:
    """Workers already run in parallel: a multi-threaded BLAS in each only oversubscribes cores."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except Exception:  # threadpoolctl missing or no BLAS loaded: nothing to limit
        pass


def _worker(conn: Connection, claim: Claim, ob: Obligation, settings: DischargeSettings, limit: float) -> None:
    try:
        _one_blas_thread()
        ev = discharge(claim, ob, settings, limit)
    except BaseException as exc:  # report anything, even SystemExit, as an error of this obligation
        ev = Evidence("error", f"worker crashed: {type(exc).__name__}: {exc}", 0.0,
                      data={"traceback": traceback.format_exc(limit=8)})
    try:
        conn.send(ev)
    except Exception as exc:  # unpicklable data in the evidence
        conn.send(Evidence("error", f"evidence could not be sent back: {exc}", ev.seconds))
    finally:
        conn.close()


def run_obligations(tasks: list[tuple[Claim, Obligation]], settings: DischargeSettings, jobs: int,
                    progress: Any = None) -> dict[tuple[str, str], Evidence]:
    """Run every (claim, obligation) with at most ``jobs`` workers; returns evidence by key."""
    ctx = mp.get_context("fork")
    pending = list(reversed(tasks))
    running: dict[Connection, tuple[Any, Claim, Obligation, float, float]] = {}
    results: dict[tuple[str, str], Evidence] = {}
    while pending or running:
        while pending and len(running) < max(1, jobs):
            claim, ob = pending.pop()
            limit = ob.timeout * settings.timeout_scale
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(send, claim, ob, settings, limit), daemon=True)
            proc.start()
            send.close()
            running[recv] = (proc, claim, ob, time.perf_counter(), limit)
        now = time.perf_counter()
        next_deadline = min(start + limit + KILL_GRACE_S for (_, _, _, start, limit) in running.values())
        ready = wait(list(running), timeout=max(0.01, next_deadline - now))
        for conn in ready:
            proc, claim, ob, start, limit = running.pop(conn)
            try:
                ev = conn.recv()
            except EOFError:
                code = proc.exitcode
                ev = Evidence("error", f"worker died without a result (exit code {code})",
                              time.perf_counter() - start)
            conn.close()
            proc.join(1)
            results[(claim.id, ob.id)] = ev
            if progress:
                progress(claim, ob, ev)
        now = time.perf_counter()
        for conn, (proc, claim, ob, start, limit) in list(running.items()):
            if now > start + limit + KILL_GRACE_S:
                proc.kill()
                proc.join(1)
                conn.close()
                del running[conn]
                ev = Evidence("unknown", f"time-out: killed after {limit:.1f}s limit", now - start,
                              data={"timeout_s": limit})
                results[(claim.id, ob.id)] = ev
                if progress:
                    progress(claim, ob, ev)
    return results


def run(reg: Registry, patterns: Iterable[str] = (), jobs: int | None = None,
        settings: DischargeSettings | None = None, progress: Any = None,
        include_slow: bool = False) -> RunResult:
    settings = settings or DischargeSettings()
    jobs = jobs or os.cpu_count() or 1
    pats = tuple(patterns)
    t0 = time.perf_counter()
    claims = select(reg, pats)
    skipped: list[str] = []
    if not include_slow:
        claims, skipped = without_slow(claims)
    # Longest time limits first, so one slow obligation does not start last.
    tasks = sorted(((c, o) for c in claims for o in c.obligations), key=lambda t: -t[1].timeout)
    evidence = run_obligations(tasks, settings, jobs, progress)
    out = []
    for c in claims:
        ev = {o.id: evidence[(c.id, o.id)] for o in c.obligations}
        verdict, bound = claim_verdict(c, ev)
        obs = tuple(ObligationResult(c.id, o, ev[o.id]) for o in c.obligations)
        out.append(ClaimResult(c, verdict, bound, obs, sum(e.seconds for e in ev.values())))
    return RunResult(tuple(out), tuple(reg.errors), versions(), time.perf_counter() - t0, settings, pats,
                     tuple(skipped))
