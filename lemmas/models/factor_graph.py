"""Binary pairwise factor graphs: the data every BP claim and witness computes on.

A graph has variables ``0..n-1`` taking values in {0, 1}, optional unary potentials
``unary[i] = (phi_i(0), phi_i(1))`` and pairwise factors ``psi(x_a, x_b) = table[x_a][x_b]``
with strictly positive entries. The joint is ``p(x) ∝ Π_i phi_i(x_i) Π_f psi_f(x_a, x_b)``.

Entries are either all floats or all :class:`fractions.Fraction` ("exact mode"); the exact mode
lets enumeration and sum-product decide tree claims with no round-off at all.

JSON format (hand-writable; the key names are part of the project's interface)::

    {"variables": n,
     "unary": [[phi0, phi1], ...],                       (optional, one pair per variable)
     "factors": [{"vars": [a, b], "table": [[psi00, psi01], [psi10, psi11]]}, ...]}

Every malformed input raises :class:`GraphFormatError`, whose ``path`` names the offending place
(``factors[3].table[1][0]``) so a user editing a file by hand can find it.
"""
from __future__ import annotations

import json
import math
from collections import deque
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from numbers import Rational
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, Union

import numpy as np

Number = Union[float, Fraction]
Table = tuple[tuple[Number, Number], tuple[Number, Number]]

__all__ = [
    "GraphFormatError", "PairwiseFactor", "FactorGraph", "GraphStructure",
    "graph_from_dict", "graph_from_json", "read_graph", "load_graph", "graph_to_dict", "graph_to_json",
    "from_edges", "random_tables", "random_tree", "grid_graph",
    "complete_graph", "ising_graph", "random_graph", "paper_counterexample", "diameters",
]

_TOP_KEYS = ("variables", "unary", "factors")
_FACTOR_KEYS = ("vars", "table")


