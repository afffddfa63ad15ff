"""Failure export: training prompt format, dedup against each other and the training set, CLI."""

import json
import subprocess
import sys

from multimodal.command import output_format as sft_format
from simulator.failures.export import export_failures
from simulator.failures.store import FailureCase, FailureStore
from tests.conftest import ROOT

TEMP23 = [{"intent": "hvac.set_temperature", "slots": {"value": 23}}]
TAP = [{"intent": "screen.tap", "slots": {"label": "蓝牙音乐"}}]


def filled(tmp_path):
    store = FailureStore(tmp_path / "home")
    store.add(FailureCase(source="eval-mismatch", text="把空调开到二十三度", lang="zh", corrected_commands=TEMP23))
    store.add(FailureCase(source="ui-feedback", text="点一下蓝牙音乐", lang="zh", corrected_commands=TAP,
                          context={"screen_labels": ["蓝牙音乐", "收音机"]}))
    store.add(FailureCase(source="ui-feedback", text="把空调开到 二十三度", lang="zh", corrected_commands=TEMP23))
    store.add(FailureCase(source="ui-feedback", text="no correction yet", lang="en"))
    rejected = store.add(FailureCase(source="ui-feedback", text="rejected one", lang="en", corrected_commands=TEMP23))
    store.review(rejected, "rejected")
    return store


def test_alpaca_and_sharegpt_carry_the_expected_output(tmp_path):
    store = filled(tmp_path)
    rep = export_failures(store, "alpaca", tmp_path / "a.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert rep["exported"] == 2 == len(rows) and rep["skipped_no_correction"] == 1
    by_input = {r["input"].replace(" 二", "二"): r for r in rows}  # the newest spelling of a duplicate wins
    assert by_input["把空调开到二十三度"]["output"] == sft_format.encode(TEMP23)
    assert by_input["screen: 蓝牙音乐 | 收音机\n点一下蓝牙音乐"]["expected"] == TAP
    assert all({"instruction", "input", "output"} <= set(r) for r in rows)
    export_failures(store, "sharegpt", tmp_path / "s.json")
    rows = json.loads((tmp_path / "s.json").read_text())
    assert all(r["conversations"][1]["value"] == sft_format.encode(r["expected"]) for r in rows)
    assert sorted((sft_format.from_sharegpt(r)["expected"] for r in rows), key=json.dumps) == \
        sorted([TEMP23, TAP], key=json.dumps)


def test_dedup_against_training_set(tmp_path):
    store = filled(tmp_path)
    train = tmp_path / "train.jsonl"
    train.write_text(json.dumps({"text": "把空调开到二十三度", "expected": TEMP23}) + "\n")
    rep = export_failures(store, "jsonl", tmp_path / "o.jsonl", train_data=train)
    assert rep["exported"] == 1 and rep["skipped_in_training"] == 2


def test_status_filter_and_cli(tmp_path):
    store = filled(tmp_path)
    fid = store.list()[1].id
    store.review(fid, "accepted")
    out = tmp_path / "acc.jsonl"
    r = subprocess.run([sys.executable, "-m", "simulator.cli.main", "failures", "--home", str(store.home), "export",
                        "--format", "jsonl", "--out", str(out), "--status", "accepted"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["expected"] for x in rows] == [TAP]
    r = subprocess.run([sys.executable, "-m", "simulator.cli.main", "failures", "--home", str(store.home), "review",
                        "nope", "--accept"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "no failure" in r.stderr


def test_eval_record_failures_stores_exactly_the_mismatch(tmp_path):
    data = tmp_path / "d.jsonl"
    good = {"id": "ok", "text": "打开座椅加热", "lang": "zh", "expected": [{"intent": "seat.heat", "slots": {"on": True}}]}
    bad = {"id": "mislabelled", "text": "关闭车窗", "lang": "zh", "expected": [{"intent": "media.pause", "slots": {}}]}
    tap = {"id": "tap", "text": "点一下蓝牙音乐", "lang": "zh", "context": {"screen_labels": ["蓝牙音乐"]},
           "expected": [{"intent": "screen.tap", "slots": {"label": "蓝牙音乐"}}]}
    data.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (good, bad, tap)) + "\n")
    env = {**__import__("os").environ, "COCKPIT_SIM_HOME": str(tmp_path / "home")}
    r = subprocess.run([sys.executable, "-m", "simulator.cli.main", "eval", "commands", "--data", str(data), "--backend",
                        "rules", "--record-failures", "--json"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.strip().splitlines()[-1])["failures_recorded"] == 1
    store = FailureStore(tmp_path / "home" / "failures")
    [rec] = store.list()
    assert rec.text == "关闭车窗" and rec.source == "eval-mismatch" and rec.corrected_commands == bad["expected"]
    assert rec.context["line_id"] == "mislabelled" and rec.model_id == "rules"
    for fmt in ("alpaca", "sharegpt"):
        out = tmp_path / f"{fmt}.jsonl"
        r = subprocess.run([sys.executable, "-m", "simulator.cli.main", "failures", "export", "--format", fmt,
                            "--out", str(out)], capture_output=True, text=True, cwd=ROOT, env=env)
        assert r.returncode == 0, r.stderr
        [row] = [json.loads(x) for x in out.read_text().splitlines()]
        assert row["expected"] == bad["expected"]
        answer = row["output"] if fmt == "alpaca" else row["conversations"][1]["value"]
        assert answer == sft_format.encode(bad["expected"])


def test_a_follow_up_is_exported_with_its_dialogue_context(tmp_path):
    store = FailureStore(tmp_path / "home")
    closed = [{"intent": "window.close", "slots": {"zone": "passenger"}}]
    opened = [{"intent": "window.open", "slots": {"zone": "passenger"}}]
    store.add(FailureCase(source="ui-feedback", text="close it again", lang="en", corrected_commands=closed,
                          context={"previous_commands": opened, "turn_id": "t3"}))
    store.add(FailureCase(source="ui-feedback", text="close it again", lang="en",
                          corrected_commands=[{"intent": "sunroof.close", "slots": {}}],
                          context={"previous_commands": [{"intent": "sunroof.open", "slots": {}}]}))
    store.add(FailureCase(source="eval-mismatch", text="sure, go ahead", lang="en",
                          corrected_commands=[{"intent": "dialog.confirm", "slots": {}}],
                          context={"pending_question": "Rain detected. Close the windows?"}))
    rep = export_failures(store, "alpaca", tmp_path / "a.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert rep["exported"] == 3  # the same words after another device are another row
    inputs = {r["input"] for r in rows}
    assert "prev: winopen @passenger\nclose it again" in inputs
    assert "asked: Rain detected. Close the windows?\nsure, go ahead" in inputs
    back = [sft_format.from_alpaca(r) for r in rows]
    assert {"text": "close it again", "expected": closed, "context": {"previous_commands": opened}} in back
