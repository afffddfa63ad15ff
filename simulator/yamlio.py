"""YAML loading with YAML 1.2 booleans: only true/false are booleans.

PyYAML follows YAML 1.1, where ``on``, ``off``, ``yes``, ``no`` are booleans; the command contract has
a slot named ``on`` and drivers say "no", so plain ``yaml.safe_load`` would silently corrupt files.
Nodes keep their line numbers so errors can name the file, line and key. Aliases are refused (see
``StrictBoolLoader.compose_node``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml


# Deeper than any cockpit-sim file nests (a scenario reaches about 8); PyYAML composes recursively, so a
# few kilobytes of "[[[[..." would otherwise end in a RecursionError instead of a YAML error with a line.
MAX_DEPTH = 64


class StrictBoolLoader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # An alias re-uses a node; nested aliases make a few hundred bytes expand into gigabytes (a "billion
        # laughs" upload). No cockpit-sim file needs them, so they are refused where they appear.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed in cockpit-sim YAML files; write the "
                f"value out", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Drop the YAML 1.1 bool resolver and add a 1.2 one.
StrictBoolLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=StrictBoolLoader)  # noqa: S506 - a SafeLoader subclass


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree (with line marks) for precise error messages."""
    return yaml.compose(text, Loader=StrictBoolLoader)


def error_line(err: yaml.YAMLError, text: str) -> int:
    """The 1-based line a YAML error points at (0 when it names none): parse errors carry a mark, a
    character the reader refuses carries its position in the text."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(err, "position", None)
    return text.count("\n", 0, position) + 1 if isinstance(position, int) else 0


YAMLError = yaml.YAMLError
