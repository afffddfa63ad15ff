"""The feedback panel of the cockpit tab: flag a turn (👎 or the turn picker), edit the correct commands, save
the turn as a failure case."""

from __future__ import annotations

from dataclasses import dataclass

from multimodal.protocols import InputError
from simulator.ui import views
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE, session_key


@dataclass(frozen=True)
class FeedbackPanel:
    box: gr.Accordion
    flag_turn: gr.Dropdown
    flag_btn: gr.Button
    correction: gr.Code
    note: gr.Textbox
    save_btn: gr.Button
    notice: gr.HTML


def build_feedback_panel(switch: LanguageSwitch) -> FeedbackPanel:
    with switch.labelled(gr.Accordion, "feedback", open=False, elem_id="feedback") as box:
        with gr.Row(equal_height=True):
            flag_turn = switch.labelled(gr.Dropdown, "flag_turn", [], elem_id="flag-turn", scale=3)
            flag_btn = switch.button("flag_last", elem_id="flag-btn", scale=2)
        switch.text(gr.Markdown, lambda lang: t("correction_help", lang))
        correction = switch.labelled(gr.Code, "correction", "", language="json", elem_id="correction",
                                     interactive=True)
        note = switch.labelled(gr.Textbox, "note", lines=1, elem_id="note")
        save_btn = switch.button("save_failure", variant="primary", elem_id="save-failure")
        notice = gr.HTML(elem_id="feedback-notice")
    return FeedbackPanel(box, flag_turn, flag_btn, correction, note, save_btn, notice)


def wire_feedback_panel(app: CockpitApp, panel: FeedbackPanel, chat: gr.Chatbot, ui_lang: gr.Radio) -> None:
    def open_flag(turn_id, lang, request: gr.Request):
        record, template = app.flag(session_key(request), turn_id)
        if record is None:
            return gr.skip(), gr.update(open=True), gr.skip(), views.notice_html(t("no_turn_to_flag", lang))
        return record.turn_id, gr.update(open=True), template, ""

    flag_outputs = [panel.flag_turn, panel.box, panel.correction, panel.notice]
    panel.flag_btn.click(open_flag, [panel.flag_turn, ui_lang], flag_outputs, **PRIVATE)
    panel.flag_turn.input(open_flag, [panel.flag_turn, ui_lang], flag_outputs, **PRIVATE)

    def on_like(lang, data: gr.LikeData, request: gr.Request):
        ui = app.sessions.get(session_key(request))
        if data.liked is not False and data.liked != "Dislike":
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        index = data.index if isinstance(data.index, int) else data.index[0]
        return open_flag(ui.chat_turn_ids.get(index), lang, request)

    chat.like(on_like, [ui_lang], flag_outputs, **PRIVATE)

    def on_clear(request: gr.Request):
        # The trash button empties the browser's copy; forget ours too, or the next turn brings it back.
        ui = app.sessions.get(session_key(request))
        ui.chat.clear()
        ui.chat_turn_ids.clear()

    chat.clear(on_clear, None, None, **PRIVATE)

    def on_save(turn_id, corrected, note, lang, request: gr.Request):
        try:
            fid = app.save_failure(session_key(request), turn_id, corrected, note)
        except InputError as err:
            return views.notice_html(f"{err.code}: {err.message}"), gr.skip()
        return views.notice_html(t("saved_failure", lang, fid=fid), ok=True), ""

    panel.save_btn.click(on_save, [panel.flag_turn, panel.correction, panel.note, ui_lang], [panel.notice, panel.note],
                         **PRIVATE)
