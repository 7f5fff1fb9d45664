"""The gate's verdict on every shipped claim, against the single expected-verdicts table."""
from __future__ import annotations

import pytest
from expected_verdicts import EXPECTED


def test_the_table_lists_exactly_the_shipped_claims(gate):
    assert sorted(c.claim.id for c in gate.claims) == sorted(EXPECTED)
    assert not gate.load_errors


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_verdict(gate, claim_id):
    found = {c.claim.id: c for c in gate.claims}
    if claim_id not in found:
        pytest.fail(f"{claim_id} is in the table but the gate did not decide it")
    c = found[claim_id]
    problems = [f"{o.obligation.id}: {o.evidence.status}: {o.evidence.detail[:300]}" for o in c.obligations
                if o.evidence.status in ("error", "unknown") and not o.obligation.allow_unknown]
    assert (c.verdict, c.bound) == EXPECTED[claim_id], "\n".join(problems)


def test_every_obligation_of_the_gate_is_discharged(gate):
    bad = [f"{c.claim.id}/{o.obligation.id}: {o.evidence.status}: {o.evidence.detail[:200]}"
           for c in gate.claims for o in c.obligations
           if o.evidence.status != "discharged" and not (o.obligation.allow_unknown and o.evidence.status == "unknown")]
    assert not bad, "\n".join(bad)
