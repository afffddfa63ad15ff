"""Playing every scenario K times: expand into runs, play them (any executor), aggregate pass@k / pass^k.

Three pure steps so any executor (local processes, Ray) sits in the middle unchanged:

- `expand(scenarios, k)` -> one `RepeatJob` per (scenario, run). Run 0 keeps the scenario's own seed,
  run r > 0 gets `run_seed(seed, r)`, a fixed different seed; with k > 1 each job's scenario id says
  which run it is (``"<id>#<run number>"``), so reports, failure records and progress name the run.
  With k = 1 the scenarios are returned as they are, and the run is the same as without ``--repeat``.
- an executor maps ``[job.scenario for job in jobs]`` to a list of `ScenarioResult` in the same order;
- `aggregate(jobs, results)` -> a `RepeatSummary`: per scenario the K outcomes, pass@k (at least one
  run passed), pass^k (every run passed) and ``flaky`` (some passed, some failed); overall the share
  of scenarios with pass@k and with pass^k.

Only the world's random draws depend on the seed (the drive cycle of ``city``/``highway``/``mixed``
profiles); a parked scenario on a deterministic command model plays the same K times.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any, Sequence

from scenarios.model import Scenario, ScenarioResult

RUN_SEP = "#"  # "<scenario id>#<run number>": '#' is not allowed in scenario ids, so it cannot clash
_SEED_RANGE = 2**31 - 1


class RepeatError(ValueError):
    """Bad repeat input: k below 1, or results that do not belong to the jobs."""


@dataclass(frozen=True)
class RepeatJob:
    """One run of one scenario: ``scenario`` is the one to play (seed and, for k > 1, id changed)."""

    scenario: Scenario
    base_id: str
    run: int  # 0 .. k-1
    seed: int


@dataclass(frozen=True)
class RunOutcome:
    run: int
    seed: int
    id: str  # the id the run's result carries (its details in the reports)
    ok: bool
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run, "seed": self.seed, "id": self.id, "ok": self.ok, "error": self.error}


@dataclass(frozen=True)
class ScenarioRepeat:
    """One scenario's K runs."""

    id: str
    title: str
    file: str
    line: int
    runs: tuple[RunOutcome, ...]

    @property
    def passed(self) -> int:
        return sum(r.ok for r in self.runs)

    @property
    def pass_at_k(self) -> bool:
        return self.passed > 0

    @property
    def pass_hat_k(self) -> bool:
        return self.passed == len(self.runs)

    @property
    def flaky(self) -> bool:
        return 0 < self.passed < len(self.runs)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "file": self.file, "line": self.line, "k": len(self.runs),
                "passed": self.passed, "pass_at_k": self.pass_at_k, "pass_hat_k": self.pass_hat_k,
                "flaky": self.flaky, "runs": [r.to_dict() for r in self.runs]}


