"""Walking on the OpenStreetMap street network (ROUTING_SEMANTICS, "Walking", street mode).

:class:`StreetWalking` answers the router's questions (:class:`~.walking.WalkingModel`) with shortest
paths on the pedestrian network of an OSM file:

- each point (origin, destination, stop) is linked to the nearest walkable segment within 1,600 m
  (:mod:`.osm_linking`); its off-street distance is walked at the same speed; a point farther from
  every way is *unlinked*: it gets no walk at all, and :meth:`StreetWalking.unlinked` names it so
  that the caller reports it by id. If every point of a request is unlinked, that is a
  :class:`~artois_access.errors.DataError` (wrong extract for the area).
- a walk is the shortest path from point to point on the network with the points spliced in
  (bounded Dijkstra, :mod:`.osm_dijkstra`), limited to ``max_walk_time`` for every leg and to
  ``transfer_max_distance_m`` of walked distance for transfers;
- time = walked distance / speed, rounded up to whole seconds exactly as the straight-line model
  does (the ``detour_factor`` does not apply: streets are the detour).

The network is cached on disk by the SHA-256 of the OSM file (:mod:`.osm_network`); the links of each
request (e.g. the per-stop egress tables, stop → destinations) are cached too, keyed by the network,
the points' coordinates and the parameters, in memory and under ``cache_dir/links``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from artois_access.errors import DataError, InputError
from artois_access.routing.osm_dijkstra import bounded_dijkstra
from artois_access.routing.osm_filter import FILTER_VERSION
from artois_access.routing.osm_linking import (
    MAX_LINK_M,
    PointLinks,
    SegmentIndex,
    SplicedGraph,
    source_seeds,
    splice_points,
)
from artois_access.routing.osm_network import (
    StreetNetwork,
    default_cache_dir,
    read_street_network,
)
from artois_access.routing.walking import Links, Points

logger = logging.getLogger(__name__)

# Part of the links cache key: bump when linking or rounding rules change.
LINKS_FORMAT_VERSION = 1


class StreetWalking:
    """Street-network walking with the :class:`~.walking.WalkingModel` interface.

    ``osm_path`` is an OpenStreetMap extract (``.osm.pbf`` or ``.osm``) covering every point;
    ``cache_dir`` defaults to ``$ARTOIS_ACCESS_CACHE`` or ``~/.cache/artois-access``.
    """

    def __init__(
        self,
        osm_path: str | Path,
        walk_speed_kmh: float = 3.6,
        max_walk_time_min: float = 20,
        transfer_max_distance_m: float = 1000,
        cache_dir: str | Path | None = None,
        *,
        max_link_m: float = MAX_LINK_M,
    ) -> None:
        if not walk_speed_kmh > 0:
            raise InputError(f"walk_speed_kmh must be positive, got {walk_speed_kmh}")
        if not max_walk_time_min >= 0:
            raise InputError(f"max_walk_time_min must be >= 0, got {max_walk_time_min}")
        if not transfer_max_distance_m >= 0:
            raise InputError(f"transfer_max_distance_m must be >= 0, got {transfer_max_distance_m}")
        self.osm_path = Path(osm_path)
        self.walk_speed_kmh = float(walk_speed_kmh)
        self.max_walk_time_min = float(max_walk_time_min)
        self.transfer_max_distance_m = float(transfer_max_distance_m)
        self.max_link_m = float(max_link_m)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.network: StreetNetwork = read_street_network(self.osm_path, cache_dir=self.cache_dir)
        self._segment_index: SegmentIndex | None = None
        self._point_links: dict[str, PointLinks] = {}
        self._links: dict[str, Links] = {}
        self._target_graphs: dict[str, SplicedGraph] = {}
        self._warned: set[tuple[str, str]] = set()

    def __getstate__(self) -> dict:
        # Sent to dask workers: the spatial index and spliced graphs are rebuilt there on demand,
        # cheaper than shipping them.
        state = dict(self.__dict__)
        state["_segment_index"] = None
        state["_target_graphs"] = {}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    # --- the WalkingModel interface -------------------------------------------------------------

    @property
    def max_walk_time_s(self) -> int:
        return round(self.max_walk_time_min * 60)

    @property
    def walk_speed_m_s(self) -> float:
        return self.walk_speed_kmh / 3.6

    def access_links(self, points: Points, stops: Points) -> Links:
        # A batch of origins may lie wholly outside the extract; the stops may not.
        self._check_linked(points, "origins", required=False)
        self._check_linked(stops, "stops", required=True)
        return self._cached_links("access", points, stops, self._max_walk_m())

    def egress_links(self, stops: Points, points: Points) -> Links:
        # Walking is symmetric: the per-stop egress table (stop -> destinations) is the access
        # table of the destinations read backwards, so it shares its search and its cache.
        self._check_linked(points, "destinations", required=True)
        self._check_linked(stops, "stops", required=True)
        return self._cached_links("access", points, stops, self._max_walk_m()).transposed(
            len(stops)
        )

    def transfer_links(self, stops: Points) -> Links:
        limit = min(self._max_walk_m(), self.transfer_max_distance_m)
        self._check_linked(stops, "stops", required=True)
        return self._cached_links("transfer", stops, stops, limit, skip_self=True)

    def direct_links(self, origins: Points, destinations: Points) -> Links:
        self._check_linked(origins, "origins", required=False)
        self._check_linked(destinations, "destinations", required=True)
        return self._cached_links("direct", origins, destinations, self._max_walk_m())

    # --- reporting ------------------------------------------------------------------------------

    def unlinked(self, points: Points) -> np.ndarray:
        """Indices (int64, ascending) of the points farther than 1,600 m from every walkable way:
        they get no walk at all; the caller reports them by id."""
        return np.flatnonzero(~self.link(points).linked)

    def unlinked_ids(self, ids, points: Points) -> list[str]:
        """Ids (in input order) of the points that are unlinked; ``ids`` is parallel to
        ``points``. For the caller's report: "N origins are more than 1,600 m from any way: ..."."""
        return [str(ids[i]) for i in self.unlinked(points).tolist()]

    def link(self, points: Points) -> PointLinks:
        """Where each point meets the network (memoised by the points' coordinates)."""
        key = _points_key(points)
        if key not in self._point_links:
            if self._segment_index is None:
                self._segment_index = SegmentIndex(self.network)
            self._point_links[key] = self._segment_index.link(
                points.lon, points.lat, self.max_link_m
            )
        return self._point_links[key]

    def spliced_graph(self, sources: Points, targets: Points) -> SplicedGraph:
        """The network with ``sources`` then ``targets`` spliced in (``point_node`` has
        ``len(sources) + len(targets)`` entries); what the shortest paths are computed on."""
        links = self.link(sources), self.link(targets)
        merged = PointLinks(
            **{
                name: np.concatenate([getattr(links[0], name), getattr(links[1], name)])
                for name in ("edge", "fraction", "foot_lon", "foot_lat", "offstreet_m")
            }
        )
        return splice_points(self.network, merged)

    # --- internals ------------------------------------------------------------------------------

    def _target_graph(self, targets: Points) -> SplicedGraph:
        """The network with the targets spliced in, memoised: the sources of each request only
        seed the search (:func:`.osm_linking.source_seeds`), so a batch of origins costs no
        rebuild of the graph."""
        key = _points_key(targets)
        if key not in self._target_graphs:
            if len(self._target_graphs) >= 4:  # a run asks for stops and destinations only
                self._target_graphs.pop(next(iter(self._target_graphs)))
            self._target_graphs[key] = splice_points(self.network, self.link(targets))
        return self._target_graphs[key]

    def _max_walk_m(self) -> float:
        return self.max_walk_time_s * self.walk_speed_m_s

    def _cached_links(
        self,
        kind: str,
        sources: Points,
        targets: Points,
        limit_m: float,
        *,
        skip_self: bool = False,
    ) -> Links:
        key = self._links_key(kind, sources, targets, limit_m)
        if key in self._links:
            return self._links[key]
        cache_file = self.cache_dir / "links" / f"{key}.npz"
        links = _load_links(cache_file)
        if links is None:
            links = self._compute_links(sources, targets, limit_m, skip_self=skip_self)
            _save_links(links, cache_file)
        self._links[key] = links
        return links

    def _links_key(self, kind: str, sources: Points, targets: Points, limit_m: float) -> str:
        digest = hashlib.sha256()
        parts = (
            kind,
            self.network.sha256,
            FILTER_VERSION,
            LINKS_FORMAT_VERSION,
            repr(self.walk_speed_kmh),
            self.max_walk_time_s,
            repr(float(limit_m)),
            repr(self.max_link_m),
        )
        digest.update(repr(parts).encode())
        for points in (sources, targets):
            digest.update(len(points).to_bytes(8, "little"))
            digest.update(points.lon.tobytes())
            digest.update(points.lat.tobytes())
        return digest.hexdigest()[:40]

    def _compute_links(
        self, sources: Points, targets: Points, limit_m: float, *, skip_self: bool
    ) -> Links:
        n_src, n_dst = len(sources), len(targets)
        if n_src == 0 or n_dst == 0:
            return Links(indptr=np.zeros(n_src + 1), index=np.zeros(0), seconds=np.zeros(0))
        graph = self._target_graph(targets)
        seed_node, seed_dist = source_seeds(self.network, graph, self.link(sources))
        target_of_node = np.full(graph.n_nodes, -1, dtype=np.int64)
        linked = np.flatnonzero(graph.point_node >= 0)
        target_of_node[graph.point_node[linked]] = linked
        indptr, target, walked_m = bounded_dijkstra(
            graph.indptr,
            graph.adj_node,
            graph.adj_weight_m,
            seed_node,
            seed_dist,
            target_of_node,
            limit_m,
        )
        source = np.repeat(np.arange(n_src, dtype=np.int64), np.diff(indptr))
        seconds = walk_seconds(walked_m, self.walk_speed_m_s)
        keep = seconds <= self.max_walk_time_s
        if skip_self:
            keep &= source != target
        return Links.from_triples(n_src, source[keep], target[keep], seconds[keep].astype(np.int32))

    def _check_linked(self, points: Points, what: str, *, required: bool) -> None:
        """Warn once per set of points about the unlinked ones; when ``required``, a set with no
        point linked at all is an error (the extract does not cover the area)."""
        if len(points) == 0:
            return
        n_unlinked = int((~self.link(points).linked).sum())
        if required and n_unlinked == len(points):
            raise DataError(
                f"--osm {self.osm_path}: none of the {len(points)} {what} lies within "
                f"{self.max_link_m:,.0f} m of a walkable way; does the extract cover the area?"
            )
        key = (what, _points_key(points))
        if n_unlinked and key not in self._warned:
            self._warned.add(key)
            logger.warning(
                "%d of %d %s lie farther than %.0f m from any walkable way of %s: "
                "no walk to or from them",
                n_unlinked,
                len(points),
                what,
                self.max_link_m,
                self.osm_path,
            )


def walk_seconds(walked_m: np.ndarray, walk_speed_m_s: float) -> np.ndarray:
    """Whole seconds, rounded up, guarding against float noise (same rule as straight lines)."""
    return np.ceil(np.round(np.asarray(walked_m) / walk_speed_m_s, 6)).astype(np.int64)


def _points_key(points: Points) -> str:
    digest = hashlib.sha256(len(points).to_bytes(8, "little"))
    digest.update(points.lon.tobytes())
    digest.update(points.lat.tobytes())
    return digest.hexdigest()


def _save_links(links: Links, cache_file: Path) -> None:
    tmp = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=cache_file.parent, suffix=".npz.tmp")
        with os.fdopen(handle, "wb") as out:
            np.savez(out, indptr=links.indptr, index=links.index, seconds=links.seconds)
        os.replace(tmp, cache_file)
    except OSError:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _load_links(cache_file: Path) -> Links | None:
    if not cache_file.is_file():
        return None
    try:
        with np.load(cache_file, allow_pickle=False) as data:
            return Links(indptr=data["indptr"], index=data["index"], seconds=data["seconds"])
    except (OSError, ValueError, KeyError):
        return None
