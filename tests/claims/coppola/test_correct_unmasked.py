"""The unmasked variant's gather bound: the induction needs its hypotheses and its base, and the
measured errors fail against a bound that is too small."""
from __future__ import annotations

import dataclasses

import z3
from claim_helpers import decide_one

from lemmas.coppola.bp_construction import correct_unmasked as m


def test_unmasked_witness_fails_against_a_too_small_bound():
    _, ev = decide_one("numeric", "supports",
                       lambda: m.measured_unmasked_gather_error_within_bound(lams=(2.0, 5.0, 10.0), shrink=0.1))
    assert ev.status == "failed"


def test_gather_induction_needs_its_hypotheses_and_its_base():
    goal = m.unmasked_gather_invariant_holds_for_every_k()
    S = z3.Function("S", z3.IntSort(), z3.RealSort())
    # without 0 < e ≤ q the step fails: a countermodel the engine re-checks exactly
    unweighted = dataclasses.replace(goal, hypotheses={k: v for k, v in goal.hypotheses.items()
                                                       if k != "off_target_weight"})
    _, ev = decide_one("smt", "supports", lambda: unweighted)
    assert ev.status != "discharged" and "step" in ev.detail and "counterexample" in ev.detail, ev.detail
    bad_base = dataclasses.replace(goal, base={**goal.base, "S_0": S(0) == -1})   # a negative empty sum
    _, ev = decide_one("smt", "supports", lambda: bad_base)
    assert ev.status != "discharged" and "base" in ev.detail, ev.detail
