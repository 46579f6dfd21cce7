"""The parameters of a travel-time computation, validated once (ROUTING_SEMANTICS, table)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from artois_access.errors import InputError
from artois_access.routing.runs import FrequencyMode


def _seconds_of_day(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingParameters:
    """Everything that fixes the meaning of a travel time, with the contract's defaults.

    The departure minutes are ``departure_from, departure_from + 1 min, …`` before
    ``departure_to`` (whole minutes, local time of the feeds). Percentiles are kept in the
    order given.
    """

    date: dt.date
    departure_from: dt.time
    departure_to: dt.time
    percentiles: tuple[int, ...] = (50,)
    max_time_min: int = 120
    walk_speed_kmh: float = 3.6
    max_walk_time_min: float = 20
    detour_factor: float = 1.3
    transfer_max_distance_m: float = 1000
    board_slack_s: int = 60
    max_rides: int = 8
    frequency_mode: FrequencyMode = FrequencyMode.MONTE_CARLO
    draws_per_minute: int = 5
    seed: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise InputError(f"date must be a datetime.date, got {self.date!r}")
        for name in ("departure_from", "departure_to"):
            value = getattr(self, name)
            if not isinstance(value, dt.time):
                raise InputError(f"{name} must be a datetime.time, got {value!r}")
            if value.second or value.microsecond:
                raise InputError(f"{name} must be a whole minute, got {value.isoformat()}")
        if self.departure_from >= self.departure_to:
            raise InputError(
                f"the departure window is empty: from {self.departure_from:%H:%M} is not before "
                f"to {self.departure_to:%H:%M}"
            )
        percentiles = tuple(self.percentiles)
        if not percentiles:
            raise InputError("give at least one percentile")
        for p in percentiles:
            if isinstance(p, bool) or not isinstance(p, int) or not 1 <= p <= 99:
                raise InputError(f"percentile {p!r} is outside 1–99; use whole numbers 1 to 99")
        if len(set(percentiles)) != len(percentiles):
            raise InputError(f"percentiles repeat: {percentiles}")
        object.__setattr__(self, "percentiles", percentiles)
        _positive_int(self.max_time_min, "max_time_min")
        if self.max_time_min > 24 * 60:
            raise InputError(f"{_label('max_time_min')} is at most 1440, got {self.max_time_min}")
        _positive(self.walk_speed_kmh, "walk_speed_kmh")
        _non_negative(self.max_walk_time_min, "max_walk_time_min")
        if not (math.isfinite(self.detour_factor) and self.detour_factor >= 1):
            raise InputError(
                f"{_label('detour_factor')} must be at least 1, got {self.detour_factor}"
            )
        _non_negative(self.transfer_max_distance_m, "transfer_max_distance_m")
        if not isinstance(self.board_slack_s, int) or self.board_slack_s < 0:
            raise InputError(
                f"{_label('board_slack_s')} must be a whole number >= 0, got {self.board_slack_s}"
            )
        _positive_int(self.max_rides, "max_rides")
        try:
            object.__setattr__(self, "frequency_mode", FrequencyMode(self.frequency_mode))
        except ValueError:
            choices = ", ".join(m.value for m in FrequencyMode)
            raise InputError(
                f"unknown frequency mode {self.frequency_mode!r}; choose one of {choices}"
            ) from None
        _positive_int(self.draws_per_minute, "draws_per_minute")
        if self.window_min * self.draws_per_minute > 60_000:
            raise InputError("window × draws_per_minute must stay below 60,000 values per pair")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise InputError(f"{_label('seed')} must be a whole number >= 0, got {self.seed}")

    @property
    def departure_from_s(self) -> int:
        return _seconds_of_day(self.departure_from)

    @property
    def departure_to_s(self) -> int:
        return _seconds_of_day(self.departure_to)

    @property
    def window_min(self) -> int:
        return (self.departure_to_s - self.departure_from_s) // 60

    @property
    def max_time_s(self) -> int:
        return self.max_time_min * 60

    def as_dict(self) -> dict[str, object]:
        """JSON-ready values, for manifests."""
        return {
            "date": self.date.isoformat(),
            "departure_from": self.departure_from.strftime("%H:%M"),
            "departure_to": self.departure_to.strftime("%H:%M"),
            "percentiles": list(self.percentiles),
            "max_time_min": self.max_time_min,
            "walk_speed_kmh": self.walk_speed_kmh,
            "max_walk_time_min": self.max_walk_time_min,
            "detour_factor": self.detour_factor,
            "transfer_max_distance_m": self.transfer_max_distance_m,
            "board_slack_s": self.board_slack_s,
            "max_rides": self.max_rides,
            "frequency_mode": self.frequency_mode.value,
            "draws_per_minute": self.draws_per_minute,
            "seed": self.seed,
        }


# The command-line option of each parameter, named in messages beside the API name so that
# both a Python user and a CLI user recognise it.
OPTION_OF = {
    "max_time_min": "--max-time",
    "walk_speed_kmh": "--walk-speed",
    "max_walk_time_min": "--max-walk-time",
    "detour_factor": "--detour-factor",
    "transfer_max_distance_m": "--transfer-max-distance",
    "board_slack_s": "--board-slack",
    "max_rides": "--max-rides",
    "draws_per_minute": "--draws-per-minute",
    "seed": "--seed",
}


def _label(name: str) -> str:
    option = OPTION_OF.get(name)
    return f"{name} ({option})" if option else name


def _positive(value, name: str) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise InputError(f"{_label(name)} must be a positive number, got {value!r}")


def _non_negative(value, name: str) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
        raise InputError(f"{_label(name)} must be a number >= 0, got {value!r}")


def _positive_int(value, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{_label(name)} must be a whole number > 0, got {value!r}")
