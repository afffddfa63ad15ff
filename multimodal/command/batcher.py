"""Continuous batching of greedy decodes: many sessions' parses share one forward pass per token.

One worker thread owns the decoder. A parse submits its prompt and waits; the worker admits new prompts
between decode steps (their prefill runs as one padded batch, then their KV cache joins the running batch,
left-padded to a common length), picks every row's next token from its own allowed vocabulary, drops the rows
that have ended, and runs one forward for the rest. So a request never waits for a whole batch to finish:
it joins the one in flight at the next token. A lone request runs as a batch of one, at the speed of
``GreedyDecoder.generate``. Grammar-constrained retries and prompts too long to batch safely run alone, between
steps, on the same thread.

Every row gets the answer ``GreedyDecoder.generate`` gives it alone (same allowed vocabulary, its own positions
and attention mask), up to rounding: padded, batched matrix products round differently, and with the `sft`
backend's int8 layers a step over many rows multiplies in bfloat16 where a lone row's uses int8
(multimodal/command/int8.py), so a close call between two tokens can go either way under load.
tests/integration/test_batcher.py checks exact equality on a small random float32 model.

A constrained retry or an over-long prompt runs alone inside the worker loop, so the rows in flight wait for it
(up to ``max_new_tokens`` steps); both are rare (a retry follows malformed output only).
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from multimodal.command.greedy_decoder import GreedyDecoder

_BUSY_S = 0.25  # a request within this long of the previous one means several callers are active


@dataclass(eq=False)
class _Job:
    prompt: str
    constrained: bool
    draft: str | None = None
    future: Future = field(default_factory=Future)


@dataclass
class _Row:
    job: _Job
    weight: Any  # the output layer's rows for this prompt's allowed tokens (None: the full vocabulary)
    allowed: Any  # their token ids
    generated: list[int] = field(default_factory=list)


@dataclass
class _Batch:
    """The rows in flight, with their shared cache, attention mask, next positions and last hidden states."""

    rows: list[_Row]
    past: Any
    mask: Any  # [rows, cache length] 1 = a real token
    positions: Any  # [rows, 1] the position id of each row's next token
    hidden: Any  # [rows, hidden size]


class ContinuousBatcher:
    """``generate(prompt)`` that many threads may call at once; decodes happen in batches on one thread."""

    def __init__(self, decoder: GreedyDecoder, max_rows: int = 32, gather_ms: float = 2.0):
        self.decoder = decoder
        self.torch = decoder.torch
        self.max_rows = max_rows
        self.gather_s = gather_ms / 1000.0
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._batch: _Batch | None = None
        self._deferred: list[_Job] = []
        self.sliding_window = int(getattr(self._config(), "sliding_window", 0) or 0)
        self.steps = 0  # forward passes run (statistics for the bench)
        self.rows_stepped = 0
        self._last_job_at = 0.0
        self._thread = threading.Thread(target=self._run, name="command-batcher", daemon=True)
        self._thread.start()

    def _config(self) -> Any:
        return getattr(self.decoder.body, "config", None)

    # ------------------------------------------------------------------ callers
    def generate(self, prompt: str, constrained: bool = False, draft: str | None = None) -> str:
        job = _Job(prompt, constrained, draft)
        self._jobs.put(job)
        return job.future.result()

    def close(self) -> None:
        self._jobs.put(None)

    # ------------------------------------------------------------------ the worker
    def _run(self) -> None:
        with self.torch.inference_mode():
            while True:
                try:
                    fresh = self._take_jobs(block=self._batch is None and not self._deferred)
                except Exception as err:  # noqa: BLE001 - nothing was taken: fail what is in flight, go on
                    self._fail(self._in_flight(), err)
                    continue
                if fresh is None:
                    return
                self._admit(fresh)
                if self._batch is not None:
                    rows = [r.job for r in self._batch.rows]
                    try:
                        self._step()
                    except Exception as err:  # noqa: BLE001 - the rows of this batch get the error, the worker lives on
                        self._fail(rows, err)

    def _take_jobs(self, block: bool) -> list[_Job] | None:
        """New jobs, never more than the rows the batch has room for (waiting ones count); blocks for the first
        one when nothing is in flight. None once close() was called and nothing is left."""
        jobs: list[_Job] = []
        if block:
            first = self._jobs.get()
            if first is None:
                return None
            jobs.append(first)
            # Under concurrent traffic, requests that arrive together share one prefill; a lone caller
            # (a script, a scenario run) does not wait.
            now = time.monotonic()
            if now - self._last_job_at < _BUSY_S:
                time.sleep(self.gather_s)
            self._last_job_at = now
        room = self.max_rows - len(self._in_flight()) - len(jobs)
        while room > 0:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self._jobs.put(None)  # stop after the rows in flight are served
                break
            jobs.append(job)
            room -= 1
        return jobs

    def _in_flight(self) -> list[_Job]:
        """Every job taken from the queue and not answered yet: the batch's rows and the ones waiting to join."""
        return [r.job for r in (self._batch.rows if self._batch else [])] + list(self._deferred)

    def _fits(self, job: _Job, beside_batch: bool = True) -> bool:
        """A row may join a batch while the batch's whole decode stays inside the sliding-attention window
        (merged caches are left-padded to a common length, which only a cache that keeps every token holds
        exactly). A row that fits alone but not beside the batch in flight waits for it to drain."""
        if job.constrained:
            return False
        if not self.sliding_window:
            return True
        n = len(self.decoder.tokenizer(job.prompt, add_special_tokens=True)["input_ids"])
        longest = self._batch.mask.shape[1] if (self._batch and beside_batch) else 0
        room = self.sliding_window - 1 - 2 * self.decoder.max_new_tokens
        if job.draft and max(n + self.decoder.max_new_tokens, longest) >= room and max(n, longest) < room:
            job.draft = None  # its draft (at most max_new_tokens long) would not fit in the prefill: batch it without
        if job.draft:
            n += self.decoder.max_new_tokens
        return max(n, longest) < room

    def _admit(self, jobs: list[_Job]) -> None:
        if len(jobs) == 1 and jobs[0].draft and self._batch is None and not self._deferred:
            # A lone request with a draft is checked in GreedyDecoder's speculative path (which settles a close
            # call with a step of its own); under traffic, drafts are checked in the shared prefill (_prefill).
            self._solo(jobs[0])
            return
        batchable, deferred = [], []
        for job in self._deferred + jobs:
            if self._fits(job, beside_batch=True):
                batchable.append(job)
            elif self._fits(job, beside_batch=False):
                deferred.append(job)
            else:
                self._solo(job)
        self._deferred = deferred
        if not batchable:
            return
        try:
            self._merge(self._prefill(batchable))
        except Exception as err:  # noqa: BLE001 - only the new rows fail; the batch in flight goes on
            self._fail(batchable, err)

    def _solo(self, job: _Job) -> None:
        try:
            job.future.set_result(self.decoder.generate(job.prompt, constrained=job.constrained, draft=job.draft))
        except Exception as err:  # noqa: BLE001 - the caller's parse turns it into its own error
            job.future.set_exception(err)

    def _prefill(self, jobs: list[_Job]) -> _Batch:
        """One padded forward over the new rows' prompts, each followed by its draft, if it has one.

        A draft (the rule grammar's reading) is checked as GreedyDecoder checks a lone one: the longest prefix
        that greedy decoding, decisively, would write is kept; the rejected tail stays in the cache but is
        masked out, and the row's next position follows the kept part. A right draft then costs no decode step
        at all: the next _step reads the end of the answer from the prefill and the row leaves."""
        torch, dec = self.torch, self.decoder
        prompts = [dec.tokenizer(j.prompt, add_special_tokens=True)["input_ids"] for j in jobs]
        drafts = [dec._draft_ids(p, j.prompt, j.draft) if j.draft and not j.constrained else []
                  for p, j in zip(prompts, jobs)]
        ids_rows = [p + d for p, d in zip(prompts, drafts)]
        width = max(len(r) for r in ids_rows)
        pad = dec.tokenizer.pad_token_id if dec.tokenizer.pad_token_id is not None else 0
        ids = torch.tensor([[pad] * (width - len(r)) + r for r in ids_rows])
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in ids_rows])
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        out = dec.body(input_ids=ids, attention_mask=_needed(mask), position_ids=positions, use_cache=True)
        rows, hidden, next_positions = [], [], []
        for i, job in enumerate(jobs):
            allowed = torch.tensor(dec.allowed_ids(job.prompt)) if dec.restrict_vocab else None
            weight = dec.head.weight.index_select(0, allowed) if allowed is not None else None
            last_prompt = width - len(drafts[i]) - 1  # the prompt's last token: its state predicts draft token 0
            kept = _kept(dec, out.last_hidden_state[i, last_prompt:], drafts[i], weight, allowed) if drafts[i] else 0
            if kept < len(drafts[i]):
                mask[i, last_prompt + 1 + kept:] = 0  # the rejected tail: never attended again
            hidden.append(out.last_hidden_state[i, last_prompt + kept])
            next_positions.append(len(prompts[i]) + kept)
            rows.append(_Row(job, weight, allowed, generated=list(drafts[i][:kept])))
        return _Batch(rows, out.past_key_values, mask, torch.tensor(next_positions).unsqueeze(-1),
                      torch.stack(hidden))

    def _merge(self, new: _Batch) -> None:
        old = self._batch
        if old is None:
            self._batch = new
            return
        torch = self.torch
        length = max(old.mask.shape[1], new.mask.shape[1])
        for layer_old, layer_new in zip(old.past.layers, new.past.layers):
            layer_old.keys = torch.cat([_left_pad(layer_old.keys, length), _left_pad(layer_new.keys, length)])
            layer_old.values = torch.cat([_left_pad(layer_old.values, length), _left_pad(layer_new.values, length)])
            if hasattr(layer_old, "cumulative_length"):
                layer_old.cumulative_length = length
        mask = torch.cat([_left_pad(old.mask, length, dim=1), _left_pad(new.mask, length, dim=1)])
        self._batch = _Batch(old.rows + new.rows, old.past, mask, torch.cat([old.positions, new.positions]),
                             torch.cat([old.hidden, new.hidden]))

    def _step(self) -> None:
        """Every row's next token; finished rows answer and leave; one forward for the rest."""
        torch, dec, batch = self.torch, self.decoder, self._batch
        assert batch is not None
        tokens, keep = [], []
        for i, row in enumerate(batch.rows):
            h = batch.hidden[i]
            if row.weight is not None:
                tok = int(row.allowed[int(torch.argmax(row.weight @ h))])
            else:
                tok = int(torch.argmax(dec.head(h)))
            # a row whose kept draft already filled the token budget ends without another token
            ended = tok in dec.stop_ids or len(row.generated) >= dec.max_new_tokens
            if not ended:
                row.generated.append(tok)
            if ended or len(row.generated) >= dec.max_new_tokens:
                row.job.future.set_result(dec.tokenizer.decode(row.generated, skip_special_tokens=True))
            else:
                tokens.append(tok)
                keep.append(i)
        if not keep:
            self._batch = None
            return
        if len(keep) < len(batch.rows):
            index = torch.tensor(keep)
            batch.past.batch_select_indices(index)
            batch = _trimmed(_Batch([batch.rows[i] for i in keep], batch.past, batch.mask[index],
                                    batch.positions[index], batch.hidden[index]))
        mask = torch.cat([batch.mask, torch.ones(len(keep), 1, dtype=batch.mask.dtype)], dim=1)
        out = dec.body(input_ids=torch.tensor(tokens).unsqueeze(-1), attention_mask=_needed(mask),
                       position_ids=batch.positions, past_key_values=batch.past, use_cache=True)
        self.steps += 1
        self.rows_stepped += len(keep)
        self._batch = _Batch(batch.rows, out.past_key_values, mask, batch.positions + 1, out.last_hidden_state[:, -1])

    def _fail(self, jobs: list[_Job], err: Exception) -> None:
        """Answer ``jobs`` with ``err`` and forget them (the batch, if they were its rows)."""
        failed = {id(j) for j in jobs}
        if self._batch is not None and any(id(r.job) in failed for r in self._batch.rows):
            self._batch = None  # its cache may be half-updated; the rows still in it are among ``jobs``
        self._deferred = [j for j in self._deferred if id(j) not in failed]
        for job in jobs:
            if not job.future.done():
                job.future.set_exception(err)


