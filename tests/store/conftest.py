"""Fixtures of the store and executor tests."""
from __future__ import annotations

import pytest
from store_claims import build_demo_claims

from verify import Claim


@pytest.fixture
def demo_claims() -> list[Claim]:
    return build_demo_claims()
