"""What the experiment claims share: the quotes (with test overrides), the bands a quote is compared
in, and the re-runs of Table 4 (loopy BP and enumeration, vectorised over a structure's graphs).

How a quote is compared (z = :data:`Z` throughout; the names are those of :mod:`.quoted`):

* **rounding** — a value printed with d decimals is within half a unit of its d-th decimal
  (:func:`half_unit`) of the value it rounds.
* **sampling** — a printed average over the paper's n random graphs against the average over N
  graphs of the project's re-run: both are sample means, so the band is z standard errors of their
  difference, σ·sqrt(1/n + 1/N), σ from the re-run, plus the print rounding; linear for baselines
  and iteration counts, log scale (delta method) for the right-skewed KL and MAE
  (:func:`mean_band`). A converged count c of n gets a binomial band: the rate is bounded from the
  re-run by Clopper–Pearson at one-sided α = Φ(−z), and the band holds the α and 1 − α quantiles of
  Bin(n, rate bound) (:func:`count_band`). Digits finer than a band are not resolved by it.
* **exact** — the experiment re-run as the paper's ``loopy`` repository codes it (numpy seeds
  0–99, its table generators, metric and print format) and compared as printed strings
  (:func:`code_rerun`).

Main definitions:

* :func:`quoted_text`, :func:`quoted_value` — a quote, or a test's override of it;
* :func:`half_unit`, :func:`band_witness`, :func:`mean_band`, :func:`count_band` — the bands;
* :func:`table4_setup`, :func:`run_batch` (:func:`loopy_bp_batch`, :func:`exact_marginals_batch`,
  :func:`bernoulli_kl`) — one structure's graphs, run and scored as the paper does;
* :func:`coded_tables`, :func:`printed_row`, :func:`code_rerun` — the experiment as the loopy
  repository codes it; :func:`described_rerun`, :func:`described_entries` — as the text describes it;
* :func:`table4_graph` — one random instance of a Table 4 structure.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction as Q
from itertools import product
from typing import Any

import numpy as np

from lemmas.models import (
    FactorGraph,
    GraphStructure,
    exact_marginals,
    from_edges,
    loopy_belief_propagation,
    random_tables,
)
from lemmas.models.bp import FloatSumProduct
from verify import Witness

from . import quoted as qt

Z = 4.0
"""Band half-width in standard errors for every sampling comparison."""
ALPHA = 0.5 * math.erfc(Z / math.sqrt(2))
"""One-sided tail Φ(−Z), for the binomial bounds of the converged counts."""


# ----------------------------------------------------------------------------------------------
# Quotes and bands


def quoted_text(key: str, quotes: Mapping[str, str] | None = None) -> str:
    """The quote's text, or an override (tests feed deliberately wrong quotes through here)."""
    return quotes[key] if quotes and key in quotes else qt.text(key)


def quoted_value(key: str, quotes: Mapping[str, str] | None = None) -> Q:
    return qt.number(quoted_text(key, quotes))


def half_unit(text: str) -> Q:
    """Half a unit of the last printed decimal: the rounding error of a printed value."""
    t = text.replace(",", "").split("/", 1)[0]
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    return Q(1, 2 * 10 ** decimals)


def resolution(lo: float, hi: float) -> str:
    """Which changes of the quote the band resolves: any change larger than its width is caught."""
    return f"changes > {hi - lo:.2g} always caught"


