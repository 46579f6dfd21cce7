"""Argument parsers of the subcommands, one module per group; each exposes ``register``."""
