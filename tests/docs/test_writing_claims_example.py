"""The guide's minimal example runs as printed, through the CLI, and is decided as it says."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "writing-claims.md"


def test_minimal_example_is_proved_with_its_analysis(tmp_path: Path) -> None:
    code = re.search(r"## A complete minimal example\s+```python\n(.*?)```", GUIDE.read_text(), re.S)
    assert code, "the guide lost its minimal example"
    (tmp_path / "demo_square.py").write_text(code.group(1))
    report = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "verify.cli", "--path", str(tmp_path), "run", "demo.*",
                           "--json", str(report)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    claim = next(c for c in json.loads(report.read_text())["claims"] if c["id"] == "demo.square.positive")
    assert claim["verdict"] == "proved"
    ob = claim["obligations"][0]
    assert ob["id"] == "square_positive_of_nonzero" and ob["statement"] == "x ≠ 0 ⇒ x² > 0 for every real x."
    assert ob["used_hypotheses"] == ["x_nonzero"]
    assert "x_nonzero" in ob["necessary"]
    assert ob["vacuity"]["status"] == "satisfiable"
