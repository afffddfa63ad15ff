"""apply(state, command) -> Outcome: what a command changes, what the car says back.

Defaults the command model must not fill in (speaker zone, default seat level, default
temperature step) are applied here, as the contract requires.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .commands import Command, INTENTS, ZONE_GROUPS, validate_command
from .safety import DEFAULT_POLICY, Refusal, SafetyPolicy
from .signals import SEATS, WHEELS, TIRE_PRESSURE_MIN_KPA, TIRE_PRESSURE_MAX_KPA
from .state import VehicleState
from .warnings import BY_ID, find_warning, warning_id

DEFAULT_SEAT_LEVEL = 2
DEFAULT_TEMP_STEP_C = 1.0
DEFAULT_FAN_STEP = 1
DEFAULT_VOLUME_STEP_PCT = 10
# No percent means fully open (the model writes "a bit" as percent 20, per the contract).
FULL_OPEN_PCT = 100

ZONE_NAMES = {
    "zh": {"driver": "主驾", "passenger": "副驾", "rear_left": "左后", "rear_right": "右后",
           "front": "前排", "rear": "后排", "all": "全车"},
    "en": {"driver": "driver", "passenger": "passenger", "rear_left": "rear left", "rear_right": "rear right",
           "front": "front", "rear": "rear", "all": "all"},
}
WHEEL_NAMES = {
    "zh": {"front_left": "左前", "front_right": "右前", "rear_left": "左后", "rear_right": "右后"},
    "en": {"front_left": "front-left", "front_right": "front-right", "rear_left": "rear-left",
           "rear_right": "rear-right"},
}
COLOR_NAMES_ZH = {"red": "红色", "orange": "橙色", "yellow": "黄色", "green": "绿色", "blue": "蓝色",
                  "purple": "紫色", "white": "白色", "pink": "粉色"}
CATEGORY_NAMES = {
    "charging_station": ("充电站", "charging station"), "gas_station": ("加油站", "gas station"),
    "parking": ("停车场", "parking"), "restaurant": ("餐厅", "restaurant"),
    "service_center": ("维修服务站", "service center"), "restroom": ("洗手间", "restroom"),
    "hotel": ("酒店", "hotel"),
}
AVOID_NAMES = {"congestion": ("拥堵", "congestion"), "tolls": ("收费路段", "tolls"),
               "highways": ("高速", "highways")}
SOURCE_NAMES = {"radio": ("收音机", "radio"), "bluetooth": ("蓝牙音乐", "Bluetooth audio"),
                "online": ("在线音乐", "online music"), "usb": ("USB", "USB")}


@dataclass(frozen=True)
class ApplyContext:
    speaker_zone: str = "driver"
    lang: str = "zh"


@dataclass
class Outcome:
    """The result of one command. ``status``: done | clamped | refused | noop (a query that answers is done)."""

    command: Command
    status: str
    reply: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reason: str | None = None

    @property
    def executed(self) -> bool:
        return self.status in ("done", "clamped")

    @property
    def refused(self) -> bool:
        return self.status == "refused"

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": self.command.to_dict(), "status": self.status, "reply": self.reply,
            "reason": self.reason,
            "changes": {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()},
        }


def _contract_range(intent: str, slot: str) -> tuple[float, float]:
    """The valid range the contract gives a slot; apply clamps to it."""
    valid = INTENTS[intent].slots[slot].valid_range
    assert valid is not None, f"{intent}.{slot} has no range in the contract"
    return valid


class _Turn:
    """Collects the changes and reply pieces for one command."""

    def __init__(self, state: VehicleState, ctx: ApplyContext, command: Command):
        self.state, self.ctx, self.cmd = state, ctx, command
        self.before = state.copy()
        self.notes: list[str] = []
        self.status = "done"

    def t(self, zh: str, en: str) -> str:
        return zh if self.ctx.lang == "zh" else en

    def set(self, name: str, value: Any) -> None:
        self.state[name] = value

    def set_zones(self, values: Mapping[str, Any]) -> None:
        """Write ``family: value`` for every seat the command's zone covers."""
        for z in self.zones():
            for family, value in values.items():
                self.set(f"{family}.{z}", value)

    def zones(self) -> tuple[str, ...]:
        return ZONE_GROUPS[self.cmd.slots.get("zone") or self.ctx.speaker_zone]

    def zone_name(self) -> str:
        z = self.cmd.slots.get("zone") or self.ctx.speaker_zone
        return ZONE_NAMES[self.ctx.lang][z]

    def slot_range(self, slot: str) -> tuple[float, float]:
        return _contract_range(self.cmd.intent, slot)

    def clamp(self, value: float, lo: float, hi: float, unit_zh: str, unit_en: str) -> float:
        if value < lo or value > hi:
            new = min(max(value, lo), hi)
            self.status = "clamped"
            self.notes.append(self.t(f"可调范围是{lo:g}到{hi:g}{unit_zh}，已按{new:g}{unit_zh}执行",
                                     f"the range is {lo:g} to {hi:g}{unit_en}, so I used {new:g}{unit_en}"))
            return new
        return value

    def ensure_hvac_on(self) -> None:
        if not self.state["hvac.power"]:
            self.set("hvac.power", True)
            self.notes.append(self.t("已为您打开空调", "I turned the climate control on"))

    def finish(self, reply: str) -> Outcome:
        text = reply
        if self.notes:
            sep = "，" if self.ctx.lang == "zh" else "; "
            text = reply + sep + sep.join(self.notes)
        if self.ctx.lang == "zh" and not text.endswith(("。", "？", "！")):
            text += "。"
        elif self.ctx.lang == "en" and not text.endswith((".", "?", "!")):
            text += "."
        changes = self.state.diff(self.before)
        # A request that is already satisfied ("24 degrees" when it is 24) still counts as done.
        return Outcome(self.cmd, self.status, text, changes)

    def refuse(self, refusal: Refusal) -> Outcome:
        # A refusal changes nothing, even if a helper had already written a value.
        for name, (old, _new) in self.state.diff(self.before).items():
            self.state.set_raw(name, old)
        return Outcome(self.cmd, "refused", refusal.reply(self.ctx.lang), {}, refusal.code)


