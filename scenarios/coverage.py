"""What a scenario suite exercises, read from the files (no run): contract intents × languages × zones ×
input kinds, and the proactive rules, with what it never exercises.

An intent is exercised by a turn (a say or respond step) when an expect of that turn names it: a
``commands`` check (exact, contains, intents, or any alternative of any_of), or a ``tap`` check
(a ``screen.tap``). The turn gives the rest:

- language: the step's ``lang``, else the scenario's;
- zone (intents with a ``zone`` slot only): the command's zone slot, else the speaker's seat (the
  vehicle applies a command without a zone to the speaker's seat); none for an ``intents`` check,
  which asserts no zone;
- input kind: ``voice`` (a say step with an audio file), ``text`` (typed words, and a respond by voice,
  whose answer goes through the pipeline as text), ``screen`` (a screenshot or the rendered screen is
  attached, on the step or by a screen step before it), ``button`` (a respond by click).

A proactive rule is exercised when an expect says it was raised (``suggestion: ID``, ``raised``,
``pending``) or answered (``accepted``, ``declined``); ``not_raised`` does not count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from scenarios.loader import LANGS, rule_ids
from scenarios.model import Scenario, Step
from vehicle_state.commands import INTENTS
from vehicle_state.signals import SEATS

INPUT_KINDS = ("text", "voice", "screen", "button")
RULE_USES = ("expected", "accepted", "declined")
ZONE_INTENTS = tuple(name for name, spec in INTENTS.items() if "zone" in spec.slots)
ZONE_VALUES = tuple(INTENTS[ZONE_INTENTS[0]].slots["zone"].enum) if ZONE_INTENTS else SEATS


@dataclass(frozen=True)
class Exercise:
    """One intent named by an expect of one turn, with the turn's language, zone and input kind."""

    intent: str
    lang: str
    zone: str | None  # None for an intent without a zone slot, or when the expect asserts no zone
    input: str
    scenario: str
    turn: int  # the turn's number in its scenario, so that turns per intent can be counted


@dataclass(frozen=True)
class RuleUse:
    rule: str
    use: str  # one of RULE_USES
    scenario: str


