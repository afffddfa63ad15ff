"""`cockpit-sim scenario run|validate|list|coverage|record|signoffs`: acceptance scenarios from YAML files.

Lives in scenarios/ (a CLI plugin package, see simulator/cli/main.py) because simulator/ may not
import the scenario layer. Heavy imports happen inside the handlers so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import fnmatch
import shlex
import sys
import time
from pathlib import Path

from simulator.cli.argparsing import add_executor_flags, check_executor_flags
from simulator.errors import CliError
from simulator.world import SPEED_PROFILES
from vehicle_state.signals import SEATS

NAME = "scenario"
HELP = ("play acceptance scenarios (run), check files (validate), list them, show what they cover (coverage), "
        "record a session as one, or list sign-offs")


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    run = sub.add_parser("run", help="play scenario files or folders and report",
                         description="Play scenarios (fresh session each, deterministic for the seed); exit 1 if "
                                     "any step failed. See scenarios/README.md for the file format.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="scenario files (.yaml) or folders (searched recursively)")
    run.add_argument("--report", metavar="DIR", help="write DIR/junit.xml, DIR/report.html, DIR/results.json, DIR/screens/")
    _add_backends(run)
    run.add_argument("--realtime", action="store_true", help="simulated seconds pass at wall-clock speed")
    run.add_argument("--jobs", type=int, metavar="N",
                     help="play in N processes (default 1), or on N Ray actors (default: one per cluster CPU)")
    add_executor_flags(run)
    run.add_argument("--no-record-failures", action="store_true",
                     help="do not hand failed steps to the failure store")
    run.add_argument("--tag", action="append", metavar="TAG", help="only scenarios with this tag (repeatable: any)")
    run.add_argument("-k", dest="select", metavar="PATTERN",
                     help="only scenarios whose id matches this glob or contains this text")
    run.add_argument("--json", action="store_true", help="print the run summary as JSON on the last line")
    run.add_argument("--repeat", type=int, default=1, metavar="K",
                     help="play every scenario K times with varied world seeds (run 1: the scenario's own) and "
                          "report pass@K, pass^K and flaky scenarios (default 1)")
    run.set_defaults(_handler=_run)

    val = sub.add_parser("validate", help="check scenario files without playing them (file:line: key: problem)")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.set_defaults(_handler=_validate)

    lst = sub.add_parser("list", help="list the scenarios in files or folders")
    lst.add_argument("paths", nargs="+", metavar="PATH")
    lst.add_argument("--tag", action="append", metavar="TAG")
    lst.add_argument("--json", action="store_true", help="one JSON object per scenario")
    lst.set_defaults(_handler=_list)

    cov = sub.add_parser("coverage", help="which intents x languages x zones x input kinds and proactive rules "
                                          "the scenarios exercise, and which never (read from the files)")
    cov.add_argument("paths", nargs="+", metavar="PATH")
    cov.add_argument("--tag", action="append", metavar="TAG", help="only scenarios with this tag (repeatable: any)")
    cov.add_argument("--json", action="store_true", help="print the coverage as one JSON object")
    cov.set_defaults(_handler=_coverage)

    rec = sub.add_parser("record", help="play --say/--respond/--advance/--inject actions and save them as a "
                                        "scenario with expectations filled from what happened",
                         description="Actions run in the order given. The file replays identically with "
                                     "`cockpit-sim scenario run FILE`.")
    rec.add_argument("--say", action=_Ordered, metavar="TEXT", help="an utterance (repeatable)")
    rec.add_argument("--respond", action=_Ordered, choices=("accept", "decline"),
                     help="click Accept/Decline on the pending suggestion")
    rec.add_argument("--advance", action=_Ordered, metavar="DURATION", help="let simulated time pass (90, 1m30s, 2h)")
    rec.add_argument("--inject", action=_Ordered, metavar="EVENT", help="inject an event (tire_leak:front_left, rain…)")
    rec.add_argument("--set", dest="sets", action="append", metavar="SIGNAL=VALUE", help="initial signal value")
    rec.add_argument("--lang", choices=("zh", "en"), default="zh", help="session language (default zh)")
    rec.add_argument("--zone", choices=SEATS, default="driver")
    rec.add_argument("--seed", type=int, default=0)
    rec.add_argument("--speed-profile", default="parked", choices=SPEED_PROFILES)
    rec.add_argument("--backend", help="command model backend (default: sft)")
    rec.add_argument("--id", dest="scenario_id", help="scenario id (default: from the output file name)")
    rec.add_argument("--title", help="scenario title")
    rec.add_argument("--out", required=True, metavar="FILE.yaml", help="where to write the scenario ('-' = stdout)")
    rec.set_defaults(_handler=_record)

    so = sub.add_parser("signoffs", help="list the latest sign-off of each scenario (accepted/rejected, by whom, "
                                         "for which adapter)")
    so.add_argument("--id", dest="scenario_id", metavar="ID", help="every sign-off of this scenario, newest first")
    so.add_argument("--json", action="store_true", help="one JSON object per sign-off")
    so.set_defaults(_handler=_signoffs)


def _add_backends(p) -> None:
    p.add_argument("--backend", help="command model backend (default: sft; also rules, openai, fake)")
    p.add_argument("--asr", help="speech recognition backend for audio steps (default: faster-whisper)")
    p.add_argument("--screen-backend", help="screen reader for uploaded screenshots (default: ocr)")
    p.add_argument("--tts", help="speech synthesis for steps with speak: true (default: pyttsx3)")


class _Ordered(argparse.Action):
    """Keep --say/--respond/--advance/--inject in the order they were given."""

    def __call__(self, parser, namespace, values, option_string=None):
        actions = list(getattr(namespace, "actions", None) or [])
        actions.append((self.dest, values))
        namespace.actions = actions


def run(args) -> int:
    return int(args._handler(args) or 0)


# ---------------------------------------------------------------------------------- handlers
def _load(paths, tags=None, select=None):
    from scenarios.loader import ScenarioFileError, load_paths

    try:
        scenarios = load_paths(paths)
    except ScenarioFileError as err:
        raise CliError(f"{len(err.issues)} problem(s) in scenario files:\n" + str(err)) from None
    if tags:
        scenarios = [s for s in scenarios if set(tags) & set(s.tags)]
    if select:
        scenarios = [s for s in scenarios if fnmatch.fnmatch(s.id, select) or select in s.id]
    return scenarios


def _validate(args) -> int:
    from scenarios.loader import ScenarioFileError, discover, load_file

    try:
        files = discover(args.paths)
    except ScenarioFileError as err:
        raise CliError(str(err)) from None
    problems, count = [], 0
    for f in files:
        try:
            count += len(load_file(f))
        except ScenarioFileError as err:
            problems.extend(err.issues)
    for issue in problems:
        print(issue)
    if problems:
        print(f"{len(problems)} problem(s) in {len({i.file for i in problems})} of {len(files)} file(s)", file=sys.stderr)
        return 1
    try:
        _load(args.paths)  # cross-file checks (duplicate ids)
    except CliError as err:
        print(err)
        return 1
    print(f"ok: {count} scenario(s) in {len(files)} file(s)")
    return 0


def _list(args) -> int:
    from simulator.cli.argparsing import print_json

    scenarios = _load(args.paths, args.tag)
    for s in scenarios:
        if args.json:
            print_json({"id": s.id, "title": s.title, "lang": s.lang, "tags": list(s.tags), "steps": len(s.steps),
                        "file": s.file, "line": s.line})
        else:
            print(f"{s.id:<40} {s.lang}  {len(s.steps):>3} steps  {','.join(s.tags):<34} {s.title}")
    if not args.json:
        print(f"{len(scenarios)} scenario(s)", file=sys.stderr)
    return 0


def _coverage(args) -> int:
    from scenarios.coverage import format_coverage, suite_coverage
    from simulator.cli.argparsing import print_json

    coverage = suite_coverage(_load(args.paths, args.tag))
    if args.json:
        print_json(coverage.to_dict())
    else:
        print("\n".join(format_coverage(coverage)))
    return 0


def _run(args) -> int:
    from scenarios.coverage import suite_coverage
    from scenarios.repeats import aggregate, expand
    from scenarios.report_html import write_html
    from scenarios.report_json import write_json
    from scenarios.report_junit import write_junit
    from scenarios.runner import RunOptions, run_all
    from scenarios.summary import summarize
    from simulator.cli.argparsing import print_json

    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    if args.repeat < 1:
        raise CliError(f"--repeat must be at least 1, got {args.repeat}")
    check_executor_flags(args)
    scenarios = _load(args.paths, args.tag, args.select)
    if not scenarios:
        raise CliError("no scenario matches the given paths/filters")
    jobs = expand(scenarios, args.repeat)  # k = 1: the scenarios as they are
    runs = [job.scenario for job in jobs]
    report = Path(args.report) if args.report else None
    if report is not None:
        if report.exists() and not report.is_dir():
            raise CliError(f"--report {report}: exists and is not a folder")
        report.mkdir(parents=True, exist_ok=True)
    from multimodal.registry import BackendPlan

    # Unknown names are reported per scenario (the session cannot start), as the runner always has.
    plan = BackendPlan.from_flags(command=args.backend, asr=args.asr, screen=args.screen_backend, tts=args.tts,
                                  off=(), check=False)
    options = RunOptions(backends=plan, realtime=args.realtime,
                         report_dir=str(report) if report is not None else None)
    from tqdm import tqdm

    bar = tqdm(total=len(runs), desc="scenarios", unit="scenario", file=sys.stderr, dynamic_ncols=True)
    failed_ids: list[str] = []

    def progress(result) -> None:
        if not result.ok:
            failed_ids.append(result.id)
        bar.set_postfix_str(f"failed {len(failed_ids)}")
        bar.update(1)

    t0 = time.perf_counter()
    try:
        results = run_all(runs, options, jobs=args.jobs, progress=progress, executor=args.executor,
                          address=args.address)
    finally:
        bar.close()
    command_line = "cockpit-sim " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else ""
    summary = summarize(results, time.perf_counter() - t0, command_line)
    repeats = aggregate(jobs, results) if args.repeat > 1 else None
    _print_failures(results)
    signoffs = _signoff_statuses(scenarios, results, plan, repeats)
    for sid, st in (signoffs or {}).items():
        if st.changes:
            print(f"SIGNOFF {sid} ({st.signoff.decision} by {st.signoff.reviewer} {st.signoff.signed_at[:10]}): "
                  + "; ".join(st.changes))
    if report is not None:
        write_junit(results, summary, report / "junit.xml", repeats=repeats)
        write_html(results, summary, report / "report.html", signoffs=signoffs, repeats=repeats,
                   coverage=suite_coverage(scenarios))
        write_json(results, summary, report / "results.json", signoffs=signoffs, repeats=repeats)
    recorded = 0
    if not args.no_record_failures and not summary.ok:
        from scenarios.failures import record_failures

        try:
            recorded = record_failures(runs, results)
        except Exception as err:  # noqa: BLE001 - the run's verdict stands even if the store is unwritable
            print(f"warning: could not record failures: {type(err).__name__}: {err}", file=sys.stderr)
    _print_summary(summary, repeats)
    if recorded:
        print(f"{recorded} failed turn(s) recorded in the failure store (see `cockpit-sim failures list`)")
    if report is not None:
        print(f"report: {report / 'report.html'}")
    if args.json:
        print_json({**summary.to_dict(), **(repeats.to_dict() if repeats else {})})
    return 0 if summary.ok else 1


def _print_summary(summary, repeats) -> None:
    """The run's counts and rates (of runs, with --repeat), then pass@k / pass^k and the flaky scenarios."""
    medians = ", ".join(f"{k} {v:.0f}" for k, v in summary.stage_median_ms.items())
    print(f"{summary.scenarios} {'run' if repeats else 'scenario'}(s): {summary.passed} passed, {summary.failed} "
          f"failed, {summary.errors} error(s); {summary.turns} turns, one-shot success "
          f"{100 * summary.one_shot_success_rate:.1f}%, repeat rate {100 * summary.repeat_rate:.1f}%; median ms per "
          f"stage: {medians or '-'}; {summary.wall_s:.1f} s")
    for line in repeats.lines() if repeats else ():
        print(line)


