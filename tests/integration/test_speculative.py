"""Speculative decoding with a draft gives greedy decoding's answer, whatever the draft, on a tiny random Gemma3.

A random model writes arbitrary token runs, so a draft is right only when it is taken from greedy's own answer:
right drafts, drafts right up to some token, wrong drafts and empty ones all must end in the same text, and a
right draft must be kept whole (one forward pass for the answer).
"""

from __future__ import annotations

import pytest

from tests.integration.test_batcher import PROMPTS, _alone, decoder  # noqa: F401  (the tiny model fixture)

pytestmark = pytest.mark.integration


def _with_draft(decoder, prompt, draft):  # noqa: F811
    import torch

    with torch.inference_mode():
        return decoder.generate(prompt, draft=draft)


def test_any_draft_gives_greedys_answer(decoder):  # noqa: F811
    want = _alone(decoder, PROMPTS)
    for prompt, answer in zip(PROMPTS, want):
        drafts = [answer, answer[: len(answer) // 2], answer[: len(answer) // 2] + " nonsense", "temp value=22",
                  "", answer + answer]
        for draft in drafts:
            assert _with_draft(decoder, prompt, draft) == answer, (prompt, draft)


@pytest.mark.parametrize("close_call", [0.0, 1e9])
def test_any_draft_gives_greedys_answer_whatever_counts_as_a_close_call(decoder, monkeypatch, close_call):  # noqa: F811
    # 0: every agreement is trusted; 1e9: every decision is re-taken by a single-token step.
    from multimodal.command import greedy_decoder

    monkeypatch.setattr(greedy_decoder, "CLOSE_CALL_LOGITS", close_call)
    test_any_draft_gives_greedys_answer(decoder)


def test_a_right_draft_is_kept_whole(decoder, monkeypatch):  # noqa: F811
    # A random model's top two tokens are often close; with no margin asked, a right draft is kept whole.
    from multimodal.command import greedy_decoder

    monkeypatch.setattr(greedy_decoder, "CLOSE_CALL_LOGITS", 0.0)
    want = _alone(decoder, PROMPTS)
    for prompt, answer in zip(PROMPTS, want):
        ids = decoder._draft_ids(decoder.tokenizer(prompt)["input_ids"], prompt, answer)
        if not ids or len(ids) >= decoder.max_new_tokens:
            continue  # the answer ran to the token limit: its "draft" has no end to confirm
        offered, kept = decoder.draft_tokens, decoder.draft_kept
        assert _with_draft(decoder, prompt, answer) == answer
        assert decoder.draft_tokens - offered == len(ids) and decoder.draft_kept - kept == len(ids)


def test_a_prompt_near_the_sliding_window_decodes_without_its_draft(decoder):  # noqa: F811
    # The tiny model's window is 64 tokens: a prompt + wrong draft reaching it must not try to cut the cache back.
    window = decoder.body.config.sliding_window
    words = "set it to 22 tap OK 打开空调".split()
    prompt = "\n"
    for i in range(10 * window):  # grow the prompt until it ends a few tokens short of the window
        longer = " ".join(words[j % len(words)] for j in range(i + 1)) + "\n"
        if len(decoder.tokenizer(longer)["input_ids"]) >= window - 4:
            break
        prompt = longer
    ids = decoder.tokenizer(prompt)["input_ids"]
    assert len(ids) < window <= len(ids) + 12
    want = _alone(decoder, [prompt])[0]
    assert _with_draft(decoder, prompt, "temp value=22 @driver\nwinopen @passenger") == want
    assert decoder._draft_ids(ids, prompt, "temp value=22 @driver\nwinopen @passenger") == []


def test_the_batcher_checks_a_lone_drafted_request_and_batches_the_rest(decoder):  # noqa: F811
    from concurrent.futures import ThreadPoolExecutor

    from multimodal.command.batcher import ContinuousBatcher

    want = _alone(decoder, PROMPTS)
    batcher = ContinuousBatcher(decoder)
    try:
        # a prompt whose answer, tokenised after it, leaves the prompt's tokens as they are (usable as a draft)
        prompt, answer = next((p, a) for p, a in zip(PROMPTS, want)
                              if decoder._draft_ids(decoder.tokenizer(p)["input_ids"], p, a))
        offered = decoder.draft_tokens
        assert batcher.generate(prompt, draft=answer) == answer
        assert decoder.draft_tokens > offered  # it went through the speculative path
        with ThreadPoolExecutor(len(PROMPTS)) as pool:
            got = list(pool.map(lambda pa: batcher.generate(pa[0], draft=pa[1]), zip(PROMPTS, want)))
        assert got == want
    finally:
        batcher.close()


def _released_together(batcher, pairs):
    """Submit (prompt, draft) pairs at once and wait: the batcher gathers them into shared prefills."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(pairs)) as pool:
        return list(pool.map(lambda pd: batcher.generate(pd[0], draft=pd[1]), pairs))


@pytest.mark.parametrize("close_call", [0.0, 1.0, 1e9])
def test_drafts_checked_in_a_shared_prefill_give_greedys_answers(decoder, monkeypatch, close_call):  # noqa: F811
    # Right, partly right, wrong, empty and over-long drafts side by side in one batch: every row must still
    # get greedy's answer (rejected tails masked out, positions resumed after the kept part).
    from multimodal.command import greedy_decoder
    from multimodal.command.batcher import ContinuousBatcher

    monkeypatch.setattr(greedy_decoder, "CLOSE_CALL_LOGITS", close_call)
    want = _alone(decoder, PROMPTS)
    pairs, expected = [], []
    for prompt, answer in zip(PROMPTS, want):
        for draft in (answer, answer[: len(answer) // 2], answer[: len(answer) // 3] + " nonsense",
                      "temp value=22", "", answer + answer):
            pairs.append((prompt, draft))
            expected.append(answer)
    batcher = ContinuousBatcher(decoder, max_rows=64)
    widths = []
    prefill = batcher._prefill
    batcher._prefill = lambda jobs: (widths.append(len(jobs)), prefill(jobs))[1]
    try:
        assert _released_together(batcher, pairs) == expected
        assert max(widths) > 1  # drafted rows really shared a prefill
    finally:
        batcher.close()


def test_right_drafts_under_traffic_need_no_decode_step(decoder, monkeypatch):  # noqa: F811
    from multimodal.command import greedy_decoder
    from multimodal.command.batcher import ContinuousBatcher

    monkeypatch.setattr(greedy_decoder, "CLOSE_CALL_LOGITS", 0.0)  # a random model's calls are often close
    want = _alone(decoder, PROMPTS)
    pairs = []
    for prompt, answer in zip(PROMPTS, want):  # the drafts a lone request keeps whole (retokenising may differ)
        offered, kept = decoder.draft_tokens, decoder.draft_kept
        assert _with_draft(decoder, prompt, answer) == answer
        if decoder.draft_tokens > offered and decoder.draft_kept - kept == decoder.draft_tokens - offered:
            pairs.append((prompt, answer))
    assert len(pairs) >= 3
    batcher = ContinuousBatcher(decoder)
    drafted_widths = []  # drafted rows per shared prefill: the lone-request path never comes through here
    prefill = batcher._prefill
    batcher._prefill = lambda jobs: (drafted_widths.append(sum(bool(j.draft) for j in jobs)), prefill(jobs))[1]
    try:
        offered, kept = decoder.draft_tokens, decoder.draft_kept
        assert _released_together(batcher, pairs * 4) == [a for _, a in pairs] * 4
        assert max(drafted_widths) > 1
        assert decoder.draft_tokens - offered > 0 and decoder.draft_kept - kept == decoder.draft_tokens - offered
        assert batcher.steps == 0  # every answer was read off its prefill
    finally:
        batcher.close()
