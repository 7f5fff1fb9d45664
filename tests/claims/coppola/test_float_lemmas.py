"""coppola.bp.scaling.ieee: points where the Lean lemmas hold in binary64 refute nothing."""
from __future__ import annotations

from functools import partial

import pytest
from claim_helpers import decide_one

from lemmas.coppola.scaling import float_lemmas as m


def test_the_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip() and c.reading in c.where, (c.id, c.where)


@pytest.mark.parametrize("check", [partial(m.float_product_is_not_associative, 0.5, 0.25, 0.125),
                                   partial(m.logit_of_sigma_20_is_not_20, 1.0),
                                   partial(m.logit_of_sigma_37_divides_by_zero, 1.0)])
def test_ieee_points_where_the_lemma_holds_are_rejected(check):
    # Powers of two multiply exactly; logit(σ(1.0)) is 1.0 in binary64.
    verdict, ev = decide_one("numeric", "refutes", check)
    assert ev.status == "failed" and verdict != "refuted"
