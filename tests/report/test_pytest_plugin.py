"""The pytest plugin: `pytest --verify` turns obligations into test items (run with pytester)."""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

TINY = '''
"""A tiny claim pack for the plugin tests (engine-only)."""
import pathlib

import z3

from verify import Claim, ExactEqual, Hypothesis, Implication, Obligation

pathlib.Path(__file__).with_name("imported.flag").write_text("imported")  # shows when the pack is loaded

m, n, k = z3.Ints("m n k")


def good():
    return ExactEqual([("two", 1 + 1, 2)])


def bad():
    return ExactEqual([("three", 1 + 1, 3)], label="wrong on purpose")


def cubes():
    return Implication({"positive": z3.And(m > 0, n > 0, k > 0)}, m * m * m + n * n * n != k * k * k,
                       label="cubes")


CLAIMS = [
    Claim(id="tiny.arith.ok", paper="T", where="§1", statement="1 + 1 = 2",
          obligations=(Obligation("sum", "exact", "supports", "1 + 1 = 2", good, timeout=30),)),
    Claim(id="tiny.arith.wrong", paper="T", where="§2", statement="1 + 1 = 3",
          obligations=(Obligation("sum", "exact", "supports", "1 + 1 = 3", bad, timeout=30),)),
    Claim(id="tiny.hard.cubes", paper="T", where="§3", statement="no two positive cubes sum to a cube",
          hypotheses=(Hypothesis("positive", "m, n, k > 0"),), obligations=(Obligation("z3", "smt", "supports", "cubes, within a tiny budget", cubes, timeout=30,
                                  rlimit=2000),)),
    Claim(id="tiny.hard.allowed", paper="T", where="§4", statement="the same, unknown allowed",
          hypotheses=(Hypothesis("positive", "m, n, k > 0"),), obligations=(Obligation("z3", "smt", "supports", "cubes (unknown allowed: a test)", cubes, timeout=30,
                                  rlimit=2000, allow_unknown=True),)),
]
'''

ALL = ["tiny.arith.ok::sum", "tiny.arith.wrong::sum", "tiny.hard.allowed::z3", "tiny.hard.cubes::z3"]


@pytest.fixture
def claims_dir(pytester: pytest.Pytester, monkeypatch) -> Path:
    # Only this plugin, loaded explicitly: the installed entry point (and any other plugin) stays out.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    d = pytester.mkdir("claims")
    (d / "tiny.py").write_text(TINY)
    return d


def _args(claims_dir: Path, *args: str) -> list[str]:
    return ["-p", "verify.pytest_plugin", "-p", "no:cacheprovider", f"--verify-path={claims_dir}",
            "--verify-no-entry-points", *args]


def test_items_are_named_claim_and_obligation(pytester, claims_dir):
    items, _ = pytester.inline_genitems(*_args(claims_dir, "--verify"))
    assert sorted(i.nodeid for i in items) == ALL
    assert {i.name for i in items} == {"sum", "z3"}
    assert all(i.get_closest_marker("verify") for i in items)
    items, _ = pytester.inline_genitems(*_args(claims_dir, "--verify=tiny.arith.*"))
    assert [i.nodeid for i in items] == ALL[:2]
    for form in (["--verify", "tiny.hard.cubes tiny.arith.ok"], ["--verify", "tiny.hard.cubes", "tiny.arith.ok"],
                 ["--verify=tiny.hard.cubes", "--verify=tiny.arith.ok"]):
        items, _ = pytester.inline_genitems(*_args(claims_dir, *form))
        assert sorted(i.nodeid for i in items) == ["tiny.arith.ok::sum", "tiny.hard.cubes::z3"], form


def test_failing_obligation_fails_with_the_evidence(pytester, claims_dir):
    res = pytester.runpytest(*_args(claims_dir, "--verify=tiny.arith.*", "--junitxml=out.xml"))
    res.assert_outcomes(passed=1, failed=1)
    assert res.ret == pytest.ExitCode.TESTS_FAILED
    res.stdout.fnmatch_lines([
        "*failed [[]exact/supports[]]: wrong on purpose: three: 2 ≠ 3",
        "*claim: tiny.arith.wrong: 1 + 1 = 3",
        "*check: claims/tiny.py:*",
        "FAILED tiny.arith.wrong::sum - failed [[]exact/supports[]]*",
    ])
    cases = {(c.get("classname"), c.get("name")): c for c in ET.parse(pytester.path / "out.xml").iter("testcase")}
    assert set(cases) == {("tiny.arith.ok", "sum"), ("tiny.arith.wrong", "sum")}
    assert cases[("tiny.arith.wrong", "sum")].find("failure") is not None
    props = {p.get("name"): p.get("value") for p in cases[("tiny.arith.ok", "sum")].iter("property")}
    assert props["status"] == "discharged" and props["method"] == "exact"


