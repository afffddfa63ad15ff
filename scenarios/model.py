"""Typed records of the scenario engine: what a file says (Scenario, Step) and what a run found
(Check, StepResult, ScenarioResult). Everything crosses process boundaries as ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

STEP_KINDS = ("say", "screen", "inject", "set", "speed_profile", "advance", "respond", "expect")


@dataclass(frozen=True)
class Step:
    """One timeline entry, normalised by the loader.

    ``kind`` is one of STEP_KINDS; ``time_s`` is the simulated time the step starts at (the
    runner advances the world to it first). ``args`` holds the kind's normalised arguments:
    say: text | audio (absolute path), lang, zone, screen (absolute path or "rendered"), speak;
    screen: image; inject: events; set: values; speed_profile: profile; advance: seconds;
    respond: accept, by, text, lang.
    ``expect`` is the normalised expectation mapping checked after the action (may be empty).
    """

    index: int
    kind: str
    time_s: float
    line: int
    args: Mapping[str, Any] = field(default_factory=dict)
    expect: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    where: str = ""  # "steps[3]" (or "scenarios[1].steps[3]")

    def summary(self) -> str:
        a = self.args
        if self.kind == "say":
            what = f"audio {Path(a['audio']).name}" if a.get("audio") else repr(a.get("text", ""))
            noise = a.get("noise")
            if noise:
                what += f" + {noise['type']} noise {noise['snr_db']:g} dB (seed {noise['seed']})"
            screen = a.get("screen")
            if screen:
                what += f" + screen {'rendered' if screen == 'rendered' else Path(screen).name}"
            return f"say {what}"
        if self.kind == "screen":
            return f"screen {a['image'] if a['image'] == 'rendered' else Path(a['image']).name}"
        if self.kind == "inject":
            return "inject " + ", ".join(a["events"])
        if self.kind == "set":
            return "set " + ", ".join(f"{k}={v}" for k, v in a["values"].items())
        if self.kind == "speed_profile":
            return f"speed profile {a['profile']}"
        if self.kind == "advance":
            return f"advance {format_duration(a['seconds'])}"
        if self.kind == "respond":
            return f"respond {'accept' if a['accept'] else 'decline'} by {a['by']}"
        return "expect " + ", ".join(self.expect)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    file: str
    line: int
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    lang: str = "zh"
    seed: int = 0
    speed_profile: str = "parked"
    zone: str = "driver"
    proactive: bool = True
    state: Mapping[str, Any] = field(default_factory=dict)
    where: str = ""  # "" for a one-scenario file, "scenarios[2]" in a list

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def needs_tts(self) -> bool:
        return any(s.kind == "say" and s.args.get("speak") for s in self.steps)


@dataclass
class Check:
    """One assertion of an expect: ``kind`` is the expect key (commands, signals.<name>, reply…)."""

    kind: str
    ok: bool
    message: str
    expected: Any = None
    actual: Any = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StepResult:
    index: int
    kind: str
    summary: str
    time_s: float
    line: int
    ok: bool = True
    error: str | None = None  # the step could not run as written (e.g. nothing to respond to)
    checks: list[Check] = field(default_factory=list)
    turn: dict[str, Any] | None = None  # the TurnResult dict of a say/respond step (events dropped)
    state_before: dict[str, Any] | None = None  # for failure records: what the model saw
    screen_png: str | None = None  # path relative to the report dir
    note: str = ""
    wall_ms: float = 0.0

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def failure_message(self) -> str:
        if self.error:
            return self.error
        return "; ".join(f"{c.kind}: {c.message}" for c in self.failures)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["checks"] = [c.to_dict() for c in self.checks]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "StepResult":
        d = dict(d)
        d["checks"] = [Check(**c) for c in d.get("checks", [])]
        return cls(**d)


@dataclass
class ScenarioResult:
    id: str
    title: str
    file: str
    line: int
    tags: list[str]
    lang: str
    steps: list[StepResult] = field(default_factory=list)
    wall_s: float = 0.0
    sim_s: float = 0.0
    error: str | None = None  # the scenario crashed before finishing (session could not start…)
    backends: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: "Scenario", **fields: Any) -> "ScenarioResult":
        """An empty result carrying the scenario's header (id, title, file, line, tags, language)."""
        return cls(scenario.id, scenario.title, scenario.file, scenario.line, list(scenario.tags), scenario.lang,
                   **fields)

    @property
    def ok(self) -> bool:
        return self.error is None and all(s.ok for s in self.steps)

    @property
    def first_failure(self) -> StepResult | None:
        return next((s for s in self.steps if not s.ok), None)

    def turns(self) -> list[dict[str, Any]]:
        return [s.turn for s in self.steps if s.turn]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "file": self.file, "line": self.line, "tags": self.tags,
                "lang": self.lang, "ok": self.ok, "error": self.error, "wall_s": round(self.wall_s, 3),
                "sim_s": round(self.sim_s, 3), "backends": self.backends,
                "steps": [s.to_dict() for s in self.steps]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "ScenarioResult":
        return cls(id=d["id"], title=d["title"], file=d["file"], line=d["line"], tags=list(d["tags"]),
                   lang=d["lang"], steps=[StepResult.from_dict(s) for s in d["steps"]], wall_s=d["wall_s"],
                   sim_s=d["sim_s"], error=d.get("error"), backends=dict(d.get("backends") or {}))


def format_duration(seconds: float) -> str:
    """90 -> '1m30s', 7200 -> '2h', 2.5 -> '2.5s'."""
    if seconds < 60 or seconds != int(seconds):
        return f"{seconds:g}s"
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return "".join(f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (sec, "s")) if v) or "0s"
