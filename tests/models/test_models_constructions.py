"""The sum-product transformers (masked, unmasked), their identities and bound, and [C]'s §7 weights."""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from lemmas.coppola.experiments.runs import table4_graph  # the paper's Table 4 structures as test data
from lemmas.models.bp import paper_bp, sum_product_marginals, sum_product_messages
from lemmas.models.exact import exact_marginals
from lemmas.models.factor_graph import (FactorGraph, complete_graph, from_edges, grid_graph, ising_graph,
                                        paper_counterexample, random_graph, random_tree)
from lemmas.models.paper_construction import (PAPER_WIDTH, cross_project, encode_paper_state,
                                              fit_update_belief_relu, paper_gather, paper_state, paper_transformer,
                                              paper_transformer_beliefs)
from lemmas.models.sum_product_transformer import (LAYOUT, build_sum_product_transformer, encode_graphs,
                                                   factor_message_logodds, factor_message_softplus,
                                                   masked_mean_gather, measure_gather, softplus_linear_identity,
                                                   sum_product_message_ratio, transformer_marginals,
                                                   transformer_marginals_grouped, transformer_messages,
                                                   unmasked_gather_error_bound, unmasked_gather_weight_bound)
from lemmas.models.transformer import AttentionHead, FeedForward, MultiHeadAttention, Transformer

VARIANTS = ("masked", "unmasked")


def _loopy_graphs(rng: np.random.Generator) -> list[FactorGraph]:
    return [random_graph(9, 14, rng, unary=True), grid_graph(3, 3, rng, unary=True),
            complete_graph(5, rng), table4_graph("qbbn_chain", rng),
            ising_graph(6, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)], rng,
                        coupling_scale=1.0, field_scale=0.5)]


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_layer_is_one_sum_product_round(variant: str) -> None:
    rng = np.random.default_rng(10)
    partly_isolated = from_edges(6, [(0, 1), (4, 1)], [rng.uniform(0.1, 1, (2, 2)) for _ in range(2)],
                                 rng.uniform(0.1, 1, (6, 2)).tolist())
    graphs = [random_tree(int(n), rng, unary=True) for n in (1, 2, 6, 11, 16)] + _loopy_graphs(rng) + [partly_isolated]
    for g in graphs:
        for T in (0, 1, 3, 8):
            got = transformer_marginals(g, T, variant=variant)  # type: ignore[arg-type]
            assert np.max(np.abs(got - sum_product_marginals(g, T))) <= 1e-12, (g.num_variables, T)
        h = sum_product_messages(g, 5)
        assert np.max(np.abs(transformer_messages(g, 5, variant=variant) - np.log(h[:, 1] / h[:, 0])), initial=0.0) <= 1e-12  # type: ignore[arg-type]


@pytest.mark.parametrize("variant", VARIANTS)
def test_trees_after_diameter_layers_give_exact_marginals(variant: str) -> None:
    rng = np.random.default_rng(11)
    for n in (3, 8, 14, 19):
        g = random_tree(n, rng, unary=bool(n % 2))
        got = transformer_marginals(g, g.diameter(), variant=variant)  # type: ignore[arg-type]
        assert np.max(np.abs(got - exact_marginals(g))) <= 1e-12


def test_heterogeneous_batch_and_grouping_match_single_runs() -> None:
    rng = np.random.default_rng(12)
    graphs = [random_tree(int(n), rng, unary=True) for n in rng.integers(2, 15, size=25)] + _loopy_graphs(rng)
    batch = transformer_marginals(graphs, 4)
    for b, g in zip(batch, graphs):
        assert np.max(np.abs(b - sum_product_marginals(g, 4))) <= 1e-12
    trees = graphs[:25]
    grouped = transformer_marginals_grouped(trees, None, batch_size=7)
    for b, g in zip(grouped, trees):
        assert np.max(np.abs(b - exact_marginals(g))) <= 1e-12
    per = [int(r) for r in rng.integers(0, 5, size=len(graphs))]
    for b, g, T in zip(transformer_marginals_grouped(graphs, per, batch_size=4), graphs, per):
        assert np.max(np.abs(b - sum_product_marginals(g, T))) <= 1e-12


def test_orientation_matters_and_the_check_would_see_it() -> None:
    """Swapping the sender/receiver role of the tables (the classic bug) is detected."""
    rng = np.random.default_rng(13)
    g = random_tree(7, rng, unary=True)
    transposed = from_edges(7, g.edges, [t.T for t in g.tables_array()], g.unary_array().tolist())
    wrong = transformer_marginals(transposed, g.diameter())
    assert np.max(np.abs(wrong - exact_marginals(g))) > 1e-3


