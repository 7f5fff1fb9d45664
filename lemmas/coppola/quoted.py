"""Every number of Coppola's paper that the experiment claims use, exactly as printed, in one place.

The claims in :mod:`lemmas.coppola.experiments` read these and nothing else from the paper, so a
changed digit here changes what the gate compares (``tools/mutate_quotes.py`` edits each quote in a
copy of the repository and checks that the gate notices).

Index:

* :class:`Quote` — one printed number: its key, its text as printed, table, section, row, column,
  whether it is a result or a condition of the experiment, and how the project compares it
  (:data:`COMPARISONS`); :func:`number` parses a text.
* Table 1 (§6.7): the graph and encoder (:data:`TABLE1_SETUP`), the four printed rows
  (:data:`TABLE1_ROWS`: exact marginals, transformer outputs, max error), the baseline and the
  trained model's error (:data:`TABLE1_SUMMARY`).
* Table 4 (§10.5): the experiment's conditions (:data:`TABLE4_SETUP`), the five structures and
  their edge lists as printed (:data:`TABLE4_EDGES`), and the printed rows (:data:`TABLE4_ROWS`:
  converged, average iterations, average KL, average MAE).
* :data:`QUOTES` — every quote by key; :func:`text` and :func:`value` look one up.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# How a quote is compared (a quote may be compared in several ways).
EXACT = "exact"
"""Reproduced digit for digit: the paper's own code re-run with its own seeds prints this text."""
SAMPLING = "sampling"
"""Compared with an independent re-run of the described experiment, inside a band of z = 4
standard errors of the difference between the paper's average and the re-run's (both sampled)."""
CONSISTENCY = "consistency"
"""Compared with other quotes of the same table only (the printed max error against the printed
values it is the maximum of, within their rounding)."""
REFUTED = "refuted"
"""Used by a refuted claim; no one-digit edit of it can change the verdict."""
SETUP = "setup"
"""A condition of the experiment: an input of the re-run, not a result compared with one."""
NOT_REPRODUCED = "not-reproduced"
"""Cannot be recomputed (a trained model's error, graphs drawn without a seed): stated, not counted."""
COMPARISONS = (EXACT, SAMPLING, CONSISTENCY, REFUTED, SETUP, NOT_REPRODUCED)

TABLE1 = ("Table 1", "§6.7")
TABLE4 = ("Table 4", "§10.5")


@dataclass(frozen=True)
class Quote:
    key: str
    text: str
    """Exactly as printed (thousands separators and all)."""
    table: str
    section: str
    row: str
    column: str
    compared: tuple[str, ...]
    note: str = ""

    @property
    def value(self) -> Fraction:
        return number(self.text)


def number(text: str) -> Fraction:
    """The exact value of a printed number: ``"0.000045"`` → 9/200000, ``"20,000"`` → 20000,
    ``"1e-6"`` → 1/1000000; a count ``"100/100"`` is its numerator (the converged count)."""
    t = text.replace(",", "").replace("~", "").strip()
    if "/" in t:
        t = t.split("/", 1)[0]
    return Fraction(t)


def quote(key: str, text: str, where: tuple[str, str], row: str, column: str, *compared: str,
          note: str = "") -> Quote:
    if not compared or any(c not in COMPARISONS for c in compared):
        raise ValueError(f"{key}: say how the quote is compared, one or more of {COMPARISONS}")
    return Quote(key, text, where[0], where[1], row, column, tuple(compared), note)


# ----------------------------------------------------------------------------------------------
# Table 1 (§6.7): a transformer trained on v0 – f1 – v2

TABLE1_SETUP = (
    quote("table1.entries_low", "0.05", TABLE1, "setup", "factor entries ~ U[low, high]", SETUP),
    quote("table1.entries_high", "1", TABLE1, "setup", "factor entries ~ U[low, high]", SETUP),
    quote("table1.graphs", "20,000", TABLE1, "setup", "graphs generated", SETUP,
          note="the baseline is averaged over all of them (the bayes-learner trainer computes it before the split)"),
    quote("table1.layers", "2", TABLE1, "model", "encoder layers", SETUP),
    quote("table1.heads", "2", TABLE1, "model", "attention heads", SETUP),
    quote("table1.d_model", "32", TABLE1, "model", "d_model", SETUP),
    quote("table1.parameters", "~5,000", TABLE1, "model", "parameters", REFUTED,
          note="the described encoder has 26,785; no four-digit value within ±50% reaches it"),
)

