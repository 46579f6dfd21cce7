"""Competition-aware access: two-step floating catchment (2SFCA, Luo & Wang 2003) and its
enhanced form with distance decay (E2SFCA, Luo & Qi 2009).

Step 1, for each supply place ``j``: ``R_j = S_j / Σ_k P_k · w(t_kj)`` over demand origins
``k`` with ``t_kj < catchment``. Step 2, for each origin ``i``: ``A_i = Σ_j R_j · w(t_ij)``
over ``t_ij < catchment``. With ``w = 1`` this is 2SFCA (e.g. jobs per working-age
inhabitant competing for them); E2SFCA weighs by a decay, by default the gaussian with
``σ = catchment / 2``, the same weight in both steps. A site that no populated origin
reaches (zero demand) has ``R_j = 0``: its supply is not shared out, so
``Σ_i P_i A_i`` equals the supply of the sites that have demand.

Step 1 needs demand summed over *all* origins before step 2 can start, so the accumulator
keeps the pairs reached within the catchment, compactly (int32 origin, int32 destination,
uint16 minutes: 10 bytes a pair), and only for destinations that hold supply; both steps
then run on these pairs. Memory grows with reached pairs, not with the full matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from artois_access.errors import DataError, InputError
from artois_access.indicators.batches import TimesBatch
from artois_access.indicators.decay import DecayFunction, DecayKind
from artois_access.indicators.opportunity_histogram import check_opportunities


@dataclass(frozen=True, slots=True, kw_only=True)
class CatchmentSpec:
    """One floating-catchment measure: supply column, catchment cutoff, optional decay
    (None = 2SFCA; ``enhanced=True`` without decay = gaussian σ = catchment/2)."""

    supply: str
    catchment_min: int
    enhanced: bool = False
    decay: DecayFunction | None = None

    def __post_init__(self) -> None:
        if int(self.catchment_min) != self.catchment_min or self.catchment_min < 1:
            raise InputError(f"catchment {self.catchment_min!r}: whole minutes >= 1 expected")

    @property
    def weight_function(self) -> DecayFunction | None:
        if not self.enhanced:
            return None
        return self.decay or DecayFunction(kind=DecayKind.GAUSSIAN, sd_min=self.catchment_min / 2)

    def column(self, percentile: int) -> str:
        measure = "e2sfca" if self.enhanced else "2sfca"
        suffix = f"_{self.decay.label}" if self.enhanced and self.decay is not None else ""
        return f"{measure}_{self.supply}_{self.catchment_min}min{suffix}_p{percentile}"


class FloatingCatchmentAccumulator:
    """Keeps reached pairs below the largest catchment, then computes every spec."""

    def __init__(
        self,
        *,
        n_origins: int,
        demand: np.ndarray,
        supply: dict[str, np.ndarray],
        specs: Sequence[CatchmentSpec],
        percentiles: Sequence[int],
        max_time_min: int,
    ) -> None:
        self.demand = np.asarray(demand, dtype=np.float64)
        if self.demand.shape != (n_origins,):
            raise InputError("demand: one value per origin is expected")
        check_opportunities(self.demand[:, None], ["demand"])
        for spec in specs:
            if spec.supply not in supply:
                raise InputError(f"floating catchment: no supply column {spec.supply!r}")
            if spec.catchment_min > max_time_min:
                raise InputError(
                    f"catchment {spec.catchment_min} min is above max_time {max_time_min} min"
                )
        names = sorted({s.supply for s in specs})
        self.supply = {n: np.asarray(supply[n], dtype=np.float64) for n in names}
        check_opportunities(np.column_stack(list(self.supply.values())), names)
        self.specs = tuple(specs)
        self.percentiles = tuple(percentiles)
        self.n_origins = n_origins
        self._limit = max((s.catchment_min for s in specs), default=0)
        has_supply = np.zeros(len(next(iter(self.supply.values()))), dtype=bool)
        for values in self.supply.values():
            has_supply |= values > 0
        self._has_supply = has_supply
        self._pairs: list[list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = [
            [] for _ in self.percentiles
        ]

    def add(self, batch: TimesBatch) -> None:
        if batch.times.shape[2] != len(self.percentiles):
            raise DataError("travel-time batch: wrong number of percentiles")
        keep = self._has_supply[batch.dest_idx]
        dest_idx = batch.dest_idx[keep]
        for k in range(len(self.percentiles)):
            times = batch.times[:, keep, k]
            rows, cols = np.nonzero(times < self._limit)
            self._pairs[k].append(
                (
                    batch.origin_idx[rows].astype(np.int32),
                    dest_idx[cols].astype(np.int32),
                    times[rows, cols].astype(np.uint16),
                )
            )

    def add_all(self, batches: Iterable[TimesBatch]) -> FloatingCatchmentAccumulator:
        for batch in batches:
            self.add(batch)
        return self

    def columns(self) -> dict[str, np.ndarray]:
        """Columns ``2sfca_{supply}_{c}min_p{NN}`` / ``e2sfca_…`` (float64, per origin):
        supply per unit of demand reachable, 0 where nothing is reached."""
        n_dest = len(self._has_supply)
        result: dict[str, np.ndarray] = {}
        for k, p in enumerate(self.percentiles):
            chunks = self._pairs[k]
            o = np.concatenate([c[0] for c in chunks]) if chunks else np.zeros(0, np.int32)
            d = np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0, np.int32)
            t = np.concatenate([c[2] for c in chunks]) if chunks else np.zeros(0, np.uint16)
            for spec in self.specs:
                inside = t < spec.catchment_min
                oi, di, ti = o[inside], d[inside], t[inside].astype(np.float64)
                decay = spec.weight_function
                w = decay.weight(ti) if decay is not None else np.ones_like(ti)
                demand_at = np.bincount(di, weights=self.demand[oi] * w, minlength=n_dest)
                supply = self.supply[spec.supply]
                ratio = np.divide(supply, demand_at, out=np.zeros(n_dest), where=demand_at > 0)
                result[spec.column(p)] = np.bincount(
                    oi, weights=ratio[di] * w, minlength=self.n_origins
                )
        return result