def band_witness(entries: list[dict[str, Any]], label: str, detail: dict[str, Any],
                 extra: Sequence[tuple[str, float, float, float]] = ()) -> Witness:
    """One Witness over several quotes: each quote (observed) inside its band [lo, hi], written as
    centre ± half-width so that the engine compares the quoted value itself; ``extra`` adds
    (name, observed, lo, hi) rows that are not quotes."""
    rows = [(float(qt.number(e["quote"])), e["band"][0], e["band"][1]) for e in entries] + [x[1:] for x in extra]
    obs, lo, hi = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    quotes = {e["key"]: {k: v for k, v in e.items() if k != "key"} for e in entries}
    also = {x[0]: {"observed": x[1], "band": [x[2], x[3]]} for x in extra}
    return Witness(obs, (lo + hi) / 2, (hi - lo) / 2, instances=len(rows), label=label,
                   detail={"quotes": quotes, **({"also": also} if also else {}), **detail})


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X ≤ k), X ~ Bin(n, p)."""
    if k < 0:
        return 0.0
    if k >= n or p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    return min(1.0, sum(math.exp(log_n - math.lgamma(j + 1) - math.lgamma(n - j + 1) + j * lp + (n - j) * lq)
                        for j in range(k + 1)))


def _bisect(f: Any, lo: float = 0.0, hi: float = 1.0) -> float:
    """The root of an increasing f on [lo, hi]."""
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def rate_bounds(k: int, n: int, alpha: float = ALPHA) -> tuple[float, float]:
    """One-sided Clopper–Pearson bounds on a rate from k successes in n trials."""
    lo = 0.0 if k == 0 else (alpha ** (1 / n) if k == n else _bisect(lambda p: (1 - _binom_cdf(k - 1, n, p)) - alpha))
    hi = 1.0 if k == n else _bisect(lambda p: alpha - _binom_cdf(k, n, p))
    return lo, hi


def count_band(k: int, n_rerun: int, n_paper: int, alpha: float = ALPHA) -> tuple[int, int]:
    """[c_lo, c_hi]: a count of n_paper trials falls below c_lo (above c_hi) with probability ≤ α
    even at the lower (upper) Clopper–Pearson bound of the rate seen in the re-run (k of n_rerun)."""
    p_lo, p_hi = rate_bounds(k, n_rerun, alpha)
    c_lo = max(c for c in range(n_paper + 1) if _binom_cdf(c - 1, n_paper, p_lo) <= alpha)
    c_hi = min(c for c in range(n_paper + 1) if 1 - _binom_cdf(c, n_paper, p_hi) <= alpha)
    return c_lo, c_hi


LOG_SCALE = {"avg_iterations": False, "avg_kl": True, "avg_mae": True}
"""Which averages are compared on the log scale (the right-skewed per-graph KL and MAE)."""


def mean_band(x: np.ndarray, n_paper: int, printed: str, log: bool) -> dict[str, Any]:
    """Band for an average over the paper's n_paper graphs given the re-run's per-graph values x:
    mean ± Z·σ·sqrt(1/n_paper + 1/N) (or mean·exp(±Z·(σ/mean)·sqrt(…)) on the log scale), widened by
    the print rounding."""
    m, s, big_n = float(x.mean()), float(x.std(ddof=1)), len(x)
    k = math.sqrt(1 / max(n_paper, 1) + 1 / big_n)
    r = float(half_unit(printed))
    q = float(qt.number(printed))
    if log:
        se = (s / m) * k
        lo, hi = m * math.exp(-Z * se) - r, m * math.exp(Z * se) + r
        z = (math.log(q) - math.log(m)) / se if q > 0 else None
    else:
        se = s * k
        lo, hi = m - Z * se - r, m + Z * se + r
        z = (q - m) / se
    return {"band": [lo, hi], "reproduced": m, "z": z, "scale": "log" if log else "linear"}


# ----------------------------------------------------------------------------------------------
# Table 4: one structure's graphs, run and scored

TABLE4_WHERE = "§10.5, Table 4"
STRUCTURES = tuple(qt.TABLE4_EDGES)
DESCRIBED_GRAPHS = 2000
"""Graphs per structure in the re-run of the described experiment: enough that the bands are set
by the paper's own 100 graphs (sqrt(1/100 + 1/2000) is within 3% of sqrt(1/100))."""
DESCRIBED_SEED = 10501
VIABLE_MAE = Q(1, 100)
"""Operational "practically viable": converges (≤ 100 iterations, tol 1e-6) and average MAE ≤ 0.01."""
KL_EPS = 1e-10
"""The loopy repository's smoothing of both Bernoulli distributions before the KL."""
CODED = {"dating_weight": (0.5, 2.0), "and_diagonal": (0.7, 1.0), "and_off_diagonal": (0.1, 0.3),
         "or_scale": (1.5, 3.0), "or_clip": (0.05, 5.0)}
"""Constants of the loopy repository's table generators (its code; the paper's text does not state them)."""
PRINT_FORMAT = {"avg_iterations": 1, "avg_kl": 6, "avg_mae": 6}
"""Decimals the loopy repository prints each average with (its ``.1f`` / ``.6f``)."""


def table4_setup() -> dict[str, Any]:
    return {"graphs": int(qt.value("table4.graphs")), "low": float(qt.value("table4.entries_low")),
            "high": float(qt.value("table4.entries_high")), "tol": float(qt.value("table4.tolerance")),
            "max_iter": int(qt.value("table4.max_iterations"))}


def num_variables(name: str) -> int:
    return 1 + max(max(e) for e in qt.TABLE4_EDGES[name])


