"""Selecting claims, running their obligations in worker processes, and the run result.

Each obligation runs in its own forked worker process, in a process group of its own, so a
hard wall-clock safety net can be enforced even when sympy or a solver does not return: the
whole group (the worker and anything it started) is killed and the obligation is ``unknown``.
``jobs`` workers run at once. SIGINT and SIGTERM end every worker's group, and the run returns
what finished (``RunResult.interrupted``).
"""
from __future__ import annotations

import fnmatch
import gc
import multiprocessing as mp
import os
import platform
import signal
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from .claim import Claim, Obligation
from .discharge import DischargeSettings, discharge
from .errors import ClaimLoadError, UsageError
from .evidence import Evidence
from .registry import Registry
from .verdict import claim_verdict
from .vocabulary import Verdict

SCHEMA = 2
KILL_GRACE_S = 2.0


@dataclass(frozen=True)
class ObligationResult:
    claim_id: str
    obligation: Obligation
    evidence: Evidence


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: Verdict
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
    """Slow cross-check obligations not run (``claim/obligation``; run them with ``--slow``)."""
    interrupted: str | None = None
    """The signal that ended the run early (``"SIGINT"``, ``"SIGTERM"``), or None."""
    warnings: tuple[str, ...] = ()
    """Proof-store entries ignored as corrupt or tampered, and similar notices."""
    skipped_unavailable: tuple[str, ...] = ()
    """Cross-checks not run because a module they require is not installed
    (``claim/obligation (needs torch)``)."""

    def summary(self) -> dict[str, Any]:
        """Second-solver coverage of the SMT goals that decide a verdict (not cross-checks)."""
        deciding = confirmed = disagreeing = 0
        unconfirmed: list[dict[str, str]] = []
        for c in self.claims:
            for o in c.obligations:
                if o.obligation.method != "smt" or o.obligation.cross_check:
                    continue
                answers = []
                for g in o.evidence.data.get("goals", []):
                    answers.append((g.get("label", ""), g.get("z3_result"), g.get("second_solver", {})))
                    conv = g.get("converse")
                    if conv and conv["status"] in ("proved", "refuted"):  # it decides `tautological`
                        answers.append((f"converse of {g.get('label', '')}".strip(),
                                        "unsat" if conv["status"] == "proved" else "sat",
                                        {"status": conv.get("second_solver")}))
                for label, z, ss in answers:
                    if z not in ("sat", "unsat"):
                        continue
                    deciding += 1
                    theirs = ss.get("status")
                    if theirs == z:
                        confirmed += 1
                    elif theirs in ("sat", "unsat"):
                        disagreeing += 1
                    else:
                        reason = f"cvc5 {theirs}" + (f" ({ss['reason']})" if ss.get("reason") else "")
                        unconfirmed.append({"claim": c.claim.id, "obligation": o.obligation.id,
                                            "goal": label, "reason": reason})
        return {"smt_goals_deciding": deciding, "smt_goals_confirmed": confirmed,
                "smt_goals_disagreeing": disagreeing, "smt_goals_unconfirmed": unconfirmed}

    @property
    def gate(self) -> str:
        ok = not self.load_errors and all(c.gate_ok() for c in self.claims)
        return "pass" if ok else "fail"

    def exit_code(self) -> int:
        """0 gate passes; 1 an obligation failed or errored, or a claim module is broken;
        2 something is unknown and nothing failed; 130 / 143 interrupted by SIGINT / SIGTERM."""
        if self.interrupted:
            return 130 if self.interrupted == "SIGINT" else 143
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
    def _v(dist: str) -> str | None:
        try:
            return version(dist)
        except PackageNotFoundError:
            return None
    return {"verify": _v("bayes-verify") or "0+unknown", "python": platform.python_version(),
            "z3": z3.get_version_string(), "sympy": sympy.__version__, "numpy": numpy.__version__,
            "mpmath": _v("mpmath"), "cvc5": cvc5_version(), "torch": _v("torch")}


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
    unmatched = [p for p in pats if not any(matches(c.id, [p]) for c in reg.sorted_claims())]
    if unmatched:
        # A typo beside a good pattern would otherwise silently check less than asked.
        raise UsageError(f"no claim matches {' '.join(unmatched)} (try `verify list`)")
    return chosen


