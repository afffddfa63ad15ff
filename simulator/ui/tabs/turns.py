"""The turn events of the cockpit tab: Send / Enter, Send voice, Accept / Decline, and the live microphone's
utterances (simulator.ui.mic_stream).

Each runs as a chain: disable the turn inputs (unqueued, so at once), run the turn, enable them again. A
finished turn redraws components of every panel (``TurnTargets``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from multimodal.protocols import InputError
from simulator.ui import views
from simulator.ui.app import CockpitApp, TurnView, result_json
from simulator.ui.gradio_import import gr
from simulator.ui.text import t
from simulator.ui.mic_stream import CHUNK_EVERY_S
from simulator.ui.tabs.conversation import ConversationPanel
from simulator.ui.tabs.turn_panel import TurnPanel
from simulator.ui.tabs.world import WorldPanel
from simulator.ui.wiring import PRIVATE, last_result, session_key


@dataclass(frozen=True)
class TurnTargets:
    """The panels a finished turn redraws; ``render`` returns their new values keyed by component."""

    world: WorldPanel
    turn: TurnPanel
    talk: ConversationPanel
    flag_turn: gr.Dropdown

    def components(self) -> list[Any]:
        world, turn, talk = self.world, self.turn, self.talk
        return [talk.chat, talk.reply_audio, turn.waterfall, turn.details, turn.shot_view, world.screen,
                world.instruments, talk.notice, self.flag_turn, talk.suggestion.group, talk.suggestion.html,
                turn.turn_json]

    def render(self, app: CockpitApp, view: TurnView, lang: str) -> dict[Any, Any]:
        world, turn, talk = self.world, self.turn, self.talk
        ui, rec = view.ui, view.record
        result = rec.result if rec else last_result(ui)
        shot: Any = gr.skip()
        if rec and rec.screenshot_path and os.path.isfile(rec.screenshot_path):
            shot = views.draw_target(rec.screenshot_path, (rec.result.get("screen") or {}).get("target"))
        turns = [(f"{r.turn_id} · {(r.result.get('transcript') or '')[:28]}", r.turn_id) for r in ui.turns]
        sugg = app.pending_suggestion(ui.key, lang)
        return {
            talk.chat: list(ui.chat),
            talk.reply_audio: rec.result.get("audio_reply_path") if rec else gr.skip(),
            turn.waterfall: views.waterfall_html(result, lang),
            turn.details: views.turn_html(result, lang),
            turn.shot_view: shot,
            world.screen: app.screen_html(ui, lang),
            world.instruments: app.instruments_html(ui, lang),
            talk.notice: views.notice_html(view.notice, view.notice_ok),
            self.flag_turn: gr.update(choices=turns, value=turns[-1][1] if turns else None),
            talk.suggestion.group: gr.update(visible=bool(sugg)),
            talk.suggestion.html: views.suggestion_html(sugg, lang) if sugg else "",
            turn.turn_json: result_json(rec),
        }


Chain = Callable[[Callable[..., Any], Callable[..., Any], list[Any], list[Any]], None]


def wire_live_mic(app: CockpitApp, targets: TurnTargets, ui_lang: gr.Radio, chain: Chain) -> None:
    """Chunks feed the session's MicStream; a finished utterance lands in ``live.utterance``, whose change runs
    it through the same chain as Send voice."""
    talk = targets.talk
    live, inputs = talk.live, talk.inputs

    def shown(update: Any) -> tuple[Any, Any, Any]:
        # "…" while speech is heard and no partial is back yet; an ended utterance clears it (its final
        # transcript goes to the conversation)
        if update.utterance_path:
            partial = ""
        else:
            partial = update.partial_text or ("…" if update.speaking else gr.skip())
        return partial, update.utterance_path or gr.skip(), gr.skip()

    def on_chunk(chunk, lang, request: gr.Request):
        try:
            return shown(app.mic_chunk(session_key(request), chunk))
        except InputError as err:
            return gr.skip(), gr.skip(), views.notice_html(t("err_mic", lang, msg=err.message))

    def on_stop(request: gr.Request):
        return shown(app.mic_stop(session_key(request)))

    def on_utterance(path, zone, use_sim, lang, request: gr.Request):
        if not path:
            return {c: gr.skip() for c in targets.components()}
        return targets.render(app, app.listen(session_key(request), path, zone=zone, use_sim_screen=bool(use_sim)),
                              lang)

    stream_out = [live.partial, live.utterance, talk.notice]
    # Chunks are cheap and a stream holds its worker for the whole recording: no concurrency limit.
    live.mic.stream(on_chunk, [live.mic, ui_lang], stream_out, stream_every=CHUNK_EVERY_S, time_limit=None,
                    concurrency_limit=None, show_progress="hidden", **PRIVATE)
    live.mic.stop_recording(on_stop, None, stream_out, show_progress="hidden", **PRIVATE)
    chain(live.utterance.change, on_utterance, [live.utterance, inputs.zone, targets.turn.use_sim, ui_lang], [])


def wire_turns(app: CockpitApp, targets: TurnTargets, ui_lang: gr.Radio) -> None:
    outputs = targets.components()
    inputs, suggestion = targets.talk.inputs, targets.talk.suggestion
    busy_inputs = [inputs.send_btn, inputs.voice_btn, inputs.text_in, suggestion.accept_btn, suggestion.decline_btn]

    def busy():
        return [gr.update(interactive=False)] * len(busy_inputs)

    def idle():
        return [gr.update(interactive=True)] * len(busy_inputs)

    def chain(trigger: Callable[..., Any], turn: Callable[..., Any], turn_inputs: list[Any], extra: list[Any]) -> None:
        trigger(busy, None, busy_inputs, queue=False, **PRIVATE).then(
            turn, turn_inputs, [*outputs, *extra], **PRIVATE).then(
            idle, None, busy_inputs, queue=False, **PRIVATE)

    def on_say(text, zone, use_sim, lang, request: gr.Request):
        # The reply is in the language typed, as a spoken turn's is in the language heard; ``lang`` (the UI's
        # language) only words the notices around it.
        view = app.say(session_key(request), text, lang=None, zone=zone, use_sim_screen=bool(use_sim),
                       notice_lang=lang)
        return {**targets.render(app, view, lang), inputs.text_in: "" if view.record else gr.skip()}

    def on_voice(audio, zone, use_sim, lang, request: gr.Request):
        view = app.listen(session_key(request), audio, zone=zone, use_sim_screen=bool(use_sim))
        return {**targets.render(app, view, lang), inputs.audio_in: None if view.record else gr.skip()}

    def on_respond(accept: bool) -> Callable[..., dict[Any, Any]]:
        def handler(lang, request: gr.Request):
            return targets.render(app, app.respond(session_key(request), accept, lang), lang)
        return handler

    use_sim = targets.turn.use_sim
    for trigger in (inputs.send_btn.click, inputs.text_in.submit):
        chain(trigger, on_say, [inputs.text_in, inputs.zone, use_sim, ui_lang], [inputs.text_in])
    chain(inputs.voice_btn.click, on_voice, [inputs.audio_in, inputs.zone, use_sim, ui_lang], [inputs.audio_in])
    for btn, accept in ((suggestion.accept_btn, True), (suggestion.decline_btn, False)):
        chain(btn.click, on_respond(accept), [ui_lang], [])
    wire_live_mic(app, targets, ui_lang, chain)
