"""The per-obligation cache of z3 term nodes: what it reads, and that it cannot mix up terms."""
from __future__ import annotations

import gc

import z3

from verify.discharge import smt
from verify.discharge.z3_nodes import QUANTIFIER, VARIABLE, forget_nodes, node

x, y = z3.Reals("nx ny")
f = z3.Function("nf", z3.RealSort(), z3.RealSort())


def test_a_node_reads_what_the_z3_api_says():
    t = x / (y + 1)
    n = node(t)
    assert n.kind == z3.Z3_OP_DIV and [a.get_id() for a in n.args] == [a.get_id() for a in t.children()]
    assert node(x).is_constant and node(x).name == "nx" and not node(f(x)).is_constant
    assert node(f(x)).kind == z3.Z3_OP_UNINTERPRETED and node(f(x)).name == "nf"
    assert node(z3.RealVal(3)).kind == z3.Z3_OP_ANUM and node(z3.BoolVal(True)).kind == z3.Z3_OP_TRUE
    q = z3.ForAll([x], x * x >= 0)
    assert node(q).kind == QUANTIFIER and node(q).args[0].get_id() == q.body().get_id()
    assert node(q.body().arg(0).arg(0)).kind == VARIABLE  # the bound variable, a de Bruijn index


def test_a_cached_term_stays_alive_so_its_id_is_never_reused():
    forget_nodes()
    seen = {}
    for k in range(200):
        t = z3.Real(f"tmp{k}") * (k + 2)
        seen[t.get_id()] = node(t)
        del t
    gc.collect()
    # Every cached entry still describes its own term: no id was handed to a later term.
    for key, n in seen.items():
        assert n.expr.get_id() == key and node(n.expr) is n
    later = [z3.Real(f"later{k}") * (k + 3) for k in range(400)]  # z3 reuses freed ids: not these
    assert not {t.get_id() for t in later} & set(seen)
    assert all(node(t).kind == z3.Z3_OP_MUL for t in later)
    forget_nodes()


def test_divisions_are_found_deep_inside_and_totals_under_quantifiers_are_fine():
    deep = x
    for _ in range(30):
        deep = deep + y * deep
    formula = z3.And(y > 0, deep + 1 / (x - y) > 0)
    obligation = smt.divisor_obligation([], [formula])
    assert obligation is not None and "x - y" in str(obligation).replace("nx", "x").replace("ny", "y")
    assert smt.divisor_obligation([], [z3.ForAll([x], x ** 2 >= 0), z3.ForAll([x], x / 2 <= x * x + 1)]) is None
    assert smt.divisor_obligation([], [z3.And(x > 0, y * y > 0)]) is None
