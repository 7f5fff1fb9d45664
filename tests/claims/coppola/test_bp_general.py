"""coppola.bp.general, .logodds_update: the same-term checks reject different trees; must-say-no cases."""
from __future__ import annotations

from fractions import Fraction
from functools import partial

import pytest
import sympy as sp
from claim_helpers import decide_one

from lemmas.coppola import bp_general
from verify import Family

layer_up_to_3_tokens = bp_general.layer_is_weighted_bp_round_up_to_3_tokens


def graph_without_residual(W, X):
    """A genuinely different 'BP': the update forgets the residual connection."""
    G = bp_general.implicit_factor_graph(W, X)

    def update(t, m):
        h = W["W_O"] * m
        return h + W["W_2"] * (W["W_1"] * h + W["b_1"]).applyfunc(bp_general.sigma) + W["b_2"]

    return {**G, "update": update}


def graph_with_rewritten_softmax(W, X):
    """The same values written differently: ψ_tu = 1/Σ_v exp(s_v − s_u). Equal, but not the same tree."""
    G = bp_general.implicit_factor_graph(W, X)
    n = len(X)
    s = {(t, u): W["lam"] * ((W["W_Q"] * X[t]).T * (W["W_K"] * X[u]))[0, 0] for t in range(n) for u in range(n)}
    psi = {(t, u): 1 / sp.Add(*[sp.exp(s[t, v] - s[t, u]) for v in range(n)]) for t in range(n) for u in range(n)}
    return {**G, "factor_weight": psi}


@pytest.mark.parametrize("graph", [graph_without_residual, graph_with_rewritten_softmax])
def test_a_different_tree_is_not_definitional(graph):
    verdict, ev = decide_one("symbolic", "definitional", partial(layer_up_to_3_tokens, graph=graph),
                             family=Family("tokens", (2,)))
    assert ev.status == "failed" and verdict != "tautological"


def test_the_fixed_size_instance_is_still_the_same_tree():
    # the explicit-matrix instance (a slow cross-check in runs) at two tokens
    verdict, ev = decide_one("symbolic", "definitional", layer_up_to_3_tokens, family=Family("tokens", (2,)))
    assert ev.status == "discharged" and verdict == "tautological"


def general_without_residual(W):
    """Every size: the update forgets the residual x_t."""
    G = bp_general.general_factor_graph(W)
    n, d, e, M, H = bp_general.SIZES

    def update(fresh, t, gathered, i):
        def stream(j):
            h, a = fresh("h"), fresh("a")
            return sp.Sum(sp.Sum(W["WO"][h, j, a] * gathered(h, a), (a, 1, e)), (h, 1, M))
        return bp_general._ffn_residual(fresh, W, stream, i)

    return {**G, "update": update}


def general_rewritten_softmax(W):
    """Every size: ψ_tu = 1/Σ_v exp(s_tv − s_tu): equal values, a different tree."""
    G = bp_general.general_factor_graph(W)
    n = bp_general.SIZES[0]

    def factor_weight(fresh, h, t, u):
        v = fresh("v")
        s_u = bp_general.general_score(fresh, W, h, t, u)
        return 1 / sp.Sum(sp.exp(bp_general.general_score(fresh, W, h, t, v) - s_u), (v, 1, n))

    return {**G, "factor_weight": factor_weight}


def general_message_from_the_receiver(W):
    """Every size: the message u → t carries W_V x_t instead of W_V x_u (a different BP)."""
    G = bp_general.general_factor_graph(W)
    t = sp.Symbol("t", integer=True, positive=True)
    d = bp_general.SIZES[1]
    X = W["X"]

    def message(fresh, h, u, a):
        return bp_general._linear(fresh, W["WV"], (h, a), lambda k: X[t, k], d)

    return {**G, "message": message}


@pytest.mark.parametrize("graph", [general_without_residual, general_rewritten_softmax,
                                   general_message_from_the_receiver])
def test_a_different_general_tree_is_not_definitional(graph):
    verdict, ev = decide_one("symbolic", "definitional",
                             lambda: bp_general.layer_is_weighted_bp_round_for_every_size(graph))
    assert ev.status == "failed" and verdict != "tautological"


def test_every_claim_explains_itself_and_names_its_reading():
    for c in bp_general.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_consistent_axioms_do_not_refute():
    # Without "non-constant", a = w = 0, c = b satisfies every equation: no refutation.
    verdict, ev = decide_one("smt", "refutes", partial(bp_general.log_odds_fit_forces_a_constant_unit, False))
    assert ev.status == "failed" and verdict != "refuted"


def test_a_true_log_odds_update_is_no_counterexample():
    ffn = {"kind": "logodds", "w": Fraction(7, 10), "b": Fraction(-3, 10)}
    verdict, ev = decide_one("symbolic", "refutes", partial(bp_general.random_ffn_is_no_log_odds_update, ffn))
    assert ev.status != "discharged" and verdict != "refuted"
