"""``coppola.bp.scaling``: k-ary gates from binary ones (Thm 7.2, Cor 7.3: d·⌈log2 k⌉ layers, two heads suffice).

The paper (Coppola, Thm 7.2, Cor 7.3): a k-ary OR (AND) of beliefs is the fold of binary
updateBelief, so a depth-d formula with k-ary gates needs d·⌈log2 k⌉ layers; the wording says a
k-ary gate is "a chain of ⌈log2 k⌉ binary gates". The cited Lean lemmas are stated over IEEE
``Float``. The layer count and the two-head claim are in :mod:`.scaling_layers`.

Definitions: ⊕ = updateBelief, fold_⊕(m_1..m_k) = ((1/2 ⊕ m_1) ⊕ …) ⊕ m_k; a binarization of a
k-ary gate is a full binary tree with k leaves (:func:`binarizations`, :func:`trees`).

* ``coppola.bp.scaling`` (the project's restatement) — proved. fold_⊕(m_1..m_k) = σ(Σ logit m_i) for
  every k (the z3 induction of ``coppola.logodds.algebra``; its step for all odds by sympy). With n_j
  nodes, i_j gates and ℓ_j leaves on level j (n_0 = 1, n_j = i_j + ℓ_j, n_{j+1} = 2 i_j) two z3
  inductions over j show leaves-above-j + n_j = gates-above-j + 1 (every binarization has k − 1
  gates) and leaves-above-j + n_j ≤ 2^j (depth ≥ ⌈log2 k⌉); a z3 induction on k gives the chain
  depth k − 1; an explicit tree (levels full down to D − 2, k − 2^(D−1) gates on level D − 1) attains
  depth D = ⌈log2 k⌉ (z3). Cross-check: exact enumeration of all binarizations for k ≤ 12.
* ``.chain_depth`` — refuted: for k = 4 the chain has 3 binary gates and no binarization has fewer,
  not ⌈log2 4⌉ = 2 (exact enumeration).
* ``.and_fold`` — refuted: the AND half of Thm 7.2. fold_⊕(4/5, 2/5) = 8/11 but the probability that
  both independent events hold is 8/25; with 3/4 added 8/9 against 6/25; ⊕(999/1000, 1/1000) = 1/2
  against 999/10⁶ (exact).
* ``.and_fold.self_dual`` — proved: ⊕ is its own De Morgan dual, 1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b
  (sympy, odds coordinates), and for every k, 1 − fold_⊕(1 − m_i) = fold_⊕(m_i) (logit(1 − m) =
  −logit m and 1 − σ(−Σ_{i≤n} x_i) = σ(Σ_{i≤n} x_i) for symbolic n, with the fold's closed form).
* ``.ieee`` — refuted, each predicate evaluated by the engine in binary64: (0.1·0.2)·0.3 ≠
  0.1·(0.2·0.3) (the Float product the AND lemma folds); σ(37.0) rounds to 1.0, so logit(σ(37.0))
  divides by 1 − σ = 0; logit(σ(20.0)) = 19.99999996410867, more than 1000 ulps from 20.
"""
from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from functools import lru_cache

import sympy as sp
import z3

from verify import Claim, ExactEqual, FloatPredicate, Hypothesis, Identity, Implication, Induction, Obligation, ieee

from . import PAPER
from .logodds import belief, fold, fold_induction, logit, sigma, update_belief

# ----------------------------------------------------------------------------------------------
# OR-fold identity (same mathematics as coppola.logodds.algebra)


def smt_or_fold_induction() -> Induction:
    return fold_induction()


def symbolic_or_fold_step() -> Identity:
    P, r = sp.symbols("P r", positive=True)
    return Identity(update_belief(belief(P), belief(r)), sigma(sp.log(P) + sp.log(r)),
                    label="updateBelief(σ(log P), σ(log r)) = σ(log P + log r) for all P, r > 0")


# ----------------------------------------------------------------------------------------------
# Binarizations: inductions over the levels of a full binary tree

_Int = z3.IntSort()


