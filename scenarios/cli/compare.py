"""`cockpit-sim compare --old A --new B`: A/B two command models on the same sets and scenario suites."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.errors import CliError

NAME = "compare"
HELP = "compare two command models (backend names or adapter folders) on eval sets and scenario suites"

DEFAULT_DATA = ("tests/data/commands_dev.jsonl",)


def add_arguments(p) -> None:
    p.add_argument("--old", required=True, help="the current model: a backend name (sft, rules) or an adapter folder")
    p.add_argument("--new", required=True, help="the candidate model: a backend name or an adapter folder")
    p.add_argument("--data", nargs="+", metavar="FILE.jsonl",
                   help=f"evaluation sets (default: {', '.join(DEFAULT_DATA)})")
    p.add_argument("--scenarios", nargs="+", metavar="PATH", help="scenario files or folders to play with both")
    p.add_argument("--plot", metavar="PNG", default="reports/compare.png", help="where to write the plot")
    p.add_argument("--overall-tolerance", type=float, default=0.005,
                   help="allowed drop in overall exact match (default 0.005)")
    p.add_argument("--intent-tolerance", type=float, default=0.05,
                   help="allowed drop in one intent's exact match (default 0.05, intents with >= 5 lines)")
    p.add_argument("--intent-min-lost", type=int, default=2, metavar="N",
                   help="an intent's drop counts only when it loses at least N lines (default 2: one line flipping "
                        "on a 10-line intent is noise, not a regression)")
    p.add_argument("--promote", action="store_true", help="make NEW the default command model if it passes")
    p.add_argument("--json", action="store_true", help="print the comparison as one JSON object on the last line")


def run(args) -> int:
    from multimodal.paths import REPO_ROOT
    from multimodal.training.compare import (
        ModelSpec, Tolerances, dumps, plot, promote, report_json, run_sets, table,
    )

    try:
        old_spec, new_spec = ModelSpec.parse(args.old), ModelSpec.parse(args.new)
    except ValueError as err:
        raise CliError(str(err)) from None
    if args.promote and "adapter" not in new_spec.options:
        raise CliError("--promote needs --new to be an adapter folder")
    if args.intent_min_lost < 1:
        raise CliError(f"--intent-min-lost must be at least 1, got {args.intent_min_lost}")
    data = [Path(d) for d in (args.data or [str(REPO_ROOT / d) for d in DEFAULT_DATA])]
    for d in data:
        if not d.is_file():
            raise CliError(f"--data: no such file: {d}")
    log = (lambda msg: print(msg, file=sys.stderr))
    try:
        old_model, new_model = old_spec.load(), new_spec.load()
    except Exception as err:  # noqa: BLE001 - a model that cannot load is a user-facing error here
        raise CliError(f"cannot load a model: {type(err).__name__}: {err}") from None
    tol = Tolerances(args.overall_tolerance, args.intent_tolerance, intent_min_lost=args.intent_min_lost)
    sets = run_sets(old_model, new_model, data, progress=log, tol=tol)
    suites = []
    if args.scenarios:
        from scenarios.compare_suites import compare_suites

        suites = compare_suites(args.scenarios, old_spec, new_spec, progress=log)
    report = report_json(sets, suites, old_spec.label, new_spec.label)
    png = plot(sets, Path(args.plot), old_spec.label, new_spec.label)
    print(table(sets, suites))
    print(f"\nplot: {png}")
    if report["regressions"]:
        print("\nREGRESSIONS:")
        for r in report["regressions"]:
            print(f"  - {r}")
    else:
        print("\nno regression: the new model is at least as good on every set")
    if args.promote:
        if report["passed"]:
            target = promote(Path(new_spec.options["adapter"]))
            print(f"promoted: {target} is now the default command adapter")
            report["promoted"] = str(target)
        else:
            print("not promoted: the new model regressed")
            report["promoted"] = None
    if args.json:
        print(dumps(report))
    return 0 if report["passed"] else 1
