#!/usr/bin/env python3
"""Mutation testing of the engine (``verify/``) against its own tests (``tests/engine``).

    python tools/mutate.py [--jobs 2] [--modules verify/verdict.py ...] [--sample N | --fraction F]
                           [--seed S] [--list] [--json PATH] [--no-select] [--survivors]

Each mutant changes one thing in one module (``ast``, then ``ast.unparse``):

* ``compare``   flips a comparison: ``<``↔``<=``, ``>``↔``>=``, ``==``↔``!=``, ``is``↔``is not``,
                ``in``↔``not in``;
* ``negate``    negates a condition: ``if x`` → ``if not x`` (also ``while``, ``x if c else y`` and
                comprehension filters);
* ``bool``      swaps ``True``↔``False``;
* ``string``    swaps a verdict/status/result name for another (``"proved"``↔``"witnessed"``,
                ``"discharged"``↔``"failed"``, …, see ``STRING_SWAPS``) and ``HOLDS``↔``VIOLATED``,
                ``UNKNOWN``↔``ERROR``;
* ``boolop``    replaces ``and``↔``or``;
* ``guard``     drops a guard: an ``if …:`` without ``else`` whose body ends in ``return``/``raise``/
                ``continue``/``break`` becomes ``pass``;
* ``number``    changes ``0``↔``1`` (and ``0.0``↔``1.0``).

Docstrings, annotations, f-strings and ``__all__`` are not mutated.

Safety: the repository is never written. Each worker gets a temporary copy of ``verify/``,
``tests/engine``, the ``tests/*.py`` helpers (conftest.py, …) and ``pyproject.toml``; a mutant is written into that copy
(with a fresh modification time, so no stale bytecode is ever used), pytest runs there with
``PYTHONPATH`` pointing at it, and the file is put back. Every pytest runs in a session of its
own; on its time-out, when it ends, or on Ctrl-C every process of that session is killed (the
engine's workers and anything they started included). The copies are removed on exit, whatever
happens.

Speed: pytest is ``pytest -x -q -p no:cacheprovider -p no:unraisableexception -p no:threadexception
[tests]`` with third-party plugins off (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), run by
``pytest.main`` in a child forked from a per-copy server that has imported numpy, sympy, z3,
mpmath, cvc5 and pytest once (never ``verify``, which each child imports from the mutated copy).
``--no-fork`` starts ``python -m pytest`` afresh for every mutant instead.

Test selection (default): a first, traced run of the engine tests (``tools/mutate_trace.py``)
records which lines each test executes, in the test process and in the engine's forked
workers. A mutant then runs only the tests that execute its line; a line executed at import
time, or by no traced test (e.g. only in a ``verify`` subprocess), runs every test; tests run
fastest first, so that a mutant stops (``-x``) at its cheapest killer.
``--no-select`` always runs the whole directory. Each run has a time-out of three times the
traced duration of its tests plus 30 s; a mutant that runs into it counts as ``timeout``
(detected, like a kill).

Score per module: (killed + timeout) / (mutants − equivalent). Equivalent mutants are listed in
``tools/mutate_equivalent.txt``, one per line: ``<mutant id>  ## <why it is equivalent>``; they
are not run. ``--sample N`` runs N mutants per module drawn at random (``--seed``), ``--fraction F``
a fraction of each module's mutants: the score is then that of the sample.
"""
from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent
EQUIVALENT_FILE = TOOLS / "mutate_equivalent.txt"
TEST_DIR = "tests/engine"
PYTEST_OPTS = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception", "-p", "no:threadexception"]
PYTEST = ["-m", "pytest"] + PYTEST_OPTS
WARM = ("numpy", "sympy", "z3", "mpmath", "cvc5", "pytest", "fractions", "multiprocessing", "xml.etree.ElementTree",
        "threadpoolctl")
"""What a fork server imports once (never ``verify``: each child imports it from the mutated copy)."""

