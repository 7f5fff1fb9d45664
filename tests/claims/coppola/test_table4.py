"""coppola.experiments.table4: the printed rows inside the sampling bands of the described re-run."""
from __future__ import annotations

from claim_helpers import decide_one, obligation_result

from lemmas.coppola.experiments import quoted as qt
from lemmas.coppola.experiments import table4 as m
from lemmas.coppola.experiments.runs import STRUCTURES


def test_one_goal_per_structure(gate):
    goals = obligation_result(gate, "coppola.experiments.table4",
                              "printed_rows_match_the_described_rerun").evidence.data["goals"]
    assert [g["label"].split(":")[0] for g in goals] == [f"structure={i}" for i in range(1, 6)]


def test_quoted_averages_sit_inside_their_bands_and_digits_are_listed():
    for i, _ in enumerate(STRUCTURES, start=1):
        for key, e in m.printed_rows_match_the_described_rerun(i).detail["quotes"].items():
            assert e["band"][0] <= float(qt.value(key)) <= e["band"][1], key
            assert e["resolution"].startswith("changes > ")


def _fails(check) -> bool:
    return decide_one("numeric", "supports", check)[1].status == "failed"


def test_quotes_outside_their_sampling_bands_fail():
    check = m.printed_rows_match_the_described_rerun
    assert _fails(lambda: check(1, {"table4.triangle.converged": "60/100"}))
    assert _fails(lambda: check(1, {"table4.triangle.avg_iterations": "9.5"}))
    assert _fails(lambda: check(4, {"table4.two_loops.avg_mae": "0.006111"}))
    assert _fails(lambda: check(5, {"table4.qbbn_chain.avg_kl": "0.002021"}))
