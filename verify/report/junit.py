"""JUnit XML: one test case per obligation (classname = claim id), so any CI shows them."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..run import RunResult


def write_junit(result: RunResult, path: str | Path) -> None:
    obs = [o for c in result.claims for o in c.obligations]
    suite = ET.Element("testsuite", name="verify", tests=str(len(obs) + len(result.load_errors)),
                       time=f"{result.seconds:.3f}")
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    for c in result.claims:
        for o in c.obligations:
            ev = o.evidence
            case = ET.SubElement(suite, "testcase", classname=c.claim.id, name=o.obligation.id,
                                 time=f"{ev.seconds:.3f}")
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
            ET.SubElement(case, "system-out").text = f"claim verdict: {c.verdict}; {msg}"
    for e in result.load_errors:
        counts["errors"] += 1
        case = ET.SubElement(suite, "testcase", classname="load", name=e.source)
        ET.SubElement(case, "error", message=e.message[:500]).text = e.message
    for k, v in counts.items():
        suite.set(k, str(v))
    ET.ElementTree(suite).write(str(path), encoding="utf-8", xml_declaration=True)