class GraphFormatError(ValueError):
    """A factor graph (JSON file, dict or constructor call) is malformed.

    ``path`` is the place in the JSON document (``factors[3].table[1][0]``, ``variables``,
    ``(root)``, ``(json)`` for a syntax error); ``reason`` says what is wrong there.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# ----------------------------------------------------------------------------------------------
# Number validation


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (dict, Mapping)):
        return "an object"
    if isinstance(value, _DecimalText):
        return str(value)
    if isinstance(value, str):
        return f"the string {value!r}"
    return repr(value) if not isinstance(value, Fraction) else str(value)


def _positive_number(value: Any, path: str, exact: bool) -> Number:
    """Validate one potential entry and convert it to the graph's number type.

    Why so strict: a zero or negative potential breaks the log-odds encoding of the transformer
    (log 0), NaN/inf silently poison every marginal, and JSON ``true`` is a Python ``int``.
    """
    if isinstance(value, bool) or value is None:
        raise GraphFormatError(path, f"must be a positive number (got {_describe(value)})")
    if isinstance(value, str):
        if not exact:
            raise GraphFormatError(
                path, f"must be a positive number (got {_describe(value)}; strings such as \"3/7\" "
                      "are read only in exact mode)")
        try:
            number: Number = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise GraphFormatError(path, f"must be a positive number (got {_describe(value)})") from None
    elif isinstance(value, (int, Rational)):
        number = Fraction(value) if exact else float(value)
    elif isinstance(value, (float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            raise GraphFormatError(path, f"must be a positive number (got {_describe(f)})")
        # repr(f) is the shortest decimal that rounds to f, i.e. what a person wrote: 0.9 -> 9/10.
        number = Fraction(repr(f)) if exact else f
    else:
        raise GraphFormatError(path, f"must be a positive number (got {_describe(value)})")
    if isinstance(number, float) and not math.isfinite(number):
        raise GraphFormatError(path, f"must be a positive number (got {_describe(number)})")
    if not number > 0:
        raise GraphFormatError(path, f"must be a positive number (got {_describe(number)})")
    return number


def _index(value: Any, path: str, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise GraphFormatError(path, f"must be a variable id, an integer in 0..{n - 1} (got {_describe(value)})")
    v = int(value)
    if not 0 <= v < n:
        raise GraphFormatError(path, f"unknown variable {v} (variables are 0..{n - 1})")
    return v


def _pair(value: Any, path: str, what: str) -> Sequence[Any]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        got = f"a list of length {len(value)}" if isinstance(value, (list, tuple)) else _describe(value)
        raise GraphFormatError(path, f"must be {what} (got {got})")
    return value


def _table(value: Any, path: str, exact: bool) -> Table:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    rows = _pair(value, path, "a 2x2 table [[psi00, psi01], [psi10, psi11]]")
    out = []
    for r, row in enumerate(rows):
        if isinstance(row, np.ndarray):
            row = row.tolist()
        cells = _pair(row, f"{path}[{r}]", "a row of 2 positive numbers (tables are 2x2)")
        out.append(tuple(_positive_number(c, f"{path}[{r}][{c_i}]", exact) for c_i, c in enumerate(cells)))
    return (out[0], out[1])  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------------
# The graph


@dataclass(frozen=True)
class PairwiseFactor:
    """A factor ``psi(x_a, x_b) = table[x_a][x_b]`` on the ordered pair ``vars = (a, b)``."""

    vars: tuple[int, int]
    table: Table

    def oriented(self, sender: int) -> Table:
        """The table indexed ``[x_sender][x_receiver]`` (transposed when the sender is ``b``)."""
        a, b = self.vars
        t = self.table
        if sender == a:
            return t
        if sender == b:
            return ((t[0][0], t[1][0]), (t[0][1], t[1][1]))
        raise ValueError(f"variable {sender} is not in factor {self.vars}")


@dataclass(frozen=True)
class GraphStructure:
    """The shape of a graph without its numbers: what a batch of same-shape graphs shares."""

    num_variables: int
    edges: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class FactorGraph:
    """A validated binary pairwise factor graph (see the module docstring).

    Construct directly (validated, errors carry JSON-style paths) or with the loaders and
    generators below. Isolated variables and graphs without factors are allowed; a graph with
    no variables is not (there would be nothing to infer).
    """

    num_variables: int
    factors: tuple[PairwiseFactor, ...] = ()
    unary: tuple[tuple[Number, Number], ...] | None = None

    def __post_init__(self) -> None:
        n = self.num_variables
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise GraphFormatError("variables", f"must be a positive integer (got {_describe(n)})")
        if n < 1:
            raise GraphFormatError("variables", f"must be at least 1: an empty graph has nothing to infer (got {n})")
        exact = _detect_exact(self.factors, self.unary)
        seen: dict[frozenset[int], int] = {}
        factors = []
        for k, f in enumerate(self.factors):
            path = f"factors[{k}]"
            if not isinstance(f, PairwiseFactor):
                raise GraphFormatError(path, f"must be a PairwiseFactor (got {_describe(f)})")
            va = _pair(f.vars, f"{path}.vars", "a pair of variable ids [a, b]")
            a, b = _index(va[0], f"{path}.vars[0]", n), _index(va[1], f"{path}.vars[1]", n)
            if a == b:
                raise GraphFormatError(f"{path}.vars", f"a factor on one variable twice ([{a}, {b}]); "
                                                       "use unary potentials for single-variable terms")
            key = frozenset((a, b))
            if key in seen:
                raise GraphFormatError(f"{path}.vars", f"duplicate factor on variables {{{min(a, b)}, {max(a, b)}}} "
                                                       f"(already factors[{seen[key]}]); multiply the tables instead")
            seen[key] = k
            table = _table(f.table, f"{path}.table", exact)
            factors.append(PairwiseFactor((a, b), table))
        unary = None
        if self.unary is not None:
            u = self.unary
            if not isinstance(u, (list, tuple)):
                raise GraphFormatError("unary", f"must be a list of [phi0, phi1] pairs (got {_describe(u)})")
            if len(u) != n:
                raise GraphFormatError("unary", f"must have one [phi0, phi1] pair per variable ({n}), got {len(u)}")
            rows = []
            for i, pair in enumerate(u):
                p = _pair(list(pair) if isinstance(pair, np.ndarray) else pair, f"unary[{i}]",
                          "a pair [phi0, phi1] of positive numbers")
                rows.append(tuple(_positive_number(c, f"unary[{i}][{j}]", exact) for j, c in enumerate(p)))
            unary = tuple(rows)
        object.__setattr__(self, "num_variables", int(n))
        object.__setattr__(self, "factors", tuple(factors))
        object.__setattr__(self, "unary", unary)

    # -- views ---------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        return self.num_variables

    @cached_property
    def edges(self) -> tuple[tuple[int, int], ...]:
        return tuple(f.vars for f in self.factors)

    @property
    def structure(self) -> GraphStructure:
        return GraphStructure(self.num_variables, self.edges)

    @property
    def is_exact(self) -> bool:
        """True when every entry is a Fraction (a graph with no entries at all counts as exact)."""
        for f in self.factors:
            return isinstance(f.table[0][0], Fraction)
        if self.unary:
            return isinstance(self.unary[0][0], Fraction)
        return True

    @cached_property
    def _adjacency(self) -> tuple[tuple[int, ...], ...]:
        adj: list[list[int]] = [[] for _ in range(self.num_variables)]
        for a, b in self.edges:
            adj[a].append(b)
            adj[b].append(a)
        return tuple(tuple(x) for x in adj)

    def neighbours(self) -> list[list[int]]:
        """Adjacency lists, in factor order."""
        return [list(x) for x in self._adjacency]

    def degrees(self) -> list[int]:
        return [len(x) for x in self._adjacency]

    @cached_property
    def max_degree(self) -> int:
        """Largest number of factors on one variable (0 without factors)."""
        if not self.factors:
            return 0
        return int(np.bincount(self.edge_array().ravel(), minlength=self.num_variables).max())

    def is_connected(self) -> bool:
        return len(self._component(0)) == self.num_variables

    def is_tree(self) -> bool:
        """Connected and acyclic (n - 1 factors)."""
        return len(self.factors) == self.num_variables - 1 and self.is_connected()

    def is_forest(self) -> bool:
        return len(self.factors) == self.num_variables - len(self._components())

    def _components(self) -> list[set[int]]:
        seen: set[int] = set()
        comps = []
        for v in range(self.num_variables):
            if v not in seen:
                comp = set(self._bfs(self._adjacency, v))
                seen |= comp
                comps.append(comp)
        return comps

    def diameter(self) -> int:
        """Largest shortest-path distance between two variables of one connected component.

        Sum-product is exact on a tree after ``diameter`` rounds: a message needs one round per
        edge to cross the longest path, and longer paths do not exist. Forests use the
        double-sweep BFS (exact on trees, O(n)); other graphs a BFS from every vertex.
        """
        adj = self._adjacency
        best = 0
        comps = self._components()
        if len(self.factors) == self.num_variables - len(comps):      # a forest
            for comp in comps:
                first = self._bfs(adj, next(iter(comp)))
                far = max(first, key=first.__getitem__)
                best = max(best, max(self._bfs(adj, far).values()))
            return best
        for s in range(self.num_variables):
            best = max(best, max(self._bfs(adj, s).values()))
        return best

    @staticmethod
    def _bfs(adj: Sequence[Sequence[int]], s: int) -> dict[int, int]:
        dist = {s: 0}
        q = deque([s])
        while q:
            v = q.popleft()
            for w in adj[v]:
                if w not in dist:
                    dist[w] = dist[v] + 1
                    q.append(w)
        return dist

    def _component(self, s: int) -> set[int]:
        return set(self._bfs(self._adjacency, s))

    def unary_or_uniform(self) -> tuple[tuple[Number, Number], ...]:
        one: Number = Fraction(1) if self.is_exact else 1.0
        return self.unary if self.unary is not None else tuple((one, one) for _ in range(self.num_variables))

    # -- conversions ---------------------------------------------------------------------------

    def to_fraction(self, limit_denominator: int | None = None) -> FactorGraph:
        """The same graph with Fraction entries.

        Floats convert to their exact binary value (``Fraction(0.9)`` is not 9/10) unless
        ``limit_denominator`` is given, in which case the closest fraction with at most that
        denominator is taken. Use :func:`graph_from_dict` with ``exact=True`` to read decimals
        as written.
        """
        def conv(x: Number) -> Fraction:
            q = Fraction(x)
            return q.limit_denominator(limit_denominator) if limit_denominator else q
        return self._mapped(conv)

    def to_float(self) -> FactorGraph:
        return self._mapped(float)

    def _mapped(self, conv: Any) -> FactorGraph:
        factors = tuple(PairwiseFactor(f.vars, tuple(tuple(conv(c) for c in row) for row in f.table))  # type: ignore[misc]
                        for f in self.factors)
        unary = None if self.unary is None else tuple(tuple(conv(c) for c in p) for p in self.unary)
        return FactorGraph(self.num_variables, factors, unary)  # type: ignore[arg-type]

    # Array views are cached (read-only) because batch witnesses re-read them for every graph.

    @cached_property
    def _tables(self) -> np.ndarray:
        a = np.array([[[float(c) for c in row] for row in f.table] for f in self.factors],
                     dtype=np.float64).reshape(len(self.factors), 2, 2)
        a.setflags(write=False)
        return a

    @cached_property
    def _unary(self) -> np.ndarray:
        a = np.array([[float(c) for c in p] for p in self.unary_or_uniform()], dtype=np.float64).reshape(-1, 2)
        a.setflags(write=False)
        return a

    @cached_property
    def _edges(self) -> np.ndarray:
        a = np.array(self.edges, dtype=np.intp).reshape(len(self.factors), 2)
        a.setflags(write=False)
        return a

    def tables_array(self) -> np.ndarray:
        """Float array of shape (m, 2, 2) with ``[k, x_a, x_b]`` (read-only)."""
        return self._tables

    def unary_array(self) -> np.ndarray:
        """Float array of shape (n, 2); ones when the graph has no unary potentials (read-only)."""
        return self._unary

    def edge_array(self) -> np.ndarray:
        """Int array of shape (m, 2): the factors' variable pairs (read-only)."""
        return self._edges


