"""VehicleState: the flat, validated store of every signal value."""

from __future__ import annotations

import copy
from typing import Any, Iterable, Iterator, Mapping

from .signals import SIGNALS, UnknownSignalError, signal


class VehicleState:
    """Signal values keyed by dotted name. Every write is checked against the catalog."""

    __slots__ = ("_values",)

    def __init__(self, overrides: Mapping[str, Any] | None = None):
        self._values: dict[str, Any] = {n: copy.copy(s.default) for n, s in SIGNALS.items()}
        if overrides:
            self.update(overrides)

    def __getitem__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise UnknownSignalError(name) from None

    def __setitem__(self, name: str, value: Any) -> None:
        self._values[name] = signal(name).coerce(value)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def update(self, values: Mapping[str, Any]) -> None:
        """Set several signals atomically: all values are checked before any is written."""
        coerced = {name: signal(name).coerce(value) for name, value in values.items()}
        self._values.update(coerced)

    def set_raw(self, name: str, value: Any) -> None:
        """Write a value already known to be valid (the physics loop's hot path)."""
        self._values[name] = value

    def copy(self) -> "VehicleState":
        other = VehicleState.__new__(VehicleState)
        other._values = {k: (list(v) if isinstance(v, list) else v) for k, v in self._values.items()}
        return other

    def to_flat(self, round_floats: int | None = 2) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self._values.items():
            if round_floats is not None and isinstance(value, float):
                value = round(value, round_floats)
            out[name] = list(value) if isinstance(value, list) else value
        return out

    def to_vss(self) -> dict[str, Any]:
        """Values keyed by COVESA VSS path, for signals that have one."""
        return {SIGNALS[n].vss: v for n, v in self.to_flat().items() if SIGNALS[n].vss}

    def diff(self, before: "VehicleState", names: Iterable[str] | None = None,
             float_tol: float = 1e-9) -> dict[str, tuple[Any, Any]]:
        """Signals whose value differs from ``before``: name -> (old, new)."""
        changed: dict[str, tuple[Any, Any]] = {}
        for name in names or self._values:
            old, new = before._values[name], self._values[name]
            if isinstance(old, float) and isinstance(new, float):
                if abs(old - new) > float_tol:
                    changed[name] = (old, new)
            elif old != new:
                changed[name] = (old, new)
        return changed


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``SIGNAL=VALUE`` (from a CLI flag or scenario) into a checked pair."""
    if "=" not in text:
        raise ValueError(f"expected SIGNAL=VALUE, got {text!r}")
    name, raw = (p.strip() for p in text.split("=", 1))
    if not name:
        raise ValueError(f"expected SIGNAL=VALUE, got {text!r}")
    return name, signal(name).coerce(raw)
