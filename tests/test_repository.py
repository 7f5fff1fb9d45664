"""Whole-repository checks: the claim pack loads cleanly and covers the catalogue."""
from __future__ import annotations

import re
from pathlib import Path


from verify.registry import discover

ROOT = Path(__file__).resolve().parents[1]


def test_claim_pack_loads_without_errors():
    reg = discover()
    assert not reg.errors, [str(e) for e in reg.errors]
    assert "yang.softmax.distribution" in reg.claims


def test_every_claim_module_has_a_docstring_and_every_subclaim_a_parent():
    reg = discover()
    for c in reg.claims.values():
        mod_path = Path(c.source).resolve()  # relative to the working directory discover() ran in
        text = mod_path.read_text(encoding="utf-8") if mod_path.exists() else ""
        assert re.match(r'\s*[rRuU]?"""', text), f"{c.source}: a claim module needs a docstring"
        parent = c.parent_id
        while parent and parent not in reg.claims:
            parent = parent.rsplit(".", 1)[0] if parent.count(".") >= 2 else None
        if c.id.count(".") >= 3:
            assert parent, f"{c.id}: sub-claim without a parent claim"
