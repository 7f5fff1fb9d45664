"""One generic transformer architecture in numpy (float64).

Every construction in this package (the paper's §7 weights, the masked and the unmasked
sum-product weights) is an instance of this architecture plus per-token input features and
attention masks. Keeping a single architecture is what makes the witnesses meaningful: the
claims are about what *a transformer* computes, so no construction may smuggle in a special
purpose function.

Conventions (the same as torch.nn.Linear and as the Lean model of [C]: ``W[out][in]``):

* tokens are rows ``x`` of width ``d``; a batch is an array of shape (B, N, d) ((N, d) also works);
* an attention head has ``w_q, w_k`` of shape (d_k, d), ``w_v`` (d_v, d), ``w_o`` (d, d_v) and an
  inverse temperature ``lam``; with q = W_Q x_t, k = W_K x_u, v = W_V x_u its output for query t is
  ``W_O Σ_u softmax_u(lam q·k_u + M[t, u]) v_u`` where M is an additive mask (0 or -inf);
* a :class:`MultiHeadAttention` block adds the sum of its heads' outputs to the residual stream;
  a :class:`FeedForward` block adds ``W2 act(W1 x + b1) + b2``. Blocks run in order.

Masks are inputs, not weights: a head (or its block) names the mask it reads (``mask="gather"``)
and :meth:`Transformer.forward` takes a mapping from names to arrays of shape (N, N) or (B, N, N),
or to :class:`AllowedKeys`, the same 0/-inf mask listed by its allowed keys.
A query row whose keys are all masked has no softmax (0/0); it raises :class:`AllMaskedRowError`
instead of producing NaN.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping, Union

import numpy as np

__all__ = [
    "Activation", "ACTIVATIONS", "softplus", "sigmoid", "relu", "AllMaskedRowError",
    "AttentionHead", "MultiHeadAttention", "FeedForward", "Block", "Transformer", "softmax_rows",
    "AllowedKeys", "MaskInput",
]

Activation = Literal["sigmoid", "softplus", "relu"]


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow, full precision in both tails.

    (Same value as ``np.logaddexp(0, x)`` to round-off, about 1.5x faster, which matters because
    the witness evaluates it for every token of every layer.)
    """
    x = np.asarray(x, dtype=np.float64)
    tail = np.abs(x, out=np.empty_like(x))
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    np.log1p(tail, out=tail)
    tail += np.maximum(x, 0.0)
    return tail


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-x) without overflow warnings for large |x|."""
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


ACTIVATIONS = {"sigmoid": sigmoid, "softplus": softplus, "relu": relu}


class AllMaskedRowError(ValueError):
    """A query has every key masked, so its softmax is 0/0; names block, batch item and query."""

    def __init__(self, block: str, batch_index: int | None, query: int) -> None:
        where = f"query {query}" + (f" of batch item {batch_index}" if batch_index is not None else "")
        super().__init__(f"attention block {block!r}: {where} has every key masked (softmax would be 0/0)")
        self.block = block
        self.batch_index = batch_index
        self.query = query


def _matrix(a: np.ndarray, name: str) -> np.ndarray:
    m = np.asarray(a, dtype=np.float64)
    if m.ndim != 2:
        raise ValueError(f"{name} must be a matrix, got shape {m.shape}")
    if not np.all(np.isfinite(m)):
        raise ValueError(f"{name} has non-finite entries")
    return m


@dataclass(frozen=True, eq=False)
class AttentionHead:
    """One softmax attention head (see the module docstring for the formula).

    ``mask`` names the additive mask this head reads; ``None`` means the block's mask. Per-head
    masks are standard (torch's ``attn_mask`` accepts one mask per head) and let one block hold
    heads that look at different keys.
    """

    w_q: np.ndarray
    w_k: np.ndarray
    w_v: np.ndarray
    w_o: np.ndarray
    lam: float = 1.0
    mask: str | None = None

    def __post_init__(self) -> None:
        for name in ("w_q", "w_k", "w_v", "w_o"):
            object.__setattr__(self, name, _matrix(getattr(self, name), name))
        d = self.w_q.shape[1]
        if self.w_k.shape != self.w_q.shape:
            raise ValueError(f"w_k {self.w_k.shape} must match w_q {self.w_q.shape}")
        if self.w_v.shape[1] != d or self.w_o.shape != (d, self.w_v.shape[0]):
            raise ValueError(f"w_v must be (d_v, {d}) and w_o ({d}, d_v); got {self.w_v.shape}, {self.w_o.shape}")
        if not np.isfinite(self.lam):
            raise ValueError("lam must be finite")
        object.__setattr__(self, "lam", float(self.lam))
        # With W_Q = 0 or W_K = 0 every score is exactly 0 (0 * finite = 0 in IEEE arithmetic too),
        # which lets the evaluation skip the q.k products without changing a single bit.
        object.__setattr__(self, "_zero_scores", not (self.w_q.any() and self.w_k.any()))
        object.__setattr__(self, "_w_qkv", np.concatenate([self.w_q, self.w_k, self.w_v]))
        # Residual dimensions this head can change (W_O rows that are not zero); the others get
        # + 0, which the forward pass skips.
        object.__setattr__(self, "_out_cols", np.flatnonzero(self.w_o.any(axis=1)))

    @property
    def width(self) -> int:
        return int(self.w_q.shape[1])


@dataclass(frozen=True, eq=False)
class MultiHeadAttention:
    """Heads run in parallel on the same input; their outputs are summed into the residual.

    ``mask`` is the default mask name of heads that do not name their own.
    """

    heads: tuple[AttentionHead, ...]
    mask: str | None = None
    name: str = "attention"

    def __post_init__(self) -> None:
        object.__setattr__(self, "heads", tuple(self.heads))
        if not self.heads:
            raise ValueError("an attention block needs at least one head")
        widths = {h.width for h in self.heads}
        if len(widths) != 1:
            raise ValueError(f"heads disagree on the token width: {sorted(widths)}")

    @property
    def width(self) -> int:
        return self.heads[0].width

    def head_masks(self) -> list[str | None]:
        return [h.mask if h.mask is not None else self.mask for h in self.heads]


@dataclass(frozen=True, eq=False)
class FeedForward:
    """Position-wise ``x + W2 act(W1 x + b1) + b2``."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    activation: Activation
    name: str = "ffn"

    def __post_init__(self) -> None:
        w1 = _matrix(self.w1, "w1")
        w2 = _matrix(self.w2, "w2")
        b1 = np.asarray(self.b1, dtype=np.float64).reshape(-1)
        b2 = np.asarray(self.b2, dtype=np.float64).reshape(-1)
        h, d = w1.shape
        if b1.shape != (h,) or w2.shape != (d, h) or b2.shape != (d,):
            raise ValueError(f"FFN shapes: w1 {w1.shape}, b1 {b1.shape}, w2 {w2.shape}, b2 {b2.shape}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {self.activation!r}")
        for name, v in (("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)):
            object.__setattr__(self, name, v)
        if not (np.all(np.isfinite(b1)) and np.all(np.isfinite(b2))):
            raise ValueError("FFN biases must be finite")
        object.__setattr__(self, "_out_cols", np.flatnonzero(w2.any(axis=1) | (b2 != 0)))

    @property
    def width(self) -> int:
        return int(self.w1.shape[1])

    def hidden(self, x: np.ndarray) -> np.ndarray:
        pre = _matmul(x, self.w1.T)
        if self.b1.any():
            pre += self.b1
        return ACTIVATIONS[self.activation](pre)

    def delta(self, x: np.ndarray) -> np.ndarray:
        out = self.hidden(x) @ self.w2.T
        if self.b2.any():
            out += self.b2
        return out

    def _add_to(self, h: np.ndarray) -> None:
        """h += delta(h), touching only the dimensions the FFN can change."""
        cols = self._out_cols  # type: ignore[attr-defined]
        if cols.size == 0:
            return
        out = _matmul(self.hidden(h), self.w2[cols].T)
        if self.b2.any():
            out += self.b2[cols]
        _add_columns(h, cols, out)


Block = Union[MultiHeadAttention, FeedForward]


def _matmul(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """x @ w over the last axis as one 2-D product (numpy would loop over a leading batch axis)."""
    return (x.reshape(-1, x.shape[-1]) @ w).reshape(x.shape[:-1] + (w.shape[1],))


def _add_columns(h: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
    """h[..., cols] += values, through a slice when the columns are contiguous (no copy-back)."""
    if cols.size and cols[-1] - cols[0] + 1 == cols.size:
        h[..., int(cols[0]):int(cols[-1]) + 1] += values
    else:
        h[..., cols] += values


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    """Row softmax with max-shift; rows must contain at least one finite entry."""
    m = scores.max(axis=-1, keepdims=True)
    e = np.exp(scores - m)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class _SparseMask:
    """The allowed keys of a mask.

    ``flat[b, q, j]`` is the row (in the (B*N, .) flattened stream) of the j-th allowed key of
    query q in batch item b, and ``add[b, q, j]`` the mask value there (-inf in the padding
    slots of rows with fewer allowed keys, so they get weight 0).
    """

    flat: np.ndarray
    add: np.ndarray
    #: True when every finite mask value is 0 (a pure 0/-inf mask): then equal scores give
    #: exactly uniform weights over the allowed keys, see Transformer._sparse_head.
    binary: bool = False
    #: Number of allowed keys per query, (B, N, 1); only filled for binary masks.
    counts: np.ndarray | None = None
    #: True when no slot is padding (every query has exactly k allowed keys).
    full: bool = False


def _sparse_mask(flat: np.ndarray, add: np.ndarray) -> _SparseMask:
    finite = np.isfinite(add)
    binary = bool((add[finite] == 0).all())
    counts = finite.sum(axis=-1, keepdims=True).astype(np.float64) if binary else None
    return _SparseMask(flat, add, binary, counts, bool(finite.all()))


#: Evaluate a mask on its allowed keys only when no query allows more than this fraction of keys.
SPARSE_FRACTION = 0.25


def _sparse_form(m: np.ndarray, batch: int) -> _SparseMask | None:
    n = m.shape[-1]
    finite = np.isfinite(m)
    counts = finite.sum(axis=-1)
    k = int(counts.max())
    if k > SPARSE_FRACTION * n:
        return None
    if int(counts.min()) == k:
        # Same count in every row: nonzero() lists the allowed keys row by row, in key order.
        order = np.nonzero(finite)[-1].reshape(m.shape[:-1] + (k,))
    else:
        order = np.argsort(~finite, axis=-1, kind="stable")[..., :k]
    add = np.take_along_axis(m, order, axis=-1)
    if m.ndim == 2:
        order = np.broadcast_to(order, (batch, n, k))
        add = np.broadcast_to(add, (batch, n, k))
    flat = order + (np.arange(batch) * n)[:, None, None]
    return _sparse_mask(flat, add)


def _check_mask(name: str, block: str, mask: np.ndarray, batch: int, n: int) -> np.ndarray:
    m = np.asarray(mask, dtype=np.float64)
    if m.shape not in ((n, n), (batch, n, n)):
        raise ValueError(f"mask {name!r} for block {block!r} must have shape ({n}, {n}) or ({batch}, {n}, {n}), got {m.shape}")
    finite = np.isfinite(m)
    if not (finite | np.isneginf(m)).all():
        raise ValueError(f"mask {name!r} has NaN or +inf entries (only finite values and -inf are allowed)")
    dead = ~finite.any(axis=-1)
    if dead.any():
        idx = np.argwhere(dead)[0]
        if m.ndim == 2:
            raise AllMaskedRowError(block, None, int(idx[0]))
        raise AllMaskedRowError(block, int(idx[0]), int(idx[1]))
    return m


@dataclass(frozen=True, eq=False)
class AllowedKeys:
    """A 0/-inf additive mask given by its allowed keys (an exact, compact form of the same mask).

    ``index`` has shape (N, k) or (B, N, k): row q lists the keys query q may attend to, -1
    filling unused slots; every other key is masked (-inf). Duplicates are refused because the
    dense mask cannot express "allowed twice". :meth:`dense` gives the (.., N, N) array.
    """

    index: np.ndarray
    num_keys: int
    #: Skip the checks below; only for index arrays built by code that guarantees them.
    trusted: bool = False

    def __post_init__(self) -> None:
        if self.trusted:
            return
        idx = np.asarray(self.index)
        if idx.ndim not in (2, 3) or not np.issubdtype(idx.dtype, np.integer):
            raise ValueError("AllowedKeys.index must be an integer array of shape (N, k) or (B, N, k)")
        if idx.shape[-2] != self.num_keys:
            raise ValueError(f"AllowedKeys has {idx.shape[-2]} query rows but num_keys={self.num_keys}")
        if (idx >= self.num_keys).any() or (idx < -1).any():
            raise ValueError("AllowedKeys.index entries must be -1 or key positions 0..N-1")
        srt = np.sort(idx, axis=-1)
        if ((srt[..., 1:] == srt[..., :-1]) & (srt[..., 1:] >= 0)).any():
            raise ValueError("AllowedKeys rows must not repeat a key")
        object.__setattr__(self, "index", idx.astype(np.intp, copy=False))

    def dense(self) -> np.ndarray:
        idx = self.index
        lead = idx.shape[:-2]
        out = np.full(lead + (self.num_keys, self.num_keys), -np.inf)
        pos = np.nonzero(idx >= 0)
        out[pos[:-1] + (idx[pos],)] = 0.0
        return out


MaskInput = Union[np.ndarray, AllowedKeys]


def _prepare_mask(name: str, block: str, mask: MaskInput, batch: int, n: int, sparse: bool
                  ) -> tuple[np.ndarray | None, _SparseMask | None]:
    """(dense mask, sparse form) — exactly one is used by the heads reading this mask."""
    if isinstance(mask, AllowedKeys):
        idx = mask.index
        if mask.num_keys != n or (idx.ndim == 3 and idx.shape[0] != batch):
            raise ValueError(f"mask {name!r} for block {block!r} does not match {batch} x {n} tokens")
        dead = (idx < 0).all(axis=-1)
        if dead.any():
            where = np.argwhere(dead)[0]
            raise AllMaskedRowError(block, None if idx.ndim == 2 else int(where[0]), int(where[-1]))
        if not sparse:
            return mask.dense(), None
        if idx.ndim == 2:
            idx = np.broadcast_to(idx, (batch,) + idx.shape)
        valid = idx >= 0
        flat = np.where(valid, idx, 0) + (np.arange(batch) * n)[:, None, None]
        return None, _sparse_mask(flat, np.where(valid, 0.0, -np.inf))
    m = _check_mask(name, block, mask, batch, n)
    return m, (_sparse_form(m, batch) if sparse else None)


@dataclass(frozen=True, eq=False)
class Transformer:
    """A stack of blocks applied with residual connections (see the module docstring).

    ``sparse_masks``: evaluate a head whose mask allows few keys per query on those keys only
    (:meth:`_sparse_head`) — the same function as the dense formula, much cheaper for the
    sum-product masks, where each query sees at most max-degree keys.
    """

    blocks: tuple[Block, ...]
    width: int = field(default=0)
    sparse_masks: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", tuple(self.blocks))
        if not self.blocks:
            raise ValueError("a transformer needs at least one block")
        widths = {b.width for b in self.blocks}
        if len(widths) != 1:
            raise ValueError(f"blocks disagree on the token width: {sorted(widths)}")
        w = widths.pop()
        if self.width and self.width != w:
            raise ValueError(f"width {self.width} does not match the blocks' width {w}")
        object.__setattr__(self, "width", w)

    def mask_names(self) -> set[str]:
        return {m for b in self.blocks if isinstance(b, MultiHeadAttention) for m in b.head_masks() if m}

    def forward(self, x: np.ndarray, masks: Mapping[str, MaskInput] | None = None, *,
                start: int = 0, stop: int | None = None, trace: bool = False
                ) -> np.ndarray | list[np.ndarray]:
        """Run blocks ``start..stop-1`` on ``x`` ((N, d) or (B, N, d)).

        Returns the final residual stream, or with ``trace=True`` the list of streams after each
        block run (so ``trace[k]`` is the state after block ``start + k``).
        """
        arr = np.asarray(x, dtype=np.float64)
        squeeze = arr.ndim == 2
        if squeeze:
            arr = arr[None]
        if arr.ndim != 3 or arr.shape[-1] != self.width:
            raise ValueError(f"input must have shape (N, {self.width}) or (B, N, {self.width}), got {np.shape(x)}")
        B, N, _ = arr.shape
        given = dict(masks or {})
        missing = self.mask_names() - set(given)
        if missing:
            raise ValueError(f"missing masks: {sorted(missing)}")
        prepared: dict[str, tuple[np.ndarray | None, _SparseMask | None]] = {}
        states = []
        h = arr.copy()          # the residual stream, updated in place
        for block in self.blocks[start:stop]:
            if isinstance(block, MultiHeadAttention):
                # every head reads the block's input: compute all outputs before adding any
                updates = []
                for head, name in zip(block.heads, block.head_masks()):
                    if name is None:
                        updates.append((head, self._dense_head(head, h, None)))
                        continue
                    if name not in prepared:
                        prepared[name] = _prepare_mask(name, block.name, given[name], B, N, self.sparse_masks)
                    m, sm = prepared[name]
                    updates.append((head, self._dense_head(head, h, m) if sm is None else self._sparse_head(head, h, sm)))
                for head, gathered in updates:
                    cols = head._out_cols  # type: ignore[attr-defined]
                    _add_columns(h, cols, _matmul(gathered, head.w_o[cols].T))
            else:
                block._add_to(h)
            if trace:
                states.append((h[0] if squeeze else h).copy())
        if trace:
            return states
        return h[0] if squeeze else h

    @staticmethod
    def _dense_head(head: AttentionHead, h: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        """Σ_u softmax_u(lam q.k_u + M) v_u for every query, shape (B, N, d_v) (W_O applied by the caller)."""
        q = h @ head.w_q.T
        k = h @ head.w_k.T
        v = h @ head.w_v.T
        scores = head.lam * (q @ np.swapaxes(k, -1, -2))
        if mask is not None:
            scores += mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        # Normalise after the value product: (Σ e_u v_u) / Σ e_u is the same weighted mean and
        # touches (B, N, d_v) entries instead of (B, N, N).
        return (scores @ v) / scores.sum(axis=-1, keepdims=True)

    @staticmethod
    def _sparse_head(head: AttentionHead, h: np.ndarray, sm: _SparseMask) -> np.ndarray:
        """A head evaluated on each query's allowed keys only; returns (B, N, d_v) like _dense_head.

        A masked key has score -inf, so its softmax weight e^{-inf - max} is exactly 0 (also in
        IEEE arithmetic) and it adds nothing to the weighted sum: summing over the allowed keys
        alone is the same function as the dense formula, at O(N k) instead of O(N^2) cost for k
        allowed keys per query. Only the order of floating-point additions can differ.
        """
        B, N, d = h.shape
        dk = head.w_q.shape[0]
        if head._zero_scores:                                       # type: ignore[attr-defined]
            v = np.take(h.reshape(B * N, d) @ head.w_v.T, sm.flat, axis=0)       # (B, N, k, d_v)
            if sm.binary:
                # All scores are exactly 0 and the mask is 0/-inf, so the generic steps compute
                # weights e^0 = 1 on allowed keys and e^-inf = 0 elsewhere, then divide by their
                # count: the same bits as this direct mean.
                if not sm.full:
                    v = v * np.isfinite(sm.add)[..., None]
                gathered = v.sum(axis=-2)
                if v.shape[-2] > 1:
                    gathered /= sm.counts
                return gathered
            scores = sm.add.copy()
        else:
            qkv = h.reshape(B * N, d) @ head._w_qkv.T                # type: ignore[attr-defined]
            q = qkv[:, :dk].reshape(B, N, dk)
            k = np.take(qkv[:, dk:2 * dk], sm.flat, axis=0)          # (B, N, k, d_k)
            v = np.take(qkv[:, 2 * dk:], sm.flat, axis=0)            # (B, N, k, d_v)
            scores = np.einsum("bnd,bnkd->bnk", q, k)
            if head.lam != 1.0:
                scores *= head.lam
            scores += sm.add
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        gathered = np.einsum("bnk,bnkv->bnv", scores, v)
        gathered /= scores.sum(axis=-1, keepdims=True)
        return gathered

    def attention_weights(self, block_index: int, x: np.ndarray,
                          masks: Mapping[str, MaskInput] | None = None) -> list[np.ndarray]:
        """Softmax weights of every head of attention block ``block_index`` on input ``x``.

        ``x`` is the residual stream entering that block. For inspection (routing analyses).
        """
        block = self.blocks[block_index]
        if not isinstance(block, MultiHeadAttention):
            raise ValueError(f"block {block_index} is not an attention block")
        arr = np.asarray(x, dtype=np.float64)
        squeeze = arr.ndim == 2
        if squeeze:
            arr = arr[None]
        out = []
        for head, name in zip(block.heads, block.head_masks()):
            s = head.lam * ((arr @ head.w_q.T) @ np.swapaxes(arr @ head.w_k.T, -1, -2))
            if name is not None:
                given = (masks or {})[name]
                dense = given.dense() if isinstance(given, AllowedKeys) else given
                s = s + _check_mask(name, block.name, dense, arr.shape[0], arr.shape[1])
            w = softmax_rows(s)
            out.append(w[0] if squeeze else w)
        return out