def test_weights_are_the_generic_architecture() -> None:
    model = build_sum_product_transformer(3, 4)
    kinds = [type(b) for b in model.blocks]
    assert kinds == [MultiHeadAttention, FeedForward] * 4
    assert model.blocks[0] is model.blocks[2]                     # identical weights every round
    assert [b.activation for b in model.blocks if isinstance(b, FeedForward)] == ["softplus"] * 3 + ["sigmoid"]
    um = build_sum_product_transformer(2, 4, variant="unmasked", lam=7.0)
    assert len(um.blocks[0].heads) == 4 and all(h.lam == 7.0 and h.mask is None for h in um.blocks[0].heads)  # type: ignore[union-attr]
    assert um.mask_names() == set()


def test_masked_gather_is_exact_and_uses_weights_one_over_d() -> None:
    rng = np.random.default_rng(14)
    graphs = [random_graph(8, 12, rng), random_tree(9, rng), FactorGraph(2)]
    msgs = [rng.normal(0, 4, size=2 * len(g.factors)) for g in graphs]
    m = measure_gather(graphs, msgs, variant="masked")
    assert max(m.max_error) < 1e-13 and m.bound == [0.0, 0.0, 0.0]
    enc = encode_graphs(graphs[0])
    model = build_sum_product_transformer(1, enc.slots)
    weights = model.attention_weights(0, enc.x, enc.dense_masks())[0][0]
    nz = weights[weights > 0]
    assert np.allclose(nz, 1.0 / enc.slots) and np.allclose(weights.sum(axis=1), 1.0)
    assert all(int((row > 0).sum()) == enc.slots for row in weights)


@pytest.mark.parametrize("lam", [0.5, 1.0, 2.0, 4.0, 8.0, 16.0])
def test_unmasked_gather_error_is_within_the_proved_bound(lam: float) -> None:
    rng = np.random.default_rng(15)
    graphs = [random_graph(7, 10, rng), grid_graph(2, 4, rng), random_tree(9, rng)]
    msgs = [rng.normal(0, 3, size=2 * len(g.factors)) for g in graphs]
    m = measure_gather(graphs, msgs, variant="unmasked", lam=lam)
    for err, bound, R in zip(m.max_error, m.bound, m.value_range):
        assert err <= bound
        assert bound == pytest.approx(m.slots * unmasked_gather_error_bound(lam, m.keys, R))
    if lam <= 2:
        assert max(m.max_error) > 1e-3                           # the unmasked gather really is approximate


def test_unmasked_bound_formula() -> None:
    # n-dependent form for small n, n-free geometric form for large n
    lam = 2.0
    s_geo = 2 * math.exp(-lam) / (1 - math.exp(-3 * lam))
    for n in (1, 2, 3, 4, 100, 10_000):
        s = min((n - 1) * math.exp(-lam), s_geo)
        assert unmasked_gather_error_bound(lam, n, 2.0) == pytest.approx(2.0 * s / (1 + s))
    assert unmasked_gather_weight_bound(lam, 2) == pytest.approx(math.exp(-lam) / (1 + math.exp(-lam)))
    assert unmasked_gather_weight_bound(lam, 10_000) == pytest.approx(s_geo / (1 + s_geo))
    assert unmasked_gather_weight_bound(30.0, 100) < 1e-12
    # the bound is attained for two keys (the worst case of one neighbour at distance 1)
    v = np.array([0.0, 1.0])
    for lam in (0.3, 1.0, 3.0):
        w = np.exp(-lam * (0 - np.arange(2)) ** 2)
        w /= w.sum()
        assert abs(w @ v - v[0]) == pytest.approx(unmasked_gather_error_bound(lam, 2, 1.0))
    with pytest.raises(ValueError):
        unmasked_gather_weight_bound(0.0, 3)


