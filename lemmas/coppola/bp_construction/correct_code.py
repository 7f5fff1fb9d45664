"""The proofs' exact objects are the code's (cross-checks of ``coppola.bp.construction.correct``).

The identities evaluate exact weights, a symbolic encoding and symbolic sum-product; these checks
tie each to the float code it stands for. They never decide the verdict.

Main statements (cross-checks):

* :func:`float_weights_are_the_proved_weights` — every float weight equals the exact one (D ≤ 12);
* :func:`encoder_masks_are_gather_sets_on_small_graphs` — ``encode_graphs``' masks are the graph's
  gather sets on every graph with ≤ :data:`MASK_ENUMERATION_VARIABLES` variables (the hypothesis
  ``masks_as_specified`` on the graphs the proofs do not cover);
* :func:`float_encoding_is_symbolic_encoding`, :func:`symbolic_layer_matches_float_forward` — the
  float encoder and ``Transformer.forward`` agree with the symbolic ones;
* :func:`symbolic_sum_product_matches_models` — the symbolic sum-product and enumeration, run on
  Fractions, are :mod:`lemmas.models`' exact ones.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from lemmas.models import (
    GraphStructure,
    build_sum_product_transformer,
    complete_graph,
    encode_graphs,
    exact_marginals_fraction,
    from_edges,
    random_graph,
    random_tree,
    sum_product_marginals_exact,
)
from lemmas.models.construction_symbolic import (
    MSG,
    WIDTH,
    SymbolicGraph,
    ValuedGraph,
    allowed_rows,
    belief,
    brute_force,
    exact_blocks,
    exact_entries,
    exact_sum_product_blocks,
    float_entries,
    gather_sets,
    nonisomorphic_trees,
    placeholder_graph,
    symbolic_forward,
    symbolic_graph,
    symbolic_stream,
    tree_diameter,
)
from lemmas.models.construction_symbolic import sum_product_messages as symbolic_messages
from verify import ExactEqual, Witness, supports

from .correct_layer import SLOW_SLOTS, messages

MASK_ENUMERATION_VARIABLES = 5
"""Every simple graph with at most this many variables is encoded in the mask enumeration."""
MASK_ORIENTATION_VARIABLES = 4
"""… and up to this many variables, with every orientation of every factor."""


@supports("exact", cross_check=True, timeout=120)
def float_weights_are_the_proved_weights() -> ExactEqual:
    """Every float weight of the masked construction (D ≤ 12) equals the exact number the proofs use.

    Two rounds; same name, same position as an exact rational."""
    cases = []
    for D in range(1, SLOW_SLOTS + 1):
        model = build_sum_product_transformer(2, D, variant="masked")
        floats, exact = float_entries(model), exact_entries(exact_blocks(model))
        if [n for n, _ in floats] != [n for n, _ in exact]:
            cases.append((f"D={D}: entry names", tuple(n for n, _ in floats), tuple(n for n, _ in exact)))
            continue
        cases += [(f"D={D} {name}", Fraction(v), Fraction(int(q.p), int(q.q)))
                  for (name, v), (_, q) in zip(floats, exact, strict=True)]
    return ExactEqual(cases, label="float weights = the exact weights the proofs use (0, ±1, D)",
                      detail={"entries": len(cases), "slots": f"1..{SLOW_SLOTS}"})


def _all_graphs() -> list[tuple[int, list[tuple[int, int]]]]:
    out = []
    for n in range(1, MASK_ENUMERATION_VARIABLES + 1):
        pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
        for bits in range(1 << len(pairs)):
            edges = [p for k, p in enumerate(pairs) if bits >> k & 1]
            out.append((n, edges))
            if n <= MASK_ORIENTATION_VARIABLES:
                for flips in range(1, 1 << len(edges)):
                    out.append((n, [(b, a) if flips >> k & 1 else (a, b) for k, (a, b) in enumerate(edges)]))
    return out


def _sorted_rows(rows: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(sorted(r)) for r in rows)


@supports("exact", cross_check=True, timeout=300)
def encoder_masks_are_gather_sets_on_small_graphs(batch: int = 64) -> ExactEqual:
    """encode_graphs' masks equal the graph's gather sets on every graph with ≤ 5 variables (every
    orientation up to 4), in mixed batches.

    Mixed batches exercise padding and slots above a graph's own degree."""
    graphs = _all_graphs()
    cases = []
    for start in range(0, len(graphs), batch):
        chunk = graphs[start:start + batch]
        enc = encode_graphs([placeholder_graph(n, e) for n, e in chunk], variant="masked")
        for b, (n, edges) in enumerate(chunk):
            got = {name: _sorted_rows(allowed_rows(m, b)) for name, m in enc.masks.items()}
            want = gather_sets(GraphStructure(n, tuple(edges)), [int(t) for t in enc.edge_positions[b]],
                               [int(t) for t in enc.readout_positions[b]], enc.tokens, enc.slots)
            cases.append((f"n={n} edges={edges}", tuple(got[k] for k in sorted(got)),
                          tuple(_sorted_rows(want[k]) for k in sorted(want))))
    return ExactEqual(cases, label=f"encode_graphs masks = the gather sets, {len(cases)} graphs with ≤ "
                                   f"{MASK_ENUMERATION_VARIABLES} variables",
                      detail={"graphs": len(cases), "batch": batch})


