"""Compiling GTFS feeds for one service date into the flat arrays the RAPTOR kernel scans.

Vocabulary of RAPTOR (Delling, Pajor, Werneck 2012/2015): a *pattern* ("route" in the paper)
is a set of trips with the same sequence of stops and the same pickup/drop-off flags, its trips
sorted by departure. Within a pattern, trips never overtake one another (FIFO at every
position, for arrivals and departures): patterns where some trip overtakes another are split,
so that the earliest trip boardable at a position is also the one that arrives first
everywhere downstream. Positions, not stops, index a pattern, so a loop trip that visits a stop
twice is served at both visits.

Layout (all int32 seconds since the start of service day ``D``; global pattern ids):
- ``pattern_stop_ptr[p]:pattern_stop_ptr[p+1]`` slices ``pattern_stops`` (stop index per
  position), ``pattern_board`` and ``pattern_alight`` (1 when boarding/alighting is allowed);
- trips of pattern ``p`` are ``pattern_trip_ptr[p] .. pattern_trip_ptr[p+1]-1`` (sorted);
  trip ``i`` (0-based within the pattern) at position ``j`` has arrival
  ``arrival[pattern_time_ptr[p] + i*n_p + j]`` (same for ``departure``);
- stop ``s`` is served by the (pattern, position) pairs ``stop_pattern[k], stop_pattern_pos[k]``
  for ``k`` in ``stop_pattern_ptr[s] .. stop_pattern_ptr[s+1]-1``.
Inexact frequency entries (``exact_times=0``) in half-headway and Monte Carlo modes are not
expanded into trips: each entry (per service day) is one pattern with ``pattern_headway[p] > 0``,
whose single trip row holds times relative to the template's first departure; its vehicles
leave the first stop in ``[pattern_freq_start[p], pattern_freq_end[p])``. In Monte Carlo mode
``pattern_phase_slot[p]`` (else -1) indexes the entry in ``frequency_phases``
(``[n_minutes, n_draws, n_slots]``, see :func:`artois_access.routing.runs.monte_carlo_phases`):
at minute ``m`` and draw ``r`` its vehicles leave at ``start + phases[m, r, slot] + k·headway``.
Slots are numbered in the order of the entries sorted by template ``trip_id`` then shifted
``start_s``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from artois_access.errors import InputError
from artois_access.routing.runs import (
    FrequencyMode,
    active_service_ids,
    frequency_entries,
    frequency_runs,
    monte_carlo_phases,
    scheduled_runs,
    service_range,
)
from artois_access.routing.stop_time_interpolation import interpolated_stop_times


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Timetable:
    """The compiled timetable of one service date (see the module docstring for the layout).

    ``n_draws`` is ``draws_per_minute`` when Monte Carlo frequency patterns exist, else 1.
    ``stops`` lists the routable stops in index order: ``stop_id`` (scoped), ``stop_lon``,
    ``stop_lat``. ``trips`` lists the compiled trips in global trip order: ``trip_id``
    (template), ``shift_s`` (time added to the template's times). ``dropped_trips`` counts trips
    left out for lack of usable times.
    """

    date: dt.date
    stops: pl.DataFrame
    trips: pl.DataFrame
    n_draws: int
    pattern_stop_ptr: np.ndarray
    pattern_stops: np.ndarray
    pattern_board: np.ndarray
    pattern_alight: np.ndarray
    pattern_trip_ptr: np.ndarray
    pattern_time_ptr: np.ndarray
    arrival: np.ndarray
    departure: np.ndarray
    pattern_headway: np.ndarray
    pattern_freq_start: np.ndarray
    pattern_freq_end: np.ndarray
    pattern_phase_slot: np.ndarray
    frequency_phases: np.ndarray
    stop_pattern_ptr: np.ndarray
    stop_pattern: np.ndarray
    stop_pattern_pos: np.ndarray
    dropped_trips: int

    @property
    def n_stops(self) -> int:
        return self.stops.height

    @property
    def n_patterns(self) -> int:
        return len(self.pattern_stop_ptr) - 1

    def kernel_arrays(self) -> tuple[np.ndarray, ...]:
        """The arrays of the kernel, in the order of its signature."""
        return (
            self.pattern_stop_ptr,
            self.pattern_stops,
            self.pattern_board,
            self.pattern_alight,
            self.pattern_trip_ptr,
            self.pattern_time_ptr,
            self.arrival,
            self.departure,
            self.pattern_headway,
            self.pattern_freq_start,
            self.pattern_freq_end,
            self.pattern_phase_slot,
            self.stop_pattern_ptr,
            self.stop_pattern,
            self.stop_pattern_pos,
        )


def compile_timetable(
    feed,
    *,
    date: dt.date,
    departure_from_s: int,
    departure_to_s: int,
    max_time_s: int,
    frequency_mode: FrequencyMode | str = FrequencyMode.MONTE_CARLO,
    draws_per_minute: int = 5,
    seed: int = 0,
) -> Timetable:
    """Compile ``feed`` (an :class:`artois_access.feeds.feed.Feed`) for service date ``date``.

    Trips of ``date - 1`` and ``date + 1`` are included, shifted by ∓24 h, when they reach the
    window ``[departure_from_s, departure_to_s + max_time_s]``. Raises :class:`InputError` when
    no feed has service on ``date``.
    """
    frequency_mode = FrequencyMode(frequency_mode)
    active_by_day = {
        offset: active_service_ids(feed, date + dt.timedelta(days=offset)) for offset in (-1, 0, 1)
    }
    if not active_by_day[0]:
        raise InputError(
            f"no service on {date.isoformat()} in the GTFS feeds (they run {service_range(feed)}); "
            "choose a --date within that range"
        )
    stop_times, dropped = interpolated_stop_times(feed)
    stops, templates = _templates(feed, stop_times)

    frequencies = feed.frequencies.sort("trip_id", "start_time")
    freq_trip_ids = frequencies["trip_id"].unique()
    # An entry without a positive headway or a window has no departure (validation reports it).
    frequencies = frequencies.filter(
        (pl.col("headway_secs") > 0) & (pl.col("end_time") > pl.col("start_time"))
    )
    # Inexact entries stay one pattern each in half-headway and Monte Carlo modes.
    routed_entries = None
    if frequency_mode != FrequencyMode.SCHEDULED:
        inexact = pl.col("exact_times").fill_null(0) != 1
        routed_entries = frequency_entries(frequencies.filter(inexact), feed.trips, active_by_day)
        frequencies = frequencies.filter(~inexact)
    first_dep = templates.select("trip_id", pl.col("first_s").alias("template_first_s"))
    plain = scheduled_runs(
        feed.trips.filter(~pl.col("trip_id").is_in(freq_trip_ids.implode())),
        date,
        active_by_day,
    )
    zero = np.zeros(frequencies.height, dtype=np.int32)
    runs = pl.concat(
        [plain, frequency_runs(frequencies, feed.trips, first_dep, active_by_day, zero)]
    )
    runs = (
        runs.join(templates, on="trip_id", how="inner")
        .filter(
            (pl.col("first_s") + pl.col("shift_s") <= departure_to_s + max_time_s)
            & (pl.col("last_s") + pl.col("shift_s") >= departure_from_s)
        )
        .sort("pattern", "first_s", "trip_id", "shift_s")
    )
    layer, trips = _patterns(runs, templates)
    headways = np.zeros(0, dtype=np.int64)
    if routed_entries is not None:
        trips, headways = _add_headway_patterns(
            layer, trips, routed_entries, templates, departure_from_s,
            departure_to_s + max_time_s, monte_carlo=frequency_mode == FrequencyMode.MONTE_CARLO,
        )  # fmt: skip
    n_minutes = max(0, (departure_to_s - departure_from_s) // 60)
    n_draws = draws_per_minute if len(headways) else 1
    phases = monte_carlo_phases(headways, n_minutes, n_draws, seed)
    return _stack(date, stops, layer, trips, dropped, n_draws, phases)


def _templates(feed, stop_times: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Routable stops, and one row per template trip with its positions as lists."""
    used = stop_times["stop_id"].unique().implode()
    stops = (
        feed.stops.filter(pl.col("stop_id").is_in(used))
        .select("stop_id", "stop_lon", "stop_lat")
        .unique("stop_id", keep="first", maintain_order=True)
        .with_row_index("stop_idx")
        .with_columns(pl.col("stop_idx").cast(pl.Int32))
    )
    timed = (
        stop_times.join(stops.select("stop_id", "stop_idx"), on="stop_id", how="inner")
        .sort("trip_id", "stop_sequence")
        .select(
            "trip_id",
            "stop_idx",
            pl.col("arrival_time").cast(pl.Int32).alias("arr"),
            pl.col("departure_time").cast(pl.Int32).alias("dep"),
            (pl.col("pickup_type").fill_null(0) != 1).cast(pl.UInt8).alias("board"),
            (pl.col("drop_off_type").fill_null(0) != 1).cast(pl.UInt8).alias("alight"),
        )
    )
    templates = (
        timed.group_by("trip_id", maintain_order=True)
        .agg(
            pl.col("stop_idx"),
            pl.col("board"),
            pl.col("alight"),
            pl.col("arr"),
            pl.col("dep"),
            pl.col("dep").first().alias("first_s"),
            pl.col("arr").last().alias("last_s"),
        )
        .filter(pl.col("stop_idx").list.len() >= 2)
        .with_columns(
            pl.concat_str(
                pl.col("stop_idx").cast(pl.List(pl.Utf8)).list.join(","),
                pl.col("board").cast(pl.List(pl.Utf8)).list.join(""),
                pl.col("alight").cast(pl.List(pl.Utf8)).list.join(""),
                separator="|",
            ).alias("key")
        )
    )
    keys = templates["key"].unique().sort()
    templates = templates.join(
        pl.DataFrame({"key": keys, "pattern": np.arange(len(keys), dtype=np.int32)}), on="key"
    ).drop("key")
    return stops.drop("stop_idx"), templates


def _patterns(runs: pl.DataFrame, templates: pl.DataFrame) -> tuple[dict, pl.DataFrame]:
    """Arrays of one draw: patterns split until FIFO, trips sorted by departure."""
    out = {
        k: []
        for k in (
            "stops", "board", "alight", "arr", "dep", "n_stops", "n_trips", "headway", "fstart",
            "fend", "slot",
        )
    }  # fmt: skip
    trip_ids: list[str] = []
    trip_shifts: list[np.ndarray] = []
    for group in runs.partition_by("pattern", maintain_order=True):
        first = group.row(0, named=True)
        n = len(first["stop_idx"])
        shift = group["shift_s"].to_numpy().astype(np.int64)[:, None]
        arr = np.array(group["arr"].to_list(), dtype=np.int64).reshape(-1, n) + shift
        dep = np.array(group["dep"].to_list(), dtype=np.int64).reshape(-1, n) + shift
        # Sort by departure at each position in turn (first position first), then arrivals.
        order = np.lexsort(tuple(arr.T[::-1]) + tuple(dep.T[::-1]))
        ids = group["trip_id"].to_numpy()[order]
        arr, dep, shifts = arr[order], dep[order], shift[order, 0]
        for chain in _fifo_chains(arr, dep):
            out["stops"].append(np.asarray(first["stop_idx"], dtype=np.int32))
            out["board"].append(np.asarray(first["board"], dtype=np.uint8))
            out["alight"].append(np.asarray(first["alight"], dtype=np.uint8))
            out["arr"].append(arr[chain].ravel())
            out["dep"].append(dep[chain].ravel())
            out["n_stops"].append(n)
            out["n_trips"].append(len(chain))
            out["headway"].append(0)
            out["fstart"].append(0)
            out["fend"].append(0)
            out["slot"].append(-1)
            trip_ids.extend(ids[chain].tolist())
            trip_shifts.append(shifts[chain])
    trips = pl.DataFrame(
        {
            "trip_id": pl.Series(trip_ids, dtype=pl.Utf8),
            "shift_s": pl.Series(
                np.concatenate(trip_shifts) if trip_shifts else np.zeros(0), dtype=pl.Int32
            ),
        }
    )
    return out, trips


def _add_headway_patterns(
    layer, trips, entries, templates, from_s, until_s, *, monte_carlo: bool
) -> tuple[pl.DataFrame, np.ndarray]:
    """One pattern per inexact frequency entry: a single row of times relative to the
    template's first departure, with the entry's service window and headway. Returns the trips
    with one row per entry, and (Monte Carlo) the headways of the phase slots, in slot order."""
    rows = (
        entries.join(templates, on="trip_id", how="inner")
        .filter(
            (pl.col("start_s") <= until_s)
            & (pl.col("end_s") + pl.col("last_s") - pl.col("first_s") >= from_s)
        )
        .sort("trip_id", "start_s")
    )
    for slot, row in enumerate(rows.iter_rows(named=True)):
        first = row["first_s"]
        layer["stops"].append(np.asarray(row["stop_idx"], dtype=np.int32))
        layer["board"].append(np.asarray(row["board"], dtype=np.uint8))
        layer["alight"].append(np.asarray(row["alight"], dtype=np.uint8))
        layer["arr"].append(np.asarray(row["arr"], dtype=np.int64) - first)
        layer["dep"].append(np.asarray(row["dep"], dtype=np.int64) - first)
        layer["n_stops"].append(len(row["stop_idx"]))
        layer["n_trips"].append(1)
        layer["headway"].append(row["headway_s"])
        layer["fstart"].append(row["start_s"])
        layer["fend"].append(row["end_s"])
        layer["slot"].append(slot if monte_carlo else -1)
    extra = rows.select("trip_id", pl.col("start_s").alias("shift_s"))
    headways = rows["headway_s"].to_numpy().astype(np.int64) if monte_carlo else np.zeros(0)
    return pl.concat([trips, extra]), headways


def _fifo_chains(arr: np.ndarray, dep: np.ndarray) -> list[np.ndarray]:
    """Split sorted trips into chains in which no trip overtakes the one before it."""
    if len(arr) < 2 or ((np.diff(arr, axis=0) >= 0).all() and (np.diff(dep, axis=0) >= 0).all()):
        return [np.arange(len(arr))]
    chains: list[list[int]] = []
    for i in range(len(arr)):
        for chain in chains:
            last = chain[-1]
            if (arr[i] >= arr[last]).all() and (dep[i] >= dep[last]).all():
                chain.append(i)
                break
        else:
            chains.append([i])
    return [np.asarray(c) for c in chains]


def _cat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def _ptr(counts: list[int]) -> np.ndarray:
    ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.asarray(counts, dtype=np.int64), out=ptr[1:])
    return ptr