def _levels(children: int = 2) -> tuple[z3.ArithRef, dict[str, z3.BoolRef], dict[str, z3.BoolRef], tuple]:
    """A tree with gates of ``children`` children, level by level: g(j) ∈ [0, n(j)] of the n(j) nodes on
    level j are gates (the data: any sequence, clamped into that range), the rest are leaves; the
    root is one node and the next level holds the gates' children. Returns the index, the base and
    step equations of n and of the leaves above each level, and (n, gates on j, leaves above)."""
    j = z3.Int("j")
    n, g_raw, Lc = (z3.Function(name, _Int, _Int) for name in ("nodes", "gates_data", "leaves_above"))
    gates = z3.If(g_raw(j) < 0, 0, z3.If(g_raw(j) > n(j), n(j), g_raw(j)))
    base = {"one_root": n(0) == 1, "no_leaves_above_root": Lc(0) == 0}
    step = {"children_of_gates": n(j + 1) == children * gates,
            "leaves_above_next": Lc(j + 1) == Lc(j) + n(j) - gates}
    return j, base, step, (n, gates, Lc)


def smt_gate_count() -> Induction:
    """Leaves above level j plus nodes on level j = gates above level j + 1, for every level j.

    Below the last level there are no nodes, so every binarization of a k-ary gate (k leaves) has
    k − 1 binary gates."""
    j, base, step, (n, gates, Lc) = _levels()
    Gc = z3.Function("gates_above", _Int, _Int)
    return Induction(j, Lc(j) + n(j) == Gc(j) + 1, base={**base, "no_gates_above_root": Gc(0) == 0},
                     step={**step, "gates_above_next": Gc(j + 1) == Gc(j) + gates},
                     label="leaves_above(j) + nodes(j) = gates_above(j) + 1")


def smt_depth_lower_bound(children: int = 2) -> Induction:
    """Leaves above level j plus nodes on level j ≤ 2^j, for every level j (P2 = 2^j by recursion).

    On the last level t of a tree of depth t every node is a leaf, so it has ≤ 2^t leaves: a
    binarization of a k-ary gate has depth ≥ ⌈log2 k⌉."""
    j, base, step, (n, gates, Lc) = _levels(children)
    P2 = z3.Function("pow2", _Int, _Int)
    return Induction(j, z3.And(Lc(j) >= 0, n(j) >= 0, Lc(j) + n(j) <= P2(j)),
                     base={**base, "pow2_zero": P2(0) == 1}, step={**step, "pow2_next": P2(j + 1) == 2 * P2(j)},
                     label="leaves_above(j) + nodes(j) ≤ 2^j")


def smt_chain() -> Induction:
    """The chain (left comb) chain(k+1) = node(chain(k), leaf): k − 1 gates and depth k − 1, k ≥ 1."""
    k = z3.Int("k")
    G, D = z3.Function("chain_gates", _Int, _Int), z3.Function("chain_depth", _Int, _Int)
    return Induction(k, z3.And(G(k) == k - 1, D(k) == k - 1),
                     base={"leaf_gates": G(1) == 0, "leaf_depth": D(1) == 0},
                     step={"node_gates": G(k + 1) == G(k) + 0 + 1,
                           "node_depth": D(k + 1) == 1 + z3.If(D(k) >= 0, D(k), 0)},   # 1 + max(depth, leaf depth 0)
                     start=1, label="chain(k): k − 1 gates, depth k − 1")


def smt_least_depth_attained() -> Implication:
    """For 2^(D−1) = Q < k ≤ 2Q (D = ⌈log2 k⌉): levels 0..D−2 full (2^j gates each), i = k − Q of the Q
    nodes on level D − 1 are gates, their 2i children are leaves on level D. A valid binarization
    (0 < i ≤ Q, so level D exists and the depth is D) with (Q − i) + 2i = k leaves."""
    k, Q, i, leaves = z3.Ints("k pow2_D_minus_1 gates_on_level_D_minus_1 leaves")
    hyps = {"D_is_ceil_log2_k": z3.And(Q < k, k <= 2 * Q)}   # (Q ≥ 1 follows)
    defs = {"i": i == k - Q, "leaves": leaves == (Q - i) + 2 * i}
    return Implication(hyps, z3.And(i >= 1, i <= Q, leaves == k), definitions=defs,
                       label="a binarization of depth ⌈log2 k⌉ with k leaves exists")


# ----------------------------------------------------------------------------------------------
# Binarizations: exact enumeration


