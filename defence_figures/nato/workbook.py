"""NATO's own Excel tables -> a tidy frame in which every value names its sheet and cell.

Each file in curated/workbooks/ describes one workbook: the document (publisher, title,
report number, dates, sha256 of the file in data/) and which blocks of which sheets to
read (sheet, title row, block title, unit, price basis). Reading another indicator is an
entry in that file, not code.

Nothing here raises for bad input. A broken description or workbook gives problems
located like the curated corpus's (`curated/workbooks/FILE.yaml:LINE:COLUMN: message`)
and withholds only what they affect, so the app keeps serving the text corpus.
`load_tables` is deterministic: cache it on `paths.tables_digest(root)` (or on
`paths.workbook_digest(path)` of each workbook plus the descriptions).
"""
from __future__ import annotations

import hashlib
import io
import math
import numbers
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from defence_figures import paths, yamlio
from defence_figures.paths import data_dir, display_path, workbooks_dir
from defence_figures.validation import (
    DATE_PATTERN,
    ENUM,
    ID_PATTERN,
    NULL_OR_URL,
    SHA256,
    TEXT,
    Checker,
    FieldSpec,
    FieldType,
    Problem,
    close_match_hint,
    json_schema_object,
    text_expected,
    text_matching,
    whole_number,
)
from defence_figures.yamlio import describe

SCHEMA_VERSION = 1
# pandas reads the sheets through calamine. Measured on the 2024 workbook (200 KB, 9 sheets,
# 3 read): load_tables took 0.32 s with openpyxl, 0.07 s with calamine, and the frames are
# identical (tests/test_tables.py's literals were read by hand with openpyxl). What decided it is
# memory: importing openpyxl and lxml held 10 MB more in every app process (docs/serving.md).
READER_ENGINE = "calamine"
MAX_DESCRIPTION_BYTES = 1024 * 1024
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
TOP_LEVEL_KEYS = ("schema_version", "document", "allies", "sheets", "indicators")

# How each indicator's money values are measured. A closed list: charts must never put
# current-price and constant-price amounts on one axis.
PRICE_BASES: dict[str, str] = {
    "current": "current prices and exchange rates",
    "constant_2015": "constant 2015 prices and exchange rates",
    "not_applicable": "not a money amount",
}

# NATO's footnote mark after an Ally's name: "These Allies have national laws or political
# agreements which call for 2% of GDP or more to be spent on defence annually".
NATIONAL_LAW_MARK = "*"

TABLE_COLUMNS = [
    "document_id", "indicator", "ally", "ally_code", "national_2pct_law", "footnote", "aggregate",
    "year", "estimate", "value", "unit", "price_basis", "sheet", "table", "cell",
]

COLUMN_DOCS: dict[str, str] = {
    "document_id": "The id of the workbook's curated description (curated/workbooks/).",
    "indicator": "The indicator's id, as in the description (share_of_gdp, real_change, ...).",
    "ally": "The Ally's name as NATO's table writes it, without footnote marks; or an aggregate's name.",
    "ally_code": "ISO 3166-1 alpha-3 code of the Ally; empty for aggregates.",
    "national_2pct_law": "True when NATO marks the Ally with * in these tables: a national law or "
                         "political agreement calls for 2% of GDP or more on defence.",
    "footnote": "The footnote mark written after the name in this very cell's row ('*' or '').",
    "aggregate": "True for NATO's aggregate rows (NATO Europe and Canada, NATO Total).",
    "year": "The year the value is about.",
    "estimate": "True when NATO's column header marks the year as an estimate (2023e, 2024e).",
    "value": "The cell's value exactly as stored in the workbook, unrounded.",
    "unit": "The indicator's unit id (percent_of_gdp, usd_million, ...).",
    "price_basis": "current, constant_2015 or not_applicable.",
    "sheet": "The workbook sheet the value is read from.",
    "table": "NATO's table number, as cited (Table 3).",
    "cell": "The source cell, sheet and reference (TABLE3!N32).",
}

_YEAR_HEADER = re.compile(r"(\d{4})(e?)\Z")
_PAGE_NUMBER = re.compile(r"-\d+-\Z")
_NAME_AND_MARK = re.compile(r"(?P<name>.*?)\s*(?P<mark>\*+)?\Z")


def _columns_in_order(value: str) -> str:
    first, last = value.split(":")
    return f"is '{value}', whose first column comes after its last" if column_number(first) > column_number(last) else ""


def _years_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, yamlio.Seq) or not value or not all(
            isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100 for v in value):
        return f"must be a list of years such as [2023, 2024], not {describe(value)}"
    return ""


def _names_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, yamlio.Seq) or not all(isinstance(v, str) and v.strip() for v in value):
        return f"must be a list of names in quotes, such as [\"NATO Total\"], not {describe(value)}"
    return ""


