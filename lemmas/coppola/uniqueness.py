"""``coppola.uniqueness.*``: "a sigmoid transformer that produces exact posteriors necessarily has BP weights".

The paper (Coppola, Thm 1.4 = Thm 6.2): FFN part, σ(w0·a + w1·b + c) = σ(a + b) for all reals a, b
forces (w0, w1, c) = (1, 1, 0); attention part, exact routing forces W_Q = W_K = projectDim(d),
W_V = crossProject(s, d) (projectDim(d)[i][j] = [i = d ∧ j = d], crossProject(s, d)[i][j] =
[i = d ∧ j = s]).

Definitions: :func:`sigma_of_exp` (σ through E = exp(x)), :func:`project_dim`,
:func:`cross_project`, :func:`reparametrized_weights` (the §7 head 0 moved by W_Q → cR·W_Q,
W_K → (1/c)R^{−T}·W_K), :data:`TWO_TOKEN_BELIEFS`.

* ``coppola.uniqueness.ffn`` — proved, nearly trivial (the family already takes log-odds inputs):
  σ is strictly increasing, hence injective (z3, exp abstracted as a positive increasing E); the
  identity at (0,0), (1,0), (0,1) forces (1, 1, 0) (z3, also in one query whose hypothesis analysis
  shows "exp strictly increasing" is necessary); sympy confirms (1, 1, 0) works.
* ``coppola.uniqueness.attention`` (the literal statement) — proved, but only vacuously: its
  hypothesis never holds. A softmax at finite inverse temperature gives every one of n ≥ 2 keys a
  weight e_t/(e_t + R) < 1 (e_t, R > 0; z3, for every W_Q, W_K, λ and state), and on the two-token
  state (beliefs 1/5, 4/5) the gathered belief lies strictly between the two (z3, every score).
* ``coppola.uniqueness.attention.hypothesis_met`` — refuted: "some head at finite λ routes exactly"
  (which "no other path" presupposes of the §7 head) is unsat on the two-token state (z3 and cvc5).
* ``coppola.uniqueness.attention.same_attention`` (weakened: "the same attention scores as the §7
  head" for "exact routing") — refuted: scores depend on W_Q, W_K only through W_Qᵀ W_K, so
  W_Q → c·R·W_Q, W_K → (1/c)·R^{−T}·W_K keeps every score. On the paper's head 0 (d = 8,
  W_Q = W_K = projectDim(1)) with c = 5 and a dense integer R = L·U (det 1) the engine re-checks
  exactly that W_Q'ᵀW_K' = W_QᵀW_K and that neither is a projectDim matrix. Were the §7 head exact,
  as Thm 7.1 asserts, the reparametrised head would be exact too and the literal statement false.
* ``coppola.uniqueness.attention.reparametrization`` — proved-bounded: for fully symbolic R of
  width d (a family over d) and c ≠ 0, (cRq)·((1/c)·adj(R)ᵀk) = det(R)·(q·k) (sympy; with
  R^{−T} = adj(R)ᵀ/det R the score is unchanged for every invertible R); float64 cross-check on the
  generic numpy transformer at d = 8.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

import numpy as np
import sympy as sp
import z3

from verify import Claim, Consistency, Family, Hypothesis, Identity, Implication, Obligation, Vacuous, Witness

from . import PAPER

# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.ffn

Activation = Callable[[z3.ArithRef], tuple[list[z3.BoolRef], z3.ArithRef]]
"""An activation written through E = exp(x): returns (denominator guards, value)."""


def sigma_of_exp(E: z3.ArithRef) -> tuple[list[z3.BoolRef], z3.ArithRef]:
    """σ(x) = 1/(1 + e^{−x}) = E/(1 + E) with E = exp(x) > 0."""
    return [1 + E > 0], E / (1 + E)


def _exp_facts(x: z3.ArithRef, y: z3.ArithRef, Ex: z3.ArithRef, Ey: z3.ArithRef) -> dict[str, z3.BoolRef]:
    return {
        "exp_positive": z3.And(Ex > 0, Ey > 0),
        "exp_strictly_increasing": z3.And(z3.Implies(x < y, Ex < Ey), z3.Implies(y < x, Ey < Ex)),
    }


def monotonicity_goal(act: Activation = sigma_of_exp, name: str = "σ") -> Implication:
    """act strictly increasing, using only exp > 0 and exp strictly increasing."""
    x, y, Ex, Ey = z3.Reals("x y E_x E_y")
    gx, vx = act(Ex)
    gy, vy = act(Ey)
    return Implication(_exp_facts(x, y, Ex, Ey), z3.Implies(x < y, z3.And(*gx, *gy, vx < vy)),
                       label=f"{name} strictly increasing: x < y ⇒ {name}(x) < {name}(y)", analyse=False)


def injectivity_goal(act: Activation = sigma_of_exp, name: str = "σ") -> Implication:
    """act injective, using only exp > 0 and exp strictly increasing."""
    x, y, Ex, Ey = z3.Reals("x y E_x E_y")
    gx, vx = act(Ex)
    gy, vy = act(Ey)
    return Implication({**_exp_facts(x, y, Ex, Ey), "equal_values": z3.And(*gx, *gy, vx == vy)}, x == y,
                       label=f"{name} injective: {name}(x) = {name}(y) ⇒ x = y")


_POINTS = ((0, 0), (1, 0), (0, 1))


def smt_linear_identity() -> Implication:
    w0, w1, c = z3.Reals("w0 w1 c")
    hyps = {f"agree_at_{a}{b}": w0 * a + w1 * b + c == a + b for a, b in _POINTS}
    return Implication(hyps, z3.And(w0 == 1, w1 == 1, c == 0),
                       label="w0·a + w1·b + c = a + b at (0,0), (1,0), (0,1) ⇒ (w0, w1, c) = (1, 1, 0)")


def smt_whole_chain(act: Activation = sigma_of_exp) -> Implication:
    """From act(w0 a + w1 b + c) = act(a + b) at three points to (1, 1, 0) in one query."""
    w0, w1, c = z3.Reals("w0 w1 c")
    E = [z3.Real(f"E_{i}") for i in range(3)]   # exp(w0 a + w1 b + c) at point i
    F = [z3.Real(f"F_{i}") for i in range(3)]   # exp(a + b) at point i
    t = [w0 * a + w1 * b + c for a, b in _POINTS]
    s = [z3.RealVal(a + b) for a, b in _POINTS]
    agree = []
    for i in range(3):
        ge, ve = act(E[i])
        gf, vf = act(F[i])
        agree.append(z3.And(*ge, *gf, ve == vf))
    hyps = {
        "exp_positive": z3.And([e > 0 for e in E + F]),
        "exp_strictly_increasing": z3.And([z3.And(z3.Implies(t[i] < s[i], E[i] < F[i]),
                                                  z3.Implies(t[i] > s[i], E[i] > F[i])) for i in range(3)]),
        "sigma_agrees_at_three_points": z3.And(agree),
    }
    return Implication(hyps, z3.And(w0 == 1, w1 == 1, c == 0),
                       label="σ(w0 a + w1 b + c) = σ(a + b) at (0,0), (1,0), (0,1) ⇒ (w0, w1, c) = (1, 1, 0)")


def symbolic_sufficiency() -> Identity:
    a, b = sp.symbols("a b", real=True)
    sig = lambda u: 1 / (1 + sp.exp(-u))  # noqa: E731
    return Identity(sig(1 * a + 1 * b + 0), sig(a + b), label="(1, 1, 0) satisfies the identity")


# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.attention (literal): the hypothesis "the head routes exactly" never holds

TWO_TOKEN_BELIEFS = (Fraction(1, 5), Fraction(4, 5))
"""The two-token state: variable 0 with both slots on factor 1, factor 1 with both slots on variable 0
(the state of :data:`lemmas.coppola.bp_construction.TWO_TOKEN_STATE`); token 0's head must gather
token 1's belief 4/5."""


