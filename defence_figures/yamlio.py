"""Safe YAML with the line and column of every node: no tags, no aliases, no duplicate keys."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

# The C parser when PyYAML was built with libyaml; BaseLoader semantics either way:
# nothing is resolved implicitly, so we type plain scalars ourselves (below).
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_DEPTH = 20
MAX_ALIAS_PROBLEMS = 10  # an alias bomb writes thousands; the first few show the curator what to remove

# Plain scalars are typed by the YAML 1.2 core schema, not PyYAML's YAML 1.1 one:
# `NO` stays the string "NO" (the Norway problem), `2024-02-15` stays a string,
# and 1.47 becomes Decimal("1.47") so a curated value compares exactly with a quote.
_INT = re.compile(r"[-+]?[0-9]+\Z")
# Public: a number field written in quotes ("380") is told to drop them only when this
# pattern, the one that types it, would read it as a number.
FLOAT_SCALAR = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
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


def _scalar(event: yaml.ScalarEvent) -> Any:
    text = event.value
    if event.style or event.tag:  # quoted, block or tagged !!str: always a string (plain style is None, or "" from libyaml)
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] not in "0123456789+-.":  # most plain scalars are words: skip the number patterns
        return text
    if _INT.match(text):
        return int(text)  # ValueError beyond sys.get_int_max_str_digits() (4,300 by default): _Builder.scalar reports it
    if FLOAT_SCALAR.match(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return text
    return text


class _Frame:
    """A mapping or sequence being built; for a mapping, the key waiting for its value."""

    __slots__ = ("value", "mark", "refused", "key", "key_pos", "awaiting_value")

    def __init__(self, value: Map | Seq, mark: Any, refused: bool) -> None:
        self.value = value
        self.mark = mark
        self.refused = refused  # its tag is not allowed: built to read past it, then dropped
        self.key: str | None = None  # None while awaiting a value: the key was refused, so is its value
        self.key_pos = (0, 0)
        self.awaiting_value = False


class _Builder:
    """Builds Map/Seq/scalars from the parser's events in one pass, without recursion.

    Events, not a composed node graph: an alias is refused where it is written and never
    expanded (an alias bomb costs nothing), and nesting deeper than MAX_DEPTH stops the
    read at once, before libyaml's composer overflows the C stack (a segmentation fault
    at some 40,000 levels) or its scanner slows quadratically on deep flow brackets.
    """

    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.aliases = 0

    def problem(self, mark: Any, message: str) -> None:
        self.problems.append(YamlProblem(mark.line + 1, mark.column + 1, message))

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        """The typed value of a scalar, or None with a problem where it cannot be held."""
        try:
            return _scalar(event)
        except ValueError:
            # Python refuses to convert an integer of more digits than its limit (CVE-2020-10735):
            # one pasted huge number must cost one located problem, not every document.
            digits = len(event.value.lstrip("+-"))
            self.problem(event.start_mark, f"a number of {digits:,} digits is too long; write at most "
                                           f"{sys.get_int_max_str_digits():,} digits, or put the value in quotes if it is text")
            return None

    def refuse_tag(self, event: Any) -> bool:
        if event.tag is None or event.tag == "!" or event.tag in _STANDARD_TAGS:
            return False
        self.problem(event.start_mark, f"the tag {_short_tag(event.tag)} is not allowed; curated files use plain YAML without tags")
        return True

    def build(self, events: Any) -> Any:
        documents = 0
        for event in events:
            if type(event) is yaml.ScalarEvent and len(self.stack) <= MAX_DEPTH:
                # Nine events in ten are scalars: the fast path, same as the general one below.
                if event.tag is not None and self.refuse_tag(event):
                    self.finish(None, event.start_mark, None)
                else:
                    self.finish(self.scalar(event), event.start_mark, event.value)
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problem(event.start_mark, "a second YAML document starts here; a curated file is one "
                                                   "document: remove the '---' line and what follows, or merge it")
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                frame = self.stack.pop()
                self.finish(None if frame.refused else frame.value, frame.mark, None, collection=True)
            elif isinstance(event, yaml.NodeEvent):
                if len(self.stack) > MAX_DEPTH:
                    self.problem(event.start_mark, f"nested deeper than {MAX_DEPTH} levels; curated files need at most 4")
                    return None
                if isinstance(event, yaml.AliasEvent):
                    self.aliases += 1
                    if self.aliases <= MAX_ALIAS_PROBLEMS:
                        self.problem(event.start_mark, f"the alias *{event.anchor} is not allowed in curated files; "
                                                       "write the value out in full")
                    self.finish(None, event.start_mark, None)
                elif isinstance(event, yaml.ScalarEvent):
                    if self.refuse_tag(event):
                        self.finish(None, event.start_mark, None)
                    else:
                        self.finish(self.scalar(event), event.start_mark, event.value)
                else:
                    refused = self.refuse_tag(event)
                    mark = event.start_mark
                    if isinstance(event, yaml.MappingStartEvent):
                        container: Map | Seq = Map()
                        container.key_pos, container.value_pos = {}, {}
                    else:
                        container = Seq()
                        container.item_pos = []
                    container.line, container.column = mark.line + 1, mark.column + 1
                    self.stack.append(_Frame(container, mark, refused))
        return self.root

    def finish(self, value: Any, mark: Any, word: str | None, collection: bool = False) -> None:
        """Place a finished node in its parent; word is its text when it may serve as a key."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        pos = (mark.line + 1, mark.column + 1)
        if isinstance(top.value, Seq):
            top.value.append(value)
            top.value.item_pos.append(pos)
            return
        mapping = top.value
        if top.awaiting_value:
            top.awaiting_value = False
            if top.key is not None:
                mapping.key_pos[top.key] = top.key_pos
                mapping.value_pos[top.key] = pos
                mapping[top.key] = value
            return
        top.awaiting_value, top.key = True, None
        if word is None:
            if collection:
                self.problem(mark, "a key must be a plain word, not a list or a mapping")
        elif word in mapping.key_pos:
            first_line = mapping.key_pos[word][0]
            self.problem(mark, f"duplicate key '{word}' (first written on line {first_line}); keep one")
        else:
            top.key, top.key_pos = word, pos


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    offending = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if offending == "\t":
        return YamlProblem(line, column, "a tab is used for indentation; YAML needs spaces: replace the tab with spaces")
    # The two ways a quote breaks a curated file, said in the curator's words rather than the parser's.
    opened = error.context_mark
    if error.problem == "found unexpected end of stream" and error.context == "while scanning a quoted scalar" and opened:
        return YamlProblem(opened.line + 1, opened.column + 1,
                           "this quoted value is never closed; add the closing quotation mark")
    if mark is not None and error.problem == "did not find expected key" and text[:mark.index].rstrip(" ")[-1:] in ('"', "'"):
        return YamlProblem(line, column, "text follows the closing quotation mark of a quoted value; inside \"...\" "
                                         "write a quotation mark as \\\", inside '...' write an apostrophe as ''")
    problem = error.problem or "invalid YAML"
    if error.context:
        problem = f"{error.context}, {problem}"
    return YamlProblem(line, column, f"YAML syntax error: {problem}")


def parse(text: str) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document into Map/Seq/scalars, or report where and why it cannot be read."""
    builder = _Builder()
    try:
        tree = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        return None, [*builder.problems, _syntax_problem(error, text)]
    except yaml.YAMLError as error:
        return None, [*builder.problems, YamlProblem(1, 1, f"YAML syntax error: {error}")]
    return tree, builder.problems


def describe(value: Any) -> str:
    """A parsed value in a few words, for messages: 'a list', 'the number 18', 'the text "..."'."""
    if isinstance(value, Map):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    text = str(value)
    return f'the text "{text[:60]}{"…" if len(text) > 60 else ""}"'
