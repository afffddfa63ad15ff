"""The cockpit UI's behaviour: per-session turns, world controls, suggestions and feedback.

``CockpitApp`` holds everything that outlives one request (the shared models, the per-browser sessions,
the failure store) and answers the UI's events with plain data; ``simulator.ui.layout`` wires it into
Gradio. Nothing heavy is imported or loaded here at import time.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from multimodal.asr.audio_input import wav_bytes
from multimodal.protocols import InputError
from multimodal.registry import BackendPlan
from simulator.ui import views
from simulator.ui.mic_stream import Utterance, read_wav_chunk, warm_speech_detector
from simulator.ui.models import ModelManager, PinnedCommandModel, SharedBackend, SwitchingCommandModel
from simulator.ui.sessions import SessionManager, TurnRecord, UiSession
from simulator.ui.text import t
from simulator.pipeline import RENDERED, Backends, TurnResult
from simulator.hmi.own_screen import render_own_screen, render_world_screen
from simulator.session import CockpitSession, SessionConfig

# Start conditions for Reset: the proactive rules need some of them (a cold start needs a cold car).
PRESETS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "normal": ("常温 18°C", "Mild 18 °C", {}),
    "cold": ("寒冷早晨 −5°C", "Cold morning −5 °C", {"outside_temp_c": -5.0, "time_of_day_h": 7.5}),
    "hot": ("炎热午后 35°C", "Hot afternoon 35 °C", {"outside_temp_c": 35.0, "time_of_day_h": 14.0}),
    "low_battery": ("电量低 12%", "Low battery 12%", {"battery_pct": 12.0}),
}

INJECT_EVENTS = ("tire_leak:front_left", "tire_leak:front_right", "tire_leak:rear_left", "tire_leak:rear_right",
                 "tire_fix:front_left", "congestion", "congestion_clear", "low_battery", "warning:engine_check",
                 "warning:oil_pressure", "warning:brake_system", "warning:seatbelt", "warning:washer_fluid",
                 "warning_clear:engine_check")

API_DROP = ("events",)  # bulky: the per-stage events are summarised by timings_ms


def session_media_dir(session_key: str) -> Path:
    """The folder a session's inputs (uploads, microphone utterances) are kept in."""
    import hashlib

    from multimodal.paths import cache_dir

    return cache_dir("ui-media", hashlib.sha1(session_key.encode("utf-8")).hexdigest()[:16])


def keep_upload(session_key: str, path: str) -> str:
    """A copy of an uploaded clip or screenshot that outlives Gradio's upload cache (emptied after an hour),
    so a failure filed, or a session saved as a scenario, later still has the very input of each turn."""
    import shutil
    import uuid

    source = Path(path)
    folder = session_media_dir(session_key)
    if folder in source.parents or not source.is_file():
        return path
    # The file keeps its name (a recogniser's language hint or a test's transcript may key on it), in a
    # folder of its own; a transcript sidecar (<clip>.txt, read by the fake recogniser) comes along.
    kept = folder / uuid.uuid4().hex[:12] / source.name
    try:
        kept.parent.mkdir()
        shutil.copyfile(source, kept)
        sidecar = source.with_name(source.name + ".txt")
        if sidecar.is_file():
            shutil.copyfile(sidecar, kept.with_name(kept.name + ".txt"))
    except OSError:
        return path  # the turn still runs on the upload itself
    return str(kept)


def keep_recording(session_key: str, utterance: Utterance) -> str:
    """A microphone utterance as a 16 kHz WAV beside the session's uploads (written atomically); its path."""
    import uuid

    from multimodal.cache import atomic_write_bytes

    folder = session_media_dir(session_key) / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    path = folder / "microphone.wav"
    atomic_write_bytes(path, wav_bytes(utterance.samples))
    return str(path)


def api_result(result: Mapping[str, Any]) -> dict[str, Any]:
    """A turn for automation: TurnResult.to_dict() without the bulky event list, in values Gradio can send."""
    return {k: _json_safe(v) for k, v in result.items() if k not in API_DROP}


_INT64 = 2**63


