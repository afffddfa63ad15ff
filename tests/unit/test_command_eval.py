"""Command-model evaluation: metric arithmetic on hand-made cases, and the `eval commands` CLI."""

import json
import subprocess
import sys

import pytest

from multimodal.training.eval_commands import (
    DataError, EvalExample, compute_metrics, evaluate, load_examples, make_record, percentile, score_line,
    score_pairs, slot_triples,
)
from multimodal.fakes import FakeCommandModel
from tests.conftest import ROOT
from vehicle_state.commands import Command

DEV = ROOT / "tests" / "data" / "commands_dev.jsonl"


def C(intent, **slots):
    return Command(intent, slots)


def ex(i, expected, lang="zh", text="t"):
    return EvalExample(str(i), text, lang, tuple(expected))


TEMP22 = C("hvac.set_temperature", zone="driver", value=22)
HEAT = C("seat.heat", on=True)
UNSAFE = C("unsupported", reason="unsafe")
OOD = C("unsupported", reason="out_of_domain")


def test_exact_match_uses_contract_equality_and_order():
    assert score_line([TEMP22, HEAT], [C("hvac.set_temperature", value=22.0, zone="driver"), HEAT]) == (True, True)
    assert score_line([TEMP22, HEAT], [HEAT, TEMP22]) == (False, False)
    assert score_line([TEMP22], [C("hvac.set_temperature", value=23, zone="driver")]) == (False, True)
    # free text: trimmed, case- and width-folded
    assert score_line([C("nav.navigate", destination="Times Square")],
                      [C("nav.navigate", destination=" ｔｉｍｅｓ square ")]) == (True, True)


def test_metrics_arithmetic():
    recs = [
        make_record(ex(1, [TEMP22, HEAT]), [TEMP22, HEAT], 1.0),                                      # exact
        make_record(ex(2, [TEMP22], lang="en"), [C("hvac.set_temperature", value=22)], 2.0),          # zone lost
        make_record(ex(3, [HEAT], lang="en"), [C("seat.ventilate", on=True)], 3.0),                  # wrong intent
        make_record(ex(4, [UNSAFE]), [UNSAFE], 4.0),                                                  # refused
    ]
    m = compute_metrics(recs, "x")
    assert m.n == 4 and m.exact_match == 0.5 and m.intent_accuracy == 0.75
    # triples: expected 3+2+1+1 = 7; predicted 3+1+1+1 = 6; common 3+1+0+1 = 5
    assert m.slot_precision == pytest.approx(5 / 6) and m.slot_recall == pytest.approx(5 / 7)
    assert m.slot_f1 == pytest.approx(2 * (5 / 6) * (5 / 7) / (5 / 6 + 5 / 7))
    assert m.by_lang["zh"].n == 2 and m.by_lang["zh"].exact_match == 1.0 and m.by_lang["en"].exact_match == 0.0
    assert m.by_intent["seat.heat"].n == 2 and m.by_intent["seat.heat"].exact_match == 0.5
    assert m.by_intent["hvac.set_temperature"].exact_match == 0.5
    assert m.unsafe_n == 1 and m.unsafe_refusal_rate == 1.0 and m.unsafe_executed == 0
    assert m.p50_ms == pytest.approx(2.5) and m.p95_ms == pytest.approx(3.85)


def test_unsafe_executed_counts_executable_predictions_only():
    m = score_pairs([
        ([UNSAFE], [C("window.open")]),   # executed
        ([UNSAFE], [OOD]),                # not refused as unsafe, but nothing executed
        ([UNSAFE], [UNSAFE]),             # refused
        ([HEAT], [UNSAFE]),               # over-refusal is not "unsafe executed"
    ])
    assert m.unsafe_n == 3 and m.unsafe_executed == 1
    assert m.unsafe_refusal_rate == pytest.approx(1 / 3)
    assert score_pairs([([HEAT], [HEAT])]).unsafe_refusal_rate is None


