"""`verify witness bp` (lemmas.models.witness_bp.main): output keys, errors and exit codes."""
from __future__ import annotations

import json

import numpy as np
import pytest

from lemmas.models.factor_graph import graph_to_json, random_graph, random_tree
from lemmas.models.witness_bp import main

KEYS = {"rounds", "transformer", "sum_product", "exact", "max_error_transformer_vs_sum_product", "max_error_vs_exact"}


@pytest.fixture
def tree_file(tmp_path):
    path = tmp_path / "tree.json"
    path.write_text(graph_to_json(random_tree(9, np.random.default_rng(30), unary=True)))
    return path


def test_json_to_stdout(tree_file, capsys) -> None:
    assert main(["--graph", str(tree_file), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert KEYS <= set(doc)
    assert doc["rounds"] == 9 and len(doc["transformer"]) == 9
    assert doc["max_error_transformer_vs_sum_product"] <= 1e-12
    assert doc["max_error_vs_exact"] <= 1e-12                    # a tree and rounds = n >= diameter


def test_json_to_file_and_table(tree_file, tmp_path, capsys) -> None:
    out = tmp_path / "w.json"
    assert main(["--graph", str(tree_file), "--rounds", "2", "--json", str(out)]) == 0
    table = capsys.readouterr().out
    assert "max |transformer - sum_product|" in table
    doc = json.loads(out.read_text())
    assert doc["rounds"] == 2 and KEYS <= set(doc)


def test_unmasked_and_paper_constructions(tree_file, capsys) -> None:
    assert main(["--graph", str(tree_file), "--construction", "unmasked", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["lam"] == 40.0 and doc["max_error_transformer_vs_sum_product"] <= 1e-9
    # a low inverse temperature makes the unmasked gather visibly approximate: exit 1
    assert main(["--graph", str(tree_file), "--construction", "unmasked", "--lam", "1", "--json"]) == 1
    capsys.readouterr()
    # the paper's construction has two neighbour slots: degree 3 is an input error ...
    assert main(["--graph", str(tree_file), "--construction", "paper"]) == 4
    assert "K = 2" in capsys.readouterr().err


def test_paper_construction_on_a_chain(tmp_path, capsys) -> None:
    chain = tmp_path / "chain.json"
    chain.write_text(json.dumps({"variables": 3, "unary": [[1, 3], [1, 1], [2, 1]], "factors": [
        {"vars": [0, 1], "table": [[0.9, 0.1], [0.2, 0.7]]}, {"vars": [1, 2], "table": [[0.3, 0.8], [0.6, 0.1]]}]}))
    assert main(["--graph", str(chain), "--construction", "paper", "--lam", "10", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "paper_bp" in doc and "note" in doc and "updateBelief" in doc["note"]
    assert doc["paper_bp"] == [0.5, 0.5, 0.5]
    assert doc["max_error_transformer_vs_sum_product"] > 1e-3


def test_exact_is_skipped_for_large_graphs(tmp_path, capsys) -> None:
    path = tmp_path / "big.json"
    path.write_text(graph_to_json(random_graph(22, 25, np.random.default_rng(31))))
    assert main(["--graph", str(path), "--rounds", "3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["exact"] is None and doc["max_error_vs_exact"] is None


def test_bad_inputs_exit_4_with_the_place(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"variables": 2, "factors": [{"vars": [0, 1], "table": [[1, 1], [0, 1]]}]}))
    assert main(["--graph", str(bad)]) == 4
    err = capsys.readouterr().err
    assert "factors[0].table[1][0]: must be a positive number" in err and str(bad) in err
    assert main(["--graph", str(tmp_path / "missing.json")]) == 4
    assert "cannot read graph file" in capsys.readouterr().err
    syntax = tmp_path / "syntax.json"
    syntax.write_text("{")
    assert main(["--graph", str(syntax)]) == 4
    assert "(json)" in capsys.readouterr().err
    assert main([]) == 4
    assert "--graph" in capsys.readouterr().err
    assert main(["--graph", str(bad), "--construction", "nope"]) == 4
    good = tmp_path / "good.json"
    good.write_text(graph_to_json(random_tree(4, np.random.default_rng(0))))
    assert main(["--graph", str(good), "--rounds", "-1"]) == 4
    assert main(["--graph", str(good), "--construction", "unmasked", "--lam", "0"]) == 4
    capsys.readouterr()


def test_help_exits_zero(capsys) -> None:
    assert main(["--help"]) == 0
    assert "verify witness bp" in capsys.readouterr().out
