"""Every number of Coppola's paper that the experiment claims use, exactly as printed, in one place.

The claims of :mod:`lemmas.coppola.experiments` read these and nothing else from the paper, so a
changed digit here changes what the gate compares (``tools/mutate_quotes.py`` edits each quote in a
copy of the repository and checks that the gate notices).

Main definitions:

* :class:`Quote` — one printed number: key, text as printed, table, section, row, column, and how
  the project compares it (:data:`COMPARISONS`); :func:`quote` makes one, :func:`row` the quotes
  of a printed row; :func:`number` parses a printed text.
* Table 1 (§6.7): the graph and encoder (:data:`TABLE1_SETUP`), the four printed rows
  (:data:`TABLE1_ROWS`, columns :data:`TABLE1_COLUMNS`), the baseline and the trained model's
  error (:data:`TABLE1_SUMMARY`).
* Table 4 (§10.5): the experiment's conditions (:data:`TABLE4_SETUP`), the five structures' edge
  lists as printed (:data:`TABLE4_EDGES`, the project's only copy), the printed rows
  (:data:`TABLE4_ROWS`, columns :data:`TABLE4_COLUMNS`).
* :data:`QUOTES` — every quote by key; :func:`text`, :func:`value` and :func:`table4_key` look one up.
"""
from __future__ import annotations

from collections.abc import Mapping
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


def row(prefix: str, where: tuple[str, str], label: str, columns: Mapping[str, str], *compared: str,
        note: str = "", **texts: str) -> tuple[Quote, ...]:
    """The quotes of one printed row, one per keyword: key ``{prefix}.{column}``, heading
    ``columns[column]``, text the keyword's value (``tools/mutate_quotes.py`` reads the same form)."""
    return tuple(quote(f"{prefix}.{c}", t, where, label, columns[c], *compared, note=note) for c, t in texts.items())


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

TABLE1_COLUMNS = {"exact_v0": "BP exact P(v0=1)", "exact_v2": "BP exact P(v2=1)",
                  "transformer_v0": "transformer P(v0=1)", "transformer_v2": "transformer P(v2=1)",
                  "max_error": "max error"}
"""Table 1's columns (key → printed heading): exact marginals, the transformer's, the max error."""
TABLE1_ROWS = (
    *row("table1.graph0", TABLE1, "graph 0", TABLE1_COLUMNS, CONSISTENCY, exact_v0="0.7349", exact_v2="0.4366",
         transformer_v0="0.7338", transformer_v2="0.4346", max_error="0.0021"),
    *row("table1.graph1", TABLE1, "graph 1", TABLE1_COLUMNS, CONSISTENCY, exact_v0="0.4097", exact_v2="0.4036",
         transformer_v0="0.4096", transformer_v2="0.4031", max_error="0.0005"),
    *row("table1.graph4", TABLE1, "graph 4", TABLE1_COLUMNS, CONSISTENCY, exact_v0="0.6459", exact_v2="0.8298",
         transformer_v0="0.6436", transformer_v2="0.8297", max_error="0.0023"),
    *row("table1.graph9", TABLE1, "graph 9", TABLE1_COLUMNS, CONSISTENCY, exact_v0="0.4084", exact_v2="0.5523",
         transformer_v0="0.4084", transformer_v2="0.5526", max_error="0.0003"),
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

TABLE4_COLUMNS = {"converged": "converged", "avg_iterations": "avg iterations", "avg_kl": "avg KL",
                  "avg_mae": "avg MAE"}
"""Table 4's columns (key → printed heading)."""
DATING_NOTE = ("the described setup gives far fewer iterations and a far smaller KL and MAE; the code's 'AND' tables "
               "give the printed value")
TABLE4_ROWS = (
    *row("table4.triangle", TABLE4, "triangle", TABLE4_COLUMNS, EXACT, SAMPLING, converged="100/100",
         avg_iterations="8.5", avg_kl="0.000045", avg_mae="0.002091"),
    *row("table4.square", TABLE4, "square", TABLE4_COLUMNS, EXACT, SAMPLING, converged="100/100",
         avg_iterations="8.4", avg_kl="0.000002", avg_mae="0.000382"),
    *row("table4.dating", TABLE4, "dating", TABLE4_COLUMNS, EXACT, SAMPLING, converged="100/100"),
    *row("table4.dating", TABLE4, "dating", TABLE4_COLUMNS, EXACT, REFUTED, note=DATING_NOTE,
         avg_iterations="13.2", avg_kl="0.000102", avg_mae="0.003590"),
    *row("table4.two_loops", TABLE4, "two loops", TABLE4_COLUMNS, EXACT, SAMPLING, converged="100/100",
         avg_iterations="10.2", avg_kl="0.000086", avg_mae="0.003111"),
    *row("table4.qbbn_chain", TABLE4, "QBBN chain", TABLE4_COLUMNS, EXACT, SAMPLING, converged="100/100",
         avg_iterations="8.7", avg_kl="0.000021", avg_mae="0.001055"),
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
