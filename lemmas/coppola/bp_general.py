"""``coppola.bp.general``: "every sigmoid transformer with any weights implements weighted loopy BP on G(W)".

The paper (Coppola, Thm 1.1 = Thm 6.1): one layer of a sigmoid transformer with any weights W is
one round of weighted loopy BP on its implicit factor graph G(W); the proof is "definitional" (the
Lean proof is reported to be ``rfl``). G(W) is read off the transformer (factor weights = attention
weights, messages = W_V x_u, node update = residual + sigmoid FFN), so this module builds both sides
by separate code and compares the expression trees; the reading with content, "the FFN computes a
weighted log-odds update", is decided separately.

Main definitions:

* for symbolic sizes :data:`SIZES` (n tokens, width d, head width e, M heads, H hidden units): the
  layer :func:`general_layer` (multi-head softmax attention with residual, then a sigmoid FFN with
  residual, no normalisation layer), G(W) :func:`general_factor_graph` and one weighted BP round on
  it :func:`general_bp_round`;
* the same at fixed small sizes with explicit matrices: :func:`transformer_layer`,
  :func:`implicit_factor_graph`, :func:`weighted_bp_round`.

Main statements:

* ``coppola.bp.general`` (as stated) — true by definition, for every size:
  :func:`layer_is_weighted_bp_round_for_every_size` (sympy sums over symbolic ranges, bound indices
  renamed by depth); slow cross-check :func:`layer_is_weighted_bp_round_up_to_3_tokens`.
* ``coppola.bp.general.logodds_update`` (strengthened: σ(a·m + c) = σ(w·logit m + b) on (0,1)) —
  refuted by :func:`log_odds_fit_forces_a_constant_unit` (after σ's injectivity, see
  ``coppola.uniqueness.ffn``), :func:`sigma_m_is_no_log_odds_update` and
  :func:`random_ffn_is_no_log_odds_update`.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
import z3

from verify import Claim, Consistency, Family, NonIdentity, SameTerm, definitional, refutes

from . import PAPER
from .logodds import sigma

N_TOKENS, WIDTH, HIDDEN = 3, 2, 2


def symbolic_weights() -> dict[str, Any]:
    def mat(name: str, r: int, c: int) -> sp.Matrix:
        return sp.Matrix(r, c, lambda i, j: sp.Symbol(f"{name}_{i}{j}", real=True))

    return {"W_Q": mat("WQ", WIDTH, WIDTH), "W_K": mat("WK", WIDTH, WIDTH), "W_V": mat("WV", WIDTH, WIDTH),
            "W_O": mat("WO", WIDTH, WIDTH), "W_1": mat("W1", HIDDEN, WIDTH), "b_1": mat("b1", HIDDEN, 1),
            "W_2": mat("W2", WIDTH, HIDDEN), "b_2": mat("b2", WIDTH, 1),
            "lam": sp.Symbol("lam", real=True)}


def symbolic_states(tokens: int = N_TOKENS) -> list[sp.Matrix]:
    return [sp.Matrix(WIDTH, 1, lambda i, _, t=t: sp.Symbol(f"x{t}_{i}", real=True)) for t in range(tokens)]


def transformer_layer(W: dict[str, Any], X: list[sp.Matrix]) -> list[sp.Matrix]:
    """One sigmoid-transformer layer: softmax attention with residual, then a sigmoid FFN with residual."""
    out = []
    for t in range(len(X)):
        q = W["W_Q"] * X[t]
        scores = [W["lam"] * (q.T * (W["W_K"] * X[u]))[0, 0] for u in range(len(X))]
        exps = [sp.exp(s) for s in scores]
        total = sp.Add(*exps)
        attended = sp.zeros(WIDTH, 1)
        for u in range(len(X)):
            attended += (exps[u] / total) * (W["W_V"] * X[u])
        h = X[t] + W["W_O"] * attended
        hidden = (W["W_1"] * h + W["b_1"]).applyfunc(sigma)
        out.append(h + W["W_2"] * hidden + W["b_2"])
    return out


def implicit_factor_graph(W: dict[str, Any], X: list[sp.Matrix]) -> dict[str, Any]:
    """G(W) as the paper defines it: nodes are tokens; the factor between t and u has weight
    ψ_tu = the attention weight of t on u; the message u → t is W_V x_u; the node update is the
    residual + sigmoid FFN applied to x_t + W_O·(weighted message sum)."""
    n = len(X)
    psi = {}
    for t in range(n):
        q = W["W_Q"] * X[t]
        e = {u: sp.exp(W["lam"] * (q.T * (W["W_K"] * X[u]))[0, 0]) for u in range(n)}
        z = sp.Add(*e.values())
        for u in range(n):
            psi[t, u] = e[u] / z
    messages = {(u, t): W["W_V"] * X[u] for t in range(n) for u in range(n)}

    def update(t: int, m: sp.Matrix) -> sp.Matrix:
        h = X[t] + W["W_O"] * m
        return h + W["W_2"] * (W["W_1"] * h + W["b_1"]).applyfunc(sigma) + W["b_2"]

    return {"nodes": list(range(n)), "factor_weight": psi, "message": messages, "update": update}


def weighted_bp_round(G: dict[str, Any]) -> list[sp.Matrix]:
    """One round of weighted BP on G: each node combines its weighted incoming messages and updates."""
    beliefs = []
    for t in G["nodes"]:
        gathered = sp.zeros(WIDTH, 1)
        for u in G["nodes"]:
            gathered += G["factor_weight"][t, u] * G["message"][u, t]
        beliefs.append(G["update"](t, gathered))
    return beliefs


TOKEN_COUNTS = range(1, N_TOKENS + 1)


@definitional("symbolic", family=Family("tokens", TOKEN_COUNTS), cross_check=True, slow=True)
def layer_is_weighted_bp_round_up_to_3_tokens(tokens: int, graph=implicit_factor_graph) -> SameTerm:
    """With explicit matrices (width 2, one head, sigmoid FFN with 2 hidden units) and 1-3 tokens, the layer and
    one weighted BP round on G(W) are the same sympy expression tree, every token and coordinate."""
    W, X = symbolic_weights(), symbolic_states(tokens)
    lhs = [e for v in transformer_layer(W, X) for e in v]
    rhs = [e for v in weighted_bp_round(graph(W, X)) for e in v]
    return SameTerm(sp.Tuple(*lhs), sp.Tuple(*rhs),
                    label=f"{tokens} token(s), width {WIDTH}: transformer layer = weighted BP round on G(W)")


# ----------------------------------------------------------------------------------------------
# Every size at once: symbolic token count n, width d, head width e, heads M, hidden units H

_POS = dict(integer=True, positive=True)
SIZES = tuple(sp.Symbol(x, **_POS) for x in ("n", "d", "e", "M", "H"))
"""n tokens, width d, head width e, M heads, H hidden units: all symbolic, so one tree covers every size."""


class _Fresh:
    """Bound index names, fresh per use (no capture); the engine renames them by depth before comparing."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, base: str) -> sp.Symbol:
        self.count += 1
        return sp.Symbol(f"{base}{self.count}", **_POS)


