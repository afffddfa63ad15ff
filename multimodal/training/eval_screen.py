"""Score a screen reader against a known layout: label recall, box IoU, tap accuracy, warnings, latency.

The truth is a ScreenInfo whose controls are exactly what was drawn (the simulator's renderer
provides one); this module knows nothing about how it was drawn.
"""

from __future__ import annotations

import difflib
import statistics
from dataclasses import dataclass, field
from typing import Any, Iterable

from multimodal.protocols import Box, ScreenInfo
from multimodal.screen.group import iou
from multimodal.screen.match import label_key, resolve_tap
from multimodal.stats import percentile

LABEL_MATCH_RATIO = 0.8  # an OCR slip of one character in a short label still counts


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


@dataclass
class SampleScore:
    lang: str
    truth_controls: int
    recalled: int
    ious: list[float] = field(default_factory=list)
    taps_tried: int = 0
    taps_ok: int = 0
    truth_warnings: int = 0
    warnings_found: int = 0
    read_ms: float = 0.0
    render_ms: float = 0.0
    missed: list[str] = field(default_factory=list)


def score_sample(truth: ScreenInfo, read: ScreenInfo, lang: str, read_ms: float, render_ms: float = 0.0) -> SampleScore:
    score = SampleScore(lang, len(truth.controls), 0, read_ms=read_ms, render_ms=render_ms)
    read_keys = [(label_key(c.label), c) for c in read.controls]
    for t in truth.controls:
        key = label_key(t.label)
        matches = [c for k, c in read_keys if k == key or
                   difflib.SequenceMatcher(None, k, key, autojunk=False).ratio() >= LABEL_MATCH_RATIO]
        if matches:
            score.recalled += 1
            score.ious.append(max(iou(t.box, c.box) for c in matches))
        else:
            score.missed.append(t.label)
    # Tapping by label is only well defined for labels shown once.
    counts: dict[str, int] = {}
    for t in truth.controls:
        counts[label_key(t.label)] = counts.get(label_key(t.label), 0) + 1
    for t in truth.controls:
        if counts[label_key(t.label)] != 1:
            continue
        score.taps_tried += 1
        hit = resolve_tap(t.label, read)
        if hit is not None and _inside(hit.center, t.box):
            score.taps_ok += 1
    for w in truth.warnings:
        score.truth_warnings += 1
        if any((r.warning_id and r.warning_id == w.warning_id) or _inside(
                ((r.box[0] + r.box[2]) / 2, (r.box[1] + r.box[3]) / 2), w.box) for r in read.warnings):
            score.warnings_found += 1
    return score


def summarise(scores: Iterable[SampleScore]) -> dict[str, Any]:
    scores = list(scores)

    def block(items: list[SampleScore]) -> dict[str, Any]:
        truth = sum(s.truth_controls for s in items)
        ious = [v for s in items for v in s.ious]
        taps = sum(s.taps_tried for s in items)
        warns = sum(s.truth_warnings for s in items)
        read_ms = [s.read_ms for s in items]
        render_ms = [s.render_ms for s in items]
        missed: dict[str, int] = {}
        for s in items:
            for m in s.missed:
                missed[m] = missed.get(m, 0) + 1
        return {
            "samples": len(items),
            "label_recall": round(sum(s.recalled for s in items) / truth, 4) if truth else None,
            "box_iou_mean": round(statistics.fmean(ious), 4) if ious else None,
            "box_iou_median": round(statistics.median(ious), 4) if ious else None,
            "tap_accuracy": round(sum(s.taps_ok for s in items) / taps, 4) if taps else None,
            "warning_recall": round(sum(s.warnings_found for s in items) / warns, 4) if warns else None,
            "read_ms_p50": round(percentile(read_ms, 50), 1), "read_ms_p95": round(percentile(read_ms, 95), 1),
            "render_ms_p50": round(percentile(render_ms, 50), 1),
            "most_missed": sorted(missed.items(), key=lambda kv: -kv[1])[:8],
        }

    out = block(scores)
    out["by_lang"] = {lang: block([s for s in scores if s.lang == lang])
                      for lang in sorted({s.lang for s in scores})}
    return out
