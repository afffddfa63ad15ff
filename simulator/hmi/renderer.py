"""Draw the simulated center screen from the vehicle state, and say what was drawn where.

``render_screen(state, lang) -> (PIL.Image, HmiLayout)``. A dark cockpit theme on a
1280x720 design grid (other sizes scale it), Chinese or English, active buttons highlighted,
warnings as banners (with text) and status-bar icons. PIL is imported inside the functions so
importing this module stays cheap.
"""

from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from simulator.hmi.layout import (
    DESIGN_HEIGHT_PX, DESIGN_WIDTH_PX, GRID, DrawnControl, DrawnText, DrawnWarning, HmiLayout, Rect,
)
from vehicle_state.apply import SOURCE_NAMES, WHEEL_NAMES, ZONE_NAMES
from vehicle_state.signals import SEATS
from vehicle_state.state import VehicleState
from vehicle_state.warnings import BY_ID, warning_id

LANGS = ("zh", "en")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
FONT_ENV = "COCKPIT_SIM_FONT"

# Theme colours (RGB).
BG = (10, 13, 19)
STATUS_BG = (6, 8, 12)
CARD = (21, 26, 35)
CARD_EDGE = (38, 45, 58)
TILE = (30, 36, 48)
BUTTON = (40, 47, 61)
BUTTON_TEXT = (205, 212, 224)
ACTIVE = (0, 128, 255)
ACTIVE_TEXT = (255, 255, 255)
TEXT = (236, 240, 246)
MUTED = (138, 148, 166)
GOOD = (52, 199, 120)
CRITICAL = (214, 48, 49)
AMBER = (245, 166, 35)
AMBER_TEXT = (24, 18, 6)

CRITICAL_WARNINGS = frozenset({"tire_pressure_low", "tire_pressure_high", "brake_system", "oil_pressure",
                               "coolant_temp", "engine_check"})
MAX_BANNERS = 3

WEATHER_NAMES = {"clear": ("晴", "Clear"), "cloudy": ("多云", "Cloudy"), "rain": ("雨", "Rain"),
                 "snow": ("雪", "Snow")}
SOURCE_LABELS = {"online": ("在线音乐", "Online"), "bluetooth": ("蓝牙音乐", "Bluetooth"),
                 "radio": ("收音机", "Radio"), "usb": ("USB", "USB")}


class FontMissing(RuntimeError):
    """No CJK font is installed; the message says how to get one."""


def find_cjk_font() -> tuple[str, int]:
    """(path, face index) of Noto Sans CJK SC (Regular), searching the usual font folders.

    ``COCKPIT_SIM_FONT`` may name any TTF/OTF/TTC file with CJK glyphs instead."""
    return _find_font("Regular")


def find_cjk_bold_font() -> tuple[str, int]:
    try:
        return _find_font("Bold")
    except FontMissing:
        return _find_font("Regular")


@lru_cache(maxsize=4)
def _find_font(weight: str) -> tuple[str, int]:
    override = os.environ.get(FONT_ENV)
    if override:
        if not Path(override).is_file():
            raise FontMissing(f"{FONT_ENV}={override} is not a font file")
        return override, _sc_index(override)
    names = (f"NotoSansCJK-{weight}.ttc", f"NotoSansCJKsc-{weight}.otf", f"NotoSansSC-{weight}.otf",
             f"NotoSansCJKSC-{weight}.otf")
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for name in names:
            for path in root.rglob(name):
                return str(path), _sc_index(str(path))
    raise FontMissing("no Noto Sans CJK font found under /usr/share/fonts: install the Debian package "
                      f"fonts-noto-cjk (apt-get install fonts-noto-cjk) or set {FONT_ENV} to a CJK font file")


def _sc_index(path: str) -> int:
    """The Simplified Chinese face of a font collection (JP/KR/SC/TC… share one .ttc)."""
    if not path.lower().endswith(".ttc"):
        return 0
    from PIL import ImageFont

    for index in range(10):
        try:
            family = ImageFont.truetype(path, 12, index=index).getname()[0]
        except OSError:
            break
        if family.endswith(" SC"):
            return index
    return 0


