"""SFT data: every generated command list is valid; dedup, stratified split, build outputs and stats."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.conftest import ROOT  # noqa: F401
from multimodal.training.data import lexicons as L
from multimodal.training.data.build import BuildConfig, build
from multimodal.training.data.dedup import dedup, near_duplicates, similarity
from multimodal.training.data.generator import generate
from multimodal.training.data.split import stratified_split, stratum
from multimodal.command.output_format import decode
from vehicle_state.commands import INTENTS, TEXT_SLOTS, fold_text, validate_commands


@pytest.fixture(scope="module")
def records():
    return generate(4000, seed=11)


def test_generated_commands_are_valid_and_cover_the_schema(records):
    intents = Counter()
    for rec in records:
        validate_commands(rec["expected"])
        assert rec["lang"] in ("zh", "en") and rec["text"].strip()
        intents.update(c["intent"] for c in rec["expected"])
    assert set(intents) == set(INTENTS)
    langs = Counter(r["lang"] for r in records)
    assert 0.4 < langs["zh"] / len(records) < 0.6
    multi = sum(len(r["expected"]) > 1 for r in records) / len(records)
    assert 0.15 < multi < 0.45


def test_free_text_is_copied_from_the_utterance(records):
    for rec in records:
        folded = fold_text(rec["text"])
        for c in rec["expected"]:
            for slot, value in c["slots"].items():
                if slot in TEXT_SLOTS and value not in ("home", "work"):
                    assert fold_text(value) in folded, (rec["text"], value)


def test_screen_taps_name_a_visible_label(records):
    taps = [r for r in records if r["expected"][0]["intent"] == "screen.tap"]
    assert taps
    for rec in taps:
        assert rec["expected"][0]["slots"]["label"] in rec["context"]["screen_labels"]


def test_unsupported_stands_alone_and_zone_is_never_my_side(records):
    for rec in records:
        if any(c["intent"] == "unsupported" for c in rec["expected"]):
            assert len(rec["expected"]) == 1
        if any(w in rec["text"] for w in ("我这边", "my side")):
            for c in rec["expected"]:
                if c["intent"] in ("hvac.set_temperature", "seat.heat", "window.open"):
                    assert "zone" not in c["slots"] or c["slots"]["zone"] != "driver" or "主驾" in rec["text"] \
                        or "driver" in rec["text"]


def test_numbers_in_words():
    assert L.zh_number(22) == "二十二" and L.zh_number(10) == "十" and L.zh_number(2, liang=True) == "两"
    assert L.zh_number(100) == "一百" and L.zh_number(105) == "一百零五"
    assert L.en_number(22) == "twenty-two" and L.en_number(100) == "one hundred"


def test_similarity_and_near_duplicates():
    assert similarity("打开空调", "打开空调") == 1.0
    assert similarity("turn on the AC please", "turn on the AC pls") > 0.9
    assert similarity("播放稻香", "播放晴天") < 0.9
    recs = [{"text": t, "lang": "en", "expected": [{"intent": "hvac.ac", "slots": {"on": True}}]}
            for t in ["turn on the AC please", "Turn on the AC, please!", "turn on the AC pls", "AC on"]]
    assert near_duplicates(recs) == [1, 2]
    kept, removed = dedup(recs)
    assert removed == 2 and [r["text"] for r in kept] == ["turn on the AC please", "AC on"]


def test_dedup_only_compares_within_a_language_and_intent():
    a = {"text": "打开空调", "lang": "zh", "expected": [{"intent": "hvac.power", "slots": {"on": True}}]}
    b = {"text": "打开空调", "lang": "zh", "expected": [{"intent": "hvac.ac", "slots": {"on": True}}]}
    assert near_duplicates([a, b]) == []


def test_stratified_split_keeps_proportions(records):
    parts = stratified_split(records, val_frac=0.1, test_frac=0.1, seed=0)
    assert sum(len(p) for p in parts.values()) == len(records)
    ids = [id(r) for p in parts.values() for r in p]
    assert len(set(ids)) == len(ids)
    total = Counter(stratum(r) for r in records)
    test = Counter(stratum(r) for r in parts["test"])
    for key, n in total.items():
        if n >= 50:
            assert abs(test[key] / n - 0.1) < 0.05, key
    with pytest.raises(ValueError):
        stratified_split(records, 0.6, 0.5)


def test_build_writes_all_formats_and_stats(tmp_path):
    stats = build(BuildConfig(out_dir=tmp_path, n=600, seed=2))
    for split in ("train", "val", "test"):
        rows = [json.loads(x) for x in (tmp_path / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
        alpaca = [json.loads(x) for x in (tmp_path / f"{split}.alpaca.jsonl").read_text(encoding="utf-8").splitlines()]
        share = [json.loads(x) for x in (tmp_path / f"{split}.sharegpt.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(alpaca) == len(share) == stats["splits"][split] > 0
        for row, a, s in zip(rows, alpaca, share):
            assert set(row) <= {"id", "text", "lang", "context", "expected"}
            validate_commands(row["expected"])
            assert set(a) == {"instruction", "input", "output"}
            assert [c.to_dict() for c in decode(a["output"])] == [c.to_dict() for c in validate_commands(row["expected"])]
            assert s["conversations"][1]["value"] == a["output"]
    on_disk = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert on_disk["total"] == sum(stats["splits"].values())
    assert set(on_disk["per_language"]) == {"zh", "en"}
    assert 0 < on_disk["multi_intent_share"] < 1
    assert sum(on_disk["commands_per_utterance"].values()) == on_disk["total"]
    info = json.loads((tmp_path / "dataset_info.json").read_text())
    assert info["cockpit_train_alpaca"]["file_name"] == "train.alpaca.jsonl"


def test_same_seed_same_data():
    assert generate(200, seed=5) == generate(200, seed=5)
    assert generate(200, seed=5) != generate(200, seed=6)


def test_a_zone_in_a_command_was_said_in_the_utterance(records):
    """No invented zones: the contract never lets a default zone into a command."""
    missing = 0
    for rec in records:
        previous_zones = {c["slots"].get("zone") for c in (rec.get("context") or {}).get("previous_commands", [])}
        for c in rec["expected"]:
            zone = c["slots"].get("zone")
            if zone and zone not in previous_zones:  # a follow-up keeps the zone of the previous turn
                words = L.ZONE_WORDS[rec["lang"]][zone] + ["所有", "全部", "全车", "every", "front", "back"]
                missing += not any(w.lower() in rec["text"].lower() for w in words)
    assert missing <= len(records) * 0.002  # a filler word may split a zone phrase now and then
