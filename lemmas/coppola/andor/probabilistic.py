"""The paper's probabilistic readings of §8: attention as the AND Π b_k of the gathered beliefs, and the
FFN's updateBelief as the noisy-OR 1 − (1 − m0)(1 − m1) (Boolean OR on near-Boolean inputs).

Main definitions: :func:`attention_equals_and` (the claim "attention output = Π b_k" as an axiom set).

Main statements:

* ``coppola.andor.structure.attention_and`` (§8), refuted by :func:`no_attention_weights_give_and`,
  :func:`no_attention_weights_give_and_of_three` (the claim's equation with its domain is inconsistent,
  for z3 and cvc5) and :func:`uniform_attention_is_not_and_at_paper_values`.
* ``coppola.andor.structure.ffn_or`` (§8, the paper's 0.8/0.4 example), refuted by
  :func:`paper_example_is_not_noisy_or`, :func:`update_belief_is_not_noisy_or` and
  :func:`near_boolean_update_is_not_or`.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp
import z3

from lemmas.models.bp import update_belief
from verify import Claim, Consistency, ExactEqual, NonIdentity, refutes

from .. import PAPER

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
        "output_is_and": z3.Sum([x * y for x, y in zip(a, b, strict=True)]) == _attention_target(b, target),
    }
    what = "Π b_k" if target == "and" else "b_0"
    return Consistency(axioms, label=f"n={n}: Σα_k b_k = {what} on the simplex, b ∈ (0,1)^{n}")


@refutes("smt")
def no_attention_weights_give_and() -> Consistency:
    """No attention weights on the simplex make α0·b0 + α1·b1 = b0·b1 for any b ∈ (0,1)² (the claim's equation
    with its domain is unsat for z3 and for cvc5)."""
    return attention_equals_and(2)


@refutes("smt")
def no_attention_weights_give_and_of_three() -> Consistency:
    """The same for three gathered values: Σα_k b_k ≠ b0·b1·b2 on the simplex."""
    return attention_equals_and(3)


@refutes("exact")
def uniform_attention_is_not_and_at_paper_values() -> ExactEqual:
    """Uniform attention on (0.8, 0.4) gives 3/5 ≠ 8/25."""
    b0, b1 = Fraction(4, 5), Fraction(2, 5)
    out = (b0 + b1) / 2
    return ExactEqual([("uniform attention on (0.8, 0.4) vs AND", out, b0 * b1)],
                      label="attention output 3/5 vs probabilistic AND 8/25",
                      detail={"attention_output": str(out), "and": str(b0 * b1)})


# ----------------------------------------------------------------------------------------------
# .ffn_or

_M0, _M1 = Fraction(4, 5), Fraction(2, 5)


@refutes("exact")
def paper_example_is_not_noisy_or() -> ExactEqual:
    """updateBelief(0.8, 0.4) = 8/11 = 0.7272… ≠ noisy-OR 22/25 = 0.88 (AND would be 8/25 = 0.32)."""
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


@refutes("symbolic")
def update_belief_is_not_noisy_or(point: dict | None = None) -> NonIdentity:
    """updateBelief(m0, m1) ≠ 1 − (1 − m0)(1 − m1), at a point of (0,1)² (the paper's (4/5, 2/5))."""
    return NonIdentity(update_belief(_s0, _s1), 1 - (1 - _s0) * (1 - _s1), point or _POINT,
                       label="updateBelief ≠ noisy-OR at (4/5, 2/5)", conditions=_UNIT)


@refutes("exact")
def near_boolean_update_is_not_or(eps: Fraction = Fraction(1, 10 ** 6)) -> ExactEqual:
    """updateBelief(1 − 10⁻⁶, 10⁻⁶) = 1/2 ≠ 1 = OR (= 1/2 for every ε: ``.boolean_limit.update_belief``).

    updateBelief on an almost-true and an almost-false input, against the OR truth value 1."""
    return ExactEqual([(f"updateBelief(1 − {eps}, {eps}) vs OR = 1", update_belief(1 - eps, eps), Fraction(1))],
                      label="near-Boolean inputs (1 − ε, ε): updateBelief vs Boolean OR",
                      detail={"noisy_or": str(1 - eps * (1 - eps))})


CLAIMS = [
    Claim(
        id="coppola.andor.structure.attention_and",
        reading="as-stated",
        paper=PAPER,
        where=("§8 (attention is AND; AND read as the probability Π_k b_k that all gathered events hold, the product "
               "the paper's AND decomposition folds)"),
        statement="Attention computes the probabilistic AND of the gathered values: Σ_k α_k b_k = Π_k b_k.",
        explanation=("An attention output is a weighted average of the gathered beliefs, so it lies between their "
                     "smallest and largest value, while the probability that all of them hold is below the smallest. "
                     "No choice of attention weights gives it, for any beliefs strictly between 0 and 1 (checked by "
                     "two solvers); on the paper's 0.8 and 0.4, uniform attention gives 3/5, the AND is 8/25."),
        obligations=(no_attention_weights_give_and, no_attention_weights_give_and_of_three,
                     uniform_attention_is_not_and_at_paper_values),
    ),
    Claim(
        id="coppola.andor.structure.ffn_or",
        reading="as-stated",
        paper=PAPER,
        where="§8 (the FFN is OR: its update updateBelief as OR of two beliefs; the paper's 0.8/0.4 example)",
        statement=("The FFN's update updateBelief computes OR of its inputs: the noisy-OR 1 − (1 − m0)(1 − m1) of two "
                   "beliefs, and Boolean OR on (nearly) true/false inputs."),
        explanation=("updateBelief adds log-odds; that is neither the probability that at least one of two events "
                     "holds nor Boolean OR. On the paper's own 0.8 and 0.4 it gives 8/11 ≈ 0.727, the noisy-OR is "
                     "0.88; on an almost-true and an almost-false input it gives exactly 1/2, where OR is 1."),
        obligations=(paper_example_is_not_noisy_or, update_belief_is_not_noisy_or, near_boolean_update_is_not_or),
    ),
]
