"""ASR evaluation and transcript clean-up: pure functions and the CLI with the fake backend (fast)."""

import json
import os
import shutil
import subprocess

import pytest

from multimodal.asr import whisper_models
from multimodal.training.eval_asr import (
    ManifestError, edit_distance, load_manifest, normalize_en, normalize_zh, percentile, score,
)
from multimodal.asr.text import clean_transcript, collapse_loops, strip_prompt_echo
from multimodal.text.zh_numbers import int_to_chinese, spell_numbers


def test_normalisation():
    assert normalize_en("And so, my fellow Americans—don't!") == ["and", "so", "my", "fellow", "americans", "dont"]
    assert normalize_en("Set 22.5 degrees, 1,000 times") == [
        "set", "twenty", "two", "point", "five", "degrees", "one", "thousand", "times"]
    assert normalize_zh("廣州市，溫度22度。ＡＢ") == list("广州市温度二十二度ab")


def test_scores():
    assert score("IT WAS THE FIRST", "It was the first.", "en") == (0, 4)
    assert score("广州市房地产中介协会分析", "廣州市佛地產中間協會分析。", "zh") == (2, 12)
    assert edit_distance(list("abc"), list("axcd")) == 2 and edit_distance([], list("ab")) == 2
    assert percentile([1, 2, 3, 4], 50) == 2.5 and percentile([5], 95) == 5


def test_chinese_numerals():
    assert [int_to_chinese(n) for n in (0, 10, 12, 105, 1005, 10086, 100010000)] == [
        "零", "十", "十二", "一百零五", "一千零五", "一万零八十六", "一亿零一万"]
    assert spell_numbers("温度22.5度，电量80%，-5度") == "温度二十二点五度，电量百分之八十，负五度"


def test_transcript_clean_up():
    prompt = "以下是普通话的句子。"
    assert collapse_loops("卡卡卡卡卡卡卡卡") == "卡"
    assert collapse_loops("ask what you can do, ask what you can do") == "ask what you can do, ask what you can do"
    assert strip_prompt_echo("大开座以下是普通话的句子。", prompt) == "大开座。"
    assert clean_transcript("大开座,以下是普通话。", "zh", prompt) == "大开座。"
    assert clean_transcript("普通话的句子。", "zh", prompt) == ""
    assert clean_transcript("以下是我的普通话考试", "zh", prompt) == "以下是我的普通话考试"
    assert clean_transcript("我認為 跑步", "zh") == "我认为跑步"
    assert clean_transcript(" Hello,  world. ", "en") == "Hello, world."


def test_join_parts_is_atomic_and_verified(tmp_path):
    import hashlib

    from multimodal.cache import CacheBuildError, join_parts

    parts = []
    for i, data in enumerate((b"first part ", b"second part")):
        parts.append(tmp_path / f"model.bin.part{i + 1}")
        parts[-1].write_bytes(data)
    good = hashlib.sha256(b"first part second part").hexdigest()
    dest = tmp_path / "out" / "model.bin"
    with pytest.raises(CacheBuildError):
        join_parts(parts, dest, "0" * 64)
    assert list(dest.parent.iterdir()) == []  # nothing half-written is left behind
    join_parts(parts, dest, good)
    assert dest.read_bytes() == b"first part second part"


def test_resolve_names():
    with pytest.raises(whisper_models.BackendUnavailable):
        whisper_models.resolve("/no/such/model/folder")
    hub = whisper_models.resolve("small.en")
    assert hub.local is False and hub.multilingual is False and hub.location == "small.en"


# ------------------------------------------------------------------ manifest + CLI (fake ASR)
@pytest.fixture()
def manifest(tmp_path):
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng missing")
    rows = [("a.wav", "open the window", "en", "Open the window."),
            ("b.wav", "打开车窗", "zh-CN", "打開車窗"),
            ("c.wav", "close the door", "en", "close the floor")]
    lines = []
    for name, ref, lang, heard in rows:
        subprocess.run(["espeak-ng", "-w", str(tmp_path / name), "test"], check=True, timeout=30)
        (tmp_path / (name + ".txt")).write_text(heard, encoding="utf-8")  # what the fake ASR "hears"
        lines.append(json.dumps({"file": name, "transcript": ref, "language": lang}, ensure_ascii=False))
    path = tmp_path / "manifest.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_manifest_errors(tmp_path, manifest):
    assert [i.lang for i in load_manifest(manifest)] == ["en", "zh", "en"]
    bad = tmp_path / "bad.jsonl"
    for text, needle in (('{"file": "a.wav"}', "missing"), ("not json", "not valid JSON"),
                         ('{"file": "zz.wav", "transcript": "x", "language": "en"}', "not found"),
                         ('{"file": "a.wav", "transcript": "x", "language": "fr"}', "neither"), ("", "no entries")):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ManifestError, match=needle):
            load_manifest(bad)


def test_eval_cli_with_fake_backend(manifest, tmp_path, capsys):
    from simulator.cli.main import main

    preds = tmp_path / "out.jsonl"
    code = main(["eval", "asr", "--manifest", str(manifest), "--backend", "fake", "--predictions", str(preds),
                 "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["n"] == 3 and report["n_zh"] == 1 and report["n_en"] == 2
    assert report["cer_zh"] == 0.0  # 打開車窗 is Traditional: normalised to Simplified before scoring
    assert report["wer_en"] == pytest.approx(1 / 6, abs=1e-4)  # one substituted word in six
    assert report["p50_ms"] >= 0 and report["p95_ms"] >= report["p50_ms"] and report["rtf"] is not None
    lines = [json.loads(l) for l in preds.read_text(encoding="utf-8").splitlines()]
    assert [l["file"] for l in lines] == ["a.wav", "b.wav", "c.wav"] and lines[0]["text"] == "Open the window."
    assert main(["eval", "asr", "--manifest", str(manifest), "--backend", "fake"]) == 0
    assert "WER en 0.167" in capsys.readouterr().out


def test_cli_errors_are_one_line(tmp_path, capsys):
    from simulator.cli.main import main

    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(3000))
    assert main(["eval", "asr", "--manifest", str(tmp_path / "none.jsonl")]) == 2
    assert main(["listen", str(tmp_path / "none.wav")]) == 2
    assert main(["listen", str(junk), "--backend", "nope"]) == 2
    assert main(["listen", str(junk), "--beam-size", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and all(line.startswith("cockpit-sim ") for line in err)
    assert "Traceback" not in "\n".join(err)
