"""``coppola.andor.structure``: "attention is AND, the FFN is OR, their alternation is Pearl's gather/update".

The paper (Coppola, §8, abstract "Fourth"): attention computes AND, the FFN computes OR, and their
strict alternation is exactly Pearl's gather/update. As a whole an interpretation (``not-formal``);
its readings are the sub-claims. AND of beliefs is read as the probability Π b_k that all hold (the
product the paper's AND decomposition folds), OR as noisy-OR 1 − Π(1 − b_k), and on {0,1} as Boolean.

* ``.attention_and`` — refuted: Σ α_k b_k on the simplex is ≥ min b, Π b_k < min b on (0,1)ⁿ; the
  claim's equation with its domain is unsat for z3 and cvc5 (n = 2, 3), so no attention weights give
  the AND for any values; the paper's (0.8, 0.4) with uniform attention give 3/5, not 8/25 (exact).
* ``.ffn_or`` — refuted: updateBelief(0.8, 0.4) = 8/11, noisy-OR 22/25 (exact; sympy at the point
  inside (0,1)²); updateBelief(1 − 10⁻⁶, 10⁻⁶) = 1/2, Boolean OR 1 (exact).
* ``.boolean_limit`` — proved: σ(λ(x0 + x1 − 1/2)) is OR and σ(λ(x0 + x1 − 3/2)) is AND on {0,1}²
  within σ(−λ/2), attained, for every λ > 0 (z3 with E = exp(λ/2) > 1 and exp(kλ/2) = E^k; float64
  cross-check for λ from 0.5 to 60).
* ``.boolean_limit.attention`` — proved: softmax attention over x ∈ {0,1}² with scores −λx_k is AND and
  with scores +λx_k is OR within σ(−λ), attained, for every λ > 0 (z3 with E = exp(λ) > 1).
* ``.boolean_limit.update_belief`` — proved: updateBelief(1 − m, m) = 1/2 for every m ∈ (0,1) (sympy).
* ``.gather_update`` — witnessed on the project's correct sum-product transformer
  (:mod:`lemmas.models.sum_product_transformer`, masked) on 25 random stars Y1 → X ← Y2: the read-out
  attention of X's read-out token (its first outgoing edge) reads exactly Y1 → X and Y2 → X and holds
  h1 + h2 (the reference sum-product messages), the read-out FFN writes updateBelief(σh1, σh2) = the
  exact P(X=1); blocks alternate (gather attention, update FFN) × rounds, then read-out. Not the
  paper's §7 construction (see ``coppola.bp.construction``).
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import sympy as sp
import z3

from lemmas.models.transformer import sigmoid
from verify import (
    Claim,
    Consistency,
    ExactEqual,
    Hypothesis,
    Identity,
    Implication,
    NonIdentity,
    Obligation,
    Witness,
)

from . import PAPER
from .logodds import update_belief

# ----------------------------------------------------------------------------------------------
# .attention_and


def _attention_target(b: list, target: str):
    """What the attention output is asked to equal (works on z3 and sympy terms alike)."""
    if target == "and":
        prod = b[0]
        for x in b[1:]:
            prod = prod * x
        return prod
    if target == "first":
        return b[0]
    raise ValueError(f"unknown target {target!r}")


def attention_equals_and(n: int, target: str = "and") -> Consistency:
    """The claim as an axiom set: weights on the simplex, values in (0,1)ⁿ, output = the AND. Unsat (z3 and
    cvc5) means no attention weights give the AND for any values. ``target="first"`` (output = b_0, which
    attention can do) is a consistent set: the tests check that it refutes nothing."""
    a = [z3.Real(f"alpha_{k}") for k in range(n)]
    b = [z3.Real(f"b_{k}") for k in range(n)]
    axioms = {
        "weights_on_simplex": z3.And(*[x >= 0 for x in a], z3.Sum(a) == 1),
        "values_in_unit": z3.And(*[z3.And(x > 0, x < 1) for x in b]),
        "output_is_and": z3.Sum([x * y for x, y in zip(a, b)]) == _attention_target(b, target),
    }

    return Consistency(axioms, label=f"n={n}: Σα_k b_k = {'Π b_k' if target == 'and' else 'b_0'} on the simplex, b ∈ (0,1)^{n}")


def smt_attention_not_and() -> Consistency:
    return attention_equals_and(2)


def smt_attention_not_and_3() -> Consistency:
    return attention_equals_and(3)


def exact_uniform_attention() -> ExactEqual:
    b0, b1 = Fraction(4, 5), Fraction(2, 5)
    out = (b0 + b1) / 2
    return ExactEqual([("uniform attention on (0.8, 0.4) vs AND", out, b0 * b1)],
                      label="attention output 3/5 vs probabilistic AND 8/25",
                      detail={"attention_output": str(out), "and": str(b0 * b1)})


# ----------------------------------------------------------------------------------------------
# .ffn_or

_M0, _M1 = Fraction(4, 5), Fraction(2, 5)


def exact_paper_example() -> ExactEqual:
    ub = update_belief(_M0, _M1)
    noisy_or = 1 - (1 - _M0) * (1 - _M1)
    conj = _M0 * _M1
    return ExactEqual([("updateBelief(0.8, 0.4) vs noisy-OR", ub, noisy_or)],
                      label="the paper's example, exact",
                      detail={"updateBelief": f"{ub} = {float(ub):.6f}", "noisy_or": f"{noisy_or} = {float(noisy_or)}",
                              "and": f"{conj} = {float(conj)}"})


_s0, _s1 = sp.symbols("m0 m1", positive=True)
_POINT = {_s0: sp.Rational(4, 5), _s1: sp.Rational(2, 5)}


_UNIT = (_s0 < 1, _s1 < 1)   # with positive=True: the beliefs lie in (0, 1)


def symbolic_not_noisy_or(point: dict | None = None) -> NonIdentity:
    return NonIdentity(update_belief(_s0, _s1), 1 - (1 - _s0) * (1 - _s1), point or _POINT,
                       label="updateBelief ≠ noisy-OR at (4/5, 2/5)", conditions=_UNIT)


def exact_boolean_corner(eps: Fraction = Fraction(1, 10 ** 6)) -> ExactEqual:
    """updateBelief on an almost-true and an almost-false input against the OR truth value 1."""
    return ExactEqual([(f"updateBelief(1 − {eps}, {eps}) vs OR = 1", update_belief(1 - eps, eps), Fraction(1))],
                      label="near-Boolean inputs (1 − ε, ε): updateBelief vs Boolean OR",
                      detail={"noisy_or": str(1 - eps * (1 - eps))})


# ----------------------------------------------------------------------------------------------
# .boolean_limit

GATES = {"or": (Fraction(1, 2), lambda x0, x1: int(x0 or x1)),
         "and": (Fraction(3, 2), lambda x0, x1: int(x0 and x1))}


def _power(E: z3.ArithRef, k: int) -> z3.ArithRef:
    out = z3.RealVal(1)
    for _ in range(k):
        out = out * E
    return out


def boolean_gate(beta: Fraction, truth, name: str) -> Implication:
    """|σ(λ(x0 + x1 − β)) − truth(x0, x1)| ≤ σ(−λ/2) on {0,1}², with equality somewhere, for all λ > 0.

    With E = exp(λ/2): λ(s − β) = k·λ/2 for the integer k = 2s − 2β, so exp(λ(s − β)) = E^k
    (exp additive) and σ(λ(s − β)) = E^k/(1 + E^k), = 1/(1 + E^{−k}) for k < 0; σ(−λ/2) = 1/(1 + E).
    """
    if (2 * beta).denominator != 1:
        raise ValueError("2β must be an integer for the E^k abstraction")
    lam, E = z3.Reals("lambda E")
    bound = 1 / (1 + E)
    guards, errs = [1 + E > 0], []
    for x0, x1 in itertools.product((0, 1), repeat=2):
        k = int(2 * (x0 + x1) - 2 * beta)
        Ek = _power(E, abs(k))
        guards.append(1 + Ek > 0)
        sig = Ek / (1 + Ek) if k >= 0 else 1 / (1 + Ek)
        errs.append(sig - truth(x0, x1))
    within = [z3.And(-bound <= e, e <= bound) for e in errs]
    attained = z3.Or([z3.Or(e == bound, -e == bound) for e in errs])
    hyps = {"lambda_positive": lam > 0,
            "exp_increasing": z3.Implies(lam > 0, E > 1)}   # exp(λ/2) > exp(0) = 1
    return Implication(hyps, z3.And(*guards, *within, attained),
                       label=f"{name}: σ(λ(x0+x1−{beta})) within σ(−λ/2) of the truth table, bound attained")


def smt_boolean_or() -> Implication:
    beta, truth = GATES["or"]
    return boolean_gate(beta, truth, "or")


def smt_boolean_and() -> Implication:
    beta, truth = GATES["and"]
    return boolean_gate(beta, truth, "and")


def attention_gate(sign: int, truth, name: str, exact_bound: bool = True) -> Implication:
    """Softmax attention over the values x ∈ {0,1}² with scores sign·λ·x_k, against ``truth`` on {0,1}².

    With E = exp(λ) > 1: exp(±λ) = E^{±1}, exp(0) = 1, so the output at x is Σ_k x_k e_k / Σ_k e_k with
    e_k ∈ {1, E, 1/E}; the bound is σ(−λ) = 1/(1 + E) (``exact_bound=False``: the tests' σ(−2λ))."""
    lam, E = z3.Reals("lambda E")
    bound = 1 / (1 + E) if exact_bound else 1 / (1 + E * E)
    errs = []
    for x in itertools.product((0, 1), repeat=2):
        e = [E if sign * v == 1 else 1 / E if sign * v == -1 else z3.RealVal(1) for v in x]
        errs.append((x[0] * e[0] + x[1] * e[1]) / (e[0] + e[1]) - truth(*x))
    within = [z3.And(-bound <= d, d <= bound) for d in errs]
    attained = z3.Or([z3.Or(d == bound, -d == bound) for d in errs])
    hyps = {"lambda_positive": lam > 0, "exp_increasing": z3.Implies(lam > 0, E > 1)}   # exp(λ) > exp(0) = 1
    return Implication(hyps, z3.And(*within, attained),
                       label=f"attention, scores {'+' if sign > 0 else '−'}λx: {name} within σ(−λ), attained")


def smt_attention_and() -> Implication:
    return attention_gate(-1, GATES["and"][1], "and")


def smt_attention_or() -> Implication:
    return attention_gate(1, GATES["or"][1], "or")


def symbolic_mixed_corner(value=sp.Rational(1, 2)) -> Identity:
    """updateBelief(1 − m, m) = 1/2 for every m ∈ (0,1), in odds coordinates m = 1/(1+r)."""
    r = sp.Symbol("r", positive=True)
    hi, lo = r / (1 + r), 1 / (1 + r)
    return Identity(update_belief(hi, lo, lo, hi), value, label="updateBelief(1 − m, m) = 1/2 for every m ∈ (0, 1)")


def symbolic_sigma_symmetry() -> Identity:
    x = sp.Symbol("x", real=True)
    sig = lambda u: 1 / (1 + sp.exp(-u))  # noqa: E731
    return Identity(1 - sig(x), sig(-x), label="1 − σ(x) = σ(−x) (the error at a true entry)")


def float_boolean_limit() -> Witness:
    lams = np.array([0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 60.0])
    worst = []
    for lam in lams:
        errs = []
        for name, (beta, truth) in GATES.items():
            for x0, x1 in itertools.product((0, 1), repeat=2):
                errs.append(abs(sigmoid(np.float64(lam * (x0 + x1 - float(beta)))) - truth(x0, x1)))
        worst.append(max(errs))
    bound = sigmoid(-lams / 2)
    return Witness(np.array(worst), bound, 1e-15 + 4e-16 * bound, instances=len(lams),
                   label="float64: worst error over OR and AND equals σ(−λ/2)",
                   detail={"lambdas": lams.tolist(), "bounds": bound.tolist()})


# ----------------------------------------------------------------------------------------------
# .gather_update (the correct concrete transformer of lemmas.models)

WITNESS_GRAPHS = 25


def _stars(rng: np.random.Generator):
    from lemmas.models import from_edges

    out = []
    for _ in range(WITNESS_GRAPHS):
        tables = rng.uniform(0.05, 1.0, size=(2, 2, 2))
        unary = [(1.0, 1.0)] + [tuple(rng.uniform(0.1, 1.0, size=2)) for _ in range(2)]  # no prior on X
        out.append(from_edges(3, [(1, 0), (2, 0)], tables, unary))  # parents Y1 = 1, Y2 = 2 of X = 0
    return out


def gather_update_witness(combine=update_belief) -> Witness:
    """``combine`` is the update the FFN is claimed to compute from the two gathered messages.

    The construction (:mod:`lemmas.models.sum_product_transformer`, masked variant) has no token per
    variable: X's belief is read at its *read-out token*, the token of its first outgoing edge
    (``readout_positions``). In a round an edge token gathers only its cavity set (X→Y1 sees Y2→X
    alone), so the token that holds both parents' messages is X's read-out token after the read-out
    attention block (mask ``"readout"``, keys ``readout_set``: all incoming edges of X). Per star we
    check that (1) those keys are exactly the tokens of the edges Y1→X and Y2→X, (2) the read-out
    attention writes h1 + h2 into GATHER there, (3) h1, h2 on the edge tokens before that block equal
    independent sum-product's messages, and (4) the read-out FFN writes combine(σh1, σh2), which
    (for updateBelief) equals the exact P(X=1).
    """
    from lemmas.models import (
        LAYOUT,
        build_sum_product_transformer,
        encode_graphs,
        exact_marginals,
        sum_product_messages,
    )
    from lemmas.models.transformer import FeedForward, MultiHeadAttention

    rng = np.random.default_rng(8_2026)
    obs, exp = [], []
    rows = {"keys": [], "gather": [], "messages": [], "update": [], "marginal": []}
    for g in _stars(rng):
        rounds = g.diameter()
        enc = encode_graphs(g)
        model = build_sum_product_transformer(rounds, enc.slots)
        # blocks: rounds x [gather attention, update FFN], then [read-out attention, read-out FFN]
        gather_block, update_block = model.blocks[2 * rounds], model.blocks[2 * rounds + 1]
        if not (isinstance(gather_block, MultiHeadAttention) and gather_block.name == "readout"
                and isinstance(update_block, FeedForward) and update_block.name == "readout"):
            raise AssertionError(f"unexpected read-out blocks: {gather_block.name!r}, {update_block.name!r}")
        states = model.forward(enc.x, enc.masks, trace=True)   # states[k] = stream after block k
        entering, gathered, updated = states[2 * rounds - 1], states[2 * rounds], states[2 * rounds + 1]
        x_tok = int(enc.readout_positions[0][0])               # X's read-out token (its edge X -> Y1)
        into_x = enc.edge_positions[0][[0, 2]]                  # tokens of directed edges Y1->X, Y2->X
        keys = np.sort(enc.readout_set(0)[0])                   # what the read-out attention of X reads
        h = entering[0, into_x, LAYOUT["MSG"]]
        m = sum_product_messages(g, rounds)[[0, 2]]             # independent reference BP
        h_ref = np.log(m[:, 1]) - np.log(m[:, 0])
        g_x = gathered[0, x_tok, LAYOUT["GATHER"]]
        belief = updated[0, x_tok, LAYOUT["BELIEF"]]
        sig = 1.0 / (1.0 + np.exp(-h))
        ub = combine(float(sig[0]), float(sig[1]))
        truth = float(exact_marginals(g)[0])
        for key, o, e in (("keys", keys[0], np.sort(into_x)[0]), ("keys", keys[1], np.sort(into_x)[1]),
                          ("gather", g_x, h.sum()), ("messages", h[0], h_ref[0]), ("messages", h[1], h_ref[1]),
                          ("update", belief, ub), ("marginal", belief, truth)):
            obs.append(float(o))
            exp.append(float(e))
            rows[key].append(abs(float(o) - float(e)))
    return Witness(np.array(obs), np.array(exp), 1e-12, instances=WITNESS_GRAPHS,
                   label=("stars Y1→X←Y2: the read-out attention gathers h1 + h2 into X's read-out token (its first "
                          "outgoing edge), the read-out FFN writes updateBelief(σh1, σh2) = P(X=1)"),
                   detail={f"max_error_{k}": max(v) for k, v in rows.items()})


def exact_alternation() -> ExactEqual:
    """The block kinds and names of the built model, against gather/update alternation.

    ``build_sum_product_transformer`` gives ``rounds`` x [gather attention, update FFN] and then
    [read-out attention, read-out FFN]: each attention block (gather) is followed by an FFN (update),
    rounds + 1 times; the last pair gathers all incoming messages and updates the belief.
    """
    from lemmas.models import build_sum_product_transformer
    from lemmas.models.transformer import MultiHeadAttention

    cases = []
    for variant in ("masked", "unmasked"):
        for rounds in (0, 1, 2, 3, 5):
            model = build_sum_product_transformer(rounds, 2, variant=variant)
            kinds = tuple(("attention" if isinstance(b, MultiHeadAttention) else "ffn", b.name) for b in model.blocks)
            want = (("attention", "gather"), ("ffn", "update")) * rounds + (("attention", "readout"), ("ffn", "readout"))
            cases.append((f"{variant}, rounds={rounds}", kinds, want))
    return ExactEqual(cases, label=("block sequence is (gather attention, update FFN) x rounds, then (read-out "
                                    "attention, read-out FFN): attention and FFN strictly alternate"))


CLAIMS = [
    Claim(
        id="coppola.andor.structure",
        reading="as-stated",
        paper=PAPER,
        where="§8; abstract (\"Fourth\")",
        statement=("Attention is AND, the FFN is OR, and their strict alternation is Pearl's gather/update "
                   "algorithm exactly."),
        formal=False,
        explanation=("As worded this is an interpretation, so its parts are decided one by one. Read probabilistically, "
                     "attention cannot compute AND and updateBelief is not OR; read on true/false inputs, attention and "
                     "a sigmoid unit can each compute both AND and OR, so the split is a choice of weights, not a "
                     "property of the blocks. A transformer whose attention gathers and whose FFN updates does exist."),
        note="An interpretation; its checkable readings are the sub-claims .attention_and, .ffn_or, "
             ".boolean_limit (with .attention and .update_belief) and .gather_update.",
    ),
    Claim(
        id="coppola.andor.structure.attention_and",
        reading="as-stated",
        paper=PAPER,
        where=("§8 (attention is AND; AND read as the probability Π_k b_k that all gathered events hold, the product "
               "the paper's AND decomposition folds)"),
        statement="Attention computes the probabilistic AND of the gathered values: Σ_k α_k b_k = Π_k b_k.",
        explanation=("An attention output is a weighted average of the gathered beliefs, so it lies between their "
                     "smallest and largest value, while the probability that all of them hold is below the smallest. "
                     "No choice of attention weights gives it, for any beliefs strictly between 0 and 1 (checked by two "
                     "solvers); on the paper's 0.8 and 0.4, uniform attention gives 3/5, the AND is 8/25."),
        obligations=(
            Obligation("convex_not_product.smt", "smt", "refutes",
                       "no attention weights on the simplex make α0·b0 + α1·b1 = b0·b1 for any b ∈ (0,1)² (the "
                       "claim's equation with its domain is unsat for z3 and for cvc5)", smt_attention_not_and),
            Obligation("convex_not_product.n3.smt", "smt", "refutes",
                       "the same for three gathered values: Σα_k b_k ≠ b0·b1·b2 on the simplex", smt_attention_not_and_3),
            Obligation("paper_values.exact", "exact", "refutes",
                       "uniform attention on (0.8, 0.4) gives 3/5 ≠ 8/25", exact_uniform_attention),
        ),
    ),
    Claim(
        id="coppola.andor.structure.ffn_or",
        reading="as-stated",
        paper=PAPER,
        where="§8 (the FFN is OR: its update updateBelief as OR of two beliefs; the paper's 0.8/0.4 example)",
        statement=("The FFN's update updateBelief computes OR of its inputs: the noisy-OR 1 − (1 − m0)(1 − m1) of two "
                   "beliefs, and Boolean OR on (nearly) true/false inputs."),
        explanation=("updateBelief adds log-odds; that is neither the probability that at least one of two events "
                     "holds nor Boolean OR. On the paper's own 0.8 and 0.4 it gives 8/11 ≈ 0.727, the noisy-OR is 0.88; "
                     "on an almost-true and an almost-false input it gives exactly 1/2, where OR is 1."),
        obligations=(
            Obligation("paper_example.exact", "exact", "refutes",
                       "updateBelief(0.8, 0.4) = 8/11 = 0.7272… ≠ noisy-OR 22/25 = 0.88 (AND would be 8/25 = 0.32)",
                       exact_paper_example),
            Obligation("not_noisy_or.symbolic", "symbolic", "refutes", "updateBelief ≠ 1 − (1−m0)(1−m1)",
                       symbolic_not_noisy_or),
            Obligation("boolean_corner.exact", "exact", "refutes",
                       "updateBelief(1 − 10⁻⁶, 10⁻⁶) = 1/2 ≠ 1 = OR (exact; = 1/2 for every ε: .boolean_limit.update_belief)",
                       exact_boolean_corner),
        ),
    ),
    Claim(
        id="coppola.andor.structure.boolean_limit",
        reading="project",
        paper=PAPER,
        where="§8 (the project's Boolean reading: a sigmoid unit, the FFN's building block, as a gate)",
        statement=("For every λ > 0, σ(λ(x0 + x1 − 1/2)) computes OR and σ(λ(x0 + x1 − 3/2)) computes AND on "
                   "{0,1}², each within σ(−λ/2) of the truth table (and the bound is attained)."),
        explanation=("On true/false inputs a single sigmoid unit computes OR or AND, depending only on its bias, as "
                     "closely as wanted: the error is exactly σ(−λ/2), which vanishes as the weight λ grows. So the FFN "
                     "is not tied to OR."),
        latex=r"\max_{x\in\{0,1\}^2}\big|\sigma(\lambda(x_0+x_1-\beta))-g(x)\big|=\sigma(-\lambda/2),\ \beta\in\{\tfrac12,\tfrac32\}",
        hypotheses=(
            Hypothesis("lambda_positive", "λ > 0"),
            Hypothesis("exp_increasing", "exp is increasing with exp(0) = 1, so E = exp(λ/2) > 1"),
            Hypothesis("exp_additive", "exp(kλ/2) = E^k for integer k (exp(a+b) = exp(a)exp(b))"),
        ),
        obligations=(
            Obligation("bound_or.smt", "smt", "supports",
                       "OR gate, z3 with E = exp(λ/2) > 1: every entry within 1/(1+E) = σ(−λ/2), equality at some entry",
                       smt_boolean_or, uses=("lambda_positive", "exp_increasing", "exp_additive")),
            Obligation("bound_and.smt", "smt", "supports",
                       "AND gate, z3 with E = exp(λ/2) > 1: every entry within 1/(1+E) = σ(−λ/2), equality at some entry",
                       smt_boolean_and, uses=("lambda_positive", "exp_increasing", "exp_additive")),
            Obligation("symmetry.symbolic", "symbolic", "supports", "1 − σ(x) = σ(−x)", symbolic_sigma_symmetry),
            Obligation("bound.float64", "numeric", "supports",
                       "float64: the worst error over both gates equals σ(−λ/2) for λ ∈ [0.5, 60]",
                       float_boolean_limit, cross_check=True),
        ),
    ),
    Claim(
        id="coppola.andor.structure.boolean_limit.attention",
        reading="project",
        paper=PAPER,
        where="§8 (the project's Boolean reading: softmax attention as a gate)",
        statement=("For every λ > 0, softmax attention over values x ∈ {0,1}² with scores −λx_k computes AND and with "
                   "scores +λx_k computes OR, each within σ(−λ) of the truth table (and the bound is attained)."),
        latex=r"\max_{x\in\{0,1\}^2}\Big|\tfrac{\sum_k x_k e^{\pm\lambda x_k}}{\sum_k e^{\pm\lambda x_k}}-g(x)\Big|"
              r"=\sigma(-\lambda)",
        explanation=("On true/false inputs attention can compute AND (attend to the smallest value) or OR (attend to the "
                     "largest), within σ(−λ), which vanishes as λ grows. Attention is no more tied to AND than the FFN "
                     "is to OR."),
        hypotheses=(
            Hypothesis("lambda_positive", "λ > 0"),
            Hypothesis("exp_increasing", "exp is increasing with exp(0) = 1, so E = exp(λ) > 1"),
            Hypothesis("exp_additive", "exp(±λ) = E^{±1} (exp(a+b) = exp(a)exp(b))"),
        ),
        obligations=(
            Obligation("and.smt", "smt", "supports",
                       "scores −λx_k, z3 with E = exp(λ) > 1: every entry within 1/(1+E) = σ(−λ) of AND, equality at "
                       "some entry", smt_attention_and, uses=("lambda_positive", "exp_increasing", "exp_additive")),
            Obligation("or.smt", "smt", "supports",
                       "scores +λx_k: every entry within σ(−λ) of OR, equality at some entry", smt_attention_or,
                       uses=("lambda_positive", "exp_increasing", "exp_additive")),
        ),
    ),
    Claim(
        id="coppola.andor.structure.boolean_limit.update_belief",
        reading="project",
        paper=PAPER,
        where="§8 (the project's Boolean reading: updateBelief on near-Boolean inputs)",
        statement=("updateBelief(1 − m, m) = 1/2 for every m ∈ (0, 1): on one almost-true and one almost-false input "
                   "the FFN's update is 1/2 however close the inputs are to 1 and 0, so no limit makes it OR (1) or "
                   "AND (0)."),
        explanation=("The update the paper calls OR returns exactly 1/2 when one input says yes and the other no, "
                     "however confident they are. It agrees with OR and AND only where those two agree (both inputs true "
                     "or both false)."),
        hypotheses=(Hypothesis("m_in_unit", "m ∈ (0, 1), m = 1/(1 + r) with r > 0"),),
        obligations=(
            Obligation("mixed_corner.symbolic", "symbolic", "supports", "updateBelief(1 − m, m) = 1/2 (sympy, odds "
                       "coordinates)", symbolic_mixed_corner, uses=("m_in_unit",)),
        ),
    ),
    Claim(
        id="coppola.andor.structure.gather_update",
        reading="weakened",
        paper=PAPER,
        where=("§8 (alternation = Pearl's gather/update; weakened: shown for one transformer, the project's "
               "sum-product construction)"),
        statement=("In a transformer that runs sum-product, each attention block gathers the parents' messages into "
                   "the child's token and the following FFN combines them into the updated belief."),
        explanation=("In the project's sum-product transformer, attention and FFN blocks alternate, the attention block "
                     "sums the incoming messages into one token and the FFN turns that sum into the updated belief, "
                     "matching exact inference on 25 random three-variable stars. This shows the pattern exists, not "
                     "that every transformer, or the paper's own construction, follows it."),
        obligations=(
            Obligation("stars.float64", "numeric", "supports",
                       "the project's sum-product transformer on random stars Y1→X←Y2: the read-out attention "
                       "reads exactly Y1→X, Y2→X and writes h1 + h2 into X's read-out token; messages = reference "
                       "sum-product; read-out FFN output = updateBelief(σh1, σh2) = exact P(X=1)",
                       gather_update_witness),
            Obligation("alternation.exact", "exact", "supports",
                       "the block sequence is (gather attention, update FFN) × rounds, then (read-out attention, "
                       "read-out FFN): attention and FFN strictly alternate",
                       exact_alternation, cross_check=True),
        ),
    ),
]