def _file_error(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, str):
        return text_expected(value)
    if "/" in value or "\\" in value or value.startswith(".") or not value.strip():
        return f"must be a file name in data/, not the path '{value[:80]}'"
    if "\0" in value:
        return "holds a NUL character, which no file name can; write the workbook's file name in data/"
    return ""


# The kinds of value a description holds. Each pattern is the reader's check and the
# JSON Schema's, so an editor flags what `defence-figures validate` would.
WORKBOOK_ID = text_matching(ID_PATTERN, "lower-case letters and digits joined by single hyphens, such as nato-def-exp-2024")
SLUG = text_matching(r"^[a-z][a-z0-9_]*$", "lower-case letters, digits and underscores, such as share_of_gdp")
WORKBOOK_DATE = text_matching(DATE_PATTERN, "a date written YYYY-MM-DD, such as 2024-06-17")
CELL = text_matching(r"^[A-Z]{1,3}[1-9][0-9]*$", "a cell reference such as B4")
COLUMN = text_matching(r"^[A-Z]{1,3}$", "a column letter such as C")
COLUMNS = text_matching(r"^[A-Z]{1,3}:[A-Z]{1,3}$", "a range of columns such as D:N", _columns_in_order)
ISO3 = text_matching(r"^[A-Z]{3}$", "an ISO 3166-1 alpha-3 code such as POL")
ROW = whole_number(1, 1_048_576)  # Excel's last row
DECIMALS = whole_number(0, 6)
YEARS = FieldType(_years_error, lambda spec: {
    "type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 1900, "maximum": 2100}})
NAMES = FieldType(_names_error, lambda spec: {"type": "array", "items": {"type": "string", "pattern": r"\S"}})
FILE_NAME = FieldType(_file_error, lambda spec: {"type": "string", "pattern": r"^(?!\.)[^/\\]*[^/\\\s][^/\\]*$"})


DOCUMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", WORKBOOK_ID, True, "A stable slug, lower-case words joined by hyphens."),
    FieldSpec("producer", TEXT, True, "Who published the workbook."),
    FieldSpec("title", TEXT, True, "The report's title exactly as published."),
    FieldSpec("report_number", TEXT, True, "The press release's number, such as PR/CP(2024)081."),
    FieldSpec("date_published", WORKBOOK_DATE, True, "YYYY-MM-DD, the day of publication."),
    FieldSpec("cutoff", WORKBOOK_DATE, True, "YYYY-MM-DD, the cut-off date for the information used."),
    FieldSpec("url_main", NULL_OR_URL, True, "The publisher's page for the report, or null when it is not known (say so in notes)."),
    FieldSpec("url_copy", NULL_OR_URL, False, "Where the stored copy of the file was obtained, when it is not url_main."),
    FieldSpec("file", FILE_NAME, True, "The workbook's file name in data/."),
    FieldSpec("original_file_name", TEXT, False, "The file name as the publisher named it."),
    FieldSpec("sha256", SHA256, True, "sha256 of the workbook; run `sha256sum data/FILE` after checking a new copy."),
    FieldSpec("estimate_years", YEARS, True, "The years the publisher gives as estimates, such as [2023, 2024]."),
    FieldSpec("citation_full", TEXT, True, "A full citation a reader can copy."),
    FieldSpec("notes", TEXT, False, "What a reader should know about this workbook."),
)
ALLY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", TEXT, True, "The Ally's name as the tables write it, without footnote marks."),
    FieldSpec("code", ISO3, True, "The ISO 3166-1 alpha-3 code."),
)
SHEET_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("sheet", TEXT, True, "The sheet's name in the workbook, such as TABLE3."),
    FieldSpec("table", TEXT, True, "The table as a citation names it, such as Table 3."),
    FieldSpec("title_cell", CELL, True, "The cell of the sheet's own title row, such as B4."),
    FieldSpec("title", TEXT, True, "The title exactly as that cell writes it."),
    FieldSpec("subtitle_cell", CELL, False, "The cell of the line under the title (unit or price basis), such as B6."),
    FieldSpec("subtitle", TEXT, False, "That line exactly as the cell writes it."),
    FieldSpec("year_row", ROW, True, "The row holding the year headers (2014 ... 2024e)."),
    FieldSpec("year_columns", COLUMNS, True, "The columns of the years, first:last, such as D:N."),
    FieldSpec("ally_column", COLUMN, True, "The column of the Allies' names."),
    FieldSpec("heading_column", COLUMN, True, "The column of the block titles and aggregate rows."),
    FieldSpec("aggregates", NAMES, True, "The aggregate rows each block ends with, such as [\"NATO Europe and Canada\", \"NATO Total\"]."),
)
INDICATOR_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", SLUG, True, "A stable id, lower-case words joined by underscores, unique across workbooks."),
    FieldSpec("label", TEXT, True, "What the values measure, in words a student understands."),
    FieldSpec("sheet", TEXT, True, "The sheet to read, one of those described under 'sheets'."),
    FieldSpec("block_title", TEXT, False, "The block's title as the sheet writes it; leave it out when the sheet has one untitled block."),
    FieldSpec("unit", SLUG, True, "The unit's id, such as percent_of_gdp or usd_million."),
    FieldSpec("unit_label", TEXT, True, "The unit in words, shown after a value."),
    FieldSpec("price_basis", ENUM, True, "current, constant_2015 or not_applicable.", tuple(PRICE_BASES)),
    FieldSpec("decimals", DECIMALS, True, "The decimals NATO prints (the cells' number format), such as 2."),
    FieldSpec("explanation", TEXT, False, "One or two plain sentences for a student."),
)


