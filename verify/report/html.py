"""The HTML ledger: one self-contained page for a run (works offline, no external fetch).

Everything is inline: CSS, a small plain-JavaScript filter (verdict, paper, text), the claim
statements as MathML (converted from each claim's ``latex`` with :mod:`latex2mathml` when it is
installed, else shown as LaTeX source) and an SVG dependency graph laid out here: claims →
sub-claims (ids extend the parent's) and claims → the model modules their checks import
(:func:`verify.store.source_fingerprint`, the files under a ``models/`` directory of the pack).

Every text that comes from a claim or from evidence is escaped; the MathML produced by
latex2mathml is re-parsed and re-serialised from an allow-list of MathML elements and attributes
(latex2mathml copies ``\\text{...}`` verbatim). A Content-Security-Policy allows only the page's
own script and style (by hash) and no network access at all.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from ..run import ClaimResult, ObligationResult, RunResult
from .json_report import _clean, converse_of, obligation_dict

VERDICT_COLOURS: dict[str, str] = {
    "proved": "#1a7f37",
    "proved-bounded": "#0e7c86",
    "witnessed": "#0969da",
    "refuted": "#bc4c00",
    "tautological": "#8250df",
    "vacuous": "#a475f9",
    "not-formal": "#6e7781",
    "unknown": "#9a6700",
    "error": "#cf222e",
}
"""One colour per verdict (badges, table rows, graph nodes)."""

STATUS_COLOURS: dict[str, str] = {
    "discharged": "#1a7f37",
    "failed": "#cf222e",
    "unknown": "#9a6700",
    "error": "#a40e26",
}

ABSENT = "—"


def esc(value: Any) -> str:
    """HTML-escape any value (quotes too: safe in text and in attribute values)."""
    return html.escape("" if value is None else str(value), quote=True)


def anchor(claim_id: str) -> str:
    """The id of a claim's section (``#claim-<id>``)."""
    return "claim-" + re.sub(r"[^A-Za-z0-9_.\-]", "_", claim_id)


def obligation_anchor(claim_id: str, ob_id: str) -> str:
    return anchor(claim_id) + "--" + re.sub(r"[^A-Za-z0-9_.\-]", "_", ob_id)


def reading_of(claim: Any) -> str:
    r = getattr(claim, "reading", None)
    return str(r) if r else ABSENT


# --------------------------------------------------------------------------------- MathML

_MATHML_ELEMENTS = frozenset("""
math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mstyle mover munder munderover
mtable mtr mtd mlabeledtr mpadded mphantom menclose merror mfenced mmultiscripts mprescripts none
semantics annotation maligngroup malignmark
""".split())
_MATHML_ATTRIBUTES = frozenset("""
display mathvariant mathsize mathcolor mathbackground stretchy fence separator minsize maxsize width height
depth lspace rspace displaystyle scriptlevel linethickness accent accentunder columnalign rowalign
columnspacing rowspacing columnlines rowlines frame framespacing notation form largeop movablelimits
symmetric open close separators align voffset numalign denomalign bevelled encoding
""".split())


def _serialise_mathml(el: ET.Element) -> str:
    tag = el.tag.split("}", 1)[-1]
    if tag not in _MATHML_ELEMENTS:
        raise ValueError(f"element {tag!r} is not MathML")
    attrs = []
    for k, v in el.attrib.items():
        name = k.split("}", 1)[-1]
        if name == "xmlns":
            continue
        if name not in _MATHML_ATTRIBUTES:
            raise ValueError(f"attribute {name!r} is not allowed")
        attrs.append(f' {name}="{esc(v)}"')
    inner = esc(el.text or "") + "".join(_serialise_mathml(c) + esc(c.tail or "") for c in el)
    return f"<{tag}{''.join(attrs)}>{inner}</{tag}>"


def latex_to_mathml(latex: str) -> str | None:
    """Safe MathML for ``latex`` (display block), or None when latex2mathml is missing or fails."""
    try:
        from latex2mathml.converter import convert
    except Exception:  # not installed: the caller shows the LaTeX source instead
        return None
    try:
        raw = convert(latex, display="block")
        root = ET.fromstring(raw)
        if root.tag.split("}", 1)[-1] != "math":
            return None
        return _serialise_mathml(root)
    except Exception:  # a conversion error or anything outside the allow-list: show the source
        return None


def render_math(latex: str) -> str:
    if not latex:
        return ""
    mathml = latex_to_mathml(latex)
    source = f'<code class="latex">{esc(latex)}</code>'
    if mathml is None:
        return f'<div class="math math-source">{source}</div>'
    return (f'<div class="math">{mathml}</div>'
            f'<details class="latex-src"><summary>LaTeX</summary>{source}</details>')