def module_available(name: str) -> bool:
    """Whether ``name`` can be imported (without importing it)."""
    import importlib.util
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def without_unavailable(claims: list[Claim]) -> tuple[list[Claim], list[str]]:
    """Drop obligations whose ``requires`` names a module that is not installed (cross-checks
    only); returns the claims to run and ``claim/obligation (needs …)`` for each one dropped."""
    kept, skipped = [], []
    for c in claims:
        runnable = []
        for o in c.obligations:
            missing = [m for m in o.requires if not module_available(m)]
            if missing:
                skipped.append(f"{c.id}/{o.id} (needs {', '.join(missing)})")
            else:
                runnable.append(o)
        kept.append(c if len(runnable) == len(c.obligations) else replace(c, obligations=tuple(runnable)))
    return kept, skipped


def without_slow(claims: list[Claim]) -> tuple[list[Claim], list[str]]:
    """Drop ``slow`` obligations (cross-checks only, so no verdict depends on it); returns the
    claims to run and the skipped obligations as ``claim/obligation``."""
    kept, skipped = [], []
    for c in claims:
        fast = tuple(o for o in c.obligations if not o.slow)
        skipped += [f"{c.id}/{o.id}" for o in c.obligations if o.slow]
        kept.append(c if len(fast) == len(c.obligations) else replace(c, obligations=fast))
    return kept, skipped


