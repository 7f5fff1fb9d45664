"""The attention part of the uniqueness theorem: a head that routes exactly has W_Q = W_K = projectDim(d)
and W_V = crossProject(s, d). Its premise never holds at a finite inverse temperature, and a weakened
premise ("the same scores as the §7 head") does not force the weights.

Main definitions: :data:`TWO_TOKEN_BELIEFS` (the two-token state); :func:`paper_head_reparametrised`
(the §7 head 0 moved by W_Q → cR·W_Q, W_K → (1/c)R^{−T}·W_K); projectDim and crossProject are
:func:`lemmas.models.paper_construction.project_dim` and ``cross_project``.

Main statements:

* ``coppola.uniqueness.attention`` (Coppola Thm 1.4 = Thm 6.2, attention part), vacuous:
  :func:`softmax_never_routes_exactly` and :func:`gathered_belief_misses_neighbour` prove its premise
  false for every W_Q, W_K, λ.
* ``coppola.uniqueness.attention.hypothesis_met`` (the abstract's "no other path"), refuted by
  :func:`no_head_gathers_exactly_at_two_token_state` (z3 and cvc5).
* ``coppola.uniqueness.attention.same_attention`` (weakened premise), refuted by
  :func:`reparametrised_head_keeps_scores_not_weights` (a z3 model re-checked exactly).
* ``coppola.uniqueness.attention.reparametrization`` (the project's statement):
  :func:`reparametrisation_keeps_scores` (fully symbolic R, a family over the width d); cross-check
  :func:`reparametrisation_keeps_outputs_in_float64`.
"""
from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
import sympy as sp
import z3

from lemmas.models.paper_construction import PAPER_WIDTH, project_dim
from verify import Claim, Consistency, Family, Hypothesis, Identity, Implication, Vacuous, Witness, refutes, supports

from .. import PAPER

WHERE = "Thm 1.4 = Thm 6.2"
Matrix = list[list[Fraction]]

# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.attention (literal): the premise "the head routes exactly" never holds

TWO_TOKEN_BELIEFS = (Fraction(1, 5), Fraction(4, 5))
"""The two-token state of ``coppola.bp.construction``: variable 0 with both slots on factor 1, factor 1
with both slots on variable 0; token 0's head must gather token 1's belief 4/5."""


@supports("smt", uses=("finite_lambda", "two_or_more_tokens"))
def softmax_never_routes_exactly(other_keys: bool = True) -> Vacuous:
    """With n ≥ 2 keys the neighbour's softmax weight e_t/(e_t + Σ_{k≠t} e_k) is < 1 for every score, so no
    W_Q, W_K, λ routes exactly: the statement is true only vacuously.

    Written through e_t = exp(λ s_t) > 0 for the neighbour and R = Σ_{k≠t} exp(λ s_k) for the others:
    whatever W_Q, W_K, λ and the state are (they only fix the scores s_k), R > 0 as soon as there is
    another key. (``other_keys=False`` allows R = 0, a single key: then weight 1 is possible, for
    must-say-no tests.)
    """
    e, R = z3.Reals("e_neighbour R_other_keys")
    hyps = {"finite_lambda": e > 0, "two_or_more_tokens": R > 0 if other_keys else R >= 0}
    return Vacuous({"routes_exactly": e / (e + R) == 1}, hyps,
                   label="softmax weight of the neighbour e_t/(e_t + Σ_{k≠t} e_k) is never 1 for n ≥ 2 keys")


