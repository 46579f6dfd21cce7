"""The communes layer of the model: outlines, populations and centres."""

from __future__ import annotations

import geopandas as gpd
import shapely

from artois_access.territory.crs import LAEA_EUROPE, WGS84
from artois_access.territory.model.spec import ModelSpec


def build_communes(spec: ModelSpec) -> gpd.GeoDataFrame:
    """Communes in WGS84.

    Columns: ``insee, name, epci, population, centre_lon, centre_lat, provenance, geometry``.
    The centre is the town hall when it lies inside the outline (a few town-hall positions of
    the source are misplaced), else a representative point of the outline.
    """
    frame = spec.communes.sort("insee")
    outlines = shapely.from_wkt(frame["wkt"].to_list())
    halls = shapely.points(frame["town_hall_lon"].to_numpy(), frame["town_hall_lat"].to_numpy())
    inside = shapely.contains(outlines, halls)
    centres = [
        hall if ok else outline.point_on_surface()
        for hall, outline, ok in zip(halls, outlines, inside, strict=True)
    ]
    return gpd.GeoDataFrame(
        {
            "insee": frame["insee"].to_list(),
            "name": frame["name"].to_list(),
            "epci": frame["epci"].to_list(),
            "population": frame["population"].to_list(),
            "centre_lon": [round(p.x, 6) for p in centres],
            "centre_lat": [round(p.y, 6) for p in centres],
            "provenance": frame["provenance"].to_list(),
        },
        geometry=list(outlines),
        crs=WGS84,
    )


def communes_in_laea(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The same communes in EPSG:3035 (INSEE's grid CRS), with centre_x/centre_y in metres."""
    projected = communes.to_crs(LAEA_EUROPE)
    centres = gpd.GeoSeries(
        shapely.points(communes["centre_lon"], communes["centre_lat"]), crs=WGS84
    ).to_crs(LAEA_EUROPE)
    return projected.assign(centre_x=centres.x.to_numpy(), centre_y=centres.y.to_numpy())
