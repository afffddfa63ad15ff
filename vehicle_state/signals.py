"""The signal catalog: every vehicle signal, its unit (in its name), range, zones and the
names other standards give it (COVESA VSS path, AAOS VHAL property + area).

State is a flat mapping ``dotted name -> value``; zoned families expand to
``family.zone`` (``cabin_temp_c.driver``, ``tire_pressure_kpa.front_left``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

SEATS = ("driver", "passenger", "rear_left", "rear_right")
WHEELS = ("front_left", "front_right", "rear_left", "rear_right")
WEATHERS = ("clear", "cloudy", "rain", "snow")
GEARS = ("P", "R", "N", "D")

# VSS row/side words and VHAL area names per zone.
_SEAT_VSS = {
    "driver": "Row1.DriverSide", "passenger": "Row1.PassengerSide",
    "rear_left": "Row2.DriverSide", "rear_right": "Row2.PassengerSide",
}
_SEAT_AREA = {"driver": "ROW_1_LEFT", "passenger": "ROW_1_RIGHT", "rear_left": "ROW_2_LEFT",
              "rear_right": "ROW_2_RIGHT"}
_WHEEL_VSS = {"front_left": "Row1.Wheel.Left", "front_right": "Row1.Wheel.Right",
              "rear_left": "Row2.Wheel.Left", "rear_right": "Row2.Wheel.Right"}
_WHEEL_AREA = {"front_left": "LF", "front_right": "RF", "rear_left": "LR", "rear_right": "RR"}


@dataclass(frozen=True)
class Signal:
    """One signal. ``kind``: float | int | bool | enum | text | list."""

    name: str
    kind: str
    default: Any
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[str, ...] = ()
    vss: str | None = None
    vhal: str | None = None
    description: str = ""

    @property
    def family(self) -> str:
        return self.name.split(".")[0] if "." not in self.name else self.name.rsplit(".", 1)[0]

    def coerce(self, value: Any) -> Any:
        """Check and convert a value for this signal; raise ValueError with a clear message."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("true", "1", "on", "yes"):
                return True
            if isinstance(value, str) and value.strip().lower() in ("false", "0", "off", "no"):
                return False
            if isinstance(value, (int, float)) and value in (0, 1):
                return bool(value)
            raise ValueError(f"{self.name} takes true or false, got {value!r}")
        if self.kind in ("float", "int"):
            if isinstance(value, bool):
                raise ValueError(f"{self.name} takes a number, got {value!r}")
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{self.name} takes a number, got {value!r}") from None
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(f"{self.name} takes a finite number, got {value!r}")
            if self.min_value is not None and number < self.min_value or \
                    self.max_value is not None and number > self.max_value:
                raise ValueError(
                    f"{self.name} must be within {self.min_value:g}..{self.max_value:g}, got {value!r}")
            if self.kind == "int":
                if not number.is_integer():
                    raise ValueError(f"{self.name} takes a whole number, got {value!r}")
                return int(number)
            return number
        if self.kind == "enum":
            text = str(value).strip()
            for choice in self.choices:
                if text.lower() == choice.lower():
                    return choice
            raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}, got {value!r}")
        if self.kind == "text":
            if value is None:
                return None
            return str(value)
        if self.kind == "list":
            if isinstance(value, str):
                return [v for v in (p.strip() for p in value.split(",")) if v]
            if isinstance(value, (list, tuple)):
                return [str(v) for v in value]
            raise ValueError(f"{self.name} takes a list, got {value!r}")
        raise AssertionError(self.kind)


# Each group adds its signals in catalog order: add(name, kind, default, min, max, **fields).
_Add = Callable[..., None]


