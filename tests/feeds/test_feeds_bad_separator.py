"""A GTFS file separated by ';' (a spreadsheet's French CSV) is named as such."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from artois_access.errors import DataError
from artois_access.feeds.read import read_feeds

HEADWAY = Path(__file__).resolve().parents[1] / "routing" / "networks" / "headway"


def test_semicolon_separated_stops(tmp_path):
    feed = tmp_path / "feed"
    shutil.copytree(HEADWAY, feed)
    stops = feed / "stops.txt"
    stops.write_text(stops.read_text().replace(",", ";"))
    with pytest.raises(DataError, match=r"feed:stops.txt: the columns are not separated by commas"):
        read_feeds([feed])
