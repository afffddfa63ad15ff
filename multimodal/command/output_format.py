"""The command model's prompt and output format: one module for training, inference and failure export.

Prompt: the utterance on its own last line, preceded by optional head lines, each only when it
has content, in this order: ``prev:`` the previous turn's commands in the output format below,
joined by `` ; `` (so "close it again" can name the device just opened); ``asked:`` a question the
cockpit is waiting on (so "行，关上吧" answers it); ``screen:`` the labels visible on screen (for
``screen.tap``). Without context the prompt is the utterance line alone, as the shipped adapter
was trained. The speaker zone is NOT in the prompt: the contract never lets a model fill in a
default zone.

Output (one command per line, then end-of-sequence) is a compact form of the contract JSON,
chosen to cost few tokens because every generated token is one forward pass on the CPU::

    temp value=22 @driver          {"intent": "hvac.set_temperature", "slots": {"value": 22, "zone": "driver"}}
    seatheat on level=2            {"intent": "seat.heat", "slots": {"on": true, "level": 2}}
    navigate destination=天安门     {"intent": "nav.navigate", "slots": {"destination": "天安门"}}
    unsafe                         {"intent": "unsupported", "slots": {"reason": "unsafe"}}

Rules: an alias names the intent (``ALIASES``); ``on``/``off`` is the ``on`` slot; ``@zone`` the zone;
a bare ``up``/``down``/``next``/``previous`` the direction; anything else is ``slot=value``. The one
free-text slot an intent can have is written last and runs to the end of the line, so it needs
no quoting. Decoding is strict (unknown words, repeated slots, malformed numbers are errors) and
the result is validated against the contract, so encode/decode round-trips losslessly.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Mapping, Sequence

from vehicle_state.commands import (
    INTENTS, MAX_COMMANDS_PER_UTTERANCE, REASON_OUT_OF_DOMAIN, REASON_UNSAFE, ZONES, Command,
    CommandValidationError, validate_command, validate_commands,
)

FORMAT_VERSION = "cmdline-1"

# intent -> (alias, fixed slots). Fixed slots let a one-word alias stand for a whole command.
ALIASES: dict[str, tuple[str, dict[str, Any]]] = {
    "hvac.power": ("climate", {}),
    "hvac.set_temperature": ("temp", {}),
    "hvac.adjust_temperature": ("tempadj", {}),
    "hvac.set_fan": ("fan", {}),
    "hvac.adjust_fan": ("fanadj", {}),
    "hvac.ac": ("ac", {}),
    "hvac.auto": ("auto", {}),
    "hvac.recirculation": ("recirc", {}),
    "hvac.defrost": ("defrost", {}),
    "seat.heat": ("seatheat", {}),
    "seat.ventilate": ("seatvent", {}),
    "seat.massage": ("massage", {}),
    "window.open": ("winopen", {}),
    "window.close": ("winclose", {}),
    "sunroof.open": ("roofopen", {}),
    "sunroof.close": ("roofclose", {}),
    "light.ambient": ("ambient", {}),
    "light.reading": ("reading", {}),
    "media.play": ("play", {}),
    "media.pause": ("pause", {}),
    "media.skip": ("skip", {}),
    "media.set_volume": ("volume", {}),
    "media.adjust_volume": ("voladj", {}),
    "media.mute": ("mute", {}),
    "nav.navigate": ("navigate", {}),
    "nav.cancel": ("navcancel", {}),
    "nav.avoid": ("avoid", {}),
    "phone.call": ("call", {}),
    "phone.hang_up": ("hangup", {}),
    "query.vehicle": ("status", {}),
    "query.weather": ("weather", {}),
    "query.warning": ("warning", {}),
    "screen.tap": ("tap", {}),
    "dialog.confirm": ("yes", {}),
    "dialog.reject": ("no", {}),
}
UNSUPPORTED_ALIASES = {"unsafe": REASON_UNSAFE, "ood": REASON_OUT_OF_DOMAIN}

_BY_ALIAS: dict[str, str] = {alias: intent for intent, (alias, _) in ALIASES.items()}
BARE_DIRECTIONS = ("up", "down", "next", "previous")
BOOL_WORDS = {"on": True, "off": False}
_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?\Z")
LINE_SEP = "\n"

assert set(ALIASES) | {"unsupported"} == set(INTENTS), "every intent needs an alias"


class FormatError(CommandValidationError):
    """Model output that is not a well-formed command list in the compact format."""


# ----------------------------------------------------------------------------- prompt
PREV_HEAD, ASKED_HEAD, SCREEN_HEAD = "prev: ", "asked: ", "screen: "
PREV_SEP = " ; "


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def build_prompt(text: str, screen_labels: Sequence[str] = (),
                 previous_commands: Sequence[Command | Mapping[str, Any]] = (),
                 pending_question: str | None = None) -> str:
    """The text the model continues. The tokenizer adds its own BOS."""
    head = ""
    if previous_commands:
        head += PREV_HEAD + PREV_SEP.join(encode_command(c) for c in previous_commands) + "\n"
    if pending_question is not None and _one_line(pending_question):
        head += ASKED_HEAD + _one_line(pending_question) + "\n"
    labels = [_one_line(label) for label in screen_labels if str(label).strip()]
    if labels:
        head += SCREEN_HEAD + " | ".join(labels) + "\n"
    return f"{head}{_one_line(text)}\n"


INSTRUCTION = (
    "Turn the in-car voice command into cockpit commands, one per line, in the compact format "
    "(alias, on/off, @zone, up/down, slot=value; free text last). Optional lines before the utterance: "
    "'prev:' the commands of the previous turn (what 'it', 'that', 'again', 'too' refer to), 'asked:' a "
    "question waiting for an answer, 'screen:' the labels visible on screen.")


# ----------------------------------------------------------------------------- encode
def _fmt_number(value: Any) -> str:
    f = float(value)
    if f.is_integer():
        return str(int(f))
    return repr(f)


def _text_slot(intent: str) -> str | None:
    names = [n for n, s in INTENTS[intent].slots.items() if s.kind == "text"]
    return names[0] if names else None


def encode_command(command: Command | Mapping[str, Any]) -> str:
    cmd = validate_command(command)
    if cmd.intent == "unsupported":
        return "unsafe" if cmd.slots["reason"] == REASON_UNSAFE else "ood"
    alias, _fixed = ALIASES[cmd.intent]
    parts = [alias]
    text_slot = _text_slot(cmd.intent)
    for name, spec in INTENTS[cmd.intent].slots.items():  # the contract's slot order, text last
        if name not in cmd.slots or name == text_slot:
            continue
        value = cmd.slots[name]
        if name == "on":
            parts.append("on" if value else "off")
        elif name == "zone":
            parts.append("@" + value)
        elif name == "direction":
            parts.append(value)
        elif spec.kind in ("number", "int"):
            parts.append(f"{name}={_fmt_number(value)}")
        else:
            parts.append(f"{name}={value}")
    if text_slot and text_slot in cmd.slots:
        # Only line breaks are folded (they separate commands); inner spacing is kept as said.
        value = str(cmd.slots[text_slot]).replace("\r", " ").replace("\n", " ").strip()
        parts.append(f"{text_slot}={value}")
    return " ".join(parts)


def encode(commands: Iterable[Command | Mapping[str, Any]]) -> str:
    cmds = validate_commands(list(commands))
    return LINE_SEP.join(encode_command(c) for c in cmds)


# ----------------------------------------------------------------------------- decode
def _parse_number(raw: str, where: str) -> int | float:
    if not _NUMBER_RE.match(raw):
        raise FormatError(f"{where}: {raw!r} is not a number")
    f = float(raw)
    if not math.isfinite(f):
        raise FormatError(f"{where}: {raw!r} is not a finite number")
    return int(f) if f.is_integer() and "." not in raw else f


def decode_command(line: str) -> Command:
    line = line.strip()
    if not line:
        raise FormatError("empty command line")
    head, _, rest = line.partition(" ")
    if head in UNSUPPORTED_ALIASES:
        if rest.strip():
            raise FormatError(f"'{head}' takes no slots, got {rest.strip()!r}")
        return validate_command({"intent": "unsupported", "slots": {"reason": UNSUPPORTED_ALIASES[head]}})
    intent = _BY_ALIAS.get(head)
    if intent is None:
        raise FormatError(f"unknown command alias {head!r}")
    spec = INTENTS[intent]
    text_slot = _text_slot(intent)
    slots: dict[str, Any] = dict(ALIASES[intent][1])

    def put(name: str, value: Any) -> None:
        if name not in spec.slots:
            raise FormatError(f"{head}: {intent} has no slot {name!r}")
        if name in slots:
            raise FormatError(f"{head}: slot {name!r} given twice")
        slots[name] = value

    remaining = rest.strip()
    while remaining:
        token, _, after = remaining.partition(" ")
        if text_slot and token.startswith(text_slot + "="):
            value = remaining[len(text_slot) + 1:].strip()
            if not value:
                raise FormatError(f"{head}: empty {text_slot}")
            put(text_slot, value)
            break
        remaining = after.strip()
        if token in BOOL_WORDS:
            put("on", BOOL_WORDS[token])
        elif token.startswith("@"):
            if token[1:] not in ZONES:
                raise FormatError(f"{head}: unknown zone {token!r}")
            put("zone", token[1:])
        elif token in BARE_DIRECTIONS:
            put("direction", token)
        elif "=" in token:
            name, _, raw = token.partition("=")
            slot = spec.slots.get(name)
            if slot is None:
                raise FormatError(f"{head}: {intent} has no slot {name!r}")
            if slot.kind in ("number", "int"):
                put(name, _parse_number(raw, f"{head} {name}"))
            elif slot.kind == "enum":
                put(name, raw)
            else:
                raise FormatError(f"{head}: {name!r} must come last")
        else:
            raise FormatError(f"{head}: unexpected word {token!r}")
    try:
        return validate_command({"intent": intent, "slots": slots})
    except CommandValidationError as err:
        raise FormatError(str(err)) from None


def decode(output: str) -> list[Command]:
    """Strictly decode model output into validated commands; raise FormatError otherwise."""
    lines = [ln for ln in str(output).strip().split(LINE_SEP) if ln.strip()]
    if not lines:
        raise FormatError("the model produced no command")
    if len(lines) > MAX_COMMANDS_PER_UTTERANCE:
        raise FormatError(f"{len(lines)} commands; at most {MAX_COMMANDS_PER_UTTERANCE} are allowed")
    commands = [decode_command(ln) for ln in lines]
    try:
        return validate_commands([c.to_dict() for c in commands])
    except CommandValidationError as err:
        raise FormatError(str(err)) from None


# ----------------------------------------------------------------------------- grammar (constrained retry)
def _slot_words(intent: str) -> list[str]:
    """Complete non-text words an intent's line may contain (for prefix checks)."""
    words: list[str] = []
    for name, spec in INTENTS[intent].slots.items():
        if name == "on":
            words += list(BOOL_WORDS)
        elif name == "zone":
            words += ["@" + z for z in ZONES]
        elif name == "direction":
            words += list(spec.enum)
        elif spec.kind == "enum":
            words += [f"{name}={v}" for v in spec.enum]
    return words


