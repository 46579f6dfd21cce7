"""``manifest.json`` written beside every output: inputs with SHA-256, parameters, package
version, timestamps, row counts (ARCHITECTURE.md, "Data contracts").

Used by the access and isochrone commands until a shared ``artois_access.manifest`` exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from artois_access import __version__


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomic_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


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
    ``out_dir``) to its row count; their SHA-256 are recorded too."""
    out_dir = Path(out_dir)
    manifest = {
        "tool": "artois-access",
        "version": __version__,
        "command": command,
        "started_utc": started.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [
            {"path": str(p), "sha256": sha256_of(Path(p)), "bytes": Path(p).stat().st_size}
            for p in sorted({Path(p) for p in inputs if Path(p).is_file()})
        ],
        "parameters": parameters,
        "outputs": [
            {"path": name, "rows": rows, "sha256": sha256_of(out_dir / name)}
            for name, rows in sorted(outputs.items())
        ],
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n"
    return write_atomic_bytes(out_dir / "manifest.json", text.encode("utf-8"))
