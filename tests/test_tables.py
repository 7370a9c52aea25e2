"""NATO's workbook -> tidy frame: facts read off the workbook by hand, and the clear messages of a broken copy.

Every literal below was read by hand from data/nato-def-exp-2024-tables.xlsx with openpyxl
(cached values; the file has no formulas); the comment next to it names the cell.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from defence_figures import paths
from defence_figures.nato import workbook as tables

REPO = Path(__file__).resolve().parent.parent
DESCRIPTION = "curated/workbooks/nato-def-exp-2024.yaml"
WORKBOOK = "data/nato-def-exp-2024-tables.xlsx"
SHA256 = "1897e2ead4be252c5c9a9d2f2696a65398c51375c88a2e7425339a8d368a600b"
SHEETS = "TABLE1, TABLE2, TABLE3, TABLE4, TABLE5, TABLE6, TABLE7, TABLE8a, TABLE8b"
ALLIES_WITH_NATIONAL_LAW = {"Czechia", "Estonia", "Latvia", "Lithuania", "Poland", "Romania"}


@pytest.fixture(scope="module")
def result() -> tables.TablesResult:
    return tables.load_tables(REPO)


@pytest.fixture(scope="module")
def frame(result: tables.TablesResult) -> pd.DataFrame:
    return result.frame


def one(frame: pd.DataFrame, indicator: str, ally: str, year: int) -> pd.Series:
    rows = frame[(frame["indicator"] == indicator) & (frame["ally"] == ally) & (frame["year"] == year)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# ---------------------------------------------------------------------------
# The workbook as stored


def test_the_stored_workbook_is_natos_file_byte_for_byte():
    assert hashlib.sha256((REPO / WORKBOOK).read_bytes()).hexdigest() == SHA256
    assert paths.workbook_digest(REPO / WORKBOOK) == SHA256
    assert paths.workbook_digest(REPO / "data" / "no-such.xlsx") == ""


def test_the_real_workbook_loads_without_problems(result):
    assert result.problems == []
    assert result.withheld_indicators == []
    assert tables.validate_workbooks(REPO) == []
    assert result.files == [DESCRIPTION]
    assert list(result.indicators) == ["share_of_gdp", "real_change", "usd_current", "usd_constant_2015", "personnel"]


def test_document_metadata(result):
    document = result.documents["nato-def-exp-2024"]
    assert document.producer == "NATO"
    assert document.title == "Defence Expenditure of NATO Countries (2014-2024)"
    assert document.report_number == "PR/CP(2024)081"
    assert document.date_published == "2024-06-17"
    assert document.cutoff == "2024-06-12"
    assert document.url_main is None  # NATO's page for this edition was not found: notes say so
    assert document.url_copy.startswith("https://github.com/jacobvoss/geopolitical-dashboard/blob/")
    assert document.file == "nato-def-exp-2024-tables.xlsx"
    assert document.original_file_name == "240617-def-exp-2024-TABLES-en.xlsx"
    assert document.sha256 == SHA256
    assert document.estimate_years == (2023, 2024)
    assert "Figures for 2023 and 2024 are estimates" in document.notes
    assert "Iceland has no armed forces and is not in the tables" in document.notes
    assert "only the copy" not in document.citation_full and "PR/CP(2024)081" in document.citation_full


def test_frame_shape_columns_and_types(frame):
    assert list(frame.columns) == tables.TABLE_COLUMNS
    assert set(tables.COLUMN_DOCS) == set(tables.TABLE_COLUMNS)
    # 31 Allies + NATO Europe and Canada + NATO Total, 2014 to 2024e, in each block read.
    assert frame.groupby("indicator").size().to_dict() == {
        "share_of_gdp": 363, "real_change": 363, "usd_current": 363, "usd_constant_2015": 363, "personnel": 363}
    assert sorted(frame["year"].unique().tolist()) == list(range(2014, 2025))
    assert sorted(frame.loc[frame["estimate"], "year"].unique().tolist()) == [2023, 2024]
    assert frame["ally"].nunique() == 33
    assert sorted(frame.loc[frame["aggregate"], "ally"].unique().tolist()) == ["NATO Europe and Canada", "NATO Total"]
    assert "Iceland" not in set(frame["ally"])
    assert frame["year"].dtype == "int64" and frame["value"].dtype == "float64"
    assert frame["estimate"].dtype == bool and frame["aggregate"].dtype == bool
    assert frame["cell"].is_unique


def test_load_is_deterministic(frame):
    again = tables.load_tables(REPO)
    pd.testing.assert_frame_equal(again.frame, frame)
    assert paths.tables_digest(REPO) == paths.tables_digest(REPO)


# ---------------------------------------------------------------------------
# Facts read off the workbook by hand


def test_23_allies_at_or_above_2_percent_in_2024e_and_3_in_2014(frame):
    counts = tables.count_at_or_above(frame)
    by_year = dict(zip(counts["year"], counts["allies"]))
    assert by_year[2024] == 23  # TABLE3 N11:N41, published to 2 decimals, >= 2.00
    assert by_year[2014] == 3  # TABLE3 D11:D41
    assert counts.loc[counts["year"] == 2024, "estimate"].item() is True
    assert tables.allies_at_or_above(frame, 2014) == ["Greece", "United Kingdom", "United States"]  # D22, D40, D41
    assert len(tables.allies_at_or_above(frame, 2024)) == 23


def test_slovak_republic_2024e_is_exactly_2_and_counts(frame):
    row = one(frame, "share_of_gdp", "Slovak Republic", 2024)
    assert row["cell"] == "TABLE3!N35"  # C35 "Slovak Republic", N35 holds the integer 2
    assert row["value"] == 2.0
    assert "Slovak Republic" in tables.allies_at_or_above(frame, 2024)


def test_poland_4_12_and_spain_1_28_in_2024e(frame):
    poland = one(frame, "share_of_gdp", "Poland", 2024)
    assert poland["cell"] == "TABLE3!N32"  # C32 "Poland*"
    assert poland["value"] == 4.120190989357147  # N32
    assert tables.published(poland["value"]) == Decimal("4.12")
    assert poland["estimate"] and poland["ally_code"] == "POL" and poland["footnote"] == "*"
    spain = one(frame, "share_of_gdp", "Spain", 2024)
    assert spain["cell"] == "TABLE3!N37"  # C37 "Spain"
    assert spain["value"] == 1.282549642204323  # N37
    assert tables.published(spain["value"]) == Decimal("1.28")
    allies_2024 = frame[(frame["indicator"] == "share_of_gdp") & (frame["year"] == 2024) & ~frame["aggregate"]]
    assert allies_2024.loc[allies_2024["value"].idxmax(), "ally"] == "Poland"
    assert allies_2024.loc[allies_2024["value"].idxmin(), "ally"] == "Spain"


def test_aggregates_2024e(frame):
    europe = one(frame, "share_of_gdp", "NATO Europe and Canada", 2024)
    assert europe["cell"] == "TABLE3!N42"  # B42 "NATO Europe and Canada"
    assert europe["value"] == 2.0154548520439497  # N42
    assert tables.published(europe["value"]) == Decimal("2.02")
    assert europe["aggregate"] and pd.isna(europe["ally_code"]) and not europe["national_2pct_law"]
    total = one(frame, "share_of_gdp", "NATO Total", 2024)
    assert total["cell"] == "TABLE3!N43"  # B43 "NATO Total"
    assert total["value"] == 2.712749728347316  # N43
    assert tables.published(total["value"]) == Decimal("2.71")


def test_other_blocks_read_the_cells_noted_in_the_research(frame):
    change = one(frame, "real_change", "NATO Europe and Canada", 2024)
    assert (change["cell"], change["value"]) == ("TABLE3!N76", 17.946747118910466)  # B76, N76
    assert one(frame, "real_change", "NATO Europe and Canada", 2023)["value"] == 9.263440999430594  # M76
    current = one(frame, "usd_current", "NATO Europe and Canada", 2024)
    assert (current["cell"], current["value"], current["unit"], current["price_basis"]) == (
        "TABLE2!N42", 506692.47657343885, "usd_million", "current")  # B42, N42
    constant = one(frame, "usd_constant_2015", "NATO Europe and Canada", 2024)
    assert (constant["cell"], constant["value"], constant["price_basis"]) == (
        "TABLE2!N76", 430112.31173262367, "constant_2015")  # B76, N76
    us = one(frame, "usd_current", "United States", 2024)
    assert (us["cell"], us["value"]) == ("TABLE2!N41", 967707.0)  # C41, N41 holds the integer 967707
    total_2014 = one(frame, "usd_current", "NATO Total", 2014)
    assert (total_2014["cell"], total_2014["value"]) == ("TABLE2!D43", 943217.5834091387)  # B43, D43
    personnel = one(frame, "personnel", "Poland", 2024)
    assert (personnel["cell"], personnel["value"], personnel["price_basis"]) == (
        "TABLE7!O44", 216.081, "not_applicable")  # D44 "Poland" (no *), O44


def test_national_law_marks_are_data_not_names(frame):
    marked = set(frame.loc[frame["national_2pct_law"], "ally"])
    assert marked == ALLIES_WITH_NATIONAL_LAW  # C16, C18, C25, C26, C32, C34 of TABLE3 end in *
    assert not frame["ally"].str.contains("*", regex=False).any()
    assert set(frame.loc[frame["footnote"] == "*", "ally"]) == ALLIES_WITH_NATIONAL_LAW
    # TABLE7 prints no * (D44 reads "Poland"): the row keeps its own mark empty, the Ally keeps the fact.
    personnel = one(frame, "personnel", "Poland", 2024)
    assert personnel["footnote"] == "" and personnel["national_2pct_law"]
    assert not one(frame, "share_of_gdp", "Spain", 2024)["national_2pct_law"]


def test_citation_names_table_ally_year_and_cell(result, frame):
    poland = one(frame, "share_of_gdp", "Poland", 2024)
    assert result.cite(poland) == (
        "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e (cell TABLE3!N32)")
    assert result.cite(poland, with_cell=False) == "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e"
    greece = one(frame, "share_of_gdp", "Greece", 2014)
    assert result.cite(greece) == (
        "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Greece, 2014 (cell TABLE3!D22)")


def test_ally_series(frame):
    series = tables.ally_series(frame, "Poland")
    assert series["year"].tolist() == list(range(2014, 2025))
    assert series["cell"].tolist() == [f"TABLE3!{c}32" for c in "DEFGHIJKLMN"]
    assert series["estimate"].tolist() == [False] * 9 + [True, True]
    assert tables.ally_series(frame, "Iceland").empty


def test_published_rounds_half_up_as_excel_displays():
    assert tables.published(1.995) == Decimal("2.00")
    assert tables.published(1.9949) == Decimal("1.99")
    assert tables.published(2) == Decimal("2.00")
    assert tables.published(430112.31173262367, 0) == Decimal("430112")
    assert tables.year_label(2024, True) == "2024e" and tables.year_label(2014, False) == "2014"


def test_threshold_helpers_on_an_empty_frame():
    empty = tables.load_tables(Path("/nonexistent-root")).frame
    assert list(empty.columns) == tables.TABLE_COLUMNS and empty.empty
    assert tables.count_at_or_above(empty).empty
    assert tables.allies_at_or_above(empty, 2024) == []


def test_tables_does_not_import_streamlit():
    code = "import sys, defence_figures.nato.workbook; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# Broken copies: each fails with a clear, located message


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A scratch root holding the description and the workbook."""
    (tmp_path / "curated").mkdir()
    shutil.copytree(REPO / "curated" / "workbooks", tmp_path / "curated" / "workbooks")
    (tmp_path / "data").mkdir()
    shutil.copyfile(REPO / WORKBOOK, tmp_path / WORKBOOK)
    return tmp_path