@dataclass(frozen=True, slots=True)
class WorkbookDocument:
    id: str
    producer: str
    title: str
    report_number: str
    date_published: str
    cutoff: str
    url_main: str | None
    file: str
    sha256: str
    estimate_years: tuple[int, ...]
    citation_full: str
    path: str  # the description's path, such as curated/workbooks/nato-def-exp-2024.yaml
    url_copy: str | None = None
    original_file_name: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    document_id: str
    label: str
    sheet: str
    table: str
    block_title: str | None
    unit: str
    unit_label: str
    price_basis: str
    decimals: int
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class _SheetSpec:
    sheet: str
    table: str
    title_cell: str
    title: str
    subtitle_cell: str | None
    subtitle: str | None
    year_row: int
    first_year_column: int
    last_year_column: int
    ally_column: int
    heading_column: int
    aggregates: tuple[str, ...]
    pos: dict[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class _IndicatorSpec:
    indicator: Indicator
    pos: dict[str, tuple[int, int]]
    line: tuple[int, int]


@dataclass(slots=True)
class TablesResult:
    frame: pd.DataFrame
    documents: dict[str, WorkbookDocument] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    withheld_indicators: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def cite(self, row: Mapping[str, Any], *, with_cell: bool = True) -> str:
        """'NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e (cell TABLE3!N32)'."""
        return format_citation(self.documents[row["document_id"]], row, with_cell=with_cell)


# ---------------------------------------------------------------------------
# Small helpers


def column_number(letters: str) -> int:
    """A column's letters as its number: 'A' -> 1, 'N' -> 14, 'AA' -> 27."""
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - ord("A") + 1)
    return number


def _column_letters(index: int) -> str:
    """1 -> 'A', 14 -> 'N', 27 -> 'AA'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _split_cell(ref: str) -> tuple[int, int]:
    """'B4' -> (row 4, column 2)."""
    match = re.match(r"([A-Z]+)(\d+)\Z", ref)
    assert match is not None  # the field's pattern was checked before
    return int(match.group(2)), column_number(match.group(1))


def _text(value: Any) -> str:
    """A cell's text with runs of whitespace (including NBSP) collapsed; '' for anything else."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _shown(value: Any) -> str:
    if value is None:
        return "nothing (the cell is empty)"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


# ---------------------------------------------------------------------------
# Reading a description, then its workbook


@dataclass(slots=True)
class _Description:
    document: WorkbookDocument
    document_pos: dict[str, tuple[int, int]]
    allies: dict[str, str]  # name -> code
    sheets: dict[str, _SheetSpec]
    indicators: list[_IndicatorSpec]


