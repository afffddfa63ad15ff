"""Expectation logic on a turn result and a flat state: each kind passes when it should and fails when it should."""

import textwrap

import pytest

from multimodal.protocols import Control
from scenarios.expectations import Observation, code_matches, evaluate
from scenarios.loader import load_text
from simulator.events import Stage
from simulator.turn import ScreenUse, SignalChange, SuggestionAnswer, TurnResult
from vehicle_state.apply import Outcome
from vehicle_state.commands import Command, validate_command
from vehicle_state.state import VehicleState


def expect_of(yaml_expect: str) -> dict:
    text = "id: e\nsteps:\n  - say: x\n    expect:\n" + textwrap.indent(textwrap.dedent(yaml_expect), "      ")
    (sc,) = load_text(text, "e.yaml")
    return sc.steps[0].expect


def turn(commands=(), outcomes=(), changes=None, timings_ms=None, screen=None, suggestion=None, **kw):
    """A TurnResult from the plain data a test writes (command/outcome/change dicts)."""
    target = (screen or {}).get("target")
    return TurnResult(
        turn_id="t1", sim_time_s=0.0, transcript=kw.pop("transcript", "x"), **kw,
        commands=[validate_command(c) for c in commands],
        outcomes=[Outcome(Command("unsupported", {}), o["status"], "", reason=o.get("reason")) for o in outcomes],
        changes={k: SignalChange(v["old"], v["new"]) for k, v in (changes or {}).items()},
        timings_ms={Stage(k): v for k, v in (timings_ms or {}).items()},
        screen=None if target is None else ScreenUse("rendered", target=Control(
            target["label"], tuple(target["bbox"]), target.get("control_id"))),
        suggestion=None if suggestion is None else SuggestionAnswer("s1", suggestion["rule"], suggestion["accepted"]))


def run(yaml_expect, turn_=None, state=None, **obs):
    s = VehicleState().to_flat()
    s.update(state or {})
    checks = evaluate(expect_of(yaml_expect), Observation(turn=turn_ or turn(), state=s, **obs))
    return all(c.ok for c in checks), checks


SET22 = {"intent": "hvac.set_temperature", "slots": {"zone": "driver", "value": 22.0}}
HEAT = {"intent": "seat.heat", "slots": {"on": True}}


@pytest.mark.parametrize("spec, ok", [
    ("commands: [{hvac.set_temperature: {zone: driver, value: 22}}, {seat.heat: {on: true}}]", True),
    ("commands: [{seat.heat: {on: true}}, {hvac.set_temperature: {zone: driver, value: 22}}]", False),  # order
    ("commands: [{hvac.set_temperature: {zone: driver, value: 22}}]", False),  # exact: extra command
    ("commands: {contains: [{seat.heat: {on: true}}]}", True),
    ("commands: {contains: [{seat.heat: {on: true, level: 2}}]}", False),
    ("commands: {any_of: [[media.pause], [{hvac.set_temperature: {zone: driver, value: 22}}, {seat.heat: {on: true}}]]}", True),
    ("commands: {intents: [hvac.set_temperature, seat.heat]}", True),
    ("commands: {intents: [seat.heat]}", False),
    ("commands: none", False),
])
def test_commands(spec, ok):
    assert run(spec, turn(commands=[SET22, HEAT]))[0] is ok


def test_free_text_slots_fold_case_and_width():
    t = turn(commands=[{"intent": "phone.call", "slots": {"contact": "ＡＬＩＣＥ "}}])
    assert run("commands: [{phone.call: {contact: alice}}]", t)[0]
    assert not run("commands: [{phone.call: {contact: bob}}]", t)[0]


def test_no_commands():
    assert run("commands: none", turn(commands=[]))[0]
    assert not run("commands: none", turn(commands=[HEAT]))[0]


@pytest.mark.parametrize("spec, state, ok", [
    ("signals: {hvac.power: true}", {"hvac.power": True}, True),
    ("signals: {hvac.power: true}", {"hvac.power": False}, False),
    ("signals: {hvac.set_temp_c.driver: 22}", {"hvac.set_temp_c.driver": 22.0}, True),
    ("signals: {hvac.set_temp_c.driver: {approx: 22, tol: 0.5}}", {"hvac.set_temp_c.driver": 22.4}, True),
    ("signals: {hvac.set_temp_c.driver: {approx: 22, tol: 0.5}}", {"hvac.set_temp_c.driver": 22.6}, False),
    ("signals: {hvac.set_temp_c.driver: '22 ± 1'}", {"hvac.set_temp_c.driver": 21.2}, True),
    ("signals: {media.volume_pct: {min: 10, max: 20}}", {"media.volume_pct": 20}, True),
    ("signals: {media.volume_pct: {min: 10, max: 20}}", {"media.volume_pct": 21}, False),
    ("signals: {media.volume_pct: {min: 10}}", {"media.volume_pct": 9}, False),
    ("signals: {media.source: {one_of: [usb, bluetooth]}}", {"media.source": "usb"}, True),
    ("signals: {gear: {not: R}}", {"gear": "R"}, False),
    ("signals: {nav.destination: 天安门}", {"nav.destination": "天安门"}, True),
    ("signals: {phone.contact: alice}", {"phone.contact": "Alice"}, True),
    ("signals: {phone.contact: {contains: ali}}", {"phone.contact": "Alice"}, True),
    ("signals: {warnings: {contains: low_battery}}", {"warnings": ["low_range", "low_battery"]}, True),
    ("signals: {warnings: {not_contains: low_battery}}", {"warnings": ["low_battery"]}, False),
    ("signals: {warnings: []}", {"warnings": []}, True),
    ("signals: {warnings: []}", {"warnings": ["low_battery"]}, False),
    ("signals: {nav.avoid: [tolls, congestion]}", {"nav.avoid": ["congestion", "tolls"]}, True),
])
def test_signals(spec, state, ok):
    passed, checks = run(spec, state=state)
    assert passed is ok, [c.message for c in checks]


