"""Edge cases of real-world files, frequency statistics, and property tests."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artois_access.feeds import (
    compute_route_service,
    filter_area,
    interpolate_stop_times,
    read_feeds,
)
from artois_access.feeds.times import format_time, parse_time

FIXTURES = Path(__file__).parent / "fixtures"


def test_crlf_quotes_spaces_and_windows_1252(tmp_path):
    folder = tmp_path / "messy"
    shutil.copytree(FIXTURES / "tiny", folder)
    # CRLF line ends, a quoted name with a comma, spaces around header names, and a
    # Windows-1252 "é" (byte 0xE9) instead of UTF-8.
    (folder / "stops.txt").write_bytes(
        b"stop_id , stop_name,stop_lat,stop_lon,location_type,parent_station\r\n"
        b'LENS,"Lens, gare",50.426866,2.828301,1,\r\n'
        b"LENS_P,Lens quai,50.426866,2.828301,0,LENS\r\n"
        b"LIEVIN,Li\xe9vin,50.4230,2.7780,,\r\n"
        b"BETHUNE,B\xe9thune,50.5213,2.6406,,\r\n"
        b"LILLE,Lille-Flandres,50.6365,3.0705,0,\r\n"
    )
    feed = read_feeds([folder])
    names = feed.stops["stop_name"].to_list()
    assert names[0] == "Lens, gare"
    assert names[2] == "Liévin"
    assert feed.stops["stop_lon"][4] == pytest.approx(3.0705)
    rules = feed.findings["rule"].to_list()
    assert rules == ["not_utf8"]


def test_only_one_of_arrival_or_departure(tmp_path):
    folder = tmp_path / "half"
    shutil.copytree(FIXTURES / "tiny", folder)
    text = (folder / "stop_times.txt").read_text()
    text = text.replace("k_0700,07:20:00,07:21:00", "k_0700,,07:21:00")
    (folder / "stop_times.txt").write_text(text)
    filled, dropped = interpolate_stop_times(read_feeds([folder]))
    row = filled.filter((pl.col("trip_id") == "tiny:k_0700") & (pl.col("stop_sequence") == 2))
    # the missing arrival takes the departure: no interpolation needed
    assert row["arrival_time"].to_list() == [7 * 3600 + 21 * 60]
    assert dropped.is_empty()


def test_frequency_statistics():
    feed = read_feeds([FIXTURES / "cal_dates_only"])
    stats = compute_route_service(feed, date(2025, 1, 27)).row(0, named=True)
    # 06:00-09:00 every 10 min: 18 departures; 09:00-12:00 every 20 min: 9 (09:00 .. 11:40).
    assert stats["n_trips"] == 27
    assert stats["first_departure"] == "06:00:00"
    assert stats["last_departure"] == "11:40:00"
    # 07:00..08:50 every 10 min then 09:00: 13 departures, mean gap 10 min.
    assert stats["peak_departures"] == 13
    assert stats["peak_headway_min"] == pytest.approx(10.0)
    assert stats["offpeak_headway_min"] == pytest.approx(20.0)  # 10:00 .. 11:40


def test_sao_paulo_frequencies():
    path = (
        Path(__file__).resolve().parents[2]
        / ".."
        / "shared"
        / "data"
        / "sao-paulo"
        / "spo_gtfs.zip"
    )
    if not path.exists():
        pytest.skip(f"São Paulo sample absent ({path})")
    feed = read_feeds([path])
    assert feed.frequencies.height == 704
    assert feed.findings.filter(pl.col("severity") == "error").is_empty()


@given(st.integers(min_value=0, max_value=200 * 3600 - 1))
def test_time_round_trip(seconds):
    frame = pl.DataFrame({"s": [seconds]}, schema={"s": pl.Int32})
    text = frame.select(format_time(pl.col("s"))).item()
    assert pl.DataFrame({"t": [text]}).select(parse_time(pl.col("t"))).item() == seconds


@st.composite
def trips_with_gaps(draw):
    n = draw(st.integers(min_value=2, max_value=8))
    lons = draw(st.lists(st.floats(2.0, 3.0), min_size=n, max_size=n))
    lats = draw(st.lists(st.floats(50.0, 51.0), min_size=n, max_size=n))
    steps = draw(st.lists(st.integers(0, 900), min_size=n, max_size=n))
    timed = [True, *draw(st.lists(st.booleans(), min_size=n - 2, max_size=n - 2)), True]
    return lons, lats, steps, timed


@settings(max_examples=60, deadline=None)
@given(trips_with_gaps())
def test_interpolated_times_lie_between_neighbours(trip):
    lons, lats, steps, timed = trip
    n = len(lons)
    base = read_feeds([FIXTURES / "interpolation"])
    stops = pl.DataFrame(
        {"stop_id": [f"p{i}" for i in range(n)], "stop_lon": lons, "stop_lat": lats}
    )
    times, t = [], 8 * 3600
    for step in steps:
        t += step
        times.append(t)
    stop_times = pl.DataFrame(
        {
            "trip_id": ["x"] * n,
            "stop_sequence": list(range(n)),
            "stop_id": [f"p{i}" for i in range(n)],
            "arrival_time": [tt if ok else None for tt, ok in zip(times, timed, strict=True)],
        },
        schema_overrides={"stop_sequence": pl.Int32, "arrival_time": pl.Int32},
    ).with_columns(pl.col("arrival_time").alias("departure_time"))
    feed = replace(
        base,
        stops=base.stops.head(0).vstack(
            stops.with_columns(
                pl.lit(None, pl.Utf8).alias(c) for c in base.stops.columns if c not in stops.columns
            )
            .with_columns(pl.lit(0, pl.Int8).alias("location_type"))
            .select(base.stops.columns)
            .cast(base.stops.schema)
        ),
        stop_times=base.stop_times.head(0).vstack(
            stop_times.with_columns(
                pl.lit(None).alias(c)
                for c in base.stop_times.columns
                if c not in stop_times.columns
            )
            .select(base.stop_times.columns)
            .cast(base.stop_times.schema)
        ),
    )
    filled, dropped = interpolate_stop_times(feed)
    assert dropped.is_empty()
    result = filled["arrival_time"].to_list()
    assert result == filled["departure_time"].to_list()
    assert all(a <= b for a, b in itertools.pairwise(result))  # never backwards
    for i, ok in enumerate(timed):
        if ok:
            assert result[i] == times[i]  # timed stops untouched
    assert result[0] == times[0] and result[-1] == times[-1]


@settings(max_examples=40, deadline=None)
@given(
    st.floats(2.5, 3.2),
    st.floats(50.3, 50.7),
    st.floats(0.0, 0.6),
    st.floats(0.0, 0.4),
)
def test_filter_area_matches_slow_version(min_lon, min_lat, width, height):
    feed = read_feeds([FIXTURES / "tiny"])
    box = (min_lon, min_lat, min_lon + width, min_lat + height)
    where = {r["stop_id"]: (r["stop_lon"], r["stop_lat"]) for r in feed.stops.iter_rows(named=True)}
    expected = sorted(
        {
            r["trip_id"]
            for r in feed.stop_times.iter_rows(named=True)
            if box[0] <= where[r["stop_id"]][0] <= box[2]
            and box[1] <= where[r["stop_id"]][1] <= box[3]
        }
    )
    small = filter_area(feed, box)
    assert sorted(small.trips["trip_id"]) == expected
    assert small.stop_times["trip_id"].n_unique() == len(expected)
    used = set(small.stop_times["stop_id"])
    assert used <= set(small.stops["stop_id"])


def test_whole_world_keeps_everything():
    feed = read_feeds([FIXTURES / "tiny"])
    same = filter_area(feed, (-180, -90, 180, 90))
    for table in ("stops", "routes", "trips", "stop_times", "calendar", "calendar_dates"):
        assert same.table(table).equals(feed.table(table)), table
