"""Playing one scenario step by step: the one code path of the CLI runner and the browser's Scenarios tab.

A Playback owns one fresh CockpitSession. Each ``step()`` first brings the world to the step's
simulated time (at once, or paced in short slices a UI can redraw between and stop), then runs the
step and checks its expectations. The world is advanced to absolute simulated-time targets, and a
SimPy run that stops part-way and continues processes the same events in the same order as one run,
so a paced playback ends on the same world, with the same verdict, as ``runner.play()``.
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from multimodal.registry import BackendPlan
from multimodal.text.lexicon import answer_word
from scenarios.expectations import Observation, evaluate
from scenarios.failed_turns import drop_unneeded_state
from scenarios.model import STEP_KINDS, Scenario, ScenarioResult, Step, StepResult
from scenarios.noisy_audio import noisy_audio
from simulator.turn import RENDERED

if TYPE_CHECKING:
    from simulator.session import CockpitSession
    from simulator.turn import TurnResult

SLICE_WALL_S = 0.5  # a paced wait redraws (and can be stopped) at least this often
FAST_PIECE_SIM_S = 600.0  # at full speed a stop is looked at every 10 simulated minutes (~30 ms of CPU)
_EPS_S = 1e-9  # simulated times closer than this are the same moment


@dataclass(frozen=True)
class RunOptions:
    # The command options carry e.g. an adapter path for A/B runs; tts speaks only for say steps with
    # speak: true, so a scenario without one runs with the role off.
    backends: BackendPlan = BackendPlan()
    realtime: bool = False  # simulated seconds pass at wall speed (inside SimPy; for the CLI)
    report_dir: str | None = None  # when set, the screen at each expect is saved under screens/
    keep_state: bool = False  # keep every turn's state_before (failure records need only the failed ones)

    def backend_names(self) -> dict[str, str]:
        return {role: self.backends.name(role) or "" for role in ("command", "asr", "screen")}


class StepFailure(Exception):
    """A step could not do what it says (e.g. respond with no suggestion pending)."""


class Pace(StrEnum):
    REALTIME = "realtime"
    X10 = "10x"
    FAST = "fast"

    @property
    def wall_per_sim_s(self) -> float:
        """Wall seconds per simulated second (0: as fast as possible)."""
        return {"realtime": 1.0, "10x": 0.1, "fast": 0.0}[self.value]


@dataclass(frozen=True)
class StepEvidence:
    """What a reviewer looks at for one step (all JSON-able except the image)."""

    index: int
    screen_png: bytes | None  # the screen after the step (the simulator's own, or the uploaded one), tap marked
    state_diff: dict[str, tuple[Any, Any]]  # signal -> (before, after) over the step, its wait included
    model_output: dict[str, Any] | None  # backend, raw_output, commands, fallback, transcript, turn_step


def make_session(scenario: Scenario, options: RunOptions, backends: Any = None) -> CockpitSession:
    from simulator.session import CockpitSession, SessionConfig

    config = SessionConfig(
        seed=scenario.seed, lang=scenario.lang, speaker_zone=scenario.zone, speed_profile=scenario.speed_profile,
        overrides=dict(scenario.state), realtime_factor=1.0 if options.realtime else None,
        proactive=scenario.proactive,
        backends=options.backends if scenario.needs_tts else options.backends.without("tts"))
    return CockpitSession(config, backends=backends)


def advance_to(session: CockpitSession, at_s: float) -> None:
    """Run the world until simulated time ``at_s`` (nothing if it is already there)."""
    delta = at_s - session.world.now_s
    if delta > _EPS_S:
        session.advance(delta)


def wait_target_s(step: Step) -> float:
    """Where the world must be before the step acts; an advance step's own time passes in the wait too."""
    return step.time_s + (step.args["seconds"] if step.kind == "advance" else 0.0)


@dataclass(frozen=True)
class _Record:
    """What a step's evidence is built from, kept so the picture is drawn only when asked for."""

    state_before: dict[str, Any]
    state_after: dict[str, Any]
    turn: dict[str, Any] | None  # the turn the step played, or the one its checks read
    turn_step: int | None
    own_turn: bool


