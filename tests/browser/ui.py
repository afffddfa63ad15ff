"""Small Playwright helpers for the cockpit page (selectors follow the app's elem_ids)."""

from __future__ import annotations

from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts" / "browser"


def snap(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def type_command(page, text: str) -> None:
    page.fill("#text-in textarea", text)
    page.click("#send-btn")


def wait_chat_count(page, n: int, timeout_ms: int = 20_000) -> None:
    """Wait until the conversation holds at least ``n`` bot replies."""
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .message-row.bot-row, #chat [data-testid=\"bot\"]').length >= n",
        arg=n, timeout=timeout_ms)


def last_bot_text(page) -> str:
    return page.locator("#chat [data-testid='bot']").last.inner_text()


def screen_src(page) -> str:
    return page.locator("#screen img").get_attribute("src") or ""


def choose(page, elem_id: str, option_text: str) -> None:
    """Pick an option of a Gradio dropdown by its visible label."""
    page.click(f"#{elem_id} input")
    page.locator(f"#{elem_id} [role='option'][aria-label='{option_text}']").click()


def details_text(page) -> str:
    return page.locator("#turn-details").inner_text()


def skip_a_minute(page) -> None:
    """Click "skip 60 s" and wait for the simulated clock to move (a click while busy would be dropped)."""
    old = page.locator("[data-testid='sim-time']").inner_text()
    page.click("#advance-btn")
    page.wait_for_function("old => document.querySelector('[data-testid=\"sim-time\"]').innerText !== old", arg=old)
