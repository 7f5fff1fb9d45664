"""Benchmark: the transformer BP witness vs exact inference in pgmpy and pyAgrum.

Run with ``python bench/bench_witness.py`` (``--quick`` for a smaller run). It measures, in one
run on one machine:

1. graphs per second on the *same* random trees (10-20 variables, random unary and pairwise
   potentials in [0.1, 1]) for
   (a) the masked sum-product transformer, vectorised over batches of graphs (each tree is run
       for its own diameter, so its output is the exact marginal), end to end: diameters,
       token encoding, forward pass, read-out;
   (b) pgmpy ``VariableElimination`` on a ``DiscreteMarkovNetwork`` (model building included);
   (c) pyAgrum ``LazyPropagation`` on the evidence encoding of the Markov network (model
       building included; an inference-only line is printed too),
   with the ratios, after checking that all three agree to 1e-10 on every graph they share;
2. how the witness's time grows with the number of variables (10 -> 1000), and
3. with the batch size.

Fairness: BLAS and pyAgrum are limited to one thread (every method then runs on one core, and
a shared machine perturbs them alike); the float arrays of every graph are materialised before
any timing (that conversion from the stored Python numbers is common to all methods). Times
are the best of ``--repeats`` runs; both wall-clock and process CPU time are reported, since
other jobs on the machine inflate wall time. The script exits 1 if an agreement check fails.
"""
from __future__ import annotations

import os

# One BLAS thread: tiny matrix products are slower with thread hand-offs, and on a shared
# 2-core machine extra threads only measure contention. Must be set before numpy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Sequence  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lemmas.models.bp import sum_product_marginals  # noqa: E402
from lemmas.models.factor_graph import FactorGraph, diameters, random_tree  # noqa: E402
from lemmas.models.sum_product_transformer import transformer_marginals_grouped  # noqa: E402

AGREEMENT = 1e-10


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float, object]:
    """(best wall seconds, best CPU seconds, last result) over ``repeats`` runs."""
    wall, cpu, out = float("inf"), float("inf"), None
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, out


def make_trees(count: int, low: int, high: int, seed: int) -> list[FactorGraph]:
    rng = np.random.default_rng(seed)
    graphs = [random_tree(int(n), rng, unary=True) for n in rng.integers(low, high + 1, size=count)]
    for g in graphs:       # materialise the cached float arrays outside every timing
        g.tables_array(), g.unary_array(), g.edge_array()
    return graphs


def max_diff(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> float:
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))


