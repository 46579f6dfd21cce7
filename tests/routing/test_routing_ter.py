"""The fast engine against the slow reference on the real TER feed around Lens–Béthune–Hénin.

The feed is restricted to trips stopping in lon 2.45–3.15, lat 50.35–50.62 (whole stop
sequences kept); the reference gets the trips of Monday 2025-01-27 built directly from the
feed's tables, the engine compiles the same feed. Same arrival seconds at every sampled minute.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters

DATE = dt.date(2025, 1, 27)
BBOX = (2.45, 50.35, 3.15, 50.62)
MINUTES = (0, 7, 13, 22, 31, 44, 59)


@pytest.fixture(scope="module")
def ter_feed(shared_data):
    path = shared_data / "ter-sncf-2025" / "ter-sncf-2025.zip"
    if not path.exists():
        pytest.skip(f"real TER feed absent ({path})")
    from artois_access.feeds.read import read_feeds
    from artois_access.feeds.subset import filter_area

    return filter_area(read_feeds([path]), BBOX)


def _reference_trips(feed, reference):
    from artois_access.feeds.interpolation import interpolate_stop_times
    from artois_access.feeds.service import active_service_ids

    active = active_service_ids(feed, DATE).implode()
    trip_ids = feed.trips.filter(pl.col("service_id").is_in(active))["trip_id"].implode()
    stop_times, _ = interpolate_stop_times(feed)
    rows = stop_times.filter(pl.col("trip_id").is_in(trip_ids)).sort("trip_id", "stop_sequence")
    trips = []
    for (trip_id,), group in rows.group_by("trip_id", maintain_order=True):
        calls = tuple(
            (
                r["stop_id"],
                r["arrival_time"],
                r["departure_time"],
                r["pickup_type"] != 1,
                r["drop_off_type"] != 1,
            )
            for r in group.with_columns(
                pl.col("pickup_type").fill_null(0), pl.col("drop_off_type").fill_null(0)
            ).iter_rows(named=True)
        )
        trips.append(reference.VehicleTrip(trip_id, calls))
    return trips


def test_engine_equals_reference_on_ter(ter_feed, reference):
    stations = ter_feed.stops.filter(
        (pl.col("location_type") == 1)
        & pl.col("stop_lon").is_between(BBOX[0], BBOX[2])
        & pl.col("stop_lat").is_between(BBOX[1], BBOX[3])
    ).sort("stop_id")
    destinations = stations.select(
        pl.col("stop_id").alias("id"),
        pl.col("stop_lon").alias("lon"),
        pl.col("stop_lat").alias("lat"),
    )
    # Lens station, a point 500 m from it, Béthune and Hénin-Beaumont stations' surroundings.
    origins = pl.DataFrame(
        {
            "id": ["lens", "near_lens", "bethune", "henin"],
            "lon": [2.828301, 2.834, 2.6418, 2.9535],
            "lat": [50.426866, 50.4290, 50.5212, 50.4180],
        }
    )
    params = RoutingParameters(date=DATE, departure_from=dt.time(7), departure_to=dt.time(8))
    network = TransitNetwork.build(ter_feed, params)
    fast = network.minute_travel_seconds(origins, destinations)

    stops = {
        r["stop_id"]: (r["stop_lon"], r["stop_lat"])
        for r in ter_feed.stops.filter(pl.col("location_type").fill_null(0) == 0).iter_rows(
            named=True
        )
    }
    trips = _reference_trips(ter_feed, reference)
    dest_points = list(zip(destinations["lon"], destinations["lat"], strict=True))
    kw = dict(
        speed_kmh=3.6,
        detour=1.3,
        max_walk_s=1200,
        transfer_max_m=1000.0,
        board_slack_s=60,
        max_rides=8,
    )
    walks = reference.walk_tables(
        stops, dest_points, speed_kmh=3.6, detour=1.3, max_walk_s=1200, transfer_max_m=1000.0
    )
    max_s = params.max_time_s
    compared = 0
    for o, origin in enumerate(zip(origins["lon"], origins["lat"], strict=True)):
        for m in MINUTES:
            dep = 7 * 3600 + 60 * m
            slow = reference.arrivals(trips, stops, origin, dest_points, dep, walks=walks, **kw)
            for d in range(len(dest_points)):
                want = slow[d] - dep
                got = int(fast[o, d, m])
                if want < max_s or got < max_s:
                    assert got == want, (origins["id"][o], destinations["id"][d], m, got, want)
                    compared += 1
    assert compared > 300  # the comparison is not vacuous
    assert np.isfinite(fast).all()
