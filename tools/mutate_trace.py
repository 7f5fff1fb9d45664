"""pytest plugin of tools/mutate.py: which lines of the engine each test executes.

Loaded with ``-p mutate_trace`` (``tools/`` on ``PYTHONPATH``) for the one traced baseline run of
a mutation campaign. It records, per test node id, the lines executed in files under
``$MUTATE_TRACE_ROOT`` — in the test process and in the worker processes the engine forks (each
child writes its lines when it exits through ``os._exit``, as multiprocessing's children do) —
plus the lines executed outside any test (imports, collection) under the key ``<import>``, and
each test's duration. Everything goes to ``$MUTATE_TRACE_DIR`` as JSON.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = os.environ.get("MUTATE_TRACE_ROOT", "")
OUT = Path(os.environ.get("MUTATE_TRACE_DIR", "."))
IMPORT = "<import>"

_current = [IMPORT]
_lines: dict[str, dict[str, set[int]]] = {}
_durations: dict[str, float] = {}


def _record(filename: str, line: int) -> None:
    _lines.setdefault(_current[0], {}).setdefault(filename, set()).add(line)


def _local(frame, event, arg):
    if event == "line":
        _record(frame.f_code.co_filename, frame.f_lineno)
    return _local


def _global(frame, event, arg):
    if frame.f_code.co_filename.startswith(ROOT):
        _record(frame.f_code.co_filename, frame.f_lineno)
        return _local
    return None


def _dump(path: Path) -> None:
    data = {"lines": {k: {f: sorted(v) for f, v in files.items()} for k, files in _lines.items()},
            "durations": _durations}
    path.write_text(json.dumps(data))


def _in_child() -> None:
    """A forked worker: keep only its own lines, and write them when it exits."""
    _lines.clear()
    _durations.clear()
    sys.settrace(_global)
    real_exit = os._exit

    def _exit(code: int) -> None:
        try:
            _dump(OUT / f"child-{os.getpid()}.json")
        finally:
            real_exit(code)
    os._exit = _exit


if ROOT:
    sys.settrace(_global)
    os.register_at_fork(after_in_child=_in_child)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _current[0] = item.nodeid
    t0 = time.perf_counter()
    try:
        yield
    finally:
        _durations[item.nodeid] = time.perf_counter() - t0
        _current[0] = IMPORT


def pytest_sessionfinish(session, exitstatus):
    if ROOT:
        _dump(OUT / "parent.json")