@supports("smt", uses=("finite_lambda", "two_or_more_tokens", "belief_values"))
def gathered_belief_misses_neighbour(values: tuple[Fraction, ...] = TWO_TOKEN_BELIEFS, target: int = 1) -> Vacuous:
    """On the two-token state the gathered belief Σ e_k b_k/Σ e_k is ≠ 4/5 for all e_k > 0, i.e. for every
    W_Q, W_K and λ.

    With the §7 value map (crossProject(0, ·): the value of token k is its belief) the belief a softmax
    head gathers is Σ_k e_k b_k / Σ_k e_k with every e_k = exp(λ s_k) > 0; on the two-token state it
    lies strictly between 1/5 and 4/5. (Other ``values``/``target`` are for must-say-no tests: a target
    strictly inside the values can be met.)"""
    e = [z3.Real(f"e_{k}") for k in range(len(values))]
    total = z3.Real("S")
    vals = [z3.RealVal(str(v)) for v in values]
    gathered = z3.Sum([x * v for x, v in zip(e, vals, strict=True)]) / total
    return Vacuous({"gathers_neighbour_belief": gathered == vals[target]},
                   {"finite_lambda": z3.And([x > 0 for x in e])},
                   definitions={"S": total == z3.Sum(e)},
                   label=(f"beliefs {[str(v) for v in values]}: the gathered belief Σ e_k b_k/Σ e_k is never "
                          f"{values[target]} for e_k > 0"))


@refutes("smt", uses=("finite_lambda",))
def no_head_gathers_exactly_at_two_token_state(values: tuple[Fraction, ...] = TWO_TOKEN_BELIEFS,
                                                target: int = 1) -> Consistency:
    """Exact gathering at the two-token state (beliefs 1/5, 4/5; token 0 must gather 4/5) with every
    e_k = exp(λ s_k) > 0 is unsat (z3 and cvc5), whatever the scores, so for every W_Q, W_K, λ."""
    from ..bp_construction import hardmax_consistency
    return hardmax_consistency(tuple(values), target)


# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.attention.same_attention: exact objects


def _exact(a: np.ndarray) -> Matrix:
    """A 0/1 numpy matrix as exact Fractions."""
    return [[Fraction(int(x)) for x in row] for row in a]


def _mat_mul(A: Matrix, B: Matrix) -> Matrix:
    return [[sum((A[i][k] * B[k][j] for k in range(len(B))), Fraction(0)) for j in range(len(B[0]))]
            for i in range(len(A))]


def _transpose(A: Matrix) -> Matrix:
    return [list(r) for r in zip(*A, strict=True)]


def _scale(c: Fraction, A: Matrix) -> Matrix:
    return [[c * x for x in r] for r in A]


def _inverse(A: Matrix) -> Matrix:
    """Gauss–Jordan in exact arithmetic (raises on a singular matrix)."""
    n = len(A)
    M = [list(r) + [Fraction(int(i == j)) for j in range(n)] for i, r in enumerate(A)]
    for col in range(n):
        piv = next(r for r in range(col, n) if M[r][col] != 0)
        M[col], M[piv] = M[piv], M[col]
        p = M[col][col]
        M[col] = [x / p for x in M[col]]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col]
                M[r] = [x - f * y for x, y in zip(M[r], M[col], strict=True)]
    return [r[n:] for r in M]


def _frobenius_sq(A: Matrix, B: Matrix) -> Fraction:
    return sum(((a - b) ** 2 for ra, rb in zip(A, B, strict=True) for a, b in zip(ra, rb, strict=True)), Fraction(0))


def paper_head_reparametrised(inverse_transpose: bool = True, c: Fraction = Fraction(5), R: Matrix | None = None
                              ) -> tuple[Matrix, Matrix, Matrix]:
    """(R, W_Q', W_K') for the paper's head 0: W_Q' = c·R·projectDim(1), W_K' = (1/c)·R^{−T}·projectDim(1),
    R = L·U with unit lower/upper-triangular integer factors (dense, det 1). ``inverse_transpose=False``
    uses R instead of R^{−T} (a wrong reparametrisation, for tests); tests may pass their own R."""
    rng = np.random.default_rng(62)
    n = PAPER_WIDTH
    L = [[Fraction(1) if i == j else (Fraction(int(rng.integers(-3, 4))) if j < i else Fraction(0))
          for j in range(n)] for i in range(n)]
    U = [[Fraction(1) if i == j else (Fraction(int(rng.integers(-3, 4))) if j > i else Fraction(0))
          for j in range(n)] for i in range(n)]
    R = _mat_mul(L, U) if R is None else R
    R_inv_T = _transpose(_inverse(R)) if inverse_transpose else R
    P = _exact(project_dim(1))
    return R, _scale(c, _mat_mul(R, P)), _scale(1 / c, _mat_mul(R_inv_T, P))


