"""Read z3 terms once per obligation: each node's operator, name and arguments, cached by AST id.

Every check the engine makes on a goal walks its terms: definitions are validated, partial
operations collected, models re-evaluated, the SMT-LIB logic chosen for cvc5. z3's Python API
builds new wrapper objects on every ``children()`` and ``decl()`` call, which made those walks cost
more than the solver on the large members of a family. A :class:`Node` is built once per AST and
shared by every walk.

The cache holds the expression itself, so the AST stays alive and its id cannot be reused by
another term while the entry exists. :func:`forget_nodes` empties it (as each obligation starts).
"""
from __future__ import annotations

from typing import NamedTuple

import z3

QUANTIFIER = -1
"""The ``kind`` of a quantifier node (its only argument is the body)."""
VARIABLE = -2
"""The ``kind`` of a bound variable (de Bruijn index) or any other non-application."""


class Node(NamedTuple):
    expr: z3.ExprRef
    kind: int
    """z3's declaration kind (``z3.Z3_OP_ADD``, …), or :data:`QUANTIFIER` / :data:`VARIABLE`."""
    name: str
    """The declaration's name (meaningful for uninterpreted constants and functions)."""
    args: tuple[z3.ExprRef, ...]
    """The arguments; for a quantifier, its body."""

    @property
    def is_constant(self) -> bool:
        """An uninterpreted constant (a variable of the query)."""
        return self.kind == z3.Z3_OP_UNINTERPRETED and not self.args


_nodes: dict[tuple[int, int], Node] = {}


def node(e: z3.ExprRef) -> Node:
    key = (id(e.ctx), e.get_id())
    n = _nodes.get(key)
    if n is None:
        n = _read(e)
        _nodes[key] = n
    return n


def _read(e: z3.ExprRef) -> Node:
    if z3.is_quantifier(e):
        return Node(e, QUANTIFIER, "", (e.body(),))
    if not z3.is_app(e):
        return Node(e, VARIABLE, "", ())
    d = e.decl()
    return Node(e, d.kind(), d.name(), tuple(e.children()))


def forget_nodes() -> None:
    _nodes.clear()