def general_weights() -> dict[str, Any]:
    """W_Q, W_K, W_V: M × e × d; W_O: M × d × e; W_1: H × d, b_1: H; W_2: d × H, b_2: d; λ; the state X: n × d."""
    names = ("X", "WQ", "WK", "WV", "WO", "W1", "b1", "W2", "b2")
    W: dict[str, Any] = {k: sp.IndexedBase(k, real=True) for k in names}
    W["lam"] = sp.Symbol("lam", real=True)
    return W


def _linear(fresh: _Fresh, A: Any, rows: tuple, x: Any, d: sp.Symbol) -> sp.Expr:
    """(A x)_rows = Σ_k A[rows…, k]·x(k), k = 1..d."""
    k = fresh("k")
    return sp.Sum(A[(*rows, k)] * x(k), (k, 1, d))


def general_score(fresh: _Fresh, W: dict[str, Any], h: Any, t: Any, u: Any) -> sp.Expr:
    """λ·(W_Q^h x_t)·(W_K^h x_u)."""
    n, d, e, M, H = SIZES
    a = fresh("a")
    X = W["X"]
    q = _linear(fresh, W["WQ"], (h, a), lambda k: X[t, k], d)
    kk = _linear(fresh, W["WK"], (h, a), lambda k: X[u, k], d)
    return W["lam"] * sp.Sum(q * kk, (a, 1, e))


