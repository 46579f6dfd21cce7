"""Reading place layers: CSV in WGS84 or Lambert-93, vector files, and the errors users meet."""

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from artois_access.errors import DataError
from artois_access.territory.places import read_places

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def test_csv_wgs84_keeps_attributes_as_numbers(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("\ufeffid,lon,lat,jobs,name\na,2.83,50.43,10,Lens\nb,2.78,50.42,0,Liévin\n")
    places = read_places(path)
    assert places.columns == ["id", "lon", "lat", "jobs", "name"]
    assert places["jobs"].to_list() == [10, 0]
    assert places["lon"].to_list() == [2.83, 2.78]


def test_csv_lambert93_is_converted(tmp_path):
    # Lens station (lon 2.8283, lat 50.4269) is at x=687,782 y=7,036,610 in Lambert-93.
    path = tmp_path / "o.csv"
    path.write_text("id,x,y\nlens,687782,7036610\n")
    places = read_places(path)
    assert places["lon"][0] == pytest.approx(2.8283, abs=1e-4)
    assert places["lat"][0] == pytest.approx(50.4269, abs=1e-4)


def test_polygons_give_a_point_inside(tmp_path):
    gdf = gpd.GeoDataFrame({"id": [1]}, geometry=[box(2.8, 50.4, 2.9, 50.5)], crs="EPSG:4326")
    path = tmp_path / "p.gpkg"
    gdf.to_file(path)
    places = read_places(path)
    assert places["id"].to_list() == ["1"]
    assert 2.8 < places["lon"][0] < 2.9 and 50.4 < places["lat"][0] < 50.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,lon,lat\na,2.8,50.4\na,2.9,50.5\n", "duplicate id"),
        ("name,lon,lat\na,2.8,50.4\n", "no 'id' column"),
        ("id,lon,lat\na,abc,50.4\n", "non-numeric"),
        ("id,lon,lat\na,200,50.4\n", "invalid coordinates"),
        ("id,a,b\nx,1,2\n", "needs 'lon' and 'lat'"),
    ],
)
def test_bad_csv_gives_one_clear_error(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=message) as info:
        read_places(path)
    assert "\n" not in str(info.value)
    assert "bad.csv" in str(info.value)


def test_vector_without_crs_is_refused(tmp_path):
    gdf = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(2.8, 50.4)])
    from artois_access.territory.places import geodataframe_to_places

    with pytest.raises(DataError, match="no CRS"):
        geodataframe_to_places(gdf, source="layer")


def test_real_education_file_reads_as_places():
    path = DATA / "education-lille-2021" / "colleges_lycees_academie_lille.geojson"
    if not path.exists():
        pytest.skip(f"{path} absent")
    places = read_places(path, id_column="Code etablissement")
    assert places.height == 637
    assert places["lat"].min() > 49.9 and places["lat"].max() < 51.2


def test_layer_with_its_own_lon_lat_columns_keeps_them_aside(tmp_path):
    # A grid layer stores cell-centre lon/lat as attributes besides its geometry.
    gdf = gpd.GeoDataFrame(
        {"cell": ["c1"], "lon": [9.0], "lat": [9.0], "id": [7]},
        geometry=[Point(2.83, 50.43)],
        crs="EPSG:4326",
    )
    path = tmp_path / "grid.gpkg"
    gdf.to_file(path)
    places = read_places(path, id_column="cell")
    assert places["id"].to_list() == ["c1"]
    assert places["lon"][0] == pytest.approx(2.83)
    assert places["lon_source"][0] == 9.0
    assert places["id_source"][0] == 7
