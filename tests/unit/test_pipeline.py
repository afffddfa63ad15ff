"""The turn pipeline with fake backends: events, errors, dialogue follow-ups, suggestions."""

import pytest

from multimodal.fakes import FakeCommandModel, FakeSpeaker, FakeTranscriber
from multimodal.protocols import Control, ScreenInfo, ScreenWarning
from scenarios.metrics import turn_metrics
from simulator.pipeline import Backends
from simulator.session import CockpitSession, SessionConfig

TABLE = {
    "副驾温度调到25度": [{"intent": "hvac.set_temperature", "slots": {"zone": "passenger", "value": 25}}],
    "再高一点": [{"intent": "hvac.adjust_temperature", "slots": {"direction": "up"}}],
    "打开座椅加热": [{"intent": "seat.heat", "slots": {"on": True}}],
    "turn on seat heating": [{"intent": "seat.heat", "slots": {"on": True}}],
    "好的": [{"intent": "dialog.confirm", "slots": {}}],
    "不用了": [{"intent": "dialog.reject", "slots": {}}],
    "挂倒挡": [{"intent": "unsupported", "slots": {"reason": "unsafe"}}],
    "点一下蓝牙音乐": [{"intent": "screen.tap", "slots": {"label": "蓝牙音乐"}}],
    "这个警告是什么意思": [{"intent": "query.warning", "slots": {}}],
}


def session(**config):
    backends = Backends(command=FakeCommandModel(TABLE), tts=FakeSpeaker(), asr=FakeTranscriber(),
                        screen=None)
    return CockpitSession(SessionConfig(**config), backends)


def test_turn_events_are_paired_and_timed():
    s = session()
    r = s.say("副驾温度调到25度", speak=True)
    types = [e.type for e in r.events]
    assert types[0] == "turn-start" and types[-1] == "turn-end"
    for stage in ("command", "apply", "tts"):
        assert f"{stage}-start" in types and f"{stage}-end" in types
        assert r.timings_ms[stage] >= 0
    assert r.changes["hvac.set_temp_c.passenger"] == (22.0, 25.0)
    assert r.lang == "zh" and "副驾" in r.reply
    tts_end = next(e for e in r.events if e.type == "tts-end")
    assert tts_end.data["audio_duration_s"] > 0  # the fake speaker's beep was synthesized...
    assert r.audio_reply_path is None  # ...and kept in memory: it writes no file


def test_audio_turn_runs_asr(tmp_path):
    wav = tmp_path / "a.wav"
    wav.write_bytes(b"RIFF")
    (tmp_path / "a.wav.txt").write_text("turn on seat heating")
    r = session().listen(str(wav))
    assert r.transcript == "turn on seat heating" and r.lang == "en" and "asr" in r.timings_ms
    assert r.reply.startswith("Driver seat heating on")


def test_stage_error_still_ends_the_turn(tmp_path):
    s = session()
    r = s.listen(b"")
    assert r.error.code == "audio-empty"
    assert [e.type for e in r.events][-1] == "turn-end"
    assert r.reply and s.state()["hvac.power"] is False


@pytest.mark.parametrize("text, code", [("", "text-empty"), ("x" * 5000, "text-too-long"), ("   ", "text-empty")])
def test_bad_text(text, code):
    s = session()
    before = s.state()
    r = s.say(text)
    assert r.error.code == code and s.state() == before


def test_followups_keep_zone_and_repeat_for_another_zone():
    s = session()
    s.say("副驾温度调到25度")
    r = s.say("再高一点")
    assert s.state()["hvac.set_temp_c.passenger"] == 26.0 and s.state()["hvac.set_temp_c.driver"] == 22.0
    s.say("打开座椅加热")
    r = s.say("副驾也要")
    assert s.state()["seat.heat_level.passenger"] == 2 and r.parse.backend == "dialogue"
    s.say("turn on seat heating")
    s.say("also the rear left")
    assert s.state()["seat.heat_level.rear_left"] == 2


def test_followup_window_expires():
    s = session()
    s.say("副驾温度调到25度")
    s.advance(120)
    s.say("再高一点")
    assert s.state()["hvac.set_temp_c.driver"] == 23.0


def test_speaker_zone():
    s = session(speaker_zone="rear_right")
    s.say("打开座椅加热")
    assert s.state()["seat.heat_level.rear_right"] == 2


def test_unsafe_is_refused():
    s = session()
    before = s.state()
    r = s.say("挂倒挡")
    assert r.outcomes[0].status == "refused" and s.state() == before