def table4_graph(name: str, rng: np.random.Generator, *, low: float = 0.1, high: float = 1.0) -> FactorGraph:
    """One random instance of a Table 4 structure (entries U[low, high], U[0.1, 1] as in the paper)."""
    if name not in qt.TABLE4_EDGES:
        raise ValueError(f"unknown Table 4 structure {name!r}; known: {', '.join(qt.TABLE4_EDGES)}")
    edges = qt.TABLE4_EDGES[name]
    return from_edges(num_variables(name), edges, list(random_tables(rng, len(edges), low, high)))


def bernoulli_kl(p: np.ndarray, q: np.ndarray, eps: float = KL_EPS) -> Any:
    """Mean over variables (last axis) of KL(Bern(p) ‖ Bern(q)), both smoothed by ``eps`` and
    renormalised: the loopy repository's metric (p exact, q loopy BP)."""
    a = np.stack([1 - p, p], axis=-1) + eps
    b = np.stack([1 - q, q], axis=-1) + eps
    a = a / a.sum(axis=-1, keepdims=True)
    b = b / b.sum(axis=-1, keepdims=True)
    return (a * np.log(a / b)).sum(axis=-1).mean(axis=-1)


def loopy_bp_batch(n: int, edges: Sequence[tuple[int, int]], tables: np.ndarray, *, max_iter: int,
                   tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`loopy_belief_propagation` on G graphs sharing ``edges`` (``tables`` (G, m, 2, 2)): the
    same synchronous step, each graph stopping at its own convergence (only the graphs still running
    are stepped). Returns (beliefs (G, n), iterations (G,), converged (G,))."""
    structure = GraphStructure(n, tuple(edges))
    full = FloatSumProduct(structure, tables, None)
    msgs = full.uniform()
    iters = np.zeros(tables.shape[0], dtype=int)
    conv = np.zeros(tables.shape[0], dtype=bool)
    idx = np.arange(tables.shape[0]) if max_iter > 0 else np.arange(0)
    cur = msgs
    while idx.size:
        new = FloatSumProduct(structure, tables[idx], None).step(cur)
        done = np.abs(new - cur).max(axis=(1, 2)) <= tol
        msgs[idx] = new
        iters[idx] += 1
        conv[idx[done]] = True
        keep = ~done & (iters[idx] < max_iter)
        idx, cur = idx[keep], new[keep]
    return full.beliefs(msgs), iters, conv


def exact_marginals_batch(n: int, edges: Sequence[tuple[int, int]], tables: np.ndarray) -> np.ndarray:
    """P(x_i = 1) (G, n) by enumerating the 2^n assignments of every graph at once."""
    bits = np.array(list(product((0, 1), repeat=n)))
    w = np.ones((tables.shape[0], bits.shape[0]))
    for k, (a, b) in enumerate(edges):
        w *= tables[:, k, bits[:, a], bits[:, b]]
    return (w @ bits) / w.sum(axis=1, keepdims=True)


def run_batch(name: str, tables: np.ndarray, reference: bool = False) -> dict[str, np.ndarray]:
    """Per graph: converged, iterations, KL, MAE (``reference``: graph by graph with
    :func:`loopy_belief_propagation` and :func:`exact_marginals` instead of the batch versions)."""
    s = table4_setup()
    n, edges = num_variables(name), qt.TABLE4_EDGES[name]
    if reference:
        rs = [loopy_belief_propagation(from_edges(n, edges, list(t)), max_iter=s["max_iter"], tol=s["tol"])
              for t in tables]
        beliefs = np.array([r.beliefs for r in rs])
        iters, conv = np.array([r.iterations for r in rs]), np.array([r.converged for r in rs])
        ex = np.array([exact_marginals(from_edges(n, edges, list(t))) for t in tables])
    else:
        beliefs, iters, conv = loopy_bp_batch(n, edges, tables, max_iter=s["max_iter"], tol=s["tol"])
        ex = exact_marginals_batch(n, edges, tables)
    return {"converged": conv, "avg_iterations": iters.astype(float), "avg_kl": bernoulli_kl(ex, beliefs),
            "avg_mae": np.abs(ex - beliefs).mean(axis=1)}


# ----------------------------------------------------------------------------------------------
# Table 4 as the loopy repository codes it, and as the text describes it


def coded_tables(name: str, rng: np.random.Generator, low: float, high: float) -> np.ndarray:
    """The factor tables (m, 2, 2) the loopy repository's experiment for ``name`` draws from ``rng``
    (its ``default_rng(seed)``), in its order: U[low, high] tables, except dating's (2,4), (3,4)
    "AND" tables (diagonal ~ U[0.7, 1], off-diagonal ~ U[0.1, 0.3], after a weight it draws and never
    uses) and the QBBN chain's five "OR" tables (row 1 scaled by U[1.5, 3], clipped to [0.05, 5])."""
    def uniform() -> np.ndarray:
        return rng.uniform(low, high, (2, 2))

    if name == "dating":
        rng.uniform(*CODED["dating_weight"])

        def and_table() -> np.ndarray:
            f = np.zeros((2, 2))
            f[0, 0] = rng.uniform(*CODED["and_diagonal"])
            f[0, 1] = rng.uniform(*CODED["and_off_diagonal"])
            f[1, 0] = rng.uniform(*CODED["and_off_diagonal"])
            f[1, 1] = rng.uniform(*CODED["and_diagonal"])
            return f
        return np.array([uniform(), uniform(), and_table(), and_table(), uniform()])
    if name == "qbbn_chain":
        def or_table() -> np.ndarray:
            f = uniform()
            f[1, :] *= rng.uniform(*CODED["or_scale"])
            return np.clip(f, *CODED["or_clip"])
        return np.array([or_table() for _ in range(5)] + [uniform()])
    return np.array([uniform() for _ in qt.TABLE4_EDGES[name]])


def printed_row(run: dict[str, np.ndarray], graphs: int) -> tuple[dict[str, str], dict[str, float]]:
    """The row as the loopy repository prints it: ``{converged}/{graphs}``, then the averages over
    the converged graphs with ``.1f`` / ``.6f``."""
    ok = run["converged"]
    avg = {c: float(run[c][ok].mean()) if ok.any() else float("nan") for c in PRINT_FORMAT}
    printed = {"converged": f"{int(ok.sum())}/{graphs}", **{c: f"{avg[c]:.{d}f}" for c, d in PRINT_FORMAT.items()}}
    return printed, avg


@functools.lru_cache(maxsize=16)
def code_rerun(name: str, reference: bool = False) -> dict[str, Any]:
    """The loopy repository's experiment for ``name``: one graph per seed 0..graphs−1, loopy BP and
    enumeration, printed as the code prints."""
    s = table4_setup()
    tables = np.stack([coded_tables(name, np.random.default_rng(seed), s["low"], s["high"])
                       for seed in range(s["graphs"])])
    printed, avg = printed_row(run_batch(name, tables, reference), s["graphs"])
    return {"printed": printed, "averages": avg}


@functools.lru_cache(maxsize=8)
def described_rerun(name: str, graphs: int = DESCRIBED_GRAPHS, seed: int = DESCRIBED_SEED) -> dict[str, np.ndarray]:
    """Per graph of ``name``: converged, iterations, KL, MAE, with every table entry ~ U[0.1, 1]
    (one random stream per structure, so each structure can be re-run alone)."""
    s = table4_setup()
    rng = np.random.default_rng([seed, STRUCTURES.index(name)])
    return run_batch(name, rng.uniform(s["low"], s["high"], size=(graphs, len(qt.TABLE4_EDGES[name]), 2, 2)))


def described_entries(name: str, comparison: str, quotes: Mapping[str, str] | None = None,
                      graphs: int = DESCRIBED_GRAPHS, seed: int = DESCRIBED_SEED) -> list[dict[str, Any]]:
    """One band per quote of ``name``'s row that :mod:`.quoted` marks as compared by ``comparison``
    (``sampling`` for the as-stated claim, ``refuted`` for the dating row)."""
    run = described_rerun(name, graphs, seed)
    conv = run["converged"]
    n_paper = table4_setup()["graphs"]
    paper_converged = int(quoted_value(qt.table4_key(name, "converged"), quotes))
    out = []
    for col in qt.TABLE4_COLUMNS:
        key = qt.table4_key(name, col)
        if comparison not in qt.QUOTES[key].compared:
            continue
        printed = quoted_text(key, quotes)
        if col == "converged":
            lo, hi = count_band(int(conv.sum()), len(conv), n_paper)
            e = {"band": [lo, hi], "reproduced": f"{int(conv.sum())}/{len(conv)}",
                 "scale": "binomial (Clopper–Pearson rate bound, then Bin(n, rate) quantiles)"}
        else:
            e = mean_band(run[col][conv], paper_converged, printed, LOG_SCALE[col])
        out.append({"key": key, "quote": printed, "compared": comparison, **e, "resolution": resolution(*e["band"])})
    return out
