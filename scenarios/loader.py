"""Reading scenario files: YAML (1.2 booleans) -> checked, normalised `Scenario` records.

Every problem is reported as ``FILE:LINE: KEY: message`` using the line marks of the YAML node
tree, and all problems of a file are collected (not just the first), so one `scenario validate`
shows everything to fix. The JSON Schema (``schema.json``) is checked too, as a safety net and as
the published contract for editors; the hand-written checks come first because they can say
"unknown signal 'cabin_tmp_c.driver'; did you mean ..." where a schema can only say "invalid".
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from scenarios.durations import DurationError, parse_duration
from scenarios.model import Scenario, Step
from simulator.events import Stage
from simulator.yamlio import YAMLError, compose_yaml, error_line, load_yaml
from vehicle_state.signals import SEATS

SCHEMA_PATH = Path(__file__).with_name("schema.json")
SUFFIXES = (".yaml", ".yml")
# Far above any real scenario (the library's largest file is under 2 kB, a long saved session some tens of
# kB) and low enough that a wrong or hostile file is refused at once: PyYAML reads about 10-100 kB a second.
MAX_FILE_BYTES = 256 * 1024
RENDERED = "rendered"

SCENARIO_KEYS = ("id", "title", "description", "tags", "lang", "seed", "speed_profile", "zone", "proactive",
                 "state", "steps")
ACTION_KEYS = ("say", "audio", "screen", "inject", "set", "speed_profile", "advance", "respond")
COMMON_STEP_KEYS = ("at", "after", "expect", "note")
# Step attributes and the step kinds they belong to.
ATTRIBUTES = {"lang": ("say", "respond"), "zone": ("say",), "screen": ("say",), "speak": ("say",),
              "noise": ("say",), "by": ("respond",), "text": ("respond",)}
STEP_KEYS = ACTION_KEYS + COMMON_STEP_KEYS + tuple(k for k in ATTRIBUTES if k not in ACTION_KEYS)
SAY_MAPPING_KEYS = ("text", "audio", "lang", "zone", "screen", "speak", "noise")
NOISE_KEYS = ("type", "snr_db", "seed")
LANGS = ("zh", "en")
SPEAKER_ZONES = SEATS
ACCEPT_WORDS = {"accept": True, "yes": True, "confirm": True, "true": True, "ok": True,
                "decline": False, "no": False, "reject": False, "false": False}
RESPOND_BY = ("click", "voice")

EXPECT_KEYS = ("commands", "signals", "suggestion", "reply", "transcript", "latency_ms", "error", "tap",
               "outcome", "changed", "unchanged", "lang")
# Expect kinds that look at the last turn (a say/respond step must come before them).
TURN_EXPECTS = ("commands", "reply", "transcript", "latency_ms", "error", "tap", "outcome", "changed",
                "unchanged", "lang")
COMMAND_MODES = ("exact", "contains", "any_of", "intents")
SIGNAL_MATCH_KEYS = ("equals", "approx", "tol", "min", "max", "one_of", "contains", "not_contains", "not")
TEXT_MATCH_KEYS = ("contains", "contains_all", "not_contains", "equals")
SUGGESTION_KEYS = ("raised", "not_raised", "pending", "accepted", "declined", "since")
SINCE = ("last_expect", "start")
LATENCY_KEYS = (*(str(stage) for stage in Stage), "total")  # a budget per pipeline stage, or for the whole turn
OUTCOME_STATUSES = ("done", "clamped", "refused", "noop")  # what vehicle_state.apply.Outcome reports
NONE_WORDS = ("none", "nothing", "no")
DEFAULT_TOL = 0.01
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PLUSMINUS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:±|\+-|\+/-)\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Issue:
    """One problem in a scenario file."""

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key + ': ' if self.key else ''}{self.message}"


class ScenarioFileError(ValueError):
    """A scenario file (or several) has problems; ``issues`` lists each with file, line and key."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


