"""The proof store: evidence kept under a key that covers everything it depends on.

Two levels, both content-addressed:

* **obligation** entries, keyed on the engine's own source, the solver and library versions,
  the settings that can change a result, the obligation's declaration, and the source of every
  module of the claim pack that the claim imports, transitively. A hit replays the evidence
  without starting a worker.
* **goal** entries (looked up inside a worker when the obligation entry missed, e.g. after an
  edit of the module), keyed on the goal itself: for an SMT goal the exact SMT-LIB2 text of its
  query with the names of its hypotheses and definitions, the solvers' versions and resource
  limits; for a symbolic goal the canonical ``srepr`` of both sides (bound variables renamed)
  and the sympy version. An unchanged goal in an edited module is not re-solved.

Only decided evidence is stored (``discharged`` or ``failed``): an ``unknown`` or ``error`` is
always recomputed. Every entry carries an HMAC-SHA256 under a key kept in the store (created on
first use, mode 0600): a corrupt, truncated or tampered entry is ignored with a warning naming
it, and recomputed — never trusted. Writes go to a temporary file and are renamed into place,
so concurrent runs sharing a store never see half an entry.

The store lives in ``$VERIFY_CACHE``, else ``$XDG_CACHE_HOME/bayes-verify``, else
``~/.cache/bayes-verify`` — never inside the repository unless asked with ``--cache DIR``.
"""
from __future__ import annotations

import ast
import datetime as _dt
import hashlib
import hmac
import importlib.util
import json
import math
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

from .evidence import Evidence, EvidenceData, Outcome, StoreInfo

LAYOUT = "v1"
STORED_STATUSES = ("discharged", "failed")


