"""Shared screen logic: label normalisation, tap resolution and warning explanation.

Screen text is data, never instructions: nothing here turns what a screen says into a
command. ``resolve_tap`` only locates a label the *user* spoke; ``explain_warning`` only
explains what a warning means.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from multimodal.screen import warnings as screen_warnings
from multimodal.protocols import Box, Control, ScreenInfo, ScreenWarning, TextBox
from vehicle_state.warnings import BY_ID, find_warning

# OCR and fonts write the degree sign many ways; NFKC turns ℃ into °C but not these.
_SYMBOLS = (("°°C", "°C"), ("°°", "°"), ("º", "°"), ("˚", "°"), ("。C", "°C"), ("°c", "°C"), ("℉", "°F"))
_SPACES = re.compile(r"\s+")
# What people add around a label when they ask to press it ("蓝牙音乐按钮", "the Defrost button").
_QUERY_AFFIXES = re.compile(r"^(?:the|a)\s+|\s*(?:按钮|按键|图标|开关|选项|键|button|icon|tab|key|switch)$",
                            re.IGNORECASE)
FUZZY_MIN_RATIO = 0.72
CONTAIN_MIN_RATIO = 0.3

STATE_WORDS = {
    "开": "on", "开启": "on", "已开启": "on", "已打开": "on", "打开": "on", "on": "on",
    "关": "off", "关闭": "off", "已关闭": "off", "off": "off",
}
_LEVEL = re.compile(r"^(?:(\d)\s*档|(?:level|lv\.?|l)\s*(\d)|(\d)\s*/\s*\d)$", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Display-level normalisation: full-width -> half-width, ℃ -> °C, one space between words."""
    out = unicodedata.normalize("NFKC", text)
    for old, new in _SYMBOLS:
        out = out.replace(old, new)
    return _SPACES.sub(" ", out).strip()


def label_key(text: str) -> str:
    """The comparison key of a label: normalised, case-folded, letters, digits and CJK only."""
    folded = normalise_text(text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in ("L", "N"))


def query_key(label: str) -> str:
    """The key of a spoken label, without "按钮"/"button" and similar wrapping words."""
    text = normalise_text(label)
    for _ in range(2):
        text = _QUERY_AFFIXES.sub("", text).strip()
    return label_key(text)


def parse_state(text: str) -> str | None:
    """"2档"/"Level 2" -> "2"; "开"/"ON" -> "on"; "关"/"Off" -> "off"; anything else -> None."""
    t = normalise_text(text).strip().casefold()
    if t in STATE_WORDS:
        return STATE_WORDS[t]
    m = _LEVEL.match(t)
    if m:
        return next(g for g in m.groups() if g)
    return None


# ------------------------------------------------------------------ tap resolution
@dataclass(frozen=True)
class _Candidate:
    control: Control
    key: str
    order: int
    from_text: bool


def _candidates(screen: ScreenInfo) -> list[_Candidate]:
    out = [_Candidate(c, label_key(c.label), i, False) for i, c in enumerate(screen.controls)]
    base = len(out)
    out += [_Candidate(Control(t.text, t.box), label_key(t.text), base + i, True)
            for i, t in enumerate(screen.texts)]
    return [c for c in out if c.key]


def resolve_tap(label: str, screen: ScreenInfo | None) -> Control | None:
    """The on-screen control the spoken ``label`` names, or None.

    Tiers, first hit wins: exact key; the key contains / is contained in a control's key
    (best length ratio); fuzzy similarity >= FUZZY_MIN_RATIO (OCR slips). Controls are tried
    before raw texts; among equals the earlier one in reading order wins."""
    if screen is None or not isinstance(label, str):
        return None
    key = query_key(label)
    if not key:
        return None
    candidates = _candidates(screen)
    for from_text in (False, True):
        pool = [c for c in candidates if c.from_text == from_text]
        exact = [c for c in pool if c.key == key]
        if exact:
            return min(exact, key=lambda c: c.order).control
        best = _best(pool, key, _containment)
        if best:
            return best
        best = _best(pool, key, _similarity)
        if best:
            return best
    return None


def _containment(key: str, other: str) -> float:
    short, long_ = sorted((key, other), key=len)
    # One character contained in a long label is a coincidence, not a match.
    if len(short) < 2 or short not in long_:
        return 0.0
    ratio = len(short) / len(long_)
    return ratio if ratio >= CONTAIN_MIN_RATIO else 0.0


def _similarity(key: str, other: str) -> float:
    ratio = difflib.SequenceMatcher(None, key, other, autojunk=False).ratio()
    return ratio if ratio >= FUZZY_MIN_RATIO else 0.0


def _best(pool: list[_Candidate], key: str, score) -> Control | None:
    scored = [(score(key, c.key), -c.order, c) for c in pool]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda s: (s[0], s[1]))[2].control


