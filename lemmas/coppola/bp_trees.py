"""``coppola.bp.trees``: is the BP transformer exact on trees after T ≥ diameter passes? ([C] Cor 1.3
= Cor 7.4)

Main definitions: :data:`PAPER_TABLE` ([C]'s factor on v0 – f – v2), :data:`OTHER_TABLE` (a second
table for the same tree), :func:`rational_tree` (random trees with rational tables),
:func:`htree_holds` (Lean ``hTree`` with the path [i, j]).

Main statements:

* ``coppola.bp.trees`` (the literal corollary) — refuted by
  :func:`encoding_is_blind_to_the_factor_table` (the §7.2 tokens, Lean ``encodeBPState``, carry no
  factor table: two trees differing only in it get identical inputs and different exact
  marginals), by :func:`paper_bp_misses_the_tree_marginals` (the paper's BP of §2.2.1, which
  Thm 7.1 says the transformer implements, on v0 – f – v2, both readings of "neighbour") and by
  :func:`lean_bp_forward_pass_misses_the_tree_marginals` (the same with the Lean-faithful
  ``bp_forwardPass`` of :mod:`lemmas.coppola.bp_construction`).
* ``.sum_product`` (the project's reading: Pearl's sum-product) —
  :func:`sum_product_is_exact_on_random_trees`, on instances (no general tree induction).
* ``.sum_product.fewer_rounds`` — refuted by :func:`one_round_fewer_is_not_exact`: T ≥ diameter
  is needed.
* ``.tree_hypothesis`` (the Lean artifact's ``hTree``: ∀ i j, ∃ path, head? = some i ∧ getLast? =
  some j) — refuted by :func:`htree_holds_on_complete_graphs`: it holds on graphs that are not
  trees.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction as Q
from itertools import product
from typing import Any

import numpy as np

from lemmas.models import (
    complete_graph,
    encode_paper_state,
    exact_marginals_fraction,
    from_edges,
    paper_bp,
    paper_counterexample,
    paper_state,
    paper_transformer_beliefs,
    random_tree,
    sum_product_marginals_exact,
)
from verify import Claim, ExactEqual, Hypothesis, refutes, supports

from . import PAPER
from .bp_construction import LeanToken, lean_bp_forward

WHERE = "Cor 1.3 = Cor 7.4"
PAPER_TABLE = ((Q(9, 10), Q(1, 10)), (Q(2, 10), Q(7, 10)))
"""[C]'s factor f(v0, v2) on the tree v0 – f – v2 (rows v0, columns v2)."""
OTHER_TABLE = ((Q(1, 10), Q(2, 10)), (Q(3, 10), Q(4, 10)))
"""A second table for the same tree: exact marginals P(v0=1) = 7/10, P(v2=1) = 3/5."""
ROUNDS = (1, 2, 3, 4)
"""Rounds of the paper's BP checked (the tree has diameter 1, so every T ≥ 1 qualifies)."""


# ----------------------------------------------------------------------------------------------
# Under the paper's BP


@refutes("exact", uses=("tree", "enough_rounds", "paper_bp"))
def paper_bp_misses_the_tree_marginals() -> ExactEqual:
    """On v0 – f – v2 the paper's BP gives 1/2 for T = 1..4 (both readings), exact marginals 9/19, 8/19.

    Each case compares the paper's BP after T ≥ diameter rounds with the exact marginals, in exact
    rationals; the §7 transformer's own output is informative detail."""
    g = paper_counterexample(exact=True)
    exact = exact_marginals_fraction(g)
    cases = []
    for reading in ("factor_nodes", "variable_neighbours"):
        for T in ROUNDS:
            beliefs = paper_bp(g, T, reading=reading)
            cases += [(f"{reading}, T={T}: P(v{2 * i}=1)", Q(beliefs[i]), exact[i]) for i in range(2)]
    try:
        tf = paper_transformer_beliefs(g.to_float(), 2, 10.0).tolist()
    except Exception as exc:  # informative only
        tf = f"not run: {exc}"
    return ExactEqual(cases, label="paper's BP vs exact marginals on v0 – f – v2",
                      detail={"exact": [str(x) for x in exact], "exact_float": [float(x) for x in exact],
                              "paper_transformer_lambda10_T2": tf})