def weight_below_one(other_keys: bool = True) -> Vacuous:
    """A softmax at finite inverse temperature never gives one key weight 1 when there are n ≥ 2 keys.

    Written through e_t = exp(λ s_t) > 0 for the neighbour and R = Σ_{k≠t} exp(λ s_k) for the others:
    whatever W_Q, W_K, λ and the state are (they only fix the scores s_k), R > 0 as soon as there is
    another key, so the premise "the neighbour's weight e_t/(e_t + R) is 1" never holds.
    (``other_keys=False`` allows R = 0, a single key: then weight 1 is possible, for must-say-no tests.)
    """
    e, R = z3.Reals("e_neighbour R_other_keys")
    hyps = {"exp_positive": e > 0,
            "another_key": R > 0 if other_keys else R >= 0}
    return Vacuous({"routes_exactly": e / (e + R) == 1}, hyps,
                   label="softmax weight of the neighbour e_t/(e_t + Σ_{k≠t} e_k) is never 1 for n ≥ 2 keys")


def gathered_value_misses(values: tuple[Fraction, ...] = TWO_TOKEN_BELIEFS, target: int = 1) -> Vacuous:
    """With the §7 value map (crossProject(0, ·): the value of token k is its belief), the belief a softmax
    head gathers is Σ_k e_k b_k / Σ_k e_k with every e_k = exp(λ s_k) > 0; on the two-token state it
    lies strictly between 1/5 and 4/5, so the premise "it gathers the neighbour's 4/5" never holds, for
    every score and λ. (Other ``values``/``target`` are for must-say-no tests: a target strictly inside
    the values can be met.)"""
    e = [z3.Real(f"e_{k}") for k in range(len(values))]
    S = z3.Real("S")
    vals = [z3.RealVal(str(v)) for v in values]
    return Vacuous({"gathers_neighbour_belief": z3.Sum([x * v for x, v in zip(e, vals)]) / S == vals[target]},
                   {"exp_positive": z3.And([x > 0 for x in e])},
                   definitions={"S": S == z3.Sum(e)},
                   label=(f"beliefs {[str(v) for v in values]}: the gathered belief Σ e_k b_k/Σ e_k is never "
                          f"{values[target]} for e_k > 0"))


