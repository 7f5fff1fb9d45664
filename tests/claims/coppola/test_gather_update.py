"""coppola.andor.structure.gather_update: the witness rejects an update that is not updateBelief."""
from __future__ import annotations

from functools import partial

from claim_helpers import decide_one

from lemmas.coppola.andor import gather_update as m


def test_the_claim_names_its_reading():
    (c,) = m.CLAIMS
    assert c.explanation.strip() and c.reading in c.where


def test_gather_witness_rejects_a_noisy_or_update():
    noisy_or = lambda a, b: 1 - (1 - a) * (1 - b)  # noqa: E731
    check = partial(m.readout_gathers_messages_and_ffn_updates_belief, noisy_or)
    verdict, ev = decide_one("numeric", "supports", check)
    assert ev.status == "failed" and verdict != "witnessed"
