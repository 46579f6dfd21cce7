"""The matrix writer: an interruption mid-write leaves nothing; a finished file is shared."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from artois_access.routing.matrix import write_travel_time_matrix
from artois_access.routing.network import TransitNetwork
from artois_access.routing.parameters import RoutingParameters
from artois_access.territory.places import places_from_lonlat


@pytest.fixture(scope="module")
def headway_network(networks_dir):
    params = RoutingParameters(
        date=dt.date(2025, 1, 27), departure_from=dt.time(7), departure_to=dt.time(8)
    )
    return TransitNetwork.build(networks_dir / "headway", params)


@pytest.mark.parametrize("name", ["ttm.csv", "ttm.parquet"])
def test_interrupt_mid_write_leaves_no_file(headway_network, tmp_path, name):
    places = places_from_lonlat(["a", "b", "c"], [0.0, 0.2, 0.1], [0.0, 0.0, 0.0])

    def interrupted():
        batches = headway_network.iter_travel_time_batches(places, batch_size=1)
        yield next(batches)  # one batch is written, then Ctrl-C
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_travel_time_matrix(
            headway_network, places, None, tmp_path / name, batches=interrupted()
        )
    assert list(tmp_path.iterdir()) == []


def test_written_matrix_has_the_mode_of_a_new_file(headway_network, tmp_path):
    places = places_from_lonlat(["a"], [0.0], [0.0])
    out = tmp_path / "ttm.csv"
    write_travel_time_matrix(headway_network, places, None, out)
    umask = os.umask(0)
    os.umask(umask)
    # mkstemp makes 0600 files; the published matrix is readable as any new file would be.
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_parquet_bytes_do_not_depend_on_the_batch_size(headway_network, tmp_path, monkeypatch):
    import polars as pl
    import pyarrow.parquet as pq

    import artois_access.routing.matrix as matrix

    monkeypatch.setattr(matrix, "PARQUET_ROW_GROUP_ROWS", 2)
    places = places_from_lonlat(["a", "b", "c"], [0.0, 0.2, 0.1], [0.0, 0.0, 0.0])
    outs = []
    for batch_size in (1, 2, 3):
        out = tmp_path / f"ttm{batch_size}.parquet"
        write_travel_time_matrix(headway_network, places, None, out, batch_size=batch_size)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    rows = pl.read_parquet(tmp_path / "ttm1.parquet").height
    groups = pq.ParquetFile(tmp_path / "ttm1.parquet").metadata.num_row_groups
    assert groups == -(-rows // 2)  # row groups of 2 rows, the last one possibly shorter
