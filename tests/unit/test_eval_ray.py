"""eval commands on Ray, with the pool replaced by an in-process one: a backend that cannot load stops the
run, and lines lost to dead workers stay out of the metrics and are reported as not scored."""

import json

import pytest

from multimodal.training.eval_commands import EvalExample, make_record, parse_example
from simulator import eval_ray
from simulator.cli import eval_commands
from simulator.cli.main import main
from simulator.errors import CliError
from simulator.eval_ray import CommandEvalWorker, LoadFailed, evaluate_on_ray
from simulator.ray_pool import LostItem, RayTarget
from vehicle_state.commands import Command

MUTE = [{"intent": "media.mute", "slots": {"on": True}}]
DEAD = "the Ray worker died 3 time(s) on it (last: ActorDiedError)"


def _examples(n):
    return [parse_example({"id": str(i), "text": "mute", "lang": "en", "expected": MUTE}, f"l{i}") for i in range(n)]


def _pool_losing(lost_shards):
    """A stand-in for run_on_actors: one worker in this process; the shards in ``lost_shards`` died."""
    def run(worker_class, init_args, items, target, on_result=None):
        worker = worker_class(*init_args)
        results = []
        for i, item in enumerate(items):
            value = LostItem(DEAD, 3) if i in lost_shards else worker(item)
            on_result(i, value)
            results.append(value)
        return results
    return run


def test_a_backend_that_cannot_load_on_the_worker_says_so_instead_of_scoring_zeros():
    answer = CommandEvalWorker("sft", {"adapter": "/nonexistent"})(_examples(2))
    assert isinstance(answer, LoadFailed) and "could not load" in answer.message and "/nonexistent" in answer.message


def test_the_driver_stops_with_the_workers_load_error(monkeypatch):
    monkeypatch.setattr(eval_ray, "run_on_actors", _pool_losing(set()))
    with pytest.raises(CliError) as err:
        evaluate_on_ray("fake", _examples(3), RayTarget(), options={"bogus": 1})
    assert "command backend 'fake' could not load" in str(err.value) and err.value.exit_code == 2


def test_lost_shards_are_not_records(monkeypatch):
    monkeypatch.setattr(eval_ray, "run_on_actors", _pool_losing({1}))
    heard = []
    out = evaluate_on_ray("fake", _examples(20), RayTarget(), options={"table": {"mute": MUTE}},
                          on_lines=heard.append)
    assert [r.id for r in out.records] == [str(i) for i in range(16)] and all(r.match for r in out.records)
    assert out.lost == [(str(i), DEAD) for i in range(16, 20)] and heard == [16, 4]


def _data(tmp_path, n):
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": "mute", "lang": "en", "expected": MUTE}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def test_the_cli_keeps_lost_lines_out_of_the_metrics(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(eval_ray, "run_on_actors", _pool_losing({1}))
    monkeypatch.setattr(eval_commands, "_plot", lambda *a: None)
    monkeypatch.setattr(eval_commands, "_plot_confusions", lambda *a: None)
    args = ["eval", "commands", "--data", str(_data(tmp_path, 20)), "--backend", "rules", "--executor", "ray"]
    assert main(args + ["--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["n"] == 16 and out["exact_match"] == 1.0 and out["errors"] == 0
    assert out["lost_lines"] == [{"id": str(i), "reason": DEAD} for i in range(16, 20)]
    assert main(args) == 0
    assert f"not scored (rules): 4 lines lost ({DEAD})" in capsys.readouterr().out


def test_a_load_failure_on_ray_exits_like_a_local_one(tmp_path, monkeypatch, capsys):
    from simulator import models

    def broken(kind, name, **options):
        raise RuntimeError(f"{kind} backend {name!r} could not load: OSError: weights gone")

    monkeypatch.setattr(eval_ray, "run_on_actors", _pool_losing(set()))
    monkeypatch.setattr(models, "get_backend", broken)  # the worker's loader, as on a node missing the model
    code = main(["eval", "commands", "--data", str(_data(tmp_path, 3)), "--backend", "rules", "--executor", "ray"])
    err = capsys.readouterr().err
    assert code == 2 and "command backend 'rules' could not load: OSError: weights gone" in err


def test_record_failures_skips_lines_whose_parse_raised(tmp_path, monkeypatch):
    from simulator.failures.store import FailureStore

    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    heat = Command("seat.heat", {"on": True})
    wrong = make_record(EvalExample("1", "a", "en", (heat,)), (), 1.0)
    raised = make_record(EvalExample("2", "b", "en", (heat,)), (), 1.0, error="RuntimeError: boom")
    stored = eval_commands._record_failures({"rules": ([wrong, raised], None)}, str(tmp_path / "d.jsonl"), [])
    assert stored == 1 and [c.text for c in FailureStore().list()] == ["a"]
