"""``artois-access model describe`` on the committed model."""

from __future__ import annotations

from artois_access.cli import main


def test_describe_prints_epci_and_bulles(capsys, repo_root):
    assert main(["model", "describe", "--root", str(repo_root), "--date", "2025-01-27"]) == 0
    out = capsys.readouterr().out
    for text in ("CALL", "CAHC", "CABBALR", "644,664", "Bulle 1", "Bulle 7", "cités minières: 190"):
        assert text in out


def test_describe_bad_date_is_one_line_error(capsys, repo_root):
    assert main(["model", "describe", "--root", str(repo_root), "--date", "27/01/2025"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "YYYY-MM-DD" in err[0]


def test_describe_missing_model_says_how_to_fix(capsys, tmp_path):
    assert main(["model", "describe", "--root", str(tmp_path)]) == 1
    assert "artois-access model build" in capsys.readouterr().err
