"""UI parts other layers add to the page, registered as package entry points.

The scenario layer sits above ``simulator/`` (it plays scenarios on cockpit sessions), so its Scenarios tab
and the cockpit tab's "save this session as a scenario" panel cannot be imported from here. Instead a module
listed under ``[project.entry-points."cockpit_sim.ui"]`` in pyproject.toml may define either builder below;
``build_demo`` calls them inside the page. An extension that fails to import is reported on stderr and left
out: the cockpit itself must still come up.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from simulator.entry_points import registered

if TYPE_CHECKING:
    from simulator.ui.app import CockpitApp
    from simulator.ui.language import LanguageSwitch

GROUP = "cockpit_sim.ui"


class UiExtension(Protocol):
    """Every member is optional; each runs inside the Gradio layout context it is named after."""

    def build_tabs(self, app: CockpitApp, switch: LanguageSwitch, ui_lang: Any) -> None: ...

    def build_cockpit_panel(self, app: CockpitApp, switch: LanguageSwitch, ui_lang: Any) -> None: ...

    def page_css(self) -> str: ...


def load_extensions() -> list[ModuleType]:
    modules = []
    for name, module in sorted(registered(GROUP).items()):
        try:
            modules.append(importlib.import_module(module))
        except Exception as err:  # noqa: BLE001 - one broken extension must not take the cockpit down
            print(f"cockpit-sim: UI extension {name!r} ({module}) left out: {type(err).__name__}: {err}",
                  file=sys.stderr)
    return modules


def page_css(extensions: list[ModuleType]) -> str:
    """Style rules the extensions add to the page (an optional ``page_css() -> str`` each)."""
    return "".join(ext.page_css() for ext in extensions if hasattr(ext, "page_css"))


def call_each(extensions: list[ModuleType], builder: str, *args: Any) -> None:
    for ext in extensions:
        build = getattr(ext, builder, None)
        if build is not None:
            build(*args)
