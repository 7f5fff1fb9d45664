"""Shared test helpers: run claims from a module (or a list) through the real engine."""
from __future__ import annotations

from types import ModuleType
from typing import Iterable

import pytest

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


@pytest.fixture
def run_claims_fixture():
    return run_claims
