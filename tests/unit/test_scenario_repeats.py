"""--repeat K: expanding scenarios into runs with varied seeds, pass@k / pass^k, flaky scenarios in every report."""

import json
import re
import textwrap
import xml.etree.ElementTree as ET

import pytest

from scenarios.loader import load_text
from scenarios.model import ScenarioResult
from scenarios.repeats import RepeatError, aggregate, base_id, expand, run_seed
from scenarios.report_json import read_results
from simulator.cli.main import main
from tests.unit.conftest import comparable

# Parked, on the rules model: nothing in it depends on the seed.
STEADY = """
    id: steady
    title: Seat heat while parked
    lang: en
    steps:
      - say: turn on the seat heating
        expect:
          commands: {intents: [seat.heat]}
"""
# In town the drive cycle draws stops and speeds from the seed: 30 s in, the car is moving for some seeds
# (0 and the second run's) and stopped at a light for the third run's.
CITY = """
    id: city-moving
    title: Moving 30 s into a town drive
    lang: en
    speed_profile: city
    steps:
      - at: 30s
        expect:
          signals: {speed_kph: {min: 1}}
"""
# Fails on every run with a turn to learn from (the rules model opens the sunroof fully).
ALWAYS_FAILS = """
    id: always-fails
    steps:
      - say: 打开天窗
        expect: {signals: {sunroof_pct: 50}}
"""


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))  # failure and sign-off stores


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def one(text):
    (sc,) = load_text(textwrap.dedent(text), "t.yaml")
    return sc


# ------------------------------------------------------------------------------ pure parts
def test_expand_keeps_k1_as_is_and_gives_each_later_run_its_own_fixed_seed():
    a, b = one(STEADY), one(CITY)
    assert [j.scenario for j in expand([a, b], 1)] == [a, b]  # the same objects: a run as without --repeat
    jobs = expand([a, b], 3)
    assert [j.scenario.id for j in jobs] == ["steady#1", "steady#2", "steady#3",
                                            "city-moving#1", "city-moving#2", "city-moving#3"]
    assert [j.base_id for j in jobs] == ["steady"] * 3 + ["city-moving"] * 3
    seeds = [j.scenario.seed for j in jobs[:3]]
    assert seeds[0] == a.seed and len(set(seeds)) == 3
    assert seeds == [j.scenario.seed for j in expand([a], 3)]  # deterministic
    assert run_seed(7, 0) == 7 and run_seed(7, 1) != 7 and run_seed(7, 1) != run_seed(8, 1)
    assert jobs[1].scenario.steps == a.steps and jobs[1].scenario.title == a.title
    assert base_id("steady#2") == "steady" and base_id("steady") == "steady"


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_expand_rejects_a_bad_k(k):
    with pytest.raises(RepeatError, match="at least 1"):
        expand([one(STEADY)], k)


def _result(job, ok):
    sc = job.scenario
    return ScenarioResult(sc.id, sc.title, sc.file, sc.line, list(sc.tags), sc.lang,
                          error=None if ok else "it broke")


def test_aggregate_counts_pass_at_k_pass_hat_k_and_flaky():
    jobs = expand([one(STEADY), one(CITY), one(ALWAYS_FAILS)], 2)
    outcomes = [True, True, True, False, False, False]
    summary = aggregate(jobs, [_result(j, ok) for j, ok in zip(jobs, outcomes)])
    by_id = summary.by_id()
    assert (by_id["steady"].pass_at_k, by_id["steady"].pass_hat_k, by_id["steady"].flaky) == (True, True, False)
    assert (by_id["city-moving"].passed, by_id["city-moving"].flaky) == (1, True)
    assert (by_id["always-fails"].pass_at_k, by_id["always-fails"].flaky) == (False, False)
    assert summary.k == 2 and summary.flaky == ["city-moving"]
    assert summary.pass_at_k == pytest.approx(2 / 3) and summary.pass_hat_k == pytest.approx(1 / 3)
    d = summary.to_dict()
    assert (d["repeat"], d["pass_at_k_count"], d["pass_hat_k_count"]) == (2, 2, 1)
    assert [r["seed"] for r in d["repeat_scenarios"][1]["runs"]] == [0, run_seed(0, 1)]


def test_aggregate_refuses_results_that_are_not_the_jobs():
    jobs = expand([one(STEADY), one(CITY)], 2)
    results = [_result(j, True) for j in jobs]
    with pytest.raises(RepeatError, match="4 run"):
        aggregate(jobs, results[:3])
    with pytest.raises(RepeatError, match="out of order"):
        aggregate(jobs, results[::-1])