# ---------------------------------------------------------------------------------- discovery
def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Scenario files named by paths: files as given, folders searched recursively (sorted)."""
    out: list[Path] = []
    issues: list[Issue] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                issues.append(Issue(str(path), 0, "", "no scenario files (*.yaml, *.yml) in this folder"))
            out.extend(found)
        elif path.is_file():
            if path.suffix not in SUFFIXES:
                issues.append(Issue(str(path), 0, "", "not a scenario file: expected a .yaml or .yml file"))
            out.append(path)
        else:
            issues.append(Issue(str(path), 0, "", "no such file or folder"))
    if issues:
        raise ScenarioFileError(issues)
    seen: set[Path] = set()
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]


def load_paths(paths: Iterable[str | Path]) -> list[Scenario]:
    """Every scenario under ``paths``; raise ScenarioFileError listing all problems of all files."""
    scenarios: list[Scenario] = []
    issues: list[Issue] = []
    for path in discover(paths):
        try:
            scenarios.extend(load_file(path))
        except ScenarioFileError as err:
            issues.extend(err.issues)
    first: dict[str, Scenario] = {}
    for sc in scenarios:
        if sc.id in first:
            issues.append(Issue(sc.file, sc.line, f"{sc.where + '.' if sc.where else ''}id",
                                f"duplicate scenario id {sc.id!r} (also at {first[sc.id].location})"))
        else:
            first[sc.id] = sc
    if issues:
        raise ScenarioFileError(issues)
    return scenarios


def load_file(path: str | Path) -> list[Scenario]:
    path = Path(path)
    name = _display(path)
    try:
        _check_size(path.stat().st_size, name)
        data = path.read_bytes()
    except OSError as err:
        raise ScenarioFileError([Issue(name, 0, "", f"cannot read the file: {err}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ScenarioFileError([Issue(name, line, "", f"not UTF-8 text (byte 0x{data[err.start]:02x} at byte "
                                                       f"{err.start}); save the file as UTF-8")]) from None
    return load_text(text, name, base_dir=path.resolve().parent)


def _check_size(n_bytes: int, file: str) -> None:
    if n_bytes > MAX_FILE_BYTES:
        raise ScenarioFileError([Issue(file, 0, "", f"the file is {n_bytes // 1024} kB; a scenario file is at "
                                                    f"most {MAX_FILE_BYTES // 1024} kB (split it into several)")])


def load_text(text: str, file: str = "<text>", base_dir: Path | None = None) -> list[Scenario]:
    """Parse scenario YAML text; ``file`` names it in errors, ``base_dir`` resolves media paths."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), file)
    try:
        node = compose_yaml(text)
        doc = load_yaml(text)
    except YAMLError as err:
        problem = getattr(err, "problem", None) or str(err)
        raise ScenarioFileError([Issue(file, error_line(err, text), "", f"not valid YAML: {problem}")]) from None
    duplicates: list = []
    ctx = _Ctx(file, _marks(node, duplicates=duplicates), base_dir or Path.cwd())
    for path, line, first_line in duplicates:
        ctx.issues.append(Issue(file, line, key_path(path), f"duplicate key (first at line {first_line}); "
                                                            "YAML would silently keep only the last one"))
    scenarios = ctx.document(doc)
    if not ctx.issues:
        ctx.schema(doc)
    if ctx.issues:
        raise ScenarioFileError(ctx.issues)
    return scenarios


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------- marks
Path_ = tuple  # a key path: ("steps", 3, "expect", "signals")


def _marks(node: Any, path: Path_ = (), out: dict | None = None,
           duplicates: list | None = None) -> dict[Path_, int]:
    """Line (1-based) of every key and list item in the node tree; repeated keys go to ``duplicates``."""
    out = {} if out is None else out
    if node is None:
        return out
    out.setdefault(path, node.start_mark.line + 1)
    if type(node).__name__ == "MappingNode":
        for key_node, value_node in node.value:
            sub = path + (key_node.value,)
            if sub in out and duplicates is not None:
                # YAML parsers keep the last of two equal keys without a word: a check would vanish.
                duplicates.append((sub, key_node.start_mark.line + 1, out[sub]))
            out[sub] = key_node.start_mark.line + 1
            _marks(value_node, sub, out, duplicates)
    elif type(node).__name__ == "SequenceNode":
        for i, item in enumerate(node.value):
            _marks(item, path + (i,), out, duplicates)
    return out


def key_path(path: Path_) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def rule_ids() -> tuple[str, ...]:
    from simulator.proactive import BUILTIN_RULE_IDS, load_rules

    try:
        return tuple(r.id for r in load_rules())
    except Exception:  # noqa: BLE001 - a broken rules file is reported by the rules loader itself
        return BUILTIN_RULE_IDS


