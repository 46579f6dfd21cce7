"""`artois-access demo` end to end on the embedded model, as `make demo` runs it."""

from __future__ import annotations

import json

import polars as pl
import pytest

from artois_access.cli import main


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out)]) == 0
    return out


def test_every_file_is_written_and_in_the_manifest(demo_dir):
    manifest = json.loads((demo_dir / "manifest.json").read_text())
    written = {p.name for p in demo_dir.iterdir() if not p.name.startswith(".")}
    assert written == set(manifest["row_counts"]) | {"manifest.json"}
    for name in ("synthese.md", "access.gpkg", "cites_ranking.csv", "isochrones_gare_lens.png"):
        assert name in written
    assert all(len(sha) == 64 for sha in manifest["outputs_sha256"].values())


def test_the_seven_bulles_run_with_their_model_headways(demo_dir):
    lines = pl.read_csv(demo_dir / "lignes.csv").filter(
        pl.col("route_short_name").str.starts_with("Bulle")
    )
    assert lines["route_short_name"].to_list() == [f"Bulle {n}" for n in range(1, 8)]
    assert (lines["peak_headway_min"] <= 15).all()


def test_every_cite_is_ranked_and_the_ranking_is_ordered(demo_dir):
    ranking = pl.read_csv(demo_dir / "cites_ranking.csv")
    assert ranking.height >= 150
    jobs = ranking["cum_jobs_45min_p50"]
    assert jobs.null_count() == 0
    assert (jobs.diff().drop_nulls() <= 0).all()
    assert ranking["rank"].to_list() == list(range(1, ranking.height + 1))


def test_the_french_synthesis_names_lines_cites_and_equity(demo_dir):
    text = (demo_dir / "synthese.md").read_text(encoding="utf-8")
    for words in ("Bulle 1", "Îlot Parmentier", "indice de Gini", "modèle"):
        assert words in text
    equity = pl.read_csv(demo_dir / "equity_jobs45.csv")
    assert {"all", "cité", "hors cité"} <= set(equity["group"])
    gini = equity.filter(pl.col("group") == "all")["gini"][0]
    assert 0 < gini < 1