class _Reader:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.result = TablesResult(frame=_frame([]))
        self.rows: list[dict[str, Any]] = []
        self.indicator_sites: dict[str, str] = {}

    def read(self, path: Path) -> None:
        display = display_path(path, self.base)
        self.result.files.append(display)
        checker = Checker(display)
        try:
            description = self._description(path, checker)
            if description is not None:
                self.result.documents[description.document.id] = description.document
                if checker.problems:
                    self.result.withheld_indicators.extend(s.indicator.id for s in description.indicators)
                else:
                    self._workbook(description, checker)
        finally:
            self.result.problems.extend(checker.problems)

    # -- the description ----------------------------------------------------

    def _description(self, path: Path, checker: Checker) -> _Description | None:
        try:
            data = paths.read_regular_file(path, MAX_DESCRIPTION_BYTES)
        except (OSError, ValueError) as error:
            checker.add((1, 1), f"cannot be read: {getattr(error, 'strerror', None) or error}")
            return None
        if len(data) > MAX_DESCRIPTION_BYTES:
            checker.add((1, 1), f"is {len(data):,} bytes; a workbook description needs far less than "
                                f"{MAX_DESCRIPTION_BYTES:,}")
            return None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            checker.add((1, 1), f"is not UTF-8 (byte {error.start}); save it as UTF-8")
            return None
        tree, yaml_problems = yamlio.parse(source)
        checker.add_yaml_problems(yaml_problems)
        if yaml_problems:
            return None
        if not isinstance(tree, yamlio.Map):
            checker.add((1, 1), "the file must be a mapping with schema_version, document, allies, sheets "
                                f"and indicators, not {describe(tree)}")
            return None
        checker.check_top_level(tree, TOP_LEVEL_KEYS, SCHEMA_VERSION)
        missing = [key for key in TOP_LEVEL_KEYS[1:] if key not in tree]
        for key in missing:
            checker.add((1, 1), f"the file has no '{key}'")
        if missing:
            return None
        document = self._document(tree["document"], tree.value_pos["document"], path, checker)
        allies = self._allies(tree["allies"], tree.value_pos["allies"], checker)
        sheets = self._sheets(tree["sheets"], tree.value_pos["sheets"], checker)
        written = {item.get("sheet") for item in tree["sheets"] if isinstance(item, yamlio.Map)} \
            if isinstance(tree["sheets"], yamlio.Seq) else set()
        indicators = self._indicators(tree["indicators"], tree.value_pos["indicators"], document, sheets,
                                      written, checker)
        if document is None:
            return None
        return _Description(document, dict(tree["document"].value_pos), allies, sheets, indicators)

    def _document(self, raw: Any, pos: tuple[int, int], path: Path, checker: Checker) -> WorkbookDocument | None:
        doc_id = raw.get("id") if isinstance(raw, yamlio.Map) and isinstance(raw.get("id"), str) else ""
        checker.document_id = doc_id
        what = f"document '{doc_id}'" if doc_id else "the document"
        checked = checker.check_fields(raw, DOCUMENT_FIELDS, what, pos)
        if not checked.ok:
            return None
        clean = checked.values
        if doc_id in self.result.documents:
            checker.add(raw.value_pos["id"], f"{what}: the id is already used by another workbook description")
            return None
        return WorkbookDocument(
            id=doc_id, producer=clean["producer"], title=clean["title"], report_number=clean["report_number"],
            date_published=clean["date_published"], cutoff=clean["cutoff"], url_main=clean["url_main"],
            file=clean["file"], sha256=clean["sha256"], estimate_years=tuple(clean["estimate_years"]),
            citation_full=clean["citation_full"], path=display_path(path, self.base),
            url_copy=clean.get("url_copy"), original_file_name=clean.get("original_file_name", ""),
            notes=clean.get("notes", ""),
        )

    def _allies(self, raw: Any, pos: tuple[int, int], checker: Checker) -> dict[str, str]:
        allies: dict[str, str] = {}
        if not isinstance(raw, yamlio.Seq) or not raw:
            checker.add(pos, f"allies must be a list of {{name: ..., code: ...}}, not {describe(raw)}")
            return allies
        codes: set[str] = set()
        for index, item in enumerate(raw):
            item_pos = raw.item_pos[index]
            checked = checker.check_fields(item, ALLY_FIELDS, f"the Ally on line {item_pos[0]}", item_pos)
            if not checked.ok:
                continue
            clean = checked.values
            name = " ".join(clean["name"].split())
            if name in allies or clean["code"] in codes:
                checker.add(item_pos, f"the Ally on line {item_pos[0]}: {name} ({clean['code']}) is listed twice")
                continue
            allies[name] = clean["code"]
            codes.add(clean["code"])
        return allies

    def _sheets(self, raw: Any, pos: tuple[int, int], checker: Checker) -> dict[str, _SheetSpec]:
        sheets: dict[str, _SheetSpec] = {}
        if not isinstance(raw, yamlio.Seq) or not raw:
            checker.add(pos, f"sheets must be a list of sheet descriptions, not {describe(raw)}")
            return sheets
        for index, item in enumerate(raw):
            item_pos = raw.item_pos[index]
            name = item.get("sheet") if isinstance(item, yamlio.Map) and isinstance(item.get("sheet"), str) else ""
            what = f"sheet '{name}'" if name else f"the sheet on line {item_pos[0]}"
            checked = checker.check_fields(item, SHEET_FIELDS, what, item_pos)
            if not checked.ok:
                continue
            clean = checked.values
            if ("subtitle" in clean) != ("subtitle_cell" in clean):
                given, other = ("subtitle", "subtitle_cell") if "subtitle" in clean else ("subtitle_cell", "subtitle")
                checker.add(item.value_pos[given], f"{what}: '{given}' needs '{other}' as well")
                continue
            if name in sheets:
                checker.add(item.value_pos["sheet"], f"{what} is described twice; keep one")
                continue
            first, last = clean["year_columns"].split(":")
            sheets[name] = _SheetSpec(
                sheet=name, table=clean["table"], title_cell=clean["title_cell"], title=clean["title"],
                subtitle_cell=clean.get("subtitle_cell"), subtitle=clean.get("subtitle"),
                year_row=clean["year_row"], first_year_column=column_number(first),
                last_year_column=column_number(last), ally_column=column_number(clean["ally_column"]),
                heading_column=column_number(clean["heading_column"]),
                aggregates=tuple(" ".join(a.split()) for a in clean["aggregates"]), pos=dict(item.value_pos),
            )
        return sheets

    def _indicators(self, raw: Any, pos: tuple[int, int], document: WorkbookDocument | None,
                    sheets: dict[str, _SheetSpec], written: set[str], checker: Checker) -> list[_IndicatorSpec]:
        found: list[_IndicatorSpec] = []
        if not isinstance(raw, yamlio.Seq) or not raw:
            checker.add(pos, f"indicators must be a list of indicator descriptions, not {describe(raw)}")
            return found
        for index, item in enumerate(raw):
            item_pos = raw.item_pos[index]
            ind_id = item.get("id") if isinstance(item, yamlio.Map) and isinstance(item.get("id"), str) else ""
            what = f"indicator '{ind_id}'" if ind_id else f"the indicator on line {item_pos[0]}"
            checked = checker.check_fields(item, INDICATOR_FIELDS, what, item_pos)
            if not checked.ok:
                continue
            clean = checked.values
            if ind_id in self.indicator_sites:
                checker.add(item.value_pos["id"], f"{what}: the id is already used at {self.indicator_sites[ind_id]}; "
                                                  "indicator ids must be unique across workbooks")
                continue
            self.indicator_sites[ind_id] = f"{checker.path}:{item.value_pos['id'][0]}"
            sheet = sheets.get(clean["sheet"])
            if sheet is None:
                # A sheet described with problems of its own has been reported already.
                if clean["sheet"] not in written:
                    known = ", ".join(sheets) or "none"
                    checker.add(item.value_pos["sheet"], f"{what}: sheet '{clean['sheet']}' is not described under "
                                                         f"'sheets'; the described sheets are: {known}")
                continue
            block_title = " ".join(clean["block_title"].split()) if "block_title" in clean else None
            indicator = Indicator(
                id=ind_id, document_id=document.id if document else "", label=clean["label"], sheet=sheet.sheet,
                table=sheet.table, block_title=block_title, unit=clean["unit"], unit_label=clean["unit_label"],
                price_basis=clean["price_basis"], decimals=clean["decimals"], explanation=clean.get("explanation", ""),
            )
            found.append(_IndicatorSpec(indicator, dict(item.value_pos), item_pos))
        return found

    # -- the workbook -------------------------------------------------------

    def _workbook(self, description: _Description, checker: Checker) -> None:
        document = description.document
        what = f"document '{document.id}'"
        name = f"data/{document.file}"
        withhold = [s.indicator.id for s in description.indicators]
        at = description.document_pos
        try:
            path = data_dir(self.base) / document.file
            # Looked at before it is opened: a named pipe would block the app and `validate` forever.
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                checker.add(at["file"], f"{what}: {name} is not a regular file; save the publisher's workbook there")
                self.result.withheld_indicators.extend(withhold)
                return
            with path.open("rb") as handle:
                data = handle.read(MAX_WORKBOOK_BYTES + 1)  # never more: the size below is then the file's own
            size = max(status.st_size, len(data))
        except FileNotFoundError:
            checker.add(at["file"], f"{what}: {name} does not exist; copy the publisher's workbook there "
                                    "or correct 'file'")
            self.result.withheld_indicators.extend(withhold)
            return
        except (OSError, ValueError) as error:  # ValueError: a NUL in the name, should the field check ever let one by
            checker.add(at["file"], f"{what}: {name} cannot be read: {getattr(error, 'strerror', None) or error}")
            self.result.withheld_indicators.extend(withhold)
            return
        if size > MAX_WORKBOOK_BYTES:
            checker.add(at["file"], f"{what}: {name} is {size:,} bytes, more than the "
                                    f"{MAX_WORKBOOK_BYTES:,} a table workbook needs")
            self.result.withheld_indicators.extend(withhold)
            return
        digest = hashlib.sha256(data).hexdigest()
        if digest != document.sha256:
            # One changed cell is enough to make every value doubtful: nothing is read.
            checker.add(at["sha256"], f"{what}: {name} has changed since it was described (its sha256 is {digest}, "
                                      f"the description records {document.sha256}); check every sheet title and "
                                      "block against the file, then record the new sha256")
            self.result.withheld_indicators.extend(withhold)
            return
        rows: list[dict[str, Any]] = []
        try:
            # The bytes just hashed are the bytes parsed: the file cannot change in between.
            with pd.ExcelFile(io.BytesIO(data), engine=READER_ENGINE) as book:
                sheet_names = [str(n) for n in book.sheet_names]
                grids: dict[str, tuple[pd.DataFrame, list[tuple[int, int, bool]]]] = {}
                for spec in description.sheets.values():
                    if spec.sheet not in sheet_names:
                        checker.add(spec.pos["sheet"], f"sheet '{spec.sheet}' is not in {name}; its sheets are: "
                                                       f"{', '.join(sheet_names)}")
                        continue
                    # dtype=object keeps each cell as stored: "2019" stays text, 2 stays an integer.
                    grid = pd.read_excel(book, sheet_name=spec.sheet, header=None, dtype=object)
                    years = self._check_sheet(spec, grid, document, name, checker)
                    if years is not None:
                        grids[spec.sheet] = (grid, years)
        except Exception as error:  # noqa: BLE001 - any reader failure on arbitrary bytes is a problem to report, not a crash
            checker.add(at["file"], f"{what}: {name} cannot be read as an Excel workbook "
                                    f"({type(error).__name__}: {error})")
            self.result.withheld_indicators.extend(withhold)
            return
        for spec in description.indicators:
            indicator = spec.indicator
            sheet = grids.get(indicator.sheet)
            block = None if sheet is None else self._block(
                spec, description.sheets[indicator.sheet], sheet[0], sheet[1], description.allies, checker)
            if block is None:
                self.result.withheld_indicators.append(indicator.id)
                continue
            self.result.indicators[indicator.id] = indicator
            rows.extend(block)
        # NATO prints the * only on some sheets (Tables 1 to 3, not Table 7): the mark is a
        # fact about the Ally, so every row of a marked Ally carries it.
        marked = {row["ally"] for row in rows if row["footnote"] == NATIONAL_LAW_MARK}
        for row in rows:
            row["national_2pct_law"] = row["ally"] in marked
        self.rows.extend(rows)

    def _check_sheet(self, spec: _SheetSpec, grid: pd.DataFrame, document: WorkbookDocument, name: str,
                     checker: Checker) -> list[tuple[int, int, bool]] | None:
        """The sheet's (column, year, estimate) headers when its title rows and years read as described."""
        ok = True
        for cell_field, text_field in (("title_cell", "title"), ("subtitle_cell", "subtitle")):
            ref, expected = getattr(spec, cell_field), getattr(spec, text_field)
            if ref is None:
                continue
            found = _cell(grid, *_split_cell(ref))
            if _text(found) != " ".join(expected.split()):
                checker.add(spec.pos[text_field],
                            f"sheet '{spec.sheet}': {spec.sheet}!{ref} of {name} reads {_shown(found)}, but this "
                            f"description expects \"{expected}\"; check that the workbook is the edition described, "
                            f"then correct '{text_field}'")
                ok = False
        years: list[tuple[int, int, bool]] = []
        for column in range(spec.first_year_column, spec.last_year_column + 1):
            value = _cell(grid, spec.year_row, column)
            ref = f"{spec.sheet}!{_column_letters(column)}{spec.year_row}"
            parsed = _year(value)
            if parsed is None:
                checker.add(spec.pos["year_row"], f"sheet '{spec.sheet}': the year header {ref} reads {_shown(value)}, "
                                                  "not a year such as 2014 or 2024e; correct 'year_row' or 'year_columns'")
                ok = False
                continue
            year, estimate = parsed
            if estimate != (year in document.estimate_years):
                said = "an estimate, but estimate_years does not list" if estimate else \
                    f"not {year}e, but estimate_years lists"
                checker.add(spec.pos["year_row"], f"sheet '{spec.sheet}': the year header {ref} reads {_shown(value)}, "
                                                  f"{said} {year}")
                ok = False
            if years and year <= years[-1][1]:
                checker.add(spec.pos["year_row"], f"sheet '{spec.sheet}': the year header {ref} reads {_shown(value)}, "
                                                  f"which does not follow {years[-1][1]}")
                ok = False
            years.append((column, year, estimate))
        return years if ok else None

    def _block(self, spec: _IndicatorSpec, sheet: _SheetSpec, grid: pd.DataFrame, years: list[tuple[int, int, bool]],
               allies: dict[str, str], checker: Checker) -> list[dict[str, Any]] | None:
        """The block's rows, one per Ally or aggregate and year; None when the block is not as described."""
        indicator = spec.indicator
        what = f"indicator '{indicator.id}'"
        where = spec.pos.get("block_title", spec.pos["sheet"])
        before = len(checker.problems)
        last = grid.shape[0]
        heading = _column_letters(sheet.heading_column)
        if indicator.block_title is not None:
            starts = [r for r in range(sheet.year_row + 1, last + 1)
                      if _text(_cell(grid, r, sheet.heading_column)) == indicator.block_title]
            if not starts:
                titles = [t for r in range(sheet.year_row + 1, last + 1)
                          if (t := _text(_cell(grid, r, sheet.heading_column)))
                          and t not in sheet.aggregates and not _PAGE_NUMBER.match(t)]
                listed = ", ".join(f'"{t}"' for t in titles) or "none"
                checker.add(where, f"{what}: no cell of {sheet.sheet} column {heading} reads \"{indicator.block_title}\"; "
                                   f"the block titles there are: {listed}")
                return None
            if len(starts) > 1:
                cells = ", ".join(f"{sheet.sheet}!{heading}{r}" for r in starts)
                checker.add(where, f"{what}: \"{indicator.block_title}\" heads more than one block ({cells}); "
                                   "the description cannot tell which to read")
                return None
            row = starts[0] + 1
        else:
            row = sheet.year_row + 1

        def blank(r: int) -> bool:
            return (not _text(_cell(grid, r, sheet.ally_column)) and not _text(_cell(grid, r, sheet.heading_column))
                    and all(_cell(grid, r, column) is None for column, _, _ in years))

        while row <= last and blank(row):
            row += 1
        first = row
        seen: dict[str, int] = {}
        out: list[dict[str, Any]] = []
        # The block runs while a row names an Ally (ally column) or one of the aggregates
        # (heading column); a blank row or the next block's title ends it.
        while row <= last:
            ally_text = _text(_cell(grid, row, sheet.ally_column))
            heading_text = _text(_cell(grid, row, sheet.heading_column))
            if ally_text:
                match = _NAME_AND_MARK.match(ally_text)
                assert match is not None  # the pattern matches any text
                name, mark, aggregate, column = match["name"], match["mark"] or "", False, sheet.ally_column
                if name not in allies:
                    hint = close_match_hint(name, allies, cutoff=0.8)
                    checker.add(where, f"{what}: {sheet.sheet}!{_column_letters(column)}{row} names \"{name}\", "
                                       f"which is not one of the Allies listed under 'allies'{hint}")
                    row += 1
                    continue
            elif heading_text in sheet.aggregates:
                name, mark, aggregate, column = heading_text, "", True, sheet.heading_column
            else:
                break
            if name in seen:
                checker.add(where, f"{what}: {name} has two rows in the block, {sheet.sheet}!"
                                   f"{_column_letters(column)}{seen[name]} and {sheet.sheet}!{_column_letters(column)}{row}")
                row += 1
                continue
            seen[name] = row
            for column_index, year, estimate in years:
                value = _cell(grid, row, column_index)
                ref = f"{sheet.sheet}!{_column_letters(column_index)}{row}"
                if value is None:
                    continue  # an empty cell: NATO gives no value there
                if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
                    checker.add(where, f"{what}: {ref} ({name}, {year_label(year, estimate)}) holds {_shown(value)} "
                                       "where a number is expected")
                    continue
                out.append({
                    "document_id": indicator.document_id, "indicator": indicator.id, "ally": name,
                    "ally_code": None if aggregate else allies[name], "national_2pct_law": False,
                    "footnote": mark, "aggregate": aggregate, "year": year, "estimate": estimate,
                    "value": float(value), "unit": indicator.unit, "price_basis": indicator.price_basis,
                    "sheet": sheet.sheet, "table": indicator.table, "cell": ref,
                })
            row += 1
        block = f"the block below \"{indicator.block_title}\"" if indicator.block_title else \
            f"the block below the year row of {sheet.sheet}"
        if not seen:
            checker.add(where, f"{what}: {block} has no rows naming an Ally")
            return None
        missing = [a for a in allies if a not in seen]
        if missing:
            checker.add(where, f"{what}: {block} ({sheet.sheet} rows {first} to {row - 1}) has no row for "
                               f"{', '.join(missing)}")
        missing = [a for a in sheet.aggregates if a not in seen]
        if missing:
            checker.add(where, f"{what}: {block} ({sheet.sheet} rows {first} to {row - 1}) has no aggregate row "
                               f"{', '.join(repr(a) for a in missing)}")
        return out if len(checker.problems) == before else None