TABLE1_ROWS = (
    # graph: P(v0=1), P(v2=1) exact; the same from the transformer; the printed max error
    quote("table1.graph0.exact_v0", "0.7349", TABLE1, "graph 0", "BP exact P(v0=1)", CONSISTENCY),
    quote("table1.graph0.exact_v2", "0.4366", TABLE1, "graph 0", "BP exact P(v2=1)", CONSISTENCY),
    quote("table1.graph0.transformer_v0", "0.7338", TABLE1, "graph 0", "transformer P(v0=1)", CONSISTENCY),
    quote("table1.graph0.transformer_v2", "0.4346", TABLE1, "graph 0", "transformer P(v2=1)", CONSISTENCY),
    quote("table1.graph0.max_error", "0.0021", TABLE1, "graph 0", "max error", CONSISTENCY),
    quote("table1.graph1.exact_v0", "0.4097", TABLE1, "graph 1", "BP exact P(v0=1)", CONSISTENCY),
    quote("table1.graph1.exact_v2", "0.4036", TABLE1, "graph 1", "BP exact P(v2=1)", CONSISTENCY),
    quote("table1.graph1.transformer_v0", "0.4096", TABLE1, "graph 1", "transformer P(v0=1)", CONSISTENCY),
    quote("table1.graph1.transformer_v2", "0.4031", TABLE1, "graph 1", "transformer P(v2=1)", CONSISTENCY),
    quote("table1.graph1.max_error", "0.0005", TABLE1, "graph 1", "max error", CONSISTENCY),
    quote("table1.graph4.exact_v0", "0.6459", TABLE1, "graph 4", "BP exact P(v0=1)", CONSISTENCY),
    quote("table1.graph4.exact_v2", "0.8298", TABLE1, "graph 4", "BP exact P(v2=1)", CONSISTENCY),
    quote("table1.graph4.transformer_v0", "0.6436", TABLE1, "graph 4", "transformer P(v0=1)", CONSISTENCY),
    quote("table1.graph4.transformer_v2", "0.8297", TABLE1, "graph 4", "transformer P(v2=1)", CONSISTENCY),
    quote("table1.graph4.max_error", "0.0023", TABLE1, "graph 4", "max error", CONSISTENCY),
    quote("table1.graph9.exact_v0", "0.4084", TABLE1, "graph 9", "BP exact P(v0=1)", CONSISTENCY),
    quote("table1.graph9.exact_v2", "0.5523", TABLE1, "graph 9", "BP exact P(v2=1)", CONSISTENCY),
    quote("table1.graph9.transformer_v0", "0.4084", TABLE1, "graph 9", "transformer P(v0=1)", CONSISTENCY),
    quote("table1.graph9.transformer_v2", "0.5526", TABLE1, "graph 9", "transformer P(v2=1)", CONSISTENCY),
    quote("table1.graph9.max_error", "0.0003", TABLE1, "graph 9", "max error", CONSISTENCY),
)
TABLE1_GRAPHS = (0, 1, 4, 9)
"""The held-out graphs Table 1 prints (drawn without a seed: their factor tables are unknown, so
their marginals cannot be recomputed, only checked against the max-error column)."""

TABLE1_SUMMARY = (
    quote("table1.baseline_mae", "0.113206", TABLE1, "summary", "baseline MAE (predict 0.5)", SAMPLING),
    quote("table1.val_mae", "0.000752", TABLE1, "summary", "validation MAE of the trained model", NOT_REPRODUCED,
          note="a training run (unseeded data, random initialisation); not re-run"),
)

# ----------------------------------------------------------------------------------------------
# Table 4 (§10.5): loopy BP on five QBBN-structured graphs

TABLE4_SETUP = (
    quote("table4.graphs", "100", TABLE4, "setup", "random graphs per structure", SETUP),
    quote("table4.entries_low", "0.1", TABLE4, "setup", "factor entries ~ U[low, high]", SETUP),
    quote("table4.entries_high", "1", TABLE4, "setup", "factor entries ~ U[low, high]", SETUP),
    quote("table4.message_init", "0.5", TABLE4, "setup", "initial messages (0.5, 0.5)", SETUP,
          note="built into lemmas.models' loopy BP, which starts every message uniform"),
    quote("table4.tolerance", "1e-6", TABLE4, "setup", "convergence tolerance", SETUP),
    quote("table4.max_iterations", "100", TABLE4, "setup", "maximum iterations", SETUP),
)