@refutes("exact", uses=("tree", "enough_rounds", "paper_encoding"))
def encoding_is_blind_to_the_factor_table(table_a: Sequence[Sequence[Q]] = PAPER_TABLE,
                                          table_b: Sequence[Sequence[Q]] = OTHER_TABLE,
                                          unary_b: Sequence[Sequence[Q]] | None = None) -> ExactEqual:
    """v0 – f – v2 with f = [[9/10, 1/10], [1/5, 7/10]] and with f = [[1/10, 1/5], [3/10, 2/5]]: the
    §7.2 inputs are identical (the tokens carry no factor table), the exact marginals are 9/19, 8/19
    vs 7/10, 3/5, so no transformer is exact on both (exact rationals).

    Two trees that differ only in f: if the §7.2 encodings are equal, every transformer returns the
    same beliefs for both (any weights, any number of passes), so the corollary forces their exact
    marginals to be equal; the case compares them.

    The encodings are compared first (exactly, as arrays): if they differ the premise fails and the
    check raises (an error, never a counterexample). ``unary_b`` is for must-say-no tests."""
    ga = from_edges(2, [(0, 1)], [table_a])
    gb = from_edges(2, [(0, 1)], [table_b], unary_b)
    xa, xb = encode_paper_state(paper_state(ga)), encode_paper_state(paper_state(gb))
    if not np.array_equal(xa, xb):
        raise ValueError("the two trees are encoded differently: a transformer may tell them apart")
    ma, mb = exact_marginals_fraction(ga), exact_marginals_fraction(gb)
    return ExactEqual([("exact marginals (P(v0=1), P(v2=1)) of the tree with table A vs table B, which every "
                        "transformer must return alike (identical inputs)", tuple(ma), tuple(mb))],
                      label="v0 – f – v2 with two factor tables: identical §7.2 inputs, different exact marginals",
                      detail={"table_a": [[str(c) for c in r] for r in table_a],
                              "table_b": [[str(c) for c in r] for r in table_b],
                              "encoded_input": xa.tolist()})


def _local_enumeration(table: Sequence[Sequence[Q]]) -> tuple[Q, Q]:
    z = sum((table[a][b] for a, b in product((0, 1), repeat=2)), Q(0))
    return (table[1][0] + table[1][1]) / z, (table[0][1] + table[1][1]) / z


@refutes("exact", uses=("tree", "enough_rounds", "paper_bp"))
def lean_bp_forward_pass_misses_the_tree_marginals(table: Sequence[Sequence[Q]] = PAPER_TABLE,
                                                   rounds: Sequence[int] = ROUNDS) -> ExactEqual:
    """The same with the Lean bp_forwardPass and a 4-assignment enumeration of the table.

    bp_forwardPass runs on the bipartite state [v0, f, v2] (beliefs 1/2; the table is not part of
    the belief dynamics) for T rounds; compared exactly."""
    exact = _local_enumeration(table)
    cases = []
    state = [LeanToken(0, Q(1, 2), (1, 1)), LeanToken(1, Q(1, 2), (0, 2)), LeanToken(0, Q(1, 2), (1, 1))]
    for T in range(1, max(rounds) + 1):
        state = lean_bp_forward(state)
        if T in rounds:
            cases.append((f"Lean bp_forwardPass, T={T}: (P(v0=1), P(v2=1))", (state[0].belief, state[2].belief), exact))
    return ExactEqual(cases, label="Lean bp_forwardPass vs enumeration of f on v0 – f – v2",
                      detail={"table": [[str(c) for c in r] for r in table],
                              "enumeration": [str(x) for x in exact]})


# ----------------------------------------------------------------------------------------------
# Under sum-product


def rational_tree(n: int, rng: np.random.Generator, unary: bool) -> Any:
    """A uniformly random labelled tree with rational entries k/20, k ∈ {2..20} (the U[0.1, 1] grid)."""
    edges = list(random_tree(n, rng).edges)   # the shape only; rational tables below

    def entry() -> Q:
        return Q(int(rng.integers(2, 21)), 20)

    tables = [[[entry(), entry()], [entry(), entry()]] for _ in edges]
    u = [[entry(), entry()] for _ in range(n)] if unary else None
    return from_edges(n, edges, tables, u)