def edit_description(root: Path, old: str, new: str, count: int = 1) -> str:
    path = root / DESCRIPTION
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, (old, text.count(old))
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def at(text: str, before: str, value: str) -> str:
    """'LINE:COLUMN' where value starts on the one line of the description that reads before + value."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if before + value in line]
    assert len(lines) == 1, lines
    number, line = lines[0]
    return f"{number}:{line.index(before + value) + len(before) + 1}"


def edit_workbook(root: Path, sheet: str, cell: str, value) -> str:
    """Change one cell with openpyxl; return the new file's sha256."""
    book = openpyxl.load_workbook(root / WORKBOOK)
    book[sheet][cell] = value
    book.save(root / WORKBOOK)
    return hashlib.sha256((root / WORKBOOK).read_bytes()).hexdigest()


def messages(result: tables.TablesResult) -> list[str]:
    return [str(p) for p in result.problems]


def test_a_changed_sheet_title_is_caught_by_the_title_check(copy):
    new_sha = edit_workbook(copy, "TABLE3", "B4", "Table 3 : Defence expenditure as a share of GDP")
    # Record the new checksum, so that the title check (not the checksum) must catch the change.
    text = edit_description(copy, SHA256, new_sha)
    result = tables.load_tables(copy)
    where = at(text, "title: ", '"Table 3 : Defence expenditure as a share of GDP and annual real change"')
    assert messages(result) == [
        f"{DESCRIPTION}:{where}: sheet 'TABLE3': TABLE3!B4 of {WORKBOOK} reads "
        "\"Table 3 : Defence expenditure as a share of GDP\", but this description expects "
        "\"Table 3 : Defence expenditure as a share of GDP and annual real change\"; check that the workbook is "
        "the edition described, then correct 'title'"
    ]
    assert result.withheld_indicators == ["share_of_gdp", "real_change"]
    # The other sheets still serve their values.
    assert set(result.frame["indicator"]) == {"usd_current", "usd_constant_2015", "personnel"}
    assert result.problems[0].document_id == "nato-def-exp-2024"


