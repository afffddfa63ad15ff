"""Abuse of the scenario loader (``scenarios.loader.load_file``): a valid scenario with one key given a wrong
type or value or an unknown key beside it, and raw text: broken indentation, tabs, aliases, deep nesting,
binary garbage, bytes that are not UTF-8, huge files, other top-level shapes.

Property: the loader raises its own ``ScenarioFileError``, every issue names the file and a line inside it
(and the key, when one was changed), and it never returns a scenario from a file with a problem.
"""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from scenarios.loader import MAX_FILE_BYTES, ScenarioFileError, key_path, load_file
from scenarios.model import Scenario
from tests.abuse import SHARED_FIXTURE, abuse_settings, run_counted

BASE = {
    "id": "abuse-base", "title": "A valid scenario the tests break", "description": "one of each step",
    "tags": ["abuse"], "lang": "zh", "seed": 1, "speed_profile": "parked", "zone": "driver", "proactive": True,
    "state": {"outside_temp_c": 10},
    "steps": [
        {"say": "把主驾温度调到24度", "expect": {"commands": [{"hvac.set_temperature": {"value": 24}}],
                                           "signals": {"hvac.set_temp_c.driver": 24}}},
        {"after": "30s", "advance": "10s"},
        {"set": {"outside_temp_c": 5}},
        {"inject": "congestion"},
        {"say": {"text": "打开车窗", "lang": "zh", "zone": "passenger"}, "expect": {"reply": "车窗", "latency_ms": 5000}},
    ],
}

ANY_WRONG = [None, [], {}, [[]], {"x": {"y": 1}}, True, -1, 1.5, "", "\x00"]
# Values each key can never take (the union with ANY_WRONG is filtered against the few each key accepts).
BAD = {
    ("id",): ["has space", "-leading-dash", 1.5, {"a": 1}, "ok/slash"],
    ("title",): [[], {}, True],
    ("description",): [1, [], {}, True],
    ("tags",): [{}, [[]], [{"a": 1}], 3.5, True, [None]],
    ("lang",): ["fr", 1, "zh-CN", "中文"],
    ("seed",): [-1, "x", 1.5, True, "7"],
    ("speed_profile",): ["warp", 1, "PARKED!"],
    ("zone",): ["roof", 0, "trunk"],
    ("proactive",): ["yes", 1, "on", 0],
    ("state",): [[1], "x", {"nope.signal": 1}, {"outside_temp_c": "hot"}, {"outside_temp_c": 1e9},
                 {"outside_temp_c": float("nan")}, {"hvac.power": "maybe"}],
    ("steps",): ["x", [1], [[]], [{}], [{"fly": 1}], [{"say": "a", "advance": 3}]],
    ("steps", 0, "say"): [[], True, {"text": "a", "audio": "x.wav"}, {"volume": 3}, {}],
    ("steps", 0, "expect"): ["x", {"nope": 1}, {"signals": {"bogus": 1}}, {"latency_ms": -5},
                             {"commands": [{"no.intent": {}}]}, {"signals": {"hvac.set_temp_c.driver": {"approx": "x"}}},
                             {"signals": {"hvac.set_temp_c.driver": 99}}, {"suggestion": "no-such-rule"}],
    ("steps", 1, "after"): ["soon", -5, "1x", float("inf"), "-3s", "1:99:99:99"],
    ("steps", 1, "advance"): [0, -1, "never", "0s"],
    ("steps", 2, "set"): [{"bogus.sig": 1}, {"outside_temp_c": 1000}, {"hvac.power": "maybe"}],
    ("steps", 3, "inject"): ["earthquake", 5, ["tire_leak:moon"], {"a": 1}],
    ("steps", 4, "say", "lang"): ["klingon", 3],
    ("steps", 4, "say", "zone"): ["trunk", "Driver seat"],
    ("steps", 4, "expect", "latency_ms"): [-1, "fast", {"warp": 3}, 0],
}
# What the loader accepts on purpose (any text as a title, an empty tag list, a number said as text...).
ACCEPTED = {("title",): [-1, "", "\x00"], ("description",): ["", "\x00"], ("tags",): ["", "\x00", []],
            ("proactive",): [True], ("state",): [None, {}, [], ""], ("steps", 0, "say"): [-1, 1.5, "", "\x00"],
            ("steps", 1, "after"): [1.5], ("steps", 1, "advance"): [1.5],
            ("steps", 4, "expect", "latency_ms"): [1.5]}


def accepted(path: tuple, value) -> bool:
    return any(type(value) is type(ok) and value == ok for ok in ACCEPTED.get(path, []))


UNKNOWN_KEYS = [((), "colour"), ((), "step"), (("steps", 0), "exepct"), (("steps", 0, "expect"), "signal"),
                (("steps", 4, "say"), "voice"), (("steps", 0, "expect", "signals"), "hvac.set_temp_c.roof")]


def set_at(doc: dict, path: tuple, value) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@st.composite
def mutated(draw) -> tuple[str, tuple]:
    """(YAML text, the key path that was broken)."""
    doc = copy.deepcopy(BASE)
    if draw(st.integers(0, 4)) == 0:
        parent, key = draw(st.sampled_from(UNKNOWN_KEYS))
        set_at(doc, (*parent, key), draw(st.sampled_from([1, "x", None, [1]])))
        path = (*parent, key)
    else:
        path = draw(st.sampled_from(sorted(BAD, key=str)))
        choices = [v for v in BAD[path] + ANY_WRONG if not accepted(path, v)]
        set_at(doc, path, draw(st.sampled_from(choices)))
    style = draw(st.sampled_from([False, True, None]))  # block, flow, mixed YAML
    return yaml.safe_dump(doc, allow_unicode=True, default_flow_style=style, sort_keys=False), path


