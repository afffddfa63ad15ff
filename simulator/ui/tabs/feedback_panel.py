"""The feedback panel of the cockpit tab: flag a turn (👎 or the turn picker), edit the correct commands, save
the turn as a failure case."""

from __future__ import annotations

from typing import Any, Callable

from multimodal.protocols import InputError
from simulator.ui import views
from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from simulator.ui.wiring import PRIVATE, session_key


def build_feedback_panel(app: CockpitApp, switch: LanguageSwitch, chat: gr.Chatbot, ui_lang: gr.Radio) -> gr.Dropdown:
    """The panel, wired to the chat's 👎 and trash buttons; returns the turn picker, which every turn refills."""
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

    open_flag = _open_flag(app)
    flag_outputs = [flag_turn, box, correction, notice]
    flag_btn.click(open_flag, [flag_turn, ui_lang], flag_outputs, **PRIVATE)
    flag_turn.input(open_flag, [flag_turn, ui_lang], flag_outputs, **PRIVATE)
    _wire_chat(app, chat, open_flag, ui_lang, flag_outputs)

    def on_save(turn_id, corrected, note_v, lang, request: gr.Request):
        try:
            fid = app.save_failure(session_key(request), turn_id, corrected, note_v)
        except InputError as err:
            return views.notice_html(f"{err.code}: {err.message}"), gr.skip()
        return views.notice_html(t("saved_failure", lang, fid=fid), ok=True), ""

    save_btn.click(on_save, [flag_turn, correction, note, ui_lang], [notice, note], **PRIVATE)
    return flag_turn


def _open_flag(app: CockpitApp) -> Callable[..., tuple[Any, Any, Any, Any]]:
    """Open the editor on a turn, pre-filled with the model's commands: (turn, accordion, editor, notice)."""
    def open_flag(turn_id, lang, request: gr.Request):
        record, template = app.flag(session_key(request), turn_id)
        if record is None:
            return gr.skip(), gr.update(open=True), gr.skip(), views.notice_html(t("no_turn_to_flag", lang))
        return record.turn_id, gr.update(open=True), template, ""
    return open_flag


def _wire_chat(app: CockpitApp, chat: gr.Chatbot, open_flag: Callable[..., Any], ui_lang: gr.Radio,
               flag_outputs: list[Any]) -> None:
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
