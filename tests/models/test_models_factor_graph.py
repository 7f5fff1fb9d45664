"""Factor graphs: the JSON format, its error messages, exact mode and the generators."""
from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest

from lemmas.coppola.experiments.quoted import TABLE4_EDGES
from lemmas.coppola.experiments.runs import table4_graph  # the paper's Table 4 structures as test data
from lemmas.models.factor_graph import (FactorGraph, GraphFormatError, PairwiseFactor,
                                        complete_graph, diameters, graph_from_dict, graph_from_json,
                                        graph_to_dict, graph_to_json, grid_graph, ising_graph, load_graph,
                                        paper_counterexample, random_graph, random_tree, read_graph)

GOOD = {"variables": 3, "unary": [[1, 2], [0.5, 0.5], [3, 1]],
        "factors": [{"vars": [0, 1], "table": [[0.9, 0.1], [0.2, 0.7]]},
                    {"vars": [2, 1], "table": [[1, 2], [3, 4]]}]}


def _with(path_value: dict) -> dict:
    doc = json.loads(json.dumps(GOOD))
    doc.update(path_value)
    return doc


def _factor(k: int, **changes: object) -> dict:
    doc = json.loads(json.dumps(GOOD))
    doc["factors"][k].update(changes)
    return doc


BAD_CASES = [
    # (document, expected path, fragment of the reason)
    ([1, 2], "(root)", "JSON object"),
    ({"factors": []}, "variables", "missing required key"),
    ({"variables": 2}, "factors", "missing required key"),
    (_with({"variables": 0}), "variables", "empty graph"),
    (_with({"variables": -1}), "variables", "at least 1"),
    (_with({"variables": True}), "variables", "boolean"),
    (_with({"variables": 2.5}), "variables", "positive integer"),
    (_with({"variables": "3"}), "variables", "positive integer"),
    (_with({"factors": {"vars": [0, 1]}}), "factors", "must be a list"),
    (_with({"extra": 1}), "(root)", "unknown key 'extra'"),
    (_with({"factors": [5]}), "factors[0]", "must be an object"),
    (_factor(1, vars=[0, 7]), "factors[1].vars[1]", "unknown variable 7"),
    (_factor(1, vars=[-1, 0]), "factors[1].vars[0]", "unknown variable -1"),
    (_factor(1, vars=[1.0, 2]), "factors[1].vars[0]", "variable id"),
    (_factor(1, vars=[True, 2]), "factors[1].vars[0]", "boolean"),
    (_factor(1, vars=[2, 2]), "factors[1].vars", "one variable twice"),
    (_factor(1, vars=[1, 0]), "factors[1].vars", "duplicate factor"),
    (_factor(1, vars=[0, 1, 2]), "factors[1].vars", "pair"),
    (_factor(1, table=[[1, 2], [3, 4], [5, 6]]), "factors[1].table", "2x2"),
    (_factor(1, table=[[1, 2, 3], [3, 4, 5]]), "factors[1].table[0]", "tables are 2x2"),
    (_factor(1, table=[[1, 2], 3]), "factors[1].table[1]", "row of 2"),
    (_factor(1, table=[[1, 2], [0, 4]]), "factors[1].table[1][0]", "must be a positive number"),
    (_factor(1, table=[[1, 2], [-3, 4]]), "factors[1].table[1][0]", "must be a positive number"),
    (_factor(1, table=[[1, 2], [3, float("nan")]]), "factors[1].table[1][1]", "NaN"),
    (_factor(1, table=[[1, float("inf")], [3, 4]]), "factors[1].table[0][1]", "inf"),
    (_factor(1, table=[[1, True], [3, 4]]), "factors[1].table[0][1]", "boolean"),
    (_factor(1, table=[[1, None], [3, 4]]), "factors[1].table[0][1]", "null"),
    (_factor(1, table=[[1, "3/7"], [3, 4]]), "factors[1].table[0][1]", "exact mode"),
    (_factor(0, extra=1), "factors[0]", "unknown key 'extra'"),
    ({"variables": 2, "factors": [{"table": [[1, 1], [1, 1]]}]}, "factors[0].vars", "missing required key"),
    ({"variables": 2, "factors": [{"vars": [0, 1]}]}, "factors[0].table", "missing required key"),
    (_with({"unary": [[1, 2], [1, 1]]}), "unary", "one [phi0, phi1] pair per variable (3), got 2"),
    (_with({"unary": [[1, 2], [1, 1], [1]]}), "unary[2]", "pair"),
    (_with({"unary": [[1, 2], [1, 1], [1, 0]]}), "unary[2][1]", "must be a positive number"),
    (_with({"unary": "none"}), "unary", "must be a list"),
]


