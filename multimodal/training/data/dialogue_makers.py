"""Turns that lean on the dialogue: follow-ups on the previous commands, answers to a pending question.

Each record carries its context (``Sample.previous_commands`` / ``pending_question``, the prompt's
``prev:`` and ``asked:`` lines). "再关上" after ``window.open @passenger`` is ``window.close
@passenger``; "后排也一样" repeats the previous zoned commands for the rear; "再高一点" adjusts what
was just set. The same short words without a previous turn keep their context-free reading, and a
full request after a previous turn ignores it, so the model learns to read the ``prev:`` line
rather than to copy it.
"""

from __future__ import annotations

import random
from typing import Any, Callable

from multimodal.training.data import lexicons as L
from multimodal.training.data.templates import MAKERS, Sample, _c, cmd, imperative

Turn = tuple[list[dict[str, Any]], str, list[dict[str, Any]]]  # previous commands, utterance, expected
_SEAT_ZONES = ("driver", "passenger", "rear_left", "rear_right")


def _zone(rng: random.Random, p: float = 0.7) -> str | None:
    return _c(rng, _SEAT_ZONES + ("rear", "front")) if rng.random() < p else None


def _again_close(rng: random.Random, lang: str) -> Turn:
    """Open -> "close it again" (and closed -> "open it again")."""
    zone = _zone(rng)
    roof = rng.random() < 0.3
    opened = rng.random() < 0.7
    if roof:
        prev = cmd("sunroof.open", percent=_c(rng, [None, 20, 50])) if opened else cmd("sunroof.close")
        new = cmd("sunroof.close") if opened else cmd("sunroof.open")
    else:
        prev = cmd("window.open" if opened else "window.close", zone=zone)
        new = cmd("window.close" if opened else "window.open", zone=zone)
    if lang == "zh":
        t = _c(rng, ["再关上", "关上吧", "还是关上吧", "关回去", "算了关了吧", "又关上", "关起来"] if opened else
               ["再打开", "还是打开吧", "又打开", "开回来", "再开一下"])
    else:
        t = _c(rng, ["close it again", "shut it", "close it back up", "actually close it", "roll it back up", "never mind, close it"]
               if opened else ["open it again", "open it back up", "actually open it", "roll it back down"])
    return [prev], t, [new]


_DEVICES = ("seat.heat", "seat.ventilate", "seat.massage", "light.reading", "hvac.ac", "hvac.recirculation",
            "hvac.defrost", "light.ambient", "hvac.power", "hvac.auto", "media.mute")


def _turn_off(rng: random.Random, lang: str) -> Turn:
    """A device just turned on -> "turn that off" (or off -> "turn it back on"); zone and target kept, level not."""
    intent = _c(rng, _DEVICES)
    on = rng.random() < 0.75
    slots: dict[str, Any] = {}
    if intent in ("seat.heat", "seat.ventilate", "seat.massage", "light.reading", "hvac.power"):
        slots["zone"] = _zone(rng, 0.5)
    if intent == "hvac.defrost":
        slots["target"] = _c(rng, ["front", "rear"])
    level = rng.randrange(1, 4) if on and intent in ("seat.heat", "seat.ventilate") and rng.random() < 0.4 else None
    prev = cmd(intent, on=on, level=level, **slots)
    new = cmd(intent, on=not on, **slots)
    if lang == "zh":
        t = _c(rng, ["关掉吧", "关了吧", "把它关了", "关掉", "不要了关掉", "算了关了", "别开了", "那个关一下"] if on else
               ["再打开", "还是打开吧", "重新打开", "开回来吧", "打开吧"])
    else:
        t = _c(rng, ["turn that off", "turn it off", "switch it off", "never mind, off", "kill it", "shut that off"]
               if on else ["turn it back on", "switch it back on", "actually turn it on", "on again please"])
    return [prev], t, [new]


