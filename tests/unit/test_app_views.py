"""The UI's HTML pieces and images, from state and turn results alone."""

from __future__ import annotations

import re

import pytest

from simulator.ui import views
from simulator.ui.text import LANGS, TEXTS, t
from vehicle_state.state import VehicleState


def _state(**values):
    return VehicleState(values).to_flat()


def test_every_text_has_both_languages():
    for key, pair in TEXTS.items():
        assert len(pair) == 2 and all(isinstance(x, str) and x for x in pair), key
    assert t("saved_failure", "en", fid="f-1") == "Saved failure case f-1."
    assert LANGS == ("zh", "en")


def test_instruments_show_the_state_and_highlight_low_tires():
    state = _state(**{"speed_kph": 87.4, "gear": "D", "tire_pressure_kpa.rear_right": 180.0,
                      "warnings": ["tire_pressure_low:rear_right", "engine_check"]})
    out = views.instrument_html(state, "en")
    assert 'data-testid="speed">87<' in out
    assert '<span class="on">D</span>' in out
    assert re.search(r'class="low" data-testid="tire-rear_right"', out)
    assert 'class="" data-testid="tire-front_left"' in out
    assert "Low tire pressure" in out and "Check engine" in out
    zh = views.instrument_html(_state(), "zh")
    assert "无告警" in zh and "车速" in zh


def test_tire_class_bounds():
    assert views.tire_class(192.9) == "low"
    assert views.tire_class(240) == ""
    assert views.tire_class(301) == "high"


def _events(*stages, t0=100.0):
    events = [{"type": "turn-start", "wall_time": t0}]
    clock = t0
    for name, ms, ok in stages:
        events.append({"type": f"{name}-start", "wall_time": clock})
        clock += ms / 1000
        events.append({"type": f"{name}-end", "wall_time": clock, "duration_ms": ms, "ok": ok})
    events.append({"type": "turn-end", "wall_time": clock})
    return events


def test_waterfall_uses_the_turns_own_events():
    result = {"turn_id": "t3", "events": _events(("asr", 400, True), ("command", 100, True), ("apply", 2, False))}
    bars = views.waterfall(result)
    assert [b["stage"] for b in bars] == ["asr", "command", "apply"]
    assert bars[1]["start_ms"] == pytest.approx(400, abs=0.01)
    assert bars[1]["duration_ms"] == 100
    assert bars[2]["ok"] is False
    out = views.waterfall_html(result, "en")
    assert out.count('class="row"') == 3 and 'class="fail"' in out
    assert "502 ms" in out  # total of the stages


def test_waterfall_without_events_falls_back_to_timings():
    bars = views.waterfall({"timings_ms": {"command": 3.0}})
    assert bars == [{"stage": "command", "start_ms": 0.0, "duration_ms": 3.0, "ok": True}]
    assert "No turn yet" in views.waterfall_html(None, "en")


def test_turn_html_escapes_and_shows_everything():
    result = {"transcript": "<script>x</script>", "commands": [{"intent": "screen.tap", "slots": {"label": "蓝牙"}}],
              "parse": {"backend": "rules", "fallback": None}, "changes": {"a": {"old": 1.0, "new": 2.5}},
              "screen": {"target": {"label": "蓝牙", "bbox": [1, 2, 3, 4]}},
              "error": {"code": "text-too-long", "message": "too long"}}
    out = views.turn_html(result, "en")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'screen.tap(label=&quot;蓝牙&quot;)' in out
    assert "2.5" in out and "text-too-long" in out and "[1, 2, 3, 4]" in out


def test_chat_messages_mark_voice():
    msgs = views.chat_messages({"transcript": "open", "reply": "ok"}, voice=True)
    assert msgs == [{"role": "user", "content": "◉ open"}, {"role": "assistant", "content": "ok"}]
    msgs = views.chat_messages({"transcript": None, "reply": ""}, voice=False, typed="hi")
    assert msgs[0]["content"] == "hi" and msgs[1]["content"] == "…"


def test_models_html_states():
    status = [{"role": "command", "name": "sft", "state": "loading", "elapsed_s": 12.0, "detail": "", "typical": "6–100 s"},
              {"role": "asr", "name": "faster-whisper", "state": "failed", "elapsed_s": 1, "detail": "no weights",
               "typical": ""}]
    out = views.models_html(status, "en", note="rules answers")
    assert 'data-state="loading"' in out and "12 s" in out and "usually takes 6–100 s" in out
    assert "no weights" in out and "rules answers" in out


def test_draw_target_marks_the_box(tmp_path):
    from PIL import Image

    path = tmp_path / "s.png"
    Image.new("RGB", (200, 100), (0, 0, 0)).save(path)
    img = views.draw_target(str(path), {"bbox": [50, 30, 100, 60], "center": [75, 45]})
    assert img.size == (200, 100)
    assert img.getpixel((48, 45)) != (0, 0, 0)  # the outline, drawn just outside the control
    assert img.getpixel((10, 10)) == (0, 0, 0)
    assert views.draw_target(str(path), None).getpixel((48, 45)) == (0, 0, 0)


def test_screen_html_shows_time_and_run_state():
    from PIL import Image

    out = views.screen_html(Image.new("RGB", (32, 18)), {"trip_time_s": 3725}, "en", True, 60)
    assert "01:02:05" in out and "×60" in out and out.count("data:image/png;base64,") == 1
    assert "paused" in views.screen_html(Image.new("RGB", (32, 18)), {}, "en", False, 1)


def test_failure_rows():
    class R:
        id, status, source, text, transcript = "f-1", "new", "ui-feedback", None, "hi"
        model_output = {"commands": [{"intent": "media.play", "slots": {}}]}
        corrected_commands = None
        created_at = 0.0

    rows = views.failure_rows([R()])
    assert rows[0][:6] == ["f-1", "new", "ui-feedback", "hi", "media.play()", ""]
    assert len(rows[0]) == len(views.FAILURE_COLUMNS)


def test_turn_html_lists_recovered_stage_errors():
    result = {"transcript": "hi", "commands": [], "events": [
        {"type": "error", "stage": "tts", "code": "tts-unavailable", "message": "no engine", "recovered": True},
        {"type": "error", "code": "text-empty", "message": "x"}]}
    out = views.turn_html(result, "en")
    assert "tts-unavailable" in out and "no engine" in out
    assert "text-empty" not in out  # a turn-ending error comes from result["error"], not the notes