# ------------------------------------------------------------------------- model modules

def model_modules(c: ClaimResult, cache: dict[str, list[str]] | None = None) -> list[str]:
    """The files under a ``models/`` directory of the pack that the claim's checks import
    (``cache`` keeps the answer per check module across the claims of one page)."""
    from ..store import source_fingerprint
    cache = {} if cache is None else cache
    out: set[str] = set()
    for o in c.obligations:
        check = o.obligation.check
        mod = getattr(check, "__module__", None) or getattr(getattr(check, "func", None), "__module__", None)
        if not mod:
            continue
        if mod not in cache:
            try:
                files = source_fingerprint(mod)
            except Exception:  # a module that cannot be read: no edge, not a broken report
                files = {}
            found = []
            for f in files:
                p = PurePosixPath(f.replace(os.sep, "/"))
                if "models" in p.parts[:-1] and p.name != "__init__.py":
                    found.append(str(p))
            cache[mod] = sorted(found)
        out.update(cache[mod])
    return sorted(out)


# ---------------------------------------------------------------------------- the graph

_ROW = 26
_NODE_H = 18
_CHAR_W = 7.3
_INDENT = 22


def _nearest_parent(cid: str, present: set[str]) -> str | None:
    parts = cid.split(".")
    for i in range(len(parts) - 1, 1, -1):
        p = ".".join(parts[:i])
        if p in present:
            return p
    return None


def render_graph(result: RunResult, models: dict[str, list[str]]) -> str:
    """An inline SVG: the claim tree on the left, model modules on the right, edges between."""
    claims = [c.claim.id for c in result.claims]
    if not claims:
        return '<p class="muted">No claims.</p>'
    verdict = {c.claim.id: c.verdict for c in result.claims}
    present = set(claims)
    parent = {cid: _nearest_parent(cid, present) for cid in claims}
    depth: dict[str, int] = {}
    for cid in claims:
        p = parent[cid]
        depth[cid] = depth.get(p, -1) + 1 if p else 0
    label = {cid: (cid if p is None else "." + cid[len(p) + 1:]) for cid, p in parent.items()}
    pos: dict[str, tuple[float, float, float]] = {}  # x, y (top), width
    for i, cid in enumerate(claims):
        x: float = 10 + depth[cid] * _INDENT
        pos[cid] = (x, 10 + i * _ROW, 24 + len(label[cid]) * _CHAR_W)
    right = max(x + w for x, _, w in pos.values())
    used = sorted({m for ms in models.values() for m in ms})
    mx = right + 160
    # Each model at the mean height of the claims that use it, then pushed apart.
    want = {m: sum(pos[c][1] for c in claims if m in models.get(c, ())) /
            max(1, sum(1 for c in claims if m in models.get(c, ()))) for m in used}
    my: dict[str, float] = {}
    last = -1e9
    for m in sorted(used, key=lambda m: (want[m], m)):
        y = max(want[m], last + _ROW)
        my[m] = y
        last = y
    mw = {m: 16 + len(m) * _CHAR_W for m in used}
    width = int((max((mx + w for w in mw.values()), default=right)) + 20)
    height = int(max([pos[c][1] for c in claims] + list(my.values())) + _ROW + 10)
    out = [f'<svg id="graph" class="graph" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="claims, sub-claims and the model modules they use">']
    out.append('<g class="edges">')
    for cid in claims:
        p = parent[cid]
        if p is None:
            continue
        px, py, _ = pos[p]
        cx, cy, _ = pos[cid]
        out.append(f'<path class="edge edge-sub" data-claim="{esc(cid)}" '
                   f'd="M{px + 8:.1f},{py + _NODE_H:.1f} V{cy + _NODE_H / 2:.1f} H{cx:.1f}"/>')
    for cid in claims:
        cx, cy, cw = pos[cid]
        for m in models.get(cid, ()):
            x1, y1 = cx + cw, cy + _NODE_H / 2
            x2, y2 = mx, my[m] + _NODE_H / 2
            mid = (x1 + x2) / 2
            out.append(f'<path class="edge edge-model" data-claim="{esc(cid)}" data-model="{esc(m)}" '
                       f'd="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"/>')
    out.append('</g><g class="nodes">')
    for cid in claims:
        x, y, w = pos[cid]
        colour = VERDICT_COLOURS.get(verdict[cid], "#6e7781")
        out.append(f'<a href="#{esc(anchor(cid))}" class="gnode gclaim" data-claim="{esc(cid)}">'
                   f'<title>{esc(cid)}: {esc(verdict[cid])}</title>'
                   f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{_NODE_H}" rx="4"/>'
                   f'<rect x="{x:.1f}" y="{y:.1f}" width="8" height="{_NODE_H}" rx="2" fill="{colour}"/>'
                   f'<text x="{x + 14:.1f}" y="{y + 13:.1f}">{esc(label[cid])}</text></a>')
    for m in used:
        users = [c for c in claims if m in models.get(c, ())]
        out.append(f'<g class="gnode gmodel" data-model="{esc(m)}">'
                   f'<title>{esc(m)} — used by {esc(", ".join(users))}</title>'
                   f'<rect x="{mx:.1f}" y="{my[m]:.1f}" width="{mw[m]:.1f}" height="{_NODE_H}" rx="9"/>'
                   f'<text x="{mx + 8:.1f}" y="{my[m] + 13:.1f}">{esc(m)}</text></g>')
    out.append("</g></svg>")
    return "".join(out)