_ALL_HEADS = tuple(_BY_ALIAS) + tuple(UNSUPPORTED_ALIASES)
_WORDS = {intent: _slot_words(intent) for intent in ALIASES}
_NUM_PREFIX_RE = re.compile(r"-?\d*(\.\d*)?\Z")


def is_valid_prefix(partial: str) -> bool:
    """True if ``partial`` can still be completed into valid output (used to constrain decoding)."""
    lines = partial.split(LINE_SEP)
    if len(lines) > MAX_COMMANDS_PER_UTTERANCE:
        return False
    done, last = lines[:-1], lines[-1]
    try:
        commands = [decode_command(ln) for ln in done]
    except FormatError:
        return False
    if any(c.intent == "unsupported" for c in commands):
        return False  # `unsupported` stands alone: nothing may follow it
    if last == "":
        return True
    if last.startswith(" ") or "  " in last:
        return False
    head, sep, rest = last.partition(" ")
    heads = _ALL_HEADS if not done else tuple(_BY_ALIAS)
    if not sep:
        return any(h.startswith(head) for h in heads)
    intent = _BY_ALIAS.get(head)
    if intent is None:
        return False
    text_slot = _text_slot(intent)
    numeric = [n for n, s in INTENTS[intent].slots.items() if s.kind in ("number", "int")]
    tokens = rest.split(" ")
    for i, token in enumerate(tokens):
        is_last = i == len(tokens) - 1
        if text_slot and token.startswith(text_slot + "="):
            return True  # free text runs to the end of the line
        name, eq, raw = token.partition("=")
        if eq and name in numeric:
            if not (_NUM_PREFIX_RE.match(raw) if is_last else _NUMBER_RE.match(raw)):
                return False
            continue
        if is_last:
            candidates = _WORDS[intent] + [n + "=" for n in numeric]
            if text_slot:
                candidates.append(text_slot + "=")
            if not any(c.startswith(token) for c in candidates):
                return False
        elif token not in _WORDS[intent]:
            return False
    return True


