"""The parse loop shared by the language-model command backends (`sft`, `openai`).

A model's text never reaches the vehicle unchecked. It is decoded strictly and validated against
the contract; malformed output gets one retry (each backend decides how: a grammar-constrained
decode, or a message quoting the validation error); accepted commands pass the guard
(multimodal/command/guard.py); when no attempt is valid the ``rules`` backend answers, and
``unsupported`` is the last resort.

``ParseResult.fallback`` says which path answered: ``None`` (first answer), ``retry``,
``guard-<check>`` (the guard replaced the answer), ``rules`` or ``unsupported``. ``raw_output`` holds
every attempt's text joined by ``--retry--`` (plus the guard's reason when it intervened).
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Any

from multimodal.command import utterance
from multimodal.protocols import CommandContext, ParseResult, detect_lang
from vehicle_state.commands import REASON_OUT_OF_DOMAIN, Command, CommandValidationError

RETRY_SEPARATOR = "\n--retry--\n"


@dataclass(frozen=True)
class GrammarReading:
    """What the rule grammar made of an utterance, for the draft and the guard."""

    commands: list[Command] | None  # None: no rules backend to ask
    followup: list[Command] | None = None  # its reading as a follow-up of the dialogue context, if it is one
    complete: bool = True  # every clause that asks for something was read
    elided: tuple[int, ...] = ()  # positions of commands read as "the same thing for another seat"


# Words that point back at the previous turn ("close it again", "same for the back", "副驾也要", "再关上").
ANAPHORA_RE = re.compile(r"\b(?:it|that|this|them|those|these|one|ones|again|too|also|same|as well|back|more|less|other)\b"
                         r"|也|再|还是|它|这个|那个|一样|同样|另一|全部|都", re.I)


def model_context(text: str, context: CommandContext, grammar: GrammarReading) -> CommandContext:
    """The context the model is shown: the previous turn and a pending question only when the utterance may
    refer to them.

    A small model shown "prev: seatvent on @passenger" copies from it (the passenger zone onto a plain "turn on
    seat heating"), and shown "asked: …" it answers yes to "turn on the rear defroster". An utterance the
    grammar reads completely on its own as a request is not an answer (the grammar still reads a yes glued to
    it), and without a word pointing back it needs no previous turn."""
    if not (context.previous_commands or context.pending_question) or grammar.commands is None or grammar.followup:
        return context
    names_nothing = all(c.intent in ("unsupported", "dialog.confirm", "dialog.reject") for c in grammar.commands)
    if names_nothing or not grammar.complete:
        return context
    previous = context.previous_commands if ANAPHORA_RE.search(text) else ()
    return replace(context, previous_commands=previous, previous_text=context.previous_text if previous else None,
                   pending_question=None)


class GenerationError(RuntimeError):
    """The backend produced no text at all (e.g. its endpoint is down), so a retry would not help."""


class LmCommandModel:
    """Base class of a command backend whose answer is a language model's text.

    A subclass provides ``_prepare`` (the per-utterance prompt), ``_generate`` (the model's text
    for it) and ``_decode`` (text -> validated commands); everything else lives here.
    """

    name = "lm"
    first_timing_key = "first"  # the key of the first generation's time in ParseResult.timings
    # True when _generate may run in several threads at once (the backend batches or is stateless);
    # otherwise one parse at a time per instance.
    concurrent_generate = False

    def __init__(self, fallback: str | None = "rules", guard: bool = True):
        self.fallback_name = fallback
        self.guard = guard
        self._lock = threading.Lock()  # guards loading, and generation unless concurrent_generate
        self._fallback_model: Any = None

    # ---- what a backend provides
    def _prepare(self, text: str, context: CommandContext, timings: dict[str, float]) -> Any:
        """The prompt for ``_generate`` (called under the lock; may load the model and time it)."""
        raise NotImplementedError

    def _generate(self, prompt: Any, rejected: tuple[str, CommandValidationError] | None,
                  draft: str | None = None) -> str:
        """The model's text; ``rejected`` (the previous answer and why it failed) is set for the retry.
        ``draft`` is the rule grammar's answer in the model's output format, for a backend that can check a
        guess faster than it can write the answer (the `sft` backend's speculative decoding); others ignore it.

        Raises GenerationError when no text can be had."""
        raise NotImplementedError

    def _draft(self, rules: list[Command] | None) -> str | None:
        """The rule grammar's commands as a draft of the model's output, or None (no draft)."""
        return None

    def _decode(self, text: str) -> list[Command]:
        """Validated commands, or CommandValidationError (FormatError is one)."""
        raise NotImplementedError

    # ---- CommandModel
    def parse(self, text: str, lang: str | None = None, context: CommandContext | None = None) -> list[Command]:
        return list(self.parse_detailed(text, lang, context).commands)

    def parse_detailed(self, text: str, lang: str | None = None,
                       context: CommandContext | None = None) -> ParseResult:
        context = context or CommandContext()
        cleaned = utterance.heard(text, context)
        lang = lang or detect_lang(cleaned)
        timings: dict[str, float] = {}
        raws: list[str] = []
        # The guard reads the rule grammar's answer after the model's; reading it first also gives a draft, and
        # says whether the previous turn is needed at all.
        grammar = self._rules_reading(cleaned, lang, context, timings) if self.guard else GrammarReading(None)
        with self._lock:
            prompt = self._prepare(cleaned, model_context(cleaned, context, grammar), timings)
        draft = self._draft(grammar.commands)
        with (nullcontext() if self.concurrent_generate else self._lock):
            rejected: tuple[str, CommandValidationError] | None = None
            for timing_key, path in ((self.first_timing_key, None), ("retry", "retry")):
                t0 = time.perf_counter()
                try:
                    raw = self._generate(prompt, rejected, draft if rejected is None else None)
                except GenerationError as err:
                    timings[timing_key] = (time.perf_counter() - t0) * 1000
                    raws.append(f"error: {err}")
                    break
                timings[timing_key] = (time.perf_counter() - t0) * 1000
                raws.append(raw)
                try:
                    commands = self._decode(raw)
                except CommandValidationError as err:
                    rejected = (raw, err)
                    continue
                return self._guarded(commands, grammar, cleaned, context, RETRY_SEPARATOR.join(raws), path, timings)
        return self._last_resort(cleaned, lang, context, RETRY_SEPARATOR.join(raws), timings)

    # ---- the checks and fallbacks
    def _fallback(self) -> Any:
        if self._fallback_model is None and self.fallback_name:
            try:
                from multimodal.registry import load

                self._fallback_model = load("command", self.fallback_name)
            except Exception:  # the rules backend may be absent; `unsupported` is the last resort
                self._fallback_model = False
        return self._fallback_model or None

    def _rules_reading(self, text: str, lang: str, context: CommandContext,
                       timings: dict[str, float]) -> GrammarReading:
        """The rule grammar's reading of the utterance (commands None without a rules fallback), timed as "guard"."""
        fb = self._fallback()
        t0 = time.perf_counter()
        if fb is None:
            grammar = GrammarReading(None)
        elif hasattr(fb, "read"):
            reading = fb.read(text, lang, context)
            grammar = GrammarReading(list(reading.commands), list(reading.commands) if reading.followup else None,
                                     not reading.unread, reading.elided)
        else:
            grammar = GrammarReading(list(fb.parse(text, lang, context)), complete=False)
        timings["guard"] = (time.perf_counter() - t0) * 1000
        return grammar

    def _guarded(self, commands: list[Command], grammar: GrammarReading, text: str, context: CommandContext,
                 raw: str, path: str | None, timings: dict[str, float]) -> ParseResult:
        """Grounding and safety checks against the rule grammar's reading (multimodal/command/guard.py)."""
        if not self.guard:
            return ParseResult(tuple(commands), self.name, raw, path, timings)
        from multimodal.command.guard import arbitrate, previous_zones

        t0 = time.perf_counter()
        final, why = arbitrate(commands, grammar.commands, text, context.screen_labels, grammar.followup,
                               grammar.complete, elided=grammar.elided, asked=bool(context.pending_question),
                               context_zones=previous_zones(context.previous_commands),
                               previous=context.previous_commands,
                               context_text=" ".join(t for t in (context.previous_text, context.pending_question) if t),
                               retried=path == "retry")
        timings["guard"] = timings.get("guard", 0.0) + (time.perf_counter() - t0) * 1000
        if why is not None:
            path = "guard-" + why.split(":", 1)[0]
            raw = f"{raw}\n--guard-- {why}"
        return ParseResult(tuple(final), self.name, raw, path, timings)

    def _last_resort(self, text: str, lang: str, context: CommandContext, raw: str,
                     timings: dict[str, float]) -> ParseResult:
        fb = self._fallback()
        if fb is not None:
            try:
                t0 = time.perf_counter()
                result = fb.parse_detailed(text, lang, context)
                timings["fallback"] = (time.perf_counter() - t0) * 1000
                return ParseResult(tuple(result.commands), self.name, raw, "rules", timings)
            except Exception:  # a failing fallback must not keep `unsupported` from answering
                pass
        return ParseResult((Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN}),), self.name, raw,
                           "unsupported", timings)
