"""The terminal table: claim id (sub-claims indented), verdict, obligations discharged, seconds.

Diagnostics follow it as ``file:line: status: claim/obligation: message`` (the check function's
file, relative to the working directory, and its first line), wrapped to the terminal width.
"""
from __future__ import annotations

import textwrap

from ..run import ClaimResult, RunResult
from .sarif import diagnostic_lines

WIDTH = 100


MARK_REDUNDANT = "R"
MARK_CONVERSE = "C"


def _markers(c: ClaimResult) -> str:
    m = ""
    if any(o.evidence.data.get("redundant") for o in c.obligations):
        m += MARK_REDUNDANT
    if any(o.evidence.data.get("converse", {}).get("status") == "proved" for o in c.obligations):
        m += MARK_CONVERSE
    return m


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def render_table(result: RunResult, verbose: bool = False, summary_only: bool = False) -> str:
    rows = []
    for c in result.claims:
        depth = max(0, c.claim.id.count(".") - 2)
        name = "  " * depth + c.claim.id
        verdict = c.verdict + (f" ({c.bound})" if c.bound else "")
        rows.append((name, c.claim.reading or "—", verdict, f"{c.discharged}/{len(c.obligations)}",
                     f"{c.seconds:.1f}", _markers(c)))
    head = ("claim", "reading", "verdict", "obl.", "s", "notes")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    spare = WIDTH - (sum(widths) + 2 * (len(head) - 1))
    if spare < 0:  # the verdict column gives way (its bound is cut, with an ellipsis)
        widths[2] = max(len("proved-bounded"), widths[2] + spare)
    out: list[str] = []
    if not summary_only:
        line = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))
        out += [line, "-" * len(line)]
        for r in rows:
            cells = [r[0], r[1], _fit(r[2], widths[2]), r[3], r[4], r[5]]
            out.append("  ".join(x.ljust(w) for x, w in zip(cells, widths, strict=True)).rstrip())
    problems = diagnostic_lines(result, verbose=verbose)
    if problems:
        out.append("")
        for p in problems:
            out.extend(textwrap.wrap(p, WIDTH, subsequent_indent="    ", break_on_hyphens=False) or [p])
    out.append("")
    if result.skipped_slow:
        n = len(result.skipped_slow)
        text = (f"skipped {n} slow cross-check obligation{'s' if n != 1 else ''} (run with --slow): "
                + ", ".join(result.skipped_slow))
        out.extend(textwrap.wrap(text, WIDTH, subsequent_indent="    ", break_on_hyphens=False))
    if result.skipped_unavailable:
        n = len(result.skipped_unavailable)
        text = (f"skipped {n} cross-check obligation{'s' if n != 1 else ''} whose modules are not installed: "
                + ", ".join(result.skipped_unavailable))
        out.extend(textwrap.wrap(text, WIDTH, subsequent_indent="    ", break_on_hyphens=False))
    marks = []
    if any(_markers(c) for c in result.claims):
        marks.append(f"notes: {MARK_REDUNDANT} = a hypothesis is redundant, {MARK_CONVERSE} = converse proved")
    out.extend(marks)
    sm = result.summary()
    line2 = (f"second solver: {sm['smt_goals_confirmed']}/{sm['smt_goals_deciding']} deciding SMT goals confirmed "
             f"by cvc5, {sm['smt_goals_disagreeing']} disagreeing")
    out.append(line2)
    for u in sm["smt_goals_unconfirmed"][:20 if not verbose else None]:
        out.append(_fit(f"  not confirmed: {u['claim']}/{u['obligation']} {u['goal']}: {u['reason']}", WIDTH))
    if len(sm["smt_goals_unconfirmed"]) > 20 and not verbose:
        out.append(f"  … {len(sm['smt_goals_unconfirmed']) - 20} more (-v, or the JSON report)")
    brittle = [(c.claim.id, o.obligation.id, o.evidence.data["brittle"]) for c in result.claims
               for o in c.obligations if o.evidence.data.get("brittle")]
    for cid, oid, goals in brittle:
        out.append(_fit(f"brittle (verdict changes with the seed): {cid}/{oid}: {', '.join(goals)}", WIDTH))
    if result.interrupted:
        out.append(f"interrupted by {result.interrupted}: the report covers what finished")
    n_ob = sum(len(c.obligations) for c in result.claims)
    n_ok = sum(c.discharged for c in result.claims)
    out.append(f"gate: {result.gate}  ({n_ok}/{n_ob} obligations discharged, {len(result.claims)} claims, "
               f"{len(result.load_errors)} load errors, {result.seconds:.1f}s)")
    return "\n".join(out)