def _onoff(t: _Turn, on: bool) -> str:
    return t.t("打开" if on else "关闭", "on" if on else "off")


# ---------------------------------------------------------------- HVAC
def _hvac_power(t: _Turn) -> Outcome:
    on = t.cmd.slots["on"]
    zone = t.cmd.slots.get("zone")
    if on:
        t.set("hvac.power", True)
        for z in (ZONE_GROUPS[zone] if zone else SEATS):
            t.set(f"hvac.zone_on.{z}", True)
        where = t.zone_name() if zone else ""
        return t.finish(t.t(f"已打开{where}空调", f"Climate control is on{' for ' + where if where else ''}"))
    if zone and set(ZONE_GROUPS[zone]) != set(SEATS):
        for z in ZONE_GROUPS[zone]:
            t.set(f"hvac.zone_on.{z}", False)
        return t.finish(t.t(f"已关闭{t.zone_name()}空调", f"Climate control is off for the {t.zone_name()} zone"))
    t.set("hvac.power", False)
    return t.finish(t.t("已关闭空调", "Climate control is off"))


def _set_temp(t: _Turn) -> Outcome:
    value = float(t.cmd.slots["value"])
    value = t.clamp(value, *t.slot_range("value"), "度", " °C")
    value = round(value * 2) / 2
    t.ensure_hvac_on()
    t.set_zones({"hvac.zone_on": True, "hvac.set_temp_c": value})
    return t.finish(t.t(f"{t.zone_name()}温度已设为{value:g}度", f"{t.zone_name().capitalize()} temperature set to {value:g} °C"))


def _adjust_temp(t: _Turn) -> Outcome:
    step = float(t.cmd.slots.get("amount", DEFAULT_TEMP_STEP_C))
    sign = 1 if t.cmd.slots["direction"] == "up" else -1
    t.ensure_hvac_on()
    values = []
    for z in t.zones():
        cur = t.state[f"hvac.set_temp_c.{z}"]
        target = round((cur + sign * step) * 2) / 2
        lo, hi = _contract_range("hvac.set_temperature", "value")
        new = min(max(target, float(lo)), float(hi))
        if new != target and not any("范围" in n or "range" in n for n in t.notes):
            t.status = "clamped"
            t.notes.append(t.t(f"已到{'最高' if sign > 0 else '最低'}{new:g}度", f"that is the {'maximum' if sign > 0 else 'minimum'}, {new:g} °C"))
        t.set(f"hvac.set_temp_c.{z}", new)
        values.append(new)
    word = t.t("调高" if sign > 0 else "调低", "raised" if sign > 0 else "lowered")
    return t.finish(t.t(f"{t.zone_name()}温度已{word}到{values[0]:g}度",
                        f"{t.zone_name().capitalize()} temperature {word} to {values[0]:g} °C"))