def diameters(graphs: Sequence[FactorGraph]) -> list[int]:
    """Diameters of many graphs; trees in one vectorised pass, others via :meth:`FactorGraph.diameter`.

    Trees are peeled: every round removes all current leaves, until one or two vertices are left
    (the centre). After r rounds a tree with one centre vertex has diameter 2r, with two 2r + 1.
    Batching the peeling over all trees replaces thousands of Python BFS runs by ~radius numpy
    passes, which matters when the witness needs the diameter of every graph it checks.
    """
    gs = list(graphs)
    out = [0] * len(gs)
    tree_ids = [k for k, g in enumerate(gs) if len(g.factors) == g.num_variables - 1 and g.num_variables > 2]
    tree_set = set(tree_ids)
    others = [k for k in range(len(gs)) if k not in tree_set]
    if tree_ids:
        nv = np.array([gs[k].num_variables for k in tree_ids])
        base = np.concatenate([[0], np.cumsum(nv)[:-1]])
        owner = np.repeat(np.arange(len(tree_ids)), nv)
        edges = np.concatenate([gs[k].edge_array() + base[j] for j, k in enumerate(tree_ids)])
        V = int(nv.sum())
        deg = np.bincount(edges.ravel(), minlength=V)
        alive = np.ones(V, dtype=bool)
        left = nv.copy()
        rounds = np.zeros(len(tree_ids), dtype=np.int64)
        broken = np.zeros(len(tree_ids), dtype=bool)       # m = n - 1 but disconnected (has a cycle)
        while True:
            active = (left > 2) & ~broken
            if not active.any():
                break
            leaves = alive & (deg == 1) & active[owner]
            stuck = active & (np.bincount(owner[leaves], minlength=len(tree_ids)) == 0)
            broken |= stuck
            if not leaves.any():
                continue
            alive[leaves] = False
            hit = leaves[edges]                             # edge endpoints just removed
            deg -= np.bincount(edges[hit[:, 0], 1], minlength=V) + np.bincount(edges[hit[:, 1], 0], minlength=V)
            deg[leaves] = 0
            left -= np.bincount(owner[leaves], minlength=len(tree_ids))
            rounds += active & ~stuck
        for j, k in enumerate(tree_ids):
            if broken[j]:
                others.append(k)
            else:
                out[k] = int(2 * rounds[j] + (1 if left[j] == 2 else 0))
    for k in others:
        out[k] = gs[k].diameter()
    return out