def _kept(dec: GreedyDecoder, hidden: Any, drafted: list[int], weight: Any, allowed: Any) -> int:
    """How many of the draft's tokens the row keeps (GreedyDecoder.check_draft): ``hidden`` row i is the state
    that predicts draft token i. When the next token is a close call, the last kept token is given back, so the
    row's next step re-emits it and the close call is decided by a step's forward, as GreedyDecoder.generate
    decides it."""
    scores = hidden @ weight.T if weight is not None else dec.head(hidden)
    kept, _, decisive = dec.check_draft(scores, drafted, allowed)
    return kept - 1 if kept > 0 and not decisive[kept] else kept


def _needed(mask: Any) -> Any:
    """The attention mask, or None when no row has padding (the model's own causal mask is the same and cheaper:
    a lone request then decodes at ``GreedyDecoder.generate``'s speed)."""
    return None if bool(mask.all()) else mask


def _trimmed(batch: _Batch) -> _Batch:
    """Drop the cache columns that are padding for every row left (the rows that needed them have ended), so
    under steady traffic the cache stays as long as the rows in flight need, not as long as the batch has run."""
    start = int(batch.mask.any(dim=0).int().argmax())
    if start == 0:
        return batch
    for layer in batch.past.layers:
        layer.keys = layer.keys[:, :, start:, :]
        layer.values = layer.values[:, :, start:, :]
        if hasattr(layer, "cumulative_length"):
            layer.cumulative_length = layer.keys.shape[-2]
    return _Batch(batch.rows, batch.past, batch.mask[:, start:], batch.positions, batch.hidden)


def _left_pad(t: Any, length: int, dim: int = -2) -> Any:
    """Zeros on the left of ``dim`` up to ``length`` (masked out, so their values never matter)."""
    import torch

    missing = length - t.shape[dim]
    if missing <= 0:
        return t
    shape = list(t.shape)
    shape[dim] = missing
    return torch.cat([torch.zeros(shape, dtype=t.dtype), t], dim=dim)
