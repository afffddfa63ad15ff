"""Playing scenarios: one fresh CockpitSession per scenario, steps at their simulated times,
expectations checked against the turn results and events the pipeline already reports.

Runs are deterministic for a seed (the world, the proactive engine and the command model are),
isolated (nothing is shared between scenarios but the loaded models) and can fan out over
processes (``spawn``; each worker loads its models once, in its initializer).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from multimodal.registry import BackendPlan
from multimodal.text.lexicon import answer_word
from scenarios.expectations import Observation, evaluate
from scenarios.model import STEP_KINDS, Scenario, ScenarioResult, Step, StepResult
from simulator.turn import RENDERED

if TYPE_CHECKING:
    from simulator.turn import TurnResult

ProgressFn = Callable[[ScenarioResult], None]


@dataclass(frozen=True)
class RunOptions:
    # The command options carry e.g. an adapter path for A/B runs; tts speaks only for say steps with
    # speak: true, so a scenario without one runs with the role off.
    backends: BackendPlan = BackendPlan()
    realtime: bool = False  # simulated seconds pass at wall speed
    report_dir: str | None = None  # when set, the screen at each expect is saved under screens/
    keep_state: bool = False  # keep every turn's state_before (failure records need only the failed ones)

    def backend_names(self) -> dict[str, str]:
        return {role: self.backends.name(role) or "" for role in ("command", "asr", "screen")}


class StepFailure(Exception):
    """A step could not do what it says (e.g. respond with no suggestion pending)."""


# ---------------------------------------------------------------------------------- one scenario
def make_session(scenario: Scenario, options: RunOptions, backends: Any = None):
    from simulator.session import CockpitSession, SessionConfig

    config = SessionConfig(
        seed=scenario.seed, lang=scenario.lang, speaker_zone=scenario.zone, speed_profile=scenario.speed_profile,
        overrides=dict(scenario.state), realtime_factor=1.0 if options.realtime else None,
        proactive=scenario.proactive,
        backends=options.backends if scenario.needs_tts else options.backends.without("tts"))
    return CockpitSession(config, backends=backends)


def play(scenario: Scenario, options: RunOptions = RunOptions(), backends: Any = None) -> ScenarioResult:
    """Play one scenario on a fresh session; never raises for a scenario's own failures."""
    result = ScenarioResult(id=scenario.id, title=scenario.title, file=scenario.file, line=scenario.line,
                            tags=list(scenario.tags), lang=scenario.lang, backends=options.backend_names())
    if backends is not None:
        result.backends = {"command": type(backends.command).__name__}
    t0 = time.perf_counter()
    try:
        session = make_session(scenario, options, backends)
    except Exception as err:  # noqa: BLE001 - e.g. the command model cannot load: a clear line, not a traceback
        result.error = f"the session could not start: {err}"
        result.wall_s = time.perf_counter() - t0
        return result
    player = _Player(scenario, options, session)
    for step in scenario.steps:
        result.steps.append(player.run(step))
    result.sim_s = session.world.now_s
    result.wall_s = time.perf_counter() - t0
    if not options.keep_state:
        _drop_unneeded_state(result)
    return result


