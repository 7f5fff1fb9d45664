"""SMT-LIB2 certificates: one file per SMT goal, re-runnable with any SMT-LIB solver.

Each file asserts exactly the query the z3 discharger checks (hypotheses and the negated
conclusion, or the axioms) and states in its header the claim, the obligation, the named
hypotheses and the answer that discharges it, so a reader can re-run the proof with no Python.
"""
from __future__ import annotations

import re
from pathlib import Path

from .claim import Claim, Obligation
from .discharge import discharger_of
from .discharge.second_solver import smt2_text
from .discharge.smt import SmtQuery


def smt_queries(ob: Obligation) -> list[tuple[str, SmtQuery]]:
    """``(member tag, query)`` for every SMT query an obligation decides, taken from the same
    discharger table the engine dispatches through (one per family member; an induction's base
    and step; a vacuity claim's hypotheses ∧ premise)."""
    values = list(ob.family.values) if ob.family is not None else [None]
    out: list[tuple[str, SmtQuery]] = []
    for v in values:
        g = ob.check(v) if ob.family is not None else ob.check()
        try:
            entry = discharger_of(g)  # the engine's own lookup (a subclass of a goal kind counts as it)
        except KeyError:
            continue
        if entry.smt_queries is None:
            continue
        tag = f"{ob.family.parameter}={v}" if ob.family is not None else ""
        out.extend((tag, q) for q in entry.smt_queries(g, ob.role))
    return out


MARK = "; verify export: "
"""The first line of every file this module writes: only such files are removed on re-export."""


def export_smt2(claims: list[Claim], directory: str | Path) -> tuple[int, list[str]]:
    """Write one SMT-LIB2 file per SMT query; files of an earlier export in ``directory`` are
    removed first (other files are left alone)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.smt2"):
        try:
            with old.open(encoding="utf-8") as f:
                first = f.readline()
        except (OSError, UnicodeDecodeError):
            continue
        if first.startswith(MARK):
            old.unlink()
    written = 0
    problems: list[str] = []
    for c in claims:
        for ob in c.obligations:
            if ob.method != "smt":
                continue
            try:
                queries = smt_queries(ob)
            except Exception as exc:
                problems.append(f"{c.source}: error: {c.id}/{ob.id}: check raised {type(exc).__name__}: {exc}")
                continue
            for i, (tag, q) in enumerate(queries):
                header = "\n".join([
                    f"claim: {c.id} ({c.paper}, {c.where})",
                    f"obligation: {ob.id} [{ob.role}] {ob.statement}",
                    f"goal: {i} {tag} {q.label}".rstrip(),
                    q.names,
                    f"query: {q.query}",
                    f"expected: {q.expected}",
                ])
                stem = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{c.id}__{ob.id}__{i:03d}")
                text = smt2_text(q.formulas, header).replace("(set-info :status unknown)",
                                                              f"(set-info :status {q.expected})")
                (out / f"{stem}.smt2").write_text(f"{MARK}{c.id}/{ob.id} goal {i}\n{text}\n", encoding="utf-8")
                written += 1
    return written, problems


def expected_from_file(text: str) -> str | None:
    m = re.search(r"^; expected: (sat|unsat)$", text, re.M)
    return m.group(1) if m else None
