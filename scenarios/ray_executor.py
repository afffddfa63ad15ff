"""Playing scenarios on Ray actors (``scenario run --executor ray``): the same results as a local run.

Each actor is a ``ScenarioWorker``: it loads the command model once (``simulator.models.get_backend``,
shared by every session in that process) and plays scenarios with ``runner.play``. Screens for the
report are written in a private folder on the worker's machine and shipped back with the result, so
the report folder fills the same way on a cluster as on one machine. A scenario whose worker died
on every attempt comes back as a ``ScenarioResult`` with ``error`` set (see ``simulator.ray_pool``).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from scenarios.model import Scenario, ScenarioResult
from scenarios.playback import RunOptions
from simulator.ray_pool import LostItem, RayTarget, run_on_actors

ScreenFiles = dict[str, bytes]  # path relative to the report folder -> PNG bytes


class ScenarioWorker:
    """One actor's player: models loaded in the constructor, one fresh session per scenario."""

    def __init__(self, options: RunOptions) -> None:
        from scenarios.runner import load_models

        self.options = options
        load_models(options)

    def __call__(self, scenario: Scenario) -> tuple[dict[str, Any], ScreenFiles]:
        from scenarios.runner import play

        if self.options.report_dir is None:
            return play(scenario, self.options).to_dict(), {}
        with tempfile.TemporaryDirectory(prefix="cockpit-sim-screens-") as here:
            result = play(scenario, replace(self.options, report_dir=here))
            files = {str(p.relative_to(here)): p.read_bytes() for p in Path(here).rglob("*") if p.is_file()}
        return result.to_dict(), files


def _write_screens(report_dir: str, files: ScreenFiles) -> None:
    for rel, data in files.items():
        path = Path(report_dir, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_on_ray(scenarios: Sequence[Scenario], options: RunOptions, target: RayTarget,
               progress: Callable[[ScenarioResult], None] | None = None) -> list[ScenarioResult]:
    """Every scenario's result, in input order, played on Ray actors."""
    results: list[ScenarioResult | None] = [None] * len(scenarios)

    def arrived(index: int, value: Any) -> None:
        if isinstance(value, LostItem):
            # Nobody could play it: it fails with the reason, it is never dropped.
            result = ScenarioResult.of(scenarios[index], error=value.reason)
        else:
            data, files = value
            if options.report_dir is not None:
                _write_screens(options.report_dir, files)
            result = ScenarioResult.from_dict(data)
        results[index] = result
        if progress is not None:
            progress(result)

    run_on_actors(ScenarioWorker, (options,), scenarios, target, on_result=arrived)
    return results  # type: ignore[return-value]