def _set_fan(t: _Turn) -> Outcome:
    level = int(t.clamp(float(t.cmd.slots["level"]), *t.slot_range("level"), "档", ""))
    t.ensure_hvac_on()
    t.set_zones({"hvac.fan_level": level})
    return t.finish(t.t(f"{t.zone_name()}风量已调到{level}档", f"{t.zone_name().capitalize()} fan set to level {level}"))


def _adjust_fan(t: _Turn) -> Outcome:
    step = int(t.cmd.slots.get("amount", DEFAULT_FAN_STEP))
    sign = 1 if t.cmd.slots["direction"] == "up" else -1
    t.ensure_hvac_on()
    lo, hi = _contract_range("hvac.set_fan", "level")
    level = 0
    for z in t.zones():
        cur = t.state[f"hvac.fan_level.{z}"]
        level = min(max(cur + sign * step, lo), hi)
        t.set(f"hvac.fan_level.{z}", level)
    word = t.t("调大" if sign > 0 else "调小", "up" if sign > 0 else "down")
    return t.finish(t.t(f"风量已{word}到{level}档", f"Fan turned {word} to level {level}"))


def _hvac_flag(signal: str, zh: str, en: str) -> Callable[[_Turn], Outcome]:
    def run(t: _Turn) -> Outcome:
        on = t.cmd.slots["on"]
        if on:
            t.ensure_hvac_on()
        t.set(signal, on)
        return t.finish(t.t(f"已{_onoff(t, on)}{zh}", f"{en} {_onoff(t, on)}"))
    return run


def _recirculation(t: _Turn) -> Outcome:
    on = t.cmd.slots["on"]
    t.set("hvac.recirculation", on)
    return t.finish(t.t("已切换到内循环" if on else "已切换到外循环",
                        "Recirculation on" if on else "Fresh-air mode on"))


def _defrost(t: _Turn) -> Outcome:
    on, target = t.cmd.slots["on"], t.cmd.slots["target"]
    if on and target == "front":
        t.ensure_hvac_on()
    t.set(f"hvac.defrost.{target}", on)
    zh = "前挡除雾" if target == "front" else "后窗除雾"
    en = "Front defrost" if target == "front" else "Rear defrost"
    return t.finish(t.t(f"已{_onoff(t, on)}{zh}", f"{en} {_onoff(t, on)}"))


# ---------------------------------------------------------------- seats
def _seat_level(kind: str, zh: str, en: str) -> Callable[[_Turn], Outcome]:
    def run(t: _Turn) -> Outcome:
        on = t.cmd.slots["on"]
        level = t.cmd.slots.get("level")
        if level is not None:
            level = int(t.clamp(float(level), *t.slot_range("level"), "档", ""))
        for z in t.zones():
            name = f"seat.{kind}_level.{z}"
            if not on:
                t.set(name, 0)
                continue
            t.set(name, level or (t.state[name] or DEFAULT_SEAT_LEVEL))
            other = f"seat.{'vent' if kind == 'heat' else 'heat'}_level.{z}"
            if t.state[other]:
                # Heating and ventilation of one seat exclude each other.
                t.set(other, 0)
        if not on:
            return t.finish(t.t(f"已关闭{t.zone_name()}{zh}", f"{t.zone_name().capitalize()} seat {en} off"))
        shown = t.state[f"seat.{kind}_level.{t.zones()[0]}"]
        return t.finish(t.t(f"{t.zone_name()}{zh}已打开，{shown}档",
                            f"{t.zone_name().capitalize()} seat {en} on, level {shown}"))
    return run


