"""Helpers of the engine tests: small claims decided in-process (no worker processes).

The engine tests use their own tiny claims, never the project's claim pack. ``decide`` runs an
obligation through :func:`verify.discharge.discharge` in the test process (fast, and the
dischargers can be monkeypatched); :func:`conftest.run_claims` runs the real forked workers.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from verify import Claim, Obligation
from verify.discharge import DischargeSettings, discharge
from verify.evidence import Evidence
from verify.verdict import claim_verdict

P = "engine test"
ENGINE_ROOT = Path(__import__("verify").__file__).resolve().parents[1]
"""The directory holding the ``verify`` package the tests import (a mutation copy, or the repo)."""


def ob(id: str, method: str, role: str, check: Any, **kw: Any) -> Obligation:
    return Obligation(id, method, role, f"test obligation {id}", check, **kw)


def claim(cid: str, *obs: Obligation, **kw: Any) -> Claim:
    """A test claim; unless ``hypotheses`` are given it declares every name its goals use."""
    if "hypotheses" not in kw:
        from claim_helpers import hypotheses_named_by
        kw["hypotheses"] = hypotheses_named_by(obs)
    return Claim(id=cid, paper=P, where="§0", statement="a test claim", obligations=tuple(obs), **kw)


def settings(**kw: Any) -> DischargeSettings:
    return DischargeSettings(**kw)


def decide_claim(c: Claim, **settings_kw: Any) -> tuple[str, str | None, dict[str, Evidence]]:
    """Decide every obligation of ``c`` in this process; returns (verdict, bound, evidence by id)."""
    st = DischargeSettings(**settings_kw)
    ev = {o.id: discharge(c, o, st, o.timeout) for o in c.obligations}
    verdict, bound = claim_verdict(c, ev)
    return verdict, bound, ev


def decide(method: str, role: str, check: Any, *, settings: dict | None = None, **ob_kw: Any) -> tuple[str, Evidence]:
    """One obligation around ``check``, decided in-process: (claim verdict, evidence)."""
    verdict, _, ev = decide_claim(claim("t.probe.case", ob("ob", method, role, check, **ob_kw)), **(settings or {}))
    return verdict, ev["ob"]


def goal_data(ev: Evidence, i: int = 0) -> dict[str, Any]:
    return ev.data["goals"][i]


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment of a ``python -m verify`` subprocess that imports the same engine."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ENGINE_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.update(extra)
    return env


NO_PACK_MAIN = (
    "import sys\n"
    "from verify import cli, registry\n"
    "cli.discover = lambda paths=None, use_entry_points=True: registry.discover(paths, use_entry_points=False)\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)
"""``python -c NO_PACK_MAIN ARGS``: the real command line, without the installed claim pack."""

PYTHON = sys.executable
