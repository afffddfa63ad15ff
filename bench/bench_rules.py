"""Latency of the `rules` command model per utterance on the dev set (median, p95, max).

    .venv/bin/python bench/bench_rules.py [--data tests/data/commands_dev.jsonl] [--repeat 20]

Each utterance is parsed ``--repeat`` times after one warm-up pass (regexes compiled, caches warm);
the per-utterance time is the median of its repeats, and the report gives the median and p95 over
utterances, per language and overall.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from multimodal.stats import percentile  # noqa: E402
from multimodal.training.eval_commands import load_examples  # noqa: E402
from multimodal.command.rules import RulesCommandModel  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(ROOT / "tests" / "data" / "commands_dev.jsonl"))
    p.add_argument("--repeat", type=int, default=20)
    args = p.parse_args(argv)

    examples = load_examples(args.data)
    model = RulesCommandModel()
    t0 = time.perf_counter()
    for e in examples:  # warm-up
        model.parse(e.text, e.lang, e.context)
    first_pass_ms = (time.perf_counter() - t0) * 1000

    per_utt: dict[str, list[float]] = {}
    for e in examples:
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            model.parse(e.text, e.lang, e.context)
            runs.append((time.perf_counter() - t) * 1000)
        per_utt.setdefault(e.lang, []).append(statistics.median(runs))

    everything = [x for xs in per_utt.values() for x in xs]
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"data: {args.data}  ({len(examples)} utterances, {args.repeat} repeats each)")
    print(f"warm-up pass: {first_pass_ms:.1f} ms total")
    print(f"{'group':<8}{'n':>6}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}")
    for group, xs in sorted(per_utt.items()) + [("all", everything)]:
        print(f"{group:<8}{len(xs):>6}{statistics.median(xs):>12.3f}{percentile(xs, 95):>10.3f}{max(xs):>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
