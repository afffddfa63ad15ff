"""The quick draft check (a throw-away int8 many-row pass) answers only what it confirms by a wide margin, on a tiny
random Gemma3 with int8 layers: a right draft may be answered by it, anything it doubts is decoded in full
precision, so every draft still ends in the answer the model gives without one."""

from __future__ import annotations

import pytest

from tests.integration.test_batcher import PROMPTS, _alone
from tests.integration.test_sft_pipeline import _tiny_model

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def int8_decoder(tmp_path_factory):
    transformers = pytest.importorskip("transformers")
    from multimodal.command.greedy_decoder import GreedyDecoder
    from multimodal.command.int8 import has_fast_rows, quantize_int8_weight_only

    folder = _tiny_model(tmp_path_factory.mktemp("tiny") / "base")
    model = transformers.AutoModelForCausalLM.from_pretrained(folder).eval()
    quantize_int8_weight_only(model, many_rows_bf16=False)
    if not has_fast_rows(model):
        pytest.skip("no fbgemm dynamic int8 GEMM in this torch build")
    tok = transformers.AutoTokenizer.from_pretrained(folder)
    return GreedyDecoder(model, tok, restrict_vocab=True, max_new_tokens=12)


def _with_draft(decoder, prompt, draft):
    import torch

    with torch.inference_mode():
        return decoder.generate(prompt, draft=draft)


def _drafts(answer):
    return [answer, answer[: len(answer) // 2], answer[: len(answer) // 2] + " nonsense", "temp value=22", "",
            answer + answer]


@pytest.mark.parametrize("margin", [1e9, 3.0, 1.0])
def test_every_draft_ends_in_the_answer_without_one(int8_decoder, monkeypatch, margin):
    from multimodal.command import greedy_decoder

    monkeypatch.setattr(greedy_decoder, "FAST_CHECK_LOGITS", margin)
    assert int8_decoder.fast_check
    want = _alone(int8_decoder, PROMPTS)
    before = int8_decoder.fast_answers
    for prompt, answer in zip(PROMPTS, want):
        for draft in _drafts(answer):
            assert _with_draft(int8_decoder, prompt, draft) == answer, (prompt, draft)
    if margin > 1e6:
        assert int8_decoder.fast_answers == before  # nothing is ever sure enough: all decoded in full precision


def test_a_confirmed_right_draft_is_answered_by_the_quick_pass_alone(int8_decoder, monkeypatch):
    from multimodal.command import greedy_decoder

    # A random model's top two tokens are close; with no margin asked the int8 pass confirms right drafts it agrees on.
    monkeypatch.setattr(greedy_decoder, "FAST_CHECK_LOGITS", 0.0)
    want = _alone(int8_decoder, PROMPTS)
    passes = []
    run = int8_decoder.run  # the runner of a parse's passes (multimodal/command/lean_body.py)
    monkeypatch.setattr(int8_decoder, "run", lambda **kw: (passes.append(kw.get("use_cache")), run(**kw))[1])
    answered = 0
    for prompt, answer in zip(PROMPTS, want):
        ids = int8_decoder._draft_ids(int8_decoder.tokenizer(prompt)["input_ids"], prompt, answer)
        if not ids or len(ids) >= int8_decoder.max_new_tokens:
            continue  # no usable draft, or the answer ran to the token limit (no stop to confirm)
        passes.clear()
        before = int8_decoder.fast_answers
        assert _with_draft(int8_decoder, prompt, answer) == answer
        if int8_decoder.fast_answers > before:
            answered += 1
            assert passes == [False]  # one throw-away pass, no cache, no full-precision decode
    assert answered >= 1


def test_wrong_drafts_are_never_answered_by_the_quick_pass(int8_decoder, monkeypatch):
    from multimodal.command import greedy_decoder

    monkeypatch.setattr(greedy_decoder, "FAST_CHECK_LOGITS", 0.0)
    want = _alone(int8_decoder, PROMPTS)
    before = int8_decoder.fast_answers
    for prompt, answer in zip(PROMPTS, want):
        for draft in (answer[: len(answer) // 2] + " nonsense", "temp value=22", answer + answer):
            if draft.strip() == answer.strip():
                continue
            assert _with_draft(int8_decoder, prompt, draft) == answer, (prompt, draft)
    assert int8_decoder.fast_answers == before
