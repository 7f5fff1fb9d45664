#!/usr/bin/env python3
"""Does the gate notice a changed quote? Edit the paper's numbers one digit at a time and see.

    python tools/mutate_quotes.py [--keys KEY ...] [--edit KEY=TEXT ...] [--only-edits] [--every-digit]
                                  [--jobs 2] [--json PATH] [--list]

Every number the experiment claims take from Coppola's paper is a ``quote(key, "text", …)`` call, or
a keyword ``column="text"`` of a ``row(prefix, …)`` call (key ``prefix.column``), in
``lemmas/coppola/experiments/quoted.py``. This tool copies ``verify/``, ``lemmas/`` and ``pyproject.toml`` to a
temporary directory (the repository is never written), runs the claims that compare quotes once
unedited (``python -m verify run … --no-cache --json``; that run must pass), and reads from its
evidence how each quote is compared:

* ``exact``: the quote equals a reproduced printed string, so every edit must be caught;
* ``sampling``: the quote must lie in a band [lo, hi] computed from a re-run (the band does not
  depend on the quote), so an edit is resolvable iff it leaves the band;
* ``consistency`` (Table 1 rows): the printed max error must lie within the stated tolerance of the
  max of |exact − transformer| over the row, so an edit of any of the row's five numbers is
  resolvable iff it breaks that.

For every quote it enumerates the one-digit edits (each digit replaced by each other digit),
predicts which ones the comparisons resolve, and runs the hardest resolvable ones: by default the
resolvable edit closest to the quoted value from above and from below (and, for a count ``c/n``,
one edit of ``n``); ``--every-digit`` takes the closest ones at every digit position. ``--edit
KEY=TEXT`` adds an edit of any form (``table4.triangle.converged=60/100``); ``--only-edits`` runs just
those. Each edit is written into a worker's copy and only the claims whose evidence mentions the
quote are run again. An edit is caught when that run's gate fails.

Exit status 1 when the unedited run fails, when a quote declared compared has no evidence, or when
a resolvable edit is not caught; digits no comparison resolves are listed, not counted.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUOTED = Path("lemmas/coppola/experiments/quoted.py")
CLAIMS = ("coppola.experiments.table1", "coppola.experiments.table4")
"""The claims (with their sub-claims) that compare quotes: the unedited run."""
COMPARED = ("exact", "sampling", "consistency")
"""Comparisons that gate (``refuted``, ``setup``, ``not-reproduced`` quotes cannot be caught)."""
TIMEOUT = 600.0


def number(text: str) -> Fraction:
    """A printed number's value (as ``quoted.number``: a count ``c/n`` is ``c``)."""
    t = text.replace(",", "").replace("~", "").strip()
    return Fraction(t.split("/", 1)[0])


# --- the data module ----------------------------------------------------------------------------

@dataclass
class Site:
    key: str
    text: str
    compared: tuple[str, ...]
    line: int
    col: int
    end_col: int


def quote_sites(source: str) -> dict[str, Site]:
    """Where each quote's text literal is in the source: ``quote(key, "text", where, row, column,
    *compared)`` and ``row(prefix, where, label, columns, *compared, column="text", ...)``."""
    sites: dict[str, Site] = {}
    names = {"EXACT": "exact", "SAMPLING": "sampling", "CONSISTENCY": "consistency", "REFUTED": "refuted",
             "SETUP": "setup", "NOT_REPRODUCED": "not-reproduced"}

    def add(key: Any, txt: ast.expr, compared_args: list[ast.expr], line: int) -> None:
        if not (isinstance(key, str) and isinstance(txt, ast.Constant) and isinstance(txt.value, str)):
            raise SystemExit(f"{QUOTED}:{line}: a quote needs a literal key and text")
        if txt.lineno != txt.end_lineno:
            raise SystemExit(f"{QUOTED}:{txt.lineno}: a quote's text must be on one line")
        if key in sites:
            raise SystemExit(f"{QUOTED}:{line}: quote {key!r} is defined twice")
        compared = tuple(names.get(a.id, a.id) for a in compared_args if isinstance(a, ast.Name))
        sites[key] = Site(key, txt.value, compared, txt.lineno, txt.col_offset, txt.end_col_offset)

    def calls(tree: ast.AST) -> Any:
        """Every call outside function bodies (the helpers' own calls build quotes, they are none)."""
        for child in ast.iter_child_nodes(tree):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name):
                yield child
            yield from calls(child)

    for node in calls(ast.parse(source)):
        if node.func.id == "quote":
            key = node.args[0].value if isinstance(node.args[0], ast.Constant) else None
            add(key, node.args[1], node.args[5:], node.lineno)
        elif node.func.id == "row":
            prefix = node.args[0].value if isinstance(node.args[0], ast.Constant) else None
            if not isinstance(prefix, str):
                raise SystemExit(f"{QUOTED}:{node.lineno}: row() needs a literal key prefix")
            for kw in node.keywords:
                if kw.arg is None:
                    raise SystemExit(f"{QUOTED}:{node.lineno}: row() takes its quotes as literal keywords")
                if kw.arg != "note":
                    add(f"{prefix}.{kw.arg}", kw.value, node.args[4:], node.lineno)
    return sites


