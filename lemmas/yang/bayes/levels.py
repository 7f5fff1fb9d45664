"""The core theorem at the paper's three levels (Yang, abstract: "at semantic, block and stack
level"): U = D∘F with F the network's feature map, one transformer block, or a stack of them.

Each level is decided by the goal builders of :mod:`lemmas.yang.bayes.joint_implies_posterior`
with the architecture uninterpreted, so nothing about it enters the proof and each level is
tautological like the parent; cross-checks use concrete networks with random fixed weights
(:class:`lemmas.models.transformer.Transformer`). The project's own stack theorems are
``.stack.composition`` in :mod:`lemmas.yang.bayes.stack_composition`.

Main definitions:

- :func:`residual_block`, :func:`uninterpreted_stack_entry`: residual blocks of uninterpreted
  attention and MLP sublayers, written out to any depth;
- :func:`transformer_block_features`, :func:`block_kernel_rows`: a concrete block or stack and its
  exact softmax readout.

Main statements:

- ``yang.bayes.joint_implies_posterior.semantic`` (as-stated, tautological):
  :func:`bayes_joint_implies_posterior_at_semantic_level`; cross-check
  :func:`bayes_joint_implies_posterior_at_semantic_level_up_to_4x4`.
- ``.block`` (as-stated, tautological): :func:`bayes_joint_implies_posterior_at_block_level`;
  cross-check :func:`bayes_joint_implies_posterior_for_a_concrete_block_up_to_6x6`.
- ``.stack`` (as-stated, tautological; the one verdict of the paper's stack statement):
  :func:`bayes_joint_implies_posterior_at_stack_level` (every depth); cross-checks
  :func:`bayes_joint_implies_posterior_for_written_out_stacks_up_to_depth_4` and
  :func:`bayes_joint_implies_posterior_for_a_concrete_stack_up_to_3x2`.
"""
from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import z3

from verify import Claim, Family, Implication, supports

from .. import PAPER
from .encoding import rational, tn_family
from .joint_implies_posterior import BJ_FAMILY_USES, BJ_HYPOTHESES, GENERIC_USES, generic_entry, posterior_family_goal

SEMANTIC_MAX_T, SEMANTIC_MAX_N = 4, 4
BLOCK_MAX_T, BLOCK_MAX_N = 6, 6
STACK_MAX_T, STACK_MAX_N = 3, 2
"""Sizes of the bounded U = D∘F families (semantic, block and stack level)."""

STACK_DEPTHS = range(1, 5)
"""Depths of the written-out stacks of uninterpreted residual blocks (a cross-check)."""

FEATURES = 2
"""Width of the feature space of the uninterpreted architectures."""

BLOCK_WIDTH = 4
BLOCK_SEED = 20260
STACK_DEPTH = 2
"""Blocks of the concrete stack of the stack-level family."""


# ------------------------------------------------------------------------------- uninterpreted architectures
# A state is FEATURES reals; a sublayer is FEATURES uninterpreted functions ℝ^FEATURES → ℝ (any
# weights, any attention over a fixed context, any MLP), so a proof about them holds for every choice.

