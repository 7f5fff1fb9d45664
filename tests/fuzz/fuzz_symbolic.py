"""Symbolic statements of known truth: identities true by construction, their perturbations,
identities that hold only where they are defined, non-identities at points inside and outside
the declared domain (including assumptions other than sign and integrality), points where a side
is undefined (also special functions that sympy leaves unevaluated there), same-term claims, and
sums (renaming, shifting, splitting and reordering binders).

Truth is known by construction, never by asking sympy whether two sides are equal: a pair
``(L, R)`` is built by applying rewrite rules that are valid on the whole domain (every
denominator, log argument and root base is positive by construction); a perturbation adds a
term that is nonzero everywhere; a "danger" term comes with a point where it is zero or
negative.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from verify.goals import Identity, NonIdentity, SameTerm
from fuzz_harness import Case, FuzzFamily, ideal

p, q, s = sp.symbols("p q s", positive=True)
a, b = sp.symbols("a b", real=True)
n = sp.Symbol("n", integer=True, positive=True)
POS = (p, q, s)
REAL = (a, b)

nonzero_int = st.integers(-4, 4).filter(bool)
pos_rat = st.builds(lambda x, y: sp.Rational(x, y), st.integers(1, 7), st.integers(1, 4))
any_rat = st.builds(lambda x, y: sp.Rational(x, y), st.integers(-7, 7), st.integers(1, 4))
nonzero_rat = st.builds(lambda x, y: sp.Rational(x, y), nonzero_int, st.integers(1, 4))


def _sw(draw, x, y):
    """Randomly swap a sum's or product's operands on one side (still equal)."""
    return (y, x) if draw(st.booleans()) else (x, y)


@st.composite
def pos_pair(draw, depth: int = 2):
    """``(L, R)``: equal for every admissible value of the symbols, both > 0 everywhere."""
    k = draw(st.integers(0, 10 if depth > 0 else 2))
    if k == 0:
        x = draw(st.sampled_from(POS))
        return x, x
    if k == 1:
        c = draw(pos_rat)
        return c, c
    if k == 2:
        return n, n
    l1, r1 = draw(pos_pair(depth - 1))
    if k == 3:
        l2, r2 = draw(pos_pair(depth - 1))
        x, y = _sw(draw, r1, r2)
        return l1 + l2, x + y
    if k == 4:
        l2, r2 = draw(pos_pair(depth - 1))
        return l1 * l2, sp.expand(r1 * r2)
    if k == 5:
        l2, r2 = draw(pos_pair(depth - 1))
        return l1 / l2, r1 * r2 ** -1
    if k == 6:
        e = draw(st.integers(-3, 3))
        return l1 ** e, sp.expand(r1 ** e) if e > 0 else r1 ** e
    if k == 7:
        lr, rr = draw(real_pair(depth - 1))
        return sp.exp(lr), sp.exp(rr)
    if k == 8:
        l2, r2 = draw(pos_pair(depth - 1))
        return sp.sqrt(l1 * l2), sp.sqrt(r1) * sp.sqrt(r2)
    if k == 9:
        l2, r2 = draw(pos_pair(depth - 1))
        return sp.exp(sp.log(l1) + sp.log(l2)), r1 * r2
    l2, r2 = draw(pos_pair(depth - 1))
    return (l1 + l2) ** 2, r1 ** 2 + 2 * r1 * r2 + r2 ** 2


@st.composite
def real_pair(draw, depth: int = 2):
    """``(L, R)``: real-valued and equal for every admissible value of the symbols."""
    k = draw(st.integers(0, 12 if depth > 0 else 2))
    if k == 0:
        x = draw(st.sampled_from(REAL))
        return x, x
    if k == 1:
        c = draw(any_rat)
        return c, c
    if k == 2:
        return draw(pos_pair(0))
    if k == 3:
        return draw(pos_pair(depth - 1))
    l1, r1 = draw(real_pair(depth - 1))
    if k == 4:
        l2, r2 = draw(real_pair(depth - 1))
        x, y = _sw(draw, r1, r2)
        return l1 + l2, x + y
    if k == 5:
        l2, r2 = draw(real_pair(depth - 1))
        return l1 - l2, r1 - r2
    if k == 6:
        l2, r2 = draw(real_pair(depth - 1))
        return l1 * l2, sp.expand(r1 * r2)
    if k == 7:
        l2, r2 = draw(pos_pair(depth - 1))
        return l1 / l2, r1 * r2 ** -1
    if k == 8:
        p1, q1 = draw(pos_pair(depth - 1))
        p2, q2 = draw(pos_pair(depth - 1))
        return sp.log(p1 * p2), sp.log(q1) + sp.log(q2)
    if k == 9:
        p1, q1 = draw(pos_pair(depth - 1))
        e = draw(nonzero_int)
        return sp.log(p1 ** e), e * sp.log(q1)
    if k == 10:
        return sp.log(sp.exp(l1)), r1
    if k == 11:
        l2, r2 = draw(real_pair(depth - 1))
        return (l1 + l2) ** 2, r1 ** 2 + 2 * r1 * r2 + r2 ** 2
    e = draw(st.integers(0, 3))
    return l1 ** e, sp.expand(r1 ** e)


@st.composite
def nonzero_term(draw):
    """A term that is nonzero for every admissible value (a perturbation)."""
    c = draw(nonzero_rat)
    if draw(st.booleans()):
        return c
    pl, _ = draw(pos_pair(1))
    return c * pl


# --- identities --------------------------------------------------------------------------

@st.composite
def true_identity(draw):
    lhs, rhs = draw(real_pair(2))
    if draw(st.booleans()):
        lhs, rhs = rhs, lhs
    return Case("identity-true", "symbolic", "supports", lambda: Identity(lhs, rhs), True, ideal("proved"),
                f"Identity({lhs}, {rhs})")


@st.composite
def false_identity(draw):
    lhs, rhs = draw(real_pair(2))
    d = draw(nonzero_term())
    if draw(st.booleans()):
        rhs = rhs + d
    else:
        lhs = lhs + d
    return Case("identity-perturbed", "symbolic", "supports", lambda: Identity(lhs, rhs), False, ideal("unknown"),
                f"Identity({lhs}, {rhs}) [lhs-rhs differs by the nonzero {d}]")


# Terms that vanish (or are negative) somewhere in the declared domain, with such a point.
ZERO_SOMEWHERE = [
    (a, {a: 0}), (a - b, {a: 1, b: 1}), (p - q, {p: 2, q: 2}), (p - 1, {p: 1}), (a * b, {a: 0, b: 3}),
    (a ** 2, {a: 0}), (p ** 2 - q ** 2, {p: 3, q: 3}), ((p - q) ** 2, {p: 1, q: 1}),
    (sp.exp(a) - 1, {a: 0}), (sp.log(p), {p: 1}), (n - 1, {n: 1}), (a ** 2 + b ** 2, {a: 0, b: 0}),
    (sp.sqrt(p) - 1, {p: 1}), (p * q - 1, {p: 2, q: sp.Rational(1, 2)}), (sp.Abs(a), {a: 0}),
    (sp.Max(a, 0), {a: -1}), (sp.floor(p), {p: sp.Rational(1, 2)}), (p - sp.floor(p), {p: 2}),
    (sp.exp(a) - sp.exp(b), {a: 1, b: 1}), (a ** 3 - a, {a: 1}), (n ** 2 - 3 * n + 2, {n: 2}),
    (sp.Add(p, -p, evaluate=False), {p: 1}), (sp.Mul(0, p, evaluate=False), {p: 1}),
]
NEGATIVE_SOMEWHERE = [
    (a, {a: -1}), (p - q, {p: 1, q: 2}), (sp.log(p), {p: sp.Rational(1, 2)}), (1 - p, {p: 2}),
    (a * b, {a: -1, b: 1}), (n - 2, {n: 1}), (sp.exp(a) - 2, {a: 0}), (-p, {p: 1}), (a ** 3, {a: -1}),
    (sp.Add(p, -2 * p, evaluate=False), {p: 1}),
]


@st.composite
def partial_identity(draw):
    """X·D·D⁻¹ = Y, X + log D − log D = Y, exp(log D) = D, …: true only where D is admissible."""
    x, y = draw(real_pair(1))
    kind = draw(st.sampled_from(["div", "div2", "log", "root", "explog", "rootpow", "negpow"]))
    if kind in ("div", "div2", "negpow"):
        d, pt = draw(st.sampled_from(ZERO_SOMEWHERE))
    else:
        d, pt = draw(st.sampled_from(NEGATIVE_SOMEWHERE))
    if kind == "div":
        lhs = sp.Mul(x, d, sp.Pow(d, -1, evaluate=False), evaluate=False)
    elif kind == "div2":
        lhs = sp.Add(x, sp.Mul(d, sp.Pow(d, -1, evaluate=False), evaluate=False), -1, evaluate=False)
    elif kind == "negpow":
        e = draw(st.sampled_from([sp.Integer(-2), sp.Rational(-1, 2), sp.Rational(-3, 2)]))
        lhs = sp.Add(x, sp.Pow(d, e, evaluate=False), -sp.Pow(d, e, evaluate=False), evaluate=False)
    elif kind == "log":
        lhs = sp.Add(x, sp.log(d, evaluate=False), -sp.log(d, evaluate=False), evaluate=False)
    elif kind == "root":
        e = draw(st.sampled_from([sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(3, 2), p]))
        lhs = sp.Add(x, sp.Pow(d, e, evaluate=False), -sp.Pow(d, e, evaluate=False), evaluate=False)
    elif kind == "explog":
        lhs, y = sp.exp(sp.log(d, evaluate=False), evaluate=False), d
    else:
        lhs, y = sp.Pow(sp.Pow(d, sp.Rational(1, 2), evaluate=False), 2, evaluate=False), d
    return Case(f"identity-undefined-somewhere", "symbolic", "supports", lambda: Identity(lhs, y), None,
                ideal("unknown"), f"Identity({sp.srepr(lhs)[:200]}, {y}) [undefined at {pt}: {kind} of {d}]")


@st.composite
def trig_pole_identity(draw):
    """tan·cos = sin, cot·sin = cos, sec·cos = 1, csc·sin = 1: false where cos / sin vanish."""
    x, _ = draw(real_pair(0))
    arg = draw(st.sampled_from([a, a + b, 2 * a, a + sp.pi / 2]))
    kind = draw(st.sampled_from(["tan", "cot", "sec", "csc"]))
    lhs, rhs = {"tan": (sp.tan(arg) * sp.cos(arg), sp.sin(arg)),
                "cot": (sp.cot(arg) * sp.sin(arg), sp.cos(arg)),
                "sec": (sp.sec(arg) * sp.cos(arg), sp.Integer(1)),
                "csc": (sp.csc(arg) * sp.sin(arg), sp.Integer(1))}[kind]
    lhs, rhs = lhs + x, rhs + x
    return Case("identity-trig-pole", "symbolic", "supports", lambda: Identity(lhs, rhs), None, ideal("unknown"),
                f"Identity({lhs}, {rhs}) [{kind}({arg}) has poles at real points]")


k_pos = sp.Symbol("k", integer=True, positive=True)


@st.composite
def sum_index_range_identity(draw):
    """A Sum whose index is declared positive while its range starts at 0: 1/k is 1/0 there."""
    x, y = draw(real_pair(0))
    hi = draw(st.sampled_from([n, n + 1, sp.Integer(0), sp.Integer(3)]))
    body = draw(st.sampled_from([1 / k_pos, p / k_pos, k_pos ** -2]))
    S = sp.Sum(body, (k_pos, 0, hi))
    kind = draw(st.sampled_from(["cancel", "div"]))
    if kind == "cancel":
        lhs = sp.Add(x, S, -S, evaluate=False)
    else:
        T = sp.Sum(k_pos, (k_pos, 0, 0))
        lhs = sp.Mul(x, T, sp.Pow(T, -1, evaluate=False), evaluate=False)
    return Case("identity-sum-index-range", "symbolic", "supports", lambda: Identity(lhs, y), None, ideal("unknown"),
                f"Identity({sp.srepr(lhs)[:200]}, {y}) [the Sum's index k is declared positive but runs from 0]")


@st.composite
def float_identity(draw):
    lhs, rhs = draw(real_pair(1))
    f = draw(st.sampled_from([0.5, 1.0, 0.1, 2.0]))
    lhs = sp.Add(lhs, sp.Float(f), -sp.Rational(f), evaluate=False) if draw(st.booleans()) else \
        sp.Mul(lhs, sp.Float(1.0), evaluate=False)
    return Case("identity-with-float", "symbolic", draw(st.sampled_from(["supports", "definitional"])),
                lambda: Identity(lhs, rhs), None, ideal("error"), f"Identity({sp.srepr(lhs)[:200]}, {rhs}) [a Float]")


x_real = sp.Symbol("x", real=True)
k_inf = sp.Symbol("k", integer=True, positive=True)
n_int = sp.Symbol("n", integer=True)

# Functions (and sums, integrals, piecewise definitions) that are undefined or infinite at a point
# of the declared domain, with such a point.
SPECIAL_UNDEFINED = [
    ("besselk(0, a)", lambda: sp.besselk(0, a), {a: 0}), ("bessely(0, a)", lambda: sp.bessely(0, a), {a: 0}),
    ("Ei(a)", lambda: sp.Ei(a), {a: 0}), ("li(p)", lambda: sp.li(p), {p: 1}), ("Ci(a)", lambda: sp.Ci(a), {a: 0}),
    ("Chi(a)", lambda: sp.Chi(a), {a: 0}), ("erfinv(a)", lambda: sp.erfinv(a), {a: 1}),
    ("erfcinv(a)", lambda: sp.erfcinv(a), {a: 0}), ("atan2(a, b)", lambda: sp.atan2(a, b), {a: 0, b: 0}),
    ("expint(1, a)", lambda: sp.expint(1, a), {a: 0}), ("E1(a)", lambda: sp.E1(a), {a: 0}),
    ("uppergamma(0, a)", lambda: sp.uppergamma(0, a), {a: 0}),
    ("lowergamma(a, 1)", lambda: sp.lowergamma(a, 1), {a: 0}),
    ("elliptic_k(a)", lambda: sp.elliptic_k(a), {a: 1}), ("Mod(p, a)", lambda: sp.Mod(p, a), {p: 1, a: 0}),
    ("Piecewise((1, a > 0))", lambda: sp.Piecewise((1, a > 0)), {a: -1}),
    ("Sum(k*p, (k, 1, oo))", lambda: sp.Sum(k_inf * p, (k_inf, 1, sp.oo)), {p: 1}),
    ("Integral(p*exp(x), (x, 0, oo))", lambda: sp.Integral(p * sp.exp(x_real), (x_real, 0, sp.oo)), {p: 1}),
    ("DiracDelta(a)", lambda: sp.DiracDelta(a), {a: 0}), ("harmonic(n)", lambda: sp.harmonic(n_int), {n_int: -1}),
    ("Product(1 + p, (k, 1, oo))", lambda: sp.Product(1 + p, (k_inf, 1, sp.oo)), {p: 1}),
    ("rf(a, n)", lambda: sp.rf(a, n_int), {a: 1, n_int: -1}),
]


@st.composite
def special_undefined_identity(draw):
    """X + F − F = X with F undefined somewhere in the declared domain (not in the engine's list of
    partial functions): not defined everywhere, so not an identity."""
    x, y = draw(real_pair(1))
    name, mk, pt = draw(st.sampled_from(SPECIAL_UNDEFINED))
    f = mk()
    lhs = sp.Add(x, f, -f, evaluate=False)
    return Case("identity-undefined-special", "symbolic", "supports", lambda: Identity(lhs, y), None,
                ideal("unknown"),
                f"Identity(Add({x}, {name}, -{name}, evaluate=False), {y}) [{name} undefined at {pt}]")


@st.composite
def special_singular_point(draw):
    """F + c ≠ F 'at' a point where F is undefined (sympy leaves F unevaluated there)."""
    name, mk, pt = draw(st.sampled_from(SPECIAL_UNDEFINED))
    f = mk()
    c = draw(nonzero_rat)
    kind = draw(st.sampled_from(["shift", "scale"]))
    if kind == "shift":
        lhs, rhs = sp.Add(f, c, evaluate=False), f
    else:
        lhs, rhs = sp.Mul(c + 1 if c != -1 else 2, f, evaluate=False), f
    full = dict(pt)
    for sym in (sp.sympify(lhs).free_symbols | sp.sympify(rhs).free_symbols) - set(full):
        full[sym] = sp.Integer(1)
    role = draw(st.sampled_from(["supports", "refutes"]))
    return Case("nonidentity-special-singular", "symbolic", role, lambda: NonIdentity(lhs, rhs, full), None,
                ideal("error"), f"NonIdentity({sp.srepr(lhs)[:160]}, {rhs}, {full}) [{name} is undefined there]")


# --- non-identities at points --------------------------------------------------------------

@st.composite
def domain_point(draw, syms):
    pt = {}
    for x in syms:
        if x.is_integer:
            pt[x] = sp.Integer(draw(st.integers(1, 6)))
        elif x.is_positive:
            pt[x] = draw(pos_rat)
        else:
            pt[x] = draw(any_rat)
    return pt


def _as_given(pt, draw):
    """Point values as an author might give them: sympy Rational, Fraction or int."""
    out = {}
    for k, v in pt.items():
        form = draw(st.integers(0, 2))
        if form == 1:
            out[k] = Fraction(int(v.p), int(v.q))
        elif form == 2 and v.q == 1:
            out[k] = int(v.p)
        else:
            out[k] = v
    return out


def _rational_at(e, pt) -> bool:
    try:
        v = sp.sympify(e).xreplace(pt)
        return bool(v.is_Rational)
    except Exception:
        return False


@st.composite
def nonidentity_in_domain(draw):
    """lhs = rhs at an admissible point (true) or lhs = rhs + δ with δ ≠ 0 there (false)."""
    lhs, rhs = draw(real_pair(2))
    perturbed = draw(st.booleans())
    if perturbed:
        rhs = rhs + draw(nonzero_term())
    syms = sorted((sp.sympify(lhs) - sp.sympify(rhs)).free_symbols | sp.sympify(lhs).free_symbols
                  | sp.sympify(rhs).free_symbols, key=str)
    pt = draw(domain_point(syms))
    conds = ()
    if draw(st.booleans()) and syms:
        x = syms[0]
        conds = (x < pt[x] + draw(pos_rat),) if draw(st.booleans()) else (sp.Ne(x, pt[x] + 1),)
    role = draw(st.sampled_from(["supports", "refutes"]))
    given = _as_given(pt, draw)
    exact = _rational_at(lhs, pt) and _rational_at(rhs, pt)
    if perturbed:
        ide = ideal("refuted") if exact else ideal("refuted", "unknown")
    elif role == "supports":
        ide = ideal("witnessed") if exact else ideal("witnessed", "unknown")
    else:
        ide = ideal("unknown")
    return Case("nonidentity-in-domain", "symbolic", role,
                lambda: NonIdentity(lhs, rhs, given, conditions=conds), not perturbed, ide,
                f"NonIdentity({lhs}, {rhs}, {given}, conditions={conds})")


@st.composite
def nonidentity_outside_domain(draw):
    """A 'counterexample' at a point the claim's domain excludes: must be an error."""
    lhs, rhs = draw(real_pair(1))
    if draw(st.booleans()):
        rhs = rhs + draw(nonzero_term())
    free = sp.sympify(lhs).free_symbols | sp.sympify(rhs).free_symbols
    how = draw(st.sampled_from(["positive", "integer", "condition", "negative", "nonnegative"]))
    conds = ()
    extra_syms = []
    if how == "positive":
        x = draw(st.sampled_from(POS))
        bad = {x: draw(st.sampled_from([sp.Integer(0), sp.Integer(-1), sp.Rational(-1, 3)]))}
        if draw(st.booleans()):
            lhs, rhs = lhs + x, rhs + x
    elif how == "integer":
        bad = {n: draw(st.sampled_from([sp.Rational(1, 2), sp.Rational(7, 3), sp.Integer(0), sp.Integer(-2)]))}
    elif how == "negative":
        m = sp.Symbol("m", negative=True)
        extra_syms = [m]
        bad = {m: draw(st.sampled_from([sp.Integer(0), sp.Integer(1), sp.Rational(1, 5)]))}
        lhs = lhs + m
        rhs = rhs + m
    elif how == "nonnegative":
        m = sp.Symbol("m", nonnegative=True)
        extra_syms = [m]
        bad = {m: draw(st.sampled_from([sp.Integer(-1), sp.Rational(-1, 5)]))}
        lhs = lhs * (m + 1)
        rhs = rhs * (m + 1)
    else:
        x = draw(st.sampled_from(POS + REAL))
        bound = draw(any_rat)
        bad = {x: (bound + draw(pos_rat)) if x in REAL else abs(bound) + draw(pos_rat)}
        conds = (draw(st.sampled_from([x < bound, x <= bound])),)
        if draw(st.booleans()):
            conds = conds + (x > -100,)
    syms = sorted(free | set(bad) | set(extra_syms), key=str)
    pt = draw(domain_point([x for x in syms if x not in bad]))
    pt.update(bad)
    role = draw(st.sampled_from(["supports", "refutes"]))
    return Case("nonidentity-outside-domain", "symbolic", role, lambda: NonIdentity(lhs, rhs, pt, conditions=conds),
                None, ideal("error"), f"NonIdentity({lhs}, {rhs}, {pt}, conditions={conds}) [{how} violated]")


