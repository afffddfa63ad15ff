"""apply(): every intent changes what it should, says so in the right language, or refuses."""

import pytest

from vehicle_state import ApplyContext, INTENTS, VehicleState, apply
from vehicle_state.apply import APPLIERS
from vehicle_state.signals import SEATS

ZH, EN = ApplyContext(lang="zh"), ApplyContext(lang="en")


def run(cmd, state=None, ctx=ZH):
    state = state or VehicleState()
    out = apply(state, cmd, ctx)
    return state, out


def c(intent, **slots):
    return {"intent": intent, "slots": slots}


def test_every_intent_has_an_applier():
    assert set(APPLIERS) | {"unsupported"} == set(INTENTS)


# (command, expected changed signal -> new value) for every intent that changes state
CASES = [
    (c("hvac.power", on=True), {"hvac.power": True}),
    (c("hvac.set_temperature", value=24, zone="passenger"), {"hvac.set_temp_c.passenger": 24.0, "hvac.power": True}),
    (c("hvac.adjust_temperature", direction="up", amount=2), {"hvac.set_temp_c.driver": 24.0}),
    (c("hvac.adjust_temperature", direction="down"), {"hvac.set_temp_c.driver": 21.0}),
    (c("hvac.set_fan", level=5), {"hvac.fan_level.driver": 5}),
    (c("hvac.adjust_fan", direction="down"), {"hvac.fan_level.driver": 2}),
    (c("hvac.ac", on=True), {"hvac.ac": True}),
    (c("hvac.auto", on=True), {"hvac.auto": True}),
    (c("hvac.recirculation", on=True), {"hvac.recirculation": True}),
    (c("hvac.defrost", target="rear", on=True), {"hvac.defrost.rear": True}),
    (c("seat.heat", on=True), {"seat.heat_level.driver": 2}),
    (c("seat.heat", on=True, level=3, zone="rear"), {"seat.heat_level.rear_left": 3, "seat.heat_level.rear_right": 3}),
    (c("seat.ventilate", on=True, level=1, zone="passenger"), {"seat.vent_level.passenger": 1}),
    (c("seat.massage", on=True), {"seat.massage.driver": True}),
    (c("window.open", zone="rear_left", percent=50), {"window_pct.rear_left": 50}),
    (c("window.open"), {"window_pct.driver": 100}),
    (c("sunroof.open", percent=20), {"sunroof_pct": 20}),
    (c("light.ambient", color="blue"), {"light.ambient.on": True, "light.ambient.color": "blue"}),
    (c("light.ambient", brightness=80), {"light.ambient.brightness_pct": 80}),
    (c("light.reading", on=True, zone="rear_right"), {"light.reading.rear_right": True}),
    (c("media.play", query="晴天"), {"media.playing": True, "media.track": "晴天"}),
    (c("media.play", source="radio"), {"media.source": "radio"}),
    (c("media.skip", direction="next"), {"media.playing": True}),
    (c("media.set_volume", value=100), {"media.volume_pct": 100}),
    (c("media.adjust_volume", direction="up"), {"media.volume_pct": 40}),
    (c("media.mute", on=True), {"media.mute": True}),
    (c("nav.navigate", destination="天安门"), {"nav.active": True, "nav.destination": "天安门"}),
    (c("nav.navigate", category="charging_station"), {"nav.active": True, "nav.category": "charging_station"}),
    (c("nav.avoid", what="tolls"), {"nav.avoid": ["tolls"]}),
    (c("phone.call", contact="张三"), {"phone.in_call": True, "phone.contact": "张三"}),
]


@pytest.mark.parametrize("cmd, expected", CASES, ids=[f"{x[0]['intent']}-{i}" for i, x in enumerate(CASES)])
@pytest.mark.parametrize("ctx", [ZH, EN], ids=["zh", "en"])
def test_apply_changes(cmd, expected, ctx):
    state, out = run(cmd, ctx=ctx)
    assert out.status == "done", out.reply
    for name, value in expected.items():
        assert state[name] == value, name
        assert name in out.changes
    assert out.reply
    is_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in out.reply)
    if ctx.lang == "zh":
        assert is_cjk, out.reply
    else:
        assert not is_cjk or "晴天" in out.reply or "天安门" in out.reply or "张三" in out.reply, out.reply