DEFAULT_MODULES = [
    "verify/goals.py", "verify/claim.py", "verify/evidence.py", "verify/verdict.py", "verify/ieee.py",
    "verify/iv.py", "verify/discharge/__init__.py", "verify/discharge/exact.py",
    "verify/discharge/intervals.py", "verify/discharge/numeric.py", "verify/discharge/second_solver.py",
    "verify/discharge/smt.py", "verify/discharge/symbolic.py", "verify/discharge/z3_recheck.py",
    "verify/run.py", "verify/registry.py",
]
"""The engine: what decides (goals, claims, evidence, verdicts, the dischargers) and what runs it
(workers, loading). The command line, reports, export, proof store and Dask executor are
exercised by other test directories and are not in the default campaign (``--modules`` adds them)."""

STRING_SWAPS = {
    # verdicts
    "proved": "witnessed", "witnessed": "proved", "proved-bounded": "proved", "refuted": "unknown",
    "tautological": "proved", "not-formal": "unknown",
    # obligation statuses
    "discharged": "failed", "failed": "discharged", "unknown": "error", "error": "unknown",
    # goal results
    "holds": "violated", "violated": "holds",
    # scopes
    "all": "bounded", "bounded": "instances", "instances": "all", "none": "instances",
    # roles and methods
    "supports": "refutes", "refutes": "supports", "definitional": "supports",
    "symbolic": "smt", "smt": "symbolic", "numeric": "exact", "exact": "numeric",
    # solver answers, re-checks, vacuity, converse
    "sat": "unsat", "unsat": "sat", "confirmed": "rejected", "rejected": "confirmed",
    "inconclusive": "confirmed", "undecided": "confirmed", "satisfiable": "vacuous", "vacuous": "satisfiable",
    "no hypotheses": "satisfiable",
    # interrupts
    "SIGINT": "SIGTERM", "SIGTERM": "SIGINT",
}
NAME_SWAPS = {"HOLDS": "VIOLATED", "VIOLATED": "HOLDS", "UNKNOWN": "ERROR", "ERROR": "UNKNOWN"}
COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


# --- mutants ------------------------------------------------------------------------------------

