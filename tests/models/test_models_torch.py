"""The sum-product weights through stock torch.nn modules agree with the numpy transformer."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from lemmas.models.factor_graph import grid_graph, random_graph, random_tree  # noqa: E402
from lemmas.models.paper_construction import encode_paper_state, paper_state, paper_transformer  # noqa: E402
from lemmas.models.factor_graph import paper_counterexample  # noqa: E402
from lemmas.models.torch_check import compare_with_torch, torch_forward  # noqa: E402
from lemmas.models.transformer import AttentionHead, MultiHeadAttention, Transformer  # noqa: E402


@pytest.mark.parametrize("variant", ["masked", "unmasked"])
def test_torch_matches_numpy_to_round_off(variant: str) -> None:
    rng = np.random.default_rng(20)
    graphs = [random_tree(int(n), rng, unary=True) for n in (2, 5, 9, 13)] + [grid_graph(3, 3, rng, unary=True),
                                                                             random_graph(7, 10, rng)]
    result = compare_with_torch(graphs, 6, variant=variant)
    assert result.max_abs_diff_beliefs <= 1e-13
    assert result.max_abs_diff_stream <= 1e-12
    single = compare_with_torch(graphs[2], 4, variant=variant)
    assert single.max_abs_diff_beliefs <= 1e-13
    assert result.torch_version.startswith("2.")


def test_torch_forward_matches_generic_heads_and_detects_a_difference() -> None:
    rng = np.random.default_rng(21)
    d, N = 6, 7
    heads = tuple(AttentionHead(rng.normal(size=(2, d)), rng.normal(size=(2, d)), rng.normal(size=(3, d)),
                                rng.normal(size=(d, 3)), lam) for lam in (0.5, 2.0))
    mask = np.where(rng.random((2, N, N)) < 0.4, -np.inf, 0.0)
    for b in range(2):
        np.fill_diagonal(mask[b], 0.0)
    model = Transformer((MultiHeadAttention(heads, mask="m"),))
    x = rng.normal(size=(2, N, d))
    ours = model.forward(x, {"m": mask})
    assert np.max(np.abs(torch_forward(model, x, {"m": mask}) - ours)) < 1e-12
    # a different mask gives a different output: the comparison is not vacuous
    assert np.max(np.abs(torch_forward(model, x, {"m": np.zeros((N, N))}) - ours)) > 1e-3
    paper = paper_transformer(10.0)
    xp = encode_paper_state(paper_state(paper_counterexample()).with_beliefs([0.2, 0.7, 0.4]))
    assert np.max(np.abs(torch_forward(paper, xp) - paper.forward(xp))) < 1e-12