def test_k_and_x_select_and_stop(pytester, claims_dir):
    res = pytester.runpytest(*_args(claims_dir, "--verify", "-k", "wrong"))
    res.assert_outcomes(failed=1, deselected=3)
    res = pytester.runpytest(*_args(claims_dir, "--verify", "-k", "arith and not wrong"))
    res.assert_outcomes(passed=1, deselected=3)
    res = pytester.runpytest(*_args(claims_dir, "--verify=tiny.arith.*", "-x"))
    res.assert_outcomes(passed=1, failed=1)
    res = pytester.runpytest(*_args(claims_dir, "--verify", "-x", "-k", "wrong or cubes"))
    res.assert_outcomes(failed=1, deselected=2)  # -x: the unknown one after it never ran


def test_unknown_fails_unless_allowed(pytester, claims_dir):
    res = pytester.runpytest(*_args(claims_dir, "--verify=tiny.hard.*", "-rs"))
    res.assert_outcomes(failed=1, skipped=1)  # tiny.hard.allowed declares allow_unknown
    res.stdout.fnmatch_lines(["*unknown [[]smt/supports[]]: cubes*", "*unknown is not a pass*",
                              "SKIPPED * claims/tiny.py:*: unknown (allowed): cubes*"])
    res = pytester.runpytest(*_args(claims_dir, "--verify=tiny.hard.*", "--verify-allow-unknown"))
    res.assert_outcomes(skipped=2)
    assert res.ret == pytest.ExitCode.OK


def test_without_verify_the_plugin_does_nothing(pytester, claims_dir):
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    res = pytester.runpytest(*_args(claims_dir))
    res.assert_outcomes(passed=1)
    assert not (claims_dir / "imported.flag").exists(), "the claim pack was imported without --verify"
    # With --verify and no path, only the claims are collected; with a path, both.
    items, _ = pytester.inline_genitems(*_args(claims_dir, "--verify=tiny.arith.ok"))
    assert [i.nodeid for i in items] == ["tiny.arith.ok::sum"]
    assert (claims_dir / "imported.flag").exists()
    items, _ = pytester.inline_genitems(*_args(claims_dir, "--verify=tiny.arith.ok"), "test_plain.py")
    assert sorted(i.nodeid for i in items) == ["test_plain.py::test_plain", "tiny.arith.ok::sum"]


def test_usage_errors(pytester, claims_dir):
    res = pytester.runpytest(*_args(claims_dir, "--verify=nothing.here.*"))
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    res.stderr.fnmatch_lines(["*--verify: no claim matches nothing.here.**"])
    res = pytester.runpytest(*_args(claims_dir, "--verify", "tests/test_x.py"))
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    res.stderr.fnmatch_lines(["*not a path*"])


def test_a_broken_claim_module_is_a_failing_item(pytester, claims_dir):
    (claims_dir / "broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    res = pytester.runpytest(*_args(claims_dir, "--verify=tiny.arith.ok"))
    res.assert_outcomes(passed=1, failed=1)
    res.stdout.fnmatch_lines(["*cannot load claim module*broken.py: import failed: RuntimeError: broken on purpose*"])


def test_entry_point_is_declared():
    if sys.version_info < (3, 11):
        pytest.skip("tomllib needs Python 3.11")
    import tomllib
    root = Path(__file__).resolve().parents[2]
    eps = tomllib.loads((root / "pyproject.toml").read_text())["project"]["entry-points"]
    assert eps["pytest11"] == {"verify": "verify.pytest_plugin"}
    installed = [e for e in entry_points(group="pytest11") if e.name == "verify"]
    if installed:  # the package is installed with this pyproject: pytest finds the plugin by itself
        assert installed[0].value == "verify.pytest_plugin"
        assert installed[0].load().__name__ == "verify.pytest_plugin"


def test_the_installed_plugin_is_loaded_without_p(pytester):
    if not [e for e in entry_points(group="pytest11") if e.name == "verify"]:
        pytest.skip("bayes-verify is not installed with the pytest11 entry point (pip install -e .)")
    d = pytester.mkdir("claims")
    (d / "tiny.py").write_text(TINY)
    res = pytester.runpytest("-p", "no:cacheprovider", f"--verify-path={d}", "--verify-no-entry-points",
                             "--verify=tiny.arith.ok", "-p", "no:xdist", "-p", "no:benchmark",
                             "-p", "no:hypothesispytest", "-p", "no:anyio")
    res.assert_outcomes(passed=1)
    res.stdout.fnmatch_lines(["verify: claims tiny.arith.ok*"])
