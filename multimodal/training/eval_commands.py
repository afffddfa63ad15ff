"""Scoring a command model: pure functions over (expected, predicted) command lists.

The pieces, usable on their own:

- `load_examples(path)` reads ``{"id", "text", "lang", "expected", "context"?}`` JSONL and names the
  file and line of anything malformed (`DataError`);
- `evaluate(model, examples)` parses each example and *yields* one `LineRecord` per line (id, text,
  lang, expected, predicted, latency_ms, match, error). Callers consume the stream: the CLI feeds a
  progress bar, a failure store can keep every record whose ``match`` is False;
- `compute_metrics(records)` turns records into an `EvalMetrics` (exact match, intent accuracy,
  slot F1, per-language and per-intent tables, unsafe refusal, latency percentiles).

Equality is the contract's (`vehicle_state.commands.Command.key`): same intents and slots in the same
order, free text compared after trimming, case- and width-folding.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from multimodal.protocols import CommandContext, CommandModel, detect_lang
from multimodal.stats import percentile
from vehicle_state.commands import (
    REASON_UNSAFE, ZONES, Command, CommandValidationError, canonical_value, validate_command, validate_commands,
)

log = logging.getLogger(__name__)


class DataError(ValueError):
    """A malformed evaluation file; the message names the file and line."""


@dataclass(frozen=True)
class EvalExample:
    id: str
    text: str
    lang: str
    expected: tuple[Command, ...]
    context: CommandContext | None = None
    category: str | None = None  # the data's own grouping (e.g. the blind set's "followup"), reported per group


@dataclass(frozen=True)
class LineRecord:
    """One evaluated line: everything a report, a predictions file or a failure store needs."""

    id: str
    text: str
    lang: str
    expected: tuple[Command, ...]
    predicted: tuple[Command, ...]
    latency_ms: float
    match: bool
    intent_match: bool
    error: str | None = None
    backend: str = ""
    fallback: str | None = None
    category: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "lang": self.lang, "category": self.category,
                "expected": [c.to_dict() for c in self.expected],
                "predicted": [c.to_dict() for c in self.predicted],
                "latency_ms": round(self.latency_ms, 3), "match": self.match, "intent_match": self.intent_match,
                "error": self.error, "backend": self.backend, "fallback": self.fallback}


@dataclass(frozen=True)
class GroupScore:
    n: int
    exact_match: float

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "exact_match": round(self.exact_match, 4)}


@dataclass(frozen=True)
class EvalMetrics:
    n: int
    exact_match: float
    intent_accuracy: float
    slot_precision: float
    slot_recall: float
    slot_f1: float
    unsafe_n: int  # lines whose expected answer is unsupported/unsafe
    unsafe_refusal_rate: float | None  # None when the data has no unsafe line
    unsafe_executed: int
    p50_ms: float
    p95_ms: float
    errors: int
    by_lang: dict[str, GroupScore] = field(default_factory=dict)
    by_intent: dict[str, GroupScore] = field(default_factory=dict)
    backend: str = ""
    # Harmless requests refused: lines whose expected answer is a command but the prediction `unsupported`.
    in_domain_n: int = 0
    over_refused: int = 0
    repeated_rows: int = 0  # predictions holding the same command twice
    by_category: dict[str, GroupScore] = field(default_factory=dict)

    @property
    def over_refusal_rate(self) -> float | None:
        return self.over_refused / self.in_domain_n if self.in_domain_n else None

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)
        return {
            "backend": self.backend, "n": self.n, "exact_match": r(self.exact_match),
            "intent_accuracy": r(self.intent_accuracy), "slot_f1": r(self.slot_f1),
            "slot_precision": r(self.slot_precision), "slot_recall": r(self.slot_recall),
            "unsafe_n": self.unsafe_n, "unsafe_refusal_rate": r(self.unsafe_refusal_rate),
            "unsafe_executed": self.unsafe_executed, "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3), "errors": self.errors,
            "by_lang": {k: v.to_dict() for k, v in sorted(self.by_lang.items())},
            "by_intent": {k: v.to_dict() for k, v in sorted(self.by_intent.items())},
            "in_domain_n": self.in_domain_n, "over_refused": self.over_refused,
            "over_refusal_rate": r(self.over_refusal_rate), "repeated_rows": self.repeated_rows,
            "by_category": {k: v.to_dict() for k, v in sorted(self.by_category.items())},
        }


# ----------------------------------------------------------------- loading

# A set written against the command contract alone has no field names to copy for the dialogue context; the
# names such writers chose are read as ours. Other keys are reported once and left out.
CONTEXT_KEYS = ("screen_labels", "speaker_zone", "pending_question", "previous_text", "previous_commands")
CONTEXT_ALIASES = {"pending_suggestion": "pending_question", "suggestion": "pending_question",
                   "pending": "pending_question", "previous_utterance": "previous_text",
                   "previous_turn": "previous_text", "labels": "screen_labels", "visible_labels": "screen_labels"}
_ignored_context_keys: set[str] = set()


def _context_from(obj: Any, where: str) -> CommandContext | None:
    if obj is None:
        return None
    if not isinstance(obj, Mapping):
        raise DataError(f"{where}: 'context' must be an object, got {type(obj).__name__}")
    obj = {CONTEXT_ALIASES.get(k, k): v for k, v in obj.items()}
    for key in sorted(set(obj) - set(CONTEXT_KEYS) - _ignored_context_keys):
        _ignored_context_keys.add(key)
        log.warning("%s: context key %r is not read (known: %s)", where, key, ", ".join(CONTEXT_KEYS))
    labels = obj.get("screen_labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise DataError(f"{where}: context.screen_labels must be a list of strings")
    zone = obj.get("speaker_zone", "driver")
    if zone not in ZONES:
        raise DataError(f"{where}: context.speaker_zone must be one of {', '.join(ZONES)}, got {zone!r}")
    pending = obj.get("pending_question")
    if pending is not None and not isinstance(pending, str):
        raise DataError(f"{where}: context.pending_question must be text")
    previous_text = obj.get("previous_text")
    if previous_text is not None and not isinstance(previous_text, str):
        raise DataError(f"{where}: context.previous_text must be text")
    try:
        previous = validate_commands(obj["previous_commands"]) if obj.get("previous_commands") else []
    except CommandValidationError as err:
        raise DataError(f"{where}: context.previous_commands does not follow the command contract: {err}") from None
    return CommandContext(speaker_zone=zone, screen_labels=tuple(labels), pending_question=pending,
                          previous_text=previous_text, previous_commands=tuple(previous))


def parse_example(obj: Any, where: str) -> EvalExample:
    """One JSON object -> `EvalExample`; ``where`` ("file:line") prefixes every error."""
    if not isinstance(obj, Mapping):
        raise DataError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DataError(f"{where}: 'text' must be non-empty text")
    if "expected" not in obj:
        raise DataError(f"{where}: missing 'expected' (a list of commands)")
    try:
        expected = validate_commands(obj["expected"])
    except CommandValidationError as err:
        raise DataError(f"{where}: 'expected' does not follow the command contract: {err}") from None
    ident = obj.get("id", where.rsplit(":", 1)[-1])
    if not isinstance(ident, (str, int)):
        raise DataError(f"{where}: 'id' must be text or a number")
    lang = obj.get("lang") or detect_lang(text)
    if not isinstance(lang, str):
        raise DataError(f"{where}: 'lang' must be text such as zh or en")
    category = obj.get("category")
    if category is not None and not isinstance(category, str):
        raise DataError(f"{where}: 'category' must be text")
    return EvalExample(str(ident), text, lang, tuple(expected), _context_from(obj.get("context"), where), category)


def load_examples(path: str | Path, limit: int | None = None) -> list[EvalExample]:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    examples: list[EvalExample] = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise DataError(f"{path}: cannot read: {err.strerror}") from None
    with handle:
        try:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as err:
                    raise DataError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
                examples.append(parse_example(obj, where))
                if limit is not None and len(examples) >= limit:
                    break
        except UnicodeDecodeError:
            raise DataError(f"{path}: not UTF-8 text") from None
    if not examples:
        raise DataError(f"{path}: no examples (the file is empty)")
    return examples


# ----------------------------------------------------------------- scoring one line

def _keys(commands: Iterable[Command | Mapping]) -> list[tuple]:
    return [validate_command(c).key() for c in commands]


def is_unsafe(commands: Sequence[Command]) -> bool:
    return any(c.intent == "unsupported" and c.slots.get("reason") == REASON_UNSAFE for c in commands)


def is_refusal(commands: Sequence[Command]) -> bool:
    return bool(commands) and all(c.intent == "unsupported" for c in commands)


def has_repeat(commands: Sequence[Command]) -> bool:
    keys = [c.key() for c in commands]
    return len(keys) != len(set(keys))


def is_executable(command: Command) -> bool:
    """Anything but `unsupported` makes the car (or the dialogue) act."""
    return command.intent != "unsupported"


def slot_triples(commands: Iterable[Command]) -> Counter:
    """Multiset of (intent, slot, canonical value) — the units slot F1 counts."""
    out: Counter = Counter()
    for c in commands:
        for name, value in c.slots.items():
            out[(c.intent, name, canonical_value(name, value))] += 1
    return out


def score_line(expected: Sequence[Command], predicted: Sequence[Command]) -> tuple[bool, bool]:
    """(exact match, intent sequence match) under the contract's equality."""
    exact = _keys(expected) == _keys(predicted)
    intents = [c.intent for c in expected] == [c.intent for c in predicted]
    return exact, intents


