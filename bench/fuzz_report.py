"""Fuzz the engine with ≥ 10,000 statements of known truth and print a table of false verdicts.

    python bench/fuzz_report.py [--total 10000] [--jobs 2] [--seed 1] [--family NAME ...]

The statement generators and the judge are the ones of the pytest fuzz suite (tests/fuzz/): each
family draws its share of ``--total`` statements with hypothesis (profile ``fuzz``, seeded), the
engine decides them in-process (``verify.discharge.discharge`` + ``verify.verdict``), and every
verdict is compared with the truth known by construction. Columns:

* tried: statements decided;
* false proved: proved / proved-bounded / witnessed / tautological for a statement that is false,
  undefined somewhere or vacuous (or tautological where the converse fails);
* false refuted: refuted where the statement is true or the counterexample is not admissible;
* unknown: unknown where a decision (or an error) was the right answer (incompleteness);
* error!: error on a well-formed statement;
* other: a sound verdict that is not the ideal one (e.g. unknown instead of error).

Families marked with a known engine bug are reported apart; the exit code is 1 when a false
verdict appears in any other family.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
sys.path.insert(0, str(ROOT / "tests"))  # claim_helpers

CHUNK = 150
EXAMPLES_SHOWN = 2


def _families():
    from fuzz_harness import all_families
    return {f.name: f for f in all_families()}


MEMORY_LIMIT = 6 << 30
"""Address-space limit of a worker (a runaway solver or sympy call must not take the machine)."""

CASE_TIMEOUT_S = 15.0


def _init_worker() -> None:
    import resource
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass


def run_chunk(task: tuple[str, int, int, str]) -> list[dict]:
    """Decide ``n`` statements of one family under a hypothesis seed (runs in a worker)."""
    name, n, seed_value, which = task
    from hypothesis import given, seed, settings

    from fuzz_harness import explain, judge, register_profiles
    register_profiles()
    fam = _families()[name]
    out: list[dict] = []

    @settings(settings.get_profile("fuzz"), max_examples=n)
    @seed(seed_value)
    @given(fam.strategy)
    def prop(case):
        j = judge(case, which, timeout_s=CASE_TIMEOUT_S)
        rec = {"family": name, "method": fam.method, "category": j.category, "verdict": j.verdict,
               "seconds": j.seconds, "known_bug": bool(fam.known_bug)}
        if j.category != "ok":
            rec["explain"] = explain(j)
        out.append(rec)

    try:
        prop()
    except BaseException as exc:  # a generator bug must not hide the other chunks' results
        out.append({"family": name, "method": fam.method, "category": "harness error", "verdict": "-",
                    "seconds": 0.0, "known_bug": bool(fam.known_bug), "explain": f"{type(exc).__name__}: {exc}"})
    return out


def run_all(tasks: list, jobs: int) -> list[dict]:
    """Run the chunks on ``jobs`` worker processes; a chunk whose worker dies (a solver crash, the
    memory limit) is retried once alone, then reported as a harness error."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool
    records: list[dict] = []
    t0 = time.perf_counter()
    ctx = mp.get_context("spawn")
    pending = list(tasks)
    attempts: Counter = Counter()
    done = 0
    while pending:
        retry = []
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker) as ex:
            futs = {ex.submit(run_chunk, t): t for t in pending}
            for fut in as_completed(futs):
                t = futs[fut]
                try:
                    records += fut.result()
                    done += 1
                except BrokenProcessPool:
                    retry.append(t)
                print(f"\r{len(records):>6} statements, {done}/{len(tasks)} chunks, "
                      f"{time.perf_counter() - t0:6.1f} s", end="", file=sys.stderr, flush=True)
        pending = []
        for t in retry:
            attempts[t] += 1
            if attempts[t] > 1:
                records.append({"family": t[0], "method": _families()[t[0]].method, "category": "harness error",
                                "verdict": "-", "seconds": 0.0, "known_bug": False,
                                "explain": f"worker died twice on chunk {t}"})
            else:
                pending.append(t)
        jobs = 1 if retry else jobs
    print(file=sys.stderr)
    return records


COLS = ("tried", "ok", "false proved", "false refuted", "unknown", "error (not expected)", "other")
HEAD = ("tried", "ok", "false proved", "false refuted", "unknown", "error!", "other")