def grammar_strings() -> list[str]:
    """Every fixed piece of output text, so a tokenizer can list the tokens the grammar may produce."""
    # Symbolic destinations are written, not copied (回家 -> home, 去公司 -> work).
    pieces: list[str] = list(UNSUPPORTED_ALIASES) + ["navigate destination=home", "navigate destination=work"]
    for intent, (alias, _) in ALIASES.items():
        pieces.append(alias)
        pieces += [f"{alias} {w}" for w in _WORDS[intent]]
        for name, spec in INTENTS[intent].slots.items():
            if spec.kind in ("number", "int"):
                pieces += [f"{alias} {name}={n}" for n in ("0", "1", "5", "12", "22.5", "100", "37")]
            elif spec.kind == "text":
                pieces.append(f"{alias} {name}=")
    return pieces


# ----------------------------------------------------------------------------- dataset record shapes
def record_prompt(record: Mapping[str, Any]) -> str:
    context = record.get("context") or {}
    return build_prompt(record["text"], context.get("screen_labels") or (),
                        context.get("previous_commands") or (), context.get("pending_question"))


def to_alpaca(record: Mapping[str, Any]) -> dict[str, str]:
    """LLaMA-Factory ``alpaca`` row: instruction / input / output."""
    return {"instruction": INSTRUCTION, "input": record_prompt(record).rstrip("\n"),
            "output": encode(record["expected"])}


