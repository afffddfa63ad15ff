"""One reviewer's scenario desk in the page: the scenarios on offer (the library and uploaded files), the
playback in progress, the finished runs the report is built from, and sign-offs.

Plain Python, no Gradio: ``scenarios.ui.tab`` draws it and the unit tests drive it directly. A run plays on a
fresh ``CockpitSession`` with the page's shared models through ``scenarios.playback.Playback``, the same
player ``cockpit-sim scenario run`` uses, so a verdict here is the CLI's verdict.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from multimodal.registry import BackendPlan
from scenarios.loader import ScenarioFileError, load_file, load_paths
from scenarios.model import Scenario, ScenarioResult, StepResult
from scenarios.playback import Pace, Playback, StepEvidence
from scenarios.runner import RunOptions
from scenarios.signoff import (AdapterIdentity, Signoff, SignoffStatus, SignoffStore, adapter_identity,
                               scenario_sha256, status)

if TYPE_CHECKING:
    from simulator.ui.app import CockpitApp

LIBRARY_DIR = Path(__file__).resolve().parents[1] / "library"
MAX_UPLOAD_BYTES = 1_000_000  # a scenario file is text; anything bigger is not one
MODEL_WAIT_S = 600.0  # the first run waits for the page's command model to load rather than playing on rules


class DeskError(ValueError):
    """A reviewer action that cannot be done as asked (shown in the tab, nothing changes)."""


@dataclass
class LiveView:
    """What the tab redraws while a scenario plays, snapshotted on the playing thread between world slices so
    the page never reads a world that is being advanced."""

    state: dict[str, Any] = field(default_factory=dict)
    screen: Any = None  # PIL image of the simulator's own screen
    turns: list[dict[str, Any]] = field(default_factory=list)
    version: int = 0


class ScenarioDesk:
    def __init__(self, app: CockpitApp, library_dir: Path = LIBRARY_DIR):
        self.app = app
        self.library_dir = library_dir
        self.scenarios: dict[str, Scenario] = {}  # key (id, or "upload:<id>") -> scenario
        self.sources: dict[str, str] = {}  # key -> "library" | file name of the upload
        self.runs: dict[str, ScenarioResult] = {}  # key -> its latest finished run
        self.playback: Playback | None = None
        self.key: str | None = None  # the scenario the playback belongs to
        self.live = LiveView()
        self.stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: str | None = None
        self._lock = threading.Lock()
        self._adapter: tuple[BackendPlan, AdapterIdentity] | None = None
        self.signoffs = SignoffStore()
        self.load_library()

    # ------------------------------------------------------------------ what is on offer
    def load_library(self) -> None:
        for sc in load_paths([self.library_dir]):
            self.scenarios[sc.id] = sc
            self.sources[sc.id] = "library"

    def upload(self, path: str | None) -> list[str]:
        """Add every scenario of an uploaded YAML file; returns their keys. The loader's errors name the file,
        the line and the key."""
        if not path:
            raise DeskError("no file was uploaded")
        p = Path(path)
        if p.suffix.lower() not in (".yaml", ".yml"):
            raise DeskError(f"{p.name}: not a scenario file (expected .yaml or .yml)")
        if p.stat().st_size > MAX_UPLOAD_BYTES:
            raise DeskError(f"{p.name}: {p.stat().st_size:,} bytes is too big for a scenario file "
                            f"(at most {MAX_UPLOAD_BYTES:,})")
        try:
            loaded = load_file(p)
        except ScenarioFileError as err:
            raise DeskError(str(err)) from None
        if not loaded:
            raise DeskError(f"{p.name}: holds no scenario")
        keys = []
        for sc in loaded:
            key = sc.id if self.sources.get(sc.id, p.name) != "library" else f"upload:{sc.id}"
            self.scenarios[key] = sc
            self.sources[key] = p.name
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
            self.key = key

    def reset(self) -> None:
        """Drop the playback (Restart, or another scenario picked); finished runs stay for the report."""
        self.pause(wait=True)
        self.playback, self.key, self.live, self._error = None, None, LiveView(), None

    def start(self, key: str | None, pace: Pace, max_steps: int | None = None) -> None:
        """Play (all remaining steps, or ``max_steps``) on a background thread; the tab polls ``live``."""
        with self._lock:
            if self.playing:
                raise DeskError("a scenario is already playing: pause it first")
            self.select(key)
            if self.playback is not None and self.playback.done:
                self.playback = None  # played to the end: Play again starts over
                self.live = LiveView()
            self.stop.clear()
            self._error = None
            self._thread = threading.Thread(target=self._play, args=(pace, max_steps), daemon=True,
                                            name=f"scenario-{key}")
            self._thread.start()

    def pause(self, wait: bool = False) -> None:
        self.stop.set()
        if wait and self._thread is not None:
            self._thread.join(timeout=30)

    def wait(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _play(self, pace: Pace, max_steps: int | None) -> None:
        try:
            if self.playback is None:
                self._wait_for_models()
                options = self._options()
                self.playback = Playback(self.scenarios[self.key], options, self.app.session_backends())
                self.playback.result.backends = options.backend_names()  # the registry names, as the CLI reports
            played = 0
            while not self.playback.done and not self.stop.is_set() and (max_steps is None or played < max_steps):
                step = self.playback.step(pace, self.stop, on_tick=self._snapshot)
                self._snapshot()
                if step is None:
                    break
                played += 1
            if self.playback.done:
                self.runs[self.key] = self.playback.finish()
                self._snapshot()
        except Exception as err:  # noqa: BLE001 - shown in the tab; the page keeps serving
            self._error = f"{type(err).__name__}: {err}"

    def _wait_for_models(self) -> None:
        models = self.app.models
        if self.app.options.load_models and models.state_of("command") == "loading":
            models.wait(MODEL_WAIT_S)

    def _options(self) -> RunOptions:
        from multimodal.paths import cache_dir

        return RunOptions(backends=self.effective_plan(),
                          report_dir=str(cache_dir("scenario-desk", str(id(self)))))

    def effective_plan(self) -> BackendPlan:
        """The page's plan with the command model that really answers: until (or unless) the configured one
        is loaded, the page's turns fall back to the rules (simulator.ui.models)."""
        from simulator.ui.models import FALLBACK_COMMAND

        plan = self.app.options.plan
        if self.app.models.state_of("command") == "loaded" or plan.name("command") == FALLBACK_COMMAND:
            return plan
        return plan.with_role("command", FALLBACK_COMMAND)

    def _snapshot(self) -> None:
        pb = self.playback
        if pb is None or pb.session is None:
            return
        from simulator.hmi.own_screen import render_world_screen

        session = pb.session
        screen, _ = render_world_screen(session.world, pb.scenario.lang)
        self.live = LiveView(state=session.state(), screen=screen, turns=list(pb.result.turns()),
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

    def to_failure_store(self, index: int) -> str:
        """File a failed step's turn in the failure store (the CLI's ``--record-failures`` record)."""
        from scenarios.failures import record_step_failure

        pb = self.playback
        if pb is None:
            raise DeskError("play the scenario first")
        step = next((s for s in pb.result.steps if s.index == index), None)
        if step is None or step.ok:
            raise DeskError(f"step {index} did not fail: only failed steps go to the failure store")
        try:
            return record_step_failure(pb.scenario, pb.result, index, self.app.store)
        except ValueError as err:
            raise DeskError(str(err)) from None

    # ------------------------------------------------------------------ sign-off and report
    def adapter(self) -> AdapterIdentity:
        plan = self.effective_plan()
        if self._adapter is None or self._adapter[0] != plan:
            self._adapter = (plan, adapter_identity(plan))
        return self._adapter[1]

    def sign(self, key: str | None, decision: str, reviewer: str, note: str = "") -> Signoff:
        """Accept or reject a scenario on its latest finished run here; stored with the adapter's and the
        scenario's hashes so a later run can say what changed since."""
        scenario = self.scenario(key)
        run = self.runs.get(key)  # type: ignore[arg-type]
        if run is None:
            raise DeskError(f"play {scenario.id} to the end before signing it off")
        try:
            return self.signoffs.add(Signoff(
                scenario_id=scenario.id, scenario_file=scenario.file, scenario_sha256=scenario_sha256(scenario),
                adapter=self.adapter(), verdict="pass" if run.ok else "fail", decision=decision,
                reviewer=(reviewer or "").strip(), note=(note or "").strip()))
        except ValueError as err:
            raise DeskError(str(err)) from None

    def signoff_status(self, key: str | None) -> SignoffStatus | None:
        if not key or key not in self.scenarios:
            return None
        scenario = self.scenarios[key]
        signed = self.signoffs.latest(scenario.id)
        run = self.runs.get(key)
        if run is not None:
            verdict = "pass" if run.ok else "fail"
        elif signed is not None:
            verdict = signed.verdict  # not played here yet: only the scenario and the adapter can have changed
        else:
            return status(None, scenario_sha256(scenario), self.adapter(), "pass")
        return status(signed, scenario_sha256(scenario), self.adapter(), verdict)

    def report(self) -> Path:
        """The runs finished here as the CLI's HTML report plus the sign-offs, one self-contained file."""
        from multimodal.paths import cache_dir
        from scenarios.report_html import build_html
        from scenarios.summary import summarize

        keys = [k for k in self.runs if k in self.scenarios]
        if not keys:
            raise DeskError("no scenario has been played to the end yet")
        results = [self.runs[k] for k in keys]
        statuses = {self.scenarios[k].id: self.signoff_status(k) for k in keys}
        html = build_html(results, summarize(results), title="Scenario acceptance report (browser)",
                          signoffs={k: v for k, v in statuses.items() if v is not None})
        html = inline_screens(html, Path(self._options().report_dir or "."))
        out = cache_dir("scenario-desk", str(id(self))) / time.strftime("scenario-report-%Y%m%d-%H%M%S.html")
        tmp = out.with_suffix(".tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)
        return out


def inline_screens(html: str, report_dir: Path) -> str:
    """Screens the report links as files under screens/ become data URIs, so the download is one file."""
    import base64
    import re

    def embed(match: re.Match) -> str:
        path = report_dir / match.group(2)
        if not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{match.group(1)}="data:image/png;base64,{data}"'

    return re.sub(r'(src|href)="(screens/[^"]+\.png)"', embed, html)


@dataclass(frozen=True)
class StepRow:
    index: int
    time_s: float
    summary: str
    state: str  # pending | running | pass | fail
    result: StepResult | None


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
