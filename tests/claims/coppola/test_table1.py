"""coppola.experiments.table1: the printed rows against their max-error column, the baseline."""
from __future__ import annotations

from claim_helpers import decide_one

from lemmas.coppola.experiments import table1 as m


def _fails(check) -> bool:
    return decide_one("numeric", "supports", check)[1].status == "failed"


def test_wrong_printed_max_error_fails():
    assert _fails(lambda: m.printed_max_errors_match_their_rows({"table1.graph0.max_error": "0.0031"}))
    assert _fails(lambda: m.printed_max_errors_match_their_rows({"table1.graph0.max_error": "0.0023"}))
    # a row value that changes the max by more than the rounding
    assert _fails(lambda: m.printed_max_errors_match_their_rows({"table1.graph4.exact_v0": "0.6469"}))
    # within rounding: not a failure
    assert not _fails(lambda: m.printed_max_errors_match_their_rows({"table1.graph0.max_error": "0.0020"}))


def test_baseline_far_from_monte_carlo_fails():
    assert _fails(lambda: m.baseline_agrees_with_monte_carlo(samples=200_000,
                                                             quotes={"table1.baseline_mae": "0.118206"}))
    assert not _fails(lambda: m.baseline_agrees_with_monte_carlo(samples=200_000))
