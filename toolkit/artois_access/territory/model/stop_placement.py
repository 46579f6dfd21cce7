"""Stops along the model lines: one every ~stop spacing on the straight legs between waypoints,
shared by lines that pass within the merge radius of each other."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Waypoint:
    """A point a line passes through (Lambert-93 metres); it always becomes a stop."""

    name: str
    x_m: float
    y_m: float


@dataclass(frozen=True, slots=True, kw_only=True)
class LineRoute:
    """The polyline of one line. ``editable`` lines may receive derived coverage waypoints."""

    line_id: str
    stop_spacing_m: float
    editable: bool
    waypoints: tuple[Waypoint, ...]


class StopRegistry:
    """Stops shared by all lines: a new stop closer than ``merge_radius_m`` to an existing one
    is that stop (the nearest one, the first created on ties), so lines meet at common stops
    where transfers happen. A hash grid of merge-radius buckets keeps ``add`` O(1)."""

    def __init__(self, merge_radius_m: float) -> None:
        self.merge_radius_m = merge_radius_m
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.names: list[str] = []
        self._buckets: dict[tuple[int, int], list[int]] = {}

    def _bucket(self, x: float, y: float) -> tuple[int, int]:
        return (math.floor(x / self.merge_radius_m), math.floor(y / self.merge_radius_m))

    def add(self, x: float, y: float, name: str) -> int:
        bx, by = self._bucket(x, y)
        best, best_d2 = -1, math.inf
        for dx, dy in itertools.product((-1, 0, 1), repeat=2):
            for index in self._buckets.get((bx + dx, by + dy), ()):
                d2 = (self.xs[index] - x) ** 2 + (self.ys[index] - y) ** 2
                if d2 < best_d2 or (d2 == best_d2 and index < best):
                    best, best_d2 = index, d2
        if best >= 0 and best_d2 <= self.merge_radius_m**2:
            return best
        self.xs.append(x)
        self.ys.append(y)
        self.names.append(name)
        self._buckets.setdefault((bx, by), []).append(len(self.xs) - 1)
        return len(self.xs) - 1


def place_stops(
    routes: list[LineRoute],
    merge_radius_m: float,
    name_of: Callable[[float, float, str, int], str],
) -> tuple[StopRegistry, dict[str, list[int]]]:
    """Stops of all lines, in line order, and each line's stop sequence (registry indices).

    ``name_of(x, y, line_id, counter)`` names a stop placed between two waypoints.
    """
    registry = StopRegistry(merge_radius_m)
    line_stops: dict[str, list[int]] = {}
    for route in routes:
        sequence: list[int] = []
        counter = 0
        for start, end in itertools.pairwise(route.waypoints):
            if not sequence:
                sequence.append(registry.add(start.x_m, start.y_m, start.name))
            length = math.hypot(end.x_m - start.x_m, end.y_m - start.y_m)
            n_legs = max(1, round(length / route.stop_spacing_m))
            for k in range(1, n_legs):
                x = start.x_m + (end.x_m - start.x_m) * k / n_legs
                y = start.y_m + (end.y_m - start.y_m) * k / n_legs
                counter += 1
                sequence.append(registry.add(x, y, name_of(x, y, route.line_id, counter)))
            sequence.append(registry.add(end.x_m, end.y_m, end.name))
        # Merging can make two consecutive stops one: a trip never serves a stop twice in a row.
        line_stops[route.line_id] = [
            s for i, s in enumerate(sequence) if i == 0 or s != sequence[i - 1]
        ]
    return registry, line_stops
