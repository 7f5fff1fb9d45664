"""The generic transformer: attention formula, masks, all-masked rows, FFN activations, batching."""
from __future__ import annotations

import numpy as np
import pytest

from lemmas.models.transformer import (AllMaskedRowError, AllowedKeys, AttentionHead, FeedForward,
                                       MultiHeadAttention, Transformer, sigmoid, softplus)


def _reference_attention(x: np.ndarray, head: AttentionHead, mask: np.ndarray | None) -> np.ndarray:
    """A deliberately naive loop: out_t = W_O Σ_u softmax_u(lam q_t.k_u + M[t,u]) W_V x_u."""
    N = x.shape[0]
    out = np.zeros_like(x)
    for t in range(N):
        q = head.w_q @ x[t]
        s = np.array([head.lam * q @ (head.w_k @ x[u]) + (0.0 if mask is None else mask[t, u]) for u in range(N)])
        w = np.exp(s - s.max())
        w /= w.sum()
        out[t] = head.w_o @ sum(w[u] * (head.w_v @ x[u]) for u in range(N))
    return out


def _random_head(rng: np.random.Generator, d: int, dk: int = 3, dv: int = 2, lam: float = 1.7, mask=None) -> AttentionHead:
    return AttentionHead(rng.normal(size=(dk, d)), rng.normal(size=(dk, d)), rng.normal(size=(dv, d)),
                         rng.normal(size=(d, dv)), lam, mask=mask)


def test_attention_matches_the_formula_with_and_without_mask() -> None:
    rng = np.random.default_rng(0)
    d, N = 5, 6
    x = rng.normal(size=(N, d))
    h1, h2 = _random_head(rng, d), _random_head(rng, d, lam=0.3)
    mask = np.where(rng.random((N, N)) < 0.5, -np.inf, 0.0)
    np.fill_diagonal(mask, 0.0)
    model = Transformer((MultiHeadAttention((h1, h2), mask="m"),))
    expected = x + _reference_attention(x, h1, mask) + _reference_attention(x, h2, mask)
    assert np.max(np.abs(model.forward(x, {"m": mask}) - expected)) < 1e-12
    free = Transformer((MultiHeadAttention((h1,)),))
    assert np.max(np.abs(free.forward(x) - (x + _reference_attention(x, h1, None)))) < 1e-12


def test_sparse_and_dense_evaluation_are_the_same_function() -> None:
    rng = np.random.default_rng(1)
    d, N, B = 4, 40, 3
    x = rng.normal(size=(B, N, d))
    mask = np.full((B, N, N), -np.inf)
    for b in range(B):
        for t in range(N):
            mask[b, t, rng.choice(N, size=int(rng.integers(1, 5)), replace=False)] = rng.normal()
    head = _random_head(rng, d)
    zero_q = AttentionHead(np.zeros((1, d)), rng.normal(size=(1, d)), rng.normal(size=(2, d)), rng.normal(size=(d, 2)))
    blocks = (MultiHeadAttention((head, zero_q), mask="m"),)
    sparse = Transformer(blocks).forward(x, {"m": mask})
    dense = Transformer(blocks, sparse_masks=False).forward(x, {"m": mask})
    assert np.max(np.abs(sparse - dense)) < 1e-13
    # AllowedKeys is the same 0/-inf mask in compact form
    allowed = AllowedKeys(np.array([[t, (t + 1) % N, -1] for t in range(N)]), N)
    a = Transformer(blocks).forward(x, {"m": allowed})
    b = Transformer(blocks, sparse_masks=False).forward(x, {"m": allowed.dense()})
    assert np.max(np.abs(a - b)) < 1e-13


def test_all_masked_row_is_an_explicit_error() -> None:
    rng = np.random.default_rng(2)
    d, N = 3, 4
    head = _random_head(rng, d)
    model = Transformer((MultiHeadAttention((head,), mask="m", name="gather"),))
    mask = np.zeros((N, N))
    mask[2, :] = -np.inf
    with pytest.raises(AllMaskedRowError) as info:
        model.forward(rng.normal(size=(N, d)), {"m": mask})
    assert info.value.query == 2 and info.value.batch_index is None and "gather" in str(info.value)
    batch_mask = np.zeros((2, N, N))
    batch_mask[1, 3, :] = -np.inf
    with pytest.raises(AllMaskedRowError) as info:
        model.forward(rng.normal(size=(2, N, d)), {"m": batch_mask})
    assert (info.value.batch_index, info.value.query) == (1, 3)
    with pytest.raises(AllMaskedRowError):
        model.forward(rng.normal(size=(N, d)), {"m": AllowedKeys(np.array([[0], [1], [-1], [3]]), N)})