def test_suggestion_accept_by_voice_and_decline_by_click():
    s = session(overrides={"outside_temp_c": -8})
    s.advance(10)
    assert s.pending_suggestion.rule == "cold_start"
    assert any(e.type == "suggestion" for e in s.log.events)
    r = s.say("好的")
    assert r.suggestion.to_dict() == {"suggestion_id": "s1", "rule": "cold_start", "accepted": True}
    assert s.state()["seat.heat_level.driver"] == 2 and s.state()["hvac.set_temp_c.driver"] == 24
    s2 = session(overrides={"nav.congestion": True})
    s2.advance(10)
    r = s2.respond(False)
    assert r.suggestion.accepted is False and s2.pending_suggestion is None
    s2.advance(300)
    assert s2.pending_suggestion is None  # declined: not repeated within the cooldown


def test_confirm_with_nothing_pending():
    r = session().say("好的")
    assert r.outcomes[0].reason == "nothing_pending"


SCREEN = ScreenInfo(800, 480, controls=(Control("蓝牙音乐", (10, 10, 110, 50)), Control("Defrost", (200, 10, 300, 50))),
                    warnings=(ScreenWarning("胎压异常 右后轮", (0, 400, 300, 440), "tire_pressure_low"),))


def test_screen_tap_on_uploaded_screenshot_reports_box(monkeypatch):
    s = session()
    from multimodal.fakes import FakeScreenReader
    s.backends.screen = FakeScreenReader(SCREEN)
    r = s.say("点一下蓝牙音乐", screen=b"png")
    assert r.screen.target.box == (10, 10, 110, 50)
    r = s.say("这个警告是什么意思", screen=b"png")
    assert "胎压" in r.reply


def test_metrics_from_turn_ends():
    s = session()
    s.say("副驾温度调到25度")
    s.say("挂倒挡")
    s.say("挂倒挡")
    ends = [e.to_dict() for e in s.log.of_type("turn-end")]
    m = turn_metrics(ends)
    assert m.turns == 3 and m.repeats == 1 and m.one_shot_success == 1


@pytest.mark.parametrize("first, follow, signal, expected", [
    ("副驾温度调到25度", "再高一点", "hvac.set_temp_c.passenger", 26.0),
    ("副驾温度调到25度", "再低点", "hvac.set_temp_c.passenger", 24.0),
    ("副驾温度调到25度", "a little warmer", "hvac.set_temp_c.passenger", 26.0),
    ("音量调到30", "再大一点", "media.volume_pct", 40),
    ("音量调到30", "a bit quieter", "media.volume_pct", 20),
])
def test_bare_relative_followups_adjust_what_was_just_set(first, follow, signal, expected):
    table = dict(TABLE, **{"音量调到30": [{"intent": "media.set_volume", "slots": {"value": 30}}]})
    s = CockpitSession(SessionConfig(), Backends(command=FakeCommandModel(table)))
    s.say(first)
    r = s.say(follow)
    assert r.parse.backend == "dialogue" and s.state()[signal] == expected


def test_relative_followup_needs_a_recent_adjustable_command():
    s = session()
    r = s.say("再高一点")  # nothing said before: the command model answers
    assert r.parse.backend == "fake"


class _MustNotParse:
    """A command model a clicked answer must not ask."""

    def parse(self, text, lang=None, context=None):
        raise AssertionError(f"the command model was asked to parse {text!r}")


def test_click_answers_with_its_own_command_and_keeps_the_model():
    s = session(overrides={"outside_temp_c": -8})
    s.advance(10)
    refusing = _MustNotParse()
    s.backends.command = refusing
    r = s.respond(True)
    assert r.error is None and r.parse.backend == "click" and r.transcript == "好的"
    assert [c.intent for c in r.commands] == ["dialog.confirm"] and r.suggestion.accepted is True
    assert s.backends.command is refusing


def test_turn_reports_state_before_and_after():
    s = session()
    r = s.say("副驾温度调到25度")
    assert r.state_before["hvac.set_temp_c.passenger"] == 22.0 and r.state_after["hvac.set_temp_c.passenger"] == 25.0
    assert r.state_after == s.state()
    assert "state_before" not in r.to_dict()  # the JSON record keeps its shape


def test_the_parse_is_told_the_previous_turn_only_inside_the_dialogue_window():
    s = session()
    s.say("打开座椅加热")
    r = s.say("这个警告是什么意思")
    assert r.dialogue["previous_commands"] == [{"intent": "seat.heat", "slots": {"on": True}}]
    assert r.to_dict()["dialogue"] == r.dialogue  # what a failure record stores
    s.advance(120)
    assert s.say("这个警告是什么意思").dialogue == {}
