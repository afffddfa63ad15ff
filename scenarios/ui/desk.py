"""One reviewer's scenario desk in the page: the scenarios on offer (the library and uploaded files), the
playback in progress, the finished runs the report is built from, and sign-offs.

Plain Python, no Gradio: ``scenarios.ui.tab`` draws it and the unit tests drive it directly. A run plays on a
fresh ``CockpitSession`` with the page's shared models through ``scenarios.playback.Playback``, the same
player ``cockpit-sim scenario run`` uses, so a verdict here is the CLI's verdict. The run keeps the command
model that was ready when it began (``PinnedCommandModel``) and the adapter identity of that model, so its
verdict and its sign-off name the model that really answered.

Threads: a run plays on its own thread; it works on its own playback and publishes (results, snapshots,
errors) only while it is still the desk's current run, so a Restart or another pick never mixes two runs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from multimodal.registry import BackendPlan
from scenarios.loader import load_paths
from scenarios.model import Scenario, ScenarioResult, StepResult
from scenarios.playback import Pace, Playback, StepEvidence
from scenarios.runner import RunOptions
from scenarios.signoff import AdapterIdentity, Signoff, SignoffStatus, SignoffStore, adapter_identity
from scenarios.ui import review
from scenarios.ui.upload import UploadError, load_upload

if TYPE_CHECKING:
    from simulator.ui.app import CockpitApp

LIBRARY_DIR = Path(__file__).resolve().parents[1] / "library"
MODEL_WAIT_S = 600.0  # a run waits for the page's command model to load rather than play on the rules
NOT_READY = ("waiting", "loading")


class DeskError(ValueError):
    """A reviewer action that cannot be done as asked (shown in the tab, nothing changes)."""


@dataclass
class LiveView:
    """What the tab redraws while a scenario plays, snapshotted on the playing thread between world slices so
    the page never reads a world that is being advanced."""

    state: dict[str, Any] = field(default_factory=dict)
    screen: Any = None  # PIL image of the simulator's own screen
    turns: list[tuple[dict[str, Any], bool]] = field(default_factory=list)  # (turn, spoken?)
    version: int = 0


@dataclass(frozen=True)
class StepRow:
    index: int
    time_s: float
    summary: str
    state: str  # pending | running | pass | fail
    result: StepResult | None


class ScenarioDesk:
    def __init__(self, app: CockpitApp, library_dir: Path = LIBRARY_DIR):
        from multimodal.paths import cache_dir

        self.app = app
        self.workdir = cache_dir("scenario-desk", f"{id(self):x}")
        self.scenarios: dict[str, Scenario] = {}  # key (id, or "upload:<id>") -> scenario
        self.sources: dict[str, str] = {}  # key -> "library" | file name of the upload
        self.runs: dict[str, ScenarioResult] = {}  # key -> its latest finished run
        self.run_adapters: dict[str, AdapterIdentity] = {}  # key -> the command model its latest run used
        self.playback: Playback | None = None
        self.key: str | None = None  # the scenario the playback belongs to
        self.live = LiveView()
        self.stop = threading.Event()
        self.signoffs = SignoffStore()
        self._thread: threading.Thread | None = None
        self._error: str | None = None
        self._lock = threading.RLock()  # what a run publishes; never held while waiting for a run
        self._start_lock = threading.Lock()
        self._filed: dict[tuple[int, int], str] = {}  # (playback, step index) -> failure id
        self._report_version: tuple = ()
        self.waiting_for_model = False  # a run is waiting for the page's command model to finish loading
        for sc in load_paths([library_dir]):
            self.scenarios[sc.id] = sc
            self.sources[sc.id] = "library"

    # ------------------------------------------------------------------ what is on offer
    def upload(self, path: str | None) -> list[str]:
        """Add every scenario of an uploaded YAML file (or saved-session zip); returns their keys. The loader's
        errors name the file, the line and the key."""
        try:
            loaded = load_upload(path, self.workdir / "uploads")
        except UploadError as err:
            raise DeskError(str(err)) from None
        keys = []
        with self._lock:
            for sc in loaded:
                key = sc.id if self.sources.get(sc.id) != "library" else f"upload:{sc.id}"
                self.scenarios[key] = sc
                self.sources[key] = Path(str(path)).name
                self.runs.pop(key, None)
                keys.append(key)
        return keys

    def choices(self) -> list[tuple[str, str]]:
        return [(f"{sc.id} · {sc.title}" + ("" if self.sources[k] == "library" else f"  [{self.sources[k]}]"), k)
                for k, sc in sorted(self.scenarios.items(), key=lambda kv: (self.sources[kv[0]] == "library", kv[0]))]

    def scenario(self, key: str | None) -> Scenario:
        if not key or key not in self.scenarios:
            raise DeskError("pick a scenario first")
        return self.scenarios[key]

    # ------------------------------------------------------------------ playing
    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def select(self, key: str | None) -> None:
        """Show a scenario; a different one than the playback's starts over (a running one is stopped first)."""
        self.scenario(key)
        if key != self.key:
            self.reset()
            with self._lock:
                self.key = key

    def reset(self) -> None:
        """Drop the playback (Restart, or another scenario picked); finished runs stay for the report."""
        with self._lock:
            self.stop.set()
            thread, self._thread = self._thread, None  # a run still finishing publishes nothing from now on
            self.playback, self.key, self.live, self._error = None, None, LiveView(), None
        if thread is not None:
            thread.join(timeout=5)

    def start(self, key: str | None, pace: Pace, max_steps: int | None = None) -> None:
        """Play (all remaining steps, or ``max_steps``) on a background thread; the tab polls ``live``."""
        with self._start_lock:  # Play and Step clicked together start one run
            if self.playing:
                raise DeskError("a scenario is already playing: pause it first")
            self.select(key)  # outside self._lock: it may wait for a stopped run to finish publishing
            with self._lock:
                if self.playback is not None and self.playback.done:
                    self.playback, self.live = None, LiveView()  # played to the end: Play again starts over
                self.stop = threading.Event()  # per run: a run that is still finishing keeps its own
                self._error = None
                self._thread = threading.Thread(target=self._play, args=(key, pace, max_steps, self.stop),
                                                daemon=True, name=f"scenario-{key}")
                self._thread.start()

    def pause(self, wait: bool = False) -> None:
        self.stop.set()
        thread = self._thread
        if wait and thread is not None:
            thread.join(timeout=30)

    def wait(self, timeout_s: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout_s)

    def _current(self, me: threading.Thread) -> bool:
        return self._thread is me

    def _play(self, key: str, pace: Pace, max_steps: int | None, stop: threading.Event) -> None:
        me = threading.current_thread()
        try:
            playback = self.playback
            if playback is None:
                playback = self._begin(key, stop)
                if playback is None:
                    return
            played = 0
            while not playback.done and not stop.is_set() and (max_steps is None or played < max_steps):
                step = playback.step(pace, stop, on_tick=lambda: self._snapshot(playback, me))
                self._snapshot(playback, me)
                if step is None:
                    break
                played += 1
            if playback.done:
                result = playback.finish()
                with self._lock:
                    if self._current(me):
                        self.runs[key] = result
                self._snapshot(playback, me)
        except Exception as err:  # noqa: BLE001 - shown in the tab; the page keeps serving
            with self._lock:
                if self._current(me):
                    self._error = f"{type(err).__name__}: {err}"

    def _begin(self, key: str, stop: threading.Event) -> Playback | None:
        """A fresh playback on the command model ready now (after waiting for the configured one to load)."""
        if not self._wait_for_models(stop):
            return None
        backends = self.app.session_backends(pin_command=True)
        plan = self._plan_of(backends.command)
        options = RunOptions(backends=plan, report_dir=str(self.workdir / "report"))
        playback = Playback(self.scenarios[key], options, backends)
        playback.result.backends = options.backend_names()  # the registry names, as the CLI reports them
        adapter = adapter_identity(plan)
        with self._lock:
            if not self._current(threading.current_thread()):
                return None
            self.playback, self.run_adapters[key] = playback, adapter
        return playback

    def _wait_for_models(self, stop: threading.Event) -> bool:
        deadline = time.monotonic() + MODEL_WAIT_S
        try:
            while self.app.models.state_of("command") in NOT_READY and time.monotonic() < deadline:
                self.waiting_for_model = True
                if stop.wait(0.25):
                    return False
            return True
        finally:
            self.waiting_for_model = False

    def _plan_of(self, command: Any) -> BackendPlan:
        """The page's plan with the command model this run really uses (the rules while the configured one
        is not loaded) and, for a local adapter, the folder that model loaded."""
        plan = self.app.options.plan
        name = getattr(command, "name", None) or plan.name("command")
        options = dict(plan.options("command")) if name == plan.name("command") else {}
        adapter = getattr(getattr(command, "model", None), "adapter", None)
        if adapter is not None and name == "sft" and "adapter" not in options:
            options["adapter"] = str(adapter)
        return plan.with_role("command", name, **options)

    def _snapshot(self, playback: Playback, me: threading.Thread) -> None:
        session = playback.session
        if session is None or not self._current(me):
            return
        from simulator.hmi.own_screen import render_world_screen

        screen, _ = render_world_screen(session.world, playback.scenario.lang)
        spoken = {s.index: bool(s.args.get("audio")) for s in playback.scenario.steps}
        turns = [(s.turn, spoken.get(s.index, False)) for s in playback.result.steps if s.turn]
        with self._lock:
            if self._current(me):
                self.live = LiveView(state=session.state(), screen=screen, turns=turns,
                                     version=self.live.version + 1)

    # ------------------------------------------------------------------ what the tab shows
    @property
    def error(self) -> str | None:
        if self._error:
            return self._error
        pb = self.playback
        return pb.result.error if pb is not None else None

    def result(self) -> ScenarioResult | None:
        return self.playback.result if self.playback is not None else None

    def fallback_note(self) -> str | None:
        """Said beside a verdict reached on another command model than the page's configured one."""
        pb = self.playback
        configured = self.app.options.plan.name("command")
        used = pb.result.backends.get("command") if pb is not None else None
        if used is None or used == configured:
            return None
        return (f"played on the {used!r} command model: {configured!r} is not loaded "
                f"({self.app.models.state_of('command')}); the CLI would use {configured!r}")

    def step_rows(self) -> list[StepRow]:
        if self.key is None:
            return []
        sc = self.scenarios[self.key]
        done = {s.index: s for s in (self.playback.result.steps if self.playback else [])}
        cursor = self.playback.cursor if self.playback is not None else 0
        rows = []
        for pos, step in enumerate(sc.steps):
            sr = done.get(step.index)
            state = ("pass" if sr.ok else "fail") if sr else ("running" if self.playing and pos == cursor
                                                             else "pending")
            rows.append(StepRow(step.index, step.time_s, step.summary(), state, sr))
        return rows

    def evidence(self, index: int) -> StepEvidence | None:
        return self.playback.evidence(index) if self.playback is not None else None

    def first_failure(self) -> int | None:
        pb = self.playback
        failed = pb.result.first_failure if pb is not None else None
        return failed.index if failed is not None else None

    def step_to_show(self) -> int | None:
        """The step whose evidence opens after a run: the first failure, else the last step played."""
        pb = self.playback
        if pb is None or not pb.result.steps:
            return None
        failed = self.first_failure()
        return failed if failed is not None else pb.result.steps[-1].index

    # ------------------------------------------------------------------ acting on a run
    def to_failure_store(self, index: int) -> tuple[str, bool]:
        """File a failed step's turn in the failure store (the CLI's ``--record-failures`` record);
        returns (failure id, newly stored). A second click on the same step does not file it twice."""
        pb = self.playback
        if pb is None:
            raise DeskError("play the scenario first")
        filed = self._filed.get((id(pb), index))
        if filed is not None:
            return filed, False
        try:
            fid = review.file_failure(pb, index, self.app.store)
        except ValueError as err:
            raise DeskError(str(err)) from None
        self._filed[(id(pb), index)] = fid
        return fid, True

    def adapter(self, key: str | None = None) -> AdapterIdentity:
        """The command model a scenario's latest run here used, else the one a run would use now."""
        if key in self.run_adapters:
            return self.run_adapters[key]  # type: ignore[index]
        from simulator.ui.models import PinnedCommandModel

        return adapter_identity(self._plan_of(PinnedCommandModel(self.app.models)))

    def sign(self, key: str | None, decision: str, reviewer: str, note: str = "") -> Signoff:
        """Accept or reject a scenario on its latest finished run here, for the command model that run used."""
        scenario = self.scenario(key)
        run = self.runs.get(key)  # type: ignore[arg-type]
        if run is None:
            raise DeskError(f"play {scenario.id} to the end before signing it off")
        try:
            return review.sign(self.signoffs, scenario, run, self.adapter(key), decision, reviewer, note)
        except ValueError as err:
            raise DeskError(str(err)) from None

    def signoff_status(self, key: str | None) -> SignoffStatus | None:
        if not key or key not in self.scenarios:
            return None
        return review.status_of(self.signoffs, self.scenarios[key], self.runs.get(key), self.adapter(key))

    def report(self) -> Path:
        """The runs finished here as the CLI's HTML report plus the sign-offs, one self-contained file."""
        keys = [k for k in self.runs if k in self.scenarios]
        if not keys:
            raise DeskError("no scenario has been played to the end yet")
        statuses = {self.scenarios[k].id: self.signoff_status(k) for k in keys}
        out = self.workdir / "scenario-report.html"
        # Drawn after every pick, run and sign-off; rebuilt (screens inlined) only when something in it changed.
        version = (tuple((k, id(self.runs[k])) for k in keys),
                   tuple((i, s.signoff.id if s and s.signoff else None, s.changes if s else ()) for i, s in
                         statuses.items()))
        if version != self._report_version or not out.is_file():
            review.write_report([self.runs[k] for k in keys], statuses, self.workdir / "report", out)
            self._report_version = version
        return out


class DeskRegistry:
    """One desk per browser session, the oldest dropped past ``limit`` (each holds a played session)."""

    def __init__(self, factory: Callable[[], ScenarioDesk], limit: int = 32):
        self.factory, self.limit = factory, limit
        self._desks: dict[str, tuple[float, ScenarioDesk]] = {}
        self._lock = threading.Lock()

    def get(self, key: str | None) -> ScenarioDesk:
        key = key or "default"
        with self._lock:
            found = self._desks.get(key)
            desk = found[1] if found else self.factory()
            self._desks[key] = (time.monotonic(), desk)
            while len(self._desks) > self.limit:
                oldest = min(self._desks, key=lambda k: self._desks[k][0])
                self._desks.pop(oldest)[1].pause()
            return desk