def witness(graphs: Sequence[FactorGraph], batch_size: int = 1024) -> list[np.ndarray]:
    return transformer_marginals_grouped(graphs, None, batch_size=batch_size)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run, about 20 s)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=2026)
    args = p.parse_args(argv)
    quick = args.quick
    n_witness = 1000 if quick else 4000
    n_pgmpy = 30 if quick else 150
    n_agrum = 150 if quick else 400

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgmpy
        import pyagrum as gum
        from lemmas.models.oracles import pgmpy_marginals, pyagrum_marginals, pyagrum_model
    gum.setNumberOfThreads(1)
    print(f"python {platform.python_version()}  numpy {np.__version__}  pgmpy {pgmpy.__version__}  "
          f"pyagrum {gum.__version__}  cores {os.cpu_count()}  load average {os.getloadavg()[0]:.2f} (start)")
    print(f"BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, pyAgrum threads 1, best of {args.repeats} runs\n")

    ok = True
    graphs = make_trees(n_witness, 10, 20, args.seed)
    sizes = np.array([g.num_variables for g in graphs])
    diam = np.array(diameters(graphs))
    print(f"== 1. the same {len(graphs)} random trees, 10-20 variables (mean {sizes.mean():.1f}), "
          f"diameter mean {diam.mean():.1f}, max {diam.max()} ==")

    # warm-up: imports, caches, first-call costs
    witness(graphs[:50])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pgmpy_marginals(graphs[0])
    pyagrum_marginals(graphs[0])

    tw, cw, tr = timed(lambda: witness(graphs), args.repeats)
    transformer: list[np.ndarray] = tr  # type: ignore[assignment]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tp, cp, pg = timed(lambda: [pgmpy_marginals(g) for g in graphs[:n_pgmpy]], 1)
    ta, ca, ag = timed(lambda: [pyagrum_marginals(g) for g in graphs[:n_agrum]], args.repeats)
    models = [pyagrum_model(g) for g in graphs[:n_agrum]]
    ti, ci, _ = timed(lambda: [pyagrum_marginals(g, m) for g, m in zip(graphs[:n_agrum], models)], args.repeats)
    ts, cs, sp = timed(lambda: [sum_product_marginals(g, int(d)) for g, d in zip(graphs[:n_agrum], diam)], args.repeats)

    d_pg = max_diff(transformer[:n_pgmpy], pg)  # type: ignore[arg-type]
    d_ag = max_diff(transformer[:n_agrum], ag)  # type: ignore[arg-type]
    d_pa = max_diff(pg, ag[:n_pgmpy])  # type: ignore[arg-type, index]
    d_sp = max_diff(transformer[:n_agrum], sp)  # type: ignore[arg-type]
    rows = [
        ("(a) transformer witness (numpy, batched)", len(graphs), tw, cw, "-"),
        ("(b) pgmpy VariableElimination", n_pgmpy, tp, cp, f"{d_pg:.1e}"),
        ("(c) pyAgrum LazyPropagation (incl. model build)", n_agrum, ta, ca, f"{d_ag:.1e}"),
        ("    pyAgrum LazyPropagation (inference only)", n_agrum, ti, ci, "-"),
        ("    numpy sum-product, one graph at a time", n_agrum, ts, cs, f"{d_sp:.1e}"),
    ]
    rate_w = len(graphs) / tw
    rate_w_cpu = len(graphs) / cw
    print(f"{'method':50} {'graphs':>7} {'wall s':>8} {'graphs/s':>10} {'cpu graphs/s':>13} "
          f"{'witness x':>10} {'max|diff| vs witness':>21}")
    for name, count, wall, cpu, diff in rows:
        rate = count / wall
        speedup = "" if name.startswith("(a)") else f"{rate_w / rate:9.1f}x"
        print(f"{name:50} {count:7d} {wall:8.3f} {rate:10.1f} {count / cpu:13.1f} {speedup:>10} {diff:>21}")
    print(f"pgmpy vs pyAgrum max|diff| = {d_pa:.1e}")
    r_pg, r_ag = rate_w / (n_pgmpy / tp), rate_w / (n_agrum / ta)
    r_pg_cpu, r_ag_cpu = rate_w_cpu / (n_pgmpy / cp), rate_w_cpu / (n_agrum / ca)
    print(f"ratios (wall): witness / pgmpy = {r_pg:.0f}x (goal >= 100x), witness / pyAgrum = {r_ag:.1f}x "
          f"(goal >= 1x); by CPU time: {r_pg_cpu:.0f}x and {r_ag_cpu:.1f}x")
    for label, d in (("pgmpy", d_pg), ("pyAgrum", d_ag), ("pgmpy vs pyAgrum", d_pa)):
        if not d <= AGREEMENT:
            print(f"AGREEMENT FAILED: {label}: {d:.3e} > {AGREEMENT:g}")
            ok = False

    print("\n== 2. witness time vs number of variables (random trees, rounds = diameter) ==")
    print(f"{'variables':>9} {'graphs':>7} {'tokens/graph':>13} {'rounds':>7} {'s/graph':>10} {'graphs/s':>10} "
          f"{'pyAgrum s/graph':>16} {'max|diff|':>10}")
    for n in ((10, 30, 100, 300) if quick else (10, 30, 100, 300, 1000)):
        count = max(1, min(2000, 20000 // n))
        gs = make_trees(count, n, n, args.seed + n)
        rounds = diameters(gs)
        t, _, out = timed(lambda: witness(gs), args.repeats if n < 1000 else 1)
        k = min(count, max(2, 200 // n))
        ta_n, _, ref = timed(lambda: [pyagrum_marginals(g) for g in gs[:k]], 1)
        d = max_diff(out[:k], ref)  # type: ignore[index, arg-type]
        ok &= d <= AGREEMENT
        tokens = max(g.max_degree for g in gs) + 2 * (n - 1)     # sinks + directed-edge tokens
        print(f"{n:9d} {count:7d} {tokens:13d} {np.mean(rounds):7.1f} "
              f"{t / count:10.2e} {count / t:10.1f} {ta_n / k:16.2e} {d:10.1e}")

    print("\n== 3. witness time vs batch size (trees of 10-20 variables) ==")
    print(f"{'batch size':>10} {'graphs':>7} {'wall s':>8} {'graphs/s':>10}")
    for bs in ((1, 10, 100, 1000) if quick else (1, 10, 100, 1000, 4000)):
        gs = graphs[:300] if bs == 1 else graphs
        t, _, out = timed(lambda: witness(gs, batch_size=bs), 1 if bs == 1 else args.repeats)
        ok &= max_diff(out, transformer[:len(gs)]) <= 1e-12  # type: ignore[arg-type]
        print(f"{bs:10d} {len(gs):7d} {t:8.3f} {len(gs) / t:10.1f}")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    print("all agreement checks passed" if ok else "SOME AGREEMENT CHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
