"""``coppola.bp.scaling``: a k-ary gate is a tree of k − 1 binary updateBelief gates, of depth ≥ ⌈log2 k⌉.

The paper (Coppola, Thm 7.2, Cor 7.3): a k-ary OR of beliefs is the fold of binary updateBelief, so
a depth-d formula with k-ary gates needs d·⌈log2 k⌉ layers; the wording calls a k-ary gate "a chain
of ⌈log2 k⌉ binary gates". This module decides the fold identity and counts the gates and the depth
of every way of splitting a k-ary gate into binary ones.

Main definitions:

* fold_⊕(m_1..m_k) = ((1/2 ⊕ m_1) ⊕ …) ⊕ m_k with ⊕ = updateBelief (``lemmas.coppola.logodds.fold``);
* a binarization of a k-ary gate: a full binary tree with k leaves, described level by level
  (n_j nodes, i_j gates and ℓ_j leaves on level j; n_0 = 1, n_j = i_j + ℓ_j, n_{j+1} = 2 i_j) or
  enumerated (:func:`trees`, :func:`binarizations`); the chain (:func:`chain_tree`) and the
  balanced tree.

Main statements:

* ``coppola.bp.scaling`` (weakened: the project's restatement) — the fold identity for every k, shared
  with ``coppola.logodds.algebra`` (``fold_is_sigma_of_logit_sum`` and ``fold_step_for_all_odds`` in
  :mod:`lemmas.coppola.logodds.algebra`), :func:`every_binarization_has_k_minus_1_gates`,
  :func:`binarization_depth_is_at_least_ceil_log2`, :func:`chain_has_k_minus_1_gates_and_depth`,
  :func:`some_binarization_has_depth_ceil_log2`; cross-check
  :func:`binarization_counts_up_to_12` (all binarizations enumerated).
* ``coppola.bp.scaling.chain_depth`` (Thm 7.2 as worded) — refuted by
  :func:`four_inputs_need_three_binary_gates`.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import cache

import z3

from verify import ExactEqual, Hypothesis, Implication, Induction, refutes, supports

from ..logodds import fold_is_sigma_of_logit_sum
from ..logodds.algebra import fold_step_for_all_odds
from . import claim

# ----------------------------------------------------------------------------------------------
# Binarizations: inductions over the levels of a full binary tree

_Int = z3.IntSort()


def _levels(children: int = 2) -> tuple[z3.ArithRef, dict[str, z3.BoolRef], dict[str, z3.BoolRef], tuple]:
    """A tree with gates of ``children`` children, level by level.

    g(j) ∈ [0, n(j)] of the n(j) nodes on level j are gates (the data: any sequence, clamped into
    that range), the rest are leaves; the root is one node and the next level holds the gates'
    children. Returns the index, the base and step equations of n and of the leaves above each
    level, and (n, gates on j, leaves above)."""
    j = z3.Int("j")
    n, g_raw, Lc = (z3.Function(name, _Int, _Int) for name in ("nodes", "gates_data", "leaves_above"))
    gates = z3.If(g_raw(j) < 0, 0, z3.If(g_raw(j) > n(j), n(j), g_raw(j)))
    base = {"one_root": n(0) == 1, "no_leaves_above_root": Lc(0) == 0}
    step = {"children_of_gates": n(j + 1) == children * gates,
            "leaves_above_next": Lc(j + 1) == Lc(j) + n(j) - gates}
    return j, base, step, (n, gates, Lc)


@supports("smt", uses=("full_binary_levels",))
def every_binarization_has_k_minus_1_gates() -> Induction:
    """Every binarization of a k-ary gate has k − 1 binary gates (z3 induction over the levels).

    Leaves above level j plus nodes on level j = gates above level j + 1, for every level j; below
    the last level there are no nodes, so k leaves come with k − 1 gates."""
    j, base, step, (n, gates, Lc) = _levels()
    Gc = z3.Function("gates_above", _Int, _Int)
    return Induction(j, Lc(j) + n(j) == Gc(j) + 1, base={**base, "no_gates_above_root": Gc(0) == 0},
                     step={**step, "gates_above_next": Gc(j + 1) == Gc(j) + gates},
                     label="leaves_above(j) + nodes(j) = gates_above(j) + 1")


@supports("smt", uses=("full_binary_levels", "D_is_ceil_log2_k"))
def binarization_depth_is_at_least_ceil_log2(children: int = 2) -> Induction:
    """A binarization of depth t has ≤ 2^t leaves, so its depth is ≥ ⌈log2 k⌉ (z3 induction over the levels).

    Leaves above level j plus nodes on level j ≤ 2^j for every level j (2^j by recursion); on the
    last level every node is a leaf. ``children`` = 3 is the tests' case without an inductive step."""
    j, base, step, (n, gates, Lc) = _levels(children)
    P2 = z3.Function("pow2", _Int, _Int)
    return Induction(j, z3.And(Lc(j) >= 0, n(j) >= 0, Lc(j) + n(j) <= P2(j)),
                     base={**base, "pow2_zero": P2(0) == 1}, step={**step, "pow2_next": P2(j + 1) == 2 * P2(j)},
                     label="leaves_above(j) + nodes(j) ≤ 2^j")


