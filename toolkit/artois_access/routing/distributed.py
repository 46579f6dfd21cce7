"""Routing origin batches on a dask cluster.

The compiled network is sent to the workers once (``scatter``); each task routes one block
of origins to every destination and returns its uint16 times. Batches come back in origin
order, so the output is identical to the in-process path. A local cluster is started when no
scheduler address nor client is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import numpy as np
import polars as pl

from artois_access.errors import InputError
from artois_access.routing.network import (
    DEFAULT_BATCH_SIZE,
    PlaceSet,
    TransitNetwork,
    TravelTimeBatch,
)
from artois_access.routing.walking import Points


def _route_block(network: TransitNetwork, origins: PlaceSet, destinations: PlaceSet) -> np.ndarray:
    (batch,) = network.iter_travel_time_batches(origins, destinations, batch_size=len(origins))
    return batch.times


def dask_travel_time_batches(
    network: TransitNetwork,
    origins: pl.DataFrame | PlaceSet,
    destinations: pl.DataFrame | PlaceSet | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    scheduler_address: str | None = None,
    client=None,
    processes: bool = True,
    n_workers: int | None = None,
) -> Iterator[TravelTimeBatch]:
    """Like :meth:`TransitNetwork.iter_travel_time_batches`, each batch a dask task.

    Uses ``client`` if given, else connects to ``scheduler_address``, else starts a
    ``LocalCluster(processes=processes, n_workers=n_workers)`` for the time of the iteration.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise InputError(f"dask.distributed is not installed: {exc}") from None
    origin_set = (
        origins if isinstance(origins, PlaceSet) else PlaceSet.from_frame(origins, "origins")
    )
    if destinations is None:
        dest_set = origin_set
    elif isinstance(destinations, PlaceSet):
        dest_set = destinations
    else:
        dest_set = PlaceSet.from_frame(destinations, "destinations")
    if batch_size <= 0:
        raise InputError(f"batch size must be > 0, got {batch_size}")
    with ExitStack() as stack:
        if client is None:
            if scheduler_address:
                try:
                    client = stack.enter_context(Client(scheduler_address, timeout="20s"))
                except OSError as exc:
                    raise InputError(
                        f"cannot reach the dask scheduler at {scheduler_address}: {exc}"
                    ) from None
            else:
                cluster = stack.enter_context(
                    LocalCluster(processes=processes, n_workers=n_workers, dashboard_address=None)
                )
                client = stack.enter_context(Client(cluster))
        network_future = client.scatter(network, broadcast=True)
        dest_future = client.scatter(dest_set, broadcast=True)
        futures = []
        for lo in range(0, len(origin_set), batch_size):
            hi = min(lo + batch_size, len(origin_set))
            block = PlaceSet(
                ids=origin_set.ids[lo:hi],
                points=Points(lon=origin_set.points.lon[lo:hi], lat=origin_set.points.lat[lo:hi]),
            )
            futures.append(
                (lo, hi, client.submit(_route_block, network_future, block, dest_future))
            )
        dest_idx = np.arange(len(dest_set), dtype=np.int64)
        for lo, hi, future in futures:
            yield TravelTimeBatch(
                origin_idx=np.arange(lo, hi, dtype=np.int64),
                dest_idx=dest_idx,
                origin_ids=origin_set.ids[lo:hi],
                dest_ids=dest_set.ids,
                times=future.result(),
            )
