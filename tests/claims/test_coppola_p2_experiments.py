"""coppola.experiments.table1 / table4: arithmetic, closed form, baseline, parameters, loopy BP re-run."""
from __future__ import annotations

import numpy as np
from conftest import probe_claim, run_claims, statuses, verdicts

from lemmas.coppola import experiments as m


def test_experiment_verdicts():
    result = run_claims(m)
    v = verdicts(result)
    assert v["coppola.experiments.table1"] == "witnessed"
    assert v["coppola.experiments.table1.closed_form"] == "proved"
    assert v["coppola.experiments.table1.parameters"] == "refuted"
    assert v["coppola.experiments.table1.learns_bp"] == "not-formal"
    assert v["coppola.experiments.table4"] == "witnessed"
    assert v["coppola.experiments.table4.beyond_regime"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    assert result.gate == "pass"


def test_parameter_count_formula():
    counts = m.encoder_parameter_count()
    assert counts["total"] == 26785
    assert m.shapes_parameter_count() == 26785


# -- must say no ---------------------------------------------------------------------------------

def test_wrong_closed_form_fails():
    def swapped(f):
        a, b = m.closed_form(f)
        return b, a
    res = run_claims([probe_claim(lambda: m.closed_form_exact(count=20, form=swapped), "exact", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_wrong_printed_max_error_fails():
    rows = list(m.TABLE1_ROWS)
    g, exact, tf, _ = rows[0]
    rows[0] = (g, exact, tf, "0.0031")
    res = run_claims([probe_claim(lambda: m.table1_rows(rows), "exact", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_baseline_far_from_monte_carlo_fails():
    res = run_claims([probe_claim(lambda: m.baseline_monte_carlo(samples=200_000, paper=0.125), "numeric", "supports")])
    assert statuses(res)["test.probe.case/ob"] == "failed"


def test_a_model_of_about_5000_parameters_is_not_refuted():
    small = dict(m.TABLE1_ARCH, d_model=16, feed_forward=32, layers=1, input=(8, 16),
                 readout=((16, 16), "relu", (16, 1)))
    assert 2500 <= m.encoder_parameter_count(small)["total"] <= 7500
    res = run_claims([probe_claim(lambda: m.parameter_counterexample(small), "exact", "refutes")])
    assert verdicts(res)["test.probe.case"] != "refuted"


def test_viability_recheck_rejects_an_accurate_instance():
    from lemmas.models import ising_graph, loopy_belief_propagation
    n, edges = m.ISING_GRAPHS["K5"]
    g = ising_graph(n, edges, np.random.default_rng(3), coupling_scale=0.5, field_scale=m.FIELD_SCALE)
    r = loopy_belief_propagation(g)
    assert r.converged
    ok, _ = m.viability_recheck(g, r.beliefs)
    assert not ok


def test_rational_enumeration_matches_models():
    from lemmas.models import exact_marginals, ising_graph
    n, edges = m.ISING_GRAPHS["K4"]
    g = ising_graph(n, edges, np.random.default_rng(4), coupling_scale=1.5, field_scale=0.5)
    assert np.allclose([float(x) for x in m.exact_marginals_rational(g)], exact_marginals(g), atol=1e-12)