@st.composite
def nonidentity_undefined_side(draw):
    """A point where a side is undefined (1/0, log 0, log of a negative, sqrt of a negative)."""
    x, y = draw(real_pair(1))
    kind = draw(st.sampled_from(["div", "log", "root", "negpow"]))
    d, pt0 = draw(st.sampled_from(ZERO_SOMEWHERE if kind in ("div", "negpow") else NEGATIVE_SOMEWHERE
                                  if kind == "root" else ZERO_SOMEWHERE + NEGATIVE_SOMEWHERE))
    term = {"div": lambda: 1 / d, "log": lambda: sp.log(d), "root": lambda: sp.sqrt(d),
            "negpow": lambda: d ** sp.Rational(-1, 2)}[kind]()
    side = sp.Add(x, term, evaluate=False)
    syms = sorted((sp.sympify(side).free_symbols | sp.sympify(y).free_symbols) - set(pt0), key=str)
    pt = draw(domain_point(syms))
    pt.update(pt0)
    lhs, rhs = (side, y) if draw(st.booleans()) else (y, side)
    role = draw(st.sampled_from(["supports", "refutes"]))
    return Case("nonidentity-undefined-side", "symbolic", role, lambda: NonIdentity(lhs, rhs, pt), None,
                ideal("error"), f"NonIdentity({lhs}, {rhs}, {pt}) [{kind} of {d} undefined there]")