def _stack(date, stops, layer, trips, dropped, n_draws, phases) -> Timetable:
    n_stops = stops.height
    n_stops_p = np.asarray(layer["n_stops"], dtype=np.int64)
    n_trips_p = np.asarray(layer["n_trips"], dtype=np.int64)
    pattern_stop_ptr = _ptr(layer["n_stops"])
    pattern_stops = _cat(layer["stops"], np.int32)
    n_patterns = len(n_stops_p)
    pattern_of = np.repeat(np.arange(n_patterns, dtype=np.int64), n_stops_p)
    pos = np.arange(len(pattern_stops), dtype=np.int64) - pattern_stop_ptr[pattern_of]
    order = np.lexsort((pos, pattern_of, pattern_stops))
    stop_pattern_ptr = np.zeros(n_stops + 1, dtype=np.int64)
    np.cumsum(np.bincount(pattern_stops, minlength=n_stops), out=stop_pattern_ptr[1:])
    return Timetable(
        date=date,
        stops=stops,
        trips=trips,
        n_draws=n_draws,
        pattern_stop_ptr=pattern_stop_ptr,
        pattern_stops=pattern_stops,
        pattern_board=_cat(layer["board"], np.uint8),
        pattern_alight=_cat(layer["alight"], np.uint8),
        pattern_trip_ptr=_ptr(layer["n_trips"]),
        pattern_time_ptr=_ptr(list(n_stops_p * n_trips_p)),
        arrival=_cat(layer["arr"], np.int32),
        departure=_cat(layer["dep"], np.int32),
        pattern_headway=np.asarray(layer["headway"], dtype=np.int32),
        pattern_freq_start=np.asarray(layer["fstart"], dtype=np.int32),
        pattern_freq_end=np.asarray(layer["fend"], dtype=np.int32),
        pattern_phase_slot=np.asarray(layer["slot"], dtype=np.int32),
        frequency_phases=phases,
        stop_pattern_ptr=stop_pattern_ptr,
        stop_pattern=pattern_of[order].astype(np.int32),
        stop_pattern_pos=pos[order].astype(np.int32),
        dropped_trips=dropped,
    )