def test_signal_failure_message_says_expected_and_actual():
    _, (check,) = run("signals: {media.volume_pct: {max: 20}}", state={"media.volume_pct": 35})
    assert check.kind == "signals.media.volume_pct" and "at most 20" in check.message and "got 35" in check.message


SUGG = [{"rule": "cold_start"}, {"rule": "rain_windows_open"}]


@pytest.mark.parametrize("spec, window_start, pending, ok", [
    ("suggestion: cold_start", 0, None, True),
    ("suggestion: cold_start", 1, None, False),  # raised before the last expect
    ("suggestion: {raised: cold_start, since: start}", 1, None, True),
    ("suggestion: none", 2, None, True),
    ("suggestion: none", 1, None, False),
    ("suggestion: {not_raised: [congestion, low_range]}", 0, None, True),
    ("suggestion: {not_raised: rain_windows_open}", 0, None, False),
    ("suggestion: {pending: rain_windows_open}", 0, "rain_windows_open", True),
    ("suggestion: {pending: none}", 0, "rain_windows_open", False),
    ("suggestion: {pending: true}", 0, None, False),
])
def test_suggestion_windows(spec, window_start, pending, ok):
    assert run(spec, suggestions=SUGG, window_start=window_start, pending_rule=pending)[0] is ok


def test_suggestion_answered():
    t = turn(suggestion={"rule": "cold_start", "accepted": True})
    assert run("suggestion: {accepted: cold_start}", t)[0]
    assert not run("suggestion: {declined: cold_start}", t)[0]
    assert not run("suggestion: {accepted: cold_start}", turn())[0]


@pytest.mark.parametrize("spec, reply, ok", [
    ("reply: 已打开", "主驾座椅加热已打开。", True),
    ("reply: [kPa, 胎压]", "tire 240 KPA", True),
    ("reply: TURNED ON", "Seat heating turned on.", True),
    ("reply: {contains_all: [seat, level 2]}", "Seat heating on, level 2.", True),
    ("reply: {contains_all: [seat, level 3]}", "Seat heating on, level 2.", False),
    ("reply: {not_contains: sorry}", "Sorry, I can't.", False),
    ("reply: {equals: 'okay.'}", "Okay.", True),
])
def test_reply(spec, reply, ok):
    assert run(spec, turn(reply=reply))[0] is ok


def test_transcript_ignores_punctuation_and_case():
    assert run("transcript: open the sunroof", turn(transcript=" Please open the sunroof."))[0]
    assert not run("transcript: close", turn(transcript="open"))[0]


def test_latency_budgets():
    t = turn(timings_ms={"command": 120.0, "apply": 5.0})
    assert run("latency_ms: {command: 200, total: 130}", t)[0]
    ok, checks = run("latency_ms: {command: 100, asr: 50}", t)
    assert not ok
    assert [c.ok for c in checks] == [False, True] and "did not run" in checks[1].message
    assert not run("latency_ms: 100", t)[0]


def test_error_codes_exact_and_prefix():
    assert code_matches("image-truncated", "image") and code_matches("image-truncated", "image-truncated")
    assert not code_matches("imagery-x", "image") and not code_matches("text-empty", "image")
    assert run("error: image", error_codes=("image-truncated",))[0]
    assert not run("error: audio-silent", error_codes=("text-empty",))[0]
    assert run("error: none")[0]
    assert not run("error: none", error_codes=("text-empty",))[0]


def test_tap():
    target = {"label": "座椅加热", "control_id": "seat_heat.driver", "bbox": [0, 0, 1, 1], "center": [0, 0]}
    t = turn(screen={"target": target})
    assert run("tap: 座椅加热", t)[0]
    assert run("tap: {label: 座椅加热, control: seat_heat.driver}", t)[0]
    assert not run("tap: {control: seat_heat.passenger}", t)[0]
    assert not run("tap: none", t)[0]
    assert run("tap: none")[0]
    assert not run("tap: 座椅加热")[0]


def test_outcome_changed_unchanged_lang():
    refused = turn(outcomes=[{"status": "refused", "reason": "unsafe"}], lang="en")
    assert run("outcome: {status: refused, reason: unsafe}", refused)[0]
    assert not run("outcome: done", refused)[0]
    assert not run("outcome: refused", turn())[0]  # no outcome at all
    changed = turn(changes={"media.track": {"old": "a", "new": "b"}})
    assert run("changed: [media.track]", changed)[0]
    assert not run("changed: [media.volume_pct]", changed)[0]
    assert run("unchanged: true")[0] and not run("unchanged: true", changed)[0]
    assert run("unchanged: [gear]", changed)[0] and not run("unchanged: [media.track]", changed)[0]
    assert run("lang: en", refused)[0] and not run("lang: zh", refused)[0]