@st.composite
def nonidentity_float_point(draw):
    lhs, rhs = draw(real_pair(1))
    syms = sorted(sp.sympify(lhs).free_symbols | sp.sympify(rhs).free_symbols | {a}, key=str)
    pt = draw(domain_point(syms))
    x = draw(st.sampled_from(syms))
    pt[x] = float(pt[x]) if not x.is_integer else float(pt[x]) + 0.0
    return Case("nonidentity-float-point", "symbolic", draw(st.sampled_from(["supports", "refutes"])),
                lambda: NonIdentity(lhs, rhs + 1, pt), None, ideal("error"),
                f"NonIdentity({lhs}, {rhs} + 1, {pt}) [a float coordinate]")


# Assumptions sympy supports that are not positivity / integrality / realness.
UNCHECKED = [
    # (symbol, unevaluated lhs, rhs, a point violating only this assumption): lhs = rhs holds
    # for every value the assumption allows.
    ("even", lambda m: (sp.Pow(-1, m, evaluate=False), sp.Integer(1)), [3, 5, -1]),
    ("odd", lambda m: (sp.Pow(-1, m, evaluate=False), sp.Integer(-1)), [2, 4, 0]),
    ("prime", lambda m: (sp.Mod(2 ** m - 2, m), sp.Integer(0)), [4, 6, 9, 15]),
]


