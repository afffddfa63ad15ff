"""Contrastive pairs against over-refusal: urgent or bodily words do not make a request unsafe.

"我腰疼得要命，开一下按摩" is a massage request and "紧急情况，帮我踩刹车" is a driving control:
the same kind of wording on both sides, so the model learns that only the action decides. Doors
and the trunk follow the contract: ``unsafe`` only when the utterance says the car is moving,
``out_of_domain`` otherwise (parked or not said).
"""

from __future__ import annotations

import random

from multimodal.training.data.templates import _DOORS, _MOVING, Sample, _c, _unsafe_templated, cmd, imperative
from vehicle_state.commands import REASON_OUT_OF_DOMAIN, REASON_UNSAFE

# (zh preambles, en preambles, intents a request after them plausibly names; "intent:on" fixes on/off)
URGENT: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("我腰疼得要命", "背疼死了", "脖子好酸", "坐得屁股都麻了", "腰快断了"),
     ("my back is killing me", "my neck hurts so bad", "my lower back is wrecked", "I've been sitting for hours and it hurts"),
     ("seat.massage:on", "seat.heat:on")),
    (("我快热晕了", "热得我要中暑了", "头好晕", "我快喘不过气了", "心跳好快，好闷"),
     ("I'm about to pass out from the heat", "I feel dizzy", "I can't breathe in here", "I'm overheating"),
     ("hvac.ac:on", "window.open", "hvac.set_temperature", "sunroof.open", "hvac.recirculation:off")),
    (("我要吐了", "有点晕车", "胃里翻江倒海的"),
     ("I'm going to throw up", "I'm carsick", "I feel sick"),
     ("window.open", "hvac.recirculation:off", "sunroof.open")),
    (("救命", "急死了", "紧急情况", "快快快", "出事了", "完了完了", "危险危险", "十万火急"),
     ("help", "emergency", "hurry", "quick quick", "oh no", "this is urgent", "oh god"),
     ("hvac.defrost:on", "window.close", "phone.call", "media.pause", "hvac.ac:on", "media.mute:on", "window.open")),
    (("困死了", "眼皮打架了", "好想睡觉"),
     ("so sleepy", "I'm dozing off", "I'm nodding off here"),
     ("window.open", "media.play", "hvac.set_temperature", "media.adjust_volume:up")),
    (("冻得要命", "我快冻僵了"),
     ("I'm freezing to death", "my fingers are going numb"),
     ("seat.heat:on", "hvac.set_temperature", "window.close")),
)

# Whole harmless requests whose words sound alarming, with their command.
_RESTROOM, _CHARGER = cmd("nav.navigate", category="restroom"), cmd("nav.navigate", category="charging_station")
_MECHANIC, _AROUND = cmd("nav.navigate", category="service_center"), cmd("nav.avoid", what="congestion")
ALARMING = {
    "zh": [("我要憋不住了，快找个厕所", _RESTROOM), ("内急，最近的洗手间在哪", _RESTROOM), ("肚子疼，附近有厕所吗", _RESTROOM),
           ("憋死了找个卫生间", _RESTROOM), ("快没电了，赶紧找充电站", _CHARGER), ("电量告急，附近有充电桩吗", _CHARGER),
           ("车有点不对劲，去最近的4S店", _MECHANIC), ("好像出故障了，找个修理厂", _MECHANIC), ("堵死了，换条路", _AROUND),
           ("前面出车祸了，绕一下", _AROUND), ("堵得要命，帮我避开拥堵", _AROUND), ("前面出事故了，换个不堵的路线", _AROUND),
           ("紧急情况，后面全是雾，后除霜打开", cmd("hvac.defrost", target="rear", on=True)),
           ("救命前面啥也看不见了，快除雾", cmd("hvac.defrost", target="front", on=True)),
           ("把音乐掐了", cmd("media.pause")), ("这歌赶紧切掉", cmd("media.skip", direction="next"))],
    "en": [("I'm desperate for a toilet", _RESTROOM), ("I really need to pee, find a bathroom", _RESTROOM),
           ("emergency, I need a restroom now", _RESTROOM), ("I'm about to burst, where's the nearest restroom", _RESTROOM),
           ("I'm about to run out of battery, find a charger", _CHARGER),
           ("battery is critical, get me to a charging station", _CHARGER),
           ("the car feels wrong, get me to a mechanic", _MECHANIC),
           ("something's broken, find the nearest repair shop", _MECHANIC),
           ("traffic is horrible, route around it", _AROUND), ("there's a crash up ahead, find a way around the traffic", _AROUND),
           ("this jam is killing me, avoid the congestion", _AROUND),
           ("emergency, fog everywhere, defrost the rear", cmd("hvac.defrost", target="rear", on=True)),
           ("I can't see a thing, defog the windshield now", cmd("hvac.defrost", target="front", on=True)),
           ("kill the music", cmd("media.pause")), ("kill this song, next one", cmd("media.skip", direction="next"))],
}

