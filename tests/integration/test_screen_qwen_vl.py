"""The qwen2-vl screen reader end to end on a tiny randomly initialised Qwen2-VL built here.

No real weights are reachable, so this proves the code path (chat template, qwen-vl-utils
vision preprocessing, generate, decode, parse, box mapping) runs and never crashes on
garbage output. A tokenizer is trained in the test; the model is saved to tmp and loaded
back through the backend's own `from_pretrained` path.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from multimodal.protocols import ScreenInfo  # noqa: E402
from multimodal.registry import load  # noqa: E402
from tests.fixtures_screens import fonts_available, outlined_theme  # noqa: E402

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>",
            "<|image_pad|>", "<|video_pad|>", "<|box_start|>", "<|box_end|>", "<|object_ref_start|>",
            "<|object_ref_end|>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}"
    "{% for part in message['content'] %}{% if part['type'] == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def _train_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers, decoders
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = ['{"controls": [{"label": "蓝牙音乐", "bbox_2d": [10, 20, 110, 60]}], "warnings": []}',
              "You are reading a car's center screen. List every pressable control with bounding boxes.",
              "Defrost A/C 座椅加热 胎压异常 右后轮 165 kPa Low tire pressure user assistant system"] * 20
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(corpus, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                   additional_special_tokens=SPECIALS[1:])


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration
    from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import Qwen2VLImageProcessorPil

    out = tmp_path_factory.mktemp("tiny-qwen2-vl")
    tokenizer = _train_tokenizer()
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIALS}
    config = Qwen2VLConfig(
        text_config={"vocab_size": len(tokenizer), "hidden_size": 64, "intermediate_size": 128,
                     "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                     "max_position_embeddings": 4096,
                     "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0, "mrope_section": [2, 3, 3]},
                     "bos_token_id": ids["<|endoftext|>"], "eos_token_id": ids["<|im_end|>"],
                     "pad_token_id": ids["<|endoftext|>"]},
        vision_config={"depth": 1, "embed_dim": 32, "hidden_size": 64, "num_heads": 2, "mlp_ratio": 2,
                       "patch_size": 14, "spatial_merge_size": 2, "temporal_patch_size": 2},
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"])
    torch.manual_seed(0)
    model = Qwen2VLForConditionalGeneration(config)
    model.generation_config.eos_token_id = ids["<|im_end|>"]
    model.generation_config.pad_token_id = ids["<|endoftext|>"]
    model.save_pretrained(out)
    # Saved as parts (tokenizer, image processor, chat template): transformers cannot build a
    # Qwen2VLProcessor object without torchvision, and the backend must load either layout.
    tokenizer.save_pretrained(out)
    Qwen2VLImageProcessorPil(min_pixels=16 * 28 * 28, max_pixels=64 * 28 * 28).save_pretrained(out)
    (out / "chat_template.jinja").write_text(CHAT_TEMPLATE, encoding="utf-8")
    return out


@pytest.mark.skipif(not fonts_available(), reason="needs Noto CJK and DejaVu fonts")
def test_tiny_qwen2_vl_reads_a_screenshot_without_crashing(tiny_model_dir):
    reader = load("screen", "qwen2-vl", model=str(tiny_model_dir), max_new_tokens=24,
                  max_pixels=64 * 28 * 28)
    assert reader.info().available
    foreign = outlined_theme(0)
    screen = reader.read(foreign.image)
    assert isinstance(screen, ScreenInfo)
    assert (screen.width, screen.height) == foreign.image.size
    # A random model writes garbage: the reader must say so rather than invent controls.
    if not screen.controls:
        assert any("no usable layout" in n for n in screen.notes)
    for c in screen.controls:
        assert 0 <= c.box[0] < c.box[2] <= screen.width and 0 <= c.box[1] < c.box[3] <= screen.height
    assert screen.timings["generate"] > 0
    assert "notes" in screen.to_dict()


def test_answer_parsing_maps_boxes_to_image_pixels(tiny_model_dir):
    reader = load("screen", "qwen2-vl", model=str(tiny_model_dir))
    answer = ('```json\n{"controls": [{"label": "蓝牙音乐", "bbox_2d": [100, 200, 300, 260]}],'
              ' "warnings": [{"text": "胎压异常 右后轮 165 kPa", "bbox_2d": [0, 0, 500, 50]}]}\n```<|im_end|>')
    # Qwen2.5-VL style: pixels of the resized model input (560x308) -> a 1120x616 image.
    screen = reader.screen_from_answer(answer, 560, 308, 1120, 616, "qwen2_5_vl")
    assert screen.controls[0].label == "蓝牙音乐" and screen.controls[0].box == (200, 400, 600, 520)
    assert screen.warnings[0].warning_id == "tire_pressure_low"
    # Qwen2-VL style: 0..1000 normalised.
    screen = reader.screen_from_answer(answer, 560, 308, 1000, 500, "qwen2_vl")
    assert screen.controls[0].box == (100, 100, 300, 130)
    garbage = reader.screen_from_answer("ĠĠ}{ 蓝牙 [[", 560, 308, 1120, 616, "qwen2_vl")
    assert garbage.controls == () and garbage.notes


def test_unloadable_model_is_a_clear_error(tmp_path):
    from multimodal.protocols import BackendUnavailable

    reader = load("screen", "qwen2-vl", model=str(tmp_path / "missing-model"))
    with pytest.raises(BackendUnavailable, match="no model folder"):
        reader.read(outlined_theme(0).image if fonts_available() else tmp_path)