def routing_consistency(values: tuple[Fraction, ...] = TWO_TOKEN_BELIEFS, target: int = 1) -> Consistency:
    """"Some head at finite λ gathers the neighbour's belief exactly", at the two-token state: unsat."""
    from .bp_construction import hardmax_consistency
    return hardmax_consistency(tuple(values), target)


# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.attention.same_attention: exact objects

D_MODEL = 8


def project_dim(d: int, n: int = D_MODEL) -> list[list[Fraction]]:
    return [[Fraction(int(i == d and j == d)) for j in range(n)] for i in range(n)]


def cross_project(s: int, d: int, n: int = D_MODEL) -> list[list[Fraction]]:
    return [[Fraction(int(i == d and j == s)) for j in range(n)] for i in range(n)]


def _mat_mul(A: list[list[Fraction]], B: list[list[Fraction]]) -> list[list[Fraction]]:
    return [[sum((A[i][k] * B[k][j] for k in range(len(B))), Fraction(0)) for j in range(len(B[0]))]
            for i in range(len(A))]


def _transpose(A: list[list[Fraction]]) -> list[list[Fraction]]:
    return [list(r) for r in zip(*A)]


def _scale(c: Fraction, A: list[list[Fraction]]) -> list[list[Fraction]]:
    return [[c * x for x in r] for r in A]


def _inverse(A: list[list[Fraction]]) -> list[list[Fraction]]:
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
                M[r] = [x - f * y for x, y in zip(M[r], M[col])]
    return [r[n:] for r in M]


def _frobenius_sq(A: list[list[Fraction]], B: list[list[Fraction]]) -> Fraction:
    return sum(((a - b) ** 2 for ra, rb in zip(A, B) for a, b in zip(ra, rb)), Fraction(0))


def _scores(WQ: list[list[Fraction]], WK: list[list[Fraction]], X: list[list[Fraction]]) -> list[list[Fraction]]:
    """scores[t][u] = (W_Q x_t)·(W_K x_u) (W[out][in], the Lean/torch convention)."""
    Q = _mat_mul(X, _transpose(WQ))
    K = _mat_mul(X, _transpose(WK))
    return _mat_mul(Q, _transpose(K))


