"""Keep numba's on-disk cache of the routing kernel in step with the kernel's source.

Numba caches :func:`artois_access.routing.raptor.route_batch` together with the machine code of
every kernel function it calls, but decides whether that cache is stale by looking at
``raptor.py`` alone. After an edit (or a ``git pull``) that touches only ``raptor_rounds.py``,
``raptor_scans.py`` or ``raptor_monte_carlo.py``, the old kernel would keep running. So the
kernel's sources are hashed together when ``raptor`` is imported, and the cached kernel is
dropped when the hash changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from artois_access.atomic import atomic_write_text

KERNEL_FILES = ("raptor.py", "raptor_rounds.py", "raptor_scans.py", "raptor_monte_carlo.py")
STAMP_NAME = "raptor-kernel.sha256"


def kernel_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in KERNEL_FILES:
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    return digest.hexdigest()


def drop_stale_kernel_cache(folder: Path = Path(__file__).parent) -> bool:
    """Remove ``__pycache__/raptor*.nbi|nbc`` when the kernel's sources changed since they
    were written; returns whether anything was removed. A read-only install is left alone
    (numba then keeps its cache elsewhere, keyed the same way)."""
    cache = folder / "__pycache__"
    stamp = cache / STAMP_NAME
    digest = kernel_digest(folder)
    try:
        if stamp.read_text(encoding="ascii").strip() == digest:
            return False
    except OSError:
        pass
    stale = [*cache.glob("raptor*.nbi"), *cache.glob("raptor*.nbc")] if cache.is_dir() else []
    try:
        for path in stale:
            path.unlink(missing_ok=True)
        atomic_write_text(stamp, digest + "\n")
    except OSError:
        return False
    return bool(stale)
