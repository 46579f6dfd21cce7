"""The TADAO model feed: stops generated along the lines' waypoints, trips from headways."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from artois_access.territory.crs import LAMBERT93, WGS84, transformer
from artois_access.territory.model.feed_tables import (
    Table,
    agency_table,
    calendar_table,
    feed_info_table,
)
from artois_access.territory.model.schedule import (
    DayType,
    departures_from_headways,
    format_gtfs_time,
)
from artois_access.territory.model.spec import ModelSpec

COORD_DECIMALS = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class _Waypoint:
    name: str
    x_m: float
    y_m: float


class _StopRegistry:
    """Stops shared by all lines: a new stop closer than ``merge_radius_m`` to an existing one
    is that stop, so lines meet at common stops where transfers happen."""

    def __init__(self, merge_radius_m: float) -> None:
        self.merge_radius_m = merge_radius_m
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.names: list[str] = []

    def add(self, x: float, y: float, name: str) -> int:
        if self.xs:
            d2 = (np.asarray(self.xs) - x) ** 2 + (np.asarray(self.ys) - y) ** 2
            nearest = int(np.argmin(d2))
            if d2[nearest] <= self.merge_radius_m**2:
                return nearest
        self.xs.append(x)
        self.ys.append(y)
        self.names.append(name)
        return len(self.xs) - 1


def _resolve_waypoints(spec: ModelSpec, communes: gpd.GeoDataFrame) -> dict[str, _Waypoint]:
    to_l93 = transformer(WGS84, LAMBERT93)
    points: dict[str, _Waypoint] = {}
    for row in communes.itertuples():
        x, y = to_l93.transform(row.centre_lon, row.centre_lat)
        points[f"commune:{row.name}"] = _Waypoint(name=f"{row.name} Mairie", x_m=x, y_m=y)
    for row in spec.pois.iter_rows(named=True):
        x, y = to_l93.transform(row["lon"], row["lat"])
        points[f"poi:{row['id']}"] = _Waypoint(name=row["name"], x_m=x, y_m=y)
    for row in spec.stations.iter_rows(named=True):
        x, y = to_l93.transform(row["lon"], row["lat"])
        points[f"station:{row['id']}"] = _Waypoint(name=f"Gare de {row['name']}", x_m=x, y_m=y)
    return points


def build_tadao_tables(spec: ModelSpec, communes: gpd.GeoDataFrame) -> dict[str, Table]:
    """GTFS tables of the TADAO model feed, keyed by file name."""
    network = spec.tadao
    defaults = network["defaults"]
    waypoints = _resolve_waypoints(spec, communes)
    registry = _StopRegistry(float(defaults["merge_radius_m"]))
    outlines = communes.to_crs(LAMBERT93)
    tree = shapely.STRtree(outlines.geometry.array)

    def commune_of(x: float, y: float) -> str:
        hits = tree.query(shapely.Point(x, y), predicate="intersects")
        return str(outlines["name"].iloc[int(min(hits))]) if len(hits) else ""

    line_stops: dict[str, list[int]] = {}
    for line in network["line"]:
        kind = network["kinds"][line["kind"]]
        spacing = float(kind["stop_spacing_m"])
        sequence: list[int] = []
        points = [waypoints[w] for w in line["waypoints"]]
        counter = 0
        for start, end in itertools.pairwise(points):
            if not sequence:
                sequence.append(registry.add(start.x_m, start.y_m, start.name))
            length = math.hypot(end.x_m - start.x_m, end.y_m - start.y_m)
            n_legs = max(1, round(length / spacing))
            for k in range(1, n_legs):
                x = start.x_m + (end.x_m - start.x_m) * k / n_legs
                y = start.y_m + (end.y_m - start.y_m) * k / n_legs
                counter += 1
                sequence.append(
                    registry.add(x, y, f"{commune_of(x, y)} ({line['id']}-{counter:02d})")
                )
            sequence.append(registry.add(end.x_m, end.y_m, end.name))
        # Merging can make two consecutive stops one: a trip never serves a stop twice in a row.
        line_stops[line["id"]] = [
            s for i, s in enumerate(sequence) if i == 0 or s != sequence[i - 1]
        ]

    stop_ids = [f"TAD{index + 1:05d}" for index in range(len(registry.xs))]
    lon, lat = transformer(LAMBERT93, WGS84).transform(
        np.asarray(registry.xs), np.asarray(registry.ys)
    )
    stops = (
        ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type"],
        [
            (
                stop_ids[i],
                registry.names[i],
                f"{lat[i]:.{COORD_DECIMALS}f}",
                f"{lon[i]:.{COORD_DECIMALS}f}",
                0,
            )
            for i in range(len(stop_ids))
        ],
    )
    routes_rows, trips_rows, stop_times_rows = [], [], []
    for line in network["line"]:
        kind = network["kinds"][line["kind"]]
        routes_rows.append(
            (
                line["id"],
                network["agency"]["agency_id"],
                line["short_name"],
                line["long_name"],
                kind["route_type"],
                kind["color"],
                "FFFFFF",
            )
        )
        speed_m_s = float(kind["speed_kmh"]) / 3.6
        for direction in (0, 1):
            sequence = line_stops[line["id"]] if direction == 0 else line_stops[line["id"]][::-1]
            xs = np.asarray([registry.xs[s] for s in sequence])
            ys = np.asarray([registry.ys[s] for s in sequence])
            legs_m = np.hypot(np.diff(xs), np.diff(ys)) * float(defaults["detour_factor"])
            offsets_s = np.concatenate([[0.0], np.cumsum(legs_m / speed_m_s)])
            # Timetables are published to the minute.
            offsets_s = (np.round(offsets_s / 60.0) * 60).astype(int)
            headsign = waypoints[line["waypoints"][-1 if direction == 0 else 0]].name
            service = network["service"][line["service"]]
            for day_type in DayType:
                for departure in departures_from_headways(network["periods"], service, day_type):
                    trip_id = f"{line['id']}-{direction}-{day_type.value[:2].upper()}-{format_gtfs_time(departure)[:5].replace(':', '')}"
                    trips_rows.append((line["id"], day_type.value, trip_id, headsign, direction))
                    for seq, (stop, offset) in enumerate(zip(sequence, offsets_s, strict=True)):
                        time = format_gtfs_time(departure + int(offset))
                        stop_times_rows.append((trip_id, time, time, stop_ids[stop], seq + 1))
    return {
        "agency.txt": agency_table(network),
        "calendar.txt": calendar_table(network),
        "feed_info.txt": feed_info_table(network),
        "stops.txt": stops,
        "routes.txt": (
            [
                "route_id",
                "agency_id",
                "route_short_name",
                "route_long_name",
                "route_type",
                "route_color",
                "route_text_color",
            ],
            routes_rows,
        ),
        "trips.txt": (
            ["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"],
            trips_rows,
        ),
        "stop_times.txt": (
            ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"],
            stop_times_rows,
        ),
    }
