"""How far the bounded z3 proof of yang.softmax.distribution reaches within 10 s per obligation.

An obligation covers every size 1..N; this finds, for each of the four bounded families, the
largest N whose goals z3 (same portfolio and limits as `verify run`) discharges in < 10 s in total.

    python bench/bench_softmax_smt.py [--budget 10] [--max 200]
"""
from __future__ import annotations

import argparse
import time

from lemmas.yang import softmax
from verify.discharge import smt

FAMILIES = {
    "positive.smt": softmax.smt_positive,
    "sum_to_one.smt": softmax.smt_sum_to_one,
    "at_most_one.smt": softmax.smt_at_most_one,
    "shift.smt": softmax.smt_shift_invariant,
}


def reach(make, budget: float, max_n: int) -> tuple[int, float, str]:
    goals = make(max_n)
    spent = 0.0
    for n, goal in enumerate(goals, start=1):
        t0 = time.perf_counter()
        out = smt.decide(goal, "supports", max(0.5, budget - spent), smt.DEFAULT_RLIMIT, False, 0.0)
        spent += time.perf_counter() - t0
        if out.result != "holds":
            return n - 1, spent, f"n={n}: {out.detail}"
        if spent >= budget:
            return n - 1, spent, f"budget spent at n={n}"
    return max_n, spent, "reached --max"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--budget", type=float, default=10.0)
    ap.add_argument("--max", type=int, default=200)
    args = ap.parse_args()
    print(f"{'obligation':<18} {'largest n':>9} {'seconds':>8}  stopped because")
    for name, make in FAMILIES.items():
        n, secs, why = reach(make, args.budget, args.max)
        print(f"{name:<18} {n:>9} {secs:>8.2f}  {why}")


if __name__ == "__main__":
    main()
