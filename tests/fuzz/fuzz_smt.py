"""SMT statements of known truth.

Truth comes from the construction, with exact rationals (``fractions``) and never from a
solver: a conclusion that is a nonnegative combination of the hypotheses (a Farkas / sum-of-
squares certificate) is true; a conclusion violated at a point that satisfies every hypothesis
is false (the point is the model); hypotheses containing ``a·x ≤ b`` and ``a·x ≥ b + t``
(t > 0) are vacuous. Also: divisions by terms that vanish under the hypotheses, definitions
that are not conservative, families, inductions (true closed forms, false ones, malformed ones
that would smuggle the conclusion in), converses, consistency audits, role misuse, quantified
divisions, and random integer formulas (div, mod, if-then-else, and/or/implies) on a bounded box
whose truth is found by enumerating every point with the SMT-LIB semantics written out here.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import product
from typing import Any

import z3
from hypothesis import strategies as st

from verify.goals import Consistency, Family, Implication, Induction
from fuzz_harness import Case, FuzzFamily, ideal

NAMES = ("x", "y", "z")
coef = st.integers(-3, 3)
lam = st.sampled_from([Fraction(0), Fraction(0), Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3)])


def num(v: Fraction, sort: str) -> Any:
    v = Fraction(v)
    if sort == "Int":
        assert v.denominator == 1
        return z3.IntVal(v.numerator)
    return z3.RealVal(f"{v.numerator}/{v.denominator}") if v.denominator != 1 else z3.RealVal(v.numerator)


def variables(nv: int, sort: str) -> list[Any]:
    mk = z3.Int if sort == "Int" else z3.Real
    return [mk(NAMES[i]) for i in range(nv)]


def lin(a: list[int], xs: list[Any], sort: str) -> Any:
    terms = [c * x for c, x in zip(a, xs) if c]
    return z3.Sum(terms) if len(terms) > 1 else terms[0] if terms else num(Fraction(0), sort)


def dot(a, x0) -> Fraction:
    return sum((Fraction(c) * v for c, v in zip(a, x0)), Fraction(0))


def value(draw, sort: str, lo: int = -4, hi: int = 4) -> Fraction:
    if sort == "Int":
        return Fraction(draw(st.integers(lo, hi)))
    return Fraction(draw(st.integers(lo * 3, hi * 3)), draw(st.sampled_from([1, 2, 3])))


def rel(lhs: Any, rhs: Any, strict: bool, flip: bool) -> Any:
    """lhs < rhs (strict) or lhs ≤ rhs, written as ≥ / > when flip."""
    if flip:
        return rhs > lhs if strict else rhs >= lhs
    return lhs < rhs if strict else lhs <= rhs


@st.composite
def linear_hyps(draw, sort: str):
    """Hypotheses a_i·x ≤ b_i (or <) that the point x0 satisfies."""
    nv = draw(st.integers(1, 3))
    xs = variables(nv, sort)
    x0 = [value(draw, sort) for _ in range(nv)]
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        a = [draw(coef) for _ in range(nv)]
        slack = Fraction(draw(st.sampled_from([0, 0, 1, 2, 3])))
        if sort == "Real" and draw(st.booleans()):
            slack = slack / 2
        strict = slack > 0 and draw(st.booleans())
        rows.append((a, dot(a, x0) + slack, strict))
    return xs, x0, rows


def hyp_dict(xs, rows, sort, draw) -> dict[str, Any]:
    return {f"h{i}": rel(lin(a, xs, sort), num(b, sort), strict, draw(st.booleans()))
            for i, (a, b, strict) in enumerate(rows)}


def _ideal_for(truth: bool | None, role: str) -> frozenset[str]:
    if truth is None:
        return ideal("error") if role == "supports" else ideal("error", "unknown")
    if truth:
        return ideal("proved") if role == "supports" else ideal("unknown")
    return ideal("refuted")


@st.composite
def conclusion_for(draw, xs, x0, rows, sort: str, kind: str):
    """``(lhs term, rhs value, strict, why)`` of a conclusion ``lhs < / ≤ rhs`` that is true (a
    nonnegative combination of the hypotheses plus a slack) or false (violated at x0)."""
    nv = len(xs)
    if kind == "true":
        lams = [draw(lam) for _ in rows]
        if sort == "Int":
            lams = [Fraction(int(l)) for l in lams]
        c = [sum(l * r[0][j] for l, r in zip(lams, rows)) for j in range(nv)]
        t = Fraction(draw(st.sampled_from([0, 0, 1, 2])))
        d = sum((l * r[1] for l, r in zip(lams, rows)), Fraction(0)) + t
        strict = (t > 0 or any(l > 0 and r[2] for l, r in zip(lams, rows))) and draw(st.booleans())
        lhs = z3.Sum([num(cj, sort) * x for cj, x in zip(c, xs)]) if nv > 1 else num(c[0], sort) * xs[0]
        return lhs, d, strict, f"conclusion = {[str(l) for l in lams]}·hypotheses + {t}"
    a = [draw(coef) for _ in range(nv)]
    if not any(a):
        a[0] = 1
    strict = draw(st.booleans())
    t = Fraction(0) if strict else Fraction(draw(st.sampled_from([1, 2])), 1 if sort == "Int" else 2)
    return lin(a, xs, sort), dot(a, x0) - t, strict, f"violated at the model {dict(zip(NAMES, map(str, x0)))}"


@st.composite
def linear_case(draw, sort: str):
    """A linear implication, true by a Farkas certificate, false at x0, or vacuous."""
    xs, x0, rows = draw(linear_hyps(sort))
    nv = len(xs)
    kind = draw(st.sampled_from(["true", "true", "false", "false", "vacuous"]))
    hyps = hyp_dict(xs, rows, sort, draw)
    truth: bool | None
    if kind in ("true", "false"):
        lhs, d, strict, why = draw(conclusion_for(xs, x0, rows, sort, kind))
        concl = rel(lhs, num(d, sort), strict, draw(st.booleans()))
        truth = kind == "true"
    else:
        a = [draw(coef) for _ in range(nv)]
        if not any(a):
            a[0] = 1
        b = Fraction(draw(st.integers(-3, 3)))
        t = Fraction(draw(st.sampled_from([1, 2])))
        hyps["c1"] = lin(a, xs, sort) <= num(b, sort)
        hyps["c2"] = lin(a, xs, sort) >= num(b + t, sort)
        concl = lin([draw(coef) for _ in range(nv)], xs, sort) <= num(value(draw, sort), sort)
        truth = None
        why = "vacuous: c1 and c2 contradict each other"
    role = draw(st.sampled_from(["supports", "supports", "refutes"]))
    goal = Implication(hyps, concl, label="fuzz")
    return Case(f"linear-{sort.lower()}", "smt", role, lambda: goal, truth, _ideal_for(truth, role),
                f"Implication({hyps}, {concl}) [{kind}: {why}]")


@st.composite
def int_vs_real(draw):
    """x > c ⇒ x ≥ c + 1 holds over Int, not over Real; 2x = 2y + 1 is vacuous over Int only."""
    sort = draw(st.sampled_from(["Int", "Real"]))
    c = draw(st.integers(-5, 5))
    kind = draw(st.sampled_from(["succ", "parity"]))
    x, y = variables(2, sort)
    if kind == "succ":
        goal = Implication({"gt": x > c}, x >= c + 1)
        truth = sort == "Int"
    else:
        goal = Implication({"odd": 2 * x == 2 * y + 1}, x == y + num(Fraction(1, 2), "Real") if sort == "Real"
                           else x >= y)
        truth = True if sort == "Real" else None
    role = draw(st.sampled_from(["supports", "refutes"]))
    return Case("int-vs-real", "smt", role, lambda: goal, truth, _ideal_for(truth, role),
                f"{sort}: Implication({goal.hypotheses}, {goal.conclusion})")


# --- nonlinear: polynomials as {exponents: Fraction} -----------------------------------------

def padd(p, q, k=Fraction(1)):
    out = dict(p)
    for m, c in q.items():
        out[m] = out.get(m, Fraction(0)) + k * c
    return {m: c for m, c in out.items() if c}


def pmul(p, q):
    out: dict = {}
    for (m1, c1), (m2, c2) in product(p.items(), q.items()):
        m = tuple(i + j for i, j in zip(m1, m2))
        out[m] = out.get(m, Fraction(0)) + c1 * c2
    return {m: c for m, c in out.items() if c}


def peval(p, x0) -> Fraction:
    tot = Fraction(0)
    for m, c in p.items():
        t = c
        for e, v in zip(m, x0):
            t *= v ** e
        tot += t
    return tot


def pz3(p, xs):
    terms = []
    for m, c in sorted(p.items()):
        t = num(c, "Real")
        for e, x in zip(m, xs):
            for _ in range(e):
                t = t * x
        terms.append(t)
    return z3.Sum(terms) if len(terms) > 1 else terms[0] if terms else z3.RealVal(0)


@st.composite
def poly(draw, nv: int, deg: int):
    mons = [m for m in product(range(deg + 1), repeat=nv) if sum(m) <= deg]
    p = {}
    for m in draw(st.lists(st.sampled_from(mons), min_size=1, max_size=4, unique=True)):
        p[m] = Fraction(draw(coef.filter(bool)))
    return p


@st.composite
def nonlinear_case(draw):
    nv = draw(st.integers(1, 2))
    xs = variables(nv, "Real")
    x0 = [value(draw, "Real", -2, 2) for _ in range(nv)]
    one = {(0,) * nv: Fraction(1)}
    hs = []
    for _ in range(draw(st.integers(1, 3))):
        p = draw(poly(nv, 2))
        s = Fraction(draw(st.sampled_from([0, 1, 2])))
        hs.append(padd(padd(p, one, -peval(p, x0)), one, s))  # h(x0) = s ≥ 0
    hyps = {f"h{i}": pz3(h, xs) >= 0 for i, h in enumerate(hs)}
    kind = draw(st.sampled_from(["sos", "product", "false"]))
    if kind == "sos":
        g: dict = {}
        for h in hs:
            g = padd(g, h, draw(lam))
        for _ in range(draw(st.integers(0, 2))):
            l = draw(poly(nv, 1))
            g = padd(g, pmul(l, l), Fraction(draw(st.integers(1, 2))))
        kappa = Fraction(draw(st.sampled_from([0, 1])))
        g = padd(g, one, kappa)
        concl = pz3(g, xs) > 0 if kappa > 0 else pz3(g, xs) >= 0
        truth: bool | None = True
    elif kind == "product":
        i, j = draw(st.integers(0, len(hs) - 1)), draw(st.integers(0, len(hs) - 1))
        concl = pz3(pmul(hs[i], hs[j]), xs) >= 0
        truth = True
    else:
        r = draw(poly(nv, 2))
        t = Fraction(draw(st.sampled_from([1, 2])), draw(st.sampled_from([1, 2])))
        g = padd(padd(r, one, -peval(r, x0)), one, -t)  # g(x0) = -t < 0
        concl = pz3(g, xs) >= 0
        truth = False
    role = draw(st.sampled_from(["supports", "supports", "refutes"]))
    goal = Implication(hyps, concl)
    return Case("nonlinear-real", "smt", role, lambda: goal, truth, _ideal_for(truth, role),
                f"Implication({hyps}, {concl}) [{kind}; x0 = {[str(v) for v in x0]}]")


# --- divisions -------------------------------------------------------------------------------

@st.composite
def division_case(draw):
    """Divisions by D, a term that vanishes at a point satisfying the hypotheses."""
    sort = draw(st.sampled_from(["Real", "Real", "Int"]))
    xs, x0, rows = draw(linear_hyps(sort))
    hyps = hyp_dict(xs, rows, sort, draw)
    x = xs[0]
    w = z3.Real("w") if sort == "Real" else z3.Int("w")
    hyps_w = dict(hyps)
    a = [draw(coef) for _ in xs]
    if not any(a):
        a[0] = 1
    D = lin(a, xs, sort) - num(dot(a, x0), sort)  # D(x0) = 0
    div = (lambda u, v: u / v)
    kind = draw(st.sampled_from(["taut-sub", "taut-or", "taut-eq", "cancel", "hyp", "pow", "mod", "wrong-order",
                                 "guard-implies", "guard-or", "guard-ite", "guard-hyp", "guard-and", "def-unguarded",
                                 "def-guarded"]))
    if sort == "Int" and kind == "pow":
        kind = "mod"
    truth: bool | None = None
    if kind == "taut-sub":
        concl = div(w, D) - div(w, D) == 0
    elif kind == "taut-or":
        concl = z3.Or(div(w, D) >= 0, div(w, D) < 0)
    elif kind == "taut-eq":
        concl = div(w, D) == div(w, D)
    elif kind == "cancel":
        concl = div(w * D, D) == w
    elif kind == "hyp":
        hyps_w["q"] = div(w, D) > 1
        concl = div(w, D) > 0
    elif kind == "pow":
        concl = D ** -1 - D ** -1 == 0
    elif kind == "mod":
        concl = (w % D) - (w % D) == 0 if sort == "Int" else div(w, D) * 0 == 0
    elif kind == "wrong-order":
        concl = z3.Or(div(w * D, D) == w, D == 0)
    elif kind == "guard-implies":
        concl, truth = z3.Implies(D != 0, div(w * D, D) == w), True
    elif kind == "guard-or":
        concl, truth = z3.Or(D == 0, div(w * D, D) == w), True
    elif kind == "guard-ite":
        concl, truth = z3.If(D == 0, w, div(w * D, D)) == w, True
    elif kind == "guard-and":
        concl, truth = z3.Or(z3.And(D != 0, div(w * D, D) == w), D == 0), True
    elif kind in ("def-unguarded", "def-guarded"):
        c = z3.Real("c") if sort == "Real" else z3.Int("c")
        defs = {"c_def": c == div(w * D, D)}
        if kind == "def-guarded":
            hyps_w = {"dnz": D != 0}
            concl, truth = c == w, True
        else:
            concl = c - c == 0
        goal = Implication(hyps_w, concl, definitions=defs)
        return Case(f"division-{'guarded' if truth else 'unguarded'}", "smt", "supports", lambda: goal, truth,
                    ideal("proved") if truth else ideal("unknown"),
                    f"{sort}: Implication({hyps_w}, {concl}, definitions={defs}) [{kind}; D = {D}]")
    else:  # guard-hyp: D ≠ 0 among the hypotheses (x0 + a shift satisfies them)
        hyps_w = {"dnz": D != 0}
        concl, truth = div(w * D, D) == w, True
    role = "supports"
    if truth is None:
        ide = ideal("unknown")
    else:
        ide = ideal("proved")
    goal = Implication(hyps_w, concl)
    return Case(f"division-{'guarded' if truth else 'unguarded'}", "smt", role, lambda: goal, truth, ide,
                f"{sort}: Implication({hyps_w}, {concl}) [{kind}; D = {D} vanishes at {[str(v) for v in x0]}]")


@st.composite
def root_of_negative(draw):
    """x^(1/2) for x < 0 is not a real number; z3 gives it some value."""
    x = z3.Real("x")
    c = draw(st.integers(1, 9))
    e = draw(st.sampled_from([z3.Q(1, 2), z3.Q(1, 3), z3.Q(3, 2)]))
    h = draw(st.sampled_from([x == -c, x < 0, x <= -c]))
    concl = draw(st.sampled_from([x ** e >= 0, z3.Or(x ** e >= 0, x ** e < 0), x ** e == x ** e,
                                  x ** e - x ** e == 0]))
    goal = Implication({"neg": h}, concl)
    return Case("smt-root-of-negative", "smt", "supports", lambda: goal, None, ideal("unknown"),
                f"Implication({{'neg': {h}}}, {concl}) [x ** {e} is undefined for x < 0]")


@st.composite
def quantified_division(draw):
    """Divisions under quantifiers: ∀t. G(t) ⇒ ∀s. (… /s …) with an inner z3-tautology that is
    undefined at s = 0, and well-formed quantified divisions whose divisor is never zero."""
    x, t, s_ = z3.Reals("x t s")
    kind = draw(st.sampled_from(["nested-undefined", "nested-undefined", "flat-undefined", "guarded", "positive"]))
    inner = draw(st.sampled_from([lambda d: d / d == d / d, lambda d: z3.Or(1 / d >= 0, 1 / d < 0),
                                  lambda d: x / d - x / d == 0]))
    D = draw(st.sampled_from([lambda v: v, lambda v: v - 1, lambda v: 2 * v]))
    if kind == "nested-undefined":
        guard = draw(st.sampled_from([t > 0, t != 0, t >= 1, t * t > 0]))
        concl = z3.ForAll([t], z3.Implies(guard, z3.ForAll([s_], inner(D(s_)))))
        truth: bool | None = None
        why = "the inner divisor is zero at some s whatever t is"
    elif kind == "flat-undefined":
        concl = z3.ForAll([s_], inner(D(s_)))
        truth, why = None, "the divisor is zero at some s"
    elif kind == "guarded":
        concl = z3.ForAll([s_], z3.Implies(D(s_) != 0, D(s_) * (x / D(s_)) == x))
        truth, why = True, "guarded by D(s) ≠ 0"
    else:
        concl = z3.ForAll([s_], x * x / (s_ * s_ + 1) >= 0)
        truth, why = True, "s² + 1 > 0"
    goal = Implication({"h": x >= 0}, concl)
    return Case("smt-quantified-division", "smt", "supports", lambda: goal, truth,
                ideal("unknown", "error") if truth is None else ideal("proved"),
                f"Implication({{'h': x >= 0}}, {concl}) [{kind}: {why}]")


# --- definitions -----------------------------------------------------------------------------

@st.composite
def definitions_case(draw):
    xs, x0, rows = draw(linear_hyps("Real"))
    hyps = hyp_dict(xs, rows, "Real", draw)
    nv = len(xs)
    c1, c2 = z3.Reals("c1 c2")
    kind = draw(st.sampled_from(["conservative", "chain", "self", "self2", "cyclic", "twice", "twice-same",
                                 "order", "not-eq", "lhs-expr", "lhs-num", "lhs-app", "contradict"]))
    a = [draw(coef) for _ in range(nv)]
    if not any(a):
        a[0] = 1
    t = lin(a, xs, "Real")
    v0 = dot(a, x0)
    truth: bool | None
    if kind in ("conservative", "chain"):
        # a true or false conclusion L ≤ d, stated through names: c1 = L (and c2 = 2·c1 + 1)
        which = draw(st.sampled_from(["true", "false"]))
        lhs, d, strict, why = draw(conclusion_for(xs, x0, rows, "Real", which))
        truth = which == "true"
        if kind == "conservative":
            defs = {"d1": c1 == lhs}
            concl = rel(c1, num(d, "Real"), strict, draw(st.booleans()))
        else:
            defs = {"d1": c1 == lhs, "d2": c2 == 2 * c1 + 1}
            concl = rel(c2, num(2 * d + 1, "Real"), strict, draw(st.booleans()))
    elif kind == "self":
        defs = {"d1": c1 == c1 + 1}
        concl, truth = xs[0] == xs[0] + 1, None
    elif kind == "self2":
        defs = {"d1": c1 == 2 * c1 - t}
        concl, truth = c1 == t, None
    elif kind == "cyclic":
        defs = {"d1": c1 == c2 + 1, "d2": c2 == c1 - 1}
        concl, truth = c1 == c2 + 1, None
    elif kind == "twice":
        defs = {"d1": c1 == t, "d2": c1 == t + 1}
        concl, truth = xs[0] > xs[0], None
    elif kind == "twice-same":
        defs = {"d1": c1 == t, "d2": c1 == t}
        concl, truth = c1 == t, None
    elif kind == "order":
        defs = {"d1": c1 == c2 + 1, "d2": c2 == t}
        concl, truth = c1 == t + 1, None
    elif kind == "not-eq":
        defs = {"d1": c1 >= t}
        concl, truth = c1 >= t, None
    elif kind == "lhs-expr":
        defs = {"d1": c1 + xs[0] == t}
        concl, truth = c1 == t - xs[0], None
    elif kind == "lhs-num":
        defs = {"d1": z3.RealVal(1) == t}
        concl, truth = t == 1, None
    elif kind == "lhs-app":
        f = z3.Function("f", z3.RealSort(), z3.RealSort())
        defs = {"d1": f(xs[0]) == t}
        concl, truth = f(xs[0]) == t, None
    else:  # contradict: two conservative-looking definitions of different constants, one hypothesis pins
        defs = {"d1": c1 == t}
        hyps = dict(hyps, pin=c1 == num(v0, "Real") + 1, pin2=c1 == num(v0, "Real"))
        concl, truth = xs[0] > xs[0], None
    ide = (ideal("proved") if truth else ideal("refuted")) if truth is not None else ideal("error")
    goal = Implication(hyps, concl, definitions=defs)
    return Case("definitions", "smt", "supports", lambda: goal, truth, ide,
                f"Implication({hyps}, {concl}, definitions={defs}) [{kind}]")


# --- families ----------------------------------------------------------------------------------

@st.composite
def family_case(draw):
    lo = draw(st.integers(-2, 3))
    hi = lo + draw(st.integers(1, 6))
    T = draw(st.integers(-2, 8))
    V = draw(st.integers(-2, 8))
    kind = draw(st.sampled_from(["bound", "bound", "vacuous-member", "list", "raises", "int"]))
    x = z3.Real("x")
    fam = Family("n", range(lo, hi))
    values = list(range(lo, hi))
    if kind == "bound":
        def check(n):
            return Implication({"le": x <= n, "ge": x >= lo - 1}, x <= T)
        truth: bool | None = all(v <= T for v in values)
        ide = ideal("proved-bounded") if truth else ideal("refuted")
        why = f"x ≤ n ∧ x ≥ {lo - 1} ⇒ x ≤ {T} for n in [{lo}, {hi})"
    elif kind == "int":
        k = z3.Int("k")

        def check(n):
            return Implication({"ge": k >= 1}, k * n >= n if n >= 0 else k * n <= n)
        truth = True
        ide = ideal("proved-bounded")
        why = "k ≥ 1 ⇒ k·n ≥ n (n ≥ 0), ≤ (n < 0)"
    elif kind == "vacuous-member":
        def check(n):
            return Implication({"ge": x >= n, "le": x <= V}, x <= V + 1)
        truth = None if any(v > V for v in values) else True
        ide = ideal("error") if truth is None else ideal("proved-bounded")
        why = f"x ≥ n ∧ x ≤ {V} ⇒ x ≤ {V + 1}: vacuous for n > {V}"
    elif kind == "list":
        def check(n):
            return [Implication({"le": x <= n}, x <= n)] * 2
        truth, ide, why = None, ideal("error"), "check returns a list"
    else:
        bad = draw(st.sampled_from(values))

        def check(n):
            if n == bad:
                raise ValueError("no goal for this size")
            return Implication({"le": x <= n}, x <= n + 1)
        truth, ide, why = None, ideal("error"), f"check raises at n = {bad}"
    return Case("family", "smt", "supports", check, truth, ide, f"Family n in [{lo}, {hi}): {why}",
                family_param=fam)


@st.composite
def family_malformed(draw):
    x = z3.Real("x")
    kind = draw(st.sampled_from(["repeated", "no-param", "empty", "bool"]))
    if kind == "repeated":
        fam, check = Family("n", [1, 2, 2]), (lambda n: Implication({"le": x <= n}, x <= n))
    elif kind == "no-param":
        fam, check = Family("n", [1, 2]), (lambda: Implication({"le": x <= 1}, x <= 1))
    elif kind == "empty":
        fam, check = Family("n", []), (lambda n: Implication({"le": x <= n}, x <= n))
    else:
        fam, check = Family("n", [True, 2]), (lambda n: Implication({"le": x <= n}, x <= n))
    return Case("family-malformed", "smt", "supports", check, None, ideal("error"), f"malformed family: {kind}",
                family_param=fam)


# --- induction ---------------------------------------------------------------------------------

k = z3.Int("k")
S = z3.Function("S", z3.IntSort(), z3.IntSort())
Sr = z3.Function("Sr", z3.IntSort(), z3.RealSort())
e = z3.Function("e", z3.IntSort(), z3.IntSort())


def eq(lhs, rhs):
    """``lhs == rhs`` with the sides in this order (``f(0) == IntVal(2)`` would otherwise be built
    as ``2 == f(0)``: Python tries the reflected ``__eq__`` of the numeral's subclass first)."""
    return z3.ExprRef.__eq__(lhs, rhs)


def upoly(coeffs, t):
    """Σ c_i t^i as a z3 term (t an Int term)."""
    out = None
    for i, c in enumerate(coeffs):
        if c == 0:
            continue
        term = num(c, "Real") if Fraction(c).denominator != 1 else z3.IntVal(int(c))
        for _ in range(i):
            term = term * t
        out = term if out is None else out + term
    return out if out is not None else z3.IntVal(0)


def udiff(coeffs):
    """F(k) − F(k−1) as coefficients (exact)."""
    deg = len(coeffs)
    # expand F(k-1) by the binomial theorem
    shifted = [Fraction(0)] * deg
    from math import comb
    for i, c in enumerate(coeffs):
        for j in range(i + 1):
            shifted[j] += Fraction(c) * comb(i, j) * (-1) ** (i - j)
    return [Fraction(c) - sft for c, sft in zip(coeffs, shifted)]


@st.composite
def induction_case(draw):
    deg = draw(st.integers(0, 3))
    rational = draw(st.booleans())
    coeffs = [Fraction(draw(st.integers(-3, 3)), draw(st.sampled_from([1, 2, 3])) if rational else 1)
              for _ in range(deg + 1)]
    start = draw(st.integers(0, 2))
    f = Sr if rational else S
    inc = udiff(coeffs)
    base = {"b": eq(f(start), upoly(coeffs, z3.IntVal(start)))}
    kind = draw(st.sampled_from(["true", "true-ineq", "data", "false-const", "false-late"]))
    hyps: dict = {}
    if kind in ("true", "false-const", "false-late"):
        step = {"s": eq(f(k + 1), f(k) + upoly(inc, k + 1))}
        if kind == "true":
            pred, truth = eq(f(k), upoly(coeffs, k)), True
        elif kind == "false-const":
            c = Fraction(draw(st.integers(1, 3)) * draw(st.sampled_from([1, -1])))
            pred, truth = eq(f(k), upoly([coeffs[0] + c] + coeffs[1:], k)), False
        else:
            # G = F + (k − start)(k − start − 1)·c: right at start and start + 1, wrong from start + 2 on
            c = draw(st.integers(1, 3))
            pred = f(k) == upoly(coeffs, k) + c * (k - start) * (k - start - 1)
            truth = False
    elif kind == "true-ineq":
        step = {"s": eq(f(k + 1), f(k) + upoly(inc, k + 1))}
        c = draw(st.integers(0, 3))
        pred, truth = f(k) >= upoly(coeffs, k) - c, True
    else:  # data: S(k+1) = S(k) + e(k+1) with e ≥ 0 given: S(k) ≥ S(start)
        f = S
        base = {"b": S(start) == 0}
        step = {"s": S(k + 1) == S(k) + e(k + 1)}
        hyps = {"e_nonneg": e(k) >= 0}
        pred, truth = S(k) >= 0, True
    goal = Induction(k, pred, base, step, hypotheses=hyps, start=start)
    ide = ideal("proved") if truth else ideal("unknown")
    return Case("induction", "smt", "supports", lambda: goal, truth, ide,
                f"Induction(k ≥ {start}: {pred}; base {base}; step {step}; hyps {hyps}) [{kind}]")


@st.composite
def induction_malformed(draw):
    """Ways to smuggle the conclusion in (or to recurse wrongly): all must be rejected."""
    kind = draw(st.sampled_from(["hyp-mentions-S", "hyp-restates", "step-at-k+1", "step-at-k-1", "base-uses-S",
                                 "base-wrong-index", "no-index", "not-eq", "two-args", "no-base", "real-index",
                                 "index-expr", "step-wrong-lhs"]))
    base = {"b": S(0) == 0}
    step = {"s": S(k + 1) == S(k) + k + 1}
    pred = 2 * S(k) == k * (k + 1)
    hyps: dict = {}
    index = k
    wrong = 2 * S(k) == k * k  # a false predicate: smuggled in, it would be "proved"
    if kind == "hyp-mentions-S":
        hyps, pred = {"h": 2 * S(k) == k * k}, wrong
    elif kind == "hyp-restates":
        hyps, pred = {"h": z3.Implies(k >= 0, 2 * S(k + 1) == (k + 1) * (k + 1))}, wrong
    elif kind == "step-at-k+1":
        step, pred = {"s": S(k + 1) == S(k + 1)}, wrong
    elif kind == "step-at-k-1":
        step, pred = {"s": S(k + 1) == S(k) + S(k - 1) - S(k - 1) + (2 * k + 1) - k}, wrong
    elif kind == "base-uses-S":
        base, pred = {"b": S(0) == S(1) - 1}, wrong
    elif kind == "base-wrong-index":
        base, pred = {"b": S(1) == 1}, wrong
    elif kind == "no-index":
        pred = S(0) == 0
    elif kind == "not-eq":
        base = {"b": S(0) >= 0}
    elif kind == "two-args":
        T2 = z3.Function("T2", z3.IntSort(), z3.IntSort(), z3.IntSort())
        base, step, pred = {"b": T2(0, 0) == 0}, {"s": T2(k + 1, 0) == T2(k, 0) + 1}, T2(k, 0) == k + 1
    elif kind == "no-base":
        base, pred = {}, wrong
    elif kind == "real-index":
        index = z3.Real("r")
        pred = S(0) == 0
    elif kind == "index-expr":
        index = k + 0
    else:
        step, pred = {"s": S(k + 2) == S(k) + 2}, wrong
    goal = Induction(index, pred, base, step, hypotheses=hyps)
    return Case("induction-malformed", "smt", "supports", lambda: goal, None, ideal("error"),
                f"Induction({pred}; base {base}; step {step}; hyps {hyps}) [{kind}]")


@st.composite
def induction_vacuous_hyps(draw):
    """Data hypotheses that no data satisfies for every k (they fail for large k), but that hold at
    any one k and k+1: the engine only checks the instantiated step for vacuity."""
    B = draw(st.integers(1, 6))
    kind = draw(st.sampled_from(["index", "data"]))
    if kind == "index":
        hyps = {"h": k <= B}
    else:
        hyps = {"h": z3.And(e(k) == B - k, e(k) >= 0)}
    goal = Induction(k, k <= B, {"b": S(0) == 0}, {"s": S(k + 1) == S(k)}, hypotheses=hyps)
    return Case("induction-vacuous-hypotheses", "smt", "supports", lambda: goal, None, ideal("error", "unknown"),
                f"Induction(k ≥ 0: k ≤ {B}; hyps {hyps}) [∀k H(k) is unsatisfiable: vacuous; as ∀k. P(k) false]")


# --- converse ----------------------------------------------------------------------------------

def _holds(constraints, v: Fraction) -> bool:
    out = True
    for op, t in constraints:
        out = out and {"gt": v > t, "ge": v >= t, "lt": v < t, "le": v <= t}[op]
    return out


def _implies_1d(hyp, concl) -> bool | None:
    """∀x. hyp(x) ⇒ concl(x) over the rationals (exhaustive on the relevant points); None if hyp
    is unsatisfiable."""
    ts = sorted({t for _, t in hyp + concl})
    pts = set(ts) | {ts[0] - 1, ts[-1] + 1} | {(u + w) / 2 for u, w in zip(ts, ts[1:])}
    if not any(_holds(hyp, v) for v in pts):
        return None
    return all(_holds(concl, v) for v in pts if _holds(hyp, v))


def _z3c(op, t, x, scale=1):
    rhs = num(t * scale, "Real")
    lhs = scale * x if scale != 1 else x
    return {"gt": lhs > rhs, "ge": lhs >= rhs, "lt": lhs < rhs, "le": lhs <= rhs}[op]


@st.composite
def converse_case(draw):
    x = z3.Real("x")
    th = st.builds(Fraction, st.integers(-6, 6), st.sampled_from([1, 2]))
    prem = [(draw(st.sampled_from(["gt", "ge"])), draw(th))]
    concl = [(draw(st.sampled_from(["gt", "ge"])), draw(th))]
    rest = [(draw(st.sampled_from(["lt", "le"])), draw(th))] if draw(st.booleans()) else []
    scale = draw(st.sampled_from([1, 1, 2, 3]))
    fwd = _implies_1d(rest + prem, concl)
    if fwd is None:
        truth: bool | None = None
        conv = False
    else:
        truth = fwd
        conv = bool(_implies_1d(rest + concl, prem))
    hyps = {"premise": _z3c(*prem[0], x)}
    if rest:
        hyps["rest"] = _z3c(*rest[0], x)
    c = _z3c(*concl[0], x, scale)
    goal = Implication(hyps, c, converse_of=("premise",))
    if truth is None:
        ide = ideal("error")
    elif not truth:
        ide = ideal("refuted")
    else:
        ide = ideal("tautological") if conv else ideal("proved")
    return Case("converse", "smt", "supports", lambda: goal, truth, ide,
                f"Implication({hyps}, {c}, converse_of=('premise',)) [converse {'holds' if conv else 'fails'}]",
                converse=conv)


@st.composite
def converse_fixed(draw):
    x, y, s = z3.Reals("x y s")
    kind = draw(st.sampled_from(["product", "sum-scaled", "square", "unknown-name", "dup-premise"]))
    if kind == "product":
        goal = Implication({"premise": z3.And(x > 0, y > 0)}, x * y > 0, converse_of=("premise",))
        truth, conv = True, False
    elif kind == "sum-scaled":
        goal = Implication({"premise": x + y >= s}, 2 * x + 2 * y >= 2 * s, converse_of=("premise",))
        truth, conv = True, True
    elif kind == "square":
        goal, truth, conv = Implication({"premise": x > 1}, x * x > 1, converse_of=("premise",)), True, False
    elif kind == "unknown-name":
        goal, truth, conv = Implication({"premise": x > 1}, x > 0, converse_of=("nope",)), None, False
    else:
        goal, truth, conv = Implication({"premise": x > 1, "other": y > 1}, z3.And(x > 0, y > 0),
                                        converse_of=("premise",)), True, False
    ide = ideal("error") if truth is None else ideal("tautological") if conv else ideal("proved")
    return Case("converse", "smt", "supports", lambda: goal, truth, ide, f"{goal} [{kind}]", converse=conv)


# --- integer formulas on a box: truth by enumerating every point -------------------------------

class Undef(Exception):
    """A division or modulo by zero on the evaluation path."""


def _smt_div(a: int, b: int) -> tuple[int, int]:
    """SMT-LIB div / mod: a = b·q + r with 0 ≤ r < |b| (written from the standard, not the engine)."""
    if b == 0:
        raise Undef()
    q = a // b if b > 0 else _ceil_div(a, b)  # floor(a/b) for b > 0, ceil(a/b) for b < 0
    r = a - b * q
    assert 0 <= r < abs(b), (a, b, q, r)
    return q, r


def _ceil_div(a: int, b: int) -> int:
    fq = Fraction(a, b)
    return -((-fq.numerator) // fq.denominator)


def ev_term(t, env):
    op = t[0]
    if op == "var":
        return env[t[1]]
    if op == "const":
        return t[1]
    if op == "ite":
        return ev_term(t[2], env) if ev_form(t[1], env) else ev_term(t[3], env)
    if op == "neg":
        return -ev_term(t[1], env)
    a, b = ev_term(t[1], env), ev_term(t[2], env)
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    q, r = _smt_div(a, b)
    return q if op == "div" else r


def ev_form(f, env) -> bool:
    """Short-circuit evaluation, left to right (the guard-first reading the engine documents)."""
    op = f[0]
    if op == "and":
        return ev_form(f[1], env) and ev_form(f[2], env)
    if op == "or":
        return ev_form(f[1], env) or ev_form(f[2], env)
    if op == "implies":
        return (not ev_form(f[1], env)) or ev_form(f[2], env)
    if op == "not":
        return not ev_form(f[1], env)
    a, b = ev_term(f[1], env), ev_term(f[2], env)
    return {"lt": a < b, "le": a <= b, "eq": a == b, "ne": a != b}[op]


def to_z3_term(t, zs):
    op = t[0]
    if op == "var":
        return zs[t[1]]
    if op == "const":
        return z3.IntVal(t[1])
    if op == "ite":
        return z3.If(to_z3_form(t[1], zs), to_z3_term(t[2], zs), to_z3_term(t[3], zs))
    if op == "neg":
        return -to_z3_term(t[1], zs)
    a, b = to_z3_term(t[1], zs), to_z3_term(t[2], zs)
    return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
            "mod": lambda: a % b}[op]()


def to_z3_form(f, zs):
    op = f[0]
    if op in ("and", "or", "implies"):
        a, b = to_z3_form(f[1], zs), to_z3_form(f[2], zs)
        return {"and": z3.And, "or": z3.Or, "implies": z3.Implies}[op](a, b)
    if op == "not":
        return z3.Not(to_z3_form(f[1], zs))
    a, b = to_z3_term(f[1], zs), to_z3_term(f[2], zs)
    return {"lt": a < b, "le": a <= b, "eq": a == b, "ne": a != b}[op]


def show(x) -> str:
    if x[0] in ("var",):
        return x[1]
    if x[0] == "const":
        return str(x[1])
    return f"{x[0]}({', '.join(show(a) for a in x[1:])})"


@st.composite
def iterm(draw, names, depth):
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return ("var", draw(st.sampled_from(names))) if draw(st.booleans()) else ("const", draw(st.integers(-3, 3)))
    op = draw(st.sampled_from(["add", "sub", "mul", "div", "mod", "ite", "neg"]))
    if op == "ite":
        return ("ite", draw(iform(names, depth - 1)), draw(iterm(names, depth - 1)), draw(iterm(names, depth - 1)))
    if op == "neg":
        return ("neg", draw(iterm(names, depth - 1)))
    return (op, draw(iterm(names, depth - 1)), draw(iterm(names, depth - 1)))


@st.composite
def iform(draw, names, depth):
    if depth > 0 and draw(st.integers(0, 2)) == 0:
        op = draw(st.sampled_from(["and", "or", "implies", "not"]))
        if op == "not":
            return ("not", draw(iform(names, depth - 1)))
        return (op, draw(iform(names, depth - 1)), draw(iform(names, depth - 1)))
    return (draw(st.sampled_from(["lt", "le", "eq", "ne"])), draw(iterm(names, max(depth - 1, 0) + 1)),
            draw(iterm(names, max(depth - 1, 0))))


def box_truth(names, box, extra, concl) -> bool | None:
    """False if a point of the box satisfies the hypotheses and violates the conclusion (all of it
    defined there: a genuine counterexample); else None if the statement is undefined at a point
    where the defined hypotheses hold, or no point satisfies them (vacuous); else True."""
    any_point = undefined = False
    for vals in product(*(range(lo, hi + 1) for lo, hi in box)):
        env = dict(zip(names, vals))
        verdicts = []
        for h in extra:
            try:
                verdicts.append(ev_form(h, env))
            except Undef:
                verdicts.append(None)
        if False in verdicts:
            continue
        if None in verdicts:
            undefined = True
            continue
        any_point = True
        try:
            if not ev_form(concl, env):
                return False
        except Undef:
            undefined = True
    return None if undefined or not any_point else True


@st.composite
def int_box_case(draw):
    nv = draw(st.integers(1, 2))
    names = list(NAMES[:nv])
    zs = {n_: z3.Int(n_) for n_ in names}
    box = []
    for _ in names:
        lo = draw(st.integers(-4, 3))
        box.append((lo, lo + draw(st.integers(0, 5))))
    extra = [draw(iform(names, 1)) for _ in range(draw(st.integers(0, 2)))]
    concl = draw(iform(names, 2))
    truth = box_truth(names, box, extra, concl)
    hyps = {}
    for n_, (lo, hi) in zip(names, box):
        hyps[f"{n_}_box"] = z3.And(zs[n_] >= lo, zs[n_] <= hi)
    for i, h in enumerate(extra):
        hyps[f"h{i}"] = to_z3_form(h, zs)
    role = draw(st.sampled_from(["supports", "supports", "refutes"]))
    if truth is None:
        ide = ideal("unknown", "error")
    elif truth:
        ide = ideal("proved") if role == "supports" else ideal("unknown")
    else:
        ide = ideal("refuted")
    goal = Implication(hyps, to_z3_form(concl, zs))
    return Case("int-box", "smt", role, lambda: goal, truth, ide,
                f"Ints on the box {dict(zip(names, box))}: hypotheses {[show(h) for h in extra]} ⇒ {show(concl)} "
                f"[truth by enumeration: {truth}]")


# --- consistency, role misuse ------------------------------------------------------------------

@st.composite
def consistency_case(draw):
    sort = draw(st.sampled_from(["Real", "Int"]))
    xs, x0, rows = draw(linear_hyps(sort))
    axioms = hyp_dict(xs, rows, sort, draw)
    inconsistent = draw(st.booleans())
    if inconsistent:
        a = [draw(coef) for _ in xs]
        if not any(a):
            a[0] = 1
        b = Fraction(draw(st.integers(-3, 3)))
        axioms["c1"] = lin(a, xs, sort) <= num(b, sort)
        axioms["c2"] = lin(a, xs, sort) > num(b, sort)
    role = draw(st.sampled_from(["refutes", "refutes", "refutes", "supports"]))
    if role == "supports":
        truth, ide = None, ideal("error")
    else:
        truth = not inconsistent  # the audited claim: "the axioms hold together"
        ide = ideal("refuted") if inconsistent else ideal("unknown")
    return Case("consistency", "smt", role, lambda: Consistency(axioms), truth, ide,
                f"Consistency({axioms}) as {role} "
                f"[{'inconsistent' if inconsistent else 'model ' + str([str(v) for v in x0])}]")


@st.composite
def smt_role_mismatch(draw):
    x = z3.Real("x")
    kind = draw(st.sampled_from(["implication-definitional", "induction-refutes", "list", "none"]))
    if kind == "implication-definitional":
        role, check = "definitional", (lambda: Implication({"p": x > 0}, x > 0))
    elif kind == "induction-refutes":
        role, check = "refutes", (lambda: Induction(k, S(k) >= 0, {"b": S(0) == 0}, {"s": S(k + 1) == S(k) + 1}))
    elif kind == "list":
        role, check = "supports", (lambda: [Implication({"p": x > 0}, x > -1), Implication({"p": x > 0}, x > -2)])
    else:
        role, check = "supports", (lambda: None)
    return Case("role-mismatch-smt", "smt", role, check, None, ideal("error"), kind)


FAMILIES = [
    FuzzFamily("linear-real", "smt", linear_case("Real"), 550),
    FuzzFamily("linear-int", "smt", linear_case("Int"), 400),
    FuzzFamily("int-vs-real", "smt", int_vs_real(), 60),
    FuzzFamily("int-box", "smt", int_box_case(), 400, false_error=(
        "x = Int('x'); Implication({'x_nonneg': x >= 0}, x % 2 >= 0) (also x / 2 <= x, x ** 2 >= 0) is "
        "'error': \"discharger raised AttributeError: 'IntNumRef' object has no attribute 'as_fraction'\" — "
        "smt.divisor_obligation and _guarded_divisors call .as_fraction() on integer numerals (divisors "
        "and exponents), which only rational numerals have; every proof with an integer division, "
        "modulo or power by a constant is an error")),
    FuzzFamily("nonlinear-real", "smt", nonlinear_case(), 120),
    FuzzFamily("division", "smt", division_case(), 250),
    FuzzFamily("definitions", "smt", definitions_case(), 300),
    FuzzFamily("family", "smt", family_case(), 200),
    FuzzFamily("family-malformed", "smt", family_malformed(), 30),
    FuzzFamily("induction", "smt", induction_case(), 250),
    FuzzFamily("induction-malformed", "smt", induction_malformed(), 60),
    FuzzFamily("converse", "smt", st.one_of(converse_case(), converse_case(), converse_fixed()), 250),
    FuzzFamily("consistency", "smt", consistency_case(), 200),
    FuzzFamily("role-mismatch-smt", "smt", smt_role_mismatch(), 20),
    FuzzFamily("smt-root-of-negative", "smt", root_of_negative(), 60),
    FuzzFamily("smt-quantified-division", "smt", quantified_division(), 100,
        false_error="see known_bug: quantified divisors without a guard raise a Z3Exception"),
    FuzzFamily("induction-vacuous-hypotheses", "smt", induction_vacuous_hyps(), 40),
]
