"""Audit of the kernel on a realistic network: the embedded Artois model (TADAO + TER model
feeds), Tuesday 2025-01-28, against the slow reference search, minute by minute.

Three origins (200 m cells of the model grid: Lens centre, a mining cité, a rural village),
about fifty destination cells, departures 07:00, 07:13 and 07:37, max_time 90 min, every other
parameter at its default. The reference gets the trips running that morning (service of the
28th, and of the 27th shifted by -24 h, kept when they overlap 07:00-09:07), built directly
from the feed tables; the engine compiles the whole feeds. Same arrival seconds everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters

DATE = dt.date(2025, 1, 28)
MINUTES = (0, 13, 37)
MAX_TIME_MIN = 90
DAY_S = 86_400
# (name, lon, lat): each snapped to the nearest populated cell of the grid.
PLACES = (
    ("lens_centre", 2.8318, 50.4322),
    ("rural", 2.7010, 50.3900),  # Ablain-Saint-Nazaire
)


@pytest.fixture(scope="module")
def model():
    root = Path(__file__).resolve().parents[2]
    feeds = [root / "gtfs" / "tadao-model.zip", root / "gtfs" / "ter-model.zip"]
    grid = root / "grids" / "population_200m.gpkg"
    cites = root / "grids" / "cites.gpkg"
    if not all(p.exists() for p in (*feeds, grid, cites)):
        pytest.skip("Artois model files absent (gtfs/*-model.zip, grids/*.gpkg)")
    import pyogrio

    from artois_access.feeds.read import read_feeds

    cells = pl.from_pandas(
        pyogrio.read_dataframe(
            grid, read_geometry=False, columns=["id", "lon", "lat", "population"]
        )
    ).filter(pl.col("population") > 0)
    cite = pyogrio.read_dataframe(cites).to_crs(4326).geometry.representative_point().iloc[0]
    return read_feeds(feeds), cells, (cite.x, cite.y)


def _nearest_cell(cells: pl.DataFrame, lon: float, lat: float) -> dict:
    d2 = (cells["lon"] - lon) ** 2 + ((cells["lat"] - lat) * 1.57) ** 2
    return cells.row(int(d2.arg_min()), named=True)


def _reference_trips(feed, reference):
    """Vehicle runs of that morning: (trip, service-day shift) for the 27th and the 28th."""
    from artois_access.feeds.interpolation import interpolate_stop_times
    from artois_access.feeds.service import active_service_ids

    stop_times, _ = interpolate_stop_times(feed)
    stop_times = stop_times.with_columns(
        pl.col("pickup_type").fill_null(0), pl.col("drop_off_type").fill_null(0)
    ).sort("trip_id", "stop_sequence")
    lo, hi = 7 * 3600, 7 * 3600 + 60 * MINUTES[-1] + 60 * MAX_TIME_MIN
    trips = []
    for shift, date in ((-DAY_S, DATE - dt.timedelta(days=1)), (0, DATE)):
        active = active_service_ids(feed, date).implode()
        ids = feed.trips.filter(pl.col("service_id").is_in(active))["trip_id"].implode()
        rows = stop_times.filter(pl.col("trip_id").is_in(ids))
        spans = rows.group_by("trip_id").agg(
            pl.col("departure_time").min().alias("first"), pl.col("arrival_time").max()
        )
        keep = spans.filter(
            (pl.col("first") + shift <= hi) & (pl.col("arrival_time") + shift >= lo)
        )["trip_id"].implode()
        for (trip_id,), group in rows.filter(pl.col("trip_id").is_in(keep)).group_by(
            "trip_id", maintain_order=True
        ):
            calls = tuple(
                (s, a + shift, d + shift, p != 1, o != 1)
                for s, a, d, p, o in group.select(
                    "stop_id", "arrival_time", "departure_time", "pickup_type", "drop_off_type"
                ).iter_rows()
            )
            trips.append(reference.VehicleTrip(f"{trip_id}@{shift}", calls))
    return trips


def _walk_tables(reference, stops, destinations):
    """The reference's walk tables (its own walk_seconds), computed only for pairs within
    1.2 km as the crow flies (a 20-minute walk at 3.6 km/h with the 1.3 detour is 923 m)."""
    from scipy.spatial import cKDTree

    ids = list(stops)
    xy = np.array([stops[i] for i in ids])
    scale = np.array([111_320 * math.cos(math.radians(50.45)), 110_574])
    tree = cKDTree(xy * scale)
    kw = dict(speed_kmh=3.6, detour=1.3)
    transfers = {i: [] for i in ids}
    for a, b in sorted(tree.query_pairs(1200.0)):
        w, dist = reference.walk_seconds(stops[ids[a]], stops[ids[b]], **kw)
        if w <= 1200 and dist <= 1000.0:
            transfers[ids[a]].append((ids[b], w))
            transfers[ids[b]].append((ids[a], w))
    egress = {i: [] for i in ids}
    dest_xy = np.array(destinations) * scale
    for d, near in enumerate(tree.query_ball_point(dest_xy, 1200.0)):
        for a in near:
            w, _ = reference.walk_seconds(stops[ids[a]], destinations[d], **kw)
            if w <= 1200:
                egress[ids[a]].append((d, w))
    return transfers, egress


def test_kernel_equals_reference_on_artois_model(model, reference):
    feed, cells, cite = model
    origins = [
        _nearest_cell(cells, lon, lat)
        for lon, lat in (PLACES[0][1:], cite, PLACES[1][1:])
    ]  # fmt: skip
    # ~50 destinations: every k-th populated cell by id, plus each origin's neighbours.
    sample = cells.sort("id").gather_every(cells.height // 45)
    near = [
        cells.with_columns(
            ((pl.col("lon") - o["lon"]) ** 2 + (pl.col("lat") - o["lat"]) ** 2).alias("d2")
        )
        .sort("d2")
        .slice(1, 2)
        .drop("d2")
        for o in origins
    ]
    destinations = pl.concat([sample, *near]).unique("id", keep="first", maintain_order=True)
    origin_frame = pl.DataFrame(origins).select("id", "lon", "lat")
    params = RoutingParameters(
        date=DATE,
        departure_from=dt.time(7),
        departure_to=dt.time(7, MINUTES[-1] + 1),
        max_time_min=MAX_TIME_MIN,
    )
    network = TransitNetwork.build(feed, params)
    fast = network.minute_travel_seconds(origin_frame, destinations.select("id", "lon", "lat"))

    stops = {
        sid: (lon, lat)
        for sid, lon, lat in feed.stops.filter(pl.col("location_type").fill_null(0) == 0)
        .select("stop_id", "stop_lon", "stop_lat")
        .iter_rows()
    }  # fmt: skip
    trips = _reference_trips(feed, reference)
    dest_points = list(zip(destinations["lon"], destinations["lat"], strict=True))
    walks = _walk_tables(reference, stops, dest_points)
    max_s = params.max_time_s
    compared = 0
    reached = 0
    for o, origin in enumerate(origins):
        for m in MINUTES:
            dep = 7 * 3600 + 60 * m
            slow = reference.arrivals(
                trips, stops, (origin["lon"], origin["lat"]), dest_points, dep, speed_kmh=3.6,
                detour=1.3, max_walk_s=1200, transfer_max_m=1000.0, board_slack_s=60,
                max_rides=8, walks=walks,
            )  # fmt: skip
            for d in range(len(dest_points)):
                want = slow[d] - dep
                got = int(fast[o, d, m])
                if want < max_s or got < max_s:
                    assert got == want, (origin["id"], destinations["id"][d], m, got, want)
                    reached += 1
                compared += 1
    # 3 origins × ~50 destinations × 3 minutes, a good share reached within 90 minutes.
    print(f"compared {compared}, reached {reached}, {len(trips)} reference runs")
    assert compared >= 3 * 45 * 3
    assert reached > compared // 4