@dataclass
class Mutant:
    module: str
    index: int
    op: str
    line: int
    end_line: int
    stmt_line: int
    qualname: str
    before: str
    after: str
    names: list = field(default_factory=list)
    id: str = ""
    status: str = "pending"
    killed_by: str = ""
    seconds: float = 0.0
    tests: int = 0


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class _Sites(ast.NodeTransformer):
    """Walks a module in a fixed order; numbers every mutation site; applies site ``target``."""

    def __init__(self, target: int | None = None) -> None:
        self.target = target
        self.sites: list[dict] = []
        self.names: list[str] = []
        self.stmt_line = 0
        self.stmt_names: list[str] = []

    # -- bookkeeping -------------------------------------------------------------------------
    def _site(self, node: ast.AST, op: str, before: str, after: str) -> bool:
        """Register a site; True when it is the one to apply."""
        self.sites.append({"op": op, "line": node.lineno, "end_line": getattr(node, "end_lineno", node.lineno),
                           "stmt_line": self.stmt_line or node.lineno, "names": list(self.stmt_names),
                           "qualname": ".".join(self.names) or "<module>", "before": before, "after": after})
        return len(self.sites) - 1 == self.target

    def visit(self, node: ast.AST):
        if isinstance(node, ast.stmt):
            saved = self.stmt_line, self.stmt_names
            self.stmt_line, self.stmt_names = node.lineno, _defined_names(node)
            try:
                return super().visit(node)
            finally:
                self.stmt_line, self.stmt_names = saved
        return super().visit(node)

    # -- what is never mutated ---------------------------------------------------------------
    def visit_Expr(self, node: ast.Expr):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return node  # a docstring
        return self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr):
        return node

    def visit_arg(self, node: ast.arg):
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign):
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_Assign(self, node: ast.Assign):
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return node
        return self.generic_visit(node)

    def _scope(self, node, name: str):
        self.names.append(name)
        try:
            for dec in node.decorator_list:
                self.visit(dec)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                node.args.defaults = [self.visit(d) for d in node.args.defaults]
                node.args.kw_defaults = [self.visit(d) if d is not None else None for d in node.args.kw_defaults]
            else:
                node.bases = [self.visit(b) for b in node.bases]
            node.body = self._block(node.body)
        finally:
            self.names.pop()
        return node

    def visit_FunctionDef(self, node):
        return self._scope(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        return self._scope(node, node.name)

    def _block(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        out = []
        for s in stmts:
            r = self.visit(s)
            if r is None:
                continue
            out.extend(r if isinstance(r, list) else [r])
        return out or [ast.Pass()]

    # -- mutation sites ----------------------------------------------------------------------
    def visit_If(self, node: ast.If):
        t = node.test
        if (isinstance(t, ast.Compare) and isinstance(t.left, ast.Name) and t.left.id in ("__name__", "TYPE_CHECKING")) \
                or (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING"):
            return node
        test_src = _short(ast.unparse(t))
        if self._site(t, "negate", f"if {test_src}", f"if not ({test_src})"):
            node.test = ast.UnaryOp(ast.Not(), t)
        if not node.orelse and isinstance(node.body[-1], EXITS):
            if self._site(node, "guard", f"if {test_src}: {_short(ast.unparse(node.body[-1]), 40)}", "pass"):
                return ast.copy_location(ast.Pass(), node)
        node.test = self.visit(node.test)
        node.body = self._block(node.body)
        node.orelse = self._block(node.orelse) if node.orelse else []
        return node

    def visit_While(self, node: ast.While):
        test_src = _short(ast.unparse(node.test))
        if self._site(node.test, "negate", f"while {test_src}", f"while not ({test_src})"):
            node.test = ast.UnaryOp(ast.Not(), node.test)
        return self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp):
        test_src = _short(ast.unparse(node.test))
        if self._site(node.test, "negate", f"… if {test_src} else …", f"… if not ({test_src}) else …"):
            node.test = ast.UnaryOp(ast.Not(), node.test)
        return self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension):
        for i, cond in enumerate(node.ifs):
            src = _short(ast.unparse(cond))
            if self._site(cond, "negate", f"[… if {src}]", f"[… if not ({src})]"):
                node.ifs[i] = ast.UnaryOp(ast.Not(), cond)
        return self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare):
        for i, op in enumerate(node.ops):
            new = COMPARE_SWAPS.get(type(op))
            if new is None:
                continue
            before = _short(ast.unparse(node))
            trial = copy.deepcopy(node)
            trial.ops[i] = new()
            if self._site(node, "compare", before, _short(ast.unparse(trial))):
                node.ops[i] = new()
        return self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp):
        before = _short(ast.unparse(node))
        trial = copy.deepcopy(node)
        trial.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        if self._site(node, "boolop", before, _short(ast.unparse(trial))):
            node.op = trial.op
        return self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant):
        v = node.value
        if isinstance(v, bool):
            if self._site(node, "bool", repr(v), repr(not v)):
                return ast.copy_location(ast.Constant(not v), node)
        elif isinstance(v, (int, float)) and v in (0, 1):
            new = type(v)(1 - v)
            if self._site(node, "number", repr(v), repr(new)):
                return ast.copy_location(ast.Constant(new), node)
        elif isinstance(v, str) and v in STRING_SWAPS:
            if self._site(node, "string", repr(v), repr(STRING_SWAPS[v])):
                return ast.copy_location(ast.Constant(STRING_SWAPS[v]), node)
        return node

    def visit_Name(self, node: ast.Name):
        if isinstance(node.ctx, ast.Load) and node.id in NAME_SWAPS:
            if self._site(node, "string", node.id, NAME_SWAPS[node.id]):
                return ast.copy_location(ast.Name(NAME_SWAPS[node.id], ast.Load()), node)
        return node