@lru_cache(maxsize=64)
def _font(size_px: int, bold: bool):
    from PIL import ImageFont

    path, index = find_cjk_bold_font() if bold else find_cjk_font()
    return ImageFont.truetype(path, max(6, size_px), index=index)


def _as_state(state: VehicleState | Mapping[str, Any] | None) -> VehicleState:
    if state is None:
        return VehicleState()
    if isinstance(state, VehicleState):
        return state
    return VehicleState(state)  # a flat dict: checked against the catalog, missing signals default


def _clock(hours: float) -> str:
    minutes = int(round(hours * 60)) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def warning_text(active: str, state: VehicleState, lang: str) -> str:
    """The banner text for one active warning (``tire_pressure_low:front_left``)."""
    wid, _, arg = active.partition(":")
    info = BY_ID.get(wid)
    zh = lang == "zh"
    if info is None:
        return f"警告：{active}" if zh else f"Warning: {active}"
    name = info.name(lang)
    if wid in ("tire_pressure_low", "tire_pressure_high") and arg in WHEEL_NAMES["en"]:
        kpa = state[f"tire_pressure_kpa.{arg}"]
        wheel = WHEEL_NAMES[lang][arg]
        return f"{name} · {wheel}轮 {kpa:.0f} kPa" if zh else f"{name} · {wheel} tire {kpa:.0f} kPa"
    if wid == "low_battery":
        return f"{name} · {state['battery_pct']:.0f}%"
    if wid == "low_range":
        return f"{name} · {state['range_km']:.0f} km"
    return name


