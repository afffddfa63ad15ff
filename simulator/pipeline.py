"""The turn pipeline: audio -> transcript -> (screen) -> commands -> safety -> vehicle -> reply -> speech.

Every stage publishes ``<stage>-start`` / ``<stage>-end`` (with ``duration_ms``) on the bus; a failing
stage raises ``StageError(code, message)`` which becomes an ``error`` event and a spoken apology; a
turn always ends with ``turn-end`` carrying the transcript, commands, outcomes, reply, state changes and
per-stage timings.
"""

from __future__ import annotations

import itertools
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from multimodal.protocols import (
    CommandModel, InputError, ParseResult, ScreenInfo, Speaker, ScreenReader, Transcriber, check_utterance,
    context_dict, detect_lang,
)
from simulator.dialogue import DialogueContext, PendingQuestion
from simulator.errors import StageError
from simulator.events import CockpitEvent, EventBus, Stage, stage_timings, wall_clock
from simulator.proactive import ProactiveEngine
from simulator.turn import (
    RENDERED, ScreenUse, SignalChange, SuggestionAnswer, TurnError, TurnInput, TurnResult,
)
from simulator.world import World
from vehicle_state.apply import ApplyContext, Outcome, apply
from vehicle_state.commands import INTENTS, Command
from vehicle_state.safety import DEFAULT_POLICY, SafetyPolicy

__all__ = ["RENDERED", "Backends", "TurnInput", "TurnPipeline", "TurnResult", "error_reply"]

# What a person hears when a stage fails, by error code (prefix match), in both languages.
_ERROR_REPLIES = {
    "audio-empty": ("没有收到声音，请再说一遍。", "I didn't receive any audio. Please try again."),
    "audio-silent": ("没有听到说话声，请再说一遍。", "I didn't hear any speech. Please try again."),
    "audio-too-long": ("这段录音太长了，请说一句简短的指令。", "That recording is too long; please say a short command."),
    "audio": ("这段音频无法识别，请换一个文件或重新录音。", "I couldn't read that audio. Please record again or use another file."),
    "asr": ("语音识别出错了，请再说一遍或直接输入文字。", "Speech recognition failed. Please try again or type."),
    "image": ("这张截图无法读取，请上传PNG或JPEG图片。", "I couldn't read that screenshot; please upload a PNG or JPEG."),
    "screen": ("屏幕识别出错了，已忽略截图。", "Reading the screen failed; the screenshot was ignored."),
    "text-empty": ("请说出或输入一条指令。", "Please say or type a command."),
    "text-too-long": ("这句话太长了，请说一条简短的指令。", "That is too long for a command; please keep it short."),
    "text": ("这条输入无法处理。", "I can't process that input."),
    "lang": ("只支持中文和英文。", "Only Chinese and English are supported."),
    "zone": ("不认识这个座位，请选择主驾、副驾、左后或右后。", "Unknown seat; choose driver, passenger, rear left or rear right."),
    "command": ("抱歉，我没能理解这句话。", "Sorry, I couldn't understand that."),
    "apply": ("执行指令时出错了，车辆状态没有改变。", "Something went wrong; nothing was changed."),
    "tts": ("", ""),
}


def error_reply(code: str, lang: str) -> str:
    best = ""
    for prefix in _ERROR_REPLIES:
        if code.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    zh, en = _ERROR_REPLIES.get(best, ("出错了，请再试一次。", "Something went wrong; please try again."))
    return zh if lang == "zh" else en


@dataclass
class Backends:
    command: CommandModel
    asr: Transcriber | None = None
    screen: ScreenReader | None = None
    tts: Speaker | None = None
    # The simulator's own screen: fn(state, lang) -> (PIL image, ScreenInfo with control ids).
    render: Callable[[Any, str], tuple[Any, ScreenInfo]] | None = None


