"""Playing scenarios with fake/rules backends; the JUnit, HTML and JSON reports; failure hand-off; the CLI."""

import json
import textwrap
import xml.etree.ElementTree as ET

import pytest

from scenarios.model import ScenarioResult
from scenarios.report_html import build_html
from scenarios.report_json import read_results, write_json
from scenarios.report_junit import write_junit
from multimodal.registry import BackendPlan
from scenarios.runner import RunOptions, play, run_all
from scenarios.summary import summarize
from simulator.cli.main import main
from tests.unit.conftest import GOOD, TABLE, comparable, fake_backends, scenario

BAD = """
    id: bad
    lang: en
    steps:
      - say: cool
        expect:
          commands: [{hvac.set_temperature: {value: 21}}]
          signals: {hvac.set_temp_c.driver: 21}
      - say: heat
        expect: {signals: {seat.heat_level.driver: 2}}
      - respond: accept
"""


def test_play_passes_and_reports_each_check():
    result = play(scenario(GOOD), backends=fake_backends())
    assert result.ok, [s.failure_message() for s in result.steps]
    assert [s.kind for s in result.steps] == ["say", "expect", "respond"]
    assert result.steps[0].turn["commands"] == TABLE["heat"]
    assert {c.kind for c in result.steps[2].checks} == {"suggestion.accepted", "signals.hvac.set_temp_c.driver"}
    assert result.sim_s == 10


def test_failures_are_specific_and_later_steps_still_run():
    result = play(scenario(BAD), backends=fake_backends())
    assert not result.ok
    first, second, third = result.steps
    assert not first.ok and "expected [hvac.set_temperature(value=21)], got [hvac.set_temperature(value=20)]" \
        in first.failure_message()
    assert second.ok  # played although the first failed
    assert not third.ok and "nothing to respond to" in third.error


def test_session_that_cannot_start_is_an_error_not_a_crash():
    sc = scenario("id: x\nsteps:\n  - say: hi\n")
    result = play(sc, RunOptions(backends=BackendPlan.from_flags(command="no-such-backend", check=False)))
    assert result.error and "could not start" in result.error and not result.ok


def test_runs_are_deterministic_for_a_seed():
    text = """
        id: det
        speed_profile: city
        seed: 5
        steps:
          - at: 2m
            inject: tire_leak:rear_left
          - at: 25m
            expect:
              signals: {tire_pressure_kpa.rear_left: {max: 300}}
          - say: cool
    """
    a, b = (play(scenario(text), RunOptions(), backends=fake_backends()) for _ in range(2))

    assert comparable(a) == comparable(b)
    assert a.steps[1].checks[0].actual == b.steps[1].checks[0].actual


def test_reports(tmp_path):
    results = run_all([scenario(GOOD), scenario(BAD)], RunOptions(report_dir=str(tmp_path)), backends=fake_backends())
    summary = summarize(results, 1.5, "cockpit-sim scenario run x")
    assert (summary.scenarios, summary.passed, summary.failed, summary.errors) == (2, 1, 1, 0)
    assert summary.turns == 4 and "command" in summary.stage_median_ms

    junit = ET.parse(write_junit(results, summary, tmp_path / "junit.xml")).getroot()
    cases = junit.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["good", "bad"]
    assert junit.find("testsuite").get("tests") == "2" and junit.find("testsuite").get("failures") == "1"
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("message").startswith("steps[0] (line 5, say 'cool')")
    assert "heard: 'heat'" in cases[0].find("system-out").text

    page = build_html(results, summary)
    assert "one-shot success rate" in page and "repeat rate" in page and "Latency per stage" in page
    assert 'id="sc-bad" open' in page and "expected [hvac.set_temperature(value=21)]" in page
    assert "screens/good/step00.png" in page and (tmp_path / "screens" / "good" / "step00.png").is_file()
    assert "<script" not in page.lower()

    write_json(results, summary, tmp_path / "results.json")
    data, again = read_results(tmp_path / "results.json")
    assert data["scenarios"] == 2 and [r.to_dict() for r in again] == [r.to_dict() for r in results]


def test_html_escapes_user_text():
    sc = scenario("id: esc\ntitle: '<b>x</b>'\nsteps:\n  - say: '<script>alert(1)</script>'\n")
    results = [play(sc, backends=fake_backends())]
    page = build_html(results, summarize(results))
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_failed_turns_go_to_the_failure_store(tmp_path):
    from scenarios.failures import record_failures
    from simulator.failures.store import FailureStore

    sc = scenario(BAD)
    results = [play(sc, backends=fake_backends())]
    store = FailureStore(tmp_path / "store")
    assert record_failures([sc], results, store) == 1
    (rec,) = store.list()
    assert rec.source == "scenario-step" and rec.text == "cool"
    assert rec.corrected_commands == [{"intent": "hvac.set_temperature", "slots": {"value": 21}}]
    assert rec.model_output["commands"] == [{"intent": "hvac.set_temperature", "slots": {"value": 20}}]
    assert rec.context["scenario_id"] == "bad" and rec.context["step_index"] == 0
    assert rec.state["hvac.set_temp_c.driver"] == 22.0  # the state the model saw, before the turn


