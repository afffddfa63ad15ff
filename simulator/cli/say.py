"""`cockpit-sim say`: one turn (text or audio, optionally with a screen) on a fresh world."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cli.argparsing import add_set_argument, parse_sets, print_json
from simulator.errors import CliError
from vehicle_state.signals import SEATS

NAME = "say"
HELP = "run one turn (text or --audio, optionally with --screen) on a fresh world and print the result"


def add_arguments(p) -> None:
    p.add_argument("text", nargs="?", help="what the driver says (omit with --audio)")
    p.add_argument("--audio", help="a recording instead of text (wav, webm, ogg, mp3, m4a, flac)")
    p.add_argument("--screen", help="a screenshot file, or 'rendered' for the simulator's own screen")
    p.add_argument("--lang", choices=("zh", "en"), help="language (default: detect)")
    p.add_argument("--zone", choices=SEATS, default="driver",
                   help="the speaker's seat")
    add_set_argument(p)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--backend", help="command model backend (default: sft; also rules, openai)")
    p.add_argument("--asr", help="ASR backend (default: faster-whisper)")
    p.add_argument("--screen-backend", help="screen reader backend (default: ocr)")
    p.add_argument("--speak", metavar="OUT.wav", help="also synthesize the reply to this WAV file")
    p.add_argument("--json", action="store_true", help="print the turn-end data plus all events as JSON")


def run(args) -> int:
    from simulator.models import RulesStandIn
    from simulator.pipeline import RENDERED
    from simulator.session import CockpitSession, SessionConfig

    if (args.text is None) == (args.audio is None):
        raise CliError("give either TEXT or --audio FILE (exactly one)")
    for flag, path in (("--audio", args.audio), ("--screen", args.screen)):
        if path and path != RENDERED and not Path(path).is_file():
            raise CliError(f"{flag}: no such file: {path}")
    # One turn still answers when the command model cannot load: the rules backend stands in, loudly.
    config = SessionConfig(seed=args.seed, lang=args.lang or "zh", speaker_zone=args.zone,
                           overrides=parse_sets(args.sets), backends=_plan(args), command_fallback=True)
    try:
        session = CockpitSession(config)
    except RuntimeError as err:
        raise CliError(str(err)) from None
    if isinstance(session.backends.command, RulesStandIn):
        print(f"warning: {session.backends.command.reason}; the rules backend answers instead", file=sys.stderr)
    screen = args.screen
    if args.audio:
        result = session.listen(args.audio, lang=args.lang, screen=screen, speak=bool(args.speak))
    else:
        result = session.say(args.text, lang=args.lang, screen=screen, speak=bool(args.speak))
    if args.speak and result.audio_reply_path:
        import shutil

        shutil.copyfile(result.audio_reply_path, args.speak)
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"heard:    {result.transcript}")
        print(f"commands: {[c.to_dict() for c in result.commands]}")
        if result.parse is not None:
            print(f"backend:  {result.parse.backend}" + (f" (instead: {result.parse.fallback_reason})"
                                                        if result.parse.fallback_reason else ""))
        print(f"reply:    {result.reply}")
        if result.screen and result.screen.target:
            print(f"tap:      {result.screen.target_dict()}")
        for name, change in result.changes.items():
            print(f"changed:  {name}: {change.old} -> {change.new}")
        print("timings:  " + ", ".join(f"{k} {v:.0f} ms" for k, v in result.timings_ms.items()))
        if result.error:
            print(f"error:    {result.error.code}: {result.error.message}")
    return 1 if result.error else 0


def _plan(args):
    from multimodal.registry import BackendPlan

    # Unknown names are reported when the session loads them, as before; speech only with --speak.
    plan = BackendPlan.from_flags(command=args.backend, asr=args.asr, screen=args.screen_backend, off=(), check=False)
    return plan if args.speak else plan.without("tts")
