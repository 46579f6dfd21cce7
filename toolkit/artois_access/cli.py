"""The ``artois-access`` command line.

Parses arguments and dispatches to the public API; no logic lives here. Each group of
subcommands registers its own parser in ``artois_access.commands.<group>``; the heavy modules
are imported only when a subcommand runs, so ``artois-access --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from artois_access import __version__
from artois_access.errors import ArtoisAccessError

# Modules of ``artois_access.commands`` that each expose ``register(subparsers)``.
COMMAND_MODULES = (
    "demo",
    "feeds",
    "model",
    "matrix",
    "crosscheck",
    "isochrones",
    "access",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="artois-access",
        description="Public-transport accessibility for the Artois mining basin.",
    )
    parser.add_argument("--version", action="version", version=f"artois-access {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"artois_access.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"artois_access.commands.{name}":
                continue  # a command group not yet shipped
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        code = args.func(args)
    except ArtoisAccessError as exc:
        print(f"artois-access: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # The machine, not the input: a full disk, a permission, a vanished file.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"artois-access: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("artois-access: interrupted", file=sys.stderr)
        return 130
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
