"""Failed scenario steps -> the failure store (source "scenario-step"), ready for retraining.

Each record carries the turn as the model saw it: transcript, model output, the vehicle state
before the turn, the audio file or screenshot, and, when the step asserted an exact command list,
those expected commands as the correction.
"""

from __future__ import annotations

import io
from typing import Any, Sequence

from scenarios.model import Scenario, ScenarioResult, StepResult
from scenarios.failed_turns import failed_turn_links, failed_turn_steps

SOURCE = "scenario-step"


def _expected_commands(scenario: Scenario, result: ScenarioResult, turn_step: StepResult) -> list[dict] | None:
    """The exact command list asserted about this turn (inline, or by the next expect steps)."""
    steps = list(scenario.steps)
    start = next((i for i, s in enumerate(steps) if s.index == turn_step.index), None)
    if start is None:
        return None
    for step in steps[start:]:
        if step.index != turn_step.index and step.kind in ("say", "respond"):
            break
        spec = step.expect.get("commands")
        if spec and spec.get("mode") == "exact" and spec.get("commands"):
            return list(spec["commands"])
    return None


def _screenshot(turn: dict[str, Any], state: dict[str, Any] | None, lang: str) -> Any:
    screen = turn.get("screen_input")
    if not screen:
        return None
    if screen != "rendered":
        return screen
    try:  # the simulator's own screen as the model saw it (state before the turn)
        from simulator.hmi.own_screen import render_own_screen

        image, _ = render_own_screen(state or {}, lang)
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return buf.getvalue()
    except Exception:  # noqa: BLE001 - the record is still useful without the picture
        return None


def record_step_failure(scenario: Scenario, result: ScenarioResult, step_index: int, store=None) -> str:
    """Store the failed turn step ``step_index`` points at (its own turn, or the one a failing expect
    checked); return the failure id. ValueError, with nothing stored, if there is no such learnable turn."""
    step = next((s for s in result.steps if s.index == step_index), None)
    if result.id != scenario.id:
        raise ValueError(f"the result is of scenario {result.id!r}, not {scenario.id!r}")
    if step is None:
        played = f"0..{len(result.steps) - 1}" if result.steps else "none"
        raise ValueError(f"step {step_index} of {scenario.id!r} has not been played (steps played: {played})")
    if step.ok:
        raise ValueError(f"step {step_index} of {scenario.id!r} passed: there is no failure to record")
    turn_step = failed_turn_links(result).get(step_index)
    if turn_step is None:
        raise ValueError(f"step {step_index} of {scenario.id!r} has no learnable failed turn: it failed with "
                         f"{step.failure_message()!r}, which is not about what the command model said or did "
                         "(or no turn was played before it)")
    return _store_turn(scenario, result, turn_step, store)


def record_failures(scenarios: Sequence[Scenario], results: Sequence[ScenarioResult], store=None) -> int:
    """Store one case per failed turn; return how many were stored."""
    from simulator.failures.store import FailureStore

    by_id = {s.id: s for s in scenarios}
    store = store or FailureStore()
    stored = 0
    for result in results:
        scenario = by_id.get(result.id)
        if scenario is None:
            continue
        for turn_step in failed_turn_steps(result):
            _store_turn(scenario, result, turn_step, store)
            stored += 1
    return stored


def _store_turn(scenario: Scenario, result: ScenarioResult, turn_step: StepResult, store=None) -> str:
    from simulator.failures.store import FailureStore, cases_from_turn

    store = store or FailureStore()
    turn = turn_step.turn or {}
    step = next((s for s in scenario.steps if s.index == turn_step.index), None)
    audio = step.args.get("audio") if step is not None else None
    failures = [f"steps[{s.index}] {s.failure_message()}" for s in result.steps
                if not s.ok and s.index >= turn_step.index][:3]
    case = cases_from_turn(
        turn, SOURCE, _expected_commands(scenario, result, turn_step), turn_step.state_before or {},
        audio=audio, screenshot=_screenshot(turn, turn_step.state_before, turn.get("lang") or scenario.lang),
        context={"scenario_id": scenario.id, "scenario_file": scenario.file, "step_index": turn_step.index,
                 "step_line": turn_step.line, "scenario_title": scenario.title},
        note="; ".join(failures)[:1000] or None)
    return store.add(case)
