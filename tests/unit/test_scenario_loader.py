"""Scenario files: what loads, how it is normalised, and errors that name file, line and key."""

import json
import re
import textwrap

import pytest

from scenarios.durations import DurationError, parse_duration
from scenarios.loader import ScenarioFileError, discover, load_file, load_paths, load_text
from tests.conftest import ROOT

LIBRARY = ROOT / "scenarios" / "library"


def load(text, base_dir=None):
    return load_text(textwrap.dedent(text), "x.yaml", base_dir=base_dir)


def issues(text, base_dir=None):
    with pytest.raises(ScenarioFileError) as err:
        load(text, base_dir)
    return err.value.issues


# ------------------------------------------------------------------------------ durations
@pytest.mark.parametrize("raw, seconds", [
    (90, 90.0), (2.5, 2.5), ("90", 90.0), ("90s", 90.0), ("1m30s", 90.0), ("2h", 7200.0), ("1.5 min", 90.0),
    ("01:30", 90.0), ("1:00:00", 3600.0), ("1h 2m 3s", 3723.0), ("500ms", 0.5), (0, 0.0),
])
def test_durations(raw, seconds):
    assert parse_duration(raw) == pytest.approx(seconds)


@pytest.mark.parametrize("raw", ["", "soon", "5 parsecs", "1m30", -3, True, None, [1], "m5", "nan"])
def test_bad_durations(raw):
    with pytest.raises(DurationError):
        parse_duration(raw)


# ------------------------------------------------------------------------------ good files
def test_minimal_scenario_gets_documented_defaults():
    (sc,) = load("""
        id: mini
        steps:
          - say: 有点冷
    """)
    assert (sc.id, sc.title, sc.lang, sc.seed, sc.speed_profile, sc.zone, sc.proactive) == \
        ("mini", "mini", "zh", 0, "parked", "driver", True)
    assert sc.steps[0].kind == "say" and sc.steps[0].args == {"text": "有点冷"} and sc.steps[0].time_s == 0


def test_timeline_at_after_advance():
    (sc,) = load("""
        id: t
        steps:
          - at: 1m30s
            inject: rain
          - after: 10
            say: hello
          - advance: 2m
          - expect: {suggestion: none}
          - at: 400
            respond: accept
    """)
    assert [s.time_s for s in sc.steps] == [90, 100, 100, 220, 400]
    assert [s.kind for s in sc.steps] == ["inject", "say", "advance", "expect", "respond"]
    assert sc.steps[4].args == {"accept": True, "by": "click"}


def test_yaml_12_booleans_and_shorthands():
    (sc,) = load("""
        id: b
        tags: "a, b"
        steps:
          - say: turn off seat heating
            expect:
              commands: [{seat.heat: {on: false}}, media.pause, {intent: hvac.ac, slots: {on: true}}]
              signals: {hvac.power: "on", hvac.set_temp_c.driver: "22 ± 0.5", warnings: []}
          - respond: no
            by: voice
    """)
    expect = sc.steps[0].expect
    assert sc.tags == ("a", "b")
    assert expect["commands"] == {"mode": "exact", "commands": [
        {"intent": "seat.heat", "slots": {"on": False}}, {"intent": "media.pause", "slots": {}},
        {"intent": "hvac.ac", "slots": {"on": True}}]}
    assert expect["signals"]["hvac.power"] == {"equals": True}
    assert expect["signals"]["hvac.set_temp_c.driver"] == {"approx": 22.0, "tol": 0.5}
    assert sc.steps[1].args == {"accept": False, "by": "voice"}


def test_list_forms_and_media_paths(tmp_path):
    (tmp_path / "clip.wav").write_bytes(b"RIFF")
    (tmp_path / "s.png").write_bytes(b"png")
    text = """
        scenarios:
          - id: one
            steps:
              - audio: clip.wav
              - screen: s.png
              - say: 点一下座椅加热
          - id: two
            steps:
              - say: {text: hi, lang: en, zone: passenger, screen: rendered}
    """
    one, two = load(text, base_dir=tmp_path)
    assert one.steps[0].args["audio"] == str(tmp_path / "clip.wav")
    assert one.steps[1].args["image"] == str(tmp_path / "s.png")
    assert two.steps[0].args == {"text": "hi", "lang": "en", "zone": "passenger", "screen": "rendered"}
    assert two.where == "scenarios[1]" and two.line == 8


def test_library_loads_and_has_enough_scenarios():
    scenarios = load_paths([LIBRARY])
    assert len(scenarios) >= 40
    assert {s.lang for s in scenarios} == {"zh", "en"}