def _zone_switch(family: str, zh: str, en: str) -> Callable[[_Turn], Outcome]:
    """An on/off per seat (massage, reading light) for the zones the command names."""
    def run(t: _Turn) -> Outcome:
        on = t.cmd.slots["on"]
        t.set_zones({family: on})
        return t.finish(t.t(f"已{_onoff(t, on)}{t.zone_name()}{zh}",
                            f"{t.zone_name().capitalize()} {en} {_onoff(t, on)}"))
    return run


# ---------------------------------------------------------------- windows, sunroof
def _window_open(t: _Turn) -> Outcome:
    pct = int(t.clamp(float(t.cmd.slots.get("percent", FULL_OPEN_PCT)), *t.slot_range("percent"), "%", "%"))
    t.set_zones({"window_pct": pct})
    how = t.t("全部打开" if pct == 100 else f"打开到{pct}%", "fully" if pct == 100 else f"to {pct}%")
    note = ""
    if t.state["weather"] in ("rain", "snow"):
        note = t.t("，外面在下雨雪，注意别淋湿", "; note it is raining or snowing outside")
    return t.finish(t.t(f"{t.zone_name()}车窗已{how}{note}", f"{t.zone_name().capitalize()} window opened {how}{note}"))


def _window_close(t: _Turn) -> Outcome:
    t.set_zones({"window_pct": 0})
    return t.finish(t.t(f"{t.zone_name()}车窗已关闭", f"{t.zone_name().capitalize()} window closed"))


def _sunroof_open(t: _Turn) -> Outcome:
    pct = int(t.clamp(float(t.cmd.slots.get("percent", FULL_OPEN_PCT)), *t.slot_range("percent"), "%", "%"))
    t.set("sunroof_pct", pct)
    how = t.t("全部打开" if pct == 100 else f"打开到{pct}%", "fully" if pct == 100 else f"to {pct}%")
    return t.finish(t.t(f"天窗已{how}", f"Sunroof opened {how}"))


def _sunroof_close(t: _Turn) -> Outcome:
    t.set("sunroof_pct", 0)
    return t.finish(t.t("天窗已关闭", "Sunroof closed"))


# ---------------------------------------------------------------- lights
def _ambient(t: _Turn) -> Outcome:
    s = t.cmd.slots
    on = s.get("on", True if ("color" in s or "brightness" in s) else None)
    if on is None:
        on = not t.state["light.ambient.on"]
    t.set("light.ambient.on", on)
    if not on:
        return t.finish(t.t("氛围灯已关闭", "Ambient light off"))
    parts_zh, parts_en = [], []
    if "color" in s:
        t.set("light.ambient.color", s["color"])
        parts_zh.append(COLOR_NAMES_ZH[s["color"]])
        parts_en.append(s["color"])
    if "brightness" in s:
        b = int(t.clamp(float(s["brightness"]), *t.slot_range("brightness"), "%", "%"))
        t.set("light.ambient.brightness_pct", b)
        parts_zh.append(f"亮度{b}%")
        parts_en.append(f"brightness {b}%")
    detail_zh = ("，" + "，".join(parts_zh)) if parts_zh else ""
    detail_en = (": " + ", ".join(parts_en)) if parts_en else ""
    return t.finish(t.t(f"氛围灯已打开{detail_zh}", f"Ambient light on{detail_en}"))


# ---------------------------------------------------------------- media
def _play(t: _Turn) -> Outcome:
    s = t.cmd.slots
    if "source" in s:
        t.set("media.source", s["source"])
    if "query" in s:
        t.set("media.track", s["query"])
    t.set("media.playing", True)
    if t.state["media.mute"]:
        t.set("media.mute", False)
    if "query" in s:
        return t.finish(t.t(f"正在播放{s['query']}", f"Playing {s['query']}"))
    if "source" in s:
        zh, en = SOURCE_NAMES[s["source"]]
        return t.finish(t.t(f"已切换到{zh}并开始播放", f"Playing {en}"))
    return t.finish(t.t("继续播放", "Resuming playback"))


def _pause(t: _Turn) -> Outcome:
    t.set("media.playing", False)
    return t.finish(t.t("已暂停播放", "Paused"))


PLAYLIST = ("晴天 - 周杰伦", "Yellow - Coldplay", "夜空中最亮的星 - 逃跑计划", "Shape of You - Ed Sheeran",
            "平凡之路 - 朴树", "Bohemian Rhapsody - Queen")