def _json_safe(value: Any) -> Any:
    # Gradio encodes answers with orjson, which refuses integers beyond 64 bits: "温度到18446744073709551616"
    # parses to such a slot value (clamped when applied), and the client got a bare CancelledError instead
    # of its turn, while the car had changed. As a float the number survives, approximately, as in JSON.
    if isinstance(value, int) and not isinstance(value, bool) and not -_INT64 <= value < _INT64:
        return float(value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a JSON "\ud800" escape decodes to one): orjson refuses it
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return value
    if isinstance(value, Mapping):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


@dataclass
class AppOptions:
    lang: str = "zh"
    plan: BackendPlan = BackendPlan()
    speed_profile: str = "parked"
    failure_home: str | None = None  # None = FailureStore default (COCKPIT_SIM_HOME)
    load_models: bool = True  # False: unit tests drive the app with preloaded fakes


@dataclass
class TurnView:
    """Everything the page updates after a turn."""

    ui: UiSession
    record: TurnRecord | None
    notice: str = ""
    notice_ok: bool = False
    code: str = ""  # the stable error code when no turn ran


@dataclass(frozen=True)
class MicUpdate:
    """What the page shows after a live-microphone chunk."""

    partial_text: str  # the latest partial transcript of the utterance being spoken ("" when none yet)
    utterance_path: str | None = None  # a finished utterance's WAV, to run as a voice turn
    speaking: bool = False  # speech has been heard and the utterance has not ended yet


