"""Route service statistics (hand-made feed and TER around Lens) and writing feeds back."""

from __future__ import annotations

import itertools
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from artois_access.errors import InputError
from artois_access.feeds import (
    compute_route_service,
    filter_area,
    read_feeds,
    trips_on_date,
    write_feed,
)

FIXTURES = Path(__file__).parent / "fixtures"
LENS = "ter:StopArea:OCE87345025"
LILLE_FLANDRES = "ter:StopArea:OCE87286005"
ARTOIS_BBOX = (2.45, 50.35, 3.15, 50.62)


def test_route_service_tiny():
    feed = read_feeds([FIXTURES / "tiny"])
    stats = compute_route_service(feed, date(2025, 1, 27))
    rows = {r["route_short_name"]: r for r in stats.iter_rows(named=True)}
    # B1: 07:00 and 23:50 starts, one direction; no two departures in either window.
    assert rows["B1"]["n_trips"] == 2
    assert rows["B1"]["first_departure"] == "07:00:00"
    assert rows["B1"]["last_departure"] == "23:50:00"
    assert rows["B1"]["peak_headway_min"] is None
    # K on a weekday: 07:00 and 07:30 from Béthune -> one gap of 30 min at peak.
    assert rows["K"]["n_trips"] == 2
    assert rows["K"]["peak_departures"] == 2
    assert rows["K"]["peak_headway_min"] == pytest.approx(30.0)
    assert rows["K"]["last_departure_s"] == 7 * 3600 + 30 * 60
    with pytest.raises(InputError, match="no service on 2025-02-02"):
        compute_route_service(feed, date(2025, 2, 2))


@pytest.fixture(scope="module")
def artois(ter_feed):
    return filter_area(ter_feed, ARTOIS_BBOX)


def _lens_to_lille(feed, day):
    """Departures from Lens of trips that then stop at Lille-Flandres (slow, obvious way)."""
    trips = set(trips_on_date(feed, day)["trip_id"])
    parent = dict(feed.stops.select("stop_id", "parent_station").iter_rows())
    by_trip: dict[str, list] = {}
    for row in feed.stop_times.iter_rows(named=True):
        if row["trip_id"] in trips:
            by_trip.setdefault(row["trip_id"], []).append(row)
    departures = []
    for rows in by_trip.values():
        areas = [parent.get(r["stop_id"]) for r in rows]
        if LENS in areas and LILLE_FLANDRES in areas[areas.index(LENS) + 1 :]:
            i, j = areas.index(LENS), areas.index(LILLE_FLANDRES, areas.index(LENS) + 1)
            departures.append(
                (rows[i]["departure_time"], rows[j]["arrival_time"], rows[i]["trip_id"])
            )
    return sorted(departures)


def test_ter_lens_lille_peak(artois):
    departures = _lens_to_lille(artois, date(2025, 1, 27))
    peak = [(d, t) for d, _, t in departures if 7 * 3600 <= d < 9 * 3600]
    # Two lines: C41 via Libercourt (40 min, every 30 min) and C51/K51 via Don-Sainghin
    # (42-59 min); 8 departures 07:00-09:00 in the feed (07:10, 07:14, 07:41, 07:52, ...).
    assert 6 <= len(peak) <= 10
    route_of = dict(artois.trips.select("trip_id", "route_id").iter_rows())
    name_of = dict(artois.routes.select("route_id", "route_long_name").iter_rows())
    c41 = [d for d, t in peak if "Libercourt" in name_of[route_of[t]]]
    assert 3 <= len(c41) <= 5  # "about every 30 minutes"
    gaps = [b - a for a, b in itertools.pairwise(c41)]
    assert all(25 * 60 <= g <= 35 * 60 for g in gaps), gaps


def test_ter_route_stats_plausible(artois):
    stats = compute_route_service(artois, date(2025, 1, 27))
    assert 15 <= stats.height <= 26
    c41 = stats.filter(pl.col("route_long_name").str.contains("Libercourt - Lens")).row(
        0, named=True
    )
    assert 25 <= c41["peak_headway_min"] <= 35
    assert c41["first_departure"] < "07:00:00" < c41["last_departure"]
    assert (stats["n_trips"] > 0).all()
    assert stats["route_type"].is_in([2, 3]).all()


def test_write_round_trip_folder_and_zip(tmp_path):
    feed = read_feeds([FIXTURES / "tiny"])
    for target in (tmp_path / "out", tmp_path / "out.zip"):
        write_feed(feed, target)
        again = read_feeds([target], feed_ids=["tiny"])
        for table in ("agency", "stops", "routes", "trips", "stop_times", "calendar_dates"):
            assert again.table(table).equals(feed.table(table)), table
    # ids are unscoped in the files of a single feed
    assert "LENS_P" in (tmp_path / "out" / "stop_times.txt").read_text()
    assert "tiny:" not in (tmp_path / "out" / "stop_times.txt").read_text()
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert "frequencies.txt" not in archive.namelist()  # empty optional file left out
    # deterministic bytes
    write_feed(feed, tmp_path / "again.zip")
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "out.zip").read_bytes()


def test_write_two_feeds_keeps_scoped_ids(tmp_path):
    feed = read_feeds([FIXTURES / "tiny", FIXTURES / "cal_dates_only"], feed_ids=["a", "b"])
    write_feed(feed, tmp_path / "merged")
    merged = read_feeds([tmp_path / "merged"], feed_ids=["m"])
    assert sorted(merged.routes["route_id"]) == ["m:a:B1", "m:a:K", "m:b:F"]
    assert merged.frequencies.height == 2
    assert merged.stop_times["arrival_time"].equals(feed.stop_times["arrival_time"])


def test_stop_service_tiny(capsys):
    from artois_access.cli import main
    from artois_access.feeds import compute_stop_service

    feed = read_feeds([FIXTURES / "tiny"])
    stats = compute_stop_service(feed, date(2025, 1, 27))
    lens = stats.filter(pl.col("stop_id") == "tiny:LENS_P").row(0, named=True)
    # Lens platform on Monday: 07:10 (B1), 07:21 and 07:51 (K), 24:05 (B1 night).
    assert lens["n_departures"] == 4
    assert lens["n_routes"] == 2
    assert lens["first_departure"] == "07:10:00"
    assert lens["last_departure"] == "24:05:00"
    assert lens["peak_headway_min"] == pytest.approx((11 + 30) / 2)  # gaps 11 and 30 min
    assert lens["offpeak_headway_min"] is None
    code = main(["feeds", "stats", str(FIXTURES / "tiny"), "--date", "2025-01-27", "--per", "stop"])
    out = capsys.readouterr().out
    assert code == 0 and "Lens gare quai" in out