def _ffn_residual(fresh: _Fresh, W: dict[str, Any], hstream: Any, i: Any) -> sp.Expr:
    """h_i + Σ_c W_2[i, c]·σ(Σ_j W_1[c, j] h_j + b_1[c]) + b_2[i] for a residual stream j ↦ h_j."""
    n, d, e, M, H = SIZES
    c = fresh("c")
    pre = _linear(fresh, W["W1"], (c,), hstream, d) + W["b1"][c]
    return hstream(i) + sp.Sum(W["W2"][i, c] * sigma(pre), (c, 1, H)) + W["b2"][i]


def general_layer(W: dict[str, Any], t: sp.Symbol, i: sp.Symbol) -> sp.Expr:
    """Coordinate i of token t after one layer: multi-head softmax attention with residual, then the
    sigmoid FFN with residual (no normalisation layer), for symbolic n, d, e, M, H."""
    n, d, e, M, H = SIZES
    fresh = _Fresh()
    X = W["X"]

    def attended(h: Any, a: Any) -> sp.Expr:
        u, v = fresh("u"), fresh("v")
        weight = sp.exp(general_score(fresh, W, h, t, u)) / sp.Sum(sp.exp(general_score(fresh, W, h, t, v)), (v, 1, n))
        return sp.Sum(weight * _linear(fresh, W["WV"], (h, a), lambda k: X[u, k], d), (u, 1, n))

    def stream(j: Any) -> sp.Expr:
        h, a = fresh("h"), fresh("a")
        return X[t, j] + sp.Sum(sp.Sum(W["WO"][h, j, a] * attended(h, a), (a, 1, e)), (h, 1, M))

    return _ffn_residual(fresh, W, stream, i)


def general_factor_graph(W: dict[str, Any]) -> dict[str, Any]:
    """G(W) as the paper defines it, for symbolic sizes: head h gives a factor between tokens t and u
    with weight ψ^h_tu = the head's attention weight of t on u; the message u → t is W_V^h x_u; the
    node update is the residual + sigmoid FFN of x_t + Σ_h W_O^h (weighted message sum)."""
    n, d, e, M, H = SIZES
    X = W["X"]

    def factor_weight(fresh: _Fresh, h: Any, t: Any, u: Any) -> sp.Expr:
        v = fresh("v")
        return sp.exp(general_score(fresh, W, h, t, u)) / sp.Sum(sp.exp(general_score(fresh, W, h, t, v)), (v, 1, n))

    def message(fresh: _Fresh, h: Any, u: Any, a: Any) -> sp.Expr:
        return _linear(fresh, W["WV"], (h, a), lambda k: X[u, k], d)

    def update(fresh: _Fresh, t: Any, gathered: Any, i: Any) -> sp.Expr:
        def stream(j: Any) -> sp.Expr:
            h, a = fresh("h"), fresh("a")
            return X[t, j] + sp.Sum(sp.Sum(W["WO"][h, j, a] * gathered(h, a), (a, 1, e)), (h, 1, M))
        return _ffn_residual(fresh, W, stream, i)

    return {"factor_weight": factor_weight, "message": message, "update": update}


def general_bp_round(G: dict[str, Any], t: sp.Symbol, i: sp.Symbol) -> sp.Expr:
    """Coordinate i of node t after one round of weighted BP on G: gather Σ_u ψ_tu·m_{u→t} per head, update."""
    n = SIZES[0]
    fresh = _Fresh()

    def gathered(h: Any, a: Any) -> sp.Expr:
        u = fresh("u")
        # the order of fresh names does not matter: the engine renames bound variables by depth
        return sp.Sum(G["factor_weight"](fresh, h, t, u) * G["message"](fresh, h, u, a), (u, 1, n))

    return G["update"](fresh, t, gathered, i)