def _cell(grid: pd.DataFrame, row: int, column: int) -> Any:
    """The value stored in a cell (1-based row and column), or None when it is empty."""
    r, c = row - 1, column - 1
    if r < 0 or c < 0 or r >= grid.shape[0] or c >= grid.shape[1]:
        return None
    value = grid.iat[r, c]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _year(value: Any) -> tuple[int, bool] | None:
    """A year header: 2014, 2014.0 or "2019" -> (year, False); "2024e" -> (2024, True)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        year, estimate = int(value), False
    elif isinstance(value, float) and value.is_integer():
        year, estimate = int(value), False
    elif isinstance(value, str) and (match := _YEAR_HEADER.match(_text(value))):
        year, estimate = int(match.group(1)), bool(match.group(2))
    else:
        return None
    return (year, estimate) if 1900 <= year <= 2100 else None


_DTYPES = {
    "document_id": "str", "indicator": "str", "ally": "str", "ally_code": "str", "national_2pct_law": "bool",
    "footnote": "str", "aggregate": "bool", "year": "int64", "estimate": "bool", "value": "float64",
    "unit": "str", "price_basis": "str", "sheet": "str", "table": "str", "cell": "str",
}


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([row[c] for row in rows], dtype=_DTYPES[c]) for c in TABLE_COLUMNS})


# ---------------------------------------------------------------------------
# Public entry points


def load_tables(base: Path | None = None) -> TablesResult:
    """Every workbook described in curated/workbooks/ -> one tidy frame, its documents and located problems.

    Deterministic for given files, and never raises for bad input: cache it on paths.tables_digest(base).
    """
    base = base or paths.root()
    reader = _Reader(base)
    for path in sorted(workbooks_dir(base).glob("*.yaml")):
        reader.read(path)
    reader.result.frame = _frame(reader.rows)
    return reader.result


def workbook_json_schema() -> dict[str, Any]:
    """The JSON Schema of a workbook description, generated from the field specs so the two never drift."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://defence-figures.example/workbook.schema.json",
        "title": "Defence Figures Explorer: a description of one of NATO's workbooks",
        "description": "One file per workbook in curated/workbooks/. Generated by `defence-figures schema workbook`; "
                       "do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "required": list(TOP_LEVEL_KEYS),
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION, "description": "Always 1."},
            "document": {"description": "The workbook as published: who, what, when, and the stored file's sha256.",
                         **json_schema_object(DOCUMENT_FIELDS)},
            "allies": {"description": "Every Ally the tables name, once; every block read must list exactly these.",
                       "type": "array", "minItems": 1, "items": json_schema_object(ALLY_FIELDS)},
            "sheets": {"description": "Where each sheet read holds its title, its year headers, the Allies' names "
                                      "and the aggregate rows.",
                       "type": "array", "minItems": 1, "items": json_schema_object(SHEET_FIELDS)},
            "indicators": {"description": "What to read: one entry per block of values, on a sheet described above.",
                           "type": "array", "minItems": 1, "items": json_schema_object(INDICATOR_FIELDS)},
        },
    }


