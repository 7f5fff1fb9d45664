"""``coppola.experiments.table1`` and ``coppola.experiments.table4``: the paper's two experiments.

Table 1 (§6.7; v0 – f1 – v2, entries ~ U[0.05, 1], a 2-layer encoder, baseline MAE 0.113206):

* ``coppola.experiments.table1`` — witnessed: the printed rows agree with their max-error column
  within four-decimal rounding (exact rationals); the exact marginals are the closed form; the
  predict-0.5 baseline is within the 99.9% band of a 2,000-graph mean around a Monte Carlo estimate
  (10⁶ graphs; the tolerance is in the evidence). The trained model's MAE is not re-checked.
* ``.closed_form`` — proved: P(v0 = 1) = (f10 + f11)/Σf, P(v2 = 1) = (f01 + f11)/Σf (symbolic), a
  fixed function of the factor table every token carries: no message passing is needed.
* ``.parameters`` — refuted: the described encoder (input Linear 8→32, two pre-LN layers, d_model 32,
  2 heads, feed-forward 128, read-out 32→32→1) has 26,785 parameters, outside "~5,000" read as
  5,000 ± 50% (counted by building it: torch when installed, else its tensor shapes; a formula from
  the description agrees).
* ``.learns_bp`` — not-formal (an interpretation of a training run).

Table 4 (§10.5; five QBBN structures × 100 graphs, entries ~ U[0.1, 1], loopy BP tol 1e-6, ≤ 100
iterations):

* ``coppola.experiments.table4`` — witnessed: the re-run (seed 10501) converges on every graph, its
  average KL and MAE are within a factor 3 of the printed ones, and average MAE ≤ 0.01 ("practically
  viable"). The dating row reproduces with the "AND" tables of the ``loopy`` repository's code, not
  with U[0.1, 1] tables as the text says (both in the evidence). ``--slow``: each printed average
  lies in the bootstrap 99.9% band of a 100-graph average (1,000 graphs per structure).
* ``.beyond_regime`` — refuted: on K5 with J = ln 8 / 2 ≈ 1.04 on every edge and h = ln(5/4)/2 ≈
  0.11 at every node (an Ising model inside the stated family), loopy BP with the same schedule and
  stopping rule, run in exact rational arithmetic, converges to beliefs far from the exact marginals
  (average error > 0.01). A float stress test on random Ising models (convergence rates, errors)
  is in the evidence, informational.
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction as Q
from itertools import product
from typing import Any, Sequence

import numpy as np
import sympy as sp

from lemmas.models import (TABLE4_STRUCTURES, exact_marginals, exact_marginals_fraction, from_edges, ising_graph,
                           loopy_belief_propagation, loopy_belief_propagation_exact, random_tables, table4_graph)
from verify import Claim, ExactEqual, Family, Hypothesis, Identity, Obligation, Witness

from . import PAPER

# ----------------------------------------------------------------------------------------------
# Table 1

TABLE1_WHERE = "§6.7, Table 1"
TABLE1_ROWS = (
    # graph, exact [P(v0=1), P(v2=1)], transformer, printed max error
    (0, ("0.7349", "0.4366"), ("0.7338", "0.4346"), "0.0021"),
    (1, ("0.4097", "0.4036"), ("0.4096", "0.4031"), "0.0005"),
    (4, ("0.6459", "0.8298"), ("0.6436", "0.8297"), "0.0023"),
    (9, ("0.4084", "0.5523"), ("0.4084", "0.5526"), "0.0003"),
)
HALF_ULP = Q(1, 20000)
"""A value printed with four decimals is within 1/20000 of the value it rounds."""


def table1_rows(rows: Sequence[Any] = TABLE1_ROWS) -> ExactEqual:
    """|printed max error − max_i |exact_i − transformer_i|| ≤ 3/20000 for every row.

    Each |exact − transformer| recomputed from printed values is within 2/20000 of the true one,
    and the printed max error within 1/20000 of its true value.
    """
    cases, shown = [], {}
    for g, exact, tf, printed in rows:
        recomputed = max(abs(Q(a) - Q(t)) for a, t in zip(exact, tf))
        gap = abs(Q(printed) - recomputed)
        cases.append((f"graph {g}: |{printed} − {float(recomputed):.4f}| ≤ 3/20000", gap <= 3 * HALF_ULP, True))
        shown[f"graph {g}"] = {"printed": printed, "recomputed": f"{float(recomputed):.4f}",
                               "difference": str(gap), "exact_match": gap == 0}
    return ExactEqual(cases, label="Table 1 max-error column vs its rows (± rounding)", detail={"rows": shown})


_f = sp.symbols("f00 f01 f10 f11", positive=True)


def closed_form(f: Sequence[Any]) -> tuple[Any, Any]:
    """P(v0 = 1) = (f10 + f11)/Σf, P(v2 = 1) = (f01 + f11)/Σf (table rows v0, columns v2)."""
    f00, f01, f10, f11 = f
    z = f00 + f01 + f10 + f11
    return (f10 + f11) / z, (f01 + f11) / z


def closed_form_symbolic(variable: int) -> Identity:
    """The marginal of v0 (``variable`` 0) or v2 (2) by summing the unnormalised joint over the 4
    assignments = the closed form."""
    table = {(a, b): _f[2 * a + b] for a, b in product((0, 1), repeat=2)}
    z = sum(table.values())
    c0, c2 = closed_form(_f)
    if variable == 0:
        return Identity(sum(table[(1, b)] for b in (0, 1)) / z, c0, label="P(v0=1) by enumeration = (f10 + f11)/Σf")
    return Identity(sum(table[(a, 1)] for a in (0, 1)) / z, c2, label="P(v2=1) by enumeration = (f01 + f11)/Σf")


def closed_form_exact(count: int = 200, seed: int = 6701, form: Any = closed_form) -> ExactEqual:
    """exact_marginals_fraction (enumeration) == the closed form on random rational tables in [1/20, 1]."""
    rng = np.random.default_rng(seed)
    cases = []
    for k in range(count):
        f = [Q(int(rng.integers(1, 101)), 100) for _ in range(4)]
        f = [max(x, Q(1, 20)) for x in f]
        g = from_edges(2, [(0, 1)], [[[f[0], f[1]], [f[2], f[3]]]])
        cases.append((f"table {k}: {[str(x) for x in f]}", tuple(exact_marginals_fraction(g)), tuple(form(f))))
    return ExactEqual(cases, label=f"enumeration = closed form on {count} random rational tables",
                      detail={"seed": seed, "entries": "k/100 clipped to ≥ 1/20 (the U[0.05, 1] range)"})


BASELINE_PAPER = 0.113206
VALIDATION_GRAPHS = 2000
Z999 = 3.2905


def baseline_monte_carlo(samples: int = 1_000_000, seed: int = 61, paper: float = BASELINE_PAPER) -> Witness:
    """E over graphs of the mean over v0, v2 of |P − 1/2|, entries ~ U[0.05, 1], by Monte Carlo."""
    rng = np.random.default_rng(seed)
    f = rng.uniform(0.05, 1.0, size=(samples, 4))
    p0, p2 = closed_form((f[:, 0], f[:, 1], f[:, 2], f[:, 3]))
    a = (np.abs(p0 - 0.5) + np.abs(p2 - 0.5)) / 2
    mean, sd = float(a.mean()), float(a.std(ddof=1))
    se_mc = sd / math.sqrt(samples)
    se_val = sd / math.sqrt(VALIDATION_GRAPHS)
    tol = Z999 * math.sqrt(se_mc ** 2 + se_val ** 2)
    return Witness(np.array([paper]), np.array([mean]), tol, instances=1,
                   label="paper's predict-0.5 baseline vs Monte Carlo E|P − 1/2|",
                   detail={"monte_carlo_mean": mean, "monte_carlo_samples": samples, "seed": seed,
                           "per_graph_sd": sd, "monte_carlo_95ci": [mean - 1.96 * se_mc, mean + 1.96 * se_mc],
                           "paper": paper, "paper_minus_mc_in_mc_standard_errors": (paper - mean) / se_mc,
                           "tolerance": ("3.29·sqrt(se_mc² + se_val²): 99.9% band for a mean over the paper's "
                                         f"{VALIDATION_GRAPHS} validation graphs, se_val = sd/sqrt(2000) = {se_val:.5f}")})


TABLE1_ARCH = {"input": (8, 32), "layers": 2, "d_model": 32, "heads": 2, "feed_forward": 128, "norm_first": True,
               "readout": ((32, 32), "relu", (32, 1))}
"""The encoder as described for Table 1 (from the paper and the bayes-learner code)."""
STATED_PARAMETERS = 5000
APPROX_BAND = 0.5
""""~5,000" read as 5,000 ± 50%."""


def linear_params(n_in: int, n_out: int) -> int:
    return n_in * n_out + n_out


def encoder_parameter_count(arch: dict = TABLE1_ARCH) -> dict[str, int]:
    """Count from the description: Linear(i, o) has i·o + o; a PyTorch encoder layer has the attention
    in-projection (3d × d + 3d, independent of the head count), the out-projection (d × d + d), two
    feed-forward Linears and two LayerNorms (2d each)."""
    d, ff = arch["d_model"], arch["feed_forward"]
    attention = 3 * d * d + 3 * d + linear_params(d, d)
    feed_forward = linear_params(d, ff) + linear_params(ff, d)
    norms = 2 * (2 * d)
    layer = attention + feed_forward + norms
    readout = sum(linear_params(*x) for x in arch["readout"] if isinstance(x, tuple))
    total = linear_params(*arch["input"]) + arch["layers"] * layer + readout
    return {"input": linear_params(*arch["input"]), "per_layer": layer, "attention_per_layer": attention,
            "layers": arch["layers"] * layer, "readout": readout, "total": total,
            "attention_only_all_layers": arch["layers"] * attention}


def torch_parameter_count(arch: dict = TABLE1_ARCH) -> int | None:
    """Build the described model with torch.nn and count; None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    d = arch["d_model"]
    layer = torch.nn.TransformerEncoderLayer(d, arch["heads"], arch["feed_forward"], dropout=0.0,
                                             batch_first=True, norm_first=arch["norm_first"])
    (i0, o0), (i1, o1), (i2, o2) = arch["input"], arch["readout"][0], arch["readout"][2]
    model = torch.nn.ModuleDict({
        "input": torch.nn.Linear(i0, o0),
        "encoder": torch.nn.TransformerEncoder(layer, arch["layers"], enable_nested_tensor=False),
        "readout": torch.nn.Sequential(torch.nn.Linear(i1, o1), torch.nn.ReLU(), torch.nn.Linear(i2, o2)),
    })
    return sum(p.numel() for p in model.parameters())


