"""Sample labelled utterances: single commands, 2-3 command chains, shared-verb pairs, screen taps.

Everything is drawn from ``templates.MAKERS`` and decorated by ``augment``; each record is
validated against the contract before it is returned.
"""

from __future__ import annotations

import random
from typing import Any

from multimodal.training.data import augment as A
from multimodal.training.data import dialogue_makers as D
from multimodal.training.data import lexicons as L
from multimodal.training.data import multi, numbers, overrefusal, reasons
from multimodal.training.data.spoken import spoken
from multimodal.training.data.templates import MAKERS, Maker, Sample, cmd
from vehicle_state.commands import TEXT_SLOTS, validate_commands

_SINGLE_INTENTS = list(MAKERS)
_WEIGHTS = [MAKERS[k][1] for k in _SINGLE_INTENTS]
# Intents that can be chained in one utterance (not dialog answers, taps or refusals).
_CHAINABLE = [k for k in _SINGLE_INTENTS if not k.startswith(("dialog.", "unsupported.", "screen."))]
_CHAIN_WEIGHTS = [MAKERS[k][1] ** 0.5 for k in _CHAINABLE]

# Noun phrases for "打开A和B" / "turn on the A and the B": (intent, zh, en, fixed slots)
_SHARED_ON = [
    ("hvac.power", ["空调"], ["climate control", "climate"], {}),
    ("hvac.ac", ["AC", "制冷"], ["AC", "A/C"], {}),
    ("hvac.recirculation", ["内循环"], ["recirculation"], {}),
    ("hvac.auto", ["自动空调"], ["auto climate"], {}),
    ("seat.heat", ["座椅加热"], ["seat heater", "seat heating"], {}),
    ("seat.ventilate", ["座椅通风"], ["seat ventilation"], {}),
    ("seat.massage", ["座椅按摩", "按摩"], ["massage", "seat massage"], {}),
    ("light.ambient", ["氛围灯"], ["ambient lights"], {}),
    ("light.reading", ["阅读灯"], ["reading light"], {}),
    ("hvac.defrost", ["除雾", "前挡除雾"], ["defroster", "front defrost"], {"target": "front"}),
    ("hvac.defrost", ["后除霜"], ["rear defrost"], {"target": "rear"}),
]
# How people really talk (issue 13): name -> (maker, weight). ``TALK_SHARE`` of the records come from these.
TALK_MAKERS: dict[str, tuple[Maker, float]] = {
    "reason_request": (reasons.make_reason_request, 4.0),
    "complaint_alone": (reasons.make_complaint_alone, 1.0),
    "harmless_urgent": (overrefusal.make_harmless_urgent, 2.5),
    "unsafe_urgent": (overrefusal.make_unsafe_urgent, 1.2),
    "door_trunk": (overrefusal.make_door_trunk, 0.8),
    "numbers": (numbers.make_numbers, 2.0),
    "percent_idiom": (numbers.percent_idiom, 1.0),
    "zoned_multi": (multi.make_zoned_multi, 2.5),
    "followup": (D.make_followup, 4.0),
    "context_contrast": (D.make_context_contrast, 2.0),
    "pending_answer": (D.make_pending_answer, 2.0),
}
_TALK_KEYS = list(TALK_MAKERS)
_TALK_WEIGHTS = [TALK_MAKERS[k][1] for k in _TALK_KEYS]
TALK_SHARE = 0.4
SPOKEN_SHARE = 0.35  # records rendered as heard (pauses, fillers, Whisper punctuation)

_SHARED_OPEN = [("window", ["车窗", "窗户"], ["windows", "window"]), ("sunroof", ["天窗"], ["sunroof"])]


def _free_text(commands: list[dict[str, Any]]) -> list[str]:
    return [str(v) for c in commands for k, v in c["slots"].items() if k in TEXT_SLOTS]


def decorate(sample: Sample, lang: str, rng: random.Random, chained: bool = False) -> str:
    text = sample.text
    protect = _free_text(sample.commands)
    if rng.random() < 0.25:
        text = A.synonym_rewrite(text, lang, rng, protect)
    if not chained:
        text = A.politeness(text, lang, sample.kind, rng)
    if sample.kind != "bare" and rng.random() < 0.05:
        text = A.filler(text, lang, rng, protect)
    return text


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text and not text[:2].isupper() else text


def single(rng: random.Random, lang: str, intent: str | None = None) -> Sample:
    key = intent or rng.choices(_SINGLE_INTENTS, _WEIGHTS)[0]
    sample = MAKERS[key][0](rng, lang)
    sample.text = decorate(sample, lang, rng)
    if sample.kind != "bare" and rng.random() < 0.05:
        sample.text = A.scene(sample.text, lang, rng)
    return sample


