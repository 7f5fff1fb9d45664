"""Fixtures shared by every test directory; the helpers themselves live in claim_helpers.py."""
from __future__ import annotations

import pytest
from claim_helpers import run_claims


@pytest.fixture(autouse=True)
def _private_proof_store(tmp_path_factory, monkeypatch):
    """Tests (and the `verify` subprocesses they start) never touch the user's proof store."""
    monkeypatch.setenv("VERIFY_CACHE", str(tmp_path_factory.mktemp("proof-store")))


@pytest.fixture
def run_claims_fixture():
    return run_claims


@pytest.fixture(scope="session")
def gate(tmp_path_factory):
    """One cold run of every shipped claim, as `make verify` does it (shared by the claim tests:
    a test that needs a shipped claim's evidence reads it here instead of re-running it)."""


    from verify.discharge import DischargeSettings
    from verify.registry import discover
    from verify.run import run
    return run(discover(), [], jobs=2, settings=DischargeSettings())