class CockpitApp:
    def __init__(self, options: AppOptions | None = None):
        self.options = options or AppOptions()
        self.models = ModelManager(self.options.plan)
        self.sessions = SessionManager(self._make_session, lang=self.options.lang,
                                       speed_profile=self.options.speed_profile)
        self._store = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self.options.load_models:
            self.models.start()
            if self.options.plan.asr is not None:
                # Loading Silero takes seconds: done on the first chunk, it would cost the start of the first
                # utterance (Gradio keeps only the newest chunk while the handler is busy).
                threading.Thread(target=warm_speech_detector, name="mic-vad-warmup", daemon=True).start()
        self.sessions.start_ticker()

    def stop(self) -> None:
        self.sessions.stop_ticker()

    @property
    def store(self):
        if self._store is None:
            from simulator.failures.store import FailureStore

            self._store = FailureStore(self.options.failure_home)
        return self._store

    def session_backends(self, pin_command: bool = False) -> Backends:
        """The shared models as one session's backends: a cockpit session takes whichever command model is
        ready at each turn; a scenario played in the page (``pin_command``) keeps the one ready when it began."""
        plan = self.options.plan
        command = PinnedCommandModel(self.models) if pin_command else SwitchingCommandModel(self.models)
        return Backends(command=command, render=render_own_screen,
                        asr=SharedBackend(self.models, "asr") if plan.asr else None,
                        screen=SharedBackend(self.models, "screen") if plan.screen else None,
                        tts=SharedBackend(self.models, "tts") if plan.tts else None)

    def _make_session(self, seed: int, lang: str, speed_profile: str,
                      overrides: Mapping[str, Any] | None = None) -> CockpitSession:
        config = SessionConfig(seed=seed, lang=lang, speed_profile=speed_profile, overrides=dict(overrides or {}),
                               backends=self.options.plan)
        return CockpitSession(config, backends=self.session_backends())

    # ------------------------------------------------------------------ turns
    def _record(self, ui: UiSession, result: TurnResult, audio: str | None, shot: str | None, zone: str,
                voice: bool, typed: str = "") -> TurnRecord:
        record = TurnRecord(result, audio_path=audio, screenshot_path=shot, zone=zone)
        ui.turns.append(record)
        messages = views.chat_messages(record.result, voice, typed)
        ui.chat.extend(messages)
        ui.chat_turn_ids[len(ui.chat) - 1] = record.turn_id
        ui.chat_turn_ids[len(ui.chat) - 2] = record.turn_id
        return record

    def _screen_for(self, ui: UiSession, use_sim_screen: bool) -> tuple[Any, str | None]:
        if use_sim_screen:
            return RENDERED, None
        if ui.screenshot_path:
            return ui.screenshot_path, ui.screenshot_path
        return None, None

    def say(self, key: str | None, text: str | None, lang: str | None = None, zone: str | None = None,
            use_sim_screen: bool = False, notice_lang: str | None = None) -> TurnView:
        """A typed turn. ``lang`` forces the reply language (the API's ``lang``); None (the UI) answers in the
        language typed. ``notice_lang`` words a refusal that is not a turn (empty text): the UI's language."""
        ui = self.sessions.get(key)
        if text is None or not str(text).strip():
            return TurnView(ui, None, t("err_empty_text", lang or notice_lang or self.options.lang), code="text-empty")
        screen, shot = self._screen_for(ui, use_sim_screen)
        zone = zone or ui.session.dialogue.speaker_zone
        result = ui.session.say(str(text), lang=lang or None, zone=zone, screen=screen,
                                speak=self.options.plan.tts is not None)
        return TurnView(ui, self._record(ui, result, None, shot, zone, voice=False, typed=str(text)))

    def listen(self, key: str | None, audio: str | None, zone: str | None = None, use_sim_screen: bool = False,
               lang: str | None = None) -> TurnView:
        """A spoken turn. The language is detected from the speech unless ``lang`` is given: forcing a
        recogniser's language garbles speech in the other one."""
        ui = self.sessions.get(key)
        if not audio:
            return TurnView(ui, None, t("err_no_audio", lang or self.options.lang), code="audio-empty")
        screen, shot = self._screen_for(ui, use_sim_screen)
        zone = zone or ui.session.dialogue.speaker_zone
        audio = keep_upload(ui.key, str(audio))
        result = ui.session.listen(audio, lang=lang or None, zone=zone, screen=screen,
                                   speak=self.options.plan.tts is not None)
        return TurnView(ui, self._record(ui, result, audio, shot, zone, voice=True))

    def mic_chunk(self, key: str | None, chunk: str | tuple[int, Any] | None) -> MicUpdate:
        """One chunk of the live microphone (a WAV file's path, or (rate, samples)): starts a partial
        transcript when one is due, and keeps the utterance as a WAV when this chunk ends it (the page then
        runs it through ``listen``)."""
        ui = self.sessions.get(key)
        if chunk is None:
            return MicUpdate(ui.mic.partial_text)
        rate_hz, data = read_wav_chunk(chunk) if isinstance(chunk, str) else chunk
        utterance = ui.mic.append(rate_hz, data)
        if utterance is not None:
            return MicUpdate(utterance.partial_text, keep_recording(ui.key, utterance))
        asr = ui.session.backends.asr
        # A partial waiting for a model still loading would be measured as slow and turn partials off.
        if asr is not None and self.models.state_of("asr") == "loaded":
            ui.mic.start_partial(lambda clip: asr.transcribe(clip, lang=None).text)
        return MicUpdate(ui.mic.partial_text, speaking=ui.mic.speech_seen)

    def mic_stop(self, key: str | None) -> MicUpdate:
        """The driver stopped the live microphone before the pause ended the utterance."""
        ui = self.sessions.get(key)
        utterance = ui.mic.finish()
        if utterance is None:
            return MicUpdate("")
        return MicUpdate(utterance.partial_text, keep_recording(ui.key, utterance))

    def respond(self, key: str | None, accept: bool, lang: str) -> TurnView:
        ui = self.sessions.get(key)
        result = ui.session.respond(accept, lang=lang)
        word = t("accept" if accept else "decline", lang)
        return TurnView(ui, self._record(ui, result, None, None, ui.session.dialogue.speaker_zone,
                                         voice=False, typed=f"[{word}]"))

    # ------------------------------------------------------------------ the world
    def set_running(self, key: str | None, running: bool) -> UiSession:
        ui = self.sessions.get(key)
        ui.running = running
        return ui

    def set_time_factor(self, key: str | None, factor: float) -> UiSession:
        ui = self.sessions.get(key)
        factor = float(factor)
        if not 0 < factor <= 600:
            raise InputError("world-bad-factor", f"the time factor must be between 1 and 600, got {factor:g}")
        ui.time_factor = factor
        return ui

    def set_speed_profile(self, key: str | None, profile: str) -> UiSession:
        ui = self.sessions.get(key)
        try:
            ui.session.set_speed_profile(profile)
        except ValueError as err:
            raise InputError("world-bad-profile", str(err)) from None
        return ui

    def inject(self, key: str | None, event: str) -> UiSession:
        from simulator.world import InjectError

        ui = self.sessions.get(key)
        if not event:
            raise InputError("world-no-event", "pick an event to inject")
        try:
            ui.session.inject(event)
        except InjectError as err:
            raise InputError("world-bad-event", str(err)) from None
        return ui

    def advance(self, key: str | None, seconds: float) -> UiSession:
        ui = self.sessions.get(key)
        ui.session.advance(seconds)
        return ui

    def reset(self, key: str | None, seed: Any, preset: str = "normal", speed_profile: str | None = None,
              lang: str | None = None) -> UiSession:
        try:
            seed_i = int(seed)
        except (TypeError, ValueError):
            raise InputError("world-bad-seed", f"the seed must be a whole number, got {seed!r}") from None
        if not 0 <= seed_i < 2**32:
            raise InputError("world-bad-seed", f"the seed must be between 0 and {2**32 - 1}, got {seed_i}")
        if preset not in PRESETS:
            raise InputError("world-bad-preset", f"unknown start condition {preset!r}; known: {', '.join(PRESETS)}")
        old = self.sessions.get(key)
        ui = self.sessions.reset(key, seed_i, speed_profile, PRESETS[preset][2])
        if lang:
            ui.session.pipeline.lang = lang
        ui.screenshot_path = old.screenshot_path
        return ui

    def set_lang(self, key: str | None, lang: str) -> UiSession:
        """The UI language is also the language suggestions are offered in."""
        ui = self.sessions.get(key)
        ui.session.pipeline.lang = lang
        return ui

    # ------------------------------------------------------------------ screenshots
    def set_screenshot(self, key: str | None, path: str | None) -> tuple[UiSession, Any]:
        """Check an uploaded screenshot; returns the session and the (downscaled) image to preview."""
        from multimodal.screen.image_input import load_image

        ui = self.sessions.get(key)
        if not path:
            ui.screenshot_path = None
            return ui, None
        loaded = load_image(path)  # raises InputError (not an image, too large, truncated, ...)
        ui.screenshot_path = keep_upload(ui.key, str(path))
        return ui, loaded

    # ------------------------------------------------------------------ suggestions
    def pending_suggestion(self, key: str | None, lang: str) -> str | None:
        ui = self.sessions.get(key)
        suggestion = ui.session.pending_suggestion
        return suggestion.text(lang) if suggestion is not None else None

    # ------------------------------------------------------------------ feedback
    def flag(self, key: str | None, turn_id: str | None) -> tuple[TurnRecord | None, str]:
        from simulator.ui.feedback import correction_template

        ui = self.sessions.get(key)
        record = ui.turn(turn_id or None)
        if record is None:
            return None, ""
        return record, correction_template(record)

    def save_failure(self, key: str | None, turn_id: str | None, corrected: str, note: str | None = None) -> str:
        from simulator.ui.feedback import save_failure

        ui = self.sessions.get(key)
        record = ui.turn(turn_id or None)
        if record is None:
            raise InputError("failure-no-turn", "there is no turn to correct yet")
        return save_failure(self.store, record, corrected, note, session_key=ui.key)

    def failures(self) -> list[Any]:
        return self.store.list()

    def review(self, fid: str, status: str, corrected: str | None = None) -> Any:
        from simulator.ui.feedback import review_failure

        return review_failure(self.store, fid, status, corrected)

    # ------------------------------------------------------------------ views
    def screen_html(self, ui: UiSession, lang: str) -> str:
        image, state = render_world_screen(ui.session.world, lang)
        return views.screen_html(image, state.to_flat(), lang, ui.running, ui.time_factor)

    def instruments_html(self, ui: UiSession, lang: str) -> str:
        return views.instrument_html(ui.session.state(), lang)

    def models_html(self, lang: str) -> str:
        state = self.models.state_of("command")
        note = {"failed": t("rules_instead", lang), "unavailable": t("rules_instead", lang),
                "loaded": "", "off": ""}.get(state, t("using_rules", lang))
        return views.models_html(self.models.status(), lang, note)

    def state_json(self, key: str | None) -> dict[str, Any]:
        ui = self.sessions.get(key)
        return {"sim_time_s": round(ui.session.world.now_s, 3), "running": ui.running,
                "time_factor": ui.time_factor, "state": ui.session.state()}


def result_json(record: TurnRecord | None) -> str:
    return json.dumps(api_result(record.result), ensure_ascii=False, indent=2) if record else "{}"
