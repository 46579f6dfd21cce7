"""Fixtures of the feeds tests: the hand-written feeds and the real SNCF TER feed."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
TER_ZIP = SHARED_DATA / "ter-sncf-2025" / "ter-sncf-2025.zip"


@pytest.fixture(scope="session")
def ter_feed():
    if not TER_ZIP.exists():
        pytest.skip(f"real TER feed absent ({TER_ZIP})")
    from artois_access.feeds import read_feeds

    return read_feeds([TER_ZIP], feed_ids=["ter"])
