"""yang.softmax.distribution: the first claim, decided end to end through the engine."""
from __future__ import annotations

from claim_helpers import run_claims, statuses, verdicts

from lemmas.yang import softmax


def test_softmax_verdicts():
    result = run_claims(softmax)
    v = verdicts(result)
    assert v["yang.softmax.distribution"] == "proved"
    assert v["yang.softmax.distribution.ieee"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    assert result.gate == "pass" and result.exit_code() == 0


def test_unmasked_key_hypothesis_is_necessary():
    result = run_claims(softmax, ["yang.softmax.distribution"])
    c = next(c for c in result.claims if c.claim.id == "yang.softmax.distribution")
    ob = next(o for o in c.obligations if o.obligation.id == "sum_to_one.smt")
    necessary = ob.evidence.data["necessary"]
    assert "at_least_one_unmasked" in necessary
    model = necessary["at_least_one_unmasked"]["countermodel"]
    assert model["e_0"] == "0" and model["e_1"] == "0"  # every key masked: the row is 0/0
    assert ob.evidence.data["vacuity"]["status"] == "satisfiable"
