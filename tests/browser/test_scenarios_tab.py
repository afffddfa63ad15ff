"""Acceptance in the browser: play a scenario in the Scenarios tab and get the CLI's verdict, inspect a failed
step and file it, sign it off (and find the sign-off again after a server restart), download the report, and
save a cockpit session as a scenario that the CLI replays green."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, opened, start_server, stop_server
from tests.browser.ui import snap, type_command, wait_chat_count
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

LIBRARY = ROOT / "scenarios" / "library"
FAILING = textwrap.dedent("""\
    id: browser-wrong-temperature
    title: A temperature check that is wrong on purpose
    lang: zh
    steps:
      - say: 把主驾温度调到24度
        expect:
          signals: {hvac.set_temp_c.driver: 26}
      - after: 30s
        say: 打开座椅加热
        expect:
          commands: [{seat.heat: {on: true}}]
    """)


def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, COCKPIT_SIM_HOME=str(home), GRADIO_ANALYTICS_ENABLED="False")
    return subprocess.run([sys.executable, "-m", "simulator.cli.main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def cli_verdict(path: Path, scenario_id: str, home: Path, tmp: Path) -> bool:
    report = tmp / f"report-{scenario_id}"
    r = cli("scenario", "run", str(path), "-k", scenario_id, "--backend", "rules", "--report", str(report),
            "--no-record-failures", home=home)
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    [found] = [s for s in results["scenarios"] if s["id"] == scenario_id]
    assert (r.returncode == 0) == found["ok"], r.stdout + r.stderr
    return found["ok"]


def step_cells(page, column: int) -> list[str]:
    """One column of the steps table as shown (Gradio draws the rows as a virtual list of div rows)."""
    return page.locator("#sc-steps .virtual-row").evaluate_all(
        f"rows => rows.map(r => r.children[{column}].innerText.trim())")


def open_tab(page) -> None:
    page.get_by_role("tab", name="场景验收").click()
    page.wait_for_selector("#sc-pick input")


def pick(page, scenario_id: str) -> None:
    page.click("#sc-pick input")
    page.fill("#sc-pick input", scenario_id)
    page.locator("#sc-pick [role='option']").filter(has_text=scenario_id).first.click()


def play_to_verdict(page, timeout_ms: int = 120_000) -> str:
    page.click("#sc-play")
    page.wait_for_selector("#sc-verdict [data-verdict='pass'], #sc-verdict [data-verdict='fail'], "
                           "#sc-verdict [data-verdict='error']", timeout=timeout_ms)
    return page.locator("#sc-verdict [data-testid='scenario-verdict']").get_attribute("data-verdict")


@pytest.mark.parametrize("scenario_id", ["multi-zh-three-commands", "proactive-rain-windows-zh-accept"])
def test_a_library_scenario_shows_the_clis_verdict(page, server, tmp_path, scenario_id):
    open_tab(page)
    pick(page, scenario_id)
    verdict = play_to_verdict(page)
    snap(page, f"20-scenario-{scenario_id}")
    # every step's checks ran and turned pass or fail
    statuses = step_cells(page, 3)
    assert statuses and all(s.startswith("✓") or s.startswith("✗") for s in statuses), statuses
    assert page.locator("#sc-chat [data-testid='bot']").count() >= 1  # the conversation moved with the steps
    assert page.locator("#sc-screen img").count() == 1
    files = [p for p in LIBRARY.glob("*.yaml") if scenario_id in p.read_text(encoding="utf-8")]
    assert verdict == ("pass" if cli_verdict(files[0], scenario_id, server[1], tmp_path) else "fail")


def test_a_failed_step_has_evidence_goes_to_the_store_and_is_signed_off(page, server, tmp_path):
    path = tmp_path / "browser_failing.yaml"
    path.write_text(FAILING, encoding="utf-8")
    open_tab(page)
    page.locator("#sc-upload input[type=file]").set_input_files(str(path))
    page.wait_for_function("() => document.querySelector('#sc-pick input').value.includes('browser-wrong')")
    # step once: only the first step has run, and it failed
    page.click("#sc-step")
    page.wait_for_function("() => document.querySelector('#sc-verdict').innerText.includes('已完成 1/2')")
    assert step_cells(page, 3) == ["✗ 失败", "· 待运行"]
    verdict = play_to_verdict(page)
    assert verdict == "fail" and cli_verdict(path, "browser-wrong-temperature", server[1], tmp_path) is False
    # the first failure's evidence is open: the screen, the state diff, the model output
    page.wait_for_selector("#sc-ev-diff [data-testid='state-diff']")
    assert "hvac.set_temp_c.driver" in page.locator("#sc-ev-diff").inner_text()
    assert "hvac.set_temperature" in page.locator("#sc-ev-model").inner_text()
    page.click("#sc-to-store")
    page.wait_for_function("() => document.querySelector('#sc-notice').innerText.includes('失败案例库')")
    snap(page, "21-scenario-failed-evidence")
    page.fill("#sc-reviewer input, #sc-reviewer textarea", "Wang Fang")
    page.fill("#sc-note textarea", "the check is wrong on purpose")
    page.click("#sc-reject")
    page.wait_for_selector("[data-testid='signoff-status'][data-decision='rejected']")
    assert "Wang Fang" in page.locator("#sc-signoff-status").inner_text()
    with page.expect_download() as download:
        page.click("#sc-report")
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "browser-wrong-temperature" in html and "Wang Fang" in html and "FAIL" in html
    snap(page, "22-scenario-signed-off")


def test_a_signoff_survives_a_server_restart(browser, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    home = tmp_path / "home"
    scenario_id = "hvac-zh-set-temperature"
    for round_ in (1, 2):
        proc, url = start_server(home)
        try:
            with opened(browser, url) as page:
                restarted_round(page, round_, scenario_id)
        finally:
            stop_server(proc)


def restarted_round(page, round_: int, scenario_id: str) -> None:
    """Round 1 plays and signs off; round 2, on a restarted server, finds the sign-off."""
    open_tab(page)
    pick(page, scenario_id)
    if round_ == 1:
        assert play_to_verdict(page) == "pass"
        page.fill("#sc-reviewer input, #sc-reviewer textarea", "Li Lei")
        page.click("#sc-accept")
        page.wait_for_selector("[data-testid='signoff-status'][data-decision='accepted']")
    else:
        page.wait_for_selector("[data-testid='signoff-status'][data-decision='accepted']")
        text = page.locator("#sc-signoff-status").inner_text()
        assert "Li Lei" in text and "rules" in text  # the command model it was given for
        snap(page, "23-signoff-after-restart")


def test_a_saved_cockpit_session_replays_green_with_the_cli(page, server, tmp_path):
    for i, text in enumerate(["把主驾温度调到24度", "打开副驾座椅加热", "open the sunroof halfway"], start=1):
        type_command(page, text)
        wait_chat_count(page, i)
    page.click("#save-session")  # the accordion
    page.fill("#save-title textarea, #save-title input", "three turns from the browser")
    page.click("#save-btn")
    page.wait_for_selector("#save-file a", timeout=20_000)
    snap(page, "24-session-saved")
    with page.expect_download() as download:
        page.locator("#save-file a").first.click()
    saved = tmp_path / "saved.yaml"
    Path(download.value.path()).replace(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.count("say:") == 3 and "three turns from the browser" in text
    r = cli("scenario", "run", str(saved), "--backend", "rules", "--no-record-failures", home=server[1])
    assert r.returncode == 0, r.stdout + r.stderr
