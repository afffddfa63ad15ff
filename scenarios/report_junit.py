"""JUnit XML: one testcase per scenario, so CI dashboards count acceptance tests.

A failed scenario carries a <failure> whose message names the first failing step and why; every
step's detail (time, action, transcript, commands, checks) is in <system-out>. A scenario that
could not run at all (e.g. its model did not load) is an <error>.

With --repeat K > 1 it is still one testcase per scenario, failing unless all K runs passed (pass^K):
the message says how many passed and, for a flaky scenario, starts with "flaky:"; the testcase's
<properties> carry repeat, passed, flaky and the seeds, and <system-out> has every run. Surefire's
<flakyFailure> was not used: it marks a test that failed and then passed on a rerun as passed, which
is pass@K, and most CI readers drop it silently.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from scenarios.expectations import format_commands
from scenarios.model import ScenarioResult, StepResult, format_duration
from scenarios.summary import RunSummary

if TYPE_CHECKING:
    from scenarios.repeats import RepeatSummary, ScenarioRepeat


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: object) -> str:
    """Text XML 1.0 can hold (a transcript may carry control characters)."""
    return _XML_BAD.sub("\ufffd", str(text))


def step_lines(step: StepResult) -> list[str]:
    status = "ok" if step.ok else "FAILED"
    lines = [f"steps[{step.index}] line {step.line} at {format_duration(step.time_s)}: {step.summary} -> {status}"]
    if step.turn:
        t = step.turn
        lines.append(f"    heard: {t.get('transcript')!r} ({t.get('lang')})")
        lines.append(f"    commands: {format_commands(t.get('commands') or [])}")
        lines.append(f"    reply: {t.get('reply')!r}")
        if t.get("changes"):
            lines.append("    changed: " + ", ".join(f"{k} {v['old']} -> {v['new']}" for k, v in t["changes"].items()))
        if t.get("error_codes"):
            lines.append(f"    errors: {', '.join(t['error_codes'])}")
        if t.get("timings_ms"):
            lines.append("    timings: " + ", ".join(f"{k} {v:.0f} ms" for k, v in t["timings_ms"].items()))
    if step.error:
        lines.append(f"    error: {step.error}")
    for c in step.checks:
        lines.append(f"    {'✓' if c.ok else '✗'} {c.kind}: {c.message}")
    if step.note:
        lines.append(f"    note: {step.note}")
    return lines


def scenario_text(result: ScenarioResult) -> str:
    lines = [f"{result.id}: {result.title} ({result.file}:{result.line}, lang {result.lang})"]
    if result.error:
        lines.append(f"error: {result.error}")
    for s in result.steps:
        lines.extend(step_lines(s))
    return "\n".join(lines)


def _classname(file: str) -> str:
    return _x(Path(file).with_suffix("").as_posix().replace("/", "."))


def _repeat_case(suite: ET.Element, rep: ScenarioRepeat, runs: Sequence[ScenarioResult]) -> None:
    """One testcase for a scenario's K runs: it fails unless every run passed."""
    case = ET.SubElement(suite, "testcase", classname=_classname(rep.file), name=_x(rep.id), file=rep.file,
                         line=str(rep.line), time=f"{sum(r.wall_s for r in runs):.3f}")
    props = ET.SubElement(case, "properties")
    for name, value in (("repeat", len(rep.runs)), ("passed", rep.passed), ("flaky", str(rep.flaky).lower()),
                        ("seeds", " ".join(str(o.seed) for o in rep.runs))):
        ET.SubElement(props, "property", name=name, value=str(value))
    failed = [r for r in runs if not r.ok]
    if failed:
        k = len(rep.runs)
        first = failed[0]
        step = first.first_failure
        why = first.error or (f"steps[{step.index}] (line {step.line}, {step.summary}): {step.failure_message()}"
                              if step else "")
        message = f"{'flaky: ' if rep.flaky else ''}{rep.passed} of {k} runs passed; {first.id}: {why}"
        body = "\n".join(f"{r.id}: {r.error or 'failed'}" for r in failed)
        kind = "error" if all(r.error for r in runs) else "failure"
        ET.SubElement(case, kind, message=_x(message), type="ScenarioError" if kind == "error" else
                      "ScenarioFailure").text = _x(body)
    outcomes = [f"run {o.run + 1} (seed {o.seed}): {'pass' if o.ok else 'FAIL'}" for o in rep.runs]
    ET.SubElement(case, "system-out").text = _x("\n\n".join(["\n".join(outcomes), *map(scenario_text, runs)]))


def build_junit(results: Sequence[ScenarioResult], summary: RunSummary, suite_name: str = "scenarios",
                repeats: RepeatSummary | None = None) -> ET.Element:
    """The JUnit tree; with ``repeats`` one testcase per scenario over its runs (see the module doc)."""
    tests, failures, errors = summary.scenarios, summary.failed, summary.errors
    by_id = {r.id: r for r in results}
    if repeats is not None:
        tests = len(repeats.scenarios)
        errors = sum(all(o.error for o in s.runs) for s in repeats.scenarios)
        failures = sum(not s.pass_hat_k for s in repeats.scenarios) - errors
    suites = ET.Element("testsuites", name=suite_name, tests=str(tests), failures=str(failures),
                        errors=str(errors), time=f"{summary.wall_s:.3f}")
    suite = ET.SubElement(suites, "testsuite", name=suite_name, tests=str(tests),
                          failures=str(failures), errors=str(errors), skipped="0",
                          time=f"{sum(r.wall_s for r in results):.3f}")
    props = ET.SubElement(suite, "properties")
    for key, value in summary.backends.items():
        ET.SubElement(props, "property", name=f"backend.{key}", value=str(value))
    ET.SubElement(props, "property", name="one_shot_success_rate", value=f"{summary.one_shot_success_rate:.4f}")
    ET.SubElement(props, "property", name="repeat_rate", value=f"{summary.repeat_rate:.4f}")
    if repeats is not None:
        for name, value in (("repeat", repeats.k), ("pass_at_k", f"{repeats.pass_at_k:.4f}"),
                            ("pass_hat_k", f"{repeats.pass_hat_k:.4f}"), ("flaky", ",".join(repeats.flaky))):
            ET.SubElement(props, "property", name=name, value=_x(value))
        for rep in repeats.scenarios:
            _repeat_case(suite, rep, [by_id[o.id] for o in rep.runs])
        return suites
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=_classname(r.file), name=_x(r.id), file=r.file,
                             line=str(r.line), time=f"{r.wall_s:.3f}")
        if r.error:
            ET.SubElement(case, "error", message=_x(r.error), type="ScenarioError").text = _x(r.error)
        elif not r.ok:
            first = r.first_failure
            message = f"steps[{first.index}] (line {first.line}, {first.summary}): {first.failure_message()}"
            failed = [s for s in r.steps if not s.ok]
            body = "\n".join(line for s in failed for line in step_lines(s))
            ET.SubElement(case, "failure", message=_x(message), type="ScenarioFailure").text = _x(body)
        ET.SubElement(case, "system-out").text = _x(scenario_text(r))
    return suites


def write_junit(results: Sequence[ScenarioResult], summary: RunSummary, path: str | Path,
                suite_name: str = "scenarios", repeats: RepeatSummary | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree = ET.ElementTree(build_junit(results, summary, suite_name, repeats))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
