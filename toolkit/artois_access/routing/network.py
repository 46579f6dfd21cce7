"""A transit network compiled once for one date and window, queried for many origins.

Isochrones, accessibility and audits all ask the same network for travel times from many
origins: :meth:`TransitNetwork.build` pays for reading and compiling the feeds and the
transfer walks once; :meth:`TransitNetwork.travel_times` and
:meth:`TransitNetwork.iter_travel_time_batches` then route origins by batches, in parallel
(numba threads).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from artois_access.errors import DataError, InputError
from artois_access.routing.parameters import RoutingParameters
from artois_access.routing.timetable import Timetable, compile_timetable
from artois_access.routing.walking import Links, Points, StraightLineWalking, WalkingModel

UNREACHED = np.uint16(65535)
DEFAULT_BATCH_SIZE = 256

# One kernel launch at a time per process: the kernel already uses every numba thread, and
# numba's fallback "workqueue" threading layer must not be entered from two threads at once
# (dask workers run tasks in threads).
_KERNEL_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True, kw_only=True)
class TravelTimeBatch:
    """Travel times from a block of origins to every destination.

    ``origin_idx`` (int64) are the origins' rows in the origin table, ``dest_idx`` (int64) the
    destinations' rows; ``origin_ids``/``dest_ids`` their ids; ``times`` is uint16 whole minutes
    ``[n_origins, n_destinations, n_percentiles]``, 65535 where unreached.
    """

    origin_idx: np.ndarray
    dest_idx: np.ndarray
    origin_ids: np.ndarray
    dest_ids: np.ndarray
    times: np.ndarray


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceSet:
    """Places to route from or to: ``ids`` (str array) and their ``points``."""

    ids: np.ndarray
    points: Points

    @classmethod
    def from_frame(cls, frame: pl.DataFrame, what: str) -> PlaceSet:
        """From a table with columns ``id``, ``lon``, ``lat`` (WGS84)."""
        missing = [c for c in ("id", "lon", "lat") if c not in frame.columns]
        if missing:
            raise InputError(
                f"{what}: missing column(s) {', '.join(missing)}; expected id, lon, lat"
            )
        ids = frame["id"].cast(pl.Utf8)
        if ids.null_count():
            raise InputError(f"{what}: {ids.null_count()} row(s) without an id")
        if ids.n_unique() != len(ids):
            dupes = ids.filter(ids.is_duplicated()).unique().sort().head(3).to_list()
            raise InputError(f"{what}: ids must be unique; repeated: {', '.join(dupes)}")
        lon = frame["lon"].cast(pl.Float64)
        lat = frame["lat"].cast(pl.Float64)
        if lon.null_count() or lat.null_count():
            raise InputError(f"{what}: some rows have no lon/lat")
        return cls(ids=ids.to_numpy(), points=Points(lon=lon.to_numpy(), lat=lat.to_numpy()))

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TransitNetwork:
    """Compiled timetable + walking model + transfer walks, for one set of parameters."""

    parameters: RoutingParameters
    timetable: Timetable
    walking: WalkingModel
    stop_points: Points
    transfers: Links

    @classmethod
    def build(
        cls,
        feeds,
        parameters: RoutingParameters,
        *,
        walking: WalkingModel | None = None,
        osm_path: str | Path | None = None,
    ) -> TransitNetwork:
        """Compile ``feeds`` (paths of GTFS zips/folders, or a read ``Feed``) for
        ``parameters.date`` and window. Walking is ``walking`` if given, else the street model
        of ``osm_path``, else straight lines with the parameters' speed and detour factor."""
        feed = _as_feed(feeds)
        _check_timetable_rows(feed)
        timetable = compile_timetable(
            feed,
            date=parameters.date,
            departure_from_s=parameters.departure_from_s,
            departure_to_s=parameters.departure_to_s,
            max_time_s=parameters.max_time_s,
            frequency_mode=parameters.frequency_mode,
            draws_per_minute=parameters.draws_per_minute,
            seed=parameters.seed,
        )
        unplaced = timetable.stops.filter(
            pl.col("stop_lon").is_null() | pl.col("stop_lat").is_null()
        )["stop_id"]
        if len(unplaced):
            raise DataError(
                f"stops.txt: {len(unplaced)} stop(s) served by trips have no coordinates "
                f"({', '.join(unplaced.head(3).to_list())}); give them stop_lat/stop_lon"
            )
        if walking is None:
            walking = walking_model(parameters, osm_path)
        stop_points = Points(
            lon=timetable.stops["stop_lon"].to_numpy(), lat=timetable.stops["stop_lat"].to_numpy()
        )
        transfers = walking.transfer_links(stop_points)
        return cls(
            parameters=parameters,
            timetable=timetable,
            walking=walking,
            stop_points=stop_points,
            transfers=transfers,
        )

    def iter_travel_time_batches(
        self,
        origins: pl.DataFrame | PlaceSet,
        destinations: pl.DataFrame | PlaceSet | None = None,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        percentiles: Sequence[int] | None = None,
    ) -> Iterator[TravelTimeBatch]:
        """Route ``origins`` by blocks of ``batch_size`` to every destination (default: the
        origins), yielding :class:`TravelTimeBatch` in origin order."""
        origin_set = _places(origins, "origins")
        dest_set = origin_set if destinations is None else _places(destinations, "destinations")
        ranks, order = self._ranks(percentiles)
        egress = self.walking.egress_links(self.stop_points, dest_set.points)
        dest_row = {d: i for i, d in enumerate(dest_set.ids.tolist())}
        dest_idx = np.arange(len(dest_set), dtype=np.int64)
        if batch_size <= 0:
            raise InputError(f"batch size must be > 0, got {batch_size}")
        for lo in range(0, len(origin_set), batch_size):
            hi = min(lo + batch_size, len(origin_set))
            times, _ = self._route(origin_set, lo, hi, dest_set, egress, dest_row, ranks, False)
            yield TravelTimeBatch(
                origin_idx=np.arange(lo, hi, dtype=np.int64),
                dest_idx=dest_idx,
                origin_ids=origin_set.ids[lo:hi],
                dest_ids=dest_set.ids,
                times=times[:, :, order],
            )

    def travel_times(
        self,
        origins: pl.DataFrame | PlaceSet,
        destinations: pl.DataFrame | PlaceSet | None = None,
        *,
        percentiles: Sequence[int] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> np.ndarray:
        """uint16 minutes ``[n_origins, n_destinations, n_percentiles]`` (65535: unreached)."""
        batches = [
            b.times
            for b in self.iter_travel_time_batches(
                origins, destinations, batch_size=batch_size, percentiles=percentiles
            )
        ]
        n_dest = len(_places(destinations if destinations is not None else origins, "places"))
        n_p = len(percentiles or self.parameters.percentiles)
        if not batches:
            return np.zeros((0, n_dest, n_p), dtype=np.uint16)
        return np.concatenate(batches, axis=0)

    def minute_travel_seconds(
        self, origins: pl.DataFrame | PlaceSet, destinations: pl.DataFrame | PlaceSet | None = None
    ) -> np.ndarray:
        """Transit travel seconds per departure minute (for checks): int32
        ``[n_origins, n_destinations, n_draws * n_minutes]``, minute ``m`` of draw ``r`` in
        column ``r * n_minutes + m``; values >= ``max_time`` mean not reached in time. Walk-only
        trips are not included."""
        origin_set = _places(origins, "origins")
        dest_set = origin_set if destinations is None else _places(destinations, "destinations")
        egress = self.walking.egress_links(self.stop_points, dest_set.points)
        dest_row = {d: i for i, d in enumerate(dest_set.ids.tolist())}
        ranks, _ = self._ranks(None)
        _, raw = self._route(
            origin_set, 0, len(origin_set), dest_set, egress, dest_row, ranks, True
        )
        return raw

    def unlinked_ids(self, places: pl.DataFrame | PlaceSet, what: str = "places") -> list[str]:
        """Ids (input order) of the places the walking model cannot link to the street network
        (street mode: farther than 1,600 m from any walkable way; they get no walk at all).
        Always empty with straight-line walking."""
        place_set = _places(places, what)
        finder = getattr(self.walking, "unlinked_ids", None)
        if finder is None or len(place_set) == 0:
            return []
        return list(finder(place_set.ids, place_set.points))

    def stopless_ids(self, places: pl.DataFrame | PlaceSet, what: str = "places") -> list[str]:
        """Ids (input order) of the places with no stop within the walking limit: from them
        only walking is possible. All of them stopless usually means lon/lat are swapped or
        the places lie outside the feeds' area."""
        place_set = _places(places, what)
        if len(place_set) == 0:
            return []
        links = self.walking.access_links(place_set.points, self.stop_points)
        return place_set.ids[np.diff(links.indptr) == 0].tolist()

    def _ranks(self, percentiles: Sequence[int] | None) -> tuple[np.ndarray, np.ndarray]:
        """1-based nearest ranks in ascending order, and the order giving back the caller's."""
        percentiles = tuple(percentiles or self.parameters.percentiles)
        for p in percentiles:
            if not 1 <= p <= 99:
                raise InputError(f"percentile {p} is outside 1–99")
        n_values = self.parameters.window_min * self.timetable.n_draws
        ranks = np.array([(p * n_values + 99) // 100 for p in percentiles], dtype=np.int64)
        ascending = np.argsort(ranks, kind="stable")
        return ranks[ascending], np.argsort(ascending, kind="stable")

    def _route(self, origin_set, lo, hi, dest_set, egress, dest_row, ranks, record_raw):
        from numba import get_num_threads

        from artois_access.routing.raptor import route_batch

        params = self.parameters
        points = Points(lon=origin_set.points.lon[lo:hi], lat=origin_set.points.lat[lo:hi])
        access = self.walking.access_links(points, self.stop_points)
        direct = self.walking.direct_links(points, dest_set.points)
        same = np.array([dest_row.get(i, -1) for i in origin_set.ids[lo:hi].tolist()], np.int64)
        tt = self.timetable
        walks = (
            self.transfers.indptr, self.transfers.index, self.transfers.seconds,
            egress.indptr, egress.index, egress.seconds,
            access.indptr, access.index, access.seconds,
            direct.indptr, direct.index, direct.seconds,
        )  # fmt: skip
        with _KERNEL_LOCK:
            return route_batch(
                *tt.kernel_arrays(),
                *walks,
                same,
                tt.frequency_phases,
                params.departure_from_s // 60,
                params.window_min,
                params.board_slack_s,
                params.max_rides,
                params.max_time_s,
                ranks,
                len(dest_set),
                max(1, min(get_num_threads(), hi - lo)),
                record_raw,
            )


def walking_model(parameters: RoutingParameters, osm_path: str | Path | None) -> WalkingModel:
    """Straight-line walking, or the street model of an OSM extract when one is given."""
    if osm_path is None:
        return StraightLineWalking(
            walk_speed_kmh=parameters.walk_speed_kmh,
            detour_factor=parameters.detour_factor,
            max_walk_time_min=parameters.max_walk_time_min,
            transfer_max_distance_m=parameters.transfer_max_distance_m,
        )
    try:
        from artois_access.routing.street_walking import StreetWalking
    except ImportError as exc:
        raise InputError(
            f"street walking (--osm {osm_path}) is not available in this version: {exc}"
        ) from None
    return StreetWalking(
        osm_path=Path(osm_path),
        walk_speed_kmh=parameters.walk_speed_kmh,
        max_walk_time_min=parameters.max_walk_time_min,
        transfer_max_distance_m=parameters.transfer_max_distance_m,
    )


def _check_timetable_rows(feed) -> None:
    """A feed without trips, stop times or any service day has nothing to route on; without
    this check every place would silently get walk-only times."""
    from artois_access.feeds.service import service_dates

    names = ", ".join(feed.feed_ids)
    for table in ("trips", "stop_times"):
        if getattr(feed, table).height == 0:
            raise DataError(
                f"GTFS feeds {names}: {table}.txt has no usable rows, so there is no timetable "
                "to route on; `artois-access feeds validate` lists the rows dropped and why"
            )
    try:
        service_dates(feed)
    except DataError:
        raise DataError(
            f"GTFS feeds {names}: calendar.txt and calendar_dates.txt define no usable service "
            "day (dates are written YYYYMMDD); `artois-access feeds validate` lists the rows "
            "dropped and why"
        ) from None


def _as_feed(feeds):
    if hasattr(feeds, "stop_times") and hasattr(feeds, "trips"):
        return feeds
    from artois_access.feeds.read import read_feeds

    if isinstance(feeds, (str, Path)):
        feeds = [feeds]
    return read_feeds(list(feeds))


def _places(places, what: str) -> PlaceSet:
    if isinstance(places, PlaceSet):
        return places
    return PlaceSet.from_frame(places, what)
