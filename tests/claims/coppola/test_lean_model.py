"""The Lean development's model of one BP round agrees with lemmas.models."""
from __future__ import annotations

from fractions import Fraction as Q

from lemmas.coppola.bp_construction.lean_model import LeanToken, lean_bp_forward


def test_lean_model_matches_models_paper_bp():
    from lemmas.models import paper_bp, paper_counterexample
    g = paper_counterexample(exact=True)
    state = [LeanToken(0, Q(1, 2), (2, 2)), LeanToken(0, Q(1, 2), (2, 2)), LeanToken(1, Q(1, 2), (0, 1))]
    for T in (1, 2, 3):
        state = lean_bp_forward(state)
        assert [state[0].belief, state[1].belief] == paper_bp(g, T)
