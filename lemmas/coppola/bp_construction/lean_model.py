"""The Lean development's model of one round of the paper's BP, in exact arithmetic.

``transformer-bp-lean`` (``Preliminaries.lean``) states [C] Thm 7.1 about a ``BPState`` of tokens
with two neighbour slots; this module is a small, faithful copy of its definitions, independent
of :mod:`lemmas.models`, for the refutations of the package to run on.

Main definitions:

* :class:`LeanToken` — a ``BPToken``; :data:`LEAN_FFN_WIDTH`; :data:`TWO_TOKEN_STATE`, :data:`VARIABLE_SELF_LOOP`;
* :func:`lean_update_belief`, :func:`lean_bp_forward`, :func:`lean_encode` — ``updateBelief``,
  ``bp_forwardPass``, ``encodeBPState``;
* :func:`lean_update_belief_relation` — ``y = updateBelief(m0, m1)`` as a z3 relation.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction as Q
from typing import Any

import z3

LEAN_FFN_WIDTH = 8
"""Hidden units of the Lean FFN: ``W1 : Fin D_model → Fin D_model → ℝ`` with D_model = 8."""


@dataclass(frozen=True)
class LeanToken:
    """A Lean ``BPToken``: node type (0 variable, 1 factor), belief, two neighbour slots, scratch."""

    node_type: int
    belief: Q
    neighbours: tuple[int, int]
    scratch: tuple[Q, Q] = (Q(0), Q(0))


def lean_update_belief(m0: Q, m1: Q) -> Q:
    """Lean ``updateBelief`` with Lean's total division (x / 0 = 0)."""
    den = m0 * m1 + (1 - m0) * (1 - m1)
    return Q(0) if den == 0 else m0 * m1 / den


def lean_bp_forward(state: Sequence[LeanToken]) -> list[LeanToken]:
    """``bp_forwardPass = bp_computeBeliefs ∘ bp_gatherAll`` exactly as in Preliminaries.lean."""
    gathered = [LeanToken(t.node_type, t.belief, t.neighbours,
                          (state[t.neighbours[0]].belief, state[t.neighbours[1]].belief)) for t in state]
    return [LeanToken(t.node_type, lean_update_belief(*t.scratch), t.neighbours, t.scratch)
            if t.node_type == 0 else t for t in gathered]


def lean_encode(state: Sequence[LeanToken]) -> list[list[Q]]:
    """``encodeBPState``: dims 0 belief, 1-2 neighbour indices, 3 node type, 4-7 zero."""
    return [[t.belief, Q(t.neighbours[0]), Q(t.neighbours[1]), Q(t.node_type), Q(0), Q(0), Q(0), Q(0)]
            for t in state]


TWO_TOKEN_STATE = (LeanToken(0, Q(1, 5), (1, 1)), LeanToken(1, Q(4, 5), (0, 0)))
"""The smallest state on which the two heads cannot gather exactly: variable 0 with both slots on
factor node 1, factor node 1 with both slots on variable 0; beliefs 1/5 and 4/5."""
VARIABLE_SELF_LOOP = (LeanToken(0, Q(3, 4), (0, 0)),)
"""n = 1: a variable whose neighbour slots both point at itself, belief 3/4."""


def lean_update_belief_relation(m0: Any, m1: Any, y: Any) -> Any:
    """y = updateBelief(m0, m1) with Lean's total division (x / 0 = 0), written without division:
    y = 0 when D = m0 m1 + (1 − m0)(1 − m1) is 0, else y·D = m0 m1."""
    den = m0 * m1 + (1 - m0) * (1 - m1)
    return z3.Or(z3.And(den == 0, y == 0), z3.And(den != 0, y * den == m0 * m1))


def rational(x: Q) -> z3.ArithRef:
    """A Fraction as an exact z3 real."""
    return z3.RealVal(f"{x.numerator}/{x.denominator}")
