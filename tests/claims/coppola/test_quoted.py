"""The paper's numbers live in lemmas/coppola/experiments/quoted.py, and the gate notices a changed digit.

The mutation test runs ``tools/mutate_quotes.py`` on a few edits (each a full ``verify run`` of the
affected claims in a temporary copy of the repository).
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from lemmas.coppola.experiments import quoted as qt

ROOT = Path(__file__).resolve().parents[3]


def _tool():
    spec = importlib.util.spec_from_file_location("mutate_quotes", ROOT / "tools" / "mutate_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod        # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def test_every_quote_says_where_it_is_and_how_it_is_compared():
    for q in qt.QUOTES.values():
        assert q.table in ("Table 1", "Table 4") and q.section.startswith("§") and q.row and q.column
        assert q.compared and set(q.compared) <= set(qt.COMPARISONS)
        assert isinstance(q.value, Fraction)
    # every Table 4 cell is a quote, compared exactly (the artifact re-run) and one other way
    for name in qt.TABLE4_EDGES:
        for col in qt.TABLE4_COLUMNS:
            compared = qt.QUOTES[qt.table4_key(name, col)].compared
            assert compared[0] == qt.EXACT and len(compared) == 2
    assert qt.NOT_REPRODUCED in qt.QUOTES["table1.val_mae"].compared


def test_the_tool_finds_every_quote_where_the_module_defines_it():
    """The mutation tool reads quoted.py's source; it must see exactly the quotes the module builds."""
    sites = _tool().quote_sites(Path(qt.__file__).read_text())
    found = {k: (s.text, s.compared) for k, s in sites.items()}
    assert found == {k: (q.text, q.compared) for k, q in qt.QUOTES.items()}


def test_a_key_defined_twice_is_refused():
    tool = _tool()
    with pytest.raises(SystemExit, match="defined twice"):
        tool.quote_sites('A = quote("k", "1", T, "r", "c", EXACT)\nB = row("x", T, "r", C, EXACT, k="2")\n'
                         'D = quote("x.k", "3", T, "r", "c", EXACT)\n')


def test_number_parses_printed_forms():
    assert qt.number("0.000045") == Fraction(45, 10 ** 6)
    assert qt.number("20,000") == 20000 and qt.number("~5,000") == 5000
    assert qt.number("100/100") == 100 and qt.number("1e-6") == Fraction(1, 10 ** 6)


def test_table4_structures_are_printed_in_the_paper_s_order():
    assert list(qt.TABLE4_EDGES) == ["triangle", "square", "dating", "two_loops", "qbbn_chain"]
    assert qt.TABLE4_EDGES["dating"] == ((0, 2), (1, 2), (2, 4), (3, 4), (3, 1))
    assert qt.TABLE4_EDGES["qbbn_chain"] == ((0, 2), (0, 3), (1, 2), (2, 4), (3, 5), (4, 1))


def _mutate(tmp_path, *edits: str) -> dict:
    out = tmp_path / "mutate.json"
    args = [sys.executable, str(ROOT / "tools" / "mutate_quotes.py"), "--only-edits", "--jobs", "2",
            "--json", str(out)] + [f"--edit={e}" for e in edits]
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.exists(), proc.stdout + proc.stderr
    report = json.loads(out.read_text())
    report["returncode"] = proc.returncode
    report["stdout"] = proc.stdout
    return report