def semantic_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    """U = D∘F: F an arbitrary map X → ℝ² (uninterpreted), D arbitrary maps ℝ² → ℝ (one per t)."""
    F = [z3.Function(f"F{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    D = [z3.Function(f"D{t}", *([z3.RealSort()] * FEATURES), z3.RealSort()) for t in range(T)]
    U = [[D[t](*[f(z3.IntVal(x)) for f in F]) for t in range(T)] for x in range(N)]
    return U, "U = D∘F, F: X → ℝ² and D: ℝ² → ℝ^T uninterpreted"


def _sublayer(name: str) -> Callable[[list[Any]], list[Any]]:
    fs = [z3.Function(f"{name}{i}", *([z3.RealSort()] * FEATURES), z3.RealSort()) for i in range(FEATURES)]
    return lambda h: [f(*h) for f in fs]


def residual_block(h: list[Any], layer: int, defs: dict[str, Any]) -> list[Any]:
    """h + A(h), then + M(·): attention and MLP sublayers with residual connections. Each new state
    is a fresh constant named in ``defs`` (a conservative definition), so the terms stay small at
    any depth."""
    att, mlp = _sublayer(f"Att{layer}_"), _sublayer(f"Mlp{layer}_")

    def name(tag: str, values: list[Any]) -> list[Any]:
        out = [z3.Real(f"{tag}{layer}_{i}") for i in range(FEATURES)]
        defs.update({f"{tag}{layer}_{i}": o == v for i, (o, v) in enumerate(zip(out, values, strict=True))})
        return out

    h1 = name("h_att", [a + b for a, b in zip(h, att(h), strict=True)])
    return name("h", [a + b for a, b in zip(h1, mlp(h1), strict=True)])


def uninterpreted_stack_entry(x: Any, depth: int) -> tuple[Any, dict[str, Any]]:
    """U[x,t] = D_t(B_depth(…B_1(E(x)))) with an uninterpreted embedding E, readout D_t and blocks;
    returns the entry and the definitions of the intermediate states."""
    E = [z3.Function(f"E{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    defs: dict[str, Any] = {}
    h = [f(x) for f in E]
    for layer in range(1, depth + 1):
        h = residual_block(h, layer, defs)
    return _readout(h), defs


def _readout(h: list[Any]) -> Any:
    return z3.Function("D_t", *([z3.RealSort()] * FEATURES), z3.RealSort())(*h)


def _feature_map_entry(name: str) -> Any:
    """D_t(G(x)) for an uninterpreted feature map G: X → ℝ^FEATURES named ``name``."""
    G = [z3.Function(f"{name}{i}", z3.IntSort(), z3.RealSort()) for i in range(FEATURES)]
    return _readout([g(z3.Int("x")) for g in G])


# ------------------------------------------------------------------------------- concrete networks

def transformer_block_features(N: int, seed: int = BLOCK_SEED, depth: int = 1) -> tuple[np.ndarray, str]:
    """F(x) for x < N: ``depth`` transformer blocks (each one attention head + a ReLU FFN, residual
    connections) applied to the token sequence (embed(x), c_1, c_2); F(x) is the first token out.

    The blocks are :class:`lemmas.models.transformer.Transformer` (the project's one architecture);
    weights are random and fixed by ``seed`` (the first block's are the same for every depth).
    """
    from lemmas.models.transformer import AttentionHead, FeedForward, MultiHeadAttention, Transformer

    rng = np.random.default_rng(seed)
    d = BLOCK_WIDTH

    def block() -> tuple[Any, Any]:
        head = AttentionHead(*(rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)))
        ffn = FeedForward(rng.normal(size=(2 * d, d)), rng.normal(size=2 * d), rng.normal(size=(d, 2 * d)) / 2,
                          rng.normal(size=d), "relu")
        return MultiHeadAttention((head,)), ffn

    layers = block()
    embed = rng.normal(size=(N, d))
    context = rng.normal(size=(2, d))
    for _ in range(depth - 1):
        layers += block()
    seqs = np.stack([np.vstack([embed[x], context]) for x in range(N)])  # (N, 3, d)
    out = Transformer(layers).forward(seqs)
    what = "one transformer block" if depth == 1 else f"a stack of {depth} transformer blocks"
    return out[:, 0, :], f"F = {what} (lemmas.models.transformer: attention + ReLU FFN)"


def block_kernel_rows(T: int, N: int, seed: int = BLOCK_SEED, depth: int = 1) -> list[list[Fraction]]:
    """U[x] = D(F(x)): D is a softmax readout W·F(x), rounded to 4 digits and normalized exactly,
    so each row is an exact probability vector (every entry > 0)."""
    feats, _ = transformer_block_features(N, seed, depth)
    W = np.random.default_rng(seed + 1).normal(size=(T, BLOCK_WIDTH))
    rows = []
    for x in range(N):
        logits = W @ feats[x]
        e = np.exp(logits - logits.max())
        w = [max(Fraction(1, 10_000), Fraction(float(v)).limit_denominator(10_000)) for v in e]
        total = sum(w, Fraction(0))
        rows.append([v / total for v in w])
    return rows


def _network_kernel(T: int, N: int, depth: int) -> tuple[list[list[Any]], str]:
    rows = block_kernel_rows(T, N, depth=depth)
    _, what = transformer_block_features(N, depth=depth)
    return [[rational(v) for v in row] for row in rows], what + "; D = softmax readout"


def block_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    """U = D∘F with F one concrete transformer block."""
    return _network_kernel(T, N, 1)


def stack_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    """U = D∘F with F a concrete stack of STACK_DEPTH transformer blocks."""
    return _network_kernel(T, N, STACK_DEPTH)


# ------------------------------------------------------------------------------- the checks

@supports("smt", timeout=60, uses=GENERIC_USES)
def bayes_joint_implies_posterior_at_semantic_level() -> Implication:
    """Every size, every entry, U[x,t] = D_t(F(x)) with F, D uninterpreted; converse built by the engine."""
    return generic_entry(_feature_map_entry("F"), "any T, N, x, t: U[x,t] = D_t(F(x)), F, D uninterpreted")


@supports("smt", family=tn_family(SEMANTIC_MAX_T, SEMANTIC_MAX_N), cross_check=True, uses=BJ_FAMILY_USES)
def bayes_joint_implies_posterior_at_semantic_level_up_to_4x4(tn: int) -> Implication:
    """The bayes_joint_implies_posterior_up_to_6x6 family with U = D∘F, F: X → ℝ², D: ℝ² → ℝ^T
    uninterpreted, every (T, N) up to 4×4."""
    return posterior_family_goal(tn, semantic_kernel)


@supports("smt", timeout=60, uses=GENERIC_USES)
def bayes_joint_implies_posterior_at_block_level() -> Implication:
    """Every size, every entry, U[x,t] = D_t(B(E(x))), B(h) = h' + M(h'), h' = h + A(h), with E, A, M, D
    uninterpreted; converse built by the engine."""
    entry, defs = uninterpreted_stack_entry(z3.Int("x"), 1)
    return generic_entry(entry, "any T, N, x, t: U[x,t] = D_t(B(E(x))), B(h) = h' + M(h'), h' = h + A(h); E, A, M, "
                         "D uninterpreted", definitions=defs)


@supports("smt", family=tn_family(BLOCK_MAX_T, BLOCK_MAX_N), cross_check=True, uses=BJ_FAMILY_USES)
def bayes_joint_implies_posterior_for_a_concrete_block_up_to_6x6(tn: int) -> Implication:
    """The bayes_joint_implies_posterior_up_to_6x6 family with U = D∘F, F one transformer block (random
    fixed weights, lemmas.models.transformer), D a softmax readout: BJ ⇒ U = posterior for all π, L."""
    return posterior_family_goal(tn, block_kernel)


@supports("smt", timeout=60, uses=GENERIC_USES)
def bayes_joint_implies_posterior_at_stack_level() -> Implication:
    """Every depth, size and entry: U[x,t] = D_t(G(x)) with the stack G = B_L∘⋯∘B_1∘E and D
    uninterpreted; converse built by the engine.

    Any stack is some map G: X → ℝ², and the proof never looks inside G.
    """
    return generic_entry(_feature_map_entry("G"), "any depth, T, N, x, t: U[x,t] = D_t(G(x)), G = B_L∘⋯∘B_1∘E "
                         "uninterpreted")


@supports("smt", family=Family("L", STACK_DEPTHS), cross_check=True, timeout=60, uses=GENERIC_USES)
def bayes_joint_implies_posterior_for_written_out_stacks_up_to_depth_4(depth: int) -> Implication:
    """The same, written out: U[x,t] = D_t(B_L(…B_1(E(x)))) with residual blocks of uninterpreted
    attention and MLP sublayers, for each depth L of the family; converse built by the engine."""
    entry, defs = uninterpreted_stack_entry(z3.Int("x"), depth)
    return generic_entry(entry, f"any T, N, x, t: U[x,t] = D_t(B_{depth}(…B_1(E(x)))), residual blocks of "
                         "uninterpreted sublayers", definitions=defs)


@supports("smt", family=tn_family(STACK_MAX_T, STACK_MAX_N), cross_check=True, uses=BJ_FAMILY_USES)
def bayes_joint_implies_posterior_for_a_concrete_stack_up_to_3x2(tn: int) -> Implication:
    """The bayes_joint_implies_posterior_up_to_6x6 family with F a stack of 2 transformer blocks (random
    fixed weights, lemmas.models.transformer), D a softmax readout."""
    return posterior_family_goal(tn, stack_kernel)


CLAIMS = [
    Claim(
        id="yang.bayes.joint_implies_posterior.semantic",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem at semantic level (U = D∘F, F the network's feature map)",
        statement=("At semantic level, U = D∘F for a feature map F: X → ℝ^d and a readout D: if U satisfies BJ, "
                   "U is the posterior on every x with m_x > 0."),
        hypotheses=BJ_HYPOTHESES,
        explanation=("Written as a feature map followed by a readout, the theorem is the same statement as for a "
                     "bare update kernel: the engine proves it, and its converse, with the feature map and the "
                     "readout left as arbitrary unknown functions. Nothing about the network enters, and on "
                     "observations of positive probability the hypothesis says exactly what the conclusion says "
                     "(tautological)."),
        obligations=(bayes_joint_implies_posterior_at_semantic_level,
                     bayes_joint_implies_posterior_at_semantic_level_up_to_4x4),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.block",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem at block level (F one transformer block)",
        statement=("At block level, U = D∘B∘E with B one transformer block (attention and MLP with residual "
                   "connections): if U satisfies BJ, U is the posterior on every x with m_x > 0."),
        hypotheses=BJ_HYPOTHESES,
        explanation=("For a single transformer block the engine proves the theorem and its converse with the "
                     "attention and MLP sublayers left as arbitrary unknown functions, so the block's structure is "
                     "never used; a family with an actual block (random fixed weights) gives the same answer. The "
                     "statement is the Bayes joint condition restated (tautological)."),
        obligations=(bayes_joint_implies_posterior_at_block_level,
                     bayes_joint_implies_posterior_for_a_concrete_block_up_to_6x6),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.stack",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem at stack level (F a stack of transformer blocks)",
        statement=("At stack level, U = D∘B_L∘⋯∘B_1∘E for a stack of L transformer blocks: if U satisfies BJ, "
                   "U is the posterior on every x with m_x > 0."),
        hypotheses=BJ_HYPOTHESES,
        explanation=("The paper's stack-level theorem is the same restatement once more: the engine proves it and "
                     "its converse with the whole stack left as an unknown function (so for every depth), and "
                     "written out with up to four blocks of unknown sublayers; the verdict is tautological. The "
                     "project's own results about what a stack computes are the sub-claim .composition."),
        obligations=(bayes_joint_implies_posterior_at_stack_level,
                     bayes_joint_implies_posterior_for_written_out_stacks_up_to_depth_4,
                     bayes_joint_implies_posterior_for_a_concrete_stack_up_to_3x2),
    ),
]
