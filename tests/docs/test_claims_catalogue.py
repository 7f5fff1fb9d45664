"""docs/claims.md is current: its static fields match the claim registry, every claim has an
explanation, and the generator refuses stale reports and detects a stale file.

The verdicts in the file come from a gate run (``make docs``; CI runs ``tools/catalogue.py
--check`` after the gate); here only what the code defines is compared, so it is fast.
"""
from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from verify.registry import discover

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "docs" / "claims.md"


def _load_tool():
    spec = importlib.util.spec_from_file_location("catalogue_tool", ROOT / "tools" / "catalogue.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


cat = _load_tool()


@pytest.fixture(scope="module")
def claims():
    reg = discover()
    assert not reg.errors, [str(e) for e in reg.errors]
    return reg.claims


def static(claim) -> dict:
    return {"id": claim.id, "reading": claim.reading, "where": claim.where, "statement": claim.statement,
            "explanation": claim.explanation, "source": cat.source_path(claim.source)}


def stale_entries(text: str, claims: dict) -> list[str]:
    """Every way the file's claim entries differ from the registry (verdicts aside)."""
    found = cat.sections(text)
    problems = [f"missing: {cid}" for cid in sorted(set(claims) - set(found))]
    problems += [f"no longer a claim: {cid}" for cid in sorted(set(found) - set(claims))]
    for cid in sorted(set(found) & set(claims)):
        verdict, bound = cat.entry_verdict(found[cid])
        if found[cid] != cat.render_entry(static(claims[cid]), verdict, bound):
            problems.append(f"stale: {cid}")
    return problems


def test_the_catalogue_matches_the_claims_as_defined(claims):
    text = CATALOGUE.read_text(encoding="utf-8")
    problems = stale_entries(text, claims)
    assert not problems, ("docs/claims.md is stale (regenerate it with `make docs`): " + "; ".join(problems))
    assert list(cat.sections(text)) == sorted(claims)


def test_every_claim_has_an_explanation(claims):
    lacking = sorted(cid for cid, c in claims.items() if not c.explanation.strip())
    assert not lacking, f"{len(lacking)} claims have no explanation: {', '.join(lacking)}"


def test_the_readme_defines_every_verdict_and_links_the_catalogue():
    from verify.verdict import VERDICTS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What the verdicts mean", 1)[1].split("\n## ", 1)[0]
    defined = re.findall(r"^\| `([a-z-]+)` \|", table, re.M)
    assert sorted(defined) == sorted(VERDICTS), "each verdict needs one line in the README's table"
    assert "](docs/claims.md)" in readme and "refuted" in table
    first_screen = readme.split("\n## ", 1)[0]
    assert re.findall(r"^make \w+", first_screen, re.M) == ["make verify", "make test"]


# -- the check says no --------------------------------------------------------------------------------

def test_a_changed_statement_or_a_dropped_entry_is_reported(claims):
    # (measured against the file's own state, so that this test does not depend on it being current)
    text = CATALOGUE.read_text(encoding="utf-8")
    before = set(stale_entries(text, claims))
    current = [cid for cid in sorted(claims) if cid in cat.sections(text) and f"stale: {cid}" not in before]
    assert len(current) >= 2, "the catalogue has fewer than two current entries"
    some, other = current[len(current) // 2], current[0]
    edited = {**claims, some: replace(claims[some], statement=claims[some].statement + " (edited)")}
    assert set(stale_entries(text, edited)) - before == {f"stale: {some}"}
    explained = {**claims, other: replace(claims[other], explanation="A different account of what was found.")}
    assert set(stale_entries(text, explained)) - before == {f"stale: {other}"}
    dropped = "".join(v for k, v in cat.sections(text).items() if k != some)
    assert f"missing: {some}" in stale_entries(dropped, claims)


def _report(claims: dict, **over) -> dict:
    """A report as `verify run --json` writes it (only the fields the catalogue reads)."""
    return {"patterns": [], "load_errors": [], "seconds": 1234.5, "versions": {"z3": "9.9.9"},
            "skipped_unavailable": ["x.y.z/torch.same_weights (needs torch)"],
            "claims": [{"id": c.id, "paper": c.paper, "where": c.where, "reading": c.reading,
                        "statement": c.statement, "verdict": "proved", "bound": None, "seconds": 1234.5,
                        "obligations": [{"id": f"ob{k}", "status": "discharged"} for k in range(17)],
                        **over.get(c.id, {})}
                       for c in claims.values()]}


def test_check_passes_on_a_current_file_and_fails_with_a_summary_on_a_stale_one(tmp_path, capsys, monkeypatch,
                                                                                claims):
    monkeypatch.setattr(cat, "load_registry", lambda: claims)
    some = sorted(claims)[1]
    rep = tmp_path / "r.json"
    rep.write_text(json.dumps(_report(claims, **{some: {"verdict": "proved-bounded", "bound": "n ≤ 4"}})))
    out = tmp_path / "claims.md"
    assert cat.main(["--from", str(rep), "--out", str(out)]) == 0
    text = out.read_text()
    assert f"**proved-bounded** (n ≤ 4)" in cat.sections(text)[some]
    # nothing that changes between runs: the run's time, versions, obligation counts, skipped cross-checks
    assert not any(marker in text for marker in ("1234.5", "9.9.9", "needs torch", "17/17"))
    assert cat.main(["--from", str(rep), "--out", str(out), "--check"]) == 0
    # the verdict of one claim changes: --check fails and names it
    rep.write_text(json.dumps(_report(claims)))
    capsys.readouterr()
    assert cat.main(["--from", str(rep), "--out", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert "stale" in err and f"changed: {some} (Verdict)" in err and "make docs" in err
    assert out.read_text() == text                                  # --check never writes


@pytest.mark.parametrize("case", ["selection", "stale definition", "missing claim"])
def test_a_report_not_of_the_current_claims_is_refused(tmp_path, capsys, monkeypatch, claims, case):
    monkeypatch.setattr(cat, "load_registry", lambda: claims)
    some = sorted(claims)[2]
    report = _report(claims)
    if case == "selection":
        report["patterns"] = ["yang.*"]
    elif case == "stale definition":
        report = _report(claims, **{some: {"statement": "an older statement"}})
    else:
        report["claims"] = [c for c in report["claims"] if c["id"] != some]
    rep = tmp_path / "r.json"
    rep.write_text(json.dumps(report))
    out = tmp_path / "claims.md"
    assert cat.main(["--from", str(rep), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert ("selection" in err) if case == "selection" else (some in err)


def test_prose_is_escaped_for_markdown():
    assert cat.md_text("a * b and <x> and _emph_ but m_x") == "a \\* b and &lt;x> and \\_emph\\_ but m_x"
    assert cat.md_text("e^{s_j} over\n  two lines") == "e^{s_j} over two lines"


# -- no file refers to a path outside the repository ------------------------------------------------

SKIP_DIRS = {"reports", "__pycache__", "bayes_verify.egg-info", "build", "dist"}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".yml", ".yaml", ".json", ".sh", ""}
OUTSIDE = re.compile(r"(?<![\w.~$-])/(?:work|home|Users|root|mnt|srv)/[\w.-]+")


def _repository_files() -> list[Path]:
    """The files of the repository: git's list (tracked and new, not ignored) in a checkout, else
    every file outside hidden and generated directories."""
    import subprocess
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return [ROOT / f for f in out.splitlines() if (ROOT / f).is_file()]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob("*") if p.is_file() and not any(
            part.startswith(".") or part in SKIP_DIRS for part in p.relative_to(ROOT).parts[:-1])]


def _text_files():
    for p in sorted(_repository_files()):
        if p.suffix in TEXT_SUFFIXES and not SKIP_DIRS & set(p.relative_to(ROOT).parts):
            try:
                yield p, p.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def test_no_file_refers_to_a_path_outside_the_repository():
    hits = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p, text in _text_files() for m in OUTSIDE.finditer(text)]
    assert not hits, hits


def test_the_outside_path_pattern_says_no_and_yes():
    # (built from parts, so that this file does not itself hold such a path)
    for bad in ("see /" + "work/elsewhere/notes.md", "(/" + "home/me/x.py)", "`/" + "Users/me/repo`"):
        assert OUTSIDE.search(bad), bad
    for fine in ("~/.cache/bayes-verify", "$VERIFY_CACHE/x", "/tmp/verify-x.pid", "docs/work/a", "a/home/b"):
        assert not OUTSIDE.search(fine), fine


def test_relative_links_in_the_documentation_stay_inside_the_repository():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):                      # http:, https:, mailto:
                continue
            path = (doc.parent / target).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), f"{doc.relative_to(ROOT)}: link to {target}"
