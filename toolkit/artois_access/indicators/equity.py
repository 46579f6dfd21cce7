"""Equity of an indicator across a population: Gini, Palma ratio, Theil T index and the
share of population below a threshold, all weighted by population.

Each place counts as ``weight`` people sharing its value. The Lorenz curve is therefore
piecewise linear (a place's people are spread evenly along its segment), which makes the
Palma shares exact even when the 40 % or 90 % boundary falls inside a place.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from artois_access.errors import DataError


def _clean(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if x.shape != w.shape:
        raise DataError("equity: values and weights must have the same length")
    if (w < 0).any() or not np.isfinite(w).all():
        raise DataError("equity: population weights must be finite and >= 0")
    if (x[w > 0] < 0).any():
        raise DataError("equity: indicator values must be >= 0")
    keep = (w > 0) & np.isfinite(x)
    return x[keep], w[keep]


def gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Population-weighted Gini: ``Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ)``; 0 when all
    values are equal; NaN for an empty or all-zero population or a zero mean."""
    x, w = _clean(values, weights)
    total = w.sum()
    if total == 0:
        return math.nan
    mean = (w * x).sum() / total
    if mean == 0:
        return math.nan
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    before = np.cumsum(w) - w  # weight of the places below each one
    # Σ_{i,j} w_i w_j |x_i - x_j| = 2 Σ_i w_i x_i (2·before_i + w_i − W)
    return float((w * x * (2 * before + w - total)).sum() / (total * total * mean))


def lorenz_share(values: np.ndarray, weights: np.ndarray, population_share: float) -> float:
    """Share of the total held by the poorest ``population_share`` of the population."""
    x, w = _clean(values, weights)
    total_x = (w * x).sum()
    if w.sum() == 0 or total_x == 0:
        return math.nan
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    cum_w = np.concatenate([[0.0], np.cumsum(w)]) / w.sum()
    cum_x = np.concatenate([[0.0], np.cumsum(w * x)]) / total_x
    return float(np.interp(population_share, cum_w, cum_x))


def palma_ratio(values: np.ndarray, weights: np.ndarray) -> float:
    """Share held by the richest 10 % of the population over that of the poorest 40 %;
    ``inf`` when the poorest 40 % hold nothing. A place straddling the 40 % or 90 % mark is
    split in proportion to its people (piecewise-linear Lorenz curve), so places tied at the
    boundary give the same ratio whatever their order; equal values give 0.1/0.4 = 0.25."""
    bottom = lorenz_share(values, weights, 0.4)
    top = 1.0 - lorenz_share(values, weights, 0.9)
    if math.isnan(bottom):
        return math.nan
    return math.inf if bottom == 0 else top / bottom


def theil_index(values: np.ndarray, weights: np.ndarray) -> float:
    """Population-weighted Theil T: ``(1/W) Σ w_i (x_i/μ) ln(x_i/μ)`` with ``0 ln 0 = 0``."""
    x, w = _clean(values, weights)
    total = w.sum()
    if total == 0:
        return math.nan
    mean = (w * x).sum() / total
    if mean == 0:
        return math.nan
    r = x / mean
    terms = np.zeros_like(r)
    positive = r > 0
    terms[positive] = r[positive] * np.log(r[positive])
    return float((w * terms).sum() / total)


def share_below(values: np.ndarray, weights: np.ndarray, threshold: float) -> float:
    """Share of the population whose value is strictly below ``threshold``."""
    x, w = _clean(values, weights)
    total = w.sum()
    return math.nan if total == 0 else float(w[x < threshold].sum() / total)


def weighted_quantile_groups(
    values: np.ndarray, weights: np.ndarray, n_groups: int = 5
) -> np.ndarray:
    """Population-weighted quantile group (1 = poorest … ``n_groups``) of each place, e.g.
    income quintiles of cells from their median standard of living: places are sorted by
    value and a place goes to the group holding the middle of its population segment, so
    each group holds about ``1/n_groups`` of the population. Places with a missing value or
    no population get 0."""
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    groups = np.zeros(len(x), dtype=np.int64)
    known = np.flatnonzero(np.isfinite(x) & (w > 0))
    if len(known) == 0:
        return groups
    order = known[np.argsort(x[known], kind="stable")]
    cum = np.cumsum(w[order])
    middle = (cum - w[order] / 2) / cum[-1]
    groups[order] = np.minimum((middle * n_groups).astype(np.int64), n_groups - 1) + 1
    return groups


