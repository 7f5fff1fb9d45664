"""coppola.bp.general: tautological (definitional obligations), the content reading refuted; must-say-no cases."""
from __future__ import annotations

from functools import partial

import pytest
from conftest import decide_one, run_claims, statuses, verdicts

from lemmas.coppola import bp_general


@pytest.fixture(scope="module")
def result():
    return run_claims(bp_general)


def test_verdicts(result):
    v = verdicts(result)
    assert v["coppola.bp.general"] == "tautological"
    assert v["coppola.bp.general.logodds_update"] == "refuted"
    assert all(s == "discharged" for s in statuses(result).values())


def test_residuals_are_far_above_round_off(result):
    c = next(c for c in result.claims if c.claim.id == "coppola.bp.general.logodds_update")
    ob = next(o for o in c.obligations if o.obligation.id == "least_squares.numeric")
    fits = ob.evidence.counterexample["fits"]
    assert min(f["max_residual_logit_scale"] for f in fits) > 1e-3


def graph_without_residual(W, X):
    """A genuinely different 'BP': the update forgets the residual connection."""
    G = bp_general.implicit_factor_graph(W, X)

    def update(t, m):
        h = W["W_O"] * m
        return h + W["W_2"] * (W["W_1"] * h + W["b_1"]).applyfunc(bp_general._sigmoid_sym) + W["b_2"]

    return {**G, "update": update}


def test_different_computation_is_not_definitional():
    verdict, ev = decide_one("exact", "definitional", partial(bp_general.exact_same_tree, graph_without_residual))
    assert ev.status == "failed" and verdict != "tautological"


def test_different_computation_is_not_an_identity():
    # sympy keeps trying canonical forms of a non-zero difference: unknown or a time-out, never discharged.
    verdict, ev = decide_one("symbolic", "definitional", partial(bp_general.symbolic_same_value, graph_without_residual),
                          timeout=5)
    assert ev.status != "discharged" and verdict != "tautological"


def test_consistent_axioms_do_not_refute():
    # Without "non-constant", a = w = 0, c = b satisfies every equation: no refutation.
    verdict, ev = decide_one("smt", "refutes", partial(bp_general.forced_constant, False))
    assert ev.status == "failed" and verdict != "refuted"


def test_recheck_depends_on_the_non_constant_axiom():
    # The sympy re-check evaluates the same axioms on the exact solution family (a = w = 0, c = b):
    # only the non-constant axiom is contradicted, so without it the re-check must say no.
    ok, why = bp_general.forced_constant(True).recheck()
    assert ok and "non_constant_unit" in why
    ok, why = bp_general.forced_constant(False).recheck()
    assert not ok and "no contradiction" in why


def test_a_true_log_odds_update_is_no_counterexample():
    ffn = [{"kind": "logodds", "w": 0.7, "b": -0.3}]
    verdict, ev = decide_one("numeric", "refutes", partial(bp_general.least_squares_residual, ffn))
    assert ev.status == "error" and verdict != "refuted"