def test_mask_validation() -> None:
    rng = np.random.default_rng(3)
    model = Transformer((MultiHeadAttention((_random_head(rng, 3),), mask="m"),))
    x = rng.normal(size=(4, 3))
    with pytest.raises(ValueError, match="missing masks"):
        model.forward(x)
    with pytest.raises(ValueError, match="NaN"):
        model.forward(x, {"m": np.full((4, 4), np.nan)})
    with pytest.raises(ValueError, match="shape"):
        model.forward(x, {"m": np.zeros((3, 3))})
    with pytest.raises(ValueError, match="repeat"):
        AllowedKeys(np.array([[0, 0], [1, -1], [2, -1], [3, -1]]), 4)


def test_inverse_temperature_sharpens_towards_argmax() -> None:
    x = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 2.0]])
    def head(lam: float) -> AttentionHead:
        return AttentionHead(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]),
                             np.array([[0.0], [1.0]]), lam)
    soft = Transformer((MultiHeadAttention((head(0.0),)),)).forward(x)
    sharp = Transformer((MultiHeadAttention((head(50.0),)),)).forward(x)
    assert np.allclose(soft[:, 1] - x[:, 1], 1.0)             # lam = 0: plain mean of [0, 1, 2]
    assert np.allclose(sharp[:, 1] - x[:, 1], 2.0)            # large lam: the key with the largest score


def test_ffn_activations_and_residual() -> None:
    rng = np.random.default_rng(4)
    d, h = 4, 5
    x = rng.normal(size=(2, 3, d)) * 5
    for name, act in (("sigmoid", lambda z: 1 / (1 + np.exp(-z))), ("softplus", lambda z: np.log1p(np.exp(z))),
                      ("relu", lambda z: np.maximum(z, 0))):
        f = FeedForward(rng.normal(size=(h, d)), rng.normal(size=h), rng.normal(size=(d, h)), rng.normal(size=d), name)  # type: ignore[arg-type]
        out = Transformer((f,)).forward(x)
        expected = x + act(x @ f.w1.T + f.b1) @ f.w2.T + f.b2
        assert np.max(np.abs(out - expected)) < 1e-12
    with pytest.raises(ValueError, match="activation"):
        FeedForward(np.zeros((1, 2)), np.zeros(1), np.zeros((2, 1)), np.zeros(2), "tanh")  # type: ignore[arg-type]


def test_stable_activations_in_the_tails() -> None:
    z = np.array([-800.0, -40.0, 0.0, 40.0, 800.0])
    assert np.all(np.isfinite(softplus(z))) and softplus(z)[-1] == 800.0 and softplus(z)[0] == 0.0
    assert np.isclose(softplus(np.array([-40.0]))[0], np.exp(-40.0), rtol=1e-15)
    assert np.allclose(sigmoid(z), [0, 1 / (1 + np.exp(40)), 0.5, 1 / (1 + np.exp(-40)), 1], rtol=1e-15, atol=0)


def test_batch_equals_one_by_one_and_trace() -> None:
    rng = np.random.default_rng(5)
    d = 4
    model = Transformer((MultiHeadAttention((_random_head(rng, d),)),
                         FeedForward(rng.normal(size=(3, d)), np.zeros(3), rng.normal(size=(d, 3)), np.zeros(d), "relu")))
    x = rng.normal(size=(3, 5, d))
    batch = model.forward(x)
    for b in range(3):
        assert np.max(np.abs(batch[b] - model.forward(x[b]))) < 1e-13
    states = model.forward(x, trace=True)
    assert len(states) == 2 and np.array_equal(states[-1], batch)
    assert np.array_equal(model.forward(states[0], start=1), batch)


def test_shape_errors() -> None:
    rng = np.random.default_rng(6)
    with pytest.raises(ValueError):
        AttentionHead(np.zeros((2, 3)), np.zeros((1, 3)), np.zeros((1, 3)), np.zeros((3, 1)))
    with pytest.raises(ValueError):
        Transformer((MultiHeadAttention((_random_head(rng, 3),)), MultiHeadAttention((_random_head(rng, 4),))))
    with pytest.raises(ValueError, match="input must have shape"):
        Transformer((MultiHeadAttention((_random_head(rng, 3),)),)).forward(np.zeros((2, 4)))