TABLE4_EDGES: dict[str, tuple[tuple[int, int], ...]] = {
    "triangle": ((0, 1), (1, 2), (0, 2)),
    "square": ((0, 1), (1, 2), (2, 3), (0, 3)),
    "dating": ((0, 2), (1, 2), (2, 4), (3, 4), (3, 1)),
    "two_loops": ((0, 1), (0, 2), (1, 2), (1, 3), (2, 3)),
    "qbbn_chain": ((0, 2), (0, 3), (1, 2), (2, 4), (3, 5), (4, 1)),
}
"""Table 4's edges column, in the printed order (it fixes the order the factor tables are drawn in)."""

TABLE4_COLUMNS = ("converged", "avg_iterations", "avg_kl", "avg_mae")
TABLE4_ROWS = (
    quote("table4.triangle.converged", "100/100", TABLE4, "triangle", "converged", EXACT, SAMPLING),
    quote("table4.triangle.avg_iterations", "8.5", TABLE4, "triangle", "avg iterations", EXACT, SAMPLING),
    quote("table4.triangle.avg_kl", "0.000045", TABLE4, "triangle", "avg KL", EXACT, SAMPLING),
    quote("table4.triangle.avg_mae", "0.002091", TABLE4, "triangle", "avg MAE", EXACT, SAMPLING),
    quote("table4.square.converged", "100/100", TABLE4, "square", "converged", EXACT, SAMPLING),
    quote("table4.square.avg_iterations", "8.4", TABLE4, "square", "avg iterations", EXACT, SAMPLING),
    quote("table4.square.avg_kl", "0.000002", TABLE4, "square", "avg KL", EXACT, SAMPLING),
    quote("table4.square.avg_mae", "0.000382", TABLE4, "square", "avg MAE", EXACT, SAMPLING),
    quote("table4.dating.converged", "100/100", TABLE4, "dating", "converged", EXACT, SAMPLING),
    quote("table4.dating.avg_iterations", "13.2", TABLE4, "dating", "avg iterations", EXACT, REFUTED,
          note="the described setup gives far fewer iterations; the code's 'AND' tables give the printed value"),
    quote("table4.dating.avg_kl", "0.000102", TABLE4, "dating", "avg KL", EXACT, REFUTED,
          note="the described setup gives a far smaller KL; the code's 'AND' tables give the printed value"),
    quote("table4.dating.avg_mae", "0.003590", TABLE4, "dating", "avg MAE", EXACT, REFUTED,
          note="the described setup gives a far smaller MAE; the code's 'AND' tables give the printed value"),
    quote("table4.two_loops.converged", "100/100", TABLE4, "two loops", "converged", EXACT, SAMPLING),
    quote("table4.two_loops.avg_iterations", "10.2", TABLE4, "two loops", "avg iterations", EXACT, SAMPLING),
    quote("table4.two_loops.avg_kl", "0.000086", TABLE4, "two loops", "avg KL", EXACT, SAMPLING),
    quote("table4.two_loops.avg_mae", "0.003111", TABLE4, "two loops", "avg MAE", EXACT, SAMPLING),
    quote("table4.qbbn_chain.converged", "100/100", TABLE4, "QBBN chain", "converged", EXACT, SAMPLING),
    quote("table4.qbbn_chain.avg_iterations", "8.7", TABLE4, "QBBN chain", "avg iterations", EXACT, SAMPLING),
    quote("table4.qbbn_chain.avg_kl", "0.000021", TABLE4, "QBBN chain", "avg KL", EXACT, SAMPLING),
    quote("table4.qbbn_chain.avg_mae", "0.001055", TABLE4, "QBBN chain", "avg MAE", EXACT, SAMPLING),
)

QUOTES: dict[str, Quote] = {q.key: q for q in TABLE1_SETUP + TABLE1_ROWS + TABLE1_SUMMARY + TABLE4_SETUP + TABLE4_ROWS}
if len(QUOTES) != len(TABLE1_SETUP + TABLE1_ROWS + TABLE1_SUMMARY + TABLE4_SETUP + TABLE4_ROWS):
    raise ValueError("a quote key is defined twice")


def text(key: str) -> str:
    return QUOTES[key].text


def value(key: str) -> Fraction:
    return QUOTES[key].value


def table4_key(structure: str, column: str) -> str:
    return f"table4.{structure}.{column}"
