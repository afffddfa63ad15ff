"""`cockpit-sim run`: the Gradio cockpit UI in a browser."""

from __future__ import annotations

import json
import os
import socket

from simulator.errors import CliError
from simulator.world import SPEED_PROFILES

NAME = "run"
HELP = "start the cockpit UI (Gradio) on http://HOST:PORT"

_OFF = ("none", "off")


def add_arguments(p) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for the whole network)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="initial UI and reply language")
    p.add_argument("--backend", default=None,
                   help="command model (default: sft; rules answers until it has loaded; also rules, openai)")
    p.add_argument("--asr", default=None, help="speech recognizer (default: faster-whisper; 'none' = off)")
    p.add_argument("--screen-backend", default=None, help="screen reader (default: ocr; 'none' = off)")
    p.add_argument("--tts", default=None, help="speech synthesis (default: pyttsx3; 'none' = off)")
    p.add_argument("--speed-profile", default="parked", choices=SPEED_PROFILES,
                   help="how the car drives at start (change it on the page)")
    p.add_argument("--options", metavar="JSON", default=None,
                   help='backend options by role, e.g. \'{"asr": {"model": "tiny.en"}}\'')
    p.add_argument("--share", action="store_true", help="also open a public Gradio share link")


FLAGS = {"command": "--backend", "asr": "--asr", "screen": "--screen-backend", "tts": "--tts"}


def _plan(args):
    from multimodal.registry import DEFAULTS, ROLES, BackendPlan, UnknownBackend

    options = {}
    if args.options:
        try:
            options = json.loads(args.options)
        except json.JSONDecodeError as err:
            raise CliError(f"--options is not valid JSON: {err.msg} at position {err.pos}") from None
        if not isinstance(options, dict) or not all(k in ROLES and isinstance(v, dict) for k, v in options.items()):
            raise CliError("--options must be an object like {\"asr\": {...}, \"command\": {...}} "
                           "(roles: command, asr, screen, tts)")
    if args.backend is not None and args.backend.lower() in _OFF:
        raise CliError("--backend cannot be off: the cockpit needs a command model")
    if (args.backend or DEFAULTS["command"]) == "sft":
        # Many browser tabs and API clients share one model: their parses are batched (docs/serving.md).
        options.setdefault("command", {}).setdefault("batching", True)
    try:
        return BackendPlan.from_flags(command=args.backend, asr=args.asr, screen=args.screen_backend, tts=args.tts,
                                      options=options, off=_OFF)
    except UnknownBackend as err:
        raise CliError(f"{FLAGS[err.role]}: {err}" if err.role else str(err)) from None


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise CliError(f"--port must be 1..65535, got {port}")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as err:
            raise CliError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


def run(args) -> int:
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    plan = _plan(args)
    _check_port(args.host, args.port)
    try:
        from simulator.ui.app import AppOptions, CockpitApp
        from simulator.ui.layout import launch
    except ImportError as err:
        raise CliError(f"the UI needs gradio: pip install 'gradio>=6' ({err})") from None
    app = CockpitApp(AppOptions(lang=args.lang, plan=plan, speed_profile=args.speed_profile))
    print(f"cockpit-sim UI: http://{args.host}:{args.port}  (command model: {plan.name('command')}, "
          f"asr: {plan.name('asr')}, screen: {plan.name('screen')}, tts: {plan.name('tts')}; "
          "models load in the background)", flush=True)
    try:
        launch(app, host=args.host, port=args.port, share=args.share)
    finally:
        app.stop()
    return 0
