"""Curated YAML + source texts -> a proven corpus, or every problem with its file, line and column."""
from __future__ import annotations

import bisect
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from defence_figures import paths, yamlio
from defence_figures.corpus import anchor
from defence_figures.corpus.model import (
    COMPARING_ROLE,
    COMPARISON_FIELDS,
    DOCUMENT_FIELDS,
    FIGURE_FIELDS,
    NOT_FIGURE_FIELDS,
    RECORD_ROLES,
    REPORTED_ROLES,
    REPORTING_ROLES,
    ROLES,
    SAME_NUMBER_VERDICTS,
    SCHEMA_VERSION,
    TOP_LEVEL_KEYS,
    UNITS,
    Comparison,
    Corpus,
    Document,
    Figure,
    Location,
    NotFigure,
    format_number,
)
from defence_figures.corpus.numbers import US_DOLLARS, NumberMention, per_scale, read_numbers, times_scale
from defence_figures.paths import display_path
from defence_figures.validation import ID_PATTERN, Checker, Problem, character_name, close_match_hint, invisible_characters
from defence_figures.yamlio import describe

# A curated file describes one document; a few hundred figures is already a lot.
# The cap keeps a pasted data dump from stalling the app for everyone.
MAX_FILE_BYTES = 4 * 1024 * 1024
# A source text is one document: a full summit transcript is some 250 KB, so 4 MiB is sixteen times
# any real one, while a pasted dump cannot fill the memory of the app that holds every text.
MAX_SOURCE_BYTES = 4 * 1024 * 1024

_ID = re.compile(ID_PATTERN)
# A close-match suggestion ("did you mean ...?") compares the id with every id, some 5 microseconds each:
# 3,000 dangling references against 3,000 ids took 45 s. One load spends at most this many comparisons
# (about 0.1 s): a few hundred ids leave room for hundreds of suggestions, and when thousands of
# references dangle (a renamed prefix, an unreadable file) the first few suggestions show the pattern.
SUGGESTION_COMPARISONS = 20_000
_DIMENSION_WORDS = {
    "money": "an amount of money (such as $380 billion)",
    "percent": "a percentage (such as 2% or 99 percent)",
    "count": "a count (such as 18 or 90,000)",
    "multiplier": "a multiplier (such as six-fold)",
}


@dataclass(slots=True)
class LoadResult:
    corpus: Corpus
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    withheld_documents: list[str] = field(default_factory=list)
    withheld_figures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _first_difference_hint(text: str, quote: str) -> str:
    """Where a quote stops matching its text, so the curator sees the one character that is off."""
    low, high = 0, len(quote)
    while low < high:  # the longest prefix of quote found in text
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low < 8:
        return "no part of it was found"
    at = text.find(quote[:low])
    line, _ = anchor.line_and_column(text, at)
    found = text[at + low: at + low + 12]
    wanted = quote[low: low + 12]
    return (f"the first {low} characters match line {line} of the text, which then has "
            f"{found!r} where the quote has {wanted!r}")


def _clusters(text: str) -> list[tuple[int, str]]:
    """Each character with the combining marks after it, and its offset: the units NFC composes."""
    found: list[tuple[int, str]] = []
    for offset, char in enumerate(text):
        if found and unicodedata.combining(char):
            found[-1] = (found[-1][0], found[-1][1] + char)
        else:
            found.append((offset, char))
    return found


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text)


def _unicode_form_message(text: str, quote: str, what: str, text_name: str) -> str:
    """When quote is in text only once both are composed (NFC): that, the first letter that differs, and the fix; else ''."""
    composed_quote = unicodedata.normalize("NFC", quote)
    if composed_quote == quote and unicodedata.is_normalized("NFC", text):
        return ""
    if composed_quote not in unicodedata.normalize("NFC", text):
        return ""
    # Align quote and text letter by letter, to name the first letter the two write in different forms.
    text_clusters = _clusters(text)
    starts, composed, length = [], [], 0
    for _, cluster in text_clusters:
        starts.append(length)
        composed.append(unicodedata.normalize("NFC", cluster))
        length += len(composed[-1])
    at = "".join(composed).find(composed_quote)
    index = bisect.bisect_left(starts, at)
    first = ""
    if at != -1 and index < len(starts) and starts[index] == at:
        for (_, wanted), (offset, found) in zip(_clusters(quote), text_clusters[index:]):
            if wanted != found:
                line = anchor.line_and_column(text, offset)[0]
                first = (f'; the first that differs, "{unicodedata.normalize("NFC", found)}" on line {line} of the text, '
                         f"is {_code_points(wanted)} in the quote but {_code_points(found)} in the text")
                break
    return (f"the {what} is in {text_name} only in another Unicode form: the two write the same letters, composed "
            f"in one and decomposed in the other{first}; copy the {what} from the text, or save both as NFC (composed)")


