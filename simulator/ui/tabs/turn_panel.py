"""The turn panel of the cockpit tab: latency waterfall, turn details, the screenshot to read and the turn's
JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from multimodal.protocols import InputError
from simulator.ui import views
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE, last_result, session_key


@dataclass(frozen=True)
class TurnPanel:
    """What a turn reads (which screen to look at) and redraws."""

    use_sim: gr.Checkbox
    waterfall: gr.HTML
    details: gr.HTML
    shot_view: gr.Image
    turn_json: gr.Code


def _title(key: str) -> Callable[[str], str]:
    return lambda lang: f"**{t(key, lang)}**"


def build_turn_panel(app: CockpitApp, switch: LanguageSwitch, ui_lang: gr.Radio) -> TurnPanel:
    lang0 = switch.lang0
    with gr.Row():
        with gr.Column(scale=5):
            switch.text(gr.Markdown, _title("waterfall"))
            waterfall = switch.follow(gr.HTML(views.waterfall_html(None, lang0), elem_id="waterfall"),
                                      lambda lang, ui: views.waterfall_html(last_result(ui), lang))
        with gr.Column(scale=6):
            switch.text(gr.Markdown, _title("turn_details"))
            details = switch.follow(gr.HTML(views.turn_html(None, lang0), elem_id="turn-details"),
                                    lambda lang, ui: views.turn_html(last_result(ui), lang))
    with gr.Row():
        with gr.Column(scale=2, min_width=220):
            use_sim = switch.labelled(gr.Checkbox, "use_sim_screen", True, elem_id="use-sim")
            shot_file = switch.labelled(gr.File, "screenshot", type="filepath", elem_id="shot-file", height=150)
            shot_notice = gr.HTML(elem_id="shot-notice")
        shot_view = switch.labelled(gr.Image, "screenshot_view", interactive=False, type="pil", elem_id="shot-view",
                                    height=300, buttons=[], scale=5)
    with gr.Accordion("JSON", open=False):
        turn_json = gr.Code("{}", language="json", elem_id="turn-json")

    def on_shot(path, lang, request: gr.Request):
        try:
            _, loaded = app.set_screenshot(session_key(request), path)
        except InputError as err:
            app.set_screenshot(session_key(request), None)
            # Clear the upload so the file picker comes back for another try.
            return None, gr.skip(), views.notice_html(t("err_screenshot", lang, msg=err.message)), None
        if loaded is None:
            return None, gr.skip(), "", gr.skip()
        msg = t("screenshot_ok", lang, w=loaded.original_width, h=loaded.original_height)
        return loaded.image, False, views.notice_html(msg, ok=True), gr.skip()

    shot_outputs = [shot_view, use_sim, shot_notice, shot_file]
    shot_file.upload(on_shot, [shot_file, ui_lang], shot_outputs, **PRIVATE)
    shot_file.clear(on_shot, [shot_file, ui_lang], shot_outputs, **PRIVATE)
    return TurnPanel(use_sim, waterfall, details, shot_view, turn_json)
