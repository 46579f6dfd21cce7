"""Parsing of the option values that several subcommands share (dates, clock times)."""

from __future__ import annotations

import datetime as dt

from artois_access.errors import InputError


def parse_date(text: str, option: str = "--date") -> dt.date:
    """``YYYY-MM-DD`` → date; anything else is an :class:`InputError` naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"{option} {text!r} is not a date; write it YYYY-MM-DD") from None


def parse_clock(text: str, option: str) -> dt.time:
    """``HH:MM`` (a time of day, 00:00–23:59) → time."""
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except (AttributeError, TypeError, ValueError):
        raise InputError(f"{option} {text!r} is not a time of day; write it HH:MM") from None


# Routing options that a subcommand may leave out; RoutingParameters then keeps its default.
_ROUTING_OPTIONS = {
    "max_time_min": "max_time",
    "walk_speed_kmh": "walk_speed",
    "max_walk_time_min": "max_walk_time",
    "detour_factor": "detour_factor",
    "transfer_max_distance_m": "transfer_max_distance",
    "board_slack_s": "board_slack",
    "max_rides": "max_rides",
    "frequency_mode": "frequency_mode",
    "draws_per_minute": "draws_per_minute",
    "seed": "seed",
}


def routing_parameters(args):
    """The :class:`RoutingParameters` of a routing subcommand's options (``--date``, ``--from``,
    ``--to``, ``--percentile`` and whichever of the other routing options it offers)."""
    from artois_access.routing.parameters import RoutingParameters

    given = {
        name: getattr(args, option)
        for name, option in _ROUTING_OPTIONS.items()
        if getattr(args, option, None) is not None
    }
    return RoutingParameters(
        date=parse_date(args.date),
        departure_from=parse_clock(args.departure_from, "--from"),
        departure_to=parse_clock(args.departure_to, "--to"),
        percentiles=tuple(args.percentile or (50,)),
        **given,
    )