def edited_source(source: str, site: Site, new: str) -> str:
    lines = source.splitlines(keepends=True)
    line = lines[site.line - 1]
    # col offsets are in UTF-8 bytes
    raw = line.encode("utf-8")
    lines[site.line - 1] = (raw[:site.col] + json.dumps(new).encode("utf-8") + raw[site.end_col:]).decode("utf-8")
    return "".join(lines)


# --- the evidence of the unedited run -------------------------------------------------------------

@dataclass
class Comparison:
    claim: str
    obligation: str
    kind: str
    band: tuple[float, float] | None = None
    row: dict[str, Any] | None = None


def comparisons(report: dict[str, Any]) -> dict[str, list[Comparison]]:
    """Quote key → how the unedited run's goals compare it (read from their evidence)."""
    out: dict[str, list[Comparison]] = {}
    for claim in report["claims"]:
        for ob in claim["obligations"]:
            for goal in (ob.get("data") or {}).get("goals", []):
                for key, e in (goal.get("quotes") or {}).items():
                    band = tuple(e["band"]) if e.get("compared") == "sampling" else None
                    out.setdefault(key, []).append(Comparison(claim["id"], ob["id"], e.get("compared", "?"), band))
                if goal.get("compared") == "consistency":
                    for row in goal.get("rows", {}).values():
                        for key in row["exact"] + row["transformer"] + [row["max_error"]]:
                            out.setdefault(key, []).append(Comparison(claim["id"], ob["id"], "consistency", row=row))
    return out


def resolves(comp: Comparison, key: str, new: str, texts: dict[str, str]) -> bool:
    """Would this comparison reject the quote ``key`` edited to ``new``?"""
    if comp.kind == "exact":
        return new != texts[key]
    if comp.kind == "sampling":
        lo, hi = comp.band
        return not Fraction(lo) <= number(new) <= Fraction(hi)
    if comp.kind == "consistency":
        row = comp.row
        val = {k: number(new if k == key else texts[k]) for k in row["exact"] + row["transformer"] + [row["max_error"]]}
        recomputed = max(abs(val[a] - val[t]) for a, t in zip(row["exact"], row["transformer"], strict=True))
        return abs(val[row["max_error"]] - recomputed) > Fraction(row["tolerance"])
    return False


# --- edits ------------------------------------------------------------------------------------------

@dataclass
class Edit:
    key: str
    old: str
    new: str
    predicted: bool
    claims: list[str]
    why: str = ""
    gate: str = ""
    failing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.predicted or self.gate == "fail"


def one_digit_edits(text: str) -> list[tuple[int, str]]:
    return [(i, text[:i] + d + text[i + 1:]) for i, ch in enumerate(text) if ch.isdigit()
            for d in "0123456789" if d != ch]


def choose(text: str, caught: list[tuple[int, str]], every_digit: bool) -> list[str]:
    """The hardest resolvable edits: closest to the quoted value from above and from below (per
    digit position with ``every_digit``), plus the smallest edit that keeps the value (a count's n)."""
    v = number(text)
    groups: dict[tuple, list[tuple[Any, ...]]] = {}
    for pos, new in caught:
        d = number(new) - v
        side = (d > 0) - (d < 0)
        # closest value first; among equal values the last digit changed least (a count's n: 100 → 101)
        rank = (abs(d), -pos, abs(int(new[pos]) - int(text[pos])), new)
        groups.setdefault((pos if every_digit else None, side), []).append(rank)
    picked = []
    for _, items in sorted(groups.items(), key=lambda kv: (kv[0][0] if kv[0][0] is not None else -1, kv[0][1])):
        picked.append(min(items)[-1])
    return list(dict.fromkeys(picked))