@definitional("symbolic")
def layer_is_weighted_bp_round_for_every_size(graph=general_factor_graph) -> SameTerm:
    """For symbolic sizes (n tokens, width d, head width e, M heads, H hidden units) and weights, coordinate i of
    token t of the transformer layer and of one weighted BP round on G(W), built by separate code, are the same
    sympy expression tree."""
    W = general_weights()
    t, i = sp.Symbol("t", **_POS), sp.Symbol("i", **_POS)
    return SameTerm(general_layer(W, t, i), general_bp_round(graph(W), t, i),
                    label="every n, d, e, M, H (symbolic), token t, coordinate i: transformer layer = weighted BP "
                          "round on G(W)")


# ----------------------------------------------------------------------------------------------
# coppola.bp.general.logodds_update

_PTS = (Fraction(1, 2), Fraction(3, 4), Fraction(9, 10))


@refutes("smt")
def log_odds_fit_forces_a_constant_unit(require_non_constant: bool = True) -> Consistency:
    """After σ-injectivity, σ(a·m + c) = σ(w·logit m + b) at m = 1/2, 3/4, 9/10 forces a = w = 0 (unsat, z3 and cvc5).

    After σ-injectivity, σ(a·m + c) = σ(w·logit m + b) at m = 1/2, 3/4, 9/10 reads a·m + c = w·logit m + b
    with logit 1/2 = 0, logit 3/4 = log 3 = L, logit 9/10 = log 9 = 2L (L > 0). With the unit non-constant,
    (a, w) ≠ (0, 0), the set is unsat: a refutation by z3 and cvc5. Without it (a = w = 0, c = b) it is
    consistent and refutes nothing."""
    a, c, w, b, L = z3.Reals("a c w b L")
    logits = (z3.RealVal(0), L, 2 * L)
    axioms = {"log3_positive": L > 0}
    if require_non_constant:
        axioms["non_constant_unit"] = z3.Or(a != 0, w != 0)
    for p, lg in zip(_PTS, logits, strict=True):
        axioms[f"agree_at_{p.numerator}_{p.denominator}"] = a * z3.RealVal(str(p)) + c == w * lg + b
    return Consistency(axioms, label="a·m + c = w·logit m + b at 1/2, 3/4, 9/10"
                       + (" with (a, w) ≠ (0, 0)" if require_non_constant else ""))


@refutes("symbolic")
def sigma_m_is_no_log_odds_update() -> NonIdentity:
    """For the unit σ(m) the only (w, b) matching at m = 1/2 and 3/4 misses at m = 9/10 (9/10 vs 1, interval re-check).

    The unit σ(m) (a = 1, c = 0): matching a·m + c = w·logit m + b at m = 1/2 and 3/4 fixes
    b = 1/2 and w = 1/(4 log 3) (two linear equations, logit 1/2 = 0, logit 3/4 = log 3); that
    unique candidate misses at m = 9/10, where logit = log 9 = 2 log 3: 9/10 vs 1/2 + 1/2 = 1."""
    m = sp.Symbol("m", positive=True)
    w = 1 / (4 * sp.log(3))
    b = sp.Rational(1, 2)
    return NonIdentity(m, w * sp.log(m / (1 - m)) + b, {m: sp.Rational(9, 10)}, conditions=(m < 1,),
                       label="σ(m) vs σ(w·logit m + b) with the only (w, b) fitting m = 1/2, 3/4: off by 1/10 "
                             "at m = 9/10")


def random_ffn(seed: int = 61_2026, units: int = 4) -> dict[str, Any]:
    """A sigmoid FFN m ↦ Σ_u v_u σ(A_u m + c_u) + d with random rational weights (tenths)."""
    rng = np.random.default_rng(seed)
    tenth = lambda lo, hi: Fraction(int(rng.integers(lo, hi + 1)), 10)  # noqa: E731
    return {"kind": "two-layer", "A": [tenth(-40, 40) for _ in range(units)],
            "c": [tenth(-20, 20) for _ in range(units)], "v": [tenth(-40, 40) for _ in range(units)],
            "d": tenth(-10, 10)}