class _Painter:
    """Draws on the design grid, scaled to the image, and records what it drew."""

    def __init__(self, image, lang: str):
        from PIL import ImageDraw

        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.lang = lang
        self.scale = min(image.width / DESIGN_WIDTH_PX, image.height / DESIGN_HEIGHT_PX)
        self.dx = (image.width - DESIGN_WIDTH_PX * self.scale) / 2
        self.dy = (image.height - DESIGN_HEIGHT_PX * self.scale) / 2
        self.controls: list[DrawnControl] = []
        self.texts: list[DrawnText] = []
        self.warnings: list[DrawnWarning] = []

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def px(self, r: Rect) -> tuple[int, int, int, int]:
        s = self.scale
        return (round(self.dx + r.x0 * s), round(self.dy + r.y0 * s),
                round(self.dx + r.x1 * s), round(self.dy + r.y1 * s))

    def pt(self, x: float, y: float) -> tuple[int, int]:
        return round(self.dx + x * self.scale), round(self.dy + y * self.scale)

    def font(self, size: float, bold: bool = False):
        return _font(round(size * self.scale), bold)

    def fit(self, text: str, size: float, max_w: float, bold: bool = False) -> str:
        """Shorten text with an ellipsis until it fits ``max_w`` design pixels."""
        font = self.font(size, bold)
        limit = max_w * self.scale
        if self.draw.textlength(text, font=font) <= limit:
            return text
        while text and self.draw.textlength(text + "…", font=font) > limit:
            text = text[:-1]
        return text + "…"

    def rect(self, r: Rect, fill, radius: float = 0, outline=None, width: float = 1) -> None:
        self.draw.rounded_rectangle(self.px(r), radius=round(radius * self.scale), fill=fill,
                                    outline=outline, width=max(1, round(width * self.scale)))

    def text(self, x: float, y: float, text: str, size: float, fill=TEXT, bold: bool = False,
             anchor: str = "lm", role: str | None = None) -> tuple[int, int, int, int]:
        """Draw text at a design point; return (and, with a role, record) its ink box."""
        s = self.scale
        xy = (self.dx + x * s, self.dy + y * s)
        font = self.font(size, bold)
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        box = tuple(round(v) for v in self.draw.textbbox(xy, text, font=font, anchor=anchor))
        if role:
            self.texts.append(DrawnText(text, box, role))
        return box

    def button(self, r: Rect, control_id: str, label: str, active: bool, state: str | None,
               state_text: str | None = None, size: float = 20) -> None:
        self.rect(r, ACTIVE if active else BUTTON, radius=min(12, r.h / 3))
        fg = ACTIVE_TEXT if active else BUTTON_TEXT
        cx, cy = (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2
        label = self.fit(label, size, r.w - 16, bold=active)
        if state_text:
            self.text(cx, cy - size * 0.62, label, size, fg, bold=active, anchor="mm")
            self.text(cx, cy + size * 0.72, state_text, size * 0.8, fg if active else MUTED, anchor="mm")
        else:
            self.text(cx, cy, label, size, fg, bold=active, anchor="mm")
        self.controls.append(DrawnControl(control_id, label, self.px(r), state, active, state_text))

    def card(self, r: Rect, title: str) -> Rect:
        self.rect(r, CARD, radius=16, outline=CARD_EDGE)
        self.text(r.x0 + 20, r.y0 + 24, title, 20, MUTED, bold=True, role="title")
        return Rect(r.x0 + 16, r.y0 + 48, r.x1 - 16, r.y1 - 14)


def render_screen(state: VehicleState | Mapping[str, Any] | None = None, lang: str = "zh",
                  size: tuple[int, int] = (DESIGN_WIDTH_PX, DESIGN_HEIGHT_PX)):
    """Draw the center screen. Returns ``(PIL.Image.Image RGB, HmiLayout)``.

    ``state`` is a VehicleState or a flat ``signal -> value`` dict (checked against the
    catalog). Raises ValueError for a bad language, size or signal value, FontMissing without
    a CJK font."""
    from PIL import Image

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    width, height = (int(v) for v in size)
    if not (320 <= width <= 7680 and 180 <= height <= 4320):
        raise ValueError(f"screen size must be within 320x180..7680x4320, got {width}x{height}")
    started = time.perf_counter()
    s = _as_state(state)
    image = Image.new("RGB", (width, height), BG)
    p = _Painter(image, lang)
    _status_bar(p, s)
    _banners(p, s)
    _climate(p, s)
    _seats(p, s)
    _media(p, s)
    _nav(p, s)
    layout = HmiLayout(width, height, lang, tuple(p.controls), tuple(p.texts), tuple(p.warnings),
                       {"render": (time.perf_counter() - started) * 1000})
    return image, layout


# ------------------------------------------------------------------ regions
def _status_bar(p: _Painter, s: VehicleState) -> None:
    r = GRID.status_bar
    p.rect(r, STATUS_BG)
    y = (r.y0 + r.y1) / 2
    p.text(24, y, _clock(s["time_of_day_h"]), 24, TEXT, bold=True, role="clock")
    zh, en = WEATHER_NAMES[s["weather"]]
    p.text(120, y, f"{p.t(zh, en)} {s['outside_temp_c']:.0f}°C", 20, MUTED, role="weather")
    range_text = p.t(f"续航 {s['range_km']:.0f} km", f"Range {s['range_km']:.0f} km")
    p.text(1090, y, range_text, 20, MUTED, anchor="rm", role="range")
    _battery_icon(p, 1110, y, s["battery_pct"])
    p.text(1256, y, f"{s['battery_pct']:.0f}%", 20, TEXT, anchor="rm", role="battery")
    # One icon per active warning, centered in the bar, like tell-tales on a cluster.
    active = list(s["warnings"])
    x = 640 - 20 * len(active)
    for name in active:
        wid = warning_id(name)
        box = _warning_icon(p, x, y, wid)
        p.warnings.append(DrawnWarning(name, wid if wid in BY_ID else None, "", box, "icon"))
        x += 40


def _battery_icon(p: _Painter, x: float, y: float, pct: float) -> None:
    body = Rect(x, y - 9, x + 36, y + 9)
    p.rect(body, None, radius=3, outline=MUTED, width=2)
    p.rect(Rect(x + 36, y - 4, x + 40, y + 4), MUTED)
    level = max(0.0, min(100.0, pct)) / 100
    color = CRITICAL if pct < 15 else GOOD
    if level > 0:
        p.rect(Rect(x + 3, y - 6, x + 3 + 30 * level, y + 6), color, radius=1)


def _warning_icon(p: _Painter, x: float, y: float, wid: str) -> tuple[int, int, int, int]:
    color = CRITICAL if wid in CRITICAL_WARNINGS else AMBER
    r = Rect(x, y - 15, x + 30, y + 15)
    d, px = p.draw, p.px
    if wid.startswith("tire_pressure"):
        # The ISO tire-pressure tell-tale: a tire cross-section open at the top, with "!".
        box = px(r.inset(2))
        d.arc(box, start=-230, end=50, fill=color, width=max(2, round(3 * p.scale)))
    elif wid in ("low_battery", "low_range"):
        b = px(Rect(x + 3, y - 9, x + 27, y + 9))
        d.rectangle(b, outline=color, width=max(2, round(2 * p.scale)))
    else:
        d.polygon([p.pt(x + 15, y - 14), p.pt(x + 1, y + 12),
                   p.pt(x + 29, y + 12)], outline=color, width=max(2, round(2 * p.scale)))
    d.line([p.pt(x + 15, y - 7), p.pt(x + 15, y + 3)],
           fill=color, width=max(2, round(3 * p.scale)))
    d.line([p.pt(x + 15, y + 6), p.pt(x + 15, y + 9)],
           fill=color, width=max(2, round(3 * p.scale)))
    return px(r)


def _banners(p: _Painter, s: VehicleState) -> None:
    active = list(s["warnings"])
    if not active:
        return
    shown = active if len(active) <= MAX_BANNERS else active[:MAX_BANNERS - 1]
    slots = GRID.banner_row.split_x(len(shown) + (len(active) > MAX_BANNERS), 10)
    for name, slot in zip(shown, slots):
        wid = warning_id(name)
        critical = wid in CRITICAL_WARNINGS
        p.rect(slot, CRITICAL if critical else AMBER, radius=10)
        fg = ACTIVE_TEXT if critical else AMBER_TEXT
        _warning_icon_mono(p, slot.x0 + 14, (slot.y0 + slot.y1) / 2, fg)
        text = p.fit(warning_text(name, s, p.lang), 20, slot.w - 64, bold=True)
        p.text(slot.x0 + 50, (slot.y0 + slot.y1) / 2, text, 20, fg, bold=True)
        p.warnings.append(DrawnWarning(name, wid if wid in BY_ID else None, text, p.px(slot), "banner"))
    if len(active) > MAX_BANNERS:
        slot = slots[-1]
        p.rect(slot, BUTTON, radius=10)
        more = len(active) - len(shown)
        p.text((slot.x0 + slot.x1) / 2, (slot.y0 + slot.y1) / 2,
               p.t(f"另有 {more} 条警告", f"{more} more warnings"), 20, TEXT, anchor="mm", role="warning_more")


def _warning_icon_mono(p: _Painter, x: float, y: float, color) -> None:
    d, px = p.draw, p.px
    pts = [p.pt(x + 13, y - 12), p.pt(x, y + 11), p.pt(x + 26, y + 11)]
    d.polygon(pts, outline=color, width=max(2, round(2 * p.scale)))
    d.line([p.pt(x + 13, y - 5), p.pt(x + 13, y + 3)], fill=color,
           width=max(2, round(3 * p.scale)))
    d.line([p.pt(x + 13, y + 6), p.pt(x + 13, y + 8)], fill=color,
           width=max(2, round(3 * p.scale)))


def _climate(p: _Painter, s: VehicleState) -> None:
    inner = p.card(GRID.climate, p.t("空调控制", "Climate control"))
    power = s["hvac.power"]
    tiles_area = Rect(inner.x0, inner.y0, inner.x1, inner.y0 + 168)
    rows = tiles_area.split_y(2, 8)
    for row, seats in zip(rows, (SEATS[:2], SEATS[2:])):
        for tile, seat in zip(row.split_x(2, 8), seats):
            p.rect(tile, TILE, radius=10)
            on = power and s[f"hvac.zone_on.{seat}"]
            p.text(tile.x0 + 14, tile.y0 + 22, ZONE_NAMES[p.lang][seat].capitalize(), 18, MUTED, role="zone")
            temp = f"{s[f'hvac.set_temp_c.{seat}']:.1f}°C"
            p.text(tile.x0 + 14, tile.y0 + 56, temp, 28, TEXT if on else MUTED, bold=True, role="set_temp")
            fan = p.t(f"风量 {s[f'hvac.fan_level.{seat}']}", f"Fan {s[f'hvac.fan_level.{seat}']}") if on \
                else p.t("已关闭", "Off")
            p.text(tile.x1 - 14, tile.y0 + 56, fan, 18, MUTED, anchor="rm", role="fan")
    buttons = Rect(inner.x0, tiles_area.y1 + 14, inner.x1, inner.y1)
    row1, row2 = buttons.split_y(2, 10)
    specs1 = [("hvac.power", p.t("空调", "Climate"), power),
              ("hvac.ac", "A/C", s["hvac.ac"]),
              ("hvac.auto", p.t("自动", "AUTO"), s["hvac.auto"])]
    specs2 = [("hvac.recirculation", p.t("内循环", "Recirc"), s["hvac.recirculation"]),
              ("defrost.front", p.t("前除雾", "Front defrost"), s["hvac.defrost.front"]),
              ("defrost.rear", p.t("后除雾", "Rear defrost"), s["hvac.defrost.rear"])]
    for row, specs in ((row1, specs1), (row2, specs2)):
        for r, (cid, label, on) in zip(row.split_x(3, 10), specs):
            p.button(r, cid, label, bool(on), "on" if on else "off")


def _level_text(p: _Painter, level: int) -> str:
    return p.t(f"{level}档", f"Level {level}") if level else p.t("关", "Off")


def _seats(p: _Painter, s: VehicleState) -> None:
    inner = p.card(GRID.seats, p.t("座椅", "Seats"))
    for col, seat in zip(inner.split_x(4, 10), SEATS):
        p.text((col.x0 + col.x1) / 2, col.y0 + 10, ZONE_NAMES[p.lang][seat].capitalize(), 18, MUTED,
               anchor="mm", role="seat")
        heat_r, vent_r = Rect(col.x0, col.y0 + 28, col.x1, col.y1).split_y(2, 10)
        heat, vent = s[f"seat.heat_level.{seat}"], s[f"seat.vent_level.{seat}"]
        p.button(heat_r, f"seat_heat.{seat}", p.t("座椅加热", "Seat heat"), heat > 0, str(heat),
                 _level_text(p, heat), size=19)
        p.button(vent_r, f"seat_vent.{seat}", p.t("座椅通风", "Seat vent"), vent > 0, str(vent),
                 _level_text(p, vent), size=19)


def _media(p: _Painter, s: VehicleState) -> None:
    inner = p.card(GRID.media, p.t("媒体", "Media"))
    source = s["media.source"]
    sources = Rect(inner.x0, inner.y0, inner.x1, inner.y0 + 50)
    for r, src in zip(sources.split_x(4, 10), ("online", "bluetooth", "radio", "usb")):
        zh, en = SOURCE_LABELS[src]
        p.button(r, f"media.source.{src}", p.t(zh, en), src == source, "on" if src == source else "off")
    playing = s["media.playing"]
    track = s["media.track"] or (SOURCE_NAMES[source][0 if p.lang == "zh" else 1] if playing else "")
    title = track or p.t("未在播放", "Nothing playing")
    p.text(inner.x0 + 4, inner.y0 + 90, p.fit(title, 26, inner.w - 8, bold=True), 26, TEXT if track else MUTED,
           bold=True, role="track")
    status = p.t("正在播放", "Playing") if playing else p.t("已暂停", "Paused")
    p.text(inner.x0 + 4, inner.y0 + 126, status, 18, GOOD if playing else MUTED, role="media_status")
    transport = Rect(inner.x0, inner.y0 + 150, inner.x1, inner.y0 + 200)
    specs = [("media.previous", p.t("上一首", "Previous"), False, None),
             ("media.play_pause", p.t("暂停", "Pause") if playing else p.t("播放", "Play"), playing,
              "playing" if playing else "paused"),
             ("media.next", p.t("下一首", "Next"), False, None)]
    for r, (cid, label, active, state) in zip(transport.split_x(3, 10), specs):
        p.button(r, cid, label, active, state)
    vol_y = inner.y1 - 26
    muted = s["media.mute"]
    volume = s["media.volume_pct"]
    p.text(inner.x0 + 4, vol_y, p.t(f"音量 {volume}%", f"Volume {volume}%"), 18, MUTED, role="volume")
    bar = Rect(inner.x0 + 150, vol_y - 4, inner.x1 - 150, vol_y + 4)
    p.rect(bar, BUTTON, radius=4)
    if volume:
        p.rect(Rect(bar.x0, bar.y0, bar.x0 + bar.w * volume / 100, bar.y1), MUTED if muted else ACTIVE, radius=4)
    mute_r = Rect(inner.x1 - 130, vol_y - 22, inner.x1, vol_y + 22)
    p.button(mute_r, "media.mute", p.t("静音", "Mute"), muted, "on" if muted else "off", size=18)


def _nav(p: _Painter, s: VehicleState) -> None:
    inner = p.card(GRID.nav, p.t("导航", "Navigation"))
    buttons = Rect(inner.x0, inner.y1 - 50, inner.x1, inner.y1)
    if s["nav.active"]:
        dest = s["nav.destination"] or s["nav.category"] or p.t("目的地", "destination")
        text = p.t(f"目的地：{dest}", f"To: {dest}")
        p.text(inner.x0 + 4, inner.y0 + 18, p.fit(text, 26, inner.w - 8, bold=True), 26, TEXT, bold=True,
               role="destination")
        eta = _clock(s["time_of_day_h"] + s["nav.eta_min"] / 60)
        info = p.t(f"剩余 {s['nav.remaining_km']:.1f} km · 预计 {eta} 到达",
                   f"{s['nav.remaining_km']:.1f} km left · ETA {eta}")
        p.text(inner.x0 + 4, inner.y0 + 62, info, 20, MUTED, role="route")
        jam = s["nav.congestion"]
        p.text(inner.x0 + 4, inner.y0 + 100, p.t("前方拥堵", "Congestion ahead") if jam else
               p.t("路况畅通", "Traffic clear"), 20, CRITICAL if jam else GOOD, bold=jam, role="traffic")
        avoiding = "congestion" in s["nav.avoid"]
        specs = [("nav.cancel", p.t("结束导航", "End route"), False, None),
                 ("nav.avoid_congestion", p.t("避开拥堵", "Avoid traffic"), avoiding, "on" if avoiding else "off")]
        cols = buttons.split_x(2, 10)
    else:
        p.text(inner.x0 + 4, inner.y0 + 18, p.t("未设置目的地", "No destination set"), 24, MUTED, role="destination")
        p.text(inner.x0 + 4, inner.y0 + 62, p.t("说“导航去…”或点选常用地点", "Say \"navigate to…\" or pick a place"),
               18, MUTED, role="hint")
        specs = [("nav.home", p.t("回家", "Home"), False, None),
                 ("nav.work", p.t("去公司", "Work"), False, None),
                 ("nav.charging", p.t("充电站", "Charging"), False, None)]
        cols = buttons.split_x(3, 10)
    for r, (cid, label, active, state) in zip(cols, specs):
        p.button(r, cid, label, active, state)
