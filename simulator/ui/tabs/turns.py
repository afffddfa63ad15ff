"""The turn events of the cockpit tab: Send / Enter, Send voice, Accept / Decline.

Each runs as a chain: disable the turn inputs (unqueued, so at once), run the turn, enable them again. The
turn's results land in components of every panel, listed once in ``TurnTargets``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any, Callable

from simulator.ui import views
from simulator.ui.app import CockpitApp, TurnView, result_json
from simulator.ui.gradio_import import gr
from simulator.ui.tabs.conversation import ConversationPanel
from simulator.ui.tabs.feedback import FeedbackPanel
from simulator.ui.tabs.turn_panel import TurnPanel
from simulator.ui.tabs.world import WorldPanel
from simulator.ui.wiring import PRIVATE, last_result, session_key


@dataclass(frozen=True)
class TurnTargets:
    """The components a finished turn updates, across the cockpit tab's panels."""

    chat: gr.Chatbot
    reply_audio: gr.Audio
    waterfall: gr.HTML
    details: gr.HTML
    shot_view: gr.Image
    screen: gr.HTML
    instruments: gr.HTML
    notice: gr.HTML
    flag_turn: gr.Dropdown
    sugg_group: gr.Group
    sugg_html: gr.HTML
    turn_json: gr.Code

    @classmethod
    def of(cls, world: WorldPanel, turn: TurnPanel, talk: ConversationPanel, feedback: FeedbackPanel) -> TurnTargets:
        return cls(talk.chat, talk.reply_audio, turn.waterfall, turn.details, turn.shot_view, world.screen,
                   world.instruments, talk.notice, feedback.flag_turn, talk.sugg_group, talk.sugg_html, turn.turn_json)

    def components(self) -> list[Any]:
        return [getattr(self, f.name) for f in fields(self)]


def render_turn(app: CockpitApp, view: TurnView, lang: str) -> list[Any]:
    """The values for ``TurnTargets.components()``, in that order."""
    ui, rec = view.ui, view.record
    result = rec.result if rec else last_result(ui)
    shot: Any = gr.skip()
    if rec and rec.screenshot_path and os.path.isfile(rec.screenshot_path):
        shot = views.draw_target(rec.screenshot_path, (rec.result.get("screen") or {}).get("target"))
    turns = [(f"{r.turn_id} · {(r.result.get('transcript') or '')[:28]}", r.turn_id) for r in ui.turns]
    sugg = app.pending_suggestion(ui.key, lang)
    values = {
        "chat": list(ui.chat),
        "reply_audio": rec.result.get("audio_reply_path") if rec else gr.skip(),
        "waterfall": views.waterfall_html(result, lang),
        "details": views.turn_html(result, lang),
        "shot_view": shot,
        "screen": app.screen_html(ui, lang),
        "instruments": app.instruments_html(ui, lang),
        "notice": views.notice_html(view.notice, view.notice_ok),
        "flag_turn": gr.update(choices=turns, value=turns[-1][1] if turns else None),
        "sugg_group": gr.update(visible=bool(sugg)),
        "sugg_html": views.suggestion_html(sugg, lang) if sugg else "",
        "turn_json": result_json(rec),
    }
    return [values[f.name] for f in fields(TurnTargets)]


def wire_turns(app: CockpitApp, targets: TurnTargets, talk: ConversationPanel, use_sim: gr.Checkbox,
               ui_lang: gr.Radio) -> None:
    outputs = targets.components()
    busy_inputs = [talk.send_btn, talk.voice_btn, talk.text_in, talk.accept_btn, talk.decline_btn]

    def busy():
        return [gr.update(interactive=False)] * len(busy_inputs)

    def idle():
        return [gr.update(interactive=True)] * len(busy_inputs)

    def chain(trigger: Callable[..., Any], turn: Callable[..., Any], inputs: list[Any], extra: list[Any]) -> None:
        trigger(busy, None, busy_inputs, queue=False, **PRIVATE).then(
            turn, inputs, [*outputs, *extra], **PRIVATE).then(
            idle, None, busy_inputs, queue=False, **PRIVATE)

    def on_say(text, zone, use_sim_v, lang, request: gr.Request):
        view = app.say(session_key(request), text, lang=lang, zone=zone, use_sim_screen=bool(use_sim_v))
        return [*render_turn(app, view, lang), "" if view.record else gr.skip()]  # a turn ran: empty the box

    def on_voice(audio, zone, use_sim_v, lang, request: gr.Request):
        view = app.listen(session_key(request), audio, zone=zone, use_sim_screen=bool(use_sim_v))
        return [*render_turn(app, view, lang), None if view.record else gr.skip()]

    def on_respond(accept: bool) -> Callable[..., list[Any]]:
        def handler(lang, request: gr.Request):
            return render_turn(app, app.respond(session_key(request), accept, lang), lang)
        return handler

    for trigger in (talk.send_btn.click, talk.text_in.submit):
        chain(trigger, on_say, [talk.text_in, talk.zone, use_sim, ui_lang], [talk.text_in])
    chain(talk.voice_btn.click, on_voice, [talk.audio_in, talk.zone, use_sim, ui_lang], [talk.audio_in])
    for btn, accept in ((talk.accept_btn, True), (talk.decline_btn, False)):
        chain(btn.click, on_respond(accept), [ui_lang], [])
