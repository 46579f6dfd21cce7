"""Street walking on the hand-made network of fixtures/tiny_walk.osm (drawn in the file).

U = 0.001 degree on the equator or along a meridian = R·π/180/1000 = 111.19508 m. Walking at
3.6 km/h is 1 m/s, so seconds = ceil(metres).
"""

from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from artois_access.errors import DataError
from artois_access.routing.osm_network import read_street_network
from artois_access.routing.street_walking import StreetWalking
from artois_access.routing.walking import Points, StraightLineWalking

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_walk.osm"
U = 6_371_008.8 * np.pi / 180 / 1000

# name: (lon, lat)
POINTS = {
    "P1": (0.001, 0.0001),  # 0.1 U north of residential A-B, foot at (.001, 0)
    "P2": (0.0021, 0.003),  # 0.1 U east of footway C-I, foot at (.002, .003)
    "P5": (0.0001, 0.0025),  # beside the foot=no street: linked 1.9 U away to C-I at (.002, .0025)
    "Q": (0.0041, 0.0001),  # beside the motorway's end E: linked to footway E-G at (.004, .0001)
    "R": (
        0.0005,
        -0.0029,
    ),  # inside the pedestrian square: linked to its ring O-N at (.0005, -.003)
    "P6": (-0.0001, -0.001),  # beside the path A-L (access=no, foot=yes), foot at (0, -.001)
    "FAR": (0.03, 0.0),  # 2.8 km from B, the nearest walkable node: unlinked
}
NAMES = list(POINTS)

# Walks derived by hand along the drawing (metres in U; seconds = ceil):
EXPECTED_S = {
    # P1 -> A-B 0.1, to B 1, steps B-C 2, C up to P2's foot 1, off 0.1 = 4.2 U = 467.02 m
    ("P1", "P2"): 468,
    # both feet on C-I: 1.9 + 0.5 along + 0.1 = 2.5 U = 277.99 m (not via C: the split edge)
    ("P5", "P2"): 278,
    # 1.9 + 2.5 down to B + 1 + 0.1 = 5.5 U = 611.57 m
    ("P5", "P1"): 612,
    # the motorway B-E is not walkable: Q goes round by E-G-I-C-B: 0.1 + 3.9 + 2 + 2 + 2 + 1 + 0.1
    # = 11.1 U = 1234.27 m (by the motorway it would be 3.3 U)
    ("Q", "P1"): 1235,
    # 0.1 + 0.5 to O + 1 up to L + 1 up to P6's foot + 0.1 = 2.7 U = 300.23 m
    ("R", "P6"): 301,
    # 0.1 + 1 to A + 1 along A-B + 0.1 = 2.2 U = 244.63 m
    ("P6", "P1"): 245,
}


def points(names):
    lon, lat = zip(*(POINTS[n] for n in names), strict=True)
    return Points(lon=np.array(lon), lat=np.array(lat))


@pytest.fixture(scope="module")
def walking(tmp_path_factory):
    return StreetWalking(
        FIXTURE,
        walk_speed_kmh=3.6,
        max_walk_time_min=30,
        transfer_max_distance_m=300,
        cache_dir=tmp_path_factory.mktemp("street-cache"),
    )


def as_dict(links, names_from, names_to):
    out = {}
    for i, a in enumerate(names_from):
        for j, s in zip(
            links.index[links.indptr[i] : links.indptr[i + 1]],
            links.seconds[links.indptr[i] : links.indptr[i + 1]],
            strict=True,
        ):
            out[(a, names_to[j])] = int(s)
    return out


def test_network_keeps_only_walkable_ways(walking):
    net = walking.network
    # Kept: A, B, C, I, E, G, L and the square's M, N, O. Left out: H (foot=no), J (construction),
    # K (access=private). Edges: AB, BC, CI, EG, GI, AL and the 4 sides of the square.
    assert net.n_nodes == 10
    assert net.n_edges == 10
    assert sorted(np.round(net.edge_length_m / U, 6)) == [1, 1, 1, 1, 2, 2, 2, 2, 2, 4]


def test_hand_derived_walks(walking):
    got = as_dict(walking.direct_links(points(NAMES), points(NAMES)), NAMES, NAMES)
    for (a, b), seconds in EXPECTED_S.items():
        assert got[(a, b)] == seconds, (a, b)
        assert got[(b, a)] == seconds, (b, a)  # walking is symmetric
    # A point reaches itself by walking to its foot and back: 2 × 0.1 U = 22.24 m.
    assert got[("P1", "P1")] == 23