# ------------------------------------------------------------------ warnings
WHEEL_NAMES = {
    "zh": {"front_left": "左前轮", "front_right": "右前轮", "rear_left": "左后轮", "rear_right": "右后轮"},
    "en": {"front_left": "front-left", "front_right": "front-right", "rear_left": "rear-left",
           "rear_right": "rear-right"},
}
CRITICAL = ("tire_pressure_low", "tire_pressure_high", "brake_system", "oil_pressure", "coolant_temp",
            "engine_check")


def screen_warnings_of(screen: ScreenInfo) -> list[ScreenWarning]:
    """The reader's warnings plus warning-like texts it did not flag (from any backend)."""
    found = [w for w in screen.warnings if w.text or w.warning_id]
    seen = {label_key(w.text) for w in found}
    for t in screen.texts:
        is_warning, wid = screen_warnings.classify(t.text)
        if is_warning and label_key(t.text) not in seen and not _inside_any(t.box, found):
            found.append(ScreenWarning(t.text, t.box, wid))
            seen.add(label_key(t.text))
    return found


def _inside_any(box: Box, warnings: list[ScreenWarning]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(w.box[0] <= cx <= w.box[2] and w.box[1] <= cy <= w.box[3] and w.text for w in warnings)


def line_context(texts: Sequence[TextBox], box: Box, text: str) -> str:
    """A text plus the texts beside it on the same line ("胎压异常" + "右后轮 165 kPa" on one banner)."""
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    parts = [text]
    for t in sorted(texts, key=lambda t: t.box[0]):
        cy = (t.box[1] + t.box[3]) / 2
        if y0 - 0.2 * height <= cy <= y1 + 0.2 * height and t.box[0] < x1 + 8 * height and \
                t.box[2] > x0 - 8 * height and t.text not in parts and t.text not in text:
            parts.append(t.text)
    return " ".join(parts)


def _rank(w: ScreenWarning) -> tuple:
    known = w.warning_id in BY_ID
    return (not known, w.warning_id not in CRITICAL, not w.text, w.box[1], w.box[0])


def explain_warning(screen: ScreenInfo | None, lang: str = "zh", name: str | None = None) -> str | None:
    """Explain the warning shown on ``screen`` (or the one ``name`` refers to) in zh or en.

    None when the screen shows no warning and ``name`` names nothing the knowledge base knows."""
    zh = lang == "zh"
    warnings = screen_warnings_of(screen) if screen is not None else []
    wanted = find_warning(name) if name else None
    if wanted is not None:
        same = [w for w in warnings if w.warning_id == wanted.id or
                (w.warning_id and w.warning_id.split("_")[0] == wanted.id.split("_")[0])]
        warnings = same or []
        if not warnings:
            return wanted.explain(lang)
    if not warnings:
        return None
    warnings.sort(key=_rank)
    first = warnings[0]
    context = line_context(screen.texts, first.box, first.text) if screen is not None and first.text \
        else first.text
    wid = first.warning_id or screen_warnings.classify(context)[1]
    info = BY_ID.get(wid) if wid else None
    shown = normalise_text(context)
    if info is None:
        reply = (f"屏幕上的警告是“{shown}”。知识库里没有它的说明，请查阅用户手册；如伴随异响或异常，请尽快安全停车检查。"
                 if zh else f'The screen shows the warning "{shown}". I have no explanation for it; please see '
                            f"the owner's manual, and if anything else seems wrong, stop safely and have it checked.")
    else:
        lead = f"屏幕上显示“{shown}”。" if zh and shown else (f'The screen shows "{shown}". ' if shown else "")
        reply = lead + info.explain(lang) + _detail_sentence(info.id, context, zh)
    others = [w for w in warnings[1:] if (w.warning_id or w.text) and w.warning_id != first.warning_id]
    if others:
        names = [BY_ID[w.warning_id].name(lang) if w.warning_id in BY_ID else normalise_text(w.text)
                 for w in others[:3]]
        names = [n for n in dict.fromkeys(names) if n]
        if names:
            reply += (f"另外屏幕上还有：{'、'.join(names)}。" if zh else f" Also on screen: {', '.join(names)}.")
    return reply


def _detail_sentence(wid: str, text: str, zh: bool) -> str:
    if not wid.startswith("tire_pressure"):
        return ""
    d = screen_warnings.details(text)
    if not d.wheels and d.pressure_kpa is None:
        return ""
    lang = "zh" if zh else "en"
    wheels = [WHEEL_NAMES[lang][w] for w in d.wheels]
    if zh:
        where = "、".join(wheels) if wheels else "该轮胎"
        value = f"，当前约 {d.pressure_kpa:.0f} kPa" if d.pressure_kpa is not None else ""
        return f"屏幕提示的是{where}{value}。"
    where = (", ".join(wheels) + (" tire" if len(wheels) == 1 else " tires")) if wheels else "the tire"
    value = f", now about {d.pressure_kpa:.0f} kPa" if d.pressure_kpa is not None else ""
    return f" The screen points at the {where}{value}."

