"""Travel-time matrices: the public entry points of the routing stage.

:func:`travel_time_matrix` returns the whole matrix as a table; :func:`write_travel_time_matrix`
streams it to CSV or Parquet batch by batch (atomically: a temporary file renamed at the end).
Both build a :class:`~artois_access.routing.network.TransitNetwork` and route with the
built-in engine, or hand the same arguments to r5py (``engine="r5py"``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path

import numpy as np
import polars as pl

from artois_access.atomic import atomic_write
from artois_access.errors import InputError
from artois_access.routing.network import (
    DEFAULT_BATCH_SIZE,
    UNREACHED,
    TransitNetwork,
    TravelTimeBatch,
)
from artois_access.routing.parameters import RoutingParameters
from artois_access.routing.walking import WalkingModel


class Engine(StrEnum):
    BUILTIN = "builtin"
    R5PY = "r5py"


def travel_time_matrix(
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
    walking: WalkingModel | None = None,
    all_pairs: bool = False,
    engine: str = "builtin",
    batch_size: int = DEFAULT_BATCH_SIZE,
    **engine_options,
) -> pl.DataFrame:
    """Travel times from every origin to every destination (default: the origins).

    ``feeds``: paths of GTFS zips/folders, or a read ``Feed``. ``origins``/``destinations``:
    tables with ``id``, ``lon``, ``lat`` (WGS84). Returns columns ``from_id``, ``to_id`` (Utf8)
    and ``travel_time_p{NN}`` (UInt16 whole minutes, null when not reached below
    ``max_time_min``), one row per pair reached in at least one percentile (every pair when
    ``all_pairs``), in origin order then destination order.
    """
    kwargs = dict(locals())
    for key in ("feeds", "origins", "destinations", "engine_options"):
        kwargs.pop(key)
    if Engine(_engine(engine)) == Engine.R5PY:
        return _r5py(feeds, origins, destinations, kwargs, engine_options)
    params = _parameters(kwargs)
    network = TransitNetwork.build(feeds, params, walking=walking, osm_path=osm_path)
    frames = list(
        iter_matrix_frames(
            network, origins, destinations, all_pairs=all_pairs, batch_size=batch_size
        )
    )
    if not frames:
        return empty_matrix(params.percentiles)
    return pl.concat(frames)


def write_travel_time_matrix(
    network: TransitNetwork,
    origins: pl.DataFrame,
    destinations: pl.DataFrame | None,
    out: str | Path,
    *,
    all_pairs: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    batches: Iterator[TravelTimeBatch] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Stream the matrix to ``out`` (``.csv`` or ``.parquet``), atomically; returns the row count.

    ``batches`` may come from another executor (e.g. dask); by default the network routes them
    here. ``on_batch(n_origins_done)`` is called after each batch (progress bars).
    """
    out = Path(out)
    kind = output_kind(out)
    if batches is None:
        batches = network.iter_travel_time_batches(origins, destinations, batch_size=batch_size)
    percentiles = network.parameters.percentiles
    rows = 0

    def write(tmp: Path) -> None:
        nonlocal rows
        if kind == "csv":
            with open(tmp, "wb") as handle:
                empty_matrix(percentiles).write_csv(handle)
                for batch in batches:
                    frame = batch_frame(batch, percentiles, all_pairs=all_pairs)
                    frame.write_csv(handle, include_header=False)
                    rows += frame.height
                    if on_batch:
                        on_batch(len(batch.origin_idx))
            return
        import pyarrow.parquet as pq

        writer = pq.ParquetWriter(tmp, empty_matrix(percentiles).to_arrow().schema)
        # Row groups of a fixed size, not one per batch, so that the file's bytes do not
        # depend on --batch-size.
        pending = empty_matrix(percentiles)
        try:
            for batch in batches:
                frame = batch_frame(batch, percentiles, all_pairs=all_pairs)
                pending = pl.concat([pending, frame])
                while pending.height >= PARQUET_ROW_GROUP_ROWS:
                    writer.write_table(pending.head(PARQUET_ROW_GROUP_ROWS).to_arrow())
                    pending = pending.slice(PARQUET_ROW_GROUP_ROWS)
                rows += frame.height
                if on_batch:
                    on_batch(len(batch.origin_idx))
            if pending.height:
                writer.write_table(pending.to_arrow())
        finally:
            writer.close()

    atomic_write(out, write)
    return rows


UNLINKED_SHOWN = 10
PARQUET_ROW_GROUP_ROWS = 1_000_000


def unlinked_places(
    network: TransitNetwork, origins: pl.DataFrame, destinations: pl.DataFrame | None
) -> dict[str, list[str]]:
    """Ids of the origins (and destinations, when given) that the walking model cannot link
    to the street network: ``{"origins": [...], "destinations": [...]}``, input order; empty
    lists with straight-line walking. For the manifest and :func:`unlinked_messages`."""
    found = {"origins": network.unlinked_ids(origins, "origins")}
    if destinations is not None:
        found["destinations"] = network.unlinked_ids(destinations, "destinations")
    return found


