"""The Scenarios tab and a saved session with the default models, as `make run` starts the page: the sft
command model, faster-whisper and the OCR reader. The tab's verdicts must be the CLI's on the same files
(voice, an uploaded screenshot, a follow-up), and a session typed on sft must replay green on sft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, opened, served
from tests.browser.test_scenarios_tab import LIBRARY, cli, open_tab, pick, play_to_verdict, step_cells
from tests.browser.ui import snap, type_command, wait_chat_count

pytestmark = pytest.mark.browser

SCENARIOS = {  # id -> library file: a spoken turn, an uploaded screenshot, a follow-up
    "audio-en-sunroof-and-mute": "audio_en_commands.yaml",
    "screen-zh-upload-tap": "screen_zh_upload_tap.yaml",
    "followup-en-also-the-passenger": "followup_en_also_passenger.yaml",
}


@pytest.fixture(scope="module")
def default_server():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from multimodal import registry

    if not registry.backend_class("command", "sft").describe().available:
        pytest.skip("the sft command model cannot run here")
    with served(default_models=True) as found:
        yield found


@pytest.fixture(scope="module")
def cli_verdicts(default_server, tmp_path_factory):
    """The CLI's verdicts on the same files, with its defaults (one run, models loaded once)."""
    report = tmp_path_factory.mktemp("cli-default") / "report"
    files = sorted({str(LIBRARY / f) for f in SCENARIOS.values()})
    cli("scenario", "run", *files, "--report", str(report), "--no-record-failures", home=default_server[1])
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    return {s["id"]: ("pass" if s["ok"] else "fail") for s in results["scenarios"]}


@pytest.fixture()
def default_page(browser, default_server):
    with opened(browser, default_server[0], timeout_ms=30_000, load_timeout_ms=60_000) as page:
        yield page


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_tab_gives_the_clis_verdict_with_the_default_models(default_page, cli_verdicts, scenario_id):
    open_tab(default_page)
    pick(default_page, scenario_id)
    verdict = play_to_verdict(default_page, timeout_ms=300_000)  # the first run waits for the models to load
    snap(default_page, f"25-default-models-{scenario_id}")
    assert verdict == cli_verdicts[scenario_id]
    assert "⚠" not in default_page.locator("#sc-verdict").inner_text()  # played on sft, not the fallback
    assert all(s.startswith(("✓", "✗")) for s in step_cells(default_page, 3))


def test_a_session_typed_on_sft_replays_green_on_sft(default_page, default_server, tmp_path):
    # wait for the command model: turns answered by the rules fallback would replay on sft differently
    default_page.wait_for_selector("[data-testid='models'] [data-role='command'][data-state='loaded']",
                                   timeout=300_000)
    for i, text in enumerate(["把副驾温度调到二十六度", "然后打开主驾座椅加热", "open the sunroof halfway"], start=1):
        type_command(default_page, text)
        wait_chat_count(default_page, i, timeout_ms=60_000)
    default_page.click("#save-session")
    default_page.fill("#save-title textarea, #save-title input", "three turns on sft")
    default_page.click("#save-btn")
    default_page.wait_for_selector("#save-file a", timeout=30_000)
    assert "rules" not in default_page.locator("#save-notice").inner_text()
    with default_page.expect_download() as download:
        default_page.locator("#save-file a").first.click()
    saved = tmp_path / "saved.yaml"
    Path(download.value.path()).replace(saved)
    r = cli("scenario", "run", str(saved), "--no-record-failures", home=default_server[1])
    assert r.returncode == 0, saved.read_text(encoding="utf-8") + r.stdout + r.stderr