def _float_graphs(seed: int = 7106) -> list[Any]:
    rng = np.random.default_rng(seed)
    gs = [random_tree(int(n), rng, unary=True) for n in (1, 2, 4, 7)]
    gs += [random_graph(5, 7, rng, unary=True), complete_graph(4, rng)]
    return gs


def _values(g: SymbolicGraph, fg: Any) -> dict[sp.Symbol, float]:
    vals = {}
    unary = fg.unary_or_uniform()
    for i, (p0, p1) in enumerate(g.phi):
        vals[p0], vals[p1] = float(unary[i][0]), float(unary[i][1])
    for f, t in enumerate(g.psi):
        for a in (0, 1):
            for b in (0, 1):
                vals[t[a][b]] = float(fg.factors[f].table[a][b])
    return vals


@supports("numeric", cross_check=True, timeout=120)
def float_encoding_is_symbolic_encoding() -> Witness:
    """encode_graphs' float features = the symbolic encoding at the graph's numbers (≤ 1e-13)."""
    obs, exp = [], []
    for fg in _float_graphs():
        g = symbolic_graph(fg.num_variables, fg.edges)
        stream = symbolic_stream(g, slots=None)
        vals = _values(g, fg)
        enc = encode_graphs(fg, variant="masked")
        for t, row in enumerate(stream.x):
            for c, v in enumerate(row):
                obs.append(float(enc.x[0, t, c]))
                exp.append(float(sp.sympify(v).xreplace(vals)))
    return Witness(np.array(obs), np.array(exp), 1e-13, instances=len(_float_graphs()),
                   label="encode_graphs features = log-ratios of the potentials (THETA, A, B, K), zeros elsewhere")


@supports("numeric", cross_check=True, timeout=300)
def symbolic_layer_matches_float_forward() -> Witness:
    """The sympy evaluation of the exact layer + read-out = Transformer.forward at random points
    (≤ 1e-12)."""
    rng = np.random.default_rng(7107)
    obs, exp = [], []
    for fg in _float_graphs():
        g = symbolic_graph(fg.num_variables, fg.edges)
        E = 2 * len(g.edges)
        msgs = messages(E)
        stream = symbolic_stream(g, msgs if E else None, slots=None)
        enc = encode_graphs(fg, variant="masked")
        D = enc.slots
        vals: dict[Any, Any] = dict(_values(g, fg))
        h = rng.normal(0.0, 2.0, size=E)
        for e, (m0, m1) in enumerate(msgs):
            vals[m0], vals[m1] = 1.0, float(np.exp(h[e]))
        out = symbolic_forward(exact_sum_product_blocks(1, D), stream.x, stream.masks)
        f = sp.lambdify(list(vals), [out[t][c] for t in range(len(stream.x)) for c in range(WIDTH)], "mpmath")
        sym = np.array([float(v) for v in f(*vals.values())])
        x = enc.x.copy()
        x[0, enc.edge_positions[0], MSG] = h
        model = build_sum_product_transformer(1, D, variant="masked")
        obs.append(np.asarray(model.forward(x, enc.masks))[0].reshape(-1))
        exp.append(sym)
    return Witness(np.concatenate(obs), np.concatenate(exp), 1e-12, instances=len(obs),
                   label="sympy layer + read-out at float points = Transformer.forward (float64)")


@supports("exact", cross_check=True, timeout=300)
def symbolic_sum_product_matches_models(max_n: int = 7, seed: int = 7108) -> ExactEqual:
    """The symbolic sum-product and enumeration code, run on Fractions, = lemmas.models' exact
    sum-product and enumeration, every tree shape n ≤ 7."""
    rng = random.Random(seed)
    cases = []
    for n in range(1, max_n + 1):
        for edges in nonisomorphic_trees(n):
            g = symbolic_graph(n, edges)
            vals = {s: Fraction(rng.randint(1, 20), rng.randint(1, 20)) for s in g.symbols()}
            arith = ValuedGraph(g, vals)
            T = tree_diameter(n, edges)
            msgs = symbolic_messages(g, T, arith)
            mine = []
            for i in range(n):
                b0, b1 = belief(g, msgs, i, arith)
                mine.append(b1 / (b0 + b1))
            Z, Z1 = brute_force(g, arith)
            fg = from_edges(n, edges, [[[vals[s] for s in r] for r in t] for t in g.psi],
                            [[vals[s] for s in p] for p in g.phi])
            cases.append((f"n={n} {edges}: sum-product", tuple(mine), tuple(sum_product_marginals_exact(fg, T))))
            cases.append((f"n={n} {edges}: enumeration", tuple(z1 / Z for z1 in Z1),
                          tuple(exact_marginals_fraction(fg))))
    return ExactEqual(cases,
                      label=f"symbolic sum-product / enumeration on Fractions = lemmas.models, trees n ≤ {max_n}")
