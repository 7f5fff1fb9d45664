"""Problems of a run where code hosts show them: SARIF 2.1.0, GitHub workflow commands, and
``file:line: status: claim/obligation: message`` lines for a terminal.

Each obligation that is ``failed``, ``error`` or ``unknown`` is located at the first line of its
check function (:func:`inspect.getsourcefile`, :func:`inspect.getsourcelines`), with the path
relative to the repository root (the working directory unless ``root`` is given); a module that
could not be loaded is located at its file. Paths outside the root are given absolute.

Levels: ``failed`` and ``error`` are errors; ``unknown`` is a warning (a ``note`` / GitHub
``notice`` when the obligation allows unknown: it does not fail the gate).
"""
from __future__ import annotations

import inspect
import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..run import ClaimResult, ObligationResult, RunResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "SRCROOT"
PROBLEM_STATUSES = ("failed", "error", "unknown")
METHODS = ("symbolic", "smt", "numeric", "exact")
LEVELS = {"failed": "error", "error": "error", "unknown": "warning"}
GITHUB_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}
LOAD_RULE = "verify/load-error"
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")

_STATUS_TEXT = {
    "failed": ("Failed", "the obligation was decided against the claim: a proof did not go through, a witness "
               "is out of tolerance, an exact case differs, or a refutation found no counterexample"),
    "error": ("Error", "the check broke (an exception, a malformed goal) or its evidence contradicts itself"),
    "unknown": ("Unknown", "the obligation was inconclusive: a solver answered unknown, a resource limit or the "
                "wall-clock safety net was reached, or a side condition was not proved"),
}


# ------------------------------------------------------------------------------ locations

def _relative(path: str, root: Path) -> tuple[str, bool]:
    """``(path, inside)``: relative to ``root`` (posix) when inside it, else absolute."""
    ap = Path(path).resolve()
    try:
        return ap.relative_to(root.resolve()).as_posix(), True
    except ValueError:
        return ap.as_posix(), False


def _module_file(module: str | None) -> str | None:
    mod = sys.modules.get(module or "")
    return getattr(mod, "__file__", None)


def check_location(c: ClaimResult, o: ObligationResult, root: Path | None = None) -> tuple[str, int | None, bool]:
    """``(path, line or None, inside root)`` of an obligation's check function.

    Falls back to the module of the check (line None) and then to the claim's source file."""
    root = Path.cwd() if root is None else Path(root)
    check = o.obligation.check
    target = getattr(check, "func", check)  # functools.partial: the wrapped function
    try:
        src = inspect.getsourcefile(target)
        if src:
            line = inspect.getsourcelines(target)[1]
            rel, inside = _relative(src, root)
            return rel, max(1, line), inside
    except (OSError, TypeError):
        pass
    f = _module_file(getattr(target, "__module__", None))
    if f:
        rel, inside = _relative(f, root)
        return rel, None, inside
    src = c.claim.source or c.claim.id
    if os.path.exists(src):
        rel, inside = _relative(src, root)
        return rel, None, inside
    return src, None, False


def load_error_location(source: str, root: Path | None = None) -> tuple[str, int | None, bool]:
    """``(path, line or None, inside root)`` of a module that could not be loaded.

    The source is a file (``lemmas/yang/x.py``) or a package name (an entry point); a line is
    taken from a SyntaxError-style message when there is one."""
    root = Path.cwd() if root is None else Path(root)
    path = source
    if not os.path.exists(path):
        try:
            import importlib.util
            spec = importlib.util.find_spec(source) if re.match(r"^[A-Za-z_][\w.]*$", source) else None
            if spec is not None and spec.origin and os.path.exists(spec.origin):
                path = spec.origin
        except (ImportError, ValueError, AttributeError):
            pass
    if not os.path.exists(path):
        return source, None, False
    rel, inside = _relative(path, root)
    return rel, None, inside


def _load_error_line(message: str) -> int | None:
    m = re.search(r"\bline (\d+)\b", message)
    return int(m.group(1)) if m else None


# ------------------------------------------------------------------------------ problems

def level_of(o: ObligationResult) -> str:
    """SARIF level of a problem obligation (``note`` for an allowed unknown)."""
    if o.evidence.status == "unknown" and o.obligation.allow_unknown:
        return "note"
    return LEVELS[o.evidence.status]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def problems(result: RunResult) -> list[tuple[ClaimResult, ObligationResult]]:
    """Every obligation whose status is failed, error or unknown, in report order."""
    return [(c, o) for c in result.claims for o in c.obligations if o.evidence.status in PROBLEM_STATUSES]


def diagnostic_lines(result: RunResult, verbose: bool = False, root: str | Path | None = None,
                     load_errors: bool = True) -> list[str]:
    """``file:line: status: claim/obligation: message`` for every obligation not discharged
    (every obligation with ``verbose``), then ``file: error: message`` per load error.

    ``file`` is relative to ``root`` (default: the working directory); the message is one line."""
    r = Path.cwd() if root is None else Path(root)
    out = []
    for c in result.claims:
        for o in c.obligations:
            ev = o.evidence
            if ev.status == "discharged" and not verbose:
                continue
            path, line, _ = check_location(c, o, r)
            where = f"{path}:{line}" if line else path
            out.append(f"{where}: {ev.status}: {c.claim.id}/{o.obligation.id}: {_one_line(ev.detail)}")
    if load_errors:
        for e in result.load_errors:
            path, _, _ = load_error_location(e.source, r)
            line = _load_error_line(e.message)
            out.append(f"{path}:{line}: error: {_one_line(e.message)}" if line else
                       f"{path}: error: {_one_line(e.message)}")
    return out


# ---------------------------------------------------------------------------------- SARIF

def _rule_id(status: str, method: str) -> str:
    return f"verify/{status}/{method}"


