"""The per-intent confusion matrix of `eval commands`: position alignment on hand-made records, the table,
--json and the PNG beside the per-intent plot."""

import json

from multimodal.training.confusion import EXTRA, MISSING, confusion_matrix
from multimodal.training.eval_commands import EvalExample, make_record
from simulator.cli.main import main
from tests.conftest import ROOT
from vehicle_state.commands import Command

DEV = ROOT / "tests" / "data" / "commands_dev.jsonl"
PNG = b"\x89PNG\r\n\x1a\n"


def C(intent, **slots):
    return Command(intent, slots)


def rec(expected, predicted, error=None):
    return make_record(EvalExample("1", "t", "zh", tuple(expected)), predicted, 1.0, error)


HEAT, VENT, PAUSE = C("seat.heat", on=True), C("seat.ventilate", on=True), C("media.pause")
TEMP = C("hvac.set_temperature", value=22)


def records():
    return [
        rec([HEAT], [HEAT]),                          # right
        rec([HEAT], [C("seat.heat", on=False)]),      # right intent, wrong slot: on the diagonal
        rec([HEAT], [VENT]),                          # confused
        rec([HEAT, TEMP], [VENT]),                    # confused, then left out
        rec([PAUSE], [PAUSE, TEMP]),                  # one too many
        rec([TEMP], [], error="RuntimeError: boom"),  # a parse that raised predicts nothing
    ]


def test_commands_align_by_position_with_missing_and_extra():
    m = confusion_matrix(records())
    assert m.counts == {("seat.heat", "seat.heat"): 2, ("seat.heat", "seat.ventilate"): 2,
                        ("hvac.set_temperature", MISSING): 2, ("media.pause", "media.pause"): 1,
                        (EXTRA, "hvac.set_temperature"): 1}
    assert m.pairs == 8
    assert [(c.expected, c.predicted, c.n) for c in m.confusions()] == [
        ("hvac.set_temperature", MISSING, 2), ("seat.heat", "seat.ventilate", 2), (EXTRA, "hvac.set_temperature", 1)]
    # contract order, placeholders last; (missing) is never a row, (extra) never a column
    assert m.labels() == ["hvac.set_temperature", "seat.heat", "seat.ventilate", "media.pause", EXTRA, MISSING]
    assert MISSING not in m.rows() and EXTRA not in m.columns()
    assert m.confused_labels(top=1) == ["hvac.set_temperature", MISSING]


def test_table_and_dict():
    m = confusion_matrix(records())
    table = m.table()
    assert table[0].startswith("expected / predicted")
    heat_row = next(line for line in table if "seat.heat" in line)
    # columns: hvac.set_temperature, seat.heat, seat.ventilate, (missing)
    assert heat_row.split()[-4:] == [".", "2", "2", "."]
    d = m.to_dict()
    assert d["alignment"] == "position" and d["matrix"]["seat.heat"] == {"seat.heat": 2, "seat.ventilate": 2}
    assert d["confusions"][0] == {"expected": "hvac.set_temperature", "predicted": MISSING, "n": 2}
    assert confusion_matrix([rec([HEAT], [HEAT])]).table() == []  # nothing confused, nothing to show


def test_cli_json_has_the_confusion_and_the_png_sits_beside_the_plot(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COCKPIT_SIM_HOME", str(tmp_path / "home"))
    plot = tmp_path / "plots" / "intents.png"
    assert main(["eval", "commands", "--data", str(DEV), "--backend", "rules", "--limit", "60", "--json",
                 "--plot", str(plot)]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    confusion = out["confusion"]
    assert confusion["alignment"] == "position"
    assert sum(n for row in confusion["matrix"].values() for n in row.values()) == confusion["pairs"] >= 60
    assert (tmp_path / "plots" / "intents_confusion.png").read_bytes()[:8] == PNG

    assert main(["eval", "commands", "--data", str(DEV), "--backend", "rules,fake", "--limit", "20",
                 "--plot", str(plot)]) == 0
    text = capsys.readouterr().out
    assert "intent confusions (rules;" in text and "intent confusions (fake;" in text
    for name in ("rules", "fake"):
        path = tmp_path / "plots" / f"intents_confusion_{name}.png"
        assert path.read_bytes()[:8] == PNG and f"confusion matrix: {path}" in text