def to_sharegpt(record: Mapping[str, Any]) -> dict[str, Any]:
    """LLaMA-Factory ``sharegpt`` row: a system prompt and one human/gpt exchange."""
    return {"system": INSTRUCTION,
            "conversations": [{"from": "human", "value": record_prompt(record).rstrip("\n")},
                              {"from": "gpt", "value": encode(record["expected"])}]}


def from_alpaca(row: Mapping[str, Any]) -> dict[str, Any]:
    """Back to the project's record shape (for ``train --extra`` files in alpaca form)."""
    return _from_prompt_and_output(str(row.get("input") or row.get("instruction") or ""), str(row["output"]))


def from_sharegpt(row: Mapping[str, Any]) -> dict[str, Any]:
    turns = row.get("conversations") or row.get("messages") or []
    human = next((t for t in turns if t.get("from", t.get("role")) in ("human", "user")), None)
    gpt = next((t for t in turns if t.get("from", t.get("role")) in ("gpt", "assistant")), None)
    if human is None or gpt is None:
        raise FormatError("a sharegpt row needs one human and one gpt turn")
    return _from_prompt_and_output(str(human.get("value", human.get("content", ""))),
                                   str(gpt.get("value", gpt.get("content", ""))))


def _context_from_head(lines: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Read the optional ``prev:`` / ``asked:`` / ``screen:`` lines (in that order) off the prompt."""
    context: dict[str, Any] = {}
    if lines and lines[0].startswith(PREV_HEAD):
        previous = [decode_command(part) for part in lines[0][len(PREV_HEAD):].split(PREV_SEP)]
        context["previous_commands"] = [c.to_dict() for c in previous]
        lines = lines[1:]
    if lines and lines[0].startswith(ASKED_HEAD):
        context["pending_question"] = lines[0][len(ASKED_HEAD):].strip()
        lines = lines[1:]
    if lines and lines[0].startswith(SCREEN_HEAD):
        labels = [s.strip() for s in lines[0][len(SCREEN_HEAD):].split("|") if s.strip()]
        if labels:
            context["screen_labels"] = labels
        lines = lines[1:]
    return context, lines


def _from_prompt_and_output(prompt: str, output: str) -> dict[str, Any]:
    lines = [ln for ln in prompt.strip().split("\n") if ln.strip()]
    context, lines = _context_from_head(lines)
    text = " ".join(lines).strip()
    if not text:
        raise FormatError("the row has no utterance")
    output = output.strip()
    if output.startswith("["):  # contract JSON is accepted too
        from vehicle_state.commands import parse_commands_json
        commands = parse_commands_json(output)
    else:
        commands = decode(output)
    record: dict[str, Any] = {"text": text, "expected": [c.to_dict() for c in commands]}
    if context:
        record["context"] = context
    return record
