"""``coppola.bp.general``: "every sigmoid transformer with any weights implements weighted loopy BP on G(W)".

What the paper claims (Coppola, Thm 1.1 = Thm 6.1): for any weights W, one layer of a sigmoid
transformer is one round of weighted loopy belief propagation on its implicit factor graph G(W);
the paper calls the proof "definitional" (the Lean proof is reported to be ``rfl``).

What the project found:

* ``coppola.bp.general`` — ``tautological``. G(W) and "weighted BP on G(W)" are defined from the
  transformer's own operations: the factor weights of G(W) are the attention weights α_tu(W, X),
  the message along u → t is W_V x_u, and the node update is the residual + sigmoid FFN. Built by
  two separate code paths for symbolic weights (n = 3 tokens, width d = 2, a sigmoid FFN with two
  hidden units, 35 free real symbols), the two sides are *the same sympy expression tree*
  (structural ``==``, 4,485 nodes per output coordinate), and their difference is 0 by the first
  canonical form. Nothing is proved about belief propagation.
* ``coppola.bp.general.logodds_update`` — refuted: the reading with content, "the sigmoid FFN
  computes a weighted log-odds update of the gathered value", σ(a·m + c) = σ(w·logit m + b) on
  (0,1), forces a = w = 0 (only constant units qualify). By σ's injectivity (proved in
  ``coppola.uniqueness.ffn``) the identity is a·m + c = w·logit m + b; at m = 1/2, 3/4, 9/10 the
  logits are 0, log 3, 2 log 3, so a/4 = w log 3 and 2a/5 = 2 w log 3, hence a = 0 and w = 0 (z3
  unsat; re-derived by sympy's exact linear solve, with the second-derivative identity
  (w logit m)'' = w(2m − 1)/(m²(1−m)²)); and for the unit σ(m) the only (w, b) matching at
  m = 1/2, 3/4 misses at 9/10 by 1/10 in logit scale (sympy, interval re-check). Numerically:
  least-squares fits of w·logit m + b to the pre-activation g of three random single units and three random 4-unit sigmoid FFNs leave residuals
  0.029–0.75 (max over m, logit scale; 0.001–0.19 in probability), far above round-off, and a
  rigorous lower bound |g(9/10) − 2g(3/4) + g(1/2)|/4 (0.0024–0.098) holds for *every* (w, b)
  (re-checked with mpmath intervals from the exact binary values of the weights).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
import z3

from verify import Claim, Consistency, Counterexample, ExactEqual, Identity, NonIdentity, Obligation

from . import PAPER

N_TOKENS, WIDTH, HIDDEN = 3, 2, 2


def _sigmoid_sym(u: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-u))


def symbolic_weights() -> dict[str, Any]:
    def mat(name: str, r: int, c: int) -> sp.Matrix:
        return sp.Matrix(r, c, lambda i, j: sp.Symbol(f"{name}_{i}{j}", real=True))

    return {"W_Q": mat("WQ", WIDTH, WIDTH), "W_K": mat("WK", WIDTH, WIDTH), "W_V": mat("WV", WIDTH, WIDTH),
            "W_O": mat("WO", WIDTH, WIDTH), "W_1": mat("W1", HIDDEN, WIDTH), "b_1": mat("b1", HIDDEN, 1),
            "W_2": mat("W2", WIDTH, HIDDEN), "b_2": mat("b2", WIDTH, 1),
            "lam": sp.Symbol("lam", real=True)}


def symbolic_states() -> list[sp.Matrix]:
    return [sp.Matrix(WIDTH, 1, lambda i, _: sp.Symbol(f"x{t}_{i}", real=True)) for t in range(N_TOKENS)]


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
        hidden = (W["W_1"] * h + W["b_1"]).applyfunc(_sigmoid_sym)
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
        return h + W["W_2"] * (W["W_1"] * h + W["b_1"]).applyfunc(_sigmoid_sym) + W["b_2"]

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


def _both_sides(graph=implicit_factor_graph) -> tuple[list[sp.Expr], list[sp.Expr]]:
    W, X = symbolic_weights(), symbolic_states()
    lhs = [e for v in transformer_layer(W, X) for e in v]
    rhs = [e for v in weighted_bp_round(graph(W, X)) for e in v]
    return lhs, rhs


def exact_same_tree(graph=implicit_factor_graph) -> ExactEqual:
    """Structural equality of sympy expressions (``==`` on ``Basic`` compares the trees, not values)."""
    lhs, rhs = _both_sides(graph)
    cases = [(f"token {i // WIDTH}, coordinate {i % WIDTH}: same tree", a == b, True)
             for i, (a, b) in enumerate(zip(lhs, rhs))]
    return ExactEqual(cases, label="transformer layer and weighted BP on G(W): identical sympy expression trees",
                      detail={"tokens": N_TOKENS, "width": WIDTH, "ffn_hidden": HIDDEN,
                              "tree_nodes_per_coordinate": [sum(1 for _ in sp.preorder_traversal(a)) for a in lhs],
                              "free_weight_symbols": len(set().union(*(e.free_symbols for e in lhs)))})


def symbolic_same_value(graph=implicit_factor_graph) -> list[Identity]:
    lhs, rhs = _both_sides(graph)
    return [Identity(a, b, label=f"token {i // WIDTH}, coordinate {i % WIDTH}") for i, (a, b) in enumerate(zip(lhs, rhs))]


# ----------------------------------------------------------------------------------------------
# coppola.bp.general.logodds_update

_PTS = (Fraction(1, 2), Fraction(3, 4), Fraction(9, 10))


def _forced_constant_axioms(require_non_constant: bool, a: Any, c: Any, w: Any, b: Any, L: Any,
                            ne: Any, or_: Any, eq: Any, const: Any) -> dict[str, Any]:
    """The axioms over one term language (z3 or sympy): the same names and the same formulas.

    logit(1/2) = 0, logit(3/4) = log 3 = L, logit(9/10) = log 9 = 2L (exp(2L) = exp(L)² = 9)."""
    logits = (const(0), L, 2 * L)
    return {
        **({"non_constant_unit": or_(ne(a, 0), ne(w, 0))} if require_non_constant else {}),
        "log3_positive": L > 0,
        **{f"agree_at_{p.numerator}_{p.denominator}": eq(a * const(p) + c, w * l + b)
           for p, l in zip(_PTS, logits)},
    }


def forced_constant(require_non_constant: bool = True) -> Consistency:
    a, c, w, b, L = z3.Reals("a c w b L")
    axioms = _forced_constant_axioms(require_non_constant, a, c, w, b, L, ne=lambda x, y: x != y, or_=z3.Or,
                                     eq=lambda x, y: x == y, const=lambda q: z3.RealVal(str(q)))

    def recheck() -> tuple[bool, str]:
        # The same axioms in sympy, with L instantiated at log 3; the encoding of the logits is checked
        # against sympy's logs, the agreement equations are solved exactly, and every axiom is evaluated
        # on the whole solution family: a contradiction needs an axiom that is false on all of it.
        sa, sc, sw, sb = sp.symbols("a c w b", real=True)
        L3 = sp.log(3)
        sym_axioms = _forced_constant_axioms(require_non_constant, sa, sc, sw, sb, L3, ne=sp.Ne, or_=sp.Or,
                                             eq=sp.Eq, const=lambda q: sp.Rational(q.numerator, q.denominator))
        encoded = all(sp.simplify(sp.expand_log(sp.log(sp.Rational(p.numerator, p.denominator)
                                                       / (1 - sp.Rational(p.numerator, p.denominator))), force=True)
                                  - l) == 0 for p, l in zip(_PTS, (0, L3, 2 * L3)))
        eqs = [ax.lhs - ax.rhs for name, ax in sym_axioms.items() if name.startswith("agree_at_")]
        sols = list(sp.linsolve(eqs, [sa, sw, sc, sb]))
        violated = []
        if len(sols) == 1:
            family = dict(zip([sa, sw, sc, sb], sols[0]))
            for name, ax in sym_axioms.items():
                value = ax.subs(family)
                if value is sp.false:
                    violated.append(name)
        m = sp.Symbol("m", positive=True)
        second = sp.diff(sw * sp.log(m / (1 - m)) + sb - sa * m - sc, m, 2)
        curvature = sp.cancel(sp.together(second - sw * (2 * m - 1) / (m ** 2 * (1 - m) ** 2))) == 0
        ok = encoded and len(sols) == 1 and bool(violated) and curvature
        return ok, (
            f"sympy: logits at 1/2, 3/4, 9/10 are 0, log 3, 2 log 3 ({encoded}); linsolve of the agreement axioms "
            f"gives {sols}; axioms false on every solution: {violated or 'none'}"
            + ("" if violated else " (e.g. a = w = 0, c = b satisfies them all: no contradiction)")
            + f"; (w·logit m + b − a·m − c)'' = w(2m−1)/(m²(1−m)²) ({curvature}), which vanishes on (0,1) only "
            "if w = 0, leaving a·m + c constant: a = 0")

    return Consistency(axioms, label="a·m + c = w·logit m + b at 1/2, 3/4, 9/10"
                       + (" with (a, w) ≠ (0, 0)" if require_non_constant else ""), recheck=recheck)


def unit_misses_at_nine_tenths() -> NonIdentity:
    """The unit σ(m) (a = 1, c = 0): matching a·m + c = w·logit m + b at m = 1/2 and 3/4 fixes
    b = 1/2 and w = 1/(4 log 3) (two linear equations, logit 1/2 = 0, logit 3/4 = log 3); that
    unique candidate misses at m = 9/10, where logit = log 9 = 2 log 3: 9/10 vs 1/2 + 1/2 = 1."""
    m = sp.Symbol("m", positive=True)
    w = 1 / (4 * sp.log(3))
    b = sp.Rational(1, 2)
    return NonIdentity(m, w * sp.log(m / (1 - m)) + b, {m: sp.Rational(9, 10)},
                       label="σ(m) vs σ(w·logit m + b) with the only (w, b) fitting m = 1/2, 3/4: off by 1/10 at m = 9/10")


def _iv(x: float) -> Any:
    f = Fraction(x)  # the exact binary value of the float weight
    return mpmath.iv.mpf(f.numerator) / mpmath.iv.mpf(f.denominator)


def _random_ffns(rng: np.random.Generator) -> list[dict[str, Any]]:
    ffns = []
    for _ in range(3):
        ffns.append({"kind": "unit", "a": float(rng.uniform(1.0, 4.0) * rng.choice([-1, 1])),
                     "c": float(rng.normal())})
    for _ in range(3):
        ffns.append({"kind": "two-layer", "A": rng.normal(0, 2, size=4).tolist(), "c": rng.normal(size=4).tolist(),
                     "v": rng.normal(0, 2, size=4).tolist(), "d": float(rng.normal())})
    return ffns


def _pre_activation(f: dict[str, Any], m: np.ndarray) -> np.ndarray:
    if f["kind"] == "unit":
        return f["a"] * m + f["c"]
    if f["kind"] == "logodds":          # w·logit m + b itself (a test's must-say-no case)
        return f["w"] * np.log(m / (1 - m)) + f["b"]
    hidden = 1.0 / (1.0 + np.exp(-(np.outer(m, f["A"]) + np.asarray(f["c"]))))
    return hidden @ np.asarray(f["v"]) + f["d"]


def _pre_activation_iv(f: dict[str, Any], p: Fraction) -> Any:
    m = mpmath.iv.mpf(p.numerator) / mpmath.iv.mpf(p.denominator)
    if f["kind"] == "unit":
        return _iv(f["a"]) * m + _iv(f["c"])
    if f["kind"] == "logodds":
        return _iv(f["w"]) * mpmath.iv.log(m / (1 - m)) + _iv(f["b"])
    total = _iv(f["d"])
    for A, c, v in zip(f["A"], f["c"], f["v"]):
        total = total + _iv(v) / (1 + mpmath.iv.exp(-(_iv(A) * m + _iv(c))))
    return total


def least_squares_residual(ffns: list[dict[str, Any]] | None = None) -> Counterexample:
    rng = np.random.default_rng(61_2026)
    grid = np.unique(np.concatenate([np.linspace(0.02, 0.98, 97), [float(p) for p in _PTS]]))
    logit = np.log(grid / (1 - grid))
    design = np.stack([logit, np.ones_like(grid)], axis=1)
    ffns = _random_ffns(rng) if ffns is None else ffns
    fits = []
    for f in ffns:
        g = _pre_activation(f, grid)
        (w, b), *_ = np.linalg.lstsq(design, g, rcond=None)
        fit = w * logit + b
        resid = float(np.max(np.abs(g - fit)))
        prob_resid = float(np.max(np.abs(1 / (1 + np.exp(-g)) - 1 / (1 + np.exp(-fit)))))
        at3 = float(max(abs(_pre_activation(f, np.array([float(p)]))[0] - (w * np.log(float(p) / (1 - float(p))) + b))
                        for p in _PTS))
        fits.append({"ffn": f, "w": float(w), "b": float(b), "max_residual_logit_scale": resid,
                     "max_residual_probability": prob_resid, "residual_at_three_points": at3})

    def recheck() -> tuple[bool, str]:
        # For g = w·logit + b the combination D(g) = g(9/10) − 2g(3/4) + g(1/2) is exactly 0 (logits
        # 2 log 3, log 3, 0), and |D(h)| ≤ 4·max_i |h(m_i)| for any h. So every (w, b) leaves a residual
        # ≥ |D(FFN)|/4 at one of the three points: a rigorous lower bound, whatever the fit.
        mpmath.iv.dps = 40
        lines, ok = [], True
        for item in fits:
            f = item["ffn"]
            D = (_pre_activation_iv(f, _PTS[2]) - 2 * _pre_activation_iv(f, _PTS[1]) + _pre_activation_iv(f, _PTS[0]))
            lo = min(abs(D.a), abs(D.b)) / 4 if (D.a > 0 or D.b < 0) else mpmath.mpf(0)
            lower = float(mpmath.mpf(lo))
            excludes_zero = bool(D.a > 0 or D.b < 0)
            consistent = item["residual_at_three_points"] >= lower * (1 - 1e-9)
            ok = ok and excludes_zero and consistent and lower > 1e-6
            lines.append(f"{f['kind']}: every (w,b) leaves ≥ {lower:.4g} (LS fit leaves {item['max_residual_logit_scale']:.4g})")
        return ok, "; ".join(lines)

    return Counterexample(
        "random sigmoid FFNs are not weighted log-odds updates σ(w·logit m + b): the least-squares fit leaves "
        f"residuals {min(f['max_residual_logit_scale'] for f in fits):.3g}–{max(f['max_residual_logit_scale'] for f in fits):.3g} "
        "(logit scale), with an exact lower bound for every (w, b)",
        {"fits": fits, "grid_points": int(grid.size)}, recheck)


CLAIMS = [
    Claim(
        id="coppola.bp.general",
        paper=PAPER,
        where="Thm 1.1 = Thm 6.1 (\"the proof is definitional\")",
        statement=("Every sigmoid transformer, with any weights W, implements one round of weighted loopy belief "
                   "propagation on its implicit factor graph G(W) per layer."),
        obligations=(
            Obligation("same_expression_tree.exact", "exact", "definitional",
                       "for symbolic weights (3 tokens, width 2, sigmoid FFN with 2 hidden units) the transformer "
                       "layer and 'weighted BP on G(W)', built by separate code, are the same sympy expression tree",
                       exact_same_tree, timeout=60),
            Obligation("same_value.symbolic", "symbolic", "definitional",
                       "the same two sides: lhs − rhs is 0 by the first canonical form", symbolic_same_value,
                       timeout=60),
        ),
        note="G(W) is read off the transformer (factor weights = attention weights, messages = W_V x_u, update = "
             "residual + FFN), so the equation holds by definition and says nothing about belief propagation.",
    ),
    Claim(
        id="coppola.bp.general.logodds_update",
        paper=PAPER,
        where="Thm 6.1 read with content (the FFN as a weighted log-odds update)",
        statement=("A sigmoid FFN unit computes a weighted log-odds update of the gathered value: for its weights "
                   "(a, c) there are (w, b) with σ(a·m + c) = σ(w·logit m + b) for all m ∈ (0,1)."),
        obligations=(
            Obligation("forced_constant.smt", "smt", "refutes",
                       "after σ-injectivity, the identity at m = 1/2, 3/4, 9/10 forces a = w = 0 (z3 unsat; re-derived "
                       "by sympy: exact linear solve and the second-derivative identity)", forced_constant, timeout=20),
            Obligation("unit_sigma_m.symbolic", "symbolic", "refutes",
                       "sympy: for the unit σ(m) the only (w, b) matching at m = 1/2 and 3/4 misses at m = 9/10 "
                       "(pre-activations 9/10 vs 1, exact up to log 9 = 2 log 3, interval re-check)",
                       unit_misses_at_nine_tenths),
            Obligation("least_squares.numeric", "numeric", "refutes",
                       "random sigmoid FFNs: least-squares weighted log-odds fits leave residuals far above round-off; "
                       "interval re-check of a lower bound valid for every (w, b)", least_squares_residual),
        ),
    ),
]
