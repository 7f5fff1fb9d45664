"""The Dask executor on an in-process LocalCluster: same verdicts as local workers, and a hung
obligation is killed on the worker side and comes back unknown."""
from __future__ import annotations

import os
import subprocess
import time

import pytest

from verify import Claim, Obligation
from verify.discharge import DischargeSettings
from verify.run import run

from store_claims import registry_of  # noqa: E402

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")


SETTINGS = DischargeSettings(second_solver=False)


@pytest.fixture(scope="module")
def executor():
    from distributed import Client, LocalCluster

    from verify.dask_executor import DaskExecutor
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    client = Client(cluster)
    yield DaskExecutor(client=client)
    client.close()
    cluster.close()




def test_same_verdicts_and_statuses_as_the_local_executor(executor, demo_claims) -> None:
    local = run(registry_of(demo_claims), [], jobs=2, settings=SETTINGS)
    remote = run(registry_of(demo_claims), [], jobs=2, settings=SETTINGS, executor=executor)
    assert [c.verdict for c in remote.claims] == [c.verdict for c in local.claims]
    assert [(o.obligation.id, o.evidence.status, o.evidence.scope) for c in remote.claims for o in c.obligations] == \
        [(o.obligation.id, o.evidence.status, o.evidence.scope) for c in local.claims for o in c.obligations]
    assert all(o.evidence.data["executor"]["name"] == "dask" for c in remote.claims for o in c.obligations)


PIDFILE = "/tmp/verify-dask-hung-grandchild.pid"


def hangs():
    child = subprocess.Popen(["sleep", "600"])
    with open(PIDFILE, "w") as f:
        f.write(str(child.pid))
    time.sleep(600)


def test_a_hung_obligation_is_killed_on_the_worker_with_its_children(executor) -> None:
    claim = Claim(id="dask.hung.case", paper="p", where="w", statement="s",
                  obligations=(Obligation("hangs", "exact", "supports", "never returns", hangs, timeout=1.0),))
    t0 = time.perf_counter()
    res = run(registry_of([claim]), [], jobs=1, settings=SETTINGS, executor=executor)
    assert time.perf_counter() - t0 < 30
    ev = res.claims[0].obligations[0].evidence
    assert ev.status == "unknown" and "safety net" in ev.detail
    assert res.claims[0].verdict == "unknown"
    pid = int(open(PIDFILE).read())
    time.sleep(0.5)
    gone = True
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            gone = f.read().split()[2] == "Z"  # a zombie awaiting its (dead) parent's reaper is gone too
    except (ProcessLookupError, FileNotFoundError):
        pass
    assert gone, "the grandchild of the hung obligation survived"
