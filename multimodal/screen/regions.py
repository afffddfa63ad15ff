"""Simple image analysis around OCR text: where a text line has gaps, and which button holds it.

Works on any theme: nothing assumes a colour; "ink" is whatever differs from its column,
a button is the connected region of the text's surrounding colour, bounded on all sides
and not much larger than the text (larger regions are cards or the screen background).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multimodal.protocols import Box

# A column is "inkless" when its pixels (over the line's middle rows) span less than this.
INK_RANGE = 48
# Split a line at an inkless run at least this many text heights wide…
GAP_SPLIT_H = 1.3
# …or at least this wide when the run holds an edge (a button border or a background change).
EDGE_GAP_SPLIT_H = 0.45
EDGE_STEP = 28
# A surrounding colour belongs to the same region when every channel is within this.
COLOR_TOL = 22
# A region larger than this around its text is a card or a panel, not a button.
MAX_BUTTON_H = 4.8  # text heights
MAX_BUTTON_PAD_W = 9.0  # text heights of padding left + right together


@dataclass(frozen=True)
class Span:
    x0: int
    x1: int
    # True when a wide empty gap precedes this span (certainly a new label); False when only a
    # narrow gap with an edge does (maybe a button border, maybe a vertical stroke: verify).
    wide_gap_before: bool = True


def line_segments(gray: np.ndarray, box: Box) -> list[Span]:
    """Split one OCR line box into pieces separated by wide empty gaps or by edges between them.

    ``gray`` is the whole image (H, W) uint8; returns spans in image x coordinates."""
    x0, y0, x1, y1 = box
    h = max(1, y1 - y0)
    # Middle rows only: the line box may clip a rounded corner at its top or bottom.
    band = gray[y0 + h // 5: max(y0 + h // 5 + 1, y1 - h // 5), x0:x1].astype(np.int16)
    if band.size == 0 or band.shape[1] < 3:
        return [Span(x0, x1)]
    col_range = band.max(axis=0) - band.min(axis=0)
    col_level = np.median(band, axis=0)
    inkless = col_range < INK_RANGE
    spans: list[Span] = []
    start = 0
    wide_before = True
    x = 0
    width = band.shape[1]
    while x < width:
        if not inkless[x]:
            x += 1
            continue
        run_start = x
        while x < width and inkless[x]:
            x += 1
        run_end = x  # exclusive
        if run_start == 0 or run_end == width:
            continue  # margins, not gaps
        run_w = run_end - run_start
        levels = col_level[run_start:run_end]
        has_edge = run_w > 1 and np.abs(np.diff(levels)).max() >= EDGE_STEP
        wide = run_w >= GAP_SPLIT_H * h
        if wide or (has_edge and run_w >= EDGE_GAP_SPLIT_H * h):
            spans.append(Span(x0 + start, x0 + run_start, wide_before))
            start = run_end
            wide_before = wide
    spans.append(Span(x0 + start, x1, wide_before))
    return [_trim(gray, s, y0, y1) for s in spans if s.x1 - s.x0 >= 2]


def _trim(gray: np.ndarray, span: Span, y0: int, y1: int) -> Span:
    """Shrink a span to its ink, keeping a small margin."""
    band = gray[y0:y1, span.x0:span.x1].astype(np.int16)
    if band.size == 0:
        return span
    ink = np.nonzero((band.max(axis=0) - band.min(axis=0)) >= INK_RANGE)[0]
    if ink.size == 0:
        return span
    margin = max(1, (y1 - y0) // 6)
    return Span(max(span.x0, span.x0 + int(ink[0]) - margin), min(span.x1, span.x0 + int(ink[-1]) + 1 + margin),
                span.wide_gap_before)


def button_box(rgb: np.ndarray, text_box: Box) -> Box | None:
    """The bounded region of uniform colour around a text (the button it sits on), or None.

    None when the surrounding colour is not uniform, the region runs out of the search
    window (open background) or is far larger than the text (a card or panel)."""
    img_h, img_w = rgb.shape[:2]
    x0, y0, x1, y1 = text_box
    h = max(2, y1 - y0)
    w = max(2, x1 - x0)
    pad = max(2, h // 5)
    # The ring just outside the text box gives the colour the text sits on.
    rx0, ry0, rx1, ry1 = max(0, x0 - pad), max(0, y0 - pad), min(img_w, x1 + pad), min(img_h, y1 + pad)
    if rx1 - rx0 < 3 or ry1 - ry0 < 3:
        return None
    outer = rgb[ry0:ry1, rx0:rx1].reshape(-1, 3).astype(np.int16)
    inner_mask = np.zeros((ry1 - ry0, rx1 - rx0), dtype=bool)
    inner_mask[max(0, y0 - ry0):y1 - ry0, max(0, x0 - rx0):x1 - rx0] = True
    ring = outer[~inner_mask.reshape(-1)]
    if ring.shape[0] < 8:
        return None
    color = np.median(ring, axis=0)
    deviation = np.abs(ring - color).max(axis=1)
    if (deviation <= COLOR_TOL).mean() < 0.6:
        return None
    # As tight as the fill's own noise allows, so a white button on a near-white page (a
    # difference of ~10) still stands apart, while JPEG noise does not break a fill apart.
    tol = float(np.clip(3 * np.percentile(deviation, 75) + 6, 6, COLOR_TOL))
    # Search window: generous enough to hold any button that fits the size limits below.
    wx = int(max(MAX_BUTTON_PAD_W * h, w)) // 2 + pad + 2
    wy = int(MAX_BUTTON_H * h) + 2
    sx0, sy0, sx1, sy1 = max(0, x0 - wx), max(0, y0 - wy), min(img_w, x1 + wx), min(img_h, y1 + wy)
    import cv2

    lower = np.clip(color - tol, 0, 255).astype(np.uint8)
    upper = np.clip(color + tol, 0, 255).astype(np.uint8)
    mask = (cv2.inRange(np.ascontiguousarray(rgb[sy0:sy1, sx0:sx1]), lower, upper) > 0).astype(np.uint8)
    # The text itself is part of its button, whatever colour its ink is.
    mask[max(0, y0 - sy0):y1 - sy0, max(0, x0 - sx0):x1 - sx0] = 1
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    label = labels[(y0 + y1) // 2 - sy0, (x0 + x1) // 2 - sx0]
    if label == 0:
        return None
    bx, by, bw, bh = (int(v) for v in stats[label, :4])
    touches = bx == 0 and sx0 > 0 or by == 0 and sy0 > 0 or bx + bw == sx1 - sx0 and sx1 < img_w or \
        by + bh == sy1 - sy0 and sy1 < img_h
    at_edge = bx + sx0 == 0 or by + sy0 == 0 or bx + sx0 + bw == img_w or by + sy0 + bh == img_h
    if touches or at_edge:
        return None
    if bh > MAX_BUTTON_H * h or bw - w > MAX_BUTTON_PAD_W * h:
        return None
    if bh < h or bw < w:
        return None
    return (bx + sx0, by + sy0, bx + sx0 + bw, by + sy0 + bh)
