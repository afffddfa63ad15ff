"""Stratified train/val/test split: every stratum (language + intent signature) is split in proportion."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Mapping, Sequence


def stratum(record: Mapping) -> tuple:
    intents = [c["intent"] if c["intent"] != "unsupported" else "unsupported." + c["slots"]["reason"]
               for c in record["expected"]]
    return (record.get("lang", ""), intents[0], "multi" if len(intents) > 1 else "single")


def stratified_split(records: Sequence[Mapping], val_frac: float = 0.05, test_frac: float = 0.05,
                     seed: int = 0) -> dict[str, list[Mapping]]:
    if not (0 <= val_frac < 1 and 0 <= test_frac < 1 and val_frac + test_frac < 1):
        raise ValueError("val_frac and test_frac must be fractions in [0, 1) that sum below 1")
    rng = random.Random(seed)
    groups: dict[tuple, list[Mapping]] = defaultdict(list)
    for rec in records:
        groups[stratum(rec)].append(rec)
    out: dict[str, list[Mapping]] = {"train": [], "val": [], "test": []}
    for key in sorted(groups, key=repr):
        items = list(groups[key])
        rng.shuffle(items)
        n = len(items)
        n_val = round(n * val_frac)
        n_test = round(n * test_frac)
        # Strata too small to round up still reach val/test now and then, so rare intents are evaluated.
        if n >= 3 and n_val == 0 and val_frac > 0 and rng.random() < n * val_frac * 2:
            n_val = 1
        if n >= 3 and n_test == 0 and test_frac > 0 and rng.random() < n * test_frac * 2:
            n_test = 1
        out["val"] += items[:n_val]
        out["test"] += items[n_val:n_val + n_test]
        out["train"] += items[n_val + n_test:]
    for part in out.values():
        rng.shuffle(part)
    return out
