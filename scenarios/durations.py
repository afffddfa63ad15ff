"""Simulated-time durations as people write them: 90, "90s", "1m30s", "2h", "1.5 min", "01:30"."""

from __future__ import annotations

import math
import re

_UNITS = {"h": 3600.0, "hr": 3600.0, "hour": 3600.0, "hours": 3600.0,
          "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
          "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
          "ms": 0.001}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$")


class DurationError(ValueError):
    pass


def parse_duration(value: object) -> float:
    """Seconds from a number or a string; raise DurationError with an example of what works."""
    if isinstance(value, bool) or value is None:
        raise DurationError(f"expected a duration such as 90, \"90s\", \"1m30s\" or \"2h\", got {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = _parse_text(value.strip().lower())
    else:
        raise DurationError(f"expected a duration such as 90, \"90s\", \"1m30s\" or \"2h\", got {value!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise DurationError(f"a duration must be zero or positive, got {value!r}")
    return seconds


def _parse_text(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    clock = _CLOCK.match(text)
    if clock:
        h, m, s = clock.groups()
        return int(h or 0) * 3600 + int(m) * 60 + float(s)
    total, pos = 0.0, 0
    compact = text.replace(" ", "")
    for match in _PART.finditer(compact):
        if match.start() != pos or match.group(2) not in _UNITS:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    else:
        if pos == len(compact) and pos:
            return total
    raise DurationError(f"cannot read {text!r} as a duration; write e.g. 90, \"90s\", \"1m30s\", \"2h\" or \"01:30\"")
