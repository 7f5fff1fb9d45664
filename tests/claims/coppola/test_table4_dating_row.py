"""coppola.experiments.table4.dating_row: the row is not the described setup's."""
from __future__ import annotations

from claim_helpers import decide_one, obligation_result

from lemmas.coppola.experiments import quoted as qt
from lemmas.coppola.experiments import table4_dating_row as m
from lemmas.coppola.experiments.runs import PRINT_FORMAT, described_rerun


def test_the_iterations_are_refuted_too(gate):
    # the dating row's averages are refuted by the described setup, not merely one of them
    ev = obligation_result(gate, "coppola.experiments.table4.dating_row",
                           "dating_averages_lie_outside_the_described_bands").evidence
    assert "avg_iterations" in str(ev.counterexample)


def test_the_dating_row_is_not_refuted_when_it_is_what_the_described_setup_gives():
    run = described_rerun("dating")
    own = {qt.table4_key("dating", c): f"{run[c][run['converged']].mean():.{d}f}" for c, d in PRINT_FORMAT.items()}
    verdict, ev = decide_one("exact", "refutes", lambda: m.dating_averages_lie_outside_the_described_bands(own))
    assert ev.status == "failed" and verdict != "refuted"