@st.composite
def nonidentity_unchecked_assumption(draw):
    name, build, points = draw(st.sampled_from(UNCHECKED))
    m = sp.Symbol("m", **{name: True})
    lhs, rhs = build(m)
    v = draw(st.sampled_from(points))
    role = draw(st.sampled_from(["supports", "refutes"]))
    return Case("nonidentity-unchecked-assumption", "symbolic", role, lambda: NonIdentity(lhs, rhs, {m: v}), None,
                ideal("error"), f"NonIdentity({lhs}, {rhs}, {{m: {v}}}) with m declared {name}=True "
                "[the point violates the declaration; the identity holds for every admissible m]")


# --- same term ---------------------------------------------------------------------------

j_pos = sp.Symbol("j", integer=True, positive=True)


@st.composite
def same_term(draw):
    lhs, rhs = draw(real_pair(2))
    kind = draw(st.sampled_from(["same", "equal-values", "perturbed", "alpha", "capture", "role"]))
    role = "definitional"
    truth, conv = True, True
    if kind == "same":
        ide = ideal("tautological")
        x, y = lhs, lhs
    elif kind == "equal-values":
        x, y = lhs, rhs
        ide = ideal("unknown", "tautological")
    elif kind == "perturbed":
        x, y = lhs, rhs + draw(nonzero_term())
        truth, ide = False, ideal("unknown")
    elif kind == "alpha":
        x = sp.Sum(lhs * k_pos, (k_pos, 1, n))
        y = sp.Sum(lhs * j_pos, (j_pos, 1, n))
        ide = ideal("tautological")
    elif kind == "capture":
        # Sum_k n·k  vs  Sum_n n·n (the bound variable captures the free n): different values.
        x = sp.Sum(n * k_pos, (k_pos, 1, n))
        y = sp.Sum(n * n, (n, 1, n))
        truth, ide = False, ideal("unknown")
    else:
        x, y = lhs, lhs
        role = "supports"
        truth, ide = None, ideal("error")
    return Case(f"same-term", "symbolic", role, lambda: SameTerm(x, y), truth, ide,
                f"SameTerm({x}, {y}) [{kind}]", converse=conv)


