"""The TADAO model feed: stops generated along the lines' waypoints, trips from headways."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from artois_access.territory.crs import LAEA_EUROPE, LAMBERT93, WGS84, transformer
from artois_access.territory.model.feed_tables import Table, feed_tables
from artois_access.territory.model.schedule import (
    DayType,
    departures_from_headways,
    format_gtfs_time,
)
from artois_access.territory.model.spec import ModelSpec
from artois_access.territory.model.stop_placement import LineRoute, Waypoint, place_stops
from artois_access.territory.model.tadao_coverage import (
    AddedWaypoint,
    add_coverage_waypoints,
    coverage_rule,
)

COORD_DECIMALS = 6


def _resolve_waypoints(spec: ModelSpec, communes: gpd.GeoDataFrame) -> dict[str, Waypoint]:
    to_l93 = transformer(WGS84, LAMBERT93)
    points: dict[str, Waypoint] = {}
    for row in communes.itertuples():
        x, y = to_l93.transform(row.centre_lon, row.centre_lat)
        points[f"commune:{row.name}"] = Waypoint(name=f"{row.name} Mairie", x_m=x, y_m=y)
    for row in spec.pois.iter_rows(named=True):
        x, y = to_l93.transform(row["lon"], row["lat"])
        points[f"poi:{row['id']}"] = Waypoint(name=row["name"], x_m=x, y_m=y)
    for row in spec.stations.iter_rows(named=True):
        x, y = to_l93.transform(row["lon"], row["lat"])
        points[f"station:{row['id']}"] = Waypoint(name=f"Gare de {row['name']}", x_m=x, y_m=y)
    return points


def _cite_waypoints(cites: gpd.GeoDataFrame) -> list[Waypoint]:
    """Cités in id order, each at the representative point of its polygon."""
    ordered = cites.sort_values("id").to_crs(LAMBERT93)
    points = ordered.geometry.representative_point()
    return [
        Waypoint(name=str(name), x_m=float(p.x), y_m=float(p.y))
        for name, p in zip(ordered["name"], points, strict=True)
    ]


def _cell_centres(cells: pl.DataFrame, cell_size_m: int) -> np.ndarray:
    x, y = transformer(LAEA_EUROPE, LAMBERT93).transform(
        cells["x_3035"].to_numpy() + cell_size_m / 2, cells["y_3035"].to_numpy() + cell_size_m / 2
    )
    return np.column_stack([x, y])


def build_tadao_tables(
    spec: ModelSpec, communes: gpd.GeoDataFrame, *, cites: gpd.GeoDataFrame, cells: pl.DataFrame
) -> tuple[dict[str, Table], list[AddedWaypoint]]:
    """GTFS tables of the TADAO model feed, keyed by file name, and the coverage waypoints the
    ``[coverage]`` rule added to the spec's lines (see ``tadao_coverage``)."""
    network = spec.tadao
    defaults = network["defaults"]
    merge_radius_m = float(defaults["merge_radius_m"])
    waypoints = _resolve_waypoints(spec, communes)
    outlines = communes.to_crs(LAMBERT93)
    tree = shapely.STRtree(outlines.geometry.array)

    def commune_of(x: float, y: float) -> str:
        hits = tree.query(shapely.Point(x, y), predicate="intersects")
        return str(outlines["name"].iloc[int(min(hits))]) if len(hits) else ""

    coverage = network["coverage"]
    routes = [
        LineRoute(
            line_id=line["id"],
            stop_spacing_m=float(network["kinds"][line["kind"]]["stop_spacing_m"]),
            editable=line["kind"] in coverage["line_kinds"],
            waypoints=tuple(waypoints[w] for w in line["waypoints"]),
        )
        for line in network["line"]
    ]

    def stop_positions(candidate: list[LineRoute]) -> np.ndarray:
        registry, _ = place_stops(candidate, merge_radius_m, lambda *_: "")
        return np.column_stack([registry.xs, registry.ys])

    quarters: dict[str, int] = {}

    def quarter_name(x: float, y: float) -> str:
        commune = commune_of(x, y)
        quarters[commune] = quarters.get(commune, 0) + 1
        return f"{commune} Quartier {quarters[commune]}"

    routes, added = add_coverage_waypoints(
        routes,
        rule=coverage_rule(coverage),
        cites=_cite_waypoints(cites),
        cells_xy_m=_cell_centres(cells, int(spec.grid["population"]["cell_size_m"])),
        cells_population=cells["population"].to_numpy().astype(float),
        stop_positions=stop_positions,
        quarter_name=quarter_name,
    )
    registry, line_stops = place_stops(
        routes,
        merge_radius_m,
        lambda x, y, line_id, counter: f"{commune_of(x, y)} ({line_id}-{counter:02d})",
    )

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
    route_of = {route.line_id: route for route in routes}
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
            headsign = route_of[line["id"]].waypoints[-1 if direction == 0 else 0].name
            service = network["service"][line["service"]]
            for day_type in DayType:
                for departure in departures_from_headways(network["periods"], service, day_type):
                    trip_id = f"{line['id']}-{direction}-{day_type.value[:2].upper()}-{format_gtfs_time(departure)[:5].replace(':', '')}"
                    trips_rows.append((line["id"], day_type.value, trip_id, headsign, direction))
                    for seq, (stop, offset) in enumerate(zip(sequence, offsets_s, strict=True)):
                        time = format_gtfs_time(departure + int(offset))
                        stop_times_rows.append((trip_id, time, time, stop_ids[stop], seq + 1))
    tables = feed_tables(
        network, stops=stops, routes=routes_rows, trips=trips_rows, stop_times=stop_times_rows
    )
    return tables, added