# ---------------------------------------------------------------------------------- checking
class _Ctx:
    def __init__(self, file: str, marks: dict[Path_, int], base_dir: Path):
        self.file, self.marks, self.base_dir = file, marks, base_dir
        self.issues: list[Issue] = []

    def line(self, path: Path_) -> int:
        p = tuple(path)
        while p not in self.marks and p:
            p = p[:-1]
        return self.marks.get(p, 1)

    def err(self, path: Path_, message: str) -> None:
        self.issues.append(Issue(self.file, self.line(path), key_path(path), message))

    def known(self, key: Any, keys: Sequence[str], where: Path_, what: str = "key", lead: str = "valid:") -> bool:
        """True if ``key`` is one of ``keys``; otherwise an issue that lists them (and the closest one)."""
        if key in keys:
            return True
        self.err(where, f"unknown {what} {key!r}; {lead} {', '.join(keys)}{_did_you_mean(key, keys)}")
        return False

    # ------------------------------------------------------------------ document and scenario
    def document(self, doc: Any) -> list[Scenario]:
        if doc is None:
            self.err((), "the file is empty; a scenario needs at least 'id' and 'steps'")
            return []
        if isinstance(doc, Mapping) and "scenarios" in doc:
            extra = [k for k in doc if k != "scenarios"]
            for k in extra:
                self.err((k,), "a file with 'scenarios:' holds only that list; put this key inside each scenario")
            items = doc["scenarios"]
            if not isinstance(items, list) or not items:
                self.err(("scenarios",), "must be a non-empty list of scenarios")
                return []
            return [sc for i, raw in enumerate(items) if (sc := self.scenario(raw, ("scenarios", i)))]
        if isinstance(doc, list):
            return [sc for i, raw in enumerate(doc) if (sc := self.scenario(raw, (i,)))]
        sc = self.scenario(doc, ())
        return [sc] if sc else []

    def scenario(self, raw: Any, at: Path_) -> Scenario | None:
        if not isinstance(raw, Mapping):
            self.err(at, f"a scenario must be a mapping with 'id' and 'steps', got {type(raw).__name__}")
            return None
        before = len(self.issues)
        for key in raw:
            if key not in SCENARIO_KEYS:
                hint = _did_you_mean(key, SCENARIO_KEYS)
                if not hint and key in STEP_KEYS:
                    hint = "; steps go in the 'steps:' list"
                self.err(at + (key,), f"unknown key {key!r}{hint}")
        sid = raw.get("id")
        if not isinstance(sid, (str, int)) or isinstance(sid, bool) or not _ID_RE.match(str(sid)):
            self.err(at + ("id",), "a scenario needs an 'id' of letters, digits, '_', '-' or '.', "
                                   f"e.g. id: cold-morning-seat-heat (got {sid!r})")
        title = raw.get("title", sid)
        if not isinstance(title, (str, int)) or isinstance(title, bool):
            self.err(at + ("title",), f"must be text, got {title!r}")
        lang = self.choice(raw.get("lang", "zh"), LANGS, at + ("lang",))
        zone = self.choice(raw.get("zone", "driver"), SPEAKER_ZONES, at + ("zone",))
        from simulator.world import SPEED_PROFILES

        profile = self.choice(raw.get("speed_profile", "parked"), SPEED_PROFILES, at + ("speed_profile",))
        seed = raw.get("seed", 0)
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            self.err(at + ("seed",), f"must be a whole number >= 0, got {seed!r}")
        proactive = raw.get("proactive", True)
        if not isinstance(proactive, bool):
            self.err(at + ("proactive",), f"must be true or false, got {proactive!r}")
        tags = raw.get("tags", [])
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",") if t.strip()]
        if not isinstance(tags, list) or not all(isinstance(t, (str, int)) for t in tags):
            self.err(at + ("tags",), f"must be a list of words (or one comma-separated string), got {tags!r}")
            tags = []
        description = raw.get("description", "")
        if not isinstance(description, str):
            self.err(at + ("description",), "must be text")
        state = self.signal_values(raw.get("state") or {}, at + ("state",))
        steps_raw = raw.get("steps")
        steps: list[Step] = []
        if not isinstance(steps_raw, list) or not steps_raw:
            self.err(at + ("steps",), "a scenario needs a non-empty 'steps:' list")
        else:
            steps = self.steps(steps_raw, at + ("steps",), lang)
        if len(self.issues) > before:
            return None
        return Scenario(id=str(sid), title=str(title), file=self.file, line=self.line(at + ("id",)),
                        steps=tuple(steps), description=description or "", tags=tuple(str(t) for t in tags),
                        lang=lang, seed=seed, speed_profile=profile, zone=zone, proactive=proactive,
                        state=state, where=key_path(at))

    def choice(self, value: Any, choices: Iterable[str], at: Path_) -> Any:
        choices = tuple(choices)
        if isinstance(value, str) and value.strip().lower() in choices:
            return value.strip().lower()
        self.err(at, f"must be one of {', '.join(choices)}, got {value!r}{_did_you_mean(value, choices)}")
        return choices[0]

    def signal_values(self, raw: Any, at: Path_) -> dict[str, Any]:
        from vehicle_state.signals import SIGNALS

        if not isinstance(raw, Mapping):
            self.err(at, f"must be a mapping of signal: value, got {type(raw).__name__}")
            return {}
        out = {}
        for name, value in raw.items():
            sig = SIGNALS.get(str(name))
            if sig is None:
                self.err(at + (name,), self.unknown_signal(name))
                continue
            try:
                out[sig.name] = sig.coerce(value)
            except ValueError as err:
                self.err(at + (name,), str(err))
        return out

    @staticmethod
    def unknown_signal(name: Any) -> str:
        from vehicle_state.signals import SIGNALS

        close = difflib.get_close_matches(str(name), list(SIGNALS), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else \
            "; see `cockpit-sim signals` for every name"
        return f"unknown signal {str(name)!r}{hint}"

    # ------------------------------------------------------------------ steps
    def steps(self, items: list, at: Path_, lang: str) -> list[Step]:
        steps: list[Step] = []
        cursor = 0.0
        seen_turn = False
        pending_screen_at: Path_ | None = None
        for i, raw in enumerate(items):
            where = at + (i,)
            if not isinstance(raw, Mapping):
                self.err(where, f"a step must be a mapping such as '- say: 有点冷', got {raw!r}")
                continue
            step = self.step(raw, where, i, cursor, seen_turn)
            if step is None:
                continue
            cursor = step.time_s + (step.args["seconds"] if step.kind == "advance" else 0.0)
            if step.kind == "screen":
                pending_screen_at = where
            elif step.kind == "say":
                pending_screen_at = None
            seen_turn = seen_turn or step.kind in ("say", "respond")
            steps.append(step)
        if pending_screen_at is not None:
            self.err(pending_screen_at + ("screen",), "a screen step applies to the next say step, but none follows")
        return steps

    def step(self, raw: Mapping, at: Path_, index: int, cursor: float, seen_turn: bool) -> Step | None:
        before = len(self.issues)
        for key in raw:
            if key not in STEP_KEYS:
                hint = _did_you_mean(key, STEP_KEYS)
                if not hint and key in EXPECT_KEYS:
                    hint = f"; put it under 'expect:' (expect: {{{key}: ...}})"
                self.err(at + (key,), f"unknown step key {key!r}{hint}")
        actions = [k for k in ACTION_KEYS if k in raw]
        # 'screen' next to say/audio is an attribute of that turn, not its own step.
        if "screen" in actions and ("say" in raw or "audio" in raw):
            actions.remove("screen")
        if len(actions) > 1:
            self.err(at + (actions[1],), f"a step does one thing; found {', '.join(actions)} "
                                         "(split it into several steps)")
            return None
        kind = actions[0] if actions else ("expect" if "expect" in raw else None)
        if kind is None:
            self.err(at, "a step needs one of: " + ", ".join(ACTION_KEYS) + " or expect")
            return None
        if kind == "audio":
            kind = "say"
        time_s = self.timing(raw, at, cursor)
        for key, kinds in ATTRIBUTES.items():
            if key in raw and kind not in kinds and not (key == "screen" and kind == "screen"):
                self.err(at + (key,), f"'{key}' only applies to {' and '.join(kinds)} steps")
        args: dict[str, Any] = {}
        if kind == "say":
            args = self.say(raw, at)
        elif kind == "screen":
            args = {"image": self.media(raw["screen"], at + ("screen",), "image", allow_rendered=True)}
        elif kind == "inject":
            args = {"events": self.events(raw["inject"], at + ("inject",))}
        elif kind == "set":
            values = self.signal_values(raw["set"], at + ("set",))
            if isinstance(raw["set"], Mapping) and not raw["set"]:
                self.err(at + ("set",), "needs at least one signal: value")
            args = {"values": values}
        elif kind == "speed_profile":
            from simulator.world import SPEED_PROFILES

            args = {"profile": self.choice(raw["speed_profile"], SPEED_PROFILES, at + ("speed_profile",))}
        elif kind == "advance":
            try:
                seconds = parse_duration(raw["advance"])
            except DurationError as err:
                self.err(at + ("advance",), str(err))
                seconds = 0.0
            if seconds <= 0 and len(self.issues) == before:
                self.err(at + ("advance",), "must be a positive duration")
            args = {"seconds": seconds}
        elif kind == "respond":
            args = self.respond(raw, at)
        expect: dict[str, Any] = {}
        if "expect" in raw:
            has_turn = seen_turn or kind in ("say", "respond")
            expect = self.expect(raw["expect"], at + ("expect",), has_turn)
        note = raw.get("note", "")
        if not isinstance(note, str):
            self.err(at + ("note",), "must be text")
        if len(self.issues) > before:
            return None
        return Step(index=index, kind=kind, time_s=time_s, line=self.line(at), args=args, expect=expect,
                    note=note or "", where=key_path(at))

    def timing(self, raw: Mapping, at: Path_, cursor: float) -> float:
        if "at" in raw and "after" in raw:
            self.err(at + ("after",), "give 'at' (absolute time) or 'after' (time since the previous step), not both")
            return cursor
        for key in ("at", "after"):
            if key in raw:
                try:
                    value = parse_duration(raw[key])
                except DurationError as err:
                    self.err(at + (key,), str(err))
                    return cursor
                if key == "after":
                    return cursor + value
                if value + 1e-9 < cursor:
                    self.err(at + ("at",), f"{value:g} s is earlier than the timeline has already reached "
                                           f"({cursor:g} s); steps run in order, so use a later time or 'after:'")
                    return cursor
                return value
        return cursor

    def say(self, raw: Mapping, at: Path_) -> dict[str, Any]:
        spec: dict[str, Any] = {}
        origin: dict[str, Path_] = {}
        if "say" in raw and isinstance(raw["say"], Mapping):
            for key, value in raw["say"].items():
                if not self.known(key, SAY_MAPPING_KEYS, at + ("say", key), lead="a say mapping takes"):
                    continue
                spec[key], origin[key] = value, at + ("say", key)
        elif "say" in raw:
            spec["text"], origin["text"] = raw["say"], at + ("say",)
        for key in ("audio", "lang", "zone", "screen", "speak", "noise"):
            if key in raw:
                if key in spec:
                    self.err(at + (key,), f"'{key}' is given twice (in the say mapping and on the step)")
                spec[key], origin[key] = raw[key], at + (key,)
        out: dict[str, Any] = {}
        if "text" in spec and "audio" in spec:
            self.err(origin["audio"], "a say step has text or an audio file, not both")
        elif "audio" in spec:
            out["audio"] = self.media(spec["audio"], origin["audio"], "audio")
        elif "text" in spec:
            text = spec["text"]
            if text is None:
                self.err(origin["text"], "say needs the words to say (write say: \"\" to test an empty utterance)")
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
                self.err(origin["text"], f"say takes text, got {text!r}")
            else:
                out["text"] = str(text)
        else:
            self.err(at + ("say",), "a say mapping needs 'text' or 'audio'")
        if "lang" in spec:
            out["lang"] = self.choice(spec["lang"], LANGS, origin["lang"])
        if "zone" in spec:
            out["zone"] = self.choice(spec["zone"], SPEAKER_ZONES, origin["zone"])
        if "screen" in spec:
            out["screen"] = self.media(spec["screen"], origin["screen"], "image", allow_rendered=True)
        if "speak" in spec:
            if not isinstance(spec["speak"], bool):
                self.err(origin["speak"], f"must be true or false, got {spec['speak']!r}")
            out["speak"] = bool(spec["speak"])
        if "noise" in spec:
            if "audio" not in spec:
                self.err(origin["noise"], "noise is mixed into an audio file; this say step has none")
            else:
                out["noise"] = self.noise(spec["noise"], origin["noise"])
        return out

    def noise(self, raw: Any, at: Path_) -> dict[str, Any]:
        """``{type: road, snr_db: 5, seed: 0}`` checked by ``NoiseSpec``; an issue per bad key."""
        from multimodal.asr.noise import NoiseSpec, NoiseSpecError

        if not isinstance(raw, Mapping):
            self.err(at, f"takes a mapping such as {{type: road, snr_db: 5}}, got {raw!r}")
            return {}
        given = {key: value for key, value in raw.items() if self.known(key, NOISE_KEYS, at + (key,))}
        missing = [key for key in ("type", "snr_db") if key not in raw]
        for key in missing:
            self.err(at, f"needs '{key}' (e.g. {{type: road, snr_db: 5}})")
        if missing:
            return {}
        try:
            return NoiseSpec(**given).to_dict()
        except NoiseSpecError as err:
            self.err(at + (err.field,), str(err))
            return {}

    def media(self, value: Any, at: Path_, what: str, allow_rendered: bool = False) -> str:
        if not isinstance(value, str) or not value.strip():
            self.err(at, f"needs a file path{' or rendered' if allow_rendered else ''}, got {value!r}")
            return ""
        if allow_rendered and value.strip().lower() == RENDERED:
            return RENDERED
        path = Path(value.strip())
        if not path.is_absolute():
            path = (self.base_dir / path).resolve()
        if not path.is_file():
            self.err(at, f"{what} file not found: {value} (paths are relative to the scenario file; "
                         f"looked for {path})")
        return str(path)

    def events(self, raw: Any, at: Path_) -> list[str]:
        from simulator.world import InjectError, parse_event

        items = raw if isinstance(raw, list) else [raw]
        out = []
        for i, name in enumerate(items):
            where = at + (i,) if isinstance(raw, list) else at
            if not isinstance(name, str):
                self.err(where, f"an event is text such as tire_leak:front_left, got {name!r}")
                continue
            try:
                parse_event(name)
            except InjectError as err:
                self.err(where, str(err))
                continue
            out.append(name.strip())
        if not items:
            self.err(at, "needs at least one event")
        return out

    def respond(self, raw: Mapping, at: Path_) -> dict[str, Any]:
        value = raw["respond"]
        word = str(value).strip().lower() if isinstance(value, (str, bool)) else None
        if isinstance(value, bool):
            word = "true" if value else "false"
        if word not in ACCEPT_WORDS:
            self.err(at + ("respond",), f"must be accept or decline (also yes/no), got {value!r}")
        by = raw.get("by", "voice" if "text" in raw else "click")
        by = self.choice(by, RESPOND_BY, at + ("by",))
        text = raw.get("text")
        if text is not None and (not isinstance(text, str) or not text.strip()):
            self.err(at + ("text",), "the words of a voice response must be non-empty text")
        if text is not None and by == "click":
            self.err(at + ("text",), "'text' is the spoken answer; it needs by: voice")
        out = {"accept": ACCEPT_WORDS.get(word or "", True), "by": by}
        if text:
            out["text"] = text.strip()
        if "lang" in raw:
            out["lang"] = self.choice(raw["lang"], LANGS, at + ("lang",))
        return out

    # ------------------------------------------------------------------ expectations
    def expect(self, raw: Any, at: Path_, has_turn: bool) -> dict[str, Any]:
        if not isinstance(raw, Mapping) or not raw:
            self.err(at, "expect takes a mapping of checks, e.g. expect: {commands: [...], signals: {...}}")
            return {}
        out: dict[str, Any] = {}
        for key, value in raw.items():
            where = at + (key,)
            if not self.known(key, EXPECT_KEYS, where, what="expect kind"):
                continue
            if key in TURN_EXPECTS and not has_turn:
                self.err(where, f"'{key}' checks the last turn, but no say or respond step comes before it")
                continue
            out[key] = getattr(self, f"x_{key}")(value, where)
        if isinstance(out.get("suggestion"), Mapping) and not has_turn and (
                out["suggestion"].get("accepted") or out["suggestion"].get("declined")):
            self.err(at + ("suggestion",), "accepted/declined check the last turn, but no say or respond "
                                           "step comes before it")
        return out

    def command(self, raw: Any, at: Path_) -> dict | None:
        from vehicle_state.commands import INTENTS, CommandValidationError, validate_command

        if isinstance(raw, str):
            raw = {"intent": raw.strip()}
        elif isinstance(raw, Mapping) and "intent" not in raw and len(raw) == 1:
            (intent, slots), = raw.items()
            raw = {"intent": intent, "slots": slots if slots is not None else {}}
        if isinstance(raw, Mapping) and raw.get("intent") not in INTENTS and isinstance(raw.get("intent"), str):
            self.err(at, f"unknown intent {raw['intent']!r}{_did_you_mean(raw['intent'], INTENTS)}")
            return None
        try:
            return validate_command(raw).to_dict()
        except CommandValidationError as err:
            self.err(at, str(err))
            return None

    def command_list(self, raw: Any, at: Path_) -> list[dict]:
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in NONE_WORDS):
            return []
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for i, item in enumerate(items):
            cmd = self.command(item, at + (i,) if isinstance(raw, list) else at)
            if cmd is not None:
                out.append(cmd)
        return out

    def x_commands(self, raw: Any, at: Path_) -> dict[str, Any]:
        if isinstance(raw, Mapping) and any(k in COMMAND_MODES for k in raw):
            modes = [k for k in raw if k in COMMAND_MODES]
            for k in raw:
                if k not in COMMAND_MODES:
                    self.err(at + (k,), f"unknown key {k!r}; commands takes one of {', '.join(COMMAND_MODES)}")
            if len(modes) != 1:
                self.err(at, f"give one of {', '.join(COMMAND_MODES)}, not {', '.join(modes)}")
                return {}
            mode = modes[0]
            value = raw[mode]
            if mode == "intents":
                from vehicle_state.commands import INTENTS

                names = value if isinstance(value, list) else [value]
                for i, name in enumerate(names):
                    if name not in INTENTS:
                        self.err(at + (mode, i) if isinstance(value, list) else at + (mode,),
                                 f"unknown intent {name!r}{_did_you_mean(name, INTENTS)}")
                return {"mode": "intents", "intents": [str(n) for n in names]}
            if mode == "any_of":
                if not isinstance(value, list) or not value:
                    self.err(at + (mode,), "any_of takes a list of alternative command lists")
                    return {}
                alts = [self.command_list(alt, at + (mode, i)) for i, alt in enumerate(value)]
                return {"mode": "any_of", "alternatives": alts}
            cmds = self.command_list(value, at + (mode,))
            if mode == "contains" and not cmds:
                self.err(at + (mode,), "contains needs at least one command")
            return {"mode": mode, "commands": cmds}
        return {"mode": "exact", "commands": self.command_list(raw, at)}

    def x_signals(self, raw: Any, at: Path_) -> dict[str, dict]:
        from vehicle_state.signals import SIGNALS

        if not isinstance(raw, Mapping) or not raw:
            self.err(at, "signals takes a mapping of signal: expected value")
            return {}
        out = {}
        for name, spec in raw.items():
            sig = SIGNALS.get(str(name))
            if sig is None:
                self.err(at, self.unknown_signal(name))
                continue
            m = self.signal_matcher(sig, spec, at + (name,))
            if m is not None:
                out[sig.name] = m
        return out

    def signal_matcher(self, sig, spec: Any, at: Path_) -> dict | None:
        numeric = sig.kind in ("float", "int")

        def coerce(value: Any, where: Path_) -> Any:
            try:
                if sig.kind == "list" and not isinstance(value, list):
                    return str(value)
                return sig.coerce(value)
            except ValueError as err:
                self.err(where, str(err))
                return None

        if isinstance(spec, str) and numeric and _PLUSMINUS.match(spec):
            value, tol = (float(g) for g in _PLUSMINUS.match(spec).groups())
            return {"approx": value, "tol": tol}
        if not isinstance(spec, Mapping):
            if sig.kind == "list" and not isinstance(spec, list):
                self.err(at, f"{sig.name} is a list; compare it with a list or {{contains: ITEM}}")
                return None
            value = coerce(spec, at)
            return None if value is None and spec is not None else {"equals": value}
        out: dict[str, Any] = {}
        for key, value in spec.items():
            where = at + (key,)
            if not self.known(key, SIGNAL_MATCH_KEYS, where, lead="a signal check takes"):
                continue
            if key in ("approx", "tol", "min", "max"):
                if not numeric:
                    self.err(where, f"'{key}' needs a numeric signal; {sig.name} is {sig.kind}")
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    self.err(where, f"must be a number, got {value!r}")
                    continue
                if key == "tol" and value < 0:
                    self.err(where, "tolerance must be zero or positive")
                out[key] = float(value)
            elif key == "one_of":
                if not isinstance(value, list) or not value:
                    self.err(where, "one_of takes a non-empty list of values")
                    continue
                out[key] = [coerce(v, where + (i,)) for i, v in enumerate(value)]
            elif key in ("contains", "not_contains"):
                if sig.kind not in ("list", "text"):
                    self.err(where, f"'{key}' needs a list or text signal; {sig.name} is {sig.kind}")
                    continue
                out[key] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            else:  # equals / not
                out[key] = coerce(value, where)
        if "tol" in out and "approx" not in out:
            self.err(at + ("tol",), "'tol' goes with 'approx'")
        if "approx" in out:
            out.setdefault("tol", DEFAULT_TOL)
        if "min" in out and "max" in out and out["min"] > out["max"]:
            self.err(at + ("min",), f"min {out['min']:g} is above max {out['max']:g}")
        if not spec:
            self.err(at, "empty signal check; write a value or e.g. {approx: 24, tol: 0.5}")
        return out

    def text_matcher(self, raw: Any, at: Path_) -> dict[str, list[str]]:
        if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
            return {"contains": [str(raw)]}
        if isinstance(raw, list) and raw and all(isinstance(v, (str, int, float)) for v in raw):
            return {"contains": [str(v) for v in raw]}
        if not isinstance(raw, Mapping) or not raw:
            self.err(at, "takes text, a list of alternatives, or {contains, contains_all, not_contains, equals}")
            return {}
        out = {}
        for key, value in raw.items():
            if not self.known(key, TEXT_MATCH_KEYS, at + (key,)):
                continue
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values):
                self.err(at + (key,), "takes text or a list of texts")
                continue
            out[key] = [str(v) for v in values]
        return out

    x_reply = text_matcher
    x_transcript = text_matcher

    def x_suggestion(self, raw: Any, at: Path_) -> dict[str, Any]:
        ids = rule_ids()
        short = not isinstance(raw, Mapping)  # errors then point at the value itself
        if isinstance(raw, str):
            raw = {"not_raised": "any"} if raw.strip().lower() in NONE_WORDS else {"raised": raw}
        elif isinstance(raw, list):
            raw = {"raised": raw}
        if not isinstance(raw, Mapping) or not raw:
            self.err(at, "takes a rule id, none, or {raised, not_raised, pending, accepted, declined, since}")
            return {}
        out: dict[str, Any] = {"since": "last_expect"}
        for key, value in raw.items():
            where = at if short else at + (key,)
            if not self.known(key, SUGGESTION_KEYS, where):
                continue
            if key == "since":
                out["since"] = self.choice(value, SINCE, where)
            elif key == "not_raised" and isinstance(value, str) and value.strip().lower() in ("any", "all"):
                out[key] = "any"
            elif key == "pending" and (value is None or isinstance(value, str) and value.lower() in NONE_WORDS):
                out[key] = None
            elif key == "pending" and value is True:
                out[key] = True
            else:
                names = value if isinstance(value, list) else [value]
                if key in ("pending", "accepted", "declined") and len(names) != 1:
                    self.err(where, f"'{key}' takes one rule id")
                    continue
                for i, name in enumerate(names):
                    if name not in ids:
                        self.err(where + ((i,) if isinstance(value, list) else ()),
                                 f"unknown proactive rule {name!r}; rules: {', '.join(ids)}{_did_you_mean(name, ids)}")
                out[key] = names[0] if key in ("pending", "accepted", "declined") else [str(n) for n in names]
        return out

    def x_latency_ms(self, raw: Any, at: Path_) -> dict[str, float]:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = {"total": raw}
        if not isinstance(raw, Mapping) or not raw:
            self.err(at, f"takes stage: budget_ms for stages {', '.join(LATENCY_KEYS)} (or one number for the total)")
            return {}
        out = {}
        for stage, budget in raw.items():
            if not self.known(stage, LATENCY_KEYS, at + (stage,), what="stage", lead="stages:"):
                continue
            if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget <= 0:
                self.err(at + (stage,), f"a budget is a positive number of milliseconds, got {budget!r}")
            else:
                out[stage] = float(budget)
        return out

    def x_error(self, raw: Any, at: Path_) -> str | None:
        if isinstance(raw, Mapping) and set(raw) == {"code"}:
            raw = raw["code"]
        if raw is None or isinstance(raw, str) and raw.strip().lower() in NONE_WORDS:
            return None
        if not isinstance(raw, str) or not raw.strip():
            self.err(at, "takes an error code such as text-empty or audio-silent (a prefix like 'image' "
                         "matches any image-* code), or none")
            return None
        return raw.strip()

    def x_tap(self, raw: Any, at: Path_) -> dict[str, Any] | None:
        if raw is None or isinstance(raw, str) and raw.strip().lower() in NONE_WORDS:
            return None
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            return {"label": str(raw)}
        if isinstance(raw, Mapping) and raw and set(raw) <= {"label", "control"}:
            return {k: str(v) for k, v in raw.items()}
        self.err(at, "takes the label of the tapped control, {label, control}, or none")
        return None

    def x_outcome(self, raw: Any, at: Path_) -> dict[str, Any]:
        spec = raw if isinstance(raw, Mapping) else {"status": raw}
        out: dict[str, Any] = {}
        for key, value in spec.items():
            if key not in ("status", "reason"):
                self.err(at + (key,), f"unknown key {key!r}; outcome takes status and reason")
                continue
            values = value if isinstance(value, list) else [value]
            if key == "status":
                for v in values:
                    if v not in OUTCOME_STATUSES:
                        self.err(at + (key,) if isinstance(raw, Mapping) else at,
                                 f"unknown status {v!r}; statuses: {', '.join(OUTCOME_STATUSES)}")
            out[key] = [str(v) for v in values]
        return out

    def signal_names(self, raw: Any, at: Path_) -> list[str]:
        from vehicle_state.signals import SIGNALS

        names = raw if isinstance(raw, list) else [raw]
        out = []
        for i, name in enumerate(names):
            if str(name) not in SIGNALS:
                self.err(at + (i,) if isinstance(raw, list) else at, self.unknown_signal(name))
            else:
                out.append(str(name))
        return out

    def x_changed(self, raw: Any, at: Path_) -> list[str]:
        return self.signal_names(raw, at)

    def x_unchanged(self, raw: Any, at: Path_) -> list[str] | bool:
        if raw is True:
            return True
        return self.signal_names(raw, at)

    def x_lang(self, raw: Any, at: Path_) -> str:
        return self.choice(raw, LANGS, at)

    # ------------------------------------------------------------------ schema safety net
    def schema(self, doc: Any) -> None:
        import jsonschema

        validator = jsonschema.Draft202012Validator(_schema())
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))[:10]:
            self.err(tuple(error.absolute_path), f"does not match schema.json: {error.message}")
