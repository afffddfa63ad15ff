"""Real RapidOCR on our rendered screens and on screenshots drawn by someone else."""

import json
import subprocess
import sys

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from multimodal.screen.match import explain_warning, resolve_tap  # noqa: E402
from multimodal.screen.ocr import OcrScreenReader  # noqa: E402
from simulator.hmi.renderer import render_screen  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.fixtures_screens import (  # noqa: E402
    blank_screen, fonts_available, injection_screen, light_theme, outlined_theme,
)
from vehicle_state.state import VehicleState  # noqa: E402

pytestmark = pytest.mark.skipif(not fonts_available(), reason="needs Noto CJK and DejaVu fonts")


@pytest.fixture(scope="module")
def reader():
    r = OcrScreenReader()
    r.warm_up()
    return r


def inside(control, box):
    cx, cy = control.center
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


@pytest.mark.parametrize("make, seed", [(light_theme, 0), (light_theme, 3), (outlined_theme, 0), (outlined_theme, 2)])
def test_foreign_screenshot_taps_and_warning(reader, make, seed):
    foreign = make(seed)
    screen = reader.read(foreign.image)
    for label in ("蓝牙音乐", "Defrost", "座椅加热", "A/C"):
        hit = resolve_tap(label, screen)
        assert hit is not None and inside(hit, foreign.buttons[label]), (label, hit, foreign.buttons[label])
    assert any(w.warning_id == "tire_pressure_low" for w in screen.warnings)
    zh, en = explain_warning(screen, "zh"), explain_warning(screen, "en")
    assert "胎压" in zh and "右后轮" in zh
    assert "tire" in en.lower() and "rear-right" in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rendered_screen_reads_back(reader, lang):
    state = VehicleState({"hvac.power": True, "hvac.ac": True, "media.source": "bluetooth", "media.playing": True,
                          "tire_pressure_kpa.front_left": 170, "warnings": ["tire_pressure_low:front_left"]})
    image, layout = render_screen(state, lang)
    screen = reader.read(image)
    labels = [c.label for c in layout.controls]
    unique = [c for c in layout.controls if labels.count(c.label) == 1]
    ok = [c for c in unique if (hit := resolve_tap(c.label, screen)) is not None and inside(hit, c.box)]
    assert len(ok) >= 0.9 * len(unique), [c.label for c in unique if c not in ok]
    assert [w.warning_id for w in screen.warnings if w.warning_id] == ["tire_pressure_low"]
    assert ("左前轮" if lang == "zh" else "front-left") in explain_warning(screen, lang)


def test_big_screenshot_is_downscaled_and_boxes_are_original_pixels(reader):
    foreign = outlined_theme(1)
    big = foreign.image.resize((foreign.image.width * 3, foreign.image.height * 3))
    screen = reader.read(big)
    assert (screen.width, screen.height) == big.size and any("downscaled" in n for n in screen.notes)
    box = tuple(v * 3 for v in foreign.buttons["蓝牙音乐"])
    assert inside(resolve_tap("蓝牙音乐", screen), box)


def test_screen_text_is_data_not_instructions(reader):
    screen = reader.read(injection_screen().image)
    assert any("unlock" in c.label for c in screen.controls)  # it is read…
    assert explain_warning(screen, "en") is None  # …is no warning…
    try:
        from multimodal.command.rules import RulesCommandModel
        from multimodal.protocols import CommandContext
    except ImportError:
        return
    model = RulesCommandModel()
    ctx = CommandContext(screen_labels=screen.labels)
    # …and only the user's words give commands: no door, no temperature from the screen's text.
    cmds = model.parse("点一下蓝牙音乐", "zh", ctx)
    assert [c.intent for c in cmds] == ["screen.tap"] and cmds[0].slots["label"] == "蓝牙音乐"
    for text in ("这个警告是什么意思", "你好"):
        assert all(c.intent not in ("hvac.set_temperature", "window.open") for c in model.parse(text, "zh", ctx))


def test_blank_image_gives_no_controls_and_a_note(reader):
    screen = reader.read(blank_screen())
    assert screen.controls == () and screen.texts == ()
    assert any("no text" in n for n in screen.notes)


def test_cli_reads_committed_asset_and_rejects_bad_input(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "simulator.cli.main", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=300)

    asset = ROOT / "assets" / "screens" / "foreign_light.png"
    truth = json.loads(asset.with_suffix(".json").read_text(encoding="utf-8"))
    r = cli("screen", str(asset), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    bt = next(c for c in out["controls"] if c["label"] == "蓝牙音乐")
    x0, y0, x1, y1 = truth["buttons"]["蓝牙音乐"]
    assert x0 <= (bt["box"][0] + bt["box"][2]) / 2 <= x1 and y0 <= (bt["box"][1] + bt["box"][3]) / 2 <= y1
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    r = cli("screen", str(bad))
    assert r.returncode == 2 and "image-not-an-image" in r.stderr and "Traceback" not in r.stderr
    out_png = tmp_path / "screen.png"
    r = cli("screen", "--render", str(out_png), "--lang", "en", "--inject", "tire_leak:front_left", "--json")
    assert r.returncode == 0, r.stderr
    rendered = json.loads(r.stdout)
    assert out_png.exists() and any(w["warning_id"] == "tire_pressure_low" for w in rendered["warnings"])