def _row(label: str, c: Counter, width: int) -> str:
    return f"{label:<{width}} " + " ".join(f"{c.get(k, 0):>{max(len(h), 6)}}" for k, h in zip(COLS, HEAD))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--total", type=int, default=10_000,
                    help="statements in all (default 10,000; families with few distinct statements give fewer)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20260)
    ap.add_argument("--family", action="append", default=[], help="only these families (repeatable)")
    ap.add_argument("--solvers", choices=("cvc5", "cvc5-lite", "z3-only"), default="cvc5-lite",
                    help="cvc5 on every deciding SMT goal with the engine's default budget, with a "
                         "tenth of it (cvc5-lite, the default: faster on nonlinear goals), or z3 only")
    args = ap.parse_args(argv)
    fams = _families()
    chosen = [f for f in fams.values() if not args.family or f.name in args.family]
    if not chosen:
        print(f"no family matches {args.family}; known: {', '.join(fams)}", file=sys.stderr)
        return 2
    tasks = []
    for f in chosen:
        n = max(10, round(args.total * f.weight / 10_000))
        for i in range(0, n, CHUNK):
            s = args.seed ^ zlib.crc32(f"{f.name}/{i}".encode())
            tasks.append((f.name, min(CHUNK, n - i), s, args.solvers))
    # Expensive methods first, so that the workers end together.
    order = {"symbolic": 1, "smt": 0, "numeric": 2, "exact": 3}
    tasks.sort(key=lambda t: order[fams[t[0]].method])
    t0 = time.perf_counter()
    records = run_all(tasks, args.jobs)
    wall = time.perf_counter() - t0

    by_method: dict[str, Counter] = defaultdict(Counter)
    by_family: dict[str, Counter] = defaultdict(Counter)
    secs: dict[str, float] = defaultdict(float)
    fsecs: dict[str, float] = defaultdict(float)
    shown: dict[str, list[str]] = defaultdict(list)
    harness_errors = []
    for r in records:
        if r["category"] == "harness error":
            harness_errors.append(f"{r['family']}: {r['explain']}")
            continue
        for c in (by_method[r["method"]], by_family[r["family"]]):
            c["tried"] += 1
            c[r["category"]] += 1
        secs[r["method"]] += r["seconds"]
        fsecs[r["family"]] += r["seconds"]
        if r["category"] in ("false proved", "false refuted", "error (not expected)") and \
                len(shown[r["family"]]) < EXAMPLES_SHOWN:
            shown[r["family"]].append(r["explain"])

    width = max(len(n) for n in list(fams) + ["TOTAL"]) + 2
    header = f"{'':<{width}} " + " ".join(f"{h:>{max(len(h), 6)}}" for h in HEAD)
    print(f"\nFuzz run: {sum(c['tried'] for c in by_method.values())} statements, seed {args.seed}, "
          f"{args.jobs} jobs, solvers {args.solvers}, {wall:.1f} s wall\n")
    print("Per family (* = known engine bug giving false verdicts, e = known false errors; see tests/fuzz):")
    print(header + "   seconds")
    for name, f in fams.items():
        if name in by_family:
            mark = "* " if f.known_bug else "e " if f.false_error else "  "
            print(_row(mark + name, by_family[name], width) + f" {fsecs[name]:9.1f}")
    print("\nPer method (all families):")
    print(header + "   seconds")
    total = Counter()
    for m in ("symbolic", "smt", "numeric", "exact"):
        if m in by_method:
            print(_row(m, by_method[m], width) + f" {secs[m]:9.1f}")
            total.update(by_method[m])
    print(_row("TOTAL", total, width) + f" {sum(secs.values()):9.1f}")
    clean = Counter()
    for name, c in by_family.items():
        if not fams[name].known_bug:
            clean.update(c)
    print(_row("TOTAL w/o known bugs", clean, width))

    unexpected = [n for n, c in by_family.items() if not fams[n].known_bug
                  and (c["false proved"] or c["false refuted"])]
    if shown:
        print("\nExamples of false verdicts / unexpected errors:")
        for name, exs in shown.items():
            tag = " (known engine bug)" if fams[name].known_bug else ""
            for e in exs:
                print(f"- [{name}{tag}] {e}")
    if harness_errors:
        print("\nHarness errors (generator bugs):")
        for h in harness_errors:
            print(f"- {h}")
    print(f"\nWall time {wall:.1f} s; false verdicts outside known-bug families: "
          f"{sum(by_family[n]['false proved'] + by_family[n]['false refuted'] for n in unexpected)}")
    return 1 if unexpected or harness_errors else 0


if __name__ == "__main__":
    sys.exit(main())
