"""The fact checks as data: declarations read from curated/checks/*.yaml into registered kinds, on a tiny workbook
of two Allies and a handful of figures written here, never on the real corpus.

Every value below is written out by hand from the tiny tables: Aland 2.004 -> 2.00% (counts), Borduria 1.5%.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from defence_figures.nato import checks as fc
from defence_figures.nato.workbook import Indicator, TablesResult, WorkbookDocument

DOC = WorkbookDocument(
    id="tiny-2030", producer="NATO", title="Tiny Tables (2029-2030)", report_number="PR/1", date_published="2030-06-01",
    cutoff="2030-05-20", url_main=None, file="tiny.xlsx", sha256="0" * 64, estimate_years=(2030,),
    citation_full="Tiny Tables", path="curated/workbooks/tiny.yaml")


def _row(indicator: str, ally: str, code: str, year: int, value: float, cell: str, aggregate: bool = False) -> dict:
    unit = "percent_of_gdp" if indicator == "share_of_gdp" else "percent_change"
    return {"document_id": "tiny-2030", "indicator": indicator, "ally": ally, "ally_code": code,
            "national_2pct_law": False, "footnote": "", "aggregate": aggregate, "year": year, "estimate": year == 2030,
            "value": value, "unit": unit, "price_basis": "constant_2015", "sheet": "T3", "table": "Table 3",
            "cell": cell}


@pytest.fixture
def tables() -> TablesResult:
    rows = [
        _row("share_of_gdp", "Aland", "AAA", 2029, 1.9, "T3!D5"), _row("share_of_gdp", "Aland", "AAA", 2030, 2.004, "T3!E5"),
        _row("share_of_gdp", "Borduria", "BBB", 2029, 2.5, "T3!D6"),
        _row("share_of_gdp", "Borduria", "BBB", 2030, 1.5, "T3!E6"),
        _row("real_change", "Group", "", 2030, 8.2, "T3!E9", aggregate=True),
    ]
    indicators = {i: Indicator(i, "tiny-2030", i, "T3", "Table 3", None, unit, unit, "constant_2015", 2)
                  for i, unit in (("share_of_gdp", "percent_of_gdp"), ("real_change", "percent_change"))}
    return TablesResult(frame=pd.DataFrame(rows), documents={"tiny-2030": DOC}, indicators=indicators)


@pytest.fixture
def figures() -> pd.DataFrame:
    def figure(figure_id, value, unit, period, date, display):
        return {"figure_id": figure_id, "value": value, "unit": unit, "kind": "expectation", "period": period,
                "date_published": date, "display_value": display}
    return pd.DataFrame([
        figure("said-2-allies", 2.0, "allies", "2030", "2030-03-10", "2 Allies"),
        figure("said-1-ally-later", 1.0, "allies", "2030", "2030-07-04", "1 Ally"),
        figure("said-7-percent", 7.0, "percent_change", "2030", "2030-03-10", "7%"),
    ])


COUNT_FILE = """\
schema_version: 1
workbook: tiny-2030
said_counts: [said-2-allies]
checks:
  - id: allies-2030
    kind: count_at_guideline
    name: "2 Allies in 2030"
    title: "How many Allies in 2030"
    figure: said-2-allies
    records: [said-1-ally-later]
    indicators: [share_of_gdp]
    explanations:
      revised_down: "{said_month}'s {said} became {counted} of {of} in the {edition} tables; NATO said {said_later}."
"""


def write(root: Path, name: str, text: str) -> Path:
    folder = root / "curated" / "checks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def build(root: Path, tables: TablesResult, figures: pd.DataFrame, withheld: tuple[str, ...] = ()) -> fc.FactCheck:
    declared = fc.load_declarations(root)
    assert declared.problems == []
    return fc.build_checks(tables, figures, declared, withheld)


def test_a_declared_check_is_built_with_its_explanation_filled_from_the_numbers(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE)
    result = build(tmp_path, tables, figures)
    assert result.skipped == []
    (check,) = result.checks
    assert (check.item, check.kind, check.year, check.edition_date) == ("allies-2030", "count_at_guideline", 2030,
                                                                        "2030-06-01")
    assert check.verdicts == ("revised_down", "derived")
    assert check.evidence[0].shown == "1 of 2 Allies" and check.evidence[0].cells == ("T3!E5", "T3!E6")
    assert check.explanation == "March's 2 became 1 of 2 in the June 2030 tables; NATO said 1 in July."
    assert check.details == ("At or above 2% (1): Aland.", "Below 2% (1): Borduria 1.50%.")
    assert check.record_ids == ("said-1-ally-later",)


def test_a_new_check_in_yaml_appears_without_any_python_change(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE)
    write(tmp_path, "more.yaml", """\
