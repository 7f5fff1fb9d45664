"""Verdicts under load: `verify run` idle, then beside N CPU-bound processes; the two must agree.

    python bench/bench_load.py [--busy 4] [PATTERN ...]

Runs the selection twice (JSON reports in a temporary directory), the second time with
``--busy`` processes spinning on the cores, and compares every claim verdict, every obligation
status and every SMT goal's answer and resource use (z3 ``rlimit`` units, which must be
identical: they do not depend on the clock). Prints the two wall-clock times. Exit 0 when
everything agrees, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _spin() -> None:
    while True:
        pass


def _run(patterns: list[str], out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "verify.cli", "run", *patterns, "--no-cache", "-q", "--json", str(out)],
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def _facts(report: dict) -> dict[str, object]:
    out: dict[str, object] = {}
    for c in report["claims"]:
        out[c["id"]] = c["verdict"]
        for o in c["obligations"]:
            key = f"{c['id']}/{o['id']}"
            out[key] = o["status"]
            for i, g in enumerate(o.get("data", {}).get("goals", [])):
                if "z3_result" in g:
                    out[f"{key}#{i}"] = (g["z3_result"], g.get("rlimit_used"))
                if "second_solver" in g:
                    out[f"{key}#{i}/cvc5"] = g["second_solver"].get("status")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--busy", type=int, default=4, help="CPU-bound processes during the second run")
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        idle, busy = Path(d) / "idle.json", Path(d) / "busy.json"
        t_idle = _run(args.patterns, idle)
        spinners = [mp.Process(target=_spin, daemon=True) for _ in range(args.busy)]
        for p in spinners:
            p.start()
        try:
            t_busy = _run(args.patterns, busy)
        finally:
            for p in spinners:
                p.kill()
        a, b = _facts(json.loads(idle.read_text())), _facts(json.loads(busy.read_text()))
    diffs = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    print(f"idle: {t_idle:.1f} s; beside {args.busy} CPU-bound processes: {t_busy:.1f} s")
    print(f"compared {len(a)} facts (verdicts, statuses, SMT answers and rlimit units): {len(diffs)} differ")
    for k in diffs[:40]:
        print(f"  {k}: idle {a.get(k)!r}, busy {b.get(k)!r}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
