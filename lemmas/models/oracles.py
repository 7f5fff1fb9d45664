"""Independent exact-inference oracles: pgmpy (pure Python) and pyAgrum (C++).

They share no code with this package's enumeration or BP, which is the point: the tests check
our marginals against them and the benchmark times the transformer witness against them. Both
libraries are optional (test extra) and imported lazily.

* pgmpy: the graph becomes a ``DiscreteMarkovNetwork`` with one ``DiscreteFactor`` per table
  (and per unary), queried with ``VariableElimination`` (``joint=False`` returns one
  unnormalised marginal per variable; we normalise).
* pyAgrum 3 ships Bayesian-network inference, so the Markov network is encoded as a BN with the
  standard evidence trick: variables are roots with prior phi_i / Σ phi_i (uniform without a
  unary); each factor psi on (a, b) gets a binary child F with P(F=1 | x_a, x_b) =
  psi(x_a, x_b) / max psi, observed F = 1. Then P(x | F = 1) ∝ Π phi Π psi, the graph's joint,
  and ``LazyPropagation`` (junction tree) returns its exact marginals.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .factor_graph import FactorGraph

__all__ = ["pgmpy_model", "pgmpy_marginals", "pyagrum_model", "pyagrum_marginals"]


def pgmpy_model(graph: FactorGraph) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.factors.discrete import DiscreteFactor
        from pgmpy.models import DiscreteMarkovNetwork
    names = [f"x{i}" for i in range(graph.num_variables)]
    model = DiscreteMarkovNetwork()
    model.add_nodes_from(names)
    model.add_edges_from([(names[a], names[b]) for a, b in graph.edges])
    factors = [DiscreteFactor([names[a], names[b]], [2, 2], np.asarray(t, dtype=np.float64))
               for (a, b), t in zip(graph.edges, graph.tables_array())]
    # Every variable gets a unary factor (ones without a unary) so isolated variables are covered.
    factors += [DiscreteFactor([names[i]], [2], u) for i, u in enumerate(graph.unary_array())]
    model.add_factors(*factors)
    return model


def pgmpy_marginals(graph: FactorGraph, model: Any | None = None) -> np.ndarray:
    """P(x_i = 1) by pgmpy's VariableElimination."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.inference import VariableElimination
    m = pgmpy_model(graph) if model is None else model
    names = [f"x{i}" for i in range(graph.num_variables)]
    q = VariableElimination(m).query(names, joint=False, show_progress=False)
    out = np.empty(graph.num_variables)
    for i, name in enumerate(names):
        v = np.asarray(q[name].values, dtype=np.float64)
        states = list(q[name].state_names[name])
        out[i] = v[states.index(1)] / v.sum()
    return out


def pyagrum_model(graph: FactorGraph) -> tuple[Any, dict[str, int]]:
    """(BayesNet, evidence) encoding the graph's joint (see the module docstring)."""
    import pyagrum as gum
    bn = gum.BayesNet("factor_graph")
    names = [f"x{i}" for i in range(graph.num_variables)]
    for name in names:
        bn.add(gum.LabelizedVariable(name, name, 2))
    for i, u in enumerate(graph.unary_array()):
        bn.cpt(names[i]).fillWith((u / u.sum()).tolist())
    evidence = {}
    for k, ((a, b), t) in enumerate(zip(graph.edges, graph.tables_array())):
        fname = f"f{k}"
        bn.add(gum.LabelizedVariable(fname, fname, 2))
        bn.addArc(names[a], fname)
        bn.addArc(names[b], fname)
        p = t / t.max()
        cpt = bn.cpt(fname)
        # values[x_a][x_b][F]; pyAgrum's flat order has its *last* listed variable slowest, so
        # lay the axes out in reversed cpt.names order (checked against named assignment in tests).
        values = np.stack([1.0 - p, p], axis=-1)
        axis_of = {names[a]: 0, names[b]: 1, fname: 2}
        cpt.fillWith(np.transpose(values, [axis_of[v] for v in reversed(cpt.names)]).ravel().tolist())
        evidence[fname] = 1
    return bn, evidence


def pyagrum_marginals(graph: FactorGraph, model: tuple[Any, dict[str, int]] | None = None) -> np.ndarray:
    """P(x_i = 1) by pyAgrum's LazyPropagation on the evidence encoding."""
    import pyagrum as gum
    bn, evidence = pyagrum_model(graph) if model is None else model
    ie = gum.LazyPropagation(bn)
    if evidence:
        ie.setEvidence(evidence)
    ie.makeInference()
    return np.array([float(ie.posterior(f"x{i}").toarray()[1]) for i in range(graph.num_variables)])
