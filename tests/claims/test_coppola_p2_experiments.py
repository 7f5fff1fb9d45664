"""coppola.experiments.table1 / table4: arithmetic, closed form, baseline, parameters, loopy BP re-run."""
from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
from claim_helpers import obligation_result, probe_claim, run_claims, statuses, verdicts

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
    cex = obligation_result(result, "coppola.experiments.table4.beyond_regime", "ising.k5.exact").evidence.counterexample
    assert cex["lhs"] == [True, False] and cex["rhs"] == [True, True]   # converged, but not accurate
    goals = obligation_result(result, "coppola.experiments.table4", "rerun").evidence.data["goals"]
    assert [g["label"].split(":")[0] for g in goals] == ["part=1", "part=2", "part=3"]


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
    assert statuses(res)["test.probe.case/ob"] == "failed"
    assert verdicts(res)["test.probe.case"] != "refuted"


def test_weakly_coupled_ising_model_is_not_refuted():
    weak = {"graph": "K5", "a": Q(11, 10), "c": Q(5, 4)}
    res = run_claims([probe_claim(lambda: m.viability_exact(weak, trials=0), "exact", "refutes")])
    assert statuses(res)["test.probe.case/ob"] == "failed"
    assert verdicts(res)["test.probe.case"] != "refuted"


def test_exact_loopy_bp_matches_the_float_program():
    from lemmas.models import loopy_belief_propagation, loopy_belief_propagation_exact
    g = m.uniform_ising("K4", Q(3, 2), Q(5, 4))
    exact = loopy_belief_propagation_exact(g)
    fl = loopy_belief_propagation(g.to_float())
    assert exact.converged and fl.converged and exact.iterations == fl.iterations
    assert np.allclose([float(b) for b in exact.beliefs], fl.beliefs, atol=1e-12)
    capped = loopy_belief_propagation_exact(g, max_iter=1)
    assert capped.iterations == 1 and not capped.converged


def test_exact_marginals_of_the_refuting_instance_match_the_float_enumeration():
    from lemmas.models import exact_marginals, exact_marginals_fraction
    g = m.uniform_ising("K5", Q(8), Q(5, 4))
    assert np.allclose([float(x) for x in exact_marginals_fraction(g)], exact_marginals(g.to_float()), atol=1e-12)
