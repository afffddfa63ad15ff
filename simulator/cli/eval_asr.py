"""`cockpit-sim eval asr`: CER (Chinese) / WER (English), real-time factor and latency on a manifest.

Manifest files may be general speech longer than a spoken command, so evaluation raises the
input maximum from 30 s to ``--max-duration-s`` (600 s by default) and prints that it did.
Scoring and normalisation live in ``multimodal.training.eval_asr`` (see docs/voice.md).
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


def run(args) -> int:
    from tqdm import tqdm

    from multimodal.training.eval_asr import ManifestError, evaluate, load_manifest, write_predictions
    from multimodal.protocols import BackendUnavailable

    if args.limit is not None and args.limit < 1:
        raise CliError(f"--limit must be 1 or more, got {args.limit}")
    if not args.max_duration_s > 0:
        raise CliError(f"--max-duration-s must be positive, got {args.max_duration_s}")
    try:
        items = load_manifest(args.manifest)
    except ManifestError as err:
        raise CliError(str(err)) from None
    items = items[: args.limit] if args.limit else items
    transcriber = load_transcriber(args.backend, asr_options(args), args.max_duration_s)
    print(f"eval asr: {len(items)} files; input maximum raised to {args.max_duration_s:g} s for evaluation "
          f"(interactive default: 30 s)", file=sys.stderr)

    def progress(seq):
        return tqdm(seq, desc="eval asr", unit="file", file=sys.stderr, leave=False, mininterval=0.5)

    try:
        report = evaluate(transcriber, items, use_manifest_lang=args.use_manifest_lang, progress=progress)
    except BackendUnavailable as err:
        raise CliError(str(err)) from None
    if args.predictions:
        try:
            write_predictions(report.by_file, args.predictions)
        except OSError as err:
            raise CliError(f"--predictions {args.predictions}: cannot write: {err.strerror}") from None
    data = report.to_dict()
    data["max_duration_s"] = args.max_duration_s
    if args.json:
        print_json(data)
        return 0
    for r in report.by_file:
        metric = "CER" if r.lang == "zh" else "WER"
        flag = f"  [{r.error_code}]" if r.error_code else ""
        print(f"{r.file}  {metric} {r.rate:.3f}  {r.latency_ms:.0f} ms{flag}\n  ref: {r.reference}\n  hyp: {r.hypothesis}")

    def fmt(value, spec=".3f"):
        return "-" if value is None else format(value, spec)

    print(f"n={report.n} (zh {report.n_zh}, en {report.n_en})  CER zh {fmt(report.cer_zh)}  "
          f"WER en {fmt(report.wer_en)}  RTF {fmt(report.rtf)}  latency p50 {fmt(report.p50_ms, '.0f')} ms "
          f"p95 {fmt(report.p95_ms, '.0f')} ms  (load {report.load_ms:.0f} ms)")
    if args.predictions:
        print(f"predictions: {args.predictions}")
    return 0
