"""`cockpit-sim speak TEXT --out reply.wav`: text to speech (Mandarin or English)."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator.cli.argparsing import print_json
from simulator.errors import CliError

NAME = "speak"
HELP = "synthesize speech for a text (Mandarin or English) into a WAV file"


def add_arguments(p) -> None:
    p.add_argument("text", metavar="TEXT", help="what to say")
    p.add_argument("--lang", choices=("zh", "en"), help="language (default: zh if the text has Chinese characters)")
    p.add_argument("--out", required=True, metavar="OUT.wav", help="where to write the WAV file")
    p.add_argument("--backend", help="TTS backend (default: pyttsx3)")
    p.add_argument("--rate", type=int, metavar="WPM", help="speaking rate in words per minute (pyttsx3, default 160)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")


def run(args) -> int:
    from multimodal import registry
    from multimodal.protocols import BackendUnavailable, InputError, detect_lang
    from simulator.cli.backends import backend_errors, load_backend

    with backend_errors():
        name = registry.check_name("tts", args.backend)
    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out {out} is a folder; give a file name such as reply.wav")
    if not out.parent.exists():
        raise CliError(f"--out: the folder {out.parent} does not exist")
    options = {}
    if args.rate is not None:
        if name != "pyttsx3":
            raise CliError("--rate only applies to the pyttsx3 backend")
        options["rate_wpm"] = args.rate
    speaker = load_backend("tts", name, options)
    try:
        lang = args.lang or detect_lang(args.text)
        audio = speaker.synthesize(args.text, lang=lang)
    except InputError as err:
        raise CliError(f"{err.message} [{err.code}]") from None
    except (BackendUnavailable, ValueError) as err:
        raise CliError(str(err)) from None
    try:
        if audio.path:
            shutil.copyfile(audio.path, out)
        else:
            out.write_bytes(audio.wav_bytes)
    except OSError as err:
        raise CliError(f"--out {out}: cannot write: {err.strerror}") from None
    result = {"out": str(out), "lang": lang, "duration_s": round(audio.duration_s, 3),
              "sample_rate_hz": audio.sample_rate_hz, "bytes": len(audio.wav_bytes),
              "engine": getattr(speaker, "last_engine", None) or name}
    if args.json:
        print_json(result)
    else:
        print(f"wrote {out} ({audio.duration_s:.2f} s, {lang}, {result['engine']})")
    return 0
