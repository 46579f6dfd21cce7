"""Decay functions of travel time, for gravity and floating-catchment measures.

Weights follow R5's definitions where R5 has the function (step, linear, exponential by
half-life, logistic by standard deviation); the gaussian is the kernel
``exp(-½ (t/σ)²)`` of the E2SFCA literature (Luo & Qi 2009). A travel time of ``UNREACHED``
always weighs 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from artois_access.errors import InputError


class DecayKind(StrEnum):
    STEP = "step"
    LINEAR = "linear"
    EXPONENTIAL = "exponential"
    LOGISTIC = "logistic"
    GAUSSIAN = "gaussian"


@dataclass(frozen=True, slots=True, kw_only=True)
class DecayFunction:
    """A decay of weight with travel time in minutes.

    Parameters used by each kind: step ``cutoff_min``; linear ``cutoff_min`` and ``width_min``
    (R5's: 1 below ``cutoff − width/2``, 0 from ``cutoff + width/2``, straight between; with
    ``cutoff = width/2`` it is the plain ``1 − t/width`` clipped at 0); exponential
    ``half_life_min`` (``0.5 ** (t / half_life)``);
    logistic ``cutoff_min`` and ``sd_min``; gaussian ``sd_min``.
    """

    kind: DecayKind
    cutoff_min: float | None = None
    width_min: float | None = None
    half_life_min: float | None = None
    sd_min: float | None = None

    def __post_init__(self) -> None:
        needed = {
            DecayKind.STEP: ("cutoff_min",),
            DecayKind.LINEAR: ("cutoff_min", "width_min"),
            DecayKind.EXPONENTIAL: ("half_life_min",),
            DecayKind.LOGISTIC: ("cutoff_min", "sd_min"),
            DecayKind.GAUSSIAN: ("sd_min",),
        }[DecayKind(self.kind)]
        for name in needed:
            value = getattr(self, name)
            if value is None or not value > 0 or not math.isfinite(value):
                raise InputError(
                    f"decay {self.kind}: parameter {name} must be a positive number, got {value!r}"
                )

    @property
    def label(self) -> str:
        """Short name used in output columns, e.g. ``exp_hl20``, ``lin_c45w10``."""
        f = _fmt
        match DecayKind(self.kind):
            case DecayKind.STEP:
                return f"step_c{f(self.cutoff_min)}"
            case DecayKind.LINEAR:
                return f"lin_c{f(self.cutoff_min)}w{f(self.width_min)}"
            case DecayKind.EXPONENTIAL:
                return f"exp_hl{f(self.half_life_min)}"
            case DecayKind.LOGISTIC:
                return f"logi_c{f(self.cutoff_min)}sd{f(self.sd_min)}"
            case DecayKind.GAUSSIAN:
                return f"gauss_sd{f(self.sd_min)}"

    def weight(self, minutes: np.ndarray) -> np.ndarray:
        """Weights (float64) of travel times in minutes; non-finite times weigh 0."""
        t = np.asarray(minutes, dtype=np.float64)
        match DecayKind(self.kind):
            case DecayKind.STEP:
                w = (t < self.cutoff_min).astype(np.float64)
            case DecayKind.LINEAR:
                lo = self.cutoff_min - self.width_min / 2
                w = np.clip((self.cutoff_min + self.width_min / 2 - t) / self.width_min, 0.0, 1.0)
                w = np.where(t < lo, 1.0, w)
            case DecayKind.EXPONENTIAL:
                w = np.exp2(-t / self.half_life_min)
            case DecayKind.LOGISTIC:
                scale = self.sd_min * math.sqrt(3.0) / math.pi
                with np.errstate(over="ignore"):
                    w = 1.0 / (1.0 + np.exp((t - self.cutoff_min) / scale))
            case DecayKind.GAUSSIAN:
                w = np.exp(-0.5 * (t / self.sd_min) ** 2)
        return np.where(np.isfinite(t), w, 0.0)


def _fmt(value: float | None) -> str:
    """12.0 → "12", 2.5 → "2.5" (a dot is kept: column names stay readable in QGIS)."""
    assert value is not None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def parse_decay(text: str) -> DecayFunction:
    """Parse ``exponential:half_life_min=20``, ``linear:cutoff_min=45,width_min=10``…
    (the CLI/TOML spelling); short keys ``hl``, ``c``, ``w``, ``sd`` are accepted too."""
    kind_text, _, params_text = text.partition(":")
    try:
        kind = DecayKind(kind_text.strip().lower())
    except ValueError:
        raise InputError(
            f"decay {text!r}: unknown kind {kind_text!r}; use one of "
            + ", ".join(k.value for k in DecayKind)
        ) from None
    aliases = {"hl": "half_life_min", "c": "cutoff_min", "w": "width_min", "sd": "sd_min"}
    params: dict[str, float] = {}
    for item in filter(None, (p.strip() for p in params_text.split(","))):
        key, _, value = item.partition("=")
        key = aliases.get(key.strip(), key.strip())
        if key not in ("cutoff_min", "width_min", "half_life_min", "sd_min"):
            raise InputError(f"decay {text!r}: unknown parameter {key!r}")
        try:
            params[key] = float(value)
        except ValueError:
            raise InputError(f"decay {text!r}: {key} must be a number, got {value!r}") from None
    return DecayFunction(kind=kind, **params)
