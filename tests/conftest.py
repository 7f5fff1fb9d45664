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
