"""Proactive rules: declarative conditions over state signals, with hysteresis, cooldown and
priority; a raised rule becomes a Suggestion that the driver accepts or declines."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from vehicle_state.apply import WHEEL_NAMES, ZONE_NAMES
from vehicle_state.commands import Command, CommandValidationError, validate_commands
from vehicle_state.signals import SIGNALS
from vehicle_state.state import VehicleState
from simulator.yamlio import YAMLError, load_yaml

RULES_PATH = Path(__file__).with_name("rules") / "proactive.yaml"
BUILTIN_RULE_IDS = ("tire_pressure_low", "cold_start", "rain_windows_open", "low_range", "congestion", "long_drive")
_OPS = ("below", "above", "equals", "in")


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Condition:
    """A leaf (signal + op) or a combination (all/any/not)."""

    signal: str | None = None
    op: str | None = None
    value: Any = None
    all: tuple["Condition", ...] = ()
    any: tuple["Condition", ...] = ()
    negate: "Condition | None" = None

    def _leaf(self, value: Any) -> bool:
        if self.op == "below":
            return value < self.value
        if self.op == "above":
            return value > self.value
        if self.op == "equals":
            return value == self.value
        return value in self.value

    def names(self, subject: str | None) -> list[tuple[str | None, str]]:
        """(zone, signal name) pairs this leaf looks at; a wildcard expands to every zone."""
        assert self.signal is not None
        if self.signal.endswith(".*"):
            prefix = self.signal[:-1]
            if subject is not None:
                return [(subject, prefix + subject)]
            return [(n[len(prefix):], n) for n in SIGNALS if n.startswith(prefix)]
        return [(None, self.signal)]

    def matches(self, state: VehicleState, subject: str | None = None) -> dict[str | None, Any]:
        """Zones (None for a non-wildcard) where the condition holds, with the matched value."""
        if self.signal is not None:
            return {zone: state[name] for zone, name in self.names(subject) if self._leaf(state[name])}
        if self.negate is not None:
            return {} if self.negate.matches(state, subject) else {None: None}
        if self.all:
            return {None: None} if all(c.matches(state, subject) for c in self.all) else {}
        return {None: None} if any(c.matches(state, subject) for c in self.any) else {}


@dataclass(frozen=True)
class Rule:
    id: str
    priority: int
    cooldown_s: float
    when: Condition
    clear: Condition | None
    text_zh: str
    text_en: str
    commands: tuple[Command, ...]


@dataclass(frozen=True)
class Suggestion:
    id: str
    rule: str
    subject: str | None
    sim_time_s: float
    text_zh: str
    text_en: str
    commands: tuple[Command, ...]

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en

    def to_event(self, lang: str) -> dict[str, Any]:
        return {"type": "suggestion", "rule": self.rule, "sim_time_s": round(self.sim_time_s, 3),
                "text": self.text(lang), "text_zh": self.text_zh, "text_en": self.text_en,
                "commands": [c.to_dict() for c in self.commands], "subject": self.subject,
                "suggestion_id": self.id}


def _condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where}: a condition must be a mapping, got {raw!r}")
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise RuleError(f"{where}.{key}: must be a non-empty list")
        subs = tuple(_condition(c, f"{where}.{key}[{i}]") for i, c in enumerate(items))
        return Condition(all=subs) if key == "all" else Condition(any=subs)
    if "not" in raw:
        return Condition(negate=_condition(raw["not"], f"{where}.not"))
    name = raw.get("signal")
    if not isinstance(name, str):
        raise RuleError(f"{where}: needs 'signal' (or all/any/not)")
    probe = name[:-1] if name.endswith(".*") else name
    if not (name in SIGNALS or (name.endswith(".*") and any(n.startswith(probe) for n in SIGNALS))):
        raise RuleError(f"{where}.signal: unknown signal {name!r}")
    ops = [op for op in _OPS if op in raw]
    if len(ops) != 1:
        raise RuleError(f"{where}: needs exactly one of {', '.join(_OPS)}")
    value = raw[ops[0]]
    if ops[0] == "in" and not isinstance(value, list):
        raise RuleError(f"{where}.in: must be a list")
    return Condition(signal=name, op=ops[0], value=tuple(value) if ops[0] == "in" else value)


def load_rules(path: Path | str = RULES_PATH) -> list[Rule]:
    """Load and check a rules file; every error names the file and the rule/key."""
    path = Path(path)
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as err:
        raise RuleError(f"{path}: cannot read rules: {err}") from None
    if not isinstance(doc, Mapping) or not isinstance(doc.get("rules"), list):
        raise RuleError(f"{path}: expected a top-level 'rules:' list")
    rules, seen = [], set()
    for i, raw in enumerate(doc["rules"]):
        where = f"{path}: rules[{i}]"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            raise RuleError(f"{where}: each rule needs an 'id'")
        where = f"{path}: rule {raw['id']}"
        if raw["id"] in seen:
            raise RuleError(f"{where}: duplicate id")
        seen.add(raw["id"])
        for key in ("when", "text", "commands"):
            if key not in raw:
                raise RuleError(f"{where}: missing '{key}'")
        text = raw["text"]
        if not isinstance(text, Mapping) or not {"zh", "en"} <= set(text):
            raise RuleError(f"{where}.text: needs both zh and en")
        when = _condition(raw["when"], f"{where}.when")
        clear = _condition(raw["clear"], f"{where}.clear") if "clear" in raw else None
        try:
            commands = tuple(validate_commands(list(raw["commands"])))
        except (CommandValidationError, TypeError) as err:
            raise RuleError(f"{where}.commands: {err}") from None
        rules.append(Rule(
            id=raw["id"], priority=int(raw.get("priority", 0)), cooldown_s=float(raw.get("cooldown_s", 600)),
            when=when, clear=clear, text_zh=str(text["zh"]), text_en=str(text["en"]), commands=commands))
    return rules


@dataclass
class _Instance:
    active: bool = False
    last_offered_s: float | None = None


@dataclass
class ProactiveEngine:
    """Evaluates rules against the state; keeps at most one suggestion pending."""

    rules: list[Rule] = field(default_factory=load_rules)
    pending_timeout_s: float = 120.0
    _instances: dict[tuple[str, str | None], _Instance] = field(default_factory=dict)
    pending: Suggestion | None = None
    history: list[Suggestion] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def evaluate(self, state: VehicleState, now_s: float) -> Suggestion | None:
        """Update rule states; return a new suggestion if one should be raised now."""
        if self.pending and now_s - self.pending.sim_time_s > self.pending_timeout_s:
            self.pending = None  # unanswered: it lapses, its cooldown still holds
        candidates: list[tuple[int, Rule, str | None, Any]] = []
        for rule in self.rules:
            holding = rule.when.matches(state)
            # Hysteresis: an active instance stays active until its clear condition holds.
            for (rid, subject), inst in self._instances.items():
                if rid != rule.id or not inst.active or subject in holding:
                    continue
                cleared = rule.clear.matches(state, subject) if rule.clear else True
                if cleared:
                    inst.active = False
            for subject, value in holding.items():
                inst = self._instances.setdefault((rule.id, subject), _Instance())
                inst.active = True
                # Offered (or declined) within the cooldown: not repeated yet.
                if inst.last_offered_s is None or now_s - inst.last_offered_s >= rule.cooldown_s:
                    candidates.append((rule.priority, rule, subject, value))
        if self.pending or not candidates:
            return None
        _, rule, subject, value = max(candidates, key=lambda c: c[0])
        suggestion = self._make(rule, subject, value, state, now_s)
        self._instances[(rule.id, subject)].last_offered_s = now_s
        self.pending = suggestion
        self.history.append(suggestion)
        return suggestion

    def _make(self, rule: Rule, subject: str | None, value: Any, state: VehicleState, now_s: float) -> Suggestion:
        names = dict(ZONE_NAMES["zh"], **WHEEL_NAMES["zh"]), dict(ZONE_NAMES["en"], **WHEEL_NAMES["en"])
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
        fields = {"zone": subject or "", "zone_zh": names[0].get(subject or "", ""),
                  "zone_en": names[1].get(subject or "", ""), "value": number,
                  "outside": state["outside_temp_c"], "hours": state["trip_time_s"] / 3600.0,
                  "range": state["range_km"], "battery": state["battery_pct"]}
        return Suggestion(f"s{next(self._ids)}", rule.id, subject, now_s, rule.text_zh.format(**fields),
                          rule.text_en.format(**fields), rule.commands)

    def resolve(self, accept: bool, now_s: float) -> Suggestion | None:
        """Answer the pending suggestion; a decline restarts the rule's cooldown."""
        suggestion, self.pending = self.pending, None
        if suggestion is not None:
            self._instances[(suggestion.rule, suggestion.subject)].last_offered_s = now_s
        return suggestion


def attach_proactive(world, on_suggestion: Callable[[Suggestion], None], engine: ProactiveEngine | None = None,
                     interval_s: float = 5.0) -> ProactiveEngine:
    """Run the engine inside the world as a SimPy process, every ``interval_s`` simulated seconds."""
    engine = engine or ProactiveEngine()

    def process(env):
        while True:
            with world.lock:
                suggestion = engine.evaluate(world.state, float(env.now))
            if suggestion is not None:
                on_suggestion(suggestion)
            yield env.timeout(interval_s)

    world.env.process(process(world.env))
    return engine