def ceil_log2(k: int) -> int:
    return (k - 1).bit_length()


@lru_cache(maxsize=None)
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


def exact_enumeration() -> ExactEqual:
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


def chain_cases(k: int = 4) -> ExactEqual:
    """The wording's gate count ⌈log2 k⌉ against the chain's gates and the fewest gates of any binarization
    (all trees with k leaves enumerated)."""
    all_trees = list(trees(k))
    return ExactEqual([(f"k={k}: binary gates of the chain", gates(chain_tree(k)), ceil_log2(k)),
                       (f"k={k}: fewest binary gates over all {len(all_trees)} binarizations",
                        min(gates(t) for t in all_trees), ceil_log2(k))],
                      label=f"a {k}-ary gate as a chain of ⌈log2 {k}⌉ = {ceil_log2(k)} binary gates",
                      detail={"chain_depth": depth(chain_tree(k)), "least_depth": min(depth(t) for t in all_trees)})


# ----------------------------------------------------------------------------------------------
# AND: the fold of updateBelief against the probability that every input holds

_HALF = Fraction(1, 2)
AND_CASES = ((Fraction(4, 5), Fraction(2, 5)),                  # the paper's own §8 example values
             (Fraction(4, 5), Fraction(2, 5), Fraction(3, 4)),
             (Fraction(999, 1000), Fraction(1, 1000)))          # near-Boolean: one true, one false input


def _product(ms) -> Fraction:
    out = Fraction(1)
    for m in ms:
        out *= m
    return out


def exact_and_fold(cases=AND_CASES, gate=None) -> ExactEqual:
    """fold_⊕ against the probabilistic AND Π m_i of independent beliefs (``gate`` replaces fold_⊕ in the
    tests: the product fold itself must refute nothing)."""
    gate = gate or (lambda ms: fold(ms, _HALF))
    return ExactEqual([(f"k={len(ms)}, m={tuple(str(m) for m in ms)}: fold vs Π m_i", gate(ms), _product(ms))
                       for ms in cases],
                      label="the k-ary AND as the fold of binary updateBelief",
                      detail={"noisy_or": [str(1 - _product(1 - m for m in ms)) for ms in cases]})


_a, _b = sp.symbols("a b", positive=True)   # odds of the two beliefs: m = a/(1+a), 1 − m = 1/(1+a)


def symbolic_self_dual() -> Identity:
    m0, m1, c0, c1 = belief(_a), belief(_b), 1 / (1 + _a), 1 / (1 + _b)
    return Identity(1 - update_belief(c0, c1, m0, m1), update_belief(m0, m1, c0, c1),
                    label="1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b on (0,1)² (odds coordinates)")


def symbolic_logit_complement() -> Identity:
    return Identity(logit(1 / (1 + _a), belief(_a)), -logit(belief(_a), 1 / (1 + _a)),
                    label="logit(1 − m) = −logit m on (0,1) (odds coordinates)")