def _defined_names(stmt: ast.stmt) -> list[str]:
    """The names a statement defines (what an import-time mutant of it can change)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(
        stmt, (ast.AnnAssign, ast.AugAssign)) else []
    out = []
    for t in targets:
        for n in ast.walk(t):
            if isinstance(n, ast.Name):
                out.append(n.id)
            elif isinstance(n, ast.Attribute):
                out.append(n.attr)
    return out


def name_references(root: Path) -> dict[str, set[tuple[str, int]]]:
    """Where each identifier is used in the engine: ``name -> {(module, line)}`` (names, attributes,
    keyword arguments and strings equal to it, as in ``getattr(goal, "analyse")``)."""
    refs: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for f in sorted((root / "verify").rglob("*.py")):
        rel = str(f.relative_to(root))
        for n in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            name = (n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute)
                    else n.arg if isinstance(n, ast.keyword) and n.arg else n.value
                    if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier() else None)
            if name and hasattr(n, "lineno"):
                refs[name].add((rel, n.lineno))
    return refs


_SNAPSHOT: dict[str, str] = {}
"""The engine's sources as the campaign found them: mutants are made from these and the copies
hold these, so an edit of the repository during a campaign changes nothing of it."""


def source(module: str) -> str:
    if module not in _SNAPSHOT:
        _SNAPSHOT[module] = (ROOT / module).read_text(encoding="utf-8")
    return _SNAPSHOT[module]


def enumerate_mutants(module: str) -> list[Mutant]:
    tree = ast.parse(source(module))
    walker = _Sites()
    walker.visit(tree)
    out, seen = [], Counter()
    for i, s in enumerate(walker.sites):
        key = f"{module}::{s['qualname']}::{s['op']}::{s['before']} -> {s['after']}"
        out.append(Mutant(module=module, index=i, id=f"{key}@{seen[key]}", **s))
        seen[key] += 1
    return out


def mutated_source(module: str, index: int) -> str:
    tree = ast.parse(source(module))
    walker = _Sites(target=index)
    tree = walker.visit(tree)
    ast.fix_missing_locations(tree)
    return ast.unparse(tree) + "\n"


def load_equivalents(path: Path) -> dict[str, str]:
    out = {}
    if not path.exists():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        mid, _, why = line.partition("  ## ")
        out[mid.strip()] = why.strip()
    return out


# --- the sandbox ----------------------------------------------------------------------------------

def make_copy() -> Path:
    d = Path(tempfile.mkdtemp(prefix="verify-mutate-"))
    shutil.copytree(ROOT / "verify", d / "verify", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / TEST_DIR, d / TEST_DIR, ignore=shutil.ignore_patterns("__pycache__"))
    for helper in (ROOT / "tests").glob("*.py"):  # conftest.py and the shared helpers beside it
        shutil.copy2(helper, d / "tests" / helper.name)
    shutil.copy2(ROOT / "pyproject.toml", d / "pyproject.toml")
    for module, text in _SNAPSHOT.items():  # the mutated modules exactly as enumerated
        write_module(d / module, text)
    return d


def _env(copy_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy_dir), str(TOOLS)])
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env.pop("VERIFY_CLAIM_PATH", None)
    env.update(extra or {})
    return env


_stamp = [int(time.time()) + 10_000_000]
_stamp_lock = threading.Lock()


def write_module(path: Path, text: str) -> None:
    """Write ``text`` with a modification time never used before: a cached bytecode file of an
    earlier version (same size, same second) can never be taken for this one."""
    with _stamp_lock:
        _stamp[0] += 2
        t = _stamp[0]
    path.write_text(text, encoding="utf-8")
    os.utime(path, (t, t))


def _sessions_kill(sid: int) -> None:
    """SIGKILL every process of session ``sid`` (the pytest child and all it started)."""
    for _ in range(3):
        found = False
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if len(fields) > 4 and int(fields[3]) == sid and int(proc.name) != os.getpid():
                found = True
                try:
                    os.kill(int(proc.name), signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        if not found:
            return
        time.sleep(0.05)


def serve() -> None:
    """The fork server (``--serve``): one JSON request per line on stdin, one answer per line."""
    import importlib
    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    assert not any(m == "verify" or m.startswith("verify.") for m in sys.modules), "the server imported verify"
    import pytest
    current = [0]

    def on_term(signum, frame):
        if current[0]:
            _sessions_kill(current[0])
        os._exit(143)
    signal.signal(signal.SIGTERM, on_term)
    out = sys.stdout
    for line in sys.stdin:
        req = json.loads(line)
        out.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.setsid()
            fd = os.open(req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            try:
                code = pytest.main(req["args"])
            except BaseException:
                code = 99
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(int(code))
        current[0] = pid
        deadline = time.monotonic() + req["timeout"]
        code = None
        while True:
            wpid, status = os.waitpid(pid, os.WNOHANG)
            if wpid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        _sessions_kill(pid)
        if code is None:
            os.waitpid(pid, 0)
        current[0] = 0
        out.write(json.dumps({"code": code}) + "\n")
        out.flush()


class ForkServer:
    """The driver's end of one copy's fork server."""

    def __init__(self, copy_dir: Path) -> None:
        self.copy_dir = copy_dir
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve"], cwd=copy_dir,
                                     env=_env(copy_dir), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, start_new_session=True)

    def run(self, args: list[str], timeout: float) -> tuple[int | None, str, float]:
        t0 = time.perf_counter()
        out = self.copy_dir / ".mutant-output"
        self.proc.stdin.write(json.dumps({"args": args, "timeout": timeout, "out": str(out)}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server died")
        code = json.loads(line)["code"]
        text = out.read_text(errors="replace") if out.exists() else ""
        return code, text, time.perf_counter() - t0

    def close(self) -> None:
        try:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class Runner:
    """Runs pytest in process groups it can kill (on a time-out, or all of them on Ctrl-C)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen] = set()
        self.stopping = threading.Event()

    def run(self, args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[int | None, str, float]:
        if self.stopping.is_set():
            return None, "", 0.0
        t0 = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            p = subprocess.Popen([sys.executable] + args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
            with self.lock:
                self.running.add(p)
            try:
                p.wait(timeout=timeout)
                code: int | None = p.returncode
            except subprocess.TimeoutExpired:
                code = None
            finally:
                self._kill(p)
                with self.lock:
                    self.running.discard(p)
            out.seek(0)
            text = out.read().decode(errors="replace")
        return code, text, time.perf_counter() - t0

    @staticmethod
    def _kill(p: subprocess.Popen) -> None:
        _sessions_kill(p.pid)
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            procs = list(self.running)
        for p in procs:
            self._kill(p)


# --- coverage-guided selection ------------------------------------------------------------------------

@dataclass
class Coverage:
    by_line: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    at_import: set[tuple[str, int]] = field(default_factory=set)
    durations: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    refs: dict[str, set[tuple[str, int]]] = field(default_factory=dict)


def trace_baseline(copy_dir: Path, runner: Runner) -> Coverage:
    out_dir = Path(tempfile.mkdtemp(prefix="verify-mutate-trace-"))
    try:
        env = _env(copy_dir, {"MUTATE_TRACE_ROOT": str(copy_dir / "verify") + os.sep,
                              "MUTATE_TRACE_DIR": str(out_dir)})
        args = ["-m", "pytest"] + [a for a in PYTEST_OPTS if a != "-x"] + ["-p", "mutate_trace", TEST_DIR]
        code, text, secs = runner.run(args, copy_dir, env, timeout=3600)
        if code != 0:
            raise SystemExit(f"the engine tests do not pass unmutated (exit {code}):\n{text[-3000:]}")
        cov = Coverage(total=secs, refs=name_references(copy_dir))
        prefix = str(copy_dir) + os.sep
        for f in sorted(out_dir.glob("*.json")):
            data = json.loads(f.read_text())
            cov.durations.update(data.get("durations", {}))
            for test, files in data["lines"].items():
                for fname, lines in files.items():
                    rel = fname[len(prefix):] if fname.startswith(prefix) else fname
                    for ln in lines:
                        if test == "<import>":
                            cov.at_import.add((rel, ln))
                        else:
                            cov.by_line.setdefault((rel, ln), set()).add(test)
        return cov
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def tests_for(m: Mutant, cov: Coverage | None) -> list[str] | None:
    """Node ids to run for ``m``, fastest first; None: the whole directory (no trace)."""
    if cov is None:
        return None
    probe = set(range(m.line, m.end_line + 1)) | {m.stmt_line}
    tests: set[str] = set()
    if any((m.module, ln) in cov.at_import for ln in probe):
        # Run at import time (a constant, a field default, a decorator): the tests that execute
        # a line using what the statement defines.
        for name in m.names:
            for where in cov.refs.get(name, ()):
                tests |= cov.by_line.get(where, set())
    else:
        for ln in probe:
            tests |= cov.by_line.get((m.module, ln), set())
    if not tests:  # by no traced test: every test, the fastest first
        tests = set(cov.durations)
    return sorted(tests, key=lambda t: (cov.durations.get(t, 0.0), t))


# --- the campaign ------------------------------------------------------------------------------------

_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def run_mutant(m: Mutant, copies: queue.Queue, runner: Runner, cov: Coverage | None, timeout_factor: float,
               servers: dict[Path, ForkServer] | None = None, everything: bool = False) -> Mutant:
    if runner.stopping.is_set():
        return m
    src = mutated_source(m.module, m.index)
    try:
        compile(src, m.module, "exec")
    except SyntaxError as exc:
        m.status, m.killed_by = "invalid", str(exc)
        return m
    selected = tests_for(m, cov) if not everything else sorted(cov.durations, key=lambda t: (cov.durations[t], t))
    if selected is None:
        tests, budget = [TEST_DIR], 120.0
        m.tests = -1
    else:
        tests, budget = selected, sum(cov.durations.get(t, 1.0) for t in selected)
        m.tests = len(selected)
    timeout = timeout_factor * budget + 30.0
    d = copies.get()
    target = d / m.module
    original = source(m.module)
    try:
        write_module(target, src)
        if servers is not None:
            try:
                code, text, m.seconds = servers[d].run(PYTEST_OPTS + tests, timeout)
            except (RuntimeError, OSError, ValueError):  # the server was stopped (Ctrl-C)
                return m
        else:
            code, text, m.seconds = runner.run(PYTEST + tests, d, _env(d), timeout)
    finally:
        write_module(target, original)
        copies.put(d)
    if code == 0 and cov is not None and selected is not None and len(selected) < len(cov.durations) \
            and not runner.stopping.is_set():
        # Survived the selected tests: confirm with every test before calling it a survivor.
        m2 = run_mutant(m, copies, runner, None if cov is None else Coverage(durations=cov.durations,
                        total=cov.total), timeout_factor, servers, everything=True)
        return m2
    if runner.stopping.is_set() and code is None:
        m.status = "pending"
    elif code is None:
        m.status = "timeout"
    elif code == 0:
        m.status = "survived"
    elif code in (1, 2, 3, 99) or (code == 4 and "ERROR: not found" not in text):
        # 2: collection broke (the mutant breaks an import); 4: the conftest cannot import it;
        # 99: pytest itself raised (e.g. the mutant raises SystemExit at import).
        m.status = "killed"
        hit = _FAILED.search(text)
        m.killed_by = hit.group(1) if hit else f"exit {code}"
    else:
        m.status, m.killed_by = "error", f"pytest exit {code}: {text[-300:]}"
    return m


def report(mutants: list[Mutant], equivalent: dict[str, str], modules: list[str]) -> list[dict]:
    rows = []
    by_mod: dict[str, list[Mutant]] = defaultdict(list)
    for m in mutants:
        by_mod[m.module].append(m)
    head = f"{'module':38} {'mutants':>7} {'equiv':>5} {'run':>5} {'killed':>6} {'timeout':>7} {'survived':>8} {'score':>7}"
    print(head)
    print("-" * len(head))
    tot = Counter()
    for mod in modules:
        ms = by_mod.get(mod, [])
        c = Counter(m.status for m in ms)
        run_ = c["killed"] + c["timeout"] + c["survived"]
        detected = c["killed"] + c["timeout"]
        score = detected / run_ if run_ else float("nan")
        row = {"module": mod, "mutants": len(ms), "equivalent": c["equivalent"], "run": run_,
               "killed": c["killed"], "timeout": c["timeout"], "survived": c["survived"],
               "not_run": c["not-sampled"] + c["pending"], "invalid": c["invalid"], "error": c["error"],
               "score": round(score, 4) if run_ else None}
        rows.append(row)
        tot.update({k: v for k, v in row.items() if isinstance(v, int)})
        print(f"{mod:38} {len(ms):7} {c['equivalent']:5} {run_:5} {c['killed']:6} {c['timeout']:7} "
              f"{c['survived']:8} {(f'{100 * score:6.1f}%') if run_ else '     —'}")
    run_ = tot["killed"] + tot["timeout"] + tot["survived"]
    print("-" * len(head))
    score = (tot["killed"] + tot["timeout"]) / run_ if run_ else float("nan")
    print(f"{'total':38} {tot['mutants']:7} {tot['equivalent']:5} {run_:5} {tot['killed']:6} {tot['timeout']:7} "
          f"{tot['survived']:8} {(f'{100 * score:6.1f}%') if run_ else '     —'}")
    if tot["not_run"] or tot["invalid"] or tot["error"]:
        print(f"not run: {tot['not_run']} (sampling or interrupted); invalid: {tot['invalid']}; "
              f"pytest errors: {tot['error']}")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                 fromfile_prefix_chars="@")
    ap.add_argument("--modules", nargs="+", default=DEFAULT_MODULES, metavar="PATH")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=None, metavar="N", help="N mutants per module, at random")
    ap.add_argument("--fraction", type=float, default=None, metavar="F", help="a fraction F of each module's mutants")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout-factor", type=float, default=3.0)
    ap.add_argument("--no-select", action="store_true", help="run the whole test directory for every mutant")
    ap.add_argument("--equivalent", type=Path, default=EQUIVALENT_FILE)
    ap.add_argument("--list", action="store_true", help="list the mutants (id, line) and exit")
    ap.add_argument("--json", type=Path, help="write every mutant's result as JSON")
    ap.add_argument("--survivors", action="store_true", help="print every surviving mutant (default: up to 200)")
    ap.add_argument("--only", nargs="+", default=None, metavar="ID", help="run only these mutant ids (@FILE: one id per line)")
    ap.add_argument("--no-fork", action="store_true", help="a fresh `python -m pytest` per mutant (slower)")
    ap.add_argument("--diff", nargs="+", default=None, metavar="ID", help="print these mutants as diffs and exit")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        serve()
        return 0

    modules = [str(Path(m)) for m in args.modules]
    mutants = [m for mod in modules for m in enumerate_mutants(mod)]
    equivalent = load_equivalents(args.equivalent)
    if args.diff:
        import difflib
        by_id = {m.id: m for m in mutants}
        for mid in args.diff:
            m = by_id.get(mid)
            if m is None:
                print(f"no mutant {mid}")
                continue
            a = ast.unparse(ast.parse(source(m.module))).splitlines()
            b = mutated_source(m.module, m.index).splitlines()
            print("\n".join(difflib.unified_diff(a, b, m.module, f"{m.module} ({m.op})", n=1, lineterm="")))
        return 0
    if args.list:
        for m in mutants:
            print(f"{m.module}:{m.line}  {m.id}" + ("   [equivalent]" if m.id in equivalent else ""))
        print(f"{len(mutants)} mutants in {len(modules)} modules")
        return 0
    known = {m.id for m in mutants}
    stale = sorted(set(equivalent) - known)
    for m in mutants:
        if m.id in equivalent:
            m.status = "equivalent"
    todo = [m for m in mutants if m.status == "pending"]
    if args.only:
        wanted = set(args.only)
        for m in todo:
            if m.id not in wanted:
                m.status = "not-sampled"
        todo = [m for m in todo if m.id in wanted]
    if args.sample is not None or args.fraction is not None:
        rng = random.Random(args.seed)
        chosen = []
        for mod in modules:
            pool = [m for m in todo if m.module == mod]
            k = args.sample if args.sample is not None else round(len(pool) * args.fraction)
            chosen += rng.sample(pool, min(k, len(pool)))
        for m in todo:
            if m not in chosen:
                m.status = "not-sampled"
        todo = chosen
    print(f"{len(mutants)} mutants in {len(modules)} modules; {len(mutants) - len([m for m in mutants if m.status != 'equivalent'])} "
          f"listed as equivalent; running {len(todo)} with {args.jobs} workers", flush=True)
    if stale:
        print(f"warning: {len(stale)} entries of {args.equivalent.name} match no mutant (the code moved?):",
              *stale[:10], sep="\n  ")

    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, interrupt)  # also when started in the background (SIGINT ignored there)
    signal.signal(signal.SIGTERM, interrupt)
    runner = Runner()
    copies: queue.Queue = queue.Queue()
    dirs: list[Path] = []
    servers: dict[Path, ForkServer] = {}
    t0 = time.perf_counter()
    done = 0
    try:
        dirs += [make_copy() for _ in range(max(1, args.jobs))]
        for d in dirs:
            copies.put(d)
        cov = None
        if not args.no_select:
            print("tracing the engine tests once (which test runs which line) ...", flush=True)
            cov = trace_baseline(dirs[0], runner)
            print(f"  {len(cov.durations)} tests, {cov.total:.0f}s traced; "
                  f"{len({k[0] for k in cov.by_line})} engine files covered", flush=True)
        if not args.no_fork:
            servers.update({d: ForkServer(d) for d in dirs})
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(run_mutant, m, copies, runner, cov, args.timeout_factor,
                                   servers if servers else None) for m in todo]
            try:
                for f in futures:
                    m = f.result()
                    done += 1
                    if done % 25 == 0 or m.status in ("survived", "timeout", "error"):
                        print(f"[{done}/{len(todo)} {time.perf_counter() - t0:6.0f}s] {m.status:8} {m.module}:{m.line} "
                              f"{m.op}: {m.before} -> {m.after}", flush=True)
            except KeyboardInterrupt:
                print("\ninterrupted: stopping the running tests (the repository was never changed)", flush=True)
                runner.stop()
                for srv in servers.values():
                    srv.close()
                for f in futures:
                    f.cancel()
                raise
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
        for srv in servers.values():
            srv.close()
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
    elapsed = time.perf_counter() - t0
    print()
    rows = report(mutants, equivalent, modules)
    survivors = [m for m in mutants if m.status in ("survived", "error")]
    if survivors:
        print(f"\nsurviving mutants ({len(survivors)}):")
        for m in survivors[: None if args.survivors else 200]:
            print(f"  {m.module}:{m.line}  {m.id}" + (f"  [{m.killed_by}]" if m.status == "error" else ""))
    print(f"\n{done} mutants run in {elapsed:.0f}s with {args.jobs} workers"
          + (" (sampled: " + (f"{args.sample} per module" if args.sample is not None else f"{args.fraction:.0%} of each module")
             + f", seed {args.seed})" if args.sample is not None or args.fraction is not None else ""))
    if args.json:
        args.json.write_text(json.dumps({"modules": rows, "seconds": round(elapsed, 1),
                                         "mutants": [asdict(m) for m in mutants]}, indent=1, ensure_ascii=False))
    return 0 if not survivors else 1


if __name__ == "__main__":
    sys.exit(main())