def unlinked_messages(unlinked: dict[str, list[str]]) -> list[str]:
    """One warning line per non-empty set: its count and its first ids."""
    lines = []
    for what, ids in unlinked.items():
        if not ids:
            continue
        shown = ", ".join(ids[:UNLINKED_SHOWN])
        more = f" (and {len(ids) - UNLINKED_SHOWN:,} more)" if len(ids) > UNLINKED_SHOWN else ""
        lines.append(
            f"warning: {len(ids):,} {what} lie more than 1,600 m from any walkable way and get "
            f"no walk to or from them: {shown}{more}"
        )
    return lines


def iter_matrix_frames(
    network: TransitNetwork,
    origins: pl.DataFrame,
    destinations: pl.DataFrame | None = None,
    *,
    all_pairs: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[pl.DataFrame]:
    """The matrix as a stream of tables, one per origin batch (columns of
    :func:`travel_time_matrix`)."""
    for batch in network.iter_travel_time_batches(origins, destinations, batch_size=batch_size):
        yield batch_frame(batch, network.parameters.percentiles, all_pairs=all_pairs)


def batch_frame(
    batch: TravelTimeBatch, percentiles: Sequence[int], *, all_pairs: bool = False
) -> pl.DataFrame:
    """One batch as matrix rows (origin order, then destination order)."""
    n_o, n_d, n_p = batch.times.shape
    flat = batch.times.reshape(n_o * n_d, n_p)
    keep = np.arange(n_o * n_d) if all_pairs else np.flatnonzero((flat != UNREACHED).any(axis=1))
    from_pos, to_pos = np.divmod(keep, n_d)
    columns = {
        "from_id": pl.Series(batch.origin_ids[from_pos], dtype=pl.Utf8),
        "to_id": pl.Series(batch.dest_ids[to_pos], dtype=pl.Utf8),
    }
    for q, p in enumerate(percentiles):
        values = flat[keep, q]
        columns[f"travel_time_p{p}"] = pl.Series(values, dtype=pl.UInt16).scatter(
            np.flatnonzero(values == UNREACHED), None
        )
    return pl.DataFrame(columns)


def empty_matrix(percentiles: Sequence[int]) -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "from_id": pl.Utf8,
            "to_id": pl.Utf8,
            **{f"travel_time_p{p}": pl.UInt16 for p in percentiles},
        }
    )


def output_kind(out: Path) -> str:
    """'csv' or 'parquet' from the file name; raises InputError otherwise."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(f"output {out}: name it .csv or .parquet")
    if out.is_dir():
        raise InputError(f"output {out}: is a folder; give a file name such as {out / 'ttm.csv'}")
    # A missing folder is created (as every output of the toolkit); an existing one must be
    # writable.
    if out.parent.is_dir() and not os.access(out.parent, os.W_OK):
        raise InputError(f"output {out}: folder {out.parent} is not writable; choose another")
    return suffix.lstrip(".")


def _engine(engine: str) -> str:
    try:
        return Engine(engine).value
    except ValueError:
        raise InputError(f"unknown engine {engine!r}; choose builtin or r5py") from None


def _parameters(kwargs: dict) -> RoutingParameters:
    return RoutingParameters(
        date=kwargs["date"],
        departure_from=kwargs["departure_from"],
        departure_to=kwargs["departure_to"],
        percentiles=tuple(kwargs["percentiles"]),
        max_time_min=kwargs["max_time_min"],
        walk_speed_kmh=kwargs["walk_speed_kmh"],
        max_walk_time_min=kwargs["max_walk_time_min"],
        detour_factor=kwargs["detour_factor"],
        transfer_max_distance_m=kwargs["transfer_max_distance_m"],
        board_slack_s=kwargs["board_slack_s"],
        max_rides=kwargs["max_rides"],
        frequency_mode=kwargs["frequency_mode"],
        draws_per_minute=kwargs["draws_per_minute"],
        seed=kwargs["seed"],
    )


def _r5py(feeds, origins, destinations, kwargs, engine_options) -> pl.DataFrame:
    try:
        from artois_access.routing.r5py_engine import r5py_travel_time_matrix
    except ImportError as exc:
        from artois_access.errors import EngineUnavailableError

        raise EngineUnavailableError(f"the r5py engine is not available: {exc}") from None
    kwargs.pop("engine", None)
    kwargs.pop("batch_size", None)
    return r5py_travel_time_matrix(feeds, origins, destinations, **kwargs, **engine_options)


def write_frame(frame: pl.DataFrame, out: str | Path) -> int:
    """Write a whole matrix table to ``out`` (.csv or .parquet) atomically; returns its rows."""
    out = Path(out)
    kind = output_kind(out)
    atomic_write(out, frame.write_csv if kind == "csv" else frame.write_parquet)
    return frame.height
