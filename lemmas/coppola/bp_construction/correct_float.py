"""The construction run in float64, on numpy and on torch.nn (cross-checks of
``coppola.bp.construction.correct``; they never decide the verdict).

Main definitions: :func:`layers_vs_rounds`, :func:`random_trees`, :func:`loopy_graphs`,
:func:`perturb_gather_output` (a broken torch copy, for must-say-no tests).

Main statements (cross-checks, float64, ≤ 1e-12):

* :func:`layers_equal_rounds_on_trees_in_float64`, :func:`layers_equal_rounds_on_loopy_graphs_in_float64`
  — T layers = T rounds of sum-product;
* :func:`transformer_returns_tree_marginals_in_float64` — with T = diameter layers, the brute-force
  marginals on random trees;
* :func:`torch_modules_give_the_same_results` — the same weights through stock ``torch.nn``
  (:mod:`lemmas.models.torch_check`); needs torch, and without it every report lists it as skipped.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lemmas.models import (
    complete_graph,
    exact_marginals,
    grid_graph,
    ising_graph,
    random_graph,
    random_tree,
    sum_product_marginals,
    sum_product_messages,
    transformer_marginals,
    transformer_messages,
)
from lemmas.models.transformer import MultiHeadAttention
from verify import Witness, supports

TORCH_TOLERANCE = 1e-12
"""Largest |torch − reference| accepted: float64 round-off of a few dozen operations per entry."""


def _float_logodds(msgs: np.ndarray) -> np.ndarray:
    return np.log(msgs[:, 1]) - np.log(msgs[:, 0])


def layers_vs_rounds(graphs: Sequence[Any], rounds_for: Callable[[Any], Sequence[int]], label: str) -> Witness:
    """Transformer beliefs and message log-odds after T layers vs float sum-product after T rounds."""
    obs, exp, inst, worst = [], [], 0, {"beliefs": 0.0, "messages": 0.0}
    for g in graphs:
        for T in rounds_for(g):
            tb = transformer_marginals(g, T)
            sb = sum_product_marginals(g, T)
            obs.append(tb)
            exp.append(sb)
            worst["beliefs"] = max(worst["beliefs"], float(np.max(np.abs(tb - sb))))
            if g.factors and T:
                th = transformer_messages(g, T)
                sh = _float_logodds(sum_product_messages(g, T))
                obs.append(th)
                exp.append(sh)
                worst["messages"] = max(worst["messages"], float(np.max(np.abs(th - sh))))
            inst += 1
    return Witness(np.concatenate(obs), np.concatenate(exp), 1e-12, instances=inst, label=label,
                   detail={"max_error_beliefs": worst["beliefs"], "max_error_message_logodds": worst["messages"],
                           "graphs": len(graphs)})


def random_trees(count: int = 24, seed: int = 7102) -> list[Any]:
    rng = np.random.default_rng(seed)
    return [random_tree(int(rng.integers(2, 13)), rng, unary=bool(k % 2)) for k in range(count)]


def loopy_graphs(seed: int = 7103) -> list[Any]:
    rng = np.random.default_rng(seed)
    gs = []
    for k in range(10):
        n = int(rng.integers(3, 9))
        m = int(rng.integers(n, min(n * (n - 1) // 2, 2 * n) + 1))
        gs.append(random_graph(n, m, rng, unary=bool(k % 2)))
    gs += [complete_graph(4, rng, unary=True), complete_graph(5, rng), grid_graph(3, 3, rng, unary=True)]
    k5 = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    gs += [ising_graph(5, k5, rng, coupling_scale=s, field_scale=0.5) for s in (0.5, 1.5, 3.0)]
    return gs


@supports("numeric", cross_check=True, timeout=120)
def layers_equal_rounds_on_trees_in_float64() -> Witness:
    """float64: T layers = T rounds of sum-product, random trees, ≤ 1e-12."""
    return layers_vs_rounds(random_trees(), lambda g: sorted({1, g.diameter(), g.diameter() + 2}),
                            "transformer layers vs sum-product rounds, random trees (2-12 variables), "
                            "T ∈ {1, diam, diam+2}")


@supports("numeric", cross_check=True, timeout=120)
def layers_equal_rounds_on_loopy_graphs_in_float64() -> Witness:
    """float64: T layers = T rounds of sum-product, loopy graphs, ≤ 1e-12."""
    return layers_vs_rounds(loopy_graphs(), lambda g: (1, 5, 20),
                            "transformer layers vs sum-product rounds, loopy graphs "
                            "(random, K4, K5, 3×3 grid, Ising K5), T ∈ {1, 5, 20}")


@supports("numeric", cross_check=True, timeout=120)
def transformer_returns_tree_marginals_in_float64() -> Witness:
    """float64: on trees with T = diameter layers the transformer returns the brute-force marginals
    (≤ 1e-12)."""
    obs, exp = [], []
    gs = random_trees(seed=7104)
    for g in gs:
        obs.append(transformer_marginals(g, g.diameter()))
        exp.append(exact_marginals(g))
    return Witness(np.concatenate(obs), np.concatenate(exp), 1e-12, instances=len(gs),
                   label="transformer with T = diameter layers vs brute-force marginals, random trees")


@supports("numeric", cross_check=True, requires=("torch",), timeout=300)
def torch_modules_give_the_same_results(alter: Callable[[Any], Any] | None = None) -> Witness:
    """The same weights through stock torch.nn (MultiheadAttention, Linear, float64): read-out =
    brute-force marginals on trees, = sum-product on loopy graphs, final stream =
    Transformer.forward, all within 1e-12; skipped (and listed) when torch is not installed.

    On random trees T ≥ every tree's diameter; the stream is compared for the masked and unmasked
    variants. ``alter`` changes the model torch receives (the must-say-no tests perturb a weight).
    torch is imported here only (through :mod:`lemmas.models.torch_check`), so the module loads
    without it."""
    from lemmas.models.torch_check import run_with_torch
    trees, loopy = random_trees(count=12, seed=7109), loopy_graphs(seed=7110)
    T_trees, T_loopy = max(g.diameter() for g in trees), 5
    obs, exp, worst = [], [], {}
    runs = {"trees": run_with_torch(trees, T_trees, alter=alter),
            "loopy": run_with_torch(loopy, T_loopy, alter=alter),
            "unmasked": run_with_torch(loopy, 3, variant="unmasked", alter=alter)}
    refs = {"trees": [exact_marginals(g) for g in trees], "loopy": [sum_product_marginals(g, T_loopy) for g in loopy]}
    for name, ref in refs.items():
        got, want = np.concatenate(runs[name].torch_beliefs), np.concatenate(ref)
        obs.append(got)
        exp.append(want)
        worst[f"beliefs_{name}"] = float(np.max(np.abs(got - want)))
    for name, r in runs.items():
        obs.append(r.torch_stream.reshape(-1))
        exp.append(r.numpy_stream.reshape(-1))
        worst[f"stream_{name}"] = float(np.max(np.abs(r.torch_stream - r.numpy_stream)))
    return Witness(np.concatenate(obs), np.concatenate(exp), TORCH_TOLERANCE, instances=len(trees) + 2 * len(loopy),
                   label=f"torch.nn (float64) with the construction's weights: read-out = brute-force marginals on "
                         f"{len(trees)} random trees (T = {T_trees}), = sum-product on {len(loopy)} loopy graphs "
                         f"(T = {T_loopy}); final stream = Transformer.forward (masked and unmasked)",
                   detail={"max_error": worst, "torch": runs["trees"].torch_version})


def perturb_gather_output(eps: float) -> Callable[[Any], Any]:
    """A model transform for the must-say-no tests: every gather head's W_O scaled by 1 + eps."""

    def alter(model: Any) -> Any:
        blocks = []
        for block in model.blocks:
            if isinstance(block, MultiHeadAttention):
                heads = list(block.heads)
                heads[0] = dataclasses.replace(heads[0], w_o=heads[0].w_o * (1.0 + eps))
                block = dataclasses.replace(block, heads=tuple(heads))
            blocks.append(block)
        return dataclasses.replace(model, blocks=tuple(blocks))
    return alter
