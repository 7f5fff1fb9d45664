"""lemmas/yang/bayes/stack_layernorm.py: must-say-no cases of the LayerNorm readings."""
from __future__ import annotations

from functools import partial

import sympy as sp
from claim_helpers import decide_one

from lemmas.yang.bayes import stack_layernorm as ln
from verify import Identity


def test_layernorm_at_unit_spread_is_not_a_counterexample():
    # r = (0, 2): std = 1, so LN(r) = r − mean(r) and the softmax is unchanged.
    point = {ln._r0: sp.Integer(0), ln._r1: sp.Integer(2)}
    verdict, ev = decide_one("symbolic", "refutes", partial(ln.layernorm_changes_softmax_at_0_4, point))
    # lhs − rhs is 0 there, but not as a rational: its interval enclosure contains 0, so the
    # refutation is not confirmed (unknown), never a counterexample.
    assert ev.status in ("failed", "unknown") and not ev.confirmed and verdict != "refuted"


def test_layernorm_residual_at_a_non_stochastic_model_is_an_error():
    pi, L, xs = ln.LN_MODEL
    L = [list(r) for r in L]
    L[0][0] += 1  # row 0 no longer sums to 1: outside the claim's domain
    verdict, ev = decide_one("symbolic", "refutes", partial(ln.layernorm_changes_bayes_posterior, (pi, L, xs)))
    assert ev.status == "error" and "outside the declared domain" in ev.detail


def test_rescaling_is_not_shift_invariance():
    n = sp.Symbol("n", integer=True, positive=True)
    t, k, u = sp.symbols("t k u", integer=True, positive=True)
    r = sp.IndexedBase("r", real=True)
    lhs = sp.exp(r[t] / 2) / sp.Sum(sp.exp(r[k] / 2), (k, 1, n))
    rhs = sp.exp(r[t]) / sp.Sum(sp.exp(r[u]), (u, 1, n))
    verdict, ev = decide_one("symbolic", "supports", lambda: Identity(lhs, rhs))
    assert ev.status != "discharged"
