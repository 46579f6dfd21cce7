"""Bad or unusual input across commands: one ``artois-access: error:`` line, exit 1, no
traceback, no output file left behind."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from artois_access.cli import main

HEADWAY = Path(__file__).resolve().parents[1] / "routing" / "networks" / "headway"


def _fails(capsys, argv: list[str], *expected: str) -> str:
    """Run the CLI; assert exit 1 and a single error line holding ``expected``."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("artois-access: error: ")
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def places_csv(tmp_path):
    path = tmp_path / "places.csv"
    # On the stops of the "headway" network: A at lon 0, C at lon 0.2.
    path.write_text("id,lon,lat\noA,0.0,0.0\ndC,0.2,0.0\n")
    return path


def _matrix(gtfs, origins, out, *extra) -> list[str]:
    return [
        "matrix", *[a for g in gtfs for a in ("--gtfs", str(g))],
        "--origins", str(origins),
        "--date", "2025-01-27", "--from", "07:00", "--to", "08:00",
        "--out", str(out), *extra,
    ]  # fmt: skip


def _no_output(folder: Path) -> None:
    left = [p.name for p in folder.iterdir() if p.name.startswith(".") or "ttm" in p.name]
    assert left == [], left


def test_matrix_out_is_a_folder(capsys, tmp_path, places_csv):
    out = tmp_path / "ttm.csv"
    out.mkdir()
    _fails(capsys, _matrix([HEADWAY], places_csv, out), "is a folder")
    assert not any(out.iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_matrix_same_feed_twice(capsys, tmp_path, places_csv):
    out = tmp_path / "ttm.csv"
    # The same folder under two spellings: its trips would count twice.
    twice = [HEADWAY, HEADWAY.parent / "." / "headway"]
    _fails(capsys, _matrix(twice, places_csv, out), "given twice")
    _no_output(tmp_path)


@pytest.mark.parametrize(
    ("table", "edit", "message"),
    [
        ("stop_times", None, "stop_times.txt has no usable rows"),
        ("trips", None, "trips.txt has no usable rows"),
        ("calendar", None, "define no usable service day"),
        # ISO dates are not GTFS dates: every calendar row is dropped.
        ("calendar", ("20250101", "2025-01-01"), "define no usable service day"),
    ],
)
def test_matrix_feed_without_a_timetable(capsys, tmp_path, places_csv, table, edit, message):
    feed = tmp_path / "feed"
    shutil.copytree(HEADWAY, feed)
    text = (HEADWAY / f"{table}.txt").read_text()
    # No edit: keep the header only.
    text = text.splitlines()[0] + "\n" if edit is None else text.replace(*edit)
    (feed / f"{table}.txt").write_text(text)
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([feed], places_csv, out), message, "feeds validate")
    _no_output(tmp_path)


def test_matrix_zip_inside_a_zip(capsys, tmp_path, places_csv):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        for member in HEADWAY.glob("*.txt"):
            archive.write(member, member.name)
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "inner.zip")
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([outer], places_csv, out), "inner.zip", "extract it first")
    _no_output(tmp_path)


def test_matrix_semicolon_csv_with_decimal_commas(capsys, tmp_path):
    # A French spreadsheet export: ';' separator, decimal commas, ids with leading zeros.
    origins = tmp_path / "places.csv"
    origins.write_bytes("\ufeffid;lon;lat\r\n001;0,0;0,0\r\n002;0,2;0\r\n".encode())
    out = tmp_path / "ttm.csv"
    assert main(_matrix([HEADWAY], origins, out)) == 0
    # From 001 (stop A) to 002 (stop C): p50 40 min, as in the routing matrix CLI test.
    assert out.read_text().splitlines() == [
        "from_id,to_id,travel_time_p50",
        "001,001,0",
        "001,002,40",
        "002,002,0",
    ]


def test_matrix_geopackage_with_several_layers(capsys, tmp_path):
    import geopandas as gpd
    import shapely

    gpkg = tmp_path / "places.gpkg"
    points = [shapely.Point(0, 0), shapely.Point(0.2, 0)]
    gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=points, crs=4326).to_file(gpkg, layer="first")
    gpd.GeoDataFrame({"id": ["z"]}, geometry=points[:1], crs=4326).to_file(gpkg, layer="second")
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([HEADWAY], gpkg, out), "2 layers", f"{gpkg}:first")
    assert not out.exists()
    _fails(capsys, _matrix([HEADWAY], f"{gpkg}:third", out), "no layer 'third'")
    assert main(_matrix([HEADWAY], f"{gpkg}:second", out)) == 0
    assert out.read_text().splitlines() == ["from_id,to_id,travel_time_p50", "z,z,0"]


