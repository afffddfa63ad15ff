"""results.json: the whole run as data (summary + every scenario, step, turn and check)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from scenarios.model import ScenarioResult
from scenarios.summary import RunSummary

FORMAT_VERSION = 1


def build_json(results: Sequence[ScenarioResult], summary: RunSummary) -> dict:
    return {"format_version": FORMAT_VERSION, "summary": summary.to_dict(),
            "scenarios": [r.to_dict() for r in results]}


def write_json(results: Sequence[ScenarioResult], summary: RunSummary, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(build_json(results, summary), ensure_ascii=False, indent=1, default=str),
                   encoding="utf-8")
    tmp.replace(path)
    return path


def read_results(path: str | Path) -> tuple[dict, list[ScenarioResult]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["summary"], [ScenarioResult.from_dict(d) for d in data["scenarios"]]
