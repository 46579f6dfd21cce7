"""Isochrone polygons from hand-made travel-time surfaces."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from artois_access.errors import InputError
from artois_access.isochrones.polygons import TimeSurface, isochrone_polygons, reached_polygon


def disk_surface(speed_m_per_min=100.0, half=60, cell=100.0):
    """Times = straight distance from (0, 0) / speed: the isochrone of c is a disk of
    radius c · speed."""
    x = np.arange(-half, half + 1) * cell
    xx, yy = np.meshgrid(x, x)
    return TimeSurface(
        times_min=np.hypot(xx, yy) / speed_m_per_min,
        x0_m=-half * cell,
        y0_m=-half * cell,
        cell_size_m=cell,
        crs="EPSG:3035",
    )


def test_synthetic_distance_surface_gives_disks():
    surface = disk_surface()
    for record in isochrone_polygons(surface, [15, 30, 45]):
        radius = record["cutoff_min"] * 100.0
        # The staircase of 100 m cells follows the circle to within half a cell of its
        # perimeter: |Δarea| <= perimeter × cell/2.
        expected = math.pi * radius**2
        assert record["area_km2"] * 1e6 == pytest.approx(expected, abs=2 * math.pi * radius * 50)
        assert record["geometry"].geom_type == "Polygon"
        # Disk-like: centred on the origin, as wide as high.
        minx, miny, maxx, maxy = record["geometry"].bounds
        assert (minx + maxx) == pytest.approx(0, abs=1) and maxx - minx == pytest.approx(
            maxy - miny
        )


def test_unreachable_patch_is_a_hole():
    surface = disk_surface()
    times = surface.times_min.copy()
    times[55:65, 55:65] = np.inf  # a 1 km² block around the origin is unreachable
    holed = TimeSurface(
        times_min=times, x0_m=surface.x0_m, y0_m=surface.y0_m, cell_size_m=100, crs="EPSG:3035"
    )
    geometry = reached_polygon(holed, 30)
    assert geometry.geom_type == "Polygon"
    assert len(geometry.interiors) == 1
    assert shapely.Polygon(geometry.interiors[0]).area == pytest.approx(1e6)
    assert not geometry.contains(shapely.Point(0, 0))


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 12), st.integers(1, 12)), elements=st.floats(0, 60)
    ),
    st.floats(1, 60),
    st.floats(1, 60),
)
def test_smaller_cutoff_polygon_lies_inside_larger(times, a, b):
    lo, hi = sorted((a, b))
    surface = TimeSurface(times_min=times, x0_m=0, y0_m=0, cell_size_m=100, crs="EPSG:3035")
    small, large = reached_polygon(surface, lo), reached_polygon(surface, hi)
    assert small.is_valid and large.is_valid
    assert shapely.difference(small, large).area == pytest.approx(0, abs=1e-6)
    # Area is exactly the count of cells below the cutoff.
    assert large.area == pytest.approx((times < hi).sum() * 100 * 100)


def test_no_cutoff_is_an_input_error():
    with pytest.raises(InputError, match="at least one cutoff"):
        isochrone_polygons(disk_surface(), [])


def test_unknown_format_fails_before_routing(tmp_path):
    import polars as pl

    from artois_access.isochrones.isochrone_run import isochrones_with_map

    class NoNetwork:  # any routing attempt would fail with AttributeError
        pass

    origins = pl.DataFrame({"id": ["p"], "lon": [2.83], "lat": [50.43]})
    with pytest.raises(InputError, match="'shp'"):
        isochrones_with_map(None, NoNetwork(), origins, [15], tmp_path, formats=("shp",))