def shapes_parameter_count(arch: dict = TABLE1_ARCH) -> int:
    """A second count without torch: the tensor shapes of nn.TransformerEncoderLayer listed one by one."""
    d, ff = arch["d_model"], arch["feed_forward"]
    shapes = [(arch["input"][1], arch["input"][0]), (arch["input"][1],)]
    for _ in range(arch["layers"]):
        shapes += [(3 * d, d), (3 * d,), (d, d), (d,), (ff, d), (ff,), (d, ff), (d,), (d,), (d,), (d,), (d,)]
    for x in arch["readout"]:
        if isinstance(x, tuple):
            shapes += [(x[1], x[0]), (x[1],)]
    return sum(math.prod(s) for s in shapes)


def parameter_counterexample(arch: dict = TABLE1_ARCH) -> ExactEqual:
    """Is the count of the described model within 5,000 ± 50%? Counted by building it (torch when
    installed, else the tensor shapes listed one by one); the formula count is in the evidence."""
    counts = encoder_parameter_count(arch)
    lo, hi = int(STATED_PARAMETERS * (1 - APPROX_BAND)), int(STATED_PARAMETERS * (1 + APPROX_BAND))
    tc = torch_parameter_count(arch)
    built = tc if tc is not None else shapes_parameter_count(arch)
    how = "torch.nn build" if tc is not None else "tensor-shape enumeration (torch not installed)"
    return ExactEqual([(f"the described encoder ({how}: {built:,} parameters) has {lo:,}..{hi:,} parameters "
                        "(~5,000 read as 5,000 ± 50%)", lo <= built <= hi, True)],
                      label="parameter count of the Table 1 encoder",
                      detail={"architecture": str(arch), "counted_by": how, "count": built, "formula": counts,
                              "formula_agrees": built == counts["total"], "band": [lo, hi],
                              "with_final_layernorm": counts["total"] + 2 * arch["d_model"]})


