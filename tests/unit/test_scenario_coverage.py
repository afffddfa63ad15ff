"""`scenario coverage`: intents × languages × zones × input kinds and proactive rules, read from the files."""

import json
import textwrap
from pathlib import Path

import pytest

from scenarios.coverage import INPUT_KINDS, ZONE_VALUES, format_coverage, suite_coverage
from scenarios.loader import load_text
from simulator.cli.main import main
from tests.conftest import ROOT
from vehicle_state.commands import INTENTS

SUITE = """
scenarios:
  - id: zh-text
    lang: zh
    zone: passenger
    steps:
      - say: 座椅加热
        expect:
          commands: [{seat.heat: {on: true}}]
      - expect:                      # a second expect of the same turn counts once
          commands: {intents: [seat.heat]}
      - say: 左后车窗打开
        expect:
          commands: {any_of: [[{window.open: {zone: rear_left}}], [{window.open: {zone: rear_left, percent: 100}}]]}
  - id: en-mixed
    lang: en
    steps:
      - say: {text: 空调二十二度, lang: zh}
        expect:
          commands: {contains: [{hvac.set_temperature: {value: 22}}]}
      - screen: SCREEN
      - say: tap Bluetooth
        expect:
          tap: Bluetooth
      - at: 1m
        expect: {suggestion: {raised: [cold_start], not_raised: low_range}}
      - respond: decline
        expect:
          suggestion: {declined: cold_start}
          commands: [dialog.reject]
      - audio: CLIP
        expect: {commands: [media.pause]}
"""


def suite(tmp_path):
    screen, clip = tmp_path / "s.png", tmp_path / "c.wav"
    screen.write_bytes(b"png")
    clip.write_bytes(b"wav")
    text = textwrap.dedent(SUITE).replace("SCREEN", str(screen)).replace("CLIP", str(clip))
    return load_text(text, "suite.yaml", base_dir=tmp_path)


def test_coverage_names_exactly_what_the_suite_exercises(tmp_path):
    cov = suite_coverage(suite(tmp_path), rules=("cold_start", "low_range", "long_drive"))
    assert (cov.scenarios, cov.turns, cov.checked_turns) == (2, 6, 6)
    assert {(e.scenario, e.intent, e.lang, e.zone, e.input) for e in cov.exercises} == {
        ("zh-text", "seat.heat", "zh", "passenger", "text"),  # no zone slot: the speaker's seat
        ("zh-text", "seat.heat", "zh", None, "text"),  # the intents check of the same turn asserts no zone
        ("zh-text", "window.open", "zh", "rear_left", "text"),
        ("en-mixed", "hvac.set_temperature", "zh", "driver", "text"),  # the step's language wins
        ("en-mixed", "screen.tap", "en", None, "text"),
        ("en-mixed", "screen.tap", "en", None, "screen"),  # the screen step before the say
        ("en-mixed", "dialog.reject", "en", None, "button"),  # respond by click
        ("en-mixed", "media.pause", "en", None, "voice"),  # audio, and the screen is used up
    }
    assert cov.intent_counts()["seat.heat"] == 1
    assert cov.intent_counts()["screen.tap"] == 1  # one turn, exercised as text and as screen
    never = cov.intents_never()
    assert set(never) == set(INTENTS) - {"seat.heat", "window.open", "hvac.set_temperature", "screen.tap",
                                         "dialog.reject", "media.pause"}
    assert cov.lang_gaps()["hvac.set_temperature"] == ["en"] and cov.lang_gaps()["dialog.reject"] == ["zh"]
    assert cov.zones() == {"hvac.set_temperature": ["driver"], "seat.heat": ["passenger"], "window.open": ["rear_left"]}
    assert cov.inputs()["screen.tap"] == ["text", "screen"]
    assert cov.rule_counts() == {"cold_start": {"expected": 1, "accepted": 0, "declined": 1},
                                 "low_range": {"expected": 0, "accepted": 0, "declined": 0},  # not_raised
                                 "long_drive": {"expected": 0, "accepted": 0, "declined": 0}}
    assert cov.rules_never() == ["low_range", "long_drive"]
    assert cov.axis_counts()["input"] == {"text": 4, "voice": 1, "screen": 1, "button": 1}
    d = cov.to_dict()
    assert d["per_intent"]["window.open"]["zones_never"] == [z for z in ZONE_VALUES if z != "rear_left"]
    assert (d["intents_exercised"], d["rules_exercised"]) == (6, 1)
    text = "\n".join(format_coverage(cov))
    assert "never exercised proactive rules: low_range, long_drive" in text
    assert "hvac.set_temperature (no en)" in text and "6/" in text
    assert any(line.split()[:2] == ["screen.tap", "1"] for line in format_coverage(cov))


def test_an_intents_check_exercises_no_zone(tmp_path):
    text = textwrap.dedent("""
        scenarios:
          - id: names-only
            lang: en
            zone: passenger
            steps:
              - say: warm my seat
                expect:
                  commands: {intents: [seat.heat]}
    """)
    cov = suite_coverage(load_text(text, "s.yaml", base_dir=tmp_path), rules=())
    assert [e.zone for e in cov.exercises] == [None]
    assert cov.zones() == {"seat.heat": []} and cov.axis_counts()["zone"]["passenger"] == 0


def test_an_empty_suite_exercises_nothing():
    cov = suite_coverage([], rules=("cold_start",))
    assert cov.intents_never() == list(INTENTS) and cov.rules_never() == ["cold_start"]
    assert cov.axis_counts()["input"] == dict.fromkeys(INPUT_KINDS, 0)


def test_cli_coverage_of_the_library_as_json_and_tables(capsys):
    library = str(ROOT / "scenarios" / "library")
    assert main(["scenario", "coverage", library, "--json"]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["scenarios"] >= 50 and data["intents_total"] == len(INTENTS)
    assert data["intents_exercised"] + len(data["intents_never"]) == len(INTENTS)
    assert data["rules_exercised"] == data["rules_total"]  # the library has a scenario per proactive rule
    assert main(["scenario", "coverage", library, "--tag", "proactive"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("coverage of ") and "never exercised intents" in out


def test_cli_coverage_of_a_missing_folder_is_a_one_line_error(tmp_path, capsys):
    assert main(["scenario", "coverage", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
