"""`cockpit-sim listen FILE`: one recording through speech recognition, with timings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.cli.argparsing import print_json
from simulator.errors import CliError

NAME = "listen"
HELP = "transcribe one audio file (wav, webm, ogg, mp3, m4a, flac) and print the transcript and timings"


def add_asr_arguments(p) -> None:
    """Backend flags shared by `listen`, `eval asr` and the ASR benchmark."""
    p.add_argument("--backend", help="ASR backend (default: faster-whisper; also openai-whisper)")
    p.add_argument("--model", help="model: base (default), tiny.en, a CTranslate2 folder / .pt file, or a hub name")
    p.add_argument("--compute-type", help="faster-whisper compute type: int8 (default), float32, int8_float32 ...")
    p.add_argument("--beam-size", type=int, help="beam size (default 5; 1 = greedy, fastest)")
    p.add_argument("--denoise", metavar="CHAIN",
                   help="clean-up before VAD and Whisper: none, highpass, noisereduce, rnnoise, or several joined "
                        "by '+' (default: see docs/voice.md, Road noise)")


def asr_options(args) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if getattr(args, "model", None):
        options["model"] = args.model
    if getattr(args, "compute_type", None):
        options["compute_type"] = args.compute_type
    if getattr(args, "beam_size", None) is not None:
        if args.beam_size < 1:
            raise CliError(f"--beam-size must be 1 or more, got {args.beam_size}")
        options["beam_size"] = args.beam_size
    if getattr(args, "denoise", None) is not None:
        from multimodal.asr.denoise import parse_chain

        try:
            parse_chain(args.denoise)
        except ValueError as err:
            raise CliError(f"--{err}") from None
        options["denoise"] = args.denoise
    return options


def load_transcriber(name: str | None, options: dict[str, Any], max_duration_s: float | None = None):
    """A registry ASR backend, or a CliError that says why it cannot run here.

    ``max_duration_s`` is passed only to backends that take it (the fake one does not).
    """
    import inspect

    from multimodal import registry
    from simulator.cli.backends import backend_errors, load_backend

    with backend_errors():
        name = registry.check_name("asr", name)
        takes = inspect.signature(registry.backend_class("asr", name).__init__).parameters
    if "compute_type" in options and name != "faster-whisper":
        raise CliError("--compute-type only applies to the faster-whisper backend")
    if "denoise" in options and "denoise" not in takes:
        raise CliError(f"--denoise only applies to the Whisper backends, not {name}")
    if max_duration_s is not None and "max_duration_s" in takes:
        options = {**options, "max_duration_s": max_duration_s}
    return load_backend("asr", name, options)


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE", help="the recording")
    p.add_argument("--lang", choices=("zh", "en"), help="force the language (default: detect, zh or en)")
    add_asr_arguments(p)
    p.add_argument("--max-duration-s", type=float, default=30.0,
                   help="reject longer recordings (default 30 s, the limit for a spoken command)")
    p.add_argument("--json", action="store_true", help="print the transcript as one JSON object")


def run(args) -> int:
    from simulator.cli.backends import backend_errors

    if not Path(args.file).is_file():
        raise CliError(f"no such file: {args.file}")
    if not args.max_duration_s > 0:
        raise CliError(f"--max-duration-s must be positive, got {args.max_duration_s}")
    transcriber = load_transcriber(args.backend, asr_options(args), args.max_duration_s)
    with backend_errors():
        transcript = transcriber.transcribe(args.file, lang=args.lang)
    if args.json:
        out = transcript.to_dict()
        out["backend"] = transcriber.info().to_dict()
        print_json(out)
        return 0
    print(f"{transcript.lang}: {transcript.text}")
    for s in transcript.segments:
        print(f"  [{s.start_s:6.2f} - {s.end_s:6.2f}] {s.text}")
    timing = "  ".join(f"{k} {v:.0f} ms" for k, v in transcript.timings.items())
    print(f"audio {transcript.duration_s:.2f} s; {timing}")
    return 0
