"""Linking points (origins, destinations, stops) to the nearest walkable street segment.

A point is linked to the nearest segment (edge) of the pedestrian network, at the foot of the
perpendicular from the point onto the segment (or the nearer end), if that foot lies within
:data:`MAX_LINK_M` (1,600 m, R5's linking radius); otherwise the point is unlinked and reported.

The nearest segment is searched in a local equirectangular plane (x = R·cos φ0·λ, y = R·φ), where
lon/lat are linear, so the foot of the perpendicular found in the plane is mapped back to lon/lat
exactly by the same fraction along the segment. Every distance the router uses is then a haversine
distance between WGS84 positions (off-street link, the two partial segments), as on the rest of the
network. The plane only chooses the segment; its scale error (≤ 0.5 % across the Artois) may pick a
segment a few centimetres farther than the true nearest, never a wrong street.

The linked points are then spliced into the graph (:func:`splice_points`): each split segment
becomes a chain ``u → foot₁ → foot₂ → … → v`` (feet sorted along it) and each point hangs off its
foot by its off-street edge, so two points linked to the same segment reach each other along it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from artois_access.routing.osm_network import (
    EARTH_RADIUS_M,
    StreetNetwork,
    csr_adjacency,
    haversine_m,
)

MAX_LINK_M = 1600.0


@dataclass(frozen=True, slots=True, kw_only=True)
class PointLinks:
    """Where each point meets the street network; one entry per point, in input order.

    ``edge`` (int64, -1 when unlinked), ``fraction`` (0..1 along ``edge_u → edge_v``),
    ``foot_lon``/``foot_lat`` (the foot on the segment), ``offstreet_m`` (haversine from the point to
    its foot; NaN when unlinked).
    """

    edge: np.ndarray
    fraction: np.ndarray
    foot_lon: np.ndarray
    foot_lat: np.ndarray
    offstreet_m: np.ndarray

    @property
    def linked(self) -> np.ndarray:
        return self.edge >= 0


class SegmentIndex:
    """A spatial index (shapely STRtree) of the network's segments in a local plane."""

    def __init__(self, network: StreetNetwork) -> None:
        import shapely

        self.network = network
        self.lat0_rad = float(np.radians(np.mean(network.node_lat)))
        x, y = self.to_plane(network.node_lon, network.node_lat)
        u, v = network.edge_u, network.edge_v
        coords = np.stack([np.stack([x[u], y[u]], axis=1), np.stack([x[v], y[v]], axis=1)], axis=1)
        self.segments = shapely.linestrings(coords)
        self.tree = shapely.STRtree(self.segments)
        self.ux, self.uy, self.vx, self.vy = x[u], y[u], x[v], y[v]

    def to_plane(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        lon_rad = np.radians(np.asarray(lon, dtype=np.float64))
        lat_rad = np.radians(np.asarray(lat, dtype=np.float64))
        return EARTH_RADIUS_M * np.cos(self.lat0_rad) * lon_rad, EARTH_RADIUS_M * lat_rad

    def link(self, lon: np.ndarray, lat: np.ndarray, max_link_m: float = MAX_LINK_M) -> PointLinks:
        """Link points (WGS84 degrees) to their nearest segment within ``max_link_m``."""
        import shapely

        n = len(lon)
        edge = np.full(n, -1, dtype=np.int64)
        fraction = np.zeros(n)
        foot_lon = np.full(n, np.nan)
        foot_lat = np.full(n, np.nan)
        offstreet = np.full(n, np.nan)
        if n == 0:
            return PointLinks(
                edge=edge,
                fraction=fraction,
                foot_lon=foot_lon,
                foot_lat=foot_lat,
                offstreet_m=offstreet,
            )
        px, py = self.to_plane(lon, lat)
        # The planar search radius is padded: the haversine test below is the one that counts.
        (point_idx, edge_idx) = self.tree.query_nearest(
            shapely.points(px, py), max_distance=max_link_m * 1.01 + 1.0, all_matches=False
        )
        ux, uy, vx, vy = self.ux[edge_idx], self.uy[edge_idx], self.vx[edge_idx], self.vy[edge_idx]
        dx, dy = vx - ux, vy - uy
        norm2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = ((px[point_idx] - ux) * dx + (py[point_idx] - uy) * dy) / norm2
        t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
        net = self.network
        a, b = net.edge_u[edge_idx], net.edge_v[edge_idx]
        flon = net.node_lon[a] + t * (net.node_lon[b] - net.node_lon[a])
        flat = net.node_lat[a] + t * (net.node_lat[b] - net.node_lat[a])
        off = haversine_m(lon[point_idx], lat[point_idx], flon, flat)
        ok = off <= max_link_m
        point_idx, edge_idx = point_idx[ok], edge_idx[ok]
        edge[point_idx] = edge_idx
        fraction[point_idx] = t[ok]
        foot_lon[point_idx] = flon[ok]
        foot_lat[point_idx] = flat[ok]
        offstreet[point_idx] = off[ok]
        return PointLinks(
            edge=edge,
            fraction=fraction,
            foot_lon=foot_lon,
            foot_lat=foot_lat,
            offstreet_m=offstreet,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SplicedGraph:
    """The network with points spliced in (weights in metres, CSR).

    ``indptr`` (int64), ``adj_node`` (int32), ``adj_weight_m`` (float64); ``point_node`` (int64, one
    per point, -1 when unlinked) is the graph node of each point. Also the edge list
    (``edge_u``, ``edge_v``, ``edge_length_m``) from which the CSR was built, for checks.
    """

    indptr: np.ndarray
    adj_node: np.ndarray
    adj_weight_m: np.ndarray
    point_node: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    n_nodes: int
    node_lon: np.ndarray
    node_lat: np.ndarray
    # Per base edge: where its chain of feet starts in chain_* (-1 when not split), and its length.
    chain_start: np.ndarray
    chain_count: np.ndarray
    chain_fraction: np.ndarray
    chain_node: np.ndarray


def splice_points(network: StreetNetwork, links: PointLinks) -> SplicedGraph:
    """Split the segments that points are linked to and hang each linked point off its foot."""
    n_base = network.n_nodes
    linked = np.flatnonzero(links.linked)
    k = len(linked)
    # Feet sorted along their segment; ties by point order, so the result is deterministic.
    order = np.lexsort((linked, links.fraction[linked], links.edge[linked]))
    pts = linked[order]
    seg = links.edge[pts]
    foot_node = n_base + np.arange(k, dtype=np.int64)
    point_node = np.full(len(links.edge), -1, dtype=np.int64)
    point_node[pts] = n_base + k + np.arange(k, dtype=np.int64)

    lon = np.concatenate([network.node_lon, links.foot_lon[pts]])
    lat = np.concatenate([network.node_lat, links.foot_lat[pts]])
    first = np.ones(k, dtype=bool)
    first[1:] = seg[1:] != seg[:-1]
    last = np.ones(k, dtype=bool)
    last[:-1] = seg[:-1] != seg[1:]
    prev_node = np.where(first, network.edge_u[seg], np.roll(foot_node, 1))
    chain_u = np.concatenate([prev_node, foot_node[last]])
    chain_v = np.concatenate([foot_node, network.edge_v[seg[last]]])
    chain_len = haversine_m(lon[chain_u], lat[chain_u], lon[chain_v], lat[chain_v])

    kept = np.ones(network.n_edges, dtype=bool)
    kept[seg] = False
    u = np.concatenate([network.edge_u[kept], chain_u, foot_node])
    v = np.concatenate([network.edge_v[kept], chain_v, point_node[pts]])
    length = np.concatenate([network.edge_length_m[kept], chain_len, links.offstreet_m[pts]])
    n_nodes = n_base + 2 * k
    indptr, adj_node, adj_edge = csr_adjacency(n_nodes, u, v)
    chain_start = np.full(network.n_edges, -1, dtype=np.int64)
    chain_start[seg[first]] = np.flatnonzero(first)
    chain_count = np.zeros(network.n_edges, dtype=np.int64)
    np.add.at(chain_count, seg, 1)
    return SplicedGraph(
        node_lon=lon,
        node_lat=lat,
        chain_start=chain_start,
        chain_count=chain_count,
        chain_fraction=links.fraction[pts],
        chain_node=foot_node,
        indptr=indptr,
        adj_node=adj_node,
        adj_weight_m=length[adj_edge],
        point_node=point_node,
        edge_u=u,
        edge_v=v,
        edge_length_m=length,
        n_nodes=n_nodes,
    )


def source_seeds(
    network: StreetNetwork, graph: SplicedGraph, links: PointLinks
) -> tuple[np.ndarray, np.ndarray]:
    """Where searches from points start on ``graph`` without splicing the points into it.

    A point's foot lies on a base edge, between two consecutive nodes of that edge's chain in
    ``graph`` (its ends, or feet of the points spliced in); the search from the point starts at
    those two nodes with ``offstreet + haversine(foot, node)``: the same sums, in the same order,
    as a search from the point spliced in. Returns ``seed_node`` (int64 [n, 2], -1 when unlinked)
    and ``seed_dist_m`` (float64 [n, 2]).
    """
    n = len(links.edge)
    seed_node = np.full((n, 2), -1, dtype=np.int64)
    seed_dist = np.zeros((n, 2))
    for i in np.flatnonzero(links.linked).tolist():
        e = int(links.edge[i])
        before, after = int(network.edge_u[e]), int(network.edge_v[e])
        start = int(graph.chain_start[e])
        if start >= 0:
            fractions = graph.chain_fraction[start : start + int(graph.chain_count[e])]
            k = int(np.searchsorted(fractions, links.fraction[i], side="left"))
            if k > 0:
                before = int(graph.chain_node[start + k - 1])
            if k < len(fractions):
                after = int(graph.chain_node[start + k])
        seed_node[i] = before, after
    ok = seed_node[:, 0] >= 0
    for side in (0, 1):
        nodes = seed_node[ok, side]
        seed_dist[ok, side] = links.offstreet_m[ok] + haversine_m(
            links.foot_lon[ok], links.foot_lat[ok], graph.node_lon[nodes], graph.node_lat[nodes]
        )
    return seed_node, seed_dist
