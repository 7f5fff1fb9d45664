"""``coppola.bp.scaling``: k-ary gates from binary ones, and the layer count they lead to (Coppola, Thm 7.2, Cor 7.3).

The paper: a k-ary OR (AND) of beliefs is the fold of binary updateBelief, so a depth-d formula with
k-ary gates needs d·⌈log2 k⌉ layers, and two attention heads suffice. One module per group of claims:

* :mod:`.binary_gates` — ``coppola.bp.scaling`` (the fold identity and the gate and depth counts of
  binarizations) and ``.chain_depth`` (the wording "a chain of ⌈log2 k⌉ binary gates").
* :mod:`.and_fold` — ``.and_fold`` (the AND half of Thm 7.2) and ``.and_fold.self_dual``.
* :mod:`.float_lemmas` — ``.ieee`` (the cited Lean lemmas, stated over IEEE ``Float``).
* :mod:`.layer_count` — ``.layers``, ``.layers.any_count``, ``.layers.fan_in_one``, ``.layers.trees``
  (Cor 7.3's d·⌈log2 k⌉ layers) and ``.two_heads``.

Main definitions: :func:`claim`, a claim of this paper decided by the checks it is given.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from verify import Claim

from .. import PAPER


def claim(claim_id: str, *checks: Callable[..., Any], **fields: Any) -> Claim:
    """The claim ``claim_id`` of Coppola's paper, decided by ``checks`` (decorated check functions)."""
    return Claim(id=claim_id, paper=PAPER, obligations=checks, **fields)