def _following_words(text: str, mention: NumberMention) -> str:
    return " ".join(text[mention.end:mention.end + 60].split()[:4])


# "18 of the 31 NATO members", "22 out of 32 NATO countries", "18 of the alliance's 31 countries": a part of a
# whole counts what the whole counts, so the noun is looked for after the whole.
_PART_OF_WHOLE = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?(?:\S+\s+)?\d[\d,]*(?=\s)")


def noun_follows(text: str, mention: NumberMention, nouns: tuple[str, ...]) -> bool:
    """Whether one of the nouns comes within three words after the number (or after the whole it is part of)."""
    after = mention.end
    whole = _PART_OF_WHOLE.match(text, after, min(len(text), after + 60))
    if whole is not None:
        after = whole.end()
    words: list[str] = []
    for token in text[after:after + 80].split()[:5]:
        if any(ch.isdigit() for ch in token):
            break  # the next number's words are not this number's
        words.append(token.lower())
    return _noun_pattern(nouns).match(" ".join(words)) is not None


@lru_cache(maxsize=64)
def _noun_pattern(nouns: tuple[str, ...]) -> re.Pattern:
    """One of the nouns within the first four words: compiled once per unit."""
    return re.compile(rf"(?:\S+ ){{0,3}}(?:{'|'.join(re.escape(n) for n in nouns)})\b")


def _mention_words(mentions: list[NumberMention]) -> str:
    return ", ".join(f'"{m.text.strip()}"' for m in mentions) or "no number"


def _prove_number(figure: dict[str, Any], quote_start: int, add) -> tuple[int, int] | None:
    """Find the number in the quote that writes the curated value; report how they disagree otherwise."""
    quote: str = figure["quote"]
    unit = UNITS[figure["unit"]]
    value = Decimal(figure["value"])
    wanted = times_scale(value, unit.scale)
    search_from, search_to = 0, len(quote)
    if "number_text" in figure:
        at = quote.find(figure["number_text"])
        if at == -1:
            add("number_text", f"number_text \"{figure['number_text']}\" is not in the quote; "
                               "copy the words that write the number from the quote")
            return None
        search_from, search_to = at, at + len(figure["number_text"])
    written = [m for m in read_numbers(quote, include_dates=True) if m.start < search_to and m.end > search_from]
    if "number_text" in figure and unit.dimension == "count":
        # "in 2000 troops" cannot be told from a year by its words; number_text is the curator saying so.
        written = [m.read_as_count() if m.dimension == "year" else m for m in written]
    mentions = [m for m in written if m.is_figure]
    year = next((m for m in written if m.dimension == "year" and m.value == wanted and unit.dimension == "count"), None)
    year_note = (f'; "{year.text}" is read as a year, as is every four-digit number from 1800 to 2100 without a '
                 f'currency, scale or percent sign: if it is the count, set number_text: "{year.text}" to read it as one'
                 if year else "")
    fitting = [m for m in mentions if m.dimension == unit.dimension]
    if not fitting:
        add("unit", f"the unit {unit.id} needs {_DIMENSION_WORDS[unit.dimension]} in the quote, "
                    f"but the quote writes {_mention_words(mentions)}{year_note}; check the unit or the quote")
        return None
    if unit.dimension == "money":
        # Every money unit of the controlled list is in US dollars: "C$380 billion" is not $380 billion.
        dollars = [m for m in fitting if m.currency == US_DOLLARS]
        other = [m for m in fitting if m.currency != US_DOLLARS]
        if other and not any(m.value == wanted for m in dollars) and (not dollars or any(m.value == wanted for m in other)):
            shown = next((m for m in other if m.value == wanted), other[0])
            add("unit", f"the unit {unit.id} is in US dollars, but the quote writes \"{shown.text.strip()}\" in "
                        f"{shown.currency}; curate amounts in US dollars only, since no unit is in {shown.currency}")
            return None
        fitting = dollars
    if unit.nouns:
        counted = [m for m in fitting if noun_follows(quote, m, unit.nouns)]
        if not counted and "number_text" in figure and _noun_pattern(unit.nouns).search(quote.lower()):
            # "the number of states ... had increased from 11 last year": the noun comes first. number_text is
            # the curator pinning the number, and the sentence names what it counts.
            counted = fitting
        if not counted:
            shown = "; ".join(f'"{m.text.strip()}" is followed by "{_following_words(quote, m)}"' for m in fitting)
            add("unit", f"the unit {unit.id} counts {', '.join(unit.nouns)}, but in the quote {shown}{year_note}; "
                        "check the unit or add number_text")
            return None
        fitting = counted
    equal = [m for m in fitting if m.value == wanted and m.low is None]
    ranges = [m for m in fitting if m.low is not None]
    if not equal and ranges:
        shown = next((m for m in ranges if wanted in (m.low, m.value)), ranges[0])
        add("value", f"the quote writes a range, \"{shown.text.strip()}\" ({format_number(per_scale(shown.low, unit.scale))} "
                     f"to {format_number(per_scale(shown.value, unit.scale))} {unit.label}), and a figure has one value; "
                     "curate a sentence that writes one number")
        return None
    if not equal:
        options = "; ".join(
            f'"{m.text.strip()}" is {format_number(per_scale(m.value, unit.scale))} {unit.label}' for m in fitting
        )
        first = format_number(per_scale(fitting[0].value, unit.scale))
        add("value", f"value {format_number(value)} ({unit.label}) disagrees with the quote, where {options}{year_note}; "
                     f"set value: {first}, or correct the unit or the quote")
        return None
    chosen = next((m for m in equal if m.qualifier == figure["qualifier"]), equal[0])
    if chosen.qualifier != figure["qualifier"]:
        said = f'"{chosen.qualifier_text}"' if chosen.qualifier_text else "no hedge"
        where = "after" if chosen.qualifier_text.startswith("or ") else "before"
        add("qualifier", f"qualifier is {figure['qualifier']} but the quote puts {said} {where} the number "
                         f"(\"{chosen.text.strip()}\"); set qualifier: {chosen.qualifier}")
        return None
    return quote_start + chosen.number_start, quote_start + chosen.end


