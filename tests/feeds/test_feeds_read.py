"""Reading GTFS: containers, BOM, optional files, times past midnight, scoped ids, errors."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from artois_access.errors import DataError, InputError
from artois_access.feeds import read_feeds

FIXTURES = Path(__file__).parent / "fixtures"


def _zip_folder(folder, target, *, prefix=""):
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.glob("*.txt")):
            archive.write(path, prefix + path.name)
    return target


def test_tiny_feed_types_and_scoping():
    feed = read_feeds([FIXTURES / "tiny"])
    assert feed.feed_ids == ("tiny",)  # from feed_info.feed_id
    assert feed.timezone == "Europe/Paris"
    # stops.txt starts with a UTF-8 BOM: the first column is still "stop_id".
    assert feed.stops["stop_id"].to_list()[:2] == ["tiny:LENS", "tiny:LENS_P"]
    assert feed.stops["parent_station"].to_list()[1] == "tiny:LENS"
    assert feed.stops["location_type"].to_list() == [1, 0, 0, 0, 0]  # blank -> 0
    assert feed.stops["feed_id"].unique().to_list() == ["tiny"]
    assert feed.stops.schema["stop_lat"] == pl.Float64
    assert feed.routes.schema["route_type"] == pl.Int32
    assert feed.trips.schema["direction_id"] == pl.Int8
    st = feed.stop_times
    assert st.schema["arrival_time"] == pl.Int32
    assert st.schema["stop_sequence"] == pl.Int32
    # sorted by trip_id then stop_sequence
    assert st.select("trip_id", "stop_sequence").equals(
        st.select("trip_id", "stop_sequence").sort(pl.all())
    )
    night = st.filter(pl.col("trip_id") == "tiny:b1_night")
    assert night["arrival_time"].to_list() == [23 * 3600 + 50 * 60, 24 * 3600 + 5 * 60]
    assert night["pickup_type"].to_list() == [0, 1]
    # "7:50:00" (one-digit hour) parses; blank pickup_type -> 0
    k = st.filter(pl.col("trip_id") == "tiny:k_0730")
    assert k["arrival_time"][1] == 7 * 3600 + 50 * 60
    assert k["pickup_type"].to_list() == [0, 0, 0]
    assert feed.calendar["start_date"][0] == date(2025, 1, 1)
    assert feed.calendar_dates["date"].to_list() == [date(2025, 1, 28), date(2025, 2, 1)]
    assert feed.frequencies.height == 0 and feed.transfers.height == 0
    assert feed.findings.height == 0


def test_calendar_dates_only_and_frequencies():
    feed = read_feeds([FIXTURES / "cal_dates_only"])
    assert feed.feed_ids == ("cal_dates_only",)  # no feed_info: the folder's name
    assert feed.calendar.height == 0
    assert feed.calendar_dates.height == 2
    assert feed.routes["agency_id"].null_count() == 1  # column absent -> null
    freq = feed.frequencies
    assert freq["start_time"].to_list() == [6 * 3600, 9 * 3600]
    assert freq["headway_secs"].to_list() == [600, 1200]
    assert freq["exact_times"].to_list() == [1, 0]  # blank -> 0


def test_zip_at_root_and_in_subfolder_read_the_same(tmp_path):
    folder = read_feeds([FIXTURES / "tiny"], feed_ids=["t"])
    root = read_feeds([_zip_folder(FIXTURES / "tiny", tmp_path / "a.zip")], feed_ids=["t"])
    sub = read_feeds(
        [_zip_folder(FIXTURES / "tiny", tmp_path / "b.zip", prefix="gtfs/export/")],
        feed_ids=["t"],
    )
    for feed in (root, sub):
        for table in ("stops", "routes", "trips", "stop_times", "calendar", "calendar_dates"):
            assert feed.table(table).equals(folder.table(table)), table


def test_two_feeds_with_clashing_ids_and_stems(tmp_path):
    other = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", other)
    feed = read_feeds([FIXTURES / "tiny", other])
    # feed_info.feed_id "tiny" is not unique -> stems, which clash -> "-2".
    assert feed.feed_ids == ("tiny", "tiny-2")
    assert feed.stops.height == 10
    assert feed.stops["stop_id"].n_unique() == 10
    assert set(feed.stop_times["trip_id"].str.split(":").list.first()) == {"tiny", "tiny-2"}


def test_explicit_feed_ids():
    feed = read_feeds([FIXTURES / "tiny", FIXTURES / "cal_dates_only"], feed_ids=["a", "b"])
    assert feed.feed_ids == ("a", "b")
    assert feed.routes["route_id"].to_list() == ["a:B1", "a:K", "b:F"]
    with pytest.raises(InputError):
        read_feeds([FIXTURES / "tiny"], feed_ids=["a", "b"])


def test_faulty_rows_are_counted_not_silently_dropped():
    feed = read_feeds([FIXTURES / "faulty"])
    found = {(r["rule"], r["count"]) for r in feed.findings.iter_rows(named=True)}
    assert ("duplicate_id", 1) in found  # stop A twice
    assert ("rows_dropped_at_load", 1) in found  # stop_sequence "x"
    assert ("unparsable_time", 1) in found  # "8h00"
    assert feed.stop_times.height == 14  # 15 rows in the file, one dropped and counted


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken_header", "stops.txt: the header lacks the required column(s) stop_lat, stop_lon"),
        ("missing_stop_times", "no stop_times.txt found"),
    ],
)
def test_broken_folders(name, expected):
    with pytest.raises(DataError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_feeds([FIXTURES / name])


def test_not_a_zip_and_truncated_zip(tmp_path):
    fake = tmp_path / "fake.zip"
    fake.write_text("hello")
    with pytest.raises(DataError, match="not a readable zip"):
        read_feeds([fake])
    good = _zip_folder(FIXTURES / "tiny", tmp_path / "good.zip")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DataError):
        read_feeds([truncated])
    with pytest.raises(DataError, match="no such file"):
        read_feeds([tmp_path / "absent.zip"])


def test_missing_required_file(tmp_path):
    folder = tmp_path / "nocal"
    shutil.copytree(FIXTURES / "tiny", folder)
    (folder / "calendar.txt").unlink()
    (folder / "calendar_dates.txt").unlink()
    with pytest.raises(DataError, match=r"missing calendar \(or calendar_dates\)\.txt"):
        read_feeds([folder])


def test_ter_feed_loads(ter_feed):
    assert ter_feed.stop_times.height == 299_983
    assert ter_feed.stops.height == 9_196
    assert ter_feed.trips.height == 33_280
    assert ter_feed.calendar.height == 0
    assert ter_feed.findings.filter(pl.col("severity") == "error").height == 0
    assert ter_feed.stop_times["arrival_time"].null_count() == 0
    assert "ter:StopArea:OCE87345025" in ter_feed.stops["stop_id"].to_list()
