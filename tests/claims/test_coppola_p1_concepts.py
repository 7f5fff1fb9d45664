"""coppola.concepts.finite: counting proved, finite-state heads refuted, hallucination not-formal; must-say-no cases."""
from __future__ import annotations

from functools import partial

import pytest
import sympy as sp
from conftest import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import concepts
from verify import Identity


@pytest.fixture(scope="module")
def result():
    return run_claims(concepts)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.concepts.finite"] == "proved"
    assert v["coppola.concepts.finite.attention_finite_state"] == "refuted"
    assert v["coppola.concepts.finite.hallucination"] == "not-formal"
    assert all(s == "discharged" for s in statuses(result).values())


def test_wrong_count_is_not_proved():
    n = sp.Symbol("n", integer=True, positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    wrong = lambda: Identity(sp.Product(n, (i, 1, n)), n ** (n - 1))  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert ev.status != "discharged" and verdict != "proved"


def test_eight_behaviours_do_not_beat_eight_routing_keys():
    verdict, ev = decide_one("numeric", "refutes", partial(concepts.attention_head_behaviours, 8))
    assert ev.status == "error" and verdict != "refuted"
