"""`cockpit-sim data build`: generate -> augment -> dedup -> stratified split -> files + stats."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from multimodal.training.data import augment as A
from multimodal.training.data.dedup import dedup
from multimodal.training.data.generator import generate
from multimodal.training.data.split import stratified_split
from multimodal.command.output_format import FORMAT_VERSION, to_alpaca, to_sharegpt
from vehicle_state.commands import TEXT_SLOTS, validate_commands


@dataclass(frozen=True)
class BuildConfig:
    out_dir: Path
    n: int = 12000
    seed: int = 0
    augment_frac: float = 0.3
    dedup_threshold: float = 0.9
    val_frac: float = 0.04
    test_frac: float = 0.06


def augment_records(records: list[dict[str, Any]], frac: float, rng: random.Random) -> list[dict[str, Any]]:
    """Add rewritten copies (synonym swaps, a scenario preamble) of a fraction of the records."""
    extra = []
    for rec in records:
        if rng.random() >= frac:
            continue
        protect = [str(v) for c in rec["expected"] for k, v in c["slots"].items() if k in TEXT_SLOTS]
        text = A.synonym_rewrite(rec["text"], rec["lang"], rng, protect)
        if rng.random() < 0.3 and rec["expected"][0]["intent"] not in ("dialog.confirm", "dialog.reject"):
            text = A.scene(text, rec["lang"], rng)
        if text != rec["text"]:
            extra.append({**rec, "text": text})
    return records + extra


def stats_of(parts: Mapping[str, list[Mapping]], removed: int, generated: int) -> dict[str, Any]:
    all_records = [r for part in parts.values() for r in part]
    per_intent = Counter(c["intent"] if c["intent"] != "unsupported" else f"unsupported.{c['slots']['reason']}"
                         for r in all_records for c in r["expected"])
    multi = sum(1 for r in all_records if len(r["expected"]) > 1)
    return {
        "format": FORMAT_VERSION,
        "generated": generated,
        "near_duplicates_removed": removed,
        "total": len(all_records),
        "splits": {k: len(v) for k, v in parts.items()},
        "per_language": dict(Counter(r["lang"] for r in all_records)),
        "per_intent": dict(sorted(per_intent.items())),
        "commands_per_utterance": dict(sorted(Counter(len(r["expected"]) for r in all_records).items())),
        "multi_intent_share": round(multi / max(1, len(all_records)), 4),
        "with_screen_share": _share(all_records, "screen_labels"),
        "with_previous_commands_share": _share(all_records, "previous_commands"),
        "with_pending_question_share": _share(all_records, "pending_question"),
        "per_maker": dict(sorted(Counter(str(r.get("maker")) for r in all_records).items())),
    }


def _share(records: list[Mapping], context_key: str) -> float:
    return round(sum(1 for r in records if (r.get("context") or {}).get(context_key)) / max(1, len(records)), 4)


def _write_jsonl(path: Path, rows: Iterable[Mapping]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def build(cfg: BuildConfig, progress: Callable[[Iterable], Iterable] = lambda x: x) -> dict[str, Any]:
    rng = random.Random(cfg.seed + 1)
    records = generate(cfg.n, seed=cfg.seed)
    records = augment_records(records, cfg.augment_frac, rng)
    generated = len(records)
    rng.shuffle(records)
    kept, removed = dedup(records, cfg.dedup_threshold)
    for rec in progress(kept):  # the contract is the gate: nothing invalid is written
        validate_commands(rec["expected"])
    for i, rec in enumerate(kept):
        rec["id"] = f"sft-{rec['lang']}-{i:06d}"
    parts = stratified_split(kept, cfg.val_frac, cfg.test_frac, seed=cfg.seed)
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in parts.items():
        ordered = [{"id": r["id"], "text": r["text"], "lang": r["lang"],
                    **({"context": r["context"]} if r.get("context") else {}), "expected": r["expected"]}
                   for r in rows]
        _write_jsonl(out / f"{name}.jsonl", ordered)
        _write_jsonl(out / f"{name}.alpaca.jsonl", (to_alpaca(r) for r in rows))
        _write_jsonl(out / f"{name}.sharegpt.jsonl", (to_sharegpt(r) for r in rows))
    # LLaMA-Factory reads datasets through a dataset_info.json next to them.
    info = {}
    for name in parts:
        info[f"cockpit_{name}_alpaca"] = {"file_name": f"{name}.alpaca.jsonl",
                                          "columns": {"prompt": "instruction", "query": "input", "response": "output"}}
        info[f"cockpit_{name}_sharegpt"] = {"file_name": f"{name}.sharegpt.jsonl", "formatting": "sharegpt",
                                            "columns": {"messages": "conversations", "system": "system"}}
    (out / "dataset_info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    stats = stats_of(parts, removed, generated)
    stats["config"] = {"n": cfg.n, "seed": cfg.seed, "augment_frac": cfg.augment_frac,
                       "dedup_threshold": cfg.dedup_threshold, "val_frac": cfg.val_frac, "test_frac": cfg.test_frac}
    (out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8")
    return stats