class _Player:
    def __init__(self, scenario: Scenario, options: RunOptions, session):
        self.scenario, self.options, self.session = scenario, options, session
        self.suggestions: list[dict[str, Any]] = []
        self.window_start = 0
        self.last_turn: TurnResult | None = None
        self.last_error_codes: tuple[str, ...] = ()  # of the last turn, recovered ones included
        self.last_screen_input: str | None = None
        self.pending_screen: str | None = None
        self.screen_dir = Path(options.report_dir, "screens", _safe(scenario.id)) if options.report_dir else None
        session.bus.subscribe(self._on_suggestion, types=["suggestion"])

    def _on_suggestion(self, event) -> None:
        self.suggestions.append({"rule": event.data.get("rule"), "sim_time_s": round(event.sim_time_s, 3),
                                 "text": event.data.get("text"), "commands": event.data.get("commands")})

    def run(self, step: Step) -> StepResult:
        sr = StepResult(index=step.index, kind=step.kind, summary=step.summary(), time_s=step.time_s, line=step.line,
                        note=step.note)
        t0 = time.perf_counter()
        try:
            delta = step.time_s - self.session.world.now_s
            if delta > 1e-9:
                self.session.advance(delta)
            getattr(self, f"_do_{step.kind}")(step, sr)
        except StepFailure as err:
            sr.ok, sr.error = False, str(err)
        except Exception as err:  # noqa: BLE001 - reported on the step; the scenario goes on
            sr.ok, sr.error = False, f"{type(err).__name__}: {err}"
        if step.expect and sr.error is None:
            obs = Observation(turn=self.last_turn, state=self.session.state(), suggestions=list(self.suggestions),
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
            turn = self.session.listen(a["audio"], lang=a.get("lang") or sc.lang, zone=zone, screen=screen,
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
        self.session.advance(step.args["seconds"])

    def _do_expect(self, step: Step, sr: StepResult) -> None:
        """Nothing to do: the expectation is checked after every step."""

    def _keep_turn(self, turn: TurnResult, sr: StepResult, screen: str | None) -> None:
        self.last_turn, self.last_screen_input = turn, screen
        self.last_error_codes = tuple(e.data["code"] for e in turn.events if e.type == "error" and e.data.get("code"))
        data = turn.to_dict()
        del data["events"]
        data["error_codes"] = list(self.last_error_codes)
        data["screen_input"] = screen
        sr.turn = data  # the report's record of the turn
        sr.state_before = turn.state_before

    # ------------------------------------------------------------------ report screens
    def _save_screen(self, step: Step, sr: StepResult) -> str | None:
        """The screen at this expect: the simulator's own, or the uploaded one, with the tap marked."""
        try:
            from PIL import Image, ImageDraw

            from simulator.hmi.own_screen import render_world_screen

            turn = self.last_turn if step.kind in ("say", "respond") else None
            target = turn.screen.target if turn and turn.screen else None
            upload = self.last_screen_input if turn else None
            if upload and upload != RENDERED and target:
                image = Image.open(upload).convert("RGB")
            else:
                image, _ = render_world_screen(self.session.world, self.scenario.lang)
                image = image.convert("RGB")
            if target:
                draw = ImageDraw.Draw(image)
                x0, y0, x1, y1 = target.box
                draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(230, 40, 40), width=5)
            self.screen_dir.mkdir(parents=True, exist_ok=True)
            path = self.screen_dir / f"step{step.index:02d}.png"
            image.save(path, optimize=False, compress_level=3)
            return str(path.relative_to(self.options.report_dir))
        except Exception as err:  # noqa: BLE001 - a missing picture must not fail an acceptance test
            sr.note = (sr.note + " " if sr.note else "") + f"(screen not saved: {type(err).__name__}: {err})"
            return None


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def _drop_unneeded_state(result: ScenarioResult) -> None:
    """Keep state_before only on turns a failure points at (they become failure records)."""
    needed = {id(t) for t in failed_turn_steps(result)}
    for s in result.steps:
        if id(s) not in needed:
            s.state_before = None


RECORDABLE = ("commands", "signals", "reply", "transcript", "outcome", "tap", "changed", "unchanged", "error", "lang",
              "suggestion.accepted", "suggestion.declined")


def failed_turn_steps(result: ScenarioResult) -> list[StepResult]:
    """Turn steps whose own expectations (or a later expect about them) failed in a way the model
    can learn from: wrong commands, state, reply… (not latency, not a suggestion that never came)."""
    out: list[StepResult] = []
    last_turn: StepResult | None = None
    for s in result.steps:
        if s.turn is not None:
            last_turn = s
        learnable = any(not c.ok and (c.kind in RECORDABLE or c.kind.split(".")[0] in RECORDABLE)
                        for c in s.checks)
        respond_failed = s.kind == "respond" and s.error and s.turn is not None
        if (learnable or respond_failed) and last_turn is not None and last_turn not in out:
            out.append(last_turn)
    return out


# ---------------------------------------------------------------------------------- many scenarios
_worker_options: RunOptions | None = None


def _worker_init(options: RunOptions) -> None:
    global _worker_options
    _worker_options = options
    try:
        from simulator.models import get_backend

        plan = options.backends  # the command model once per worker; a load failure is kept and shown
        get_backend("command", plan.name("command"), **plan.options("command"))
    except Exception:  # noqa: BLE001 - every scenario then reports the load error itself
        pass


def _worker_play(scenario: Scenario) -> dict[str, Any]:
    return play(scenario, _worker_options or RunOptions()).to_dict()


def run_all(scenarios: Iterable[Scenario], options: RunOptions = RunOptions(), jobs: int = 1,
            progress: ProgressFn | None = None, backends: Any = None) -> list[ScenarioResult]:
    """Play every scenario; results come back in input order whatever the completion order."""
    scenarios = list(scenarios)
    results: list[ScenarioResult | None] = [None] * len(scenarios)
    jobs = max(1, min(jobs, len(scenarios) or 1))
    if jobs == 1 or backends is not None:
        for i, sc in enumerate(scenarios):
            results[i] = play(sc, options, backends)
            if progress:
                progress(results[i])
        return results  # type: ignore[return-value]
    ctx = multiprocessing.get_context("spawn")
    # Heavy native libraries each start their own thread pools; with several workers on a small
    # machine that oversubscribes the cores, so each worker gets an equal share.
    threads = str(max(1, (os.cpu_count() or 1) // jobs))
    env_saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    for k in env_saved:
        os.environ.setdefault(k, threads)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init,
                                 initargs=(options,)) as pool:
            futures = {pool.submit(_worker_play, sc): i for i, sc in enumerate(scenarios)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    results[i] = ScenarioResult.from_dict(fut.result())
                except Exception as err:  # noqa: BLE001 - a crashed worker fails its scenario, not the run
                    sc = scenarios[i]
                    results[i] = ScenarioResult(sc.id, sc.title, sc.file, sc.line, list(sc.tags), sc.lang,
                                                error=f"the worker process failed: {type(err).__name__}: {err}")
                if progress:
                    progress(results[i])
    finally:
        for k, v in env_saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return results  # type: ignore[return-value]


assert set(STEP_KINDS) == {n[4:] for n in dir(_Player) if n.startswith("_do_")}, "every step kind has a player"