@supports("smt")
def chain_has_k_minus_1_gates_and_depth() -> Induction:
    """The chain chain(k+1) = node(chain(k), leaf) has k − 1 gates and depth k − 1, k ≥ 1 (z3 induction on k)."""
    k = z3.Int("k")
    G, D = z3.Function("chain_gates", _Int, _Int), z3.Function("chain_depth", _Int, _Int)
    return Induction(k, z3.And(G(k) == k - 1, D(k) == k - 1),
                     base={"leaf_gates": G(1) == 0, "leaf_depth": D(1) == 0},
                     step={"node_gates": G(k + 1) == G(k) + 0 + 1,
                           "node_depth": D(k + 1) == 1 + z3.If(D(k) >= 0, D(k), 0)},   # 1 + max(depth, leaf depth 0)
                     start=1, label="chain(k): k − 1 gates, depth k − 1")


@supports("smt", uses=("full_binary_levels", "D_is_ceil_log2_k"))
def some_binarization_has_depth_ceil_log2() -> Implication:
    """A binarization of depth D = ⌈log2 k⌉ exists: levels 0..D−2 full, k − 2^(D−1) gates on level D − 1 (z3).

    With Q = 2^(D−1) < k ≤ 2Q, i = k − Q of the Q nodes on level D − 1 are gates and their 2i
    children are leaves on level D: a valid binarization (0 < i ≤ Q, so level D exists) with
    (Q − i) + 2i = k leaves."""
    k, Q, i, leaves = z3.Ints("k pow2_D_minus_1 gates_on_level_D_minus_1 leaves")
    hyps = {"D_is_ceil_log2_k": z3.And(k > Q, k <= 2 * Q)}   # (Q ≥ 1 follows)
    defs = {"i": i == k - Q, "leaves": leaves == (Q - i) + 2 * i}
    return Implication(hyps, z3.And(i >= 1, i <= Q, leaves == k), definitions=defs,
                       label="a binarization of depth ⌈log2 k⌉ with k leaves exists")


# ----------------------------------------------------------------------------------------------
# Binarizations: exact enumeration


def ceil_log2(k: int) -> int:
    return (k - 1).bit_length()


@cache
def binarizations(k: int) -> tuple[tuple[tuple[int, int], int], ...]:
    """Counter of (gates, depth) over all full binary trees with k ordered leaves, as sorted items."""
    if k == 1:
        return (((0, 0), 1),)
    out: Counter = Counter()
    for i in range(1, k):
        for (gl, dl), nl in binarizations(i):
            for (gr, dr), nr in binarizations(k - i):
                out[(gl + gr + 1, 1 + max(dl, dr))] += nl * nr
    return tuple(sorted(out.items()))


def chain_tree(k: int):
    t = "x"
    for _ in range(k - 1):
        t = (t, "x")
    return t


def trees(n: int):
    if n == 1:
        yield "x"
        return
    for i in range(1, n):
        for left in trees(i):
            for right in trees(n - i):
                yield (left, right)


def gates(t) -> int:
    return 0 if t == "x" else 1 + gates(t[0]) + gates(t[1])


def depth(t) -> int:
    return 0 if t == "x" else 1 + max(depth(t[0]), depth(t[1]))


