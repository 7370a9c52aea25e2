"""The real corpus loads whole: every document, figure and passage proven, with its place in the files; the fixture's counts are exact."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest

from conftest import FIXTURE, REPO
from defence_figures.corpus.load import load_corpus
from defence_figures.corpus.model import Location


@pytest.fixture(scope="module")
def result():
    return load_corpus(REPO / "curated", REPO / "data" / "sources", root=REPO)


def test_the_real_corpus_loads_without_a_problem(result):
    assert result.problems == []
    assert result.ok
    assert result.withheld_documents == []
    assert result.withheld_figures == []
    # Documents curated later may join these; the ones below must stay.
    assert set(result.files) >= {
        "curated/bgnes-2024-02-15-stoltenberg.yaml",
        "curated/nato-2024-02-14-news-story.yaml",
        "curated/nato-2024-02-14-pre-ministerial.yaml",
        "curated/nato-2024-02-15-press-conference.yaml",
        "curated/nato-2024-06-18-blinken-meeting-news.yaml",
        "curated/nato-2024-07-10-summit-press-conference.yaml",
        "curated/ukrinform-2024-02-15-nato-ukraine-council.yaml",
    }
    assert set(result.corpus.comparisons) >= {
        "bgnes-historic-progress", "bgnes-immediate-vs-imminent", "bgnes-miscalculation", "bgnes-production-pace",
    }


def test_the_fixture_corpus_loads_whole():
    result = load_corpus(FIXTURE / "curated", FIXTURE / "data" / "sources", root=FIXTURE)
    assert result.problems == []
    assert result.files == [
        "curated/bgnes-2024-02-15-stoltenberg.yaml",
        "curated/example-2024-03-01-budget-speech.yaml",
        "curated/example-2024-03-01-press-release.yaml",
        "curated/nato-2024-02-15-press-conference.yaml",
        "curated/ukrinform-2024-02-15-nato-ukraine-council.yaml",
    ]
    assert len(result.corpus.documents) == 5
    assert len(result.corpus.figures) == 29
    assert sorted(result.corpus.comparisons) == [
        "bgnes-historic-progress", "bgnes-immediate-vs-imminent", "bgnes-miscalculation", "bgnes-production-pace",
    ]


def test_a_document_as_loaded(result):
    document = result.corpus.documents["nato-2024-02-15-press-conference"]
    assert document.role == "primary"
    assert document.producer == "NATO"
    assert document.date_published == "2024-02-15"
    assert document.url_main == "https://www.nato.int/cps/en/natohq/opinions_222605.htm"
    assert document.completeness == "excerpt"
    assert document.text_file == "nato-2024-02-15-press-conference.txt"
    assert document.sha256 == "0771d4c25699ca64310e366e1010c1007ead21dcd601f9d3dd1c1afd94614aa1"
    assert len(document.text) == 1788
    assert document.location == Location("curated/nato-2024-02-15-press-conference.yaml", 11, 3)


def test_a_document_without_an_address(result):
    assert result.corpus.documents["bgnes-2024-02-15-stoltenberg"].url_main is None
    assert result.corpus.documents["bgnes-2024-02-15-stoltenberg"].role == "statement"


def test_a_figure_as_loaded(result):
    figure = result.corpus.figures["pc15-380-billion"]
    assert figure.document_id == "nato-2024-02-15-press-conference"
    assert figure.value == Decimal("380")
    assert (figure.unit, figure.qualifier, figure.period, figure.kind, figure.basis) == (
        "usd_billion", "exact", "2024", "estimate", "annual")
    assert figure.quote == "In 2024, NATO Allies in Europe will invest a total of 380 billion US dollars in defence."
    assert (figure.quote_start, figure.quote_end) == (499, 587)
    assert (figure.number_start, figure.number_end) == (553, 575)
    assert figure.number_text == "380 billion US dollars"
    assert figure.location == Location("curated/nato-2024-02-15-press-conference.yaml", 77, 5)
    assert (figure.reports, figure.verdict, figure.difference, figure.occurrence) == ("", "", "", 1)


def test_a_decimal_value_stays_exact(result):
    figure = result.corpus.figures["news14-1-47-percent-2014"]
    assert figure.value == Decimal("1.47")
    assert str(figure.value) == "1.47"
    assert figure.number_text == "1.47%"


def test_a_statement_figure_keeps_its_report_and_verdict(result):
    figure = result.corpus.figures["bgnes-600-billion"]
    assert (figure.reports, figure.verdict) == ("pc15-600-billion-added", "meaning_differs")
    assert figure.difference.startswith("NATO said European Allies and Canada \"will have added")
    assert figure.qualifier == "more_than"
    assert figure.number_text == "$600 billion"
    record = result.corpus.figures[figure.reports]
    assert (record.basis, figure.basis) == ("cumulative", "annual")


def test_a_compared_passage_as_loaded(result):
    comparison = result.corpus.comparisons["bgnes-historic-progress"]
    assert comparison.document_id == "bgnes-2024-02-15-stoltenberg"
    assert comparison.record == "nato-2024-02-15-press-conference"
    assert (comparison.quote_start, comparison.quote_end) == (1070, 1162)
    assert (comparison.record_start, comparison.record_end) == (835, 878)
    assert comparison.verdict == "reworded"
    assert comparison.location == Location("curated/bgnes-2024-02-15-stoltenberg.yaml", 214, 9)


def test_every_figure_points_at_its_quote_and_number(result):
    for figure in result.corpus.figures.values():
        text = result.corpus.documents[figure.document_id].text
        assert text[figure.quote_start:figure.quote_end] == figure.quote, figure.id
        assert figure.quote_start <= figure.number_start < figure.number_end <= figure.quote_end, figure.id
    for comparison in result.corpus.comparisons.values():
        assert result.corpus.documents[comparison.document_id].text[comparison.quote_start:comparison.quote_end] == comparison.quote
        record_text = result.corpus.documents[comparison.record].text
        assert record_text[comparison.record_start:comparison.record_end] == comparison.record_quote


def test_loading_named_files_only():
    result = load_corpus(REPO / "curated", REPO / "data" / "sources", root=REPO,
                         paths=[REPO / "curated" / "nato-2024-02-15-press-conference.yaml"])
    assert result.problems == []
    assert list(result.corpus.documents) == ["nato-2024-02-15-press-conference"]
    assert len(result.corpus.figures) == 10


def test_without_a_root_paths_are_shown_as_given():
    result = load_corpus(REPO / "curated", REPO / "data" / "sources",
                         paths=[REPO / "curated" / "nato-2024-02-15-press-conference.yaml"])
    assert result.files == [f"{REPO.as_posix()}/curated/nato-2024-02-15-press-conference.yaml"]


def test_the_loader_is_fast():
    load_corpus(REPO / "curated", REPO / "data" / "sources", root=REPO)  # warm the regex and text2num caches
    started = time.perf_counter()
    for _ in range(5):
        load_corpus(REPO / "curated", REPO / "data" / "sources", root=REPO)
    per_load = (time.perf_counter() - started) / 5
    assert per_load < 0.25, f"loading the corpus took {per_load * 1000:.0f} ms"  # about 10 ms on a laptop
