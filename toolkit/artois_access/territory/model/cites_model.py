"""The cités minières of the model: the ones the seeds name, plus modelled ones.

Modelled cités (provenance ``model``) are spread over the mining communes in proportion to
their population, placed at a random but seeded distance from the commune centre, inside the
commune, and drawn as ellipses whose area follows the number of dwellings.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

from artois_access.territory.crs import LAMBERT93, WGS84, transformer
from artois_access.territory.model.allocation import allocate_largest_remainder
from artois_access.territory.model.spec import ModelSpec

SQUARE_M_PER_DWELLING = 420.0  # house + garden + street share of a cité
COORD_DECIMALS = 6


def _ellipse(x: float, y: float, dwellings: int, angle_rad: float) -> shapely.Polygon:
    area_m2 = max(dwellings, 20) * SQUARE_M_PER_DWELLING
    semi_minor = math.sqrt(area_m2 / (math.pi * 1.6))
    semi_major = 1.6 * semi_minor
    steps = np.linspace(0.0, 2.0 * math.pi, 17)[:-1]
    ex, ey = semi_major * np.cos(steps), semi_minor * np.sin(steps)
    cos_a, sin_a = math.cos(angle_rad), math.sin(angle_rad)
    return shapely.Polygon(
        np.column_stack([x + ex * cos_a - ey * sin_a, y + ex * sin_a + ey * cos_a])
    )


def build_cites(spec: ModelSpec, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cités in WGS84.

    Columns: ``id, name, insee, commune, epci, dwellings, erbm, unesco, provenance, geometry``
    (polygon). Ids are ``CITE-<insee>-<nn>``, numbered per commune in name order.
    """
    params = spec.grid["cites"]
    seed = int(spec.grid["seed"])
    to_l93 = transformer(WGS84, LAMBERT93)
    communes_l93 = communes.to_crs(LAMBERT93).set_index("insee")
    commune_names = communes.set_index("insee")["name"]
    commune_epci = communes.set_index("insee")["epci"]

    rows: list[dict] = []
    for row in spec.cites_named.iter_rows(named=True):
        x, y = to_l93.transform(row["lon"], row["lat"])
        rows.append(
            {
                "name": row["name"],
                "insee": row["insee"],
                "dwellings": int(row["dwellings"]),
                "erbm": bool(row["erbm"]),
                "unesco": bool(row["unesco"]),
                "provenance": row["provenance"],
                "geometry": _ellipse(x, y, int(row["dwellings"]), 0.0),
            }
        )

    excluded = set(params["non_mining_insee"])
    mining = communes[~communes["insee"].isin(excluded)].sort_values("insee")
    n_modelled = int(params["target_total"]) - len(rows)
    counts = allocate_largest_remainder(n_modelled, mining["population"].to_numpy() ** 0.9)
    rng = np.random.default_rng(seed)
    median = float(params["median_dwellings"])
    for insee, count in zip(mining["insee"], counts, strict=True):
        outline = communes_l93.loc[insee, "geometry"]
        cx, cy = to_l93.transform(
            communes.set_index("insee").loc[insee, "centre_lon"],
            communes.set_index("insee").loc[insee, "centre_lat"],
        )
        for k in range(int(count)):
            x, y = _place_inside(rng, outline, cx, cy, params)
            dwellings = int(
                np.clip(
                    round(median * math.exp(0.75 * rng.standard_normal())),
                    params["min_dwellings"],
                    params["max_dwellings"],
                )
            )
            rows.append(
                {
                    "name": f"Cité de la fosse {k + 1} ({commune_names[insee]})",
                    "insee": insee,
                    "dwellings": dwellings,
                    "erbm": False,
                    "unesco": bool(rng.random() < float(params["unesco_share"])),
                    "provenance": "model (seeded placement; name, size and flags modelled)",
                    "geometry": _ellipse(x, y, dwellings, float(rng.uniform(0.0, math.pi))),
                }
            )

    # ERBM flags: seed 000 counts 28 cités in CALL; the named ones come first.
    call = set(communes.loc[communes["epci"] == "CALL", "insee"])
    flagged = sum(1 for r in rows if r["erbm"])
    candidates = [i for i, r in enumerate(rows) if r["insee"] in call and not r["erbm"]]
    needed = max(0, int(params["erbm_in_call"]) - flagged)
    for i in sorted(rng.choice(candidates, size=min(needed, len(candidates)), replace=False)):
        rows[i]["erbm"] = True

    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=LAMBERT93).to_crs(WGS84)
    frame["geometry"] = shapely.set_precision(frame.geometry.array, 10**-COORD_DECIMALS)
    frame["commune"] = frame["insee"].map(commune_names)
    frame["epci"] = frame["insee"].map(commune_epci)
    frame = frame.sort_values(["insee", "name"], kind="stable").reset_index(drop=True)
    frame["id"] = [
        f"CITE-{insee}-{n + 1:02d}"
        for insee, n in zip(frame["insee"], frame.groupby("insee").cumcount(), strict=True)
    ]
    columns = [
        "id",
        "name",
        "insee",
        "commune",
        "epci",
        "dwellings",
        "erbm",
        "unesco",
        "provenance",
    ]
    return frame[[*columns, "geometry"]]


def _place_inside(
    rng: np.random.Generator, outline: shapely.Geometry, cx: float, cy: float, params: dict
) -> tuple[float, float]:
    """A seeded point at min..max offset from the centre, inside the commune's outline."""
    for _ in range(40):
        angle = rng.uniform(0.0, 2.0 * math.pi)
        offset = rng.uniform(params["min_offset_m"], params["max_offset_m"])
        x, y = cx + offset * math.cos(angle), cy + offset * math.sin(angle)
        if outline.contains(shapely.Point(x, y)):
            return x, y
    # A small commune: fall back to a point between the centre and the outline.
    point = outline.point_on_surface()
    return (cx + point.x) / 2.0, (cy + point.y) / 2.0
