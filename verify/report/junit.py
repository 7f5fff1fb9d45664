"""JUnit XML: one test case per obligation, plus one per claim for its verdict, so any CI shows
every claim (not-formal ones too). Names are ``claim-id::obligation-id`` (unique in the run)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..run import RunResult
from ..vocabulary import Verdict


def write_junit(result: RunResult, path: str | Path) -> None:
    suite = ET.Element("testsuite", name="verify", time=f"{result.seconds:.3f}")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for c in result.claims:
        counts["tests"] += 1
        case = ET.SubElement(suite, "testcase", classname=c.claim.id, name=f"{c.claim.id}::verdict",
                             time=f"{c.seconds:.3f}")
        verdict = c.verdict + (f" ({c.bound})" if c.bound else "")
        if not Verdict(c.verdict).passes:
            counts["failures"] += 1
            ET.SubElement(case, "failure", message=f"verdict {verdict}").text = f"claim {c.claim.id}: {verdict}"
        ET.SubElement(case, "system-out").text = (f"verdict: {verdict}; reading: {c.claim.reading or '—'}; "
                                                  f"{c.claim.statement}")
        for o in c.obligations:
            counts["tests"] += 1
            ev = o.evidence
            case = ET.SubElement(suite, "testcase", classname=c.claim.id,
                                 name=f"{c.claim.id}::{o.obligation.id}", time=f"{ev.seconds:.3f}")
            msg = f"[{o.obligation.method}/{o.obligation.role}] {ev.detail}"
            if ev.status == "failed":
                counts["failures"] += 1
                ET.SubElement(case, "failure", message=msg[:500]).text = msg
            elif ev.status == "error":
                counts["errors"] += 1
                ET.SubElement(case, "error", message=msg[:500]).text = msg
            elif ev.status == "unknown":
                if o.obligation.allow_unknown:
                    counts["skipped"] += 1
                    ET.SubElement(case, "skipped", message=msg[:500])
                else:
                    counts["failures"] += 1
                    ET.SubElement(case, "failure", message=("unknown is not a pass: " + msg)[:500]).text = msg
            ET.SubElement(case, "system-out").text = f"claim verdict: {verdict}; {msg}"
    for item in result.skipped_slow:
        counts["tests"] += 1
        counts["skipped"] += 1
        cid, _, oid = item.partition("/")
        case = ET.SubElement(suite, "testcase", classname=cid, name=f"{cid}::{oid}")
        ET.SubElement(case, "skipped", message="slow cross-check: run with --slow")
    for item in result.skipped_unavailable:
        counts["tests"] += 1
        counts["skipped"] += 1
        ref, _, why = item.partition(" (")
        cid, _, oid = ref.partition("/")
        case = ET.SubElement(suite, "testcase", classname=cid, name=f"{cid}::{oid}")
        ET.SubElement(case, "skipped", message=f"cross-check not run: {why.rstrip(')')} (not installed)")
    for e in result.load_errors:
        counts["tests"] += 1
        counts["errors"] += 1
        case = ET.SubElement(suite, "testcase", classname="load", name=f"load::{e.source}")
        ET.SubElement(case, "error", message=e.message[:500]).text = e.message
    for k, v in counts.items():
        suite.set(k, str(v))
    ET.ElementTree(suite).write(str(path), encoding="utf-8", xml_declaration=True)
