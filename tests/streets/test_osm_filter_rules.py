"""Which ways a pedestrian may use: one row per rule of routing/osm_filter.py."""

import pytest

from artois_access.routing.osm_filter import is_pedestrian_area_relation, is_walkable

CASES = [
    ({"highway": "footway"}, True),
    ({"highway": "steps"}, True),
    ({"highway": "residential"}, True),
    ({"highway": "pedestrian", "area": "yes"}, True),
    ({"highway": "cycleway"}, True),
    ({"highway": "cycleway", "foot": "no"}, False),
    ({"highway": "trunk"}, True),
    ({"highway": "trunk", "motorroad": "yes"}, False),
    ({"highway": "motorway"}, False),
    ({"highway": "motorway_link"}, False),
    ({"highway": "motorway", "foot": "yes"}, True),
    ({"highway": "residential", "foot": "no"}, False),
    ({"highway": "service", "access": "private"}, False),
    ({"highway": "service", "access": "no", "foot": "designated"}, True),
    ({"highway": "construction"}, False),
    ({"highway": "proposed"}, False),
    ({"highway": "bus_stop"}, False),
    ({"building": "yes"}, False),
]


@pytest.mark.parametrize(("tags", "expected"), CASES)
def test_is_walkable(tags, expected):
    assert is_walkable(tags) is expected


def test_pedestrian_area_relation():
    assert is_pedestrian_area_relation({"type": "multipolygon", "highway": "pedestrian"})
    assert not is_pedestrian_area_relation(
        {"type": "multipolygon", "highway": "pedestrian", "foot": "no"}
    )
    assert not is_pedestrian_area_relation({"type": "multipolygon", "landuse": "grass"})
