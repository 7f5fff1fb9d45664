"""The construction on torch.nn: an optional cross-check, skipped visibly without torch, failing on
perturbed weights."""
from __future__ import annotations

import dataclasses

import pytest
from claim_helpers import decide_one, obligation_result, run_claims

from lemmas.coppola.bp_construction import correct
from lemmas.coppola.bp_construction import correct_float as m

CLAIM = "coppola.bp.construction.correct"
TORCH = "torch_modules_give_the_same_results"


def _has_torch() -> bool:
    from verify.run import module_available
    return module_available("torch")


def test_the_torch_run_is_an_optional_cross_check_of_the_construction():
    ob = correct.CLAIMS[0].obligation(TORCH)
    assert ob.requires == ("torch",) and ob.cross_check and ob.method == "numeric" and not ob.slow


@pytest.mark.skipif(not _has_torch(), reason="torch is not installed (the gate lists the obligation as skipped)")
def test_the_torch_run_is_discharged_within_round_off(gate):
    ob = obligation_result(gate, CLAIM, TORCH)
    assert ob.evidence.status == "discharged" and ob.evidence.scope == "instances", ob.evidence.detail
    assert not gate.skipped_unavailable


@pytest.mark.skipif(not _has_torch(), reason="torch is not installed")
@pytest.mark.parametrize("eps", [1e-6, 1e-9])
def test_perturbed_torch_weights_fail_the_torch_run(eps):
    # W_O of every gather head scaled by 1 + eps on the torch side only: numpy keeps the construction
    _, ev = decide_one("numeric", "supports",
                       lambda: m.torch_modules_give_the_same_results(alter=m.perturb_gather_output(eps)), timeout=300)
    assert ev.status == "failed", ev.detail


def test_without_torch_the_run_is_listed_as_skipped_never_passed(monkeypatch):
    import verify.run
    from verify.report.json_report import to_json
    from verify.report.terminal import render_table

    real = verify.run.module_available
    monkeypatch.setattr(verify.run, "module_available", lambda name: name != "torch" and real(name))
    claim = dataclasses.replace(correct.CLAIMS[0], obligations=tuple(
        correct.CLAIMS[0].obligation(i) for i in ("logodds_message_is_softplus_difference", TORCH)))
    res = run_claims([claim])
    entry = f"{CLAIM}/{TORCH} (needs torch)"
    assert res.skipped_unavailable == (entry,)
    assert [o.obligation.id for o in res.claims[0].obligations] == ["logodds_message_is_softplus_difference"]
    assert entry in to_json(res)["skipped_unavailable"]
    assert "not installed" in render_table(res) and TORCH in render_table(res)
