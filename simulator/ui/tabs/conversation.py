"""The conversation panel of the cockpit tab: model status, the suggestion box, the chat, the spoken reply and
the typed and spoken inputs."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.ui.app import CockpitApp
from simulator.ui.gradio_import import gr
from simulator.ui.language import LanguageSwitch
from simulator.ui.text import t
from vehicle_state.signals import SEATS


@dataclass(frozen=True)
class SuggestionBox:
    """Shown while a proactive suggestion waits for an answer."""

    group: gr.Group
    html: gr.HTML
    accept_btn: gr.Button
    decline_btn: gr.Button


@dataclass(frozen=True)
class TurnInputs:
    """What the driver starts a turn with (besides the suggestion's buttons)."""

    text_in: gr.Textbox
    send_btn: gr.Button
    zone: gr.Radio
    audio_in: gr.Audio
    voice_btn: gr.Button


@dataclass(frozen=True)
class LiveMic:
    """The streaming microphone: chunks go to the server while the driver speaks; a pause ends the turn."""

    mic: gr.Audio
    partial: gr.Textbox  # the partial transcript of the utterance being spoken
    utterance: gr.State  # the path of the last finished utterance; a change runs it as a voice turn


@dataclass(frozen=True)
class ConversationPanel:
    models_box: gr.HTML
    suggestion: SuggestionBox
    chat: gr.Chatbot
    reply_audio: gr.Audio
    notice: gr.HTML
    inputs: TurnInputs
    live: LiveMic


def _zone_choices(lang: str) -> list[tuple[str, str]]:
    return [(t(f"zone_{z}", lang), z) for z in SEATS]


def _build_suggestion_box(switch: LanguageSwitch) -> SuggestionBox:
    with gr.Group(visible=False, elem_id="suggestion-box") as group:
        html = gr.HTML()
        with gr.Row():
            accept_btn = switch.button("accept", "✓ ", variant="primary", size="sm", elem_id="accept-btn")
            decline_btn = switch.button("decline", "✕ ", size="sm", elem_id="decline-btn")
    return SuggestionBox(group, html, accept_btn, decline_btn)


def _build_live_mic(switch: LanguageSwitch) -> LiveMic:
    with gr.Row(equal_height=True):
        mic = switch.labelled(gr.Audio, "live_mic", sources=["microphone"], streaming=True, type="filepath", scale=2,
                              elem_id="mic-live")
        partial = switch.labelled(gr.Textbox, "mic_partial", placeholder="mic_placeholder", interactive=False,
                                  lines=2, scale=3, elem_id="mic-partial")
    return LiveMic(mic, partial, gr.State(None))


def build_conversation_panel(app: CockpitApp, switch: LanguageSwitch) -> ConversationPanel:
    models_box = switch.text(gr.HTML, app.models_html, elem_id="models")
    suggestion = _build_suggestion_box(switch)
    chat = switch.labelled(gr.Chatbot, "conversation", height=360, elem_id="chat", feedback_options=("Dislike",),
                           layout="bubble")
    reply_audio = switch.labelled(gr.Audio, "reply_audio", autoplay=True, interactive=False, type="filepath",
                                  elem_id="reply-audio", buttons=[])
    with gr.Row(equal_height=True):
        text_in = switch.labelled(gr.Textbox, "text_input", placeholder="text_placeholder", scale=5, lines=1,
                                  max_lines=3, elem_id="text-in")
        send_btn = switch.button("send", variant="primary", scale=1, elem_id="send-btn")
    zone = switch.labelled(gr.Radio, "zone", choices=_zone_choices, value="driver", elem_id="zone")
    with gr.Row(equal_height=True):
        audio_in = switch.labelled(gr.Audio, "voice", sources=["microphone", "upload"], type="filepath", scale=5,
                                   elem_id="audio-in")
        voice_btn = switch.button("send_voice", "◉ ", scale=1, elem_id="voice-btn")
    live = _build_live_mic(switch)
    notice = gr.HTML(elem_id="notice")
    inputs = TurnInputs(text_in, send_btn, zone, audio_in, voice_btn)
    return ConversationPanel(models_box, suggestion, chat, reply_audio, notice, inputs, live)
