"""GTFS folders with odd contents: a folder named like a table is no table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from artois_access.errors import DataError
from artois_access.feeds.read import read_feeds

HEADWAY = Path(__file__).resolve().parents[1] / "routing" / "networks" / "headway"


def test_folder_named_stops_txt(tmp_path):
    feed = tmp_path / "feed"
    shutil.copytree(HEADWAY, feed)
    (feed / "stops.txt").unlink()
    (feed / "stops.txt").mkdir()
    with pytest.raises(DataError, match=r"feed: missing stops\.txt"):
        read_feeds([feed])