def test_a_changed_cell_is_caught_by_the_checksum(copy):
    new_sha = edit_workbook(copy, "TABLE3", "N32", 4.5)
    text = (copy / DESCRIPTION).read_text(encoding="utf-8")
    result = tables.load_tables(copy)
    assert messages(result) == [
        f"{DESCRIPTION}:{at(text, 'sha256: ', SHA256)}: document 'nato-def-exp-2024': {WORKBOOK} has changed since "
        f"it was described (its sha256 is {new_sha}, the description records {SHA256}); check every sheet title "
        "and block against the file, then record the new sha256"
    ]
    assert result.frame.empty
    assert result.withheld_indicators == ["share_of_gdp", "real_change", "usd_current", "usd_constant_2015", "personnel"]
    assert "nato-def-exp-2024" in result.documents  # the pages can still say which workbook is withheld


def test_a_missing_workbook(copy):
    (copy / WORKBOOK).unlink()
    text = (copy / DESCRIPTION).read_text(encoding="utf-8")
    result = tables.load_tables(copy)
    assert messages(result) == [
        f"{DESCRIPTION}:{at(text, 'file: ', 'nato-def-exp-2024-tables.xlsx')}: document 'nato-def-exp-2024': "
        f"{WORKBOOK} does not exist; copy the publisher's workbook there or correct 'file'"
    ]
    assert result.frame.empty


