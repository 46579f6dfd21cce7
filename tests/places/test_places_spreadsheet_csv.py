"""CSV place files as spreadsheets and editors really write them."""

from __future__ import annotations

import pytest

from artois_access.errors import DataError
from artois_access.territory.places import read_places


def _write(tmp_path, data: bytes, name: str = "places.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_french_excel_export(tmp_path):
    # ';' separator, decimal commas, Windows-1252 accents, CRLF, ids with leading zeros.
    data = "id;lon;lat;nom;pop\r\n001;2,83;50,43;Béthune, gare;12,5\r\n002;2,8;50,4;Lens;3\r\n"
    frame = read_places(_write(tmp_path, data.encode("cp1252")))
    assert frame["id"].to_list() == ["001", "002"]
    assert frame["lon"].to_list() == [2.83, 2.8]
    assert frame["lat"].to_list() == [50.43, 50.4]
    # Only values that are numbers lose their comma; text keeps it.
    assert frame["nom"].to_list() == ["Béthune, gare", "Lens"]
    assert frame["pop"].to_list() == [12.5, 3.0]


def test_tab_separated(tmp_path):
    frame = read_places(_write(tmp_path, b"id\tlon\tlat\na\t2.8\t50.4\n"))
    assert frame.select("id", "lon", "lat").rows() == [("a", 2.8, 50.4)]


def test_blank_lines_are_not_places(tmp_path):
    frame = read_places(_write(tmp_path, b"id,lon,lat\na,2.8,50.4\n\n,,\nb,2.9,50.5\n\n"))
    assert frame["id"].to_list() == ["a", "b"]


def test_spaces_around_ids_are_dropped_so_repeats_show(tmp_path):
    with pytest.raises(DataError, match=r"1 duplicate id.*'a'"):
        read_places(_write(tmp_path, b"id,lon,lat\na ,2.8,50.4\na,2.9,50.5\n"))


def test_id_column_in_capitals(tmp_path):
    frame = read_places(_write(tmp_path, b"ID,LON,LAT\n007,2.8,50.4\n"))
    assert frame.select("id", "lon", "lat").rows() == [("007", 2.8, 50.4)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty; write a header id,lon,lat"),
        (b"\n\n", "the file is empty"),
        (b"id,lon,lat\n", "no places; add one row"),
        (b"id,lon,lat\na,2.8,50.4,9\n", "as many fields as the header"),
    ],
)
def test_unusable_files(tmp_path, data, message):
    with pytest.raises(DataError, match=message):
        read_places(_write(tmp_path, data))