_SCALE_WORD = re.compile(r"\b(?:thousand|million|billion|trillion|bn)\b", re.IGNORECASE)


def _prove_printed(figure: dict[str, Any], quote_start: int, add) -> tuple[int, int] | None:
    """For a number the report lost: number_text is in the quote and writes the curated value, or no number when it is null."""
    quote: str = figure["quote"]
    at = quote.find(figure["number_text"])
    if at == -1:
        add("number_text", f"number_text \"{figure['number_text']}\" is not in the quote; copy the words where the "
                           "number stands from the quote")
        return None
    written = [m for m in read_numbers(figure["number_text"], include_dates=True)]
    value, scale = figure["value"], UNITS[figure["unit"]].scale

    def in_unit(m: NumberMention) -> Decimal:
        # "over 600 billion" is 600 in usd_billion; a bare "10" is 10, whatever the unit's scale.
        return per_scale(m.value, scale) if _SCALE_WORD.search(m.text) else m.value

    if value is None:
        if written:
            add("value", f"value is null, but number_text writes {_mention_words(written)}; "
                         f"set value: {format_number(in_unit(written[0]))} (the number as printed)")
            return None
    # A report that lost a number lost its currency sign with it ("over 0 billion"): the number as printed
    # is compared in the figure's unit, whatever its dimension, never as the record's amount.
    elif not any(in_unit(m) == Decimal(value) for m in written):
        add("value", f"value {format_number(Decimal(value))} is not what number_text prints "
                     f"({_mention_words(written)}); write the number as printed, or null when none is")
        return None
    return quote_start + at, quote_start + at + len(figure["number_text"])


def _anchor(text: str, quote: str, occurrence: int | None, text_name: str, add, field_name: str = "quote") -> int | None:
    starts = anchor.occurrences(text, quote)
    if not starts:
        what = field_name.replace("_", " ")
        add(field_name, _unicode_form_message(text, quote, what, text_name)
            or f"the {what} is not in {text_name}; copy it byte for byte ({_first_difference_hint(text, quote)})")
        return None
    if occurrence is None:
        if len(starts) > 1:
            lines = ", ".join(str(anchor.line_and_column(text, s)[0]) for s in starts)
            add(field_name, f"the {field_name.replace('_', ' ')} occurs {len(starts)} times in {text_name} "
                            f"(lines {lines}); add occurrence: 1 to {len(starts)} to say which")
            return None
        return starts[0]
    if occurrence > len(starts):
        fix = f"set occurrence: 1 to {len(starts)}" if len(starts) > 1 else "remove occurrence, which only a repeated quote needs"
        add("occurrence", f"occurrence is {occurrence} but the quote occurs {len(starts)} "
                          f"time{'s' if len(starts) > 1 else ''} in {text_name}; {fix}")
        return None
    return starts[occurrence - 1]


@dataclass(slots=True)
class _PendingFigure:
    figure: Figure
    raw: dict[str, Any]
    pos: dict[str, tuple[int, int]]
    path: str


@dataclass(slots=True)
class _IdSite:
    """One place that defines an id; for a document, whether it was served under it."""

    path: str
    line: int
    column: int
    document_id: str
    served: bool = False


@dataclass(slots=True)
class _PendingComparison:
    raw: dict[str, Any]
    pos: dict[str, tuple[int, int]]
    path: str
    document_id: str
    quote_start: int


