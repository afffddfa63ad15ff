"""compare: side-by-side metrics, worse intents flagged, non-zero exit on regression."""

import json
import subprocess
import sys

import pytest

from multimodal.training.eval_commands import compute_metrics, evaluate, load_examples
from multimodal.fakes import FakeCommandModel
from multimodal.training.compare import ModelSpec, Tolerances, compare_set
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "commands_dev.jsonl"


def metrics(model, label):
    return compute_metrics(list(evaluate(model, load_examples(DATA), label)), label)


def test_regression_is_flagged_per_intent():
    from multimodal.command.rules import RulesCommandModel
    good = metrics(RulesCommandModel(), "rules")
    bad = metrics(FakeCommandModel({}), "fake")
    cmp = compare_set("dev", good, bad, Tolerances())
    assert any(r.startswith("dev: exact match") for r in cmp.regressions)
    assert "hvac.set_temperature" in cmp.worse_intents
    same = compare_set("dev", good, good, Tolerances())
    assert same.regressions == [] and same.worse_intents == []


def test_model_spec_errors(tmp_path):
    with pytest.raises(ValueError, match="neither"):
        ModelSpec.parse(str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="adapter_config"):
        ModelSpec.parse(str(tmp_path))
    assert ModelSpec.parse("rules").backend == "rules"


def test_cli_exit_codes(tmp_path):
    def run(old, new):
        return subprocess.run([sys.executable, "-m", "simulator.cli.main", "compare", "--old", old, "--new", new,
                               "--data", str(DATA), "--plot", str(tmp_path / "p.png"), "--json"],
                              capture_output=True, text=True, cwd=ROOT)
    ok = run("rules", "rules")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.strip().splitlines()[-1])["passed"] is True
    assert (tmp_path / "p.png").stat().st_size > 1000
    worse = run("rules", "fake")
    assert worse.returncode == 1
    report = json.loads(worse.stdout.strip().splitlines()[-1])
    assert report["passed"] is False and report["regressions"]


def test_promoted_adapter_becomes_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    from multimodal.command.sft import DEFAULT_ADAPTER, default_adapter
    from multimodal.training.compare import promote

    assert default_adapter() == DEFAULT_ADAPTER
    cand = tmp_path / "cand"
    cand.mkdir()
    (cand / "adapter_config.json").write_text("{}")
    target = promote(cand)
    assert default_adapter() == target and (target / "PROMOTED_FROM").read_text().strip() == str(cand.resolve())
    promote(cand)  # promoting again keeps one previous copy
    assert target.with_name(target.name + ".previous").is_dir()


def test_one_line_lost_on_a_small_intent_is_not_a_regression():
    from multimodal.training.eval_commands import EvalMetrics
    from dataclasses import replace

    from multimodal.command.rules import RulesCommandModel
    good = metrics(RulesCommandModel(), "rules")
    intent, base = next((i, m) for i, m in good.by_intent.items() if 5 <= m.n <= 19)
    one_lost = replace(base, exact_match=(round(base.exact_match * base.n) - 1) / base.n)
    two_lost = replace(base, exact_match=(round(base.exact_match * base.n) - 2) / base.n)
    assert isinstance(good, EvalMetrics)
    cmp = compare_set("dev", good, replace(good, by_intent={**good.by_intent, intent: one_lost}), Tolerances())
    assert intent in cmp.worse_intents and cmp.regressions == []  # flagged, not blocking
    cmp = compare_set("dev", good, replace(good, by_intent={**good.by_intent, intent: two_lost}), Tolerances())
    assert any(r.startswith(f"dev: {intent} ") and "2 of" in r for r in cmp.regressions)
    strict = compare_set("dev", good, replace(good, by_intent={**good.by_intent, intent: one_lost}),
                         Tolerances(intent_min_lost=1))
    assert any(r.startswith(f"dev: {intent} ") for r in strict.regressions)