@refutes("smt")
def reparametrised_head_keeps_scores_not_weights(inverse_transpose: bool = True, c: Fraction = Fraction(5),
                                                 R: Matrix | None = None) -> Implication:
    """The paper's head reparametrised by W_Q → cR·W_Q, W_K → (1/c)R^{−T}·W_K has the same scores
    (W_Q'ᵀW_K' = W_QᵀW_K) and weights not of projectDim form (a z3 model, re-checked exactly).

    The claim as an implication over the weights: the hypotheses fix W_Q', W_K' to the reparametrised
    values and state that every score is the paper's, i.e. W_Q'ᵀW_K' = W_QᵀW_K entrywise (the scores
    x_tᵀW_QᵀW_K x_u of every state depend on the weights only through this product).
    """
    n = PAPER_WIDTH
    _, WQ2, WK2 = paper_head_reparametrised(inverse_transpose, c, R)
    WQ = WK = _exact(project_dim(1))
    B = _mat_mul(_transpose(WQ), WK)
    q = [[z3.Real(f"WQ_{i}{j}") for j in range(n)] for i in range(n)]
    k = [[z3.Real(f"WK_{i}{j}") for j in range(n)] for i in range(n)]
    val = lambda x: z3.RealVal(str(x))  # noqa: E731
    chosen = z3.And([q[i][j] == val(WQ2[i][j]) for i in range(n) for j in range(n)]
                    + [k[i][j] == val(WK2[i][j]) for i in range(n) for j in range(n)])
    same = z3.And([z3.Sum([q[t][i] * k[t][j] for t in range(n)]) == val(B[i][j]) for i in range(n) for j in range(n)])
    is_proj = lambda W, d: z3.And([W[i][j] == int(i == d and j == d) for i in range(n) for j in range(n)])  # noqa: E731
    dist_sq = _frobenius_sq(WQ, WQ2) + _frobenius_sq(WK, WK2)
    r_text = "R = L·U, det 1" if R is None else "given R"
    return Implication({"reparametrised_weights": chosen, "same_scores": same},
                       z3.Or([z3.And(is_proj(q, d), is_proj(k, d)) for d in range(n)]),
                       label=(f"paper's head 0 reparametrised (c = {c}, {r_text}): W_Q'ᵀW_K' = W_QᵀW_K ⇒ "
                              f"W_Q' = W_K' = projectDim(d)? (‖ΔW‖_F² = {dist_sq})"),
                       analyse=False)


# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.attention.reparametrization

SYMBOLIC_SIZES = range(1, 5)
"""The key widths d of the symbolic family."""


@supports("symbolic", family=Family("d", SYMBOLIC_SIZES))
def reparametrisation_keeps_scores(d: int, reparam: Callable[[sp.Matrix, sp.Symbol], tuple[sp.Matrix, sp.Matrix]]
                                   | None = None) -> Identity:
    """For symbolic c ≠ 0 and a fully symbolic d×d R: (cR q)·((1/c)adj(R)ᵀ k) = det(R)·(q·k), so with
    R^{−T} = adj(R)ᵀ/det R the score bilinear form is unchanged.

    q = W_Q x and k = W_K y range over all vectors. With R^{−T} = adj(R)ᵀ/det R (Cramer) the
    reparametrised score (cR q)·((1/c)R^{−T} k) is q·k for every invertible R; written with the
    adjugate the identity is polynomial in R, so it is defined for every R (sympy cannot prove
    det R ≠ 0). Tests pass a wrong ``reparam``."""
    R = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"R_{i}{j}", real=True))
    q = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"q_{i}", real=True))
    k = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"k_{i}", real=True))
    c = sp.Symbol("c", real=True, nonzero=True)
    A, B = (c * R, R.adjugate().T / c) if reparam is None else reparam(R, c)
    lhs = ((A * q).T * (B * k))[0, 0]
    return Identity(lhs, R.det() * (q.T * k)[0, 0],
                    label=f"d={d}: (cR q)·((1/c)adj(R)ᵀ k) = det(R)·(q·k), R symbolic {d}×{d}")


