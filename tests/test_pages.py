"""AppTest for every page, on the fixture corpus: renders, deep links seed the view, a chart click opens its sentence, bad data is contained."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import FIXTURE, REPO

PAGES = ["pages/overview.py", "pages/figures.py", "pages/compare.py", "pages/sources.py", "pages/present.py"]


def run_page(page: str, params: dict | None = None, root: Path | None = None, monkeypatch=None) -> AppTest:
    if root is not None:
        monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(root))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(autouse=True)
def fixture_root(monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(FIXTURE))


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exceptions_or_errors(page):
    at = run_page(page)
    assert not at.exception
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_real_corpus(page, monkeypatch):
    monkeypatch.delenv("DEFENCE_FIGURES_ROOT")
    at = run_page(page)
    assert not at.exception
    assert not at.error


def test_overview_shows_a_card_per_statement_figure():
    at = run_page("pages/overview.py")
    cards = [h.value for h in at.html if 'class="df-card"' in h.value]
    assert len(cards) == 10
    assert any('<span class="df-qualifier">more than</span><br>$600 billion' in c for c in cards)
    assert [b.label for b in at.button][:2] == ["Show the sentence", "Show the sentence"]
    # Short enough to fit a quarter of a 1280-pixel screen without being cut off
    assert [link.label for link in at.get("page_link")] == [
        "The report beside NATO's record", "Chart and download every figure", "Present these figures one by one",
        "Check them against NATO's tables"]


def test_overview_card_button_opens_the_sentence():
    at = run_page("pages/overview.py")
    at.button(key="card-bgnes-380-billion").click().run()
    assert at.query_params["figure"] == "bgnes-380-billion"
    panel = html_of(at)
    assert 'data-figure="bgnes-380-billion"' in panel
    assert "<strong>$380 billion</strong>" in panel


def test_overview_deep_link_opens_the_dialog_with_the_highlighted_sentence():
    at = run_page("pages/overview.py", {"figure": "bgnes-600-billion"})
    panel = html_of(at)
    assert ('<mark class="df-quote df-selected" data-figures="quote">By the end of 2024, the European allies and '
            'Canada will spend more than <strong>$600 billion</strong> on defence.</mark>') in panel
    assert "NATO said European Allies and Canada" in panel  # the record beside it


def test_unknown_figure_in_the_url_gets_a_friendly_not_found():
    at = run_page("pages/overview.py", {"figure": "no-such-figure"})
    assert not at.exception
    assert at.warning[0].value == "No figure called “no\\-such\\-figure”. The link may be old or mistyped."
    assert any(link.label == "See all figures" for link in at.get("page_link"))


def filter_labels(at: AppTest) -> list[str]:
    return [p.proto.popover.label for p in at.get("popover")]


def test_figures_filters_are_seeded_from_the_url():
    at = run_page("pages/figures.py", {"doc": "bgnes-2024-02-15-stoltenberg", "unit": "usd_billion"})
    assert filter_labels(at) == ["Documents\\: BGNES, 2024\\-02\\-15", "Topic\\: all", "Unit\\: billion US dollars",
                                 "Kind\\: all"]
    assert at.caption[0].value.startswith("3 of 29 figures.")
    at.session_state["unit-filter"] = True  # open the Unit filter: its choices are built only then
    at.run()
    assert at.pills(key="unit").value == ["usd_billion"]
    assert at.pills(key="unit").options[:3] == ["billion US dollars", "% of GDP", "%"]


def test_a_filter_choice_goes_to_the_address_bar_and_stays_when_the_filter_closes():
    at = run_page("pages/figures.py")
    at.session_state["unit-filter"] = True
    at.run()
    at.pills(key="unit").set_value(["allies"]).run()
    assert at.query_params["unit"] == "allies"
    # counted by hand in the fixture: bgnes 2, pc15 3, ukrinform 1, the press release 1
    assert at.caption[0].value.startswith("7 of 29 figures.")
    at.session_state["unit-filter"] = False
    at.run()
    assert filter_labels(at)[2] == "Unit\\: Allies"
    assert at.caption[0].value.startswith("7 of 29 figures.")


def test_figures_log_scale_and_kind_from_the_url():
    at = run_page("pages/figures.py", {"log": "true", "kind": "target"})
    assert at.toggle(key="log").value is True
    # targets, counted by hand in the fixture: bgnes 1, pc15 1, the press release 1
    assert at.caption[0].value.startswith("3 of 29 figures.")


def test_an_unknown_filter_value_in_the_url_is_named_and_dropped():
    at = run_page("pages/figures.py", {"topic": ["defence-spending", "<b>bold</b>"]})
    assert filter_labels(at)[1] == "Topic\\: Defence spending"
    assert at.warning[0].value == ("The link asked for “&lt;b&gt;bold&lt;/b&gt;” under “topic”, "
                                   "which is not one of the choices; it was left out.")


def test_a_chart_selection_opens_the_right_sentence():
    at = run_page("pages/figures.py", {"doc": "bgnes-2024-02-15-stoltenberg"})
    at.session_state["money_chart"] = {"selection": {
        "points": [{"customdata": ["bgnes-10-billion-contracts", "", "2023/2024", "cumulative"], "point_index": 0}],
        "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert at.query_params["figure"] == "bgnes-10-billion-contracts"
    assert "NATO has signed <strong>ten billion dollars</strong> worth of contracts" in html_of(at)


def test_other_figures_are_cards_whose_buttons_open_their_sentence():
    at = run_page("pages/figures.py", {"doc": "bgnes-2024-02-15-stoltenberg", "chart": "Other figures"})
    page = html_of(at)
    assert page.count('<div class="df-card" data-figure="') == 2
    assert '<div class="df-card" data-figure="bgnes-90000-troops"><span class="df-chip df-card-number" title="Card 1">1</span>' in page
    buttons = at.pills(key="other_figures")
    assert buttons.options == ["1 · approximately 90,000 troops", "2 · 1 million drones"]
    buttons.set_value("bgnes-one-million-drones").run()
    assert at.query_params["figure"] == "bgnes-one-million-drones"
    assert "<strong>one million</strong> drones" in html_of(at)
    assert at.pills(key="other_figures").value is None  # so the same card can be opened again


def test_a_table_row_selection_opens_the_right_sentence():
    at = run_page("pages/figures.py", {"doc": "ukrinform-2024-02-15-nato-ukraine-council", "view": "Table"})
    at.session_state["figure_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert at.query_params["figure"] == "ukr-20-allies-demining"
    assert "<strong>20</strong> NATO Allies have also agreed to form a demining coalition." in html_of(at)


def test_sources_highlights_every_figure_and_marks_the_selected_one():
    at = run_page("pages/sources.py", {"doc": "nato-2024-02-15-press-conference", "figure": "pc15-600-billion-added"})
    page = html_of(at)
    assert page.count('<sup class="df-chip') == 10
    assert '<span id="fig-pc15-600-billion-added" class="df-anchor"></span>' in page
    assert '<sup class="df-chip df-selected">7 more than $600 billion</sup>' in page
    assert at.warning[0].value.startswith("**Excerpt**: only part of the document could be recovered.")


def test_sources_with_only_a_figure_opens_its_document():
    at = run_page("pages/sources.py", {"figure": "example-250-drones"})
    assert at.selectbox(key="source_doc").value == "example-2024-03-01-press-release"


def test_statement_vs_record_counts_faithful_figures():
    at = run_page("pages/compare.py")
    assert "<b>7 of 10</b> figures were reported with NATO’s meaning" in html_of(at)


def test_statement_vs_record_filter_from_the_url():
    at = run_page("pages/compare.py", {"verdict": "meaning_differs"})
    shown = [h.value for h in at.html if 'id="cmp-' in h.value]
    assert [s.split('id="cmp-')[1].split('"')[0] for s in shown] == [
        "bgnes-600-billion", "bgnes-10-billion-contracts", "bgnes-one-million-drones", "bgnes-immediate-vs-imminent"]


def test_present_opens_the_slide_in_the_url_and_moves_on():
    at = run_page("pages/present.py", {"slide": "bgnes-380-billion"})
    slide = html_of(at)
    assert '<div class="df-slide-count">3 / 10' in slide
    assert '<div class="df-slide-value">$380 billion</div>' in slide
    at.button(key="next").click().run()
    assert at.query_params["slide"] == "bgnes-2pct-of-european-gdp"
    assert '<div class="df-slide-count">4 / 10' in html_of(at)
    at.button(key="prev").click().run()
    assert at.query_params["slide"] == "bgnes-380-billion"


def test_present_first_slide_has_no_previous():
    at = run_page("pages/present.py")
    assert at.button(key="prev").disabled
    assert at.query_params["slide"] == "bgnes-18-allies-at-2pct"


def test_present_unknown_slide_is_not_found():
    at = run_page("pages/present.py", {"slide": "x" * 500})
    assert at.warning[0].value.startswith("No slide called “" + "x" * 80 + "…”.")


def _break(root: Path) -> None:
    path = root / "curated" / "nato-2024-02-15-press-conference.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    value: 380\n", "    value: 381\n"), encoding="utf-8")
    path = root / "curated" / "ukrinform-2024-02-15-nato-ukraine-council.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("schema_version: 1\n", "schema_version: 1\n  bad: [\n"),
                    encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_corpus_shows_the_error_panel_and_keeps_the_valid_documents(page, fixture_copy, monkeypatch):
    _break(fixture_copy)
    at = run_page(page, root=fixture_copy, monkeypatch=monkeypatch)
    assert not at.exception
    # 381 breaks pc15-380-billion and the statement's figure reporting it; the unparsable Ukrinform file
    # takes its document and the two statement figures reporting its figures.
    assert at.error[0].value.startswith("**5 problems in the curated files.** 4 figures and 1 document are withheld")
    problems = at.code[0].value.splitlines()
    assert problems[0].startswith("curated/nato-2024-02-15-press-conference.yaml:")
    assert "value 381 (billion US dollars) disagrees with the quote" in problems[0]


def test_a_broken_corpus_still_serves_every_valid_document(fixture_copy, monkeypatch):
    _break(fixture_copy)
    at = run_page("pages/sources.py", root=fixture_copy, monkeypatch=monkeypatch)
    assert at.selectbox(key="source_doc").options == [
        "BGNES, 2024-02-15: Stoltenberg says there is no immediate threat to NATO members",
        "NATO, 2024-02-15: Press conference by NATO Secretary General Jens Stoltenberg following the meetings of NATO Ministers of Defence in Brussels",
        "Example Ministry of Defence, 2024-03-01 (budget speech): Budget speech of the Example Minister of Defence",
        "Example Ministry of Defence, 2024-03-01 (press release): Press release of the Example Ministry of Defence",
    ]


def test_html_in_a_quote_is_shown_as_text(fixture_copy, monkeypatch):
    text = fixture_copy / "data" / "sources" / "hostile.txt"
    text.write_text("Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> cost 5 billion dollars.\n",
                    encoding="utf-8")
    import hashlib
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    (fixture_copy / "curated" / "hostile.yaml").write_text(f'''schema_version: 1
document:
  id: hostile
  role: primary
  title: "<b>Bold</b> title"
  producer: "Test"
  date_published: "2024-01-01"
  url_main: null
  completeness: complete
  text: hostile.txt
  sha256: {digest}
  citation_full: "Test."
figures:
  - id: hostile-5-billion
    label: "<i>label</i>"
    value: 5
    unit: usd_billion
    qualifier: exact
    period: "2024"
    scope: "x"
    kind: actual
    basis: annual
    topic: defence-spending
    quote: "Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> cost 5 billion dollars."
''', encoding="utf-8")
    at = run_page("pages/sources.py", {"doc": "hostile", "figure": "hostile-5-billion"}, fixture_copy, monkeypatch)
    page = html_of(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page


def test_sources_says_every_number_of_the_statement_is_curated():
    at = run_page("pages/sources.py", {"doc": "bgnes-2024-02-15-stoltenberg"})
    assert at.success[0].value == "Every number in this text is curated, apart from years and dates."


def test_sources_lists_the_numbers_not_curated_yet():
    at = run_page("pages/sources.py", {"doc": "example-2024-03-01-budget-speech"})
    assert at.warning[0].value == "1 number in this text has no curated figure yet, so no chart shows it."
    gaps = at.dataframe[1].value  # after the list of curated figures
    assert list(gaps["Number"]) == ["1.9%"]  # left uncurated in the fixture on purpose
    assert list(gaps["Line"]) == [5]




def test_a_large_corpus_draws_the_first_bars_and_says_so(tmp_path, monkeypatch):
    import sys
    sys.path.insert(0, str(REPO))
    from bench.synthetic import write_corpus

    root = write_corpus(tmp_path, 200)  # every fifth template is troops; two in five are money
    at = run_page("pages/figures.py", root=root, monkeypatch=monkeypatch)
    assert not at.exception
    assert ("This chart draws the first 60 of 80 figures: narrow the filters to see others, or open the Table tab, "
            "which lists them all.") in [c.value for c in at.caption]
    at = run_page("pages/figures.py", {"chart": "Other figures"}, root=root, monkeypatch=monkeypatch)
    assert "24 of 40 shown; the Table tab lists them all." in [c.value for c in at.caption]
    assert len(at.pills(key="other_figures").options) == 24


def test_sources_a_row_of_the_figure_list_opens_its_sentence():
    at = run_page("pages/sources.py", {"doc": "bgnes-2024-02-15-stoltenberg"})
    listing = at.dataframe(key="figures-in-bgnes-2024-02-15-stoltenberg").value
    assert list(listing["number"]) == list(range(1, 11))
    assert list(listing["display_value"][:3]) == ["18 Allies", "2% of GDP", "$380 billion"]
    at.session_state["figures-in-bgnes-2024-02-15-stoltenberg"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert at.query_params["figure"] == "bgnes-380-billion"
    page = html_of(at)
    assert '<sup class="df-chip df-selected">3 $380 billion</sup>' in page
    assert "In 2024, NATO&#x27;s European allies will invest a total of <strong>$380 billion</strong> in defence." in page


def test_one_chart_at_a_time_each_with_its_own_link():
    at = run_page("pages/figures.py", {"doc": "bgnes-2024-02-15-stoltenberg"})
    assert [t.label for t in at.tabs] == ["Charts", "Money", "Allies", "Shares", "Other figures", "Table"]
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and charts[0].proto.alt.startswith("What European Allies together will spend")
    at = run_page("pages/figures.py", {"doc": "bgnes-2024-02-15-stoltenberg", "chart": "Shares"})
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and charts[0].proto.alt.startswith("NATO's guideline: the share of GDP each Ally")


def test_a_chart_in_words_and_its_image_buttons_are_built_when_opened():
    at = run_page("pages/figures.py", {"doc": "bgnes-2024-02-15-stoltenberg"})
    assert [e.label for e in at.expander] == ["This chart in words, each point as a button, and as an image"]  # the open chart's only
    assert [b.label for b in at.get("download_button")] == []
    at.session_state["money_chart-words"] = True
    at.run()
    assert [b.label for b in at.get("download_button")] == ["Chart as PNG", "Chart as SVG"]
    assert at.markdown[0].value.startswith(  # escaped for Markdown: data text is never markup
        "What European Allies together will spend on defence in 2024\\: \\$380 billion \\(annual, 2024\\), from ")
