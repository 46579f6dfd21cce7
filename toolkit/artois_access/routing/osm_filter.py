"""Which OpenStreetMap ways a pedestrian may use.

The rules, stated once so that the cache key can carry their version (:data:`FILTER_VERSION`):

- ``highway`` must be one of :data:`WALKABLE_HIGHWAYS` (footway, path, steps, pedestrian, the street
  classes from residential to primary, service, track, cycleway, ...). Anything else is left out:
  ``construction``, ``proposed``, ``abandoned``, ``raceway``, ``bus_guideway``, a ``bus_stop`` drawn as
  a way, areas such as ``services`` or ``rest_area``.
- ``motorway`` and ``motorway_link`` are left out unless ``foot`` explicitly allows walking
  (yes, designated, permissive). ``trunk`` and ``trunk_link`` are kept unless ``foot=no``: walking
  along them is lawful by default in Brazil and in France outside the few ``motorroad=yes`` ones,
  which are left out too.
- ``foot=no`` (or ``use_sidepath``, ``private``) leaves any way out.
- ``access=no|private`` leaves a way out unless ``foot`` explicitly allows walking.
- A pedestrian area (a closed way or a multipolygon with ``highway=pedestrian`` and ``area=yes``) is
  walked along its outline: its ring is kept as an ordinary way.
"""

from __future__ import annotations

from collections.abc import Mapping

# Bump whenever a rule below changes, so that cached networks built under old rules are rebuilt.
FILTER_VERSION = 1

WALKABLE_HIGHWAYS = frozenset(
    {
        "footway",
        "path",
        "steps",
        "pedestrian",
        "living_street",
        "residential",
        "service",
        "unclassified",
        "road",
        "tertiary",
        "tertiary_link",
        "secondary",
        "secondary_link",
        "primary",
        "primary_link",
        "trunk",
        "trunk_link",
        "track",
        "cycleway",
        "bridleway",
        "corridor",
        "platform",
        "motorway",
        "motorway_link",
    }
)

MOTORWAYS = frozenset({"motorway", "motorway_link"})
FOOT_ALLOWED = frozenset({"yes", "designated", "permissive", "official"})
FOOT_FORBIDDEN = frozenset({"no", "use_sidepath", "private"})
ACCESS_FORBIDDEN = frozenset({"no", "private"})


def is_walkable(tags: Mapping[str, str]) -> bool:
    """True if a pedestrian may walk along a way with these OSM tags (rules in the module doc)."""
    highway = tags.get("highway")
    if highway not in WALKABLE_HIGHWAYS:
        return False
    foot = tags.get("foot")
    if foot in FOOT_FORBIDDEN:
        return False
    foot_allowed = foot in FOOT_ALLOWED
    if highway in MOTORWAYS and not foot_allowed:
        return False
    if tags.get("motorroad") == "yes" and not foot_allowed:
        return False
    return not (tags.get("access") in ACCESS_FORBIDDEN and not foot_allowed)


def is_pedestrian_area_relation(tags: Mapping[str, str]) -> bool:
    """True for a multipolygon relation drawing a pedestrian area (its outer ways are walked)."""
    return (
        tags.get("type") == "multipolygon"
        and tags.get("highway") == "pedestrian"
        and tags.get("foot") not in FOOT_FORBIDDEN
        and not (tags.get("access") in ACCESS_FORBIDDEN and tags.get("foot") not in FOOT_ALLOWED)
    )
