"""The table every benchmark prints: a title, the command that reproduces it, a header and rows."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence


def print_table(title: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> None:
    """``columns`` are (header, format spec) pairs, e.g. ("latency ms", ">12.0f"); a header takes the
    spec's alignment and width."""
    print(title)
    print(f"command: .venv/bin/python bench/{Path(sys.argv[0]).name} " + " ".join(sys.argv[1:]))
    print("".join(f"{header:{_width(spec)}}" for header, spec in columns))
    for row in rows:
        print("".join(f"{value:{spec}}" for value, (_, spec) in zip(row, columns)))


def _width(spec: str) -> str:
    match = re.match(r"[<>^]?\d*", spec)
    return match.group(0) if match else ""
