"""``verify witness bp``: run a BP transformer on a factor-graph file and compare it with BP.

Usage::

    verify witness bp --graph FILE.json [--rounds T] [--construction masked|unmasked|paper]
                      [--lam L] [--tol TOL] [--json [PATH]]

It prints the beliefs P(x_i = 1) computed by the chosen transformer construction, by
synchronous sum-product with the same number of rounds, and by exact enumeration when the graph
has at most 20 variables, plus the largest differences.

``--json`` alone prints the JSON document to stdout instead of the table; ``--json PATH``
writes it to PATH and still prints the table. Keys: ``rounds``, ``transformer``,
``sum_product``, ``exact`` (null when skipped), ``max_error_transformer_vs_sum_product``,
``max_error_vs_exact`` (transformer vs exact; null when skipped), and descriptive extras
(``construction``, ``lam``, ``variables``, ``factors``, ``is_tree``, ``diameter``,
``max_error_sum_product_vs_exact``; for ``paper`` also ``paper_bp``,
``max_error_transformer_vs_paper_bp``, ``ffn_fit_max_error`` and ``note``).

Constructions: ``masked`` (default) and ``unmasked`` implement one sum-product round per layer
(:mod:`lemmas.models.sum_product_transformer`); ``paper`` is [C]'s §7 weights, which aim at the
paper's own BP (neighbour beliefs folded with updateBelief, factor tables never read), so it is
compared with that BP as well as with sum-product. Cost per layer: masked O(tokens x degree);
unmasked and paper use unmasked softmax attention, O(tokens^2), so keep those to graphs of a
few hundred variables (the paper's construction also needs every variable to have degree <= 2).

Exit codes: 0 the witness holds (for masked/unmasked: transformer and sum-product agree within
``--tol``; ``paper`` always 0, its disagreement is the finding), 1 they disagree beyond
``--tol`` or a value is NaN/inf (e.g. potentials that overflow), 4 usage or input error (a
tolerance that is NaN, inf or negative too) (bad arguments, unreadable file, malformed graph — the message
names the place in the file, e.g. ``factors[3].table[1][0]``).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["main", "run_witness", "EXACT_LIMIT"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 4
#: Exact enumeration is done up to this many variables (2^20 assignments).
EXACT_LIMIT = 20
_DEFAULT_LAM = {"masked": None, "unmasked": 40.0, "paper": 10.0}


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2; the project's usage code is 4
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verify witness bp",
                description="Run a BP transformer on a factor-graph file and compare it with sum-product and "
                            "exact marginals.",
                epilog="Exit codes: 0 witness holds, 1 disagreement beyond --tol, 4 usage or input error.")
    p.add_argument("--graph", required=True, metavar="FILE.json", help="factor graph in the project's JSON format")
    p.add_argument("--rounds", type=int, default=None, metavar="T",
                   help="BP rounds = transformer layers (default: the number of variables)")
    p.add_argument("--construction", choices=("masked", "unmasked", "paper"), default="masked",
                   help="masked: exact sum-product layers (default); unmasked: index-matching attention "
                        "with a proved error bound (dense, O(tokens^2) per layer); paper: [C]'s §7 weights")
    p.add_argument("--lam", type=float, default=None, metavar="L",
                   help="inverse temperature (unmasked: default 40; paper: default 10; masked: unused)")
    p.add_argument("--tol", type=float, default=1e-9,
                   help="agreement required between transformer and sum-product (default 1e-9)")
    p.add_argument("--json", nargs="?", const="-", default=None, metavar="PATH",
                   help="JSON output: to stdout if no PATH is given, else written to PATH")
    return p


def _max_abs(a: Sequence[float] | None, b: Sequence[float] | None) -> float | None:
    if a is None or b is None:
        return None
    if len(a) == 0:
        return 0.0
    return float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))


def run_witness(graph: Any, rounds: int | None = None, construction: str = "masked",
                lam: float | None = None) -> dict[str, Any]:
    """Compute the witness document for a :class:`~lemmas.models.factor_graph.FactorGraph`."""
    from .bp import paper_bp, sum_product_marginals
    from .exact import exact_marginals
    from .factor_graph import FactorGraph
    if not isinstance(graph, FactorGraph):
        raise TypeError("graph must be a FactorGraph")
    g = graph.to_float() if graph.is_exact else graph
    T = g.num_variables if rounds is None else rounds
    if T < 0:
        raise ValueError("--rounds must be non-negative")
    lam_used = _DEFAULT_LAM[construction] if lam is None else lam
    doc: dict[str, Any] = {"construction": construction, "lam": lam_used, "variables": g.num_variables,
                           "factors": len(g.factors), "rounds": T}
    sp = sum_product_marginals(g, T)
    if construction == "paper":
        from .paper_construction import fit_update_belief_relu, paper_transformer_beliefs
        if lam_used is None or not lam_used > 0:
            raise ValueError("--lam must be positive")
        tr = paper_transformer_beliefs(g, T, float(lam_used))
        pbp = [float(b) for b in paper_bp(g, T)]
    else:
        from .sum_product_transformer import transformer_marginals
        if construction == "unmasked" and not (lam_used is not None and lam_used > 0):
            raise ValueError("--lam must be positive for the unmasked construction")
        tr = transformer_marginals(g, T, variant=construction,  # type: ignore[arg-type]
                                   lam=float(lam_used) if lam_used is not None else 40.0)
        pbp = None
    ex = exact_marginals(g) if g.num_variables <= EXACT_LIMIT else None
    doc["transformer"] = [float(v) for v in tr]
    doc["sum_product"] = [float(v) for v in sp]
    doc["exact"] = None if ex is None else [float(v) for v in ex]
    doc["max_error_transformer_vs_sum_product"] = _max_abs(tr, sp)
    doc["max_error_vs_exact"] = _max_abs(tr, ex)
    doc["max_error_sum_product_vs_exact"] = _max_abs(sp, ex)
    doc["is_tree"] = g.is_tree()
    doc["diameter"] = g.diameter() if g.num_variables <= 2000 else None
    doc["warnings"] = _exactness_warnings(doc)
    if construction == "paper":
        doc["paper_bp"] = pbp
        doc["max_error_transformer_vs_paper_bp"] = _max_abs(tr, pbp)
        doc["ffn_fit_max_error"] = fit_update_belief_relu().max_error
        doc["note"] = ("The paper's §7 weights (projectDim/crossProject heads, then a ReLU FFN) aim at the "
                       "paper's BP: each variable folds its neighbours' beliefs with updateBelief and factor "
                       "tables are never read. Its heads score lam*nb(query)*nb(key), which does not route to "
                       "the neighbour, and no ReLU FFN computes updateBelief (a least-squares ReLU fit is "
                       "used; its grid error is ffn_fit_max_error). 'transformer' is that pass; compare it "
                       "with 'paper_bp' (what it is meant to compute) and with 'sum_product'/'exact' "
                       "(what Bayesian inference requires).")
    return doc


def _exactness_warnings(doc: dict[str, Any]) -> list[str]:
    """Why exit 0 would not mean "these are the exact marginals" (it only means transformer = BP)."""
    out = []
    if not doc["is_tree"]:
        out.append("the graph has a cycle: sum-product (and so the transformer) is loopy BP, not exact inference"
                   + (f"; max |sum_product - exact| = {doc['max_error_sum_product_vs_exact']:.3e}"
                      if doc.get("max_error_sum_product_vs_exact") is not None else ""))
    elif doc["diameter"] is not None and doc["rounds"] < doc["diameter"]:
        out.append(f"rounds = {doc['rounds']} < diameter = {doc['diameter']}: messages have not crossed the tree, "
                   "so the beliefs are not yet the exact marginals")
    return out


def _finite(doc: dict[str, Any]) -> bool:
    vals = [v for k in ("transformer", "sum_product", "exact", "paper_bp") for v in (doc.get(k) or [])]
    return all(np.isfinite(vals)) if vals else True


def _table(doc: dict[str, Any]) -> str:
    lines = [f"construction: {doc['construction']}  rounds: {doc['rounds']}  variables: {doc['variables']}  "
             f"factors: {doc['factors']}  lam: {doc['lam']}  tree: {doc['is_tree']}  diameter: {doc['diameter']}"]
    cols = ["transformer", "sum_product"] + (["paper_bp"] if doc.get("paper_bp") is not None else []) + \
           (["exact"] if doc["exact"] is not None else [])
    lines.append("  i  " + "  ".join(f"{c:>14}" for c in cols))
    for i in range(doc["variables"]):
        lines.append(f"{i:>3}  " + "  ".join(f"{doc[c][i]:>14.10f}" for c in cols))

    def fmt(v: float | None) -> str:
        return f"n/a (exact skipped: more than {EXACT_LIMIT} variables)" if v is None else f"{v:.3e}"
    lines.append(f"max |transformer - sum_product| = {fmt(doc['max_error_transformer_vs_sum_product'])}")
    lines.append(f"max |transformer - exact|       = {fmt(doc['max_error_vs_exact'])}")
    lines.append(f"max |sum_product - exact|       = {fmt(doc['max_error_sum_product_vs_exact'])}")
    if doc.get("paper_bp") is not None:
        lines.append(f"max |transformer - paper_bp|    = {fmt(doc['max_error_transformer_vs_paper_bp'])}")
        lines.append(f"note: {doc['note']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point (``verify.witnesses`` group, name ``bp``); returns the exit code."""
    from .factor_graph import GraphFormatError, read_graph
    prog = "verify witness bp"
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except _UsageError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:   # --help
        return int(exc.code or 0)
    try:
        graph = read_graph(args.graph)
    except GraphFormatError as exc:
        print(f"{args.graph}: {exc.path}: {exc.reason}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"{prog}: error: cannot read graph file {args.graph}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        print(f"{prog}: error: graph file {args.graph} is not UTF-8 text: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        doc = run_witness(graph, args.rounds, args.construction, args.lam)
    except ValueError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not (np.isfinite(args.tol) and args.tol >= 0):
        print(f"{prog}: error: --tol must be a finite number >= 0, not {args.tol!r}", file=sys.stderr)
        return EXIT_USAGE
    doc = {"graph": str(args.graph), **doc}
    text = json.dumps(doc, indent=2)
    if args.json == "-":
        print(text)
    else:
        print(_table(doc))
        if args.json:
            try:
                Path(args.json).write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                print(f"{prog}: error: cannot write {args.json}: {exc.strerror or exc}", file=sys.stderr)
                return EXIT_USAGE
    for w in doc["warnings"]:
        print(f"{prog}: warning: {w}", file=sys.stderr)
    if not _finite(doc):
        print(f"{prog}: a computed belief is NaN or inf (the potentials overflow float64?)", file=sys.stderr)
        return EXIT_FAILED
    err = doc["max_error_transformer_vs_sum_product"]
    if args.construction != "paper" and err is not None and not (err <= args.tol):
        print(f"{prog}: transformer and sum-product differ by {err:.3e} > tol {args.tol:g}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
