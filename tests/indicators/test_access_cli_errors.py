"""Bad input to ``artois-access access`` / ``isochrones``: one line on stderr, exit 1, no
traceback, and nothing routed."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from artois_access.cli import main

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sao-paulo"


@pytest.fixture
def spo_files(tmp_path):
    gtfs = DATA / "spo_gtfs.zip"
    if not gtfs.exists():
        pytest.skip(f"São Paulo sample not found in {DATA.resolve()}")
    origins = tmp_path / "origins.csv"
    origins.write_text("id,lon,lat,population\na,-46.63,-23.55,10\nb,-46.64,-23.56,20\n")
    destinations = tmp_path / "dest.csv"
    destinations.write_text("id,lon,lat,jobs\nx,-46.63,-23.55,5\ny,-46.64,-23.56,-3\n")
    return gtfs, origins, destinations


def run_cli(args, capsys):
    code = main(args)
    err = capsys.readouterr().err.strip()
    return code, err


def base(spo_files, tmp_path):
    gtfs, origins, destinations = spo_files
    return ["access", "--gtfs", str(gtfs), "--date", "2019-05-14", "--origins", str(origins),
            "--destinations", str(destinations), "--out", str(tmp_path / "out")]  # fmt: skip


def test_unknown_opportunity_column(spo_files, tmp_path, capsys):
    code, err = run_cli([*base(spo_files, tmp_path), "--opportunity", "schools"], capsys)
    assert code == 1
    assert err.count("\n") == 0 and "'schools' not found" in err


def test_negative_count(spo_files, tmp_path, capsys):
    code, err = run_cli(base(spo_files, tmp_path), capsys)
    assert code == 1 and "negative" in err and "jobs" in err and "\n" not in err


def test_cutoff_above_max_time(spo_files, tmp_path, capsys):
    code, err = run_cli([*base(spo_files, tmp_path), "--cutoff", "90", "--max-time", "60"], capsys)
    assert code == 1 and "above max_time" in err


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_places_without_crs(spo_files, tmp_path, capsys):
    cites = tmp_path / "cites.gpkg"
    gpd.GeoDataFrame({"id": ["k"]}, geometry=[shapely.box(0, 0, 1, 1)]).to_file(
        cites, engine="pyogrio"
    )
    code, err = run_cli([*base(spo_files, tmp_path), "--cites", str(cites)], capsys)
    assert code == 1 and "no CRS" in err


def test_isochrones_needs_exactly_one_origin(tmp_path, capsys):
    code, err = run_cli(["isochrones", "--out", str(tmp_path)], capsys)
    assert code == 1 and "exactly one origin" in err
    code, err = run_cli(
        ["isochrones", "--lon", "2.8", "--lat", "50.4", "--cutoff", "200", "--out", str(tmp_path)],
        capsys,
    )
    assert code == 1 and "above --max-time" in err


def test_precomputed_matrix_gives_the_same_table_as_routing(tmp_path, capsys):
    gtfs = DATA / "spo_gtfs.zip"
    if not gtfs.exists():
        pytest.skip(f"São Paulo sample not found in {DATA.resolve()}")
    grid = str(DATA / "spo_hexgrid.csv")
    window = ["--date", "2019-05-14", "--from", "07:00", "--to", "08:00", "--max-time", "60"]
    assert (
        main(
            [
                "matrix",
                "--gtfs",
                str(gtfs),
                "--origins",
                grid,
                *window,
                "--out",
                str(tmp_path / "tt.parquet"),
            ]
        )
        == 0
    )
    common = [
        "--origins",
        grid,
        "--destinations",
        grid,
        "--cutoff",
        "30",
        "--nearest",
        "schools:1",
        "--format",
        "csv",
    ]
    assert (
        main(["access", "--gtfs", str(gtfs), *window, *common, "--out", str(tmp_path / "a")]) == 0
    )
    assert (
        main(
            [
                "access",
                "--matrix",
                str(tmp_path / "tt.parquet"),
                *common,
                "--max-time",
                "60",
                "--out",
                str(tmp_path / "b"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    routed = (tmp_path / "a" / "access_cells.csv").read_text()
    assert routed == (tmp_path / "b" / "access_cells.csv").read_text()
    assert "cum_jobs_30min_p50" in routed.splitlines()[0]