def write(folder: Path, data: bytes | str) -> Path:
    path = folder / f"{uuid.uuid4().hex[:10]}.yaml"
    path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return path


def refused(path: Path) -> ScenarioFileError:
    """The loader's own error for ``path`` (anything else, or a returned scenario, fails the property)."""
    try:
        got = load_file(path)
    except ScenarioFileError as err:
        data = path.read_bytes()
        lines = data.count(b"\n") + 1
        assert err.issues, "an error with no issue says nothing"
        for issue in err.issues:
            assert Path(issue.file).name == path.name, f"issue names another file: {issue}"
            # Line 0 only for what concerns the whole file: its size (nothing of it was read).
            assert 1 <= issue.line <= lines or (issue.line == 0 and len(data) > MAX_FILE_BYTES), str(issue)
            assert issue.message.strip()
        return err
    raise AssertionError(f"a broken file loaded: {[s.id for s in got if isinstance(s, Scenario)]}")


def test_the_base_scenario_is_valid(tmp_path):
    # Otherwise every mutation below would be refused for the wrong reason.
    assert [s.id for s in load_file(write(tmp_path, yaml.safe_dump(BASE, allow_unicode=True)))] == ["abuse-base"]


def test_a_broken_key_is_refused_naming_file_line_and_key(tmp_path_factory):
    folder = tmp_path_factory.mktemp("abuse-mutated")

    def prop(tally):
        @abuse_settings("loader-mutated-key", suppress_health_check=SHARED_FIXTURE)
        @given(case=mutated())
        def check(case):
            text, broken = case
            tally.add(text)
            err = refused(write(folder, text))
            where = key_path(broken)
            parent = key_path(broken[:-1])
            # The issue sits at the broken key, inside it, or (a missing piece) at its parent.
            assert any(i.key.startswith(where) or (i.key == parent and parent) or
                       (i.key.startswith(parent) and parent) for i in err.issues), (where, str(err))

        check()

    run_counted("loader-mutated-key", prop)


GOOD_TEXT = yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False)


@st.composite
def raw_texts(draw) -> bytes | str:
    """Whole files that are broken as text, not as one key."""
    lines = GOOD_TEXT.splitlines()
    kind = draw(st.sampled_from(["indent", "tab", "alias", "deep", "garbage", "latin1", "empty", "top",
                                 "huge", "cut", "control"]))
    if kind == "indent":
        i = draw(st.integers(1, len(lines) - 1))
        lines[i] = " " * draw(st.sampled_from([1, 3, 5, 7])) + lines[i]
        return "\n".join(lines)
    if kind == "tab":
        i = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[:i] + ["\t" + lines[i]] + lines[i + 1:])
    if kind == "alias":
        depth = draw(st.integers(1, 9))
        laughs = "".join(f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}]\n" for n in range(1, depth + 1))
        return "l0: &l0 lol\n" + laughs + GOOD_TEXT
    if kind == "deep":
        n = draw(st.integers(65, 5000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}")]))
        return GOOD_TEXT.replace("seed: 1", "seed: " + opener * n + "1" + closer * n)
    if kind == "garbage":
        return draw(st.binary(min_size=1, max_size=600))
    if kind == "latin1":
        return GOOD_TEXT.replace("打开车窗", draw(st.sampled_from(["caf\xe9", "\xff\xfe", "\x80"]))).encode("latin-1", "replace")[:-1] + b"\xff"
    if kind == "empty":
        return draw(st.sampled_from(["", "\n\n", "# only a comment\n", "---\n", "...\n", "~\n", "null\n"]))
    if kind == "top":
        return draw(st.sampled_from(["- 1\n- 2\n", "just a string\n", "42\n", "[]\n", "{}\n", "scenarios: []\n",
                                     "scenarios: {id: x}\n", "- id: x\n", "true\n"]))
    if kind == "huge":
        extra = MAX_FILE_BYTES + draw(st.integers(1, 4096))
        return GOOD_TEXT + "# " + "x" * extra + "\n"
    if kind == "cut":
        return GOOD_TEXT[: draw(st.integers(1, len(GOOD_TEXT) - 20))] + "{["
    return GOOD_TEXT.replace("abuse-base", "abuse" + draw(st.sampled_from(["\x01", "\x7f", "\ufffe", "\x1b[31m"])))


def test_a_broken_file_is_refused_with_the_loaders_own_error(tmp_path_factory):
    folder = tmp_path_factory.mktemp("abuse-raw")

    def prop(tally):
        @abuse_settings("loader-raw-text", suppress_health_check=SHARED_FIXTURE)
        @given(data=raw_texts())
        def check(data):
            tally.add(data)
            refused(write(folder, data))

        check()

    run_counted("loader-raw-text", prop)


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_a_yaml_error_with_a_line_not_a_recursion_error(tmp_path, opener, closer):
    text = "id: deep\nseed: " + opener * 3000 + "1" + closer * 3000 + "\nsteps: [{say: hi}]\n"
    err = refused(write(tmp_path, text))
    assert err.issues[0].line == 2 and "nested more than" in err.issues[0].message


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    err = refused(write(tmp_path, b"id: x\nsteps:\n  - say: caf\xe9\n"))
    assert err.issues[0].line == 3 and "not UTF-8" in err.issues[0].message


def test_a_character_yaml_refuses_is_located(tmp_path):
    err = refused(write(tmp_path, "id: x\nsteps:\n  - say: a\x01b\n"))
    assert err.issues[0].line == 3
