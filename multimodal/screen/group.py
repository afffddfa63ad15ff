"""Group OCR text pieces into controls: one label (+ a visible state) and one box per button.

Pure geometry, so it works on any screenshot: pieces on the same detected button belong
together; without a button, pieces join when they sit on one line a word-space apart or are
stacked a small fraction of a line apart. Every threshold is relative to text height.
"""

from __future__ import annotations

from dataclasses import dataclass

from multimodal.protocols import Box, Control
from multimodal.screen.match import label_key, normalise_text, parse_state
from multimodal.text.cjk import is_han

SAME_LINE_GAP_H = 0.7  # horizontal gap (text heights) still inside one label
STACK_GAP_H = 0.3  # vertical gap between stacked lines of one label
STACK_CENTER_TOL = 0.15  # their centres differ by at most this fraction of the wider line
BUTTON_SAME_IOU = 0.8
TEXT_PAD_H = 0.25  # padding around a bare text's box, as a fraction of its height


@dataclass(frozen=True)
class Piece:
    """One OCR text piece, optionally with the button region found around it."""

    text: str
    box: Box
    score: float = 1.0
    button: Box | None = None

    @property
    def height(self) -> int:
        return max(1, self.box[3] - self.box[1])


def iou(a: Box, b: Box) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _center_in(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _joinable(a: Piece, b: Piece) -> bool:
    if a.button and b.button:
        return iou(a.button, b.button) >= BUTTON_SAME_IOU
    if a.button or b.button:
        # A bare text joins a button only when it lies on it (a hole the region grew around).
        btn, other = (a.button, b) if a.button else (b.button, a)
        return _center_in(other.box, btn)
    h = min(a.height, b.height)
    big = max(a.height, b.height)
    if big > 2.2 * h:
        return False  # a title and a caption are different things
    v_overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    h_gap = max(a.box[0], b.box[0]) - min(a.box[2], b.box[2])
    if v_overlap >= 0.5 * h and h_gap <= SAME_LINE_GAP_H * h:
        return True
    # Stacked lines join only when centred on each other (a two-line button label); left-aligned
    # stacks are a card's title over its content, or list rows.
    v_gap = max(a.box[1], b.box[1]) - min(a.box[3], b.box[3])
    wide = max(a.box[2] - a.box[0], b.box[2] - b.box[0])
    dx = abs((a.box[0] + a.box[2]) - (b.box[0] + b.box[2])) / 2
    return dx <= STACK_CENTER_TOL * wide and v_gap <= STACK_GAP_H * h


def _reading_order(pieces: list[Piece]) -> list[Piece]:
    """Top-to-bottom rows (pieces whose vertical centres are close), left-to-right inside a row."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        cy = (p.box[1] + p.box[3]) / 2
        if rows:
            last = rows[-1]
            ref = sum((q.box[1] + q.box[3]) / 2 for q in last) / len(last)
            if abs(cy - ref) <= 0.5 * min(p.height, min(q.height for q in last)):
                last.append(p)
                continue
        rows.append([p])
    return [p for row in rows for p in sorted(row, key=lambda p: p.box[0])]


def group_controls(pieces: list[Piece], image_size: tuple[int, int]) -> list[Control]:
    """Controls in reading order. A piece that is only a state ("2档", "ON") becomes the state
    of the control it belongs to; pieces with no letters or ideographs (bare numbers) are
    kept as texts but are not controls."""
    ordered = _reading_order([p for p in pieces if normalise_text(p.text)])
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            if _joinable(ordered[i], ordered[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[Piece]] = {}
    for i, p in enumerate(ordered):
        groups.setdefault(find(i), []).append(p)
    controls = [c for c in (_control(g, image_size) for g in groups.values()) if c is not None]
    return controls


def _control(group: list[Piece], image_size: tuple[int, int]) -> Control | None:
    label_parts: list[str] = []
    state = None
    for p in group:
        text = normalise_text(p.text)
        s = parse_state(text)
        if s is not None and state is None and len(group) > 1:
            state = s
            continue
        head, _, tail = text.rpartition(" ")
        s = parse_state(tail) if head else None
        if s is not None and state is None:
            state, text = s, head
        label_parts.append(text)
    label = " ".join(label_parts).strip()
    if not _speakable(label):
        return None
    buttons = [p.button for p in group if p.button]
    if buttons:
        box = _union(buttons)
    else:
        box = _union([p.box for p in group])
        pad = int(TEXT_PAD_H * min(p.height for p in group))
        w, h = image_size
        box = (max(0, box[0] - pad), max(0, box[1] - pad), min(w, box[2] + pad), min(h, box[3] + pad))
    return Control(label=label, box=box, id=None, state=state)


def _speakable(label: str) -> bool:
    """A label someone could say: has an ideograph or at least two letters ("A/C" yes, "22°C" no)."""
    key = label_key(label)
    letters = [ch for ch in key if ch.isalpha()]
    if any(is_han(ch) for ch in letters):
        return True
    return len(letters) >= 2 and not _is_measure(label)


def _is_measure(label: str) -> bool:
    """"165 kPa", "22.5°C", "80%", "12.5 km" are readings, not labels."""
    text = normalise_text(label).casefold()
    for unit in ("kpa", "psi", "bar", "°c", "°f", "km/h", "km", "mph", "mi", "min", "%", "kwh", "h"):
        text = text.replace(unit, "")
    return not any(ch.isalpha() for ch in text)


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