def _balanced_depth(k: int) -> int:
    return 0 if k == 1 else 1 + max(_balanced_depth((k + 1) // 2), _balanced_depth(k // 2))


MAX_K = 12


@supports("exact", cross_check=True)
def binarization_counts_up_to_12() -> ExactEqual:
    """Every binarization of a k-ary gate, k ≤ 12, enumerated: k − 1 gates, depths ⌈log2 k⌉ … k − 1, chain k − 1,
    balanced ⌈log2 k⌉."""
    cases = []
    for k in range(1, MAX_K + 1):
        items = binarizations(k)
        count = sum(n for _, n in items)
        gate_counts = sorted({g for (g, _), _ in items})
        depths = sorted({d for (_, d), _ in items})
        cases += [
            (f"k={k}: number of binarizations = Catalan(k−1)", count, math.comb(2 * (k - 1), k - 1) // k),
            (f"k={k}: gates in every binarization", tuple(gate_counts), (k - 1,)),
            (f"k={k}: smallest depth", depths[0], ceil_log2(k)),
            (f"k={k}: largest depth", depths[-1], k - 1),
            (f"k={k}: chain depth", depth(chain_tree(k)), k - 1),
            (f"k={k}: balanced depth", _balanced_depth(k), ceil_log2(k)),
        ]
    return ExactEqual(cases, label=f"all binarizations of a k-ary gate, k ≤ {MAX_K}",
                      detail={"binarizations_k12": sum(n for _, n in binarizations(MAX_K))})


@refutes("exact")
def four_inputs_need_three_binary_gates(k: int = 4) -> ExactEqual:
    """k = 4: the chain has 3 binary gates and no binarization has fewer, not ⌈log2 4⌉ = 2 (enumeration).

    The wording's gate count ⌈log2 k⌉ against the chain's gates and the fewest gates of any
    binarization (``k`` = 3 is the tests' case where the wording holds)."""
    all_trees = list(trees(k))
    return ExactEqual([(f"k={k}: binary gates of the chain", gates(chain_tree(k)), ceil_log2(k)),
                       (f"k={k}: fewest binary gates over all {len(all_trees)} binarizations",
                        min(gates(t) for t in all_trees), ceil_log2(k))],
                      label=f"a {k}-ary gate as a chain of ⌈log2 {k}⌉ = {ceil_log2(k)} binary gates",
                      detail={"chain_depth": depth(chain_tree(k)), "least_depth": min(depth(t) for t in all_trees)})


CLAIMS = [
    claim(
        "coppola.bp.scaling",
        fold_is_sigma_of_logit_sum, fold_step_for_all_odds, every_binarization_has_k_minus_1_gates,
        binarization_depth_is_at_least_ceil_log2, chain_has_k_minus_1_gates_and_depth,
        some_binarization_has_depth_ceil_log2, binarization_counts_up_to_12,
        reading="weakened",
        where=("Thm 7.2, Cor 7.3 (weakened: the project's restatement, the OR fold identity and the gate and depth "
               "counts of binarizations)"),
        statement=("The k-ary ⊕ (the gate the paper calls OR) is the fold of binary updateBelief gates, "
                   "fold_⊕(m_1..m_k) = σ(Σ logit m_i); every binarization uses k − 1 binary gates, the chain has "
                   "depth k − 1, and the least depth of a binarization is ⌈log2 k⌉, attained e.g. by the balanced "
                   "tree (hence ⌈log2 k⌉ layers of binary gates per k-ary gate)."),
        explanation=("Folding binary updateBelief over k beliefs gives σ of the summed log-odds, for every k, so the "
                     "k-ary gate the paper calls OR can be built from binary ones. Any such build is a binary tree "
                     "with k − 1 gates; a balanced tree needs only ⌈log2 k⌉ levels, a chain needs k − 1."),
        latex=r"\bigoplus_{i=1}^k m_i=\sigma\big(\textstyle\sum_i\mathrm{logit}\,m_i\big),\ \#\text{gates}=k-1,\ "
              r"\min\text{depth}=\lceil\log_2k\rceil",
        hypotheses=(
            Hypothesis("m_in_unit", "every belief lies in (0, 1)"),
            Hypothesis("r_is_odds_of_m", "r_i = m_i/(1 − m_i), the odds of the belief m_i "
                                         "(so Π r_i = exp(Σ logit m_i))"),
            Hypothesis("exp_additive", "exp(a + b) = exp(a)·exp(b), exp(0) = 1"),
            Hypothesis("exp_logit", "exp(logit m) = m/(1 − m), the odds of m ∈ (0, 1)"),
            Hypothesis("full_binary_levels", "a binarization is a full binary tree: one root, every node on level j is "
                                             "a gate or a leaf, every gate has two children on level j + 1"),
            Hypothesis("D_is_ceil_log2_k", "D = ⌈log2 k⌉, i.e. 2^(D−1) < k ≤ 2^D (k ≥ 2)"),
        ),
    ),
    claim(
        "coppola.bp.scaling.chain_depth",
        four_inputs_need_three_binary_gates,
        reading="as-stated",
        where="Thm 7.2 (as worded: a chain of ⌈log2 k⌉ binary gates)",
        statement="A k-ary AND/OR is computed by a chain of ⌈log2 k⌉ binary gates.",
        explanation=("The paper words the decomposition as a chain of ⌈log2 k⌉ binary gates. A chain of binary gates "
                     "over k inputs has k − 1 gates and depth k − 1, and no binary tree has fewer than k − 1 gates: "
                     "for k = 4 that is 3, not 2. Only the depth of a balanced tree is ⌈log2 k⌉."),
    ),
]
