"""``coppola.bp.construction``: does the §7.2 transformer implement one round of BP? ([C] Thm 1.2 = 7.1)

Definitions: a Lean-faithful exact model of ``BPState`` (:class:`LeanToken`), ``updateBelief``,
``bp_forwardPass`` and ``encodeBPState`` (:func:`lean_update_belief`, :func:`lean_bp_forward`,
:func:`lean_encode`); :data:`TWO_TOKEN_STATE`, :data:`VARIABLE_SELF_LOOP`.

* ``coppola.bp.construction`` (the paper's statement and order: the §7.2 weights, one weight set for
  every state) — refuted, by the construction's own parts:

  - the §7.2 heads with the keys encodeBPState builds (the key token's neighbour index) score some
    other token at least as high as the neighbour: a z3 model, re-checked by the engine;
  - no head at finite λ gathers exactly (instances of ``hardmax_attention_exact`` and
    ``twoHead_gathers_neighbors`` are unsat for every λ, e_k = exp(λ s_k) > 0); at λ = 100 the
    attended value is enclosed away from the target;
  - no ReLU FFN of the Lean width 8 computes updateBelief (``ffn_implements_updateBelief``): its
    second differences on 9 disjoint triples of the line m1 = 3/5 with the one-unit lemma of
    ``.relu_piecewise_affine`` are unsat (pigeonhole); ∂²updateBelief/∂m0² ≠ 0 at (3/10, 3/5);
  - the faithful §7 construction (:mod:`lemmas.models.paper_construction`) is run: its heads route
    to the largest neighbour index (interval enclosure at the worst token), its best simple ReLU
    FFN misses updateBelief (exact rationals at the worst grid point).
* ``.lean_axioms`` (the Lean artifact) — refuted: the axioms the Lean proofs rest on, as Lean states
  them: ``attention_score_gap0`` with Lean's key (the key of token k is k) has a z3 model;
  ``loopy_bp_converges`` ∧ ``bp_fixed_point_is_posterior`` are unsat together (so the Lean
  development proves anything); the gathering and FFN axioms are refuted as above.
* ``.relu_piecewise_affine`` — proved: a ReLU FFN has zero Hessian on every activation region;
  one ReLU unit has a non-zero second difference on at most one of the 9 triples; the closed form
  of ∂²updateBelief/∂m0² and its sign for m1 ∈ (1/2, 1).
* ``.loopy_bp_converges`` — refuted: a variable whose slots point at itself (belief 3/4) never
  reaches a fixed point (axioms with the induction principle instantiated: unsat).
* ``.bp_fixed_point_is_posterior`` — refuted: a fixed point of Lean's bp_forwardPass whose belief
  is not P_true (z3 model, re-checked by the engine).
* ``.lean_order`` — witnessed: the Lean order ∀ state ∃ W holds for weights that gather nothing
  (W_V = 0) and a memorising ReLU FFN (exact rationals on four states).
* ``.correct`` — the project's correct construction (:mod:`lemmas.models.sum_product_transformer`),
  decided in :mod:`lemmas.coppola.bp_correct`.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as Q
from typing import Any, Sequence

import numpy as np
import sympy as sp
import z3

from lemmas.models import (complete_graph, encode_paper_state, exact_marginals, factor_message_logodds,
                           factor_message_softplus, fit_update_belief_relu, from_edges, grid_graph, ising_graph,
                           masked_mean_gather, measure_gather, paper_state, paper_transformer, random_graph,
                           random_tables, random_tree, sum_product_marginals, sum_product_message_ratio,
                           sum_product_messages, transformer_marginals, transformer_messages)
from verify import (Claim, Consistency, ExactEqual, Hypothesis, Identity, Implication, NonIdentity, Obligation,
                    Witness)

from . import PAPER

WHERE = "Thm 1.2 = Thm 7.1, §7.2"
LEAN_FFN_WIDTH = 8
"""Hidden units of the Lean FFN: ``W1 : Fin D_model → Fin D_model → ℝ`` with D_model = 8."""
HARDMAX_LAMBDA = 100
"""The inverse temperature at which the hardmax axiom is evaluated (a large finite λ)."""
ROUTING_LAMBDA = 10
"""The inverse temperature at which the faithful §7 heads are run."""


# ----------------------------------------------------------------------------------------------
# A small, Lean-faithful model of BPState / bp_forwardPass / encodeBPState in exact arithmetic.
# Independent of lemmas.models.


@dataclass(frozen=True)
class LeanToken:
    """A Lean ``BPToken``: node type (0 variable, 1 factor), belief, two neighbour slots, scratch."""

    node_type: int
    belief: Q
    neighbours: tuple[int, int]
    scratch: tuple[Q, Q] = (Q(0), Q(0))


def lean_update_belief(m0: Q, m1: Q) -> Q:
    """Lean ``updateBelief`` with Lean's total division (x / 0 = 0)."""
    den = m0 * m1 + (1 - m0) * (1 - m1)
    return Q(0) if den == 0 else m0 * m1 / den


def lean_bp_forward(state: Sequence[LeanToken]) -> list[LeanToken]:
    """``bp_forwardPass = bp_computeBeliefs ∘ bp_gatherAll`` exactly as in Preliminaries.lean."""
    gathered = [LeanToken(t.node_type, t.belief, t.neighbours,
                          (state[t.neighbours[0]].belief, state[t.neighbours[1]].belief)) for t in state]
    return [LeanToken(t.node_type, lean_update_belief(*t.scratch), t.neighbours, t.scratch)
            if t.node_type == 0 else t for t in gathered]


def lean_encode(state: Sequence[LeanToken]) -> list[list[Q]]:
    """``encodeBPState``: dims 0 belief, 1-2 neighbour indices, 3 node type, 4-7 zero."""
    return [[t.belief, Q(t.neighbours[0]), Q(t.neighbours[1]), Q(t.node_type), Q(0), Q(0), Q(0), Q(0)]
            for t in state]


# The smallest state on which the two heads cannot gather exactly: variable 0 with both slots on
# factor node 1, factor node 1 with both slots on variable 0; beliefs 1/5 and 4/5.
TWO_TOKEN_STATE = (LeanToken(0, Q(1, 5), (1, 1)), LeanToken(1, Q(4, 5), (0, 0)))
VARIABLE_SELF_LOOP = (LeanToken(0, Q(3, 4), (0, 0)),)
"""n = 1: a variable whose neighbour slots both point at itself, belief 3/4."""


