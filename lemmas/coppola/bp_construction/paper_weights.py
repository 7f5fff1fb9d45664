"""``coppola.bp.construction``: does the §7.2 transformer implement one round of BP? ([C] Thm 1.2 = 7.1)

The paper's statement and order (one weight set, the §7.2 weights, for every state), decided by
the construction's own parts and by running the faithful construction
(:mod:`lemmas.models.paper_construction`).

Main definitions: :func:`softmax_attended` (a head's attended value as a function of λ),
:func:`heads_gather`, :func:`random_paper_states`, :func:`head_attended`.

Main statements (``coppola.bp.construction``, refuted):

* the §7.2 heads with the keys encodeBPState builds score another token at least as high as the
  neighbour: :func:`score_gap_fails_for_encoded_keys`;
* no head at finite λ gathers exactly: :func:`.lean_axioms.no_finite_lambda_attends_exactly`,
  :func:`.lean_axioms.two_heads_never_gather_exactly`, and at λ = 100
  :func:`attended_value_misses_argmax_at_lambda_100`;
* no ReLU FFN of width 8 computes updateBelief: :func:`.relu_ffn.no_width_8_relu_ffn_is_update_belief`,
  :func:`.relu_ffn.update_belief_is_curved`;
* the faithful construction, run: :func:`paper_heads_miss_the_neighbour`,
  :func:`paper_ffn_misses_update_belief`.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction as Q
from typing import Any

import numpy as np
import sympy as sp
import z3

from lemmas.models import (
    encode_paper_state,
    fit_update_belief_relu,
    from_edges,
    paper_state,
    paper_transformer,
    random_tables,
)
from verify import Claim, ExactEqual, Hypothesis, Implication, NonIdentity, refutes

from .. import PAPER
from .lean_axioms import SCORE_GAP_HYPOTHESES, no_finite_lambda_attends_exactly, two_heads_never_gather_exactly
from .lean_model import lean_update_belief
from .relu_ffn import no_width_8_relu_ffn_is_update_belief, update_belief_is_curved
from .shared import HYPOTHESES, WHERE

HARDMAX_LAMBDA = 100
"""The inverse temperature at which the hardmax axiom is evaluated (a large finite λ)."""
ROUTING_LAMBDA = 10
"""The inverse temperature at which the faithful §7 heads are run."""


@refutes("smt")
def score_gap_fails_for_encoded_keys() -> Implication:
    """The §7.2 heads' scores with the keys encodeBPState builds (the key token's neighbour index),
    three tokens: some token k ≠ nb scores at least as high as the neighbour (attention_score_gap0
    fails; a z3 model, re-checked exactly).

    The encoding puts the key token's own neighbour index a_k in dim 1: score = a_j·a_k. Three
    tokens with neighbour slots a_0, a_1, a_2 ∈ {0, 1, 2}; query token j, nb = a_j. The hypotheses
    are the axiom's premises (plus nb ≥ 1, a sub-case of its ∀, as in the Lean reading), the
    conclusion is the axiom's conclusion score(k) < score(nb); a tie already refutes it.
    """
    a = z3.Ints("a_0 a_1 a_2")
    j, k = z3.Ints("j k")

    def pick(idx: z3.ArithRef) -> z3.ArithRef:
        return z3.If(idx == 0, a[0], z3.If(idx == 1, a[1], a[2]))

    nb = pick(j)
    hyps = {
        "slots_in_range": z3.And([z3.And(x >= 0, x < 3) for x in a]),
        "query_in_range": z3.And(j >= 0, j < 3),
        "nb_nonzero": nb >= 1,
        "key_in_range": z3.And(k >= 0, k < 3),
        "k_not_nb": k != nb,
    }
    return Implication(hyps, nb * pick(k) < nb * pick(nb), analyse=False,
                       label="score(k) = a_j·a_k (key = the key token's neighbour index, encodeBPState), n = 3")


_lam = sp.Symbol("lam", positive=True)


def softmax_attended(values: Sequence[Q], scores: Sequence[int]) -> sp.Expr:
    """Σ_k softmax(λ s)_k v_k as a sympy expression in λ (scores and values exact)."""
    ws = [sp.exp(_lam * int(s)) for s in scores]
    return sp.Add(*[w * sp.Rational(v.numerator, v.denominator) for w, v in zip(ws, values, strict=True)]) / sp.Add(*ws)


def hardmax_at_lambda(lam: int = HARDMAX_LAMBDA, values: Sequence[Q] = (Q(1, 5), Q(4, 5)),
                      scores: Sequence[int] = (0, 1)) -> NonIdentity:
    """The attended value of ``scores``, ``values`` ≠ the argmax value at λ (intervals)."""
    target = values[max(range(len(scores)), key=lambda k: scores[k])]
    return NonIdentity(softmax_attended(values, scores), sp.Rational(target.numerator, target.denominator),
                       {_lam: sp.Integer(lam)},
                       label=f"attended value of scores {list(scores)}, values {[str(v) for v in values]} "
                             f"vs the argmax value {target} at λ = {lam}")


@refutes("symbolic", uses=("finite_lambda",))
def attended_value_misses_argmax_at_lambda_100() -> NonIdentity:
    """At λ = 100 the attended value of scores (0, 1), values (1/5, 4/5) is enclosed away from 4/5
    (interval arithmetic by the engine)."""
    return hardmax_at_lambda()


# -- the faithful §7 construction, run ------------------------------------------------------------


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


@refutes("symbolic", uses=("one_weight_set", "finite_lambda"))
def paper_heads_miss_the_neighbour(lam: int = ROUTING_LAMBDA, count: int = 12, seed: int = 7101) -> NonIdentity:
    """The faithful §7 heads on 12 random chain/cycle states (seed 7101) at λ = 10: the attended value
    of the worst (token, head) is enclosed away from the neighbour's belief (engine interval
    evaluation of the head's softmax with exact scores and values)."""
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


