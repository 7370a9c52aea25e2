"""Field specs, problems located at file:line:column, and the checker shared by the curated files and the workbook descriptions."""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from defence_figures import paths, yamlio
from defence_figures.yamlio import describe

# What `defence-figures draft` writes where a human must decide; every field refuses it.
PLACEHOLDER = "TODO"

# One pattern for the checker and the JSON Schema of each kind of text.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# An http(s) address, without spaces.
URL_PATTERN = r"^https?://\S+$"
_URL = re.compile(URL_PATTERN.strip("^$"))

# Formatting characters that change how text displays without being seen: the bidirectional controls can
# make a proven "81" display as "18", and the zero-width ones split or join words invisibly. U+FEFF at the
# very start of a file is a byte-order mark, which the callers allow there.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# ZERO WIDTH NON-JOINER and JOINER shape Persian words, Indic conjuncts and emoji sequences, so they are
# allowed between two characters that are neither ASCII nor Latin letters; beside those they only hide.
_JOINERS = "\u200c\u200d"
# Shown escaped in every message, so a value cannot move the cursor, erase a line or reorder what is printed:
# the C0 and C1 controls, DEL, line and paragraph separators, lone surrogates (an undecodable file name)
# and the invisible formatting characters above.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_unprintable(text: str) -> str:
    """Control and invisible characters written as \\x1b, \\n or \\u202e, so a message prints as one plain line."""
    def escaped(match: re.Match) -> str:
        char = match.group()
        if char in _SHORT_ESCAPES:
            return _SHORT_ESCAPES[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    return _UNPRINTABLE.sub(escaped, text)


def _joins_letters(text: str, at: int) -> bool:
    """Whether the joiner at text[at] stands between two characters of a script that uses it."""
    if at == 0 or at + 1 >= len(text):
        return False
    return not any(ch < "\x80" or unicodedata.name(ch, "").startswith("LATIN") for ch in (text[at - 1], text[at + 1]))


def invisible_characters(text: str, start: int = 0) -> list[int]:
    """Offsets of the invisible formatting characters in text[start:], joiners where a script needs them excepted."""
    return [m.start() for m in _INVISIBLE.finditer(text, start)
            if not (m.group() in _JOINERS and _joins_letters(text, m.start()))]


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def invisible_error(text: str) -> str:
    """'' when text has no invisible formatting character; else which, where in text, and how to fix it."""
    found = invisible_characters(text)
    if not found:
        return ""
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (f"has an invisible {character_name(text[found[0]])} at its character {found[0] + 1}{more}, which can make "
            "text display otherwise than it reads; delete it")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    document_id: str = ""
    figure_id: str = ""

    def __str__(self) -> str:
        # Messages quote curated values and file names: escaped, an ESC[2K or a \\r in them cannot erase the
        # problem line and print a fake success in its place.
        return escape_unprintable(f"{self.path}:{self.line}:{self.column}: {self.message}")


@dataclass(frozen=True, slots=True)
class FieldType:
    """What a field's value may be, once for the checker and the JSON Schema."""

    error: Callable[[FieldSpec, Any], str]  # '' when the value fits, else what to write instead
    schema: Callable[[FieldSpec], dict[str, Any]]  # JSON Schema keywords, after the field's description


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool
    guidance: str  # shown when the field is missing or empty, and in the JSON Schema
    choices: tuple[str, ...] = ()  # for ENUM
    max_length: int = 4000  # for TEXT


@dataclass(frozen=True, slots=True)
class CheckedFields:
    """The values of a mapping that fit their specs; ok is False when anything did not."""

    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = False


def close_match_hint(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """"; did you mean 'x'?" for the candidate closest to word, or '' when none is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown_key_message(key: str, known: Iterable[str], kind: str = "field", listed_as: str = "fields") -> str:
    """"unknown field 'x'; did you mean 'y'?", or the known names when none is close."""
    known = list(known)
    hint = close_match_hint(key, known) or f"; the {listed_as} are: {', '.join(known)}"
    return f"unknown {kind} '{key}'{hint}"


def url_error(value: Any) -> str:
    """'' for null or an http(s) address without spaces; else what to write instead."""
    if value is None or (isinstance(value, str) and _URL.fullmatch(value)):
        return ""
    return f"must be an http(s) address or null, not {describe(value)}"


def choice_error(value: str, choices: tuple[str, ...]) -> str:
    """'' when value is one of choices; else what it is, the choices and the closest one."""
    if value in choices:
        return ""
    return f"is '{value}', which is not one of: {', '.join(choices)}{close_match_hint(value, choices)}"


def text_expected(value: Any) -> str:
    """What to write when a text field holds a number, a list or nothing."""
    return f"must be text, not {describe(value)}; put it in quotes"


def _text_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, str):
        return text_expected(value)
    if not value.strip():
        return "is empty: " + spec.guidance
    if len(value) > spec.max_length:
        return f"is {len(value):,} characters long; keep it under {spec.max_length:,}"
    return invisible_error(value)


def _number_error(spec: FieldSpec, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        quoted = isinstance(value, str) and yamlio.FLOAT_SCALAR.match(value.replace(",", ""))
        return f"must be a number, not {describe(value)}{'; write it without quotes' if quoted else ''}"
    if isinstance(value, Decimal) and not value.is_finite():
        return "must be a finite number"
    return ""


def _enum_error(spec: FieldSpec, value: Any) -> str:
    return choice_error(value, spec.choices) if isinstance(value, str) else text_expected(value)


TEXT = FieldType(_text_error, lambda spec: {"type": "string", "minLength": 1, "maxLength": spec.max_length})
NUMBER = FieldType(_number_error, lambda spec: {"type": "number"})
NULL_OR_NUMBER = FieldType(lambda spec, value: "" if value is None else _number_error(spec, value),
                           lambda spec: {"type": ["number", "null"]})
ENUM = FieldType(_enum_error, lambda spec: {"enum": list(spec.choices)})
NULL_OR_URL = FieldType(lambda spec, value: url_error(value),
                        lambda spec: {"type": ["string", "null"], "pattern": URL_PATTERN})


def whole_number(low: int, high: int | None = None) -> FieldType:
    """A whole number from low (to high, when given)."""
    span = f"from {low}" if high is None else f"from {low} to {high:,}"

    def error(spec: FieldSpec, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            return f"must be a whole number {span}, not {describe(value)}"
        return ""

    bounds = {"minimum": low} if high is None else {"minimum": low, "maximum": high}
    return FieldType(error, lambda spec: {"type": "integer", **bounds})


def text_matching(pattern: str, hint: str, also: Callable[[str], str] | None = None) -> FieldType:
    """Text that matches pattern; hint ends the message 'is 'x', which is not HINT'; also checks more."""
    compiled = re.compile(pattern)

    def error(spec: FieldSpec, value: Any) -> str:
        if not isinstance(value, str):
            return text_expected(value)
        if not compiled.match(value):
            return f"is '{value[:80]}', which is not {hint}"
        return also(value) if also is not None else ""

    return FieldType(error, lambda spec: {"type": "string", "pattern": pattern})


SHA256 = text_matching(SHA256_PATTERN, "64 lower-case hexadecimal characters, as printed by sha256sum")


def json_schema_object(specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The JSON Schema of a mapping with these fields and no others."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [s.name for s in specs if s.required],
        "properties": {s.name: {"description": s.guidance, **s.type.schema(s)} for s in specs},
    }


# id(specs) -> (specs, their names). Keyed on the tuple's identity, since hashing the specs
# themselves cost more than the check; holding the tuple keeps its id from being reused.
_FIELD_NAMES: dict[int, tuple[tuple[FieldSpec, ...], dict[str, None]]] = {}


def _field_names(specs: tuple[FieldSpec, ...]) -> dict[str, None]:
    """The field names in schema order, as a dict for fast membership and ordered listing."""
    cached = _FIELD_NAMES.get(id(specs))
    if cached is None:
        cached = _FIELD_NAMES[id(specs)] = (specs, dict.fromkeys(s.name for s in specs))
    return cached[1]


class Checker:
    """Collects the located problems of one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.document_id = ""  # filed with every problem whose call names no document
        self.problems: list[Problem] = []

    def add(self, pos: tuple[int, int], message: str, document_id: str = "", figure_id: str = "") -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], message, document_id or self.document_id, figure_id))

    def add_yaml_problems(self, problems: list[yamlio.YamlProblem]) -> None:
        for problem in problems:
            self.add((problem.line, problem.column), problem.message)

    def read_mapping(self, path, limit: int, size_words: str, not_mapping: str) -> yamlio.Map | None:
        """A small YAML file of ours read whole as a mapping, or None with its problem added.

        size_words names the file in the size message ("a file of checks"); not_mapping starts the
        message for a file that parses to something else ("the file must be a mapping with ...").
        """
        try:
            data = paths.read_regular_file(path, limit)
        except OSError as error:
            self.add((1, 1), f"cannot be read: {error.strerror or error}")
            return None
        if len(data) > limit:
            self.add((1, 1), f"is {len(data):,} bytes; {size_words} needs far less than {limit:,}")
            return None
        try:
            tree, yaml_problems = yamlio.parse(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            self.add((1, 1), f"is not UTF-8 (byte {error.start}); save it as UTF-8")
            return None
        self.add_yaml_problems(yaml_problems)
        if yaml_problems:
            return None
        if not isinstance(tree, yamlio.Map):
            self.add((1, 1), f"{not_mapping}, not {describe(tree)}")
            return None
        return tree

    def check_top_level(self, tree: yamlio.Map, keys: tuple[str, ...], schema_version: int) -> None:
        """Unknown top-level keys, and a schema_version other than the one this reader knows."""
        for key in tree:
            if key not in keys:
                self.add(tree.key_pos[key], unknown_key_message(key, keys, "top-level key", "keys"))
        if tree.get("schema_version") != schema_version:
            got = describe(tree["schema_version"]) if "schema_version" in tree else "nothing"
            self.add(tree.value_pos.get("schema_version", (1, 1)), f"schema_version must be {schema_version}, not {got}")

    def check_fields(self, mapping: Any, specs: tuple[FieldSpec, ...], what: str, pos: tuple[int, int],
                     document_id: str = "", figure_id: str = "") -> CheckedFields:
        """Check a mapping against its field specs: every problem is added, and the values that fit returned.

        what names the mapping at the start of each message ("figure 'x'"); pos locates it
        when it is not a mapping at all.
        """
        if not isinstance(mapping, yamlio.Map):
            self.add(pos, f"{what} must be a mapping of fields, not {describe(mapping)}", document_id, figure_id)
            return CheckedFields()
        names = _field_names(specs)
        values: dict[str, Any] = {}
        ok = True
        for key in mapping:
            if key not in names:
                self.add(mapping.key_pos[key], f"{what}: {unknown_key_message(key, names)}", document_id, figure_id)
                ok = False
        for spec in specs:
            if spec.name not in mapping:
                if spec.required:
                    self.add((mapping.line, mapping.column), f"{what} has no '{spec.name}': {spec.guidance}",
                             document_id, figure_id)
                    ok = False
                continue
            value = mapping[spec.name]
            if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
                error = f"is still a draft placeholder ({value.strip()[:100]}); fill it in"
            else:
                error = spec.type.error(spec, value)
            if error:
                self.add(mapping.value_pos[spec.name], f"{what}: '{spec.name}' {error}", document_id, figure_id)
                ok = False
            else:
                values[spec.name] = value
        return CheckedFields(values, ok)