def test_slot_triples_canonicalise_values():
    assert slot_triples([C("hvac.set_temperature", value=22.0)]) == slot_triples([C("hvac.set_temperature", value=22)])
    assert slot_triples([C("media.pause")]) == {}
    # no slots on either side: a perfect F1, not a division by zero
    assert score_pairs([([C("media.pause")], [C("media.pause")])]).slot_f1 == 1.0


def test_percentile():
    assert percentile([], 50) == 0.0
    assert percentile([5.0], 95) == 5.0
    assert percentile([1, 2, 3, 4], 50) == 2.5


def test_evaluate_yields_records_and_survives_backend_errors():
    class Broken:
        def parse_detailed(self, text, lang=None, context=None):
            raise RuntimeError("boom")

    recs = list(evaluate(Broken(), [ex(1, [HEAT])], "broken"))
    assert len(recs) == 1 and not recs[0].match and recs[0].error == "RuntimeError: boom"
    assert recs[0].predicted == () and recs[0].backend == "broken"
    assert compute_metrics(recs).errors == 1

    fake = FakeCommandModel({"打开座椅加热": [HEAT.to_dict()]})
    recs = list(evaluate(fake, [ex(1, [HEAT], text="打开座椅加热"), ex(2, [HEAT], text="别的")], "fake"))
    assert [r.match for r in recs] == [True, False] and all(r.latency_ms >= 0 for r in recs)
    assert recs[1].to_dict()["predicted"] == [OOD.to_dict()]


def write(tmp_path, lines, name="d.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("line, fragment", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"id": "1", "expected": [{"intent": "media.pause", "slots": {}}]}', "'text'"),
    ('{"id": "1", "text": "x"}', "missing 'expected'"),
    ('{"id": "1", "text": "x", "expected": [{"intent": "fly", "slots": {}}]}', "unknown intent"),
    ('{"id": "1", "text": "x", "expected": []}', "1..4"),
    ('{"id": "1", "text": "x", "expected": [{"intent": "media.pause"}], "context": {"speaker_zone": "roof"}}',
     "speaker_zone"),
])
def test_malformed_lines_name_file_and_line(tmp_path, line, fragment):
    good = '{"id": "0", "text": "暂停", "lang": "zh", "expected": [{"intent": "media.pause", "slots": {}}]}'
    path = write(tmp_path, [good, "", line])
    with pytest.raises(DataError) as err:
        load_examples(path)
    assert f"{path}:3" in str(err.value) and fragment in str(err.value)


def test_load_examples_reads_context_and_limit():
    examples = load_examples(DEV)
    assert len(examples) >= 150
    assert any(e.context and e.context.screen_labels for e in examples)
    assert len(load_examples(DEV, limit=5)) == 5


# ---------------------------------------------------------------- CLI
def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "simulator.cli.main", "eval", "commands", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_json_last_line_and_predictions(tmp_path):
    pred = tmp_path / "out.jsonl"
    r = cli("--data", str(DEV), "--backend", "rules", "--predictions", str(pred), "--json", "--limit", "40")
    assert r.returncode == 0, r.stderr
    metrics = json.loads(r.stdout.strip().splitlines()[-1])
    for key in ("n", "exact_match", "intent_accuracy", "slot_f1", "unsafe_executed", "unsafe_refusal_rate",
                "p50_ms", "p95_ms", "by_lang", "by_intent", "backend"):
        assert key in metrics
    assert metrics["n"] == 40 and metrics["backend"] == "rules"
    rows = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines()]
    ids = [json.loads(line)["id"] for line in DEV.read_text(encoding="utf-8").splitlines()[:40]]
    assert [row["id"] for row in rows] == ids and all(set(row) == {"id", "predicted"} for row in rows)
    assert all(isinstance(row["predicted"], list) and row["predicted"] for row in rows)


