"""SARIF 2.1.0, GitHub workflow commands and file:line diagnostics of a run's problems."""
from __future__ import annotations

import importlib.util
import json
from dataclasses import replace

import pytest
from ledger_pack import ledger_run

from verify.errors import ClaimLoadError
from verify.report import sarif

HAVE_JSONSCHEMA = importlib.util.find_spec("jsonschema") is not None

# The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) that the log uses, written
# out by hand so that nothing is downloaded: required properties, enums and minimums.
_MESSAGE = {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
            "properties": {"text": {"type": "string"}}}
_DESCRIPTOR = {"type": "object", "required": ["id"],
               "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                              "shortDescription": {"type": "object", "required": ["text"]},
                              "fullDescription": {"type": "object", "required": ["text"]},
                              "defaultConfiguration": {"type": "object", "properties": {
                                  "level": {"enum": ["none", "note", "warning", "error"]}}}}}
_LOCATION = {"type": "object", "properties": {"physicalLocation": {
    "type": "object", "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
    "properties": {"artifactLocation": {"type": "object", "properties": {"uri": {"type": "string"},
                                                                         "uriBaseId": {"type": "string"}}},
                   "region": {"type": "object", "properties": {"startLine": {"type": "integer", "minimum": 1}}}}},
    "logicalLocations": {"type": "array", "items": {"type": "object"}}}}
SARIF_SUBSET = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                   "rules": {"type": "array", "items": _DESCRIPTOR}}}}},
                "originalUriBaseIds": {"type": "object", "additionalProperties": {
                    "type": "object", "properties": {"uri": {"type": "string"}}}},
                "invocations": {"type": "array", "items": {"type": "object", "required": ["executionSuccessful"]}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {"ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                                   "level": {"enum": ["none", "note", "warning", "error"]},
                                   "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open",
                                                     "informational"]},
                                   "message": _MESSAGE,
                                   "locations": {"type": "array", "items": _LOCATION},
                                   "partialFingerprints": {"type": "object",
                                                           "additionalProperties": {"type": "string"}},
                                   "properties": {"type": "object"}}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
            }}},
    },
}


@pytest.fixture(scope="module")
def pack_and_result():
    return ledger_run()


@pytest.fixture
def result(pack_and_result):
    return pack_and_result[1]


@pytest.fixture
def root(pack_and_result):
    return pack_and_result[0].parent  # the "repository" holding ledgerpack/


def _line_of(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(text))


def _check_structure(log: dict) -> None:
    """The SARIF 2.1.0 rules that hold without the schema file, checked by hand (and by jsonschema)."""
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"]
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "verify" and isinstance(driver["version"], str)
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("note", "warning", "error")
    for res in run["results"]:
        assert res["message"]["text"]
        assert res["level"] in ("none", "note", "warning", "error")
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        for loc in res.get("locations", []):
            art = loc["physicalLocation"]["artifactLocation"]
            assert art["uri"] and loc["physicalLocation"]["region"]["startLine"] >= 1
            if "uriBaseId" in art:
                assert art["uriBaseId"] in run["originalUriBaseIds"]
                assert not art["uri"].startswith("/")
    for base in run["originalUriBaseIds"].values():
        assert base["uri"].startswith("file://") and base["uri"].endswith("/")
    if HAVE_JSONSCHEMA:
        import jsonschema
        jsonschema.validate(log, SARIF_SUBSET)
    json.dumps(log)  # plain JSON


def test_sarif_results_levels_and_locations(result, root, pack_and_result):
    log = sarif.to_sarif(result, root=root)
    _check_structure(log)
    res = log["runs"][0]["results"]
    by = {(r["properties"]["claim"], r["properties"]["obligation"]): r for r in res}
    assert set(by) == {("ledger.gamma.broken", "wrong_double"), ("ledger.gamma.broken", "raises"),
                       ("ledger.gamma.broken", "undecided")}, "one result per failed, error or unknown obligation"
    assert [by[("ledger.gamma.broken", o)]["level"] for o in ("wrong_double", "raises", "undecided")] == \
        ["error", "error", "warning"]
    failed = by[("ledger.gamma.broken", "wrong_double")]
    assert failed["ruleId"] == "verify/failed/exact"
    assert failed["message"]["text"] == "ledger.gamma.broken/wrong_double: " + _detail(result, "wrong_double")
    assert "wrong on purpose" in failed["message"]["text"]
    loc = failed["locations"][0]["physicalLocation"]
    beta = pack_and_result[0] / "beta.py"
    assert loc["artifactLocation"] == {"uri": "ledgerpack/beta.py", "uriBaseId": "SRCROOT"}
    assert loc["region"]["startLine"] == _line_of(beta, "def wrong_double")
    assert by[("ledger.gamma.broken", "undecided")]["locations"][0]["physicalLocation"]["region"]["startLine"] == \
        _line_of(beta, "def undecided")
    assert failed["properties"]["counterexample"] == {"case": "double of 2", "lhs": 4, "rhs": 5}
    assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == root.resolve().as_uri() + "/"
    assert log["runs"][0]["invocations"][0]["exitCode"] == result.exit_code() == 1


