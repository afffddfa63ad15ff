"""Package entry-point tables: how the scenario layer plugs CLI subcommands and UI parts into ``simulator/``
without ``simulator/`` importing it.

A clone that was never installed (``python -m simulator.cli`` from a checkout) has no entry-point metadata, so
the same table is read from pyproject.toml.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable, Iterable

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def registered(group: str, pyproject: Path = PYPROJECT,
               lookup: Callable[..., Iterable] = entry_points) -> dict[str, str]:
    """Name -> module of every entry point in ``group`` (installed metadata first, else pyproject.toml)."""
    found = {ep.name: ep.value for ep in lookup(group=group)}
    if not found and pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        found = dict(project.get("entry-points", {}).get(group, {}))
    return found