@dataclass(frozen=True)
class RepeatSummary:
    k: int
    scenarios: tuple[ScenarioRepeat, ...]

    @property
    def pass_at_k_count(self) -> int:
        """Scenarios that passed at least once in k runs."""
        return sum(s.pass_at_k for s in self.scenarios)

    @property
    def pass_hat_k_count(self) -> int:
        """Scenarios that passed in all k runs."""
        return sum(s.pass_hat_k for s in self.scenarios)

    @property
    def pass_at_k(self) -> float:
        """Share of scenarios that passed at least once in k runs."""
        return self.pass_at_k_count / len(self.scenarios) if self.scenarios else 0.0

    @property
    def pass_hat_k(self) -> float:
        """Share of scenarios that passed in all k runs."""
        return self.pass_hat_k_count / len(self.scenarios) if self.scenarios else 0.0

    @property
    def flaky(self) -> list[str]:
        return [s.id for s in self.scenarios if s.flaky]

    def by_id(self) -> dict[str, ScenarioRepeat]:
        return {s.id: s for s in self.scenarios}

    def to_dict(self) -> dict[str, Any]:
        """The results.json keys: ``repeat``, ``pass_at_k``, ``pass_hat_k``, ``flaky`` and ``repeat_scenarios``
        (not ``repeats``: the run summary already uses that name for repeated utterances)."""
        return {"repeat": self.k, "pass_at_k": round(self.pass_at_k, 4), "pass_hat_k": round(self.pass_hat_k, 4),
                "pass_at_k_count": self.pass_at_k_count, "pass_hat_k_count": self.pass_hat_k_count,
                "flaky": self.flaky, "repeat_scenarios": [s.to_dict() for s in self.scenarios]}

    def lines(self) -> list[str]:
        """The terminal summary: pass@k and pass^k, then the flaky scenarios with their runs."""
        n, k = len(self.scenarios), self.k
        at, hat = self.pass_at_k_count, self.pass_hat_k_count
        out = [f"{n} scenario(s) x {k} runs: pass@{k} {100 * self.pass_at_k:.1f}% ({at}/{n}), "
               f"pass^{k} {100 * self.pass_hat_k:.1f}% ({hat}/{n}), flaky {len(self.flaky)}"]
        for s in self.scenarios:
            if s.flaky:
                runs = " ".join(f"{'pass' if r.ok else 'FAIL'}(seed {r.seed})" for r in s.runs)
                out.append(f"FLAKY {s.id}: {s.passed}/{k} passed: {runs}")
        return out


def run_seed(seed: int, run: int) -> int:
    """The world seed of run ``run``: the scenario's own for run 0, a fixed different one after."""
    if run == 0:
        return seed
    digest = hashlib.sha256(f"cockpit-sim repeat {seed} {run}".encode()).digest()
    derived = int.from_bytes(digest[:8], "big") % _SEED_RANGE
    return derived if derived != seed else (derived + 1) % _SEED_RANGE


def run_id(base_id: str, run: int) -> str:
    return f"{base_id}{RUN_SEP}{run + 1}"


def expand(scenarios: Sequence[Scenario], k: int) -> list[RepeatJob]:
    """Every scenario k times, run by run inside each scenario (a-1, a-2, …, b-1, …)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise RepeatError(f"the number of runs must be a whole number of at least 1, got {k!r}")
    if k == 1:
        return [RepeatJob(sc, sc.id, 0, sc.seed) for sc in scenarios]
    jobs = []
    for sc in scenarios:
        for r in range(k):
            seed = run_seed(sc.seed, r)
            jobs.append(RepeatJob(replace(sc, id=run_id(sc.id, r), seed=seed), sc.id, r, seed))
    return jobs


def aggregate(jobs: Sequence[RepeatJob], results: Sequence[ScenarioResult]) -> RepeatSummary:
    """Results (in job order, as every executor returns them) -> per-scenario and overall pass@k / pass^k."""
    if len(jobs) != len(results):
        raise RepeatError(f"{len(results)} result(s) for {len(jobs)} run(s)")
    runs: dict[str, list[RunOutcome]] = {}
    first: dict[str, Scenario] = {}
    for job, result in zip(jobs, results):
        if result.id != job.scenario.id:
            raise RepeatError(f"result {result.id!r} is not of run {job.scenario.id!r} (results out of order?)")
        first.setdefault(job.base_id, job.scenario)
        runs.setdefault(job.base_id, []).append(RunOutcome(job.run, job.seed, result.id, result.ok, result.error))
    counts = {len(v) for v in runs.values()}
    if len(counts) > 1:
        raise RepeatError(f"scenarios were run a different number of times: {sorted(counts)}")
    k = counts.pop() if counts else 1
    scenarios = tuple(ScenarioRepeat(sid, first[sid].title, first[sid].file, first[sid].line,
                                     tuple(sorted(outcomes, key=lambda o: o.run)))
                      for sid, outcomes in runs.items())
    return RepeatSummary(k, scenarios)


def base_id(result_id: str) -> str:
    """The scenario id of a run's id (``"a#2"`` -> ``"a"``); an id without a run number is returned as is."""
    return result_id.split(RUN_SEP, 1)[0]
