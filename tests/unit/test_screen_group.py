"""Grouping and button regions on synthetic images and boxes (no OCR engine)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from multimodal.screen.group import Piece, group_controls
from multimodal.screen.regions import button_box, line_segments
from multimodal.screen.vl_parse import guess_coords, parse_layout, to_pixels

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_pieces_on_one_button_become_one_control_with_a_state():
    btn = (100, 100, 240, 180)
    pieces = [Piece("座椅加热", (120, 110, 220, 140), button=btn), Piece("2档", (150, 145, 190, 170), button=btn),
              Piece("Media", (300, 100, 380, 130)), Piece("22.5°C", (300, 200, 380, 230))]
    controls = group_controls(pieces, (1280, 720))
    assert [c.label for c in controls] == ["座椅加热", "Media"]  # the bare reading is not a control
    assert controls[0].box == btn and controls[0].state == "2"


def test_a_card_title_does_not_join_the_content_under_it():
    pieces = [Piece("导航", (20, 100, 70, 125)), Piece("目的地: 天安门", (20, 128, 220, 160))]
    assert len(group_controls(pieces, (640, 360))) == 2


def test_words_a_space_apart_join_and_far_apart_stay_separate():
    pieces = [Piece("Front", (20, 100, 80, 125)), Piece("defrost", (88, 100, 170, 125)),
              Piece("Radio", (400, 100, 470, 125))]
    assert [c.label for c in group_controls(pieces, (640, 360))] == ["Front defrost", "Radio"]


def _two_buttons(gap_px, theme):
    bg, fill, fg = theme
    img = Image.new("RGB", (400, 120), bg)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 24)
    boxes = [(20, 30, 150, 90), (150 + gap_px, 30, 280 + gap_px, 90)]
    for box, text in zip(boxes, ("Defrost", "Radio")):
        d.rounded_rectangle(box, radius=12, fill=fill)
        d.text(((box[0] + box[2]) / 2, 60), text, font=font, fill=fg, anchor="mm")
    return np.asarray(img), boxes


@pytest.mark.parametrize("theme", [((245, 245, 245), (255, 255, 255), (0, 0, 0)),
                                   ((10, 12, 18), (40, 47, 61), (230, 230, 230))])
def test_button_region_found_around_text(theme):
    rgb, boxes = _two_buttons(8, theme)
    found = button_box(rgb, (45, 45, 125, 75))
    assert found is not None
    assert all(abs(a - b) <= 2 for a, b in zip(found, boxes[0]))


def test_no_button_on_open_background():
    img = Image.new("RGB", (400, 120), (250, 250, 250))
    ImageDraw.Draw(img).text((40, 40), "Hello", font=ImageFont.truetype(FONT, 24), fill=(0, 0, 0))
    assert button_box(np.asarray(img), (35, 38, 120, 72)) is None


def test_line_spanning_two_buttons_splits_at_the_border():
    rgb, boxes = _two_buttons(8, ((245, 245, 245), (200, 220, 255), (0, 0, 0)))
    gray = np.asarray(Image.fromarray(rgb).convert("L"))
    spans = line_segments(gray, (30, 45, 270, 75))
    assert len(spans) == 2 and spans[0].x1 <= boxes[0][2] + 2 and spans[1].x0 >= boxes[1][0] - 2


def test_vl_parse_variants_and_coordinates():
    p = parse_layout('noise ```json\n{"buttons": [{"text": "A/C", "bbox": [1, 2, 30, 20],},]}\n```')
    assert p.controls == [("A/C", (1.0, 2.0, 30.0, 20.0))]
    assert parse_layout("[]").notes and parse_layout("").notes
    assert parse_layout('{"controls": [{"label": "x", "box": [5, 5, 5, 9]}]}').controls == []
    assert to_pixels((0, 0, 500, 500), "norm1000", 0, 0, 1280, 720) == (0, 0, 640, 360)
    assert to_pixels((0, 0, 280, 140), "pixels", 560, 280, 1120, 560) == (0, 0, 560, 280)
    assert guess_coords([(0.1, 0.1, 0.5, 0.5)], "qwen2_5_vl", 560, 280) == "norm1"
    assert guess_coords([(10, 10, 900, 600)], "qwen2_5_vl", 560, 280) == "norm1000"