def _same_for_zone(rng: random.Random, lang: str) -> Turn:
    """"后排也一样" / "passenger too": the previous zoned commands again with the new zone."""
    new_zone = _c(rng, _SEAT_ZONES + ("rear",))
    old_zone = _c(rng, [z for z in _SEAT_ZONES if z != new_zone] + [None])
    intents = rng.sample(["seat.heat", "seat.ventilate", "window.open", "window.close", "light.reading",
                          "hvac.set_temperature", "seat.massage"], rng.choice([1, 1, 2]))
    if "window.open" in intents and "window.close" in intents:
        intents.remove("window.close")
    prev = []
    for intent in intents:
        if intent == "hvac.set_temperature":
            prev.append(cmd(intent, value=rng.randrange(18, 29), zone=old_zone))
        elif intent.startswith("window."):
            prev.append(cmd(intent, zone=old_zone, percent=_c(rng, [None, 20, 50]) if intent == "window.open" else None))
        elif intent in ("seat.heat", "seat.ventilate"):
            prev.append(cmd(intent, on=True, level=_c(rng, [None, 1, 2, 3]), zone=old_zone))
        else:
            prev.append(cmd(intent, on=True, zone=old_zone))
    expected = [{"intent": c["intent"], "slots": {**c["slots"], "zone": new_zone}} for c in prev]
    if lang == "zh":
        z = _c(rng, L.ZONE_WORDS["zh"][new_zone])
        t = _c(rng, ["{Z}也一样", "{Z}也要", "{Z}也来一个", "那{Z}也", "{Z}同样", "给{Z}也弄一下", "{Z}的也开"
                     if prev[0]["slots"].get("on") else "{Z}也一样吧"]).replace("{Z}", z)
    else:
        z = _c(rng, L.ZONE_WORDS["en"][new_zone])
        t = _c(rng, ["same for the {Z}", "{Z} too", "the {Z} as well", "and the {Z}", "do the {Z} too",
                     "same thing for the {Z} side" if new_zone != "rear" else "same for the back"]).replace("{Z}", z)
    return prev, t, expected


_RELATIVE = (  # (previous set command maker, adjust intent, zh up, zh down, en up, en down)
    (lambda rng: cmd("hvac.set_temperature", value=rng.randrange(18, 29)), "hvac.adjust_temperature",
     ["再高一点", "再暖和点", "还要高一点", "再高点吧"], ["再低一点", "再凉快点", "再低点吧", "还是低一点"],
     ["a bit higher", "warmer still", "a little higher", "bit more"], ["a bit lower", "cooler still", "a little lower",
                                                                      "bit less"]),
    (lambda rng: cmd("hvac.set_fan", level=rng.randrange(2, 6)), "hvac.adjust_fan",
     ["再大一点", "再大点", "还要大一点", "再高一点"], ["再小一点", "再小点", "还是小一点", "再低一点"],
     ["a bit higher", "a little more", "bit stronger", "more"], ["a bit lower", "a little less", "bit weaker", "less"]),
    (lambda rng: cmd("media.set_volume", value=_c(rng, [20, 30, 40, 50, 60])), "media.adjust_volume",
     ["再大一点", "再大声点", "还是大一点", "再高一点"], ["再小一点", "再小声点", "还是小一点", "再低一点"],
     ["a bit louder", "a little higher", "louder still", "more"], ["a bit quieter", "a little lower", "softer", "less"]),
)


def _relative(rng: random.Random, lang: str) -> Turn:
    """"再高一点" after a set: the adjust intent of that family, with an amount only when one is said."""
    make_prev, intent, zh_up, zh_down, en_up, en_down = _c(rng, _RELATIVE)
    up = rng.random() < 0.5
    t = _c(rng, (zh_up if up else zh_down) if lang == "zh" else (en_up if up else en_down))
    return [make_prev(rng)], t, [cmd(intent, direction="up" if up else "down")]


def _level_after(rng: random.Random, lang: str) -> Turn:
    """"调到三档" after seat ventilation on: the same seat command with that level."""
    intent = _c(rng, ["seat.ventilate", "seat.heat"])
    zone = _zone(rng, 0.5)
    level = rng.randrange(1, 4)
    lv = L.say_number(level, lang, rng, words_p=0.6)
    t = (_c(rng, ["调到{L}档", "开到{L}档", "{L}档", "换成{L}档吧", "开{L}档"]) if lang == "zh" else
         _c(rng, ["level {L}", "make it {L}", "put it on {L}", "turn it to level {L}"])).replace("{L}", lv)
    return [cmd(intent, on=True, zone=zone)], t, [cmd(intent, on=True, level=level, zone=zone)]