@st.composite
def role_mismatch(draw):
    lhs, rhs = draw(real_pair(1))
    goal, role = draw(st.sampled_from([("Identity", "refutes"), ("Identity", "definitional"),
                                       ("NonIdentity", "definitional"), ("SameTerm", "refutes")]))
    build = {"Identity": lambda: Identity(lhs, rhs), "SameTerm": lambda: SameTerm(lhs, rhs),
             "NonIdentity": lambda: NonIdentity(lhs, rhs + 1, {})}[goal]
    return Case("role-mismatch", "symbolic", role, build, None, ideal("error"), f"{goal}(...) as role {role}")


# --- sums: binders, renaming, shifting, splitting -------------------------------------------

w = sp.IndexedBase("w", real=True)
i_, j_, l_ = sp.symbols("i j l", integer=True)


@st.composite
def sum_body(draw, v):
    """A polynomial in the bound variable v, the free p and the data w[v]."""
    terms = [sp.Integer(draw(st.integers(-3, 3))) * t
             for t in draw(st.lists(st.sampled_from([v, v ** 2, p, w[v], p * v, w[v] * v, sp.Integer(1)]),
                                    min_size=1, max_size=3))]
    return sp.Add(*terms) if any(t != 0 for t in terms) else w[v]


def _sum_value(e, nv: int, wv: list) -> sp.Expr:
    v = sp.sympify(e).xreplace({n: nv}).doit()
    v = v.xreplace({w[k]: wv[k + 3] for k in range(-3, 10)})
    return sp.nsimplify(sp.expand(v.xreplace({p: sp.Rational(3, 7)})))