def test_matrix_empty_origins_file(capsys, tmp_path):
    origins = tmp_path / "places.csv"
    origins.write_text("")
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([HEADWAY], origins, out), "empty", "id,lon,lat")
    _no_output(tmp_path)


@pytest.mark.parametrize("command", ["validate", "stats"])
def test_feeds_out_must_be_a_csv_file(capsys, tmp_path, command):
    date = ["--date", "2025-01-27"] if command == "stats" else []
    xlsx = tmp_path / "table.xlsx"
    _fails(
        capsys, ["feeds", command, str(HEADWAY), *date, "--out", str(xlsx)], "name the file .csv"
    )
    assert not xlsx.exists()
    folder = tmp_path / "table.csv"
    folder.mkdir()
    _fails(capsys, ["feeds", command, str(HEADWAY), *date, "--out", str(folder)], "is a folder")
    assert not any(folder.iterdir())


def test_demo_out_is_a_file(capsys, tmp_path):
    out = tmp_path / "report.csv"
    out.write_text("keep me\n")
    _fails(capsys, ["demo", "--out", str(out)], "is a file, not a folder")
    assert out.read_text() == "keep me\n"


def test_matrix_warns_when_no_origin_reaches_a_stop(capsys, tmp_path):
    # lat/lon swapped: (50.4, 2.8) is a valid point, ~5,600 km from the network at (0, 0).
    origins = tmp_path / "places.csv"
    origins.write_text("id,lon,lat\na,50.4,2.8\nb,50.41,2.8\n")
    out = tmp_path / "ttm.csv"
    assert main(_matrix([HEADWAY], origins, out)) == 0
    err = capsys.readouterr().err
    assert "none of the 2 origins" in err and "not swapped" in err
    manifest = (tmp_path / "ttm.csv.manifest.json").read_text()
    assert '"origins_without_stop_in_walk": 2' in manifest


def test_model_build_out_dir_is_a_file(capsys, tmp_path):
    out = tmp_path / "model"
    out.write_text("keep me\n")
    _fails(capsys, ["model", "build", "--out-dir", str(out)], "is a file, not a folder")
    assert out.read_text() == "keep me\n"


def test_model_build_incomplete_spec_dir(capsys, tmp_path):
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "communes.csv").write_text("insee\n")
    out = tmp_path / "model"
    _fails(capsys, ["model", "build", "--out-dir", str(out), "--spec-dir", str(spec)], "missing")
    _fails(capsys, ["model", "build", "--out-dir", str(out), "--spec-dir", str(tmp_path / "no")])
    assert not out.exists()


def test_matrix_origins_without_an_id_column_then_named(capsys, tmp_path):
    geojson = tmp_path / "schools.geojson"
    geojson.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"uai": "0620001A"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}'
    )
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([HEADWAY], geojson, out), "no 'id' column", "--origins-id")
    assert not out.exists()
    assert main(_matrix([HEADWAY], geojson, out, "--origins-id", "uai")) == 0
    assert out.read_text().splitlines()[1] == "0620001A,0620001A,0"


def test_matrix_gtfs_folder_holding_a_zip(capsys, tmp_path, places_csv):
    folder = tmp_path / "downloads"
    folder.mkdir()
    with zipfile.ZipFile(folder / "feed.zip", "w") as archive:
        for member in HEADWAY.glob("*.txt"):
            archive.write(member, member.name)
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([folder], places_csv, out), "holds feed.zip", "give the path")
    assert not out.exists()


def test_matrix_origins_csv_is_a_folder(capsys, tmp_path):
    origins = tmp_path / "places.csv"
    origins.mkdir()
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([HEADWAY], origins, out), "cannot be read")
    assert not out.exists()


def test_disk_full_mid_write_is_one_line_and_leaves_nothing(
    capsys, tmp_path, places_csv, monkeypatch
):
    import errno

    import polars as pl

    def full(self, file, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(file))

    monkeypatch.setattr(pl.DataFrame, "write_csv", full)
    out = tmp_path / "ttm.csv"
    _fails(capsys, _matrix([HEADWAY], places_csv, out), "No space left on device")
    assert [p.name for p in tmp_path.iterdir()] == ["places.csv"]


def test_matrix_out_in_a_missing_folder_creates_it(tmp_path, places_csv):
    # Every output of the toolkit creates its folder (demo, access, feeds --out); so does matrix.
    out = tmp_path / "results" / "2025" / "ttm.csv"
    assert main(_matrix([HEADWAY], places_csv, out)) == 0
    assert out.read_text().startswith("from_id,to_id,travel_time_p50")
    assert sorted(p.name for p in out.parent.iterdir()) == ["ttm.csv", "ttm.csv.manifest.json"]
