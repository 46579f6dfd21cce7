"""The coverage rule of the TADAO model: cités and population near a stop, Bulles untouched."""

from __future__ import annotations

import io
import json
import math
import zipfile

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from artois_access.territory.crs import LAEA_EUROPE, LAMBERT93, WGS84, transformer
from artois_access.territory.model.stop_placement import LineRoute, StopRegistry, Waypoint
from artois_access.territory.model.tadao_coverage import _cheapest_insertion


def _stops_l93(territory) -> np.ndarray:
    frames = []
    for path in (territory.paths.tadao_gtfs, territory.paths.ter_gtfs):
        with zipfile.ZipFile(territory.paths.root / path) as archive:
            frames.append(pl.read_csv(io.BytesIO(archive.read("stops.txt")), infer_schema_length=0))
    stops = pl.concat([f.select("stop_lon", "stop_lat") for f in frames]).cast(pl.Float64)
    x, y = transformer(WGS84, LAMBERT93).transform(
        stops["stop_lon"].to_numpy(), stops["stop_lat"].to_numpy()
    )
    return np.column_stack([x, y])


def test_every_cite_centre_within_600_m_of_a_stop(territory):
    tree = cKDTree(_stops_l93(territory))
    points = territory.cites.to_crs(LAMBERT93).geometry.representative_point()
    distance, _ = tree.query(np.column_stack([points.x, points.y]))
    # The spec's rule puts a stop within cite_max_distance_m = 500 m of each cité centre.
    assert distance.max() <= 600.0


def test_95_percent_of_population_within_900_m_of_a_stop(territory):
    cells = territory.cells
    x, y = transformer(LAEA_EUROPE, LAMBERT93).transform(
        cells["x_3035"].to_numpy() + 100.0, cells["y_3035"].to_numpy() + 100.0
    )
    distance, _ = cKDTree(_stops_l93(territory)).query(np.column_stack([x, y]))
    population = cells["population"].to_numpy()
    assert population[distance <= 900.0].sum() >= 0.95 * population.sum()


def test_manifest_lists_the_derived_waypoints_on_non_bulle_lines(repo_root):
    manifest = json.loads((repo_root / "grids/model_manifest.json").read_text(encoding="utf-8"))
    added = manifest["tadao_coverage_waypoints"]
    assert len(added) == manifest["counts"]["tadao_coverage_waypoints"] > 0
    assert {a["reason"] for a in added} <= {"cite", "population"}
    assert not any(a["line"].startswith("B") for a in added)


def test_cheapest_insertion_by_hand():
    a = Waypoint(name="a", x_m=0.0, y_m=0.0)
    b = Waypoint(name="b", x_m=1000.0, y_m=0.0)
    c = Waypoint(name="c", x_m=1000.0, y_m=1000.0)
    line = LineRoute(line_id="L", stop_spacing_m=300.0, editable=True, waypoints=(a, b, c))
    bulle = LineRoute(line_id="B", stop_spacing_m=300.0, editable=False, waypoints=(a, c))
    # Between a and b: 2 * hypot(500, 100) - 1000 = 19.80 m; the Bulle is never bent.
    r, k, detour = _cheapest_insertion([bulle, line], 500.0, 100.0, None)
    assert (r, k) == (1, 1)
    assert math.isclose(detour, 2 * math.hypot(500, 100) - 1000)
    # Past the terminus c: a new terminus costs the distance to it (300 m).
    assert _cheapest_insertion([line], 1000.0, 1300.0, None)[1:] == (3, 300.0)
    # No allowance left on the line: nowhere to insert.
    assert _cheapest_insertion([line], 500.0, 100.0, {"L": 10.0})[0] == -1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 2000)), max_size=60))
def test_stop_registry_merges_like_brute_force(points):
    registry = StopRegistry(120.0)
    xs: list[float] = []
    ys: list[float] = []
    for x, y in points:
        d2 = [(px - x) ** 2 + (py - y) ** 2 for px, py in zip(xs, ys, strict=True)]
        nearest = int(np.argmin(d2)) if d2 else -1
        if nearest >= 0 and d2[nearest] <= 120.0**2:
            expected = nearest
        else:
            expected = len(xs)
            xs.append(x)
            ys.append(y)
        assert registry.add(float(x), float(y), "s") == expected
