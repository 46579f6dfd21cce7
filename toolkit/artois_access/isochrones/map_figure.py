"""PNG map of isochrone bands with the transit lines and stations drawn (matplotlib, no
tiles, no network access)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from artois_access.atomic import atomic_write


def draw_isochrone_map(
    isochrones: gpd.GeoDataFrame,
    path: Path,
    *,
    lines: gpd.GeoDataFrame | None = None,
    stations: gpd.GeoDataFrame | None = None,
    origins: gpd.GeoDataFrame | None = None,
    background: gpd.GeoDataFrame | None = None,
    title: str = "",
) -> Path:
    """Write the map as PNG (atomically). ``isochrones`` has ``cutoff_min`` and polygons;
    the largest band is drawn first so that smaller ones stay visible on top."""
    crs = isochrones.crs
    bands = isochrones.sort_values("cutoff_min", ascending=False)
    colours = matplotlib.colormaps["YlGnBu_r"](
        [0.15 + 0.7 * i / max(len(bands) - 1, 1) for i in range(len(bands))]
    )[::-1]
    # A bare Figure (no pyplot): no global backend state, no window, safe in threads.
    fig = Figure(figsize=(9, 9), dpi=120)
    ax = fig.subplots()
    if background is not None and len(background):
        # Commune outlines, for the reader to find their way; under everything else.
        background.to_crs(crs).boundary.plot(ax=ax, color="#bbbbbb", linewidth=0.4)
    handles = []
    for colour, (_, band) in zip(colours[::-1], bands.iterrows(), strict=True):
        gpd.GeoSeries([band.geometry], crs=crs).plot(
            ax=ax, color=colour, edgecolor="none", alpha=0.85
        )
        handles.append(Patch(color=colour, label=f"< {band.cutoff_min:g} min"))
    if lines is not None and len(lines):
        rail = lines["route_type"].isin([1, 2, 12, 100, 101, 102, 103, 106, 109])
        for subset, colour, width in ((~rail, "#555555", 0.7), (rail, "#b3001b", 1.4)):
            if subset.any():
                lines.loc[subset].to_crs(crs).plot(ax=ax, color=colour, linewidth=width)
    if stations is not None and len(stations):
        stations.to_crs(crs).plot(
            ax=ax, color="white", edgecolor="#b3001b", markersize=22, zorder=5
        )
    if origins is not None and len(origins):
        origins.to_crs(crs).plot(ax=ax, color="black", marker="*", markersize=120, zorder=6)
    minx, miny, maxx, maxy = isochrones.total_bounds
    pad = 0.05 * max(maxx - minx, maxy - miny, 1.0)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.legend(handles=handles[::-1], loc="lower left", title="Temps de trajet")
    if title:
        ax.set_title(title)
    return atomic_write(
        path,
        lambda tmp: fig.savefig(
            tmp, format="png", bbox_inches="tight", metadata={"Software": None}
        ),
    )
