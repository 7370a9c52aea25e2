"""The frames the pages, charts and exports read, on the fixture corpus: columns, values, and offsets that point at the quote."""
from __future__ import annotations

import pytest

from conftest import FIXTURE
from defence_figures.corpus import frames
from defence_figures.corpus.load import load_corpus


@pytest.fixture(scope="module")
def corpus():
    result = load_corpus(FIXTURE / "curated", FIXTURE / "data" / "sources", root=FIXTURE)
    assert result.problems == []
    return result.corpus


@pytest.fixture(scope="module")
def figures(corpus):
    return frames.figures_frame(corpus)


def row(figures, figure_id: str) -> dict:
    rows = figures[figures["figure_id"] == figure_id].to_dict(orient="records")
    assert len(rows) == 1
    return rows[0]


def test_figure_columns_are_the_documented_list(figures):
    assert list(figures.columns) == frames.FIGURE_COLUMNS
    for column in ("figure_id", "label", "display_value", "value", "unit", "qualifier", "period", "scope", "kind",
                   "basis", "topic", "quote", "number_text", "document_id", "date_published", "quote_start",
                   "quote_end", "number_start", "number_end", "quote_line", "reports", "verdict", "difference",
                   "curated_file", "curated_line"):
        assert column in figures.columns


def test_one_row_per_figure_in_curated_order(figures):
    assert len(figures) == 29
    assert figures["figure_id"].is_unique
    assert figures.groupby("document_id").size().to_dict() == {
        "bgnes-2024-02-15-stoltenberg": 10,
        "example-2024-03-01-budget-speech": 2,
        "example-2024-03-01-press-release": 2,
        "nato-2024-02-15-press-conference": 10,
        "ukrinform-2024-02-15-nato-ukraine-council": 5,
    }
    assert list(figures["figure_id"][:3]) == ["bgnes-18-allies-at-2pct", "bgnes-2pct-guideline", "bgnes-380-billion"]


def test_the_600_billion_row(figures):
    assert row(figures, "bgnes-600-billion") == {
        "figure_id": "bgnes-600-billion",
        "label": "What the report says European Allies and Canada will spend on defence by the end of 2024",
        "display_value": "more than $600 billion",
        "value": 600.0,
        "value_text": "600",
        "unit": "usd_billion",
        "unit_label": "billion US dollars",
        "dimension": "money",
        "qualifier": "more_than",
        "period": "2024",
        "scope": "European Allies and Canada",
        "kind": "expectation",
        "basis": "annual",
        "topic": "defence-spending",
        "topic_label": "Defence spending",
        "explanation": "As the report words it, this reads as one year's spending. NATO said something else: "
                       "the extra money added up since 2014.",
        "quote": "By the end of 2024, the European allies and Canada will spend more than $600 billion on defence.",
        "number_text": "$600 billion",
        "document_id": "bgnes-2024-02-15-stoltenberg",
        "document_title": "Stoltenberg says there is no immediate threat to NATO members",
        "producer": "BGNES (Bulgarian news agency), English service",
        "source_name": "BGNES, 2024-02-15",
        "speaker": "Jens Stoltenberg, NATO Secretary General",
        "date_published": "2024-02-15",
        "role": "statement",
        "url_main": "",
        "citation_full": "BGNES. \"Stoltenberg says there is no immediate threat to NATO members.\" BGNES English "
                         "service, 15 February 2024. Report of the press conference by NATO Secretary General Jens "
                         "Stoltenberg after the meeting of NATO Ministers of Defence, Brussels.",
        "quote_start": 973,
        "quote_end": 1069,
        "number_start": 1045,
        "number_end": 1057,
        "quote_line": 9,
        "reports": "pc15-600-billion-added",
        "verdict": "meaning_differs",
        "difference": "NATO said European Allies and Canada \"will have added more than 600 billion dollars for "
                      "defence since we made the Defence Investment Pledge in 2014\": money added, summed over 2014 "
                      "to 2024. The report's \"will spend more than $600 billion on defence\" reads as annual "
                      "spending, which it is not: European Allies alone were estimated at 380 billion for 2024.",
        "curated_file": "curated/bgnes-2024-02-15-stoltenberg.yaml",
        "curated_line": 101,
    }