# ----------------------------------------------------------------------------------------------
# attention_score_gap0


def score_gap_lean_reading() -> Implication:
    """Lean's key_neighbor0_extract says the key of token k is k itself; the query is nb.

    The axiom: ∀ k ≠ nb, score(k) < score(nb), with score(k) = nb·k, over integers n ≤ 8 (a
    hypothesis). A sat model, re-checked exactly by the engine, is a counterexample.
    """
    n, nb, k = z3.Ints("n nb k")
    hyps = {
        "n_positive": n >= 1,
        "n_bounded": n <= 8,
        "nb_in_range": z3.And(0 <= nb, nb < n),
        "nb_nonzero": nb >= 1,          # excludes the all-tie case: the counterexample is a strict reversal
        "k_in_range": z3.And(0 <= k, k < n),
        "k_not_nb": k != nb,
    }
    return Implication(hyps, nb * k < nb * nb, analyse=False,
                       label="score(k) = nb·k (key = own index, Lean key_neighbor0_extract), n ≤ 8")


def score_gap_encoding_reading() -> Implication:
    """The encoding really puts the key token's own neighbour index a_k in dim 1: score = a_j·a_k.

    Three tokens with neighbour slots a_0, a_1, a_2 ∈ {0, 1, 2}; query token j, nb = a_j. The
    hypotheses are the axiom's premises (plus nb ≥ 1, a sub-case of its ∀, as in the Lean reading),
    the conclusion is the axiom's conclusion score(k) < score(nb); a sat model, re-checked exactly
    by the engine, is a counterexample (a tie already refutes the strict inequality).
    """
    a = z3.Ints("a_0 a_1 a_2")
    j, k = z3.Ints("j k")

    def pick(idx: z3.ArithRef) -> z3.ArithRef:
        return z3.If(idx == 0, a[0], z3.If(idx == 1, a[1], a[2]))

    nb = pick(j)
    hyps = {
        "slots_in_range": z3.And([z3.And(0 <= x, x < 3) for x in a]),
        "query_in_range": z3.And(0 <= j, j < 3),
        "nb_nonzero": nb >= 1,
        "key_in_range": z3.And(0 <= k, k < 3),
        "k_not_nb": k != nb,
    }
    return Implication(hyps, nb * pick(k) < nb * pick(nb), analyse=False,
                       label="score(k) = a_j·a_k (key = the key token's neighbour index, encodeBPState), n = 3")


# ----------------------------------------------------------------------------------------------
# hardmax_attention_exact / twoHead_gathers_neighbors


def hardmax_consistency(values: Sequence[Q] = (Q(1, 5), Q(4, 5)), target: int = 1) -> Consistency:
    """The axiom at one instance: ∃ λ with attendedValue = values[target]; e_k = exp(λ s_k) > 0.

    Unsat when every v_k − v_t has one sign and one is non-zero: Σ e_k (v_k − v_t) = 0 would need
    e_k = 0 there. (With the target strictly inside the values a positive solution exists.)
    """
    e = [z3.Real(f"e_{k}") for k in range(len(values))]
    S = z3.Real("S")
    vals = [z3.RealVal(str(v)) for v in values]
    attended = z3.Sum([x * v for x, v in zip(e, vals)]) / S
    axioms = {
        "exp_positive": z3.And([x > 0 for x in e]),
        "S_is_sum": S == z3.Sum(e),
        "hardmax_attention_exact": z3.And(S > 0, attended == vals[target]),
    }
    return Consistency(axioms, label=f"∃λ: attended value of {[str(v) for v in values]} = {values[target]} "
                                     "(e_k = exp(λ s_k) > 0)")


def two_head_consistency(state: Sequence[LeanToken] = TWO_TOKEN_STATE, query: int = 0) -> Consistency:
    """twoHead_gathers_neighbors at one state and query: both heads' attended values must be exact.

    Every key gets weight e_k/Σe with e_k = exp(λ·score_k) > 0, whatever the scores are (the
    abstraction covers both readings of the key extraction and every λ).
    """
    n = len(state)
    beliefs = [t.belief for t in state]
    e = [z3.Real(f"e_{k}") for k in range(n)]
    f = [z3.Real(f"f_{k}") for k in range(n)]
    S0, S1 = z3.Reals("S_head0 S_head1")
    b = [z3.RealVal(str(x)) for x in beliefs]
    nb0, nb1 = state[query].neighbours
    axioms = {
        "exp_positive": z3.And([x > 0 for x in e + f]),
        "head_sums": z3.And(S0 == z3.Sum(e), S1 == z3.Sum(f)),
        "twoHead_gathers_neighbors": z3.And(S0 > 0, z3.Sum([x * v for x, v in zip(e, b)]) / S0 == b[nb0],
                                            S1 > 0, z3.Sum([x * v for x, v in zip(f, b)]) / S1 == b[nb1]),
    }
    return Consistency(axioms, label=f"state {[(t.node_type, str(t.belief), t.neighbours) for t in state]}, "
                                     f"query {query}")


_lam = sp.Symbol("lam", positive=True)


def softmax_attended(values: Sequence[Q], scores: Sequence[int]) -> sp.Expr:
    """Σ_k softmax(λ s)_k v_k as a sympy expression in λ (scores and values exact)."""
    ws = [sp.exp(_lam * int(s)) for s in scores]
    return sp.Add(*[w * sp.Rational(v.numerator, v.denominator) for w, v in zip(ws, values)]) / sp.Add(*ws)


def hardmax_at_lambda(lam: int = HARDMAX_LAMBDA, values: Sequence[Q] = (Q(1, 5), Q(4, 5)),
                      scores: Sequence[int] = (0, 1)) -> NonIdentity:
    """Scores (0, 1), values (1/5, 4/5), argmax t* = 1: the attended value ≠ 4/5 at λ (intervals)."""
    target = values[max(range(len(scores)), key=lambda k: scores[k])]
    return NonIdentity(softmax_attended(values, scores), sp.Rational(target.numerator, target.denominator),
                       {_lam: sp.Integer(lam)},
                       label=f"attended value of scores {list(scores)}, values {[str(v) for v in values]} "
                             f"vs the argmax value {target} at λ = {lam}")


