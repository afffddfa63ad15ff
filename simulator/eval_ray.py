"""Scoring a command model on Ray actors (``eval commands --executor ray``): the same records as a local run.

The utterances are cut into shards; each actor is a ``CommandEvalWorker`` that loads the backend once
(``simulator.models.get_backend``) and runs ``multimodal.training.eval_commands.evaluate`` on a shard,
so every line is parsed and scored by the same code as locally and the metrics need no change. A backend
that cannot load on a worker stops the run with a ``CliError``, as ``load_backend`` does locally. The
lines of a shard whose worker died on every attempt are not scored: they come back as ``LostLines``,
kept out of the metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from multimodal.training.eval_commands import EvalExample, LineRecord, evaluate
from simulator.errors import CliError
from simulator.ray_pool import LostItem, RayTarget, run_on_actors

SHARD_LINES = 16  # small enough for a lively progress bar, big enough that scheduling costs nothing


@dataclass(frozen=True)
class LoadFailed:
    """A worker's answer when its backend could not load: the whole run must stop, not score zeros."""

    message: str


@dataclass
class RayEval:
    """Scored records in input order, and the ids of the lines no worker could score, with why."""

    records: list[LineRecord] = field(default_factory=list)
    lost: list[tuple[str, str]] = field(default_factory=list)  # (line id, reason)


class CommandEvalWorker:
    """One actor's scorer: the backend loaded in the constructor; a load error answers every shard."""

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        from simulator.models import get_backend

        self.name, self.model, self.error = name, None, None
        try:
            self.model = get_backend("command", name, **dict(options))
        except RuntimeError as err:  # the pool's "could not load" message, sent back to the driver
            self.error = str(err)

    def __call__(self, shard: Sequence[EvalExample]) -> list[LineRecord] | LoadFailed:
        if self.model is None:
            return LoadFailed(self.error or f"command backend {self.name!r} could not load")
        return list(evaluate(self.model, shard, backend=self.name))


def shards(examples: Sequence[EvalExample], size: int = SHARD_LINES) -> list[list[EvalExample]]:
    if size < 1:
        raise ValueError(f"shard size must be at least 1, got {size}")
    return [list(examples[i:i + size]) for i in range(0, len(examples), size)]


def evaluate_on_ray(name: str, examples: Sequence[EvalExample], target: RayTarget,
                    options: Mapping[str, Any] | None = None,
                    on_lines: Callable[[int], None] | None = None) -> RayEval:
    """Every example's record in input order, or its id in ``lost``; ``on_lines(n)`` hears each shard's size.

    Raises ``CliError`` (the worker's message) when the backend cannot load on a worker.
    """
    pieces = shards(examples)
    done: list[Any] = [None] * len(pieces)

    def arrived(index: int, value: Any) -> None:
        if isinstance(value, LoadFailed):
            raise CliError(f"{value.message} (on a Ray worker)")
        done[index] = value
        if on_lines is not None:
            on_lines(len(pieces[index]))

    run_on_actors(CommandEvalWorker, (name, dict(options or {})), pieces, target, on_result=arrived)
    out = RayEval()
    for piece, value in zip(pieces, done):
        if isinstance(value, LostItem):
            out.lost.extend((ex.id, value.reason) for ex in piece)
        else:
            out.records.extend(value)
    return out
