"""The SimPy world: physics sanity, faults, determinism."""

import pytest

from simulator.world import InjectError, make_world, parse_event


def run_world(minutes, seed=1, overrides=None, injections=(), profile="mixed"):
    w = make_world(seed=seed, overrides=overrides, speed_profile=profile)
    for name, at_s in injections:
        w.inject(name, at_s)
    start = w.snapshot()
    w.run(minutes * 60)
    return start, w.snapshot(), w


def test_cabin_converges_to_set_point_with_hvac():
    _, end, _ = run_world(60, overrides={"outside_temp_c": -5, "hvac.power": True, "hvac.set_temp_c.driver": 22})
    assert abs(end["cabin_temp_c.driver"] - 22) < 2.5


def test_cabin_cools_when_set_low_in_summer():
    _, end, _ = run_world(40, overrides={"outside_temp_c": 35, "hvac.power": True, "hvac.ac": True,
                                         "hvac.set_temp_c.driver": 20})
    assert abs(end["cabin_temp_c.driver"] - 20) < 2.5


def test_cabin_drifts_toward_outside_without_hvac_and_open_window_couples_faster():
    _, closed, _ = run_world(20, overrides={"outside_temp_c": 0, "cabin_temp_c.driver": 20,
                                            "cabin_temp_c.passenger": 20, "cabin_temp_c.rear_left": 20,
                                            "cabin_temp_c.rear_right": 20, "time_of_day_h": 22})
    _, opened, _ = run_world(20, overrides={"outside_temp_c": 0, "cabin_temp_c.driver": 20,
                                            "cabin_temp_c.passenger": 20, "cabin_temp_c.rear_left": 20,
                                            "cabin_temp_c.rear_right": 20, "time_of_day_h": 22,
                                            "window_pct.driver": 100})
    assert closed["cabin_temp_c.driver"] < 20
    assert opened["cabin_temp_c.driver"] < closed["cabin_temp_c.driver"] - 2


def test_leak_lowers_only_that_tire():
    start, end, w = run_world(60, seed=7, overrides={"outside_temp_c": -5}, injections=[("tire_leak:front_left", 600)])
    assert start["tire_pressure_kpa.front_left"] - end["tire_pressure_kpa.front_left"] > 20
    for wheel in ("front_right", "rear_left", "rear_right"):
        assert abs(end[f"tire_pressure_kpa.{wheel}"] - start[f"tire_pressure_kpa.{wheel}"]) < 15
    assert "tire_pressure_low:front_left" in end["warnings"]
    assert any(e.type == "warning-raised" for e in w.events)


def test_range_falls_more_with_speed_and_with_hvac():
    _, city, _ = run_world(30, profile="city")
    _, highway, _ = run_world(30, profile="highway")
    assert highway["battery_pct"] < city["battery_pct"]
    _, parked, _ = run_world(30, profile="parked")
    _, parked_hvac, _ = run_world(30, profile="parked", overrides={"outside_temp_c": -10, "hvac.power": True})
    assert parked_hvac["range_km"] < parked["range_km"]
    assert parked["speed_kph"] == 0 and parked["gear"] == "P"


def test_same_seed_same_drive_other_seed_other_drive():
    a = run_world(20, seed=3)[1]
    b = run_world(20, seed=3)[1]
    c = run_world(20, seed=4)[1]
    assert a == b
    assert a["odometer_km"] != c["odometer_km"]


def test_events_and_warnings():
    _, end, w = run_world(5, injections=[("rain", 60), ("congestion", 120), ("low_battery", 180)])
    assert end["weather"] == "rain" and end["nav.congestion"]
    assert end["speed_kph"] <= 20.5
    assert "low_battery" in end["warnings"]
    kinds = [e.type for e in w.events]
    assert kinds.count("inject") == 3


@pytest.mark.parametrize("bad", ["tire_leak", "tire_leak:spare", "meteor", "rain:heavy", "warning"])
def test_bad_event_names(bad):
    with pytest.raises(InjectError):
        parse_event(bad)


def test_navigation_progresses_and_arrives():
    w = make_world(seed=1, speed_profile="highway")
    from vehicle_state import apply
    apply(w.state, {"intent": "nav.navigate", "slots": {"destination": "x"}})
    km = w.state["nav.remaining_km"]
    w.run(60 * 60)
    assert not w.state["nav.active"] and any(e.type == "nav-arrived" for e in w.events), km
