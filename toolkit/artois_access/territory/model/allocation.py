"""Integer allocation by the largest-remainder (Hamilton) method."""

from __future__ import annotations

import numpy as np


def allocate_largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split the integer ``total`` in proportion to ``weights`` (non-negative, not all zero).

    Returns int64 counts summing exactly to ``total``. Ties in the remainders go to the lower
    index, so the result depends only on the order of ``weights``.
    """
    weights = np.asarray(weights, dtype=np.float64)
    if total < 0 or weights.size == 0 or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("allocate_largest_remainder needs total >= 0 and positive weights")
    quotas = weights / weights.sum() * total
    counts = np.floor(quotas).astype(np.int64)
    missing = int(total - counts.sum())
    if missing > 0:
        remainders = quotas - counts
        order = np.lexsort((np.arange(weights.size), -remainders))
        counts[order[:missing]] += 1
    return counts
