"""Smaller feeds: the trips that cross an area, or that run on a service date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import polars as pl

from artois_access.errors import InputError
from artois_access.feeds.feed import Feed
from artois_access.feeds.service import trips_on_date

BBox = tuple[float, float, float, float]


def filter_area(feed: Feed, area: BBox | Sequence[float] | object) -> Feed:
    """The trips with at least one stop inside ``area``, with their whole stop sequences.

    ``area`` is a bounding box ``(min_lon, min_lat, max_lon, max_lat)`` in WGS84, or a shapely
    (Multi)Polygon in WGS84 lon/lat. Kept: those trips, all their stop times, the stops they
    use and those stops' parent stations, their routes, agencies, services, frequencies, and
    the transfers between kept stops. A trip that passes through without stopping in the area
    is not kept: only stops are looked at, not shapes.
    """
    inside = _inside(feed.stops, area)
    stops_in = feed.stops.filter(inside)["stop_id"]
    trip_ids = (
        feed.stop_times.filter(pl.col("stop_id").is_in(stops_in.implode()))["trip_id"]
        .unique()
        .sort()
    )
    return restrict_to_trips(feed, trip_ids)


def filter_date(feed: Feed, date: dt.date) -> Feed:
    """The trips of service day ``date`` (times past 24:00:00 included, as they belong to it).

    A router that also needs the night trips of the day before must filter on that day too.
    Raises :class:`InputError` when nothing runs on ``date``.
    """
    return restrict_to_trips(feed, trips_on_date(feed, date)["trip_id"])


def restrict_to_trips(feed: Feed, trip_ids: pl.Series) -> Feed:
    """The feed reduced to the given trips and what they refer to."""
    ids = trip_ids.implode()
    trips = feed.trips.filter(pl.col("trip_id").is_in(ids))
    stop_times = feed.stop_times.filter(pl.col("trip_id").is_in(ids))
    used = stop_times["stop_id"].unique()
    parents = feed.stops.filter(pl.col("stop_id").is_in(used.implode()))["parent_station"]
    keep_stops = pl.concat([used, parents.drop_nulls()]).unique().implode()
    stops = feed.stops.filter(pl.col("stop_id").is_in(keep_stops))
    routes = feed.routes.filter(pl.col("route_id").is_in(trips["route_id"].unique().implode()))
    agency_ids = routes["agency_id"]
    # Routes without agency_id belong to their feed's only agency: keep every agency then.
    agency = (
        feed.agency
        if agency_ids.null_count()
        else feed.agency.filter(pl.col("agency_id").is_in(agency_ids.unique().implode()))
    )
    if agency.is_empty():
        agency = feed.agency.head(1)  # the timezone's source stays
    services = trips["service_id"].unique().implode()
    stop_ids = stops["stop_id"].implode()
    return dataclasses.replace(
        feed,
        agency=agency,
        stops=stops,
        routes=routes,
        trips=trips,
        stop_times=stop_times,
        calendar=feed.calendar.filter(pl.col("service_id").is_in(services)),
        calendar_dates=feed.calendar_dates.filter(pl.col("service_id").is_in(services)),
        frequencies=feed.frequencies.filter(pl.col("trip_id").is_in(ids)),
        transfers=feed.transfers.filter(
            pl.col("from_stop_id").is_in(stop_ids) & pl.col("to_stop_id").is_in(stop_ids)
        ),
    )


def _inside(stops: pl.DataFrame, area: object) -> pl.Series:
    if isinstance(area, (tuple, list)):
        if len(area) != 4:
            raise InputError(
                f"area bbox must be (min_lon, min_lat, max_lon, max_lat), got {area!r}"
            )
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in area)
        if min_lon > max_lon or min_lat > max_lat:
            raise InputError(f"area bbox has min above max: {area!r}; order is lon, lat, lon, lat")
        return (
            stops.select(
                pl.col("stop_lon").is_between(min_lon, max_lon)
                & pl.col("stop_lat").is_between(min_lat, max_lat)
            )
            .to_series()
            .fill_null(False)
        )
    import shapely

    if not isinstance(area, (shapely.Polygon, shapely.MultiPolygon)):
        raise InputError(
            f"area must be a bbox (min_lon, min_lat, max_lon, max_lat) or a shapely polygon, "
            f"got {type(area).__name__}"
        )
    lon = stops["stop_lon"].fill_null(float("nan")).to_numpy()
    lat = stops["stop_lat"].fill_null(float("nan")).to_numpy()
    return pl.Series(shapely.contains_xy(area, lon, lat))
