"""Chart builders on the fixture corpus: annual and cumulative never share a panel, labels are escaped, every chart has words."""
from __future__ import annotations

import pytest

from conftest import FIXTURE, load_root
from defence_figures.corpus import charts
from defence_figures.corpus.frames import figure_rows

STATEMENT = "bgnes-2024-02-15-stoltenberg"


@pytest.fixture(scope="module")
def rows():
    return figure_rows(load_root(FIXTURE).corpus)


def of_document(rows, document_id):
    return [row for row in rows if row["document_id"] == document_id]


def test_money_chart_puts_annual_and_cumulative_in_separate_panels(rows):
    fig = charts.money_chart(of_document(rows, STATEMENT), charts.document_colours(rows))
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Spent in one year",
                      "Added up over several years: not comparable with one year's spending"]
    panels = {trace.xaxis: [c[0] for c in trace.customdata] for trace in fig.data}
    assert panels == {"x": ["bgnes-380-billion", "bgnes-600-billion"], "x2": ["bgnes-10-billion-contracts"]}
    assert [t.marker.pattern.shape for t in fig.data] == ["", "/"]
    assert fig.layout.barmode == "group"  # never stacked


def test_money_chart_log_scale(rows):
    fig = charts.money_chart(rows, charts.document_colours(rows), log_scale=True)
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis2.type == "log"
    assert fig.layout.xaxis.title.text == "billion US dollars (log scale)"


def test_bars_say_their_value_and_source_in_words(rows):
    fig = charts.count_chart(of_document(rows, STATEMENT), charts.document_colours(rows))
    assert list(fig.data[0].text) == ["18 Allies<br>BGNES, 2024-02-15", "31 Allies<br>BGNES, 2024-02-15"]


def test_share_chart_runs_from_0_to_100(rows):
    fig = charts.share_chart(rows, charts.document_colours(rows))
    assert list(fig.layout.xaxis.range) == [0, 165]
    assert list(fig.layout.xaxis.tickvals) == [0, 25, 50, 75, 100]


def test_document_colours_are_colour_blind_safe_and_statement_first(rows):
    colours = charts.document_colours(rows)
    assert list(colours) == [  # statement, the records by date, then the corroborating report
        "bgnes-2024-02-15-stoltenberg", "nato-2024-02-15-press-conference", "example-2024-03-01-budget-speech",
        "example-2024-03-01-press-release", "ukrinform-2024-02-15-nato-ukraine-council"]
    assert colours["bgnes-2024-02-15-stoltenberg"] == "#0072B2"
    assert len(set(colours.values())) == 5


def test_text_alternative_lists_every_bar(rows):
    part = [row for row in rows if row["figure_id"] in ("bgnes-380-billion", "pc15-600-billion-added")]
    assert charts.text_alternative(part) == (
        "What European Allies together will spend on defence in 2024: $380 billion (annual, 2024), from "
        "Stoltenberg says there is no immediate threat to NATO members, 2024-02-15. "
        "Extra money European Allies and Canada will have added for defence since 2014: more than $600 billion "
        "(cumulative, 2014/2024), from Press conference by NATO Secretary General Jens Stoltenberg following the "
        "meetings of NATO Ministers of Defence in Brussels, 2024-02-15.")


def test_image_file_names_say_what_the_chart_shows(rows):
    statement = of_document(rows, STATEMENT)
    assert charts.image_file_name("money", statement) == "defence-figures_money_bgnes-2024-02-15-stoltenberg"
    assert charts.image_file_name("money", rows) == "defence-figures_money_5-documents"


def test_chart_labels_escape_data_text(rows):
    hostile = [dict(row, label="<img src=x onerror=alert(1)>") if row["figure_id"] == "bgnes-380-billion" else row
               for row in rows]
    fig = charts.money_chart(hostile, charts.document_colours(hostile))
    labels = [y for trace in fig.data for y in trace.y]
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels
    assert not any("<img" in y for y in labels)


def test_empty_selection_says_so():
    assert charts.money_chart([], {}).layout.title.text == "No US-dollar figures match the filters"
    assert charts.count_chart([], {}).layout.title.text == "How many Allies: no figures match the filters"
    assert charts.text_alternative([]) == "No figures match the filters."


def test_a_figures_frame_records_draw_the_same_chart_as_the_rows(rows):
    from defence_figures.corpus.frames import FIGURE_COLUMNS, rows_frame
    records = rows_frame(rows, FIGURE_COLUMNS).to_dict("records")
    colours = charts.document_colours(records)
    assert charts.money_chart(records, colours).to_dict() == charts.money_chart(rows, colours).to_dict()


@pytest.mark.browser  # Plotly's exporter (kaleido) draws with the Chromium that `make test` installs
def test_a_chart_downloads_as_svg_and_png(rows):
    from defence_figures.app import internals, ui
    fig = internals.served(charts.count_chart(rows, charts.document_colours(rows)))
    svg = ui._image_maker(fig, "svg")()
    png = ui._image_maker(fig, "png")()
    assert svg.startswith(b"<svg") and b"How many Allies" in svg
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