def test_sarif_paths_are_relative_to_the_working_directory(result, root, monkeypatch, tmp_path):
    monkeypatch.chdir(root)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif.to_sarif(result)["runs"][0]["results"]}
    assert uris == {"ledgerpack/beta.py"}
    monkeypatch.chdir(tmp_path)  # the pack is outside this "repository": an absolute file URI, no base
    art = sarif.to_sarif(result)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"].startswith("file:///") and art["uri"].endswith("/ledgerpack/beta.py")
    assert "uriBaseId" not in art


def test_sarif_load_errors_and_allowed_unknown(result, root, tmp_path):
    bad = root / "ledgerpack" / "broken_module.py"
    err = ClaimLoadError(str(bad), "import failed: SyntaxError: invalid syntax (broken_module.py, line 3)")
    c = result.claims[-1]
    obs = tuple(replace(o, obligation=replace(o.obligation, allow_unknown=True))
                if o.obligation.id == "undecided" else o for o in c.obligations)
    changed = replace(result, load_errors=(err,), claims=result.claims[:-1] + (replace(c, obligations=obs),))
    log = sarif.to_sarif(changed, root=root)
    _check_structure(log)
    res = log["runs"][0]["results"]
    load = [r for r in res if r["ruleId"] == sarif.LOAD_RULE]
    assert len(load) == 1 and load[0]["level"] == "error"
    bad.write_text("x = (\n")  # the file exists: located at it, line from the message
    try:
        loc = sarif.to_sarif(changed, root=root)["runs"][0]["results"][-1]["locations"][0]["physicalLocation"]
    finally:
        bad.unlink()
    assert loc["artifactLocation"] == {"uri": "ledgerpack/broken_module.py", "uriBaseId": "SRCROOT"}
    assert loc["region"]["startLine"] == 3
    assert [r["level"] for r in res if r["properties"].get("obligation") == "undecided"] == ["note"]
    out = tmp_path / "r.sarif"
    sarif.write_sarif(changed, out, root=root)
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_github_annotations(result, root, pack_and_result):
    text = sarif.github_annotations(result, root=root)
    lines = text.splitlines()
    assert len(lines) == 3 and text.endswith("\n")
    beta = pack_and_result[0] / "beta.py"
    assert lines[0] == (f"::error file=ledgerpack/beta.py,line={_line_of(beta, 'def wrong_double')},"
                        "title=ledger.gamma.broken/wrong_double::failed [exact/supports]: "
                        + _detail(result, "wrong_double"))
    assert lines[1].startswith("::error file=ledgerpack/beta.py,") and "title=ledger.gamma.broken/raises::" in lines[1]
    assert lines[2].startswith("::warning file=ledgerpack/beta.py,") and "title=ledger.gamma.broken/undecided::" \
        "unknown [smt/supports]: " in lines[2]


def test_github_escaping(result, root):
    assert sarif.escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert sarif.escape_property("a:b,c%d\ne\rf") == "a%3Ab%2Cc%25d%0Ae%0Df"
    c = result.claims[-1]
    o = c.obligations[0]
    odd = replace(o, evidence=replace(o.evidence, detail="line one\nline two: 100%, done"))
    changed = replace(result, claims=result.claims[:-1] + (replace(c, obligations=(odd,) + c.obligations[1:]),),
                      load_errors=(ClaimLoadError("pkg,with:odd", "boom\nagain"),))
    lines = sarif.github_annotations(changed, root=root).splitlines()
    assert len(lines) == 4, "a newline in a message must not start a new command"
    assert lines[0].endswith("::failed [exact/supports]: line one%0Aline two: 100%25, done")
    assert lines[-1] == "::error file=pkg%2Cwith%3Aodd,title=verify%3A load error pkg%2Cwith%3Aodd::cannot load " \
                        "pkg,with:odd: boom%0Aagain"


def _detail(result, ob_id: str) -> str:
    return next(o.evidence.detail for c in result.claims for o in c.obligations if o.obligation.id == ob_id)


def test_diagnostic_lines(result, root, pack_and_result):
    beta = pack_and_result[0] / "beta.py"
    lines = sarif.diagnostic_lines(result, root=root)
    assert lines == [
        f"ledgerpack/beta.py:{_line_of(beta, 'def wrong_double')}: failed: ledger.gamma.broken/wrong_double: "
        + _detail(result, "wrong_double"),
        f"ledgerpack/beta.py:{_line_of(beta, 'def raises')}: error: ledger.gamma.broken/raises: "
        + _detail(result, "raises"),
        f"ledgerpack/beta.py:{_line_of(beta, 'def undecided')}: unknown: ledger.gamma.broken/undecided: "
        + _detail(result, "undecided"),
    ]
    assert "wrong on purpose" in lines[0] and "this check breaks on purpose" in lines[1]
    every = sarif.diagnostic_lines(result, verbose=True, root=root)
    assert len(every) == sum(len(c.obligations) for c in result.claims)
    assert any(x.startswith("ledgerpack/alpha.py:") and ": discharged: ledger.alpha.shift/z3: " in x for x in every)
    err = replace(result, load_errors=(ClaimLoadError("nowhere/x.py", "import failed: boom"),))
    assert sarif.diagnostic_lines(err, root=root)[-1] == "nowhere/x.py: error: import failed: boom"
