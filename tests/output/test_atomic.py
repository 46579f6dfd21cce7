"""Atomic output: a failed write leaves neither a partial file nor a temporary one."""

import os

import pytest

from artois_access.atomic import atomic_write, atomic_write_text, current_umask


def test_success_replaces_the_file_with_the_usual_mode(tmp_path):
    target = tmp_path / "out" / "table.csv"
    atomic_write_text(target, "old\n")
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~current_umask()
    assert sorted(p.name for p in target.parent.iterdir()) == ["table.csv"]


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("complete\n")

    def half_then_crash(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, half_then_crash)
    assert target.read_text() == "complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_the_writer_gets_a_fresh_path_with_the_same_suffix(tmp_path):
    seen = []

    def write(tmp):
        seen.append((tmp.exists(), tmp.suffix))
        tmp.write_bytes(b"x")

    atomic_write(tmp_path / "layers.gpkg", write)
    assert seen == [(False, ".gpkg")]
