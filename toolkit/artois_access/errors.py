"""Exception hierarchy.

Every error that a user can cause derives from :class:`ArtoisAccessError`; the command line
prints its message as one line and exits with code 1. Each class also inherits the builtin it
resembles, so callers may catch either.
"""


class ArtoisAccessError(Exception):
    """Base class of the toolkit's errors. Its message is meant for the user: one line,
    naming the file or parameter at fault and saying how to fix it."""


class InputError(ArtoisAccessError, ValueError):
    """A parameter or option is invalid (bad date, cutoff above max_time, unknown column...)."""


class DataError(ArtoisAccessError, ValueError):
    """An input file is unreadable or breaks its contract (not a zip, missing column, bad CRS...)."""


class EngineUnavailableError(ArtoisAccessError, RuntimeError):
    """An optional engine (R5 through r5py) cannot start on this machine."""
