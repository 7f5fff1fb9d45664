"""coppola.experiments.table4.beyond_regime: loopy BP on a uniform K5 Ising model, in exact arithmetic."""
from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
from claim_helpers import decide_one, obligation_result

from lemmas.coppola.experiments import table4_beyond_regime as m


def test_the_instance_converges_but_is_inaccurate(gate):
    ev = obligation_result(gate, "coppola.experiments.table4.beyond_regime",
                           "loopy_bp_is_inaccurate_on_a_uniform_k5_ising_model").evidence
    assert ev.counterexample["lhs"] == [True, False] and ev.counterexample["rhs"] == [True, True]


def test_weakly_coupled_ising_model_is_not_refuted():
    weak = {"graph": "K5", "a": Q(11, 10), "c": Q(5, 4)}
    verdict, ev = decide_one("exact", "refutes",
                             lambda: m.loopy_bp_is_inaccurate_on_a_uniform_k5_ising_model(weak, trials=0))
    assert ev.status == "failed" and verdict != "refuted"


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
