"""Loaders of official files: real files from ../shared/data, and broken files' messages."""

from __future__ import annotations

import geopandas as gpd
import polars as pl
import pytest
import shapely

from artois_access.errors import DataError
from artois_access.territory.cites_layer import read_cites
from artois_access.territory.education import read_education_establishments
from artois_access.territory.filosofi import parse_cell_id, read_filosofi_grid
from artois_access.territory.opportunity_points import read_opportunity_points

from .conftest import shared_file


@pytest.fixture(scope="module")
def filosofi():
    return read_filosofi_grid(shared_file("filosofi/filosofi_2021_200m_artois.gpkg"))


def test_filosofi_real_grid(filosofi):
    # README of the data: 26,139 populated cells; the Lens town-centre cell at 2.833 E, 50.4325 N.
    assert filosofi.height == 26_139
    assert filosofi["id"].is_unique().all()
    assert (filosofi["population"] >= 0).all()
    near_lens = filosofi.filter(
        ((pl.col("lon") - 2.833).abs() < 0.0015) & ((pl.col("lat") - 50.4325).abs() < 0.001)
    )
    assert near_lens.height >= 1


def test_filosofi_csv_and_errors(tmp_path):
    good = tmp_path / "grid.csv"
    good.write_text(
        "idcar_200m,ind\nCRS3035RES200mN3053000E3809800,12.5\nCRS3035RES200mN3053000E3810000,3\n"
    )
    grid = read_filosofi_grid(good)
    assert grid["x_3035"].to_list() == [3809800, 3810000]
    assert grid["population"].sum() == 15.5
    assert parse_cell_id("CRS3035RES200mN3053000E3809800") == (200, 3809800, 3053000)

    cases = {
        "idcar_200m,men\nCRS3035RES200mN1E2,1\n": "population column",
        "idcar_200m,ind\nCRS3035RES200mN3053000E3809800,-1\n": "negative",
        "idcar_200m,ind\nCRS3035RES200mN3053000E3809800,\n": "missing",
        "idcar_200m,ind\nA,1\nA,2\n": "duplicated",
        "idcar_200m,ind\ncell-1,1\n": "CRS3035RES200mN<y>E<x>",
    }
    for text, words in cases.items():
        broken = tmp_path / "broken.csv"
        broken.write_text(text)
        with pytest.raises(DataError, match=words):
            read_filosofi_grid(broken)


def test_education_real_file():
    schools = read_education_establishments(
        shared_file("education-lille-2021/colleges_lycees_academie_lille.geojson")
    )
    assert schools.height == 637
    assert schools["id"].is_unique().all()
    assert schools["lycee"].sum() == 169  # natures starting LYCEE...
    assert schools["college"].sum() == 328  # COLLEGE and COLLEGE SPECIALISE
    assert schools["lat"].is_between(50.0, 51.2).all()


def test_education_errors(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text("uai;nature;latitude;longitude\n0620001A;LYCEE;50.4;\n")
    with pytest.raises(DataError, match="without coordinates"):
        read_education_establishments(path)
    path.write_text("nom;latitude;longitude\nX;50.4;2.8\n")
    with pytest.raises(DataError, match="UAI"):
        read_education_establishments(path)


def test_opportunity_points(tmp_path, repo_root):
    sites = read_opportunity_points(repo_root / "grids/opportunities.gpkg", column="jobs")
    assert sites.filter(pl.col("id") == "hopital_lens")["jobs"].item() == 3150
    path = tmp_path / "jobs.csv"
    path.write_text("id,lon,lat,jobs\na,2.83,50.43,10\nb,2.84,50.44,-3\n")
    with pytest.raises(DataError, match="negative"):
        read_opportunity_points(path, column="jobs")
    with pytest.raises(DataError, match="missing column"):
        read_opportunity_points(path, column="beds")
    # Lambert-93 x/y: the Lens station (2.8283 E, 50.42687 N) is at (687,782 m; 7,036,606 m).
    l93 = tmp_path / "l93.csv"
    l93.write_text("id,x,y,jobs\ngare,687782,7036606,5\n")
    row = read_opportunity_points(l93, column="jobs").row(0, named=True)
    assert abs(row["lon"] - 2.8283) < 1e-4 and abs(row["lat"] - 50.42687) < 1e-4


def test_cites_layer(tmp_path, repo_root):
    cites = read_cites(repo_root / "grids/cites.gpkg")
    assert len(cites) >= 150 and cites.crs.to_epsg() == 4326
    points = gpd.GeoDataFrame(
        {"nom": ["Cité A", "Cité B"]}, geometry=[shapely.Point(2.8, 50.4)] * 2, crs=4326
    )
    points.to_file(tmp_path / "points.gpkg")
    read = read_cites(tmp_path / "points.gpkg", id_column=None)
    assert read["id"].tolist() == ["CITE-0001", "CITE-0002"] and read["name"].tolist() == [
        "Cité A",
        "Cité B",
    ]
    nameless = gpd.GeoDataFrame({"x": [1]}, geometry=[shapely.Point(2.8, 50.4)], crs=4326)
    nameless.to_file(tmp_path / "nameless.gpkg")
    with pytest.raises(DataError, match="name"):
        read_cites(tmp_path / "nameless.gpkg")
    negative = points.assign(dwellings=[10, -1])
    negative.to_file(tmp_path / "negative.gpkg")
    with pytest.raises(DataError, match="negative"):
        read_cites(tmp_path / "negative.gpkg")


def test_load_model_territory(territory):
    assert territory.cells["population"].sum() == 644_664
    assert {"id", "lon", "lat", "population", "jobs"} <= set(territory.cells.columns)
    assert all(path.exists() for path in territory.gtfs)
    kinds = set(territory.opportunities["kind"])
    assert kinds == {"job_site", "health", "university", "lycee"}
