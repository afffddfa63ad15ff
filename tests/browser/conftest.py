"""Browser tests: `cockpit-sim run` in a subprocess, driven by Playwright with Debian's Chromium.

The app runs as a user would start it, with fast backends: the rules command model, the real
faster-whisper recogniser when it is available here (else the fake one, with transcripts keyed by file
name, because Gradio copies an upload under its own folder so a .txt sidecar does not travel with it;
COCKPIT_UI_TEST_ASR=fake forces it), fake TTS, and the real RapidOCR screen reader. Screenshots of every step go to
artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import pytest

from tests.browser.ui import ARTIFACTS
from tests.conftest import ROOT, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]

# What the fake recogniser "hears" in each WAV the tests make (espeak-ng speaks the same words).
SPOKEN = {"open_window.wav": "open the window", "seat_heat_zh.wav": "打开座椅加热"}


def suite_asr() -> str:
    """The recogniser the browser suite runs with."""
    forced = os.environ.get("COCKPIT_UI_TEST_ASR")
    if forced:
        return forced
    from multimodal import registry

    try:
        return "faster-whisper" if registry.backend_class("asr", "faster-whisper").describe().available else "fake"
    except ImportError:
        return "fake"


def _wait_http(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"cockpit-sim run exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s")


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    """WAVs spoken by espeak-ng, and a rendered Chinese screenshot with a 蓝牙音乐 (Bluetooth) button."""
    out = tmp_path_factory.mktemp("media")
    if shutil.which("espeak-ng"):
        subprocess.run(["espeak-ng", "-v", "en", "-w", str(out / "open_window.wav"), "open the window"], check=True)
        subprocess.run(["espeak-ng", "-v", "cmn", "-w", str(out / "seat_heat_zh.wav"), "da kai zuo yi jia re"],
                       check=True)
    from simulator.hmi.renderer import render_screen

    image, _ = render_screen({"media.source": "online", "hvac.power": True}, "zh")
    image.save(out / "screen_zh.png")
    (out / "not_an_image.png").write_bytes(b"this is text, not a PNG")
    return out


def start_server(home: Path, default_models: bool = False, extra: Sequence[str] = (),
                 start_timeout_s: float = 120) -> tuple[subprocess.Popen, str]:
    """`cockpit-sim run` as a user starts it, on a free loopback port, with ``home`` as its data directory:
    with the suite's fast backends, or (``default_models``) exactly as `make run` starts it; ``extra`` flags
    go last (bench/bench_serving.py picks its backends with them)."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    asr = suite_asr()
    env = dict(os.environ, COCKPIT_SIM_HOME=str(home), GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    log = open(home / "server.log", "a")
    script = Path(sys.executable).with_name("cockpit-sim")  # the console script a user runs
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "simulator.cli.main"]
    fast = ["--backend", "rules", "--asr", asr, "--tts", "fake", "--lang", "zh",
            *(["--options", json.dumps({"asr": {"transcripts": SPOKEN}})] if asr == "fake" else [])]
    cmd = [*launcher, "run", "--host", "127.0.0.1", "--port", str(port), *([] if default_models else fast), *extra]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()  # the child keeps its own handle
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_http(url, proc, start_timeout_s)
    except Exception:
        stop_server(proc)
        raise
    return proc, url


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@contextmanager
def served(default_models: bool = False) -> Iterator[tuple[str, Path]]:
    """A server for a group of tests: (url, data directory), both gone afterwards.

    The data directory lives where a user's does, outside the temp folder and the working directory that
    Gradio serves anyway: a download that only works from /tmp would pass here and fail for users."""
    home = Path.home() / ".cache" / "cockpit-sim-browser-tests" / uuid.uuid4().hex[:12]
    proc, url = start_server(home, default_models)
    try:
        yield url, home
    finally:
        stop_server(proc)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    """The app on a free port with the suite's fast models; yields (url, data directory)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with served() as found:
        yield found


@pytest.fixture(scope="session")
def pw():
    """The one Playwright driver of the run (a second sync_playwright in the same process is refused)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with playwright.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(pw):
    b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@contextmanager
def opened(browser, url: str, timeout_ms: int = 20_000, load_timeout_ms: int = 30_000) -> Iterator[Any]:
    """A fresh browser session (so a fresh world) on the app, with the live screen drawn; closed afterwards."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        pg = context.new_page()
        pg.set_default_timeout(timeout_ms)
        pg.goto(url)
        pg.wait_for_selector("#screen img", timeout=load_timeout_ms)
        yield pg
    finally:
        context.close()


@pytest.fixture()
def page(browser, server):
    with opened(browser, server[0]) as pg:
        yield pg
