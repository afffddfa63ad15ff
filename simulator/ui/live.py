"""The page's live refresh: a 1-second timer (and the page load) redraw the screen, instruments, suggestion box
and model panel.

The refresh only reads state and has no concurrency limit, so it never waits behind a turn.
"""

from __future__ import annotations

import json

from simulator.ui import views
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.tabs.cockpit import CockpitTab
from simulator.ui.wiring import PRIVATE, session_key

REFRESH_S = 1.0


def wire_live_refresh(app: CockpitApp, demo: gr.Blocks, timer: gr.Timer, cockpit: CockpitTab,
                      ui_lang: gr.Radio) -> None:
    def on_tick(lang, request: gr.Request):
        key = session_key(request)
        ui = app.sessions.get(key)
        sugg = app.pending_suggestion(key, lang)
        state = ui.session.state()
        shown = (lang, ui.running, ui.time_factor, json.dumps(state, sort_keys=True, default=str))
        if shown == ui.shown_screen:  # a paused, parked car: nothing to redraw or re-send
            screen, instruments = gr.skip(), gr.skip()
        else:
            ui.shown_screen = shown
            screen, instruments = app.screen_html(ui, lang), views.instrument_html(state, lang)
        return (screen, instruments, gr.update(visible=bool(sugg)), views.suggestion_html(sugg, lang) if sugg else "",
                app.models_html(lang))

    world, talk = cockpit.world, cockpit.talk
    outputs = [world.screen, world.instruments, talk.suggestion.group, talk.suggestion.html, talk.models_box]
    timer.tick(on_tick, [ui_lang], outputs, show_progress="hidden", concurrency_limit=None,
               trigger_mode="always_last", **PRIVATE)
    demo.load(on_tick, [ui_lang], outputs, show_progress="hidden", **PRIVATE)
