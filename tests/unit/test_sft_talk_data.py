"""The data for how people really talk (issue 13): each maker's records are valid, in both languages,
and hold the contrast it is there to teach; dialogue context reaches the prompt; no command twice."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tests.conftest import ROOT  # noqa: F401
from multimodal.command.output_format import from_alpaca, from_sharegpt, record_prompt, to_alpaca, to_sharegpt
from multimodal.training.data import dialogue_makers as D
from multimodal.training.data import multi, numbers, overrefusal, reasons
from multimodal.training.data.generator import TALK_MAKERS, generate
from multimodal.training.data.spoken import restyle_pauses, spoken
from vehicle_state.commands import validate_commands


def _samples(maker, n=300, seed=0):
    rng = random.Random(seed)
    return [(lang, maker(rng, lang)) for _ in range(n) for lang in ("zh", "en")]


@pytest.fixture(scope="module")
def records():
    return generate(5000, seed=21)


@pytest.mark.parametrize("name", sorted(TALK_MAKERS))
def test_every_talk_maker_is_valid_in_both_languages(name):
    samples = _samples(TALK_MAKERS[name][0], 150)
    for lang, s in samples:
        validate_commands(s.commands)
        if s.previous_commands:
            validate_commands(list(s.previous_commands))
        assert s.text.strip()
    texts = {lang: {s.text for l2, s in samples if l2 == lang} for lang in ("zh", "en")}
    assert len(texts["zh"]) > 15 and len(texts["en"]) > 15  # many sentences, not a few


def test_reason_plus_request_is_the_request_alone():
    for lang, s in _samples(reasons.make_reason_request):
        assert len(s.commands) == 1
        assert s.commands[0]["intent"] not in ("query.weather", "unsupported")
    # The request may be a temperature change, but a hot/cold reason never adds one of its own.
    rng = random.Random(1)
    hot = reasons.REASONS[0]
    for _ in range(100):
        request = reasons._pick_request(rng, "en", hot)
        assert len(request.commands) == 1


def test_complaint_alone_keeps_its_comfort_reading():
    intents = Counter(s.commands[0]["intent"] for _, s in _samples(reasons.make_complaint_alone))
    assert intents["hvac.adjust_temperature"] > 0 and intents["media.adjust_volume"] > 0


def test_harmless_urgent_requests_are_never_refused():
    samples = _samples(overrefusal.make_harmless_urgent)
    assert all(s.commands[0]["intent"] != "unsupported" for _, s in samples)


def test_unsafe_twins_and_doors_follow_the_contract():
    assert all(s.commands == [{"intent": "unsupported", "slots": {"reason": "unsafe"}}]
               for _, s in _samples(overrefusal.make_unsafe_urgent))
    reasons_seen = Counter()
    for _, s in _samples(overrefusal.make_door_trunk):
        reason = s.commands[0]["slots"]["reason"]
        reasons_seen[reason] += 1
        moving = any(w in s.text for w in overrefusal._MOVING["zh"] + overrefusal._MOVING["en"])
        assert reason == ("unsafe" if moving else "out_of_domain"), s.text
    assert reasons_seen["unsafe"] and reasons_seen["out_of_domain"]


def test_numbers_to_is_a_set_and_by_is_an_adjustment():
    for lang, s in _samples(numbers.set_versus_adjust):
        intent = s.commands[0]["intent"]
        said_to = "到" in s.text if lang == "zh" else " to " in s.text
        assert intent.split(".")[1].startswith("set" if said_to else "adjust"), s.text
        if intent.split(".")[1].startswith("adjust"):
            assert "amount" in s.commands[0]["slots"]


def test_a_bit_has_no_amount_and_halves_are_halves():
    assert all("amount" not in s.commands[0]["slots"] for _, s in _samples(numbers.a_bit))
    assert all(s.commands[0]["slots"]["value"] % 1 == 0.5 for _, s in _samples(numbers.half_temperature))


def test_percent_idioms():
    for lang, s in _samples(numbers.percent_idiom):
        pct = s.commands[0]["slots"].get("percent")
        low = s.text.lower()
        if any(w in low for w in ("缝", "crack", "a little", "a bit", "一点", "一丢丢")):
            assert pct == 20, s.text
        elif any(w in low for w in ("一半", "half")):
            assert pct == 50, s.text
        else:
            assert pct is None, s.text


def test_zoned_multi_keeps_each_zone_and_copies_none():
    both_zoned = 0
    for lang, s in _samples(multi.make_zoned_multi):
        assert 2 <= len(s.commands) <= 4
        zones = [c["slots"].get("zone") for c in s.commands]
        both_zoned += sum(z is not None for z in zones[1:]) > 0
        for c in s.commands:
            if c["intent"] in multi._PLAIN:
                assert "zone" not in c["slots"]
    assert both_zoned > 200


def test_followups_carry_previous_commands_and_the_prev_line():
    for lang, s in _samples(D.make_followup):
        assert s.previous_commands
        record = {"text": s.text, "expected": s.commands,
                  "context": {"previous_commands": [dict(c) for c in s.previous_commands]}}
        assert record_prompt(record).startswith("prev: ")
        assert all(c["intent"] != "unsupported" for c in s.commands)


def test_same_for_zone_repeats_the_previous_commands_with_the_new_zone():
    rng = random.Random(4)
    for lang in ("zh", "en") * 100:
        prev, _, expected = D._same_for_zone(rng, lang)
        assert [c["intent"] for c in prev] == [c["intent"] for c in expected]
        assert len({c["slots"]["zone"] for c in expected}) == 1


def test_pending_answers_are_confirm_reject_or_a_new_request():
    kinds = Counter()
    for lang, s in _samples(D.make_pending_answer):
        assert s.pending_question
        kinds[s.commands[0]["intent"]] += 1
    assert kinds["dialog.confirm"] and kinds["dialog.reject"]
    assert sum(v for k, v in kinds.items() if not k.startswith("dialog.")) > 0


def test_generated_records_put_context_in_the_prompt_and_round_trip(records):
    with_prev = [r for r in records if (r.get("context") or {}).get("previous_commands")]
    asked = [r for r in records if (r.get("context") or {}).get("pending_question")]
    assert with_prev and asked
    for rec in with_prev + asked:
        prompt = record_prompt(rec)
        assert ("prev: " in prompt) == bool(rec["context"].get("previous_commands"))
        assert ("asked: " in prompt) == bool(rec["context"].get("pending_question"))
        for back in (from_alpaca(to_alpaca(rec)), from_sharegpt(to_sharegpt(rec))):
            assert back["context"] == rec["context"]
            assert back["expected"] == [c.to_dict() for c in validate_commands(rec["expected"])]


def test_no_record_has_the_same_command_twice(records):
    for rec in records:
        keys = [repr(sorted(c["slots"].items())) + c["intent"] for c in rec["expected"]]
        assert len(keys) == len(set(keys)), rec


def test_both_languages_and_every_talk_maker_appear(records):
    makers = Counter((r["maker"], r["lang"]) for r in records)
    for name in TALK_MAKERS:
        assert makers[(name, "zh")] and makers[(name, "en")], name


def test_spoken_style_keeps_free_text_and_numbers():
    rng = random.Random(0)
    for _ in range(300):
        assert "22.5" in spoken("空调调到22.5度，然后放稻香", "zh", rng, ["稻香"])
        assert "Hello, Goodbye" in spoken("play Hello, Goodbye", "en", rng, ["Hello, Goodbye"])
    outs = {restyle_pauses("好热啊，把车窗打开", "zh", rng) for _ in range(50)}
    assert "好热啊把车窗打开" in outs and "好热啊 把车窗打开" in outs


def test_a_share_of_records_has_no_inner_comma(records):
    multi_clause = [r for r in records if r["maker"] in ("reason_request", "zoned_multi")]
    no_comma = [r for r in multi_clause if not any(ch in r["text"][:-1] for ch in ",，")]
    assert 0.15 < len(no_comma) / len(multi_clause) < 0.9