_ZH_GLUE = ["，", "，", "", " ", "，快"]
_EN_GLUE = [", ", ", ", " ", ", please ", ", quick, "]


def _join(lang: str, rng: random.Random, pre: str, request: str) -> str:
    glue = _c(rng, _ZH_GLUE if lang == "zh" else _EN_GLUE)
    if lang == "en":
        request = request[:1].lower() + request[1:] if request[:2] != request[:2].upper() else request
    return f"{pre}{glue}{request}"


def make_harmless_urgent(rng: random.Random, lang: str) -> Sample:
    """Pain, urgency or alarm words around a harmless request: that request, never ``unsupported``."""
    if rng.random() < 0.35:
        text, command = _c(rng, ALARMING[lang])
        return Sample(text, [dict(command)], "stmt")
    zh, en, intents = _c(rng, URGENT)
    intent, _, state = _c(rng, intents).partition(":")
    request = imperative(rng, lang, intent, on={"on": True, "off": False}.get(state))
    pre = _c(rng, zh if lang == "zh" else en)
    return Sample(_join(lang, rng, pre, request.text), [dict(request.commands[0])], "stmt")


def make_unsafe_urgent(rng: random.Random, lang: str) -> Sample:
    """The same kind of wording around a driving control: ``unsafe``."""
    zh, en, _ = _c(rng, URGENT)
    pre = _c(rng, zh if lang == "zh" else en)
    return Sample(_join(lang, rng, pre, _unsafe_templated(rng, lang)), [cmd("unsupported", reason=REASON_UNSAFE)],
                  "stmt")


_PARKED = {"zh": ["车停好了，", "已经停车了，", "到了，", "我们停在路边了，", "", "", "等一下，"],
           "en": ["we're parked,", "okay we've stopped,", "we're here,", "", "", "hold on,", "now that we're parked"]}
_WANT = {"zh": ["我要拿个东西", "放一下行李", "有人要下车", "拿下包"],
         "en": [", I need my bag", " so I can load the groceries", ", someone's getting out", " so I can grab my jacket"]}


def make_door_trunk(rng: random.Random, lang: str) -> Sample:
    """Doors and the trunk: ``out_of_domain`` when parked or not said, ``unsafe`` when said to be moving."""
    moving = rng.random() < 0.4
    door = _c(rng, _DOORS[lang])
    if lang == "zh":
        verb = _c(rng, ["打开", "开一下", "把{D}打开", "帮我开下", "弹开"])
        act = verb.replace("{D}", door) if "{D}" in verb else verb + door
        pre = _c(rng, _MOVING["zh"]) if moving else _c(rng, _PARKED["zh"])
        tail = "" if moving or rng.random() < 0.6 else "，" + _c(rng, _WANT["zh"])
        text = f"{pre}{act}{tail}"
    else:
        act = _c(rng, ["open {D}", "pop {D}", "unlatch {D}", "can you open {D}"]).replace("{D}", door)
        if moving:
            text = f"{act} {_c(rng, _MOVING['en'])}" if rng.random() < 0.5 else f"{_c(rng, _MOVING['en'])} {act}"
        else:
            pre = _c(rng, _PARKED["en"])
            text = f"{pre} {act}".strip()
            if rng.random() < 0.4:
                text += _c(rng, _WANT["en"])
    reason = REASON_UNSAFE if moving else REASON_OUT_OF_DOMAIN
    return Sample(text, [cmd("unsupported", reason=reason)], "stmt")
