"""`cockpit-sim data build`: generate the command model's SFT set (JSONL + LLaMA-Factory alpaca/sharegpt)."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.errors import CliError

NAME = "data"
HELP = "build the command model's SFT data set (templates x lexicons, augmented, deduplicated, split)"
DEFAULT_OUT = "artifacts/sft_data"


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    b = sub.add_parser("build", help="generate train/val/test files and stats.json",
                       description="generate train/val/test files and stats.json")
    b.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT}, git-ignored)")
    b.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    b.add_argument("--n", type=int, default=12000, help="utterances to sample before augmentation/dedup (default 12000)")
    b.add_argument("--augment", type=float, default=0.3, help="share of records given a rewritten copy (default 0.3)")
    b.add_argument("--dedup-threshold", type=float, default=0.9, help="drop texts more similar than this (default 0.9)")
    b.add_argument("--val", type=float, default=0.04, help="validation share (default 0.04)")
    b.add_argument("--test", type=float, default=0.06, help="test share (default 0.06)")
    b.add_argument("--json", action="store_true", help="print the stats as one JSON object")


def run(args) -> int:
    from tqdm import tqdm

    from multimodal.training.data.build import BuildConfig, build

    if args.n < 10:
        raise CliError(f"--n must be at least 10, got {args.n}")
    if not 0 <= args.augment <= 1:
        raise CliError(f"--augment must be between 0 and 1, got {args.augment}")
    if not 0 < args.dedup_threshold <= 1:
        raise CliError(f"--dedup-threshold must be in (0, 1], got {args.dedup_threshold}")
    if args.val < 0 or args.test < 0 or args.val + args.test >= 1:
        raise CliError("--val and --test must be non-negative and sum below 1")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} exists and is not a folder")
    cfg = BuildConfig(out_dir=out, n=args.n, seed=args.seed, augment_frac=args.augment,
                      dedup_threshold=args.dedup_threshold, val_frac=args.val, test_frac=args.test)
    stats = build(cfg, progress=lambda it: tqdm(it, desc="validate", unit="ex", leave=False))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    print(f"wrote {out}/  (train {stats['splits']['train']}, val {stats['splits']['val']}, "
          f"test {stats['splits']['test']}; {stats['near_duplicates_removed']} near-duplicates removed "
          f"of {stats['generated']})")
    print(f"languages: {stats['per_language']}   multi-intent share: {stats['multi_intent_share']:.1%}   "
          f"commands per utterance: {stats['commands_per_utterance']}")
    print("commands per intent:")
    for intent, count in stats["per_intent"].items():
        print(f"  {intent:<28} {count:>6}")
    return 0