@supports("numeric", cross_check=True)
def reparametrisation_keeps_outputs_in_float64() -> Witness:
    """On the generic numpy transformer at d = 8, two weight sets far apart give the same attention
    weights and outputs on random states."""
    from lemmas.models.transformer import AttentionHead, MultiHeadAttention, Transformer

    rng = np.random.default_rng(1462)
    d, n, batch = PAPER_WIDTH, 6, 40
    WQ, WK, WV = (rng.normal(size=(d, d)) for _ in range(3))
    WO = rng.normal(size=(d, d))
    Q1, _ = np.linalg.qr(rng.normal(size=(d, d)))
    Q2, _ = np.linalg.qr(rng.normal(size=(d, d)))
    R, c = Q1 @ np.diag(rng.uniform(0.5, 4.0, size=d)) @ Q2, 6.0
    WQ2 = c * R @ WQ
    WK2 = (1.0 / c) * np.linalg.inv(R).T @ WK
    lam = 1.0 / np.sqrt(d)
    t1 = Transformer((MultiHeadAttention((AttentionHead(WQ, WK, WV, WO, lam=lam),)),))
    t2 = Transformer((MultiHeadAttention((AttentionHead(WQ2, WK2, WV, WO, lam=lam),)),))
    X = rng.normal(size=(batch, n, d))
    a1 = t1.attention_weights(0, X)[0]
    a2 = t2.attention_weights(0, X)[0]
    y1 = np.asarray(t1.forward(X))
    y2 = np.asarray(t2.forward(X))
    dist = float(np.sqrt(np.sum((WQ2 - WQ) ** 2) + np.sum((WK2 - WK) ** 2)))
    observed = np.concatenate([a2.ravel(), y2.ravel()])
    expected = np.concatenate([a1.ravel(), y1.ravel()])
    # Round-off budget: the scores are sums of d products of O(10) terms; 1e-10 absolute is ~10^5 u.
    return Witness(observed, expected, 1e-10, instances=batch,
                   label=f"d={d}, {n} tokens, {batch} random states: same weights and outputs",
                   detail={"frobenius_distance": dist, "c": c, "cond_R": float(np.linalg.cond(R)),
                           "max_weight_diff": float(np.max(np.abs(a1 - a2))),
                           "max_output_diff": float(np.max(np.abs(y1 - y2)))})


_FINITE_LAMBDA = Hypothesis("finite_lambda", "the softmax has a finite inverse temperature λ, so every "
                                             "e_k = exp(λ s_k) > 0")