def _skip(t: _Turn) -> Outcome:
    step = 1 if t.cmd.slots["direction"] == "next" else -1
    cur = t.state["media.track"]
    idx = PLAYLIST.index(cur) if cur in PLAYLIST else -1 if step > 0 else 0
    t.set("media.track", PLAYLIST[(idx + step) % len(PLAYLIST)])
    t.set("media.playing", True)
    return t.finish(t.t("已切换到下一首" if step > 0 else "已切换到上一首", "Next track" if step > 0 else "Previous track"))


def _set_volume(t: _Turn) -> Outcome:
    v = int(t.clamp(float(t.cmd.slots["value"]), *t.slot_range("value"), "", ""))
    t.set("media.volume_pct", v)
    if v > 0 and t.state["media.mute"]:
        t.set("media.mute", False)
    return t.finish(t.t(f"音量已调到{v}", f"Volume set to {v}"))


def _adjust_volume(t: _Turn) -> Outcome:
    step = int(t.cmd.slots.get("amount", DEFAULT_VOLUME_STEP_PCT))
    sign = 1 if t.cmd.slots["direction"] == "up" else -1
    lo, hi = _contract_range("media.set_volume", "value")
    v = min(max(t.state["media.volume_pct"] + sign * step, lo), hi)
    t.set("media.volume_pct", v)
    if sign > 0 and t.state["media.mute"]:
        t.set("media.mute", False)
    return t.finish(t.t(f"音量已{'调大' if sign > 0 else '调小'}到{v}", f"Volume {'up' if sign > 0 else 'down'} to {v}"))


def _mute(t: _Turn) -> Outcome:
    on = t.cmd.slots["on"]
    t.set("media.mute", on)
    return t.finish(t.t("已静音" if on else "已取消静音", "Muted" if on else "Unmuted"))


# ---------------------------------------------------------------- navigation, phone
def _navigate(t: _Turn) -> Outcome:
    s = t.cmd.slots
    # The simulated map: a deterministic distance per destination so replays are identical.
    key = s.get("destination") or s.get("category") or ""
    if "category" in s:
        km = 2.0 + (sum(map(ord, key)) % 50) / 10
        zh, en = CATEGORY_NAMES[s["category"]]
        t.set("nav.destination", t.t(f"最近的{zh}", f"nearest {en}"))
        t.set("nav.category", s["category"])
    else:
        km = 5.0 + (sum(map(ord, key)) % 400) / 10
        t.set("nav.destination", s["destination"])
        t.set("nav.category", "")
    t.set("nav.active", True)
    t.set("nav.remaining_km", km)
    speed = max(t.state["speed_kph"], 30.0)
    t.set("nav.eta_min", round(km / speed * 60, 1))
    dest = t.state["nav.destination"]
    if dest in ("home", "work"):
        dest = t.t("家" if dest == "home" else "公司", dest)
    return t.finish(t.t(f"开始导航去{dest}，全程{km:.1f}公里", f"Navigating to {dest}, {km:.1f} km"))


def _nav_cancel(t: _Turn) -> Outcome:
    if not t.state["nav.active"]:
        return Outcome(t.cmd, "noop", t.t("当前没有进行中的导航。", "There is no active navigation."), {},
                       "no_active_navigation")
    for name, value in (("nav.active", False), ("nav.destination", ""), ("nav.category", ""),
                        ("nav.remaining_km", 0.0), ("nav.eta_min", 0.0)):
        t.set(name, value)
    return t.finish(t.t("已结束导航", "Navigation cancelled"))


def _nav_avoid(t: _Turn) -> Outcome:
    what = t.cmd.slots["what"]
    zh, en = AVOID_NAMES[what]
    avoid = list(t.state["nav.avoid"])
    if what not in avoid:
        avoid.append(what)
    t.set("nav.avoid", avoid)
    if not t.state["nav.active"]:
        return t.finish(t.t(f"已设置躲避{zh}，当前没有进行中的导航，下次规划路线时生效",
                            f"Will avoid {en}; there is no active navigation, it applies to the next route"))
    if what == "congestion" and t.state["nav.congestion"]:
        t.set("nav.congestion", False)
        t.set("nav.remaining_km", round(t.state["nav.remaining_km"] * 1.08 + 0.5, 1))
    return t.finish(t.t(f"已重新规划路线，避开{zh}", f"Rerouted to avoid {en}"))


