"""coppola.uniqueness.ffn: exp's monotonicity is necessary; a non-injective activation forces nothing."""
from __future__ import annotations

from functools import partial

import pytest
from claim_helpers import decide_one, obligation_result

from lemmas.coppola.uniqueness import ffn_weights as m


def test_the_claim_explains_itself():
    (c,) = m.CLAIMS
    assert c.explanation.strip() and c.reading == "as-stated"


def test_monotonicity_of_exp_is_necessary(gate):
    ev = obligation_result(gate, "coppola.uniqueness.ffn", "sigma_at_three_points_forces_bp_weights").evidence
    assert "exp_strictly_increasing" in ev.data["necessary"]


# ---- must say no


def non_injective(E):
    # E/(1 + E²) = 1/(e^{-x} + e^{x}): not monotone, and non-injective (E and 1/E give the same value).
    return [1 + E * E > 0], E / (1 + E * E)


@pytest.mark.parametrize("goal", [m.sigma_strictly_increasing, m.sigma_injective])
def test_non_injective_activation_fails(goal):
    verdict, ev = decide_one("smt", "supports", partial(goal, non_injective, "sech"))
    assert ev.status == "failed" and ev.confirmed and verdict != "proved"


def test_non_injective_activation_does_not_force_the_weights():
    verdict, ev = decide_one("smt", "supports", partial(m.sigma_at_three_points_forces_bp_weights, non_injective))
    assert ev.status == "failed" and verdict != "proved"
