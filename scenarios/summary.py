"""The numbers of a run: pass/fail counts, business metrics and per-stage latency medians."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any, Sequence

from multimodal.stats import percentile
from scenarios.metrics import TurnRates
from scenarios.model import ScenarioResult
from simulator.events import Stage

STAGE_ORDER = tuple(str(stage) for stage in Stage)


@dataclass
class RunSummary(TurnRates):
    scenarios: int
    passed: int
    failed: int
    errors: int  # scenarios that could not run at all
    steps: int
    failed_steps: int
    turns: int
    one_shot_success: int
    repeats: int
    stage_median_ms: dict[str, float] = field(default_factory=dict)
    stage_p95_ms: dict[str, float] = field(default_factory=dict)
    stage_counts: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0
    backends: dict[str, str] = field(default_factory=dict)
    command_line: str = ""

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d.update(ok=self.ok, one_shot_success_rate=round(self.one_shot_success_rate, 4),
                 repeat_rate=round(self.repeat_rate, 4))
        return d


def summarize(results: Sequence[ScenarioResult], wall_s: float = 0.0, command_line: str = "") -> RunSummary:
    from scenarios.metrics import turn_metrics

    turns = one_shot = repeats = 0
    per_stage: dict[str, list[float]] = {}
    for r in results:
        # Metrics per scenario: simulated clocks restart with every scenario.
        m = turn_metrics(r.turns())
        turns, one_shot, repeats = turns + m.turns, one_shot + m.one_shot_success, repeats + m.repeats
        for t in r.turns():
            for stage, ms in (t.get("timings_ms") or {}).items():
                per_stage.setdefault(stage, []).append(float(ms))
    order = [s for s in STAGE_ORDER if s in per_stage] + sorted(set(per_stage) - set(STAGE_ORDER))
    backends = next((r.backends for r in results if r.backends), {})
    return RunSummary(
        scenarios=len(results), passed=sum(r.ok for r in results),
        failed=sum(not r.ok and r.error is None for r in results), errors=sum(r.error is not None for r in results),
        steps=sum(len(r.steps) for r in results), failed_steps=sum(not s.ok for r in results for s in r.steps),
        turns=turns, one_shot_success=one_shot, repeats=repeats,
        stage_median_ms={s: round(statistics.median(per_stage[s]), 2) for s in order},
        stage_p95_ms={s: round(percentile(per_stage[s], 95), 2) for s in order},
        stage_counts={s: len(per_stage[s]) for s in order}, wall_s=round(wall_s, 2), backends=dict(backends),
        command_line=command_line)