@refutes("exact", uses=("relu_ffn",))
def paper_ffn_misses_update_belief() -> ExactEqual:
    """The faithful construction's ReLU FFN misses updateBelief at its worst grid point (weights and
    input at their exact binary values, exact rationals).

    The FFN is the best simple ReLU fit; the worst point is found on a 91×91 grid in float64."""
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


CLAIMS = [
    Claim(
        id="coppola.bp.construction",
        reading="as-stated",
        paper=PAPER,
        where=WHERE,
        statement=("With the §7.2 weights (two softmax heads with Q = K = projectDim(1)/(2), V = crossProject(0, 4)/"
                   "(0, 5), inverse temperature λ, then a ReLU FFN), one transformer forward pass equals one round "
                   "of the paper's BP for every state of any factor graph."),
        latex=(r"\exists W\ \forall s:\ \mathrm{decode}(\mathrm{TF}_W(\mathrm{encode}(s))) = "
               r"\mathrm{bp\_forwardPass}(s)"),
        hypotheses=HYPOTHESES + SCORE_GAP_HYPOTHESES + (
            Hypothesis("slots_in_range", "three tokens whose neighbour slots a_0, a_1, a_2 are tokens, 0 ≤ a_i < 3"),
            Hypothesis("query_in_range", "the query token j is a token, 0 ≤ j < 3"),
            Hypothesis("key_in_range", "the key token k is a token, 0 ≤ k < 3"),
        ),
        obligations=(score_gap_fails_for_encoded_keys, no_finite_lambda_attends_exactly,
                     attended_value_misses_argmax_at_lambda_100, two_heads_never_gather_exactly,
                     no_width_8_relu_ffn_is_update_belief, update_belief_is_curved, paper_heads_miss_the_neighbour,
                     paper_ffn_misses_update_belief),
        explanation=("The paper says one fixed set of weights (its §7.2 construction) makes each forward pass of a "
                     "transformer one round of its belief propagation, on every factor graph. Every part of the "
                     "construction fails: the attention scores do not single out the neighbour, no softmax head at "
                     "a finite temperature copies a value exactly, and no ReLU feed-forward layer of the stated width "
                     "computes the belief update, whose curvature a piecewise-linear map cannot have. Running the "
                     "construction shows the same errors."),
        note=("Lean states ∀ state ∃ W (weaker than the paper's ∃ W ∀ state): see .lean_order. The axioms as Lean "
              "states them are audited in .lean_axioms."),
    ),
]
