"""``artois-access feeds validate|stats``: exit codes and one-line errors."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from artois_access.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


def test_validate_clean_feed(capsys):
    code, out, _ = _run(capsys, "feeds", "validate", str(FIXTURES / "tiny"), "--date", "2025-01-27")
    assert code == 0
    assert "no findings" in out


def test_validate_faulty_feed_prints_table(capsys, tmp_path):
    target = tmp_path / "findings.csv"
    code, out, _ = _run(capsys, "feeds", "validate", str(FIXTURES / "faulty"), "--out", str(target))
    assert code == 1
    for word in ("rule", "severity", "unknown_reference", "impossible_speed", "error"):
        assert word in out
    assert target.read_text().startswith("rule,severity,file,count,examples")


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("artois-access: error: ")
    return lines[0]


def test_broken_inputs_give_one_line(capsys, tmp_path):
    not_zip = tmp_path / "feed.zip"
    not_zip.write_text("not a zip")
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        for path in sorted((FIXTURES / "tiny").glob("*.txt")):
            archive.write(path, path.name)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:700])
    no_stop_times = tmp_path / "nost"
    shutil.copytree(FIXTURES / "tiny", no_stop_times)
    (no_stop_times / "stop_times.txt").unlink()
    cases = {
        not_zip: "not a readable zip",
        truncated: "truncated.zip",
        no_stop_times: "no stop_times.txt",
        FIXTURES / "broken_header": "stops.txt: the header lacks the required column(s) stop_lat",
    }
    for path, expected in cases.items():
        code, _, err = _run(capsys, "feeds", "validate", str(path))
        assert code == 1, path
        assert expected in _one_error_line(err), err


def test_bad_date(capsys):
    code, _, err = _run(capsys, "feeds", "stats", str(FIXTURES / "tiny"), "--date", "27/01/2025")
    assert code == 1
    assert "write it YYYY-MM-DD" in _one_error_line(err)
    code, _, err = _run(capsys, "feeds", "stats", str(FIXTURES / "tiny"), "--date", "2025-02-02")
    assert code == 1
    assert "no service on 2025-02-02" in _one_error_line(err)


def test_stats(capsys, tmp_path):
    target = tmp_path / "stats.csv"
    code, out, _ = _run(
        capsys,
        "feeds",
        "stats",
        str(FIXTURES / "tiny"),
        "--date",
        "2025-01-27",
        "--route-type",
        "2",
        "--out",
        str(target),
    )
    assert code == 0
    assert "Béthune - Lens - Lille" in out
    assert "Bulle 1" not in out  # route_type 3 filtered out
    text = target.read_text().splitlines()
    assert len(text) == 2 and text[0].startswith("route_id,route_short_name")


@pytest.mark.parametrize("argv", [["feeds"], ["feeds", "validate", "--help"]])
def test_help(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits after --help
        code = exc.code
    assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err
