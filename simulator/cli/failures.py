"""`cockpit-sim failures list|show|review|export`: the failure store from the command line."""

from __future__ import annotations

import json
import time

from simulator.cli.argparsing import print_json
from simulator.errors import CliError

NAME = "failures"
HELP = "list, show, review and export stored failure cases (for retraining)"


def add_arguments(p) -> None:
    p.add_argument("--home", help="failure store folder (default: $COCKPIT_SIM_HOME/failures)")
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="one line per failure")
    ls.add_argument("--status", choices=("new", "accepted", "rejected"))
    ls.add_argument("--source", choices=("ui-feedback", "scenario-step", "eval-mismatch"))
    ls.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="everything stored for one failure")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    review = sub.add_parser("review", help="accept or reject a failure (optionally correcting it)")
    review.add_argument("id")
    group = review.add_mutually_exclusive_group(required=True)
    group.add_argument("--accept", action="store_true")
    group.add_argument("--reject", action="store_true")
    review.add_argument("--commands", help="corrected commands as JSON (replaces the stored correction)")
    review.add_argument("--note")
    export = sub.add_parser("export", help="write failures as SFT data in the training prompt format")
    export.add_argument("--format", choices=("jsonl", "alpaca", "sharegpt"), required=True)
    export.add_argument("--out", required=True)
    export.add_argument("--status", choices=("new", "accepted", "rejected"),
                        help="only failures with this review status (default: all not rejected)")
    export.add_argument("--train-data", help="training JSONL to deduplicate against (default: the shipped adapter's)")


def _store(args):
    from pathlib import Path

    from simulator.failures.store import FailureStore

    return FailureStore(Path(args.home) if args.home else None)


def run(args) -> int:
    from simulator.failures.store import FailureStoreError

    try:
        return _run(args)
    except FailureStoreError as err:
        raise CliError(str(err)) from None


def _run(args) -> int:
    store = _store(args)
    if args.action == "list":
        records = store.list(status=args.status, source=args.source)
        if args.json:
            print_json([{"id": r.id, "created_at": r.created_at, "source": r.source, "status": r.status,
                         "lang": r.lang, "text": r.text, "predicted": r.model_output.get("commands"),
                         "corrected": r.corrected_commands} for r in records])
            return 0
        if not records:
            print(f"no failures stored in {store.home}")
            return 0
        print(f"{'id':<26}{'when':<18}{'source':<15}{'status':<10}text")
        for r in records:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created_at))
            print(f"{r.id:<26}{when:<18}{r.source:<15}{r.status:<10}{(r.text or '')[:60]}")
        return 0
    if args.action == "show":
        rec = store.get(args.id)
        if args.json:
            print_json(rec.to_dict())
            return 0
        d = rec.to_dict()
        for key in ("id", "source", "status", "lang", "text", "transcript", "audio_path", "screenshot_path",
                    "model_id", "model_version", "note"):
            print(f"{key:<16}{d[key]}")
        print(f"{'model output':<16}{json.dumps(rec.model_output, ensure_ascii=False)}")
        print(f"{'corrected':<16}{json.dumps(rec.corrected_commands, ensure_ascii=False)}")
        print(f"{'context':<16}{json.dumps(rec.context, ensure_ascii=False)}")
        return 0
    if args.action == "review":
        corrected = None
        if args.commands:
            try:
                corrected = json.loads(args.commands)
            except json.JSONDecodeError as err:
                raise CliError(f"--commands is not valid JSON: {err.msg}") from None
            if isinstance(corrected, dict):
                corrected = [corrected]
        rec = store.review(args.id, "accepted" if args.accept else "rejected", corrected, args.note)
        print(f"{rec.id}: {rec.status}")
        return 0
    from simulator.failures.export import export_failures

    report = export_failures(store, args.format, args.out, status=args.status, train_data=args.train_data)
    print(json.dumps(report, ensure_ascii=False))
    return 0
