"""Proactive rules: each built-in rule fires when it should, not otherwise, and respects cooldown."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.drive import simulate
from simulator.proactive import BUILTIN_RULE_IDS, ProactiveEngine, RuleError, load_rules
from tests.conftest import ROOT
from vehicle_state import VehicleState


def suggestions(minutes, overrides=None, injections=(), profile="mixed", seed=1):
    out = simulate(minutes * 60, seed=seed, overrides=overrides or {}, injections=injections, speed_profile=profile)
    return [e for e in out["events"] if e["type"] == "suggestion"]


def test_builtin_rules_exist():
    assert {r.id for r in load_rules()} >= set(BUILTIN_RULE_IDS)


def test_rear_right_leak_raises_tire_pressure_low_at_most_twice():
    s = suggestions(40, injections=[("tire_leak:rear_right", 300)])
    tire = [e for e in s if e["rule"] == "tire_pressure_low"]
    assert 1 <= len(tire) <= 2
    assert tire[0]["subject"] == "rear_right" and "右后" in tire[0]["text"]
    assert tire[0]["commands"] == [{"intent": "nav.navigate", "slots": {"category": "service_center"}}]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_calm_drive_raises_nothing(seed):
    assert suggestions(20, seed=seed) == []


def test_cold_start():
    s = suggestions(20, overrides={"outside_temp_c": -8})
    assert [e["rule"] for e in s] == ["cold_start"]


def test_rain_with_window_open():
    s = suggestions(10, overrides={"window_pct.driver": 40}, injections=[("rain", 120)])
    assert s and s[0]["rule"] == "rain_windows_open" and s[0]["sim_time_s"] >= 120
    assert suggestions(10, injections=[("rain", 120)]) == []


def test_low_range_congestion_long_drive():
    assert "low_range" in [e["rule"] for e in suggestions(10, injections=[("low_battery", 60)])]
    assert "congestion" in [e["rule"] for e in suggestions(10, injections=[("congestion", 60)])]
    long = [e for e in suggestions(130, profile="highway") if e["rule"] == "long_drive"]
    assert len(long) == 1 and long[0]["sim_time_s"] >= 7200


def test_declined_not_repeated_within_cooldown():
    engine = ProactiveEngine()
    state = VehicleState({"nav.congestion": True})
    first = engine.evaluate(state, 0.0)
    assert first.rule == "congestion"
    engine.resolve(False, 10.0)
    assert engine.evaluate(state, 100.0) is None
    again = engine.evaluate(state, 10.0 + 900.0)
    assert again is not None and again.rule == "congestion"


def test_priority_picks_one_at_a_time():
    engine = ProactiveEngine()
    state = VehicleState({"nav.congestion": True, "tire_pressure_kpa.front_left": 150})
    first = engine.evaluate(state, 0.0)
    assert first.rule == "tire_pressure_low"
    assert engine.evaluate(state, 5.0) is None  # one pending at a time
    engine.resolve(True, 6.0)
    assert engine.evaluate(state, 7.0).rule == "congestion"


def test_hysteresis_rearms_only_after_clear():
    engine = ProactiveEngine()
    engine.rules = [r for r in engine.rules if r.id == "tire_pressure_low"]
    state = VehicleState({"tire_pressure_kpa.front_left": 190})
    assert engine.evaluate(state, 0).rule == "tire_pressure_low"
    engine.resolve(False, 0)
    state["tire_pressure_kpa.front_left"] = 196  # above the trigger, below the clear level
    engine.evaluate(state, 2000)
    state["tire_pressure_kpa.front_left"] = 191
    # still the same episode: the cooldown (not a fresh trigger) decides
    assert engine.evaluate(state, 2001).rule == "tire_pressure_low"


@pytest.mark.parametrize("text, fragment", [
    ("rules: [{id: x}]", "missing 'when'"),
    ("rules: [{id: x, when: {signal: nope, below: 1}, text: {zh: a, en: b}, commands: []}]", "unknown signal"),
    ("rules: [{id: x, when: {signal: range_km}, text: {zh: a, en: b}, commands: []}]", "exactly one of"),
    ("rules: [{id: x, when: {signal: range_km, below: 1}, text: {zh: a}, commands: []}]", "zh and en"),
    ("rules: [{id: x, when: {signal: range_km, below: 1}, text: {zh: a, en: b}, commands: [{intent: fly}]}]",
     "unknown intent"),
    ("nope: 1", "top-level 'rules:'"),
])
def test_bad_rules_file(tmp_path, text, fragment):
    p = tmp_path / "r.yaml"
    p.write_text(text)
    with pytest.raises(RuleError, match=fragment) as e:
        load_rules(p)
    assert str(p) in str(e.value)


def test_sim_cli_json_has_suggestions():
    r = subprocess.run([sys.executable, "-m", "simulator.cli.main", "sim", "--minutes", "40", "--inject",
                        "tire_leak:rear_right@5", "--json", "--lang", "en"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    ev = [e for e in json.loads(r.stdout)["events"] if e["type"] == "suggestion"]
    assert ev and set(ev[0]) >= {"type", "rule", "sim_time_s", "text", "commands"} and "rear-right" in ev[0]["text"]
