"""Spot warning text on a screen and pull out its details (which tire, what pressure).

A text is a warning when it names a knowledge-base warning by its full name ("胎压过低",
"Low tire pressure"), or names one by alias together with a warning cue ("胎压异常", "tire
pressure low"), or carries a strong cue on its own ("警告：车门未关", "Warning"). An alias alone
("续航 420 km", "Tire pressure 240 kPa") is a reading, not a warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vehicle_state.signals import TIRE_PRESSURE_MAX_KPA, TIRE_PRESSURE_MIN_KPA
from vehicle_state.warnings import BY_ID, KNOWLEDGE, find_warning

STRONG_CUES = re.compile(
    r"警告|警报|报警|告警|异常|故障|失效|请检查|请尽快|⚠|❗|‼|"
    r"\b(?:warning|alert|malfunction|fault|failure|check|error|service now)\b", re.IGNORECASE)
WEAK_CUES = re.compile(r"过低|过高|偏低|偏高|不足|太低|太高|低|漏气|"
                       r"\b(?:low|high|critical|leak|flat)\b", re.IGNORECASE)

WHEEL_PATTERNS = (
    ("front_left", re.compile(r"左前|前左|\bfront[\s\-_]*left\b|\bleft[\s\-_]*front\b|\bFL\b", re.IGNORECASE)),
    ("front_right", re.compile(r"右前|前右|\bfront[\s\-_]*right\b|\bright[\s\-_]*front\b|\bFR\b", re.IGNORECASE)),
    ("rear_left", re.compile(r"左后|后左|\brear[\s\-_]*left\b|\bleft[\s\-_]*rear\b|\bRL\b", re.IGNORECASE)),
    ("rear_right", re.compile(r"右后|后右|\brear[\s\-_]*right\b|\bright[\s\-_]*rear\b|\bRR\b", re.IGNORECASE)),
)
PRESSURE = re.compile(r"(\d+(?:\.\d+)?)\s*(kpa|psi|bar)\b", re.IGNORECASE)
KPA_PER_UNIT = {"kpa": 1.0, "psi": 6.894757, "bar": 100.0}
HIGH_WORDS = re.compile(r"过高|偏高|太高|\bhigh\b", re.IGNORECASE)
LOW_WORDS = re.compile(r"过低|偏低|太低|低|漏气|\blow\b|\bleak\b|\bflat\b", re.IGNORECASE)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


_FULL_NAMES = tuple((_fold(w.name_zh), w.id) for w in KNOWLEDGE) + tuple((_fold(w.name_en), w.id) for w in KNOWLEDGE)


@dataclass(frozen=True)
class WarningDetails:
    wheels: tuple[str, ...] = ()  # front_left … in the order they appear
    pressure_kpa: float | None = None


def details(text: str) -> WarningDetails:
    """Which wheels and what pressure a warning text mentions."""
    text = unicodedata.normalize("NFKC", text)
    found = sorted((m.start(), wheel) for wheel, pattern in WHEEL_PATTERNS for m in [pattern.search(text)] if m)
    pressure = None
    m = PRESSURE.search(text)
    if m:
        pressure = float(m.group(1)) * KPA_PER_UNIT[m.group(2).lower()]
    return WarningDetails(tuple(w for _, w in found), pressure)


def classify(text: str) -> tuple[bool, str | None]:
    """(is this text a warning, the knowledge-base id when known)."""
    norm = unicodedata.normalize("NFKC", text)
    folded = _fold(norm)
    if not folded:
        return False, None
    full = [wid for name, wid in _FULL_NAMES if name and name in folded]
    info = find_warning(norm)
    strong = bool(STRONG_CUES.search(norm))
    weak = bool(WEAK_CUES.search(norm))
    if full:
        wid = max(full, key=lambda w: len(BY_ID[w].name_zh))
    elif info is not None and (strong or weak):
        wid = info.id
    elif strong:
        return True, None
    else:
        return False, None
    return True, _refine_tire(wid, norm)


def _refine_tire(wid: str, text: str) -> str:
    """"胎压异常 165 kPa" is low, not merely "tire": decide low/high from the value or the words."""
    if not wid.startswith("tire_pressure"):
        return wid
    kpa = details(text).pressure_kpa
    if kpa is not None and kpa > 30:  # below that it is a misread or a different unit
        if kpa < TIRE_PRESSURE_MIN_KPA:
            return "tire_pressure_low"
        if kpa > TIRE_PRESSURE_MAX_KPA:
            return "tire_pressure_high"
    if HIGH_WORDS.search(text) and not LOW_WORDS.search(text):
        return "tire_pressure_high"
    return wid