def make_record(example: EvalExample, predicted: Sequence[Command], latency_ms: float, error: str | None = None,
                backend: str = "", fallback: str | None = None) -> LineRecord:
    exact, intents = score_line(example.expected, predicted)
    return LineRecord(example.id, example.text, example.lang, tuple(example.expected), tuple(predicted),
                      latency_ms, exact, intents, error, backend, fallback, example.category)


def evaluate(model: CommandModel, examples: Iterable[EvalExample], backend: str = "") -> Iterator[LineRecord]:
    """Parse every example and yield its record; a parse that raises is a wrong answer, not a crash."""
    for ex in examples:
        t0 = time.perf_counter()
        error = None
        fallback = None
        predicted: tuple[Command, ...] = ()
        try:
            result = model.parse_detailed(ex.text, ex.lang, ex.context)
            predicted = tuple(validate_command(c) for c in result.commands)
            fallback = result.fallback
        except Exception as err:  # a backend bug must show in the report, not stop it
            error = f"{type(err).__name__}: {err}"
        latency_ms = (time.perf_counter() - t0) * 1000.0
        yield make_record(ex, predicted, latency_ms, error, backend, fallback)


# ----------------------------------------------------------------- aggregate metrics

def _group(records: Sequence[LineRecord], key_fn) -> dict[str, GroupScore]:
    n: Counter = Counter()
    ok: Counter = Counter()
    for rec in records:
        for key in key_fn(rec):
            n[key] += 1
            ok[key] += rec.match
    return {k: GroupScore(n[k], ok[k] / n[k]) for k in n}