def _detect_exact(factors: Any, unary: Any) -> bool:
    """Exact mode iff some entry is a Fraction (or a numeric string); ints fit either mode.

    Mixing Fraction and float entries is refused: silently converting would either lose the
    exactness the caller asked for or invent decimal values the floats do not have.
    """
    cells: list[Any] = []
    for f in factors if isinstance(factors, (list, tuple)) else ():
        try:
            cells += [c for row in f.table for c in row]
        except (TypeError, AttributeError):
            pass
    if isinstance(unary, (list, tuple)):
        for p in unary:
            try:
                cells += list(p)
            except TypeError:
                pass
    has_fraction = any(isinstance(c, (Fraction, str)) for c in cells)
    has_float = any(isinstance(c, (float, np.floating)) for c in cells)
    if has_fraction and has_float:
        raise GraphFormatError("(root)", "mixes float and Fraction entries; convert with to_fraction() or to_float()")
    return has_fraction


# ----------------------------------------------------------------------------------------------
# JSON


def graph_from_dict(data: Any, *, exact: bool = False) -> FactorGraph:
    """Validate a parsed JSON document and build the graph.

    ``exact=True`` reads every entry as a Fraction: JSON integers and decimals exactly as written
    (``0.9`` -> 9/10) and strings such as ``"3/7"``. Otherwise entries become floats.
    """
    if not isinstance(data, Mapping):
        raise GraphFormatError("(root)", f"must be a JSON object with keys variables, factors (got {_describe(data)})")
    for key in data:
        if key not in _TOP_KEYS:
            raise GraphFormatError("(root)", f"unknown key {key!r} (expected {', '.join(_TOP_KEYS)})")
    if "variables" not in data:
        raise GraphFormatError("variables", "missing required key")
    n = data["variables"]
    if isinstance(n, bool) or not isinstance(n, int):
        raise GraphFormatError("variables", f"must be a positive integer (got {_describe(n)})")
    if n < 1:
        raise GraphFormatError("variables", f"must be at least 1: an empty graph has nothing to infer (got {n})")
    if "factors" not in data:
        raise GraphFormatError("factors", "missing required key (use [] for a graph without factors)")
    raw = data["factors"]
    if not isinstance(raw, list):
        raise GraphFormatError("factors", f"must be a list of factor objects (got {_describe(raw)})")
    factors = []
    for k, f in enumerate(raw):
        path = f"factors[{k}]"
        if not isinstance(f, Mapping):
            raise GraphFormatError(path, f"must be an object {{\"vars\": [a, b], \"table\": [[..], [..]]}} (got {_describe(f)})")
        for key in f:
            if key not in _FACTOR_KEYS:
                raise GraphFormatError(path, f"unknown key {key!r} (expected vars, table)")
        for key in _FACTOR_KEYS:
            if key not in f:
                raise GraphFormatError(f"{path}.{key}", "missing required key")
        va = _pair(f["vars"], f"{path}.vars", "a pair of variable ids [a, b]")
        a, b = _index(va[0], f"{path}.vars[0]", n), _index(va[1], f"{path}.vars[1]", n)
        factors.append(PairwiseFactor((a, b), _table(f["table"], f"{path}.table", exact)))
    unary = None
    if "unary" in data and data["unary"] is not None:
        u = data["unary"]
        if not isinstance(u, list):
            raise GraphFormatError("unary", f"must be a list of [phi0, phi1] pairs (got {_describe(u)})")
        if len(u) != n:
            raise GraphFormatError("unary", f"must have one [phi0, phi1] pair per variable ({n}), got {len(u)}")
        unary = tuple(tuple(_positive_number(c, f"unary[{i}][{j}]", exact)
                            for j, c in enumerate(_pair(p, f"unary[{i}]", "a pair [phi0, phi1] of positive numbers")))
                      for i, p in enumerate(u))
    return FactorGraph(n, tuple(factors), unary)  # type: ignore[arg-type]