@dataclass(frozen=True)
class _Turn:
    lang: str
    zone: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    scenarios: int
    turns: int  # say and respond steps
    checked_turns: int  # turns whose expects name at least one intent
    exercises: tuple[Exercise, ...]
    rule_uses: tuple[RuleUse, ...]
    intents: tuple[str, ...]  # every contract intent
    rules: tuple[str, ...]  # every proactive rule

    def _by_intent(self, attr: str) -> dict[str, set]:
        """Exercised intents, in contract order -> the values of ``attr`` they are exercised with."""
        out: dict[str, set] = {i: set() for i in self.intents}
        for e in self.exercises:
            out.setdefault(e.intent, set()).add(getattr(e, attr))
        return {i: v for i, v in out.items() if v}

    def intent_counts(self) -> Counter:
        """Turns per intent: a turn counts once, however many input kinds or zones it exercises it with."""
        return Counter(intent for intent, _sc, _turn in {(e.intent, e.scenario, e.turn) for e in self.exercises})

    def intents_never(self) -> list[str]:
        seen = {e.intent for e in self.exercises}
        return [i for i in self.intents if i not in seen]

    def langs(self) -> dict[str, list[str]]:
        return {i: [lang for lang in LANGS if lang in v] for i, v in self._by_intent("lang").items()}

    def lang_gaps(self) -> dict[str, list[str]]:
        """Exercised intents -> the languages they are never exercised in."""
        return {i: [lang for lang in LANGS if lang not in v] for i, v in self._by_intent("lang").items()
                if set(LANGS) - v}

    def zones(self) -> dict[str, list[str]]:
        """Exercised intents with a zone slot -> the zones exercised."""
        return {i: [z for z in ZONE_VALUES if z in v] for i, v in self._by_intent("zone").items()
                if i in ZONE_INTENTS}

    def inputs(self) -> dict[str, list[str]]:
        return {i: [k for k in INPUT_KINDS if k in v] for i, v in self._by_intent("input").items()}

    def rule_counts(self) -> dict[str, dict[str, int]]:
        out = {r: dict.fromkeys(RULE_USES, 0) for r in self.rules}
        for u in self.rule_uses:
            out.setdefault(u.rule, dict.fromkeys(RULE_USES, 0))[u.use] += 1
        return out

    def rules_never(self) -> list[str]:
        used = {u.rule for u in self.rule_uses}
        return [r for r in self.rules if r not in used]

    def axis_counts(self) -> dict[str, dict[str, int]]:
        """How many distinct intents each language, zone and input kind exercises."""
        def distinct(attr: str, values: Sequence[str]) -> dict[str, int]:
            return {v: len({e.intent for e in self.exercises if getattr(e, attr) == v}) for v in values}
        return {"lang": distinct("lang", LANGS), "zone": distinct("zone", ZONE_VALUES),
                "input": distinct("input", INPUT_KINDS)}

    def to_dict(self) -> dict[str, Any]:
        counts = self.intent_counts()
        langs, zones, inputs = self.langs(), self.zones(), self.inputs()
        return {
            "scenarios": self.scenarios, "turns": self.turns, "checked_turns": self.checked_turns,
            "intents_total": len(self.intents), "intents_exercised": len(self.intents) - len(self.intents_never()),
            "intents_never": self.intents_never(), "intent_lang_gaps": self.lang_gaps(),
            "per_intent": {i: {"count": counts[i], "langs": langs[i], "inputs": inputs[i],
                               **({"zones": zones[i], "zones_never": [z for z in ZONE_VALUES if z not in zones[i]]}
                                  if i in zones else {})}
                           for i in self.intents if i in counts},
            "axes": self.axis_counts(),
            "rules_total": len(self.rules), "rules_exercised": len(self.rules) - len(self.rules_never()),
            "rules_never": self.rules_never(), "rules": self.rule_counts(),
        }


# ---------------------------------------------------------------------------------- reading a suite
def _expected_intents(spec: Mapping[str, Any], speaker: str) -> list[tuple[str, str | None]]:
    """(intent, zone exercised) of every command a normalised ``commands`` expect names (see the module doc)."""
    if spec.get("mode") == "intents":  # only intent names are checked: no zone is exercised
        return [(name, None) for name in spec.get("intents", [])]
    lists = spec.get("alternatives", []) if spec.get("mode") == "any_of" else [spec.get("commands", [])]
    return [(c["intent"], ((c.get("slots") or {}).get("zone") or speaker) if c["intent"] in ZONE_INTENTS else None)
            for cmds in lists for c in cmds]


def _suggestion_uses(spec: Mapping[str, Any]) -> list[tuple[str, str]]:
    uses = [(rule, "expected") for rule in spec.get("raised", [])]
    if isinstance(spec.get("pending"), str):
        uses.append((spec["pending"], "expected"))
    uses.extend((spec[key], key) for key in ("accepted", "declined") if isinstance(spec.get(key), str))
    return uses


def _turn_of(step: Step, scenario: Scenario, screen_pending: bool) -> _Turn:
    a = step.args
    if step.kind == "respond":
        return _Turn(a.get("lang", scenario.lang), scenario.zone, ("text",) if a.get("by") == "voice" else ("button",))
    inputs = ("voice",) if a.get("audio") else ("text",)
    if a.get("screen") or screen_pending:
        inputs += ("screen",)
    return _Turn(a.get("lang", scenario.lang), a.get("zone", scenario.zone), inputs)


