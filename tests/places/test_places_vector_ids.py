"""Ids of vector layers: missing ones reported, whole numbers kept whole, empty layers named."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from artois_access.errors import DataError
from artois_access.territory.places import read_places

POINTS = [shapely.Point(2.8, 50.4), shapely.Point(2.9, 50.5), shapely.Point(3.0, 50.6)]


def test_integer_ids_read_as_floats_stay_whole(tmp_path):
    # An integer column with a gap comes back from GDAL as float64: 1.0, 3.0.
    path = tmp_path / "places.gpkg"
    layer = gpd.GeoDataFrame({"id": [1, None, 3]}, geometry=POINTS, crs=4326).iloc[[0, 2]]
    layer.to_file(path)
    assert read_places(path)["id"].to_list() == ["1", "3"]


@pytest.mark.parametrize("suffix", ["gpkg", "geojson"])
def test_missing_id_is_one_clear_error(tmp_path, suffix):
    path = tmp_path / f"places.{suffix}"
    gpd.GeoDataFrame({"id": ["a", None]}, geometry=POINTS[:2], crs=4326).to_file(path)
    with pytest.raises(DataError, match=r"1 place\(s\) have an empty id"):
        read_places(path)


def test_empty_geojson(tmp_path):
    path = tmp_path / "places.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(DataError, match="the layer has no places"):
        read_places(path)
