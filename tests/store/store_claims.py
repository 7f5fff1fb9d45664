"""Small claims of the store and executor tests (no claim pack involved)."""
from __future__ import annotations

import sympy as sp
import z3

from verify import Claim, Family, Hypothesis, Identity, Implication, Obligation
from verify.registry import Registry

x = z3.Real("x")


def above(n: int) -> Implication:
    return Implication({"above": x > n}, x > -1, label=f"n={n}")


def square_identity() -> Identity:
    a = sp.Symbol("a", positive=True)
    return Identity(a * a / a, a)


def build_demo_claims() -> list[Claim]:
    return [Claim(id="store.demo.claim", paper="p", where="w", statement="s",
                  hypotheses=(Hypothesis("above", "x > n"),), obligations=(Obligation("above", "smt", "supports", "x > n ⇒ x > −1", above,
                                          family=Family("n", range(0, 4))),
                               Obligation("square", "symbolic", "supports", "a²/a = a", square_identity)))]


def registry_of(claims: list[Claim]) -> Registry:
    reg = Registry()
    for c in claims:
        reg.claims[c.id] = c
    return reg
