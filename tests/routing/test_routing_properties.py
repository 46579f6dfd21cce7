"""Invariants of the router on random networks (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artois_access.routing.matrix import travel_time_matrix
from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _params(**kw) -> RoutingParameters:
    return RoutingParameters(
        date=dt.date(2025, 1, 27),
        departure_from=dt.time(7, 0),
        departure_to=dt.time(7, 15),
        max_time_min=60,
        **kw,
    )


def _points(points) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [f"p{i}" for i in range(len(points))],
            "lon": [p[0] for p in points],
            "lat": [p[1] for p in points],
        }
    )


def _seconds(gtfs_writer, stops, trips, points, params) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        folder = gtfs_writer.write_gtfs(Path(tmp) / "net", stops, trips)
        network = TransitNetwork.build([folder], params)
    raw = network.minute_travel_seconds(_points(points))
    return np.minimum(raw, params.max_time_s)


@SETTINGS
@given(seed=st.integers(0, 10**6), extra=st.integers(0, 10**6), rides=st.integers(1, 3))
def test_adding_a_trip_never_lengthens_a_travel_time(gtfs_writer, seed, extra, rides):
    stops, trips, points = gtfs_writer.random_network(seed)
    _, more_trips, _ = gtfs_writer.random_network(extra)
    # A trip of the other network, on this network's stops (ids s0..s2 always exist).
    n = len(stops)
    added = [
        (f"x{i}", [(f"s{int(s[1:]) % n}", a, d, p, o) for s, a, d, p, o in calls])
        for i, (_, calls) in enumerate(more_trips[:1])
    ]
    added = [(tid, calls) for tid, calls in added if _no_repeat(calls)]
    params = _params(max_rides=rides)
    before = _seconds(gtfs_writer, stops, trips, points, params)
    after = _seconds(gtfs_writer, stops, trips + added, points, params)
    assert (after <= before).all()


def _no_repeat(calls) -> bool:
    return all(a[0] != b[0] for a, b in itertools.pairwise(calls))


@SETTINGS
@given(seed=st.integers(0, 10**6))
def test_percentiles_are_ordered(gtfs_writer, seed):
    stops, trips, points = gtfs_writer.random_network(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = gtfs_writer.write_gtfs(Path(tmp) / "net", stops, trips)
        frame = travel_time_matrix(
            [folder],
            _points(points),
            date=dt.date(2025, 1, 27),
            departure_from=dt.time(7, 0),
            departure_to=dt.time(7, 15),
            percentiles=(25, 50, 75),
            max_time_min=60,
        )
    big = 10**6
    p25, p50, p75 = (frame[f"travel_time_p{p}"].fill_null(big).to_numpy() for p in (25, 50, 75))
    assert (p25 <= p50).all() and (p50 <= p75).all()


@SETTINGS
@given(
    seed=st.integers(0, 10**6),
    order_seed=st.integers(0, 1000),
    frequency=st.booleans(),
    batch_size=st.sampled_from([1, 3]),
)
def test_results_do_not_depend_on_the_order_of_origins(
    gtfs_writer, seed, order_seed, frequency, batch_size
):
    # With ``frequency`` the first trip runs every 7 min (exact_times=0): Monte Carlo phases
    # are drawn per (minute, draw, entry) up front, so origins routed in another order, in
    # other batches (other threads), get the same values.
    stops, trips, points = gtfs_writer.random_network(seed)
    entries = [(trips[0][0], 6 * 3600 + 3000, 8 * 3600, 420, 0)] if frequency else []
    origins = _points(points)
    shuffled = origins.sample(fraction=1.0, shuffle=True, seed=order_seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = gtfs_writer.write_gtfs(Path(tmp) / "net", stops, trips, frequencies=entries)
        params = _params(percentiles=(50, 90))
        network = TransitNetwork.build([folder], params)
    assert network.timetable.n_draws == (5 if frequency else 1)
    a = network.travel_times(origins)
    b = network.travel_times(shuffled, origins, batch_size=batch_size)
    position = {pid: i for i, pid in enumerate(shuffled["id"].to_list())}
    for i, pid in enumerate(origins["id"].to_list()):
        assert np.array_equal(a[i], b[position[pid]])
    raw_a = network.minute_travel_seconds(origins)
    raw_b = network.minute_travel_seconds(shuffled, origins)
    for i, pid in enumerate(origins["id"].to_list()):
        assert np.array_equal(raw_a[i], raw_b[position[pid]])
