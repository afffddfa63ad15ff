"""Play the same scenario suites with two command models (the scenario half of `compare`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from multimodal.registry import BackendPlan
from scenarios.loader import load_paths
from scenarios.runner import RunOptions, run_all
from multimodal.training.compare import ModelSpec, SuiteComparison


def _options(spec: ModelSpec) -> RunOptions:
    return RunOptions(backends=BackendPlan().with_role("command", spec.backend, **spec.options))


def compare_suites(paths: Sequence[str], old: ModelSpec, new: ModelSpec,
                   progress: Callable[[str], None] = print) -> list[SuiteComparison]:
    scenarios = load_paths(paths)
    name = ", ".join(Path(p).name for p in paths)
    failed = {}
    for label, spec in (("old", old), ("new", new)):
        progress(f"playing {len(scenarios)} scenarios with the {label} model ({spec.label})")
        results = run_all(scenarios, _options(spec))
        failed[label] = sorted(r.id for r in results if not r.ok)
    newly = sorted(set(failed["new"]) - set(failed["old"]))
    regressions = [f"scenarios: {sid} passes with the old model, fails with the new" for sid in newly]
    return [SuiteComparison(name, len(failed["old"]), len(failed["new"]), len(scenarios), regressions)]
