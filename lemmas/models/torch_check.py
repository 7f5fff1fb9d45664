"""The same weights on a standard implementation: torch.nn.MultiheadAttention and nn.Linear.

Why: a construction that only runs on our own numpy forward pass could owe its success to a
quirk of that code. Here every :class:`~lemmas.models.transformer.Transformer` block is mapped
onto stock PyTorch modules in float64 and the outputs are compared.

Mapping (exact in real arithmetic):

* an attention block with H heads becomes ``nn.MultiheadAttention(E, H, bias=False,
  batch_first=True)`` with E = H * hd, hd = max(d_k, d_v, ceil(d / H)). Tokens are zero-padded
  from width d to E. Head h's W_Q (scaled by lam * sqrt(hd), undoing torch's 1/sqrt(hd)), W_K and
  W_V fill rows h*hd.. of ``in_proj_weight`` (zero rows elsewhere: a zero query/key component
  adds 0 to the dot product, a zero value component is never read), and W_O fills the matching
  columns of ``out_proj.weight``. Masks go in as float ``attn_mask``: (N, N) when every head
  reads one shared 2-D mask, else (B*H, N, N) with one mask per (batch item, head), the layout
  torch expects (the masked construction's block has a gather head and a self head);
* an FFN becomes ``nn.Linear(d, h)`` -> activation -> ``nn.Linear(h, d)``. ``nn.Softplus`` uses
  ``threshold=40`` instead of torch's default 20: above the threshold torch returns x itself,
  and softplus(x) - x = log1p(e^-x) is 2e-9 at x = 20 but below one ulp past x = 40.

Entry points: :func:`torch_forward` (any model), :func:`run_with_torch` (the sum-product
construction through both implementations, optionally with the torch copy's weights altered:
the must-say-no tests) and :func:`compare_with_torch` (its differences).

torch is optional; it is imported only when these functions run.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .factor_graph import FactorGraph
from .transformer import AllowedKeys, FeedForward, MultiHeadAttention, Transformer

__all__ = ["torch_forward", "TorchRun", "run_with_torch", "TorchComparison", "compare_with_torch"]


def _require_torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("this check needs PyTorch: pip install '.[torch]' (torch==2.13.0)") from exc
    return torch


def _attention_module(torch: Any, block: MultiHeadAttention) -> tuple[Any, int]:
    H = len(block.heads)
    d = block.width
    hd = max(max(h.w_q.shape[0], h.w_v.shape[0]) for h in block.heads)
    hd = max(hd, math.ceil(d / H))
    E = H * hd
    mha = torch.nn.MultiheadAttention(E, H, bias=False, batch_first=True, dtype=torch.float64)
    wq = np.zeros((E, E))
    wk = np.zeros((E, E))
    wv = np.zeros((E, E))
    wo = np.zeros((E, E))
    for i, head in enumerate(block.heads):
        r = slice(i * hd, i * hd + head.w_q.shape[0])
        wq[r, :d] = head.w_q * (head.lam * math.sqrt(hd))
        wk[r, :d] = head.w_k
        rv = slice(i * hd, i * hd + head.w_v.shape[0])
        wv[rv, :d] = head.w_v
        wo[:d, rv] = head.w_o
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(np.concatenate([wq, wk, wv])))
        mha.out_proj.weight.copy_(torch.from_numpy(wo))
    mha.eval()
    return mha, E


def _ffn_module(torch: Any, block: FeedForward) -> Any:
    h, d = block.w1.shape
    lin1 = torch.nn.Linear(d, h, dtype=torch.float64)
    lin2 = torch.nn.Linear(h, d, dtype=torch.float64)
    with torch.no_grad():
        lin1.weight.copy_(torch.from_numpy(block.w1))
        lin1.bias.copy_(torch.from_numpy(block.b1))
        lin2.weight.copy_(torch.from_numpy(block.w2))
        lin2.bias.copy_(torch.from_numpy(block.b2))
    act = {"sigmoid": torch.nn.Sigmoid(), "relu": torch.nn.ReLU(),
           "softplus": torch.nn.Softplus(beta=1.0, threshold=40.0)}[block.activation]
    return torch.nn.Sequential(lin1, act, lin2).eval()


def _dense(mask: Any) -> np.ndarray:
    return mask.dense() if isinstance(mask, AllowedKeys) else np.asarray(mask, dtype=np.float64)


def _attn_mask(torch: Any, block: MultiHeadAttention, masks: Mapping[str, Any], B: int, N: int) -> Any:
    """One (N, N) mask shared by all heads, else torch's per-head layout (B*H, N, N), batch-major."""
    names = block.head_masks()
    if all(n is None for n in names):
        return None
    dense = {n: _dense(masks[n]) for n in set(names) if n is not None}
    if len(set(names)) == 1 and dense[names[0]].ndim == 2:  # type: ignore[index]
        return torch.from_numpy(dense[names[0]])  # type: ignore[index]
    per_head = [np.broadcast_to(dense[n] if n is not None else np.zeros((N, N)), (B, N, N)) for n in names]
    return torch.from_numpy(np.ascontiguousarray(np.stack(per_head, axis=1).reshape(B * len(names), N, N)))


