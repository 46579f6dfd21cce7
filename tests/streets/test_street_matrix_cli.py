"""``artois-access matrix --osm`` on the São Paulo sample: it runs, and its walk-only times agree with
networkx shortest paths on the same street graph, to the second (hence to the minute)."""

from pathlib import Path

import networkx as nx
import numpy as np
import polars as pl
import pytest

from artois_access.cli import main
from artois_access.routing.street_walking import StreetWalking, walk_seconds
from artois_access.routing.walking import Points

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sao-paulo"
OSM, GTFS, HEXGRID = DATA / "spo_osm.pbf", DATA / "spo_gtfs.zip", DATA / "spo_hexgrid.csv"
pytestmark = pytest.mark.skipif(
    not (OSM.is_file() and GTFS.is_file() and HEXGRID.is_file()),
    reason=f"São Paulo sample data absent from {DATA}",
)

# A feed whose only trip runs at 22:00, far outside the 07:00-07:30 window: the date has service,
# but every travel time of the matrix is a walk-only time.
LATE_FEED = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\n"
    "A,Late,https://example.org,America/Sao_Paulo\n",
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\n"
    "S1,One,-23.5500,-46.6350\nS2,Two,-23.5600,-46.6300\n",
    "routes.txt": "route_id,agency_id,route_short_name,route_type\nR,A,1,3\n",
    "trips.txt": "route_id,service_id,trip_id\nR,WK,T1\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
    "T1,22:00:00,22:00:00,S1,1\nT1,22:10:00,22:10:00,S2,2\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
    "start_date,end_date\nWK,1,1,1,1,1,0,0,20190101,20191231\n",
}
WINDOW = ["--date", "2019-05-13", "--from", "07:00", "--to", "07:30"]


def test_matrix_with_osm_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTOIS_ACCESS_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "ttm.csv"
    args = ["matrix", "--osm", str(OSM), "--gtfs", str(GTFS), "--origins", str(HEXGRID)]
    assert main([*args, *WINDOW, "--out", str(out)]) == 0
    table = pl.read_csv(out)
    assert table.columns == ["from_id", "to_id", "travel_time_p50"]
    assert table.height > 10_000
    assert table["travel_time_p50"].max() < 120
    # the second run starts from the cached street network and gives the same bytes
    again = tmp_path / "again.csv"
    assert main([*args, *WINDOW, "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_walk_only_matrix_agrees_with_networkx(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTOIS_ACCESS_CACHE", str(tmp_path / "cache"))
    feed = tmp_path / "late"
    feed.mkdir()
    for name, text in LATE_FEED.items():
        (feed / name).write_text(text)
    cells = pl.read_csv(HEXGRID).select("id", "lon", "lat")
    cells = cells[np.random.default_rng(1).choice(cells.height, 80, replace=False).tolist()]
    cells_csv = tmp_path / "cells.csv"
    cells.write_csv(cells_csv)
    out = tmp_path / "walk.csv"
    args = ["matrix", "--osm", str(OSM), "--gtfs", str(feed), "--origins", str(cells_csv)]
    assert main([*args, *WINDOW, "--all-pairs", "--out", str(out)]) == 0
    got = pl.read_csv(out, schema_overrides={"from_id": pl.Utf8, "to_id": pl.Utf8})

    # Expected: networkx Dijkstra on the street graph with the cells spliced in.
    walking = StreetWalking(OSM, cache_dir=tmp_path / "cache")
    points = Points(lon=cells["lon"].to_numpy(), lat=cells["lat"].to_numpy())
    graph = walking.spliced_graph(points, points)
    g = nx.Graph()
    for u, v, w in zip(
        graph.edge_u.tolist(), graph.edge_v.tolist(), graph.edge_length_m.tolist(), strict=True
    ):
        if not g.has_edge(u, v) or g[u][v]["weight"] > w:
            g.add_edge(u, v, weight=w)
    n = cells.height
    ids = cells["id"].to_list()
    expected = {}
    for i in range(n):
        lengths = nx.single_source_dijkstra_path_length(
            g, int(graph.point_node[i]), cutoff=walking._max_walk_m()
        )
        for j in range(n):
            node = int(graph.point_node[n + j])
            minutes = None
            if i == j:
                minutes = 0  # an origin that is the destination: 0 (ROUTING_SEMANTICS)
            elif node in lengths:
                seconds = int(walk_seconds(np.array([lengths[node]]), walking.walk_speed_m_s)[0])
                if seconds <= walking.max_walk_time_s:
                    minutes = seconds // 60
            expected[(ids[i], ids[j])] = minutes
    got_map = {(a, b): t for a, b, t in got.iter_rows()}
    assert got_map == expected
    assert sum(v is not None for v in expected.values()) > 5 * n  # many walks exercised