def _rat(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def _pre_activation(f: dict[str, Any], m: sp.Expr) -> sp.Expr:
    if f["kind"] == "logodds":          # w·logit m + b itself (a test's must-say-no case)
        return _rat(f["w"]) * sp.log(m / (1 - m)) + _rat(f["b"])
    return sum((_rat(v) * sigma(_rat(A) * m + _rat(c)) for A, c, v in zip(f["A"], f["c"], f["v"], strict=True)),
               _rat(f["d"]))


def _second_difference(g) -> sp.Expr:
    """D(g) = g(9/10) − 2·g(3/4) + g(1/2): zero for every w·logit m + b (logits 2 log 3, log 3, 0)."""
    return g(_rat(_PTS[2])) - 2 * g(_rat(_PTS[1])) + g(_rat(_PTS[0]))


@refutes("symbolic")
def random_ffn_is_no_log_odds_update(ffn: dict[str, Any] | None = None) -> NonIdentity:
    """A random 4-unit sigmoid FFN (rational weights) has g(9/10) − 2g(3/4) + g(1/2) ≠ 0, which every weighted
    log-odds update w·logit m + b makes 0 (interval evaluation).

    The claim gives g(m) = w·logit m + b for some (w, b), hence D(g) = D(w·logit + b) = 0."""
    f = random_ffn() if ffn is None else ffn
    w, b = sp.symbols("w b", real=True)
    logits = {_PTS[0]: sp.Integer(0), _PTS[1]: sp.log(3), _PTS[2]: 2 * sp.log(3)}   # log(9/10 / (1/10)) = 2 log 3
    every_update = _second_difference(lambda m: w * logits[Fraction(int(m.p), int(m.q))] + b)
    assert every_update == 0, every_update
    return NonIdentity(_second_difference(lambda m: _pre_activation(f, m)), every_update, {},
                       label=(f"{len(f.get('A', []))}-unit sigmoid FFN: g(9/10) − 2g(3/4) + g(1/2) ≠ 0 = the same "
                              "combination of any w·logit m + b"))


CLAIMS = [
    Claim(
        id="coppola.bp.general",
        reading="as-stated",
        paper=PAPER,
        where="Thm 1.1 = Thm 6.1 (\"the proof is definitional\")",
        statement=("Every sigmoid transformer, with any weights W, implements one round of weighted loopy belief "
                   "propagation on its implicit factor graph G(W) per layer (a layer: multi-head softmax attention "
                   "with residual, then a sigmoid FFN with residual; any number of tokens, width, heads and hidden "
                   "units)."),
        obligations=(layer_is_weighted_bp_round_for_every_size, layer_is_weighted_bp_round_up_to_3_tokens),
        explanation=("The paper says every sigmoid transformer, whatever its weights, runs one round of weighted "
                     "belief propagation per layer on a factor graph G(W). But G(W) is defined from the layer itself: "
                     "its factor weights are the attention weights, its messages the value vectors and its update the "
                     "layer's feed-forward step. The engine confirms, for every size at once, that both sides are the "
                     "same expression, so the theorem is true by definition and says nothing about inference."),
        note="G(W) is read off the transformer (factor weights = attention weights, messages = W_V x_u, update = "
             "residual + FFN), so the equation holds by definition and says nothing about belief propagation.",
    ),
    Claim(
        id="coppola.bp.general.logodds_update",
        reading="strengthened",
        paper=PAPER,
        where="Thm 1.1 = Thm 6.1 (strengthened: the project's reading with content, the FFN as a weighted log-odds "
              "update)",
        statement=("A sigmoid FFN unit computes a weighted log-odds update of the gathered value: for its weights "
                   "(a, c) there are (w, b) with σ(a·m + c) = σ(w·logit m + b) for all m ∈ (0,1)."),
        obligations=(log_odds_fit_forces_a_constant_unit, sigma_m_is_no_log_odds_update,
                     random_ffn_is_no_log_odds_update),
        explanation=("Read with content, the theorem would say the feed-forward step combines beliefs the way "
                     "belief propagation does, as a weighted sum of log-odds. A sigmoid unit acts on the belief "
                     "itself, not on its log-odds, and the two agree at three points only when the unit is constant; "
                     "a random 4-unit sigmoid network also fails the test every log-odds update passes."),
    ),
]
