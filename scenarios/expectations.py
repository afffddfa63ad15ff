"""Checking an `expect` against what happened: pure functions of the last turn (a TurnResult), the
state and the suggestions (no session), so they are fast to test and the same in every worker process.
Each Check keeps its expected/actual values as plain data, for the reports.

Commands compare under the contract's equality (`vehicle_state.commands`): free text folds case and
width, numbers compare by value. Text checks (reply, transcript) are case- and width-insensitive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from scenarios.model import Check
from vehicle_state.commands import validate_command
from vehicle_state.signals import SIGNALS

if TYPE_CHECKING:
    from simulator.turn import TurnResult

EQUAL_TOL = 1e-6
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass
class Observation:
    """What an expect can see: the last turn, the state now and the suggestions so far."""

    turn: TurnResult | None
    state: Mapping[str, Any]
    suggestions: Sequence[Mapping[str, Any]] = ()  # every suggestion raised: {rule, sim_time_s, ...}
    window_start: int = 0  # index into suggestions where "since the last expect" begins
    pending_rule: str | None = None
    error_codes: Sequence[str] = field(default_factory=tuple)  # of the last turn, incl. recovered ones


def evaluate(expect: Mapping[str, Any], obs: Observation) -> list[Check]:
    checks: list[Check] = []
    for kind, spec in expect.items():
        checks.extend(_CHECKERS[kind](spec, obs))
    return checks


# ------------------------------------------------------------------------------ formatting
def format_command(cmd: Mapping[str, Any]) -> str:
    slots = cmd.get("slots") or {}
    inner = ", ".join(f"{k}={_fmt_value(v)}" for k, v in slots.items())
    return f"{cmd['intent']}({inner})"


def format_commands(cmds: Sequence[Mapping[str, Any]]) -> str:
    return "[" + ", ".join(format_command(c) for c in cmds) + "]" if cmds else "[] (no commands)"


def _fmt_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def fold(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def _loose(text: Any) -> str:
    """For transcripts: also ignore punctuation and spaces ("Turn on the AC." ~ "turn on the ac")."""
    return _PUNCT.sub("", fold(text))


# ------------------------------------------------------------------------------ commands
def _keys(cmds: Sequence[Mapping[str, Any]]) -> list:
    return [validate_command(c).key() for c in cmds]


def check_commands(spec: Mapping[str, Any], obs: Observation) -> list[Check]:
    commands = list(obs.turn.commands) if obs.turn else []
    actual = [c.to_dict() for c in commands]
    got = format_commands(actual)
    mode = spec["mode"]
    if mode == "intents":
        intents = [c.intent for c in commands]
        ok = intents == list(spec["intents"])
        return [Check("commands", ok, f"intents {intents}" if ok else
                      f"expected intents {spec['intents']}, got {intents} from {got}", spec["intents"], actual)]
    actual_keys = [c.key() for c in commands]
    if mode == "exact":
        ok = actual_keys == _keys(spec["commands"])
        want = format_commands(spec["commands"])
        return [Check("commands", ok, got if ok else f"expected {want}, got {got}", spec["commands"], actual)]
    if mode == "any_of":
        ok = any(actual_keys == _keys(alt) for alt in spec["alternatives"])
        want = " or ".join(format_commands(a) for a in spec["alternatives"])
        return [Check("commands", ok, got if ok else f"expected one of {want}, got {got}", spec["alternatives"],
                      actual)]
    missing = [c for c in spec["commands"] if validate_command(c).key() not in actual_keys]
    ok = not missing
    return [Check("commands", ok, f"{got} contains {format_commands(spec['commands'])}" if ok else
                  f"missing {format_commands(missing)} in {got}", spec["commands"], actual)]


# ------------------------------------------------------------------------------ signals
def _equal(sig_kind: str, actual: Any, expected: Any) -> bool:
    if sig_kind in ("float", "int") and isinstance(actual, (int, float)) and isinstance(expected, (int, float)):
        return abs(float(actual) - float(expected)) <= EQUAL_TOL
    if sig_kind == "list":
        return sorted(fold(a) for a in actual or []) == sorted(fold(e) for e in expected or [])
    if sig_kind == "text":
        return fold(actual or "") == fold(expected or "")
    return actual == expected


def check_signal(name: str, spec: Mapping[str, Any], state: Mapping[str, Any]) -> Check:
    sig = SIGNALS[name]
    actual = state.get(name)
    kind = f"signals.{name}"
    problems: list[str] = []
    if "equals" in spec and not _equal(sig.kind, actual, spec["equals"]):
        problems.append(f"expected {_fmt_value(spec['equals'])}")
    if "not" in spec and _equal(sig.kind, actual, spec["not"]):
        problems.append(f"expected anything but {_fmt_value(spec['not'])}")
    if "approx" in spec and not (isinstance(actual, (int, float))
                                 and abs(float(actual) - spec["approx"]) <= spec["tol"] + EQUAL_TOL):
        problems.append(f"expected {spec['approx']:g} ± {spec['tol']:g}")
    if "min" in spec and not (isinstance(actual, (int, float)) and actual >= spec["min"] - EQUAL_TOL):
        problems.append(f"expected at least {spec['min']:g}")
    if "max" in spec and not (isinstance(actual, (int, float)) and actual <= spec["max"] + EQUAL_TOL):
        problems.append(f"expected at most {spec['max']:g}")
    if "one_of" in spec and not any(_equal(sig.kind, actual, v) for v in spec["one_of"]):
        problems.append(f"expected one of {', '.join(_fmt_value(v) for v in spec['one_of'])}")
    if "contains" in spec or "not_contains" in spec:
        items = [fold(a) for a in actual] if isinstance(actual, list) else None
        text = fold(actual or "")

        def has(item: str) -> bool:
            return fold(item) in items if items is not None else fold(item) in text

        missing = [v for v in spec.get("contains", []) if not has(v)]
        present = [v for v in spec.get("not_contains", []) if has(v)]
        if missing:
            problems.append(f"expected it to contain {', '.join(missing)}")
        if present:
            problems.append(f"expected it not to contain {', '.join(present)}")
    shown = _fmt_value(actual) if not isinstance(actual, list) else str(actual)
    if problems:
        return Check(kind, False, f"{'; '.join(problems)}, got {shown}", dict(spec), actual)
    return Check(kind, True, f"= {shown}", dict(spec), actual)


def check_signals(spec: Mapping[str, Mapping[str, Any]], obs: Observation) -> list[Check]:
    return [check_signal(name, m, obs.state) for name, m in spec.items()]


# ------------------------------------------------------------------------------ suggestions
def check_suggestion(spec: Mapping[str, Any], obs: Observation) -> list[Check]:
    start = 0 if spec.get("since") == "start" else obs.window_start
    window = [s["rule"] for s in obs.suggestions[start:]]
    span = "so far" if start == 0 else "since the last expect"
    seen = ", ".join(window) if window else "none"
    checks = []
    for rule in spec.get("raised", []):
        ok = rule in window
        checks.append(Check("suggestion.raised", ok, f"{rule} raised {span}" if ok else
                            f"expected {rule} to be raised {span}; raised: {seen}", rule, window))
    not_raised = spec.get("not_raised")
    if not_raised == "any":
        ok = not window
        checks.append(Check("suggestion.not_raised", ok, f"no suggestion {span}" if ok else
                            f"expected no suggestion {span}; raised: {seen}", [], window))
    elif not_raised:
        bad = [r for r in not_raised if r in window]
        checks.append(Check("suggestion.not_raised", not bad, f"none of {', '.join(not_raised)} {span}" if not bad
                            else f"expected {', '.join(bad)} not to be raised {span}", not_raised, window))
    if "pending" in spec:
        want = spec["pending"]
        if want is True:
            ok = obs.pending_rule is not None
        else:
            ok = obs.pending_rule == want
        checks.append(Check("suggestion.pending", ok, f"pending: {obs.pending_rule or 'none'}" if ok else
                            f"expected pending {'any' if want is True else want or 'none'}, "
                            f"got {obs.pending_rule or 'none'}", want, obs.pending_rule))
    for key, accepted in (("accepted", True), ("declined", False)):
        if key in spec:
            answer = obs.turn.suggestion if obs.turn else None
            ok = answer is not None and answer.rule == spec[key] and answer.accepted is accepted
            actual = f"{answer.rule} {'accepted' if answer.accepted else 'declined'}" if answer else \
                "the last turn answered no suggestion"
            checks.append(Check(f"suggestion.{key}", ok, actual if ok else f"expected {spec[key]} {key}, got {actual}",
                                spec[key], answer.to_dict() if answer else None))
    return checks


# ------------------------------------------------------------------------------ text
def check_text(kind: str, spec: Mapping[str, list[str]], actual: str | None, loose: bool = False) -> list[Check]:
    norm = _loose if loose else fold
    got = norm(actual or "")
    shown = repr(actual or "")
    checks = []
    if "contains" in spec:
        ok = any(norm(v) in got for v in spec["contains"])
        want = " or ".join(repr(v) for v in spec["contains"])
        checks.append(Check(kind, ok, f"{shown} contains {want}" if ok else f"expected {want} in {shown}",
                            spec["contains"], actual))
    if "contains_all" in spec:
        missing = [v for v in spec["contains_all"] if norm(v) not in got]
        checks.append(Check(kind, not missing, f"{shown} contains all" if not missing else
                            f"expected {', '.join(repr(m) for m in missing)} in {shown}", spec["contains_all"], actual))
    if "not_contains" in spec:
        present = [v for v in spec["not_contains"] if norm(v) in got]
        checks.append(Check(kind, not present, f"{shown} avoids {spec['not_contains']}" if not present else
                            f"expected no {', '.join(repr(p) for p in present)} in {shown}", spec["not_contains"],
                            actual))
    if "equals" in spec:
        ok = any(norm(v) == got for v in spec["equals"])
        checks.append(Check(kind, ok, shown if ok else f"expected {' or '.join(repr(v) for v in spec['equals'])}, "
                            f"got {shown}", spec["equals"], actual))
    return checks


def check_reply(spec: Mapping[str, list[str]], obs: Observation) -> list[Check]:
    return check_text("reply", spec, obs.turn.reply if obs.turn else None)


def check_transcript(spec: Mapping[str, list[str]], obs: Observation) -> list[Check]:
    return check_text("transcript", spec, obs.turn.transcript if obs.turn else None, loose=True)


# ------------------------------------------------------------------------------ the rest
def check_latency(spec: Mapping[str, float], obs: Observation) -> list[Check]:
    timings = {str(stage): ms for stage, ms in obs.turn.timings_ms.items()} if obs.turn else {}
    timings["total"] = sum(timings.values())
    checks = []
    for stage, budget in spec.items():
        if stage not in timings:
            checks.append(Check(f"latency_ms.{stage}", True, f"the {stage} stage did not run in this turn", budget))
            continue
        ms = timings[stage]
        ok = ms <= budget
        checks.append(Check(f"latency_ms.{stage}", ok, f"{ms:.0f} ms <= {budget:.0f} ms" if ok else
                            f"{ms:.0f} ms is over the {budget:.0f} ms budget", budget, ms))
    return checks


def code_matches(code: str, expected: str) -> bool:
    return code == expected or code.startswith(expected.rstrip("-") + "-")


def check_error(expected: str | None, obs: Observation) -> list[Check]:
    codes = list(obs.error_codes)
    if expected is None:
        ok = not codes
        return [Check("error", ok, "no error" if ok else f"expected no error, got {', '.join(codes)}", None, codes)]
    ok = any(code_matches(c, expected) for c in codes)
    return [Check("error", ok, f"error {', '.join(codes)}" if ok else
                  f"expected error {expected}, got {', '.join(codes) or 'no error'}", expected, codes)]


def check_tap(spec: Mapping[str, str] | None, obs: Observation) -> list[Check]:
    target = obs.turn.screen.target_dict() if obs.turn and obs.turn.screen else None
    if spec is None:
        ok = target is None
        return [Check("tap", ok, "nothing tapped" if ok else f"expected no tap, tapped {target['label']!r}", None,
                      target)]
    if target is None:
        return [Check("tap", False, f"expected a tap on {spec.get('label') or spec.get('control')!r}, "
                      "but nothing was tapped", spec, None)]
    problems = []
    if "label" in spec and fold(target.get("label")) != fold(spec["label"]):
        problems.append(f"label {spec['label']!r}")
    if "control" in spec and target.get("control_id") != spec["control"]:
        problems.append(f"control {spec['control']!r}")
    shown = f"{target.get('label')!r} ({target.get('control_id') or 'no id'}) at {target.get('center')}"
    return [Check("tap", not problems, f"tapped {shown}" if not problems else
                  f"expected {' and '.join(problems)}, tapped {shown}", spec, target)]


def check_outcome(spec: Mapping[str, list[str]], obs: Observation) -> list[Check]:
    outcomes = list(obs.turn.outcomes) if obs.turn else []
    statuses = [o.status for o in outcomes]
    reasons = [o.reason for o in outcomes]
    checks = []
    if "status" in spec:
        ok = bool(outcomes) and all(s in spec["status"] for s in statuses)
        checks.append(Check("outcome.status", ok, f"statuses {statuses}" if ok else
                            f"expected every outcome to be {' or '.join(spec['status'])}, got {statuses or 'none'}",
                            spec["status"], statuses))
    if "reason" in spec:
        ok = bool(outcomes) and all(r in spec["reason"] for r in reasons)
        checks.append(Check("outcome.reason", ok, f"reasons {reasons}" if ok else
                            f"expected reason {' or '.join(spec['reason'])}, got {reasons or 'none'}",
                            spec["reason"], reasons))
    return checks


def _changes(obs: Observation) -> dict[str, dict[str, Any]]:
    if obs.turn is None:
        return {}
    return {name: {"old": c.old, "new": c.new} for name, c in obs.turn.changes.items()}


def check_changed(names: Sequence[str], obs: Observation) -> list[Check]:
    changes = _changes(obs)
    missing = [n for n in names if n not in changes]
    return [Check("changed", not missing, f"changed {', '.join(names)}" if not missing else
                  f"expected the turn to change {', '.join(missing)}; it changed {', '.join(changes) or 'nothing'}",
                  list(names), sorted(changes))]


def check_unchanged(spec: Sequence[str] | bool, obs: Observation) -> list[Check]:
    changes = _changes(obs)
    if spec is True:
        ok = not changes
        return [Check("unchanged", ok, "the turn changed nothing" if ok else
                      f"expected no change, the turn changed {_describe_changes(changes)}", True, changes)]
    changed = [n for n in spec if n in changes]
    return [Check("unchanged", not changed, f"{', '.join(spec)} unchanged" if not changed else
                  f"expected {', '.join(changed)} unchanged, got {_describe_changes({n: changes[n] for n in changed})}",
                  list(spec), changes)]


def _describe_changes(changes: Mapping[str, Mapping[str, Any]]) -> str:
    return ", ".join(f"{k} {_fmt_value(v.get('old'))} -> {_fmt_value(v.get('new'))}" for k, v in changes.items())


def check_lang(expected: str, obs: Observation) -> list[Check]:
    got = obs.turn.lang if obs.turn else None
    return [Check("lang", got == expected, f"lang {got}" if got == expected else f"expected {expected}, got {got}",
                  expected, got)]


_CHECKERS = {
    "commands": check_commands, "signals": check_signals, "suggestion": check_suggestion, "reply": check_reply,
    "transcript": check_transcript, "latency_ms": check_latency, "error": check_error, "tap": check_tap,
    "outcome": check_outcome, "changed": check_changed, "unchanged": check_unchanged, "lang": check_lang,
}
