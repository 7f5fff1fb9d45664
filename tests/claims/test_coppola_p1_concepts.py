"""coppola.concepts.finite: counting proved, finite-state heads refuted, hallucination not-formal; must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
from claim_helpers import decide_one, run_claims, statuses, verdicts

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


def test_eight_inputs_do_not_beat_eight_routing_keys():
    verdict, ev = decide_one("symbolic", "refutes",
                             partial(concepts.attention_head_behaviours, tuple(Fraction(k, 4) for k in range(8))))
    assert ev.status == "error" and verdict != "refuted"


def test_coinciding_weights_are_no_counterexample():
    # t and −t give the same weight σ(t²): the product of differences is 0, nothing is refuted.
    ts = (Fraction(-1, 4),) + tuple(Fraction(k, 4) for k in range(1, 9))
    verdict, ev = decide_one("symbolic", "refutes", partial(concepts.attention_head_behaviours, ts))
    assert ev.status == "failed" and verdict != "refuted"


def test_every_claim_explains_itself_and_names_its_reading():
    assert all(c.explanation.strip() for c in concepts.CLAIMS)
    c = next(c for c in concepts.CLAIMS if c.id == "coppola.concepts.finite.attention_finite_state")
    assert c.reading == "strengthened" and "strengthened" in c.where
