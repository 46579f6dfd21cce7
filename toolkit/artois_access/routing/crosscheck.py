"""Agreement of two engines (the built-in router and R5) over the same sampled pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineAgreement:
    """Agreement of two engines over the same pairs for one percentile (minutes, None unreached).

    ``n_pairs`` sampled; ``both_reached``, ``only_first``, ``only_second``, ``neither`` partition
    them; ``equal`` counts pairs with the same time or unreached by both, ``within_1_min`` those
    whose times differ by at most one minute (or unreached by both); ``mean_abs_diff_min`` is over
    pairs reached by both (NaN when none).
    """

    percentile: int
    n_pairs: int
    both_reached: int
    only_first: int
    only_second: int
    neither: int
    equal: int
    within_1_min: int
    mean_abs_diff_min: float

    @property
    def equal_share(self) -> float:
        return self.equal / self.n_pairs if self.n_pairs else float("nan")

    @property
    def within_1_min_share(self) -> float:
        return self.within_1_min / self.n_pairs if self.n_pairs else float("nan")


def compare_minutes(first: np.ndarray, second: np.ndarray, percentile: int) -> EngineAgreement:
    """Compare two arrays of minutes (float, NaN = unreached) over the same pairs."""
    a_ok, b_ok = ~np.isnan(first), ~np.isnan(second)
    both = a_ok & b_ok
    diff = np.abs(first[both] - second[both])
    neither = int((~a_ok & ~b_ok).sum())
    return EngineAgreement(
        percentile=percentile,
        n_pairs=len(first),
        both_reached=int(both.sum()),
        only_first=int((a_ok & ~b_ok).sum()),
        only_second=int((~a_ok & b_ok).sum()),
        neither=neither,
        equal=int((diff == 0).sum()) + neither,
        within_1_min=int((diff <= 1).sum()) + neither,
        mean_abs_diff_min=float(diff.mean()) if len(diff) else float("nan"),
    )


def sample_pairs(n_origins: int, n_destinations: int, sample: int, seed: int) -> np.ndarray:
    """``min(sample, n_o × n_d)`` distinct (origin row, destination row) pairs, int64 [k, 2],
    drawn with ``numpy.random.default_rng(seed)`` and sorted, so a seed fixes the sample."""
    total = n_origins * n_destinations
    k = min(sample, total)
    flat = np.sort(np.random.default_rng(seed).choice(total, size=k, replace=False))
    return np.stack([flat // n_destinations, flat % n_destinations], axis=1).astype(np.int64)
