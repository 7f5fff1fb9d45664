"""The bands and Table 4 re-runs the experiment claims share."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from lemmas.coppola.experiments import quoted as qt
from lemmas.coppola.experiments import runs


def test_half_unit_is_the_rounding_of_the_last_printed_digit():
    assert runs.half_unit("0.000045") == Fraction(1, 2 * 10 ** 6) and runs.half_unit("8.5") == Fraction(1, 20)
    assert runs.half_unit("100/100") == Fraction(1, 2)


def test_batched_loopy_bp_is_the_reference_loopy_bp():
    from lemmas.models import exact_marginals, from_edges, loopy_belief_propagation
    s = runs.table4_setup()
    for name in runs.STRUCTURES:
        tables = np.stack([runs.coded_tables(name, np.random.default_rng(k), s["low"], s["high"]) for k in range(40)])
        n, edges = runs.num_variables(name), qt.TABLE4_EDGES[name]
        beliefs, iters, conv = runs.loopy_bp_batch(n, edges, tables, max_iter=s["max_iter"], tol=s["tol"])
        ex = runs.exact_marginals_batch(n, edges, tables)
        for k, t in enumerate(tables):
            g = from_edges(n, edges, list(t))
            r = loopy_belief_propagation(g, max_iter=s["max_iter"], tol=s["tol"])
            assert (r.iterations, r.converged) == (iters[k], conv[k])
            assert np.array_equal(r.beliefs, beliefs[k])
            assert np.allclose(exact_marginals(g), ex[k], rtol=0, atol=1e-14)
    # stopping early: a cap of 3 iterations leaves graphs unconverged, as in the reference
    tables = np.random.default_rng(1).uniform(0.1, 1, (5, 3, 2, 2))
    _, iters, conv = runs.loopy_bp_batch(3, qt.TABLE4_EDGES["triangle"], tables, max_iter=3, tol=1e-6)
    assert (iters == 3).all() and not conv.any()


def test_reference_and_batched_artifact_reruns_agree_on_one_structure():
    assert runs.code_rerun("dating", reference=True)["printed"] == runs.code_rerun("dating")["printed"]


def test_kl_is_the_loopy_repository_metric():
    def loopy_kl(p, q, eps=1e-10):   # the repository's formula, variable by variable
        total = 0.0
        for pi, qi in zip(p, q, strict=True):
            pd = np.array([1 - pi, pi]) + eps
            qd = np.array([1 - qi, qi]) + eps
            pd, qd = pd / pd.sum(), qd / qd.sum()
            total += np.sum(pd * np.log(pd / qd))
        return total / len(p)
    rng = np.random.default_rng(3)
    p, q = rng.uniform(0, 1, 5), rng.uniform(0, 1, 5)
    assert math.isclose(runs.bernoulli_kl(p, q), loopy_kl(p, q), rel_tol=1e-12)


def test_count_band():
    assert runs.count_band(2000, 2000, 100) == (95, 100)
    lo, hi = runs.count_band(1000, 2000, 100)
    assert 25 < lo < 50 < hi < 75
    none = runs.count_band(0, 2000, 100)
    assert none[0] == 0 and none[1] <= 5


def test_table4_graph_draws_a_structure():
    for name, edges in qt.TABLE4_EDGES.items():
        g = runs.table4_graph(name, np.random.default_rng(0))
        assert g.edges == edges and g.is_connected() and g.num_variables == runs.num_variables(name)