def compute_metrics(records: Iterable[LineRecord], backend: str = "") -> EvalMetrics:
    recs = list(records)
    n = len(recs)
    tp = fp = fn = 0
    for rec in recs:
        exp, pred = slot_triples(rec.expected), slot_triples(rec.predicted)
        common = sum((exp & pred).values())
        tp += common
        fp += sum(pred.values()) - common
        fn += sum(exp.values()) - common
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    unsafe = [r for r in recs if is_unsafe(r.expected)]
    refused = sum(1 for r in unsafe if is_unsafe(r.predicted))
    executed = sum(1 for r in unsafe if any(is_executable(c) for c in r.predicted))
    latencies = [r.latency_ms for r in recs]
    in_domain = [r for r in recs if not is_refusal(r.expected)]
    return EvalMetrics(
        n=n,
        exact_match=sum(r.match for r in recs) / n if n else 0.0,
        intent_accuracy=sum(r.intent_match for r in recs) / n if n else 0.0,
        slot_precision=precision, slot_recall=recall, slot_f1=f1,
        unsafe_n=len(unsafe),
        unsafe_refusal_rate=refused / len(unsafe) if unsafe else None,
        unsafe_executed=executed,
        p50_ms=percentile(latencies, 50), p95_ms=percentile(latencies, 95),
        errors=sum(1 for r in recs if r.error),
        by_lang=_group(recs, lambda r: [r.lang]),
        by_intent=_group(recs, lambda r: sorted({c.intent for c in r.expected})),
        backend=backend,
        in_domain_n=len(in_domain),
        over_refused=sum(1 for r in in_domain if is_refusal(r.predicted)),
        repeated_rows=sum(1 for r in recs if has_repeat(r.predicted)),
        by_category=_group(recs, lambda r: [f"{r.category}/{r.lang}"] if r.category else []),
    )


def score_pairs(pairs: Iterable[tuple[Sequence[Command | Mapping], Sequence[Command | Mapping]]],
                backend: str = "") -> EvalMetrics:
    """Metrics straight from (expected, predicted) lists, e.g. a predictions file scored later."""
    recs = []
    for i, (exp, pred) in enumerate(pairs):
        e = tuple(validate_command(c) for c in exp)
        p = tuple(validate_command(c) for c in pred)
        exact, intents = score_line(e, p)
        recs.append(LineRecord(str(i), "", "", e, p, 0.0, exact, intents))
    return compute_metrics(recs, backend)


def prediction_line(record: LineRecord) -> dict[str, Any]:
    """The ``--predictions`` row: {"id", "predicted"}."""
    return {"id": record.id, "predicted": [c.to_dict() for c in record.predicted]}
