"""Atomic file output: write to a temporary file beside the target, then rename.

A crash or an error never leaves a half-written file that looks complete: either the old file
(or nothing) is there, or the whole new one. Every stage writes its outputs through here.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` with a fresh path beside ``path`` (same suffix, so that writers
    that pick a format by extension still do; the file does not exist yet, as GDAL wants),
    then move it onto ``path`` with the mode a new file gets. On failure nothing is left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        write(tmp)
        # mkstemp's files are private (0600); results are meant to be shared.
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
