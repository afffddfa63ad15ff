"""data -> train -> adapter -> load -> parse, end to end, on a tiny random causal LM built here.

Plus (slow) the shipped default adapter on the real Gemma-3-270M base.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from multimodal.command.output_format import encode, to_alpaca
from vehicle_state.commands import Command, commands_equal

pytestmark = pytest.mark.integration

ROWS = [
    {"text": "打开空调", "lang": "zh", "expected": [{"intent": "hvac.power", "slots": {"on": True}}]},
    {"text": "导航去天安门", "lang": "zh", "expected": [{"intent": "nav.navigate", "slots": {"destination": "天安门"}}]},
    {"text": "set it to 22", "lang": "en", "expected": [{"intent": "hvac.set_temperature", "slots": {"value": 22}}]},
    {"text": "tap OK", "lang": "en", "context": {"screen_labels": ["OK", "Back"]},
     "expected": [{"intent": "screen.tap", "slots": {"label": "OK"}}]},
]


def _tiny_model(folder: Path) -> Path:
    """A 2-layer Gemma3 with a character-level tokenizer covering the rows above."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    from multimodal.command.output_format import build_prompt, grammar_strings

    corpus = "".join(build_prompt(r["text"], (r.get("context") or {}).get("screen_labels", ())) + encode(r["expected"])
                     for r in ROWS) + "".join(grammar_strings()) + "0123456789.\n"
    specials = ["<pad>", "<eos>", "<bos>", "<unk>"]
    vocab = {t: i for i, t in enumerate(specials + sorted(set(corpus)))}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    tok.decoder = decoders.Fuse()
    from tokenizers.processors import TemplateProcessing

    tok.post_processor = TemplateProcessing(single="<bos> $A", special_tokens=[("<bos>", vocab["<bos>"])])
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<bos>", eos_token="<eos>",
                                                pad_token="<pad>", unk_token="<unk>")
    cfg = transformers.Gemma3TextConfig(vocab_size=len(vocab), hidden_size=128, intermediate_size=256,
                                        num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                                        head_dim=32, max_position_embeddings=256, sliding_window=64,
                                        pad_token_id=0, eos_token_id=1, bos_token_id=2)
    torch.manual_seed(0)
    model = transformers.Gemma3ForCausalLM(cfg)
    model.save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


def _write(path: Path, rows) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("sft")
    base = _tiny_model(root / "base")
    data = root / "data"
    data.mkdir()
    _write(data / "train.jsonl", ROWS * 4)
    _write(data / "val.jsonl", ROWS)
    return root, base, data


def test_train_load_parse_end_to_end(tiny):
    from multimodal.command.sft import SftCommandModel
    from multimodal.protocols import CommandContext
    from multimodal.training.train import TrainConfig, train

    root, base, data = tiny
    out = root / "adapter"
    metrics = train(TrainConfig(data_dir=str(data), base=str(base), out_dir=str(out), r=16, alpha=32, lr=1e-2,
                                batch_size=4, max_steps=300, eval_every=100, eval_size=4, patience=5, save_every=100,
                                warmup_steps=5, bf16=False, command="cockpit-sim train (test)"), log=lambda m: None)
    for name in ("adapter_model.safetensors", "adapter_config.json", "README.md", "training_metrics.json"):
        assert (out / name).exists(), name
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "Gemma Terms of Use" in card and "cockpit-sim train (test)" in card
    assert metrics["val_exact_match"] >= 0.75, metrics["history"]

    model = SftCommandModel(base=str(base), adapter=str(out), fallback=None)
    hits = 0
    for row in ROWS:
        ctx = CommandContext(screen_labels=tuple((row.get("context") or {}).get("screen_labels", ())))
        result = model.parse_detailed(row["text"], row["lang"], ctx)
        assert result.backend == "sft" and result.commands  # always a valid command list
        assert "generate" in result.timings
        hits += result.fallback is None and commands_equal(result.commands, row["expected"])
    assert hits >= 3


def test_resume_continues_and_extra_data_is_mixed(tiny):
    from multimodal.training.train import TrainConfig, train

    root, base, data = tiny
    out = root / "resumed"
    extra = root / "failures.alpaca.jsonl"
    _write(extra, [to_alpaca({"text": "关闭空调", "expected": [{"intent": "hvac.power", "slots": {"on": False}}]})])
    common = dict(data_dir=str(data), base=str(base), out_dir=str(out), r=4, alpha=8, lr=5e-3, batch_size=2,
                  eval_every=1000, eval_size=2, save_every=3, warmup_steps=1, bf16=False, extra=(str(extra),),
                  mix="1:4")
    first = train(TrainConfig(max_steps=3, **common), log=lambda m: None)
    assert first["steps"] == 3 and first["extra_rows"] == 1 and first["train_rows"] == 5
    state = json.loads((out / "checkpoint" / "state.json").read_text())
    assert state["step"] == 3
    second = train(TrainConfig(max_steps=5, resume=True, **common), log=lambda m: None)
    assert second["steps"] == 5
    assert [h["step"] for h in second["history"]] == [3, 5]


def test_continue_from_adapter_and_bad_inputs(tiny):
    from multimodal.training.train import TrainConfig, TrainError, train

    root, base, data = tiny
    with pytest.raises(TrainError, match="does not exist|no training data"):
        train(TrainConfig(data_dir=str(root / "nowhere"), base=str(base), out_dir=str(root / "x")), log=lambda m: None)
    bad = root / "bad.jsonl"
    bad.write_text('{"text": "hi", "expected": [{"intent": "fly", "slots": {}}]}\n', encoding="utf-8")
    with pytest.raises(TrainError, match="unknown intent"):
        train(TrainConfig(data_dir=str(data), base=str(base), out_dir=str(root / "x"), extra=(str(bad),)),
              log=lambda m: None)
    first = root / "a1"
    train(TrainConfig(data_dir=str(data), base=str(base), out_dir=str(first), r=4, alpha=8, batch_size=4,
                      max_steps=2, eval_every=2, eval_size=2, bf16=False), log=lambda m: None)
    cont = train(TrainConfig(data_dir=str(data), base=str(base), out_dir=str(root / "a2"), from_adapter=str(first),
                             batch_size=4, max_steps=2, eval_every=2, eval_size=2, bf16=False), log=lambda m: None)
    assert cont["steps"] == 2 and (root / "a2" / "adapter_model.safetensors").exists()


@pytest.mark.slow
def test_shipped_default_adapter_on_the_real_base():
    from multimodal.command.sft import DEFAULT_ADAPTER, SftCommandModel
    from multimodal.command.base_model import default_available

    if not (DEFAULT_ADAPTER / "adapter_config.json").exists() or not default_available():
        pytest.skip("shipped adapter or the Gemma GGUF packages are missing")
    model = SftCommandModel()
    cases = [
        ("把主驾空调调到22度并打开座椅加热", [Command("hvac.set_temperature", {"zone": "driver", "value": 22}),
                                   Command("seat.heat", {"on": True})]),
        ("open the rear left window halfway", [Command("window.open", {"zone": "rear_left", "percent": 50})]),
        ("有点冷", [Command("hvac.adjust_temperature", {"direction": "up"})]),
        ("挂倒挡", [Command("unsupported", {"reason": "unsafe"})]),
        ("navigate to the nearest charging station", [Command("nav.navigate", {"category": "charging_station"})]),
    ]
    right = 0
    for text, expected in cases:
        result = model.parse_detailed(text)
        assert result.commands and result.backend == "sft"
        right += commands_equal(result.commands, expected)
    assert right >= 4
