"""The fast engine against the slow, obvious reference search, minute by minute.

Random small networks (hypothesis picks the seed and the parameters): loops, overtaking
trips, pickup/drop-off restrictions, short and long walks. For every origin, destination and
departure minute the transit arrival of the range-RAPTOR kernel must equal the reference's.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters

T7 = 7 * 3600


def compare(
    reference, gtfs_writer, stops, trips, points, *, date=dt.date(2025, 1, 27),
    start=dt.time(7, 0), end=dt.time(7, 15), shifts=None, slack=60, rides=8, walk_min=20,
    transfer_m=1000,
):  # fmt: skip
    """Route with the engine and with the reference; ``shifts`` maps a service id to the time
    its trips are moved by on ``date`` (default: every trip as written)."""
    params = RoutingParameters(
        date=date,
        departure_from=start,
        departure_to=end,
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
    ref_trips = []
    for tid, calls, *service in trips:
        shift = shifts[service[0]] if shifts else 0
        ref_trips.append(
            reference.VehicleTrip(
                tid, tuple((s, a + shift, d + shift, p != 1, o != 1) for s, a, d, p, o in calls)
            )
        )
    ref_stops = {sid: (lon, lat) for sid, lon, lat in stops}
    max_s = params.max_time_s
    compared = 0
    for o, origin in enumerate(points):
        for m in range(params.window_min):
            dep = params.departure_from_s + 60 * m
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
                    assert got == want, (o, d, m, got, want)
                    compared += 1
    # Percentiles: nearest rank over the per-minute seconds just checked, truncated to
    # minutes, strictly below max_time, then the walk-only trip and the origin itself.
    percentiles = (10, 50, 90)
    summary = network.travel_times(places, percentiles=percentiles)
    n = fast.shape[2]
    for o, origin in enumerate(points):
        for d, dest in enumerate(points):
            values = sorted(int(v) for v in fast[o, d])
            walk, _ = reference.walk_seconds(origin, dest, speed_kmh=3.6, detour=1.3)
            for q, p in enumerate(percentiles):
                pick = values[(p * n + 99) // 100 - 1]
                minute = pick // 60 if pick < max_s else None
                if walk <= walk_min * 60 and walk < max_s:
                    minute = walk // 60 if minute is None else min(minute, walk // 60)
                if o == d:
                    minute = 0
                got = int(summary[o, d, q])
                assert got == (65535 if minute is None else minute), (o, d, p, got, minute)
    return compared


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
    stops, trips, points = gtfs_writer.random_network(seed)
    compare(
        reference, gtfs_writer, stops, trips, points, slack=slack, rides=rides,
        walk_min=walk_min, transfer_m=transfer_m,
    )  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6), evening=st.booleans())
def test_service_days_around_midnight_equal_reference(reference, gtfs_writer, seed, evening):
    # Tuesday 2025-01-28. Trips of Monday and Tuesday written around 24:00 (23:45-25:xx), trips
    # of Wednesday written just after 00:00. On Tuesday, Monday's trips run 24 h earlier and
    # Wednesday's 24 h later: the reference gets them moved so, the engine works it out.
    stops, night, points = gtfs_writer.random_network(
        seed, start_s=24 * 3600, services=("MON", "TUE")
    )
    _, early, _ = gtfs_writer.random_network(seed + 1, start_s=1200, services=("WED",))
    n = len(stops)
    early = [
        (f"w{tid}", [(f"s{int(c[0][1:]) % n}", *c[1:]) for c in calls], service)
        for tid, calls, service in early
    ]
    start, end = (dt.time(23, 40), dt.time(23, 55)) if evening else (dt.time(0), dt.time(0, 15))
    compare(
        reference, gtfs_writer, stops, night + early, points, date=dt.date(2025, 1, 28),
        start=start, end=end, shifts={"MON": -86400, "TUE": 0, "WED": 86400},
    )  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10**6),
    exact=st.lists(st.booleans(), min_size=3, max_size=3),
    headway_min=st.lists(st.integers(3, 15), min_size=3, max_size=3),
    split=st.booleans(),
    slack=st.sampled_from([0, 60]),
    rides=st.integers(1, 4),
)
def test_monte_carlo_draws_equal_reference(
    reference, gtfs_writer, seed, exact, headway_min, split, slack, rides
):
    # Up to three trips become frequency templates, each with one entry 06:50-07:40 (or, with
    # ``split``, two: 06:50-07:15 at its headway and 07:15-07:40 at 5 min). As R5, minute m and
    # draw r give each inexact entry a phase φ[m, r, slot] from the table
    # default_rng(0).integers(0, headways, size=(N, draws, slots)), slots in (trip_id, start)
    # order; vehicles leave at start + φ + k·headway before the end (φ = 0 for exact_times=1).
    # The reference routes minute m of draw r with that draw's vehicles; the engine's column
    # r·N + m must agree.
    stops, trips, points = gtfs_writer.random_network(seed)
    n_templates = min(3, len(trips))
    t650, t715, t740 = T7 - 600, T7 + 900, T7 + 2400
    entries = []
    for i in range(n_templates):
        tid = trips[i][0]
        if split:
            entries.append((tid, t650, t715, 60 * headway_min[i], int(exact[i])))
            entries.append((tid, t715, t740, 300, int(exact[i])))
        else:
            entries.append((tid, t650, t740, 60 * headway_min[i], int(exact[i])))
    params = RoutingParameters(
        date=dt.date(2025, 1, 27), departure_from=dt.time(7), departure_to=dt.time(7, 10),
        max_time_min=60, draws_per_minute=3, board_slack_s=slack, max_rides=rides,
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = gtfs_writer.write_gtfs(Path(tmp) / "net", stops, trips, frequencies=entries)
        network = TransitNetwork.build([folder], params)
    places = pl.DataFrame(
        {"id": [f"p{i}" for i in range(4)], "lon": [p[0] for p in points],
         "lat": [p[1] for p in points]}
    )  # fmt: skip
    fast = network.minute_travel_seconds(places)
    inexact = sorted((e for e in entries if not e[4]), key=lambda e: (e[0], e[1]))
    n_draws = 3 if inexact else 1
    assert network.timetable.n_draws == n_draws
    n = params.window_min
    headways = np.array([e[3] for e in inexact], dtype=np.int64)
    phases = np.random.default_rng(0).integers(0, headways, size=(n, n_draws, len(inexact)))
    assert np.array_equal(network.timetable.frequency_phases, phases)
    ref_stops = {sid: (lon, lat) for sid, lon, lat in stops}
    walks = reference.walk_tables(
        ref_stops, points, speed_kmh=3.6, detour=1.3, max_walk_s=1200, transfer_max_m=1000
    )
    scheduled = [
        reference.VehicleTrip(tid, tuple((s, a, d, p != 1, o != 1) for s, a, d, p, o in c))
        for tid, c in trips[n_templates:]
    ]
    templates = dict(trips[:n_templates])
    for r in range(n_draws):
        for m in range(n):
            vehicles = list(scheduled)
            for tid, start, end, headway, is_exact in entries:
                phase = (
                    0
                    if is_exact
                    else int(phases[m, r, inexact.index((tid, start, end, headway, 0))])
                )
                calls = templates[tid]
                for t0 in range(start + phase, end, headway):
                    shift = t0 - calls[0][2]
                    vehicles.append(
                        reference.VehicleTrip(
                            f"{tid}@{t0}",
                            tuple((s, a + shift, d + shift, p != 1, o != 1)
                                  for s, a, d, p, o in calls),
                        )
                    )  # fmt: skip
            dep = T7 + 60 * m
            for o, origin in enumerate(points):
                slow = reference.arrivals(
                    vehicles, ref_stops, origin, points, dep, speed_kmh=3.6, detour=1.3,
                    max_walk_s=1200, transfer_max_m=1000, board_slack_s=slack, max_rides=rides,
                    walks=walks,
                )  # fmt: skip
                for d in range(4):
                    want = slow[d] - dep
                    got = int(fast[o, d, r * n + m])
                    if want < 3600 or got < 3600:
                        assert got == want, (r, o, d, m, got, want)
    # Percentiles over the N minutes × draws values (nearest rank, truncated, < max_time).
    summary = network.travel_times(places, percentiles=(20, 50, 80))
    n = fast.shape[2]
    for o in range(4):
        for d in range(4):
            values = sorted(int(v) for v in fast[o, d])
            for q, p in enumerate((20, 50, 80)):
                pick = values[(p * n + 99) // 100 - 1]
                if o == d:
                    want = 0
                elif pick < 3600:
                    want = pick // 60
                else:
                    want = 65535
                walk, _ = reference.walk_seconds(points[o], points[d], speed_kmh=3.6, detour=1.3)
                if walk <= 1200:
                    want = min(want, walk // 60)
                assert summary[o, d, q] == want, (o, d, p)