def _rules(result: RunResult) -> list[dict[str, Any]]:
    methods = list(METHODS) + sorted({o.obligation.method for c in result.claims for o in c.obligations} - set(METHODS))
    rules = []
    for status in PROBLEM_STATUSES:
        name, text = _STATUS_TEXT[status]
        for method in methods:
            rules.append({
                "id": _rule_id(status, method),
                "name": f"{method.capitalize()}Obligation{name}",
                "shortDescription": {"text": f"{method} obligation {status}"},
                "fullDescription": {"text": f"A {method} obligation is {status}: {text}."},
                "defaultConfiguration": {"level": LEVELS[status]},
                "properties": {"status": status, "method": method,
                               "tags": ["verify", status, method]},
            })
    rules.append({
        "id": LOAD_RULE, "name": "ClaimModuleLoadError",
        "shortDescription": {"text": "claim module could not be loaded"},
        "fullDescription": {"text": "A claim module failed to import or declares a malformed claim; its claims "
                                    "were not decided."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"status": "error", "tags": ["verify", "load"]},
    })
    return rules


def _artifact(path: str, inside: bool) -> dict[str, Any]:
    if inside:
        return {"uri": quote(path), "uriBaseId": SRCROOT}
    return {"uri": Path(path).as_uri() if Path(path).is_absolute() else quote(path)}


def _location(path: str, line: int | None, inside: bool, logical: str | None = None) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": _artifact(path, inside)}
    phys["region"] = {"startLine": line or 1}
    loc: dict[str, Any] = {"physicalLocation": phys}
    if logical:
        loc["logicalLocations"] = [{"fullyQualifiedName": logical}]
    return loc


def to_sarif(result: RunResult, root: str | Path | None = None) -> dict[str, Any]:
    """The run's problems as a SARIF 2.1.0 log (one run, tool ``verify``)."""
    r = Path.cwd() if root is None else Path(root)
    rules = _rules(result)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for c, o in problems(result):
        ev, ob = o.evidence, o.obligation
        path, line, inside = check_location(c, o, r)
        rid = _rule_id(ev.status, ob.method)
        name = f"{c.claim.id}/{ob.id}"
        res: dict[str, Any] = {
            "ruleId": rid,
            "ruleIndex": index[rid],
            "level": level_of(o),
            "message": {"text": f"{name}: {_one_line(ev.detail)}"},
            "locations": [_location(path, line, inside, name)],
            "partialFingerprints": {"verifyObligation/v1": name},
            "properties": {"claim": c.claim.id, "obligation": ob.id, "status": ev.status, "method": ob.method,
                           "role": ob.role, "verdict": c.verdict, "scope": ev.scope,
                           "allowUnknown": bool(ob.allow_unknown), "seconds": round(ev.seconds, 4)},
        }
        if ev.counterexample is not None:
            from .json_report import _clean
            res["properties"]["counterexample"] = _clean(ev.counterexample)
        results.append(res)
    for e in result.load_errors:
        path, _, inside = load_error_location(e.source, r)
        line = _load_error_line(e.message)
        res = {"ruleId": LOAD_RULE, "ruleIndex": index[LOAD_RULE], "level": "error",
               "message": {"text": f"{e.source}: {_one_line(e.message)}"},
               "partialFingerprints": {"verifyLoad/v1": e.source},
               "properties": {"source": e.source}}
        if os.path.isabs(path) or inside or os.path.exists(path):
            res["locations"] = [_location(path, line, inside)]
        results.append(res)
    v = result.versions
    version = str(v.get("verify") or "0+unknown")
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "verify",
            "fullName": "verify (bayes-verify): proof-checked claims",
            "version": version,
            **({"semanticVersion": version} if _SEMVER.match(version) else {}),
            "rules": rules,
        }},
        "originalUriBaseIds": {SRCROOT: {"uri": r.resolve().as_uri() + "/"}},
        "results": results,
        "invocations": [{
            "executionSuccessful": not result.interrupted,
            "exitCode": result.exit_code(),
            "properties": {"gate": result.gate, "interrupted": result.interrupted,
                           "patterns": list(result.patterns), "seconds": round(result.seconds, 3)},
        }],
        "columnKind": "unicodeCodePoints",
        "properties": {"versions": {k: val for k, val in v.items() if val is not None},
                       "summary": result.summary()},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def write_sarif(result: RunResult, path: str | Path, root: str | Path | None = None) -> None:
    Path(path).write_text(json.dumps(to_sarif(result, root), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ------------------------------------------------------------------- GitHub annotations

def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped (GitHub's toolkit ``escapeData``)."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command property value: also ``:`` and ``,`` (``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **props: Any) -> str:
    ps = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level}{' ' + ps if ps else ''}::{escape_data(message)}"


def github_annotations(result: RunResult, root: str | Path | None = None) -> str:
    """GitHub Actions workflow commands, one line per problem (``::error file=F,line=L,title=T::M``):
    errors for failed / error, warnings for unknown (notices when allowed), errors for load errors."""
    r = Path.cwd() if root is None else Path(root)
    lines = []
    for c, o in problems(result):
        ev, ob = o.evidence, o.obligation
        path, line, _ = check_location(c, o, r)
        title = f"{c.claim.id}/{ob.id}"
        msg = f"{ev.status} [{ob.method}/{ob.role}]: {ev.detail}"
        lines.append(_command(GITHUB_LEVELS[level_of(o)], msg, file=path, line=line, title=title))
    for e in result.load_errors:
        path, _, _ = load_error_location(e.source, r)
        lines.append(_command("error", f"cannot load {e.source}: {e.message}", file=path,
                              line=_load_error_line(e.message), title=f"verify: load error {e.source}"))
    return "".join(line + "\n" for line in lines)
