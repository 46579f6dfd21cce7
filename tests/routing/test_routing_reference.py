"""The fast engine against the slow, obvious reference search, minute by minute.

Random small networks (hypothesis picks the seed and the parameters): loops, overtaking
trips, pickup/drop-off restrictions, short and long walks. For every origin, destination and
departure minute the transit arrival of the range-RAPTOR kernel must equal the reference's.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters

T7 = 7 * 3600


def compare(reference, gtfs_writer, seed, slack, rides, walk_min, transfer_m):
    stops, trips, points = gtfs_writer.random_network(seed)
    params = RoutingParameters(
        date=dt.date(2025, 1, 27),
        departure_from=dt.time(7, 0),
        departure_to=dt.time(7, 15),
        max_time_min=60,
        board_slack_s=slack,
        max_rides=rides,
        max_walk_time_min=walk_min,
        transfer_max_distance_m=transfer_m,
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = gtfs_writer.write_gtfs(Path(tmp) / "net", stops, trips)
        network = TransitNetwork.build([folder], params)
    places = pl.DataFrame(
        {
            "id": [f"p{i}" for i in range(len(points))],
            "lon": [p[0] for p in points],
            "lat": [p[1] for p in points],
        }
    )
    fast = network.minute_travel_seconds(places)
    ref_trips = [
        reference.VehicleTrip(tid, tuple((s, a, d, p != 1, o != 1) for s, a, d, p, o in calls))
        for tid, calls in trips
    ]
    ref_stops = {sid: (lon, lat) for sid, lon, lat in stops}
    max_s = params.max_time_s
    for o, origin in enumerate(points):
        for m in range(params.window_min):
            dep = T7 + 60 * m
            slow = reference.arrivals(
                ref_trips,
                ref_stops,
                origin,
                points,
                dep,
                speed_kmh=3.6,
                detour=1.3,
                max_walk_s=walk_min * 60,
                transfer_max_m=transfer_m,
                board_slack_s=slack,
                max_rides=rides,
            )
            for d in range(len(points)):
                want = slow[d] - dep
                got = int(fast[o, d, m])
                if want < max_s or got < max_s:
                    assert got == want, (seed, o, d, m, got, want)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10**6),
    slack=st.sampled_from([0, 60, 120]),
    rides=st.integers(1, 3),
    walk_min=st.sampled_from([5, 10, 20]),
    transfer_m=st.sampled_from([0, 300, 1000]),
)
def test_fast_engine_equals_reference_on_random_networks(
    reference, gtfs_writer, seed, slack, rides, walk_min, transfer_m
):
    compare(reference, gtfs_writer, seed, slack, rides, walk_min, transfer_m)