@pytest.mark.parametrize("doc,path,fragment", BAD_CASES)
def test_malformed_graph_names_the_place(doc: object, path: str, fragment: str) -> None:
    with pytest.raises(GraphFormatError) as info:
        graph_from_dict(doc)
    assert info.value.path == path
    assert fragment in info.value.reason
    assert str(info.value).startswith(f"{path}: ")
    assert isinstance(info.value, ValueError)


def test_error_message_format_of_the_issue() -> None:
    ones = [[1, 1], [1, 1]]
    doc = {"variables": 5, "factors": [{"vars": [0, 1], "table": ones}, {"vars": [1, 2], "table": ones},
                                       {"vars": [2, 3], "table": ones}, {"vars": [3, 4], "table": [[1, 1], ["x", 1]]}]}
    with pytest.raises(GraphFormatError, match=r"^factors\[3\]\.table\[1\]\[0\]: must be a positive number"):
        graph_from_dict(doc)


def test_json_text_errors() -> None:
    with pytest.raises(GraphFormatError) as info:
        graph_from_json('{"variables": 2, "factors": [}')
    assert info.value.path == "(json)" and "line 1" in info.value.reason
    with pytest.raises(GraphFormatError) as info:
        graph_from_json('{"variables": 2, "factors": [{"vars": [0, 1], "table": [[1, NaN], [1, 1]]}]}')
    assert info.value.path == "factors[0].table[0][1]" and "NaN" in info.value.reason
    with pytest.raises(GraphFormatError) as info:
        graph_from_json('{"variables": 2, "factors": [{"vars": [0, 1], "table": [[1, Infinity], [1, 1]]}]}')
    assert info.value.path == "factors[0].table[0][1]"


def test_constructor_validates_like_the_loader() -> None:
    with pytest.raises(GraphFormatError) as info:
        FactorGraph(2, (PairwiseFactor((0, 1), ((1.0, 2.0), (3.0, -1.0))),))
    assert info.value.path == "factors[0].table[1][1]"
    with pytest.raises(GraphFormatError) as info:
        FactorGraph(0)
    assert info.value.path == "variables"
    with pytest.raises(GraphFormatError) as info:
        FactorGraph(2, (PairwiseFactor((0, 1), ((Fraction(1), 2.0), (1, 1))),))
    assert "mixes float and Fraction" in info.value.reason


def test_good_graph_round_trips(tmp_path) -> None:
    g = graph_from_dict(GOOD)
    assert g.num_variables == 3 and g.edges == ((0, 1), (2, 1))
    assert g.unary is not None and g.unary[0] == (1.0, 2.0)
    assert graph_from_dict(graph_to_dict(g)) == g
    assert graph_from_json(graph_to_json(g)) == g
    f = tmp_path / "g.json"
    f.write_text(json.dumps(GOOD))
    assert read_graph(f) == g == load_graph(str(f)) == load_graph(GOOD) == load_graph(json.dumps(GOOD))
    with pytest.raises(OSError):
        read_graph(tmp_path / "missing.json")


def test_oriented_table_transposes_for_the_second_variable() -> None:
    f = PairwiseFactor((3, 5), ((1.0, 2.0), (3.0, 4.0)))
    assert f.oriented(3) == ((1.0, 2.0), (3.0, 4.0))
    assert f.oriented(5) == ((1.0, 3.0), (2.0, 4.0))
    with pytest.raises(ValueError):
        f.oriented(4)


