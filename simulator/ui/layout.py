"""The Gradio page: ``build_demo`` composes the header, one builder per tab, the live refresh and the named API
endpoints; ``launch`` serves it.

Every handler resolves the browser's own session from ``request.session_hash`` (simulator.ui.wiring); turn
events are chained so the inputs are disabled while a turn runs (simulator.ui.tabs.turns), and the 1-second
timer only reads state (simulator.ui.live), so nothing blocks the page.
"""

from __future__ import annotations

from typing import Any

from simulator.ui import views
from simulator.ui.api import build_api
from simulator.ui.app import CockpitApp
from simulator.ui.extensions import call_each, load_extensions, page_css
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.live import REFRESH_S, wire_live_refresh
from simulator.ui.tabs.cockpit import build_cockpit_tab
from simulator.ui.tabs.failures import build_failures_tab
from simulator.ui.text import t
from simulator.ui.theme import FORCE_DARK_JS, PAGE_CSS, page_theme


def _header(lang: str) -> str:
    return f"<h1>{views.esc(t('title', lang))}</h1><p>{views.esc(t('subtitle', lang))}</p>"


def _build_header(switch: LanguageSwitch) -> gr.Radio:
    """The title and the language switch; returns the switch's radio, an input of most events."""
    with gr.Row(equal_height=True):
        switch.text(gr.HTML, _header, elem_classes="cockpit-title")
        return switch.labelled(gr.Radio, "ui_lang", [("中文", "zh"), ("English", "en")], value=switch.lang0, scale=0,
                               min_width=220, elem_id="ui-lang")


def build_demo(app: CockpitApp) -> gr.Blocks:
    switch = LanguageSwitch(app.options.lang)
    extensions = load_extensions()
    with gr.Blocks(title="Cockpit Simulator · 智能座舱模拟器", fill_width=True, delete_cache=(900, 3600)) as demo:
        ui_lang = _build_header(switch)
        with gr.Tabs():
            cockpit = build_cockpit_tab(app, switch, ui_lang,
                                        lambda: call_each(extensions, "build_cockpit_panel", app, switch, ui_lang))
            call_each(extensions, "build_tabs", app, switch, ui_lang)
            build_failures_tab(app, switch, ui_lang)
        wire_live_refresh(app, demo, gr.Timer(REFRESH_S), cockpit, ui_lang)
        switch.wire(app, ui_lang)
        build_api(app)
    return demo


def launch(app: CockpitApp, host: str = "127.0.0.1", port: int = 7860, share: bool = False,
           prevent_thread_lock: bool = False) -> Any:
    """Start the models loading, the world ticker and the web server."""
    from multimodal.paths import cache_dir

    app.start()
    demo = build_demo(app)
    css = PAGE_CSS + page_css(load_extensions())
    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo.launch(server_name=host, server_port=port, share=share, prevent_thread_lock=prevent_thread_lock,
                       theme=page_theme(), css=css, js=FORCE_DARK_JS, ssr_mode=False, show_error=True,
                       allowed_paths=[str(cache_dir())], max_file_size="60mb", quiet=True)
