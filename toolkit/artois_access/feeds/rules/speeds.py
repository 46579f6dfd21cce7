"""Travel speeds between consecutive stops that no vehicle of the route's type reaches."""

from __future__ import annotations

import polars as pl

from artois_access.feeds.feed import Feed
from artois_access.feeds.findings import Finding, Rule, Severity
from artois_access.feeds.interpolation import geodesic_distances_m

# Highest plausible speed per GTFS route_type (basic types); extended types (100-1799) map
# through their hundred to the basic type they resemble.
MAX_SPEED_KMH: dict[int, float] = {
    0: 100.0,  # tram, light rail
    1: 150.0,  # metro
    2: 320.0,  # rail (high-speed lines included)
    3: 120.0,  # bus, coach
    4: 80.0,  # ferry
    5: 30.0,  # cable tram
    6: 50.0,  # aerial lift
    7: 50.0,  # funicular
    11: 100.0,  # trolleybus
    12: 150.0,  # monorail
}
_EXTENDED_TO_BASIC = {1: 2, 2: 3, 4: 1, 5: 1, 6: 1, 7: 3, 8: 11, 9: 0, 10: 4, 12: 4, 13: 6, 14: 7}

# Feeds round times to the minute: a hop shown as 1 min may take nearly 2, so the speed is
# judged on the time plus this slack (a 2 km hop timed 0 or 1 min is not "impossible").
ROUNDING_SLACK_S = 60


def max_speed_kmh(route_type: pl.Expr) -> pl.Expr:
    basic = (
        pl.when(route_type >= 100)
        .then((route_type // 100).replace_strict(_EXTENDED_TO_BASIC, default=3))
        .otherwise(route_type)
    )
    return basic.replace_strict(MAX_SPEED_KMH, default=150.0, return_dtype=pl.Float64)


def hop_speeds(feed: Feed, stop_times: pl.DataFrame) -> pl.DataFrame:
    """One row per pair of consecutive stops of a trip.

    Columns: ``trip_id``, ``from_stop_id``, ``to_stop_id``, ``route_type`` (Int32),
    ``distance_m``, ``time_s`` (Int32, next arrival minus previous departure), ``speed_kmh``
    (distance over ``time_s + 60``), ``max_speed_kmh``.
    """
    st = (
        stop_times.select("trip_id", "stop_id", "arrival_time", "departure_time")
        .join(feed.stops.select("stop_id", "stop_lon", "stop_lat"), on="stop_id", how="left")
        .join(feed.trips.select("trip_id", "route_id"), on="trip_id", how="left")
        .join(feed.routes.select("route_id", "route_type"), on="route_id", how="left")
    )
    hops = st.select(
        "trip_id",
        "route_type",
        pl.col("stop_id").alias("from_stop_id"),
        pl.col("stop_id").shift(-1).alias("to_stop_id"),
        (pl.col("arrival_time").shift(-1) - pl.col("departure_time")).alias("time_s"),
        (pl.col("trip_id").shift(-1) == pl.col("trip_id")).alias("_same"),
        "stop_lon",
        "stop_lat",
        pl.col("stop_lon").shift(-1).alias("_lon1"),
        pl.col("stop_lat").shift(-1).alias("_lat1"),
    ).filter(pl.col("_same"))
    distance = geodesic_distances_m(
        hops["stop_lon"].to_numpy(),
        hops["stop_lat"].to_numpy(),
        hops["_lon1"].to_numpy(),
        hops["_lat1"].to_numpy(),
    )
    return (
        hops.with_columns(pl.Series("distance_m", distance).fill_nan(None))
        .with_columns(
            (pl.col("distance_m") / (pl.col("time_s") + ROUNDING_SLACK_S) * 3.6).alias("speed_kmh"),
            max_speed_kmh(pl.col("route_type")).alias("max_speed_kmh"),
        )
        .select(
            "trip_id",
            "from_stop_id",
            "to_stop_id",
            "route_type",
            "distance_m",
            "time_s",
            "speed_kmh",
            "max_speed_kmh",
        )
    )


def check_speeds(feed: Feed, stop_times: pl.DataFrame) -> list[Finding]:
    """Hops faster than the route type allows; ``stop_times`` with every time filled."""
    hops = hop_speeds(feed, stop_times)
    fast = hops.filter(pl.col("speed_kmh") > pl.col("max_speed_kmh")).sort(
        "speed_kmh", descending=True
    )
    if fast.is_empty():
        return []
    examples = ", ".join(
        f"{r['trip_id']} {r['from_stop_id']}->{r['to_stop_id']} "
        f"{r['speed_kmh']:.0f} km/h (type {r['route_type']})"
        for r in fast.head(3).iter_rows(named=True)
    )
    # A warning, as in MobilityData's validator (fast_travel_between_consecutive_stops): the
    # trips still route, but their times deserve a look (often a hop timed to the minute).
    return [
        Finding(
            rule=Rule.IMPOSSIBLE_SPEED,
            severity=Severity.WARNING,
            file="stop_times.txt",
            count=fast.height,
            examples=examples,
        )
    ]
