"""Walking legs of a journey, behind one interface that the router asks.

The router never computes a walk itself: it asks a :class:`WalkingModel` for "links", compact
CSR tables of ``(from, to, seconds)``. Four kinds of legs (ROUTING_SEMANTICS, "Walking"):

- access: origin point -> stop, within ``max_walk_time_s``;
- egress: stop -> destination point, within ``max_walk_time_s``;
- transfer: stop -> other stop, walked distance <= ``transfer_max_distance_m`` and time within
  ``max_walk_time_s`` (a stop never links to itself: staying put is the router's 0 s transfer);
- direct: origin -> destination on foot only, within ``max_walk_time_s``.

:class:`StraightLineWalking` is the straight-line model; the street model
(:mod:`artois_access.routing.street_walking`) implements the same methods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
from scipy.spatial import cKDTree

from artois_access.errors import InputError

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True, kw_only=True)
class Points:
    """Positions in WGS84 degrees (``lon``, ``lat``: float64 arrays of the same length)."""

    lon: np.ndarray
    lat: np.ndarray

    def __post_init__(self) -> None:
        lon = np.ascontiguousarray(self.lon, dtype=np.float64)
        lat = np.ascontiguousarray(self.lat, dtype=np.float64)
        if lon.shape != lat.shape or lon.ndim != 1:
            raise InputError("Points: lon and lat must be 1-D arrays of the same length")
        if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
            raise InputError("Points: lon/lat contain missing or infinite values")
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "lat", lat)

    def __len__(self) -> int:
        return len(self.lon)


@dataclass(frozen=True, slots=True, kw_only=True)
class Links:
    """Walks from ``n_from`` sources, in CSR form.

    The walks of source ``i`` are ``index[indptr[i]:indptr[i+1]]`` (targets, int32) and
    ``seconds[indptr[i]:indptr[i+1]]`` (whole seconds, int32), targets ascending.
    """

    indptr: np.ndarray
    index: np.ndarray
    seconds: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "indptr", np.ascontiguousarray(self.indptr, dtype=np.int64))
        object.__setattr__(self, "index", np.ascontiguousarray(self.index, dtype=np.int32))
        object.__setattr__(self, "seconds", np.ascontiguousarray(self.seconds, dtype=np.int32))
        if len(self.index) != len(self.seconds) or self.indptr[-1] != len(self.index):
            raise ValueError("Links: indptr, index and seconds disagree")

    @property
    def n_from(self) -> int:
        return len(self.indptr) - 1

    @classmethod
    def from_triples(
        cls, n_from: int, source: np.ndarray, target: np.ndarray, seconds: np.ndarray
    ) -> Links:
        """Links from unsorted (source, target, seconds) triples."""
        source = np.asarray(source, dtype=np.int64)
        order = np.lexsort((np.asarray(target), source))
        counts = np.bincount(source, minlength=n_from)
        indptr = np.zeros(n_from + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(
            indptr=indptr, index=np.asarray(target)[order], seconds=np.asarray(seconds)[order]
        )

    def transposed(self, n_to: int) -> Links:
        """The same walks, read from the other end (valid for symmetric walking)."""
        source = np.repeat(np.arange(self.n_from, dtype=np.int64), np.diff(self.indptr))
        return Links.from_triples(n_to, self.index, source, self.seconds)


@runtime_checkable
class WalkingModel(Protocol):
    """What the router asks of a walking model. Times are whole seconds."""

    @property
    def max_walk_time_s(self) -> int: ...

    def access_links(self, points: Points, stops: Points) -> Links:
        """Point -> stop walks within ``max_walk_time_s`` (``n_from = len(points)``)."""
        ...

    def egress_links(self, stops: Points, points: Points) -> Links:
        """Stop -> point walks within ``max_walk_time_s`` (``n_from = len(stops)``)."""
        ...

    def transfer_links(self, stops: Points) -> Links:
        """Stop -> other stop walks within the transfer distance and ``max_walk_time_s``."""
        ...

    def direct_links(self, origins: Points, destinations: Points) -> Links:
        """Origin -> destination walks within ``max_walk_time_s``."""
        ...


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in metres on a sphere of radius :data:`EARTH_RADIUS_M`."""
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(v, dtype=np.float64)) for v in (lon1, lat1, lon2, lat2)
    )
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _unit_vectors(points: Points) -> np.ndarray:
    lon = np.radians(points.lon)
    lat = np.radians(points.lat)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


