"""The pedestrian street network read from an OpenStreetMap file, as compact numpy arrays.

Every OSM node used by a walkable way (rules in :mod:`.osm_filter`) becomes a graph node; every pair
of consecutive nodes of such a way becomes one undirected edge, so edges are straight segments and a
point can be linked to the nearest segment exactly. Edge lengths are great-circle (haversine)
distances on the sphere of radius 6,371,008.8 m, the same formula as straight-line walking, so a
street walk is never shorter than the straight line between its ends (triangle inequality on the
sphere). Small islands (components of fewer than :data:`MIN_ISLAND_NODES` nodes, except the largest
component) are pruned as R5 does, so that a point is never linked to a stray fragment of footway
from which nothing can be reached.

Reading uses pyosmium. The built network is cached as ``.npz`` in a cache folder, keyed by the
SHA-256 of the input file and :data:`~.osm_filter.FILTER_VERSION`, so a second run starts fast.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from artois_access.errors import DataError, InputError
from artois_access.routing.osm_filter import (
    FILTER_VERSION,
    is_pedestrian_area_relation,
    is_walkable,
)

EARTH_RADIUS_M = 6_371_008.8
MIN_ISLAND_NODES = 40
# Part of the cache key: bump when the graph built from the same rules changes shape.
NETWORK_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class StreetNetwork:
    """An undirected pedestrian graph.

    ``node_lon``/``node_lat`` (float64, WGS84) per node; ``edge_u``/``edge_v`` (int32 node indices,
    u < v, no duplicates, no self loops) and ``edge_length_m`` (float64) per edge; ``indptr``
    (int64, n_nodes + 1), ``adj_node`` and ``adj_edge`` (int32) the CSR adjacency, each edge listed
    from both ends. ``sha256`` is that of the source file; ``from_cache`` and ``load_seconds`` say how
    it was obtained (first build or cached load) and how long it took.
    """

    node_lon: np.ndarray
    node_lat: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    indptr: np.ndarray
    adj_node: np.ndarray
    adj_edge: np.ndarray
    sha256: str
    from_cache: bool = False
    load_seconds: float = field(default=0.0, compare=False)

    @property
    def n_nodes(self) -> int:
        return int(self.node_lon.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.edge_u.shape[0])


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in metres (sphere of radius 6,371,008.8 m); arrays broadcast."""
    lam1, phi1, lam2, phi2 = (
        np.radians(np.asarray(a, dtype=np.float64)) for a in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def default_cache_dir() -> Path:
    """``$ARTOIS_ACCESS_CACHE`` if set, else ``~/.cache/artois-access``."""
    env = os.environ.get("ARTOIS_ACCESS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "artois-access"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_street_network(
    osm_path: str | Path, *, cache_dir: str | Path | None = None
) -> StreetNetwork:
    """The pedestrian network of an OSM file (``.osm.pbf`` or ``.osm`` XML), from the cache if built
    before. ``cache_dir`` defaults to :func:`default_cache_dir`; the cache is written atomically."""
    started = time.perf_counter()
    path = Path(osm_path)
    if not path.is_file():
        raise InputError(f"--osm {path}: no such file; give an OpenStreetMap .osm.pbf extract")
    sha = file_sha256(path)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cache_file = folder / f"streets-{sha[:24]}-f{FILTER_VERSION}v{NETWORK_FORMAT_VERSION}.npz"
    if cache_file.is_file():
        try:
            network = _load_npz(cache_file, sha)
        except (OSError, ValueError, KeyError):
            network = None  # a damaged cache is rebuilt, never trusted
        if network is not None:
            return _with_timing(network, from_cache=True, started=started)
    network = build_street_network(path, sha256=sha)
    _save_npz(network, cache_file)
    return _with_timing(network, from_cache=False, started=started)


def build_street_network(osm_path: str | Path, *, sha256: str = "") -> StreetNetwork:
    """Build the pedestrian network of an OSM file, without any cache."""
    path = Path(osm_path)
    node_ids, seg_a, seg_b, coords = _read_walkable_segments(path)
    if not seg_a:
        raise DataError(
            f"--osm {path}: no walkable way found (footway, residential street, path...); "
            "is it an OpenStreetMap extract of the area?"
        )
    ids = np.fromiter(node_ids, dtype=np.int64, count=len(node_ids))
    lon = np.fromiter((coords[i][0] for i in node_ids), dtype=np.float64, count=len(node_ids))
    lat = np.fromiter((coords[i][1] for i in node_ids), dtype=np.float64, count=len(node_ids))
    order = np.argsort(ids, kind="stable")
    ids, lon, lat = ids[order], lon[order], lat[order]
    a = np.searchsorted(ids, np.asarray(seg_a, dtype=np.int64))
    b = np.searchsorted(ids, np.asarray(seg_b, dtype=np.int64))
    u, v = np.minimum(a, b), np.maximum(a, b)
    keep = u != v
    pairs = np.unique(np.stack([u[keep], v[keep]], axis=1), axis=0)
    return _assemble(lon, lat, pairs[:, 0], pairs[:, 1], sha256)


def _read_walkable_segments(path: Path):
    import osmium  # imported here: the package import stays cheap

    try:
        area_ways: set[int] = set()
        for relation in osmium.FileProcessor(str(path), osmium.osm.RELATION):
            if is_pedestrian_area_relation(relation.tags):
                area_ways.update(
                    m.ref for m in relation.members if m.type == "w" and m.role in ("outer", "")
                )
        node_ids: dict[int, None] = {}
        coords: dict[int, tuple[float, float]] = {}
        seg_a: list[int] = []
        seg_b: list[int] = []
        processor = (
            osmium.FileProcessor(str(path))
            .with_locations()
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        )
        for way in processor:
            if not (is_walkable(way.tags) or way.id in area_ways):
                continue
            previous = None
            for node in way.nodes:
                location = node.location
                if not location.valid():
                    previous = None  # a node outside the extract cuts the way there
                    continue
                ref = node.ref
                if ref not in coords:
                    coords[ref] = (location.lon, location.lat)
                    node_ids[ref] = None
                if previous is not None:
                    seg_a.append(previous)
                    seg_b.append(ref)
                previous = ref
    except RuntimeError as exc:
        raise DataError(f"--osm {path}: not a readable OpenStreetMap file ({exc})") from exc
    return list(node_ids), seg_a, seg_b, coords


def _assemble(lon, lat, u, v, sha256: str) -> StreetNetwork:
    u, v = _prune_islands(len(lon), u, v)
    used = np.unique(np.concatenate([u, v]))
    remap = np.full(len(lon), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    lon, lat = lon[used], lat[used]
    u, v = remap[u].astype(np.int32), remap[v].astype(np.int32)
    length = haversine_m(lon[u], lat[u], lon[v], lat[v])
    indptr, adj_node, adj_edge = csr_adjacency(len(lon), u, v)
    return StreetNetwork(
        node_lon=lon,
        node_lat=lat,
        edge_u=u,
        edge_v=v,
        edge_length_m=length,
        indptr=indptr,
        adj_node=adj_node,
        adj_edge=adj_edge,
        sha256=sha256,
    )


def csr_adjacency(n_nodes: int, u: np.ndarray, v: np.ndarray):
    """CSR adjacency of undirected edges: ``(indptr int64, adj_node int32, adj_edge int32)``;
    neighbours of node i are ``adj_node[indptr[i]:indptr[i+1]]`` through edges ``adj_edge[...]``."""
    edges = np.arange(len(u), dtype=np.int32)
    tails = np.concatenate([u, v])
    heads = np.concatenate([v, u]).astype(np.int32)
    via = np.concatenate([edges, edges])
    order = np.lexsort((heads, tails))
    counts = np.bincount(tails, minlength=n_nodes)
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, heads[order], via[order]


def _prune_islands(n_nodes: int, u: np.ndarray, v: np.ndarray):
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(u)), (u, v)), shape=(n_nodes, n_nodes))
    _, labels = connected_components(graph, directed=False)
    used = np.zeros(n_nodes, dtype=bool)
    used[u] = True
    used[v] = True
    sizes = np.bincount(labels[used], minlength=labels.max() + 1)
    keep_label = sizes >= MIN_ISLAND_NODES
    keep_label[np.argmax(sizes)] = True  # the main network is kept even when tiny (test fixtures)
    keep = keep_label[labels[u]]
    return u[keep], v[keep]


def _with_timing(network: StreetNetwork, *, from_cache: bool, started: float) -> StreetNetwork:
    from dataclasses import replace

    return replace(network, from_cache=from_cache, load_seconds=time.perf_counter() - started)


_ARRAYS = (
    "node_lon",
    "node_lat",
    "edge_u",
    "edge_v",
    "edge_length_m",
    "indptr",
    "adj_node",
    "adj_edge",
)


def _save_npz(network: StreetNetwork, cache_file: Path) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=cache_file.parent, suffix=".npz.tmp")
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out, sha256=np.array(network.sha256), **{k: getattr(network, k) for k in _ARRAYS}
            )
        os.replace(tmp, cache_file)
    except OSError:
        # A read-only cache folder only costs speed on the next run, never the result.
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)


def _load_npz(cache_file: Path, sha256: str) -> StreetNetwork | None:
    with np.load(cache_file, allow_pickle=False) as data:
        if str(data["sha256"]) != sha256:
            return None
        return StreetNetwork(sha256=sha256, **{k: data[k] for k in _ARRAYS})
