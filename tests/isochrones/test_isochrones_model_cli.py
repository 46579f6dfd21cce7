"""``artois-access isochrones`` on the embedded model (skipped when the model is absent)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from artois_access.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lens_isochrones(tmp_path_factory):
    if not (ROOT / "gtfs" / "ter-model.zip").exists():
        pytest.skip("the embedded model's feeds are not built")
    out = tmp_path_factory.mktemp("iso")
    code = main(
        ["isochrones", "--stop-id", "TER-lens", "--cutoff", "15", "--cutoff", "30",
         "--cutoff", "45", "--cell-size", "200", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    return out


def test_nested_polygons_from_the_station(lens_isochrones):
    frame = gpd.read_file(lens_isochrones / "isochrones.gpkg")
    assert frame["cutoff_min"].tolist() == [15, 30, 45]
    polygons = frame.geometry.tolist()
    for small, large in itertools.pairwise(polygons):
        assert shapely.difference(small, large).area == pytest.approx(0, abs=1e-3)
        assert large.area > small.area
    # The station itself is inside the 15-minute polygon.
    geo = gpd.read_file(lens_isochrones / "isochrones.geojson")
    assert geo.crs.to_epsg() == 4326
    assert geo.geometry.iloc[0].contains(shapely.Point(2.8283, 50.42687))
    manifest = json.loads((lens_isochrones / "manifest.json").read_text())
    assert manifest["command"] == "isochrones"
    assert set(manifest["row_counts"]) == {
        "isochrones.geojson",
        "isochrones.gpkg",
        "isochrones.png",
    }