def _all_the_way(rng: random.Random, lang: str) -> Turn:
    """"全打开" after a partial opening: fully open (no percent), zone kept."""
    roof = rng.random() < 0.5
    pct = _c(rng, [20, 50])
    zone = None if roof else _zone(rng, 0.5)
    prev = cmd("sunroof.open", percent=pct) if roof else cmd("window.open", zone=zone, percent=pct)
    new = cmd("sunroof.open") if roof else cmd("window.open", zone=zone)
    t = _c(rng, ["全打开", "全开吧", "开到底", "全部打开", "都打开吧"] if lang == "zh" else
           ["all the way", "open it all the way", "fully open", "all the way please"])
    return [prev], t, [new]


def _cancel_or_next(rng: random.Random, lang: str) -> Turn:
    """Cancel after navigate -> ``nav.cancel``; after a call -> hang up; "another one" after play -> next."""
    r = rng.random()
    if r < 0.45:
        dest = _c(rng, L.ZH_POIS if lang == "zh" else L.EN_POIS)
        t = _c(rng, ["算了取消吧", "取消", "不去了", "算了不去了", "取消吧"] if lang == "zh" else
               ["cancel", "cancel that", "never mind, cancel", "forget it, cancel it"])
        return [cmd("nav.navigate", destination=dest)], t, [cmd("nav.cancel")]
    if r < 0.65:
        who = _c(rng, L.ZH_RELATIONS if lang == "zh" else L.EN_RELATIONS)
        t = _c(rng, ["挂了吧", "算了挂掉", "不打了"] if lang == "zh" else ["hang up", "never mind, hang up", "end it"])
        return [cmd("phone.call", contact=who)], t, [cmd("phone.hang_up")]
    t = _c(rng, ["换一首", "换一个", "再来一首别的", "下一个"] if lang == "zh" else
           ["another one", "play another one", "something else", "next one"])
    query = _c(rng, L.ZH_SONGS if lang == "zh" else L.EN_SONGS)
    return [cmd("media.play", query=query) if rng.random() < 0.6 else cmd("media.play")], t, [
        cmd("media.skip", direction="next")]


_FOLLOWUPS: tuple[Callable[[random.Random, str], Turn], ...] = (
    _again_close, _turn_off, _same_for_zone, _relative, _level_after, _all_the_way, _cancel_or_next)
_FOLLOWUP_WEIGHTS = (2, 2.5, 2.5, 2, 1, 1, 1.5)


def make_followup(rng: random.Random, lang: str) -> Sample:
    """A short follow-up read through the previous turn's commands."""
    maker = rng.choices(_FOLLOWUPS, _FOLLOWUP_WEIGHTS)[0]
    prev, text, expected = maker(rng, lang)
    return Sample(text, expected, "bare", previous_commands=tuple(prev))


# Short words whose reading needs no previous turn: the same words as above, read without context.
_CONTEXT_FREE = {
    "zh": [("再高一点", cmd("hvac.adjust_temperature", direction="up")), ("再低一点", cmd("hvac.adjust_temperature", direction="down")),
           ("再暖和点", cmd("hvac.adjust_temperature", direction="up")), ("再大声点", cmd("media.adjust_volume", direction="up")),
           ("再小声点", cmd("media.adjust_volume", direction="down")), ("换一首", cmd("media.skip", direction="next")),
           ("下一个", cmd("media.skip", direction="next"))],
    "en": [("a bit warmer", cmd("hvac.adjust_temperature", direction="up")), ("cooler still", cmd("hvac.adjust_temperature", direction="down")),
           ("a bit louder", cmd("media.adjust_volume", direction="up")), ("a bit quieter", cmd("media.adjust_volume", direction="down")),
           ("play another one", cmd("media.skip", direction="next")), ("next one", cmd("media.skip", direction="next"))],
}


def _random_previous(rng: random.Random, lang: str) -> list[dict[str, Any]]:
    prev = [_c(rng, _FOLLOWUPS)(rng, lang)[0][0]]
    return prev if rng.random() < 0.7 else prev + [cmd("media.pause")]


def make_context_contrast(rng: random.Random, lang: str) -> Sample:
    """Short words with no previous turn (context-free reading), or a full request after one (the prev: line is
    ignored)."""
    if rng.random() < 0.35:
        text, command = _c(rng, _CONTEXT_FREE[lang])
        return Sample(text, [dict(command)], "bare")
    key = rng.choices(list(MAKERS), [w for _, w in MAKERS.values()])[0]
    while key.startswith(("dialog.", "screen.")):
        key = rng.choices(list(MAKERS), [w for _, w in MAKERS.values()])[0]
    sample = MAKERS[key][0](rng, lang)
    sample.previous_commands = tuple(_random_previous(rng, lang))
    sample.screen_labels = ()
    return sample