def reparametrized_weights(inverse_transpose: bool = True, c: Fraction = Fraction(5), R: list | None = None
                           ) -> tuple[list[list[Fraction]], list[list[Fraction]], list[list[Fraction]]]:
    """(R, W_Q', W_K') for the paper's head 0: W_Q' = c·R·projectDim(1), W_K' = (1/c)·R^{−T}·projectDim(1),
    R = L·U with unit lower/upper-triangular integer factors (dense, det 1). ``inverse_transpose=False``
    uses R instead of R^{−T} (a wrong reparametrisation, for tests); tests may pass their own R."""
    rng = np.random.default_rng(62)
    n = D_MODEL
    L = [[Fraction(1) if i == j else (Fraction(int(rng.integers(-3, 4))) if j < i else Fraction(0))
          for j in range(n)] for i in range(n)]
    U = [[Fraction(1) if i == j else (Fraction(int(rng.integers(-3, 4))) if j > i else Fraction(0))
          for j in range(n)] for i in range(n)]
    R = _mat_mul(L, U) if R is None else R
    R_inv_T = _transpose(_inverse(R)) if inverse_transpose else R
    return R, _scale(c, _mat_mul(R, project_dim(1))), _scale(1 / c, _mat_mul(R_inv_T, project_dim(1)))


def reparametrized_paper_head(inverse_transpose: bool = True, c: Fraction = Fraction(5), R: list | None = None
                              ) -> Implication:
    """The claim as an implication over the weights: same scores as the paper's head ⇒ projectDim weights.

    The hypotheses fix W_Q', W_K' to the reparametrised values and state that every
    score is the paper's, i.e. W_Q'ᵀW_K' = W_QᵀW_K entrywise (the scores x_tᵀW_QᵀW_K x_u of every
    state depend on the weights only through this product). A z3 model is a counterexample only
    after the engine re-evaluates it exactly.
    """
    n = D_MODEL
    _, WQ2, WK2 = reparametrized_weights(inverse_transpose, c, R)
    WQ, WK = project_dim(1), project_dim(1)
    B = _mat_mul(_transpose(WQ), WK)
    q = [[z3.Real(f"WQ_{i}{j}") for j in range(n)] for i in range(n)]
    k = [[z3.Real(f"WK_{i}{j}") for j in range(n)] for i in range(n)]
    val = lambda x: z3.RealVal(str(x))  # noqa: E731
    chosen = z3.And([q[i][j] == val(WQ2[i][j]) for i in range(n) for j in range(n)]
                    + [k[i][j] == val(WK2[i][j]) for i in range(n) for j in range(n)])
    same = z3.And([z3.Sum([q[t][i] * k[t][j] for t in range(n)]) == val(B[i][j]) for i in range(n) for j in range(n)])
    is_proj = lambda W, d: z3.And([W[i][j] == int(i == d and j == d) for i in range(n) for j in range(n)])  # noqa: E731
    dist_sq = _frobenius_sq(WQ, WQ2) + _frobenius_sq(WK, WK2)
    return Implication({"reparametrised_weights": chosen, "same_scores": same}, z3.Or([z3.And(is_proj(q, d), is_proj(k, d)) for d in range(n)]),
                       label=(f"paper's head 0 reparametrised (c = {c}, {'R = L·U, det 1' if R is None else 'given R'}): W_Q'ᵀW_K' = W_QᵀW_K ⇒ "
                              f"W_Q' = W_K' = projectDim(d)? (‖ΔW‖_F² = {dist_sq})"),
                       analyse=False)


# ----------------------------------------------------------------------------------------------
# coppola.uniqueness.attention.reparametrization

SYMBOLIC_SIZES = range(1, 5)
"""The key widths d of the symbolic family (the engine prints the bound d ≤ 4)."""


def score_identity(d: int, reparam: Callable[[sp.Matrix, sp.Symbol], tuple[sp.Matrix, sp.Matrix]] | None = None
                   ) -> Identity:
    """(cR q)·((1/c)·adj(R)ᵀ k) = det(R)·(q·k) for symbolic q, k (q = W_Q x and k = W_K y range over all
    vectors) and a fully symbolic d×d matrix R. With R^{−T} = adj(R)ᵀ/det R (Cramer) the reparametrised
    score (cR q)·((1/c)R^{−T} k) is q·k for every invertible R; written with the adjugate the identity
    is polynomial in R, so it is defined for every R (sympy cannot prove det R ≠ 0)."""
    R = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"R_{i}{j}", real=True))
    q = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"q_{i}", real=True))
    k = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"k_{i}", real=True))
    c = sp.Symbol("c", real=True, nonzero=True)
    A, B = (c * R, R.adjugate().T / c) if reparam is None else reparam(R, c)
    lhs = ((A * q).T * (B * k))[0, 0]
    return Identity(lhs, R.det() * (q.T * k)[0, 0],
                    label=f"d={d}: (cR q)·((1/c)adj(R)ᵀ k) = det(R)·(q·k), R symbolic {d}×{d}")


