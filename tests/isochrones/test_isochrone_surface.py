"""Travel-time surface with a stand-in router (times = straight distance / speed)."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import polars as pl
import pytest
import shapely

from artois_access.isochrones.map_figure import draw_isochrone_map
from artois_access.isochrones.polygons import isochrone_polygons
from artois_access.isochrones.surface import travel_time_surface
from artois_access.routing.walking import haversine_m

SPEED_M_PER_MIN = 300.0  # a stand-in for a fast network: 18 km/h everywhere


def straight_router(origins: pl.DataFrame, destinations: pl.DataFrame) -> np.ndarray:
    d = haversine_m(
        origins["lon"].to_numpy()[:, None],
        origins["lat"].to_numpy()[:, None],
        destinations["lon"].to_numpy()[None, :],
        destinations["lat"].to_numpy()[None, :],
    )
    return d / SPEED_M_PER_MIN


def stops_along(lon0, lat0, n=60):
    """Stops every ~250 m on a 15 km east-west line, so every grid point near it is routed."""
    lons = lon0 + np.linspace(-0.105, 0.105, n)
    return pl.DataFrame({"stop_lon": lons, "stop_lat": np.full(n, lat0)})


def test_surface_gives_disc_clipped_to_the_walk_band(tmp_path):
    origin = pl.DataFrame({"id": ["lens"], "lon": [2.828], "lat": [50.427]})
    stops = stops_along(2.828, 50.427)
    surface = travel_time_surface(
        origin, stops, straight_router, cell_size_m=100, walk_reach_m=1200
    )
    records = isochrone_polygons(surface, [5, 10])
    # Within 5 min: a disc of radius 1,500 m around the origin, cut by the band of
    # ±1,200 m around the stop line (only points near a stop or the origin are routed):
    # area = disc minus two caps beyond |y| = 1200.
    r, h = 1500.0, 1200.0
    cap = r * r * math.acos(h / r) - h * math.sqrt(r * r - h * h)
    expected = math.pi * r * r - 2 * cap
    assert records[0]["area_km2"] * 1e6 == pytest.approx(expected, rel=0.06)
    assert records[0]["geometry"].within(records[1]["geometry"].buffer(1e-6))
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs=surface.crs)
    lines = gpd.GeoDataFrame(
        {"route_type": [3]},
        geometry=[shapely.LineString([(2.72, 50.427), (2.93, 50.427)])],
        crs="EPSG:4326",
    )
    out = draw_isochrone_map(frame, tmp_path / "map.png", lines=lines, title="test")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_set_of_origins_takes_the_minimum():
    origins = pl.DataFrame({"id": ["a", "b"], "lon": [2.75, 2.90], "lat": [50.427, 50.427]})
    stops = stops_along(2.828, 50.427)
    both = travel_time_surface(origins, stops, straight_router, cell_size_m=200)
    one = travel_time_surface(origins[:1], stops, straight_router, cell_size_m=200)
    assert np.all(both.times_min <= one.times_min)
    assert (both.times_min < one.times_min).any()
