"""The command line as a new user meets it: report paths, stdout JSON, pipes, versions, patterns,
exports, JUnit names, the width of the output, and the bp witness on bad numbers."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CLAIMS = textwrap.dedent('''
    import z3
    from verify import Claim, Family, Hypothesis, Implication, Obligation

    x = z3.Real("x")

    def above(n):
        return Implication({"above": x > n}, x > -1, label=f"n={n}")

    def positive():
        return Implication({"x_positive": x > 0}, x * x > 0)

    CLAIMS = [
        Claim(id="cli.demo.claim", paper="p", where="w", statement="s", reading="project",
              hypotheses=(Hypothesis("above", "x > n"), Hypothesis("x_positive", "x > 0")),
              obligations=(Obligation("above", "smt", "supports", "x > n => x > -1", above,
                                      family=Family("n", range(0, 3))),
                           Obligation("positive", "smt", "supports", "x > 0 => x^2 > 0", positive),
                           Obligation("positive_again", "smt", "supports", "the same, slowly", positive,
                                      slow=True, cross_check=True))),
        Claim(id="cli.demo.interpretation", paper="p", where="w", statement="an interpretation",
              reading="misreading", formal=False),
    ]
''')


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("clipack")
    (d / "cli_demo.py").write_text(CLAIMS)
    return d


def verify(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, input=input)


def test_version_and_python_dash_m() -> None:
    out = verify("--version")
    assert out.returncode == 0 and out.stdout.startswith("verify ")


def test_a_bad_report_path_fails_before_the_run(pack: Path, tmp_path: Path) -> None:
    out = verify("--path", str(pack), "run", "cli.*", "--no-cache", "--json", str(tmp_path / "missing" / "r.json"))
    assert out.returncode == 4
    assert "does not exist" in out.stderr and "verify: error: verify:" not in out.stderr
    assert "deciding" not in out.stderr  # nothing ran


def test_json_to_stdout_and_path_after_the_subcommand(pack: Path) -> None:
    out = verify("run", "cli.*", "--path", str(pack), "--no-cache", "--json", "-")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["schema"] == 2 and report["gate"] == "pass"
    assert {c["id"] for c in report["claims"]} == {"cli.demo.claim", "cli.demo.interpretation"}
    assert report["skipped_slow"] == ["cli.demo.claim/positive_again"]
    assert "skipped 1 slow cross-check obligation" in out.stderr


def test_a_pattern_matching_nothing_is_a_usage_error_even_beside_a_good_one(pack: Path) -> None:
    out = verify("--path", str(pack), "run", "cli.*", "cli.nothing.here", "--no-cache")
    assert out.returncode == 4 and "cli.nothing.here" in out.stderr


def test_a_closed_pipe_ends_quietly(pack: Path) -> None:
    proc = subprocess.Popen(f"{sys.executable} -m verify --path {pack} list cli.* | head -c 10",
                            shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate(timeout=300)
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_output_fits_100_columns_and_names_file_and_line(pack: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "cli_bad.py").write_text(CLAIMS.replace("x * x > 0", "x * x > 1").replace("cli.demo", "cli.bad"))
    out = verify("--path", str(bad), "run", "cli.*", "--no-cache", "-v")
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert max(len(ln) for ln in lines) <= 100
    line_no = CLAIMS.splitlines().index("def positive():") + 1  # the check function's own line
    assert f"cli_bad.py:{line_no}: failed:" in out.stdout and "cli.bad.claim/positive:" in out.stdout, out.stdout


def test_export_replaces_its_earlier_files_and_states_the_expected_status(pack: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "smt2"
    out_dir.mkdir()
    (out_dir / "stale__from__before.smt2").write_text("; verify export: old/goal 0\n(check-sat)\n")
    (out_dir / "mine.smt2").write_text("(check-sat)\n")  # not written by verify: kept
    out = verify("--path", str(pack), "export", "--smt2", str(out_dir), "cli.*")
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in out_dir.glob("*.smt2"))
    assert "stale__from__before.smt2" not in names and "mine.smt2" in names
    texts = [p.read_text() for p in out_dir.glob("cli.demo.claim__*.smt2")]
    assert texts and all("(set-info :status unsat)" in t and "; expected: unsat" in t for t in texts)


def test_junit_covers_every_claim_with_unique_names(pack: Path, tmp_path: Path) -> None:
    xml = tmp_path / "r.xml"
    out = verify("--path", str(pack), "run", "cli.*", "--no-cache", "--junit", str(xml))
    assert out.returncode == 0, out.stderr
    names = [c.get("name") for c in ET.parse(xml).getroot().iter("testcase")]
    assert len(names) == len(set(names))
    assert "cli.demo.interpretation::verdict" in names and "cli.demo.claim::positive" in names
    assert "cli.demo.claim::positive_again" in names  # the skipped slow one, as skipped


def test_witness_help_and_bad_numbers(tmp_path: Path) -> None:
    assert verify("witness", "--help").returncode == 0
    graph = {"variables": 2, "unary": [[1e308, 1e-308], [1, 1]],
             "factors": [{"vars": [0, 1], "table": [[1e308, 1e-308], [1e-308, 1e308]]}]}
    g = tmp_path / "g.json"
    g.write_text(json.dumps(graph))
    for tol in ("nan", "inf", "-1"):
        out = verify("witness", "bp", "--graph", str(g), "--tol", tol)
        assert out.returncode in (1, 4), (tol, out.stdout, out.stderr)
    out = verify("witness", "bp", "--graph", str(g))
    assert out.returncode in (0, 1, 4)
    if out.returncode == 0:  # if the potentials were accepted, the values must have been finite
        assert "nan" not in out.stdout.lower()
