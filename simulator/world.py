"""The SimPy world: a vehicle driving through weather and time, with faults injected on cue.

Processes are generators taking ``env`` first (SimPy style). One physics process integrates
every continuous signal at ``tick_s``; a drive process changes the target speed; each
event scheduled for later is its own small process. Randomness comes from one seed spread with
``numpy.random.SeedSequence.spawn``, so a run is repeatable for its seed.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

import numpy as np
import simpy

from vehicle_state.signals import (
    SEATS, TIRE_PRESSURE_MAX_KPA, TIRE_PRESSURE_MIN_KPA, WHEELS, WEATHERS, signal,
)
from vehicle_state.state import VehicleState

SPEED_PROFILES = ("parked", "city", "highway", "mixed")
KELVIN = 273.15
SECONDS_PER_MINUTE = 60.0
SECONDS_PER_HOUR = 3600.0
MINUTES_PER_HOUR = 60.0
HOURS_PER_DAY = 24.0
PERCENT = 100.0


@dataclass(frozen=True)
class WorldParams:
    """Physical and behavioural constants, units in names."""

    seed: int = 0
    tick_s: float = 1.0
    speed_profile: str = "mixed"
    # Drive cycle: city legs stop or cruise, highway legs cruise; "mixed" alternates the two.
    accel_kph_per_s: float = 9.0
    decel_kph_per_s: float = 12.0
    congestion_max_speed_kph: float = 20.0
    moving_min_speed_kph: float = 0.5
    parked_poll_s: float = 5.0
    mixed_cycle_s: float = 1800.0
    mixed_city_s: float = 600.0
    city_stop_probability: float = 0.25
    city_stop_s: tuple[float, float] = (15.0, 60.0)
    city_speed_kph: tuple[float, float] = (30.0, 60.0)
    city_cruise_s: tuple[float, float] = (40.0, 150.0)
    highway_speed_kph: tuple[float, float] = (90.0, 120.0)
    highway_cruise_s: tuple[float, float] = (120.0, 480.0)
    # Cabin thermal model: first-order exchanges, rates per second.
    cabin_loss_per_s: float = 0.0005
    window_coupling_per_s: float = 0.004
    sunroof_coupling_per_s: float = 0.003
    zone_mixing_per_s: float = 0.002
    fan_rate_per_level_per_s: float = 0.0012
    # Supply air overshoots the set point by this many times the set-point error (no unit).
    hvac_gain: float = 3.0
    hvac_supply_min_c: float = 8.0
    hvac_supply_max_c: float = 60.0
    # Without the compressor, supply air is at best this much warmer than the outside air.
    no_ac_supply_above_outside_c: float = 2.0
    auto_fan_min_level: int = 1
    auto_fan_max_level: int = 7
    auto_fan_c_per_level: float = 2.0
    sun_gain_c_per_s: float = 0.006
    sunrise_h: float = 6.0
    daylight_h: float = 12.0
    # Share of the clear-sky sun that reaches the cabin, per weather.
    sun_share_clear: float = 1.0
    sun_share_cloudy: float = 0.4
    sun_share_rain: float = 0.1
    sun_share_snow: float = 0.1
    # Tires: warm up with speed, pressure follows the gas law, a leak loses air.
    tire_warmup_c_per_kph: float = 0.10
    tire_temp_tau_s: float = 600.0
    tire_leak_kpa_per_min: float = 3.0
    tire_fixed_cold_pressure_kpa: float = 240.0
    tire_warning_clear_margin_kpa: float = 7.0
    # Battery: traction power ~ a*v + b*v^3, plus HVAC and auxiliary load.
    battery_capacity_kwh: float = 75.0
    traction_kw_per_kph: float = 0.08
    aero_kw_per_kph3: float = 0.00001
    aux_load_kw: float = 0.3
    hvac_base_kw: float = 0.4
    hvac_kw_per_c: float = 0.1
    hvac_max_kw: float = 5.0
    # A zone's HVAC draw is quoted at this fan level and scales linearly with the level.
    hvac_reference_fan_level: int = 3
    baseline_kwh_per_km: float = 0.16
    consumption_tau_s: float = 300.0
    consumption_min_speed_kph: float = 5.0
    range_min_kwh_per_km: float = 0.08
    range_max_km: float = 2000.0
    low_battery_pct: float = 15.0
    low_battery_clear_margin_pct: float = 2.0
    low_battery_inject_pct: float = 9.0
    low_range_km: float = 50.0
    low_range_clear_margin_km: float = 10.0
    # The ETA assumes at least this speed, so a stop does not make it infinite.
    eta_min_speed_kph: float = 15.0
    outside_temp_tau_s: float = 1800.0
    rain_cooling_c: float = 2.0
    snow_cooling_c: float = 4.0

    def __post_init__(self) -> None:
        if self.speed_profile not in SPEED_PROFILES:
            raise ValueError(f"speed_profile must be one of {', '.join(SPEED_PROFILES)}, got {self.speed_profile!r}")
        if not self.tick_s > 0:
            raise ValueError(f"tick_s must be positive, got {self.tick_s}")

    def sun_share(self, weather: str) -> float:
        return {"clear": self.sun_share_clear, "cloudy": self.sun_share_cloudy, "rain": self.sun_share_rain,
                "snow": self.sun_share_snow}[weather]

    def weather_cooling_c(self, weather: str) -> float:
        return {"rain": self.rain_cooling_c, "snow": self.snow_cooling_c}.get(weather, 0.0)


@dataclass(frozen=True)
class WorldEvent:
    sim_time_s: float
    type: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "sim_time_s": round(self.sim_time_s, 3), **dict(self.data)}


class InjectError(ValueError):
    pass


INJECTABLE = ("tire_leak:<wheel>", "tire_fix:<wheel>", "rain", "snow", "clear", "cloudy", "congestion",
              "congestion_clear", "low_battery", "warning:<id>", "warning_clear:<id>")


def parse_event(name: str) -> tuple[str, str | None]:
    """Check an event name such as ``tire_leak:front_left``; return (kind, argument)."""
    kind, _, arg = name.strip().partition(":")
    arg = arg or None
    if kind in ("tire_leak", "tire_fix"):
        if arg not in WHEELS:
            raise InjectError(f"{kind} needs a wheel ({', '.join(WHEELS)}), got {name!r}")
    elif kind in ("warning", "warning_clear"):
        if not arg:
            raise InjectError(f"{kind} needs a warning id, e.g. warning:engine_check")
    elif kind in ("rain", "snow", "clear", "cloudy", "congestion", "congestion_clear", "low_battery"):
        if arg is not None:
            raise InjectError(f"event {kind} takes no argument, got {name!r}")
    else:
        raise InjectError(f"unknown event {name!r}; known events: {', '.join(INJECTABLE)}")
    return kind, arg


def soak_overrides(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A parked car has soaked to the outside air: cabin and tire temperatures start at the
    outside temperature unless the overrides name them."""
    out = dict(overrides)
    if "outside_temp_c" in out:
        outside_c = signal("outside_temp_c").coerce(out["outside_temp_c"])
        for z in SEATS:
            out.setdefault(f"cabin_temp_c.{z}", outside_c)
        for w in WHEELS:
            out.setdefault(f"tire_temp_c.{w}", outside_c)
    return out


