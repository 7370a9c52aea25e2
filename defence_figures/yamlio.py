"""Safe YAML with the line and column of every node: no tags, no aliases, no duplicate keys."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

# The C parser when PyYAML was built with libyaml; BaseLoader semantics either way:
# nothing is resolved implicitly, so we type plain scalars ourselves (below).
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_DEPTH = 20

# Plain scalars are typed by the YAML 1.2 core schema, not PyYAML's YAML 1.1 one:
# `NO` stays the string "NO" (the Norway problem), `2024-02-15` stays a string,
# and 1.47 becomes Decimal("1.47") so a curated value compares exactly with a quote.
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAGS = frozenset({
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
})
_TAG_NAMES = {"tag:yaml.org,2002:": "!!"}


class Map(dict):
    """A mapping that remembers where it, its keys and its values were written (1-based)."""

    __slots__ = ("line", "column", "key_pos", "value_pos")


class Seq(list):
    """A sequence that remembers where it and each item were written (1-based)."""

    __slots__ = ("line", "column", "item_pos")


@dataclass(frozen=True, slots=True)
class YamlProblem:
    line: int
    column: int
    message: str


def _short_tag(tag: str) -> str:
    for long, short in _TAG_NAMES.items():
        if tag.startswith(long):
            return short + tag[len(long):]
    return tag


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalar: always a string (plain is None, or "" from libyaml)
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return text
    return text


class _Builder:
    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        self.seen: set[int] = set()
        self.aliased = False

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(YamlProblem(node.start_mark.line + 1, node.start_mark.column + 1, message))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.seen:
            # The composer hands back the anchored node itself for an alias: refusing
            # the second visit keeps an alias bomb linear instead of exponential.
            self.aliased = True
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, f"nested deeper than {MAX_DEPTH} levels; curated files need at most 4")
            return None
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, f"the tag {_short_tag(node.tag)} is not allowed; curated files use plain YAML without tags")
            return None
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            seq = Seq()
            seq.line, seq.column = node.start_mark.line + 1, node.start_mark.column + 1
            seq.item_pos = []
            for item in node.value:
                seq.append(self.build(item, depth + 1))
                seq.item_pos.append((item.start_mark.line + 1, item.start_mark.column + 1))
            return seq
        mapping = Map()
        mapping.line, mapping.column = node.start_mark.line + 1, node.start_mark.column + 1
        mapping.key_pos, mapping.value_pos = {}, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be a plain word, not a list or a mapping")
                continue
            key = key_node.value
            if key in mapping.key_pos:
                first_line = mapping.key_pos[key][0]
                self.problem(key_node, f"duplicate key '{key}' (first written on line {first_line}); keep one")
                continue
            mapping.key_pos[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping.value_pos[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            mapping[key] = self.build(value_node, depth + 1)
        return mapping


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    offending = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if offending == "\t":
        return YamlProblem(line, column, "a tab is used for indentation; YAML needs spaces: replace the tab with spaces")
    problem = error.problem or "invalid YAML"
    if error.context:
        problem = f"{error.context}, {problem}"
    return YamlProblem(line, column, f"YAML syntax error: {problem}")


def parse(text: str) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document into Map/Seq/scalars, or report where and why it cannot be read."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text)]
    except yaml.YAMLError as error:
        return None, [YamlProblem(1, 1, f"YAML syntax error: {error}")]
    except RecursionError:
        return None, [YamlProblem(1, 1, f"nested too deeply to read; curated files need at most {MAX_DEPTH} levels")]
    if node is None:
        return None, []
    builder = _Builder()
    tree = builder.build(node)
    if builder.aliased:
        builder.problems.extend(_alias_problems(text))
    return tree, builder.problems


def _alias_problems(text: str, limit: int = 10) -> list[YamlProblem]:
    """Where each alias is written: the composed nodes only know where their anchor was."""
    found = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            found.append(YamlProblem(event.start_mark.line + 1, event.start_mark.column + 1,
                                     f"the alias *{event.anchor} is not allowed in curated files; write the value out in full"))
            if len(found) == limit:
                break
    return found