def claims_for(comps: list[Comparison]) -> list[str]:
    ids = sorted({c.claim for c in comps})
    # a pattern selects a claim and its sub-claims: drop ids whose ancestor is listed
    return [i for i in ids if not any(i.startswith(j + ".") for j in ids if j != i)]


def resolution(text: str, key: str, comps: list[Comparison], texts: dict[str, str]) -> dict[str, Any]:
    """Per digit position: how many of its 9 one-digit edits the comparisons resolve (● all, ◐ some,
    ○ none), together and by each kind of comparison alone."""
    def digits(cs: list[Comparison]) -> tuple[str, int, int]:
        per: dict[int, list[int]] = {}
        for pos, new in one_digit_edits(text):
            n_t = per.setdefault(pos, [0, 0])
            n_t[1] += 1
            n_t[0] += any(resolves(c, key, new, texts) for c in cs)
        shown = "".join(ch if i not in per else "●" if per[i][0] == per[i][1] else "◐" if per[i][0] else "○"
                        for i, ch in enumerate(text))
        return shown, sum(n for n, _ in per.values()), sum(t for _, t in per.values())

    shown, resolved, total = digits(comps)
    kinds = sorted({c.kind for c in comps})
    by = {k: digits([c for c in comps if c.kind == k])[0] for k in kinds} if len(kinds) > 1 else {}
    return {"digits": shown, "resolved": resolved, "edits": total, "by": by}


# --- running --------------------------------------------------------------------------------------