def _call(t: _Turn) -> Outcome:
    contact = t.cmd.slots["contact"]
    t.set("phone.in_call", True)
    t.set("phone.contact", contact)
    return t.finish(t.t(f"正在呼叫{contact}", f"Calling {contact}"))


def _hang_up(t: _Turn) -> Outcome:
    if not t.state["phone.in_call"]:
        return Outcome(t.cmd, "noop", t.t("当前没有通话。", "There is no call in progress."), {}, "no_active_call")
    t.set("phone.in_call", False)
    t.set("phone.contact", "")
    return t.finish(t.t("已挂断电话", "Call ended"))


# ---------------------------------------------------------------- queries
def _query_vehicle(t: _Turn) -> Outcome:
    s, item = t.state, t.cmd.slots["item"]
    if item == "speed":
        reply = t.t(f"当前车速{s['speed_kph']:.0f}公里每小时", f"You are doing {s['speed_kph']:.0f} km/h")
    elif item == "range":
        reply = t.t(f"剩余续航约{s['range_km']:.0f}公里", f"About {s['range_km']:.0f} km of range left")
    elif item in ("battery", "fuel"):
        reply = t.t(f"剩余电量{s['battery_pct']:.0f}%，续航约{s['range_km']:.0f}公里",
                    f"Battery at {s['battery_pct']:.0f}%, about {s['range_km']:.0f} km of range")
        if item == "fuel":
            reply = t.t("这是一辆电动车，", "This car is electric: ") + reply
    elif item == "tire_pressure":
        low = [w for w in WHEELS if s[f"tire_pressure_kpa.{w}"] < TIRE_PRESSURE_MIN_KPA]
        high = [w for w in WHEELS if s[f"tire_pressure_kpa.{w}"] > TIRE_PRESSURE_MAX_KPA]
        values = "，".join(f"{WHEEL_NAMES['zh'][w]}{s[f'tire_pressure_kpa.{w}']:.0f}" for w in WHEELS)
        values_en = ", ".join(f"{WHEEL_NAMES['en'][w]} {s[f'tire_pressure_kpa.{w}']:.0f}" for w in WHEELS)
        if low or high:
            bad = low + high
            reply = t.t(f"{'、'.join(WHEEL_NAMES['zh'][w] for w in bad)}轮胎胎压异常（{values} kPa），请尽快检查",
                        f"Tire pressure is abnormal at {', '.join(WHEEL_NAMES['en'][w] for w in bad)} "
                        f"({values_en} kPa); please check soon")
        else:
            reply = t.t(f"胎压正常（{values} kPa）", f"Tire pressures are normal ({values_en} kPa)")
    elif item == "cabin_temperature":
        z = t.ctx.speaker_zone
        reply = t.t(f"车内温度{s[f'cabin_temp_c.{z}']:.1f}度", f"Cabin temperature is {s[f'cabin_temp_c.{z}']:.1f} °C")
    else:
        reply = t.t(f"车外温度{s['outside_temp_c']:.1f}度", f"Outside temperature is {s['outside_temp_c']:.1f} °C")
    return t.finish(reply)


_WEATHER_NAMES = {"clear": ("晴", "clear"), "cloudy": ("多云", "cloudy"), "rain": ("有雨", "rainy"),
                  "snow": ("有雪", "snowy")}


def _query_weather(t: _Turn) -> Outcome:
    s = t.cmd.slots
    zh, en = _WEATHER_NAMES[t.state["weather"]]
    temp = t.state["outside_temp_c"]
    where = s.get("location")
    day = s.get("day", "today")
    if day == "tomorrow":
        reply = t.t(f"{where or ''}明天预计{zh}，气温约{temp:.0f}度",
                    f"Tomorrow{' in ' + where if where else ''} looks {en}, around {temp:.0f} °C")
    else:
        reply = t.t(f"{where or '当前'}天气{zh}，气温{temp:.0f}度",
                    f"It is {en}{' in ' + where if where else ''}, {temp:.0f} °C")
    if t.state["weather"] in ("rain", "snow"):
        reply += t.t("，记得带伞", "; take an umbrella")
    return t.finish(reply)


