"""Benchmark: the symbolic proof of ``coppola.bp.construction.correct``, member by member.

Run with ``python bench/bench_construction_proof.py`` (``--max-slots``, ``--max-tree`` to go
further; ``--only layer|trees|readout|invariants|locality|rounds`` for one family). For every
family member it builds the goal (the sympy evaluation of the transformer's exact weights, or the
polynomial-ring sum-product and enumeration) and decides it with the engine's symbolic
discharger, exactly as ``verify run`` does, and prints the build and decide times, wall-clock
and process CPU (other jobs on a shared machine inflate wall time, not CPU time), the CPU time
``verify run`` spends rendering the goal for its proof-store key (none with ``--no-cache``), and
the canonical form that reached 0. Exit 1 if a member is not proved.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sympy  # noqa: E402

from lemmas.coppola.bp_construction import correct_layer as layer  # noqa: E402
from lemmas.coppola.bp_construction import correct_trees as trees  # noqa: E402
from lemmas.models.construction_symbolic import nonisomorphic_trees  # noqa: E402
from verify.discharge.symbolic import decide  # noqa: E402


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _store_key_cpu(goal: Any) -> float:
    """CPU time to render the goal for the proof store's key (paid by ``verify run`` with a store)."""
    try:
        from verify.store import goal_key
    except ImportError:  # an engine without a proof store
        return 0.0
    c0 = time.process_time()
    goal_key(goal, {})
    return time.process_time() - c0


def measure(build: Callable[[int], Any], value: int) -> dict[str, Any]:
    w0, c0 = _clock()
    goal = build(value)
    w1, c1 = _clock()
    out = decide(goal, "supports", 20260)
    w2, c2 = _clock()
    return {"value": value, "build_wall": w1 - w0, "build_cpu": c1 - c0, "decide_wall": w2 - w1,
            "decide_cpu": c2 - c1, "key_cpu": _store_key_cpu(goal), "result": out.result,
            "how": out.data.get("canonical_form", out.detail[:60])}


def run_family(name: str, parameter: str, build: Callable[[int], Any], values: range,
               extra: Callable[[int], str] = lambda v: "") -> bool:
    print(f"\n{name}  ({parameter} = {values.start}..{values.stop - 1})")
    print(f"  {parameter:>3}  {'build s':>8} {'(cpu)':>7}  {'decide s':>8} {'(cpu)':>7}  {'total cpu':>9}"
          f"  {'store key cpu':>13}  result")
    ok = True
    total = keys = 0.0
    for v in values:
        r = measure(build, v)
        cpu = r["build_cpu"] + r["decide_cpu"]
        total += cpu
        keys += r["key_cpu"]
        ok = ok and r["result"] == "holds"
        print(f"  {v:>3}  {r['build_wall']:8.2f} {r['build_cpu']:7.2f}  {r['decide_wall']:8.2f} {r['decide_cpu']:7.2f}"
              f"  {cpu:9.2f}  {r['key_cpu']:13.2f}  {r['result']} by {r['how']}{extra(v)}", flush=True)
    print(f"  family total: {total:.2f} s CPU (+ {keys:.2f} s to render the goals for a proof-store key)")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-slots", type=int, default=layer.SLOTS, help="largest slot count D (layer, read-out, …)")
    ap.add_argument("--max-tree", type=int, default=trees.TREE_SIZE, help="largest tree size n")
    ap.add_argument("--max-rounds", type=int, default=trees.ROUNDS, help="largest T of the round-independence check")
    ap.add_argument("--only", choices=("layer", "trees", "readout", "invariants", "locality", "rounds"), default=None)
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()}, sympy {sympy.__version__}, {platform.machine()}")
    families = {
        "layer": ("layer_is_one_sum_product_round: one layer = one sum-product round, every sender degree ≤ D", "D",
                  layer.layer_is_one_sum_product_round, range(1, args.max_slots + 1), lambda v: ""),
        "trees": ("sum_product_is_exact_on_trees: sum-product after diameter rounds = enumeration, every tree shape",
                  "n", trees.sum_product_is_exact_on_trees, range(1, args.max_tree + 1),
                  lambda v: f"  ({len(nonisomorphic_trees(v))} shapes)"),
        "readout": ("readout_is_sum_product_belief: σ(θ + Σh) = sum-product belief, degrees 0..D", "D",
                    trees.readout_is_sum_product_belief, range(1, args.max_slots + 1), lambda v: ""),
        "invariants": ("layer_keeps_invariants_on_arbitrary_tokens: closed form of both blocks", "D",
                       layer.layer_keeps_invariants_on_arbitrary_tokens, range(1, args.max_slots + 1), lambda v: ""),
        "locality": ("heads_attend_only_to_gather_sets: softmax weights on the gather sets", "D",
                     layer.heads_attend_only_to_gather_sets, range(1, args.max_slots + 1), lambda v: ""),
        "rounds": ("every_round_uses_the_same_layer: T rounds reuse the one-round layer", "T",
                   trees.every_round_uses_the_same_layer, range(1, args.max_rounds + 1), lambda v: ""),
    }
    ok = True
    for key, (name, param, build, values, extra) in families.items():
        if args.only in (None, key):
            ok = run_family(name, param, build, values, extra) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