def symbolic_kary_self_dual(sign: int = -1) -> Identity:
    """1 − σ(Σ_{i≤n} (−x_i)) = σ(Σ_{i≤n} x_i) for every n (``sign`` = +1 is the tests' broken variant)."""
    n, i = sp.Symbol("n", integer=True, positive=True), sp.Symbol("i", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    return Identity(1 - sigma(sp.Sum(sign * x[i], (i, 1, n))), sigma(sp.Sum(x[i], (i, 1, n))),
                    label="1 − σ(Σ_{i≤n} logit(1 − m_i)) = σ(Σ_{i≤n} logit m_i), every n")


# ----------------------------------------------------------------------------------------------
# IEEE Float

_x, _y, _z = ieee.var("x"), ieee.var("y"), ieee.var("z")


def _sigma(t: ieee.Term) -> ieee.Term:
    return 1.0 / (1.0 + ieee.exp(-t))


def _logit(p: ieee.Term) -> ieee.Term:
    return ieee.log(p / (1.0 - p))


def float_associativity(x: float = 0.1, y: float = 0.2, z: float = 0.3) -> FloatPredicate:
    return FloatPredicate((_x * _y) * _z == _x * (_y * _z), {"x": x, "y": y, "z": z}, "float64",
                          label=f"({x}·{y})·{z} = {x}·({y}·{z}) in binary64")


def float_logit_sigma_defined(x: float = 37.0) -> FloatPredicate:
    s = _sigma(_x)
    return FloatPredicate((1.0 - s != 0.0) & (_logit(s) == _x), {"x": x}, "float64",
                          label=f"logit(σ({x})) is defined (1 − σ({x}) ≠ 0) and equals {x} in binary64")


ULPS = 1000


def float_logit_sigma(x: float = 20.0) -> FloatPredicate:
    """|logit(σ(x)) − x| ≤ 1000 ulp(x): implied by the Lean lemma logit(σ(x)) = x, and false only if the
    error is far beyond the last bits of any libm's exp and log."""
    tol = ULPS * math.ulp(x)
    return FloatPredicate(ieee.fabs(_logit(_sigma(_x)) - _x) <= tol, {"x": x}, "float64",
                          label=f"|logit(σ({x})) − {x}| ≤ {ULPS} ulp({x}) in binary64")


CLAIMS = [
    Claim(
        id="coppola.bp.scaling",
        reading="weakened",
        paper=PAPER,
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
            Hypothesis("exp_facts", "exp(a+b) = exp(a)exp(b), exp(0) = 1, exp(logit m) = m/(1−m)"),
            Hypothesis("full_binary_levels", "a binarization is a full binary tree: one root, every node on level j is "
                                             "a gate or a leaf, every gate has two children on level j + 1"),
            Hypothesis("ceil_log2", "⌈log2 k⌉ = D iff 2^(D−1) < k ≤ 2^D (k ≥ 2)"),
        ),
        obligations=(
            Obligation("or_fold.induction", "smt", "supports", "fold_⊕ = σ(Σ logit) for every k (z3 induction)",
                       smt_or_fold_induction, uses=("m_in_unit", "exp_facts")),
            Obligation("or_fold.step.symbolic", "symbolic", "supports", "the induction step for all odds by sympy",
                       symbolic_or_fold_step, uses=("exp_facts",)),
            Obligation("gates.induction", "smt", "supports",
                       "every binarization has k − 1 gates (z3 induction over the levels)", smt_gate_count,
                       uses=("full_binary_levels",)),
            Obligation("depth_lower_bound.induction", "smt", "supports",
                       "a binarization of depth t has ≤ 2^t leaves, so depth ≥ ⌈log2 k⌉ (z3 induction over the levels)",
                       smt_depth_lower_bound, uses=("full_binary_levels", "ceil_log2")),
            Obligation("chain.induction", "smt", "supports", "the chain has k − 1 gates and depth k − 1 (z3 induction on k)",
                       smt_chain),
            Obligation("least_depth.smt", "smt", "supports",
                       "a binarization of depth ⌈log2 k⌉ exists (explicit level-filled tree, z3)",
                       smt_least_depth_attained, uses=("full_binary_levels", "ceil_log2")),
            Obligation("binarizations.exact", "exact", "supports",
                       f"enumeration of all binarizations, k ≤ {MAX_K}: gates k − 1, depths ⌈log2 k⌉ … k − 1, "
                       "chain k − 1, balanced ⌈log2 k⌉", exact_enumeration, cross_check=True),
        ),
    ),
    Claim(
        id="coppola.bp.scaling.chain_depth",
        reading="as-stated",
        paper=PAPER,
        where="Thm 7.2 (as worded: a chain of ⌈log2 k⌉ binary gates)",
        statement="A k-ary AND/OR is computed by a chain of ⌈log2 k⌉ binary gates.",
        explanation=("The paper words the decomposition as a chain of ⌈log2 k⌉ binary gates. A chain of binary gates "
                     "over k inputs has k − 1 gates and depth k − 1, and no binary tree has fewer than k − 1 gates: "
                     "for k = 4 that is 3, not 2. Only the depth of a balanced tree is ⌈log2 k⌉."),
        obligations=(
            Obligation("k4.exact", "exact", "refutes",
                       "k = 4: the chain has 3 binary gates and no binarization has fewer, not ⌈log2 4⌉ = 2 "
                       "(enumeration)", chain_cases),
        ),
    ),
    Claim(
        id="coppola.bp.scaling.and_fold",
        reading="as-stated",
        paper=PAPER,
        where="Thm 7.2 (the AND half: a k-ary AND of beliefs is the fold of binary updateBelief)",
        statement=("A k-ary AND of beliefs, the probability Π m_i that k independent events all hold, is the fold of "
                   "binary updateBelief gates."),
        explanation=("Folding updateBelief does not compute AND: on the paper's own values 0.8 and 0.4 it gives 8/11 "
                     "while both events hold with probability 8/25, and on an almost-true and an almost-false input "
                     "it gives 1/2. The AND does split into binary gates, but the binary gate is the product, not "
                     "updateBelief."),
        obligations=(
            Obligation("counterexamples.exact", "exact", "refutes",
                       "fold_⊕(4/5, 2/5) = 8/11 ≠ 8/25; fold_⊕(4/5, 2/5, 3/4) = 8/9 ≠ 6/25; fold_⊕(999/1000, 1/1000) "
                       "= 1/2 ≠ 999/10⁶ (exact)", exact_and_fold),
        ),
    ),
    Claim(
        id="coppola.bp.scaling.and_fold.self_dual",
        reading="project",
        paper=PAPER,
        where="Thm 7.2 (the project's result: the ⊕ fold is its own De Morgan dual)",
        statement=("⊕ is its own De Morgan dual: 1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b on (0,1)², and 1 − fold_⊕(1 − m_1, …, "
                   "1 − m_k) = fold_⊕(m_1, …, m_k) for every k; so the AND that De Morgan's law makes of the paper's OR "
                   "fold is that same fold."),
        latex=r"1-\bigoplus_{i=1}^k(1-m_i)=\bigoplus_{i=1}^k m_i",
        explanation=("Turning an OR into an AND by De Morgan's law (complement the inputs and the output) leaves the "
                     "updateBelief fold unchanged, for any number of inputs. So no reading of the fold can make it the "
                     "paper's OR and its AND at once: the two would be the same function."),
        hypotheses=(Hypothesis("m_in_unit", "every belief lies in (0, 1), m = a/(1+a) with odds a > 0"),
                    Hypothesis("fold_closed_form", "fold_⊕(m_1..m_k) = σ(Σ logit m_i) (proved in coppola.bp.scaling)")),
        obligations=(
            Obligation("binary.symbolic", "symbolic", "supports", "1 − ((1 − a) ⊕ (1 − b)) = a ⊕ b for all odds (sympy)",
                       symbolic_self_dual, uses=("m_in_unit",)),
            Obligation("logit_complement.symbolic", "symbolic", "supports", "logit(1 − m) = −logit m (sympy)",
                       symbolic_logit_complement, uses=("m_in_unit",)),
            Obligation("kary.symbolic", "symbolic", "supports",
                       "1 − σ(Σ_{i≤n} −x_i) = σ(Σ_{i≤n} x_i) for symbolic n: with the closed form and logit(1 − m) = "
                       "−logit m, 1 − fold_⊕(1 − m_i) = fold_⊕(m_i) for every k", symbolic_kary_self_dual,
                       uses=("fold_closed_form",)),
        ),
    ),
    Claim(
        id="coppola.bp.scaling.ieee",
        reading="artifact",
        paper=PAPER,
        where="Lean lemmas of the AND and OR decompositions (artifact: stated over IEEE-754 Float)",
        statement=("The fold lemmas hold in IEEE binary64: the product fold is associative and logit(σ(x)) = x."),
        explanation=("The Lean lemmas behind the AND and OR decompositions are stated for floating-point numbers, where "
                     "they are false: floating-point multiplication is not associative, and logit(σ(x)) is not x "
                     "(at x = 37 it even divides by zero). Over the reals both hold."),
        obligations=(
            Obligation("associativity.float64", "numeric", "refutes", "(0.1·0.2)·0.3 ≠ 0.1·(0.2·0.3) in binary64",
                       float_associativity),
            Obligation("logit_sigma_37.float64", "numeric", "refutes",
                       "logit(σ(37.0)) divides by zero: σ(37.0) rounds to 1.0", float_logit_sigma_defined),
            Obligation("logit_sigma_20.float64", "numeric", "refutes",
                       "logit(σ(20.0)) = 19.99999996410867, more than 1000 ulps from 20.0 in binary64",
                       float_logit_sigma),
        ),
    ),
]
