"""Multi-command utterances where later commands carry their own zone, and spoken joins (or none).

"close the passenger window, then passenger seat heat to 1" keeps the zone on both commands; a
command that names no zone gets none (the contract never copies a zone). People also run commands
together with a pause and no connective ("打开空调 开内循环", "next song volume up").
"""

from __future__ import annotations

import random
from typing import Any

from multimodal.training.data import lexicons as L
from multimodal.training.data.templates import Sample, _c, cmd, imperative, zone_np

_SEAT_ZONES = ("driver", "passenger", "rear_left", "rear_right")
_ZONED = ("window.open", "window.close", "seat.heat", "seat.ventilate", "seat.massage", "light.reading",
          "hvac.set_temperature")
_PLAIN = ("media.skip", "media.adjust_volume", "hvac.ac", "hvac.recirculation", "nav.avoid", "sunroof.close",
          "media.pause", "hvac.auto", "hvac.defrost", "media.mute", "hvac.adjust_fan", "light.ambient", "sunroof.open")
_SEAT_NOUNS = {"seat.heat": ("座椅加热", "seat heat"), "seat.ventilate": ("座椅通风", "seat ventilation"),
               "seat.massage": ("座椅按摩", "seat massage")}


def _zh_zoned(rng: random.Random, intent: str, zone: str) -> tuple[str, dict[str, Any]]:
    z = _c(rng, L.ZONE_WORDS["zh"][zone])
    if intent in ("window.open", "window.close"):
        verb = _c(rng, ["打开", "开"] if intent == "window.open" else ["关上", "关"])
        return _c(rng, [f"{verb}{z}车窗", f"{z}车窗{verb}", f"把{z}窗户{verb}"]), cmd(intent, zone=zone)
    if intent in _SEAT_NOUNS:
        noun = _SEAT_NOUNS[intent][0]
        level = rng.randrange(1, 4) if intent != "seat.massage" and rng.random() < 0.5 else None
        if level:
            lv = L.say_number(level, "zh", rng, words_p=0.6) + _c(rng, ["档", "挡", "级"])
            return _c(rng, [f"{z}{noun}{lv}", f"{z}{noun}开到{lv}", f"{z}{noun}调到{lv}"]), cmd(intent, on=True, level=level,
                                                                                        zone=zone)
        return _c(rng, [f"打开{z}{noun}", f"{z}{noun}打开", f"{z}{noun}开一下"]), cmd(intent, on=True, zone=zone)
    if intent == "light.reading":
        return _c(rng, [f"打开{z}阅读灯", f"{z}阅读灯打开"]), cmd(intent, on=True, zone=zone)
    v = rng.randrange(18, 29)
    return _c(rng, [f"{z}温度{v}度", f"{z}调到{L.zh_number(v)}度", f"{z}空调{v}度"]), cmd(intent, value=v, zone=zone)


def _en_zoned(rng: random.Random, intent: str, zone: str) -> tuple[str, dict[str, Any]]:
    # "driver seat seat heat" / "driver side side": zone words that repeat the noun's last word are left out.
    word = _c(rng, [w for w in L.ZONE_WORDS["en"][zone] if not w.endswith((" seat", " side", "'s"))])
    if intent in ("window.open", "window.close"):
        np_ = zone_np(rng, "en", zone, "window")
        verb = _c(rng, ["open", "roll down"] if intent == "window.open" else ["close", "roll up", "shut"])
        return f"{verb} {np_}", cmd(intent, zone=zone)
    if intent in _SEAT_NOUNS:
        noun = _SEAT_NOUNS[intent][1]
        level = rng.randrange(1, 4) if intent != "seat.massage" and rng.random() < 0.5 else None
        if level:
            lv = L.say_number(level, "en", rng, words_p=0.5)
            return (_c(rng, [f"{word} {noun} to {lv}", f"{word} {noun} on {lv}", f"set the {word} {noun} to level {lv}"]),
                    cmd(intent, on=True, level=level, zone=zone))
        return _c(rng, [f"{word} {noun} on", f"turn on the {word} {noun}"]), cmd(intent, on=True, zone=zone)
    if intent == "light.reading":
        return _c(rng, [f"{word} reading light on", f"turn on the {word} reading light"]), cmd(intent, on=True, zone=zone)
    v = rng.randrange(18, 29)
    return _c(rng, [f"{word} temperature {v}", f"set the {word} side to {v} degrees", f"{word} temp to {v}"]), cmd(
        intent, value=v, zone=zone)


_ZH_JOINS = ["，", "，然后", "然后", " ", "", "，再", "再", "，顺便", "，还有", "。"]
_EN_JOINS = [", ", ", then ", " then ", " ", " and ", ", and ", ". ", " and also ", ", also "]


def make_zoned_multi(rng: random.Random, lang: str) -> Sample:
    """2-4 commands; zoned ones keep their own zone (often the same one said twice), others have none."""
    n = rng.choices([2, 3, 4], [6, 3, 1])[0]
    shared = _c(rng, _SEAT_ZONES)
    texts: list[str] = []
    commands: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    while len(commands) < n:
        zoned = rng.random() < 0.65
        if zoned:
            intent = _c(rng, _ZONED)
            zone = shared if rng.random() < 0.6 else _c(rng, _SEAT_ZONES)
            if (intent, zone) in seen or (intent, None) in seen or any(
                    i in ("window.open", "window.close") and intent in ("window.open", "window.close") and z == zone
                    for i, z in seen):
                continue
            text, command = (_zh_zoned if lang == "zh" else _en_zoned)(rng, intent, zone)
        else:
            intent = _c(rng, _PLAIN)
            if any(i == intent for i, _ in seen):
                continue
            sample = imperative(rng, lang, intent)
            if sample.commands[0]["slots"].get("zone"):
                continue
            zone, text, command = None, sample.text, sample.commands[0]
        seen.add((intent, zone))
        texts.append(text)
        commands.append(dict(command))
    joins = _ZH_JOINS if lang == "zh" else _EN_JOINS
    out = texts[0]
    for t in texts[1:]:
        out += _c(rng, joins) + (t if lang == "zh" else t[:1].lower() + t[1:] if t[:2] != t[:2].upper() else t)
    return Sample(out, commands, "imp")