def make_copy() -> Path:
    d = Path(tempfile.mkdtemp(prefix="verify-quotes-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "verify", d / "verify", ignore=ignore)
    shutil.copytree(ROOT / "lemmas", d / "lemmas", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", d / "pyproject.toml")
    return d


_stamp = [int(time.time()) + 10_000_000]
_stamp_lock = threading.Lock()


def write(path: Path, text: str) -> None:
    """Write with a modification time never used before, so no stale bytecode is ever taken."""
    with _stamp_lock:
        _stamp[0] += 2
        t = _stamp[0]
    path.write_text(text, encoding="utf-8")
    os.utime(path, (t, t))


def run_verify(copy_dir: Path, claims: list[str]) -> tuple[str, list[str], float, dict[str, Any] | None]:
    """(gate, failing obligations, seconds, report) of ``verify run CLAIMS`` in the copy."""
    out = copy_dir / "report.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(copy_dir))
    env.pop("VERIFY_CLAIM_PATH", None)
    cmd = [sys.executable, "-m", "verify", "run", *claims, "--no-cache", "--json", str(out), "--quiet", "--jobs", "1"]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=copy_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return "timeout", [], time.perf_counter() - t0, None
    secs = time.perf_counter() - t0
    if not out.exists():
        return "no report", [err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}"], secs, None
    report = json.loads(out.read_text(encoding="utf-8"))
    failing = [f"{c['id']}/{o['id']}: {o['status']}" for c in report["claims"] for o in c["obligations"]
               if o["status"] != "discharged"]
    return report["gate"], failing, secs, report


def print_resolution(table: dict[str, Any]) -> None:
    print()
    print(f"{'quote':36} {'printed':>10}  digits resolved (● all 9 edits, ◐ some, ○ none)")
    for key, row in table.items():
        alone = "; ".join(f"{k} alone {d}" for k, d in row["by"].items())
        print(f"{key:36} {row['text']:>10}  {row['digits']:10} {row['resolved']:>3}/{row['edits']:<3} "
              f"by {', '.join(row['compared'])}" + (f"  ({alone})" if alone else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keys", nargs="*", default=None, help="only these quotes (default: every compared quote)")
    ap.add_argument("--edit", action="append", default=[], metavar="KEY=TEXT", help="also run this edit")
    ap.add_argument("--only-edits", action="store_true", help="run only the --edit edits")
    ap.add_argument("--every-digit", action="store_true", help="the closest resolvable edits at every digit")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--json", metavar="PATH", help="write the report as JSON ('-': standard output)")
    ap.add_argument("--list", action="store_true", help="list the planned edits and stop")
    args = ap.parse_args(argv)

    copies: queue.Queue[Path] = queue.Queue()
    made: list[Path] = []
    try:
        first = make_copy()
        made.append(first)
        source = (first / QUOTED).read_text(encoding="utf-8")
        sites = quote_sites(source)
        texts = {k: s.text for k, s in sites.items()}

        gate, failing, secs, report = run_verify(first, list(CLAIMS))
        baseline = {"claims": list(CLAIMS), "gate": gate, "failing": failing, "seconds": round(secs, 2)}
        problems: list[str] = []
        if gate != "pass" or report is None:
            problems.append(f"the unedited quotes do not pass: {gate} {failing}")
            comps: dict[str, list[Comparison]] = {}
        else:
            comps = comparisons(report)
        for key, s in sites.items():
            if any(c in COMPARED for c in s.compared) and key not in comps and report is not None:
                problems.append(f"{key}: declared {'/'.join(s.compared)} but no evidence compares it")

        explicit = []
        for item in args.edit:
            key, _, new = item.partition("=")
            if key not in sites:
                raise SystemExit(f"--edit {item}: no quote {key!r} (see {QUOTED})")
            explicit.append((key, new))
        keys = [k for k in (args.keys if args.keys is not None else sites) if k in comps]
        edits: list[Edit] = []
        table: dict[str, Any] = {}
        for key in keys:
            cs = comps[key]
            table[key] = {"text": texts[key], "compared": sorted({c.kind for c in cs}),
                          **resolution(texts[key], key, cs, texts)}
            if args.only_edits:
                continue
            caught = [(pos, new) for pos, new in one_digit_edits(texts[key])
                      if any(resolves(c, key, new, texts) for c in cs)]
            for new in choose(texts[key], caught, args.every_digit):
                edits.append(Edit(key, texts[key], new, True, claims_for(cs)))
        for key, new in explicit:
            cs = comps.get(key, [])
            pred = any(resolves(c, key, new, texts) for c in cs)
            edits.append(Edit(key, texts[key], new, pred, claims_for(cs) or list(CLAIMS),
                              why="" if pred else "not resolvable by the comparisons"))

        if args.list or problems:
            for e in edits:
                status = "resolvable" if e.predicted else e.why
                print(f"{e.key:36} {e.old:>10} → {e.new:<10} {status}  [{' '.join(e.claims)}]")
            print_resolution(table)
            for p in problems:
                print("problem:", p, file=sys.stderr)
            return 1 if problems else 0

        copies.put(first)
        for _ in range(max(1, args.jobs) - 1):
            d = make_copy()
            made.append(d)
            copies.put(d)

        def run_edit(e: Edit) -> Edit:
            d = copies.get()
            try:
                write(d / QUOTED, edited_source(source, sites[e.key], e.new))
                e.gate, e.failing, e.seconds, _ = run_verify(d, e.claims)
                e.seconds = round(e.seconds, 2)
            finally:
                write(d / QUOTED, source)
                copies.put(d)
            mark = "caught" if e.gate == "fail" else "NOT CAUGHT" if e.predicted else "passes (unresolvable)"
            print(f"{e.key:36} {e.old:>10} → {e.new:<10} {mark:22} {'; '.join(e.failing)[:90]}", flush=True)
            return e

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            done = list(pool.map(run_edit, edits))
    finally:
        for d in made:
            shutil.rmtree(d, ignore_errors=True)

    missed = [e for e in done if not e.ok]
    print_resolution(table)
    print(f"\nunedited run: {baseline['gate']}; {len(done)} edits run, "
          f"{sum(e.gate == 'fail' for e in done)} caught, {len(missed)} resolvable edits not caught")
    for e in missed:
        print(f"  NOT CAUGHT: {e.key} {e.old} → {e.new}")
    result = {"baseline": baseline, "quotes": table, "edits": [asdict(e) for e in done], "missed": len(missed)}
    if args.json:
        text = json.dumps(result, indent=2, ensure_ascii=False)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    return 1 if missed or baseline["gate"] != "pass" else 0


if __name__ == "__main__":
    sys.exit(main())