class Playback:
    """One scenario on a fresh session, played one step at a time (see the module doc)."""

    def __init__(self, scenario: Scenario, options: RunOptions = RunOptions(), backends: Any = None):
        self.scenario, self.options = scenario, options
        self.result = ScenarioResult.of(scenario, backends=options.backend_names())
        if backends is not None:
            self.result.backends = {"command": type(backends.command).__name__}
        self.session: CockpitSession | None = None
        self._backends = backends
        self._player: _Player | None = None
        self._start_failed = False
        self._finished = False
        self._active_wall_s = 0.0  # time spent inside step()/finish(); a pause between calls is not counted
        self._wait_wall_s = 0.0  # the current step's wait so far (a stopped wait is continued)
        self._state: dict[str, Any] = {}
        self._records: list[_Record] = []
        self._png_cache: dict[int, bytes | None] = {}
        # Tests pace without really sleeping: a wall-per-sim override and a sleep function.
        self._wall_per_sim_s: float | None = None
        self._sleep: Callable[[float], None] | None = None

    # ------------------------------------------------------------------ state
    @property
    def done(self) -> bool:
        return self._start_failed or self.cursor >= len(self.scenario.steps)

    @property
    def cursor(self) -> int:
        return len(self.result.steps)

    # ------------------------------------------------------------------ playing
    def step(self, pace: Pace = Pace.FAST, stop: threading.Event | None = None,
             on_tick: Callable[[], None] | None = None) -> StepResult | None:
        """Play the next step: bring the world to the step's time at ``pace``, then run the step as the
        runner does. A paced wait runs in slices of at most SLICE_WALL_S wall, calling ``on_tick`` after
        each (a full-speed wait, given a ``stop``, in pieces of FAST_PIECE_SIM_S); if ``stop`` gets set it
        returns None with the world part-way, and the next call continues.
        Returns None when done."""
        if self.done:
            return None
        t0 = time.perf_counter()
        try:
            if self._player is None and not self._start():
                return None
            assert self._player is not None and self.session is not None
            step = self.scenario.steps[self.cursor]
            wait_t0 = time.perf_counter()
            try:
                reached = self._wait(wait_target_s(step), Pace(pace), stop, on_tick)
            except Exception as err:  # noqa: BLE001 - reported on the step; the scenario goes on
                sr = self._player.failed(step, err)
            else:
                self._wait_wall_s += time.perf_counter() - wait_t0
                if not reached:
                    return None
                sr = self._player.run(step)
            sr.wall_ms = round(sr.wall_ms + self._wait_wall_s * 1000, 2)
            self._wait_wall_s = 0.0
            self._keep_record(step, sr)
            self.result.steps.append(sr)
            return sr
        finally:
            self._active_wall_s += time.perf_counter() - t0

    def finish(self) -> ScenarioResult:
        """Play what is left at full speed, then close the result: sim_s, wall_s, and (unless
        options.keep_state) state_before only on the turns a failure points at. Repeatable."""
        while not self.done:
            self.step(Pace.FAST)
        if not self._finished:
            self._finished = True
            if self.session is not None:
                self.result.sim_s = self.session.world.now_s
            if not self.options.keep_state:
                drop_unneeded_state(self.result)
        self.result.wall_s = self._active_wall_s
        return self.result

    def _start(self) -> bool:
        try:
            self.session = make_session(self.scenario, self.options, self._backends)
        except Exception as err:  # noqa: BLE001 - e.g. the command model cannot load: a clear line, not a traceback
            self.session = None
            self.result.error = f"the session could not start: {err}"
            self._start_failed = True
            return False
        self._player = _Player(self.scenario, self.options, self.session)
        self._state = self.session.state()
        return True

    def _wait(self, target_s: float, pace: Pace, stop: threading.Event | None,
              on_tick: Callable[[], None] | None) -> bool:
        """Bring the world to ``target_s``; False if ``stop`` was set before it got there."""
        assert self.session is not None
        wall_per_sim = pace.wall_per_sim_s
        if wall_per_sim and self._wall_per_sim_s is not None:
            wall_per_sim = self._wall_per_sim_s
        if not wall_per_sim and stop is None:
            advance_to(self.session, target_s)
            return True
        # Paced: slices a UI redraws between. At full speed with a stop, pieces without redraws or sleeps: an
        # uploaded `advance: 1000h` is minutes of CPU, and Pause must still be answered.
        world = self.session.world
        slice_sim_s = SLICE_WALL_S / wall_per_sim if wall_per_sim else FAST_PIECE_SIM_S
        sleep = self._sleep or (stop.wait if stop is not None else time.sleep)
        start_sim, start_wall = world.now_s, time.perf_counter()
        while target_s - world.now_s > _EPS_S:
            if stop is not None and stop.is_set():
                return False
            # The last slice ends exactly at the target, so the step starts where one advance would start it.
            advance_to(self.session, min(target_s, world.now_s + slice_sim_s))
            if not wall_per_sim:
                continue
            if on_tick is not None:
                on_tick()
            ahead_s = start_wall + (world.now_s - start_sim) * wall_per_sim - time.perf_counter()
            if ahead_s > 0:
                sleep(ahead_s)
        return True

    # ------------------------------------------------------------------ evidence
    def _keep_record(self, step: Step, sr: StepResult) -> None:
        assert self.session is not None and self._player is not None
        after = self._player.last_state if self._player.last_state is not None else self.session.state()
        self._player.last_state = None
        own = sr.turn is not None
        turn_sr = sr if own else (self._player.last_turn_step if sr.checks else None)
        self._records.append(_Record(self._state, after, turn_sr.turn if turn_sr else None,
                                     turn_sr.index if turn_sr else None, own))
        self._state = after

    def evidence(self, index: int) -> StepEvidence | None:
        """The evidence of step ``index`` (its place in scenario.steps), or None if it has not been played."""
        if not 0 <= index < len(self._records):
            return None
        rec = self._records[index]
        diff = {k: (rec.state_before.get(k), rec.state_after.get(k))
                for k in sorted(rec.state_before.keys() | rec.state_after.keys())
                if rec.state_before.get(k) != rec.state_after.get(k)}
        if index not in self._png_cache:
            self._png_cache[index] = _screen_png(rec.state_after, self.scenario.lang,
                                                 rec.turn if rec.own_turn else None)
        return StepEvidence(index=index, screen_png=self._png_cache[index], state_diff=diff,
                            model_output=_model_output(rec.turn, rec.turn_step))


