"""Near-duplicate removal: drop an example whose text is > threshold similar to one already kept.

Similarity is the character-level ratio of difflib (2*matches / total length), or rapidfuzz's
equivalent ``fuzz.ratio / 100`` when installed (same definition, ~50x faster). Texts are only
compared within a bucket (language + first intent) and only against kept texts whose length
makes a ratio above the threshold possible, so the cost stays near-linear in practice.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Callable, Iterable, Mapping, Sequence

try:  # optional accelerator; difflib gives the same ratio
    from rapidfuzz import fuzz as _fuzz

    def similarity(a: str, b: str) -> float:
        return _fuzz.ratio(a, b) / 100.0
except ImportError:  # pragma: no cover - depends on the environment
    def similarity(a: str, b: str) -> float:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if sm.real_quick_ratio() <= 0.0 or sm.quick_ratio() <= 0.0:
            return 0.0
        return sm.ratio()


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum() or ch == " ").strip()


def default_bucket(record: Mapping) -> tuple:
    first = record["expected"][0]["intent"] if record.get("expected") else ""
    # The same words after a different previous turn or question are a different example ("再关上").
    context = record.get("context") or {}
    dialogue = repr((context.get("previous_commands"), context.get("pending_question")))
    return (record.get("lang", ""), first, len(record.get("expected", [])), dialogue)


def near_duplicates(records: Sequence[Mapping], threshold: float = 0.9,
                    bucket: Callable[[Mapping], tuple] = default_bucket) -> list[int]:
    """Indices of records to drop (each is > threshold similar to an earlier kept record)."""
    kept_by_bucket: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    drop: list[int] = []
    for i, rec in enumerate(records):
        text = _norm(rec["text"])
        kept = kept_by_bucket[bucket(rec)]
        n = len(text)
        duplicate = False
        for _, other in kept:
            m = len(other)
            # ratio = 2M/(n+m) <= 2*min(n,m)/(n+m): skip pairs whose lengths rule a match out.
            if 2 * min(n, m) / max(1, n + m) <= threshold:
                continue
            if other == text or similarity(text, other) > threshold:
                duplicate = True
                break
        if duplicate:
            drop.append(i)
        else:
            kept.append((i, text))
    return drop


def dedup(records: Iterable[Mapping], threshold: float = 0.9) -> tuple[list[Mapping], int]:
    records = list(records)
    drop = set(near_duplicates(records, threshold))
    return [r for i, r in enumerate(records) if i not in drop], len(drop)