class World:
    """The simulated car. Thread-safe: the UI reads while the environment runs."""

    def __init__(self, params: WorldParams | None = None, overrides: Mapping[str, Any] | None = None,
                 realtime_factor: float | None = None):
        self.params = params or WorldParams()
        if realtime_factor:
            # RealtimeEnvironment's factor is wall seconds per simulated second.
            self.env: simpy.Environment = simpy.rt.RealtimeEnvironment(factor=1.0 / realtime_factor, strict=False)
        else:
            self.env = simpy.Environment()
        self.state = VehicleState(soak_overrides(overrides or {}))
        self.lock = threading.RLock()
        self.events: list[WorldEvent] = []
        self.listeners: list[Callable[[WorldEvent], None]] = []
        # The drive's stream is the seed's first spawned child, so a process added later can take
        # the next child without changing the drives of existing seeds.
        self._rng_drive = np.random.default_rng(np.random.SeedSequence(self.params.seed).spawn(1)[0])
        self._target_speed_kph = 0.0
        self._profile = self.params.speed_profile
        self._leaks: set[str] = set()
        self._consumption_kwh_per_km = self.params.baseline_kwh_per_km
        self._sync_internal()
        self.env.process(self._drive(self.env))
        self.env.process(self._physics(self.env))
        self._emit("trip-start", {"speed_profile": self._profile})

    # ------------------------------------------------------------- public API
    @property
    def now_s(self) -> float:
        return float(self.env.now)

    def run(self, seconds: float) -> None:
        """Advance simulated time by ``seconds`` (fast, or paced if real-time)."""
        if seconds < 0:
            raise ValueError(f"cannot advance by a negative time ({seconds} s)")
        self.env.run(until=self.env.now + seconds)

    def set_signals(self, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
        with self.lock:
            before = self.state.copy()
            self.state.update(values)
            self._sync_internal()
            self._update_warnings()
            changed = self.state.diff(before)
            if changed:
                self._emit("set", {"values": {k: new for k, (_old, new) in changed.items()}})
            return changed

    def set_speed_profile(self, profile: str) -> None:
        """Change the drive cycle; the leg of the drive under way finishes first."""
        if profile not in SPEED_PROFILES:
            raise ValueError(f"speed profile must be one of {', '.join(SPEED_PROFILES)}")
        if profile != self._profile:
            self._profile = profile
            # Reported like a signal write, so a recorded session can replay the change.
            self._emit("speed-profile", {"profile": profile})

    def inject(self, name: str, at_s: float | None = None) -> None:
        """Inject an event now, or schedule it at simulated time ``at_s``."""
        kind, arg = parse_event(name)
        if at_s is None or at_s <= self.env.now:
            self._do_inject(kind, arg, name)
        else:
            self.env.process(self._later(self.env, at_s - self.env.now, kind, arg, name))

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return self.state.to_flat()

    def subscribe(self, listener: Callable[[WorldEvent], None]) -> None:
        self.listeners.append(listener)

    # ------------------------------------------------------------- internals
    def _emit(self, type_: str, data: Mapping[str, Any]) -> None:
        event = WorldEvent(float(self.env.now), type_, dict(data))
        self.events.append(event)
        for listener in list(self.listeners):
            listener(event)

    def _sync_internal(self) -> None:
        """Derive the hidden physical quantities from the visible state after any write."""
        s = self.state
        # Air in each tire, as pressure per kelvin (ideal gas, constant volume).
        self._tire_air = {w: s[f"tire_pressure_kpa.{w}"] / (s[f"tire_temp_c.{w}"] + KELVIN) for w in WHEELS}
        self._energy_kwh = s["battery_pct"] / PERCENT * self.params.battery_capacity_kwh
        self._outside_base_c = s["outside_temp_c"] + self.params.weather_cooling_c(s["weather"])
        if self._profile == "parked":
            self._target_speed_kph = 0.0
        self._refresh_range()

    def _later(self, env: simpy.Environment, delay_s: float, kind: str, arg: str | None, name: str):
        yield env.timeout(delay_s)
        self._do_inject(kind, arg, name)

    def _do_inject(self, kind: str, arg: str | None, name: str) -> None:
        with self.lock:
            s = self.state
            warning = name.partition(":")[2]
            if kind == "tire_leak":
                self._leaks.add(arg)
            elif kind == "tire_fix":
                self._leaks.discard(arg)
                # Refilled to the cold pressure at the outside temperature, then warmed to the tire's own.
                s[f"tire_pressure_kpa.{arg}"] = (self.params.tire_fixed_cold_pressure_kpa
                                                 * (s[f"tire_temp_c.{arg}"] + KELVIN) / (s["outside_temp_c"] + KELVIN))
            elif kind in WEATHERS:
                s["weather"] = kind
            elif kind == "congestion":
                s["nav.congestion"] = True
            elif kind == "congestion_clear":
                s["nav.congestion"] = False
            elif kind == "low_battery":
                s["battery_pct"] = min(s["battery_pct"], self.params.low_battery_inject_pct)
            elif kind == "warning":
                if warning not in s["warnings"]:
                    s["warnings"] = [*s["warnings"], warning]
            elif kind == "warning_clear":
                s["warnings"] = [w for w in s["warnings"] if w != warning]
            self._sync_internal()
            self._emit("inject", {"event": name})
            self._update_warnings()

    # ------------------------------------------------------------- drive cycle
    def _drive(self, env: simpy.Environment):
        p = self.params
        phase_start = env.now
        while True:
            if self._profile == "parked":
                self._target_speed_kph = 0.0
                yield env.timeout(p.parked_poll_s)
                continue
            mode = self._profile
            if mode == "mixed":
                in_town = (env.now - phase_start) % p.mixed_cycle_s < p.mixed_city_s
                mode = "city" if in_town else "highway"
            self._target_speed_kph, leg_s = self._next_leg(mode)
            yield env.timeout(leg_s)

    def _next_leg(self, mode: str) -> tuple[float, float]:
        """Draw the next leg of a ``city`` or ``highway`` drive: (target speed, how long)."""
        p, rng = self.params, self._rng_drive
        if mode == "city":
            if rng.random() < p.city_stop_probability:
                return 0.0, float(rng.uniform(*p.city_stop_s))
            return float(rng.uniform(*p.city_speed_kph)), float(rng.uniform(*p.city_cruise_s))
        return float(rng.uniform(*p.highway_speed_kph)), float(rng.uniform(*p.highway_cruise_s))

    # ------------------------------------------------------------- physics
    def _physics(self, env: simpy.Environment):
        dt = self.params.tick_s
        while True:
            yield env.timeout(dt)
            with self.lock:
                self._step(dt)

    def _step(self, dt: float) -> None:
        """One physics tick; the order matters (each subsystem reads what the one before wrote)."""
        self._step_clock(dt)
        speed_kph, dist_km = self._step_speed(dt)
        outside_c = self._step_outside(dt)
        hvac_kw = self._step_cabin(dt, outside_c)
        self._step_tires(dt, outside_c, speed_kph)
        self._step_battery(dt, speed_kph, hvac_kw)
        self._step_navigation(speed_kph, dist_km)
        self._update_warnings()

    def _step_clock(self, dt: float) -> None:
        s = self.state
        s.set_raw("time_of_day_h", (s["time_of_day_h"] + dt / SECONDS_PER_HOUR) % HOURS_PER_DAY)
        s.set_raw("trip_time_s", s["trip_time_s"] + dt)

    def _step_speed(self, dt: float) -> tuple[float, float]:
        """Chase the target speed with bounded acceleration; return (speed kph, distance km this tick)."""
        p, s = self.params, self.state
        target = self._target_speed_kph
        if s["nav.congestion"]:
            target = min(target, p.congestion_max_speed_kph)
        v = s["speed_kph"]
        v = min(v + p.accel_kph_per_s * dt, target) if target > v else max(v - p.decel_kph_per_s * dt, target)
        s.set_raw("speed_kph", v)
        if v > p.moving_min_speed_kph:
            s.set_raw("gear", "D")
        elif self._profile == "parked":
            s.set_raw("gear", "P")
        dist_km = v * dt / SECONDS_PER_HOUR
        s.set_raw("odometer_km", s["odometer_km"] + dist_km)
        return v, dist_km

    def _step_outside(self, dt: float) -> float:
        """Relax the outside air toward its weather-cooled base; return the new temperature (°C)."""
        p, s = self.params, self.state
        target_c = self._outside_base_c - p.weather_cooling_c(s["weather"])
        outside_c = s["outside_temp_c"] + (target_c - s["outside_temp_c"]) * min(1.0, dt / p.outside_temp_tau_s)
        s.set_raw("outside_temp_c", outside_c)
        return outside_c

    def _sun(self) -> float:
        """Sunshine on the cabin, 0..1: a half sine over the daylight hours, dimmed by the weather."""
        p, s = self.params, self.state
        elevation = math.sin(math.pi * (s["time_of_day_h"] - p.sunrise_h) / p.daylight_h)
        return max(0.0, elevation) * p.sun_share(s["weather"])

    def _step_cabin(self, dt: float, outside_c: float) -> float:
        """Advance every zone's air temperature together; return the HVAC's electric load (kW)."""
        p, s = self.params, self.state
        sun = self._sun()
        temps = [s[f"cabin_temp_c.{z}"] for z in SEATS]
        mean_c = sum(temps) / len(temps)
        hvac_on = s["hvac.power"]
        new_temps = {}
        hvac_kw = 0.0
        for z, cabin_c in zip(SEATS, temps):
            leak_per_s = (p.cabin_loss_per_s + p.window_coupling_per_s * (s[f"window_pct.{z}"] / PERCENT)
                          + p.sunroof_coupling_per_s * s["sunroof_pct"] / PERCENT)
            dT = (leak_per_s * (outside_c - cabin_c) + p.zone_mixing_per_s * (mean_c - cabin_c)
                  + p.sun_gain_c_per_s * sun)
            if hvac_on and s[f"hvac.zone_on.{z}"]:
                fan, supply_c = self._zone_supply(z, cabin_c, outside_c)
                dT += p.fan_rate_per_level_per_s * fan * (supply_c - cabin_c)
                hvac_kw += self._zone_hvac_kw(fan, supply_c, cabin_c)
            new_temps[z] = cabin_c + dT * dt
        for z, value in new_temps.items():
            s.set_raw(f"cabin_temp_c.{z}", value)
        return hvac_kw

    def _zone_supply(self, zone: str, cabin_c: float, outside_c: float) -> tuple[int, float]:
        """The zone's fan level (set here in auto mode) and supply air temperature (°C)."""
        p, s = self.params, self.state
        set_c = s[f"hvac.set_temp_c.{zone}"]
        if s["hvac.auto"]:
            level = p.auto_fan_min_level + abs(set_c - cabin_c) // p.auto_fan_c_per_level
            s.set_raw(f"hvac.fan_level.{zone}", int(min(p.auto_fan_max_level, max(p.auto_fan_min_level, level))))
        supply_c = min(max(set_c + p.hvac_gain * (set_c - cabin_c), p.hvac_supply_min_c), p.hvac_supply_max_c)
        if not s["hvac.ac"] and supply_c < cabin_c:
            # Without the compressor the air can't be cooled below the (slightly warmed) fresh air.
            supply_c = max(supply_c, min(cabin_c, outside_c + p.no_ac_supply_above_outside_c))
        return s[f"hvac.fan_level.{zone}"], supply_c

    def _zone_hvac_kw(self, fan: int, supply_c: float, cabin_c: float) -> float:
        p, zones = self.params, len(SEATS)
        zone_kw = (p.hvac_base_kw + p.hvac_kw_per_c * abs(supply_c - cabin_c)) / zones
        return min(p.hvac_max_kw / zones, zone_kw * fan / p.hvac_reference_fan_level)

    def _step_tires(self, dt: float, outside_c: float, speed_kph: float) -> None:
        p, s = self.params, self.state
        target_c = outside_c + p.tire_warmup_c_per_kph * speed_kph
        alpha = min(1.0, dt / p.tire_temp_tau_s)
        for w in WHEELS:
            t_c = s[f"tire_temp_c.{w}"]
            t_c += (target_c - t_c) * alpha
            s.set_raw(f"tire_temp_c.{w}", t_c)
            if w in self._leaks:
                lost = p.tire_leak_kpa_per_min / SECONDS_PER_MINUTE * dt / (t_c + KELVIN)
                self._tire_air[w] = max(0.0, self._tire_air[w] - lost)
            s.set_raw(f"tire_pressure_kpa.{w}", self._tire_air[w] * (t_c + KELVIN))

    def _step_battery(self, dt: float, speed_kph: float, hvac_kw: float) -> None:
        p, v = self.params, speed_kph
        traction_kw = p.traction_kw_per_kph * v + p.aero_kw_per_kph3 * v ** 3
        total_kw = traction_kw + hvac_kw + p.aux_load_kw
        self._energy_kwh = max(0.0, self._energy_kwh - total_kw * dt / SECONDS_PER_HOUR)
        self.state.set_raw("battery_pct", self._energy_kwh / p.battery_capacity_kwh * PERCENT)
        if v > p.consumption_min_speed_kph:
            inst_kwh_per_km = total_kw / v
            self._consumption_kwh_per_km += ((inst_kwh_per_km - self._consumption_kwh_per_km)
                                             * min(1.0, dt / p.consumption_tau_s))
        self._refresh_range()

    def _step_navigation(self, speed_kph: float, dist_km: float) -> None:
        s = self.state
        if not s["nav.active"]:
            return
        remaining = max(0.0, s["nav.remaining_km"] - dist_km)
        s.set_raw("nav.remaining_km", remaining)
        s.set_raw("nav.eta_min", remaining / max(speed_kph, self.params.eta_min_speed_kph) * MINUTES_PER_HOUR)
        if remaining <= 0.0:
            dest = s["nav.destination"]
            s.set_raw("nav.active", False)
            s.set_raw("nav.destination", "")
            s.set_raw("nav.category", "")
            self._emit("nav-arrived", {"destination": dest})

    def _refresh_range(self) -> None:
        per_km = max(self.params.range_min_kwh_per_km, self._consumption_kwh_per_km)
        self.state.set_raw("range_km", min(self.params.range_max_km, self._energy_kwh / per_km))

    def _update_warnings(self) -> None:
        s, p = self.state, self.params
        active = list(s["warnings"])
        wanted = set(active)
        for w in WHEELS:
            kpa = s[f"tire_pressure_kpa.{w}"]
            low, high = f"tire_pressure_low:{w}", f"tire_pressure_high:{w}"
            # Hysteresis: a warning clears only a margin inside the range, so a pressure hovering at
            # the limit (tires warm and cool with speed) cannot flap it.
            if kpa < TIRE_PRESSURE_MIN_KPA:
                wanted.add(low)
            elif kpa > TIRE_PRESSURE_MIN_KPA + p.tire_warning_clear_margin_kpa:
                wanted.discard(low)
            if kpa > TIRE_PRESSURE_MAX_KPA:
                wanted.add(high)
            elif kpa < TIRE_PRESSURE_MAX_KPA - p.tire_warning_clear_margin_kpa:
                wanted.discard(high)
        if s["battery_pct"] < p.low_battery_pct:
            wanted.add("low_battery")
        elif s["battery_pct"] > p.low_battery_pct + p.low_battery_clear_margin_pct:
            wanted.discard("low_battery")
        if s["range_km"] < p.low_range_km:
            wanted.add("low_range")
        elif s["range_km"] > p.low_range_km + p.low_range_clear_margin_km:
            wanted.discard("low_range")
        if wanted == set(active):
            return
        kept = [w for w in active if w in wanted]
        added = sorted(wanted - set(active))
        for name in added:
            self._emit("warning-raised", {"warning": name})
        for name in active:
            if name not in wanted:
                self._emit("warning-cleared", {"warning": name})
        s.set_raw("warnings", kept + added)


def make_world(seed: int = 0, overrides: Mapping[str, Any] | None = None, speed_profile: str = "mixed",
               realtime_factor: float | None = None, **params: Any) -> World:
    """Build a world; ``overrides`` are checked against the signal catalog first."""
    base = replace(WorldParams(), seed=seed, speed_profile=speed_profile, **params)
    for name, value in (overrides or {}).items():
        signal(name).coerce(value)
    return World(base, overrides, realtime_factor)
