"""``manifest.json`` of an output folder (access, isochrones): the fields of the shared
:mod:`artois_access.manifest` (command, package, version, inputs with SHA-256, parameters,
row counts, timestamps), for a folder of several files rather than one file, so it is
written as ``<folder>/manifest.json`` and also lists each output file's SHA-256."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from artois_access import __version__
from artois_access.atomic import atomic_write_text
from artois_access.manifest import sha256_file, utc_now


def write_manifest(
    out_dir: Path,
    *,
    command: str,
    inputs: Sequence[Path],
    parameters: Mapping[str, object],
    outputs: Mapping[str, int],
    started: dt.datetime,
) -> Path:
    """Write ``out_dir/manifest.json``. ``outputs`` maps a file name (relative to
    ``out_dir``) to its row count."""
    out_dir = Path(out_dir)
    manifest = {
        "command": command,
        "package": "artois-access",
        "version": __version__,
        "inputs": [
            {"path": str(p), "sha256": sha256_file(p)}
            for p in sorted({Path(p) for p in inputs if Path(p).exists()})
        ],
        "parameters": dict(parameters),
        "row_counts": dict(sorted(outputs.items())),
        "outputs_sha256": {name: sha256_file(out_dir / name) for name in sorted(outputs)},
        "started_at": started.astimezone(dt.UTC).replace(microsecond=0).isoformat(),
        "finished_at": utc_now(),
    }
    target = out_dir / "manifest.json"
    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n"
    atomic_write_text(target, text)
    return target