def _drive_signals(add: _Add) -> None:
    """Motion, the clock and the world outside."""
    add("speed_kph", "float", 0.0, 0, 250, vss="Vehicle.Speed", vhal="PERF_VEHICLE_SPEED")
    add("gear", "enum", "P", choices=GEARS, vss="Vehicle.Powertrain.Transmission.SelectedGear",
        vhal="GEAR_SELECTION")
    add("odometer_km", "float", 12000.0, 0, 2_000_000, vss="Vehicle.TraveledDistance", vhal="PERF_ODOMETER")
    add("outside_temp_c", "float", 18.0, -40, 55, vss="Vehicle.Exterior.AirTemperature",
        vhal="ENV_OUTSIDE_TEMPERATURE")
    add("weather", "enum", "clear", choices=WEATHERS, description="clear, cloudy, rain or snow")
    add("time_of_day_h", "float", 8.0, 0, 24, description="local clock time in hours (8.5 = 08:30)")
    add("trip_time_s", "float", 0.0, 0, 10_000_000, description="time since the trip started")


def _climate_signals(add: _Add) -> None:
    """Cabin air temperatures and the climate controls."""
    for seat in SEATS:
        area = _SEAT_AREA[seat]
        add(f"cabin_temp_c.{seat}", "float", 18.0, -40, 80,
            vss="Vehicle.Cabin.HVAC.AmbientAirTemperature" if seat == "driver" else None,
            vhal=f"HVAC_TEMPERATURE_CURRENT[{area}]")
    add("hvac.power", "bool", False, vhal="HVAC_POWER_ON")
    for seat in SEATS:
        area = _SEAT_AREA[seat]
        station = f"Vehicle.Cabin.HVAC.Station.{_SEAT_VSS[seat]}"
        add(f"hvac.zone_on.{seat}", "bool", True, description="zone served when HVAC is on")
        add(f"hvac.set_temp_c.{seat}", "float", 22.0, 16, 32, vss=f"{station}.Temperature",
            vhal=f"HVAC_TEMPERATURE_SET[{area}]")
        add(f"hvac.fan_level.{seat}", "int", 3, 0, 7, vss=f"{station}.FanSpeed",
            vhal=f"HVAC_FAN_SPEED[{area}]")
    add("hvac.ac", "bool", False, vss="Vehicle.Cabin.HVAC.IsAirConditioningActive", vhal="HVAC_AC_ON")
    add("hvac.auto", "bool", False, vhal="HVAC_AUTO_ON")
    add("hvac.recirculation", "bool", False, vss="Vehicle.Cabin.HVAC.IsRecirculationActive",
        vhal="HVAC_RECIRC_ON")
    add("hvac.defrost.front", "bool", False, vss="Vehicle.Cabin.HVAC.IsFrontDefrosterActive",
        vhal="HVAC_DEFROSTER[WINDSHIELD]")
    add("hvac.defrost.rear", "bool", False, vss="Vehicle.Cabin.HVAC.IsRearDefrosterActive",
        vhal="HVAC_DEFROSTER[REAR_WINDSHIELD]")


def _seat_signals(add: _Add) -> None:
    """Seat heating, ventilation and massage."""
    for seat in SEATS:
        area = _SEAT_AREA[seat]
        vseat = f"Vehicle.Cabin.Seat.{_SEAT_VSS[seat]}"
        add(f"seat.heat_level.{seat}", "int", 0, 0, 3, vss=f"{vseat}.HeatingCooling",
            vhal=f"HVAC_SEAT_TEMPERATURE[{area}]", description="0 = off")
        add(f"seat.vent_level.{seat}", "int", 0, 0, 3, vhal=f"HVAC_SEAT_VENTILATION[{area}]",
            description="0 = off")
        add(f"seat.massage.{seat}", "bool", False, vss=f"{vseat}.Massage")


