"""The cached numba kernel is dropped when any kernel module changes, not only raptor.py."""

from artois_access.routing.kernel_cache import KERNEL_FILES, drop_stale_kernel_cache


def _cached(folder):
    return sorted(p.name for p in (folder / "__pycache__").glob("raptor*.nb?"))


def test_cache_dropped_when_a_callee_module_changes(tmp_path):
    for name in KERNEL_FILES:
        (tmp_path / name).write_text(f"# {name}\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    (cache / "raptor.route_batch-1.py311.nbi").write_text("index")
    (cache / "raptor.route_batch-1.py311.1.nbc").write_text("code")
    (cache / "osm_dijkstra.grow-1.py311.nbi").write_text("other kernel")

    assert drop_stale_kernel_cache(tmp_path)  # no stamp yet: the cache's origin is unknown
    assert _cached(tmp_path) == []
    assert (cache / "osm_dijkstra.grow-1.py311.nbi").exists()

    (cache / "raptor.route_batch-1.py311.nbi").write_text("index")  # numba recompiles
    assert not drop_stale_kernel_cache(tmp_path)  # same sources: kept
    assert _cached(tmp_path) == ["raptor.route_batch-1.py311.nbi"]

    (tmp_path / "raptor_scans.py").write_text("# edited\n")
    assert drop_stale_kernel_cache(tmp_path)
    assert _cached(tmp_path) == []