def test_library_matches_json_schema():
    import jsonschema

    from simulator.yamlio import load_yaml

    schema = json.loads((ROOT / "scenarios" / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in discover([LIBRARY]):
        errors = list(validator.iter_errors(load_yaml(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path}: {errors[0].message}"


def test_readme_examples_load():
    readme = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    full = [b for b in blocks if b.startswith("id:")]
    assert full, "the README starts with a complete example"
    for block in full:
        (sc,) = load_text(block, "README.md")
        assert sc.steps


# ------------------------------------------------------------------------------ errors
BAD = [
    # (yaml, line, key, words in the message)
    ("id: x\nsteps:\n  - say: hi\n    expect:\n      signals:\n        cabin_tmp_c.driver: 20\n",
     5, "steps[0].expect.signals", "unknown signal 'cabin_tmp_c.driver'; did you mean 'cabin_temp_c.driver'"),
    ("id: x\nsteps:\n  - inject: rian\n", 3, "steps[0].inject", "unknown event 'rian'"),
    ("id: x\nsteps:\n  - inject: [rain, tire_leak:middle]\n", 3, "steps[0].inject[1]", "needs a wheel"),
    ("id: x\nsteps:\n  - say: a\n    expect:\n      commands: [{seat.heat: {levl: 2, on: true}}]\n",
     5, "steps[0].expect.commands[0]", "unknown slot(s) levl"),
    ("id: x\nsteps:\n  - say: a\n    expect:\n      commands: [hvac.temprature]\n",
     5, "steps[0].expect.commands[0]", "did you mean 'hvac.set_temperature'"),
    ("id: x\nsteps:\n  - say: a\n    expect:\n      commands: [{hvac.set_fan: {level: high}}]\n",
     5, "steps[0].expect.commands[0]", "must be a number"),
    ("id: x\nsteps:\n  - at: 90\n    say: a\n  - at: 60\n    say: b\n", 5, "steps[1].at", "earlier than the timeline"),
    ("id: x\nsteps:\n  - at: soon\n    say: a\n", 3, "steps[0].at", "cannot read 'soon' as a duration"),
    ("id: x\nsteps:\n  - at: 1\n    after: 2\n    say: a\n", 4, "steps[0].after", "not both"),
    ("id: x\nsteps:\n  - say: a\n    inject: rain\n", 4, "steps[0].inject", "a step does one thing"),
    ("id: x\nsteps:\n  - wait: 5\n", 3, "steps[0].wait", "unknown step key 'wait'"),
    ("id: x\nsteps:\n  - say: a\n    signals: {hvac.power: true}\n", 4, "steps[0].signals", "put it under 'expect:'"),
    ("id: x\nsteps:\n  - say: a\n    expect: {singals: {hvac.power: true}}\n", 4, "steps[0].expect.singals",
     "did you mean 'signals'"),
    ("id: x\nsteps:\n  - expect: {commands: none}\n", 3, "steps[0].expect.commands", "no say or respond step"),
    ("id: x\nsteps:\n  - say: a\n    expect: {signals: {hvac.power: maybe}}\n", 4,
     "steps[0].expect.signals.hvac.power", "true or false"),
    ("id: x\nsteps:\n  - say: a\n    expect: {signals: {hvac.set_temp_c.driver: {aprox: 2}}}\n", 4,
     "steps[0].expect.signals.hvac.set_temp_c.driver.aprox", "did you mean 'approx'"),
    ("id: x\nsteps:\n  - say: a\n    expect: {signals: {gear: {min: 2}}}\n", 4, "steps[0].expect.signals.gear.min",
     "needs a numeric signal"),
    ("id: x\nsteps:\n  - advance: 1m\n    expect: {suggestion: cold_strat}\n", 4, "steps[0].expect.suggestion",
     "did you mean 'cold_start'"),
    ("id: x\nsteps:\n  - say: a\n    expect: {latency_ms: {comand: 10}}\n", 4, "steps[0].expect.latency_ms.comand",
     "unknown stage"),
    ("id: x\nsteps:\n  - say: a\n    expect: {outcome: failed}\n", 4, "steps[0].expect.outcome", "unknown status"),
    ("id: x\nsteps:\n  - respond: maybe\n", 3, "steps[0].respond", "accept or decline"),
    ("id: x\nsteps:\n  - respond: yes\n    by: click\n    text: 好的\n", 5, "steps[0].text", "needs by: voice"),
    ("id: x\nsteps:\n  - say:\n", 3, "steps[0].say", "say needs the words"),
    ("id: x\nsteps:\n  - audio: nowhere.wav\n", 3, "steps[0].audio", "audio file not found"),
    ("id: x\nsteps:\n  - say: a\n    screen: nowhere.png\n", 4, "steps[0].screen", "image file not found"),
    ("id: x\nsteps:\n  - screen: rendered\n", 3, "steps[0].screen", "none follows"),
    ("id: x\nsteps:\n  - inject: rain\n    zone: passenger\n", 4, "steps[0].zone", "only applies to say"),
    ("id: x\nsteps:\n  - say: a\n    zone: trunk\n", 4, "steps[0].zone", "must be one of driver"),
    ("id: x\nsteps:\n  - set: {speed_kph: 900}\n", 3, "steps[0].set.speed_kph", "must be within 0..250"),
    ("id: x\nsteps:\n  - advance: 0\n", 3, "steps[0].advance", "positive"),
    ("id: x\nsteps:\n  - {}\n", 3, "steps[0]", "needs one of"),
    ("id: x\nsteps: []\n", 2, "steps", "non-empty"),
    ("title: no id\nsteps:\n  - say: a\n", 1, "id", "needs an 'id'"),
    ("id: x\nlang: fr\nsteps:\n  - say: a\n", 2, "lang", "must be one of zh, en"),
    ("id: x\nspeed_profile: racing\nsteps:\n  - say: a\n", 2, "speed_profile", "must be one of"),
    ("id: x\nseed: -1\nsteps:\n  - say: a\n", 2, "seed", "whole number"),
    ("id: x\nstate: {outside_temp: 5}\nsteps:\n  - say: a\n", 2, "state.outside_temp", "did you mean 'outside_temp_c'"),
    ("id: x\nstepz:\n  - say: a\n", 2, "stepz", "did you mean 'steps'"),
    ("id: x\nsteps:\n  - say: a\n    expect:\n      reply: a\n      reply: b\n", 6, "steps[0].expect.reply",
     "duplicate key"),
    ("id: x\nsteps:\n  - say: [unclosed\n", 4, "", "not valid YAML"),
    ("", 1, "", "the file is empty"),
    ("scenarios: {}\n", 1, "scenarios", "non-empty list"),
]


@pytest.mark.parametrize("text, line, key, words", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_errors_name_file_line_and_key(text, line, key, words):
    with pytest.raises(ScenarioFileError) as err:
        load_text(text, "scenarios/library/x.yaml")
    found = err.value.issues
    match = [i for i in found if words in i.message]
    assert match, f"no issue mentions {words!r}: {[str(i) for i in found]}"
    issue = match[0]
    assert (issue.file, issue.line, issue.key) == ("scenarios/library/x.yaml", line, key), str(issue)
    assert str(issue).startswith(f"scenarios/library/x.yaml:{line}: ")


def test_all_problems_of_a_file_are_listed():
    found = issues("""
        id: x
        steps:
          - inject: rian
          - say: a
            expect: {signals: {nope: 1}, reply: ok}
    """)
    assert {i.key for i in found} == {"steps[0].inject", "steps[1].expect.signals"}


def test_duplicate_ids_across_files(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("id: same\nsteps:\n  - say: hi\n", encoding="utf-8")
    with pytest.raises(ScenarioFileError) as err:
        load_paths([tmp_path])
    assert "duplicate scenario id 'same'" in str(err.value) and "a.yaml:1" in str(err.value)


def test_discover_reports_missing_and_non_yaml(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ScenarioFileError) as err:
        discover([tmp_path / "missing", tmp_path / "notes.txt", tmp_path])
    text = str(err.value)
    assert "no such file or folder" in text and "not a scenario file" in text and "no scenario files" in text


def test_schema_rejects_what_the_loader_rejects_structurally(tmp_path):
    import jsonschema

    schema = json.loads((ROOT / "scenarios" / "schema.json").read_text(encoding="utf-8"))
    for doc in ({"steps": [{"say": "a"}]}, {"id": "x", "steps": [{"wait": 1}]},
                {"id": "x", "steps": [{"say": "a", "expect": {"singals": {}}}]},
                {"id": "x", "steps": [{"at": 1, "after": 2, "say": "a"}]}):
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc)), doc


def test_load_file_names_the_path(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nsteps:\n  - inject: rian\n", encoding="utf-8")
    with pytest.raises(ScenarioFileError) as err:
        load_file(path)
    assert str(err.value).startswith(f"{path}:3: steps[0].inject:") or "bad.yaml:3: steps[0].inject" in str(err.value)


def test_latency_stages_are_the_pipeline_stages_in_loader_and_schema():
    from scenarios.loader import LATENCY_KEYS
    from simulator.events import Stage

    assert LATENCY_KEYS == (*[s.value for s in Stage], "total")
    schema = json.loads((ROOT / "scenarios" / "schema.json").read_text(encoding="utf-8"))
    latency = json.dumps(schema)
    for key in LATENCY_KEYS:
        assert f'"{key}": {{"type": "number", "exclusiveMinimum": 0}}' in latency
