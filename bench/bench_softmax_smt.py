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

FAMILIES = (
    softmax.unmasked_weights_positive_up_to_32_keys,
    softmax.weights_sum_to_one_up_to_32_keys,
    softmax.weights_at_most_one_up_to_32_keys,
    softmax.softmax_shift_invariant_up_to_32_keys,
)
"""The bounded families (each check builds the goal for n keys; the claim runs n ≤ 32)."""


def reach(make, budget: float, max_n: int) -> tuple[int, float, str]:
    spent = 0.0
    for n in range(1, max_n + 1):
        goal = make(n)
        t0 = time.perf_counter()
        st = smt.SmtSettings(rlimit=smt.DEFAULT_RLIMIT, safety_s=max(0.5, budget - spent), analyse=False)
        out = smt.decide(goal, "supports", st)
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
    width = max(len(make.__name__) for make in FAMILIES)
    print(f"{'obligation':<{width}} {'largest n':>9} {'seconds':>8}  stopped because")
    for make in FAMILIES:
        n, secs, why = reach(make, args.budget, args.max)
        print(f"{make.__name__:<{width}} {n:>9} {secs:>8.2f}  {why}")


if __name__ == "__main__":
    main()
