"""Shared test helpers: run claims from a module (or a list) through the real engine.

A module of its own (not conftest): several test directories have a conftest.py, and
``from claim_helpers import`` would pick whichever was imported last."""
from __future__ import annotations

from types import ModuleType
from typing import Iterable


from verify.claim import Claim, validate_claim
from verify.discharge import DischargeSettings
from verify.registry import Registry
from verify.run import RunResult, run


def registry_of(claims: Iterable[Claim]) -> Registry:
    reg = Registry()
    for c in claims:
        validate_claim(c)
        assert c.id not in reg.claims, f"duplicate claim id {c.id}"
        reg.claims[c.id] = c
    return reg


def run_claims(source: ModuleType | Iterable[Claim], patterns: Iterable[str] = (), jobs: int = 2,
               **settings: object) -> RunResult:
    """Decide the claims of a module (its CLAIMS) or of a list, as `verify run` would."""
    claims = source.CLAIMS if isinstance(source, ModuleType) else list(source)
    return run(registry_of(claims), list(patterns), jobs=jobs, settings=DischargeSettings(**settings))


def verdicts(result: RunResult) -> dict[str, str]:
    return {c.claim.id: c.verdict for c in result.claims}


def statuses(result: RunResult) -> dict[str, str]:
    return {f"{c.claim.id}/{o.obligation.id}": o.evidence.status for c in result.claims for o in c.obligations}


def hypotheses_named_by(obligations: Iterable) -> tuple:
    """The hypotheses a probe claim declares: every name its goals use (building each goal once).

    The engine rejects a goal naming an undeclared hypothesis; a probe claim, which only exists
    to run one check, declares exactly what its checks name. A check that raises is left for the
    engine to report."""
    from verify import Hypothesis
    names: dict[str, None] = {}
    for ob in obligations:
        if ob.method != "smt":  # only SMT goals name hypotheses
            continue
        try:
            goals = [ob.check(v) for v in ob.family.values] if ob.family is not None else [ob.check()]
        except Exception:
            continue
        for g in goals:
            for field in ("hypotheses", "premise", "converse_of"):
                value = getattr(g, field, None)
                if isinstance(value, (dict, tuple, list)) or hasattr(value, "keys"):
                    names.update(dict.fromkeys(str(n) for n in value))
    return tuple(Hypothesis(n, f"as the check states {n}") for n in names)


def probe_claim(check, method: str, role: str, *, timeout: float = 60.0, family=None,
                cid: str = "test.probe.case", **options) -> Claim:
    """A one-obligation claim around ``check``: for must-say-no tests of a single check."""
    from verify import Obligation
    ob = Obligation("ob", method, role, "probe", check, timeout=timeout, family=family, **options)
    return Claim(id=cid, paper="test", where="test", statement="probe", obligations=(ob,),
                 hypotheses=hypotheses_named_by([ob]))


def decide_one(method: str, role: str, check, *, timeout: float = 60.0, family=None,
               cid: str = "test.probe.case", settings: dict | None = None, **options):
    """Run ``check`` as a single obligation; returns (claim verdict, evidence)."""
    res = run_claims([probe_claim(check, method, role, timeout=timeout, family=family, cid=cid, **options)],
                     **(settings or {}))
    return res.claims[0].verdict, res.claims[0].obligations[0].evidence


def obligation_result(result: RunResult, claim_id: str, ob_id: str):
    c = next(c for c in result.claims if c.claim.id == claim_id)
    return next(o for o in c.obligations if o.obligation.id == ob_id)