def graph_from_json(text: str, *, exact: bool = False) -> FactorGraph:
    """Parse JSON text; syntax errors are reported with path ``(json)`` and line/column.

    In exact mode decimal literals are kept as their source text, so ``0.9`` becomes 9/10 rather
    than the binary double nearest to it.
    """
    try:
        data = json.loads(text, parse_float=_DecimalText if exact else float)
    except json.JSONDecodeError as exc:
        raise GraphFormatError("(json)", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    return graph_from_dict(data, exact=exact)


class _DecimalText(str):
    """A JSON decimal literal kept as text in exact mode (so it converts to an exact Fraction)."""


def read_graph(path: str | Path, *, exact: bool = False) -> FactorGraph:
    """Read a graph file. A missing or unreadable file raises ``OSError`` (not a format error)."""
    text = Path(path).read_text(encoding="utf-8")
    return graph_from_json(text, exact=exact)


def load_graph(source: Mapping[str, Any] | str | Path, *, exact: bool = False) -> FactorGraph:
    """Build a graph from a dict, a JSON string (starting with ``{``) or a file path."""
    if isinstance(source, Mapping):
        return graph_from_dict(source, exact=exact)
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return graph_from_json(source, exact=exact)
    return read_graph(source, exact=exact)


def _json_number(x: Number) -> Any:
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return float(x)


def graph_to_dict(graph: FactorGraph) -> dict[str, Any]:
    """The JSON document of a graph; Fractions become ``"p/q"`` strings (read back with exact=True)."""
    out: dict[str, Any] = {"variables": graph.num_variables}
    if graph.unary is not None:
        out["unary"] = [[_json_number(c) for c in p] for p in graph.unary]
    out["factors"] = [{"vars": list(f.vars), "table": [[_json_number(c) for c in row] for row in f.table]}
                      for f in graph.factors]
    return out


def graph_to_json(graph: FactorGraph, *, indent: int | None = None) -> str:
    return json.dumps(graph_to_dict(graph), indent=indent)


# ----------------------------------------------------------------------------------------------
# Generators


def from_edges(num_variables: int, edges: Iterable[tuple[int, int]], tables: Sequence[Any],
               unary: Sequence[Sequence[Number]] | None = None) -> FactorGraph:
    """A graph from an edge list and one 2x2 table per edge (arrays or nested lists)."""
    edges = list(edges)
    if len(tables) != len(edges):
        raise GraphFormatError("factors", f"{len(edges)} edges but {len(tables)} tables")
    factors = tuple(PairwiseFactor((int(a), int(b)), _as_nested(t)) for (a, b), t in zip(edges, tables))
    u = None if unary is None else tuple(tuple(_as_scalar(c) for c in p) for p in unary)
    return FactorGraph(num_variables, factors, u)  # type: ignore[arg-type]


def _as_scalar(c: Any) -> Any:
    return float(c) if isinstance(c, np.floating) else c


def _as_nested(t: Any) -> Any:
    if isinstance(t, np.ndarray):
        return tuple(tuple(float(c) for c in row) for row in t)
    return tuple(tuple(_as_scalar(c) for c in row) for row in t)


def random_tables(rng: np.random.Generator, m: int, low: float = 0.1, high: float = 1.0) -> np.ndarray:
    """``m`` tables with entries i.i.d. uniform on [low, high] (Table 4 of [C] uses [0.1, 1])."""
    if not 0 < low <= high:
        raise ValueError("need 0 < low <= high so that every entry is positive")
    return rng.uniform(low, high, size=(m, 2, 2))


def _random_unary(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    return rng.uniform(low, high, size=(n, 2))


def random_tree_edges(n: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """A uniformly random labelled tree on n vertices (decoded from a random Prüfer sequence)."""
    if n < 1:
        raise ValueError("a tree needs at least one vertex")
    if n == 1:
        return []
    if n == 2:
        return [(0, 1)]
    seq = [int(v) for v in rng.integers(0, n, size=n - 2)]
    degree = [1] * n
    for v in seq:
        degree[v] += 1
    import heapq
    leaves = [v for v in range(n) if degree[v] == 1]
    heapq.heapify(leaves)
    edges = []
    for v in seq:
        leaf = heapq.heappop(leaves)
        edges.append((leaf, v))
        degree[v] -= 1
        if degree[v] == 1:
            heapq.heappush(leaves, v)
    u, w = heapq.heappop(leaves), heapq.heappop(leaves)
    edges.append((u, w))
    return edges


def random_tree(n: int, rng: np.random.Generator, *, low: float = 0.1, high: float = 1.0,
                unary: bool = False) -> FactorGraph:
    """A uniformly random labelled tree with U[low, high] tables (and unaries if asked)."""
    edges = random_tree_edges(n, rng)
    tables = random_tables(rng, len(edges), low, high)
    u = _random_unary(rng, n, low, high) if unary else None
    return from_edges(n, edges, list(tables), None if u is None else u.tolist())


def random_graph(n: int, m: int, rng: np.random.Generator, *, low: float = 0.1, high: float = 1.0,
                 unary: bool = False) -> FactorGraph:
    """A random connected graph: a random spanning tree plus ``m - (n-1)`` extra distinct edges."""
    max_m = n * (n - 1) // 2
    if not n - 1 <= m <= max_m:
        raise ValueError(f"a connected simple graph on {n} vertices has between {n - 1} and {max_m} edges")
    edges = random_tree_edges(n, rng)
    present = {frozenset(e) for e in edges}
    others = [(a, b) for a in range(n) for b in range(a + 1, n) if frozenset((a, b)) not in present]
    extra = rng.choice(len(others), size=m - len(edges), replace=False) if m > len(edges) else []
    edges += [others[int(k)] for k in extra]
    tables = random_tables(rng, len(edges), low, high)
    u = _random_unary(rng, n, low, high) if unary else None
    return from_edges(n, edges, list(tables), None if u is None else u.tolist())


def grid_graph(rows: int, cols: int, rng: np.random.Generator, *, low: float = 0.1, high: float = 1.0,
               unary: bool = False) -> FactorGraph:
    """A rows x cols 4-neighbour grid; variable ``r * cols + c``."""
    if rows < 1 or cols < 1:
        raise ValueError("a grid needs at least one row and one column")
    edges = [(r * cols + c, r * cols + c + 1) for r in range(rows) for c in range(cols - 1)]
    edges += [(r * cols + c, (r + 1) * cols + c) for r in range(rows - 1) for c in range(cols)]
    n = rows * cols
    u = _random_unary(rng, n, low, high) if unary else None
    return from_edges(n, edges, list(random_tables(rng, len(edges), low, high)), None if u is None else u.tolist())


def complete_graph(n: int, rng: np.random.Generator, *, low: float = 0.1, high: float = 1.0,
                   unary: bool = False) -> FactorGraph:
    """K_n with U[low, high] tables."""
    edges = [(a, b) for a in range(n) for b in range(a + 1, n)]
    u = _random_unary(rng, n, low, high) if unary else None
    return from_edges(n, edges, list(random_tables(rng, len(edges), low, high)), None if u is None else u.tolist())


def ising_graph(num_variables: int, edges: Iterable[tuple[int, int]], rng: np.random.Generator, *,
                coupling_scale: float, field_scale: float | None = None) -> FactorGraph:
    """Ising model on the given edges: J_ab ~ N(0, s^2), ``table[x_a][x_b] = exp(J s_a s_b)``.

    Spins are ``s = 2x - 1`` in {-1, +1}, so the table is ``[[e^J, e^-J], [e^-J, e^J]]``.
    With ``field_scale`` the unary is ``[e^-h, e^h]`` with h ~ N(0, field_scale^2).
    Strong couplings are where loopy BP stops converging ([C] Table 4 only used weak ones).
    """
    edges = list(edges)
    couplings = rng.normal(0.0, coupling_scale, size=len(edges))
    tables = [np.exp(np.array([[J, -J], [-J, J]])) for J in couplings]
    unary = None
    if field_scale is not None:
        h = rng.normal(0.0, field_scale, size=num_variables)
        unary = np.exp(np.stack([-h, h], axis=1)).tolist()
    return from_edges(num_variables, edges, tables, unary)


def paper_counterexample(*, exact: bool = False) -> FactorGraph:
    """[C]'s tree v0 - f - v2 with f = [[0.9, 0.1], [0.2, 0.7]] (variables renumbered 0, 1).

    Exact marginals: P(v0 = 1) = 9/19 = 0.4737..., P(v2 = 1) = 8/19 = 0.4210...
    """
    return graph_from_dict({"variables": 2, "factors": [{"vars": [0, 1], "table": [[0.9, 0.1], [0.2, 0.7]]}]},
                           exact=exact)
