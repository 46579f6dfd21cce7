"""Derived coverage waypoints: the rule that makes the model lines serve the cités and the
populated quarters, as the real TADAO lines do.

The hand-written corridors of ``tadao_network.toml`` join town halls, stations and named
places in straight legs, which leaves cités and outer quarters 1-2 km from any stop. The rule,
parameterised by the ``[coverage]`` table of the spec, bends the editable (non-Bulle) lines:

1. every cité whose centre is farther than ``cite_max_distance_m`` from a stop becomes a
   waypoint of the line where it costs the shortest detour (cités in id order);
2. then, while less than ``population_target_share`` of the population lives within
   ``population_radius_m`` of a stop, the uncovered cell with the most uncovered inhabitants
   within that radius becomes a waypoint the same way, if that detour is under
   ``max_detour_m`` and it gathers at least ``min_population`` inhabitants.

Deterministic: fixed orders, ties to the lowest index.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from scipy.spatial import cKDTree

from artois_access.territory.model.stop_placement import LineRoute, Waypoint

MAX_ROUNDS = 12  # stop placement is redone after each round: bends move the in-between stops


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRule:
    """Parameters of the ``[coverage]`` table (distances straight-line, metres)."""

    cite_max_distance_m: float
    population_radius_m: float
    population_target_share: float
    max_detour_m: float
    min_population: int
    max_added_length_per_line_m: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AddedWaypoint:
    """One derived waypoint: where, why (``cite`` or ``population``) and on which line."""

    line_id: str
    reason: str
    waypoint: Waypoint
    detour_m: float


def coverage_rule(table: dict) -> CoverageRule:
    return CoverageRule(
        cite_max_distance_m=float(table["cite_max_distance_m"]),
        population_radius_m=float(table["population_radius_m"]),
        population_target_share=float(table["population_target_share"]),
        max_detour_m=float(table["max_detour_m"]),
        min_population=int(table["min_population"]),
        max_added_length_per_line_m=float(table["max_added_length_per_line_m"]),
    )


def _length_m(route: LineRoute) -> float:
    xs = np.asarray([w.x_m for w in route.waypoints])
    ys = np.asarray([w.y_m for w in route.waypoints])
    return float(np.hypot(np.diff(xs), np.diff(ys)).sum())


def _cheapest_insertion(
    routes: list[LineRoute], x: float, y: float, allowance_m: dict[str, float] | None
) -> tuple[int, int, float]:
    """(route index, position in its waypoints, detour metres) of the cheapest insertion:
    between two consecutive waypoints, or as a new terminus; lines whose remaining
    ``allowance_m`` is shorter than the detour are skipped (no allowance: no limit)."""
    best = (-1, -1, math.inf)
    for r, route in enumerate(routes):
        if not route.editable:
            continue
        xs = np.asarray([w.x_m for w in route.waypoints])
        ys = np.asarray([w.y_m for w in route.waypoints])
        to_p = np.hypot(xs - x, ys - y)
        legs = np.hypot(np.diff(xs), np.diff(ys))
        detours = np.concatenate([[to_p[0]], to_p[:-1] + to_p[1:] - legs, [to_p[-1]]])
        k = int(np.argmin(detours))
        if allowance_m is not None and detours[k] > allowance_m[route.line_id]:
            continue
        if detours[k] < best[2]:
            best = (r, k, float(detours[k]))
    return best


def _insert(
    routes: list[LineRoute],
    waypoint: Waypoint,
    reason: str,
    *,
    max_detour_m: float,
    allowance_m: dict[str, float],
    must_serve: bool,
) -> AddedWaypoint | None:
    """Insert ``waypoint`` where it costs least within the lines' allowances; a waypoint that
    ``must_serve`` (a cité) goes to the cheapest line when no allowance is left anywhere."""
    r, k, detour = _cheapest_insertion(routes, waypoint.x_m, waypoint.y_m, allowance_m)
    if r < 0 and must_serve:
        r, k, detour = _cheapest_insertion(routes, waypoint.x_m, waypoint.y_m, None)
    if r < 0 or detour > max_detour_m:
        return None
    allowance_m[routes[r].line_id] -= detour
    route = routes[r]
    points = (*route.waypoints[:k], waypoint, *route.waypoints[k:])
    routes[r] = replace(route, waypoints=points)
    return AddedWaypoint(line_id=route.line_id, reason=reason, waypoint=waypoint, detour_m=detour)


def add_coverage_waypoints(
    routes: list[LineRoute],
    *,
    rule: CoverageRule,
    cites: list[Waypoint],
    cells_xy_m: np.ndarray,
    cells_population: np.ndarray,
    stop_positions: Callable[[list[LineRoute]], np.ndarray],
    quarter_name: Callable[[float, float], str],
) -> tuple[list[LineRoute], list[AddedWaypoint]]:
    """The routes with the derived waypoints inserted, and the list of what was added.

    ``stop_positions(routes)`` places the stops of ``routes`` (n x 2 array, metres);
    ``quarter_name(x, y)`` names a waypoint added for the population.
    """
    routes = list(routes)
    added: list[AddedWaypoint] = []
    allowance_m = {route.line_id: rule.max_added_length_per_line_m for route in routes}
    for _ in range(MAX_ROUNDS):
        before = len(added)
        added += _serve_cites(routes, rule, cites, stop_positions(routes), allowance_m)
        added += _serve_population(
            routes,
            rule,
            cells_xy_m,
            cells_population,
            stop_positions(routes),
            quarter_name,
            allowance_m,
        )
        # Bends move the stops placed between waypoints: check again until nothing is added.
        if len(added) == before:
            break
    return routes, added


def _serve_cites(
    routes: list[LineRoute],
    rule: CoverageRule,
    cites: list[Waypoint],
    stops_xy: np.ndarray,
    allowance_m: dict[str, float],
) -> list[AddedWaypoint]:
    added: list[AddedWaypoint] = []
    extra: list[tuple[float, float]] = []
    for cite in cites:
        known = np.vstack([stops_xy, np.asarray(extra).reshape(-1, 2)])
        nearest_m = np.min(np.hypot(known[:, 0] - cite.x_m, known[:, 1] - cite.y_m))
        if nearest_m <= rule.cite_max_distance_m:
            continue
        done = _insert(
            routes, cite, "cite", max_detour_m=math.inf, allowance_m=allowance_m, must_serve=True
        )
        if done is not None:
            added.append(done)
            extra.append((cite.x_m, cite.y_m))
    return added


def _serve_population(
    routes: list[LineRoute],
    rule: CoverageRule,
    cells_xy_m: np.ndarray,
    cells_population: np.ndarray,
    stops_xy: np.ndarray,
    quarter_name: Callable[[float, float], str],
    allowance_m: dict[str, float],
) -> list[AddedWaypoint]:
    """Greedy on the stops of the round's start: the best uncovered cell first."""
    added: list[AddedWaypoint] = []
    radius = rule.population_radius_m
    distance, _ = cKDTree(stops_xy).query(cells_xy_m)
    uncovered = (distance > radius) & (cells_population > 0)
    total = float(cells_population.sum())
    covered_share = 1.0 - float(cells_population[uncovered].sum()) / total
    rejected: set[int] = set()
    while covered_share < rule.population_target_share:
        idx = np.flatnonzero(uncovered)
        neighbours = cKDTree(cells_xy_m[idx]).query_ball_point(cells_xy_m[idx], radius)
        scores = np.asarray(
            [
                -1.0 if int(cell) in rejected else float(cells_population[idx[near]].sum())
                for cell, near in zip(idx, neighbours, strict=True)
            ]
        )
        best = int(np.argmax(scores))
        if scores[best] < rule.min_population:
            break
        cell = int(idx[best])
        x, y = (float(v) for v in cells_xy_m[cell])
        done = _insert(
            routes,
            Waypoint(name=quarter_name(x, y), x_m=x, y_m=y),
            "population",
            max_detour_m=rule.max_detour_m,
            allowance_m=allowance_m,
            must_serve=False,
        )
        if done is None:
            rejected.add(cell)
            continue
        added.append(done)
        reached = idx[neighbours[best]]
        uncovered[reached] = False
        covered_share += float(cells_population[reached].sum()) / total
    return added
