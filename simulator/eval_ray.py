"""Scoring a command model on Ray actors (``eval commands --executor ray``): the same records as a local run.

The utterances are cut into shards; each actor is a ``CommandEvalWorker`` that loads the backend once
(``simulator.models.get_backend``) and runs ``multimodal.training.eval_commands.evaluate`` on a shard,
so every line is parsed and scored by the same code as locally and the metrics need no change. A shard
whose worker died on every attempt comes back as one record per line with ``error`` set.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from multimodal.training.eval_commands import EvalExample, LineRecord, evaluate, make_record
from simulator.ray_pool import LostItem, RayTarget, run_on_actors

SHARD_LINES = 16  # small enough for a lively progress bar, big enough that scheduling costs nothing


class CommandEvalWorker:
    """One actor's scorer: the backend loaded in the constructor; a load error is reported per line."""

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        from simulator.models import get_backend

        self.name, self.model, self.error = name, None, None
        try:
            self.model = get_backend("command", name, **dict(options))
        except RuntimeError as err:  # the pool's "could not load" message, kept as each line's error
            self.error = str(err)

    def __call__(self, shard: Sequence[EvalExample]) -> list[LineRecord]:
        if self.model is None:
            return [make_record(ex, (), 0.0, self.error, self.name) for ex in shard]
        return list(evaluate(self.model, shard, backend=self.name))


def shards(examples: Sequence[EvalExample], size: int = SHARD_LINES) -> list[list[EvalExample]]:
    if size < 1:
        raise ValueError(f"shard size must be at least 1, got {size}")
    return [list(examples[i:i + size]) for i in range(0, len(examples), size)]


def evaluate_on_ray(name: str, examples: Sequence[EvalExample], target: RayTarget,
                    options: Mapping[str, Any] | None = None,
                    on_lines: Callable[[int], None] | None = None) -> list[LineRecord]:
    """One record per example, in input order; ``on_lines(n)`` hears each shard's size as it finishes."""
    pieces = shards(examples)
    done: list[list[LineRecord]] = [[] for _ in pieces]

    def arrived(index: int, value: Any) -> None:
        if isinstance(value, LostItem):
            value = [make_record(ex, (), 0.0, value.reason, name) for ex in pieces[index]]
        done[index] = value
        if on_lines is not None:
            on_lines(len(value))

    run_on_actors(CommandEvalWorker, (name, dict(options or {})), pieces, target, on_result=arrived)
    return [rec for shard in done for rec in shard]
