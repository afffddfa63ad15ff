"""The default screen reader: RapidOCR text lines -> split at gaps -> button regions -> controls.

Registry name ``ocr``. RapidOCR's ONNX models ship inside the ``rapidocr-onnxruntime`` wheel,
so this runs offline. The engine is created once per process and shared behind a lock.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from multimodal.once import Once
from multimodal.screen.image_input import DEFAULT_MAX_SIDE_PX, LoadedImage, load_image
from multimodal.protocols import BackendInfo, BackendUnavailable, Box, Control, ImageInput, ScreenWarning, TextBox
from multimodal.screen.info import NotedScreenInfo
from multimodal.screen.match import line_context, normalise_text
from multimodal.screen import warnings as screen_warnings

INSTALL_HINT = "pip install rapidocr-onnxruntime opencv-python numpy"
# RapidOCR itself caps the longer side at 2000 px; detection time grows with area.
OCR_MAX_SIDE_PX = 1600
MIN_SCORE = 0.5

def _make_engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as err:
        raise BackendUnavailable(f"the ocr screen reader needs RapidOCR: {INSTALL_HINT}") from err
    try:
        return RapidOCR()
    except (OSError, RuntimeError, ValueError) as err:  # its ONNX models missing or unreadable
        raise BackendUnavailable(f"RapidOCR cannot load its models ({type(err).__name__}: {err}); "
                                 f"{INSTALL_HINT}") from err


_engine = Once(_make_engine)  # one OCR engine per process
_engine_lock = threading.Lock()  # one read at a time through the shared engine


class OcrScreenReader:
    """Reads any screenshot (our renderer's or anyone else's) into texts, controls and warnings."""

    name = "ocr"

    def __init__(self, max_side_px: int = OCR_MAX_SIDE_PX, min_score: float = MIN_SCORE,
                 refine_buttons: bool = True):
        if not 320 <= int(max_side_px) <= DEFAULT_MAX_SIDE_PX * 2:
            raise ValueError(f"max_side_px must be within 320..{DEFAULT_MAX_SIDE_PX * 2}, got {max_side_px}")
        self.max_side_px = int(max_side_px)
        self.min_score = float(min_score)
        self.refine_buttons = bool(refine_buttons)

    @classmethod
    def describe(cls) -> BackendInfo:
        import importlib.util

        missing = [m for m in ("rapidocr_onnxruntime", "cv2", "numpy") if importlib.util.find_spec(m) is None]
        if missing:
            return BackendInfo("ocr", "screen", ("zh", "en"), False,
                               f"missing {', '.join(missing)}: {INSTALL_HINT}")
        return BackendInfo("ocr", "screen", ("zh", "en"), True,
                           "RapidOCR PP-OCRv4 (models inside the rapidocr-onnxruntime wheel) + button grouping")

    def info(self) -> BackendInfo:
        return self.describe()

    def warm_up(self) -> None:
        _engine.get()

    def read(self, image: ImageInput) -> NotedScreenInfo:
        started = time.perf_counter()
        loaded = load_image(image, self.max_side_px)
        timings = {"load": (time.perf_counter() - started) * 1000}
        import numpy as np

        engine = _engine.get()
        rgb = np.asarray(loaded.image)
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        t0 = time.perf_counter()
        with _engine_lock:
            result, _elapsed = engine(bgr)
        timings["ocr"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        lines = self._lines(result or [], loaded)
        pieces = self._pieces(lines, rgb, bgr, engine)
        from multimodal.screen.group import group_controls

        controls = group_controls(pieces, (loaded.width, loaded.height))
        texts = [TextBox(p.text, p.box, p.score) for p in pieces]
        warnings = _spot_warnings(controls, texts)
        timings["group"] = (time.perf_counter() - t0) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        notes: list[str] = []
        if loaded.scale < 1:
            notes.append(f"downscaled from {loaded.original_width}x{loaded.original_height} to "
                         f"{loaded.width}x{loaded.height} for reading; boxes are in the original pixels")
        if not texts:
            notes.append("no text was found on the image, so there are no controls to press")
        to_orig = loaded.to_original
        return NotedScreenInfo(
            width=loaded.original_width, height=loaded.original_height,
            texts=tuple(TextBox(t.text, to_orig(t.box), t.score) for t in texts),
            controls=tuple(Control(c.label, to_orig(c.box), c.id, c.state) for c in controls),
            warnings=tuple(ScreenWarning(w.text, to_orig(w.box), w.warning_id) for w in warnings),
            timings=timings, notes=tuple(notes))

    # ------------------------------------------------------------------ steps
    def _lines(self, result: list, loaded: LoadedImage) -> list[tuple[str, Box, float]]:
        lines = []
        for quad, text, score in result:
            text = normalise_text(str(text))
            if not text or float(score) < self.min_score:
                continue
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            box = (max(0, int(min(xs))), max(0, int(min(ys))),
                   min(loaded.width, int(round(max(xs)))), min(loaded.height, int(round(max(ys)))))
            if box[2] - box[0] >= 2 and box[3] - box[1] >= 2:
                lines.append((text, box, float(score)))
        return lines

    def _pieces(self, lines, rgb, bgr, engine) -> list:
        from multimodal.screen.group import Piece
        from multimodal.screen.regions import button_box, line_segments
        import cv2

        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        pieces = []
        for text, box, score in lines:
            spans = _confirmed_spans(line_segments(gray, box), box, rgb) if self.refine_buttons else []
            if len(spans) > 1:
                # Two buttons side by side can come back as one detected line; read each part.
                for x0, x1 in spans:
                    sub = (x0, box[1], x1, box[3])
                    sub_text, sub_score = self._recognise(engine, bgr, sub)
                    if sub_text and sub_score >= self.min_score:
                        pieces.append(Piece(sub_text, sub, sub_score))
            else:
                pieces.append(Piece(text, box, score))
        if self.refine_buttons:
            pieces = [Piece(p.text, p.box, p.score, button_box(rgb, p.box)) for p in pieces]
        return pieces

    @staticmethod
    def _recognise(engine, bgr, box: Box) -> tuple[str, float]:
        import numpy as np

        x0, y0, x1, y1 = box
        crop = np.ascontiguousarray(bgr[y0:y1, x0:x1])
        if crop.size == 0:
            return "", 0.0
        with _engine_lock:
            result, _ = engine(crop, use_det=False, use_cls=False, use_rec=True)
        if not result:
            return "", 0.0
        text, score = result[0][0], float(result[0][1])
        return normalise_text(str(text)), score


def _confirmed_spans(spans: list, box: Box, rgb) -> list[tuple[int, int]]:
    """Keep a split at a narrow gap only when the two sides sit on different buttons; a narrow
    gap beside a vertical stroke ("T", "打") is not a border, so those parts join again."""
    from multimodal.screen.group import iou
    from multimodal.screen.regions import button_box

    out: list[list[int]] = []
    for span in spans:
        if out and not span.wide_gap_before:
            left = (out[-1][0], box[1], out[-1][1], box[3])
            right = (span.x0, box[1], span.x1, box[3])
            bl, br = button_box(rgb, left), button_box(rgb, right)
            separate = (bl or br) and not (bl and br and iou(bl, br) >= 0.8) and \
                not (bl and _center_in(right, bl)) and not (br and _center_in(left, br))
            if not separate:
                out[-1][1] = span.x1
                continue
        out.append([span.x0, span.x1])
    return [(a, b) for a, b in out]


def _center_in(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _spot_warnings(controls: list[Control], texts: list[TextBox]) -> list[ScreenWarning]:
    found: list[ScreenWarning] = []
    for c in controls:
        is_warning, wid = screen_warnings.classify(c.label)
        if not is_warning:
            continue
        if wid and wid.startswith("tire_pressure"):
            # The wheel and the pressure may be separate pieces beside the warning words.
            wid = screen_warnings.classify(line_context(texts, c.box, c.label))[1] or wid
        found.append(ScreenWarning(c.label, c.box, wid))
    return found