def chain(rng: random.Random, lang: str) -> Sample:
    n = 2 if rng.random() < 0.72 else 3
    keys: list[str] = []
    while len(keys) < n:
        k = rng.choices(_CHAINABLE, _CHAIN_WEIGHTS)[0]
        if k not in keys:
            keys.append(k)
    parts = [MAKERS[k][0](rng, lang) for k in keys]
    texts = [decorate(p, lang, rng, chained=True) for p in parts]
    out = texts[0]
    for t in texts[1:]:
        join = rng.choice(L.ZH_JOIN if lang == "zh" else L.EN_JOIN)
        if lang == "zh":
            out = out + join + t
        else:
            out = out + join + (_lower_first(t) if not join.endswith(". ") else t[:1].upper() + t[1:])
    lead = Sample(out, [c for p in parts for c in p.commands], "imp" if parts[0].kind == "imp" else "stmt")
    lead.text = A.politeness(lead.text, lang, lead.kind, rng) if lead.kind == "imp" else lead.text
    return lead


def shared_verb(rng: random.Random, lang: str) -> Sample:
    if rng.random() < 0.7:
        a, b = rng.sample(_SHARED_ON, 2)
        if a[0] == b[0]:
            return chain(rng, lang)
        on = rng.random() < 0.65
        commands = [cmd(a[0], on=on, **a[3]), cmd(b[0], on=on, **b[3])]
        if lang == "zh":
            verb = rng.choice(["打开", "开启", "开一下", "把"] if on else ["关闭", "关掉", "把"])
            na, nb = rng.choice(a[1]), rng.choice(b[1])
            conj = rng.choice(["和", "跟", "还有", "、", "以及"])
            text = (f"把{na}{conj}{nb}都{'打开' if on else '关掉'}" if verb == "把" else f"{verb}{na}{conj}{nb}")
        else:
            na, nb = rng.choice(a[2]), rng.choice(b[2])
            verb = rng.choice(["turn on", "switch on"] if on else ["turn off", "switch off", "shut off"])
            text = rng.choice([f"{verb} the {na} and the {nb}", f"{verb} the {na} and {nb}",
                               f"{verb.split()[0]} the {na} and the {nb} {verb.split()[1]}"])
        return Sample(A.politeness(text, lang, "imp", rng), commands, "imp")
    a, b = _SHARED_OPEN
    opening = rng.random() < 0.5
    if lang == "zh":
        text = rng.choice([f"{'打开' if opening else '关闭'}{rng.choice(a[1])}和{rng.choice(b[1])}",
                           f"把{rng.choice(a[1])}和{rng.choice(b[1])}都{'打开' if opening else '关上'}"])
    else:
        text = f"{'open' if opening else 'close'} the {rng.choice(a[2])} and the {rng.choice(b[2])}"
    order = [cmd("window.open" if opening else "window.close"), cmd("sunroof.open" if opening else "sunroof.close")]
    return Sample(A.politeness(text, lang, "imp", rng), order, "imp")


def with_distractor_screen(sample: Sample, lang: str, rng: random.Random) -> Sample:
    """A visible screen that is not addressed: the model must not tap just because labels exist."""
    pool = L.SCREEN_LABELS_ZH if lang == "zh" else L.SCREEN_LABELS_EN
    labels = tuple(rng.sample(pool, rng.randrange(2, 7)))
    if any(label in sample.text for label in labels):
        return sample
    sample.screen_labels = labels
    return sample


def _base_sample(rng: random.Random, lang: str) -> tuple[str, Sample]:
    if rng.random() < TALK_SHARE:
        key = rng.choices(_TALK_KEYS, _TALK_WEIGHTS)[0]
        return key, TALK_MAKERS[key][0](rng, lang)
    r = rng.random()
    if r < 0.27:
        return "chain", chain(rng, lang)
    if r < 0.32:
        return "shared_verb", shared_verb(rng, lang)
    return "single", single(rng, lang)


def _context(sample: Sample) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if sample.previous_commands:
        context["previous_commands"] = [c.to_dict() for c in validate_commands(list(sample.previous_commands))]
    if sample.pending_question:
        context["pending_question"] = sample.pending_question
    if sample.screen_labels:
        context["screen_labels"] = list(sample.screen_labels)
    return context


def sample_record(rng: random.Random, lang: str) -> dict[str, Any]:
    maker, s = _base_sample(rng, lang)
    if not s.screen_labels and rng.random() < 0.06:
        s = with_distractor_screen(s, lang, rng)
    s.text = A.surface(s.text.strip(), lang, s.kind, rng)
    if rng.random() < SPOKEN_SHARE:
        s.text = spoken(s.text, lang, rng, _free_text(s.commands))
    commands = [c.to_dict() for c in validate_commands(s.commands)]
    record: dict[str, Any] = {"text": s.text, "lang": lang, "expected": commands, "maker": maker}
    context = _context(s)
    if context:
        record["context"] = context
    return record


def generate(n: int, seed: int = 0, zh_share: float = 0.5) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    records = []
    for _ in range(n):
        lang = "zh" if rng.random() < zh_share else "en"
        records.append(sample_record(rng, lang))
    return records