schema_version: 1
workbook: tiny-2030
checks:
  - id: rise-2030
    kind: real_change
    name: "the rise in 2030"
    title: "The real rise in 2030"
    figure: said-7-percent
    indicators: [real_change]
    aggregate: Group
""")
    result = build(tmp_path, tables, figures)
    assert [c.item for c in result.checks] == ["rise-2030", "allies-2030"]  # files in name order
    rise = result.get("rise-2030")
    assert rise.verdicts == ("revised_up", "inference") and rise.evidence[0].shown == "+8.20%"
    # no explanation declared for this outcome: the plain sentence built from the numbers
    assert rise.explanation == "NATO said 7%; its June 2030 tables give +8.20% for 2030e."


def test_another_outcome_gets_the_plain_sentence_not_the_text_written_for_this_one(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE)
    agreeing = figures.assign(value=[1.0, 1.0, 7.0])
    (check,) = build(tmp_path, tables, agreeing).checks
    assert check.verdicts == ("agrees", "derived")
    assert check.explanation == "NATO said 1; its June 2030 tables count 1 of 2 Allies at or above 2% in 2030e."


def test_a_withheld_figure_skips_its_check_with_a_note(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE)
    result = build(tmp_path, tables, figures[figures["figure_id"] != "said-2-allies"], withheld=("said-2-allies",))
    assert result.checks == []
    assert result.skipped == ["2 Allies in 2030: the figure said-2-allies is withheld (see the problems above)."]


def test_no_folder_means_no_checks(tmp_path, tables, figures):
    declared = fc.load_declarations(tmp_path)
    assert (declared.checks, declared.problems, declared.files) == ([], [], [])
    assert fc.build_checks(tables, figures, declared).checks == []


# --- Located problems -------------------------------------------------------------------------------------


def test_a_figure_not_in_the_corpus_is_a_located_problem_and_the_check_is_skipped(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE.replace("figure: said-2-allies", "figure: said-3-allies"))
    result = build(tmp_path, tables, figures)
    assert result.checks == []
    assert result.skipped == ["curated/checks/tiny.yaml:9:13: check 'allies-2030': the figure 'said-3-allies' is not "
                              "in the curated corpus"]


def test_an_indicator_not_in_the_workbook_is_a_located_problem(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE.replace("indicators: [share_of_gdp]", "indicators: [share_of_gpd]"))
    result = build(tmp_path, tables, figures)
    assert result.skipped == ["curated/checks/tiny.yaml:11:18: check 'allies-2030': the indicator 'share_of_gpd' is "
                              "not in the workbook; the indicators are: share_of_gdp, real_change"]


def test_unknown_record_said_count_workbook_and_placeholder_keys_are_located(tmp_path, tables, figures):
    text = (COUNT_FILE.replace("records: [said-1-ally-later]", "records: [said-9]")
            .replace("said_counts: [said-2-allies]", "said_counts: [said-2-allies, said-8]")
            .replace("workbook: tiny-2030", "workbook: tiny-2031")
            .replace("{said_later}.", "{said_later}, {values[said-0]} and {counts[2031]}."))
    write(tmp_path, "tiny.yaml", text)
    result = build(tmp_path, tables, figures)
    assert result.skipped == [
        "curated/checks/tiny.yaml:3:30: 'said_counts': the figure 'said-8' is not in the curated corpus",
        "curated/checks/tiny.yaml:2:11: 'workbook': 'tiny-2031' is not described in curated/workbooks/; the "
        "workbooks are: tiny-2030",
        "curated/checks/tiny.yaml:10:15: check 'allies-2030': the record 'said-9' is not in the curated corpus",
        "curated/checks/tiny.yaml:13:21: check 'allies-2030': the explanation for 'revised_down' names "
        "{values[said-0]}, a figure not in the curated corpus",
        "curated/checks/tiny.yaml:13:21: check 'allies-2030': the explanation for 'revised_down' names "
        "{counts[2031]}, a year the tables do not have",
    ]


@pytest.mark.parametrize("old, new, message", [
    ("kind: count_at_guideline", "kind: count_at_guidline",
     "6:11: check 'allies-2030': 'kind' is 'count_at_guidline', which is not one of: count_at_guideline, "
     "share_with_excluded, aggregate_minus_excluded, added_since, real_change; did you mean 'count_at_guideline'?"),
    ("    title:", "    titel:",
     "8:5: check 'allies-2030': unknown field 'titel'; did you mean 'title'?"),
    ("    figure: said-2-allies\n", "",
     "5:5: check 'allies-2030' has no 'figure': The id of the curated figure it checks."),
    ("indicators: [share_of_gdp]", "indicators: [share_of_gdp, real_change]",
     "11:17: check 'allies-2030': kind count_at_guideline reads 1 indicator, not 2"),
    ("      revised_down:", "      revised:",
     "13:7: check 'allies-2030': unknown outcome 'revised'; did you mean 'revised_up'?"),
    ("{counted} of {of}", "{counter} of {of}",
     "13:21: check 'allies-2030': the explanation for 'revised_down' names the unknown placeholder 'counter'; did you "
     "mean 'counted'?"),
    ("{counted} of {of}", "{counted:>3} of {of}",
     "13:21: check 'allies-2030': the explanation for 'revised_down' cannot be read: {counted} has a format or "
     "conversion; write the placeholder alone; write a brace as {{ or }}"),
    ("{counted} of {of}", "{counted of {of}",
     "13:21: check 'allies-2030': the explanation for 'revised_down' cannot be read: unexpected '{' in field "
     "name; write a brace as {{ or }}"),
    ("{counted} of {of}", "{counts} of {of}",
     "13:21: check 'allies-2030': the explanation for 'revised_down' names {counts} without a key; write "
     "{counts[...]}"),
    ("kind: count_at_guideline", "kind: real_change",
     "5:5: check 'allies-2030' has no 'aggregate', which kind real_change needs"),
    ("schema_version: 1", "schema_version: 2", "1:17: schema_version must be 1, not the number 2"),
    ("said_counts:", "said_count:", "3:1: unknown top-level key 'said_count'; did you mean 'said_counts'?"),
    ("    title: \"How", "   title: \"How",
     "8:4: YAML syntax error: while parsing a block collection, did not find expected '-' indicator"),
])
def test_a_bad_declaration_is_a_located_problem(tmp_path, old, new, message):
    assert old in COUNT_FILE
    write(tmp_path, "tiny.yaml", COUNT_FILE.replace(old, new, 1))
    declared = fc.load_declarations(tmp_path)
    assert [str(p) for p in declared.problems][:1] == [f"curated/checks/tiny.yaml:{message}"]


def test_a_duplicate_check_id_is_located(tmp_path):
    second = COUNT_FILE[COUNT_FILE.index("  - id: allies-2030"):]
    write(tmp_path, "tiny.yaml", COUNT_FILE + second)
    declared = fc.load_declarations(tmp_path)
    assert [str(p) for p in declared.problems] == [
        "curated/checks/tiny.yaml:14:9: check 'allies-2030': the id is already used by another check"]
    assert len(declared.checks) == 1


def test_a_file_that_is_not_a_mapping_is_located(tmp_path):
    write(tmp_path, "tiny.yaml", "- just a list\n")
    assert [str(p) for p in fc.load_declarations(tmp_path).problems] == [
        "curated/checks/tiny.yaml:1:1: the file must be a mapping with schema_version, workbook, said_counts, joined, "
        "checks, not a list"]


def test_the_joined_section_is_checked(tmp_path, tables, figures):
    write(tmp_path, "tiny.yaml", COUNT_FILE.replace("checks:\n", "joined:\n  note_cell: \"T3!C20\"\n"
                                                                 "  allies: {AAA: 2029, ZZZ: 2030}\ncheck:\n"))
    declared = fc.load_declarations(tmp_path)
    assert [str(p) for p in declared.problems] == [
        "curated/checks/tiny.yaml:7:1: unknown top-level key 'check'; did you mean 'checks'?",
        "curated/checks/tiny.yaml:1:1: 'checks' must be a list of checks, not nothing"]
    assert declared.joined == {"AAA": 2029, "ZZZ": 2030} and declared.joined_note_cell == "T3!C20"
    result = fc.build_checks(tables, figures, declared)
    assert result.skipped == ["curated/checks/tiny.yaml:6:23: 'joined': the Ally 'ZZZ' is not in the workbook's allies"]