def _read_text(path: Path, display: str, checker: Checker) -> str | None:
    try:
        data = paths.read_regular_file(path, MAX_FILE_BYTES)  # never more: a pasted dump must not fill the memory
        size = path.stat().st_size if len(data) > MAX_FILE_BYTES else len(data)
    except (OSError, ValueError) as error:
        checker.add((1, 1), f"cannot read {display}: {getattr(error, 'strerror', None) or error}")
        return None
    if size > MAX_FILE_BYTES:
        checker.add((1, 1), f"{display} is {size:,} bytes; a curated file must stay under "
                            f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 1048576} MiB), so split it by document")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        checker.add((line, column), f"byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8")
        return None


def _read_source(path: Path, sources_dir: Path, name: str) -> bytes | str:
    """The bytes of a regular file inside sources_dir after resolving links, or what is wrong (a message)."""
    too_big = (f"a source text may be at most {MAX_SOURCE_BYTES:,} bytes ({MAX_SOURCE_BYTES // 1048576} MiB); "
               "store the part the figures quote, with completeness: excerpt and excerpt_covers")
    try:
        resolved = os.path.realpath(path)
        # Looked at before it is opened: a named pipe would block every reader forever, and /dev/zero never ends.
        status = os.stat(resolved)
        if not stat.S_ISREG(status.st_mode):
            return f"{name} is {paths.file_kind(status.st_mode)}, not a regular file; save the document's text as a plain file there"
        if os.path.commonpath([resolved, os.path.realpath(sources_dir)]) != os.path.realpath(sources_dir):
            return (f"{name} is a link to a file outside data/sources/; copy the text into data/sources/ "
                    "in place of the link")
        if status.st_size > MAX_SOURCE_BYTES:
            return f"{name} is {status.st_size:,} bytes; {too_big}"
        # O_NONBLOCK: should the file be swapped for a pipe after the check, opening it still returns at once.
        descriptor = os.open(resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return f"{name} changed while it was read; run again"
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        return f"{name} does not exist; copy the document's text there or correct the file name"
    except ValueError:  # raised for a NUL character, which no file name can hold
        return "'text' holds a NUL character, which no file name can; write the name of a file in data/sources/"
    except OSError as error:
        return f"{name} cannot be read ({error.strerror or error}); check the file and its permissions"
    if len(data) > MAX_SOURCE_BYTES:
        return f"{name} grew past the limit while it was read; {too_big}"
    return data


class _Loader:
    def __init__(self, sources_dir: Path, root: Path | None) -> None:
        self.sources_dir = sources_dir
        self.root = root
        self.result = LoadResult(Corpus())
        self.figure_sites: dict[str, str] = {}  # id -> "file:line" of its first definition
        self.pending: list[_PendingFigure] = []
        self.pending_comparisons: list[_PendingComparison] = []
        self.document_files: dict[str, str] = {}  # document id -> the curated file that first used it
        self.held_with_document: dict[str, str] = {}  # a sound figure withheld with its document -> its file
        self.unread: list[str] = []  # curated files whose figures could not even be listed
        self._figures_listed = False
        self._document_named = False  # served or withheld under its id; else load_file names the file
        # kind ("document", "figure", "comparison") -> id -> every place that defines it; two places: neither is served
        self.id_sites: dict[str, dict[str, list[_IdSite]]] = {"document": {}, "figure": {}, "comparison": {}}
        self.suggestion_budget = SUGGESTION_COMPARISONS

    def _register_id(self, kind: str, item_id: str, path: str, pos: tuple[int, int], document_id: str) -> _IdSite:
        claim = _IdSite(path, pos[0], pos[1], document_id)
        self.id_sites[kind].setdefault(item_id, []).append(claim)
        return claim

    def load_file(self, path: Path) -> None:
        display = display_path(path, self.root)
        self.result.files.append(display)
        checker = Checker(display)
        self._figures_listed = self._document_named = False
        try:
            self._check_file(path, display, checker)
        finally:
            self.result.problems.extend(checker.problems)
            if not self._figures_listed:
                self.unread.append(display)
            if not self._document_named:
                # No document and no id to name it by: name the file, so it is not silently missing.
                self.result.withheld_documents.append(display)

    def _check_file(self, path: Path, display: str, checker: Checker) -> None:
        source = _read_text(path, display, checker)
        if source is None:
            return
        if not source.strip():
            checker.add((1, 1), "the file is empty; a curated file needs schema_version, document and figures (see CURATING.md)")
            return
        tree, yaml_problems = yamlio.parse(source)
        checker.add_yaml_problems(yaml_problems)
        if yaml_problems:
            return  # withheld under the file's name by load_file: no id can be read from it
        if not isinstance(tree, yamlio.Map):
            checker.add((1, 1), f"the file must be a mapping with schema_version, document and figures, not {describe(tree)}")
            return
        checker.check_top_level(tree, TOP_LEVEL_KEYS, SCHEMA_VERSION)
        if "document" not in tree:
            checker.add((1, 1), "the file has no 'document' block describing its source text")
            return
        document = self._check_document(tree["document"], tree.value_pos["document"], checker)
        document_ok = document is not None and not checker.problems
        text = document.text if document is not None else None
        raw_document = tree["document"]
        doc_id = document.id if document is not None else (
            raw_document["id"] if isinstance(raw_document, yamlio.Map) and isinstance(raw_document.get("id"), str) else "")
        text_name = f"data/sources/{document.text_file}" if document is not None else ""
        figures = tree.get("figures")
        self._figures_listed = True
        if "figures" not in tree:
            checker.add((1, 1), "the file has no 'figures' list; write figures: [] for a document without figures")
            figures = yamlio.Seq()
            document_ok = False
        elif not isinstance(figures, yamlio.Seq):
            checker.add(tree.value_pos["figures"], f"figures must be a list, not {describe(figures)}")
            figures = yamlio.Seq()
            document_ok = False
            self._figures_listed = False
        if document_ok and figures is not None:
            self.result.corpus.documents[doc_id] = document
            self.id_sites["document"][doc_id][-1].served = True  # this file's claim: files are read one at a time
            self._document_named = True
        elif doc_id:
            self.result.withheld_documents.append(doc_id)
            self._document_named = True
        for index, raw in enumerate(figures or []):
            pos = figures.item_pos[index]
            before = len(checker.problems)
            figure = self._check_figure(raw, pos, doc_id, text, text_name, display, checker)
            if figure is not None and document_ok:
                self.pending.append(figure)
            elif isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str):
                self.result.withheld_figures.append(raw["id"])
                if len(checker.problems) == before:  # nothing wrong with the figure itself
                    self.held_with_document[raw["id"]] = display
        comparisons = tree.get("comparisons")
        if comparisons is None:
            comparisons = yamlio.Seq()
        elif not isinstance(comparisons, yamlio.Seq):
            checker.add(tree.value_pos["comparisons"], f"comparisons must be a list, not {describe(comparisons)}")
            return
        for index, raw in enumerate(comparisons):
            if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) and "id" in raw.value_pos:
                self._register_id("comparison", raw["id"], display, raw.value_pos["id"], doc_id)
            self._check_comparison(raw, comparisons.item_pos[index], doc_id, text, text_name, display, checker, document_ok)
        not_figures = tree.get("not_figures", yamlio.Seq())
        if not isinstance(not_figures, yamlio.Seq):
            checker.add(tree.value_pos["not_figures"], f"not_figures must be a list, not {describe(not_figures)}")
            return
        for index, raw in enumerate(not_figures):
            found = self._check_not_figure(raw, not_figures.item_pos[index], doc_id, text, text_name, display, checker)
            if found is not None and document_ok:
                self.result.corpus.not_figures.append(found)

    def _check_not_figure(self, raw: Any, pos: tuple[int, int], doc_id: str, text: str | None, text_name: str,
                          display: str, checker: Checker) -> NotFigure | None:
        what = f"the not_figures entry on line {pos[0]}"
        checked = checker.check_fields(raw, NOT_FIGURE_FIELDS, what, pos, doc_id)
        if not checked.ok or text is None:
            return None
        clean = checked.values

        def add(name: str, message: str) -> None:
            checker.add(raw.value_pos.get(name, (raw.line, raw.column)), f"{what}: {message}", doc_id)

        start = _anchor(text, clean["text"], clean.get("occurrence"), text_name, add, "text")
        if start is None:
            return None
        if not read_numbers(clean["text"], include_dates=True):
            add("text", f"\"{clean['text']}\" holds no number; name the words around the number that is not a figure")
            return None
        return NotFigure(doc_id, clean["text"], start, start + len(clean["text"]), clean["why"], Location(display, pos[0], pos[1]))

    def _check_document(self, raw: Any, pos: tuple[int, int], checker: Checker) -> Document | None:
        doc_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
        what = f"document '{doc_id}'" if doc_id else "the document"
        clean = checker.check_fields(raw, DOCUMENT_FIELDS, what, pos, document_id=doc_id).values
        if doc_id:
            self._register_id("document", doc_id, checker.path, raw.value_pos["id"], doc_id)
        if "text" not in clean:
            return None
        if doc_id:
            self.document_files.setdefault(doc_id, checker.path)
        text_path = self.sources_dir / clean["text"]
        text_name = f"data/sources/{clean['text']}"
        if "/" in clean["text"] or "\\" in clean["text"] or clean["text"].startswith("."):
            checker.add(raw.value_pos["text"], f"{what}: 'text' must be a file name in data/sources/, not a path", doc_id)
            return None
        data = _read_source(text_path, self.sources_dir, text_name)
        if isinstance(data, str):
            checker.add(raw.value_pos["text"], f"{what}: {data}", doc_id)
            return None
        digest = hashlib.sha256(data).hexdigest()
        if "sha256" in clean and clean["sha256"] != digest:
            checker.add(raw.value_pos["sha256"], f"{what}: {text_name} has changed since it was curated "
                                                 f"(its sha256 is {digest}, the file records {clean['sha256']}); "
                                                 "check that every quote still reads true, then record the new sha256", doc_id)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            checker.add(raw.value_pos["text"], f"{what}: {text_name} is not UTF-8 (byte 0x{data[error.start]:02x} on its "
                                               f"line {line}, column {column}); save it as UTF-8", doc_id)
            return None
        invisible = invisible_characters(text, 1 if text.startswith("\ufeff") else 0)  # a leading BOM only marks UTF-8
        if invisible:
            line, column = anchor.line_and_column(text, invisible[0])
            more = f" (and {len(invisible) - 1} more)" if len(invisible) > 1 else ""
            checker.add(raw.value_pos["text"], f"{what}: {text_name} has an invisible {character_name(text[invisible[0]])} "
                                               f"on its line {line}, column {column}{more}, which can make the text display "
                                               "otherwise than it reads; delete it from the text, then record the new sha256", doc_id)
            return None
        if clean.get("title_source") == "supplied" and "title" in clean and not (
                clean["title"].startswith("[") and clean["title"].endswith("]")):
            checker.add(raw.value_pos["title"], f"{what}: a supplied title is written in square brackets, so no reader "
                                                "takes it for the published one: \"[" + clean["title"].strip("[]") + "]\"", doc_id)
        if clean.get("date_basis") == "inferred" and "notes" not in clean:
            checker.add(raw.value_pos["date_basis"], f"{what}: an inferred date needs 'notes' saying how it was inferred", doc_id)
        # Returned even when some fields are wrong, so the figures can still be checked
        # against the text: the curator sees every problem in one run.
        return Document(**_document_kwargs(clean, text, Location(checker.path, pos[0], pos[1])))

    def _check_figure(self, raw: Any, pos: tuple[int, int], doc_id: str, text: str | None, text_name: str,
                      display: str, checker: Checker) -> _PendingFigure | None:
        fig_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
        what = f"figure '{fig_id}'" if fig_id else f"the figure on line {pos[0]}"
        before = len(checker.problems)
        checked = checker.check_fields(raw, FIGURE_FIELDS, what, pos, doc_id, fig_id)
        clean, ok = checked.values, checked.ok

        def add(name: str, message: str) -> None:
            where = raw.value_pos.get(name, (raw.line, raw.column))
            checker.add(where, f"{what}: {message}", doc_id, fig_id)

        if fig_id and _ID.match(fig_id):
            self.figure_sites.setdefault(fig_id, f"{display}:{raw.value_pos['id'][0]}")
            self._register_id("figure", fig_id, display, raw.value_pos["id"], doc_id)
        if "reports" in clean and "verdict" not in clean:
            add("reports", "a figure that reports a record's figure needs a verdict: faithful, reworded, meaning_differs "
                           "or number_missing")
            ok = False
        if "verdict" in clean and "reports" not in clean:
            add("verdict", "a verdict needs 'reports', the id of the record's figure it judges against")
            ok = False
        if clean.get("verdict", "faithful") != "faithful" and "difference" not in clean:
            add("verdict", f"verdict {clean['verdict']} needs a 'difference' saying what changed and what that changes")
            ok = False
        missing = clean.get("verdict") == "number_missing"
        if missing and "number_text" not in clean:
            add("verdict", "verdict number_missing needs 'number_text', the words of the quote where the number stands "
                           "(\"over 0 billion\", \"worth billion\")")
            ok = False
        if "value" in clean and clean["value"] is None and not missing:
            add("value", "value is null, which only a figure with verdict number_missing may be (its text prints no "
                         "number); write the number the quote writes")
            ok = False
        if text is None or not ok or "quote" not in clean:
            return None
        start = _anchor(text, clean["quote"], clean.get("occurrence"), text_name, add)
        if start is None:
            return None
        number = _prove_printed(clean, start, add) if missing else _prove_number(clean, start, add)
        if number is None or len(checker.problems) > before:
            return None
        figure = Figure(
            id=fig_id, document_id=doc_id, label=clean["label"],
            value=None if clean["value"] is None else Decimal(clean["value"]),
            unit=clean["unit"], qualifier=clean["qualifier"], period=clean["period"], scope=clean["scope"],
            kind=clean["kind"], basis=clean["basis"], topic=clean["topic"], quote=clean["quote"],
            quote_start=start, quote_end=start + len(clean["quote"]),
            number_start=number[0], number_end=number[1],
            location=Location(display, pos[0], pos[1]),
            explanation=clean.get("explanation", ""), reports=clean.get("reports", ""),
            verdict=clean.get("verdict", ""), difference=clean.get("difference", ""),
            occurrence=clean.get("occurrence", 1),
        )
        return _PendingFigure(figure, clean, dict(raw.value_pos), display)

    def _check_comparison(self, raw: Any, pos: tuple[int, int], doc_id: str, text: str | None, text_name: str,
                          display: str, checker: Checker, document_ok: bool) -> None:
        comp_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
        what = f"comparison '{comp_id}'" if comp_id else f"the comparison on line {pos[0]}"
        before = len(checker.problems)
        checked = checker.check_fields(raw, COMPARISON_FIELDS, what, pos, doc_id)
        if not checked.ok or text is None:
            return
        clean = checked.values

        def add(name: str, message: str) -> None:
            checker.add(raw.value_pos.get(name, (raw.line, raw.column)), f"{what}: {message}", doc_id)

        start = _anchor(text, clean["quote"], None, text_name, add)
        if start is None or len(checker.problems) > before or not document_ok:
            return
        self.pending_comparisons.append(_PendingComparison(clean, dict(raw.value_pos), display, doc_id, start))

    def _withhold_shared_ids(self) -> None:
        """Refuse, at every place, an id that two places define: serving either would hide the other's text or figures."""
        shared = {kind: {item_id: claims for item_id, claims in by_id.items() if len(claims) > 1}
                  for kind, by_id in self.id_sites.items()}
        for kind, contested in shared.items():
            for item_id, claims in contested.items():
                for claim in claims:
                    others = " and ".join(f"{other.path}:{other.line}" for other in claims if other is not claim)
                    outcome = "neither is shown: rename one of them" if len(claims) == 2 else "none of them is shown: rename all but one"
                    self.result.problems.append(Problem(
                        claim.path, claim.line, claim.column,
                        f"{kind} '{item_id}': the id is also used at {others}; {kind} ids must be unique across all "
                        f"curated files, so {outcome}", claim.document_id, item_id if kind == "figure" else ""))
        documents, figures = shared["document"], shared["figure"]
        for doc_id, claims in documents.items():
            if self.result.corpus.documents.pop(doc_id, None) is not None:
                self.result.withheld_documents.extend(doc_id for claim in claims if claim.served)
        kept: list[_PendingFigure] = []
        for pending in self.pending:
            fig_id = pending.figure.id
            if fig_id in figures or pending.figure.document_id in documents:
                self.result.withheld_figures.append(fig_id)
                if fig_id not in figures:
                    self.held_with_document[fig_id] = pending.path
            else:
                kept.append(pending)
        self.pending = kept
        self.pending_comparisons = [p for p in self.pending_comparisons
                                    if p.raw["id"] not in shared["comparison"] and p.document_id not in documents]

    def _suggestion(self, word: str, candidates: dict[str, str]) -> str:
        """A close-match hint while the run's budget lasts: difflib compares word with every candidate."""
        if len(candidates) > self.suggestion_budget:
            return ""
        self.suggestion_budget -= len(candidates)
        return close_match_hint(word, candidates)

    def resolve(self) -> None:
        """Check references between files, then admit every figure whose references resolve."""
        self._withhold_shared_ids()
        corpus = self.result.corpus
        by_id = {p.figure.id: p for p in self.pending}
        admitted: dict[str, Figure] = {}
        for pending in self.pending:
            figure = pending.figure
            problem = self._reference_problem(figure, by_id)
            if problem:
                where = pending.pos.get("reports", (figure.location.line, figure.location.column))
                self.result.problems.append(Problem(pending.path, where[0], where[1],
                                                    f"figure '{figure.id}': {problem}", figure.document_id, figure.id))
                self.result.withheld_figures.append(figure.id)
            else:
                admitted[figure.id] = figure
        corpus.figures = admitted
        for pending in self.pending_comparisons:
            raw = pending.raw
            what = f"comparison '{raw['id']}'"
            record = corpus.documents.get(raw["record"])

            # Bound as defaults, like pending: the closure keeps this comparison's values, whenever it is called.
            def add(name: str, message: str, pending=pending, what=what) -> None:
                where = pending.pos.get(name, (1, 1))
                self.result.problems.append(Problem(pending.path, where[0], where[1], f"{what}: {message}", pending.document_id))

            carrier = corpus.documents.get(pending.document_id)
            if carrier is not None and carrier.role != COMPARING_ROLE:
                add("id", f"document '{carrier.id}' is {carrier.role} ({ROLES[carrier.role]}), and only the "
                          f"{COMPARING_ROLE} carries comparisons; move the comparison to the {COMPARING_ROLE}'s "
                          f"curated file, with record: {carrier.id}")
                continue
            if record is None:
                add("record", self._missing_document(raw["record"]))
                continue
            if record.id == pending.document_id:
                add("record", f"record '{record.id}' is the {COMPARING_ROLE} itself; name the document holding the "
                              f"record's words, whose role is {' or '.join(RECORD_ROLES)}")
                continue
            if record.role not in RECORD_ROLES:
                add("record", f"record '{record.id}' is a {record.role} ({ROLES[record.role]}), not a record; name "
                              f"the document holding the record's words, whose role is {' or '.join(RECORD_ROLES)}")
                continue
            record_start = _anchor(record.text, raw["record_quote"], None, f"data/sources/{record.text_file}", add, "record_quote")
            if record_start is None:
                continue
            corpus.comparisons[raw["id"]] = Comparison(
                id=raw["id"], document_id=pending.document_id, topic=raw["topic"], quote=raw["quote"],
                quote_start=pending.quote_start, quote_end=pending.quote_start + len(raw["quote"]),
                record=raw["record"], record_quote=raw["record_quote"], record_start=record_start,
                record_end=record_start + len(raw["record_quote"]), verdict=raw["verdict"],
                difference=raw["difference"], location=Location(pending.path, pending.pos["id"][0], pending.pos["id"][1]),
            )

    def _reference_problem(self, figure: Figure, by_id: dict[str, _PendingFigure]) -> str:
        if not figure.reports:
            return ""
        if figure.reports == figure.id:
            return "reports itself; name the record's figure instead"
        target = by_id.get(figure.reports)
        if target is None:
            if figure.reports in self.held_with_document:
                return (f"reports '{figure.reports}', which is withheld with its document; "
                        f"fix the problems of {self.held_with_document[figure.reports]} first")
            if figure.reports in self.figure_sites:
                return (f"reports '{figure.reports}', which is withheld because of its own problems "
                        f"({self.figure_sites[figure.reports]}); fix that figure first")
            hint = self._suggestion(figure.reports, self.figure_sites)
            return f"reports '{figure.reports}', which is not a curated figure{hint}{self._unread_note()}"
        record = target.figure
        documents = self.result.corpus.documents
        carrier, record_doc = documents.get(figure.document_id), documents.get(record.document_id)
        if carrier is not None and carrier.role not in REPORTING_ROLES:
            return (f"reports '{record.id}', but its document is {carrier.role} ({ROLES[carrier.role]}); only a figure "
                    f"of a {' or a '.join(REPORTING_ROLES)} reports a record's figure")
        if record_doc is not None and record_doc.role == "statement":
            return f"reports '{record.id}', a figure of another statement; name a figure of a NATO record"
        if record_doc is not None and record_doc.role not in REPORTED_ROLES:
            return (f"reports '{record.id}', a figure of a {record_doc.role} ({ROLES[record_doc.role]}); name a figure "
                    f"of a record, whose document is {', '.join(REPORTED_ROLES)}")
        if figure.verdict == "number_missing" and figure.value is not None and figure.value == record.value:
            return (f"verdict number_missing but the report prints the record's {format_number(record.value)}; "
                    "use faithful, reworded or meaning_differs")
        if figure.verdict in SAME_NUMBER_VERDICTS:
            same = (figure.value == record.value and figure.unit == record.unit
                    and figure.qualifier == record.qualifier and figure.basis == record.basis)
            if not same:
                return (f"verdict {figure.verdict} but the record's figure '{record.id}' differs "
                        f"(value, unit, qualifier or basis); use meaning_differs and say how in 'difference'")
        return ""

    def _unread_note(self) -> str:
        if not self.unread:
            return ""
        return f" ({', '.join(self.unread)} could not be read, so {'its' if len(self.unread) == 1 else 'their'} ids are unknown)"

    def _missing_document(self, record: str) -> str:
        if record in self.document_files:
            return (f"record '{record}' is withheld because of problems in {self.document_files[record]}; "
                    "fix those first")
        hint = self._suggestion(record, self.document_files) or "; use the id of a curated document"
        return f"record '{record}' is not a curated document{hint}{self._unread_note()}"