def test_a_sheet_the_workbook_does_not_have(copy):
    text = edit_description(copy, "sheet: TABLE7", "sheet: TABLE9", count=2)
    result = tables.load_tables(copy)
    assert messages(result) == [
        f"{DESCRIPTION}:{at(text, '- sheet: ', 'TABLE9')}: sheet 'TABLE9' is not in {WORKBOOK}; "
        f"its sheets are: {SHEETS}"
    ]
    assert result.withheld_indicators == ["personnel"]
    assert "personnel" not in set(result.frame["indicator"]) and len(result.frame) == 4 * 363


def test_a_block_title_that_is_not_found(copy):
    text = edit_description(copy, '"Share of real GDP (%)"', '"Share of nominal GDP (%)"')
    result = tables.load_tables(copy)
    where = at(text, "block_title: ", '"Share of nominal GDP (%)"')
    assert messages(result) == [
        f"{DESCRIPTION}:{where}: indicator 'share_of_gdp': "
        "no cell of TABLE3 column B reads \"Share of nominal GDP (%)\"; the block titles there are: "
        "\"Share of real GDP (%)\", \"Annual real change (%)\""
    ]
    assert result.withheld_indicators == ["share_of_gdp"]


def test_an_indicator_on_a_sheet_not_described(copy):
    text = edit_description(copy, "    sheet: TABLE7\n", "    sheet: TABLE5\n")
    result = tables.load_tables(copy)
    assert messages(result) == [
        f"{DESCRIPTION}:{at(text, '    sheet: ', 'TABLE5')}: indicator 'personnel': sheet 'TABLE5' is not described "
        "under 'sheets'; the described sheets are: TABLE2, TABLE3, TABLE7"
    ]
    # A broken description withholds its whole workbook, like a broken curated file its document.
    assert result.frame.empty


