"""A tiny claim pack (written to a temporary directory) and one run of it, shared by the report tests.

The pack has a ``models/`` module, so the ledger's dependency graph has an edge to draw, and
claims with every kind of outcome the reports render: proved (z3, with a redundant hypothesis),
refuted (a sympy counterexample), witnessed (exact values), not-formal with a sub-claim, and a
claim whose obligations fail, break and stay unknown.

Not a conftest.py: a second ``conftest`` module would shadow ``tests/conftest.py`` for the test
modules that import helpers from it. The run is cached per process (:func:`ledger_run`).
"""
from __future__ import annotations

import atexit
import functools
import importlib
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from verify.claim import validate_claim
from verify.discharge import DischargeSettings
from verify.registry import Registry
from verify.run import RunResult, run

PACK = "ledgerpack"

MODEL = '''
def double(n):
    return 2 * n
'''

ALPHA = '''
"""Claims of "Paper A": no model module (engine-only, each decided in well under a second)."""
import sympy as sp
import z3

from verify import Claim, Hypothesis, Implication, NonIdentity, Obligation

x = z3.Real("x")
a, b = sp.symbols("a b", real=True)


def positive_shift():
    return Implication({"x_positive": x > 0, "x_small": x < 100}, x + 1 > 1, label="shift")


def square_of_sum():
    return NonIdentity((a + b) ** 2, a ** 2 + b ** 2, {a: 1, b: 1}, label="a = b = 1")


CLAIMS = [
    Claim(id="ledger.alpha.shift", paper="Paper A", where="§1", reading="as-stated",
          statement="For every real x > 0, x + 1 > 1.", latex=r"x > 0 \\Rightarrow x + 1 > 1",
          hypotheses=(Hypothesis("x_positive", "x > 0"), Hypothesis("x_small", "x < 100")),
          obligations=(Obligation("z3", "smt", "supports", "x > 0 ⇒ x + 1 > 1", positive_shift,
                                  uses=("x_positive", "x_small"), timeout=60),)),
    Claim(id="ledger.alpha.square", paper="Paper A", where="§2",
          statement="(a + b)^2 = a^2 + b^2 for all reals a, b.", latex=r"(a+b)^2 = a^2 + b^2",
          obligations=(Obligation("counterexample", "symbolic", "refutes", "a = b = 1 gives 4 ≠ 2",
                                  square_of_sum, timeout=60),)),
]
'''

BETA = '''
"""Claims of papers B and C; their checks use the pack's model module."""
import z3

from verify import Claim, ExactEqual, Hypothesis, Implication, Obligation
from ledgerpack.models import toy

m, n, k = z3.Ints("m n k")


def doubles():
    return ExactEqual([("double of 2", toy.double(2), 4)], label="toy")


def core_doubles():
    return ExactEqual([("double of 3", toy.double(3), 6)])


def wrong_double():
    return ExactEqual([("double of 2", toy.double(2), 5)], label="wrong on purpose")


def raises():
    raise RuntimeError("this check breaks on purpose")


def undecided():
    return Implication({"positive": z3.And(m > 0, n > 0, k > 0)}, m * m * m + n * n * n != k * k * k,
                       label="cubes (Fermat n = 3)")


CLAIMS = [
    Claim(id="ledger.beta.doubles", paper="Paper B", where="§3",
          statement="<script>alert('pwned')</script> & \\"doubling\\" doubles 2 to 4.",
          latex=r"\\text{<script>alert(1)</script>} 2 \\cdot 2 = 4",
          explanation="Doubling 2 gives 4 <b>exactly</b>.",
          obligations=(Obligation("exact", "exact", "supports", "double(2) = 4", doubles, timeout=60),)),
    Claim(id="ledger.beta.story", paper="Paper B", where="§4", formal=False,
          statement="Doubling is how the model thinks (an interpretation).", note="Only its sub-claim is decided."),
    Claim(id="ledger.beta.story.core", paper="Paper B", where="§4 (what can be checked)",
          statement="The toy model doubles 3 to 6.",
          obligations=(Obligation("exact", "exact", "supports", "double(3) = 6", core_doubles, timeout=60),)),
    Claim(id="ledger.gamma.broken", paper="Paper C", where="§5",
          statement="A claim whose obligations fail, break and stay unknown.",
          hypotheses=(Hypothesis("positive", "m, n, k > 0"),),
          obligations=(
              Obligation("wrong_double", "exact", "supports", "double(2) = 5 (false)", wrong_double, timeout=60),
              Obligation("raises", "exact", "supports", "a check that raises", raises, timeout=60),
              Obligation("undecided", "smt", "supports", "no positive cubes sum to a cube", undecided,
                         timeout=60, rlimit=2000),
          )),
]
'''


def write_pack(root: Path) -> Path:
    """Write the pack under ``root``; returns its directory."""
    pkg = root / PACK
    (pkg / "models").mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "models" / "__init__.py").write_text("")
    (pkg / "models" / "toy.py").write_text(textwrap.dedent(MODEL))
    (pkg / "alpha.py").write_text(ALPHA)
    (pkg / "beta.py").write_text(BETA)
    return pkg


@functools.cache
def ledger_run() -> tuple[Path, RunResult]:
    """(the pack's directory, a RunResult of all its claims): built once per process."""
    root = Path(tempfile.mkdtemp(prefix="ledgerpack-"))
    atexit.register(shutil.rmtree, root, True)
    pkg = write_pack(root)
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    reg = Registry()
    for name in ("alpha", "beta"):
        mod = importlib.import_module(f"{PACK}.{name}")
        for c in mod.CLAIMS:
            validate_claim(c)
            reg.claims[c.id] = c
    return pkg, run(reg, [], jobs=4, settings=DischargeSettings())