# ---------------------------------------------------------------------------------- parts

def badge(verdict: str, extra: str = "") -> str:
    return (f'<span class="badge v-{esc(verdict)}">{esc(verdict)}</span>'
            + (f' <span class="bound">{esc(extra)}</span>' if extra else ""))


def status_badge(status: str) -> str:
    return f'<span class="badge s-{esc(status)}">{esc(status)}</span>'


def _json_block(value: Any) -> str:
    return f"<pre>{esc(json.dumps(_clean(value), indent=1, ensure_ascii=False, sort_keys=True))}</pre>"


def _scalar(v: Any) -> bool:
    return not isinstance(v, (dict, list, tuple))


def _kv(value: Any, depth: int = 0) -> str:
    """A mapping as a small table (nested mappings and short lists of scalars inline); else JSON."""
    if isinstance(value, dict) and value and depth < 3:
        rows = []
        for k, v in value.items():
            if _scalar(v):
                cell = f"<code>{esc(v)}</code>"
            elif isinstance(v, (list, tuple)) and all(_scalar(x) for x in v) and len(v) <= 32:
                cell = f"<code>[{esc(', '.join(map(str, v)))}]</code>"
            else:
                cell = _kv(v, depth + 1)
            rows.append(f"<tr><th>{esc(k)}</th><td>{cell}</td></tr>")
        return f'<table class="kv">{"".join(rows)}</table>'
    return _json_block(value)


def _chips(names: Iterable[Any], cls: str = "") -> str:
    items = [f'<span class="chip {cls}">{esc(n)}</span>' for n in names]
    return " ".join(items) if items else '<span class="muted">none</span>'


def _row(name: str, body: str, cls: str = "", title: str = "") -> str:
    t = f' title="{esc(title)}"' if title else ""
    return f'<tr class="{cls}"><th{t}>{esc(name)}</th><td>{body}</td></tr>'


NECESSARY = "dropping it gives a countermodel, re-checked exactly"