def test_unlinked_point_is_reported_not_routed(walking):
    assert walking.unlinked(points(NAMES)).tolist() == [NAMES.index("FAR")]
    assert walking.unlinked_ids(NAMES, points(NAMES)) == ["FAR"]
    got = as_dict(walking.direct_links(points(NAMES), points(NAMES)), NAMES, NAMES)
    assert not [pair for pair in got if "FAR" in pair]


def test_all_unlinked_is_an_error_for_stops_and_destinations_only(walking):
    with pytest.raises(DataError, match="none of the 1 stops lies within 1,600 m"):
        walking.transfer_links(points(["FAR"]))
    with pytest.raises(DataError, match="none of the 1 destinations"):
        walking.direct_links(points(["P1"]), points(["FAR"]))
    # A batch of origins wholly outside the extract is no error: they just walk nowhere.
    links = walking.access_links(points(["FAR"]), points(["P1", "P2"]))
    assert (links.n_from, len(links.index)) == (1, 0)


def test_transfers_are_limited_by_distance_and_skip_self(walking):
    stops = ["P1", "P2", "P5", "R", "P6"]
    got = as_dict(walking.transfer_links(points(stops)), stops, stops)
    # transfer_max_distance_m = 300: P5-P2 (278 m) and P6-P1 (244.6 m) in; R-P6 (300.2 m) out.
    assert got == {("P5", "P2"): 278, ("P2", "P5"): 278, ("P6", "P1"): 245, ("P1", "P6"): 245}


def test_access_egress_and_time_limit(tmp_path):
    walking = StreetWalking(FIXTURE, max_walk_time_min=5, cache_dir=tmp_path)  # 300 s
    origins, stops = ["P1", "R"], ["P2", "P5", "P6"]
    access = as_dict(walking.access_links(points(origins), points(stops)), origins, stops)
    assert access == {("P1", "P6"): 245}  # P1-P2 is 468 s, R-P6 is 301 s: beyond 300 s
    egress = as_dict(walking.egress_links(points(stops), points(origins)), stops, origins)
    assert egress == {("P6", "P1"): 245}


def test_second_run_loads_the_cached_network(tmp_path):
    first = read_street_network(FIXTURE, cache_dir=tmp_path)
    second = read_street_network(FIXTURE, cache_dir=tmp_path)
    assert (first.from_cache, second.from_cache) == (False, True)
    assert np.array_equal(first.edge_length_m, second.edge_length_m)
    assert np.array_equal(first.adj_node, second.adj_node)


coordinate = st.tuples(
    st.floats(min_value=-0.001, max_value=0.005), st.floats(min_value=-0.004, max_value=0.005)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(coordinate, min_size=2, max_size=8))
def test_never_shorter_than_straight_line_and_order_free(walking, coords):
    lon, lat = (np.array(c) for c in zip(*coords, strict=True))
    pts = Points(lon=lon, lat=lat)
    links = walking.direct_links(pts, pts)
    straight = StraightLineWalking(detour_factor=1.0, max_walk_time_min=30)
    for i in range(len(pts)):
        cut = slice(links.indptr[i], links.indptr[i + 1])
        js, secs = links.index[cut], links.seconds[cut]
        line = straight.walk_seconds(lon[i], lat[i], lon[js], lat[js])
        assert (secs >= line).all()
    # Reversing the order of the destinations permutes the answer, nothing else.
    rev = Points(lon=lon[::-1].copy(), lat=lat[::-1].copy())
    back = walking.direct_links(pts, rev)
    n = len(pts)
    assert sorted(
        (i, n - 1 - j, s)
        for i in range(n)
        for j, s in zip(
            back.index[back.indptr[i] : back.indptr[i + 1]],
            back.seconds[back.indptr[i] : back.indptr[i + 1]],
            strict=True,
        )
    ) == sorted(
        (i, j, s)
        for i in range(n)
        for j, s in zip(
            links.index[links.indptr[i] : links.indptr[i + 1]],
            links.seconds[links.indptr[i] : links.indptr[i + 1]],
            strict=True,
        )
    )


def test_pedestrian_area_relation_is_walked_along_its_ring():
    from artois_access.routing.osm_network import build_street_network

    net = build_street_network(FIXTURE.parent / "pedestrian_square_relation.osm")
    # the footway W-A (2 U) and the 4 sides of the square (1 U each), by the relation's outer way
    assert net.n_nodes == 5
    assert sorted(np.round(net.edge_length_m / U, 6)) == [1, 1, 1, 1, 2]


def test_unreadable_osm_file_is_a_data_error(tmp_path):
    broken = tmp_path / "broken.osm.pbf"
    broken.write_bytes(b"this is not a PBF file")
    with pytest.raises(DataError, match=r"broken\.osm\.pbf"):
        read_street_network(broken, cache_dir=tmp_path)