def validate_workbooks(root: Path) -> list[Problem]:
    """The problems of every workbook description and its workbook, for `defence-figures validate`."""
    return load_tables(root).problems


def year_label(year: int, estimate: bool) -> str:
    """2024, True -> '2024e', as NATO heads its estimate columns."""
    return f"{year}e" if estimate else str(year)


def format_citation(document: WorkbookDocument, row: Mapping[str, Any], *, with_cell: bool = True) -> str:
    """'NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e (cell TABLE3!N32)'."""
    text = (f"{document.producer}, {document.title}, {row['table']}, {row['ally']}, "
            f"{year_label(int(row['year']), bool(row['estimate']))}")
    return f"{text} (cell {row['cell']})" if with_cell else text


# NATO publishes the shares with two decimals (TABLE3's number format is "#,##0.00"), and
# counts an Ally as meeting the guideline when its published share is 2.00 or more. So:
# round the stored value half up to 2 decimals, as Excel displays it (from its 15
# significant digits), then compare with >= 2.00. Evidence that the test is "at or above":
# the Slovak Republic's 2024e share is stored as exactly 2 (TABLE3!N35) and NATO counts it
# among the 23 Allies at 2% in 2024 (so do Lithuania 2019, TABLE3!I26, and France 2020,
# TABLE3!J20, both exactly 2). In this edition no stored share lies between 1.995 and 2,
# so rounded and unrounded comparisons give the same counts; the rounding only matters
# for an edition with such a value, which NATO would print, and count, as 2.00.
def published(value: float, decimals: int = 2) -> Decimal:
    """The value as NATO prints it: 2.0154548520439497 -> Decimal('2.02')."""
    return Decimal(format(value, ".15g")).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _meets(values: pd.Series, threshold: float | int | str | Decimal, decimals: int) -> pd.Series:
    limit = Decimal(str(threshold))
    return values.map(lambda v: published(v, decimals) >= limit).astype(bool)