def _analysis(d: dict[str, Any]) -> list[str]:
    rows = []
    if "used_hypotheses" in d:
        u = d["used_hypotheses"]
        rows.append(_row("used hypotheses", _chips(u) if isinstance(u, list) else f"<code>{esc(u)}</code>",
                         title="the unsat core: the hypotheses the proof used"))
    if "necessary" in d:
        nec = d["necessary"]
        if isinstance(nec, dict) and nec:
            parts = [f'<div class="nec"><span class="chip">{esc(k)}</span> '
                     f'{esc((v or {}).get("detail", "") if isinstance(v, dict) else v)}'
                     + (_kv(v.get("countermodel")) if isinstance(v, dict) and v.get("countermodel") else "")
                     + "</div>" for k, v in nec.items()]
            rows.append(_row("necessary", "".join(parts), title=NECESSARY))
        else:
            rows.append(_row("necessary", _chips(nec or []), title=NECESSARY))
    if "redundant" in d:
        rows.append(_row("redundant", _chips(d["redundant"] or [], "warn"), "redundant" if d["redundant"] else "",
                         title="the proof goes through without it"))
    if d.get("necessity_undecided"):
        rows.append(_row("necessity undecided", _chips(d["necessity_undecided"])))
    if "vacuity" in d:
        v = d["vacuity"] or {}
        body = (f"<code>{esc(v.get('status'))}</code> {esc(v.get('detail') or '')}"
                + (_kv(v["model"]) if isinstance(v, dict) and v.get("model") else "")) if isinstance(v, dict) \
            else f"<code>{esc(v)}</code>"
        rows.append(_row("vacuity", body, title="a re-checked model of the hypotheses: they can all hold"))
    if d.get("inconsistent_axioms"):
        rows.append(_row("inconsistent axioms", _chips(d["inconsistent_axioms"], "bad")))
    if "second_solver" in d:
        s = d["second_solver"] or {}
        if isinstance(s, dict):
            body = (f'<span class="chip">{esc(s.get("name", "cvc5"))} {esc(s.get("version") or "")}</span> '
                    f"answered <code>{esc(s.get('status'))}</code>"
                    + (f" in {esc(s.get('seconds'))} s" if s.get("seconds") is not None else "")
                    + (f"; goals: {esc(', '.join(f'{k}: {v}' for k, v in s['goals'].items()))}"
                       if isinstance(s.get("goals"), dict) else "")
                    + (f"; {esc('; '.join(map(str, s['reasons'])))}" if s.get("reasons") else "")
                    + (f"; {esc(s['reason'])}" if s.get("reason") else ""))
        else:
            body = f"<code>{esc(s)}</code>"
        rows.append(_row("second solver", body))
    if "converse" in d:
        c = d["converse"] or {}
        body = (f"<code>{esc(c.get('status'))}</code> premise {_chips(c.get('premise') or [])}"
                if isinstance(c, dict) else esc(c))
        rows.append(_row("converse", body, title="the converse the engine built; proved means tautological"))
    if d.get("brittle"):
        b = d["brittle"] if isinstance(d["brittle"], list) else [d["brittle"]]
        rows.append(_row("brittle", _chips(b, "warn"), title="the answer depends on the solver's seed"))
    return rows


