"""coppola.bp.scaling: fold and gate counts proved, the chain wording and the IEEE lemmas refuted; must-say-no cases."""
from __future__ import annotations

from functools import partial

import pytest
import z3
from conftest import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import scaling
from verify import Implication


@pytest.fixture(scope="module")
def result():
    return run_claims(scaling)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.bp.scaling"] == "proved"
    assert v["coppola.bp.scaling.chain_depth"] == "refuted"
    assert v["coppola.bp.scaling.ieee"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())


def test_enumeration_counts():
    assert sum(n for _, n in scaling.binarizations(12)) == 58786
    depths = {d for (_, d), _ in scaling.binarizations(5)}
    assert depths == {3, 4} and scaling.ceil_log2(5) == 3


def test_wrong_gate_count_step_fails():
    def step():
        nl, nr, gl, gr = z3.Ints("leaves_L leaves_R gates_L gates_R")
        return Implication({"ih_left": gl == nl, "ih_right": gr == nr}, gl + gr + 1 == nl + nr, analyse=False)
    verdict, ev = decide_one("smt", "supports", step)
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_k3_is_no_counterexample_to_the_chain_wording():
    # k = 3: the chain has k − 1 = 2 = ⌈log2 3⌉ gates — the recheck must reject it.
    verdict, ev = decide_one("exact", "refutes", partial(scaling.chain_counterexample, 3))
    assert ev.status == "error" and verdict != "refuted"


def test_exactly_associative_floats_are_rejected():
    verdict, ev = decide_one("numeric", "refutes", partial(scaling.float_associativity, 0.5, 0.25, 0.125))
    assert ev.status == "error" and verdict != "refuted"


def test_logit_sigma_one_is_rejected():
    # logit(σ(1.0)) is within a few ulps of 1: no counterexample.
    verdict, ev = decide_one("numeric", "refutes", partial(scaling.float_logit_sigma, 1.0))
    assert ev.status == "error" and verdict != "refuted"


def test_rounding_helper_matches_hardware():
    from fractions import Fraction
    for a, b in ((0.1, 0.2), (1e-300, 3.7), (123456.789, 0.001), (2.0 / 3.0, 3.0)):
        assert float(scaling._round_to_double(Fraction(a) * Fraction(b))) == a * b
