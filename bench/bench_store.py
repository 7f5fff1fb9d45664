"""Proof store and Dask executor, measured in one run on this machine.

    python bench/bench_store.py [--no-dask] [PATTERN ...]

On a temporary copy of the engine and the claim packs (so the edit below never touches the
repository), with an empty store:

0. gate: ``--no-cache``, the CI gate's situation — goal: ≤ 30 s for the default claims on 2 idle
   cores;
1. cold: every obligation computed and written to the empty store;
2. warm: nothing changed, everything replayed — goal: ≤ 2 s and ≤ 5 % of the cold time;
3. edit: a comment added to one claim module — only its obligations (and those of modules
   importing it) may be recomputed, and their unchanged goals come from the goal-level store;
4. Dask: the default claims on a local 2-worker cluster with the store off — the same verdicts
   as the cold local run; the overhead per obligation (wall time minus the worker's own time).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDITED = "lemmas/yang/softmax.py"


def _verify(copy: Path, cache: Path, patterns: list[str], report: Path, *extra: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(copy), "VERIFY_CACHE": str(cache)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "verify.cli", "run", *patterns, "--json", str(report), *extra],
                   cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def _how(report: Path) -> tuple[dict[str, str], dict[str, str], int]:
    r = json.loads(report.read_text())
    how, verdicts, goals_from_store = {}, {}, 0
    for c in r["claims"]:
        verdicts[c["id"]] = c["verdict"]
        for o in c["obligations"]:
            st = o["data"].get("store", {})
            how[f"{c['id']}/{o['id']}"] = st.get("status", "none")
            goals_from_store += st.get("goals_from_store", 0) or 0
    return how, verdicts, goals_from_store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        copy, cache = Path(d) / "repo", Path(d) / "cache"
        copy.mkdir()
        for part in ("verify", "lemmas"):
            shutil.copytree(REPO / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        gate_t = _verify(copy, cache, args.patterns, Path(d) / "gate.json", "--no-cache")
        cold_t = _verify(copy, cache, args.patterns, Path(d) / "cold.json")
        warm_t = _verify(copy, cache, args.patterns, Path(d) / "warm.json")
        with open(copy / EDITED, "a", encoding="utf-8") as f:
            f.write("\n# an edit that changes no goal\n")
        edit_t = _verify(copy, cache, args.patterns, Path(d) / "edit.json")
        cold, cold_v, _ = _how(Path(d) / "cold.json")
        warm, warm_v, _ = _how(Path(d) / "warm.json")
        edit, edit_v, reused = _how(Path(d) / "edit.json")
        gate_v = _how(Path(d) / "gate.json")[1]
        gate_cpu = sum(o["seconds"] for c in json.loads((Path(d) / "gate.json").read_text())["claims"]
                       for o in c["obligations"] if "shared_from" not in o["data"])  # each discharge once
    n = len(cold)
    print(f"gate (--no-cache): {gate_t:.1f} s on {os.cpu_count()} cores (goal ≤ 30 s on 2 idle cores), "
          f"obligations {gate_cpu:.1f} s summed; verdicts {'identical' if gate_v == cold_v else 'DIFFERENT'}")
    print(f"cold: {cold_t:.1f} s, {n} obligations computed")
    cached = sum(1 for v in warm.values() if v == "cached")
    print(f"warm: {warm_t:.2f} s ({100 * warm_t / cold_t:.1f} % of cold), {cached}/{n} replayed; "
          f"verdicts {'identical' if warm_v == cold_v else 'DIFFERENT'}")
    recomputed = sorted(k for k, v in edit.items() if v != "cached")
    depends = _depending_on(EDITED)
    outside = [k for k in recomputed if k not in depends]
    print(f"after editing {EDITED}: {edit_t:.2f} s, {len(recomputed)} obligations recomputed, all of them "
          f"{'' if not outside else 'but ' + str(len(outside)) + ' '}checks from modules importing it "
          f"({len(depends)} such obligations); {reused} of their goals from the goal-level store; "
          f"verdicts {'identical' if edit_v == cold_v else 'DIFFERENT'}")
    if outside:
        print("  recomputed without depending on the edit: " + ", ".join(outside[:10]))
    ok = gate_v == warm_v == cold_v == edit_v and cached == n and not outside
    if not args.no_dask:
        ok = _dask(args.patterns, cold_v) and ok
    return 0 if ok else 1


def _depending_on(rel: str) -> set[str]:
    """``claim/obligation`` of every obligation whose check's module imports ``rel`` (transitively)."""
    from verify.registry import discover
    from verify.store import source_fingerprint
    out = set()
    for c in discover().sorted_claims():
        for o in c.obligations:
            if rel in source_fingerprint(getattr(o.check, "__module__", "") or ""):
                out.add(f"{c.id}/{o.id}")
    return out


def _dask(patterns: list[str], expected: dict[str, str]) -> bool:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("dask: skipped (dask[distributed] is not installed)")
        return True
    from verify.dask_executor import DaskExecutor
    from verify.discharge import DischargeSettings
    from verify.discharge.second_solver import available
    from verify.registry import discover
    from verify.run import run
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        ex = DaskExecutor(client=client)
        t0 = time.perf_counter()
        res = run(discover(), patterns, settings=DischargeSettings(second_solver=available()), executor=ex)
        wall = time.perf_counter() - t0
    verdicts = {c.claim.id: c.verdict for c in res.claims}
    same = verdicts == expected
    over = sum(ex.overhead) / max(1, len(ex.overhead))
    print(f"dask (local cluster, 2 workers): {wall:.1f} s, verdicts {'identical' if same else 'DIFFERENT'}; "
          f"overhead {1000 * over:.0f} ms per obligation on average over {len(ex.overhead)}")
    return same


if __name__ == "__main__":
    sys.exit(main())