# ----------------------------------------------------------------------------------------------
# Table 4

TABLE4_WHERE = "§10.5, Table 4"
TABLE4_PAPER = {  # structure: (converged, avg KL, avg MAE, avg iterations)
    "triangle": (100, 0.000045, 0.002091, 8.5),
    "square": (100, 0.000002, 0.000382, 8.4),
    "dating": (100, 0.000102, 0.003590, 13.2),
    "two_loops": (100, 0.000086, 0.003111, 10.2),
    "qbbn_chain": (100, 0.000021, 0.001055, 8.7),
}
TABLE4_SEED = 10501
MAGNITUDE_FACTOR = 3.0
"""Default-path comparison: our 100-graph averages within a factor 3 of the printed ones."""
VIABLE_MAE = 0.01
"""Operational "practically viable": converges (≤ 100 iterations, tol 1e-6) and average MAE ≤ 0.01."""


def dating_as_coded(rng: np.random.Generator) -> Any:
    """The dating graph as the ``loopy`` repository draws it: factors (2,4), (3,4) are "AND" tables
    with diagonal ~ U[0.7, 1] and off-diagonal ~ U[0.1, 0.3]; the others ~ U[0.1, 1]."""
    tables = list(random_tables(rng, 5))
    for k in (2, 3):
        tables[k] = np.array([[rng.uniform(0.7, 1.0), rng.uniform(0.1, 0.3)],
                              [rng.uniform(0.1, 0.3), rng.uniform(0.7, 1.0)]])
    return from_edges(5, TABLE4_STRUCTURES["dating"], tables)


