"""lemmas/yang/attention.py: the evidence of yang.attention.bridge and must-say-no cases."""
from __future__ import annotations

from functools import partial

import z3
from claim_helpers import decide_one, obligation_result

from lemmas.yang import attention, softmax
from verify import Implication

BRIDGE = "yang.attention.bridge"


def test_bridge_reuses_the_softmax_proofs():
    # the same checks: a run selecting both claims discharges them once
    bridge = next(c for c in attention.CLAIMS if c.id == BRIDGE)
    dist = next(c for c in softmax.CLAIMS if c.id == "yang.softmax.distribution")
    shared = (softmax.weights_sum_to_one_for_every_n, softmax.weights_in_unit_interval_for_every_n,
              softmax.partial_sums_nonnegative)
    for check in shared:
        ob = check.__verify_obligation__
        assert any(o is ob for o in bridge.obligations) and any(o is ob for o in dist.obligations)


def test_continuity_is_proved_for_every_n_and_confirmed(gate):
    checks = ("weight_ratio_within_rho_squared", "other_keys_sums_within_factor_rho",
              "weight_change_at_most_rho_squared_minus_one")
    for ob_id in checks:
        ev = obligation_result(gate, BRIDGE, ob_id).evidence
        assert ev.status == "discharged" and ev.scope == "all"
        assert ev.data["second_solver"]["status"] == "unsat"
    ev = obligation_result(gate, BRIDGE, "other_keys_sums_within_factor_rho").evidence
    assert ev.data["goals"][0]["base"]["result"] == "holds" and ev.data["goals"][0]["step"]["result"] == "holds"
    # every hypothesis of the last step is necessary (re-checked countermodels)
    data = obligation_result(gate, BRIDGE, "weight_change_at_most_rho_squared_minus_one").evidence.data
    assert set(data["necessary"]) == {"weights_in_unit_interval", "exp_monotone", "weight_ratio"}


# ------------------------------------------------------------------ must say no


def test_weight_ratio_without_the_other_keys_bound_is_refuted():
    # the other keys' new sum only nonnegative, not within the factor ρ of the old one
    def check():
        g = attention.weight_ratio_within_rho_squared()
        hyps = dict(g.hypotheses, rest_ratio=z3.Real("R_shifted") >= 0)
        return Implication(hyps, g.conclusion, definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_rest_ratio_induction_with_a_doubled_term_is_not_proved():
    # B_{k+1} = B_k + 2e'_{k+1}: B may exceed ρA, so the step fails (the engine's countermodel)
    verdict, ev = decide_one("smt", "supports", partial(attention.other_keys_sums_within_factor_rho, 2))
    assert ev.status == "unknown" and "step" in ev.detail and verdict != "proved"


def test_weight_change_with_a_too_small_bound_is_refuted():
    check = partial(attention.weight_change_at_most_rho_squared_minus_one, lambda rho: (rho - 1) / 2)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"
