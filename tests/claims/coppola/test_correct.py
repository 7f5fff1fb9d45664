"""coppola.bp.construction.correct: the claim, its bounds and its evidence; the benchmark."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest
from claim_helpers import obligation_result

from lemmas.coppola.bp_construction import correct as m
from lemmas.coppola.bp_construction.correct_layer import SLOTS, SLOW_SLOTS

CLAIM = "coppola.bp.construction.correct"


def test_every_deciding_support_is_a_proof_and_every_point_check_a_cross_check(gate):
    c = next(c for c in gate.claims if c.claim.id == CLAIM)
    for o in c.obligations:
        ev = o.evidence
        assert ev.status == "discharged", (o.obligation.id, ev.detail)
        if ev.scope == "instances":
            assert o.obligation.cross_check, o.obligation.id
        if not o.obligation.cross_check:
            assert ev.scope in ("all", "bounded"), o.obligation.id
    assert not any(o.obligation.slow for o in c.obligations)     # --slow evidence is not run by default


def test_the_layer_family_covers_every_slot_count(gate):
    ob = obligation_result(gate, CLAIM, "layer_is_one_sum_product_round")
    labels = [g["label"] for g in ob.evidence.data["goals"]]
    assert [lab.split(":")[0] for lab in labels] == [f"D={d}" for d in range(1, SLOTS + 1)]
    assert ob.obligation.family.bound() == f"D ≤ {SLOTS}"


def test_slow_families_extend_the_bounds_as_cross_checks():
    slow = {o.id: o for o in m.CLAIMS[0].obligations if o.slow}
    assert set(slow) == {"layer_is_one_sum_product_round_for_more_slots", "sum_product_is_exact_on_larger_trees"}
    assert all(o.cross_check for o in slow.values())
    more = slow["layer_is_one_sum_product_round_for_more_slots"]
    assert more.family.values == tuple(range(SLOTS + 1, SLOW_SLOTS + 1))


def test_the_claim_module_loads_without_torch():
    # the torch run is an optional cross-check: the check imports torch when it runs
    import subprocess
    code = "import sys, lemmas.coppola.bp_construction.correct; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == "False", out.stderr


def test_benchmark_smoke(capsys, monkeypatch):
    path = Path(__file__).resolve().parents[3] / "bench" / "bench_construction_proof.py"
    monkeypatch.setattr(sys, "argv", [str(path), "--max-slots", "2", "--max-tree", "3", "--max-rounds", "1"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(path), run_name="__main__")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "layer_is_one_sum_product_round" in out and "sum_product_is_exact_on_trees" in out
