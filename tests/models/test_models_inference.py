"""Exact enumeration, sum-product (float, batched, Fraction), loopy BP and the paper's BP."""
from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

from lemmas.coppola.experiments.runs import table4_graph  # the paper's Table 4 structures as test data
from lemmas.models.bp import (loopy_belief_propagation, paper_bp, stack_graphs, sum_product_batch,
                              sum_product_marginals, sum_product_marginals_exact, sum_product_messages,
                              sum_product_scalar, update_belief)
from lemmas.models.exact import exact_marginals, exact_marginals_fraction, log_partition
from lemmas.models.factor_graph import (FactorGraph, complete_graph, from_edges, graph_from_dict, grid_graph,
                                        ising_graph, paper_counterexample, random_graph, random_tree)


def test_enumeration_on_a_hand_computed_graph() -> None:
    g = paper_counterexample(exact=True)
    assert exact_marginals_fraction(g) == [Fraction(9, 19), Fraction(8, 19)]
    assert np.allclose(exact_marginals(g), [9 / 19, 8 / 19], atol=1e-15)
    # with a unary on variable 1: Z = 0.9*1 + 0.1*3 + 0.2*1 + 0.7*3 = 3.5
    g2 = graph_from_dict({"variables": 2, "unary": [[1, 1], [1, 3]],
                          "factors": [{"vars": [0, 1], "table": [[0.9, 0.1], [0.2, 0.7]]}]}, exact=True)
    assert exact_marginals_fraction(g2) == [Fraction(23, 35), Fraction(24, 35)]
    assert np.isclose(log_partition(g2.to_float()), np.log(3.5))


def test_float_and_fraction_enumeration_agree() -> None:
    rng = np.random.default_rng(11)
    for _ in range(4):
        g = random_graph(8, 11, rng, unary=True)
        exact = np.array([float(q) for q in exact_marginals_fraction(g)])
        assert np.max(np.abs(exact_marginals(g) - exact)) < 1e-14


def _joint_enumeration(g: FactorGraph) -> list[Fraction]:
    """The definition, term by term in Fractions: Σ_x Π phi Π psi with x_i = 1, over Z."""
    from itertools import product
    unary = g.unary_or_uniform()
    z, z1 = Fraction(0), [Fraction(0)] * g.num_variables
    for x in product((0, 1), repeat=g.num_variables):
        w = Fraction(1)
        for i in range(g.num_variables):
            w *= unary[i][x[i]]
        for f in g.factors:
            w *= f.table[x[f.vars[0]]][x[f.vars[1]]]
        z += w
        z1 = [q + w if x[i] else q for i, q in enumerate(z1)]
    return [q / z for q in z1]


@pytest.mark.parametrize("seed", range(4))
def test_integer_enumeration_is_the_fraction_definition(seed: int) -> None:
    # Different denominators per factor and per unary, loops, and the same graph with every factor
    # stated the other way round: the common-denominator scaling must cancel in every marginal.
    rng = np.random.default_rng(100 + seed)
    g = random_graph(6, 9, rng, unary=True).to_fraction(limit_denominator=97)
    assert exact_marginals_fraction(g) == _joint_enumeration(g)
    flipped = from_edges(g.num_variables, [(b, a) for a, b in g.edges],
                         [((t[0][0], t[1][0]), (t[0][1], t[1][1])) for t in (f.table for f in g.factors)],
                         g.unary)
    assert exact_marginals_fraction(flipped) == _joint_enumeration(g)


def test_integer_enumeration_sees_a_changed_entry() -> None:
    # Must say no: one table entry changed by 1/97 changes the marginals.
    g = random_graph(5, 6, np.random.default_rng(7), unary=True).to_fraction(limit_denominator=97)
    f0 = g.factors[0]
    t = [list(r) for r in f0.table]
    t[1][0] += Fraction(1, 97)
    tables = [[list(r) for r in f.table] for f in g.factors]
    tables[0] = t
    changed = from_edges(g.num_variables, list(g.edges), tables, g.unary)
    assert exact_marginals_fraction(changed) == _joint_enumeration(changed)
    assert exact_marginals_fraction(changed) != exact_marginals_fraction(g)


def test_enumeration_refuses_huge_graphs() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        exact_marginals(FactorGraph(30))


@pytest.mark.parametrize("seed", range(6))
def test_fraction_sum_product_equals_enumeration_exactly_on_trees(seed: int) -> None:
    rng = np.random.default_rng(seed)
    g = random_tree(int(rng.integers(2, 9)), rng, unary=bool(seed % 2)).to_fraction(limit_denominator=50)
    T = g.diameter()
    assert sum_product_marginals_exact(g, T) == exact_marginals_fraction(g)
    if T > 1:
        # one round short of the diameter is generally not exact: the check can fail
        assert sum_product_marginals_exact(g, T - 1) != exact_marginals_fraction(g)


def test_float_sum_product_exact_on_trees_after_diameter_rounds() -> None:
    rng = np.random.default_rng(3)
    for n in (1, 2, 5, 12, 17):
        g = random_tree(n, rng, unary=True)
        assert np.max(np.abs(sum_product_marginals(g, g.diameter()) - exact_marginals(g))) < 1e-13
        assert np.max(np.abs(sum_product_marginals(g, g.diameter() + 3) - exact_marginals(g))) < 1e-13


