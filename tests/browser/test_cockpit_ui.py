"""The cockpit page in a real browser: type, speak, tap a screenshot, accept a suggestion, flag a turn."""

from __future__ import annotations

import re

import pytest

from tests.browser.ui import (
    choose, details_text, skip_a_minute, last_bot_text, screen_src, snap, type_command, wait_chat_count,
)

pytestmark = pytest.mark.browser

# The newest bot reply contains ``arg`` (case-insensitive).
LAST_REPLY_MATCHES = """word => { const bots = [...document.querySelectorAll('#chat [data-testid="bot"]')];
  return bots.length > 0 && bots[bots.length - 1].innerText.toLowerCase().includes(word.toLowerCase()); }"""


def test_typed_command_changes_screen_and_instruments(page):
    snap(page, "01-start")
    before = screen_src(page)
    type_command(page, "把主驾温度调到24度")
    wait_chat_count(page, 1)
    assert "24" in last_bot_text(page)
    details = details_text(page)
    assert "hvac.set_temperature" in details and "rules" in details
    # The waterfall has one bar per stage the turn ran, from the turn's own events.
    stages = page.locator("#waterfall .row").evaluate_all("rows => rows.map(r => r.dataset.stage)")
    assert "command" in stages and "apply" in stages
    page.wait_for_function("old => document.querySelector('#screen img').src !== old", arg=before)
    snap(page, "02-typed-command")

    # Drive the world: city traffic at 60x moves the speedometer; a leaking tire turns red with a warning.
    choose(page, "time-factor", "60×")
    choose(page, "profile", "城市")
    choose(page, "inject-event", "tire_leak:front_left")
    page.click("#inject-btn")
    for _ in range(30):  # ~17 simulated minutes of leaking: one "skip 60 s" click at a time
        skip_a_minute(page)
        if page.locator("[data-testid='tire-front_left'].low").count():
            break
    page.wait_for_selector("[data-testid='tire-front_left'].low", timeout=10_000)
    assert "胎压" in page.locator("[data-testid='warnings']").inner_text()
    page.wait_for_function(
        "() => parseFloat(document.querySelector('[data-testid=\"speed\"]').innerText) > 0", timeout=15_000)
    snap(page, "03-driving-tire-leak")


def test_voice_upload_shows_transcript(page, media_dir):
    wav = media_dir / "open_window.wav"
    if not wav.exists():
        pytest.skip("espeak-ng is not installed")
    page.click("#audio-in button[aria-label='Upload file']")
    page.locator("#audio-in input[type=file]").set_input_files(str(wav))
    page.wait_for_selector("#audio-in audio, #audio-in [data-testid='waveform-controls']", state="attached")
    page.click("#voice-btn")
    wait_chat_count(page, 1, timeout_ms=90_000)  # a real recogniser may still be loading
    assert "open the window" in page.locator("#chat").inner_text().lower()
    assert "window" in details_text(page)
    snap(page, "04-voice-turn")


def test_screenshot_upload_and_tap_by_voice(page, media_dir):
    page.locator("#shot-file input[type=file]").set_input_files(str(media_dir / "not_an_image.png"))
    page.wait_for_selector("#shot-notice [data-testid='notice']")
    assert "截图无法使用" in page.locator("#shot-notice").inner_text()
    snap(page, "05-bad-screenshot")

    page.locator("#shot-file input[type=file]").set_input_files(str(media_dir / "screen_zh.png"))
    page.wait_for_selector("#shot-notice .notice.ok")
    assert not page.locator("#use-sim input").is_checked()  # an upload replaces the simulated screen
    type_command(page, "点一下蓝牙音乐")
    wait_chat_count(page, 1, timeout_ms=60_000)  # the first OCR call loads RapidOCR
    details = details_text(page)
    assert "screen.tap" in details and "蓝牙音乐" in details, details
    assert page.locator("#shot-view img").count() == 1
    page.locator("#shot-view").scroll_into_view_if_needed()
    snap(page, "06-screenshot-tap")


def test_accept_a_proactive_suggestion(page):
    choose(page, "preset", "寒冷早晨 −5°C")
    page.click("#reset-btn")
    skip_a_minute(page)  # the proactive rules run every 5 simulated seconds
    page.wait_for_selector("[data-testid='suggestion']", timeout=15_000)
    assert "座椅加热" in page.locator("[data-testid='suggestion']").inner_text()
    snap(page, "07-suggestion")
    page.click("#accept-btn")
    wait_chat_count(page, 1)
    assert "seat.heat" in details_text(page)
    page.wait_for_selector("[data-testid='suggestion']", state="detached", timeout=10_000)
    snap(page, "08-suggestion-accepted")


def test_flag_a_turn_and_review_it(page, server):
    from simulator.failures.store import FailureStore

    type_command(page, "给我讲个笑话")
    wait_chat_count(page, 1)
    page.locator("#chat button[aria-label='Dislike']").last.click()  # 👎 opens the correction editor
    page.wait_for_function("() => document.querySelector('#correction .cm-content')?.innerText.includes('unsupported')")
    editor = page.locator("#correction .cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type('[{"intent": "media.play", "slots": {"nope": 1}}]')
    page.click("#save-failure")
    page.wait_for_selector("#feedback-notice .notice")
    assert "correction-invalid" in page.locator("#feedback-notice").inner_text()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type('[{"intent": "media.play", "slots": {}}]')
    page.click("#save-failure")
    page.wait_for_selector("#feedback-notice .notice.ok")
    snap(page, "09-flagged")
    records = FailureStore(server[1] / "failures").list()  # the app's COCKPIT_SIM_HOME
    assert any(r.corrected_commands == [{"intent": "media.play", "slots": {}}] for r in records)

    page.get_by_role("tab", name="失败案例").click()
    page.wait_for_function("() => document.querySelector('#failures-table').innerText.includes('给我讲个笑话')",
                           timeout=10_000)
    page.locator("#failures-table").get_by_text("给我讲个笑话", exact=True).last.click()
    page.wait_for_function("() => document.querySelector('#failure-id textarea, #failure-id input').value.startsWith('f-')")
    page.click("#review-accept")
    page.wait_for_selector("#review-notice .notice.ok")
    snap(page, "10-failures-tab")


def test_bad_text_inputs_and_language_toggle(page):
    page.click("#send-btn")
    page.wait_for_selector("#notice .notice")
    assert "指令" in page.locator("#notice").inner_text()
    type_command(page, "开" * 5000)
    wait_chat_count(page, 1)
    assert "text-too-long" in details_text(page)
    # Replies come in the language typed, whatever the UI's language.
    type_command(page, "turn on the seat heating")
    page.wait_for_function(LAST_REPLY_MATCHES, arg="seat")
    assert not re.search("[\u4e00-\u9fff]", last_bot_text(page)), last_bot_text(page)
    page.get_by_label("English").check()
    page.wait_for_function("() => document.querySelector('#send-btn').innerText.trim() === 'Send'")
    type_command(page, "turn on the seat heating")
    page.wait_for_function("() => /seat/i.test([...document.querySelectorAll('#chat [data-testid=\"bot\"]')].pop().innerText)")
    assert "seat.heat" in details_text(page)
    snap(page, "11-english")
    type_command(page, "关闭座椅加热")
    page.wait_for_function(LAST_REPLY_MATCHES, arg="座椅")
    assert re.search("[\u4e00-\u9fff]", last_bot_text(page)), last_bot_text(page)