def _same_values(lhs, rhs) -> bool | None:
    """Compare at n = 1..4 with fixed data; True if equal everywhere (not a proof), False if not."""
    wv = [sp.Rational(k * k + 1, k + 5) for k in range(-3, 10)]
    try:
        return all(sp.simplify(_sum_value(lhs, nv, wv) - _sum_value(rhs, nv, wv)) == 0 for nv in range(1, 5))
    except Exception:
        return None


@st.composite
def sums_case(draw):
    b = draw(sum_body(i_))
    kind = draw(st.sampled_from(["rename", "linear", "scale", "split", "shift", "nested-rename", "nested-swap",
                                 "bad-shift", "bad-split", "bad-swap", "capture", "perturbed"]))
    S = sp.Sum(b, (i_, 1, n))
    if kind == "rename":
        lhs, rhs, truth = S, sp.Sum(b.xreplace({i_: j_}), (j_, 1, n)), True
    elif kind == "linear":
        c = draw(sum_body(i_))
        lhs, rhs, truth = sp.Sum(b + c, (i_, 1, n)), S + sp.Sum(c, (i_, 1, n)), True
    elif kind == "scale":
        c = draw(nonzero_rat)
        lhs, rhs, truth = sp.Sum(c * b, (i_, 1, n)), c * S, True
    elif kind == "split":
        lhs, rhs, truth = S, sp.Sum(b, (i_, 1, n - 1)) + b.xreplace({i_: n}), True
    elif kind == "shift":
        lhs, rhs, truth = S, sp.Sum(b.xreplace({i_: i_ + 1}), (i_, 0, n - 1)), True
    elif kind in ("nested-rename", "nested-swap", "bad-swap"):
        f = draw(sum_body(i_)) * draw(sum_body(j_))
        lhs = sp.Sum(sp.Sum(f, (j_, 1, i_)), (i_, 1, n))
        if kind == "nested-rename":
            g = f.xreplace({i_: l_, j_: i_})  # i -> l, j -> i (simultaneously)
            rhs, truth = sp.Sum(sp.Sum(g, (i_, 1, l_)), (l_, 1, n)), True
        elif kind == "nested-swap":
            rhs, truth = sp.Sum(sp.Sum(f, (i_, j_, n)), (j_, 1, n)), True
        else:
            rhs, truth = sp.Sum(sp.Sum(f, (i_, 1, j_)), (j_, 1, n)), None
    elif kind == "bad-shift":
        lhs, rhs, truth = S, sp.Sum(b, (i_, 0, n - 1)), None
    elif kind == "bad-split":
        lhs, rhs, truth = S, sp.Sum(b, (i_, 1, n - 1)), None
    elif kind == "capture":
        # the bound variable renamed to the free n: Sum_{n=1}^{n} b(n) is another sum
        lhs, rhs, truth = sp.Sum(b * n, (i_, 1, n)), sp.Sum(b.xreplace({i_: n}) * n, (n, 1, n)), None
    else:
        lhs, rhs, truth = S, S + draw(nonzero_term()), False
    if truth is None:
        same = _same_values(lhs, rhs)
        assume(same is False)  # the construction happened to give equal values: not a false statement
        truth = False
    method_role = draw(st.sampled_from(["identity", "identity", "same-term"]))
    if method_role == "identity":
        return Case("sums", "symbolic", "supports", lambda: Identity(lhs, rhs), truth,
                    ideal("proved", "unknown") if truth else ideal("unknown"), f"Identity({lhs}, {rhs}) [{kind}]")
    alpha = kind in ("rename", "nested-rename")
    return Case("sums", "symbolic", "definitional", lambda: SameTerm(lhs, rhs), truth,
                ideal("tautological") if alpha else ideal("unknown", "tautological") if truth else ideal("unknown"),
                f"SameTerm({lhs}, {rhs}) [{kind}]", converse=bool(truth))


