"""The scenario layer's parts of the cockpit page, plugged in through the ``cockpit_sim.ui`` entry point
(simulator.ui.extensions): the Scenarios tab and the cockpit tab's "save this session as a scenario" panel.
Gradio is imported only when a builder runs, so ``import scenarios`` stays light."""

from __future__ import annotations

from typing import Any


def _texts() -> None:
    from scenarios.ui.texts import TEXTS
    from simulator.ui.text import register_texts

    register_texts(TEXTS)


def build_tabs(app: Any, switch: Any, ui_lang: Any) -> None:
    from scenarios.ui.tab import build_scenarios_tab

    _texts()
    build_scenarios_tab(app, switch, ui_lang)


def build_cockpit_panel(app: Any, switch: Any, ui_lang: Any) -> None:
    from scenarios.ui.save_panel import build_save_panel

    _texts()
    build_save_panel(app, switch, ui_lang)


def page_css() -> str:
    from scenarios.ui.views import CSS as TAB_CSS

    return TAB_CSS
