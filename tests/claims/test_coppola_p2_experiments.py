"""coppola.experiments.table1 / table4: rows, closed form, baseline, parameters, loopy BP re-runs."""
from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np
from claim_helpers import obligation_result, probe_claim, run_claims, statuses, verdicts

from lemmas.coppola import experiments as m
from lemmas.coppola import quoted as qt


def test_experiment_verdicts():
    result = run_claims(m)
    v = verdicts(result)
    assert v["coppola.experiments.table1"] == "witnessed"
    assert v["coppola.experiments.table1.closed_form"] == "proved"
    assert v["coppola.experiments.table1.parameters"] == "refuted"
    assert v["coppola.experiments.table1.learns_bp"] == "not-formal"
    assert v["coppola.experiments.table4"] == "witnessed"
    assert v["coppola.experiments.table4.artifact"] == "witnessed"
    assert v["coppola.experiments.table4.dating_row"] == "refuted"
    assert v["coppola.experiments.table4.beyond_regime"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())
    assert result.gate == "pass"
    ising = obligation_result(result, "coppola.experiments.table4.beyond_regime", "ising.k5.exact")
    cex = ising.evidence.counterexample
    assert cex["lhs"] == [True, False] and cex["rhs"] == [True, True]   # converged, but not accurate
    goals = obligation_result(result, "coppola.experiments.table4", "described.quotes").evidence.data["goals"]
    assert [g["label"].split(":")[0] for g in goals] == [f"structure={i}" for i in range(1, 6)]
    # the dating row's averages are refuted by the described setup, not merely by one of them
    dating = obligation_result(result, "coppola.experiments.table4.dating_row", "described.bands").evidence
    assert "avg_iterations" in str(dating.counterexample)


def test_every_explanation_is_two_or_three_sentences():
    for c in m.CLAIMS:
        assert c.explanation, c.id
        assert 2 <= c.explanation.count(". ") + 1 <= 3, c.id
        if c.reading != "as-stated":
            assert "reading" in c.where, c.id


def test_parameter_count_formula():
    counts = m.encoder_parameter_count()
    assert counts["total"] == 26785
    assert m.shapes_parameter_count() == 26785


def test_the_artifact_rerun_prints_table4():
    assert all(lhs == rhs for _, lhs, rhs in m.table4_code().cases)
    # the printed digits do not hang on the last bits of an average (distance to a rounding boundary)
    margins = [e["rounding_margin"] for e in m.table4_code().detail["quotes"].values() if "rounding_margin" in e]
    assert len(margins) == 10 and min(margins) > 0.01


def test_batched_loopy_bp_is_the_reference_loopy_bp():
    from lemmas.models import exact_marginals, from_edges, loopy_belief_propagation
    s = m.table4_setup()
    for name in m.STRUCTURES:
        tables = np.stack([m.coded_tables(name, np.random.default_rng(k), s["low"], s["high"]) for k in range(40)])
        n, edges = m.num_variables(name), qt.TABLE4_EDGES[name]
        beliefs, iters, conv = m.loopy_bp_batch(n, edges, tables, max_iter=s["max_iter"], tol=s["tol"])
        ex = m.exact_marginals_batch(n, edges, tables)
        for k, t in enumerate(tables):
            g = from_edges(n, edges, list(t))
            r = loopy_belief_propagation(g, max_iter=s["max_iter"], tol=s["tol"])
            assert (r.iterations, r.converged) == (iters[k], conv[k])
            assert np.array_equal(r.beliefs, beliefs[k])
            assert np.allclose(exact_marginals(g), ex[k], rtol=0, atol=1e-14)
    # stopping early: a cap of 3 iterations leaves graphs unconverged, as in the reference
    tables = np.random.default_rng(1).uniform(0.1, 1, (5, 3, 2, 2))
    _, iters, conv = m.loopy_bp_batch(3, qt.TABLE4_EDGES["triangle"], tables, max_iter=3, tol=1e-6)
    assert (iters == 3).all() and not conv.any()


def test_reference_and_batched_artifact_reruns_agree_on_one_structure():
    assert m.code_rerun("dating", reference=True)["printed"] == m.code_rerun("dating")["printed"]