def test_symbolic_identities_hold_for_sympy_and_fail_when_wrong() -> None:
    c = sp.Symbol("c", real=True)
    p00, p01, p10, p11 = sp.symbols("p00 p01 p10 p11", positive=True)
    direct = factor_message_logodds(c, p00, p01, p10, p11, exp=sp.exp, log=sp.log)
    soft = factor_message_softplus(c, p00, p01, p10, p11, exp=sp.exp, log=sp.log)
    # exp of both sides are equal rational functions of e^c: compare those
    lhs = sp.exp(sp.expand_log(direct, force=True))
    rhs = sp.exp(sp.expand_log(soft, force=True))
    assert sp.cancel(sp.together(sp.simplify(lhs) - sp.simplify(rhs))) == 0
    ratio = sum_product_message_ratio(1, sp.exp(c), p00, p01, p10, p11)
    assert sp.cancel(sp.together(sp.simplify(lhs) - ratio)) == 0
    # the transposed table is a different function: the identity must not hold
    wrong = sum_product_message_ratio(1, sp.exp(c), p00, p10, p01, p11)
    assert sp.cancel(sp.together(sp.simplify(lhs) - wrong)) != 0
    z = sp.Symbol("z", real=True)
    assert sp.simplify(sp.exp(softplus_linear_identity(z, exp=sp.exp, log=sp.log)) - sp.exp(z)) == 0
    v = sp.symbols("v0:4", real=True)
    gathered = masked_mean_gather(list(v), [True, False, True, True], 5, exp=sp.exp)
    assert sp.simplify(gathered - (v[0] + v[2] + v[3])) == 0
    assert sp.simplify(gathered - sum(v)) != 0
    # numeric spot check with math
    assert math.isclose(factor_message_logodds(0.3, 0.9, 0.1, 0.2, 0.7), factor_message_softplus(0.3, 0.9, 0.1, 0.2, 0.7))


# -- [C]'s §7 construction --------------------------------------------------------------------


def test_project_and_cross_project_definitions() -> None:
    c = cross_project(0, 4)
    assert c.shape == (PAPER_WIDTH, PAPER_WIDTH) and c[4, 0] == 1 and c.sum() == 1
    x = np.arange(8.0) + 1
    assert (c @ x)[4] == x[0]                                   # reads dim 0, writes dim 4
    model = paper_transformer(10.0)
    h0 = model.blocks[0].heads[0]  # type: ignore[union-attr]
    assert isinstance(h0, AttentionHead) and h0.lam == 10.0
    assert np.array_equal(h0.w_q, h0.w_k) and h0.w_q[1, 1] == 1 and h0.w_q.sum() == 1
    assert [type(b) for b in model.blocks] == [MultiHeadAttention, MultiHeadAttention, FeedForward]


@pytest.mark.parametrize("lam", [1.0, 10.0, 100.0])
def test_paper_heads_do_not_route_to_the_neighbour(lam: float) -> None:
    rng = np.random.default_rng(16)
    g = from_edges(4, [(0, 1), (1, 2), (2, 3)], [np.full((2, 2), 0.5)] * 3)
    state = paper_state(g).with_beliefs(rng.uniform(0.05, 0.95, size=7))
    pg = paper_gather(state, lam)
    assert pg.gathered.shape == (7, 2)
    assert np.allclose(pg.intended, state.beliefs[state.neighbours])
    assert pg.max_error > 0.05                                  # wrong routing for every lam tried
    # the score really is lam * nb(query) * nb(key): query nb0 = 4 peaks at the largest nb0 among keys
    w0 = pg.weights[0]
    nb0 = state.neighbours[:, 0].astype(float)
    logits = lam * np.outer(nb0, nb0)
    expect = np.exp(logits - logits.max(axis=1, keepdims=True))
    expect /= expect.sum(axis=1, keepdims=True)
    assert np.allclose(w0, expect)


def test_paper_construction_runs_end_to_end_and_stays_far_from_inference() -> None:
    fit = fit_update_belief_relu()
    assert 0 < fit.max_error < 0.05
    g = paper_counterexample()
    tr = paper_transformer_beliefs(g, 3, 10.0)
    assert paper_bp(g, 3) == [0.5, 0.5]
    assert np.max(np.abs(tr - exact_marginals(g))) > 1e-3
    x = encode_paper_state(paper_state(g))
    assert x.shape == (3, 8) and list(x[2, :4]) == [0.5, 0.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="K = 2"):
        paper_state(complete_graph(4, np.random.default_rng(0)))


def test_transformer_class_used_is_generic() -> None:
    # Constructions are instances of the one architecture, nothing else
    assert isinstance(build_sum_product_transformer(1, 2), Transformer)
    assert isinstance(paper_transformer(1.0), Transformer)
    assert LAYOUT["BELIEF"] == 0
