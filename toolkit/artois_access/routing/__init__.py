"""Routing stage: door-to-door travel times by walking and public transport.

The meaning of every number is ROUTING_SEMANTICS.md (shared design). Entry points:

- :func:`travel_time_matrix` (``routing.matrix``): feeds + origins (+ destinations) -> table
  ``from_id, to_id, travel_time_p{NN}``;
- :class:`TransitNetwork` (``routing.network``): compile once (``TransitNetwork.build``), then
  ``travel_times`` / ``iter_travel_time_batches`` for many origins (isochrones, accessibility);
- :func:`write_travel_time_matrix`: stream a matrix to CSV/Parquet atomically;
- :func:`dask_travel_time_batches` (``routing.distributed``): the batches on a dask cluster;
- walking models (``routing.walking``): :class:`StraightLineWalking`, the
  :class:`WalkingModel` protocol that the street model also follows.

Where the contract is silent, the engine chooses as follows (R5 where R5 decides):

- Monte Carlo, as R5 (``FastRaptorWorker.runRaptorForMinute``): every departure minute gets
  ``draws_per_minute`` new random phases for every inexact frequency entry (per service day
  on which it runs), from one table ``default_rng(seed).integers(0, headways, size=(N minutes,
  draws, entries))`` drawn up front (entries ordered by template trip_id, then start time),
  so results depend on the seed only, not on origin order, batches or threads. Each minute is
  routed once by the scheduled range-RAPTOR with frequency vehicles boarded at an upper bound
  (the latest first vehicle any phase gives: ``max(t, start) + headway - 1``), then once per
  draw from those labels with the drawn phases' vehicles (exact for that draw's timetable;
  see ``routing.raptor_monte_carlo``). Percentiles are over ``N minutes × draws`` values.
  Feeds without inexact frequencies route with the scheduled range-RAPTOR only (one draw).
- Frequency phases are whole seconds in ``[0, headway)``; a vehicle leaves at
  ``start + phase + k·headway`` (k >= 0) while before ``end_time``.
- Half-headway mode: boarding an inexact frequency trip at time ``t`` leaves at
  ``t + board_slack + headway // 2``, but not before the entry's first vehicle, and only if
  that vehicle leaves its first stop before the entry's ``end_time``.
- ``frequencies.txt`` ``end_time`` is exclusive (departures ``start + k·headway < end``), as R5.
- A walk of exactly ``max_walk_time`` (after rounding up to seconds) is allowed; transfers need
  walked distance <= ``transfer_max_distance_m`` too. An origin never transfers at its access
  stop by walking (no walk after the access walk), as R5.
- Trips of ``D-1`` and ``D+1`` are always considered; only those whose shifted times reach
  ``[from, to + max_time]`` are kept (the contract's "when the window + max_time passes
  midnight" falls out of this).
- Output columns are named ``travel_time_p{p}`` without zero padding (``travel_time_p5``), as
  r5py does.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "travel_time_matrix": "artois_access.routing.matrix",
    "write_travel_time_matrix": "artois_access.routing.matrix",
    "iter_matrix_frames": "artois_access.routing.matrix",
    "Engine": "artois_access.routing.matrix",
    "TransitNetwork": "artois_access.routing.network",
    "TravelTimeBatch": "artois_access.routing.network",
    "PlaceSet": "artois_access.routing.network",
    "UNREACHED": "artois_access.routing.network",
    "RoutingParameters": "artois_access.routing.parameters",
    "FrequencyMode": "artois_access.routing.runs",
    "Timetable": "artois_access.routing.timetable",
    "compile_timetable": "artois_access.routing.timetable",
    "Links": "artois_access.routing.walking",
    "Points": "artois_access.routing.walking",
    "StraightLineWalking": "artois_access.routing.walking",
    "WalkingModel": "artois_access.routing.walking",
    "dask_travel_time_batches": "artois_access.routing.distributed",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    # Lazy: importing the package stays cheap (no numba, scipy or polars until needed).
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'artois_access.routing' has no attribute {name!r}")
