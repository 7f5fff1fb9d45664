"""The proof store: what invalidates an entry, what it refuses to trust, and concurrent writers."""
from __future__ import annotations

import importlib
import json
import multiprocessing as mp
import sys
import textwrap
from pathlib import Path

import sympy as sp
import z3

from verify import Family, Identity
from verify.discharge import DischargeSettings
from verify.run import obligation_key, run, versions
from verify.store import ProofStore, goal_key, source_fingerprint

from store_claims import build_demo_claims, above, registry_of


SETTINGS = DischargeSettings(second_solver=False)


def _run(store: ProofStore | None):
    return run(registry_of(build_demo_claims()), [], jobs=2, settings=SETTINGS, store=store)


def _how(result) -> dict[str, str]:
    return {o.obligation.id: o.evidence.data.get("store", {}).get("status", "none")
            for c in result.claims for o in c.obligations}


def test_second_run_replays_and_marks_cached(tmp_path: Path) -> None:
    store = ProofStore(tmp_path)
    first = _run(store)
    assert _how(first) == {"above": "computed", "square": "computed"}
    second = _run(ProofStore(tmp_path))
    assert _how(second) == {"above": "cached", "square": "cached"}
    assert [c.verdict for c in second.claims] == [c.verdict for c in first.claims] == ["proved-bounded"]
    meta = second.claims[0].obligations[0].evidence.data["store"]
    assert meta["computed_at"] and meta["machine"]


def test_no_store_stores_nothing(tmp_path: Path) -> None:
    _run(None)
    assert ProofStore(tmp_path).stats()["entries"] == 0


def test_goal_key_changes_with_the_goal_and_the_solver_version() -> None:
    ctx = {"z3": "4.x", "rlimit": 1}
    k = goal_key(above(1), ctx)
    assert k == goal_key(above(1), dict(ctx))
    assert k != goal_key(above(2), ctx)  # a changed goal text
    assert k != goal_key(above(1), {**ctx, "z3": "5.x"})  # a changed solver version
    assert k != goal_key(above(1), {**ctx, "rlimit": 2})  # a changed resource limit
    a, b = sp.symbols("a b", positive=True)
    assert goal_key(Identity(a, a), ctx) != goal_key(Identity(a, b), ctx)
    # Renaming a bound variable is not a change of the goal.
    n, i, j = sp.symbols("n i j", integer=True, positive=True)
    s = sp.IndexedBase("s", real=True)
    assert goal_key(Identity(sp.Sum(s[i], (i, 1, n)), 0), ctx) == goal_key(Identity(sp.Sum(s[j], (j, 1, n)), 0), ctx)


def _pack(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "helper.py").write_text("VALUE = 1\n")
    (root / "other.py").write_text("OTHER = 1\n")
    (root / "claims.py").write_text(textwrap.dedent(f"""
        from {name} import helper
        from .helper import VALUE
        import numpy
        def check():
            return VALUE
    """))
    return root


def test_source_fingerprint_covers_imported_modules_only(tmp_path: Path, monkeypatch) -> None:
    root = _pack(tmp_path, "storepack_a")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("storepack_a.claims")
    before = source_fingerprint("storepack_a.claims")
    assert set(before) == {"storepack_a/claims.py", "storepack_a/helper.py", "storepack_a/__init__.py"}
    (root / "other.py").write_text("OTHER = 2\n")  # not imported: no change
    from verify import store as store_mod
    store_mod.forget_sources()
    assert source_fingerprint("storepack_a.claims") == before
    (root / "helper.py").write_text("VALUE = 2\n")  # imported: the key changes
    assert source_fingerprint("storepack_a.claims") == before  # within one process: remembered
    store_mod.forget_sources()
    assert source_fingerprint("storepack_a.claims") != before
    for m in [m for m in sys.modules if m.startswith("storepack_a")]:
        del sys.modules[m]


