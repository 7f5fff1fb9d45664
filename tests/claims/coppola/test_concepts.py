"""coppola.concepts.finite: must-say-no cases for the counting and for the distinct-weights refutation."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import sympy as sp
from claim_helpers import decide_one

from lemmas.coppola import concepts
from verify import Identity


def test_every_claim_explains_itself_and_names_its_reading():
    assert all(c.explanation.strip() for c in concepts.CLAIMS)
    c = next(c for c in concepts.CLAIMS if c.id == "coppola.concepts.finite.attention_finite_state")
    assert c.reading == "strengthened" and "strengthened" in c.where


def test_wrong_count_is_not_proved():
    n = sp.Symbol("n", integer=True, positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    wrong = lambda: Identity(sp.Product(n, (i, 1, n)), n ** (n - 1))  # noqa: E731
    verdict, ev = decide_one("symbolic", "supports", wrong)
    assert ev.status != "discharged" and verdict != "proved"


def test_eight_inputs_do_not_beat_eight_routing_keys():
    verdict, ev = decide_one("symbolic", "refutes", partial(concepts.head_has_more_weights_than_routing_keys,
                                                            tuple(Fraction(k, 4) for k in range(8))))
    assert ev.status == "error" and verdict != "refuted"


def test_coinciding_weights_are_no_counterexample():
    # t and −t give the same weight σ(t²): the product of differences is 0, nothing is refuted.
    ts = (Fraction(-1, 4),) + tuple(Fraction(k, 4) for k in range(1, 9))
    verdict, ev = decide_one("symbolic", "refutes", partial(concepts.head_has_more_weights_than_routing_keys, ts))
    assert ev.status == "failed" and verdict != "refuted"