@dataclass(frozen=True, slots=True, kw_only=True)
class StraightLineWalking:
    """Walking along straight lines: haversine distance × ``detour_factor`` at ``walk_speed_kmh``,
    time rounded up to whole seconds (ROUTING_SEMANTICS, "Walking")."""

    walk_speed_kmh: float = 3.6
    detour_factor: float = 1.3
    max_walk_time_min: float = 20
    transfer_max_distance_m: float = 1000

    def __post_init__(self) -> None:
        if not self.walk_speed_kmh > 0:
            raise InputError(f"walk_speed_kmh must be positive, got {self.walk_speed_kmh}")
        if not self.detour_factor >= 1:
            raise InputError(f"detour_factor must be at least 1, got {self.detour_factor}")
        if not self.max_walk_time_min >= 0:
            raise InputError(f"max_walk_time_min must be >= 0, got {self.max_walk_time_min}")
        if not self.transfer_max_distance_m >= 0:
            raise InputError(
                f"transfer_max_distance_m must be >= 0, got {self.transfer_max_distance_m}"
            )

    @property
    def max_walk_time_s(self) -> int:
        return round(self.max_walk_time_min * 60)

    @property
    def walk_speed_m_s(self) -> float:
        return self.walk_speed_kmh / 3.6

    def walk_seconds(self, lon1, lat1, lon2, lat2) -> np.ndarray:
        """Walking time (int32 whole seconds, rounded up) between pairs of points."""
        walked_m = haversine_m(lon1, lat1, lon2, lat2) * self.detour_factor
        # Round up, but guard against float noise turning an exact 600.0 into 601.
        seconds = np.ceil(np.round(walked_m / self.walk_speed_m_s, 6))
        return seconds.astype(np.int32)

    def _links(
        self, sources: Points, targets: Points, max_walked_m: float, *, skip_self: bool = False
    ) -> Links:
        n = len(sources)
        if n == 0 or len(targets) == 0 or max_walked_m < 0:
            return Links(indptr=np.zeros(n + 1), index=np.zeros(0), seconds=np.zeros(0))
        # Chord length bounds the great-circle distance from below, so a chord radius slightly
        # larger than the arc radius finds every candidate; exact haversine filters afterwards.
        arc = max_walked_m / self.detour_factor / EARTH_RADIUS_M
        chord = 2 * math.sin(min(arc, math.pi) / 2) * (1 + 1e-9) + 1e-12
        tree = cKDTree(_unit_vectors(targets))
        pairs = tree.query_ball_point(_unit_vectors(sources), r=chord, return_sorted=True)
        counts = np.fromiter((len(p) for p in pairs), dtype=np.int64, count=n)
        src = np.repeat(np.arange(n, dtype=np.int64), counts)
        dst = np.fromiter((j for p in pairs for j in p), dtype=np.int64, count=int(counts.sum()))
        walked_m = (
            haversine_m(sources.lon[src], sources.lat[src], targets.lon[dst], targets.lat[dst])
            * self.detour_factor
        )
        seconds = np.ceil(np.round(walked_m / self.walk_speed_m_s, 6))
        keep = (walked_m <= max_walked_m * (1 + 1e-12)) & (seconds <= self.max_walk_time_s)
        if skip_self:
            keep &= src != dst
        return Links.from_triples(n, src[keep], dst[keep], seconds[keep].astype(np.int32))

    def _max_walk_m(self) -> float:
        return self.max_walk_time_s * self.walk_speed_m_s

    def access_links(self, points: Points, stops: Points) -> Links:
        return self._links(points, stops, self._max_walk_m())

    def egress_links(self, stops: Points, points: Points) -> Links:
        return self._links(stops, points, self._max_walk_m())

    def transfer_links(self, stops: Points) -> Links:
        limit = min(self._max_walk_m(), float(self.transfer_max_distance_m))
        return self._links(stops, stops, limit, skip_self=True)

    def direct_links(self, origins: Points, destinations: Points) -> Links:
        return self._links(origins, destinations, self._max_walk_m())
