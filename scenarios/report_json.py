"""results.json: the whole run as data (summary + every scenario, step, turn and check; sign-offs when given)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from scenarios.model import ScenarioResult
from scenarios.summary import RunSummary

if TYPE_CHECKING:
    from scenarios.signoff import SignoffStatus

FORMAT_VERSION = 1


def build_json(results: Sequence[ScenarioResult], summary: RunSummary,
               signoffs: Mapping[str, SignoffStatus] | None = None) -> dict:
    """The run as data; ``signoffs`` adds "signoffs": {scenario id: {signoff, changes, current}}."""
    data = {"format_version": FORMAT_VERSION, "summary": summary.to_dict(),
            "scenarios": [r.to_dict() for r in results]}
    if signoffs is not None:  # an optional key: readers of format 1 ignore it
        data["signoffs"] = {sid: st.to_dict() for sid, st in signoffs.items()}
    return data


def write_json(results: Sequence[ScenarioResult], summary: RunSummary, path: str | Path,
               signoffs: Mapping[str, SignoffStatus] | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(build_json(results, summary, signoffs), ensure_ascii=False, indent=1, default=str),
                   encoding="utf-8")
    tmp.replace(path)
    return path


def read_results(path: str | Path) -> tuple[dict, list[ScenarioResult]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["summary"], [ScenarioResult.from_dict(d) for d in data["scenarios"]]