FAMILIES = [
    FuzzFamily("identity-true", "symbolic", true_identity(), 450),
    FuzzFamily("identity-perturbed", "symbolic", false_identity(), 300),
    FuzzFamily("identity-undefined-somewhere", "symbolic", partial_identity(), 350),
    FuzzFamily("identity-with-float", "symbolic", float_identity(), 80),
    FuzzFamily("nonidentity-in-domain", "symbolic", nonidentity_in_domain(), 500),
    FuzzFamily("nonidentity-outside-domain", "symbolic", nonidentity_outside_domain(), 400),
    FuzzFamily("nonidentity-undefined-side", "symbolic", nonidentity_undefined_side(), 250),
    FuzzFamily("nonidentity-float-point", "symbolic", nonidentity_float_point(), 80),
    FuzzFamily("same-term", "symbolic", same_term(), 200),
    FuzzFamily("sums", "symbolic", sums_case(), 120, false_error=(
        "Identity(Sum(i*j*w[i]*w[j], (j, 1, i), (i, 1, n)), Sum(i*l*w[i]*w[l], (i, 1, l), (l, 1, n))) with "
        "w = IndexedBase('w', real=True): the canonical form is 0 (alpha-equivalent sums) but the result "
        "is 'error': cross_check_zero draws a value for every Indexed atom, including w[i], w[j], w[l] "
        "whose index is a bound variable, and substitutes them inside the sums")),
    FuzzFamily("role-mismatch-symbolic", "symbolic", role_mismatch(), 30),
    FuzzFamily("identity-trig-pole", "symbolic", trig_pole_identity(), 100),
    FuzzFamily("identity-undefined-special", "symbolic", special_undefined_identity(), 100),
    FuzzFamily("nonidentity-special-singular", "symbolic", special_singular_point(), 100),
    FuzzFamily("identity-sum-index-range", "symbolic", sum_index_range_identity(), 60),
    FuzzFamily("nonidentity-unchecked-assumption", "symbolic", nonidentity_unchecked_assumption(), 40),
]
