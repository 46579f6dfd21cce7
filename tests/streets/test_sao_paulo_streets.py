"""Street walking on r5py's São Paulo sample (../shared/data/sao-paulo), checked against networkx
shortest paths on the same graph, against a brute-force nearest segment, and against the straight
line. Skipped when the data is absent."""

import io
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import polars as pl
import pytest

from artois_access.routing.street_walking import StreetWalking, walk_seconds
from artois_access.routing.walking import Points, StraightLineWalking

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sao-paulo"
OSM = DATA / "spo_osm.pbf"
GTFS = DATA / "spo_gtfs.zip"
HEXGRID = DATA / "spo_hexgrid.csv"

pytestmark = pytest.mark.skipif(
    not (OSM.is_file() and GTFS.is_file() and HEXGRID.is_file()),
    reason=f"São Paulo sample data absent from {DATA}",
)


@pytest.fixture(scope="module")
def walking(tmp_path_factory):
    return StreetWalking(OSM, cache_dir=tmp_path_factory.mktemp("spo-cache"))


@pytest.fixture(scope="module")
def hexgrid():
    cells = pl.read_csv(HEXGRID)
    return Points(lon=cells["lon"].to_numpy(), lat=cells["lat"].to_numpy())


@pytest.fixture(scope="module")
def stops():
    with zipfile.ZipFile(GTFS) as archive:
        table = pl.read_csv(io.BytesIO(archive.read("stops.txt")))
    return Points(lon=table["stop_lon"].to_numpy(), lat=table["stop_lat"].to_numpy())


def rows(links, i):
    cut = slice(links.indptr[i], links.indptr[i + 1])
    return dict(zip(links.index[cut].tolist(), links.seconds[cut].tolist(), strict=True))


def networkx_seconds(walking, sources, targets, limit_m, sample):
    """Per sampled source, {target: seconds} by networkx Dijkstra on the spliced graph."""
    graph = walking.spliced_graph(sources, targets)
    g = nx.Graph()
    for u, v, w in zip(
        graph.edge_u.tolist(), graph.edge_v.tolist(), graph.edge_length_m.tolist(), strict=True
    ):
        if not g.has_edge(u, v) or g[u][v]["weight"] > w:
            g.add_edge(u, v, weight=w)
    n_src = len(sources)
    node_to_target = {int(n): j for j, n in enumerate(graph.point_node[n_src:]) if n >= 0}
    out = {}
    for i in sample:
        node = int(graph.point_node[i])
        if node < 0:
            out[i] = {}
            continue
        lengths = nx.single_source_dijkstra_path_length(g, node, cutoff=limit_m)
        found = {node_to_target[n]: d for n, d in lengths.items() if n in node_to_target}
        secs = walk_seconds(np.array(list(found.values())), walking.walk_speed_m_s)
        out[i] = {
            j: int(s)
            for j, s in zip(found, secs.tolist(), strict=True)
            if s <= walking.max_walk_time_s
        }
    return out


def test_walk_only_times_agree_with_networkx(walking, hexgrid):
    links = walking.direct_links(hexgrid, hexgrid)
    sample = np.random.default_rng(0).choice(len(hexgrid), size=40, replace=False).tolist()
    expected = networkx_seconds(walking, hexgrid, hexgrid, walking._max_walk_m(), sample)
    n_pairs = 0
    for i in sample:
        assert rows(links, i) == expected[i], i
        n_pairs += len(expected[i])
    assert n_pairs > 500  # the sample really exercises the network


def test_access_and_transfer_times_agree_with_networkx(walking, hexgrid, stops):
    access = walking.access_links(hexgrid, stops)
    sample = list(range(0, len(hexgrid), 9))
    expected = networkx_seconds(walking, hexgrid, stops, walking._max_walk_m(), sample)
    for i in sample:
        assert rows(access, i) == expected[i], i
    transfers = walking.transfer_links(stops)
    linked = np.flatnonzero(walking.link(stops).linked)[::7].tolist()
    limit = min(walking._max_walk_m(), walking.transfer_max_distance_m)
    expected = networkx_seconds(walking, stops, stops, limit, linked)
    for i in linked:
        expected[i].pop(i, None)  # a stop never transfers to itself
        assert rows(transfers, i) == expected[i], i


def test_points_link_to_the_nearest_segment(walking, hexgrid):
    """Brute force over every segment, in the linking plane."""
    links = walking.link(hexgrid)
    index = walking._segment_index
    px, py = index.to_plane(hexgrid.lon, hexgrid.lat)
    dx, dy = index.vx - index.ux, index.vy - index.uy
    norm2 = np.where(dx * dx + dy * dy > 0, dx * dx + dy * dy, 1.0)
    for i in range(0, len(hexgrid), 5):
        t = np.clip(((px[i] - index.ux) * dx + (py[i] - index.uy) * dy) / norm2, 0, 1)
        dist = np.hypot(index.ux + t * dx - px[i], index.uy + t * dy - py[i])
        chosen = links.edge[i]
        assert chosen >= 0
        assert dist[chosen] <= dist.min() + 1e-6


def test_street_walks_never_beat_the_straight_line(walking, hexgrid, stops):
    straight = StraightLineWalking(detour_factor=1.0)
    for sources, targets, links in (
        (hexgrid, hexgrid, walking.direct_links(hexgrid, hexgrid)),
        (hexgrid, stops, walking.access_links(hexgrid, stops)),
    ):
        src = np.repeat(np.arange(links.n_from), np.diff(links.indptr))
        line = straight.walk_seconds(
            sources.lon[src], sources.lat[src], targets.lon[links.index], targets.lat[links.index]
        )
        assert (links.seconds >= line).all()
        # ... and street walking reaches fewer pairs than straight lines at the same speed.
        assert len(links.index) <= len(straight.direct_links(sources, targets).index)


def test_stops_off_the_extract_are_reported(walking, stops, hexgrid):
    # The GTFS covers more of the city than the OSM extract: such stops are named, never routed.
    unlinked = walking.unlinked(stops)
    assert 0 < len(unlinked) < len(stops)
    access = walking.access_links(hexgrid, stops)
    assert not np.isin(access.index, unlinked).any()
    assert len(walking.unlinked(hexgrid)) == 0
