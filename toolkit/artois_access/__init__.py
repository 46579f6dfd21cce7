"""artois-access: public-transport accessibility for the Artois mining basin.

Importing the package is cheap: no JVM, no cluster, no file written. The stages live in
subpackages (``feeds``, ``territory``, ``routing``, ``indicators``, ``isochrones``,
``scenarios``, ``reporting``, ``audit``); the command line is in ``cli``.
"""

from artois_access.errors import (
    ArtoisAccessError,
    DataError,
    EngineUnavailableError,
    InputError,
)

__version__ = "0.1.0"

__all__ = [
    "ArtoisAccessError",
    "DataError",
    "EngineUnavailableError",
    "InputError",
    "__version__",
]