@pytest.mark.parametrize(
    ("figure_id", "display_value", "number_text", "quote_start", "number_start", "number_end", "quote_line"),
    [
        ("pc15-six-fold", "6-fold", "six-fold", 450, 452, 460, 13),
        ("pc15-90000-forces", "approximately 90,000 troops", "90,000", 1703, 1722, 1728, 43),
        ("ukr-75-billion-us-aid", "approximately $75 billion", "75 billion\n\ndollars", 734, 810, 829, 9),
    ],
)
def test_display_values_and_offsets(figures, figure_id, display_value, number_text, quote_start, number_start,
                                    number_end, quote_line):
    got = row(figures, figure_id)
    assert got["display_value"] == display_value
    assert got["number_text"] == number_text
    assert (got["quote_start"], got["number_start"], got["number_end"], got["quote_line"]) == (
        quote_start, number_start, number_end, quote_line)


def test_every_offset_points_at_its_quote_and_its_number(figures, corpus):
    for record in figures.to_dict(orient="records"):
        text = corpus.documents[record["document_id"]].text
        assert text[record["quote_start"]:record["quote_end"]] == record["quote"], record["figure_id"]
        assert text[record["number_start"]:record["number_end"]] == record["number_text"], record["figure_id"]
        assert record["quote_start"] <= record["number_start"] < record["number_end"] <= record["quote_end"]
        assert text.count("\n", 0, record["quote_start"]) + 1 == record["quote_line"]


def test_percent_and_count_display_values(figures):
    assert row(figures, "pc15-2pct-guideline")["display_value"] == "2% of GDP"
    assert row(figures, "pc15-18-allies-at-2pct")["display_value"] == "18 Allies"
    assert row(figures, "bgnes-99-percent-aid")["display_value"] == "99%"


def test_documents_frame_puts_the_statement_first_then_by_date(corpus):
    documents = frames.documents_frame(corpus)
    assert list(documents.columns) == frames.DOCUMENT_COLUMNS
    assert list(documents["document_id"]) == [
        "bgnes-2024-02-15-stoltenberg",
        "nato-2024-02-15-press-conference",
        "example-2024-03-01-budget-speech",
        "example-2024-03-01-press-release",
        "ukrinform-2024-02-15-nato-ukraine-council",
    ]
    assert list(documents["figures"]) == [10, 10, 2, 2, 5]
    assert list(documents["role"]) == ["statement", "primary", "primary", "primary", "corroborating"]


def test_comparisons_frame_pairs_each_statement_figure_with_its_record(corpus):
    comparisons = frames.comparisons_frame(corpus)
    assert list(comparisons.columns) == frames.COMPARISON_COLUMNS
    assert len(comparisons) == 14
    assert list(comparisons["what"]).count("figure") == 10
    assert list(comparisons["what"]).count("passage") == 4
    six_hundred = comparisons[comparisons["comparison_id"] == "bgnes-600-billion"].to_dict(orient="records")[0]
    assert six_hundred["statement_value"] == "more than $600 billion"
    assert six_hundred["record_value"] == "more than $600 billion"
    assert six_hundred["record_figure_id"] == "pc15-600-billion-added"
    assert six_hundred["record_document_id"] == "nato-2024-02-15-press-conference"
    assert six_hundred["verdict"] == "meaning_differs"
    assert six_hundred["record_quote"] == (
        "By the end of 2024, European Allies and Canada will have added more than 600 billion dollars for defence "
        "since we made the Defence Investment Pledge in 2014.")
    passage = comparisons[comparisons["comparison_id"] == "bgnes-historic-progress"].to_dict(orient="records")[0]
    assert passage["record_quote"] == "But we have already made historic progress."
    assert passage["statement_value"] == "" and passage["record_value"] == ""


def test_every_column_is_documented():
    for column in frames.FIGURE_COLUMNS:
        assert frames.COLUMN_DOCS.get(column, "").strip(), f"frames.COLUMN_DOCS has no entry for {column!r}"


def test_documents_with_the_same_publisher_and_date_get_source_names_that_tell_them_apart():
    from conftest import load_root
    from defence_figures.corpus.frames import documents_frame, figures_frame
    corpus = load_root(FIXTURE).corpus
    names = dict(zip(documents_frame(corpus)["document_id"], documents_frame(corpus)["source_name"]))
    assert names["example-2024-03-01-budget-speech"] == "Example Ministry of Defence, 2024-03-01 (budget speech)"
    assert names["example-2024-03-01-press-release"] == "Example Ministry of Defence, 2024-03-01 (press release)"
    assert names["bgnes-2024-02-15-stoltenberg"] == "BGNES, 2024-02-15"
    assert names["nato-2024-02-15-press-conference"] == "NATO, 2024-02-15"
    figures = figures_frame(corpus)
    assert set(figures.loc[figures["document_id"] == "example-2024-03-01-press-release", "source_name"]) == {
        "Example Ministry of Defence, 2024-03-01 (press release)"}