def test_description_field_errors_are_located(copy):
    text = edit_description(copy, "  cutoff: \"2024-06-12\"", "  cutof: \"2024-06-12\"")
    text = edit_description(copy, "    decimals: 1\n", "    decimals: one\n")
    result = tables.load_tables(copy)
    assert messages(result) == [
        f"{DESCRIPTION}:{at(text, '  ', 'cutof:')}: document 'nato-def-exp-2024': unknown field 'cutof'; "
        "did you mean 'cutoff'?",
        f"{DESCRIPTION}:{at(text, '', 'id: nato-def-exp-2024')}: document 'nato-def-exp-2024' has no 'cutoff': "
        "YYYY-MM-DD, the cut-off date for the information used.",
        f"{DESCRIPTION}:{at(text, 'decimals: ', 'one')}: indicator 'personnel': 'decimals' must be a whole number "
        "from 0 to 6, not the text \"one\"",
    ]


def test_an_empty_field_and_a_placeholder_are_located(copy):
    text = edit_description(copy, "  producer: NATO\n", "  producer: \"\"\n")
    text = edit_description(copy, '  report_number: "PR/CP(2024)081"', '  report_number: "TODO: the press release"')
    result = tables.load_tables(copy)
    empty, placeholder = at(text, "producer: ", '""'), at(text, "report_number: ", '"TODO')
    assert messages(result) == [
        f"{DESCRIPTION}:{empty}: document 'nato-def-exp-2024': 'producer' is empty: Who published the workbook.",
        f"{DESCRIPTION}:{placeholder}: document 'nato-def-exp-2024': 'report_number' is still a draft placeholder "
        "(TODO: the press release); fill it in",
    ]
    assert result.frame.empty


def test_yaml_syntax_error_is_located(copy):
    (copy / DESCRIPTION).write_text("schema_version: 1\ndocument: [\n", encoding="utf-8")
    result = tables.load_tables(copy)
    assert len(result.problems) == 1
    assert messages(result)[0].startswith(f"{DESCRIPTION}:3:1: YAML syntax error")
    assert result.frame.empty and result.documents == {}


def test_a_year_header_without_its_estimate_mark(copy):
    new_sha = edit_workbook(copy, "TABLE3", "M8", "2023")
    text = edit_description(copy, SHA256, new_sha)
    result = tables.load_tables(copy)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line == "    year_row: 8"]
    table3 = lines[1][0]  # TABLE2, then TABLE3
    assert messages(result) == [
        f"{DESCRIPTION}:{table3}:15: sheet 'TABLE3': the year header TABLE3!M8 reads \"2023\", "
        "not 2023e, but estimate_years lists 2023"
    ]


def test_an_ally_the_description_does_not_list(copy):
    new_sha = edit_workbook(copy, "TABLE3", "C24", "Iceland")
    text = edit_description(copy, SHA256, new_sha)
    result = tables.load_tables(copy)
    where = at(text, "block_title: ", '"Share of real GDP (%)"')
    assert messages(result) == [
        f"{DESCRIPTION}:{where}: indicator 'share_of_gdp': TABLE3!C24 names \"Iceland\", which is not one of "
        "the Allies listed under 'allies'",
        f"{DESCRIPTION}:{where}: indicator 'share_of_gdp': the block below \"Share of real GDP (%)\" "
        "(TABLE3 rows 11 to 43) has no row for Italy",
    ]


def test_text_where_a_number_is_expected(copy):
    new_sha = edit_workbook(copy, "TABLE2", "N32", "n.a.")
    text = edit_description(copy, SHA256, new_sha)
    result = tables.load_tables(copy)
    where = at(text, "block_title: ", '"Current prices and exchange rates"')
    assert messages(result) == [
        f"{DESCRIPTION}:{where}: indicator 'usd_current': TABLE2!N32 (Poland, 2024e) holds \"n.a.\" "
        "where a number is expected"
    ]
    assert result.withheld_indicators == ["usd_current"]


def test_a_file_that_is_not_a_workbook(copy):
    (copy / WORKBOOK).write_bytes(b"not a zip file")
    text = edit_description(copy, SHA256, hashlib.sha256(b"not a zip file").hexdigest())
    result = tables.load_tables(copy)
    assert len(result.problems) == 1
    assert messages(result)[0].startswith(
        f"{DESCRIPTION}:{at(text, 'file: ', 'nato-def-exp-2024-tables.xlsx')}: document 'nato-def-exp-2024': "
        f"{WORKBOOK} cannot be read as an Excel workbook (")
    assert result.frame.empty


def test_no_workbook_descriptions_is_not_a_problem(tmp_path):
    result = tables.load_tables(tmp_path)
    assert result.problems == [] and result.frame.empty and result.documents == {}
    assert tables.validate_workbooks(tmp_path) == []