def _scenario_uses(sc: Scenario) -> tuple[int, int, list[Exercise], list[RuleUse]]:
    turns = checked = 0
    exercises: list[Exercise] = []
    rules: list[RuleUse] = []
    turn: _Turn | None = None
    screen_pending = False
    checked_turn = False
    seen: set[Exercise] = set()
    for step in sc.steps:
        if step.kind == "screen":
            screen_pending = True
        elif step.kind in ("say", "respond"):
            turn = _turn_of(step, sc, screen_pending)
            screen_pending = screen_pending and step.kind != "say"
            turns, checked_turn, seen = turns + 1, False, set()
        if "suggestion" in step.expect:
            rules.extend(RuleUse(r, use, sc.id) for r, use in _suggestion_uses(step.expect["suggestion"]))
        if turn is None:
            continue
        named = _expected_intents(step.expect["commands"], turn.zone) if "commands" in step.expect else []
        if step.expect.get("tap"):  # a tap check asserts the model tapped: a screen.tap command
            named.append(("screen.tap", None))
        if named and not checked_turn:
            checked, checked_turn = checked + 1, True
        for intent, zone in named:
            for kind in turn.inputs:  # several expects of one turn naming the same command count once
                exercise = Exercise(intent, turn.lang, zone, kind, sc.id, turns)
                if exercise not in seen:
                    seen.add(exercise)
                    exercises.append(exercise)
    return turns, checked, exercises, rules


def suite_coverage(scenarios: Iterable[Scenario], rules: Sequence[str] | None = None) -> Coverage:
    """The coverage of ``scenarios`` against the contract's intents and ``rules`` (default: the rules file)."""
    scenarios = list(scenarios)
    turns = checked = 0
    exercises: list[Exercise] = []
    uses: list[RuleUse] = []
    for sc in scenarios:
        t, c, ex, ru = _scenario_uses(sc)
        turns, checked = turns + t, checked + c
        exercises.extend(ex)
        uses.extend(ru)
    return Coverage(len(scenarios), turns, checked, tuple(exercises), tuple(uses), tuple(INTENTS),
                    tuple(rules if rules is not None else rule_ids()))


# ---------------------------------------------------------------------------------- terminal tables
def format_coverage(cov: Coverage) -> list[str]:
    """Readable tables: per intent (languages, input kinds, zones), the axes, the rules, what is never exercised."""
    counts, langs, inputs, zones = cov.intent_counts(), cov.langs(), cov.inputs(), cov.zones()
    never = cov.intents_never()
    out = [f"coverage of {cov.scenarios} scenario(s), {cov.turns} turn(s), {cov.checked_turns} with an expected "
           f"intent: {len(cov.intents) - len(never)}/{len(cov.intents)} intents, "
           f"{len(cov.rules) - len(cov.rules_never())}/{len(cov.rules)} proactive rules", ""]
    out.append(f"{'intent':<26}{'turns':>6}  {'langs':<7}{'inputs':<19}zones")
    for intent in cov.intents:
        if intent in counts:
            zone_text = ",".join(zones[intent]) if intent in zones else "-"
            out.append(f"{intent:<26}{counts[intent]:>6}  {','.join(langs[intent]):<7}"
                       f"{','.join(inputs[intent]):<19}{zone_text}")
    axes = cov.axis_counts()
    out.append("")
    for axis, values in axes.items():
        out.append(f"intents per {axis:<6} " + "  ".join(f"{k} {v}" for k, v in values.items()))
    out += ["", f"{'proactive rule':<22}" + "".join(f"{u:>10}" for u in RULE_USES)]
    for rule, c in cov.rule_counts().items():
        out.append(f"{rule:<22}" + "".join(f"{c[u]:>10}" for u in RULE_USES))
    gaps = cov.lang_gaps()
    out += ["", f"never exercised intents ({len(never)}): {', '.join(never) or '-'}",
            f"intent x language gaps ({len(gaps)}): "
            + (", ".join(f"{i} (no {'/'.join(m)})" for i, m in gaps.items()) or "-"),
            f"zone intents never exercised in a zone: " + (", ".join(
                f"{i} (no {'/'.join(z for z in ZONE_VALUES if z not in v)})" for i, v in zones.items()
                if len(v) < len(ZONE_VALUES)) or "-"),
            f"never exercised input kinds: {', '.join(k for k, v in axes['input'].items() if not v) or '-'}",
            f"never exercised proactive rules: {', '.join(cov.rules_never()) or '-'}"]
    return out
