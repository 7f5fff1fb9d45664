"""What the claims of :mod:`lemmas.coppola.bp_construction` share: where the paper states the
theorem, the hypotheses of its statement, and the form of a claim about the Lean artifact.

Main definitions: :data:`WHERE`, :data:`HYPOTHESES`, :func:`artifact_claim`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from verify import Claim, Hypothesis

from .. import PAPER

WHERE = "Thm 1.2 = Thm 7.1, §7.2"

HYPOTHESES = (
    Hypothesis("one_weight_set", "the paper's order: one set of weights (the §7.2 construction) for every state"),
    Hypothesis("finite_lambda", "the softmax has a finite inverse temperature λ"),
    Hypothesis("relu_ffn", "the FFN is a two-layer ReLU MLP (Lean ffn, hidden width D_model = 8)"),
    Hypothesis("paper_bp", "the target is the paper's BP (§2.2.1, Lean bp_forwardPass)"),
)
"""The hypotheses of the paper's statement (and of the Lean axioms that encode it)."""


def artifact_claim(claim_id: str, where: str, *checks: Callable[..., Any], **fields: Any) -> Claim:
    """A claim about the Lean artifact (reading ``artifact``) at :data:`WHERE` + ``where``."""
    return Claim(id=claim_id, reading="artifact", paper=PAPER, where=f"{WHERE} ({where})", obligations=checks,
                 **fields)
