"""GTFS folders with odd contents: a folder named like a table is no table."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from artois_access.errors import DataError, InputError
from artois_access.feeds.read import read_feeds

HEADWAY = Path(__file__).resolve().parents[1] / "routing" / "networks" / "headway"


def test_folder_named_stops_txt(tmp_path):
    feed = tmp_path / "feed"
    shutil.copytree(HEADWAY, feed)
    (feed / "stops.txt").unlink()
    (feed / "stops.txt").mkdir()
    with pytest.raises(DataError, match=r"feed: missing stops\.txt"):
        read_feeds([feed])


def test_two_copies_of_one_zip(tmp_path):
    # Read twice, every trip would count double (and every headway halve).
    first = tmp_path / "feed.zip"
    with zipfile.ZipFile(first, "w") as archive:
        for member in sorted(HEADWAY.glob("*.txt")):
            archive.write(member, member.name)
    copy = tmp_path / "copy.zip"
    shutil.copyfile(first, copy)
    with pytest.raises(InputError, match=r"copy\.zip: the same GTFS feed is given twice"):
        read_feeds([first, copy])
    with pytest.raises(InputError, match="given twice"):
        read_feeds([first, tmp_path / "." / "feed.zip"])