def test_mutated_quotes_fail_the_gate_and_unedited_ones_pass(tmp_path):
    report = _mutate(tmp_path,
                     "table4.triangle.avg_kl=0.000046",     # one unit of the last digit: only the exact re-run sees it
                     "table4.triangle.converged=60/100",    # the binomial band and the exact re-run
                     "table1.graph0.max_error=0.0022",      # the max-error column against its row
                     "table1.baseline_mae=0.113207")        # finer than the baseline's sampling band
    assert report["baseline"]["gate"] == "pass", report["stdout"]
    edits = {(e["key"], e["new"]): e for e in report["edits"]}
    for key, new in (("table4.triangle.avg_kl", "0.000046"), ("table4.triangle.converged", "60/100"),
                     ("table1.graph0.max_error", "0.0022")):
        e = edits[(key, new)]
        assert e["predicted"] and e["gate"] == "fail", e
        assert all(": failed" in f for f in e["failing"]), e     # a comparison failed, not an error
    assert any("printed_rows_match_the_described_rerun" in f
               for f in edits[("table4.triangle.converged", "60/100")]["failing"])
    unresolvable = edits[("table1.baseline_mae", "0.113207")]
    assert not unresolvable["predicted"] and unresolvable["gate"] == "pass"
    assert report["missed"] == 0 and report["returncode"] == 0
    # the baseline's last digits are listed as beyond its sampling band
    assert report["quotes"]["table1.baseline_mae"]["digits"].endswith("○○○")


@pytest.mark.slow
def test_every_resolvable_quote_edit_fails_the_gate(tmp_path):
    args = [sys.executable, str(ROOT / "tools" / "mutate_quotes.py"), "--jobs", "2", "--json", str(tmp_path / "r.json")]
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_tool_says_no_when_an_edit_slips_through(monkeypatch, capsys):
    """With a gate that ignores every edit (a stand-in for verify run), the tool exits 1."""
    tool = _tool()
    sites = tool.quote_sites((ROOT / tool.QUOTED).read_text())
    report = {"claims": [{"id": "coppola.experiments.table4", "obligations": [{"id": "stand-in", "data": {"goals": [
        {"quotes": {k: {"compared": "exact"} for k, s in sites.items() if set(s.compared) & set(tool.COMPARED)}}]}}]}]}
    outcome = {"edit": "pass"}

    def fake_run(copy_dir, claims):
        return ("pass", [], 0.0, report) if claims == list(tool.CLAIMS) else (outcome["edit"], [], 0.0, None)

    monkeypatch.setattr(tool, "run_verify", fake_run)
    assert tool.main(["--only-edits", "--jobs", "1", "--edit", "table4.triangle.avg_kl=0.000046"]) == 1
    assert "NOT CAUGHT: table4.triangle.avg_kl 0.000045 → 0.000046" in capsys.readouterr().out
    outcome["edit"] = "fail"
    assert tool.main(["--only-edits", "--jobs", "1", "--edit", "table4.triangle.avg_kl=0.000046"]) == 0
    # a quote declared compared that no evidence mentions is a problem too
    report["claims"][0]["obligations"][0]["data"]["goals"][0]["quotes"].pop("table4.square.avg_kl")
    assert tool.main(["--only-edits", "--jobs", "1", "--edit", "table4.triangle.avg_kl=0.000046"]) == 1


def test_the_tool_predicts_band_and_consistency_edits():
    tool = _tool()
    band = tool.Comparison("c", "o", "sampling", band=(0.111, 0.115))
    texts = {"k": "0.113206"}
    assert not tool.resolves(band, "k", "0.113207", texts) and tool.resolves(band, "k", "0.123206", texts)
    row = {"exact": ["e0", "e2"], "transformer": ["t0", "t2"], "max_error": "m", "tolerance": "3/20000"}
    texts = {"e0": "0.7349", "e2": "0.4366", "t0": "0.7338", "t2": "0.4346", "m": "0.0021"}
    cons = tool.Comparison("c", "o", "consistency", row=row)
    assert not tool.resolves(cons, "e0", "0.7359", texts)     # |e0 − t0| = 0.0021: still consistent
    assert tool.resolves(cons, "e0", "0.7369", texts)         # 0.0031 is the new max
    assert tool.resolves(cons, "m", "0.0031", texts) and not tool.resolves(cons, "m", "0.0020", texts)
    # the hardest edits: the closest resolvable value on each side, and a count's denominator
    assert tool.choose("100/100", [(2, "101/100"), (0, "000/100"), (6, "100/101"), (4, "100/000")], False) == \
        ["000/100", "100/101", "101/100"]
