"""``artois-access crosscheck``: one line and exit 1 without R5; the comparison with a stand-in R5."""

from pathlib import Path

import pytest

from artois_access.cli import main
from artois_access.routing import r5py_engine, r5py_runtime

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sao-paulo"
OSM, GTFS, HEXGRID = DATA / "spo_osm.pbf", DATA / "spo_gtfs.zip", DATA / "spo_hexgrid.csv"
needs_data = pytest.mark.skipif(
    not (OSM.is_file() and GTFS.is_file() and HEXGRID.is_file()),
    reason=f"São Paulo sample data absent from {DATA}",
)
ARGS = [
    "crosscheck",
    "--gtfs",
    str(GTFS),
    "--osm",
    str(OSM),
    "--origins",
    str(HEXGRID),
    "--date",
    "2019-05-13",
    "--from",
    "07:00",
    "--to",
    "07:30",
    "--sample",
    "60",
]


def test_without_r5py_one_line_and_exit_1(monkeypatch, capsys, tmp_path):
    real = r5py_runtime.importlib.util.find_spec
    monkeypatch.setattr(
        r5py_runtime.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "r5py" else real(name, *a),
    )
    monkeypatch.chdir(tmp_path)
    assert main(ARGS) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("artois-access: error: crosscheck needs R5")
    assert "pip install 'artois-access[r5]'" in err
    assert list(tmp_path.iterdir()) == []


@needs_data
def test_against_a_stand_in_r5_that_agrees(monkeypatch, capsys, tmp_path):
    """R5 replaced by the built-in engine itself: every sampled pair must agree."""
    from artois_access.routing.matrix import travel_time_matrix

    def fake_r5(feeds, origins, destinations=None, *, r5_jar=None, walking=None, **keywords):
        return travel_time_matrix(feeds, origins, destinations, **keywords)

    monkeypatch.setattr(r5py_runtime, "load_r5py", lambda jar=None: None)
    monkeypatch.setattr(r5py_engine, "r5py_travel_time_matrix", fake_r5)
    monkeypatch.setenv("ARTOIS_ACCESS_CACHE", str(tmp_path))
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert "60 sampled pairs" in out
    assert "p50: equal 100.0%, within 1 min 100.0%" in out
