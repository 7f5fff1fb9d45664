"""coppola.experiments.table4.artifact: the loopy repository's code prints Table 4."""
from __future__ import annotations

from claim_helpers import decide_one

from lemmas.coppola.experiments import table4_artifact as m


def test_the_artifact_rerun_prints_table4():
    goal = m.loopy_code_prints_table4()
    assert all(lhs == rhs for _, lhs, rhs in goal.cases)
    # the printed digits do not hang on the last bits of an average (distance to a rounding boundary)
    margins = [e["rounding_margin"] for e in goal.detail["quotes"].values() if "rounding_margin" in e]
    assert len(margins) == 10 and min(margins) > 0.01


def test_a_changed_table4_digit_fails_the_artifact_rerun():
    for edit in ({"table4.triangle.avg_kl": "0.000046"}, {"table4.two_loops.avg_iterations": "10.3"},
                 {"table4.square.converged": "99/100"}):
        _, ev = decide_one("exact", "supports", lambda e=edit: m.loopy_code_prints_table4(e))
        assert ev.status == "failed", edit