def _random_reparam(rng: np.random.Generator, d: int) -> tuple[np.ndarray, float]:
    Q1, _ = np.linalg.qr(rng.normal(size=(d, d)))
    Q2, _ = np.linalg.qr(rng.normal(size=(d, d)))
    R = Q1 @ np.diag(rng.uniform(0.5, 4.0, size=d)) @ Q2
    return R, 6.0


def reparametrization_witness() -> Witness:
    from lemmas.models.transformer import AttentionHead, MultiHeadAttention, Transformer

    rng = np.random.default_rng(1462)
    d, n, batch = D_MODEL, 6, 40
    WQ, WK, WV = (rng.normal(size=(d, d)) for _ in range(3))
    WO = rng.normal(size=(d, d))
    R, c = _random_reparam(rng, d)
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


WHERE = "Thm 1.4 = Thm 6.2"

CLAIMS = [
    Claim(
        id="coppola.uniqueness.ffn",
        reading="as-stated",
        paper=PAPER,
        where=WHERE + " (FFN part)",
        statement="If σ(w0·a + w1·b + c) = σ(a + b) for all reals a, b, then (w0, w1, c) = (1, 1, 0).",
        latex=r"\forall a,b:\ \sigma(w_0a+w_1b+c)=\sigma(a+b)\ \Rightarrow\ (w_0,w_1,c)=(1,1,0)",
        hypotheses=(
            Hypothesis("identity_for_all_reals", "σ(w0·a + w1·b + c) = σ(a + b) for all real a, b (used at three points)"),
            Hypothesis("exp_positive", "exp(x) > 0 (σ(x) = E/(1+E), E = exp(x))"),
            Hypothesis("exp_strictly_increasing", "x < y ⇒ exp(x) < exp(y)"),
        ),
        obligations=(
            Obligation("sigma_increasing.smt", "smt", "supports",
                       "σ is strictly increasing (z3, exp abstracted as a positive increasing E)",
                       monotonicity_goal, uses=("exp_positive", "exp_strictly_increasing")),
            Obligation("sigma_injective.smt", "smt", "supports",
                       "σ is injective (z3, exp abstracted as a positive increasing E)",
                       injectivity_goal, uses=("exp_positive", "exp_strictly_increasing")),
            Obligation("linear_identity.smt", "smt", "supports",
                       "after injectivity: w0·a + w1·b + c = a + b at three points forces (1, 1, 0) (z3, linear)",
                       smt_linear_identity, uses=("identity_for_all_reals",)),
            Obligation("whole_chain.smt", "smt", "supports",
                       "the chain in one query: σ-equations at (0,0), (1,0), (0,1) ⇒ (1, 1, 0)",
                       smt_whole_chain,
                       uses=("identity_for_all_reals", "exp_positive", "exp_strictly_increasing")),
            Obligation("sufficiency.symbolic", "symbolic", "supports", "(w0, w1, c) = (1, 1, 0) satisfies the identity",
                       symbolic_sufficiency, cross_check=True),
        ),
        explanation=("The paper says the only sigmoid unit σ(w0·a + w1·b + c) that equals σ(a + b) for all inputs has "
                     "w0 = w1 = 1 and c = 0. This is true, because σ is strictly increasing and so one-to-one, and "
                     "three input points then fix the three weights. It is nearly trivial: the unit is already "
                     "assumed to receive log-odds a, b, so it says nothing about how a transformer would get them."),
        note="True but nearly trivial: the family σ(w0·a + w1·b + c) already presupposes log-odds inputs.",
    ),
    Claim(
        id="coppola.uniqueness.attention",
        reading="as-stated",
        paper=PAPER,
        where=WHERE + " (attention part)",
        statement=("If a softmax attention head (any W_Q, W_K, W_V, finite inverse temperature λ) routes exactly — on "
                   "every state it attends to the neighbour named in dim d with weight 1 and gathers that neighbour's "
                   "belief — then W_Q = W_K = projectDim(d) and W_V = crossProject(s, d)."),
        hypotheses=(
            Hypothesis("finite_lambda", "the softmax has a finite inverse temperature λ, so every e_k = exp(λ s_k) > 0"),
            Hypothesis("two_or_more_tokens", "the states include ones with at least two tokens (e.g. the two-token "
                                             "state, beliefs 1/5 and 4/5)"),
            Hypothesis("belief_values", "for the gathered-belief reading: the §7 value map crossProject(0, ·), so the "
                                        "value of token k is its belief"),
        ),
        obligations=(
            Obligation("vacuous.weights.smt", "smt", "supports",
                       "the hypothesis never holds (weight reading): with n ≥ 2 keys the neighbour's softmax weight "
                       "e_t/(e_t + Σ_{k≠t} e_k) is < 1 for every score, so no W_Q, W_K, λ routes exactly (z3); the "
                       "statement is true only vacuously", weight_below_one,
                       uses=("finite_lambda", "two_or_more_tokens")),
            Obligation("vacuous.values.smt", "smt", "supports",
                       "the hypothesis never holds (gathered-belief reading): on the two-token state the gathered "
                       "belief Σ e_k b_k/Σ e_k is ≠ 4/5 for all e_k > 0, i.e. for every W_Q, W_K and λ (z3)",
                       gathered_value_misses, uses=("finite_lambda", "two_or_more_tokens", "belief_values")),
        ),
        explanation=("The paper says that an attention head which routes exactly, attending only to a token's "
                     "neighbour, must have the §7 weights projectDim and crossProject. No softmax head at a finite "
                     "temperature ever routes exactly: it gives every other token a positive weight, so the "
                     "neighbour's weight stays below 1, and on a state with beliefs 1/5 and 4/5 the gathered belief "
                     "is never the neighbour's 4/5. The statement is therefore true only vacuously and constrains no weights; granting the "
                     "paper's premise that its own head routes exactly, it would be false (see .same_attention)."),
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
        hypotheses=(
            Hypothesis("finite_lambda", "the softmax has a finite inverse temperature λ, so every e_k = exp(λ s_k) > 0"),
        ),
        obligations=(
            Obligation("two_token_state.smt", "smt", "refutes",
                       "exact gathering at the two-token state (beliefs 1/5, 4/5; token 0 must gather 4/5) with every "
                       "e_k = exp(λ s_k) > 0 is unsat (z3 and cvc5), whatever the scores, so for every W_Q, W_K, λ",
                       routing_consistency, uses=("finite_lambda",)),
        ),
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
        obligations=(
            Obligation("reparametrized_paper_head.smt", "smt", "refutes",
                       "the paper's head reparametrised by W_Q → cR·W_Q, W_K → (1/c)R^{−T}·W_K has the same scores "
                       "(W_Q'ᵀW_K' = W_QᵀW_K) and weights not of projectDim form (z3 model, re-checked exactly)",
                       reparametrized_paper_head),
        ),
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
        obligations=(
            Obligation("scores.symbolic", "symbolic", "supports",
                       "sympy, symbolic c ≠ 0 and fully symbolic d×d R: (cR q)·((1/c)adj(R)ᵀ k) = det(R)·(q·k), so "
                       "with R^{−T} = adj(R)ᵀ/det R the score bilinear form is unchanged",
                       score_identity, family=Family("d", SYMBOLIC_SIZES)),
            Obligation("outputs.float64", "numeric", "supports",
                       "generic numpy transformer, d = 8: two weight sets far apart give the same attention "
                       "weights and outputs on random states", reparametrization_witness, cross_check=True),
        ),
        explanation=("Attention scores depend on the query and key weights only through the product W_Qᵀ W_K, so "
                     "many different weight sets give identical attention. Sympy proves the score identity for a "
                     "fully symbolic R of every width up to 4; a float64 run of an 8-wide head with two far-apart "
                     "weight sets gives the same outputs."),
    ),
]