def test_uploaded_screenshot_goes_with_the_failure(tmp_path):
    from scenarios.failures import record_failures
    from simulator.failures.store import FailureStore

    sc = scenario("""
        id: shot
        steps:
          - say: heat
            screen: rendered
            expect: {signals: {seat.heat_level.driver: 3}}
    """)
    results = [play(sc, backends=fake_backends())]
    store = FailureStore(tmp_path / "store")
    assert record_failures([sc], results, store) == 1
    (rec,) = store.list()
    assert rec.screenshot_path and rec.corrected_commands is None


# ------------------------------------------------------------------------------ CLI
def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


RULES_OK = """
    id: rules-ok
    steps:
      - say: 把主驾空调调到22度并打开座椅加热
        expect:
          commands: [{hvac.set_temperature: {zone: driver, value: 22}}, {seat.heat: {on: true}}]
          signals: {seat.heat_level.driver: {min: 1}}
"""
RULES_FAIL = """
    id: rules-fail
    steps:
      - say: 打开天窗
        expect: {signals: {sunroof_pct: 50}}
"""


def test_cli_run_pass_fail_and_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    ok = write(tmp_path, "ok.yaml", RULES_OK)
    assert main(["scenario", "run", str(ok), "--backend", "rules", "--report", str(tmp_path / "r1")]) == 0
    assert (tmp_path / "r1" / "report.html").is_file() and (tmp_path / "r1" / "results.json").is_file()
    fail = write(tmp_path, "fail.yaml", RULES_FAIL)
    assert main(["scenario", "run", str(tmp_path), "--backend", "rules", "--report", str(tmp_path / "r2"),
                 "--json"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  rules-fail" in out and "sunroof_pct" in out
    summary = json.loads(out.strip().splitlines()[-1])
    assert (summary["passed"], summary["failed"]) == (1, 1)
    junit = ET.parse(tmp_path / "r2" / "junit.xml").getroot()
    assert len(junit.findall(".//testcase")) == 2 and len(junit.findall(".//failure")) == 1
    from simulator.failures.store import FailureStore

    assert [r.text for r in FailureStore().list()] == ["打开天窗"]  # recorded by default
    assert main(["scenario", "run", str(fail), "--backend", "rules", "--no-record-failures"]) == 1
    assert len(FailureStore().list()) == 1


def test_cli_bad_file_is_a_one_line_error(tmp_path, capsys):
    bad = write(tmp_path, "bad.yaml", "id: x\nsteps:\n  - say: hi\n    expect: {signals: {cabin_tmp_c.driver: 1}}\n")
    assert main(["scenario", "run", str(bad), "--backend", "rules"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:4: steps[0].expect.signals: unknown signal 'cabin_tmp_c.driver'" in err
    assert "Traceback" not in err
    assert main(["scenario", "validate", str(bad)]) == 1
    assert main(["scenario", "run", str(tmp_path / "missing.yaml")]) == 2


def test_cli_validate_list_and_filters(tmp_path, capsys):
    write(tmp_path, "ok.yaml", RULES_OK.replace("id: rules-ok", "id: rules-ok\n    tags: [hvac]"))
    write(tmp_path, "fail.yaml", RULES_FAIL)
    assert main(["scenario", "validate", str(tmp_path)]) == 0
    assert "ok: 2 scenario(s) in 2 file(s)" in capsys.readouterr().out
    assert main(["scenario", "list", str(tmp_path), "--json"]) == 0
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert ids == ["rules-fail", "rules-ok"]
    assert main(["scenario", "run", str(tmp_path), "--backend", "rules", "--tag", "hvac",
                 "--no-record-failures"]) == 0
    assert main(["scenario", "run", str(tmp_path), "--backend", "rules", "-k", "*fail",
                 "--no-record-failures"]) == 1
    assert main(["scenario", "run", str(tmp_path), "--backend", "rules", "-k", "nothing-matches"]) == 2


def test_scenario_result_round_trip():
    result = play(scenario(BAD), backends=fake_backends())
    again = ScenarioResult.from_dict(json.loads(json.dumps(result.to_dict(), ensure_ascii=False)))
    assert again.to_dict() == result.to_dict() and again.first_failure.index == 0


@pytest.mark.parametrize("jobs", [0, -1])
def test_cli_rejects_bad_jobs(tmp_path, jobs):
    ok = write(tmp_path, "ok.yaml", RULES_OK)
    assert main(["scenario", "run", str(ok), "--jobs", str(jobs)]) == 2
