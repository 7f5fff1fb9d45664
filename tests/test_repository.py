"""Whole-repository checks: the claim pack loads cleanly and covers the catalogue."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from verify.registry import discover

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT.parent / "shared" / "CLAIMS.md"


def test_claim_pack_loads_without_errors():
    reg = discover()
    assert not reg.errors, [str(e) for e in reg.errors]
    assert "yang.softmax.distribution" in reg.claims


def test_every_claim_module_has_a_docstring_and_every_subclaim_a_parent():
    reg = discover()
    for c in reg.claims.values():
        mod_path = ROOT / c.source if not Path(c.source).is_absolute() else Path(c.source)
        text = mod_path.read_text(encoding="utf-8") if mod_path.exists() else ""
        assert text.lstrip().startswith('"""'), f"{c.source}: a claim module needs a docstring"
        parent = c.parent_id
        while parent and parent not in reg.claims:
            parent = parent.rsplit(".", 1)[0] if parent.count(".") >= 2 else None
        if c.id.count(".") >= 3:
            assert parent, f"{c.id}: sub-claim without a parent claim"


@pytest.mark.skipif(not CATALOGUE.exists(), reason="the shared claims catalogue is not beside this checkout")
def test_every_catalogued_claim_is_encoded():
    ids = re.findall(r"^### `([a-z0-9_.]+)`", CATALOGUE.read_text(encoding="utf-8"), re.M)
    assert ids
    reg = discover()
    missing = [i for i in ids if i not in reg.claims]
    assert not missing, f"claims in CLAIMS.md with no module: {missing}"