def random_rational_trees(count: int = 48, seed: int = 7401, max_n: int = 12) -> list[Any]:
    rng = np.random.default_rng(seed)
    return [rational_tree(1 + k % max_n, rng, unary=(k % 2 == 1)) for k in range(count)]


@supports("exact", uses=("tree", "enough_rounds"))
def sum_product_is_exact_on_random_trees(count: int = 48, seed: int = 7401,
                                         extra: Sequence[int] = (0, 2)) -> ExactEqual:
    """Exact rational sum-product (T = diameter, diameter + 2) equals enumeration on 48 random trees
    with 1-12 variables.

    ``extra`` are the rounds beyond the diameter (must-say-no tests pass −1)."""
    cases, sizes, diameters = [], [], []
    for k, g in enumerate(random_rational_trees(count, seed)):
        d = g.diameter()
        exact = exact_marginals_fraction(g)
        for e in extra:
            sp = sum_product_marginals_exact(g, max(0, d + e))
            cases.append((f"tree {k} (n={g.num_variables}, diameter {d}), T = diameter + {e}", tuple(sp), tuple(exact)))
        sizes.append(g.num_variables)
        diameters.append(d)
    return ExactEqual(cases, label=f"exact sum-product after T ≥ diameter rounds = enumeration, {count} random trees",
                      detail={"trees": count, "variables": f"{min(sizes)}..{max(sizes)}",
                              "max_diameter": max(diameters), "seed": seed,
                              "entries": "k/20, k in 2..20; unary evidence on every other tree"})


@refutes("exact")
def one_round_fewer_is_not_exact(count: int = 48, seed: int = 7401) -> ExactEqual:
    """The first random tree with diameter ≥ 2 differs from enumeration after diameter − 1 rounds.

    A mismatch is an exact counterexample to exactness with T = diameter − 1."""
    for k, g in enumerate(random_rational_trees(count, seed)):
        d = g.diameter()
        if d >= 2:
            sp = sum_product_marginals_exact(g, d - 1)
            return ExactEqual([(f"tree {k} (n={g.num_variables}, diameter {d}), T = diameter − 1",
                                tuple(sp), tuple(exact_marginals_fraction(g)))],
                              label="sum-product with one round too few vs enumeration")
    raise ValueError("no tree with diameter ≥ 2 among the instances")


# ----------------------------------------------------------------------------------------------
# The Lean hTree hypothesis


def lean_head(xs: list[int]) -> int | None:
    """Lean ``List.head?``."""
    return xs[0] if xs else None


def lean_get_last(xs: list[int]) -> int | None:
    """Lean ``List.getLast?``."""
    return xs[-1] if xs else None


def htree_holds(n: int) -> bool:
    """hTree on n nodes with the witness path [i, j] for every ordered pair (edges never consulted)."""
    return all(lean_head([i, j]) == i and lean_get_last([i, j]) == j for i in range(n) for j in range(n))


@refutes("exact")
def htree_holds_on_complete_graphs(sizes: Sequence[int] = (3, 4, 5, 6)) -> ExactEqual:
    """hTree ⇒ tree fails on K3..K6: hTree holds with path = [i, j], the graphs are not trees (exact
    evaluation).

    Each case evaluates hTree ⇒ tree on a complete graph; "tree" is decided from the edges (n − 1
    edges and connected, :meth:`FactorGraph.is_tree`);
    hTree with the witness path [i, j] for every ordered pair (:func:`htree_holds`)."""
    rng = np.random.default_rng(7402)
    cases = []
    for n in sizes:
        g = complete_graph(n, rng)
        h, tree = htree_holds(n), g.is_tree()
        cases.append((f"K{n} ({len(g.edges)} edges; hTree holds: {h}, is a tree: {tree}): hTree ⇒ tree",
                      (not h) or tree, True))
    return ExactEqual(cases, label="hTree ⇒ tree on complete graphs",
                      detail={"sizes": list(sizes), "witness": "path = [i, j] for every ordered pair (i, j)"})