def test_kl_is_the_loopy_repository_metric():
    def loopy_kl(p, q, eps=1e-10):   # the repository's formula, variable by variable
        total = 0.0
        for pi, qi in zip(p, q):
            pd = np.array([1 - pi, pi]) + eps
            qd = np.array([1 - qi, qi]) + eps
            pd, qd = pd / pd.sum(), qd / qd.sum()
            total += np.sum(pd * np.log(pd / qd))
        return total / len(p)
    rng = np.random.default_rng(3)
    p, q = rng.uniform(0, 1, 5), rng.uniform(0, 1, 5)
    assert math.isclose(m.bernoulli_kl(p, q), loopy_kl(p, q), rel_tol=1e-12)


def test_count_band():
    assert m.count_band(2000, 2000, 100) == (95, 100)
    lo, hi = m.count_band(1000, 2000, 100)
    assert 25 < lo < 50 < hi < 75
    assert m.count_band(0, 2000, 100) == (0, m.count_band(0, 2000, 100)[1]) and m.count_band(0, 2000, 100)[1] <= 5


def test_quoted_averages_sit_inside_their_bands_and_digits_are_listed():
    for i, name in enumerate(m.STRUCTURES, start=1):
        for key, e in m.described_quotes(i).detail["quotes"].items():
            assert e["band"][0] <= float(qt.value(key)) <= e["band"][1], key
            assert e["resolution"].startswith("changes > ")


# -- must say no ---------------------------------------------------------------------------------

def _fails(check, method="numeric"):
    res = run_claims([probe_claim(check, method, "supports")])
    return statuses(res)["test.probe.case/ob"] == "failed"


def test_wrong_closed_form_fails():
    def swapped(f):
        a, b = m.closed_form(f)
        return b, a
    assert _fails(lambda: m.closed_form_exact(count=20, form=swapped), "exact")


def test_wrong_printed_max_error_fails():
    assert _fails(lambda: m.table1_rows({"table1.graph0.max_error": "0.0031"}))
    assert _fails(lambda: m.table1_rows({"table1.graph0.max_error": "0.0023"}))
    # a row value that changes the max by more than the rounding
    assert _fails(lambda: m.table1_rows({"table1.graph4.exact_v0": "0.6469"}))
    # within rounding: not a failure
    assert not _fails(lambda: m.table1_rows({"table1.graph0.max_error": "0.0020"}))


def test_baseline_far_from_monte_carlo_fails():
    assert _fails(lambda: m.baseline_monte_carlo(samples=200_000, quotes={"table1.baseline_mae": "0.118206"}))
    assert not _fails(lambda: m.baseline_monte_carlo(samples=200_000))


def test_a_changed_table4_digit_fails_the_artifact_rerun():
    assert _fails(lambda: m.table4_code({"table4.triangle.avg_kl": "0.000046"}), "exact")
    assert _fails(lambda: m.table4_code({"table4.two_loops.avg_iterations": "10.3"}), "exact")
    assert _fails(lambda: m.table4_code({"table4.square.converged": "99/100"}), "exact")


def test_quotes_outside_their_sampling_bands_fail():
    assert _fails(lambda: m.described_quotes(1, {"table4.triangle.converged": "60/100"}))
    assert _fails(lambda: m.described_quotes(1, {"table4.triangle.avg_iterations": "9.5"}))
    assert _fails(lambda: m.described_quotes(4, {"table4.two_loops.avg_mae": "0.006111"}))
    assert _fails(lambda: m.described_quotes(5, {"table4.qbbn_chain.avg_kl": "0.002021"}))


def test_the_dating_row_is_not_refuted_when_it_is_what_the_described_setup_gives():
    run = m.described_rerun("dating")
    own = {qt.table4_key("dating", c): f"{run[c][run['converged']].mean():.{d}f}" for c, d in m.PRINT_FORMAT.items()}
    res = run_claims([probe_claim(lambda: m.dating_row_bands(own), "exact", "refutes")])
    assert statuses(res)["test.probe.case/ob"] == "failed"
    assert verdicts(res)["test.probe.case"] != "refuted"


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
