"""Which turns of a run a failure points at: the turns the command model can learn from.

A failing step points at the last turn played before it (or at its own turn). Only failures about
what the model did count (wrong commands, state, reply…), not latency or a suggestion that never came.
"""

from __future__ import annotations

from scenarios.model import ScenarioResult, StepResult

RECORDABLE = ("commands", "signals", "reply", "transcript", "outcome", "tap", "changed", "unchanged", "error", "lang",
              "suggestion.accepted", "suggestion.declined")


def is_learnable(step: StepResult) -> bool:
    """The step failed in a way the command model can learn from."""
    learnable = any(not c.ok and (c.kind in RECORDABLE or c.kind.split(".")[0] in RECORDABLE) for c in step.checks)
    respond_failed = step.kind == "respond" and bool(step.error) and step.turn is not None
    return learnable or respond_failed


def failed_turn_links(result: ScenarioResult) -> dict[int, StepResult]:
    """Index of each learnably failing step -> the turn step it points at (in step order)."""
    links: dict[int, StepResult] = {}
    last_turn: StepResult | None = None
    for s in result.steps:
        if s.turn is not None:
            last_turn = s
        if last_turn is not None and is_learnable(s):
            links[s.index] = last_turn
    return links


def failed_turn_steps(result: ScenarioResult) -> list[StepResult]:
    """Turn steps whose own expectations (or a later expect about them) failed learnably, each once."""
    out: list[StepResult] = []
    for turn_step in failed_turn_links(result).values():
        if not any(t is turn_step for t in out):
            out.append(turn_step)
    return out


def drop_unneeded_state(result: ScenarioResult) -> None:
    """Keep state_before only on turns a failure points at (they become failure records)."""
    needed = {id(t) for t in failed_turn_steps(result)}
    for s in result.steps:
        if id(s) not in needed:
            s.state_before = None