def _model_output(turn: Mapping[str, Any] | None, turn_step: int | None) -> dict[str, Any] | None:
    if turn is None:
        return None
    parse = turn.get("parse") or {}
    return {"backend": parse.get("backend"), "raw_output": parse.get("raw_output"),
            "commands": list(turn.get("commands") or []), "fallback": parse.get("fallback"),
            "transcript": turn.get("transcript"), "turn_step": turn_step}


def screen_image(state: Mapping[str, Any], lang: str, turn: Mapping[str, Any] | None) -> Any:
    """The screen after a step (PIL image): the uploaded screenshot a turn tapped on, else the
    simulator's own screen for ``state``; a tap target is outlined in red."""
    from PIL import Image, ImageDraw

    from simulator.hmi.own_screen import render_own_screen

    target = ((turn.get("screen") or {}).get("target") or {}) if turn else {}
    box = target.get("bbox")
    upload = turn.get("screen_input") if turn else None
    if upload and upload != RENDERED and box:
        image = Image.open(upload).convert("RGB")
    else:
        image, _ = render_own_screen(state, lang)
        image = image.convert("RGB")
    if box:
        x0, y0, x1, y1 = box
        ImageDraw.Draw(image).rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(230, 40, 40), width=5)
    return image


def _screen_png(state: Mapping[str, Any], lang: str, turn: Mapping[str, Any] | None) -> bytes | None:
    """screen_image as PNG bytes; None if it cannot be drawn (e.g. the uploaded file is gone)."""
    try:
        image = screen_image(state, lang, turn)
    except Exception:  # noqa: BLE001 - evidence without a picture is still evidence
        return None
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False, compress_level=3)
    return buf.getvalue()


