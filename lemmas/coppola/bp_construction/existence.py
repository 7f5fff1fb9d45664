"""``coppola.bp.existence``: some transformer implements belief propagation ([C] abstract).

The abstract's existential is decided by exhibiting one: the project's construction
(:mod:`.correct`), through the same deciding proofs, so with the same bounds.

Main statement: ``coppola.bp.existence`` — proved by :data:`.correct.EXISTENCE_PROOFS`.
"""
from __future__ import annotations

from verify import Claim

from .. import PAPER
from .correct import EXISTENCE_PROOFS, HYPOTHESES

CLAIMS = [
    Claim(
        id="coppola.bp.existence",
        paper=PAPER,
        where="abstract (a transformer implements belief propagation, exact on trees)",
        reading="as-stated",
        statement=("Some transformer with explicit weights implements belief propagation: each layer is one "
                   "synchronous round of sum-product on a binary pairwise factor graph, and on a tree with "
                   "T ≥ diameter layers its read-out is the exact marginal of every variable."),
        hypotheses=HYPOTHESES,
        explanation=("The abstract's promise, that some transformer with explicit weights runs belief propagation and "
                     "is exact on trees, holds. The paper's own construction does not show it (it is refuted), but the "
                     "project's construction does, by the same proofs and with the same bounds: node degree up to 8, "
                     "up to 8 layers, trees with up to 6 variables."),
        note="Shown by exhibiting one: the deciding proofs of coppola.bp.construction.correct.",
        obligations=EXISTENCE_PROOFS,
    ),
]
