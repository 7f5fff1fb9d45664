"""Running obligations on a Dask cluster (``verify run --executor dask --scheduler ADDRESS``).

Each obligation is one Dask task. On the worker it runs in a forked child in a process group of
its own, under the same wall-clock safety net as a local run: a hung obligation is killed there,
with everything it started, and comes back ``unknown``. Results stream back as they finish. The
proof store stays on the client: obligations found in it are never sent, and what the workers
decide is stored when it returns (through the scheduler's results, not a shared file system).
Workers need the engine and the claim packs installed; claims loaded with ``--path`` are sent
by value.

Optional dependency: ``pip install 'bayes-verify[dask]'``.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
import traceback
from dataclasses import replace
from typing import Any

from .claim import Claim, Obligation
from .discharge import DischargeSettings, discharge
from .errors import UsageError
from .evidence import Evidence
from .run import KILL_GRACE_S, Interrupted


def discharge_isolated(claim: Claim, ob: Obligation, settings: DischargeSettings, limit: float) -> Evidence:
    """Discharge in a forked child (own process group) with a hard wall-clock safety net.

    Uses ``os.fork`` directly: Dask worker processes are daemonic, and ``multiprocessing``
    refuses to start children from those.
    """
    r, w = os.pipe()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: decide, send the pickled evidence, exit without cleanup handlers
        os.close(r)
        try:
            os.setpgid(0, 0)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            ev = discharge(claim, ob, settings, limit)
        except BaseException as exc:  # report anything as an error of this obligation
            ev = Evidence("error", f"worker crashed: {type(exc).__name__}: {exc}", 0.0,
                          data={"traceback": traceback.format_exc(limit=8)})
        try:
            blob = pickle.dumps(ev)
        except Exception as exc:
            blob = pickle.dumps(Evidence("error", f"evidence could not be sent back: {exc}", ev.seconds))
        view = memoryview(blob)
        while view:
            n = os.write(w, view)
            view = view[n:]
        os._exit(0)
    os.close(w)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    chunks: list[bytes] = []
    deadline = t0 + limit + KILL_GRACE_S
    timed_out = False
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([r], [], [], min(left, 1.0))
        if ready:
            data = os.read(r, 1 << 16)
            if not data:
                break
            chunks.append(data)
    os.close(r)
    try:
        os.killpg(pid, signal.SIGKILL)  # the child's leftovers, or the child itself on a time-out
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    if timed_out:
        return Evidence("unknown", f"safety net: killed on the worker after the {limit:.1f}s wall-clock limit",
                        time.perf_counter() - t0, data={"timeout_s": limit})
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:
        return Evidence("error", "the worker's child died without a result", time.perf_counter() - t0)


def _task(claim: Claim, ob: Obligation, settings: DischargeSettings, limit: float) -> tuple[Evidence, str, float]:
    import platform
    t0 = time.perf_counter()
    ev = discharge_isolated(claim, ob, settings, limit)
    return ev, platform.node(), time.perf_counter() - t0


class DaskExecutor:
    """An executor for :func:`verify.run.run` that submits obligations to a Dask scheduler."""

    def __init__(self, address: str | None = None, client: Any = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--executor dask needs dask.distributed: pip install 'bayes-verify[dask]'") from None
        if client is None and not address:
            raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        try:
            self.client = client or Client(address, timeout="20s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.overhead: list[float] = []
        """Per obligation: the task's time on the worker minus the obligation's own time (fork,
        pickling, the claim pack's import on a fresh worker)."""

    def __call__(self, tasks: list[tuple[Claim, Obligation]], settings: DischargeSettings, jobs: int,
                 progress: Any = None) -> dict[tuple[str, str], Evidence]:
        from distributed import as_completed
        _by_value(tasks)
        # Goal-level store lookups would need a disk shared with the workers: the store stays on the client.
        remote = replace(settings, store=None)
        futures = {}
        for claim, ob in tasks:
            limit = ob.timeout * settings.timeout_scale
            fut = self.client.submit(_task, claim, ob, remote, limit, pure=False,
                                     key=f"verify-{claim.id}/{ob.id}-{os.urandom(4).hex()}")
            futures[fut] = (claim, ob)
        results: dict[tuple[str, str], Evidence] = {}
        try:
            for fut in as_completed(list(futures)):
                claim, ob = futures[fut]
                try:
                    ev, machine, task_s = fut.result()
                    ev.data.setdefault("executor", {"name": "dask", "worker": machine})
                    self.overhead.append(max(0.0, task_s - ev.seconds))
                except Exception as exc:
                    ev = Evidence("error", f"the Dask task failed: {type(exc).__name__}: {exc}", 0.0)
                results[(claim.id, ob.id)] = ev
                if progress:
                    progress(claim, ob, ev)
        except KeyboardInterrupt:
            self.client.cancel(list(futures))
            err = Interrupted("SIGINT")
            err.partial = results  # type: ignore[attr-defined]
            raise err from None
        return results


def _by_value(tasks: list[tuple[Claim, Obligation]]) -> None:
    """Claims loaded from ``--path`` live in modules the workers cannot import: send them by value."""
    try:
        import cloudpickle
    except ImportError:
        return
    for _, ob in tasks:
        mod = sys.modules.get(getattr(ob.check, "__module__", ""))
        if mod is not None and mod.__name__.startswith("verify_claims_path_"):
            try:
                cloudpickle.register_pickle_by_value(mod)
            except ValueError:
                pass