def _print_failures(results) -> None:
    """One line per failed scenario (per failed run with --repeat): its first failing step and why."""
    for r in results:
        if r.error:
            print(f"ERROR {r.id} ({r.file}:{r.line}): {r.error}")
        elif not r.ok:
            first = r.first_failure
            print(f"FAIL  {r.id} ({r.file}:{first.line}) steps[{first.index}] {first.summary}: "
                  f"{first.failure_message()}")


def _signoff_statuses(scenarios, results, plan, repeats=None):
    """What changed since each ran scenario was signed off; None when there are no sign-offs (or no store).
    With repeats a scenario's verdict is pass only when every run passed (pass^k)."""
    from scenarios.signoff import run_statuses

    verdicts = ({s.id: "pass" if s.pass_hat_k else "fail" for s in repeats.scenarios} if repeats else
                {r.id: "pass" if r.ok else "fail" for r in results})
    try:
        return run_statuses(scenarios, verdicts, plan)
    except Exception as err:  # noqa: BLE001 - the run's verdict and reports stand without the sign-offs
        print(f"warning: could not read sign-offs: {type(err).__name__}: {err}", file=sys.stderr)
        return None


def _signoffs(args) -> int:
    import sqlite3

    from scenarios.signoff import SignoffStore
    from simulator.cli.argparsing import print_json

    store = SignoffStore()
    try:
        rows = store.history(args.scenario_id) if args.scenario_id else list(store.latest_all().values())
    except (RuntimeError, OSError, sqlite3.Error) as err:
        raise CliError(f"cannot read the sign-off store {store.path}: {err}") from None
    if args.scenario_id and not rows:
        print(f"no sign-off for scenario {args.scenario_id!r} in {store.path}", file=sys.stderr)
        return 1
    for s in rows:
        if args.json:
            print_json(s.to_dict())
        else:
            note = s.note.replace("\n", " ")
            print(f"{s.scenario_id:<40} {s.decision:<8} {s.verdict:<4} {s.signed_at.replace('T', ' ')[:16]}  "
                  f"{s.reviewer:<16} {s.adapter.short}{'  ' + note[:60] if note else ''}")
    if not args.json:
        print(f"{len(rows)} sign-off(s) in {store.path}", file=sys.stderr)
    return 0


