"""SMT-LIB2 certificates: one file per SMT goal, re-runnable with any SMT-LIB solver.

Each file asserts exactly the query the z3 discharger checks (hypotheses and the negated
conclusion, or the axioms) and states in its header the claim, the obligation, the named
hypotheses and the answer that discharges it, so a reader can re-run the proof with no Python.
"""
from __future__ import annotations

import re
from pathlib import Path

import z3

from .claim import Claim, Obligation
from .discharge.second_solver import smt2_text
from .discharge.smt import implication_query, induction_goals
from .goals import Consistency, Implication, Induction


def expected_answer(role: str, goal: object) -> str:
    if isinstance(goal, Implication):
        return "sat" if role == "refutes" else "unsat"
    return "unsat"


def query(goal: object) -> list[z3.BoolRef]:
    if isinstance(goal, Implication):
        return implication_query(goal)
    assert isinstance(goal, Consistency)
    return list(goal.axioms.values())


def smt_goals(ob: Obligation) -> list[tuple[str, Implication | Consistency]]:
    """``(label, Implication | Consistency)`` for every SMT query an obligation decides:
    one per family member, and an induction's base and step as the engine builds them."""
    values = list(ob.family.values) if ob.family is not None else [None]
    out: list[tuple[str, Implication | Consistency]] = []
    for v in values:
        g = ob.check(v) if ob.family is not None else ob.check()
        tag = f"{ob.family.parameter}={v}" if ob.family is not None else ""
        if isinstance(g, Induction):
            for part in induction_goals(g):
                out.append((f"{tag} {part.label}".strip(), part))
        elif isinstance(g, (Implication, Consistency)):
            out.append((f"{tag} {getattr(g, 'label', '')}".strip(), g))
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
                goals = smt_goals(ob)
            except Exception as exc:
                problems.append(f"{c.source}: error: {c.id}/{ob.id}: check raised {type(exc).__name__}: {exc}")
                continue
            for i, (label, g) in enumerate(goals):
                names = list(g.hypotheses) if isinstance(g, Implication) else list(g.axioms)
                header = "\n".join([
                    f"claim: {c.id} ({c.paper}, {c.where})",
                    f"obligation: {ob.id} [{ob.role}] {ob.statement}",
                    f"goal: {i} {label}",
                    ("hypotheses: " if isinstance(g, Implication) else "axioms: ") + ", ".join(names),
                    "query: " + ("hypotheses AND NOT conclusion" if isinstance(g, Implication) else "all axioms"),
                    f"expected: {expected_answer(ob.role, g)}",
                ])
                stem = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{c.id}__{ob.id}__{i:03d}")
                expected = expected_answer(ob.role, g)
                text = smt2_text(query(g), header).replace("(set-info :status unknown)",
                                                           f"(set-info :status {expected})")
                (out / f"{stem}.smt2").write_text(f"{MARK}{c.id}/{ob.id} goal {i}\n{text}\n", encoding="utf-8")
                written += 1
    return written, problems


def expected_from_file(text: str) -> str | None:
    m = re.search(r"^; expected: (sat|unsat)$", text, re.M)
    return m.group(1) if m else None
