"""coppola.experiments.table1.parameters: the described encoder's size."""
from __future__ import annotations

from claim_helpers import decide_one

from lemmas.coppola.experiments import table1_parameters as m


def test_parameter_count_formula():
    assert m.encoder_parameter_count()["total"] == 26785
    assert m.shapes_parameter_count() == 26785


def test_a_model_of_about_5000_parameters_is_not_refuted():
    small = dict(m.TABLE1_ARCH, d_model=16, feed_forward=32, layers=1, input=(8, 16),
                 readout=((16, 16), "relu", (16, 1)))
    assert 2500 <= m.encoder_parameter_count(small)["total"] <= 7500
    verdict, ev = decide_one("exact", "refutes", lambda: m.described_encoder_is_far_from_5000_parameters(small))
    assert ev.status == "failed" and verdict != "refuted"
