"""`cockpit-sim run` argument checks (the server itself is exercised by tests/browser)."""

from __future__ import annotations

import argparse
import socket

import pytest

from simulator.cli import run as cli_run
from simulator.errors import CliError


def _args(**kw):
    p = argparse.ArgumentParser()
    cli_run.add_arguments(p)
    argv = []
    for k, v in kw.items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    return p.parse_args(argv)


def test_plan_defaults_and_off_switches():
    plan = cli_run._plan(_args())
    assert tuple(map(plan.name, ("command", "asr", "screen", "tts"))) == ("sft", "faster-whisper", "ocr", "pyttsx3")
    plan = cli_run._plan(_args(backend="rules", asr="none", tts="off", options='{"command": {"adapter": "a"}}'))
    assert tuple(map(plan.name, ("command", "asr", "tts"))) == ("rules", None, None)
    assert plan.options("command") == {"adapter": "a"}


def test_the_server_batches_the_sft_model_unless_told_not_to():
    assert cli_run._plan(_args()).options("command") == {"batching": True}
    assert cli_run._plan(_args(backend="sft", options='{"command": {"batching": false}}')).options("command") == {
        "batching": False}


@pytest.mark.parametrize("kw, message", [
    ({"backend": "gpt9"}, "unknown command backend 'gpt9'; valid:"),
    ({"asr": "nope"}, "--asr: unknown asr backend"),
    ({"backend": "none"}, "cannot be off"),
    ({"options": "{"}, "--options is not valid JSON"),
    ({"options": '{"gpu": {}}'}, "roles: command, asr, screen, tts"),
])
def test_plan_errors_are_one_clear_line(kw, message):
    with pytest.raises(CliError) as err:
        cli_run._plan(_args(**kw))
    assert message in str(err.value)


def test_busy_port_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(CliError, match=f"cannot listen on 127.0.0.1:{port}"):
            cli_run._check_port("127.0.0.1", port)
    with pytest.raises(CliError, match="--port must be"):
        cli_run._check_port("127.0.0.1", 70000)


def test_run_is_discovered_and_imports_no_gradio():
    import subprocess
    import sys

    code = ("import sys; import simulator.cli.run, simulator.ui.app; "
            "print('gradio' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__('tests.conftest', fromlist=['ROOT']).ROOT)).stdout.split()
    assert out == ["False", "False"]
