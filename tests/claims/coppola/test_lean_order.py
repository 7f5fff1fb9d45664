"""coppola.bp.construction.lean_order: Lean's ∀ state ∃ W is met by memorisation."""
from __future__ import annotations

from fractions import Fraction as Q

import pytest

from lemmas.coppola.bp_construction import lean_order as m
from lemmas.coppola.bp_construction.lean_model import LeanToken


def test_memorising_weights_reject_conflicting_tokens():
    # two identical embeddings needing different outputs cannot happen for a real state; fake one
    a = LeanToken(0, Q(1, 3), (1, 1))
    with pytest.raises(ValueError):
        m.memorising_weights([a] * 10 + [LeanToken(1, Q(k, 20), (0, 0)) for k in range(1, 10)])

