"""Service dates, interpolation of missing times, area and date filters."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import shapely

from artois_access.errors import InputError
from artois_access.feeds import (
    active_service_ids,
    filter_area,
    filter_date,
    interpolate_stop_times,
    read_feeds,
    service_dates,
    service_day_counts,
    trips_on_date,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def tiny():
    return read_feeds([FIXTURES / "tiny"])


def test_active_services(tiny):
    # WK runs Monday-Friday; calendar_dates removes Tuesday 2025-01-28 and adds Saturday
    # 2025-02-01, when SAT also runs. Sunday: nothing.
    assert active_service_ids(tiny, date(2025, 1, 27)).to_list() == ["tiny:WK"]
    assert active_service_ids(tiny, date(2025, 1, 28)).to_list() == []
    assert active_service_ids(tiny, date(2025, 2, 1)).to_list() == ["tiny:SAT", "tiny:WK"]
    assert active_service_ids(tiny, date(2025, 7, 1)).to_list() == []  # after end_date
    assert trips_on_date(tiny, date(2025, 1, 27)).height == 4
    assert service_dates(tiny) == (date(2025, 1, 1), date(2025, 6, 30))


def test_no_service_is_an_error(tiny):
    with pytest.raises(
        InputError,
        match=r"no service on 2025-02-02 in feeds tiny; the feeds cover 2025-01-01\.\.2025-06-30",
    ):
        trips_on_date(tiny, date(2025, 2, 2))
    with pytest.raises(InputError):
        filter_date(tiny, date(2025, 1, 28))


def test_calendar_dates_only():
    feed = read_feeds([FIXTURES / "cal_dates_only"])
    assert active_service_ids(feed, date(2025, 1, 27)).to_list() == ["cal_dates_only:S1"]
    assert service_dates(feed) == (date(2025, 1, 27), date(2025, 1, 28))
    counts = service_day_counts(feed)
    assert counts["n_trips"].to_list() == [1, 1]


def test_service_day_counts_match_trips_on_date(tiny):
    counts = service_day_counts(tiny)
    for row in counts.head(40).iter_rows(named=True):
        services = active_service_ids(tiny, row["date"])
        expected = tiny.trips.filter(pl.col("service_id").is_in(services.implode())).height
        assert row["n_trips"] == expected, row


def test_interpolation_by_hand():
    feed = read_feeds([FIXTURES / "interpolation"])
    filled, dropped = interpolate_stop_times(feed)
    gaps = filled.filter(pl.col("trip_id") == "interpolation:gaps")
    # Stops on the equator at lon 1.00, 1.01, 1.03, 1.06: geodesic distances are a*dlon, so the
    # cumulative fractions are 0, 1/6, 1/2, 1. Times 08:00:00 (28800) .. 08:10:01 (29401), 601 s:
    # S1 = 28800 + 601/6 = 28900.17 -> 28900 (08:01:40); S2 = 28800 + 300.5 -> 29100 (08:05:00).
    assert gaps["arrival_time"].to_list() == [28800, 28900, 29100, 29401]
    assert gaps["departure_time"].to_list() == [28800, 28900, 29100, 29401]
    assert gaps["timepoint"].to_list() == [None, 0, 0, None]
    full = filled.filter(pl.col("trip_id") == "interpolation:full")
    assert full["departure_time"].to_list() == [11 * 3600 + 30, 11 * 3600 + 300]
    assert dict(dropped.iter_rows()) == {
        "interpolation:no_first": "first or last stop without time",
        "interpolation:backwards": "times go backwards",
    }
    assert filled["trip_id"].n_unique() == 2


def test_interpolation_against_slow_version(ter_feed):
    # Blank every other intermediate time of a sample of real trips, then compare with a
    # plain-Python interpolation of the same rows.
    from artois_access.feeds.interpolation import geodesic_distances_m

    sample = ter_feed.trips["trip_id"].head(200)
    st = ter_feed.stop_times.filter(pl.col("trip_id").is_in(sample.implode()))
    pos = pl.int_range(pl.len()).over("trip_id")
    blank = (pos % 2 == 1) & (pos < pl.len().over("trip_id") - 1)
    st = st.with_columns(
        pl.when(blank).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("arrival_time", "departure_time")
    )
    from dataclasses import replace

    filled, dropped = interpolate_stop_times(replace(ter_feed, stop_times=st))
    coords = {
        r[0]: (r[1], r[2])
        for r in ter_feed.stops.select("stop_id", "stop_lon", "stop_lat").iter_rows()
    }
    expected = []
    for _, rows in st.group_by("trip_id", maintain_order=True):
        rows = rows.to_dicts()
        dist = [0.0]
        for a, b in itertools.pairwise(rows):
            (x0, y0), (x1, y1) = coords[a["stop_id"]], coords[b["stop_id"]]
            dist.append(dist[-1] + float(geodesic_distances_m([x0], [y0], [x1], [y1])[0]))
        for i, row in enumerate(rows):
            if row["arrival_time"] is None:
                j, k = i - 1, i + 1  # neighbours are timed by construction
                t0, t1 = rows[j]["departure_time"], rows[k]["arrival_time"]
                t = t0 + (t1 - t0) * (dist[i] - dist[j]) / (dist[k] - dist[j])
                expected.append(int(t // 1))
            else:
                expected.append(row["arrival_time"])
    kept = st.join(dropped, on="trip_id", how="anti")
    assert dropped.height == 0
    assert filled.height == kept.height
    assert filled["arrival_time"].to_list() == expected


def test_filter_area_bbox_and_polygon(tiny):
    # Only Liévin (2.778, 50.423) lies inside: both B1 trips are kept, with Lens too; the K
    # trips do not stop there.
    box = (2.77, 50.42, 2.79, 50.43)
    small = filter_area(tiny, box)
    assert sorted(small.trips["trip_id"]) == ["tiny:b1_morning", "tiny:b1_night"]
    assert small.stop_times.height == 4
    # used stops + the parent station of Lens' platform
    assert sorted(small.stops["stop_id"]) == ["tiny:LENS", "tiny:LENS_P", "tiny:LIEVIN"]
    assert small.routes["route_id"].to_list() == ["tiny:B1"]
    same = filter_area(tiny, shapely.box(*box))
    assert same.trips.equals(small.trips)
    with pytest.raises(InputError):
        filter_area(tiny, (3.0, 50.0, 2.0, 51.0))


def test_filter_date(tiny):
    saturday = filter_date(tiny, date(2025, 2, 1))
    assert saturday.trips.height == 5  # WK added by calendar_dates, plus SAT
    monday = filter_date(tiny, date(2025, 1, 27))
    assert "tiny:k_sat" not in monday.trips["trip_id"].to_list()
    assert monday.stop_times["trip_id"].n_unique() == 4


def test_ter_filtered_to_artois(ter_feed):
    artois = filter_area(ter_feed, (2.45, 50.35, 3.15, 50.62))
    assert artois.routes.height == 26  # figures from shared/data/README.md
    assert artois.trips.height == 957
    assert "ter:StopArea:OCE87345025" in artois.stops["stop_id"].to_list()
    # whole stop sequences kept: trips reach Lille and Arras, outside the box
    assert artois.stops["stop_lat"].max() > 50.62