# ----------------------------------------------------------------------------------------------
# ffn_implements_updateBelief


def update_belief_triples(width: int = LEAN_FFN_WIDTH) -> list[tuple[Q, Q, Q]]:
    """width + 1 equally spaced triples in m0 with disjoint hulls inside (0, 1)."""
    step = Q(1, 10 * ((width + 10) // 10))
    h = step / 4
    return [(k * step + h, k * step + 2 * h, k * step + 3 * h) for k in range(width + 1)]


def second_difference(f: Any, triple: Sequence[Any]) -> Any:
    a, b, c = triple
    return f(a) - 2 * f(b) + f(c)


def _rv(x: Q) -> z3.ArithRef:
    return z3.RealVal(f"{x.numerator}/{x.denominator}")


def _relu(z: Any) -> Any:
    return z3.If(z > 0, z, 0)


def relu_unit_one_triple(width: int = LEAN_FFN_WIDTH, units: int = 1) -> Implication:
    """Lemma: along a line t ↦ relu(α t + β) has a non-zero second difference on at most one of the
    width + 1 disjoint triples (it has one kink), for every α, β. (``units`` > 1 sums that many
    units: false, for must-say-no tests.)"""
    ab = [z3.Reals(f"alpha_{u} beta_{u}") if units > 1 else z3.Reals("alpha beta") for u in range(units)]
    triples = update_belief_triples(width)
    d = [z3.Real(f"d2_{k}") for k in range(len(triples))]
    defs = {f"d2_{k}": d[k] == second_difference(lambda t: z3.Sum([_relu(a * _rv(t) + b) for a, b in ab]), tr)
            for k, tr in enumerate(triples)}
    concl = z3.And([z3.Or(d[k] == 0, d[m] == 0) for k in range(len(d)) for m in range(k + 1, len(d))])
    return Implication({}, concl, definitions=defs, analyse=False,
                       label=f"{'relu(α t + β)' if units == 1 else f'a sum of {units} ReLU units'} is affine on all "
                             f"but at most one of {len(triples)} disjoint equally spaced triples")


def ffn_pigeonhole(width: int = LEAN_FFN_WIDTH, m1: Q = Q(3, 5), target: Any = lean_update_belief,
                   units: int | None = None) -> Consistency:
    """ffn_implements_updateBelief on the line x4 = m0, x5 = m1 (other inputs fixed), as second
    differences over width + 1 disjoint triples, with the one-unit lemma for every hidden unit.

    Along the line the FFN is c + Σ_i w_i relu(α_i m0 + β_i); over a triple of equally spaced points
    the constant and the affine parts cancel, so its second difference is Σ_i x_{i,k}, x_{i,k} = w_i
    times unit i's second difference on triple k. The axiom makes that equal to updateBelief's second
    difference, non-zero on every triple; the lemma (``.relu_piecewise_affine``, proved for every α, β)
    leaves each unit at most one triple: 8 units for 9 triples. (``units`` overrides the number of
    hidden units, for must-say-no tests.)
    """
    triples = update_belief_triples(width)
    units = width if units is None else units
    x = [[z3.Real(f"x_{i}_{k}") for k in range(len(triples))] for i in range(units)]
    axioms: dict[str, Any] = {}
    for k, tr in enumerate(triples):
        d2 = second_difference(lambda t: target(t, m1), tr)
        axioms[f"ffn_implements_updateBelief (second difference on triple {k})"] = \
            z3.Sum([x[i][k] for i in range(units)]) == _rv(Q(d2))
    for i in range(units):
        axioms[f"relu_unit_one_triple (unit {i})"] = z3.And(
            [z3.Or(x[i][k] == 0, x[i][m] == 0) for k in range(len(triples)) for m in range(k + 1, len(triples))])
    return Consistency(axioms, label=f"a ReLU FFN with {units} hidden units equal to updateBelief on the line "
                                     f"m1 = {m1} ({len(triples)} triples, m0 ∈ [{triples[0][0]}, {triples[-1][2]}])")


_m0, _m1 = sp.symbols("m0 m1", positive=True)
UPDATE_BELIEF = _m0 * _m1 / (_m0 * _m1 + (1 - _m0) * (1 - _m1))


def curvature_nonzero(point: tuple[Q, Q] = (Q(3, 10), Q(3, 5))) -> NonIdentity:
    """∂²updateBelief/∂m0² is not identically 0 (an exact ReLU FFN would need 0 off its kinks)."""
    return NonIdentity(sp.diff(UPDATE_BELIEF, _m0, 2), sp.Integer(0),
                       {_m0: sp.Rational(point[0].numerator, point[0].denominator),
                        _m1: sp.Rational(point[1].numerator, point[1].denominator)},
                       conditions=(_m0 < 1, _m1 < 1),
                       label=f"∂²updateBelief/∂m0² at (m0, m1) = ({point[0]}, {point[1]})")


_x0, _x1 = sp.symbols("x0 x1", real=True)


def relu_region_hessian(which: tuple[int, int]) -> Identity:
    """On one activation region a ReLU FFN is Σ_i w_i s_i (a_i m0 + b_i m1 + c_i) + d, s_i ∈ {0, 1}
    fixed, for any number H of hidden units: the second derivative ``which`` is 0."""
    H = sp.Symbol("H", integer=True, positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    w, s, a, b, c = (sp.IndexedBase(x, real=True) for x in ("w", "s", "a", "b", "c"))
    d = sp.Symbol("d", real=True)
    piece = sp.Sum(w[i] * s[i] * (a[i] * _x0 + b[i] * _x1 + c[i]), (i, 1, H)) + d
    var = {0: _x0, 1: _x1}
    name = {(0, 0): "∂²F/∂m0²", (0, 1): "∂²F/∂m0∂m1", (1, 1): "∂²F/∂m1²"}[which]
    return Identity(sp.diff(piece, var[which[0]], var[which[1]]), sp.Integer(0),
                    label=f"{name} = 0 on an activation region, any H")


_one_minus_m1, _gap = sp.symbols("ell g", positive=True)
"""m1 ∈ (1/2, 1) written as 1 − m1 = ℓ > 0 and 2m1 − 1 = g > 0, so m1 = ℓ + g."""


def update_belief_curvature() -> Identity:
    """∂²/∂m0² of m0 m1 / D, D = m0 m1 + (1 − m0)(1 − m1), for m1 = ℓ + g, 1 − m1 = ℓ.

    D is expanded (a polynomial identity) to ℓ + g m0, which the positive symbols show is > 0; the
    identity holds for all positive ℓ, g, m0, in particular for m1 ∈ (1/2, 1)."""
    m1 = _one_minus_m1 + _gap
    D = sp.expand(_m0 * m1 + (1 - _m0) * _one_minus_m1)
    return Identity(sp.diff(_m0 * m1 / D, _m0, 2), -2 * m1 * _one_minus_m1 * _gap / D ** 3,
                    label="∂²updateBelief/∂m0² = −2m1(1−m1)(2m1−1)/D³ with 1 − m1 = ℓ, 2m1 − 1 = g (m1 > 1/2)")


def update_belief_strictly_concave() -> Implication:
    """For m0 ∈ (0, 1) and m1 ∈ (1/2, 1): D > 0 and the curvature −2m1(1−m1)(2m1−1)/D³ < 0."""
    m0, m1, D, K = z3.Reals("m0 m1 D K")
    hyps = {"m0_in_unit": z3.And(0 < m0, m0 < 1), "m1_above_half": z3.And(z3.RealVal("1/2") < m1, m1 < 1)}
    defs = {"D": D == m0 * m1 + (1 - m0) * (1 - m1), "K": K == -2 * m1 * (1 - m1) * (2 * m1 - 1)}
    concl = z3.And(D > 0, K < 0, K / (D * D * D) < 0)
    return Implication(hyps, concl, definitions=defs,
                       label="updateBelief is strictly concave in m0 when m1 ∈ (1/2, 1)")


# ----------------------------------------------------------------------------------------------
# loopy_bp_converges + bp_fixed_point_is_posterior


def _lean_state_sort() -> tuple[Any, Any, Any]:
    State = z3.DeclareSort("BPState")
    fwd = z3.Function("bp_forwardPass", State, State)
    belief0 = z3.Function("belief_of_node0", State, z3.RealSort())
    return State, fwd, belief0


def pct_universal(State: Any, fwd: Any, belief0: Any) -> Any:
    """bp_fixed_point_is_posterior at n = 1 (P_true : Fin 1 → ℝ is one real p):
    ∀ fixed ∀ p, bp_forwardPass fixed = fixed → belief(fixed, 0) = p."""
    f = z3.Const("fixed_any", State)
    p = z3.Real("P_true_0")
    return z3.ForAll([f, p], z3.Implies(fwd(f) == f, belief0(f) == p))


def theses_consistency() -> Consistency:
    """ECT and PCT asserted together (n = 1 instance), bp_forwardPass left uninterpreted, so the
    inconsistency holds whatever bp_forwardPass computes."""
    State, fwd, belief0 = _lean_state_sort()
    iterate = z3.Function("bp_forwardPass_iter", z3.IntSort(), State, State)
    state, fixed = z3.Const("state", State), z3.Const("fixed", State)
    T = z3.Int("T")
    axioms = {
        # ∃ fixed, bp fixed = fixed ∧ ∃ T, bp^[T] state = fixed   (fixed, T Skolemised)
        "loopy_bp_converges": z3.And(fwd(fixed) == fixed, T >= 0, iterate(T, state) == fixed),
        "bp_fixed_point_is_posterior": pct_universal(State, fwd, belief0),
    }
    return Consistency(axioms, label="loopy_bp_converges ∧ bp_fixed_point_is_posterior (n = 1)")


def theses_consistency_fixed_target() -> Consistency:
    """A consistent variant (for must-say-no tests): PCT with one fixed target c instead of an
    arbitrary P_true — ∀ fixed, bp fixed = fixed → belief(fixed, 0) = c."""
    State, fwd, belief0 = _lean_state_sort()
    iterate = z3.Function("bp_forwardPass_iter", z3.IntSort(), State, State)
    state, fixed, f = z3.Const("state", State), z3.Const("fixed", State), z3.Const("fixed_any", State)
    T, c = z3.Int("T"), z3.Real("c")
    axioms = {
        "loopy_bp_converges": z3.And(fwd(fixed) == fixed, T >= 0, iterate(T, state) == fixed),
        "fixed_target_posterior": z3.ForAll([f], z3.Implies(fwd(f) == f, belief0(f) == c)),
    }
    return Consistency(axioms, label="ECT ∧ PCT with a fixed target (consistent)")


def lean_update_belief_relation(m0: Any, m1: Any, y: Any) -> Any:
    """y = updateBelief(m0, m1) with Lean's total division (x / 0 = 0), written without division:
    y = 0 when D = m0 m1 + (1 − m0)(1 − m1) is 0, else y·D = m0 m1."""
    den = m0 * m1 + (1 - m0) * (1 - m1)
    return z3.Or(z3.And(den == 0, y == 0), z3.And(den != 0, y * den == m0 * m1))


def pct_fixed_point_counterexample() -> Implication:
    """PCT read at n = 1: every fixed point F of Lean's bp_forwardPass has belief(F, 0) = P_true 0.

    The one-token state (type t ∈ {0, 1}, belief b, both slots on token 0, scratch s0, s1) and its
    image under bp_forwardPass, by the Lean definitions: bp_gatherAll sets the scratch to (b, b),
    then bp_computeBeliefs gives a variable updateBelief of its scratch and leaves a factor's belief.
    A sat model is a fixed point whose belief differs from P_true 0, re-checked exactly by the engine.
    """
    t = z3.Int("node_type")
    b, s0, s1, b_next, p = z3.Reals("belief scratch_0 scratch_1 belief_next P_true_0")
    g0, g1 = b, b                                        # bp_gatherAll: both slots read token 0
    hyps = {
        "one_token_state": z3.Or(t == 0, t == 1),
        "bp_computeBeliefs": z3.If(t == 0, lean_update_belief_relation(g0, g1, b_next), b_next == b),
        "fixed_point": z3.And(b_next == b, g0 == s0, g1 == s1),
    }
    return Implication(hyps, b == p, analyse=False,
                       label="a fixed point of bp_forwardPass (n = 1) and P_true with belief ≠ P_true")


def ect_self_loop_consistency(start: Q = VARIABLE_SELF_LOOP[0].belief, induction: bool = True) -> Consistency:
    """loopy_bp_converges at the variable self-loop, with Lean's bp_forwardPass and the induction
    principle on ℕ for P(k) := 1/2 < b_k < 1.

    b_k is the belief after k rounds: b_0 = ``start``, b_{k+1} = updateBelief(b_k, b_k)
    (:func:`lean_update_belief_relation`).
    ECT gives a round T with b_{T+1} = b_T. The induction instance [P(0) ∧ ∀k (P(k) → P(k+1))] →
    ∀k P(k) is Skolemised (c: a k where the step would fail) and instantiated at T; the recursion is
    instantiated at c and T. Unsat: P holds at every round, and no b in (1/2, 1) is fixed.
    (``induction=False`` drops the induction instance, for must-say-no tests.)
    """
    b = z3.Function("belief_after", z3.IntSort(), z3.RealSort())
    c, T = z3.Ints("c T")

    def bp_round(x: Any, y: Any) -> Any:
        return lean_update_belief_relation(x, x, y)

    def P(k: Any) -> Any:
        return z3.And(z3.RealVal("1/2") < b(k), b(k) < 1)

    axioms = {
        "start": b(0) == _rv(start),
        "bp_forwardPass (round c)": z3.Implies(c >= 0, bp_round(b(c), b(c + 1))),
        "bp_forwardPass (round T)": z3.Implies(T >= 0, bp_round(b(T), b(T + 1))),
        "loopy_bp_converges": z3.And(T >= 0, b(T + 1) == b(T)),
        "induction_on_rounds": z3.Or(z3.Not(P(0)), z3.And(c >= 0, P(c), z3.Not(P(c + 1))),
                                     z3.Implies(T >= 0, P(T))),
    }
    if not induction:
        del axioms["induction_on_rounds"]
    return Consistency(axioms, label=f"variable self-loop from belief {start}: ECT with the induction principle")


# ----------------------------------------------------------------------------------------------
# The faithful §7 construction, run


def _chain_graph(n: int, cycle: bool, rng: np.random.Generator) -> Any:
    edges = [(i, i + 1) for i in range(n - 1)] + ([(n - 1, 0)] if cycle else [])
    return from_edges(n, edges, list(random_tables(rng, len(edges))))


_HEADS_ONLY_FIT = dict(directions=2, knots=2, grid=4)
"""The heads do not depend on the FFN, so the routing check builds the §7 model with a tiny FFN fit
and runs blocks 0-1 only."""


def heads_gather(state: Any, lam: float) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """(gathered dims 4-5, intended neighbour beliefs, head weights): paper_gather without the FFN fit."""
    model = paper_transformer(lam, fit=fit_update_belief_relu(**_HEADS_ONLY_FIT))
    x = encode_paper_state(state)
    after0, after1 = model.forward(x, start=0, stop=2, trace=True)
    w0 = model.attention_weights(0, x)[0]
    w1 = model.attention_weights(1, after0)[0]
    return after1[:, [4, 5]], state.beliefs[state.neighbours], (w0, w1)


def random_paper_states(count: int = 12, seed: int = 7101) -> list[Any]:
    """Chains and cycles (the §7 construction has K = 2 slots), random beliefs in (0.05, 0.95)."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        n = int(rng.integers(2, 8))
        g = _chain_graph(n, cycle=(k % 2 == 1 and n >= 3), rng=rng)
        st = paper_state(g)
        out.append(st.with_beliefs(rng.uniform(0.05, 0.95, size=st.size)))
    return out


def head_attended(state: Any, token: int, slot: int) -> tuple[sp.Expr, sp.Rational]:
    """(attended value as a sympy expression in λ, intended belief) for one token and head.

    Head ``slot`` has Q = K = projectDim(1 + slot) and V = crossProject(0, 4 + slot): the score of
    key k is a_j·a_k (the tokens' neighbour slots), the value its belief (the floats' exact binary
    values)."""
    slots = [int(v) for v in state.neighbours[:, slot]]
    beliefs = [Q(float(b)) for b in state.beliefs]
    scores = [slots[token] * a for a in slots]
    intended = beliefs[slots[token]]
    return softmax_attended(beliefs, scores), sp.Rational(intended.numerator, intended.denominator)


def faithful_routing(lam: int = ROUTING_LAMBDA, count: int = 12, seed: int = 7101) -> NonIdentity:
    """The §7 heads on random states; the worst (token, head) is evaluated by the engine."""
    states = random_paper_states(count, seed)
    best: tuple[float, Any] = (-1.0, None)
    routed = tokens = 0
    for s_i, st in enumerate(states):
        gathered, intended, (w0, w1) = heads_gather(st, float(lam))
        e = np.abs(gathered - intended)
        routed += int(np.sum(np.argmax(w0, axis=1) == st.neighbours[:, 0]))
        routed += int(np.sum(np.argmax(w1, axis=1) == st.neighbours[:, 1]))
        tokens += 2 * st.size
        j, slot = np.unravel_index(int(np.argmax(e)), e.shape)
        if e[j, slot] > best[0]:
            best = (float(e[j, slot]), (s_i, int(j), int(slot), float(gathered[j, slot])))
    s_i, j, slot, observed = best[1]
    lhs, rhs = head_attended(states[s_i], j, slot)
    return NonIdentity(lhs, rhs, {_lam: sp.Integer(lam)},
                       label=f"state {s_i} (of {count}, seed {seed}), token {j}, head {slot} at λ = {lam}: gathered "
                             f"{observed:.6f} (float64 model) vs the neighbour's belief {float(rhs):.6f}; the head "
                             f"argmax is on the intended neighbour for {routed}/{tokens} (token, head) pairs")


def _single_thread_blas() -> Any:
    """OpenBLAS with 2 threads in each of 2 workers makes the FFN fit much slower; the engine does
    not limit BLAS threads in its workers, so limit them here when possible."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: only a speed-up
        import contextlib
        return contextlib.nullcontext()
    return threadpool_limits(1)


def faithful_ffn() -> ExactEqual:
    """The FFN of the faithful construction (best simple ReLU fit) at its worst grid point, with the
    weights and the input at their exact binary values, vs updateBelief there (exact rationals)."""
    with _single_thread_blas():
        fit = fit_update_belief_relu()
    ffn = paper_transformer(10.0, fit=fit).blocks[2]
    g = np.linspace(fit.lo, fit.hi, 91)
    m0, m1 = (a.ravel() for a in np.meshgrid(g, g))
    x = np.zeros((m0.size, 8))
    x[:, 4], x[:, 5] = m0, m1
    out = (x + ffn.delta(x))[:, 0]
    ub = m0 * m1 / (m0 * m1 + (1 - m0) * (1 - m1))
    k = int(np.argmax(np.abs(out - ub)))
    p0, p1 = Q(float(m0[k])), Q(float(m1[k]))
    W1, B1, W2, B2 = ffn.w1, ffn.b1, ffn.w2, ffn.b2
    xq = [Q(0)] * 8
    xq[4], xq[5] = p0, p1
    hidden = [max(Q(0), sum((Q(float(W1[h, i])) * xq[i] for i in range(8)), Q(0)) + Q(float(B1[h])))
              for h in range(W1.shape[0])]
    y0 = xq[0] + sum((Q(float(W2[0, h])) * hidden[h] for h in range(len(hidden))), Q(0)) + Q(float(B2[0]))
    hinges = int(fit.directions.shape[0])
    return ExactEqual([(f"FFN output vs updateBelief at (m0, m1) = ({float(p0):.4f}, {float(p1):.4f})",
                        y0, lean_update_belief(p0, p1))],
                      label="faithful §7 FFN at the worst point of a 91×91 grid of [0.05, 0.95]²",
                      detail={"m0": float(p0), "m1": float(p1), "ffn_float64": float(out[k]),
                              "update_belief": float(ub[k]), "grid_max_error": float(np.max(np.abs(out - ub))),
                              "hinges": hinges, "hidden_units": int(W1.shape[0]),
                              "hidden_units_breakdown": f"{hinges} fitted hinges relu(u·m − c) + "
                                                        f"{int(W1.shape[0]) - hinges} units relu(±b) that clear "
                                                        "the old belief from the residual"})


# ----------------------------------------------------------------------------------------------
# The Lean quantifier order: ∀ state ∃ W is met by memorisation


def memorising_weights(state: Sequence[LeanToken]) -> tuple[list, list, list, list]:
    """A state-specific ReLU FFN (hidden width ≤ 8) whose dim-0 output is bp_forwardPass's belief.

    Projection z = x0 + 2(x1 + n x2 + n² x3) is injective on the tokens (beliefs in (0, 1));
    the FFN is the piecewise-linear interpolant of (z_j, target_j): m distinct points need m − 1
    hinges relu(z − z_k). Attention: Q = K = 0 and W_V = 0, so each head adds exactly 0.
    """
    n = len(state)
    proj = [Q(1), Q(2), Q(2 * n), Q(2 * n * n), Q(0), Q(0), Q(0), Q(0)]
    target = [t.belief for t in lean_bp_forward(state)]
    xs = lean_encode(state)
    table: dict[Q, Q] = {}
    for xj, tj in zip(xs, target):
        z = sum((p * x for p, x in zip(proj, xj)), Q(0))
        if table.setdefault(z, tj) != tj:
            raise ValueError("two tokens share a projection but need different outputs")
    pts = sorted(table.items())
    if len(pts) - 1 > LEAN_FFN_WIDTH:
        raise ValueError("more distinct tokens than the Lean FFN width allows for this interpolant")
    slopes = [(pts[k + 1][1] - pts[k][1]) / (pts[k + 1][0] - pts[k][0]) for k in range(len(pts) - 1)]
    coef = [slopes[0]] + [slopes[k] - slopes[k - 1] for k in range(1, len(slopes))] if slopes else []
    W1 = [proj[:] for _ in coef] + [[Q(0)] * 8 for _ in range(LEAN_FFN_WIDTH - len(coef))]
    b1 = [-pts[k][0] for k in range(len(coef))] + [Q(0)] * (LEAN_FFN_WIDTH - len(coef))
    W2 = [[c for c in coef] + [Q(0)] * (LEAN_FFN_WIDTH - len(coef))] + [[Q(0)] * LEAN_FFN_WIDTH for _ in range(7)]
    b2 = [pts[0][1]] + [Q(0)] * 7
    return W1, b1, W2, b2


def lean_forward_memorised(state: Sequence[LeanToken]) -> list[Q]:
    """decode(transformerForwardPass W (encode state)) beliefs, all in exact arithmetic."""
    W1, b1, W2, b2 = memorising_weights(state)
    xs = lean_encode(state)
    n = len(xs)
    for _ in range(2):  # two heads in sequence; Q = K = 0 gives weights exactly 1/n, W_V = 0 gives values 0
        values = [[Q(0)] * 8 for _ in xs]
        xs = [[xj[d] + sum((Q(1, n) * values[k][d] for k in range(n)), Q(0)) for d in range(8)] for xj in xs]
    out = []
    for xj in xs:
        hidden = [max(Q(0), sum((W1[h][i] * xj[i] for i in range(8)), Q(0)) + b1[h]) for h in range(LEAN_FFN_WIDTH)]
        out.append(sum((W2[0][h] * hidden[h] for h in range(LEAN_FFN_WIDTH)), Q(0)) + b2[0])
    return out


def _lean_states_for_order() -> list[tuple[str, tuple[LeanToken, ...]]]:
    chain3 = (LeanToken(0, Q(1, 3), (3, 3)), LeanToken(0, Q(3, 5), (3, 4)), LeanToken(0, Q(5, 7), (4, 4)),
              LeanToken(1, Q(1, 2), (0, 1)), LeanToken(1, Q(1, 2), (1, 2)))
    cycle3 = (LeanToken(0, Q(1, 4), (3, 5)), LeanToken(0, Q(2, 3), (3, 4)), LeanToken(0, Q(4, 5), (4, 5)),
              LeanToken(1, Q(1, 3), (0, 1)), LeanToken(1, Q(3, 4), (1, 2)), LeanToken(1, Q(2, 5), (2, 0)))
    return [("two-token state", TWO_TOKEN_STATE), ("variable self-loop", VARIABLE_SELF_LOOP),
            ("chain of 3 variables", chain3), ("cycle of 3 variables", cycle3)]


def lean_order_memorisation() -> ExactEqual:
    cases = []
    for name, st in _lean_states_for_order():
        got = lean_forward_memorised(st)
        want = [t.belief for t in lean_bp_forward(st)]
        cases += [(f"{name}: token {j}", g, w) for j, (g, w) in enumerate(zip(got, want))]
    return ExactEqual(cases, label="state-specific weights (W_V = 0, memorising FFN) satisfy the Lean equation",
                      detail={"states": len(_lean_states_for_order()), "note": "nothing is gathered: W_V = 0"})


# ----------------------------------------------------------------------------------------------
# Claims


HYPOTHESES = (
    Hypothesis("one_weight_set", "the paper's order: one set of weights (the §7.2 construction) for every state"),
    Hypothesis("finite_lambda", "the softmax has a finite inverse temperature λ"),
    Hypothesis("relu_ffn", "the FFN is a two-layer ReLU MLP (Lean ffn, hidden width D_model = 8)"),
    Hypothesis("paper_bp", "the target is the paper's BP (§2.2.1, Lean bp_forwardPass)"),
)

# Obligations listed by both the paper's statement and the Lean axiom audit (discharged once).
_HARDMAX = Obligation("axiom.hardmax_attention_exact", "smt", "refutes",
                      "no finite λ makes the attended value equal the argmax value: the axiom instance with "
                      "e_k = exp(λ s_k) > 0 is unsat (z3 and cvc5)", hardmax_consistency, uses=("finite_lambda",))
_TWO_HEAD = Obligation("axiom.two_head_gathers_neighbors", "smt", "refutes",
                       "twoHead_gathers_neighbors on a two-token state: unsat for every finite λ (any score reading)",
                       two_head_consistency, uses=("finite_lambda",))
_FFN = Obligation("axiom.ffn_implements_update_belief", "smt", "refutes",
                  "no ReLU FFN of the Lean width 8 equals updateBelief: its second differences on 9 disjoint "
                  "triples of the line m1 = 3/5 (all non-zero for updateBelief) with the one-unit lemma of "
                  ".relu_piecewise_affine (each unit affects at most one triple) are unsat (z3 and cvc5)",
                  ffn_pigeonhole, uses=("relu_ffn",))

CLAIMS = [
    Claim(
        id="coppola.bp.construction",
        reading="as-stated",
        paper=PAPER,
        where=WHERE,
        statement=("With the §7.2 weights (two softmax heads with Q = K = projectDim(1)/(2), V = crossProject(0, 4)/"
                   "(0, 5), inverse temperature λ, then a ReLU FFN), one transformer forward pass equals one round "
                   "of the paper's BP for every state of any factor graph."),
        latex=r"\exists W\ \forall s:\ \mathrm{decode}(\mathrm{TF}_W(\mathrm{encode}(s))) = \mathrm{bp\_forwardPass}(s)",
        hypotheses=HYPOTHESES,
        obligations=(
            Obligation("axiom.attention_score_gap0.encoded", "smt", "refutes",
                       "the §7.2 heads' scores with the keys encodeBPState builds (the key token's neighbour index), "
                       "three tokens: some token k ≠ nb scores at least as high as the neighbour (attention_score_gap0 "
                       "fails; a z3 model, re-checked exactly)", score_gap_encoding_reading),
            _HARDMAX,
            Obligation("axiom.hardmax_attention_exact.lambda100", "symbolic", "refutes",
                       "at λ = 100 the attended value of scores (0, 1), values (1/5, 4/5) is enclosed away from "
                       "4/5 (interval arithmetic by the engine)", hardmax_at_lambda, uses=("finite_lambda",)),
            _TWO_HEAD,
            _FFN,
            Obligation("axiom.ffn_implements_update_belief.curvature", "symbolic", "refutes",
                       "∂²updateBelief/∂m0² ≠ 0 (−12000/12167 at (3/10, 3/5)), while a ReLU FFN has zero second "
                       "derivative off its kinks (sub-claim .relu_piecewise_affine)", curvature_nonzero,
                       uses=("relu_ffn",)),
            Obligation("faithful.routing", "symbolic", "refutes",
                       "the faithful §7 heads on 12 random chain/cycle states (seed 7101) at λ = 10: the attended "
                       "value of the worst (token, head) is enclosed away from the neighbour's belief (engine "
                       "interval evaluation of the head's softmax with exact scores and values)", faithful_routing,
                       uses=("one_weight_set", "finite_lambda")),
            Obligation("faithful.ffn", "exact", "refutes",
                       "the faithful construction's ReLU FFN misses updateBelief at its worst grid point (weights "
                       "and input at their exact binary values, exact rationals)", faithful_ffn,
                       uses=("relu_ffn",)),
        ),
        explanation=("The paper says one fixed set of weights (its §7.2 construction) makes each forward pass of a "
                     "transformer one round of its belief propagation, on every factor graph. Every part of the "
                     "construction fails: the attention scores do not single out the neighbour, no softmax head at a finite "
                     "temperature copies a value exactly, and no ReLU feed-forward layer of the stated width computes "
                     "the belief update, whose curvature a piecewise-linear map cannot have. Running the construction "
                     "shows the same errors."),
        note=("Lean states ∀ state ∃ W (weaker than the paper's ∃ W ∀ state): see .lean_order. The axioms as Lean "
              "states them are audited in .lean_axioms."),
    ),
    Claim(
        id="coppola.bp.construction.lean_axioms",
        reading="artifact",
        paper=PAPER,
        where=WHERE + " (the Lean artifact: the axioms transformer_implements_bp and transformer_computes_posterior "
                      "rest on)",
        statement=("The axioms of the Lean development hold as stated: attention_score_gap0 (with Lean's "
                   "key_neighbor0_extract, the key of token k is k), hardmax_attention_exact, "
                   "twoHead_gathers_neighbors, ffn_implements_updateBelief, and loopy_bp_converges together with "
                   "bp_fixed_point_is_posterior."),
        hypotheses=HYPOTHESES,
        obligations=(
            Obligation("axiom.attention_score_gap0", "smt", "refutes",
                       "attention_score_gap0 (key = own index): some key k ≠ nb scores at least as high as nb; "
                       "a z3 model among integers n ≤ 8, re-checked exactly by the engine", score_gap_lean_reading),
            _HARDMAX,
            _TWO_HEAD,
            _FFN,
            Obligation("axiom.convergence_theses", "smt", "refutes",
                       "loopy_bp_converges and bp_fixed_point_is_posterior together are unsat (z3 and cvc5) with "
                       "bp_forwardPass uninterpreted: the belief at the promised fixed point would have to equal "
                       "every P_true", theses_consistency),
        ),
        explanation=("The Lean proofs the paper cites assume their central steps as axioms. Each is false as Lean "
                     "states it: with Lean's own key the score still peaks at the wrong token, exact gathering and "
                     "an exact ReLU update are impossible, and the two convergence axioms together are contradictory, "
                     "so the development can prove any statement."),
    ),
    Claim(
        id="coppola.bp.construction.relu_piecewise_affine",
        reading="project",
        paper=PAPER,
        where=WHERE + " (the project's lemma used to refute the FFN step)",
        statement=("A ReLU FFN is affine on each activation region (its Hessian is 0 off the kinks, for any width); "
                   "along a line one ReLU unit relu(α t + β) has a non-zero second difference on at most one of "
                   "9 disjoint equally spaced triples; ∂²updateBelief/∂m0² = −2m1(1−m1)(2m1−1)/D³ < 0 for "
                   "m0 ∈ (0, 1), m1 ∈ (1/2, 1)."),
        obligations=(
            Obligation("relu_region.d00", "symbolic", "supports",
                       "∂²/∂m0² of Σ_i w_i s_i (a_i m0 + b_i m1 + c_i) + d is 0 (symbolic H)",
                       lambda: relu_region_hessian((0, 0))),
            Obligation("relu_region.d01", "symbolic", "supports",
                       "∂²/∂m0∂m1 of the same is 0 (symbolic H)", lambda: relu_region_hessian((0, 1))),
            Obligation("relu_region.d11", "symbolic", "supports",
                       "∂²/∂m1² of the same is 0 (symbolic H)", lambda: relu_region_hessian((1, 1))),
            Obligation("one_unit_one_triple.smt", "smt", "supports",
                       "for every α, β the second differences of relu(α t + β) on the 9 triples of "
                       ".axiom.ffn_implements_update_belief vanish on all but at most one", relu_unit_one_triple),
            Obligation("curvature.symbolic", "symbolic", "supports",
                       "closed form of ∂²updateBelief/∂m0² for m1 ∈ (1/2, 1) (1 − m1 = ℓ > 0, 2m1 − 1 = g > 0)",
                       update_belief_curvature),
            Obligation("concave.smt", "smt", "supports",
                       "D > 0 and the curvature is < 0 for m0 ∈ (0, 1), m1 ∈ (1/2, 1)",
                       update_belief_strictly_concave),
        ),
        explanation=("A ReLU network is piecewise linear: on each region where its units do not switch, all its "
                     "second derivatives vanish, whatever its width. The belief update is strictly curved (concave in "
                     "m0 when m1 is above 1/2), and one ReLU unit can bend on at most one of nine separated triples "
                     "of points, which is why eight units cannot match the update on all nine."),
    ),
    Claim(
        id="coppola.bp.construction.loopy_bp_converges",
        reading="artifact",
        paper=PAPER,
        where=WHERE + " (the Lean artifact: axiom loopy_bp_converges, 'ECT')",
        statement=("loopy_bp_converges: for every BPState, bp_forwardPass reaches a fixed point after finitely "
                   "many rounds."),
        obligations=(
            Obligation("variable_self_loop", "smt", "refutes",
                       "a variable whose neighbour slots point at itself (belief 3/4): Lean's bp_forwardPass, the "
                       "induction principle for 1/2 < b_k < 1 and a fixed round T are unsat (z3 and cvc5)",
                       ect_self_loop_consistency),
        ),
        explanation=("The Lean axiom says the paper's BP always reaches a fixed point. A variable whose two "
                     "neighbour slots point at itself, starting at belief 3/4, moves strictly towards 1 in every "
                     "round and never stops; the engine shows the axiom, the update and induction over the rounds "
                     "are contradictory."),
        note=("On bipartite states (variables adjacent only to factor nodes) the paper's BP is constant after one "
              "round — variables read only factor beliefs, which never change — so ECT fails only on states with "
              "variable-variable slots, which the Lean type allows."),
    ),
    Claim(
        id="coppola.bp.construction.bp_fixed_point_is_posterior",
        reading="artifact",
        paper=PAPER,
        where=WHERE + " (the Lean artifact: axiom bp_fixed_point_is_posterior, 'PCT')",
        statement=("bp_fixed_point_is_posterior: every fixed point of bp_forwardPass has beliefs equal to an "
                   "arbitrary P_true."),
        obligations=(
            Obligation("fixed_point", "smt", "refutes",
                       "a one-token fixed point of bp_forwardPass (Lean definitions) with belief ≠ P_true: z3 model, "
                       "re-checked exactly by the engine", pct_fixed_point_counterexample),
        ),
        explanation=("The Lean axiom equates the beliefs at any fixed point of the paper's BP with an arbitrary "
                     "target P_true, which no fixed point can meet for every target. The engine exhibits a one-token "
                     "fixed point whose belief differs from the given P_true."),
    ),
    Claim(
        id="coppola.bp.construction.lean_order",
        reading="artifact",
        paper=PAPER,
        where=WHERE + " (the Lean artifact: the statement ∀ state ∃ W)",
        statement=("The Lean statement of transformer_implements_bp (∀ state ∃ W) holds for weights that depend on "
                   "the state and gather nothing: W_V = 0 and a ReLU FFN (width ≤ 8) interpolating the answer."),
        obligations=(
            Obligation("memorisation.exact", "exact", "supports",
                       "on four states (two-token, variable self-loop, 3-chain, 3-cycle) the memorising weights give "
                       "decode(TF_W(encode s)) = bp_forwardPass s exactly (rationals)", lean_order_memorisation),
        ),
        explanation=("Lean lets the weights depend on the state (for every state there are weights), which is much "
                     "weaker than the paper's one set of weights for all states. That weaker statement is met by a "
                     "lookup table: weights that gather nothing and a feed-forward layer that memorises the answer, "
                     "checked exactly on four states."),
        note="So the Lean order is satisfied by a lookup table and says nothing about a transformer implementing BP.",
    ),
]
