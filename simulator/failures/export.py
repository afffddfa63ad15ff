"""Export stored failures as SFT data in the same prompt/output format as training.

Rows are deduplicated against each other (the newest review of an utterance wins) and against the
training set (an utterance the model was already trained on is not exported again).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Mapping

from multimodal.command import output_format as sft_format
from simulator.failures.store import FailureRecord, FailureStore
from vehicle_state.commands import fold_text

FORMATS = ("jsonl", "alpaca", "sharegpt")


# The dialogue context a failure was parsed in, carried into the training prompt (prev: / asked: / screen:).
CONTEXT_KEYS = ("previous_commands", "pending_question", "screen_labels")


def _key(text: str, context: Mapping[str, Any] | None) -> tuple:
    """Utterances that differ only in spacing, width, case or final punctuation, in the same context, are the
    same row ("close it again" after a window and after the sunroof are two)."""
    folded = "".join(fold_text(text).split()).rstrip("。.!！?？,，")
    ctx = context or {}
    return (folded, tuple(fold_text(x) for x in ctx.get("screen_labels") or ()),
            json.dumps(ctx.get("previous_commands") or [], sort_keys=True, ensure_ascii=False),
            fold_text(ctx.get("pending_question") or ""))


def to_record(r: FailureRecord) -> dict[str, Any] | None:
    """The training-record shape ({id, text, lang, context, expected}) or None if not trainable."""
    text = (r.text or r.transcript or "").strip()
    if not text or not r.corrected_commands:
        return None
    record: dict[str, Any] = {"id": r.id, "text": text, "lang": r.lang, "expected": r.corrected_commands,
                              "source": r.source}
    context = {k: v for k, v in (r.context or {}).items() if k in CONTEXT_KEYS and v}
    if context:
        record["context"] = context
    return record


def _training_keys(path: Path) -> set[tuple]:
    keys = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            if "text" not in row:
                row = sft_format.from_alpaca(row) if "output" in row else sft_format.from_sharegpt(row)
            keys.add(_key(row["text"], row.get("context")))
    return keys


def default_training_data() -> Path | None:
    from multimodal.paths import ASSETS_DIR, REPO_ROOT

    for candidate in (REPO_ROOT / "data" / "sft" / "train.jsonl", ASSETS_DIR / "command_model" / "train.jsonl"):
        if candidate.is_file():
            return candidate
    return None


def export_failures(store: FailureStore, fmt: str, out: str | Path, status: str | None = None,
                    train_data: str | Path | None = None) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    records = store.list(status=status) if status else [r for r in store.list() if r.status != "rejected"]
    train_path = Path(train_data) if train_data else default_training_data()
    if train_data and not Path(train_data).is_file():
        raise ValueError(f"training data not found: {train_data}")
    seen_train = _training_keys(train_path) if train_path else set()
    latest: dict[tuple, dict[str, Any]] = {}
    no_correction = in_training = 0
    for r in sorted(records, key=lambda r: r.updated_at):
        rec = to_record(r)
        if rec is None:
            no_correction += 1
            continue
        key = _key(rec["text"], rec.get("context"))
        if key in seen_train:
            in_training += 1
            continue
        latest[key] = rec  # newer reviews replace older ones of the same utterance
    rows = list(latest.values())
    if fmt in ("alpaca", "sharegpt"):
        convert = sft_format.to_alpaca if fmt == "alpaca" else sft_format.to_sharegpt
        # The contract JSON rides along for people and tools that read commands, not the compact format.
        rows = [{**convert(r), "expected": r["expected"], "id": r["id"]} for r in rows]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".json":
        payload = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    else:
        payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".tmp-export-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(payload)
    os.replace(tmp, out)
    return {"out": str(out), "format": fmt, "exported": len(rows), "considered": len(records),
            "skipped_no_correction": no_correction, "skipped_in_training": in_training,
            "duplicates_merged": len(records) - no_correction - in_training - len(rows),
            "train_data": str(train_path) if train_path else None}