def _document_kwargs(clean: dict[str, Any], text: str, location: Location) -> dict[str, Any]:
    return dict(
        id=clean.get("id", ""), role=clean.get("role", ""), title=clean.get("title", ""),
        producer=clean.get("producer", ""), date_published=clean.get("date_published", ""),
        url_main=clean.get("url_main"), completeness=clean.get("completeness", ""),
        text_file=clean.get("text", ""), sha256=clean.get("sha256", ""),
        citation_full=clean.get("citation_full", ""), text=text, location=location,
        speaker=clean.get("speaker", ""), event=clean.get("event", ""),
        excerpt_covers=clean.get("excerpt_covers", ""), notes=clean.get("notes", ""),
        title_source=clean.get("title_source", "published"), date_basis=clean.get("date_basis", "published"),
        web_text=clean.get("web_text", "as_stored"),
    )


def load_corpus(curated_dir: Path, sources_dir: Path, *, root: Path | None = None,
                paths: list[Path] | None = None) -> LoadResult:
    """Load every curated file (or just paths), proving each figure; collect all problems of all files."""
    loader = _Loader(sources_dir, root)
    files = list(paths) if paths is not None else sorted(curated_dir.glob("*.yaml"))
    for path in files:
        loader.load_file(path)
    loader.resolve()
    return loader.result
