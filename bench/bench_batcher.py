"""Concurrent parses through the continuous batcher: throughput and agreement with one-by-one parsing.

The `sft` backend parses every line of a set one by one (as a lone user's turns run), then a second instance
with ``batching=True`` (as `cockpit-sim run` starts it) parses the same lines from --threads threads at once,
so rows join and leave batches and their drafts are checked in shared prefills. Prints wall time, parses per
second, how many answers differ between the two runs (close calls between two tokens can go either way in
a many-row pass, see multimodal/command/batcher.py) and exact match of each run against the labels (lines
with a dialogue context are parsed without it here, in both runs alike).

Run: .venv/bin/python bench/bench_batcher.py [--data FILE.jsonl] [--n 300] [--threads 16]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.table import print_table  # noqa: E402


def _canon(commands) -> str:
    return json.dumps([{"intent": c.intent, "slots": c.slots} for c in commands], sort_keys=True, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "tests/data/commands_blind.jsonl"))
    ap.add_argument("--n", type=int, default=300, help="first N lines")
    ap.add_argument("--threads", type=int, default=16, help="concurrent callers in the batched run")
    args = ap.parse_args(argv)

    from tqdm import tqdm

    from multimodal.command.sft import SftCommandModel
    from vehicle_state.commands import Command

    with open(args.data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()][: args.n]
    expected = [_canon([Command(c["intent"], c.get("slots", {})) for c in r["expected"]]) for r in rows]

    solo = SftCommandModel()
    solo.parse("打开空调")  # load and warm up outside the timing
    t0 = time.perf_counter()
    alone = [_canon(solo.parse(r["text"])) for r in tqdm(rows, desc="one by one", unit="utt")]
    alone_s = time.perf_counter() - t0

    batched = SftCommandModel(batching=True)
    batched.parse("打开空调")
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        together = list(tqdm(pool.map(lambda r: _canon(batched.parse(r["text"])), rows), total=len(rows),
                             desc=f"{args.threads} threads", unit="utt"))
    together_s = time.perf_counter() - t0

    differ = [(r["text"], a, b) for r, a, b in zip(rows, alone, together) if a != b]
    n = len(rows)
    print_table(f"{n} parses of {Path(args.data).name}: one by one vs {args.threads} concurrent callers (batched)",
                [("run", "<28"), ("wall s", ">9.1f"), ("parses/s", ">10.2f"), ("exact", ">8.3f"),
                 ("differ from one-by-one", ">24d")],
                [("one by one", alone_s, n / alone_s, _exact(alone, expected), 0),
                 (f"{args.threads} threads, batched", together_s, n / together_s, _exact(together, expected),
                  len(differ))])
    for text, a, b in differ[:10]:
        print(f"  differs: {text!r}\n    alone:   {a}\n    batched: {b}")
    print(json.dumps({"n": n, "threads": args.threads, "alone_s": alone_s, "batched_s": together_s,
                      "differ": len(differ), "exact_alone": _exact(alone, expected),
                      "exact_batched": _exact(together, expected)}))
    return 0


def _exact(got: list[str], expected: list[str]) -> float:
    return sum(a == b for a, b in zip(got, expected)) / max(len(expected), 1)


if __name__ == "__main__":
    sys.exit(main())