def test_exact_mode_reads_decimals_and_fractions_exactly() -> None:
    text = '{"variables": 2, "unary": [["1/3", "2/3"], [1, 2]], "factors": [{"vars": [0, 1], "table": [[0.9, 0.1], [0.2, "7/10"]]}]}'
    g = graph_from_json(text, exact=True)
    assert g.is_exact
    assert g.factors[0].table == ((Fraction(9, 10), Fraction(1, 10)), (Fraction(1, 5), Fraction(7, 10)))
    assert g.unary == ((Fraction(1, 3), Fraction(2, 3)), (Fraction(1), Fraction(2)))
    # the same document as a dict: floats are read as the decimals they print as
    assert graph_from_dict(json.loads(text.replace('"7/10"', "0.7")), exact=True).factors[0].table[1][1] == Fraction(7, 10)
    # round trip of an exact graph keeps it exact
    assert graph_from_json(graph_to_json(g), exact=True) == g
    with pytest.raises(GraphFormatError) as info:
        graph_from_json('{"variables": 2, "factors": [{"vars": [0, 1], "table": [[1, "1/0"], [1, 1]]}]}', exact=True)
    assert info.value.path == "factors[0].table[0][1]"


def test_to_fraction_and_back() -> None:
    g = paper_counterexample()
    q = g.to_fraction()
    assert q.is_exact and not g.is_exact
    assert q.factors[0].table[0][0] == Fraction(0.9)            # the exact binary value
    assert g.to_fraction(limit_denominator=100).factors[0].table[0][0] == Fraction(9, 10)
    assert q.to_float() == g


def test_generators_shapes_and_reproducibility() -> None:
    t1 = random_tree(15, np.random.default_rng(5), unary=True)
    t2 = random_tree(15, np.random.default_rng(5), unary=True)
    assert t1 == t2 and t1.is_tree() and len(t1.factors) == 14 and t1.unary is not None
    tabs = t1.tables_array()
    assert tabs.min() >= 0.1 and tabs.max() <= 1.0
    for name, edges in TABLE4_EDGES.items():
        g = table4_graph(name, np.random.default_rng(0))
        assert g.edges == edges and g.is_connected()
    assert TABLE4_EDGES["dating"] == ((0, 2), (1, 2), (2, 4), (3, 4), (3, 1))
    assert TABLE4_EDGES["qbbn_chain"] == ((0, 2), (0, 3), (1, 2), (2, 4), (3, 5), (4, 1))
    grid = grid_graph(3, 4, np.random.default_rng(0))
    assert grid.num_variables == 12 and len(grid.factors) == 3 * 3 + 2 * 4 and max(grid.degrees()) == 4
    k5 = complete_graph(5, np.random.default_rng(0))
    assert len(k5.factors) == 10 and not k5.is_tree()
    rg = random_graph(8, 12, np.random.default_rng(0))
    assert len(rg.factors) == 12 and rg.is_connected()
    with pytest.raises(ValueError):
        random_graph(5, 3, np.random.default_rng(0))


def test_ising_tables_have_the_spin_form() -> None:
    g = ising_graph(4, [(0, 1), (1, 2), (2, 3)], np.random.default_rng(1), coupling_scale=1.5, field_scale=0.5)
    for f in g.factors:
        t = np.array(f.table)
        J = math.log(t[0][0])
        assert np.allclose(t, np.exp([[J, -J], [-J, J]]))
    u = g.unary_array()
    assert np.allclose(u[:, 0] * u[:, 1], 1.0)               # [e^-h, e^h]


def test_diameter_and_tree_predicates() -> None:
    path = graph_from_dict({"variables": 4, "factors": [{"vars": [i, i + 1], "table": [[1, 1], [1, 1]]} for i in range(3)]})
    assert path.diameter() == 3 and path.is_tree()
    loop = table4_graph("square", np.random.default_rng(0))
    assert loop.diameter() == 2 and not loop.is_tree() and not loop.is_forest()
    lonely = FactorGraph(3)
    assert lonely.diameter() == 0 and lonely.is_forest() and not lonely.is_tree()
    rng = np.random.default_rng(2)
    gs = [random_tree(int(n), rng) for n in rng.integers(1, 25, size=200)] + [loop, lonely]
    assert diameters(gs) == [g.diameter() for g in gs]