def test_off_commands():
    s = VehicleState({"seat.heat_level.driver": 2, "window_pct.driver": 60, "sunroof_pct": 40,
                      "media.playing": True, "phone.in_call": True, "phone.contact": "x", "hvac.power": True})
    for cmd, name, value in [(c("seat.heat", on=False), "seat.heat_level.driver", 0),
                             (c("window.close"), "window_pct.driver", 0), (c("sunroof.close"), "sunroof_pct", 0),
                             (c("media.pause"), "media.playing", False), (c("phone.hang_up"), "phone.in_call", False),
                             (c("hvac.power", on=False), "hvac.power", False)]:
        out = apply(s, cmd, ZH)
        assert out.status == "done" and s[name] == value


def test_speaker_zone_is_the_default():
    state = VehicleState()
    apply(state, c("seat.heat", on=True), ApplyContext(speaker_zone="rear_right"))
    assert state["seat.heat_level.rear_right"] == 2 and state["seat.heat_level.driver"] == 0


def test_zone_all_and_front():
    state, _ = run(c("window.open", zone="all", percent=30))
    assert all(state[f"window_pct.{z}"] == 30 for z in SEATS)
    state, _ = run(c("hvac.set_temperature", zone="front", value=20))
    assert state["hvac.set_temp_c.driver"] == 20 and state["hvac.set_temp_c.passenger"] == 20
    assert state["hvac.set_temp_c.rear_left"] == 22


def test_heat_and_vent_exclude_each_other():
    state, _ = run(c("seat.ventilate", on=True))
    apply(state, c("seat.heat", on=True, level=1), ZH)
    assert state["seat.heat_level.driver"] == 1 and state["seat.vent_level.driver"] == 0


def test_out_of_range_is_clamped_with_a_message():
    state, out = run(c("hvac.set_temperature", value=40), ctx=EN)
    assert out.status == "clamped" and state["hvac.set_temp_c.driver"] == 32.0 and "16 to 32" in out.reply
    state, out = run(c("hvac.set_fan", level=9))
    assert out.status == "clamped" and state["hvac.fan_level.driver"] == 7
    state, out = run(c("hvac.set_temperature", value=22.3))
    assert state["hvac.set_temp_c.driver"] == 22.5


def test_adjust_stops_at_limits():
    state = VehicleState({"hvac.set_temp_c.driver": 31.5, "hvac.power": True})
    out = apply(state, c("hvac.adjust_temperature", direction="up", amount=3), ZH)
    assert state["hvac.set_temp_c.driver"] == 32.0 and out.status == "clamped"


def test_hvac_commands_turn_hvac_on_and_say_so():
    state, out = run(c("hvac.set_fan", level=3), ctx=EN)
    assert state["hvac.power"] and "turned the climate control on" in out.reply


def test_unsupported_is_never_executed():
    for reason in ("unsafe", "out_of_domain"):
        state = VehicleState()
        before = state.to_flat()
        out = apply(state, c("unsupported", reason=reason), ZH)
        assert out.refused and out.reason == reason and state.to_flat() == before


def test_sunroof_refused_above_speed_limit():
    state = VehicleState({"speed_kph": 130})
    out = apply(state, c("sunroof.open"), EN)
    assert out.refused and out.reason == "speed_limit" and state["sunroof_pct"] == 0
    state = VehicleState({"speed_kph": 60})
    assert apply(state, c("sunroof.open"), EN).status == "done"


def test_no_navigation_and_no_call():
    state, out = run(c("nav.cancel"), ctx=EN)
    assert out.status == "noop" and out.reason == "no_active_navigation" and "no active navigation" in out.reply
    state, out = run(c("phone.hang_up"))
    assert out.reason == "no_active_call"


def test_queries_read_the_state():
    state = VehicleState({"tire_pressure_kpa.rear_right": 150, "warnings": ["tire_pressure_low:rear_right"]})
    out = apply(state, c("query.vehicle", item="tire_pressure"), ZH)
    assert "右后" in out.reply and out.changes == {}
    out = apply(state, c("query.warning"), EN)
    assert "tire" in out.reply.lower() and "rear-right" in out.reply
    out = apply(state, c("query.warning", name="机油灯"), ZH)
    assert out.reply.startswith("发动机故障灯")  # "机油灯" is an alias of the check-engine light in the KB
    out = apply(VehicleState({"speed_kph": 88}), c("query.vehicle", item="speed"), EN)
    assert "88" in out.reply
    out = apply(VehicleState({"weather": "rain"}), c("query.weather", day="tomorrow"), EN)
    assert "Tomorrow" in out.reply


def test_refusal_changes_nothing():
    state = VehicleState({"speed_kph": 150})
    before = state.to_flat()
    apply(state, c("sunroof.open", percent=50), ZH)
    assert state.to_flat() == before