def _record(args) -> int:
    from scenarios.durations import DurationError, parse_duration
    from simulator.cli.argparsing import parse_sets
    from scenarios.recorder import record_session, to_yaml
    from multimodal.registry import BackendPlan
    from simulator.session import CockpitSession, SessionConfig
    from simulator.world import InjectError, parse_event

    actions = list(getattr(args, "actions", None) or [])
    if not any(kind in ("say", "respond") for kind, _ in actions):
        raise CliError("give at least one --say (or --respond) to record")
    checked = []
    for kind, value in actions:
        if kind == "advance":
            try:
                value = parse_duration(value)
            except DurationError as err:
                raise CliError(f"--advance {value}: {err}") from None
        elif kind == "inject":
            try:
                parse_event(value)
            except InjectError as err:
                raise CliError(f"--inject {value}: {err}") from None
        checked.append((kind, value))
    config = SessionConfig(seed=args.seed, lang=args.lang, speaker_zone=args.zone, speed_profile=args.speed_profile,
                           overrides=parse_sets(args.sets),
                           backends=BackendPlan.from_flags(command=args.backend, check=False).without("tts"))
    try:
        session = CockpitSession(config)
    except RuntimeError as err:
        raise CliError(str(err)) from None
    for kind, value in checked:
        if kind == "say":
            session.say(value)
        elif kind == "respond":
            if session.pending_suggestion is None:
                raise CliError(f"--respond {value}: no suggestion is pending at {session.world.now_s:g} s "
                               "(use --advance/--inject so that one is raised first)")
            session.respond(value == "accept")
        elif kind == "advance" and value > 0:
            session.advance(value)
        elif kind == "inject":
            session.inject(value)
    out = args.out
    scenario_id = args.scenario_id or (Path(out).stem if out != "-" else "recorded")
    doc = record_session(session, title=args.title or f"Recorded: {scenario_id}", scenario_id=scenario_id)
    text = to_yaml(doc)
    if out == "-":
        sys.stdout.write(text)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        print(f"recorded {sum(1 for s in doc['steps'] if 'say' in s or 'respond' in s)} turn(s) to {out}")
    return 0
