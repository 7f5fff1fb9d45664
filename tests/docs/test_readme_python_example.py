"""The README's Python example runs as printed and prints what it promises."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_python_api_example_runs() -> None:
    code = re.search(r"### From Python\s+```python\n(.*?)```", README.read_text(), re.S)
    assert code, "the README lost its Python example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "README.md", "exec"), {})
    text = out.getvalue()
    assert re.search(r"^coppola\.uniqueness\.ffn proved", text, re.M), text
    assert "gate: pass" in text
