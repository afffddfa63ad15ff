"""A press on the simulator's own screen means contract commands, applied like spoken ones."""

import pytest

from simulator.hmi.actions import ACTIONS, UnknownControl, commands_for_control
from simulator.hmi.renderer import render_screen
from vehicle_state import ApplyContext, apply
from vehicle_state.commands import Command
from vehicle_state.state import VehicleState


def press(state, cid):
    for cmd in commands_for_control(cid, state):
        apply(state, cmd, ApplyContext(lang="en"))


def test_toggles_and_sources():
    s = VehicleState()
    assert commands_for_control("defrost.front", s) == [Command("hvac.defrost", {"target": "front", "on": True})]
    press(s, "defrost.front")
    assert s["hvac.defrost.front"] and s["hvac.power"]
    assert commands_for_control("defrost.front", s) == [Command("hvac.defrost", {"target": "front", "on": False})]
    press(s, "hvac.ac")
    assert s["hvac.ac"]
    press(s, "media.source.bluetooth")
    assert s["media.source"] == "bluetooth" and s["media.playing"]
    press(s, "media.play_pause")
    assert not s["media.playing"]


def test_seat_heat_cycles_levels_then_off():
    s = VehicleState()
    levels = []
    for _ in range(4):
        press(s, "seat_heat.passenger")
        levels.append(s["seat.heat_level.passenger"])
    assert levels == [1, 2, 3, 0]
    assert s["seat.heat_level.driver"] == 0


def test_every_drawn_control_has_an_action():
    for state in (VehicleState(), VehicleState({"nav.active": True, "nav.destination": "x"})):
        _, layout = render_screen(state, "zh")
        for c in layout.controls:
            assert commands_for_control(c.id, state), c.id


def test_unknown_control_is_a_clear_error():
    with pytest.raises(UnknownControl, match="no action for control"):
        commands_for_control("蓝牙音乐", VehicleState())
    assert "media.source.bluetooth" in ACTIONS