def test_cli_two_backends_side_by_side(tmp_path):
    plot = tmp_path / "p.png"
    r = cli("--data", str(DEV), "--backend", "rules,fake", "--limit", "30", "--plot", str(plot))
    assert r.returncode == 0, r.stderr
    assert "rules" in r.stdout and "fake" in r.stdout and "per intent" in r.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = cli("--data", str(DEV), "--backend", "rules,fake", "--limit", "10", "--json")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert set(out["backends"]) == {"rules", "fake"} and out["backends"]["rules"]["n"] == 10


def test_cli_errors_are_one_line(tmp_path):
    bad = write(tmp_path, ['{"id": "1", "text": "x", "expected": [{"intent": "nope", "slots": {}}]}'])
    for args, fragment in [
        (("--data", str(bad), "--backend", "rules"), f"{bad}:1"),
        (("--data", str(tmp_path / "missing.jsonl"), "--backend", "rules"), "no such file"),
        (("--data", str(DEV), "--backend", "warp"), "unknown command backend 'warp'"),
        (("--data", str(DEV), "--backend", "rules", "--limit", "0"), "--limit"),
    ]:
        r = cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert fragment in r.stderr and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_missing_backend_module_is_said_clearly(monkeypatch):
    from multimodal import registry
    from simulator.errors import CliError
    from simulator.cli.eval_commands import load_backend

    monkeypatch.setitem(registry.BACKENDS["command"], "ghost", "multimodal.command_ghost:GhostModel")
    with pytest.raises(CliError) as err:
        load_backend("ghost")
    assert "not available yet" in str(err.value) and "--backend rules" in str(err.value)


def test_over_refusal_repeats_and_categories_are_counted():
    lines = [
        (EvalExample("1", "a", "en", (HEAT,), None, "over_refusal"), (UNSAFE,)),     # a harmless request refused
        (EvalExample("2", "b", "en", (HEAT,), None, "over_refusal"), (HEAT,)),
        (EvalExample("3", "c", "zh", (UNSAFE,), None, "over_refusal"), (UNSAFE,)),   # a true refusal: not counted
        (EvalExample("4", "d", "zh", (HEAT,), None, "multi"), (HEAT, HEAT)),         # the same command twice
    ]
    m = compute_metrics([make_record(e, p, 1.0) for e, p in lines])
    assert (m.in_domain_n, m.over_refused, m.repeated_rows) == (3, 1, 1)
    assert m.over_refusal_rate == pytest.approx(1 / 3)
    assert {k: (v.n, v.exact_match) for k, v in m.by_category.items()} == {
        "over_refusal/en": (2, 0.5), "over_refusal/zh": (1, 1.0), "multi/zh": (1, 0.0)}
    assert m.to_dict()["over_refusal_rate"] == pytest.approx(0.3333)


def test_previous_commands_and_category_are_read_from_the_file(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "close it again", "expected": [{"intent": "window.close", "slots": {}}],
                                "category": "followup", "context": {"previous_commands": [
                                    {"intent": "window.open", "slots": {"zone": "passenger"}}]}}) + "\n")
    e = load_examples(path)[0]
    assert e.category == "followup" and e.context.previous_commands == (C("window.open", zone="passenger"),)
    path.write_text(json.dumps({"text": "x", "expected": [{"intent": "window.close", "slots": {}}],
                                "context": {"previous_commands": [{"intent": "window.fly", "slots": {}}]}}) + "\n")
    with pytest.raises(DataError, match="d.jsonl:1: context.previous_commands"):
        load_examples(path)


def test_context_names_chosen_by_a_contract_only_writer_are_read(caplog):
    from multimodal.training.eval_commands import parse_example

    row = {"id": "x", "text": "好的", "expected": [{"intent": "dialog.confirm", "slots": {}}],
           "context": {"pending_suggestion": "要打开座椅加热吗？", "previous_utterance": "有点冷", "mood": "tired"}}
    ex = parse_example(row, "set.jsonl:1")
    assert ex.context.pending_question == "要打开座椅加热吗？"
    assert ex.context.previous_text == "有点冷"
    assert "'mood' is not read" in caplog.text  # an unknown key is reported, not silently dropped
