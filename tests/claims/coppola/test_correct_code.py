"""The proofs' exact objects are the code's: a corrupted encoder mask fails the enumeration."""
from __future__ import annotations

from claim_helpers import decide_one

from lemmas.coppola.bp_construction import correct_code as m
from lemmas.models.transformer import AllowedKeys


def test_a_corrupted_mask_fails_the_enumeration(monkeypatch):
    real = m.encode_graphs

    def broken(graphs, **kw):                             # the first edge token also sees itself
        enc = real(graphs, **kw)
        if enc.num_edges[0]:
            t = int(enc.edge_positions[0][0])
            idx = enc.masks["gather"].index.copy()
            idx[0, t, 0] = t
            enc.masks["gather"] = AllowedKeys(idx, enc.tokens, trusted=True)
        return enc

    monkeypatch.setattr(m, "encode_graphs", broken)
    _, ev = decide_one("exact", "supports", m.encoder_masks_are_gather_sets_on_small_graphs)
    assert ev.status == "failed"
