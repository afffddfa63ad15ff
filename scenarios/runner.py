"""Playing scenarios: one fresh CockpitSession per scenario, steps at their simulated times,
expectations checked against the turn results and events the pipeline already reports.

Runs are deterministic for a seed (the world, the proactive engine and the command model are),
isolated (nothing is shared between scenarios but the loaded models) and can fan out over
processes (``spawn``; each worker loads its models once, in its initializer) or, with
``executor="ray"``, over Ray actors on this machine or a cluster (``scenarios/ray_executor.py``).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterable

from scenarios.failed_turns import RECORDABLE, failed_turn_steps
from scenarios.model import Scenario, ScenarioResult
from scenarios.playback import Playback, RunOptions, StepFailure, make_session

__all__ = ["EXECUTORS", "RECORDABLE", "RunOptions", "StepFailure", "failed_turn_steps", "load_models",
           "make_session", "play", "run_all"]

ProgressFn = Callable[[ScenarioResult], None]
EXECUTORS = ("local", "ray")


# ---------------------------------------------------------------------------------- one scenario
def play(scenario: Scenario, options: RunOptions = RunOptions(), backends: Any = None) -> ScenarioResult:
    """Play one scenario on a fresh session; never raises for a scenario's own failures.
    The same steps as the browser's Scenarios tab: a Playback stepped to the end at full speed."""
    return Playback(scenario, options, backends).finish()  # finish() plays every step at full speed


# ---------------------------------------------------------------------------------- many scenarios
_worker_options: RunOptions | None = None


def load_models(options: RunOptions) -> None:
    """Load the command model into this process's shared pool, once per worker process or actor."""
    try:
        from simulator.models import get_backend

        plan = options.backends  # a load failure is kept by the pool and shown by every scenario
        get_backend("command", plan.name("command"), **plan.options("command"))
    except Exception:  # noqa: BLE001 - every scenario then reports the load error itself
        pass


def _worker_init(options: RunOptions) -> None:
    global _worker_options
    _worker_options = options
    load_models(options)


def _worker_play(scenario: Scenario) -> dict[str, Any]:
    return play(scenario, _worker_options or RunOptions()).to_dict()


def run_all(scenarios: Iterable[Scenario], options: RunOptions = RunOptions(), jobs: int | None = 1,
            progress: ProgressFn | None = None, backends: Any = None, executor: str = "local",
            address: str | None = None) -> list[ScenarioResult]:
    """Play every scenario; results come back in input order whatever the completion order.

    ``executor="local"`` plays in this process (``jobs`` 1) or a pool of ``jobs`` processes;
    ``"ray"`` on ``jobs`` Ray actors (None = one per CPU of the cluster) of a private local Ray or
    the cluster at ``address``. ``backends`` (already loaded models) only works in this process.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; valid: {', '.join(EXECUTORS)}")
    scenarios = list(scenarios)
    if executor == "ray":
        if backends is not None:
            raise ValueError("already loaded backends cannot be sent to Ray actors; pass a BackendPlan in options")
        from scenarios.ray_executor import run_on_ray
        from simulator.ray_pool import RayTarget

        return run_on_ray(scenarios, options, RayTarget(address=address, actors=jobs), progress) if scenarios else []
    results: list[ScenarioResult | None] = [None] * len(scenarios)
    jobs = max(1, min(jobs or 1, len(scenarios) or 1))
    if jobs == 1 or backends is not None:
        for i, sc in enumerate(scenarios):
            results[i] = play(sc, options, backends)
            if progress:
                progress(results[i])
        return results  # type: ignore[return-value]
    ctx = multiprocessing.get_context("spawn")
    # Heavy native libraries each start their own thread pools; with several workers on a small
    # machine that oversubscribes the cores, so each worker gets an equal share.
    threads = str(max(1, (os.cpu_count() or 1) // jobs))
    env_saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    for k in env_saved:
        os.environ.setdefault(k, threads)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init,
                                 initargs=(options,)) as pool:
            futures = {pool.submit(_worker_play, sc): i for i, sc in enumerate(scenarios)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    results[i] = ScenarioResult.from_dict(fut.result())
                except Exception as err:  # noqa: BLE001 - a crashed worker fails its scenario, not the run
                    results[i] = ScenarioResult.of(
                        scenarios[i], error=f"the worker process failed: {type(err).__name__}: {err}")
                if progress:
                    progress(results[i])
    finally:
        for k, v in env_saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return results  # type: ignore[return-value]

