"""Curated YAML + source texts -> a proven corpus, or every problem with its file, line and column."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from defence_figures import yamlio
from defence_figures.corpus import anchor
from defence_figures.corpus.model import (
    COMPARISON_FIELDS,
    DOCUMENT_FIELDS,
    FIGURE_FIELDS,
    SCHEMA_VERSION,
    TOP_LEVEL_KEYS,
    UNITS,
    Comparison,
    Corpus,
    Document,
    Figure,
    Location,
    format_number,
)
from defence_figures.corpus.numbers import NumberMention, read_numbers
from defence_figures.paths import display_path
from defence_figures.validation import ID_PATTERN, Checker, Problem, close_match_hint
from defence_figures.yamlio import describe

# A curated file describes one document; a few hundred figures is already a lot.
# The cap keeps a pasted data dump from stalling the app for everyone.
MAX_FILE_BYTES = 4 * 1024 * 1024

_ID = re.compile(ID_PATTERN)
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


def _following_words(text: str, mention: NumberMention) -> str:
    return " ".join(text[mention.end:mention.end + 60].split()[:4])


def noun_follows(text: str, mention: NumberMention, nouns: tuple[str, ...]) -> bool:
    """Whether one of the nouns comes within three words after the number: how a count unit is proven."""
    words: list[str] = []
    for token in text[mention.end:mention.end + 80].split()[:5]:
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
    search_from, search_to = 0, len(quote)
    if "number_text" in figure:
        at = quote.find(figure["number_text"])
        if at == -1:
            add("number_text", f"number_text \"{figure['number_text']}\" is not in the quote; "
                               "copy the words that write the number from the quote")
            return None
        search_from, search_to = at, at + len(figure["number_text"])
    mentions = [m for m in read_numbers(quote) if m.start < search_to and m.end > search_from]
    fitting = [m for m in mentions if m.dimension == unit.dimension]
    if not fitting:
        add("unit", f"the unit {unit.id} needs {_DIMENSION_WORDS[unit.dimension]} in the quote, "
                    f"but the quote writes {_mention_words(mentions)}; check the unit or the quote")
        return None
    if unit.nouns:
        counted = [m for m in fitting if noun_follows(quote, m, unit.nouns)]
        if not counted:
            shown = "; ".join(f'"{m.text.strip()}" is followed by "{_following_words(quote, m)}"' for m in fitting)
            add("unit", f"the unit {unit.id} counts {', '.join(unit.nouns)}, but in the quote {shown}; "
                        "check the unit or add number_text")
            return None
        fitting = counted
    wanted = value * unit.scale
    equal = [m for m in fitting if m.value == wanted]
    if not equal:
        options = "; ".join(
            f'"{m.text.strip()}" is {format_number(m.value / unit.scale)} {unit.label}' for m in fitting
        )
        first = format_number(fitting[0].value / unit.scale)
        add("value", f"value {format_number(value)} ({unit.label}) disagrees with the quote, where {options}; "
                     f"set value: {first}, or correct the unit or the quote")
        return None
    chosen = next((m for m in equal if m.qualifier == figure["qualifier"]), equal[0])
    if chosen.qualifier != figure["qualifier"]:
        said = f'"{chosen.qualifier_text}"' if chosen.qualifier_text else "no hedge"
        add("qualifier", f"qualifier is {figure['qualifier']} but the quote puts {said} before the number "
                         f"(\"{chosen.text.strip()}\"); set qualifier: {chosen.qualifier}")
        return None
    return quote_start + chosen.number_start, quote_start + chosen.end


def _anchor(text: str, quote: str, occurrence: int | None, text_name: str, add, field_name: str = "quote") -> int | None:
    starts = anchor.occurrences(text, quote)
    if not starts:
        add(field_name, f"the {field_name.replace('_', ' ')} is not in {text_name}; copy it byte for byte "
                        f"({_first_difference_hint(text, quote)})")
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
class _PendingComparison:
    raw: dict[str, Any]
    pos: dict[str, tuple[int, int]]
    path: str
    document_id: str
    quote_start: int


def _read_text(path: Path, display: str, checker: Checker) -> str | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # never more: a pasted dump must not fill the memory
        size = path.stat().st_size if len(data) > MAX_FILE_BYTES else len(data)
    except OSError as error:
        checker.add((1, 1), f"cannot read {display}: {error.strerror}")
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

    def load_file(self, path: Path) -> None:
        display = display_path(path, self.root)
        self.result.files.append(display)
        checker = Checker(display)
        documents, withheld = len(self.result.corpus.documents), len(self.result.withheld_documents)
        self._figures_listed = False
        try:
            self._check_file(path, display, checker)
        finally:
            self.result.problems.extend(checker.problems)
            if not self._figures_listed:
                self.unread.append(display)
            if (len(self.result.corpus.documents), len(self.result.withheld_documents)) == (documents, withheld):
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
        elif doc_id:
            self.result.withheld_documents.append(doc_id)
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
            self._check_comparison(raw, comparisons.item_pos[index], doc_id, text, text_name, display, checker, document_ok)

    def _check_document(self, raw: Any, pos: tuple[int, int], checker: Checker) -> Document | None:
        doc_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
        what = f"document '{doc_id}'" if doc_id else "the document"
        clean = checker.check_fields(raw, DOCUMENT_FIELDS, what, pos, document_id=doc_id).values
        if "text" not in clean:
            return None
        if doc_id in self.document_files:
            checker.add(raw.value_pos["id"], f"{what}: the id is already used by {self.document_files[doc_id]}; "
                                             "document ids must be unique", doc_id)
        elif doc_id:
            self.document_files[doc_id] = checker.path
        text_path = self.sources_dir / clean["text"]
        text_name = f"data/sources/{clean['text']}"
        if "/" in clean["text"] or "\\" in clean["text"] or clean["text"].startswith("."):
            checker.add(raw.value_pos["text"], f"{what}: 'text' must be a file name in data/sources/, not a path", doc_id)
            return None
        try:
            data = text_path.read_bytes()
        except OSError:
            checker.add(raw.value_pos["text"], f"{what}: {text_name} does not exist; copy the document's text there "
                                               "or correct the file name", doc_id)
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
            if fig_id in self.figure_sites:
                add("id", f"the id is already used at {self.figure_sites[fig_id]}; figure ids must be unique across all curated files")
            else:
                self.figure_sites[fig_id] = f"{display}:{raw.value_pos['id'][0]}"
        if "reports" in clean and "verdict" not in clean:
            add("reports", "a figure that reports a record's figure needs a verdict: faithful, reworded or meaning_differs")
            ok = False
        if "verdict" in clean and "reports" not in clean:
            add("verdict", "a verdict needs 'reports', the id of the record's figure it judges against")
            ok = False
        if clean.get("verdict") in ("reworded", "meaning_differs") and "difference" not in clean:
            add("verdict", f"verdict {clean['verdict']} needs a 'difference' saying what changed and what that changes")
            ok = False
        if text is None or not ok or "quote" not in clean:
            return None
        start = _anchor(text, clean["quote"], clean.get("occurrence"), text_name, add)
        if start is None:
            return None
        number = _prove_number(clean, start, add)
        if number is None or len(checker.problems) > before:
            return None
        figure = Figure(
            id=fig_id, document_id=doc_id, label=clean["label"], value=Decimal(clean["value"]),
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

    def resolve(self) -> None:
        """Check references between files, then admit every figure whose references resolve."""
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

            if record is None:
                add("record", self._missing_document(raw["record"]))
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
            hint = close_match_hint(figure.reports, self.figure_sites)
            return f"reports '{figure.reports}', which is not a curated figure{hint}{self._unread_note()}"
        record = target.figure
        record_doc = self.result.corpus.documents.get(record.document_id)
        if record_doc is not None and record_doc.role == "statement":
            return f"reports '{record.id}', a figure of another statement; name a figure of a NATO record"
        if figure.verdict in ("faithful", "reworded"):
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
        hint = close_match_hint(record, self.document_files) or "; use the id of a curated document"
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