class TurnPipeline:
    def __init__(self, world: World, bus: EventBus, backends: Backends, dialogue: DialogueContext | None = None,
                 engine: ProactiveEngine | None = None, lang: str = "zh", policy: SafetyPolicy = DEFAULT_POLICY):
        self.world, self.bus, self.backends = world, bus, backends
        self.dialogue = dialogue or DialogueContext()
        self.engine = engine
        self.lang = lang
        self.policy = policy
        self._ids = itertools.count(1)
        self._turn_events: list[CockpitEvent] = []

    # ------------------------------------------------------------------ events
    def _emit(self, type_: str, turn_id: str | None, **data: Any) -> None:
        event = CockpitEvent(type_, turn_id, self.world.now_s, wall_clock(), data)
        self.bus.publish(event)
        self._turn_events.append(event)

    @contextmanager
    def _stage(self, stage: Stage, turn_id: str, **start_data: Any) -> Iterator[dict]:
        """Run a stage between start/end events; the body fills ``end`` with its results."""
        self._emit(stage.start_event, turn_id, **start_data)
        end: dict[str, Any] = {}
        t0 = time.perf_counter()

        def finish(**data: Any) -> None:
            self._emit(stage.end_event, turn_id, duration_ms=round((time.perf_counter() - t0) * 1000, 2), **data)

        try:
            yield end
        except StageError as err:
            finish(ok=False, error=err.to_dict())
            raise
        except InputError as err:
            finish(ok=False, error={"code": err.code, "message": err.message})
            raise StageError(err.code, err.message) from err
        except Exception as err:  # noqa: BLE001 - every failure becomes a stage error at the boundary
            message = f"{stage} stage failed: {type(err).__name__}: {err}"
            finish(ok=False, error={"code": f"{stage}-failed", "message": message})
            raise StageError(f"{stage}-failed", message) from err
        finish(ok=True, **end)

    # ------------------------------------------------------------------ the turn
    def run(self, turn: TurnInput) -> TurnResult:
        self._turn_events = []
        turn_id = f"t{next(self._ids)}"
        problem = turn.problem()
        result = TurnResult(turn_id=turn_id, sim_time_s=self.world.now_s,
                            lang=(turn.lang if problem is None else None) or self.lang)
        if turn.zone and problem is None:
            self.dialogue.speaker_zone = turn.zone
        self._emit("turn-start", turn_id, input="audio" if turn.audio is not None else "text",
                   has_screen=turn.screen is not None, zone=self.dialogue.speaker_zone)
        with self.world.lock:
            before = self.world.state.copy()
        try:
            if problem is not None:
                raise StageError(problem.code, problem.message)
            text = self._hear(turn, result, turn_id)
            screen = self._see(turn, result, turn_id)
            parse = self._understand(text, result, screen, turn_id, turn.commands)
            outcomes = self._act(parse, result, screen, turn_id, text)
            result.reply = self._compose(outcomes, result.lang)
            if result.screen and result.screen.error:
                # Say why the screen was ignored, so "tap X" failing on a bad upload is not a mystery.
                sep = "" if result.lang == "zh" else " "
                result.reply = error_reply(result.screen.error.code, result.lang) + sep + result.reply
        except StageError as err:
            result.error = TurnError(err.code, err.message)
            result.reply = error_reply(err.code, result.lang)
            self._emit("error", turn_id, code=err.code, message=err.message)
        if turn.speak and self.backends.tts is not None and result.reply:
            self._speak(result, turn_id)
        self._finish(result, before)
        return result

    def _finish(self, result: TurnResult, before: Any) -> None:
        """State changes, snapshots and timings, then the ``turn-end`` event."""
        with self.world.lock:
            result.changes = {k: SignalChange(o, n) for k, (o, n) in self.world.state.diff(before).items()}
            result.state_after = self.world.state.to_flat()
        result.state_before = before.to_flat()
        result.timings_ms = stage_timings(self._turn_events)
        self._emit("turn-end", result.turn_id, **result.summary_dict(), zone=self.dialogue.speaker_zone,
                   dialogue_window_until_s=self.world.now_s + self.dialogue.window_s)
        result.events = list(self._turn_events)

    # ------------------------------------------------------------------ stages
    def _hear(self, turn: TurnInput, result: TurnResult, turn_id: str) -> str:
        if turn.audio is not None:
            if self.backends.asr is None:
                raise StageError("asr-unavailable", "no speech recognizer is configured")
            with self._stage(Stage.ASR, turn_id) as end:
                transcript = self.backends.asr.transcribe(turn.audio, lang=turn.lang)
                end.update(transcript=transcript.text, lang=transcript.lang,
                           audio_duration_s=round(transcript.duration_s, 3), backend_timings_ms=transcript.timings)
            text = transcript.text
            result.lang = turn.lang or (transcript.lang if transcript.lang in ("zh", "en") else detect_lang(text))
        else:
            text = turn.text
        try:
            text = check_utterance(text)
        except InputError as err:
            raise StageError(err.code, err.message) from err
        result.transcript = text
        if turn.audio is None:
            result.lang = turn.lang or detect_lang(text)
        return text

    def _see(self, turn: TurnInput, result: TurnResult, turn_id: str) -> ScreenInfo | None:
        if turn.screen is None:
            return None
        own = isinstance(turn.screen, str) and turn.screen == RENDERED
        source = RENDERED if own else "upload"
        try:
            with self._stage(Stage.SCREEN, turn_id, source=source) as end:
                if own:
                    if self.backends.render is None:
                        raise StageError("screen-unavailable", "no screen renderer is configured")
                    with self.world.lock:
                        state = self.world.state.copy()
                    _, info = self.backends.render(state, result.lang)
                else:
                    if self.backends.screen is None:
                        raise StageError("screen-unavailable", "no screen reader is configured")
                    info = self.backends.screen.read(turn.screen)
                end.update(source=source, controls=len(info.controls),
                           warnings=[w.warning_id or w.text for w in info.warnings], labels=list(info.labels)[:60])
        except StageError as err:
            # A bad screenshot must not lose the spoken command: note it and go on without a screen.
            self._emit("error", turn_id, code=err.code, message=err.message, stage="screen", recovered=True)
            result.screen = ScreenUse(source, error=TurnError(err.code, err.message))
            return None
        result.screen = ScreenUse(source, info)
        return info

    def _understand(self, text: str, result: TurnResult, screen: ScreenInfo | None, turn_id: str,
                    chosen: Iterable[Command] | None) -> ParseResult:
        labels = tuple(screen.labels) if screen else ()
        with self._stage(Stage.COMMAND, turn_id, text=text, lang=result.lang) as end:
            parse = self._parse(text, result.lang, labels, chosen, result)
            end.update(commands=[c.to_dict() for c in parse.commands], backend=parse.backend,
                       raw_output=parse.raw_output, fallback=parse.fallback, fallback_reason=parse.fallback_reason)
        result.commands = list(parse.commands)
        result.parse = parse
        return parse

    def _parse(self, text: str, lang: str, labels: tuple[str, ...], chosen: Iterable[Command] | None,
               result: TurnResult) -> ParseResult:
        if chosen is not None:
            return ParseResult(tuple(chosen), "click")
        now = self.world.now_s
        followup = self.dialogue.zone_followup(text, now)
        if followup:
            return ParseResult(commands=followup, backend="dialogue", raw_output="zone follow-up")
        relative = self.dialogue.relative_followup(text, now)
        if relative:
            return ParseResult(commands=relative, backend="dialogue", raw_output="relative follow-up")
        model = self.backends.command
        ctx = self.dialogue.command_context(labels, now)
        result.dialogue = context_dict(ctx)
        if hasattr(model, "parse_detailed"):
            return model.parse_detailed(text, lang=lang, context=ctx)
        return ParseResult(tuple(model.parse(text, lang=lang, context=ctx)), type(model).__name__)

    def _act(self, parse: ParseResult, result: TurnResult, screen: ScreenInfo | None, turn_id: str,
             text: str) -> list[Outcome]:
        now = self.world.now_s
        outcomes: list[Outcome] = []
        executed: list[Command] = []
        zones_used: dict[str, str] = {}
        with self._stage(Stage.APPLY, turn_id) as end:
            with self.world.lock:
                for cmd in parse.commands:
                    outcomes.extend(self._apply_one(cmd, result, screen, executed, zones_used, now))
            end.update(outcomes=[o.to_dict() for o in outcomes])
        result.outcomes = outcomes
        self.dialogue.remember(text, executed, zones_used, now)
        return outcomes

    def _ctx(self, result: TurnResult, zone: str | None = None) -> ApplyContext:
        return ApplyContext(speaker_zone=zone or self.dialogue.speaker_zone, lang=result.lang)

    def _apply_one(self, cmd: Command, result: TurnResult, screen: ScreenInfo | None, executed: list[Command],
                   zones_used: dict[str, str], now: float) -> list[Outcome]:
        state = self.world.state
        if cmd.intent in ("dialog.confirm", "dialog.reject"):
            return self._answer(cmd, result, executed, now)
        if cmd.intent == "screen.tap" and screen is not None:
            return self._tap(cmd, result, screen, executed)
        if cmd.intent == "query.warning" and screen is not None and not cmd.slots.get("name"):
            from multimodal.screen.match import explain_warning

            text = explain_warning(screen, result.lang)
            if text:
                return [Outcome(cmd, "done", text)]
        zone = cmd.slots.get("zone") or self.dialogue.default_zone_for(cmd, now)
        outcome = apply(state, cmd, self._ctx(result, zone), self.policy)
        if outcome.executed:
            executed.append(cmd)
            family = cmd.intent.split(".")[0]
            if "zone" in INTENTS[cmd.intent].slots or cmd.intent in ("hvac.adjust_temperature", "hvac.adjust_fan"):
                zones_used[family] = zone
        return [outcome]

    def _apply_all(self, commands: Iterable[Command], result: TurnResult, executed: list[Command]) -> list[Outcome]:
        """Commands decided for the driver (an accepted suggestion, a tapped control), in the speaker's zone."""
        outcomes = []
        for c in commands:
            o = apply(self.world.state, c, self._ctx(result), self.policy)
            if o.executed:
                executed.append(c)
            outcomes.append(o)
        return outcomes

    def _answer(self, cmd: Command, result: TurnResult, executed: list[Command], now: float) -> list[Outcome]:
        accept = cmd.intent == "dialog.confirm"
        zh = result.lang == "zh"
        pending = self.dialogue.pending
        suggestion = self.engine.pending if self.engine else None
        if pending is None and suggestion is None:
            return [Outcome(cmd, "noop", "好的。" if zh else "Okay.", reason="nothing_pending")]
        if suggestion is not None and (pending is None or pending.suggestion_id == suggestion.id):
            self.engine.resolve(accept, now)
            commands = suggestion.commands
            result.suggestion = SuggestionAnswer(suggestion.id, suggestion.rule, accept)
            self._emit("suggestion-" + ("accepted" if accept else "declined"), result.turn_id, rule=suggestion.rule,
                       suggestion_id=suggestion.id)
        else:
            commands = pending.commands
        self.dialogue.pending = None
        if not accept:
            return [Outcome(cmd, "done", "好的，不需要的话随时叫我。" if zh else "Okay, just ask if you need it.")]
        return self._apply_all(commands, result, executed)

    def _tap(self, cmd: Command, result: TurnResult, screen: ScreenInfo, executed: list[Command]) -> list[Outcome]:
        from multimodal.screen.match import resolve_tap

        zh = result.lang == "zh"
        label = cmd.slots["label"]
        control = resolve_tap(label, screen)
        if control is None:
            return [Outcome(cmd, "noop", f"屏幕上没有找到“{label}”。" if zh else f"I can't find '{label}' on the screen.",
                            reason="no_such_control")]
        result.screen.target = control
        if result.screen.own and control.id:
            from simulator.hmi.actions import commands_for_control

            outcomes = self._apply_all(commands_for_control(control.id, self.world.state), result, executed)
            if outcomes:
                return outcomes
        reply = f"已点击“{control.label}”。" if zh else f"Tapped '{control.label}'."
        return [Outcome(cmd, "done", reply)]

    def _compose(self, outcomes: list[Outcome], lang: str) -> str:
        return ("" if lang == "zh" else " ").join(o.reply for o in outcomes if o.reply)

    def _speak(self, result: TurnResult, turn_id: str) -> None:
        try:
            with self._stage(Stage.TTS, turn_id, chars=len(result.reply)) as end:
                audio = self.backends.tts.synthesize(result.reply, lang=result.lang)
                end.update(audio_path=audio.path, audio_duration_s=round(audio.duration_s, 3))
            result.audio_reply_path = audio.path
        except StageError as err:
            # The reply is still shown; a silent answer is better than none.
            self._emit("error", turn_id, code=err.code, message=err.message, stage="tts", recovered=True)

    # ------------------------------------------------------------------ suggestions
    def offer(self, suggestion) -> None:
        """A proactive suggestion becomes the pending question."""
        self.dialogue.pending = PendingQuestion(suggestion.text(self.lang), suggestion.commands, suggestion.id)
        ev = suggestion.to_event(self.lang)
        ev.pop("type", None)
        ev.pop("sim_time_s", None)
        self.bus.publish(CockpitEvent("suggestion", None, self.world.now_s, wall_clock(), ev))
