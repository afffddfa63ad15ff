"""--executor ray on a real Ray head started on loopback, as a user would: the same verdicts and metrics as
a local run, and a worker that dies is retried, then reported, never lost.

The head gets its own temp dir; teardown ends exactly the processes of that head (never `ray stop`,
which would end every Ray on the machine).
"""

import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

# find_spec, not import: the driver must import ray only after ray_pool has chosen loopback addressing.
pytestmark = [pytest.mark.integration, pytest.mark.slow,
              pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray not installed (.[ray])")]

LIBRARY = ROOT / "scenarios" / "library"
DEV = ROOT / "tests" / "data" / "commands_dev.jsonl"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
            "PYTHONPATH": str(ROOT), "COCKPIT_SIM_HOME": str(home)}


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _head_processes(temp_dir: str) -> set[int]:
    """The head's processes (their command line names its temp dir) and everything they started."""
    roots = set()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if temp_dir.encode() in cmdline.read_bytes() and int(cmdline.parent.name) != os.getpid():
                roots.add(int(cmdline.parent.name))
        except OSError:
            continue
    tree, found, todo = _children(), set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(tree.get(pid, []))
    return found


def _stop_head(temp_dir: str) -> None:
    pids = _head_processes(temp_dir)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
            time.sleep(0.2)


@pytest.fixture(scope="module")
def head(tmp_path_factory):
    """HOST:PORT of a 2-CPU Ray head on 127.0.0.1 (a short temp dir: Ray's socket paths must stay short)."""
    temp_dir = tempfile.mkdtemp(prefix="cs-ray-", dir="/tmp")
    port = free_port()
    ray_cli = Path(sys.executable).with_name("ray")
    try:
        subprocess.run([str(ray_cli), "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                        "--num-cpus", "2", "--include-dashboard=false", "--disable-usage-stats",
                        "--temp-dir", temp_dir], env=_env(tmp_path_factory.mktemp("home")), check=True,
                       capture_output=True, text=True, timeout=120)
        yield f"127.0.0.1:{port}"
    finally:
        _stop_head(temp_dir)
        subprocess.run(["rm", "-rf", temp_dir], check=False)


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator.cli.main", *args], cwd=ROOT, env=_env(home),
                          capture_output=True, text=True, timeout=400)


def _verdicts(report: Path) -> dict:
    data = json.loads((report / "results.json").read_text(encoding="utf-8"))
    return {s["id"]: (s["ok"], s["error"], [st["index"] for st in s["steps"] if not st["ok"]])
            for s in data["scenarios"]}


def test_library_on_a_ray_head_gives_the_local_verdicts(head, tmp_path):
    # Fake ASR (the clips' .txt transcripts): the executor is under test here, not Whisper.
    common = ["scenario", "run", str(LIBRARY), "--backend", "rules", "--asr", "fake", "--no-record-failures"]
    local = _cli(tmp_path, *common, "--report", str(tmp_path / "local"))
    ray = _cli(tmp_path, *common, "--report", str(tmp_path / "ray"), "--executor", "ray", "--address", head)
    assert ray.returncode == local.returncode, ray.stdout + ray.stderr
    verdicts = _verdicts(tmp_path / "ray")
    from scenarios.loader import load_paths

    assert len(verdicts) == len(load_paths([LIBRARY]))  # every scenario reported, none lost
    assert verdicts == _verdicts(tmp_path / "local")
    screens = sorted(p.relative_to(tmp_path / "ray") for p in (tmp_path / "ray" / "screens").rglob("*.png"))
    assert screens and screens == sorted(p.relative_to(tmp_path / "local")
                                         for p in (tmp_path / "local" / "screens").rglob("*.png"))