CLAIMS = [
    Claim(
        id="coppola.uniqueness.attention",
        reading="as-stated",
        paper=PAPER,
        where=WHERE + " (attention part)",
        statement=("If a softmax attention head (any W_Q, W_K, W_V, finite inverse temperature λ) routes exactly — on "
                   "every state it attends to the neighbour named in dim d with weight 1 and gathers that neighbour's "
                   "belief — then W_Q = W_K = projectDim(d) and W_V = crossProject(s, d)."),
        hypotheses=(
            Hypothesis("routes_exactly", "the claim's premise, weight reading: the head gives the neighbour softmax "
                                         "weight e_t/(e_t + Σ_{k≠t} e_k) = 1"),
            Hypothesis("gathers_neighbour_belief", "the claim's premise, gathered-belief reading: the gathered belief "
                                                   "Σ_k e_k b_k/Σ_k e_k is the neighbour's belief"),
            _FINITE_LAMBDA,
            Hypothesis("two_or_more_tokens", "the states include ones with at least two tokens (e.g. the two-token "
                                             "state, beliefs 1/5 and 4/5), so the other keys' Σ_{k≠t} e_k > 0"),
            Hypothesis("belief_values", "for the gathered-belief reading: the §7 value map crossProject(0, ·), so the "
                                        "value of token k is its belief"),
        ),
        obligations=(softmax_never_routes_exactly, gathered_belief_misses_neighbour),
        explanation=("The paper says that an attention head which routes exactly, attending only to a token's "
                     "neighbour, must have the §7 weights projectDim and crossProject. No softmax head at a finite "
                     "temperature ever routes exactly: it gives every other token a positive weight, so the "
                     "neighbour's weight stays below 1, and on a state with beliefs 1/5 and 4/5 the gathered belief "
                     "is never the neighbour's 4/5. The statement is therefore true only vacuously and constrains no "
                     "weights; granting the paper's premise that its own head routes exactly, it would be false (see "
                     ".same_attention)."),
        note="Vacuous: the engine proves the hypothesis false for every weight set; .hypothesis_met refutes it "
             "directly, .same_attention shows what happens if one grants it to the §7 head.",
    ),
    Claim(
        id="coppola.uniqueness.attention.hypothesis_met",
        reading="as-stated",
        paper=PAPER,
        where="abstract ('no other path … to exact posteriors'); " + WHERE + " (attention part, its hypothesis)",
        statement=("The hypothesis of the attention part can be met: some softmax attention head at a finite inverse "
                   "temperature gathers each token's neighbour's belief exactly on every state (the abstract's 'no "
                   "other path to exact posteriors' takes the §7 head to be one)."),
        hypotheses=(_FINITE_LAMBDA,),
        obligations=(no_head_gathers_exactly_at_two_token_state,),
        explanation=("Uniqueness presupposes that some head does route exactly; the paper takes its own §7 head to be "
                     "one. No head at a finite temperature can: on a state with two tokens of beliefs 1/5 and 4/5 "
                     "the gathered belief is a weighted average with both weights positive, so it is never 4/5. "
                     "Both solvers find the equations inconsistent for every choice of scores."),
    ),
    Claim(
        id="coppola.uniqueness.attention.same_attention",
        reading="weakened",
        paper=PAPER,
        where=WHERE + " (attention part, weakened: 'the same attention scores as the §7 head' in place of 'routes "
                      "exactly', the project's reading)",
        statement=("A head with the same attention scores as the §7 head 0 (W_Q = W_K = projectDim(1)) on every state "
                   "has W_Q = W_K = projectDim(d) for some d."),
        hypotheses=(
            Hypothesis("reparametrised_weights", "W_Q' = c·R·W_Q, W_K' = (1/c)·R^{−T}·W_K for the §7 head 0, with "
                                                 "c = 5 and a dense integer R = L·U of determinant 1"),
            Hypothesis("same_scores", "W_Q'ᵀW_K' = W_QᵀW_K entrywise: every score on every state is the §7 head's"),
        ),
        obligations=(reparametrised_head_keeps_scores_not_weights,),
        explanation=("Read with the hypothesis 'behaves like the §7 head', which is what exact routing would give if "
                     "the §7 head routed exactly as Thm 7.1 asserts, the statement is false. Moving W_Q to c·R·W_Q "
                     "and W_K to (1/c)·R^{−T}·W_K for any invertible R leaves every score unchanged, and the engine "
                     "checks exactly a dense 8×8 instance whose weights are far from projectDim."),
    ),
    Claim(
        id="coppola.uniqueness.attention.reparametrization",
        reading="project",
        paper=PAPER,
        where=WHERE + " (the symmetry that defeats .same_attention; the project's own statement)",
        statement=("For every invertible R and c ≠ 0, W_Q → c·R·W_Q, W_K → (1/c)·R^{−T}·W_K leaves every attention "
                   "score, hence every softmax weight and output, unchanged."),
        latex=r"(cRW_Qx)^\top\big(\tfrac1c R^{-\top}W_Ky\big)=(W_Qx)^\top(W_Ky)",
        obligations=(reparametrisation_keeps_scores, reparametrisation_keeps_outputs_in_float64),
        explanation=("Attention scores depend on the query and key weights only through the product W_Qᵀ W_K, so "
                     "many different weight sets give identical attention. Sympy proves the score identity for a "
                     "fully symbolic R of every width up to 4; a float64 run of an 8-wide head with two far-apart "
                     "weight sets gives the same outputs."),
    ),
]