def equity_table(
    table: pl.DataFrame,
    columns: list[str],
    *,
    weight: str = "population",
    group: str | None = None,
    threshold: dict[str, float] | None = None,
) -> pl.DataFrame:
    """Equity figures of each indicator column, for the whole table and per ``group`` value.

    Columns: ``group`` (``"all"`` for the whole table, else the group value as text),
    ``indicator``, ``population``, ``mean`` (population-weighted), ``gini``, ``palma``,
    ``theil``, ``threshold``, ``share_below`` (null when no threshold is given for it).
    Rows where the indicator is null are left out of that indicator's figures.
    """
    for name in [*columns, weight, *([group] if group else [])]:
        if name not in table.columns:
            raise DataError(f"equity: no column {name!r} in the table")
    threshold = threshold or {}
    parts: list[tuple[str, pl.DataFrame]] = [("all", table)]
    if group is not None:
        for (key,), part in sorted(
            table.group_by(group, maintain_order=True), key=lambda kv: str(kv[0][0])
        ):
            parts.append((str(key), part))
    rows = []
    for label, part in parts:
        w_all = part[weight].fill_null(0).to_numpy().astype(np.float64)
        for column in columns:
            x = part[column].cast(pl.Float64).fill_null(np.nan).to_numpy()
            known = np.isfinite(x)
            xs, ws = x[known], w_all[known]
            limit = threshold.get(column)
            population = float(ws.sum())
            rows.append(
                {
                    "group": label,
                    "indicator": column,
                    "population": population,
                    "mean": float((xs * ws).sum() / population) if population else math.nan,
                    "gini": gini(xs, ws),
                    "palma": palma_ratio(xs, ws),
                    "theil": theil_index(xs, ws),
                    "threshold": limit,
                    "share_below": None if limit is None else share_below(xs, ws, limit),
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "group": pl.Utf8,
            "indicator": pl.Utf8,
            "population": pl.Float64,
            "mean": pl.Float64,
            "gini": pl.Float64,
            "palma": pl.Float64,
            "theil": pl.Float64,
            "threshold": pl.Float64,
            "share_below": pl.Float64,
        },
    )


def equity_report(
    table: pl.DataFrame,
    columns: list[str],
    *,
    weight: str = "population",
    groups: list[str] | tuple[str, ...] = (),
) -> pl.DataFrame:
    """:func:`equity_table` for the whole table and split by each column of ``groups``.
    Columns: ``grouping`` (``"all"`` or the group column's name), then those of
    :func:`equity_table`."""
    parts = [equity_table(table, columns, weight=weight).with_columns(grouping=pl.lit("all"))]
    for group in groups:
        part = equity_table(table, columns, weight=weight, group=group)
        parts.append(part.filter(pl.col("group") != "all").with_columns(grouping=pl.lit(group)))
    return pl.concat(parts).select("grouping", pl.exclude("grouping"))


def split_by_share(
    table: pl.DataFrame,
    share: str,
    *,
    group: str,
    inside: str,
    outside: str,
    weight: str = "population",
) -> pl.DataFrame:
    """Each row twice: once labelled ``inside`` with ``weight × share``, once ``outside`` with
    ``weight × (1 − share)``, in column ``group``; rows of zero weight are dropped.

    A 200 m cell a quarter of whose area lies in a cité counts a quarter of its people in the
    cité, as the cité aggregation does, rather than all or none of them. Every figure of
    :func:`equity_table` is unchanged for the whole table (a place split into two places with
    the same value weighs the same), so the split table serves all groupings at once.
    """
    if share not in table.columns:
        raise DataError(f"equity: no share column {share!r} in the table")
    fraction = pl.col(share).cast(pl.Float64).fill_null(0.0).clip(0.0, 1.0)
    parts = [
        table.with_columns(
            pl.lit(label).alias(group), (pl.col(weight).cast(pl.Float64) * part).alias(weight)
        )
        for label, part in ((inside, fraction), (outside, 1.0 - fraction))
    ]
    return pl.concat(parts).filter(pl.col(weight) > 0)