def count_at_or_above(frame: pd.DataFrame, threshold: float | int | str | Decimal = 2, *,
                      indicator: str = "share_of_gdp", decimals: int = 2) -> pd.DataFrame:
    """Per year: how many Allies (not aggregates) are at or above threshold, as published.

    Columns year, estimate, allies; every year of the indicator appears, with 0 when none is.
    """
    rows = frame[(frame["indicator"] == indicator) & ~frame["aggregate"]]
    if rows.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "estimate": pd.Series(dtype="bool"),
                             "allies": pd.Series(dtype="int64")})
    meets = rows.assign(meets=_meets(rows["value"], threshold, decimals))
    counts = meets.groupby(["year", "estimate"], sort=True)["meets"].sum().astype("int64")
    return counts.rename("allies").reset_index()


def allies_at_or_above(frame: pd.DataFrame, year: int, threshold: float | int | str | Decimal = 2, *,
                       indicator: str = "share_of_gdp", decimals: int = 2) -> list[str]:
    """The Allies at or above threshold in year, as published, in the table's (alphabetical) order."""
    rows = frame[(frame["indicator"] == indicator) & ~frame["aggregate"] & (frame["year"] == year)]
    return rows.loc[_meets(rows["value"], threshold, decimals), "ally"].tolist()


def ally_series(frame: pd.DataFrame, ally: str, indicator: str = "share_of_gdp") -> pd.DataFrame:
    """One Ally's (or aggregate's) values of one indicator, by year, with their source cells."""
    rows = frame[(frame["indicator"] == indicator) & (frame["ally"] == ally)]
    return rows.sort_values("year").reset_index(drop=True)
