"""Benchmark the `sft` command model's CPU inference, one speed-up at a time.

Each row loads the model in one configuration, parses the same utterances, and reports median and
p95 latency per utterance (the whole `parse_detailed` call: prompt, generation, strict decode) and
exact match under the contract. Rows:

  hf-generate         PeftModel (LoRA unmerged) + transformers `generate()` with the full output layer
  unmerged            our greedy loop (KV cache, stop at EOS), LoRA unmerged, full output layer
  merged              + LoRA merged into the base weights at load
  merged+restricted   + output layer restricted to grammar tokens + the utterance's tokens
  +int8               + int8 weight-only decoder linears for single-token steps (float32 for many rows)
  +bf16-prefill       + bfloat16 for many rows at once (the prompt's prefill) on CPUs with native bf16
  +speculative        + the rule grammar's reading as a draft, checked in the prompt's forward pass
  +quick-check        + the draft first checked in a throw-away int8 many-row pass, answered alone when every token
                      wins by 3 logits (AVX2-only CPUs; where bf16 is native, the same as +speculative)
  default             the shipped configuration: SftCommandModel() as `cockpit-sim` loads it
  default-no-lean     the same, each pass through transformers' own forward instead of the lean runner
                      (multimodal/command/lean_body.py; equal hidden states, so equal answers)

Usage:
  .venv/bin/python bench/bench_command_model.py [--data FILE.jsonl] [--n 60] [--adapter DIR] [--rows a,b,...]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from multimodal.protocols import CommandContext  # noqa: E402
from multimodal.stats import percentile  # noqa: E402
from vehicle_state.commands import commands_equal  # noqa: E402

ROWS = ("hf-generate", "unmerged", "merged", "merged+restricted", "+int8", "+bf16-prefill", "+speculative", "+quick-check",
        "default", "default-no-lean")


def _context(example: dict) -> CommandContext:
    from multimodal.training.eval_commands import parse_example

    return parse_example(example, "bench").context or CommandContext()


def load_rows(path: Path, n: int, seed: int) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)
    return rows[:n]


class HFGenerateModel:
    """The plain transformers way, for comparison: PeftModel.generate with the full vocabulary."""

    def __init__(self, adapter: str | None):
        import peft

        from multimodal.command.sft import DEFAULT_ADAPTER
        from multimodal.command.base_model import load_base

        base, self.tok = load_base()
        self.model = peft.PeftModel.from_pretrained(base, adapter or str(DEFAULT_ADAPTER)).eval()

    def parse_detailed(self, text, lang=None, context=None):
        import torch

        from multimodal.protocols import ParseResult
        from multimodal.command.output_format import FormatError, build_prompt, decode

        # the same prompt the shipped model builds: the dialogue context the line carries, if any
        prompt = build_prompt(text, context.screen_labels, context.previous_commands, context.pending_question) \
            if context else build_prompt(text, ())
        ids = self.tok(prompt, return_tensors="pt")
        with torch.inference_mode():
            out = self.model.generate(**ids, max_new_tokens=64, do_sample=False)
        raw = self.tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)
        try:
            return ParseResult(tuple(decode(raw)), "hf", raw)
        except FormatError:
            return ParseResult((), "hf", raw, "unsupported")


def make(row: str, adapter: str | None):
    from multimodal.command.sft import SftCommandModel

    kw = {"adapter": adapter} if adapter else {}
    if row in ("unmerged", "merged", "merged+restricted", "+int8", "+bf16-prefill"):
        kw["speculative"] = False  # each row adds one speed-up to the row above it
    if row == "hf-generate":
        return HFGenerateModel(adapter)
    if row == "unmerged":
        return SftCommandModel(merge=False, restrict_vocab=False, quantize=None, **kw)
    if row == "merged":
        return SftCommandModel(restrict_vocab=False, quantize=None, **kw)
    if row == "merged+restricted":
        return SftCommandModel(quantize=None, **kw)
    if row == "+int8":
        return SftCommandModel(quantize="int8", many_rows_bf16=False, **kw)
    if row == "+bf16-prefill":
        return SftCommandModel(quantize="int8", many_rows_bf16=True, **kw)
    if row == "+speculative":
        return SftCommandModel(quantize="int8", many_rows_bf16=True, speculative=True, **kw)
    if row == "+quick-check":  # many_rows_bf16=None: the CPU decides, and without native bf16 the quick check is on
        return SftCommandModel(quantize="int8", speculative=True, **kw)
    if row in ("default", "default-no-lean"):
        return SftCommandModel(**kw)
    raise SystemExit(f"unknown row {row!r}; rows: {', '.join(ROWS)}")


def main() -> int:
    import torch
    from tqdm import tqdm

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[1]
    default_data = root / "tests" / "data" / "commands_dev.jsonl"
    ap.add_argument("--data", default=str(default_data))
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--adapter", default=None)
    ap.add_argument("--rows", default=",".join(ROWS))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = load_rows(Path(args.data), args.n, args.seed)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"data: {args.data} ({len(data)} utterances), torch threads {args.threads}")
    results = []
    for row in [r.strip() for r in args.rows.split(",") if r.strip()]:
        t0 = time.perf_counter()
        model = make(row, args.adapter)
        # Load + warm up outside the timed loop (the UI loads once per process).
        model.parse_detailed("打开空调")
        if row == "default-no-lean":
            model._decoder.run = model._decoder.body
        load_s = time.perf_counter() - t0
        times, hits, fallbacks, tokens = [], 0, 0, []
        warm = getattr(model, "_decoder", None)
        quick_before = warm.fast_answers if warm is not None else 0
        for ex in tqdm(data, desc=row, leave=False):
            # every row gets the line's whole context (screen labels, the previous turn, a pending question), as
            # `cockpit-sim eval commands` and the cockpit give it
            ctx = _context(ex)
            t = time.perf_counter()
            result = model.parse_detailed(ex["text"], ex.get("lang"), ctx)
            times.append((time.perf_counter() - t) * 1000)
            hits += bool(result.commands) and commands_equal(result.commands, ex["expected"])
            fallbacks += result.fallback is not None
        decoder = getattr(model, "_decoder", None)
        quick = f"{decoder.fast_answers - quick_before}/{len(data)}" if decoder is not None else "-"
        results.append((row, statistics.median(times), percentile(times, 95), hits / len(data), fallbacks, load_s, quick))
        del model
    print()
    # quick: parses the int8 draft check answered alone (multimodal/command/greedy_decoder.py)
    print(f"{'configuration':<20} {'p50 ms':>8} {'p95 ms':>8} {'exact':>7} {'fallbk':>7} {'load s':>7} {'quick':>7}")
    for row, p50, p95, em, fb, load_s, quick in results:
        print(f"{row:<20} {p50:>8.1f} {p95:>8.1f} {em:>7.3f} {fb:>7d} {load_s:>7.1f} {quick:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
