"""``coppola.uniqueness.*``: "a sigmoid transformer that produces exact posteriors necessarily has BP weights".

The paper (Coppola, Thm 1.4 = Thm 6.2): FFN part, σ(w0·a + w1·b + c) = σ(a + b) for all reals a, b
forces (w0, w1, c) = (1, 1, 0); attention part, exact routing forces W_Q = W_K = projectDim(d),
W_V = crossProject(s, d) (projectDim(d)[i][j] = [i = d ∧ j = d], crossProject(s, d)[i][j] =
[i = d ∧ j = s]).

* ``coppola.uniqueness.ffn`` — proved, nearly trivial (the family already takes log-odds inputs):
  σ is strictly increasing, hence injective (z3, exp abstracted as a positive increasing E); the
  identity at (0,0), (1,0), (0,1) forces (1, 1, 0) (z3, also in one query whose hypothesis analysis
  shows "exp strictly increasing" is necessary); sympy confirms (1, 1, 0) works.
* ``coppola.uniqueness.attention`` — refuted: scores depend on W_Q, W_K only through W_Qᵀ W_K, so
  W_Q → c·R·W_Q, W_K → (1/c)·R^{−T}·W_K keeps every score. On the paper's head 0 (d = 8,
  W_Q = W_K = projectDim(1)) with c = 5 and a dense integer R = L·U (det 1) the engine re-checks
  exactly that W_Q'ᵀW_K' = W_QᵀW_K and that neither is a projectDim matrix.
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

from verify import Claim, Family, Hypothesis, Identity, Implication, Obligation, Witness

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
# coppola.uniqueness.attention: exact objects

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


CLAIMS = [
    Claim(
        id="coppola.uniqueness.ffn",
        reading="as-stated",
        paper=PAPER,
        where="Thm 1.4 = Thm 6.2 (FFN part)",
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
        note="True but nearly trivial: the family σ(w0·a + w1·b + c) already presupposes log-odds inputs.",
    ),
    Claim(
        id="coppola.uniqueness.attention",
        reading="as-stated",
        paper=PAPER,
        where="Thm 1.4 = Thm 6.2 (attention part)",
        statement=("Exact routing forces the attention weights of the §7 construction: W_Q = W_K = projectDim(d), "
                   "W_V = crossProject(s, d); no other weights give the same attention."),
        obligations=(
            Obligation("reparametrized_paper_head.smt", "smt", "refutes",
                       "the paper's head reparametrised by W_Q → cR·W_Q, W_K → (1/c)R^{−T}·W_K has the same scores "
                       "(W_Q'ᵀW_K' = W_QᵀW_K) and weights not of projectDim form (z3 model, re-checked exactly)",
                       reparametrized_paper_head),
        ),
    ),
    Claim(
        id="coppola.uniqueness.attention.reparametrization",
        reading="project",
        paper=PAPER,
        where="Thm 6.2 (the symmetry that defeats it; the project's own statement)",
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
    ),
]