def _query_warning(t: _Turn) -> Outcome:
    name = t.cmd.slots.get("name")
    info = find_warning(name) if name else None
    active = [warning_id(w) for w in t.state["warnings"]]
    if info is None and not name and active:
        info = BY_ID.get(active[0])
    if info is None:
        if name:
            return t.finish(t.t(f"没有找到关于“{name}”的说明，请查阅用户手册", f"I have no explanation for '{name}'; please see the owner's manual"))
        return t.finish(t.t("当前没有警告", "There are no active warnings"))
    reply = info.explain(t.ctx.lang)
    if info.id == "tire_pressure_low":
        low = [w.split(":", 1)[1] for w in t.state["warnings"] if w.startswith("tire_pressure_low:")]
        if low:
            reply += t.t(f"（当前：{'、'.join(WHEEL_NAMES['zh'][w] for w in low)}轮胎）",
                         f" (now: {', '.join(WHEEL_NAMES['en'][w] for w in low)} tire)")
    return t.finish(reply)


def _screen_tap(t: _Turn) -> Outcome:
    # A tap only means something against a screen; the turn pipeline resolves it to the
    # control's own command. Reaching here means no such control is visible.
    label = t.cmd.slots["label"]
    return Outcome(t.cmd, "noop", t.t(f"屏幕上没有找到“{label}”。", f"I can't find '{label}' on the screen."),
                   {}, "no_such_control")


def _dialog(t: _Turn) -> Outcome:
    return Outcome(t.cmd, "noop", t.t("好的。", "Okay."), {}, "nothing_pending")


APPLIERS: dict[str, Callable[[_Turn], Outcome]] = {
    "hvac.power": _hvac_power,
    "hvac.set_temperature": _set_temp,
    "hvac.adjust_temperature": _adjust_temp,
    "hvac.set_fan": _set_fan,
    "hvac.adjust_fan": _adjust_fan,
    "hvac.ac": _hvac_flag("hvac.ac", "空调压缩机（A/C）", "A/C"),
    "hvac.auto": _hvac_flag("hvac.auto", "自动空调", "Auto climate"),
    "hvac.recirculation": _recirculation,
    "hvac.defrost": _defrost,
    "seat.heat": _seat_level("heat", "座椅加热", "heating"),
    "seat.ventilate": _seat_level("vent", "座椅通风", "ventilation"),
    "seat.massage": _zone_switch("seat.massage", "座椅按摩", "seat massage"),
    "window.open": _window_open,
    "window.close": _window_close,
    "sunroof.open": _sunroof_open,
    "sunroof.close": _sunroof_close,
    "light.ambient": _ambient,
    "light.reading": _zone_switch("light.reading", "阅读灯", "reading light"),
    "media.play": _play,
    "media.pause": _pause,
    "media.skip": _skip,
    "media.set_volume": _set_volume,
    "media.adjust_volume": _adjust_volume,
    "media.mute": _mute,
    "nav.navigate": _navigate,
    "nav.cancel": _nav_cancel,
    "nav.avoid": _nav_avoid,
    "phone.call": _call,
    "phone.hang_up": _hang_up,
    "query.vehicle": _query_vehicle,
    "query.weather": _query_weather,
    "query.warning": _query_warning,
    "screen.tap": _screen_tap,
    "dialog.confirm": _dialog,
    "dialog.reject": _dialog,
}


def apply(state: VehicleState, command: Command | Mapping[str, Any], ctx: ApplyContext | None = None,
          policy: SafetyPolicy = DEFAULT_POLICY) -> Outcome:
    """Apply one command to ``state`` in place; a refusal leaves ``state`` unchanged."""
    ctx = ctx or ApplyContext()
    cmd = validate_command(command)
    turn = _Turn(state, ctx, cmd)
    refusal = policy.check(cmd, state)
    if refusal is not None:
        return turn.refuse(refusal)
    assert set(APPLIERS) | {"unsupported"} == set(INTENTS), "every intent needs an applier"
    return APPLIERS[cmd.intent](turn)


def apply_all(state: VehicleState, commands: list[Command], ctx: ApplyContext | None = None,
              policy: SafetyPolicy = DEFAULT_POLICY) -> list[Outcome]:
    return [apply(state, c, ctx, policy) for c in commands]


def join_replies(outcomes: list[Outcome], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(o.reply for o in outcomes)
