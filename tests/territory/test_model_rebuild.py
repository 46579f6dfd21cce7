"""The committed model files are exactly what the spec builds."""

from __future__ import annotations

import hashlib

from artois_access.territory.model.build import MANIFEST, OUTPUTS


def test_rebuild_is_byte_identical_to_committed_files(fresh_build, repo_root):
    out, summary = fresh_build
    for relative in (*OUTPUTS, MANIFEST):
        fresh = (out / relative).read_bytes()
        committed = (repo_root / relative).read_bytes()
        assert hashlib.sha256(fresh).hexdigest() == hashlib.sha256(committed).hexdigest(), (
            f"{relative} differs from a fresh build: run `artois-access model build` and commit"
        )
    assert set(summary.files_sha256) == {str(p) for p in OUTPUTS}


def test_second_build_gives_same_bytes(fresh_build, tmp_path):
    from artois_access.territory.model.build import build_model

    _, first = fresh_build
    second = build_model(tmp_path)
    assert second.files_sha256 == first.files_sha256