def test_import_lists_are_kept_in_the_store_and_never_trusted_blindly(tmp_path: Path, monkeypatch) -> None:
    from verify import store as store_mod
    _pack(tmp_path, "storepack_c")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("storepack_c.claims")
    st = ProofStore(tmp_path / "cache")
    store_mod.forget_sources()
    first = source_fingerprint("storepack_c.claims", st)
    assert st.stats()["by_kind"].get("imports", 0) >= 2
    parsed = []
    monkeypatch.setattr(store_mod, "_parse_imports", lambda *a: parsed.append(a) or set())
    store_mod.forget_sources()
    assert source_fingerprint("storepack_c.claims", st) == first and parsed == []  # replayed, not parsed
    for f in (tmp_path / "cache").rglob("*.json"):  # a tampered import list is ignored: parsed again
        f.write_text(f.read_text().replace("storepack_c.helper", "storepack_c.elsewhere"))
    store_mod.forget_sources()
    source_fingerprint("storepack_c.claims", st)
    assert parsed and any("tampered" in w for w in st.warnings)
    for m in [m for m in sys.modules if m.startswith("storepack_c")]:
        del sys.modules[m]
    store_mod.forget_sources()


def test_obligation_key_depends_on_settings_and_declaration() -> None:
    c = build_demo_claims()[0]
    ob = c.obligations[0]
    vers = versions()
    k = obligation_key(c, ob, SETTINGS, vers)
    assert k == obligation_key(c, ob, SETTINGS, vers)
    assert k != obligation_key(c, ob, DischargeSettings(second_solver=False, rlimit=123), vers)
    assert k != obligation_key(c, ob, SETTINGS, {**vers, "z3": "0.0"})
    from dataclasses import replace
    assert k != obligation_key(c, replace(ob, family=Family("n", range(0, 5))), SETTINGS, vers)


def _entry_files(root: Path, kind: str) -> list[Path]:
    return sorted((root / "v1" / kind).glob("*/*.json"))


def test_corrupt_truncated_or_tampered_entries_are_ignored_and_recomputed(tmp_path: Path) -> None:
    _run(ProofStore(tmp_path))
    files = _entry_files(tmp_path, "obligation")
    assert len(files) == 2
    tampered, truncated = files
    entry = json.loads(tampered.read_text())
    entry["payload"]["status"] = "failed"  # a forged verdict, same checksum field
    tampered.write_text(json.dumps(entry))
    truncated.write_text(truncated.read_text()[:40])
    for g in _entry_files(tmp_path, "goal"):
        g.write_text("{not json")
    store = ProofStore(tmp_path)
    res = _run(store)
    assert _how(res) == {"above": "computed", "square": "computed"}
    assert [c.verdict for c in res.claims] == ["proved-bounded"]
    named = " ".join(res.warnings)
    assert str(tampered) in named and str(truncated) in named
    # Recomputed entries replace the bad ones.
    assert _how(_run(ProofStore(tmp_path))) == {"above": "cached", "square": "cached"}


def test_a_store_key_from_another_store_is_rejected(tmp_path: Path) -> None:
    _run(ProofStore(tmp_path / "a"))
    other = ProofStore(tmp_path / "b")
    other._key()
    src = _entry_files(tmp_path / "a", "obligation")[0]
    dst = tmp_path / "b" / src.relative_to(tmp_path / "a")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(src.read_text())  # copied without the key it was signed with
    assert other.get("obligation", dst.stem) is None
    assert other.warnings


def _writer(root: str, i: int) -> None:
    s = ProofStore(root)
    for _ in range(30):
        s.put("goal", "k" * 64, {"writer": i, "blob": "x" * 5000})


def test_concurrent_writers_leave_a_whole_valid_entry(tmp_path: Path) -> None:
    ProofStore(tmp_path)._key()
    procs = [mp.get_context("fork").Process(target=_writer, args=(str(tmp_path), i)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    s = ProofStore(tmp_path)
    got = s.get("goal", "k" * 64)
    assert got is not None and got["payload"]["writer"] in range(4) and not s.warnings
    assert not list((tmp_path / "v1" / "goal").glob("*/.tmp-*"))
