"""Continuous batching gives every row the answer it gets alone, on a tiny random Gemma3 built here.

A random model writes long, arbitrary token runs, so any mistake in padding, positions, masks, cache merging or
row removal changes some row's text.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.integration.test_sft_pipeline import _tiny_model

pytestmark = pytest.mark.integration

PROMPTS = ["打开空调\n", "导航去天安门\n", "set it to 22\n", "screen: OK | Back\ntap OK\n", "22\n",
           "打开空调 set it to 22 导航去天安门\n", "tap\n", "OK Back OK Back\n"]


@pytest.fixture(scope="module")
def decoder(tmp_path_factory):
    transformers = pytest.importorskip("transformers")
    from multimodal.command.greedy_decoder import GreedyDecoder

    folder = _tiny_model(tmp_path_factory.mktemp("tiny") / "base")
    model = transformers.AutoModelForCausalLM.from_pretrained(folder).eval()
    tok = transformers.AutoTokenizer.from_pretrained(folder)
    return GreedyDecoder(model, tok, restrict_vocab=True, max_new_tokens=12)


def _alone(decoder, prompts, constrained=False):
    import torch

    with torch.inference_mode():
        return [decoder.generate(p, constrained=constrained) for p in prompts]


def test_rows_released_together_get_their_own_answers(decoder):
    from multimodal.command.batcher import ContinuousBatcher

    want = _alone(decoder, PROMPTS)
    assert len(set(want)) > 1  # the prompts really lead to different texts
    batcher = ContinuousBatcher(decoder)
    try:
        with ThreadPoolExecutor(len(PROMPTS)) as pool:
            got = list(pool.map(batcher.generate, PROMPTS))
        assert got == want
        assert batcher.rows_stepped > batcher.steps  # some forward passes carried several rows
    finally:
        batcher.close()


def test_rows_joining_a_batch_in_flight_and_leaving_early(decoder):
    from multimodal.command.batcher import ContinuousBatcher

    prompts = PROMPTS * 3
    want = _alone(decoder, prompts)
    batcher = ContinuousBatcher(decoder, max_rows=5)  # fewer rows than callers: the rest queue
    got: list[str | None] = [None] * len(prompts)

    def call(i: int) -> None:
        time.sleep(0.002 * (i % 7))  # staggered arrivals join at different steps
        got[i] = batcher.generate(prompts[i])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(prompts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    batcher.close()
    assert got == want


def test_constrained_and_too_long_prompts_run_alone_and_right(decoder):
    from multimodal.command.batcher import ContinuousBatcher

    long_prompt = "打开空调 " * 12 + "\n"  # beyond the tiny model's 64-token sliding window once decoded
    batcher = ContinuousBatcher(decoder)
    try:
        assert not batcher._fits(type("J", (), {"prompt": long_prompt, "constrained": False, "draft": None})())
        with ThreadPoolExecutor(3) as pool:
            constrained = pool.submit(batcher.generate, PROMPTS[0], True)
            long_one = pool.submit(batcher.generate, long_prompt)
            normal = pool.submit(batcher.generate, PROMPTS[1])
            assert constrained.result() == _alone(decoder, [PROMPTS[0]], constrained=True)[0]
            assert long_one.result() == _alone(decoder, [long_prompt])[0]
            assert normal.result() == _alone(decoder, [PROMPTS[1]])[0]
    finally:
        batcher.close()


def test_a_failing_forward_reaches_every_waiting_caller_and_the_batcher_recovers(decoder):
    from multimodal.command.batcher import ContinuousBatcher

    batcher = ContinuousBatcher(decoder)
    body = decoder.body
    calls = {"n": 0}

    class Broken:
        def __getattr__(self, name):
            return getattr(body, name)

        def __call__(self, *args, **kwargs):
            calls["n"] += 1
            raise RuntimeError("simulated out of memory")

    decoder.body = Broken()
    try:
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(batcher.generate, p) for p in PROMPTS[:4]]
            errors = [f.exception(timeout=60) for f in futures]
        assert all(isinstance(e, RuntimeError) and "simulated" in str(e) for e in errors)
    finally:
        decoder.body = body
    assert batcher.generate(PROMPTS[2]) == _alone(decoder, [PROMPTS[2]])[0]
    batcher.close()


def test_steady_traffic_keeps_the_cache_short(decoder):
    """Rows keep arriving for far longer than the sliding window: finished rows' padding is dropped, so new rows
    keep joining the batch in flight (none waits for a drain or runs alone) and all answers stay right."""
    from multimodal.command.batcher import ContinuousBatcher

    want = dict(zip(PROMPTS, _alone(decoder, PROMPTS)))
    batcher = ContinuousBatcher(decoder, max_rows=4)
    lengths: list[int] = []
    step = batcher._step

    def watched_step():
        step()
        if batcher._batch is not None:
            lengths.append(batcher._batch.mask.shape[1])

    batcher._step = watched_step
    alone: list[object] = []
    solo = batcher._solo
    batcher._solo = lambda job: (alone.append(job), solo(job))
    wrong: list[str] = []

    def client(k: int) -> None:
        for i in range(12):
            p = PROMPTS[(k + i) % len(PROMPTS)]
            if batcher.generate(p) != want[p]:
                wrong.append(p)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    batcher.close()
    assert not wrong and not alone and not batcher._deferred
    assert batcher.steps > 64  # the traffic outlasted the 64-token window
    assert max(lengths) < 64


def test_the_row_cap_holds_under_overload(decoder):
    from multimodal.command.batcher import ContinuousBatcher

    batcher = ContinuousBatcher(decoder, max_rows=2)
    widest: list[int] = []
    step = batcher._step

    def watched_step():
        widest.append(len(batcher._batch.rows))
        step()

    batcher._step = watched_step
    want = _alone(decoder, PROMPTS)
    with ThreadPoolExecutor(len(PROMPTS)) as pool:
        got = list(pool.map(batcher.generate, PROMPTS))
    batcher.close()
    assert got == want
    assert max(widest) == 2  # full, never over


def test_a_failing_prefill_fails_only_the_new_rows_and_nothing_hangs(decoder):
    """A prompt whose prefill fails (here: a tokenizer error) answers its caller with the error; the rows already
    decoding and the ones that join later are unharmed."""
    from multimodal.command.batcher import ContinuousBatcher

    batcher = ContinuousBatcher(decoder, max_rows=3)
    prefill = batcher._prefill

    def flaky_prefill(jobs):
        if any("BOOM" in j.prompt for j in jobs):
            raise RuntimeError("simulated prefill failure")
        return prefill(jobs)

    batcher._prefill = flaky_prefill
    prompts = PROMPTS[:3] + ["BOOM\n"] + PROMPTS[3:6]
    want = dict(zip(PROMPTS, _alone(decoder, PROMPTS)))
    with ThreadPoolExecutor(len(prompts)) as pool:
        futures = [pool.submit(batcher.generate, p) for p in prompts]
        outcomes = [f.exception(timeout=60) or f.result() for f in futures]
    batcher.close()
    for p, out in zip(prompts, outcomes):
        if "BOOM" in p:
            assert isinstance(out, RuntimeError)
        elif isinstance(out, RuntimeError):  # rows admitted in the same prefill as the failing one
            assert "simulated" in str(out)
        else:
            assert out == want[p]
    assert sum(isinstance(o, str) for o in outcomes) >= 3
