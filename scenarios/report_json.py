"""results.json: the whole run as data (summary + every scenario, step, turn and check; sign-offs when given;
with --repeat K > 1 every run is a scenario entry and the top level adds repeat, pass_at_k, pass_hat_k, flaky
and repeat_scenarios, see scenarios.repeats.RepeatSummary.to_dict)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from scenarios.model import ScenarioResult
from scenarios.summary import RunSummary

if TYPE_CHECKING:
    from scenarios.repeats import RepeatSummary
    from scenarios.signoff import SignoffStatus

FORMAT_VERSION = 1


def build_json(results: Sequence[ScenarioResult], summary: RunSummary,
               signoffs: Mapping[str, SignoffStatus] | None = None, repeats: RepeatSummary | None = None) -> dict:
    """The run as data; ``signoffs`` adds "signoffs": {scenario id: {signoff, changes, current}}, ``repeats``
    the pass@k / pass^k keys."""
    data = {"format_version": FORMAT_VERSION, "summary": summary.to_dict(),
            "scenarios": [r.to_dict() for r in results]}
    if signoffs is not None:  # an optional key: readers of format 1 ignore it
        data["signoffs"] = {sid: st.to_dict() for sid, st in signoffs.items()}
    if repeats is not None:  # optional keys too
        data.update(repeats.to_dict())
    return data


def write_json(results: Sequence[ScenarioResult], summary: RunSummary, path: str | Path,
               signoffs: Mapping[str, SignoffStatus] | None = None, repeats: RepeatSummary | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(build_json(results, summary, signoffs, repeats), ensure_ascii=False, indent=1,
                              default=str),
                   encoding="utf-8")
    tmp.replace(path)
    return path


def read_results(path: str | Path) -> tuple[dict, list[ScenarioResult]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["summary"], [ScenarioResult.from_dict(d) for d in data["scenarios"]]
