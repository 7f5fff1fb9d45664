"""coppola.experiments.table1.closed_form: enumeration = the closed form."""
from __future__ import annotations

from claim_helpers import decide_one

from lemmas.coppola.experiments import table1_closed_form as m


def test_wrong_closed_form_fails():
    def swapped(f):
        a, b = m.closed_form(f)
        return b, a
    _, ev = decide_one("exact", "supports", lambda: m.closed_form_holds_on_random_tables(count=20, form=swapped))
    assert ev.status == "failed"