# ------------------------------------------------------------------------------ the CLI and its reports
def test_repeat_3_reports_pass_hat_k_and_flags_the_flaky_scenario(tmp_path, capsys):
    suite = tmp_path / "suite"
    write(suite, "steady.yaml", STEADY)
    write(suite, "city.yaml", CITY)
    report = tmp_path / "report"
    code = main(["scenario", "run", str(suite), "--backend", "rules", "--repeat", "3", "--report", str(report),
                 "--no-record-failures", "--json"])
    out = capsys.readouterr().out
    assert code == 1  # a flaky scenario does not pass^k
    assert "pass@3 100.0% (2/2), pass^3 50.0% (1/2), flaky 1" in out and "FLAKY city-moving: 2/3 passed" in out
    printed = json.loads(out.strip().splitlines()[-1])
    assert (printed["repeat"], printed["pass_hat_k"], printed["flaky"]) == (3, 0.5, ["city-moving"])

    data = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert (data["repeat"], data["pass_at_k"], data["pass_hat_k"], data["flaky"]) == (3, 1.0, 0.5, ["city-moving"])
    per = {s["id"]: s for s in data["repeat_scenarios"]}
    assert per["steady"]["pass_hat_k"] is True and per["steady"]["passed"] == 3
    assert [r["ok"] for r in per["city-moving"]["runs"]] == [True, True, False] and per["city-moving"]["flaky"]
    assert len(data["scenarios"]) == 6 and data["summary"]["scenarios"] == 6  # every run, existing keys kept
    assert len(read_results(report / "results.json")[1]) == 6

    junit = ET.parse(report / "junit.xml").getroot()
    cases = {c.get("name"): c for c in junit.iter("testcase")}
    assert set(cases) == {"steady", "city-moving"} and junit.get("tests") == "2" and junit.get("failures") == "1"
    assert cases["steady"].find("failure") is None
    failure = cases["city-moving"].find("failure")
    assert failure.get("message").startswith("flaky: 2 of 3 runs passed; city-moving#3")
    props = {p.get("name"): p.get("value") for p in cases["city-moving"].iter("property")}
    assert (props["repeat"], props["passed"], props["flaky"]) == ("3", "2", "true")
    assert "run 3 (seed" in cases["city-moving"].find("system-out").text

    page = (report / "report.html").read_text(encoding="utf-8")
    flaky_row = re.search(r'<tr class="flaky-row">(.*?)</tr>', page).group(1)
    assert "FLAKY" in flaky_row and "city-moving" in flaky_row and "2 / 3" in flaky_row
    assert page.count('class="flaky-row"') == 1 and "pass^3" in page
    assert 'href="#sc-city-moving_3"' in flaky_row and 'id="sc-city-moving_3"' in page  # badge -> run details


def test_each_failed_run_is_recorded_once(tmp_path, capsys):
    from simulator.failures.store import FailureStore

    fails = write(tmp_path / "suite", "fails.yaml", ALWAYS_FAILS)
    assert main(["scenario", "run", str(fails), "--backend", "rules", "--repeat", "2"]) == 1
    records = FailureStore().list()
    assert sorted(r.context["scenario_id"] for r in records) == ["always-fails#1", "always-fails#2"]


def _normalised_report(report):
    """The report files with wall-clock times, dates and the command line taken out."""
    summary, results = read_results(report / "results.json")
    summary = {k: v for k, v in summary.items() if k not in ("wall_s", "command_line", "stage_median_ms",
                                                              "stage_p95_ms")}
    junit = re.sub(r' time="[^"]*"|timings: .*', "", (report / "junit.xml").read_text(encoding="utf-8"))
    page = (report / "report.html").read_text(encoding="utf-8")
    page = re.sub(r"\d+(\.\d+)?", "N", page.replace(str(report), "REPORT"))
    page = re.sub(r"<div class='muted mono'>cockpit-sim .*?</div>", "", page)
    return summary, [comparable(r) for r in results], junit, page


def test_repeat_1_writes_the_same_reports_as_no_repeat(tmp_path, capsys):
    suite = tmp_path / "suite"
    write(suite, "steady.yaml", STEADY)
    write(suite, "city.yaml", CITY)
    base = ["scenario", "run", str(suite), "--backend", "rules", "--no-record-failures", "--report"]
    assert main([*base, str(tmp_path / "plain")]) == 0
    plain_out = capsys.readouterr().out
    assert main([*base, str(tmp_path / "once"), "--repeat", "1"]) == 0
    once_out = capsys.readouterr().out
    first, second = _normalised_report(tmp_path / "plain"), _normalised_report(tmp_path / "once")
    assert first[:3] == second[:3]
    assert first[3].replace("plain", "X") == second[3].replace("once", "X")
    keys = [set(json.loads((tmp_path / d / "results.json").read_text(encoding="utf-8"))) for d in ("plain", "once")]
    assert keys[0] == keys[1] == {"format_version", "summary", "scenarios"}
    assert "pass@" not in once_out
    assert re.sub(r"[\d.]+ s\b|ms per stage.*", "", plain_out).replace("plain", "X") == \
        re.sub(r"[\d.]+ s\b|ms per stage.*", "", once_out).replace("once", "X")


def test_repeat_must_be_at_least_1(tmp_path, capsys):
    steady = write(tmp_path / "suite", "steady.yaml", STEADY)
    assert main(["scenario", "run", str(steady), "--backend", "rules", "--repeat", "0"]) == 2
    assert "--repeat must be at least 1" in capsys.readouterr().err