def default_root() -> Path:
    env = os.environ.get("VERIFY_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "bayes-verify"


def jsonable(v: Any) -> Any:
    """Plain JSON data (floats that are not finite become strings, arrays lists)."""
    if isinstance(v, bool) or v is None or isinstance(v, (str, int)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if hasattr(v, "tolist"):
        return jsonable(v.tolist())
    if hasattr(v, "item"):
        return jsonable(v.item())
    return str(v)


def digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


class ProofStore:
    """A directory of checksummed JSON entries (see the module docstring)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.warnings: list[str] = []
        self._secret: bytes | None = None

    # -- the HMAC key -----------------------------------------------------------------------
    def _key(self) -> bytes:
        if self._secret is not None:
            return self._secret
        path = self.root / LAYOUT / "store.key"
        try:
            self._secret = bytes.fromhex(path.read_text().strip())
            if len(self._secret) < 16:
                raise ValueError("short key")
        except (OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            secret = os.urandom(32)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
            with os.fdopen(fd, "w") as f:
                f.write(secret.hex())
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)  # first writer wins; everyone then reads the same key
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
            self._secret = bytes.fromhex(path.read_text().strip())
        return self._secret

    def _mac(self, body: str) -> str:
        return hmac.new(self._key(), body.encode(), hashlib.sha256).hexdigest()

    def _path(self, kind: str, key: str) -> Path:
        return self.root / LAYOUT / kind / key[:2] / f"{key}.json"

    # -- entries ----------------------------------------------------------------------------
    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        """The stored entry (``{"payload", "meta"}``), or None when absent or untrustworthy."""
        path = self._path(kind, key)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.warnings.append(f"ignoring unreadable proof-store entry {path}: {exc}; recomputing")
            return None
        try:
            entry = json.loads(raw)
            body = json.dumps({"key": entry["key"], "kind": entry["kind"], "meta": entry["meta"],
                               "payload": entry["payload"]}, sort_keys=True, ensure_ascii=False)
            ok = hmac.compare_digest(entry["mac"], self._mac(body)) and entry["key"] == key and entry["kind"] == kind
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            self.warnings.append(f"ignoring corrupt or tampered proof-store entry {path}; recomputing")
            return None
        return {"payload": entry["payload"], "meta": entry["meta"]}

    def put(self, kind: str, key: str, payload: dict[str, Any]) -> None:
        meta = {"computed_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "machine": platform.node() or "?"}
        payload = jsonable(payload)
        body = json.dumps({"key": key, "kind": kind, "meta": meta, "payload": payload}, sort_keys=True,
                          ensure_ascii=False)
        entry = {"key": key, "kind": kind, "meta": meta, "payload": payload, "mac": self._mac(body)}
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, ensure_ascii=False)
            os.replace(tmp, path)  # atomic: readers see the old entry or the new one
        except OSError as exc:
            self.warnings.append(f"could not write proof-store entry {path}: {exc}")

    def entries(self) -> Iterable[Path]:
        base = self.root / LAYOUT
        if not base.is_dir():
            return []
        return sorted(p for p in base.glob("*/*/*.json"))

    def stats(self) -> dict[str, Any]:
        by_kind: dict[str, int] = {}
        size = 0
        for p in self.entries():
            by_kind[p.parent.parent.name] = by_kind.get(p.parent.parent.name, 0) + 1
            size += p.stat().st_size
        return {"root": str(self.root), "entries": sum(by_kind.values()), "by_kind": by_kind, "bytes": size}

    def clear(self) -> int:
        n = len(list(self.entries()))
        shutil.rmtree(self.root / LAYOUT, ignore_errors=True)
        return n


# --- evidence <-> JSON ------------------------------------------------------------------------

def evidence_payload(ev: Evidence) -> dict[str, Any]:
    d = asdict(ev)
    d["data"] = {k: v for k, v in d["data"].items() if k not in ("store", "traceback")}
    return jsonable(d)


def evidence_from(payload: dict[str, Any], meta: dict[str, Any]) -> Evidence:
    data = cast(EvidenceData, dict(payload.get("data") or {}))
    data["store"] = cast(StoreInfo, {"status": "cached", **meta})
    return Evidence(status=payload["status"], detail=payload["detail"], seconds=float(payload["seconds"]),
                    counterexample=payload.get("counterexample"), confirmed=bool(payload.get("confirmed")),
                    data=data, scope=payload.get("scope", "none"), tautology=bool(payload.get("tautology")),
                    vacuous=bool(payload.get("vacuous")))


def outcome_payload(o: Outcome) -> dict[str, Any]:
    return jsonable(asdict(o))


def outcome_from(payload: dict[str, Any]) -> Outcome:
    return Outcome(result=payload["result"], detail=payload["detail"], label=payload.get("label", ""),
                   confirmed=bool(payload.get("confirmed")), counterexample=payload.get("counterexample"),
                   data=dict(payload.get("data") or {}))


# --- what an obligation depends on ------------------------------------------------------------

_FILE_HASHES: dict[str, str] = {}


def _file_hash(path: str) -> str:
    if path not in _FILE_HASHES:
        _FILE_HASHES[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _FILE_HASHES[path]


def engine_fingerprint() -> str:
    """The engine's own source: any change to ``verify/`` invalidates every entry."""
    here = Path(__file__).resolve().parent
    return digest({str(p.relative_to(here)): _file_hash(str(p)) for p in sorted(here.rglob("*.py"))})


_IMPORTS: dict[tuple[str, str, str, bool], set[str]] = {}
_FINGERPRINTS: dict[str, dict[str, str]] = {}
# Both memos live for one process, like _FILE_HASHES: a run fingerprints the same few modules for
# hundreds of obligations, and re-parsing them each time cost more than replaying every answer.


def forget_sources() -> None:
    """Forget every file hash, import list and fingerprint computed so far (a long-lived process
    whose claim files may have changed calls this before keying again)."""
    _FILE_HASHES.clear()
    _IMPORTS.clear()
    _FINGERPRINTS.clear()


def _imports(path: Path, module: str, is_pkg: bool, store: ProofStore | None = None) -> set[str]:
    """The modules ``path`` imports; kept in ``store`` under the file's content hash, so a warm
    run does not parse the claim pack again."""
    fh = _file_hash(str(path)) if path.is_file() else ""
    key = (str(path), fh, module, is_pkg)
    if key not in _IMPORTS:
        skey = (digest({"file": fh, "module": module, "is_pkg": is_pkg, "engine": engine_fingerprint()})
                if store is not None and fh else None)
        hit = store.get("imports", skey) if skey and store is not None else None
        if hit is not None and isinstance(hit["payload"].get("imports"), list):
            _IMPORTS[key] = set(hit["payload"]["imports"])
        else:
            _IMPORTS[key] = _parse_imports(path, module, is_pkg)
            if skey and store is not None:
                store.put("imports", skey, {"imports": sorted(_IMPORTS[key])})
    return _IMPORTS[key]


def _parse_imports(path: Path, module: str, is_pkg: bool) -> set[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    package = module if is_pkg else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                try:
                    base = importlib.util.resolve_name("." * node.level + base, package) if package else base
                except (ImportError, ValueError):
                    continue
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names if a.name != "*")
    return {m for m in out if m}


def source_fingerprint(module: str, store: ProofStore | None = None) -> dict[str, str]:
    """``{file: sha256}`` of ``module`` and every module of its pack it imports, transitively.

    The pack is the module's top-level package (or, for a module loaded from a ``--path``
    directory, that directory); imports that leave it (numpy, sympy, the engine) are covered by
    the versions and the engine fingerprint instead.
    """
    if module not in _FINGERPRINTS:
        _FINGERPRINTS[module] = _source_fingerprint(module, store)
    return dict(_FINGERPRINTS[module])


def _source_fingerprint(module: str, store: ProofStore | None) -> dict[str, str]:
    mod = sys.modules.get(module)
    origin = getattr(mod, "__file__", None)
    if origin is None:
        return {}
    top = module.split(".")[0]
    root_mod = sys.modules.get(top)
    root_file = getattr(root_mod, "__file__", None) if root_mod is not None else None
    pack_dir = Path(root_file).resolve().parent if root_file and hasattr(root_mod, "__path__") \
        else Path(origin).resolve().parent
    seen: dict[str, str] = {}
    todo = [(module, origin)]
    while todo:
        name, f = todo.pop()
        fp = Path(f).resolve()
        if str(fp) in seen:
            continue
        seen[str(fp)] = _file_hash(str(fp))
        is_pkg = fp.name == "__init__.py"
        for imp in _imports(fp, name, is_pkg, store):
            m = sys.modules.get(imp)
            spec_file = getattr(m, "__file__", None) if m is not None else None
            if spec_file is None:
                try:
                    spec = importlib.util.find_spec(imp)
                except (ImportError, ValueError, AttributeError):
                    spec = None
                spec_file = spec.origin if spec is not None and spec.has_location else None
            if spec_file and Path(spec_file).resolve().is_relative_to(pack_dir):
                todo.append((imp, spec_file))
            elif imp.split(".")[0] == top:
                # ``from pkg import submodule`` names a module; a plain name is covered by pkg
                continue
    base = pack_dir.parent
    return {os.path.relpath(k, base): v for k, v in sorted(seen.items())}


# --- goal keys (inside a worker) --------------------------------------------------------------

def goal_key(goal: Any, context: dict[str, Any]) -> str | None:
    """A key for one goal, from its own content; None for goals decided by running code."""
    from .goals import Consistency, Identity, Implication, Induction, NonIdentity, SameTerm
    if isinstance(goal, (Implication, Induction, Consistency)):
        from .discharge.second_solver import smt2_text
        from .discharge.smt import implication_query, induction_goals
        try:
            if isinstance(goal, Implication):
                parts = [goal]
            elif isinstance(goal, Induction):
                parts = list(induction_goals(goal))
            else:
                parts = []
        except Exception:
            return None  # a malformed induction: decided (as an error) every time
        content: Any
        if isinstance(goal, Consistency):
            content = {"axioms": list(goal.axioms), "smt2": smt2_text(list(goal.axioms.values()))}
        else:
            content = [{"hypotheses": list(p.hypotheses), "definitions": list(p.definitions),
                        "converse_of": list(p.converse_of), "analyse": p.analyse,
                        "smt2": smt2_text(implication_query(p)),
                        "smt2_conclusion": smt2_text([p.conclusion])} for p in parts]
        return digest({"kind": type(goal).__name__, "content": content, **context})
    if isinstance(goal, (Identity, SameTerm, NonIdentity)):
        import sympy as sp

        from .discharge.symbolic import alpha_normalise
        try:
            sides = [sp.srepr(alpha_normalise(sp.sympify(x))) for x in (goal.lhs, goal.rhs)]
        except Exception:
            return None
        extra: dict[str, Any] = {}
        if isinstance(goal, Identity):
            extra["sample"] = sorted((sp.srepr(k), list(v)) for k, v in goal.sample.items())
        if isinstance(goal, NonIdentity):
            extra["point"] = sorted((sp.srepr(k), sp.srepr(sp.sympify(v)) if not isinstance(v, float) else repr(v))
                                    for k, v in goal.point.items())
            extra["conditions"] = [sp.srepr(sp.sympify(c)) for c in goal.conditions]
        return digest({"kind": type(goal).__name__, "sides": sides, **extra, "sympy": sp.__version__, **context})
    return None