def _goals_table(goals: list[Any]) -> str:
    if not goals:
        return ""
    cols = ["label", "result", "z3_result", "rlimit_used", "second_solver", "detail"]
    head = "".join(f"<th>{esc(c.replace('_', ' '))}</th>" for c in cols)
    body = []
    for g in goals:
        if not isinstance(g, dict):
            continue
        ss = g.get("second_solver")
        ss = ss.get("status") if isinstance(ss, dict) else ss
        vals = [g.get("label", ""), g.get("result", ""), g.get("z3_result", ""), g.get("rlimit_used", ""),
                ss if ss is not None else "", g.get("detail", "")]
        body.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in vals) + "</tr>")
    return (f'<details class="goals"><summary>{len(goals)} goal{"s" if len(goals) != 1 else ""}</summary>'
            f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></details>')


def render_obligation(c: ClaimResult, o: ObligationResult) -> str:
    d = obligation_dict(o)
    ob = o.obligation
    status = d["status"]
    flags = []
    if d.get("cross_check"):
        flags.append("cross-check")
    if ob.allow_unknown:
        flags.append("unknown allowed")
    if getattr(ob, "slow", False):
        flags.append("slow")
    if d.get("tautology"):
        flags.append("tautology")
    store = (o.evidence.data.get("store") or {})
    how = store.get("status", "computed")
    if how == "cached":
        how += f" ({store.get('computed_at', '?')} on {store.get('machine', '?')})"
    rows = [
        _row("status", status_badge(status)),
        _row("method / role", f"<code>{esc(d['method'])}</code> / <code>{esc(d['role'])}</code>"
             + (" " + _chips(flags) if flags else "")),
        _row("scope", f"<code>{esc(d['scope'])}</code>"),
        _row("bound", esc(d["bound"]) if d.get("bound") else ABSENT),
        _row("detail", f'<div class="detail">{esc(d["detail"])}</div>'),
    ]
    if d.get("counterexample") is not None:
        rows.append(_row("counterexample", _kv(d["counterexample"]), "cex"))
    rows += _analysis(d)
    if d.get("family"):
        fam = d["family"]
        rows.append(_row("family", f"<code>{esc(fam.get('parameter'))}</code> ∈ {esc(_short(fam.get('values')))}"))
    rows.append(_row("time", f"{esc(d['seconds'])} s, {esc(how)}"))
    goals = _goals_table((d.get("data") or {}).get("goals") or [])
    tb = (f'<details class="tb"><summary>traceback</summary><pre>{esc(d["traceback"])}</pre></details>'
          if d.get("traceback") else "")
    return (f'<div class="obligation s-border-{esc(status)}" id="{esc(obligation_anchor(c.claim.id, ob.id))}">'
            f'<h4><code>{esc(ob.id)}</code> {status_badge(status)}</h4>'
            f'<p class="ob-statement">{esc(ob.statement)}</p>'
            f'<table class="evidence">{"".join(rows)}</table>{goals}{tb}</div>')


def _short(values: Any) -> str:
    vs = list(values or [])
    if len(vs) > 12:
        return "{" + ", ".join(map(str, vs[:5])) + ", …, " + ", ".join(map(str, vs[-3:])) + "}"
    return "{" + ", ".join(map(str, vs)) + "}"


def _search_text(c: ClaimResult) -> str:
    cl = c.claim
    parts = [cl.id, cl.paper, cl.where, cl.statement, reading_of(cl), cl.note, cl.latex, c.verdict,
             *(f"{h.name} {h.statement}" for h in cl.hypotheses),
             *(f"{o.obligation.id} {o.obligation.statement}" for o in c.obligations)]
    return " ".join(p for p in parts if p).lower()


def render_claim(c: ClaimResult, models: list[str], children: list[str], parent: str | None = None) -> str:
    cl = c.claim
    conv = converse_of(c)
    meta = [
        _row("paper", esc(cl.paper)),
        _row("where", esc(cl.where)),
        _row("reading", esc(reading_of(cl))),
        *([_row("what was found", esc(cl.explanation))] if getattr(cl, "explanation", "") else []),
        _row("source", f"<code>{esc(cl.source)}</code>" if cl.source else ABSENT),
    ]
    if not cl.formal:
        meta.append(_row("formal", "no — an interpretation; its sub-claims carry the checkable content"))
    if parent:
        meta.append(_row("parent", f'<a href="#{esc(anchor(parent))}"><code>{esc(parent)}</code></a>'))
    if children:
        meta.append(_row("sub-claims", " ".join(f'<a href="#{esc(anchor(k))}"><code>{esc(k)}</code></a>'
                                               for k in children)))
    if models:
        meta.append(_row("model modules", _chips(models)))
    if conv:
        meta.append(_row("converse", f"<code>{esc(conv['status'])}</code> (premise "
                         f"{_chips(conv.get('premise') or [])}; from {_chips(conv.get('obligations') or [])})"))
    note = f'<p class="note">{esc(cl.note)}</p>' if cl.note else ""
    hyps = ("<h3>Hypotheses</h3><ul class=\"hyps\">"
            + "".join(f"<li><code>{esc(h.name)}</code>: {esc(h.statement)}</li>" for h in cl.hypotheses)
            + "</ul>") if cl.hypotheses else ""
    obs = "".join(render_obligation(c, o) for o in c.obligations)
    obs_h = (f"<h3>Obligations ({c.discharged}/{len(c.obligations)} discharged)</h3>{obs}" if c.obligations
             else '<p class="muted">No obligations (not formal: only its sub-claims are decided).</p>')
    return (f'<section class="claim" id="{esc(anchor(cl.id))}" data-verdict="{esc(c.verdict)}" '
            f'data-paper="{esc(cl.paper)}" data-text="{esc(_search_text(c))}">'
            f'<h2><a class="self" href="#{esc(anchor(cl.id))}">#</a> <code>{esc(cl.id)}</code> '
            f'{badge(c.verdict, c.bound or "")}</h2>'
            f'<p class="statement">{esc(cl.statement)}</p>{render_math(cl.latex)}{note}'
            f'<table class="meta">{"".join(meta)}</table>{hyps}{obs_h}'
            f'<p class="top"><a href="#top">↑ claims</a></p></section>')


def paper_labels(result: RunResult) -> dict[str, str]:
    """A short label per paper (its first comma-separated part, e.g. the author) when unambiguous."""
    papers = sorted({c.claim.paper for c in result.claims})
    short = {p: p.split(",", 1)[0].strip() or p for p in papers}
    if len(set(short.values())) < len(short):
        return {p: p for p in papers}
    return short


def _table(result: RunResult) -> str:
    labels = paper_labels(result)
    rows = []
    for c in result.claims:
        cl = c.claim
        depth = max(0, cl.id.count(".") - 2)
        rows.append(
            f'<tr data-verdict="{esc(c.verdict)}" data-paper="{esc(cl.paper)}" data-text="{esc(_search_text(c))}">'
            f'<td class="cid depth-{min(depth, 6)}"><a href="#{esc(anchor(cl.id))}"><code>{esc(cl.id)}</code></a></td>'
            f'<td title="{esc(cl.paper)}">{esc(labels[cl.paper])}</td><td>{esc(cl.where)}</td>'
            f"<td>{badge(c.verdict, c.bound or '')}</td>"
            f"<td>{esc(reading_of(cl))}</td>"
            f'<td class="num">{c.discharged}/{len(c.obligations)}</td>'
            f'<td class="num">{c.seconds:.2f}</td></tr>')
    return ('<table id="claims" class="grid"><thead><tr><th>claim</th><th>paper</th><th>where</th><th>verdict</th>'
            '<th>reading</th><th>obligations</th><th>s</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _filters(result: RunResult) -> str:
    verdicts = [v for v in VERDICT_COLOURS if any(c.verdict == v for c in result.claims)]
    verdicts += sorted({c.verdict for c in result.claims} - set(verdicts))
    labels = paper_labels(result)
    vopt = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in verdicts)
    popt = "".join(f'<option value="{esc(p)}" title="{esc(p)}">{esc(labels[p])}</option>' for p in labels)
    return ('<form id="filters" class="filters" role="search">'
            f'<label>verdict <select id="f-verdict"><option value="">all</option>{vopt}</select></label>'
            f'<label>paper <select id="f-paper"><option value="">all</option>{popt}</select></label>'
            '<label>text <input id="f-text" type="search" placeholder="id, statement, reading, hypothesis…" '
            'autocomplete="off"></label>'
            '<button id="f-reset" type="button">reset</button>'
            f'<span id="f-count" class="muted">{len(result.claims)} of {len(result.claims)} claims</span></form>')


def _summary(result: RunResult) -> str:
    sm = result.summary()
    n_ob = sum(len(c.obligations) for c in result.claims)
    n_ok = sum(c.discharged for c in result.claims)
    counts = []
    for v in VERDICT_COLOURS:
        n = sum(1 for c in result.claims if c.verdict == v)
        if n:
            counts.append(f'<button type="button" class="badge v-{esc(v)} count" data-set-verdict="{esc(v)}">'
                          f'{esc(v)} {n}</button>')
    unconf = "".join(f"<tr><td><code>{esc(u['claim'])}/{esc(u['obligation'])}</code></td><td>{esc(u['goal'])}</td>"
                     f"<td>{esc(u['reason'])}</td></tr>" for u in sm["smt_goals_unconfirmed"])
    unconf_t = (f'<details><summary>{len(sm["smt_goals_unconfirmed"])} deciding SMT goals not confirmed by cvc5'
                f'</summary><table class="grid"><thead><tr><th>claim/obligation</th><th>goal</th><th>reason</th>'
                f'</tr></thead><tbody>{unconf}</tbody></table></details>') if unconf else ""
    vers = ", ".join(f"{esc(k)} {esc(v)}" for k, v in result.versions.items() if v)
    st = result.settings
    settings = (f"seed {esc(st.seed)}, z3 rlimit {esc(st.rlimit)}, cvc5 rlimit {esc(st.cvc5_rlimit)}, "
                f"second solver {'on' if st.second_solver else 'off'}, seeds {esc(st.seeds)}, "
                f"timeout scale {esc(st.timeout_scale)}")
    extra = []
    if result.patterns:
        extra.append(_row("patterns", " ".join(f"<code>{esc(p)}</code>" for p in result.patterns)))
    if result.interrupted:
        extra.append(_row("interrupted", f"by {esc(result.interrupted)}: the ledger covers what finished", "bad"))
    if result.skipped_slow:
        extra.append(_row("skipped (slow)", _chips(result.skipped_slow)))
    if result.skipped_unavailable:
        extra.append(_row("skipped (not installed)", _chips(result.skipped_unavailable)))
    for w in result.warnings:
        extra.append(_row("warning", esc(w), "warnrow"))
    return (f'<div class="summary"><div class="gate gate-{esc(result.gate)}">gate: {esc(result.gate)}</div>'
            f'<div class="counts">{"".join(counts)}</div>'
            f'<table class="meta">'
            + _row("obligations", f"{n_ok}/{n_ob} discharged in {len(result.claims)} claims; "
                   f"{len(result.load_errors)} load errors; exit code {result.exit_code()}; {result.seconds:.1f} s")
            + _row("second solver", f"cvc5 confirmed <b>{sm['smt_goals_confirmed']}</b> of "
                   f"<b>{sm['smt_goals_deciding']}</b> deciding SMT goals; <b>{sm['smt_goals_disagreeing']}</b> "
                   f"disagreeing{unconf_t}")
            + _row("versions", vers) + _row("settings", settings) + "".join(extra)
            + "</table></div>")


def _load_errors(result: RunResult) -> str:
    if not result.load_errors:
        return ""
    items = "".join(f"<li><code>{esc(e.source)}</code>: {esc(e.message)}</li>" for e in result.load_errors)
    return f'<section id="load-errors" class="load-errors"><h2>Load errors</h2><ul>{items}</ul></section>'


def _legend() -> str:
    return '<p class="legend">' + " ".join(badge(v) for v in VERDICT_COLOURS) + "</p>"


# ----------------------------------------------------------------------- style and script

def _css() -> str:
    verdicts = "".join(f".v-{v}{{background:{c}}}" for v, c in VERDICT_COLOURS.items())
    statuses = "".join(f".s-{s}{{background:{c}}}.s-border-{s}{{border-left-color:{c}}}"
                       for s, c in STATUS_COLOURS.items())
    return """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#fff}
header,main{max-width:1400px;margin:0 auto;padding:0 20px}
header h1{margin:16px 0 4px;font-size:22px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:6px 8px;border-radius:4px;margin:2px 0}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
[hidden]{display:none!important}
.muted{color:#656d76}
.badge{display:inline-block;color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;
white-space:nowrap;border:0}
button.badge{cursor:pointer;font:inherit;font-size:12px;font-weight:600}
.bound{font-size:12px;color:#656d76}
.gate{display:inline-block;font-size:18px;font-weight:700;padding:4px 14px;border-radius:6px;color:#fff;margin:6px 0}
.gate-pass{background:#1a7f37}.gate-fail{background:#cf222e}
.counts{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0}
table{border-collapse:collapse}
table.grid{width:100%}
table.grid th,table.grid td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
table.grid thead th{background:#f6f8fa;position:sticky;top:0}
table.grid tbody tr:hover{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.grid td.depth-1{padding-left:26px}table.grid td.depth-2{padding-left:44px}
table.grid td.depth-3{padding-left:62px}table.grid td.depth-4{padding-left:80px}
table.grid td.depth-5{padding-left:98px}table.grid td.depth-6{padding-left:116px}
table.meta th,table.evidence th,table.kv th{text-align:left;vertical-align:top;padding:2px 10px 2px 0;
color:#656d76;font-weight:500;white-space:nowrap}
table.meta td,table.evidence td,table.kv td{padding:2px 0;vertical-align:top}
table.kv{margin:2px 0;background:#f6f8fa;border-radius:4px}table.kv th,table.kv td{padding:1px 8px}
.filters{display:flex;gap:14px;align-items:center;flex-wrap:wrap;padding:10px 0;position:sticky;top:0;
background:#fff;z-index:2;border-bottom:1px solid #d0d7de}
.filters input,.filters select{font:inherit;padding:2px 6px}
.filters input{width:280px}
section.claim{border:1px solid #d0d7de;border-radius:6px;padding:10px 16px;margin:16px 0}
section.claim:target{box-shadow:0 0 0 3px #54aeff66}
section.claim h2{font-size:17px;margin:4px 0 6px}
a.self{color:#8c959f}
.statement{font-size:15px;margin:6px 0}
.math{overflow-x:auto;padding:6px 0;font-size:17px}
.math-source code{background:#f6f8fa;padding:4px 6px;border-radius:4px;display:inline-block}
details.latex-src summary{color:#656d76;font-size:12px;cursor:pointer}
.note{color:#444c56;font-style:italic}
.obligation{border-left:4px solid #d0d7de;padding:2px 0 6px 12px;margin:10px 0}
.obligation h4{margin:4px 0;font-size:14px}
.ob-statement{margin:2px 0 6px}
.detail{white-space:pre-wrap;word-break:break-word}
.chip{display:inline-block;background:#eaeef2;border-radius:10px;padding:0 7px;font-size:12px;
font-family:ui-monospace,monospace;margin:1px 0}
.chip.warn{background:#fff8c5;color:#7d4e00}.chip.bad{background:#ffebe9;color:#a40e26}
tr.redundant th,tr.warnrow th{color:#9a6700}tr.bad th{color:#cf222e}
tr.cex td{color:#1f2328}
.goals summary,.tb summary{cursor:pointer;color:#656d76;font-size:12.5px}
.graph-wrap{overflow:auto;border:1px solid #d0d7de;border-radius:6px;max-height:720px;background:#fbfcfd}
svg.graph text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2328}
svg.graph .gclaim rect:first-of-type{fill:#fff;stroke:#8c959f}
svg.graph .gmodel rect{fill:#eef6ff;stroke:#54aeff}
svg.graph .edge{fill:none;stroke:#8c959f;stroke-width:1.2}
svg.graph .edge-model{stroke:#54aeff;opacity:.55}
svg.graph .hl{stroke:#cf222e!important;opacity:1!important;stroke-width:2!important}
svg.graph .gnode.hl rect:first-of-type{stroke:#cf222e;stroke-width:2}
.load-errors{border:1px solid #cf222e;border-radius:6px;padding:6px 16px;background:#ffebe9}
.legend{display:flex;gap:6px;flex-wrap:wrap}
footer{color:#656d76;font-size:12px;margin:30px 0}
""" + verdicts + statuses


_SCRIPT = r"""
(function () {
  "use strict";
  var fv = document.getElementById("f-verdict"), fp = document.getElementById("f-paper");
  var ft = document.getElementById("f-text"), count = document.getElementById("f-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#claims tbody tr"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.claim"));
  function keep(el, v, p, t) {
    return (!v || el.getAttribute("data-verdict") === v) && (!p || el.getAttribute("data-paper") === p) &&
      (!t || (el.getAttribute("data-text") || "").indexOf(t) !== -1);
  }
  function apply() {
    var v = fv.value, p = fp.value, t = ft.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (r) { var ok = keep(r, v, p, t); r.hidden = !ok; if (ok) { shown++; } });
    sections.forEach(function (s) { s.hidden = !keep(s, v, p, t); });
    count.textContent = shown + " of " + rows.length + " claims";
  }
  function reset() { fv.value = ""; fp.value = ""; ft.value = ""; apply(); }
  fv.addEventListener("change", apply);
  fp.addEventListener("change", apply);
  ft.addEventListener("input", apply);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("f-reset").addEventListener("click", reset);
  Array.prototype.forEach.call(document.querySelectorAll("[data-set-verdict]"), function (b) {
    b.addEventListener("click", function () { fv.value = b.getAttribute("data-set-verdict"); apply(); });
  });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.closest && el.closest("section.claim[hidden]")) { reset(); el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);
  var svg = document.getElementById("graph");
  if (svg) {
    Array.prototype.forEach.call(svg.querySelectorAll(".gclaim"), function (n) {
      var id = n.getAttribute("data-claim");
      function mark(on) {
        n.classList.toggle("hl", on);
        Array.prototype.forEach.call(svg.querySelectorAll(".edge"), function (e) {
          if (e.getAttribute("data-claim") === id) { e.classList.toggle("hl", on); }
        });
      }
      n.addEventListener("mouseenter", function () { mark(true); });
      n.addEventListener("mouseleave", function () { mark(false); });
    });
  }
  apply();
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# ---------------------------------------------------------------------------------- page

def render_html(result: RunResult, title: str = "verify ledger") -> str:
    """The whole ledger as one HTML document (a string)."""
    css = _css()
    per_module: dict[str, list[str]] = {}
    models = {c.claim.id: model_modules(c, per_module) for c in result.claims}
    ids = [c.claim.id for c in result.claims]
    present = set(ids)
    children: dict[str, list[str]] = {cid: [] for cid in ids}
    for cid in ids:
        p = _nearest_parent(cid, present)
        if p:
            children[p].append(cid)
    csp = (f"default-src 'none'; script-src {_csp_hash(_SCRIPT)}; style-src {_csp_hash(css)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    v = result.versions
    sections = "".join(render_claim(c, models[c.claim.id], children[c.claim.id], _nearest_parent(c.claim.id, present))
                       for c in result.claims)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}: gate {esc(result.gate)}</title><style>{css}</style></head>"
        f'<body><header id="top"><h1>{esc(title)}</h1>'
        f'<p class="muted">verify {esc(v.get("verify"))} — every verdict below is computed by the engine from '
        "the evidence shown with it.</p>"
        f"{_summary(result)}</header><main>{_load_errors(result)}"
        f'<h2 id="claims-h">Claims</h2>{_filters(result)}{_table(result)}'
        f'<h2 id="graph-h">Dependencies</h2><p class="muted">claims → sub-claims (ids extend the parent\'s) and '
        "→ the model modules their checks import; click a claim to jump to it.</p>"
        f'{_legend()}<div class="graph-wrap">{render_graph(result, models)}</div>'
        f'<h2 id="evidence-h">Evidence</h2>{sections}'
        f'<footer>Generated by verify {esc(v.get("verify"))} (python {esc(v.get("python"))}). '
        "Self-contained: no external resources.</footer></main>"
        f"<script>{_SCRIPT}</script></body></html>\n")


def write_html(result: RunResult, path: str | Path) -> None:
    """Write the ledger to ``path`` (UTF-8)."""
    Path(path).write_text(render_html(result), encoding="utf-8")
