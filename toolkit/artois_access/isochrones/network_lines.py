"""Lines and stations of a feed as geometries, for drawing maps (no shapes.txt needed: a
line is drawn through the stops of each distinct stop sequence)."""

from __future__ import annotations

import geopandas as gpd
import polars as pl
import shapely

from artois_access.territory.crs import WGS84

RAIL_ROUTE_TYPES = (1, 2, 12, 100, 101, 102, 103, 106, 109)


def network_lines(feed) -> gpd.GeoDataFrame:
    """One row per route and distinct stop sequence: ``route_id``, ``route_short_name``,
    ``route_type``, ``route_color`` (hex without '#', may be null), geometry (WGS84)."""
    sequences = (
        feed.stop_times.select("trip_id", "stop_sequence", "stop_id")
        .sort("trip_id", "stop_sequence")
        .group_by("trip_id", maintain_order=True)
        .agg(pl.col("stop_id"))
        .join(feed.trips.select("trip_id", "route_id"), on="trip_id")
        .with_columns(key=pl.col("stop_id").list.join("|"))
        .unique(["route_id", "key"], keep="first", maintain_order=True)
        .sort("route_id", "key")
    )
    coords = {
        row["stop_id"]: (row["stop_lon"], row["stop_lat"])
        for row in feed.stops.select("stop_id", "stop_lon", "stop_lat")
        .drop_nulls()
        .iter_rows(named=True)
    }
    routes = {r["route_id"]: r for r in feed.routes.iter_rows(named=True)}
    rows, geometries = [], []
    for route_id, stop_ids in sequences.select("route_id", "stop_id").iter_rows():
        points = [coords[s] for s in stop_ids if s in coords]
        if len(points) < 2:
            continue
        route = routes.get(route_id, {})
        rows.append(
            {
                "route_id": route_id,
                "route_short_name": route.get("route_short_name"),
                "route_type": route.get("route_type"),
                "route_color": route.get("route_color"),
            }
        )
        geometries.append(shapely.LineString(points))
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=WGS84)


def stations(feed) -> gpd.GeoDataFrame:
    """Stops served by rail routes: ``stop_id``, ``stop_name``, geometry (WGS84)."""
    rail_routes = feed.routes.filter(pl.col("route_type").is_in(RAIL_ROUTE_TYPES))["route_id"]
    rail_trips = feed.trips.filter(pl.col("route_id").is_in(rail_routes.implode()))["trip_id"]
    stop_ids = (
        feed.stop_times.filter(pl.col("trip_id").is_in(rail_trips.implode()))["stop_id"]
        .unique()
        .sort()
    )
    table = feed.stops.filter(pl.col("stop_id").is_in(stop_ids.implode())).sort("stop_id")
    return gpd.GeoDataFrame(
        {"stop_id": table["stop_id"].to_list(), "stop_name": table["stop_name"].to_list()},
        geometry=gpd.points_from_xy(table["stop_lon"], table["stop_lat"]),
        crs=WGS84,
    )