# Questions the cockpit asks, in its own words (zh, en), and the words that echo their action.
QUESTIONS = (
    (("外面下雨了，要把车窗关上吗？", "下雨了，需要帮您关闭天窗吗？"), ("It's raining. Shall I close the windows?",
                                                      "Rain is starting. Want me to close the sunroof?"),
     ("关上吧", "关吧", "赶紧关"), ("close them", "shut them", "close it")),
    (("早上有点冷，要打开座椅加热吗？", "车里温度很低，帮您开座椅加热好吗？"),
     ("Cold morning. Shall I turn on the seat heater?", "It's chilly in here. Want the seat heating on?"),
     ("开吧", "打开吧", "开一下"), ("turn it on", "switch it on", "put it on")),
    (("电量不多了，要导航去最近的充电站吗？", "续航只剩五十公里，去充个电吗？"),
     ("Range is getting low. Navigate to the nearest charger?", "Battery is low. Want directions to a charging station?"),
     ("去吧", "导航过去", "走吧"), ("take me there", "let's go", "navigate there")),
    (("前挡有雾，要打开除雾吗？",), ("The windshield is fogging. Turn on the defroster?",),
     ("开吧", "打开", "除一下"), ("turn it on", "clear it")),
    (("前方拥堵，要换一条更快的路线吗？", "前面堵车了，帮您重新规划路线吗？"),
     ("Heavy traffic ahead. Take a faster route?", "There's congestion ahead. Want me to reroute?"),
     ("换吧", "走新路线", "绕过去"), ("reroute", "take it", "go around it")),
    (("外面空气质量差，要切换到内循环吗？",), ("The air outside is poor. Switch to recirculation?",),
     ("切吧", "换内循环", "切过去"), ("switch it", "do it", "switch over")),
)
_ZH_YES = ["行，{E}", "好的{E}", "嗯可以", "{E}", "可以可以", "行啊", "嗯，{E}", "没问题{E}", "那就{E}", "好呀", "当然", "要的要的"]
_EN_YES = ["sure go ahead", "yeah do it", "yes please, {E}", "sure, {E}", "ok {E}", "yeah {E}", "please do", "that'd be great",
           "yep go for it", "why not", "sounds good, {E}"]
_ZH_NO = ["不用了谢谢", "先别", "算了吧 就这样挺好", "不用", "不要了", "现在不用", "没事不用管", "先不用了，我自己来", "不了不了",
          "别，等会儿再说"]
_EN_NO = ["nah leave it", "no I'm fine", "no thanks", "not now", "leave it as is", "nope, it's fine", "don't bother",
          "no, I'll do it myself", "maybe later", "nah I'm good"]


def make_pending_answer(rng: random.Random, lang: str) -> Sample:
    """A pending suggestion answered in free words (confirm / reject), or ignored for a new request."""
    zh_q, en_q, zh_echo, en_echo = _c(rng, QUESTIONS)
    question = _c(rng, zh_q if lang == "zh" else en_q)
    r = rng.random()
    if r < 0.45:
        text = _c(rng, _ZH_YES if lang == "zh" else _EN_YES).replace("{E}", _c(rng, zh_echo if lang == "zh" else en_echo))
        sample = Sample(text, [cmd("dialog.confirm")], "bare")
    elif r < 0.85:
        sample = Sample(_c(rng, _ZH_NO if lang == "zh" else _EN_NO), [cmd("dialog.reject")], "bare")
    else:
        intent = _c(rng, ["phone.call", "media.play", "nav.navigate", "media.adjust_volume", "query.weather"])
        request = MAKERS[intent][0](rng, lang) if intent == "query.weather" else imperative(rng, lang, intent)
        pre = _c(rng, ["先", "等一下，先", ""] if lang == "zh" else ["first ", "wait, ", ""])
        text = pre + (request.text if lang == "zh" or not pre else request.text[:1].lower() + request.text[1:])
        sample = Sample(text, request.commands, "stmt")
    sample.pending_question = question
    if rng.random() < 0.25:
        sample.previous_commands = tuple(_random_previous(rng, lang))
    return sample
