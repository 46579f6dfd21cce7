"""``artois-access matrix``: outputs, manifest, determinism, one-line errors; the dask path."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import polars as pl
import pytest

from artois_access.cli import main
from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters


@pytest.fixture
def places_csv(tmp_path):
    path = tmp_path / "places.csv"
    # On the stops of the "headway" network (A at lon 0, C at lon 0.2) and one far away.
    path.write_text("id,lon,lat\noA,0.0,0.0\ndC,0.2,0.0\nfar,1.0,0.0\n")
    return path


def _args(networks_dir, places_csv, out, *extra):
    return [
        "matrix",
        "--gtfs", str(networks_dir / "headway"),
        "--origins", str(places_csv),
        "--date", "2025-01-27",
        "--from", "07:00",
        "--to", "08:00",
        "--out", str(out),
        *extra,
    ]  # fmt: skip


def test_matrix_csv_and_manifest(networks_dir, places_csv, tmp_path):
    out = tmp_path / "ttm.csv"
    args = _args(networks_dir, places_csv, out, "--percentile", "50", "--percentile", "95")
    assert main(args) == 0
    frame = pl.read_csv(out)
    assert frame.columns == ["from_id", "to_id", "travel_time_p50", "travel_time_p95"]
    rows = {(r[0], r[1]): (r[2], r[3]) for r in frame.iter_rows()}
    # See test_percentiles_over_a_20_minute_headway: p50 40, p95 49. Each place reaches itself.
    assert rows[("oA", "dC")] == (40, 49)
    assert rows[("far", "far")] == (0, 0)
    assert ("far", "oA") not in rows  # unreached pairs are left out
    manifest = json.loads((tmp_path / "ttm.csv.manifest.json").read_text())
    assert manifest["row_counts"]["rows"] == frame.height
    assert manifest["parameters"]["percentiles"] == [50, 95]
    assert len(manifest["inputs"]["gtfs"][0]["sha256"]) == 64
    first = out.read_bytes()
    assert main(args) == 0
    assert out.read_bytes() == first  # deterministic bytes


def test_matrix_parquet_all_pairs(networks_dir, places_csv, tmp_path):
    out = tmp_path / "ttm.parquet"
    assert main(_args(networks_dir, places_csv, out, "--all-pairs", "--batch-size", "2")) == 0
    frame = pl.read_parquet(out)
    assert frame.height == 9
    assert frame.schema["travel_time_p50"] == pl.UInt16
    assert frame["from_id"].to_list() == ["oA"] * 3 + ["dC"] * 3 + ["far"] * 3
    assert frame.filter(pl.col("from_id") == "far", pl.col("to_id") == "oA")[
        "travel_time_p50"
    ].to_list() == [None]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--gtfs": "missing.zip"}, "missing.zip"),
        ({"--date": "2025-13-40"}, "--date"),
        ({"--date": "2030-01-01"}, "no service on 2030-01-01"),
        ({"--from": "7h"}, "--from"),
        ({"--to": "06:00"}, "window"),
        ({"--percentile": "0"}, "percentile 0"),
        ({"--origins": "nowhere.csv"}, "nowhere.csv"),
        ({"--out": "ttm.txt"}, ".csv or .parquet"),
    ],
)
def test_bad_input_one_line_exit_1_no_output(
    networks_dir, places_csv, tmp_path, capsys, change, message
):
    out = tmp_path / "ttm.csv"
    args = _args(networks_dir, places_csv, out)
    for option, value in change.items():
        if option in args:
            index = args.index(option)
            args[index + 1] = str(tmp_path / value) if option in ("--gtfs", "--origins") else value
        else:
            args += [option, value]
    if "--out" in change:
        args[args.index("--out") + 1] = str(tmp_path / change["--out"])
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("artois-access: error:")
    assert len(err.splitlines()) == 1
    assert message in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["places.csv"]


def test_dask_batches_equal_the_in_process_path(networks_dir):
    from dask.distributed import Client, LocalCluster

    from artois_access.routing.distributed import dask_travel_time_batches

    params = RoutingParameters(
        date=dt.date(2025, 1, 27), departure_from=dt.time(7), departure_to=dt.time(7, 30),
        percentiles=(50, 90),
    )  # fmt: skip
    network = TransitNetwork.build([networks_dir / "transfer"], params)
    places = pl.DataFrame(
        {"id": list("abcdef"), "lon": [0.0, 0.1, 0.101, 0.2, 0.102, 0.3], "lat": [0.0] * 6}
    )
    local = network.travel_times(places)
    with (
        LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        batches = list(dask_travel_time_batches(network, places, batch_size=4, client=client))
    assert [len(b.origin_idx) for b in batches] == [4, 2]
    assert np.array_equal(np.concatenate([b.times for b in batches]), local)


def _headway_network(networks_dir):
    params = RoutingParameters(
        date=dt.date(2025, 1, 27), departure_from=dt.time(7), departure_to=dt.time(8),
        percentiles=(50, 95),
    )  # fmt: skip
    return TransitNetwork.build([networks_dir / "headway"], params)


def test_streamed_bytes_do_not_depend_on_batch_size(networks_dir, tmp_path):
    from artois_access.routing.matrix import write_travel_time_matrix

    network = _headway_network(networks_dir)
    places = pl.DataFrame({"id": ["x", "a", "c"], "lon": [0.5, 0.0, 0.2], "lat": [0.0] * 3})
    outputs = []
    for batch_size in (1, 2, 256):
        out = tmp_path / f"ttm{batch_size}.csv"
        write_travel_time_matrix(network, places, None, out, batch_size=batch_size)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].decode().splitlines()[:3] == [
        "from_id,to_id,travel_time_p50,travel_time_p95",
        "x,x,0,0",
        "a,a,0,0",
    ]


def test_monte_carlo_bytes_depend_on_the_seed_only(networks_dir, tmp_path):
    # Line F every 600 s with a random phase per (minute, draw): same seed, same bytes whatever
    # the batch size; another seed gives other phases (here other percentiles).
    from artois_access.routing.matrix import write_travel_time_matrix

    places = pl.DataFrame(
        {"id": ["a", "b", "x"], "lon": [0.0, 0.1, 0.05], "lat": [0.0, 0.0, 0.001]}
    )
    outputs = {}
    for seed, batch_size in ((0, 1), (0, 256), (1, 256), (2, 256)):
        params = RoutingParameters(
            date=dt.date(2025, 1, 27), departure_from=dt.time(7), departure_to=dt.time(7, 30),
            percentiles=(10, 50, 90), seed=seed, detour_factor=1.0,
        )  # fmt: skip
        network = TransitNetwork.build([networks_dir / "frequencies_inexact"], params)
        out = tmp_path / f"ttm{seed}_{batch_size}.csv"
        write_travel_time_matrix(network, places, None, out, batch_size=batch_size)
        outputs[seed, batch_size] = out.read_bytes()
    assert outputs[0, 1] == outputs[0, 256]
    assert outputs[0, 256] != outputs[1, 256] or outputs[0, 256] != outputs[2, 256]


def test_a_failed_stream_leaves_no_file(networks_dir, tmp_path):
    from artois_access.routing.matrix import write_travel_time_matrix

    network = _headway_network(networks_dir)
    places = pl.DataFrame({"id": ["a", "c"], "lon": [0.0, 0.2], "lat": [0.0] * 2})

    def failing():
        yield from network.iter_travel_time_batches(places, batch_size=1)
        raise RuntimeError("worker lost")

    for name in ("ttm.csv", "ttm.parquet"):
        with pytest.raises(RuntimeError, match="worker lost"):
            write_travel_time_matrix(network, places, None, tmp_path / name, batches=failing())
    assert list(tmp_path.iterdir()) == []


def test_matrix_reports_unlinked_places_by_id(networks_dir, tmp_path, monkeypatch, capsys):
    # A walking model that cannot link the places east of lon 0.5 (as the street model does for
    # points more than 1,600 m from any way): 12 such origins, named on stderr (the first 10
    # and the count) and all listed in the manifest.
    import artois_access.routing.network as network_module
    from artois_access.routing.walking import StraightLineWalking

    class PartlyLinked(StraightLineWalking):
        __slots__ = ()

        def unlinked_ids(self, ids, points):
            return [str(i) for i, lon in zip(ids, points.lon, strict=True) if lon > 0.5]

    def model(parameters, osm_path):
        return PartlyLinked(
            walk_speed_kmh=parameters.walk_speed_kmh,
            detour_factor=parameters.detour_factor,
            max_walk_time_min=parameters.max_walk_time_min,
            transfer_max_distance_m=parameters.transfer_max_distance_m,
        )

    monkeypatch.setattr(network_module, "walking_model", model)
    places = tmp_path / "places.csv"
    far = [f"far{i:02d}" for i in range(12)]
    places.write_text("id,lon,lat\noA,0.0,0.0\n" + "".join(f"{f},1.0,0.0\n" for f in far))
    dests = tmp_path / "dests.csv"
    dests.write_text("id,lon,lat\ndC,0.2,0.0\n")
    out = tmp_path / "ttm.csv"
    args = _args(networks_dir, places, out, "--destinations", str(dests))
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "12 origins lie more than 1,600 m from any walkable way" in err
    assert ", ".join(far[:10]) + " (and 2 more)" in err
    assert "destinations lie" not in err
    manifest = json.loads((tmp_path / "ttm.csv.manifest.json").read_text())
    assert manifest["unlinked"] == {"origins": far, "destinations": []}
