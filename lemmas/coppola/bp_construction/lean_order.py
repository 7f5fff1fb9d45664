"""``coppola.bp.construction.lean_order``: the Lean order ∀ state ∃ W is met by memorisation.

Lean's ``transformer_implements_bp`` lets the weights depend on the state; weights that gather
nothing (W_V = 0) and a ReLU FFN interpolating the answer satisfy it.

Main definitions: :func:`memorising_weights`, :func:`lean_forward_memorised`.

Main statement: ``coppola.bp.construction.lean_order`` (the Lean artifact's statement) —
witnessed by :func:`memorising_weights_satisfy_lean_order`.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction as Q

from verify import ExactEqual, supports

from .lean_model import LEAN_FFN_WIDTH, TWO_TOKEN_STATE, VARIABLE_SELF_LOOP, LeanToken, lean_bp_forward, lean_encode
from .shared import artifact_claim


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
    for xj, tj in zip(xs, target, strict=True):
        z = sum((p * x for p, x in zip(proj, xj, strict=True)), Q(0))
        if table.setdefault(z, tj) != tj:
            raise ValueError("two tokens share a projection but need different outputs")
    pts = sorted(table.items())
    if len(pts) - 1 > LEAN_FFN_WIDTH:
        raise ValueError("more distinct tokens than the Lean FFN width allows for this interpolant")
    slopes = [(pts[k + 1][1] - pts[k][1]) / (pts[k + 1][0] - pts[k][0]) for k in range(len(pts) - 1)]
    coef = [slopes[0]] + [slopes[k] - slopes[k - 1] for k in range(1, len(slopes))] if slopes else []
    pad = LEAN_FFN_WIDTH - len(coef)
    W1 = [proj[:] for _ in coef] + [[Q(0)] * 8 for _ in range(pad)]
    b1 = [-pts[k][0] for k in range(len(coef))] + [Q(0)] * pad
    W2 = [list(coef) + [Q(0)] * pad] + [[Q(0)] * LEAN_FFN_WIDTH for _ in range(7)]
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


def lean_states_for_order() -> list[tuple[str, tuple[LeanToken, ...]]]:
    """The four states the Lean order is checked on."""
    chain3 = (LeanToken(0, Q(1, 3), (3, 3)), LeanToken(0, Q(3, 5), (3, 4)), LeanToken(0, Q(5, 7), (4, 4)),
              LeanToken(1, Q(1, 2), (0, 1)), LeanToken(1, Q(1, 2), (1, 2)))
    cycle3 = (LeanToken(0, Q(1, 4), (3, 5)), LeanToken(0, Q(2, 3), (3, 4)), LeanToken(0, Q(4, 5), (4, 5)),
              LeanToken(1, Q(1, 3), (0, 1)), LeanToken(1, Q(3, 4), (1, 2)), LeanToken(1, Q(2, 5), (2, 0)))
    return [("two-token state", TWO_TOKEN_STATE), ("variable self-loop", VARIABLE_SELF_LOOP),
            ("chain of 3 variables", chain3), ("cycle of 3 variables", cycle3)]


@supports("exact")
def memorising_weights_satisfy_lean_order() -> ExactEqual:
    """On four states (two-token, variable self-loop, 3-chain, 3-cycle) the memorising weights give
    decode(TF_W(encode s)) = bp_forwardPass s exactly (rationals)."""
    cases = []
    states = lean_states_for_order()
    for name, st in states:
        got = lean_forward_memorised(st)
        want = [t.belief for t in lean_bp_forward(st)]
        cases += [(f"{name}: token {j}", g, w) for j, (g, w) in enumerate(zip(got, want, strict=True))]
    return ExactEqual(cases, label="state-specific weights (W_V = 0, memorising FFN) satisfy the Lean equation",
                      detail={"states": len(states), "note": "nothing is gathered: W_V = 0"})


CLAIMS = [
    artifact_claim(
        "coppola.bp.construction.lean_order", "the Lean artifact: the statement ∀ state ∃ W",
        memorising_weights_satisfy_lean_order,
        statement=("The Lean statement of transformer_implements_bp (∀ state ∃ W) holds for weights that depend on "
                   "the state and gather nothing: W_V = 0 and a ReLU FFN (width ≤ 8) interpolating the answer."),
        explanation=("Lean lets the weights depend on the state (for every state there are weights), which is much "
                     "weaker than the paper's one set of weights for all states. That weaker statement is met by a "
                     "lookup table: weights that gather nothing and a feed-forward layer that memorises the answer, "
                     "checked exactly on four states."),
        note="So the Lean order is satisfied by a lookup table and says nothing about a transformer implementing BP.",
    ),
]
