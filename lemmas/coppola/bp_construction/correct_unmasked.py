"""The unmasked variant's gather error bound (part of ``coppola.bp.construction.correct``).

The unmasked variant (index-matching scores −λ(q − k)², no masks) is exact only up to its gather
error: with n keys, value range R and q = e^−λ, at most R·(n−1)q/(1 + (n−1)q) per slot.

Main statements:

* :func:`unmasked_gather_invariant_holds_for_every_k` — 0 ≤ S_k ≤ k q and |N_k| ≤ R S_k over the
  recursive sums of the off-target weights and weighted deviations (an engine-built induction);
* :func:`unmasked_gather_error_within_bound` — the invariant gives the bound;
* :func:`unmasked_gather_error_within_bound_up_to_12_keys` — the bound for each n ≤ 12 directly (a
  cross-check); :func:`measured_unmasked_gather_error_within_bound` — measured float errors (a
  cross-check).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import z3

from lemmas.models import complete_graph, measure_gather, random_graph, random_tree
from verify import Family, Hypothesis, Implication, Induction, Witness, supports

HYPOTHESES = (
    Hypothesis("q_positive", "q = e^−λ > 0"),
    Hypothesis("R_nonnegative", "the value range R is ≥ 0"),
    Hypothesis("off_target_weight", "every off-target key's weight e relative to the target's weight 1 satisfies "
                                    "0 < e ≤ q (index-matching scores: e = e^−λ·(index gap)², gap ≥ 1)"),
    Hypothesis("value_range", "every off-target value differs from the target's by at most R: |d| ≤ R"),
    Hypothesis("invariant", "P(m): 0 ≤ S_m ≤ m q and |N_m| ≤ R S_m after the m = n − 1 off-target keys "
                            "(proved for every m by the induction)"),
)
"""The hypotheses of the unmasked gather bound."""

UNMASKED_LAMBDAS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0)
FLOAT_ALLOWANCE = 64 * 2.0 ** -53
"""Relative round-off allowance added to the real-arithmetic bound (64 ulps of the values' scale)."""


def _gather_invariant(k: Any, S: Any, N: Any, q: Any, R: Any) -> Any:
    """P(k): after k off-target keys, 0 ≤ S_k ≤ k q and |N_k| ≤ R S_k."""
    return z3.And(S >= 0, S <= k * q, z3.If(N >= 0, N, -N) <= R * S)  # noqa: SIM300


@supports("smt", timeout=120)
def unmasked_gather_invariant_holds_for_every_k() -> Induction:
    """Unmasked gather: 0 ≤ S_k ≤ k q and |N_k| ≤ R S_k after k off-target keys, every k
    (engine-built induction over S_{k+1} = S_k + e, N_{k+1} = N_k + e d).

    S_0 = N_0 = 0 (empty sums), S_{k+1} = S_k + e_{k+1}, N_{k+1} = N_k + e_{k+1} d_{k+1}, with
    0 < e ≤ q (e = e^{−λ d²} relative to the target's weight 1, q = e^{−λ}) and |d| ≤ R
    (d = v_u − v_t)."""
    k = z3.Int("k")
    q, R = z3.Reals("q R")
    S = z3.Function("S", z3.IntSort(), z3.RealSort())
    N = z3.Function("N", z3.IntSort(), z3.RealSort())
    e = z3.Function("e", z3.IntSort(), z3.RealSort())
    d = z3.Function("d", z3.IntSort(), z3.RealSort())
    return Induction(k, _gather_invariant(k, S(k), N(k), q, R),
                     base={"S_0": S(0) == 0, "N_0": N(0) == 0},
                     step={"S_k1": S(k + 1) == S(k) + e(k + 1), "N_k1": N(k + 1) == N(k) + e(k + 1) * d(k + 1)},
                     hypotheses={"q_positive": q > 0, "R_nonnegative": R >= 0,
                                 "off_target_weight": z3.And(e(k) > 0, e(k) <= q),
                                 "value_range": z3.And(d(k) <= R, -R <= d(k))},  # noqa: SIM300
                     label="P(k): 0 ≤ S_k ≤ k q and |N_k| ≤ R S_k, for every k ≥ 0")


@supports("smt", timeout=120)
def unmasked_gather_error_within_bound() -> Implication:
    """Unmasked gather: the invariant gives the error bound R·(n−1)q/(1+(n−1)q), q = e^−λ.

    P(m) ⇒ the bound on the error N_m/(1 + S_m), m = n − 1 off-target keys, stated with the
    denominators cleared — |N_m|(1 + m q) ≤ R m q (1 + S_m) together with 1 + S_m > 0 and
    1 + m q > 0 — and m q named Q: in this form cvc5 confirms z3's proof."""
    q, R = z3.Reals("q R")
    m = z3.Int("m")
    Sm, Nm, Q = z3.Reals("S_m N_m Q")
    err = z3.If(Nm >= 0, Nm, -Nm)
    # m ≥ 0 and q > 0 are not needed: 0 ≤ S_m ≤ m q already gives 1 + m q > 0
    return Implication({"R_nonnegative": R >= 0, "invariant": _gather_invariant(m, Sm, Nm, q, R)},
                       z3.And(1 + Sm > 0, 1 + Q > 0, err * (1 + Q) <= R * Q * (1 + Sm)),
                       definitions={"Q": Q == m * q},  # noqa: SIM300
                       label="P(m) ⇒ |N_m|/(1+S_m) ≤ R·m q/(1 + m q) (denominators cleared), m = n − 1")


@supports("smt", family=Family("n", range(2, 13)), cross_check=True, timeout=300)
def unmasked_gather_error_within_bound_up_to_12_keys(n: int) -> Implication:
    """The same bound for each n ≤ 12 keys directly."""
    e = [z3.Real(f"e_{u}") for u in range(n - 1)]
    d = [z3.Real(f"d_{u}") for u in range(n - 1)]
    q, R, S, N = z3.Reals("q R S_rest N")
    hyps = {"off_target_weight": z3.And([z3.And(x > 0, x <= q) for x in e]),     # (so q = e^−λ > 0)
            "value_range": z3.And([z3.And(x <= R, -R <= x) for x in d])}  # noqa: SIM300
    defs = {"S_rest": S == z3.Sum(e), "N": N == z3.Sum([x * y for x, y in zip(e, d, strict=True)])}  # noqa: SIM300
    concl = z3.And(1 + S > 0, 1 + (n - 1) * q > 0,
                   z3.If(N >= 0, N, -N) / (1 + S) <= R * (n - 1) * q / (1 + (n - 1) * q))
    return Implication(hyps, concl, definitions=defs, label=f"n={n}", analyse=(n == 3))


@supports("numeric", cross_check=True, timeout=120)
def measured_unmasked_gather_error_within_bound(lams: Sequence[float] = UNMASKED_LAMBDAS,
                                                shrink: float = 1.0) -> Witness:
    """Measured unmasked gather errors stay within the bound (plus float64 round-off) as λ grows.

    Per graph and λ: measured error ≤ D · (proved per-head bound) + float allowance. ``shrink`` < 1
    scales the bound down (used by a must-say-no test)."""
    rng = np.random.default_rng(7105)
    gs = [random_graph(6, 8, rng) for _ in range(4)] + [random_tree(9, rng) for _ in range(4)] + \
         [complete_graph(5, rng)]
    msgs = [rng.normal(0.0, 2.0, size=2 * len(g.factors)) for g in gs]
    obs, tol, rows = [], [], {}
    for lam in lams:
        m = measure_gather(gs, msgs, variant="unmasked", lam=lam)
        for b in range(len(gs)):
            scale = float(np.sum(np.abs(msgs[b]))) + 1.0
            obs.append(m.max_error[b])
            tol.append(shrink * m.bound[b] + FLOAT_ALLOWANCE * scale)
        ratios = [e / b for e, b in zip(m.max_error, m.bound, strict=True) if b > 0]
        rows[f"{lam:g}"] = {"max_error": max(m.max_error), "bound": max(m.bound),
                            "max_error_over_bound": float(max(ratios))}
    return Witness(np.array(obs), np.zeros(len(obs)), np.array(tol), instances=len(obs),
                   label="unmasked gather error vs slots·R·S/(1+S) bound, λ from 0.5 to 80",
                   detail={"per_lambda": rows, "bound": "D · R · min((n−1)e^−λ, 2e^−λ/(1−e^−3λ)) / (1 + same)",
                           "float_allowance": "64u · (Σ|h| + 1)"})
