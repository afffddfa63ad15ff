"""Speculative decoding changes speed only: the `sft` model with and without the rule grammar's draft, line by line.

For each data set, both decoders parse every line; the table gives exact match, unsafe commands executed,
over-refusal (an in-domain line answered `unsupported: unsafe`) and the median parse time of each, and the
number of lines whose commands differ between the two (expected: 0).

Sets: tests/data/commands_dev.jsonl, commands_blind.jsonl, commands_blind2.jsonl, and the external set when
$COCKPIT_SIM_SHARED is set (read in place); --data adds or replaces them.

Run: .venv/bin/python bench/bench_speculative.py [--data FILE.jsonl ...] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.table import print_table  # noqa: E402


def default_sets() -> list[Path]:
    sets = [ROOT / "tests" / "data" / f"commands_{name}.jsonl" for name in ("dev", "blind", "blind2")]
    shared = os.environ.get("COCKPIT_SIM_SHARED")
    if shared and (Path(shared) / "external" / "commands_external.jsonl").is_file():
        sets.append(Path(shared) / "external" / "commands_external.jsonl")
    return sets


def over_refused(example, record) -> bool:
    in_domain = not any(c.intent == "unsupported" for c in example.expected)
    return in_domain and any(c.intent == "unsupported" and c.slots.get("reason") == "unsafe" for c in record.predicted)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, nargs="+", help="data sets (default: dev, blind, external if present)")
    ap.add_argument("--limit", type=int, help="only the first N lines of each set")
    args = ap.parse_args()
    from tqdm import tqdm

    from multimodal.command.sft import SftCommandModel
    from multimodal.training.eval_commands import compute_metrics, evaluate, load_examples

    models = {"speculative": SftCommandModel(speculative=True), "plain": SftCommandModel(speculative=False)}
    for model in models.values():
        model.load()
    rows = []
    for path in args.data or default_sets():
        examples = load_examples(path, limit=args.limit)
        records = {name: list(evaluate(m, tqdm(examples, desc=f"{path.stem} {name}", leave=False), name))
                   for name, m in models.items()}
        differ = sum(a.predicted != b.predicted for a, b in zip(records["speculative"], records["plain"]))
        in_domain = sum(not any(c.intent == "unsupported" for c in e.expected) for e in examples)
        for name, recs in records.items():
            metrics = compute_metrics(recs, name).to_dict()
            refused = sum(over_refused(e, r) for e, r in zip(examples, recs))
            rows.append([path.stem, name, len(recs), metrics["exact_match"], metrics["unsafe_executed"],
                         f"{refused}/{in_domain}", statistics.median(r.latency_ms for r in recs), differ])
    print_table("sft with and without the rule grammar's draft (same model, one thread)",
                [("set", "<28"), ("decoder", "<13"), ("n", ">5"), ("exact", ">8.4f"), ("unsafe run", ">11"),
                 ("over-refusal", ">13"), ("p50 ms", ">8.0f"), ("lines differing", ">16")], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