def torch_forward(model: Transformer, x: np.ndarray, masks: Mapping[str, Any] | None = None) -> np.ndarray:
    """Run ``model`` on ``x`` ((N, d) or (B, N, d)) with stock torch modules in float64."""
    torch = _require_torch()
    arr = np.asarray(x, dtype=np.float64)
    squeeze = arr.ndim == 2
    if squeeze:
        arr = arr[None]
    B, N, d = arr.shape
    h = torch.from_numpy(arr.copy())
    masks = dict(masks or {})
    with torch.no_grad():
        for block in model.blocks:
            if isinstance(block, MultiHeadAttention):
                mha, E = _attention_module(torch, block)
                attn_mask = _attn_mask(torch, block, masks, B, N)
                padded = torch.nn.functional.pad(h, (0, E - d))
                out, _ = mha(padded, padded, padded, attn_mask=attn_mask, need_weights=False)
                h = h + out[..., :d]
            else:
                h = h + _ffn_module(torch, block)(h)
    res = h.numpy()
    return res[0] if squeeze else res


@dataclass(frozen=True)
class TorchRun:
    """One batch through numpy and torch: both final streams (B, N, d) and both read-outs."""

    numpy_stream: np.ndarray
    torch_stream: np.ndarray
    numpy_beliefs: list[np.ndarray]
    torch_beliefs: list[np.ndarray]
    torch_version: str


def run_with_torch(graphs: FactorGraph | Sequence[FactorGraph], rounds: int, *, variant: str = "masked",
                   lam: float | None = None, alter: Callable[[Transformer], Transformer] | None = None) -> TorchRun:
    """Encode ``graphs``, build the sum-product construction and run it through numpy and through
    torch. ``alter`` changes the model torch receives (numpy keeps the construction's own)."""
    torch = _require_torch()
    from .sum_product_transformer import DEFAULT_UNMASKED_LAM, build_sum_product_transformer, encode_graphs
    enc = encode_graphs(graphs, variant=variant)  # type: ignore[arg-type]
    model = build_sum_product_transformer(rounds, enc.slots, variant=variant,  # type: ignore[arg-type]
                                          lam=DEFAULT_UNMASKED_LAM if lam is None else lam)
    ours = np.asarray(model.forward(enc.x, enc.masks))
    theirs = torch_forward(alter(model) if alter is not None else model, enc.x, enc.masks)
    return TorchRun(ours, theirs, enc.beliefs(ours), enc.beliefs(theirs), str(torch.__version__))


@dataclass(frozen=True)
class TorchComparison:
    """numpy vs torch on the same weights and inputs."""

    numpy_beliefs: list[np.ndarray]
    torch_beliefs: list[np.ndarray]
    max_abs_diff_beliefs: float
    max_abs_diff_stream: float
    torch_version: str


def compare_with_torch(graphs: FactorGraph | Sequence[FactorGraph], rounds: int, *,
                       variant: str = "masked", lam: float | None = None) -> TorchComparison:
    """Run the sum-product construction through numpy and through torch; report the differences."""
    r = run_with_torch(graphs, rounds, variant=variant, lam=lam)
    diff_b = max(float(np.max(np.abs(p - q), initial=0.0))
                 for p, q in zip(r.numpy_beliefs, r.torch_beliefs, strict=True))
    diff_s = float(np.max(np.abs(r.numpy_stream - r.torch_stream)))
    return TorchComparison(r.numpy_beliefs, r.torch_beliefs, diff_b, diff_s, r.torch_version)
