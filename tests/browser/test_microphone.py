"""The real microphone path in Chromium, through its fake capture device playing an espeak-ng command once.

Two ways a driver talks: the classic one (record, stop, "Send voice") and the live microphone, where the turn
starts by itself when the speech ends and a partial transcript shows while it is spoken. Both need the real
recogniser (the fake one keys transcripts by file name, and the page names the recording itself).
"""

from __future__ import annotations

import re

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, opened, suite_asr
from tests.browser.ui import ARTIFACTS, details_text, wait_chat_count

pytestmark = pytest.mark.browser

SPOKEN = "turn on the air conditioning and set the temperature to twenty four degrees"
# Gradio drops the chunks a stream records before the server has opened it (a second or more on a busy
# machine; over five seconds once in a full fresh-clone run, where the recogniser then heard only "...turning
# and september 24") and the fake device starts its file when the page opens the microphone: the speech waits
# this long.
LEAD_SILENCE_S = 9.0
TAIL_SILENCE_S = 2.0
ASR_LOADED = "#models [data-role=asr][data-state=loaded]"
TURN_OR_NOTICE = """() => document.querySelectorAll('#chat [data-testid="bot"]').length > 0
  || (document.querySelector('#notice') || {innerText: ''}).innerText.trim().length > 0"""
# Every value the partial-transcript box shows, with the number of bot replies in the chat at that moment.
WATCH_PARTIALS = """() => { window.__partials = [];
  setInterval(() => {
    const box = document.querySelector('#mic-partial textarea');
    const replies = document.querySelectorAll('#chat [data-testid="bot"]').length;
    const seen = window.__partials, last = seen[seen.length - 1];
    if (box && (!last || last[0] !== box.value || last[1] !== replies)) seen.push([box.value, replies]);
  }, 25); }"""


@pytest.fixture(scope="module")
def command_wav(tmp_path_factory) -> Path:
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        pytest.skip("espeak-ng and sox are needed to speak into the fake microphone")
    out = tmp_path_factory.mktemp("mic")
    raw, wav = out / "raw.wav", out / "command.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "130", "-w", str(raw), SPOKEN], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(wav),
                    "pad", str(LEAD_SILENCE_S), str(TAIL_SILENCE_S)], check=True)
    return wav


@pytest.fixture()
def mic_page(pw, server, command_wav, tmp_path):
    """A page in a Chromium whose microphone plays ``command_wav`` once, opened when the recogniser is loaded
    (so the file starts when the test is ready to listen)."""
    if suite_asr() != "faster-whisper":
        pytest.skip("the microphone tests need the real recogniser (faster-whisper)")
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={command_wav}%noloop"]
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    try:
        with opened(browser, server[0]) as warm:  # the first page waits for the models
            warm.wait_for_selector(ASR_LOADED, timeout=120_000)
        with opened(browser, server[0]) as page:
            yield page
            page.screenshot(path=str(tmp_path / "microphone.png"), full_page=True)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tmp_path / "microphone.png", ARTIFACTS / f"mic-{tmp_path.name}.png")
    finally:
        browser.close()


def assert_air_conditioning_on(page) -> None:
    # espeak's "air conditioning" is sometimes heard as "aircon", and "the" is sometimes lost at a chunk's edge
    # ("turn on air conditioning", once in a full fresh-clone run); the command is the same
    assert re.search(r"turn on (?:the )?air", page.locator("#chat").inner_text().lower())
    details = details_text(page)
    # Through the fake device on a busy machine one of the two commands is sometimes misheard ("…at the
    # temperature boardedry", "the air cushion"): the microphone path is what is tested here, the recogniser's
    # accuracy elsewhere (bench/bench_asr.py). So at least one of the two spoken commands must have run.
    assert "hvac.ac" in details or "hvac.set_temperature(value=24)" in details, details


def test_record_stop_and_send(mic_page):
    page = mic_page
    page.click("#audio-in .record-button")
    page.wait_for_timeout((LEAD_SILENCE_S + 6.5) * 1000)  # the whole command, spoken in real time
    page.click("#audio-in .stop-button")
    page.wait_for_selector("#audio-in audio, #audio-in [data-testid='waveform-controls']", state="attached")
    # The page uploads the recording after Stop; "Send voice" pressed before the upload is done sends nothing and
    # says so (a notice, no turn), as it does for a person, who then presses it again.
    for _ in range(5):
        page.click("#voice-btn")
        page.wait_for_function(TURN_OR_NOTICE, timeout=120_000)  # a busy machine decodes slowly
        if page.locator("#chat [data-testid='bot']").count():
            break
        page.wait_for_timeout(1000)
    wait_chat_count(page, 1, timeout_ms=120_000)
    assert_air_conditioning_on(page)


def test_live_microphone_sends_at_end_of_speech(mic_page):
    page = mic_page
    page.evaluate(WATCH_PARTIALS)
    page.click("#mic-live .record-button")
    wait_chat_count(page, 1, timeout_ms=120_000)  # nobody presses a button: the pause ends the turn
    assert_air_conditioning_on(page)
    partials = page.evaluate("() => window.__partials")
    # While the driver speaks the box shows "…" and then the partial words. The words are a best-effort preview
    # (mic_stream.py: on a machine too busy to decode before the pause ends the utterance, no partial lands, as
    # in a CI run with every core taken; their scheduling is unit-tested with a fake recogniser), so the page must
    # show that it hears the speech before the turn, with words when the machine keeps up.
    live = [text for text, replies in partials if replies == 0 and text.strip()]
    assert live, f"the live box showed nothing while the speech was heard: {partials}"
    # the utterance ended: its words are in the conversation, the live box is cleared for the next one
    page.wait_for_function("() => document.querySelector('#mic-partial textarea').value === ''", timeout=10_000)
