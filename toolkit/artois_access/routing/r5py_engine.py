"""R5 (through r5py) as an optional second engine, with the built-in engine's inputs and outputs.

r5py is imported only when this engine is asked for, through
:func:`artois_access.routing.r5py_runtime.load_r5py`, which first checks cheaply that R5 can
start here (Java 21+, R5's jar or a network to fetch it) and otherwise raises an
:class:`~artois_access.errors.EngineUnavailableError` with one line saying how to fix it.

Parameters, mapped one to one onto ``r5py.TravelTimeMatrix`` (ROUTING_SEMANTICS, table):

=========================  =====================================================================
ours                        R5 / r5py
=========================  =====================================================================
date, from, to              ``departure`` = date + from, ``departure_time_window`` = to − from
percentiles                 ``percentiles`` (R5 computes at most 5 at a time)
max_time_min                ``max_time`` (we keep only times strictly below it, as R5)
walk_speed_kmh              ``speed_walking``
max_walk_time_min           ``max_time_walking`` (R5 applies it to access and egress legs)
max_rides                   ``max_public_transport_rides``
osm (street network)        required: R5 always walks on the OSM street network
detour_factor               absent: R5 never walks straight lines, the streets are the detour
transfer_max_distance_m     absent: fixed in R5 (1,000 m transfer search radius, the same default)
board_slack_s               absent: fixed in R5 at 60 s (the same default)
frequency_mode              absent: R5 is always Monte Carlo; ``scheduled``/``half-headway`` do not exist
draws_per_minute            absent from r5py's TravelTimeMatrix (R5's own default number of draws)
seed                        absent: R5's random draws are not seeded; frequency feeds vary by run
=========================  =====================================================================

A parameter that R5 lacks is not an error: R5 uses its own fixed rule, listed above, and
:func:`r5_unmapped_parameters` names the ones whose value differs from R5's fixed rule so that the
caller can warn about them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from artois_access.errors import EngineUnavailableError, InputError
from artois_access.routing.parameters import RoutingParameters
from artois_access.routing.r5py_runtime import error_line, load_r5py

logger = logging.getLogger(__name__)

R5_MAX_PERCENTILES = 5


def r5_unmapped_parameters(parameters: RoutingParameters) -> list[str]:
    """Parameters set to a value that R5 cannot follow (R5 keeps its fixed rule for them)."""
    defaults = RoutingParameters(
        date=parameters.date,
        departure_from=parameters.departure_from,
        departure_to=parameters.departure_to,
    )
    names = (
        "transfer_max_distance_m",
        "board_slack_s",
        "frequency_mode",
        "draws_per_minute",
        "seed",
    )
    return [n for n in names if getattr(parameters, n) != getattr(defaults, n)]


def r5py_travel_time_matrix(
    feeds,
    origins: pl.DataFrame,
    destinations: pl.DataFrame | None = None,
    *,
    date: dt.date,
    departure_from: dt.time,
    departure_to: dt.time,
    percentiles: Sequence[int] = (50,),
    max_time_min: int = 120,
    walk_speed_kmh: float = 3.6,
    max_walk_time_min: float = 20,
    detour_factor: float = 1.3,
    transfer_max_distance_m: float = 1000,
    board_slack_s: int = 60,
    max_rides: int = 8,
    frequency_mode: str = "monte-carlo",
    draws_per_minute: int = 5,
    seed: int = 0,
    osm_path: str | Path | None = None,
    walking: object | None = None,
    all_pairs: bool = False,
    r5_jar: str | Path | None = None,
) -> pl.DataFrame:
    """Travel-time matrix computed by R5 through r5py, with the inputs and output of
    :func:`artois_access.routing.matrix.travel_time_matrix`.

    ``feeds``: paths of GTFS zips; ``origins``/``destinations``: columns ``id``, ``lon``, ``lat``
    (WGS84; destinations default to the origins); ``osm_path`` is required (R5 walks on streets).
    Parameters R5 lacks are listed in the module doc; R5 keeps its fixed rule for them. Returns
    ``from_id``, ``to_id`` (Utf8) and ``travel_time_p{NN}`` (UInt16 minutes, null = unreached),
    rows only for pairs reached in at least one percentile unless ``all_pairs``, in origin order
    then destination order.
    """
    parameters = RoutingParameters(
        date=date,
        departure_from=departure_from,
        departure_to=departure_to,
        percentiles=tuple(percentiles),
        max_time_min=max_time_min,
        walk_speed_kmh=walk_speed_kmh,
        max_walk_time_min=max_walk_time_min,
        detour_factor=detour_factor,
        transfer_max_distance_m=transfer_max_distance_m,
        board_slack_s=board_slack_s,
        max_rides=max_rides,
        frequency_mode=frequency_mode,
        draws_per_minute=draws_per_minute,
        seed=seed,
    )
    if osm_path is None:
        raise InputError(
            "--engine r5py needs --osm PATH: R5 walks on the OpenStreetMap street network only"
        )
    if walking is not None:
        raise InputError("the r5py engine walks on R5's own street network; give no walking model")
    gtfs_paths = _feed_paths(feeds)
    if len(parameters.percentiles) > R5_MAX_PERCENTILES:
        raise InputError(
            f"R5 computes at most {R5_MAX_PERCENTILES} percentiles at a time, "
            f"got {len(parameters.percentiles)}; ask for fewer"
        )
    r5py = load_r5py(r5_jar)
    unmapped = r5_unmapped_parameters(parameters)
    if unmapped:
        logger.warning("R5 cannot follow %s: it keeps its fixed rules", ", ".join(unmapped))
    destinations = origins if destinations is None else destinations
    try:
        network = r5py.TransportNetwork(str(osm_path), [str(p) for p in gtfs_paths])
        matrix = r5py.TravelTimeMatrix(
            network,
            origins=_geodataframe(origins),
            destinations=_geodataframe(destinations),
            departure=dt.datetime.combine(parameters.date, parameters.departure_from),
            departure_time_window=dt.timedelta(minutes=parameters.window_min),
            percentiles=list(parameters.percentiles),
            transport_modes=[r5py.TransportMode.TRANSIT, r5py.TransportMode.WALK],
            access_modes=[r5py.TransportMode.WALK],
            egress_modes=[r5py.TransportMode.WALK],
            max_time=dt.timedelta(minutes=parameters.max_time_min),
            max_time_walking=dt.timedelta(minutes=parameters.max_walk_time_min),
            speed_walking=parameters.walk_speed_kmh,
            max_public_transport_rides=parameters.max_rides,
        )
        table = pl.from_pandas(matrix[[c for c in matrix.columns if c != "geometry"]].copy())
    except Exception as exc:  # a JVM-side failure is not a bug of ours: say it in one line
        raise EngineUnavailableError(f"R5 failed: {error_line(exc)}") from exc
    return _to_contract(table, origins, destinations, parameters, all_pairs=all_pairs)


def _feed_paths(feeds) -> list[Path]:
    if isinstance(feeds, (str, Path)):
        feeds = [feeds]
    try:
        paths = [Path(f) for f in feeds]
    except TypeError:
        raise InputError("the r5py engine reads GTFS files: give paths, not a read feed") from None
    for path in paths:
        if not path.exists():
            raise InputError(f"--gtfs {path}: no such file or folder")
    return paths


def _to_contract(
    table: pl.DataFrame,
    origins: pl.DataFrame,
    destinations: pl.DataFrame,
    parameters: RoutingParameters,
    *,
    all_pairs: bool,
) -> pl.DataFrame:
    """R5's float minutes (NaN unreached; one ``travel_time`` column when only p50 is asked)
    to our columns, in origin order then destination order."""
    if list(parameters.percentiles) == [50] and "travel_time" in table.columns:
        table = table.rename({"travel_time": "travel_time_p50"})
    columns = [f"travel_time_p{p}" for p in parameters.percentiles]
    order_o = pl.DataFrame({"from_id": origins["id"].cast(pl.Utf8)}).with_row_index("_o")
    order_d = pl.DataFrame({"to_id": destinations["id"].cast(pl.Utf8)}).with_row_index("_d")
    out = (
        table.with_columns(pl.col("from_id").cast(pl.Utf8), pl.col("to_id").cast(pl.Utf8))
        .join(order_o, on="from_id")
        .join(order_d, on="to_id")
        .sort("_o", "_d")
        .select(
            "from_id",
            "to_id",
            *[
                pl.when(pl.col(c).is_not_nan() & (pl.col(c) < parameters.max_time_min))
                .then(pl.col(c).floor())
                .otherwise(None)
                .cast(pl.UInt16)
                .alias(c)
                for c in columns
            ],
        )
    )
    if not all_pairs:
        out = out.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in columns))
    return out


def _geodataframe(points: pl.DataFrame):
    import geopandas

    return geopandas.GeoDataFrame(
        {"id": points["id"].cast(pl.Utf8).to_list()},
        geometry=geopandas.points_from_xy(points["lon"].to_numpy(), points["lat"].to_numpy()),
        crs="EPSG:4326",
    )
