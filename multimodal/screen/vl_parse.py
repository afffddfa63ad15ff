"""Parse a vision-language model's answer into controls and warnings, robustly.

Models wrap JSON in code fences, add prose, name keys differently (``box``/``bbox``/
``bbox_2d``), emit Qwen grounding tags instead of JSON, or produce garbage. ``parse_layout``
accepts all of that and never raises: unusable output gives empty lists and a note.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from multimodal.protocols import Box

LABEL_KEYS = ("label", "text", "name", "title", "content")
BOX_KEYS = ("box", "bbox", "bbox_2d", "bounding_box", "boundingbox", "rect", "position", "coordinates")
CONTROL_KEYS = ("controls", "buttons", "elements", "items", "widgets")
WARNING_KEYS = ("warnings", "alerts", "warning", "alert")
_GROUNDING = re.compile(
    r"<\|object_ref_start\|>(.*?)<\|object_ref_end\|>\s*<\|box_start\|>\s*\(\s*([\d.]+)\s*,\s*([\d.]+)\s*\)\s*,"
    r"\s*\(\s*([\d.]+)\s*,\s*([\d.]+)\s*\)\s*<\|box_end\|>", re.DOTALL)
MAX_ITEMS = 200
MAX_LABEL_CHARS = 120


@dataclass
class ParsedLayout:
    controls: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    warnings: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _json_values(text: str) -> list[Any]:
    """Every top-level JSON object or array that can be decoded from the text, in order."""
    decoder = json.JSONDecoder()
    out = []
    i = 0
    while i < len(text) and len(out) < 8:
        starts = [p for p in (text.find("{", i), text.find("[", i)) if p >= 0]
        if not starts:
            break
        start = min(starts)
        tail = text[start:]
        for relaxed in (False, True):
            try:
                value, end = decoder.raw_decode(_relaxed(tail) if relaxed else tail)
            except ValueError:
                continue
            out.append(value)
            # Offsets in relaxed text do not map back; nothing after a repaired value is read.
            i = len(text) if relaxed else start + max(1, end)
            break
        else:
            i = start + 1
    return out


def _relaxed(text: str) -> str:
    """Fix the usual near-JSON slips: trailing commas, single quotes."""
    fixed = re.sub(r",\s*([}\]])", r"\1", text)
    if '"' not in fixed:
        fixed = fixed.replace("'", '"')
    return fixed


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, str):
        try:
            f = float(v.strip())
        except ValueError:
            return None
        return f if math.isfinite(f) else None
    return None


def _box(v: Any) -> tuple[float, float, float, float] | None:
    if isinstance(v, dict):
        keys = {k.lower(): val for k, val in v.items()}
        if all(k in keys for k in ("x0", "y0", "x1", "y1")):
            v = [keys["x0"], keys["y0"], keys["x1"], keys["y1"]]
        elif all(k in keys for k in ("x1", "y1", "x2", "y2")):
            v = [keys["x1"], keys["y1"], keys["x2"], keys["y2"]]
        elif all(k in keys for k in ("x", "y", "w", "h")):
            x, y, w, h = (_number(keys[k]) for k in ("x", "y", "w", "h"))
            if None in (x, y, w, h):
                return None
            v = [x, y, x + w, y + h]
        else:
            return None
    if isinstance(v, list) and len(v) == 2 and all(isinstance(p, list) and len(p) == 2 for p in v):
        v = [v[0][0], v[0][1], v[1][0], v[1][1]]
    if not isinstance(v, (list, tuple)) or len(v) != 4:
        return None
    nums = [_number(x) for x in v]
    if any(n is None or n < 0 for n in nums):
        return None
    x0, y0, x1, y1 = nums  # type: ignore[misc]
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return (x0, y0, x1, y1)


def _item(obj: Any) -> tuple[str, tuple[float, float, float, float]] | None:
    if not isinstance(obj, dict):
        return None
    keys = {str(k).lower(): v for k, v in obj.items()}
    label = next((keys[k] for k in LABEL_KEYS if isinstance(keys.get(k), str) and keys[k].strip()), None)
    box = next((b for k in BOX_KEYS if k in keys for b in [_box(keys[k])] if b), None)
    if label is None or box is None:
        return None
    return label.strip()[:MAX_LABEL_CHARS], box


def parse_layout(text: str) -> ParsedLayout:
    out = ParsedLayout()
    if not isinstance(text, str) or not text.strip():
        out.notes.append("the model returned no text")
        return out
    cleaned = re.sub(r"```(?:json)?", "", text)
    dropped = 0
    for value in _json_values(cleaned):
        if isinstance(value, list):
            groups = {"controls": value}
        elif isinstance(value, dict):
            lower = {str(k).lower(): v for k, v in value.items()}
            groups = {"controls": next((lower[k] for k in CONTROL_KEYS if isinstance(lower.get(k), list)), []),
                      "warnings": next((lower[k] for k in WARNING_KEYS if isinstance(lower.get(k), list)), [])}
            if not groups["controls"] and not groups["warnings"] and _item(value):
                groups = {"controls": [value]}
        else:
            continue
        for kind, items in groups.items():
            for obj in items[:MAX_ITEMS]:
                parsed = _item(obj)
                if parsed is None:
                    dropped += 1
                    continue
                (out.warnings if kind == "warnings" else out.controls).append(parsed)
        if out.controls or out.warnings:
            break
    if not out.controls and not out.warnings:
        for m in _GROUNDING.finditer(text):
            box = _box([m.group(2), m.group(3), m.group(4), m.group(5)])
            if box and m.group(1).strip():
                out.controls.append((m.group(1).strip()[:MAX_LABEL_CHARS], box))
    if dropped:
        out.notes.append(f"{dropped} item(s) without a label or a valid box were ignored")
    if not out.controls and not out.warnings:
        out.notes.append("the model's answer held no usable layout (expected JSON with controls and boxes)")
    return out


def to_pixels(box: tuple[float, float, float, float], coords: str, model_w: int, model_h: int,
              image_w: int, image_h: int) -> Box | None:
    """Map a model box to image pixels. ``coords``: ``norm1000`` (Qwen2-VL grounding),
    ``pixels`` (Qwen2.5-VL: pixels of the resized model input) or ``norm1`` (0..1)."""
    x0, y0, x1, y1 = box
    if coords == "norm1000":
        sx, sy = image_w / 1000, image_h / 1000
    elif coords == "norm1":
        sx, sy = image_w, image_h
    else:
        sx, sy = image_w / max(1, model_w), image_h / max(1, model_h)
    out = (max(0, int(x0 * sx)), max(0, int(y0 * sy)), min(image_w, int(round(x1 * sx))),
           min(image_h, int(round(y1 * sy))))
    if out[2] - out[0] < 1 or out[3] - out[1] < 1:
        return None
    return out


def guess_coords(boxes: list[tuple[float, float, float, float]], model_type: str, model_w: int, model_h: int) -> str:
    """The coordinate system a model answered in: all within 0..1 -> norm1; Qwen2-VL -> norm1000;
    otherwise pixels of the model input, unless values exceed it but fit 0..1000."""
    values = [v for b in boxes for v in b]
    if values and max(values) <= 1.0:
        return "norm1"
    if "qwen2_vl" == model_type:
        return "norm1000"
    if values and (max(b[2] for b in boxes) > model_w * 1.05 or max(b[3] for b in boxes) > model_h * 1.05) \
            and max(values) <= 1000:
        return "norm1000"
    return "pixels"