def _preload_worker_modules() -> None:
    """Import in the parent what every worker imports: a fork inherits it, where each worker
    would otherwise import it again (the dischargers, threadpoolctl for the BLAS limit)."""
    from .discharge import exact, numeric, smt, symbolic  # noqa: F401
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:  # optional: _one_blas_thread does without it
        pass


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
        os.setpgid(0, 0)  # a group of its own: a kill reaches whatever the check starts
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt ends
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
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


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived during a run."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def signal_group(proc: Any) -> None:
    """Send SIGKILL to a worker and every process in its group (its grandchildren too)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def kill_group(proc: Any) -> None:
    """End a worker and every process in its group, and reap it."""
    signal_group(proc)
    try:
        proc.kill()
    except Exception:
        pass
    proc.join(1)


def run_obligations(tasks: list[tuple[Claim, Obligation]], settings: DischargeSettings, jobs: int,
                    progress: Any = None) -> dict[tuple[str, str], Evidence]:
    """Run every (claim, obligation) with at most ``jobs`` workers; returns evidence by key.

    On SIGINT/SIGTERM every running worker group is killed and :class:`Interrupted` is raised
    with the evidence gathered so far in ``partial``.
    """
    results: dict[tuple[str, str], Evidence] = {}
    running: dict[Connection, tuple[Any, Claim, Obligation, float, float]] = {}

    def on_signal(signum: int, frame: Any) -> None:
        raise Interrupted(signal.Signals(signum).name)

    old = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    main_thread = True
    try:
        for sig in old:
            signal.signal(sig, on_signal)
    except ValueError:  # not the main thread: leave signals alone
        main_thread = False
    # Every obligation runs in a fresh fork. The collector in a child would otherwise touch the
    # header of every object it inherited, copying the parent's whole heap page by page.
    _preload_worker_modules()
    gc.freeze()
    try:
        _run_loop(tasks, settings, jobs, progress, results, running)
    except (Interrupted, KeyboardInterrupt) as exc:
        for proc, *_ in list(running.values()):
            kill_group(proc)
        name = exc.name if isinstance(exc, Interrupted) else "SIGINT"
        err = Interrupted(name)
        err.partial = results  # type: ignore[attr-defined]
        raise err from None
    finally:
        gc.unfreeze()
        if main_thread:
            for sig, h in old.items():
                signal.signal(sig, h)
    return results


def _run_loop(tasks: list[tuple[Claim, Obligation]], settings: DischargeSettings, jobs: int, progress: Any,
              results: dict[tuple[str, str], Evidence],
              running: dict[Connection, tuple[Any, Claim, Obligation, float, float]]) -> None:
    ctx = mp.get_context("fork")
    pending = list(reversed(tasks))
    finished: list[Any] = []
    try:
        _schedule(ctx, pending, settings, jobs, progress, results, running, finished)
    finally:
        for proc in finished:
            kill_group(proc)


def _schedule(ctx: Any, pending: list[tuple[Claim, Obligation]], settings: DischargeSettings, jobs: int,
              progress: Any, results: dict[tuple[str, str], Evidence],
              running: dict[Connection, tuple[Any, Claim, Obligation, float, float]], finished: list[Any]) -> None:
    while pending or running:
        finished[:] = [p for p in finished if p.exitcode is None]  # reap the ended workers
        while pending and len(running) < max(1, jobs):
            claim, ob = pending.pop()
            limit = ob.timeout * settings.timeout_scale
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(send, claim, ob, settings, limit), daemon=True)
            proc.start()
            assert proc.pid is not None  # set by start()
            try:
                os.setpgid(proc.pid, proc.pid)  # also from here: no window where a kill misses the group
            except OSError:
                pass
            if progress is not None and hasattr(progress, "started"):
                progress.started(claim, ob)
            send.close()
            running[recv] = (proc, claim, ob, time.perf_counter(), limit)
        now = time.perf_counter()
        next_deadline = min(start + limit + KILL_GRACE_S for (_, _, _, start, limit) in running.values())
        # wait() returns some of the objects it is given: here, the pipes in `running`.
        ready = cast("list[Connection]", wait(list(running), timeout=max(0.01, next_deadline - now)))
        for conn in ready:
            proc, claim, ob, start, limit = running.pop(conn)
            try:
                ev = conn.recv()
            except EOFError:
                code = proc.exitcode
                ev = Evidence("error", f"worker died without a result (exit code {code})",
                              time.perf_counter() - start)
            conn.close()
            # The result is in: end the worker's group now (the worker and anything its check left
            # running) instead of waiting for the worker's own interpreter shutdown; it is reaped
            # below without holding up the next obligation.
            signal_group(proc)
            finished.append(proc)
            results[(claim.id, ob.id)] = ev
            if progress:
                progress(claim, ob, ev)
        now = time.perf_counter()
        for conn, (proc, claim, ob, start, limit) in list(running.items()):
            if now > start + limit + KILL_GRACE_S:
                kill_group(proc)
                conn.close()
                del running[conn]
                ev = Evidence("unknown", f"safety net: killed after the {limit:.1f}s wall-clock limit "
                              "(the deterministic resource limit was not reached first)", now - start,
                              data={"timeout_s": limit})
                results[(claim.id, ob.id)] = ev
                if progress:
                    progress(claim, ob, ev)


def shared_evidence(ev: Evidence, src: tuple[str, str]) -> Evidence:
    """The evidence of an obligation discharged once for ``src`` (claim id, obligation id), as
    seen by another claim that lists the same obligation."""
    return replace(ev, seconds=0.0, detail=f"{ev.detail} [discharged once, for {src[0]}/{src[1]}]",
                   data={**ev.data, "shared_from": f"{src[0]}/{src[1]}"})


def obligation_key(claim: Claim, ob: Obligation, settings: DischargeSettings, vers: dict[str, Any],
                   store: Any = None) -> str:
    """The proof-store key of an obligation: everything its evidence depends on."""
    from .store import LAYOUT, digest, engine_fingerprint, source_fingerprint
    return digest({
        "layout": LAYOUT, "engine": engine_fingerprint(), "versions": vers,
        "settings": {"seed": settings.seed, "rlimit": settings.rlimit, "cvc5_rlimit": settings.cvc5_rlimit,
                     "analyse": settings.analyse_hypotheses, "second_solver": settings.second_solver,
                     "seeds": settings.seeds},
        "claim": claim.id,
        "obligation": {"id": ob.id, "method": ob.method, "role": ob.role, "cross_check": ob.cross_check,
                       "family": [ob.family.parameter, list(ob.family.values)] if ob.family else None,
                       "rlimit": ob.rlimit},
        "sources": source_fingerprint(getattr(ob.check, "__module__", "") or "", store),
    })


Executor = Any
"""``executor(tasks, settings, jobs, progress) -> {(claim id, obligation id): Evidence}``; the
default is :func:`run_obligations` (forked local workers); :mod:`verify.dask_executor` runs on a
Dask cluster."""


def run(reg: Registry, patterns: Iterable[str] = (), jobs: int | None = None,
        settings: DischargeSettings | None = None, progress: Any = None,
        include_slow: bool = False, store: Any = None, executor: Executor = None) -> RunResult:
    """Decide the selected claims. ``store`` (a :class:`verify.store.ProofStore`) replays evidence
    whose key is unchanged and keeps what is newly decided; ``executor`` runs the rest."""
    settings = settings or DischargeSettings()
    jobs = jobs or os.cpu_count() or 1
    pats = tuple(patterns)
    t0 = time.perf_counter()
    claims = select(reg, pats)
    skipped: list[str] = []
    if not include_slow:
        claims, skipped = without_slow(claims)
    claims, unavailable = without_unavailable(claims)
    # Longest time limits first, so one slow obligation does not start last; among equal limits,
    # the families with the most members (each member is a goal of its own) first.
    tasks = sorted(((c, o) for c in claims for o in c.obligations),
                   key=lambda t: (-t[1].timeout, -(len(t[1].family.values) if t[1].family is not None else 1)))
    if progress is not None and hasattr(progress, "begin"):
        progress.begin(len(tasks))
    vers = versions()
    cached: dict[tuple[str, str], Evidence] = {}
    keys: dict[tuple[str, str], str] = {}
    if store is not None:
        from .store import evidence_from
        todo = []
        for c, o in tasks:
            key = obligation_key(c, o, settings, vers, store)
            hit = store.get("obligation", key)
            if hit is not None:
                cached[(c.id, o.id)] = evidence_from(hit["payload"], hit["meta"])
                if progress:
                    progress(c, o, cached[(c.id, o.id)])
            else:
                keys[(c.id, o.id)] = key
                todo.append((c, o))
        tasks = todo
        settings = replace(settings, store=str(store.root))
    # A claim may reuse another claim's obligation (the same object, e.g. an existential decided
    # by a construction's proofs): it is discharged once and its evidence shared.
    first: dict[int, tuple[str, str]] = {}
    shared: dict[tuple[str, str], tuple[str, str]] = {}
    unique = []
    for c, o in tasks:
        if id(o) in first:
            shared[(c.id, o.id)] = first[id(o)]
        else:
            first[id(o)] = (c.id, o.id)
            unique.append((c, o))
    interrupted = None
    try:
        evidence = (executor or run_obligations)(unique, settings, jobs, progress)
    except Interrupted as exc:
        interrupted = exc.name
        evidence = dict(getattr(exc, "partial", {}))
    by_key = {(c.id, o.id): (c, o) for c, o in tasks}
    for k, src in shared.items():
        if src in evidence:
            evidence[k] = shared_evidence(evidence[src], src)
            if progress:
                progress(*by_key[k], evidence[k])
    if store is not None:
        from .store import STORED_STATUSES, evidence_payload
        for k, ev in evidence.items():
            if k in keys and ev.status in STORED_STATUSES:
                store.put("obligation", keys[k], {**evidence_payload(ev), "claim": k[0], "obligation": k[1]})
        evidence = {**evidence, **cached}
    out = []
    for c in claims:
        ev = {o.id: evidence.get((c.id, o.id)) or Evidence("unknown", f"not finished: the run was interrupted "
                                                          f"({interrupted})", 0.0) for o in c.obligations}
        verdict, bound = claim_verdict(c, ev)
        obs = tuple(ObligationResult(c.id, o, ev[o.id]) for o in c.obligations)
        out.append(ClaimResult(c, verdict, bound, obs, sum(e.seconds for e in ev.values())))
    warnings = list(store.warnings) if store is not None else []
    for cr in out:
        for obr in cr.obligations:
            warnings += obr.evidence.data.get("store", {}).get("warnings", []) or []
    return RunResult(tuple(out), tuple(reg.errors), vers, time.perf_counter() - t0, settings, pats,
                     tuple(skipped), interrupted, tuple(dict.fromkeys(warnings)),
                     skipped_unavailable=tuple(unavailable))