def _body_signals(add: _Add) -> None:
    """Windows, sunroof and lights."""
    for seat in SEATS:
        area = _SEAT_AREA[seat]
        add(f"window_pct.{seat}", "int", 0, 0, 100,
            vss=f"Vehicle.Cabin.Door.{_SEAT_VSS[seat]}.Window.Position", vhal=f"WINDOW_POS[{area}]",
            description="0 = closed, 100 = fully open")
    add("sunroof_pct", "int", 0, 0, 100, vss="Vehicle.Cabin.Sunroof.Position", vhal="WINDOW_POS[ROOF_TOP_1]")
    add("light.ambient.on", "bool", False, vss="Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.IsLightOn")
    add("light.ambient.color", "enum", "white",
        choices=("red", "orange", "yellow", "green", "blue", "purple", "white", "pink"),
        vss="Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Color")
    add("light.ambient.brightness_pct", "int", 60, 0, 100,
        vss="Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Intensity")
    for seat in SEATS:
        add(f"light.reading.{seat}", "bool", False,
            vss=f"Vehicle.Cabin.Light.Spotlight.{_SEAT_VSS[seat].split('.')[0]}.IsSharedOn",
            vhal=f"READING_LIGHTS_STATE[{_SEAT_AREA[seat]}]")


def _media_signals(add: _Add) -> None:
    """Media, navigation and phone."""
    add("media.source", "enum", "online", choices=("radio", "bluetooth", "online", "usb"),
        vss="Vehicle.Cabin.Infotainment.Media.Played.Source")
    add("media.track", "text", "", vss="Vehicle.Cabin.Infotainment.Media.Played.Track")
    add("media.playing", "bool", False, vss="Vehicle.Cabin.Infotainment.Media.Action")
    add("media.volume_pct", "int", 30, 0, 100, vss="Vehicle.Cabin.Infotainment.Media.Volume")
    add("media.mute", "bool", False)
    add("nav.active", "bool", False)
    add("nav.destination", "text", "", vss="Vehicle.Cabin.Infotainment.Navigation.DestinationSet")
    add("nav.category", "text", "")
    add("nav.remaining_km", "float", 0.0, 0, 20000)
    add("nav.eta_min", "float", 0.0, 0, 100000)
    add("nav.congestion", "bool", False)
    add("nav.avoid", "list", [])
    add("phone.in_call", "bool", False)
    add("phone.contact", "text", "")


def _chassis_signals(add: _Add) -> None:
    """Tires, battery, range and warnings."""
    for wheel in WHEELS:
        base = f"Vehicle.Chassis.Axle.{_WHEEL_VSS[wheel]}.Tire"
        add(f"tire_pressure_kpa.{wheel}", "float", 240.0, 0, 450, vss=f"{base}.Pressure",
            vhal=f"TIRE_PRESSURE[{_WHEEL_AREA[wheel]}]")
        add(f"tire_temp_c.{wheel}", "float", 18.0, -40, 150, vss=f"{base}.Temperature")
    add("battery_pct", "float", 80.0, 0, 100, vss="Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed",
        vhal="EV_BATTERY_LEVEL")
    add("range_km", "float", 400.0, 0, 2000, vss="Vehicle.Powertrain.Range", vhal="RANGE_REMAINING")
    add("warnings", "list", [], description="active warnings, e.g. tire_pressure_low:front_left")


_GROUPS = (_drive_signals, _climate_signals, _seat_signals, _body_signals, _media_signals, _chassis_signals)


def _build() -> dict[str, Signal]:
    out: list[Signal] = []

    def add(*args: Any, **kw: Any) -> None:
        out.append(Signal(*args, **kw))

    for group in _GROUPS:
        group(add)
    return {s.name: s for s in out}


SIGNALS: dict[str, Signal] = _build()

# VHAL default recommended tire pressure range (kPa).
TIRE_PRESSURE_MIN_KPA = 193.0
TIRE_PRESSURE_MAX_KPA = 300.0


class UnknownSignalError(KeyError):
    def __init__(self, name: str):
        close = [n for n in SIGNALS if name.split(".")[0] in n][:8]
        hint = f"; did you mean one of: {', '.join(close)}" if close else "; see `cockpit-sim signals`"
        super().__init__(f"unknown signal {name!r}{hint}")
        self.message = f"unknown signal {name!r}{hint}"

    def __str__(self) -> str:
        return self.message


def signal(name: str) -> Signal:
    try:
        return SIGNALS[name]
    except KeyError:
        raise UnknownSignalError(name) from None