def bernoulli_kl(p: np.ndarray, q: np.ndarray) -> float:
    """Mean over variables of KL(Bern(p) ‖ Bern(q)) — the loopy repository's metric (exact ‖ BP)."""
    return float(np.mean(p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))))


def run_structure(make: Any, graphs: int, rng: np.random.Generator) -> dict[str, Any]:
    kls, maes, iters, worst, conv = [], [], [], 0.0, 0
    for _ in range(graphs):
        g = make(rng)
        r = loopy_belief_propagation(g, max_iter=100, tol=1e-6)
        ex = exact_marginals(g)
        err = np.abs(ex - r.beliefs)
        conv += int(r.converged)
        kls.append(bernoulli_kl(ex, r.beliefs))
        maes.append(float(err.mean()))
        iters.append(r.iterations)
        worst = max(worst, float(err.max()))
    return {"graphs": graphs, "converged": conv, "avg_kl": float(np.mean(kls)), "avg_mae": float(np.mean(maes)),
            "worst_abs_error": worst, "avg_iterations": float(np.mean(iters)),
            "_kl": np.array(kls), "_mae": np.array(maes)}


def _makers() -> dict[str, Any]:
    out = {name: (lambda rng, name=name: table4_graph(name, rng)) for name in TABLE4_STRUCTURES}
    out["dating"] = dating_as_coded
    return out


