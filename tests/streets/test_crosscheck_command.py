"""``artois-access crosscheck``: one line and exit 1 without R5; the comparison with a stand-in R5."""

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from artois_access.cli import main
from artois_access.routing import r5py_engine

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
    real = r5py_engine.importlib.util.find_spec
    monkeypatch.setattr(
        r5py_engine.importlib.util,
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
    from artois_access.routing.network import TransitNetwork

    def fake_r5(gtfs, origins, destinations, parameters, *, osm_path, r5_jar, all_pairs):
        times = TransitNetwork.build(gtfs, parameters, osm_path=osm_path).travel_times(
            origins, destinations
        )
        n_o, n_d = len(origins), len(destinations)
        minutes = times[:, :, 0].ravel().astype(np.float64)
        minutes[minutes == 65535] = np.nan
        return pl.DataFrame(
            {
                "from_id": np.repeat(origins["id"].to_numpy(), n_d),
                "to_id": np.tile(destinations["id"].to_numpy(), n_o),
                "travel_time_p50": pl.Series(minutes, nan_to_null=True).cast(pl.UInt16),
            }
        )

    monkeypatch.setattr(r5py_engine, "load_r5py", lambda jar=None: None)
    monkeypatch.setattr(r5py_engine, "r5py_travel_time_matrix", fake_r5)
    monkeypatch.setenv("ARTOIS_ACCESS_CACHE", str(tmp_path))
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert "60 sampled pairs" in out
    assert "p50: equal 100.0%, within 1 min 100.0%" in out
