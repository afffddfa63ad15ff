"""`cockpit-sim eval asr`: CER (Chinese) / WER (English), real-time factor and latency on a manifest.

Manifest files may be general speech longer than a spoken command, so evaluation raises the
input maximum from 30 s to ``--max-duration-s`` (600 s by default) and prints that it did.
Scoring and normalisation live in ``multimodal.training.eval_asr`` (see docs/voice.md).

``--noise road --snr 20,10,5,0`` mixes generated road noise into every clip at each SNR
(``multimodal.training.noise_sweep``) and prints one table row per SNR; ``--json`` then gives the
first SNR's report at the top level plus ``by_snr`` (one row per SNR).
"""

from __future__ import annotations

import sys

from simulator.cli.argparsing import print_json
from simulator.cli.listen import add_asr_arguments, asr_options, load_transcriber
from simulator.errors import CliError

NAME = "asr"
HELP = "speech recognition: CER for Chinese, WER for English, real-time factor, latency p50/p95"


def add_arguments(p) -> None:
    p.add_argument("--manifest", required=True, metavar="FILE.jsonl",
                   help='lines {"file", "transcript", "language"}; files relative to the manifest')
    add_asr_arguments(p)
    p.add_argument("--predictions", metavar="OUT.jsonl", help='write {"file", "text"} per line')
    p.add_argument("--use-manifest-lang", action="store_true",
                   help="pass each file's language to the recogniser (default: it detects zh/en itself)")
    p.add_argument("--max-duration-s", type=float, default=600.0,
                   help="longest file accepted (default 600 s; interactive commands are capped at 30 s)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N files")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object on the last line")
    p.add_argument("--noise", choices=("road",), help="mix generated noise into every clip (road: a car cabin at speed)")
    p.add_argument("--snr", metavar="DB[,DB...]",
                   help="with --noise: SNRs of active speech over the noise, e.g. 20,10,5,0 (default 20,10,5,0); "
                        "a list that starts below 0 needs the = form: --snr=-5,0")
    p.add_argument("--noise-seed", type=int, default=0, metavar="N", help="with --noise: noise seed (default 0)")
    p.add_argument("--plot", metavar="OUT.png", help="with --noise: plot CER/WER and latency against SNR")


def noise_snrs(args) -> tuple[float, ...] | None:
    """The SNRs to sweep (None without ``--noise``), or a CliError for flags that do not fit."""
    from multimodal.training.noise_sweep import parse_snrs

    if args.noise is None:
        given = [flag for flag, value in (("--snr", args.snr), ("--plot", args.plot)) if value is not None]
        if given or args.noise_seed != 0:
            raise CliError(f"{(given or ['--noise-seed'])[0]} needs --noise road")
        return None
    if args.noise_seed < 0:
        raise CliError(f"--noise-seed must be 0 or more, got {args.noise_seed}")
    try:
        return parse_snrs("20,10,5,0" if args.snr is None else args.snr)
    except ValueError as err:
        raise CliError(str(err)) from None


def run(args) -> int:
    from multimodal.training.eval_asr import ManifestError, load_manifest, write_predictions
    from multimodal.training.noise_sweep import plot

    if args.limit is not None and args.limit < 1:
        raise CliError(f"--limit must be 1 or more, got {args.limit}")
    if not args.max_duration_s > 0:
        raise CliError(f"--max-duration-s must be positive, got {args.max_duration_s}")
    snrs = noise_snrs(args)
    try:
        items = load_manifest(args.manifest)
    except ManifestError as err:
        raise CliError(str(err)) from None
    items = items[: args.limit] if args.limit else items
    transcriber = load_transcriber(args.backend, asr_options(args), args.max_duration_s)
    print(f"eval asr: {len(items)} files; input maximum raised to {args.max_duration_s:g} s for evaluation "
          f"(interactive default: 30 s)", file=sys.stderr)
    results = _evaluate(args, transcriber, items, snrs)
    report = results[0].report if snrs is not None else results[0]
    if args.predictions:
        try:
            write_predictions(report.by_file, args.predictions)
        except OSError as err:
            raise CliError(f"--predictions {args.predictions}: cannot write: {err.strerror}") from None
    if snrs is not None and args.plot:
        try:
            plot(results, args.plot)
        except OSError as err:
            raise CliError(f"--plot {args.plot}: cannot write: {err.strerror}") from None
    data = report.to_dict()
    data["max_duration_s"] = args.max_duration_s
    if snrs is not None:
        data["noise"] = {"type": args.noise, "seed": args.noise_seed}
        data["by_snr"] = [r.row() for r in results]
    if args.json:
        print_json(data)
        return 0
    if snrs is None:
        _print_report(report)
    else:
        _print_sweep(results)
    if args.predictions:
        print(f"predictions: {args.predictions}")
    if snrs is not None and args.plot:
        print(f"plot: {args.plot}")
    return 0


def _evaluate(args, transcriber, items, snrs) -> list:
    """[EvalReport] without noise, else one SnrReport per SNR; one progress bar over everything."""
    from tqdm import tqdm

    from multimodal.asr.audio_input import AudioLimits
    from multimodal.training.eval_asr import evaluate
    from multimodal.training.noise_sweep import sweep
    from simulator.cli.backends import backend_errors

    bar = tqdm(total=len(items) * len(snrs or [None]), desc="eval asr", unit="file", file=sys.stderr,
               leave=False, mininterval=0.5)

    def progress(seq):
        for item in seq:
            yield item
            bar.update(1)

    with bar, backend_errors():
        if snrs is None:
            return [evaluate(transcriber, items, use_manifest_lang=args.use_manifest_lang, progress=progress)]
        return sweep(transcriber, items, snrs, seed=args.noise_seed, noise_type=args.noise,
                     limits=AudioLimits(max_duration_s=args.max_duration_s),
                     use_manifest_lang=args.use_manifest_lang, progress=progress)


def _fmt(value, spec=".3f") -> str:
    return "-" if value is None else format(value, spec)


def _print_report(report) -> None:
    for r in report.by_file:
        metric = "CER" if r.lang == "zh" else "WER"
        flag = f"  [{r.error_code}]" if r.error_code else ""
        print(f"{r.file}  {metric} {r.rate:.3f}  {r.latency_ms:.0f} ms{flag}\n  ref: {r.reference}\n  hyp: {r.hypothesis}")
    print(f"n={report.n} (zh {report.n_zh}, en {report.n_en})  CER zh {_fmt(report.cer_zh)}  "
          f"WER en {_fmt(report.wer_en)}  RTF {_fmt(report.rtf)}  latency p50 {_fmt(report.p50_ms, '.0f')} ms "
          f"p95 {_fmt(report.p95_ms, '.0f')} ms  (load {report.load_ms:.0f} ms)")


def _print_sweep(results) -> None:
    print(f"{'SNR dB':>7}{'CER zh':>9}{'WER en':>9}{'p50 ms':>9}{'RTF':>8}{'n zh':>6}{'n en':>6}")
    for r in results:
        row = r.row()
        print(f"{row['snr_db']:>7g}{_fmt(row['cer_zh']):>9}{_fmt(row['wer_en']):>9}"
              f"{_fmt(row['p50_ms'], '.0f'):>9}{_fmt(row['rtf']):>8}{row['n_zh']:>6}{row['n_en']:>6}")
