"""The table charts: every clickable point carries its cell or sentence id, shapes say what colour says, and
each chart has words. Expected values are read by hand off the workbook, with their cells."""
from __future__ import annotations

import pytest

from conftest import REPO, load_root
from defence_figures.corpus.frames import figures_frame
from defence_figures.nato import checks as fc
from defence_figures.nato import queries as q
from defence_figures.nato import table_charts as tc
from defence_figures.nato.workbook import load_tables


@pytest.fixture(scope="module")
def tables():
    return load_tables(REPO)


@pytest.fixture(scope="module")
def figures():
    return figures_frame(load_root(REPO).corpus)


@pytest.fixture(scope="module")
def said(figures):
    return q.said_counts(figures, fc.load_declarations(REPO).said_counts)


def clickable(fig):
    return [t for t in fig.data if t.customdata is not None]


def test_count_chart_said_markers_are_separate_shapes_linked_to_sentences(tables, said):
    fig = tc.guideline_count_chart(q.counts(tables.frame), said, "June 2024")
    counted, *said = clickable(fig)
    assert "markers" in counted.mode
    assert [row[0] for row in counted.customdata] == [f"count-{y}" for y in range(2014, 2025)]
    assert list(counted.y) == [3, 5, 5, 4, 6, 7, 9, 6, 7, 10, 23]  # TABLE3, columns D..N, rows 11..41
    assert [t.customdata[0][0] for t in said] == ["pc15-3-allies-2014", "pc15-18-allies-at-2pct",
                                                 "jun18-23-allies-at-2pct"]
    assert [t.y[0] for t in said] == [3, 18, 23]
    symbols = [t.marker.symbol for t in said]
    assert len(set(symbols)) == 3 and not set(symbols) & set(counted.marker.symbol)
    assert all("markers" in t.mode for t in said)
    assert counted.name == "Counted by us in NATO's June 2024 Table 3"
    assert [t.name for t in said] == ["NATO said 3, 15 Feb 2024", "NATO expected 18, 15 Feb 2024",
                                      "NATO said 23, 18 Jun 2024"]
    # estimates (2023e, 2024e) are open circles: told by shape as well as the e in the axis label
    assert list(counted.marker.symbol[-2:]) == ["circle-open", "circle-open"]
    assert list(fig.layout.xaxis.ticktext)[-2:] == ["2023e", "2024e"]


def test_count_text_names_every_year_and_every_sentence(tables, said):
    text = tc.guideline_count_text(q.counts(tables.frame), said, "June 2024")
    assert text.startswith("Allies at or above 2% of GDP, counted by us in NATO's June 2024 Table 3: ")
    assert "2014: 3, 2015: 5, 2016: 5, 2017: 4, 2018: 6, 2019: 7, 2020: 9, 2021: 6, 2022: 7, 2023e: 10, 2024e: 23." in text
    assert "NATO expected 18 for 2024 (NATO, 15 Feb 2024): “I expect 18 Allies to spend 2% of their GDP on defence this year.”" in text


def test_dumbbell_at_or_above_and_below_differ_in_shape_and_carry_cells(tables):
    tracker = q.tracker_frame(tables, 2024, 2014)
    fig = tc.dumbbell_chart(tracker)
    base, meets, below = clickable(fig)
    assert meets.marker.symbol == "diamond" and below.marker.symbol == "circle-open"
    assert meets.name == "2024e, at or above 2%" and below.name == "2024e, below 2%"
    assert len(meets.x) == 23 and len(below.x) == 8
    assert meets.customdata[0][0] == "TABLE3!N32" and meets.y[0] == "Poland *"  # highest: Poland 4.12
    assert base.customdata[0][0] == "TABLE3!D32"  # Poland 2014, 1.88
    assert all(text.endswith("✓") for text in meets.text)
    assert any(shape.x0 == 2 and shape.x1 == 2 for shape in fig.layout.shapes)  # the 2% line


def test_dumbbell_text(tables):
    text = tc.dumbbell_text(q.tracker_frame(tables, 2024, 2014))
    assert "23 of 31 Allies are at or above 2% in 2024e." in text
    assert "Poland: 1.88% in 2014, 4.12% in 2024e (at or above 2%)." in text
    assert "Spain: 0.92% in 2014, 1.28% in 2024e (below 2%)." in text  # TABLE3 D37, N37


@pytest.mark.parametrize("indicator", ["share_of_gdp", "real_change", "usd_current", "usd_constant_2015", "personnel"])
def test_series_chart_points_carry_their_cells(tables, indicator):
    rows = q.ally_rows(tables, "POL")
    series = rows[rows["indicator"] == indicator]
    fig = tc.series_chart(series, tables.indicators[indicator], "Poland")
    (trace,) = clickable(fig)
    assert [row[0] for row in trace.customdata] == list(series["cell"])
    assert trace.type == "bar" or "markers" in trace.mode
    assert trace.customdata[-1][3] == f"NATO, Defence Expenditure of NATO Countries (2014-2024), " \
                                      f"{series.iloc[-1]['table']}, Poland, 2024e (cell {series.iloc[-1]['cell']})"


def test_series_text():
    tables = load_tables(REPO)
    rows = q.ally_rows(tables, "POL")
    share = rows[rows["indicator"] == "share_of_gdp"]
    text = tc.series_text(share, tables.indicators["share_of_gdp"], "Poland")
    assert text.startswith("Poland, defence expenditure as a share of GDP (% of GDP), from NATO's Table 3: "
                           "2014: 1.88%, 2015: 2.23%")
    assert "2024e: 4.12%" in text  # TABLE3!N32


def test_empty_frames_give_a_titled_empty_chart(tables):
    empty = q.tracker_frame(tables, 1999, 2014)
    assert tc.dumbbell_chart(empty).layout.title.text == "No shares of GDP to show"
    assert tc.dumbbell_text(empty) == "No shares of GDP to show."