# ---------------------------------------------------------------------------------- the step player
class _Player:
    """Runs steps on a session once the world is at their time; keeps what later checks read."""

    def __init__(self, scenario: Scenario, options: RunOptions, session: CockpitSession):
        self.scenario, self.options, self.session = scenario, options, session
        self.suggestions: list[dict[str, Any]] = []
        self.window_start = 0
        self.last_turn: TurnResult | None = None
        self.last_turn_step: StepResult | None = None
        self.last_error_codes: tuple[str, ...] = ()  # of the last turn, recovered ones included
        self.last_screen_input: str | None = None
        self.last_state: dict[str, Any] | None = None  # the state the last step's checks read
        self.pending_screen: str | None = None
        self.screen_dir = Path(options.report_dir, "screens", _safe(scenario.id)) if options.report_dir else None
        session.bus.subscribe(self._on_suggestion, types=["suggestion"])

    def _on_suggestion(self, event) -> None:
        self.suggestions.append({"rule": event.data.get("rule"), "sim_time_s": round(event.sim_time_s, 3),
                                 "text": event.data.get("text"), "commands": event.data.get("commands")})

    def failed(self, step: Step, err: Exception) -> StepResult:
        """The result of a step whose wait broke (the world raised): reported, the scenario goes on."""
        return StepResult(index=step.index, kind=step.kind, summary=step.summary(), time_s=step.time_s,
                          line=step.line, note=step.note, ok=False, error=f"{type(err).__name__}: {err}")

    def run(self, step: Step) -> StepResult:
        sr = StepResult(index=step.index, kind=step.kind, summary=step.summary(), time_s=step.time_s, line=step.line,
                        note=step.note)
        t0 = time.perf_counter()
        try:
            advance_to(self.session, step.time_s)
            getattr(self, f"_do_{step.kind}")(step, sr)
        except StepFailure as err:
            sr.ok, sr.error = False, str(err)
        except Exception as err:  # noqa: BLE001 - reported on the step; the scenario goes on
            sr.ok, sr.error = False, f"{type(err).__name__}: {err}"
        if step.expect and sr.error is None:
            self.last_state = self.session.state()
            obs = Observation(turn=self.last_turn, state=dict(self.last_state), suggestions=list(self.suggestions),
                              window_start=self.window_start, pending_rule=self._pending_rule(),
                              error_codes=self.last_error_codes)
            sr.checks = evaluate(step.expect, obs)
            sr.ok = all(c.ok for c in sr.checks)
            self.window_start = len(self.suggestions)
            if self.screen_dir is not None:
                sr.screen_png = self._save_screen(step, sr)
        sr.wall_ms = round((time.perf_counter() - t0) * 1000, 2)
        return sr

    def _pending_rule(self) -> str | None:
        pending = self.session.pending_suggestion
        return pending.rule if pending is not None else None

    # ------------------------------------------------------------------ actions
    def _do_say(self, step: Step, sr: StepResult) -> None:
        a, sc = step.args, self.scenario
        screen = a.get("screen") or self.pending_screen
        self.pending_screen = None
        zone = a.get("zone") or sc.zone
        if a.get("audio"):
            with noisy_audio(a["audio"], a.get("noise")) as audio:
                turn = self.session.listen(audio, lang=a.get("lang") or sc.lang, zone=zone, screen=screen,
                                           speak=bool(a.get("speak")))
        else:
            turn = self.session.say(a["text"], lang=a.get("lang"), zone=zone, screen=screen,
                                    speak=bool(a.get("speak")))
        self._keep_turn(turn, sr, screen)

    def _do_respond(self, step: Step, sr: StepResult) -> None:
        a = step.args
        lang = a.get("lang") or self.scenario.lang
        if self.session.pending_suggestion is None:
            raise StepFailure(f"nothing to respond to: no suggestion is pending at {self.session.world.now_s:g} s "
                              f"(raised so far: {', '.join(s['rule'] for s in self.suggestions) or 'none'})")
        if a["by"] == "click":
            turn = self.session.respond(a["accept"], lang=lang)
        else:
            text = a.get("text") or answer_word(a["accept"], lang)
            turn = self.session.say(text, lang=lang, zone=self.scenario.zone)
        self._keep_turn(turn, sr, None)
        if turn.suggestion is None or turn.suggestion.accepted is not a["accept"]:
            heard = ", ".join(c.intent for c in turn.commands) or "nothing"
            raise StepFailure(f"the {'acceptance' if a['accept'] else 'refusal'} did not resolve the pending "
                              f"suggestion (the command model heard {heard})")

    def _do_screen(self, step: Step, sr: StepResult) -> None:
        self.pending_screen = step.args["image"]

    def _do_inject(self, step: Step, sr: StepResult) -> None:
        for event in step.args["events"]:
            self.session.inject(event)

    def _do_set(self, step: Step, sr: StepResult) -> None:
        self.session.set(step.args["values"])

    def _do_speed_profile(self, step: Step, sr: StepResult) -> None:
        self.session.set_speed_profile(step.args["profile"])

    def _do_advance(self, step: Step, sr: StepResult) -> None:
        """The playback's wait already ran the world to the end of the advance; this covers a direct call."""
        advance_to(self.session, step.time_s + step.args["seconds"])

    def _do_expect(self, step: Step, sr: StepResult) -> None:
        """Nothing to do: the expectation is checked after every step."""

    def _keep_turn(self, turn: TurnResult, sr: StepResult, screen: str | None) -> None:
        self.last_turn, self.last_screen_input, self.last_turn_step = turn, screen, sr
        self.last_error_codes = tuple(e.data["code"] for e in turn.events if e.type == "error" and e.data.get("code"))
        data = turn.to_dict()
        del data["events"]
        data["error_codes"] = list(self.last_error_codes)
        data["screen_input"] = screen
        sr.turn = data  # the report's record of the turn
        sr.state_before = turn.state_before

    # ------------------------------------------------------------------ report screens
    def _save_screen(self, step: Step, sr: StepResult) -> str | None:
        """The screen at this expect, saved under the report dir (see screen_image)."""
        try:
            turn = sr.turn if step.kind in ("say", "respond") else None
            image = screen_image(self.last_state or self.session.state(), self.scenario.lang, turn)
            assert self.screen_dir is not None and self.options.report_dir is not None
            self.screen_dir.mkdir(parents=True, exist_ok=True)
            path = self.screen_dir / f"step{step.index:02d}.png"
            image.save(path, optimize=False, compress_level=3)
            return str(path.relative_to(self.options.report_dir))
        except Exception as err:  # noqa: BLE001 - a missing picture must not fail an acceptance test
            sr.note = (sr.note + " " if sr.note else "") + f"(screen not saved: {type(err).__name__}: {err})"
            return None


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


assert set(STEP_KINDS) == {n[4:] for n in dir(_Player) if n.startswith("_do_")}, "every step kind has a player"