def test_float_and_scalar_sum_product_agree_on_loopy_graphs() -> None:
    rng = np.random.default_rng(4)
    g = grid_graph(3, 3, rng, unary=True)
    for T in (0, 1, 4, 9):
        scalar, msgs = sum_product_scalar(g, T)
        assert np.max(np.abs(sum_product_marginals(g, T) - np.array(scalar))) < 1e-14
        assert np.max(np.abs(sum_product_messages(g, T) - np.array(msgs))) < 1e-14


def test_zero_rounds_gives_the_unary_beliefs() -> None:
    g = graph_from_dict({"variables": 2, "unary": [[1, 3], [2, 2]],
                         "factors": [{"vars": [0, 1], "table": [[5, 1], [1, 5]]}]})
    assert np.allclose(sum_product_marginals(g, 0), [0.75, 0.5])


def test_batched_sum_product_matches_single_graphs() -> None:
    rng = np.random.default_rng(5)
    graphs = [table4_graph("dating", rng) for _ in range(7)]
    structure, tables, unary = stack_graphs(graphs)
    batch = sum_product_batch(structure, tables, unary, 6)
    for b, g in enumerate(graphs):
        assert np.max(np.abs(batch[b] - sum_product_marginals(g, 6))) < 1e-15
    with pytest.raises(ValueError, match="different structure"):
        stack_graphs([graphs[0], table4_graph("square", rng)])


def test_loopy_bp_metadata_and_damping() -> None:
    rng = np.random.default_rng(6)
    g = table4_graph("triangle", rng)
    r = loopy_belief_propagation(g)
    assert r.converged and 1 <= r.iterations < 100 and r.max_change <= 1e-6
    assert np.max(np.abs(r.beliefs - exact_marginals(g))) < 0.05      # approximate on a loop
    capped = loopy_belief_propagation(g, max_iter=1)
    assert capped.iterations == 1 and not capped.converged and capped.max_change > 1e-6
    damped = loopy_belief_propagation(g, damping=0.5)
    assert damped.converged and np.max(np.abs(damped.beliefs - r.beliefs)) < 1e-5
    tree = random_tree(8, rng)
    rt = loopy_belief_propagation(tree, tol=1e-12)
    assert rt.converged and np.max(np.abs(rt.beliefs - exact_marginals(tree))) < 1e-10
    with pytest.raises(ValueError):
        loopy_belief_propagation(g, damping=1.0)


def test_loopy_bp_can_fail_to_converge_on_strong_couplings() -> None:
    rng = np.random.default_rng(0)
    edges = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    outcomes = [loopy_belief_propagation(ising_graph(5, edges, rng, coupling_scale=3.0, field_scale=1.0)).converged
                for _ in range(20)]
    assert not all(outcomes)


def test_paper_bp_counterexample() -> None:
    g = paper_counterexample(exact=True)
    for reading in ("factor_nodes", "variable_neighbours"):
        for T in range(1, 6):
            assert paper_bp(g, T, reading=reading) == [Fraction(1, 2), Fraction(1, 2)]
    exact = exact_marginals_fraction(g)
    assert exact == [Fraction(9, 19), Fraction(8, 19)]
    assert f"{float(exact[0]):.4f}" == "0.4737" and f"{float(exact[1]):.4f}" == "0.4211"
    assert paper_bp(paper_counterexample(), 3) == [0.5, 0.5]


def test_paper_bp_never_reads_tables_but_uses_initial_beliefs() -> None:
    rng = np.random.default_rng(1)
    a = random_tree(6, rng, unary=True)
    b = from_edges(6, a.edges, [np.ones((2, 2))] * len(a.edges), a.unary_array().tolist())
    assert paper_bp(a, 3, reading="variable_neighbours") == paper_bp(b, 3, reading="variable_neighbours")
    u = a.unary_array()
    assert np.allclose(paper_bp(a, 0), u[:, 1] / u.sum(axis=1))
    beliefs = paper_bp(a, 1, reading="variable_neighbours")
    adj = a.neighbours()
    start = u[:, 1] / u.sum(axis=1)
    for i in range(6):
        acc = 0.5
        for k in adj[i]:
            acc = update_belief(acc, start[k])
        assert np.isclose(beliefs[i], acc)


def test_update_belief_examples() -> None:
    assert update_belief(Fraction(1, 2), Fraction(3, 10)) == Fraction(3, 10)
    assert abs(update_belief(0.8, 0.4) - 0.7272727) < 1e-6


def _pgmpy_or_skip():
    pytest.importorskip("pgmpy")
    from lemmas.models.oracles import pgmpy_marginals
    return pgmpy_marginals


@pytest.mark.parametrize("seed", range(4))
def test_enumeration_agrees_with_pgmpy(seed: int) -> None:
    pgmpy_marginals = _pgmpy_or_skip()
    rng = np.random.default_rng(100 + seed)
    graphs = [random_graph(9, 14, rng, unary=True), random_tree(12, rng, unary=True),
              complete_graph(5, rng, unary=bool(seed % 2)),
              ising_graph(6, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5)], rng, coupling_scale=1.0,
                          field_scale=0.5)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in graphs:
            assert np.max(np.abs(pgmpy_marginals(g) - exact_marginals(g))) < 1e-12


def test_enumeration_agrees_with_pyagrum() -> None:
    pytest.importorskip("pyagrum")
    from lemmas.models.oracles import pyagrum_marginals
    rng = np.random.default_rng(7)
    for g in (random_graph(8, 12, rng, unary=True), random_tree(10, rng), FactorGraph(2)):
        assert np.max(np.abs(pyagrum_marginals(g) - exact_marginals(g))) < 1e-12