def test_more_jobs_than_free_cpus_is_capped_not_stuck(head, tmp_path):
    # --jobs 3 on the 2-CPU head: a third actor would stay pending and whatever it held would never run.
    common = ["scenario", "run", str(LIBRARY), "--tag", "seats", "--backend", "rules", "--asr", "fake",
              "--no-record-failures"]
    local = _cli(tmp_path, *common, "--report", str(tmp_path / "local"))
    ray = _cli(tmp_path, *common, "--report", str(tmp_path / "ray"), "--executor", "ray", "--address", head,
               "--jobs", "3")
    assert ray.returncode == local.returncode, ray.stdout + ray.stderr
    assert "warning: --jobs 3 but the Ray cluster has 2 free CPU(s): using 2 actor(s)" in ray.stderr
    verdicts = _verdicts(tmp_path / "ray")
    assert len(verdicts) == 6 and verdicts == _verdicts(tmp_path / "local")


def test_eval_commands_on_a_ray_head_gives_the_local_metrics(head, tmp_path):
    def metrics(name: str, *extra: str) -> dict:
        proc = _cli(tmp_path, "eval", "commands", "--data", str(DEV), "--backend", "rules", "--json",
                    "--predictions", str(tmp_path / f"{name}.jsonl"), *extra)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        return {k: v for k, v in out.items() if k not in ("p50_ms", "p95_ms")}  # timings differ, scores must not

    local = metrics("local")
    assert metrics("ray", "--executor", "ray", "--address", head, "--jobs", "2") == local
    assert local["n"] == 207
    # Predictions come back in input order.
    assert (tmp_path / "ray.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()


SCENARIOS = """
scenarios:
  - id: dies-once
    title: the worker dies the first time only
    lang: en
    proactive: false
    steps:
      - say: crash once
        expect: {commands: [{media.mute: {on: true}}]}
  - id: dies-always
    title: the worker dies every time
    lang: en
    proactive: false
    steps:
      - say: crash always
        expect: {commands: [{media.mute: {on: true}}]}
  - id: fine
    title: nothing dies
    lang: en
    proactive: false
    steps:
      - say: mute
        expect: {commands: [{media.mute: {on: true}}]}
"""


def test_a_dead_worker_is_retried_then_reported_and_the_run_goes_on(head, tmp_path, monkeypatch):
    from multimodal.registry import BackendChoice, BackendPlan
    from multimodal.training.eval_commands import parse_example
    from scenarios.loader import load_file
    from scenarios.runner import RunOptions, run_all
    from simulator.eval_ray import evaluate_on_ray
    from simulator.ray_pool import RayTarget

    for k, v in _env(tmp_path).items():
        monkeypatch.setenv(k, v)
    marker = tmp_path / "died-once"
    mute = [{"intent": "media.mute", "slots": {"on": True}}]
    fake = {"table": {t: mute for t in ("crash once", "crash always", "mute")},
            "exit_on": {"crash once": str(marker), "crash always": None}}
    (tmp_path / "s.yaml").write_text(SCENARIOS, encoding="utf-8")
    plan = BackendPlan(command=BackendChoice("fake", fake), asr=None, screen=None, tts=None)
    seen = []
    results = run_all(load_file(tmp_path / "s.yaml"), RunOptions(backends=plan), jobs=2, progress=seen.append,
                      executor="ray", address=head)
    by_id = {r.id: r for r in results}
    assert [r.id for r in results] == ["dies-once", "dies-always", "fine"] and len(seen) == 3
    assert marker.exists() and by_id["dies-once"].ok and by_id["dies-once"].error is None
    assert by_id["fine"].ok
    assert not by_id["dies-always"].ok
    assert by_id["dies-always"].error.startswith("the Ray worker died 3 time(s)")

    examples = [parse_example({"id": str(i), "text": t, "lang": "en", "expected": mute}, f"line {i}")
                for i, t in enumerate(["mute"] * 20 + ["crash always"])]  # two shards; the second dies
    scored = evaluate_on_ray("fake", examples, RayTarget(address=head, actors=2, max_retries=1),
                             options={"exit_on": {"crash always": None}, "table": {"mute": mute}})
    assert [r.id for r in scored.records] == [str(i) for i in range(16)]
    assert all(r.match and r.error is None for r in scored.records)
    # The dead shard's lines are not scored (not wrong answers): ids and reason only.
    assert [i for i, _ in scored.lost] == [str(i) for i in range(16, 21)]
    assert all(why.startswith("the Ray worker died 2 time(s)") for _, why in scored.lost)