def table4_rerun(graphs: int = 100, seed: int = TABLE4_SEED) -> dict[str, dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows = {name: run_structure(make, graphs, rng) for name, make in _makers().items()}
    rows["dating (as described: all U[0.1, 1])"] = run_structure(lambda r: table4_graph("dating", r), graphs, rng)
    return rows


def _public(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, row in rows.items():
        pub = {k: v for k, v in row.items() if not k.startswith("_")}
        base = name.split(" ")[0]
        if base in TABLE4_PAPER and name == base:
            c, kl, mae, it = TABLE4_PAPER[base]
            pub["paper"] = {"converged": f"{c}/100", "avg_kl": kl, "avg_mae": mae, "avg_iterations": it}
        out[name] = pub
    return out


TABLE4_PARTS = {1: "convergence", 2: "magnitudes", 3: "viability"}
"""The three witnesses of the re-run (one goal each; the re-run is computed once per worker)."""


@functools.lru_cache(maxsize=2)
def _table4_rerun_cached(graphs: int, seed: int) -> dict[str, dict[str, Any]]:
    return table4_rerun(graphs, seed)


def table4_witness(part: int, graphs: int = 100, seed: int = TABLE4_SEED) -> Witness:
    """Part 1: converged on every graph; 2: average KL and MAE within a factor 3 of the printed
    values; 3: average MAE ≤ 0.01 ("practically viable")."""
    return table4_witnesses(graphs, seed)[part - 1]


def table4_witnesses(graphs: int = 100, seed: int = TABLE4_SEED) -> list[Witness]:
    rows = _table4_rerun_cached(graphs, seed)
    names = list(TABLE4_PAPER)
    table = _public(rows)
    conv = Witness(np.array([rows[n]["converged"] for n in names], dtype=float), np.full(len(names), float(graphs)),
                   0.5, instances=len(names) * graphs,
                   label=f"converged {graphs}/{graphs} on every structure (synchronous BP, tol 1e-6, ≤ 100 iterations)",
                   detail={"table": table, "seed": seed})
    obs = np.log10([[rows[n]["avg_kl"], rows[n]["avg_mae"]] for n in names]).ravel()
    exp = np.log10([[TABLE4_PAPER[n][1], TABLE4_PAPER[n][2]] for n in names]).ravel()
    mag = Witness(obs, exp, math.log10(MAGNITUDE_FACTOR), instances=len(names),
                  label="avg KL and avg MAE within a factor 3 of the printed values (log10 scale, dating as coded)",
                  detail={"rows": [f"{n}: KL {rows[n]['avg_kl']:.6f} (paper {TABLE4_PAPER[n][1]:.6f}), "
                                   f"MAE {rows[n]['avg_mae']:.6f} (paper {TABLE4_PAPER[n][2]:.6f}), "
                                   f"worst {rows[n]['worst_abs_error']:.4f}" for n in names],
                          "dating_as_described": table["dating (as described: all U[0.1, 1])"]})
    viable = Witness(np.array([rows[n]["avg_mae"] for n in names]), np.zeros(len(names)), VIABLE_MAE,
                     instances=len(names) * graphs,
                     label="practically viable in the paper's regime: average MAE ≤ 0.01 (with convergence above)",
                     detail={"worst_abs_error": {n: rows[n]["worst_abs_error"] for n in names}})
    return [conv, mag, viable]


def table4_bootstrap(graphs: int = 1000, seed: int = TABLE4_SEED + 1, resamples: int = 4000) -> Witness:
    """Slow: each printed average lies in the bootstrap 99.9% band of a 100-graph average."""
    rng = np.random.default_rng(seed)
    rows = {name: run_structure(make, graphs, rng) for name, make in _makers().items()}
    obs, mid, half, shown = [], [], [], {}
    for name, row in rows.items():
        idx = rng.integers(0, graphs, size=(resamples, 100))
        for metric, paper in (("_kl", TABLE4_PAPER[name][1]), ("_mae", TABLE4_PAPER[name][2])):
            means = row[metric][idx].mean(axis=1)
            lo, hi = np.quantile(means, [0.0005, 0.9995])
            obs.append(paper)
            mid.append((lo + hi) / 2)
            half.append((hi - lo) / 2)
            shown[f"{name} {metric[1:]}"] = {"paper": paper, "band_99.9": [float(lo), float(hi)],
                                             "mean_over_all_graphs": float(row[metric].mean())}
        shown[f"{name} converged"] = f"{row['converged']}/{graphs}"
        shown[f"{name} worst_abs_error"] = row["worst_abs_error"]
    return Witness(np.array(obs), np.array(mid), np.array(half), instances=len(rows) * graphs,
                   label=f"printed averages inside the bootstrap 99.9% band of a 100-graph average ({graphs} graphs each)",
                   detail={"bands": shown, "resamples": resamples, "seed": seed})


# -- stress test: Ising models

ISING_GRAPHS = {
    "K4": (4, tuple((a, b) for a in range(4) for b in range(a + 1, 4))),
    "K5": (5, tuple((a, b) for a in range(5) for b in range(a + 1, 5))),
    "grid3x3": (9, tuple([(r * 3 + c, r * 3 + c + 1) for r in range(3) for c in range(2)]
                         + [(r * 3 + c, (r + 1) * 3 + c) for r in range(2) for c in range(3)])),
}
COUPLINGS = (0.5, 1.5, 3.0)
FIELD_SCALE = 0.5


def stress_test(trials: int, seed: int = 10502) -> tuple[dict[str, Any], dict[str, Any]]:
    """(table, worst K5 s = 3 non-converged instance) for Ising J ~ N(0, s²), h ~ N(0, 0.5²)."""
    rng = np.random.default_rng(seed)
    table: dict[str, Any] = {}
    pick: dict[str, Any] = {"error": -1.0}
    for name, (n, edges) in ISING_GRAPHS.items():
        for s in COUPLINGS:
            conv, maes, maes_conv, worst, iters = 0, [], [], 0.0, []
            for _ in range(trials):
                g = ising_graph(n, edges, rng, coupling_scale=s, field_scale=FIELD_SCALE)
                r = loopy_belief_propagation(g, max_iter=100, tol=1e-6)
                err = np.abs(exact_marginals(g) - r.beliefs)
                conv += int(r.converged)
                maes.append(float(err.mean()))
                iters.append(r.iterations)
                if r.converged:
                    maes_conv.append(float(err.mean()))
                worst = max(worst, float(err.max()))
                if name == "K5" and s == COUPLINGS[-1] and not r.converged and float(err.max()) > pick["error"]:
                    pick = {"error": float(err.max()), "graph": g, "beliefs": r.beliefs.copy(),
                            "max_change": r.max_change}
            table[f"{name} s={s:g}"] = {"converged": f"{conv}/{trials}", "convergence_rate": conv / trials,
                                        "avg_mae": float(np.mean(maes)),
                                        "avg_mae_converged": float(np.mean(maes_conv)) if maes_conv else None,
                                        "worst_abs_error": worst, "avg_iterations": float(np.mean(iters))}
    return table, pick


UNIFORM_ISING = {"graph": "K5", "a": Q(8), "c": Q(5, 4)}
"""The refuting instance: K5, every table [[a, 1], [1, a]] ∝ [[e^J, e^−J], [e^−J, e^J]] with a = e^{2J}
(J = ln 8 / 2 ≈ 1.04), every unary [1, c] ∝ [e^−h, e^h] with c = e^{2h} (h = ln(5/4)/2 ≈ 0.11)."""


def uniform_ising(name: str, a: Q, c: Q) -> Any:
    n, edges = ISING_GRAPHS[name]
    return from_edges(n, edges, [[[a, Q(1)], [Q(1), a]] for _ in edges], [[Q(1), c] for _ in range(n)])


def viability_exact(instance: dict = UNIFORM_ISING, trials: int = 25, seed: int = 10502,
                    max_iter: int = 100, tol: Q = Q(1, 10 ** 6)) -> ExactEqual:
    """Practically viable on the instance = (converged within ``max_iter`` iterations, average
    |belief − marginal| ≤ 1/100), with loopy BP in exact rational arithmetic (same schedule and
    stopping rule as the float program) and exact marginals by enumeration; the claim says
    (True, True). The float stress test on random Ising models is informational detail."""
    g = uniform_ising(instance["graph"], instance["a"], instance["c"])
    r = loopy_belief_propagation_exact(g, max_iter=max_iter, tol=tol)
    exact = exact_marginals_fraction(g)
    mae = sum((abs(b - e) for b, e in zip(r.beliefs, exact)), Q(0)) / len(exact)
    fl = loopy_belief_propagation(g.to_float(), max_iter=max_iter, tol=float(tol))
    table, _ = stress_test(trials, seed) if trials else ({}, None)
    label = (f"{instance['graph']}, a = {instance['a']}, c = {instance['c']}: exact loopy BP "
             f"({'converged' if r.converged else 'not converged'} after {r.iterations} iterations, average error "
             f"{float(mae):.4f}): (converged, average error ≤ 1/100)")
    return ExactEqual([(label, (r.converged, mae <= Q(1, 100)), (True, True))],
                      label="loopy BP on a uniform Ising model inside the stated family",
                      detail={"instance": {"graph": instance["graph"], "table": f"[[{instance['a']}, 1], [1, {instance['a']}]]",
                                           "unary": f"[1, {instance['c']}]",
                                           "J": math.log(instance["a"]) / 2, "h": math.log(instance["c"]) / 2},
                              "exact_bp": {"iterations": r.iterations, "converged": r.converged,
                                           "last_change": float(r.max_change) if r.max_change is not None else None,
                                           "beliefs": [float(b) for b in r.beliefs]},
                              "exact_marginals": [str(e) for e in exact], "average_error": float(mae),
                              "float64_bp": {"iterations": fl.iterations, "converged": fl.converged,
                                             "beliefs": fl.beliefs.tolist()},
                              "stress_table": table, "stress_trials_per_cell": trials, "stress_seed": seed,
                              "stress_field": f"h ~ N(0, {FIELD_SCALE}²)"})


# ----------------------------------------------------------------------------------------------
# Claims

CLAIMS = [
    Claim(
        id="coppola.experiments.table1",
        reading="as-stated",
        paper=PAPER,
        where=TABLE1_WHERE,
        statement=("Table 1's checkable content: on v0 – f1 – v2 with entries ~ U[0.05, 1] the targets are the exact "
                   "marginals, the printed rows agree with their max-error column, and the predict-0.5 baseline has "
                   "MAE 0.113206."),
        obligations=(
            Obligation("rows.max_error", "exact", "supports",
                       "max-error column vs the printed rows, within four-decimal rounding (exact rationals)",
                       table1_rows),
            Obligation("targets.closed_form", "exact", "supports",
                       "the exact marginals (enumeration) equal the closed form from the factor table",
                       closed_form_exact),
            Obligation("baseline.monte_carlo", "numeric", "supports",
                       "the baseline 0.113206 is within the 99.9% band of a 2,000-graph mean around the Monte Carlo "
                       "E|P − 1/2| (10⁶ graphs, seed 61)", baseline_monte_carlo),
        ),
        note="The trained model's MAE 0.000752 is not re-checked (no training is re-run).",
    ),
    Claim(
        id="coppola.experiments.table1.closed_form",
        reading="project",
        paper=PAPER,
        where=TABLE1_WHERE + " (what the task requires)",
        statement=("On v0 – f1 – v2 the targets are P(v0 = 1) = (f10 + f11)/Σf and P(v2 = 1) = (f01 + f11)/Σf: a fixed "
                   "rational function of the factor table that every input token carries, so no message passing "
                   "is needed."),
        obligations=(
            Obligation("enumeration.symbolic.v0", "symbolic", "supports",
                       "summing the joint over the 4 assignments gives (f10 + f11)/Σf for P(v0 = 1) (symbolic f)",
                       lambda: closed_form_symbolic(0)),
            Obligation("enumeration.symbolic.v2", "symbolic", "supports",
                       "the same for P(v2 = 1) = (f01 + f11)/Σf", lambda: closed_form_symbolic(2)),
            Obligation("enumeration.exact", "exact", "supports", "the same on 200 random rational tables",
                       closed_form_exact, cross_check=True),
        ),
    ),
    Claim(
        id="coppola.experiments.table1.parameters",
        reading="as-stated",
        paper=PAPER,
        where=TABLE1_WHERE + " (model size)",
        statement=("The Table 1 model (input Linear 8→32, 2 pre-LN encoder layers, d_model 32, 2 heads, feed-forward "
                   "128, read-out Linear 32→32, ReLU, Linear 32→1) has ~5,000 parameters (read: 5,000 ± 50%)."),
        obligations=(
            Obligation("count", "exact", "refutes",
                       "the parameter count of the described model, built with torch (or from its tensor shapes "
                       "without torch), is outside 5,000 ± 50%", parameter_counterexample),
        ),
    ),
    Claim(
        id="coppola.experiments.table1.learns_bp",
        reading="as-stated",
        paper=PAPER,
        where=TABLE1_WHERE + " (interpretation)",
        statement="The Table 1 transformer has learned belief propagation.",
        formal=False,
        note=("An interpretation of a training run. The task is solved by a per-token function of the factor table "
              "(.closed_form), so the result is no evidence of message passing."),
    ),
    Claim(
        id="coppola.experiments.table4",
        reading="as-stated",
        paper=PAPER,
        where=TABLE4_WHERE,
        statement=("On the five QBBN structures (triangle, square, dating, two loops, QBBN chain) with 100 random "
                   "pairwise factor graphs each, entries ~ U[0.1, 1], synchronous loopy BP (messages from (0.5, 0.5), "
                   "tol 1e-6, ≤ 100 iterations) converges on every graph with average KL 0.000002-0.000102 and "
                   "average MAE 0.000382-0.003590 against brute force: loopy BP is practically viable there."),
        hypotheses=(Hypothesis("weak_couplings", "factor entries in [0.1, 1]: ratios at most 10, weak couplings"),
                    Hypothesis("small_loops", "one or two loops, at most 6 variables")),
        obligations=(
            Obligation("rerun", "numeric", "supports",
                       "re-run with the project's loopy BP (100 graphs per structure, seed 10501): 1 convergence "
                       "counts, 2 magnitudes within a factor 3, 3 average MAE ≤ 0.01", table4_witness,
                       family=Family("part", TABLE4_PARTS), uses=("weak_couplings", "small_loops")),
            Obligation("rerun.bootstrap", "numeric", "supports",
                       "1,000 graphs per structure: each printed average inside the bootstrap 99.9% band of a "
                       "100-graph average", table4_bootstrap, slow=True, cross_check=True),
        ),
        note=("The dating row reproduces only with the 'AND' tables of the loopy repository's code, not with "
              "U[0.1, 1] tables as the text says (numbers for both in the evidence)."),
    ),
    Claim(
        id="coppola.experiments.table4.beyond_regime",
        reading="strengthened",
        paper=PAPER,
        where=TABLE4_WHERE + " (outside the tested regime)",
        statement=("Loopy BP is practically viable (converges within 100 iterations, average MAE ≤ 0.01) also on Ising "
                   "models with couplings J ~ N(0, s²), s ∈ {0.5, 1.5, 3}, fields h ~ N(0, 0.5²), on K4, K5 and the "
                   "3×3 grid."),
        obligations=(
            Obligation("ising.k5.exact", "exact", "refutes",
                       "K5 with J = ln 8 / 2 ≈ 1.04 on every edge, h = ln(5/4)/2 ≈ 0.11 at every node: loopy BP in "
                       "exact rational arithmetic converges, but its average error against the exact marginals "
                       "(enumeration) exceeds 0.01; float stress table (25 random models per cell) as detail",
                       viability_exact),
        ),
    ),
]
