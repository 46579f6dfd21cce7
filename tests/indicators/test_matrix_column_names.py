"""A matrix written by `artois-access matrix` (columns travel_time_p{p}, as r5py names them)
is read back by the indicators, also for percentiles under 10."""

import polars as pl

from artois_access.indicators.batches import batches_from_matrix


def test_single_digit_percentile_columns_are_read():
    # Origin a reaches b in 7 min at p5 and 12 min at p50; b reaches nothing.
    matrix = pl.DataFrame(
        {
            "from_id": ["a", "a"],
            "to_id": ["a", "b"],
            "travel_time_p5": pl.Series([0, 7], dtype=pl.UInt16),
            "travel_time_p50": pl.Series([0, 12], dtype=pl.UInt16),
        }
    )
    (batch,) = list(
        batches_from_matrix(matrix, origin_ids=["a", "b"], dest_ids=["a", "b"], percentiles=[5, 50])
    )
    assert batch.times[0, 1].tolist() == [7, 12]
    assert batch.times[0, 0].tolist() == [0, 0]
    assert (batch.times[1] == 65535).all()