# ----------------------------------------------------------------------------------------------
# Claims


CLAIMS = [
    Claim(
        id="coppola.bp.trees",
        reading="as-stated",
        paper=PAPER,
        where=WHERE,
        statement=("A BP-weighted transformer (the §7.2 construction, which Thm 7.1 says implements the paper's BP of "
                   "§2.2.1) run for T ≥ diameter forward passes over a grounded tree-structured factor graph computes "
                   "the exact posterior marginal at every variable node."),
        hypotheses=(Hypothesis("tree", "the factor graph is a tree"),
                    Hypothesis("enough_rounds", "T ≥ diameter"),
                    Hypothesis("paper_encoding", "the input is the §7.2 token encoding (belief, two neighbour indices, "
                                                 "node type, scratch; Lean encodeBPState), beliefs starting from the "
                                                 "unary potentials (1/2 without one)"),
                    Hypothesis("paper_bp", "BP is the paper's §2.2.1 update (updateBelief of neighbour beliefs)")),
        obligations=(encoding_is_blind_to_the_factor_table, paper_bp_misses_the_tree_marginals,
                     lean_bp_forward_pass_misses_the_tree_marginals),
        explanation=("The paper says its BP transformer, run for at least as many passes as the tree's diameter, "
                     "returns the exact marginal of every variable on a tree. Its tokens carry beliefs and neighbour "
                     "indices but not the factor tables, so two trees that differ only in their table look identical "
                     "to every transformer while their exact marginals differ (9/19 vs 7/10 at v0). The paper's own BP "
                     "never reads the tables either and stays at 1/2 on the paper's tree."),
        note="Refuted for the transformer (any weights) and for the paper's BP; the sum-product reading is decided in "
             ".sum_product.",
    ),
    Claim(
        id="coppola.bp.trees.sum_product",
        reading="project",
        paper=PAPER,
        where=WHERE + " (the project's reading: Pearl's sum-product in place of the paper's BP)",
        statement=("On a tree, synchronous sum-product run for T ≥ diameter rounds returns the exact marginals "
                   "P(x_i = 1) at every variable."),
        hypotheses=(Hypothesis("tree", "the factor graph is a tree"), Hypothesis("enough_rounds", "T ≥ diameter")),
        obligations=(sum_product_is_exact_on_random_trees,),
        explanation=("With Pearl's sum-product in place of the paper's BP, the corollary is the classical fact that "
                     "message passing is exact on trees after diameter rounds. The project checks it in exact "
                     "rational arithmetic against brute-force enumeration on 48 random trees with up to 12 variables; "
                     "this is evidence on instances, not a proof for every tree."),
    ),
    Claim(
        id="coppola.bp.trees.sum_product.fewer_rounds",
        reading="project",
        paper=PAPER,
        where=WHERE + " (the project's check that sum-product needs T ≥ diameter)",
        statement="On a tree, sum-product with T = diameter − 1 rounds already returns the exact marginals.",
        obligations=(one_round_fewer_is_not_exact,),
        explanation=("The bound T ≥ diameter cannot be lowered: one round fewer already gives a wrong marginal on the "
                     "first random tree of diameter at least 2, in exact arithmetic."),
    ),
    Claim(
        id="coppola.bp.trees.tree_hypothesis",
        reading="artifact",
        paper=PAPER,
        where=WHERE + " (the Lean artifact: hypothesis hTree of axiom transformer_exact_on_tree)",
        statement=("The Lean hypothesis hTree (∀ i j, ∃ path : List (Fin n), path.head? = some i ∧ path.getLast? = "
                   "some j) restricts transformer_exact_on_tree to tree-structured graphs."),
        obligations=(htree_holds_on_complete_graphs,),
        explanation=("The Lean statement's 'tree' hypothesis only asks for a list that starts at i and ends at j, "
                     "which the two-element list [i, j] always is. It never mentions edges, so it holds for every "
                     "graph, including complete graphs full of cycles."),
        note="hTree does not mention edges: it holds for every graph, so it is vacuous.",
    ),
]
