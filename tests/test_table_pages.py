"""AppTest for the pages on NATO's tables: they render, deep links select the Ally / year / check, an injected
chart click opens the right sentence or cell, and a broken workbook description is shown, not crashed on.

Expected numbers were read by hand off data/nato-def-exp-2024-tables.xlsx; each names its cell.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import REPO
from defence_figures.corpus.render import md_escape
from test_pages import html_of

PAGES = ["pages/tracker.py", "pages/ally.py", "pages/fact-check.py"]
POLAND_2024 = "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e (cell TABLE3!N32)"


def run_page(page: str, params: dict | None = None, root: Path | None = None, monkeypatch=None) -> AppTest:
    """Run app.py once, then the page, as a visitor who lands on the app first would."""
    if root is not None:
        monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(root))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def click(at, key: str, customdata: list) -> None:
    """What a click on a Plotly point sends back: injected as the chart's selection state (notes §3)."""
    at.session_state[key] = {"selection": {"points": [{"customdata": customdata, "point_index": 0}],
                                           "point_indices": [0], "box": [], "lasso": []}}
    at.run()


def codes(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("page, params", [
    ("pages/tracker.py", {}), ("pages/tracker.py", {"year": "2019"}), ("pages/ally.py", {}),
    ("pages/ally.py", {"ally": "POL"}), ("pages/ally.py", {"ally": "SWE"}), ("pages/fact-check.py", {}),
    ("pages/fact-check.py", {"item": "600-billion"}),
])
def test_each_page_renders_without_exceptions_or_errors(page, params):
    at = run_page(page, params)
    assert at.title[0].value == {"pages/tracker.py": "2% tracker", "pages/ally.py": "Ally view",
                                 "pages/fact-check.py": "Fact check: the figures against NATO's tables"}[page]
    assert not at.exception
    assert not at.error
    assert not at.warning


# --- 2% tracker ------------------------------------------------------------------------------------------


def test_tracker_headline_numbers_come_with_their_sources():
    at = run_page("pages/tracker.py")
    page = html_of(at)
    # our counts, TABLE3 D11:D41 (3) and N11:N41 (23); NATO's said counts beside them
    assert '<div class="df-stat-value">3</div><div class="df-stat-label">Allies at or above 2% in 2014</div>' in page
    assert "our count in NATO&#x27;s Table 3 (TABLE3!N11:N41)" in page
    assert '<div class="df-stat-value">18</div><div class="df-stat-label">NATO expected for 2024, 15 Feb 2024' in page
    assert '<div class="df-stat-value">23</div><div class="df-stat-label">NATO said for 2024, 18 Jun 2024' in page
    assert at.segmented_control(key="year").value == "2024"


def test_tracker_year_from_the_url_selects_the_view():
    at = run_page("pages/tracker.py", {"year": "2019"})
    assert at.segmented_control(key="year").value == "2019"
    table = at.dataframe(key="tracker_table").value
    assert list(table.columns[2:4]) == ["base_shown", "shown"]
    first = table.iloc[0]
    assert (first["ally"], first["shown"], first["cell"]) == ("United States", "3.47%", "TABLE3!I41")  # I41 3.4716


def test_tracker_unknown_year_is_named_and_dropped():
    at = run_page("pages/tracker.py", {"year": "1066"})
    assert at.segmented_control(key="year").value == "2024"
    assert at.warning[0].value.startswith("The link asked for “1066” under “year”")


def test_tracker_figure_in_the_url_opens_the_said_sentence():
    at = run_page("pages/tracker.py", {"figure": "pc15-18-allies-at-2pct"})
    page = html_of(at)
    assert 'class="df-panel" data-figure="pc15-18-allies-at-2pct"' in page
    assert 'I expect <strong>18</strong> Allies' in page or "<strong>18 Allies</strong>" in page


def test_clicking_a_said_marker_opens_its_sentence():
    at = run_page("pages/tracker.py")
    click(at, "count_chart", ["jun18-23-allies-at-2pct", "quote", "title"])
    assert at.query_params["figure"] == "jun18-23-allies-at-2pct"
    page = html_of(at)
    assert 'data-figure="jun18-23-allies-at-2pct"' in page
    assert "<strong>23</strong> Allies will invest at least 2% of GDP" in page


def test_clicking_a_counted_point_lists_the_allies_with_their_cells():
    at = run_page("pages/tracker.py")
    click(at, "count_chart", ["count-2023", "2023e", "TABLE3!M11:M41"])
    assert at.query_params["count"] == "2023"
    assert '<div class="df-card-value">10 of 31 Allies</div>' in html_of(at)  # TABLE3 M11:M41, 10 at or above 2.00
    listed = at.dataframe(key="count_table_2023").value
    assert listed.iloc[0]["cell"] == "TABLE3!M32" and listed.iloc[0]["shown"] == "3.26%"  # Poland 2023e, highest


def test_clicking_a_dumbbell_point_opens_its_cell():
    at = run_page("pages/tracker.py")
    click(at, "dumbbell_chart", ["TABLE3!N32", "4.12%", POLAND_2024])
    assert at.query_params["cell"] == "TABLE3!N32"
    assert 'class="df-panel" data-cell="TABLE3!N32"><div class="df-card-value">4.12%</div>' in html_of(at)
    assert POLAND_2024 in codes(at)


def test_clicking_a_tracker_row_opens_its_cell():
    at = run_page("pages/tracker.py")
    at.session_state["tracker_table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert at.query_params["cell"] == "TABLE3!N41"  # third highest in 2024e: United States, 3.38
    assert "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, United States, 2024e (cell TABLE3!N41)" \
        in codes(at)


def test_a_cell_that_names_nothing_is_not_found():
    at = run_page("pages/tracker.py", {"cell": "TABLE3!Z99"})
    assert at.warning[0].value == "No table cell called “TABLE3\\!Z99”. The link may be old or mistyped."
    assert any(link.label == "Back to the 2% tracker" for link in at.get("page_link"))


# --- Ally view -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["POL", "pol"])
def test_ally_from_the_url(code):
    at = run_page("pages/ally.py", {"ally": code})
    assert at.selectbox(key="ally").value == "POL"
    page = html_of(at)
    assert "<h2" in page and "Poland" in page
    assert '<div class="df-stat-value">4.12%</div>' in page  # TABLE3!N32
    assert "Table 3, TABLE3!N32 · 2014: 1.88% (TABLE3!D32)" in page
    assert '<div class="df-stat-value">$26.8 billion</div>' in page  # TABLE2!N66 26838.5 million
    assert '<div class="df-stat-value">216.1 thousand</div>' in page  # TABLE7!O44 216.081
    table = at.dataframe(key="ally_table").value
    assert len(table) == 55 and table.iloc[10]["citation"] == POLAND_2024


def test_an_unknown_ally_gets_not_found_with_a_link_to_the_tracker():
    at = run_page("pages/ally.py", {"ally": "<b>XX</b>"})
    assert not at.exception
    assert at.warning[0].value == "No Ally called “&lt;b&gt;XX&lt;/b&gt;”. The link may be old or mistyped."
    assert any(link.label == "See every Ally on the 2% tracker" for link in at.get("page_link"))
    assert at.selectbox(key="ally").value is None


def test_clicking_an_ally_point_opens_its_cell():
    at = run_page("pages/ally.py", {"ally": "POL"})
    click(at, "series_usd_constant_2015", ["TABLE2!D66", "$8,557 million", "2014", "citation"])
    assert at.query_params["cell"] == "TABLE2!D66"
    assert "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 2, Poland, 2014 (cell TABLE2!D66)" in codes(at)
    assert '<div class="df-card-value">$8,557 million</div>' in html_of(at)  # TABLE2!D66 8557.x


def test_ally_cell_deep_link():
    at = run_page("pages/ally.py", {"ally": "SWE", "cell": "TABLE3!N38"})
    assert at.selectbox(key="ally").value == "SWE"
    assert '<div class="df-card-value">2.14%</div>' in html_of(at)  # TABLE3!N38 2.1432
    assert "Sweden became an Ally in 2024" in " ".join(c.value for c in at.caption)


# --- Fact check ------------------------------------------------------------------------------------------


def test_fact_check_shows_every_check_with_its_numbers():
    at = run_page("pages/fact-check.py")
    page = html_of(at)
    for item in ("allies-at-2pct-2024", "european-share-2024", "europe-380-billion", "600-billion", "real-rise-2023"):
        assert f'data-item="{item}"' in page
    for shown in ("23 of 31 Allies", "2.02%", "$476.2 billion", "$405.6 billion", "$643.3 billion", "$460.3 billion",
                  "+9.26%"):
        assert f'<div class="df-evidence-value">{shown}</div>' in page


def test_fact_check_item_from_the_url():
    at = run_page("pages/fact-check.py", {"item": "europe-380-billion"})
    assert at.selectbox(key="item").value == "europe-380-billion"
    page = html_of(at)
    assert page.count('data-item="') == 1
    assert "<p><b>Why they differ, or agree:</b> NATO did not say which prices the 380 billion is in. Our " \
           "inference: it is closer to the series at constant 2015 prices ($405.6 billion" in page
    # The sentence, then each number read from one cell; the derived ones list their cells in an expander
    assert at.pills(key="europe-380-billion-sources").options == [
        "The sentence", "Cell TABLE2!N42", "Cell TABLE2!N14", "Cell TABLE2!N76", "Cell TABLE2!N48"]


def test_fact_check_unknown_item_is_not_found():
    at = run_page("pages/fact-check.py", {"item": "no-such-check"})
    assert at.warning[0].value == "No check called “no\\-such\\-check”. The link may be old or mistyped."
    assert at.selectbox(key="item").value is None


def test_fact_check_buttons_open_the_sentence_and_the_cell():
    at = run_page("pages/fact-check.py", {"item": "real-rise-2023"})
    sources = at.pills(key="real-rise-2023-sources")
    assert sources.options == ["The sentence", "Cell TABLE3!M76"]  # AppTest drops the icons
    sources.set_value("news14-11-percent-rise").run()
    assert at.query_params["figure"] == "news14-11-percent-rise"
    assert 'data-figure="news14-11-percent-rise"' in html_of(at)
    assert at.pills(key="real-rise-2023-sources").value is None  # an action, not a lasting choice
    at.pills(key="real-rise-2023-sources").set_value("TABLE3!M76").run()
    assert at.query_params["cell"] == "TABLE3!M76"
    assert "figure" not in at.query_params
    assert "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, NATO Europe and Canada, 2023e " \
           "(cell TABLE3!M76)" in codes(at)


# --- A broken workbook description -----------------------------------------------------------------------


def _break_table3(root: Path) -> None:
    # The copy needs the declared fact checks too; conftest's corpus_copy may leave curated/checks/ out.
    shutil.copytree(REPO / "curated" / "checks", root / "curated" / "checks", dirs_exist_ok=True)
    path = root / "curated" / "workbooks" / "nato-def-exp-2024.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Table 3 : Defence expenditure as a share of GDP and annual real change"',
                                 'title: "Table 3 : Defence spending as a share of GDP"'), encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_table_shows_its_problems_and_keeps_serving_the_corpus(page, corpus_copy, monkeypatch):
    _break_table3(corpus_copy)
    at = run_page(page, root=corpus_copy, monkeypatch=monkeypatch)
    assert not at.exception
    assert at.error[0].value.startswith("**1 problem in NATO's tables.** 2 indicators are withheld until fixed "
                                        "\\(share\\_of\\_gdp, real\\_change\\)")
    problems = codes(at)[0].splitlines()
    assert problems == ["curated/workbooks/nato-def-exp-2024.yaml:109:12: sheet 'TABLE3': TABLE3!B4 of "
                        "data/nato-def-exp-2024-tables.xlsx reads \"Table 3 : Defence expenditure as a share of GDP "
                        "and annual real change\", but this description expects \"Table 3 : Defence spending as a "
                        "share of GDP\"; check that the workbook is the edition described, then correct 'title'"]


def test_a_broken_table_3_still_opens_what_nato_said(corpus_copy, monkeypatch):
    _break_table3(corpus_copy)
    at = run_page("pages/tracker.py", {"figure": "jun18-23-allies-at-2pct"}, corpus_copy, monkeypatch)
    assert at.warning[0].value.startswith("NATO's Table 3 (share of GDP) is withheld")
    assert 'data-figure="jun18-23-allies-at-2pct"' in html_of(at)


def test_a_broken_table_3_leaves_the_table_2_checks(corpus_copy, monkeypatch):
    _break_table3(corpus_copy)
    at = run_page("pages/fact-check.py", root=corpus_copy, monkeypatch=monkeypatch)
    page = html_of(at)
    assert 'data-item="europe-380-billion"' in page and 'data-item="600-billion"' in page
    assert 'data-item="allies-at-2pct-2024"' not in page
    assert at.warning[0].value == md_escape("18 Allies at 2% in 2024: NATO's table for share_of_gdp is withheld "
                                            "(see the problems above).")
    ally = run_page("pages/ally.py", {"ally": "POL"}, corpus_copy, monkeypatch)
    assert not ally.exception
    assert set(ally.dataframe(key="ally_table").value["cell"].str[:6]) == {"TABLE2", "TABLE7"}


def test_fact_check_expanders_build_their_content_when_opened():
    at = run_page("pages/fact-check.py", {"item": "allies-at-2pct-2024"})
    assert [e.label for e in at.expander][-3:] == [
        "The cells used: 31 for 23 of 31 Allies (TABLE3!N11:N41)", "NATO's own words (3)", "Which Allies"]
    assert not any(b.key == "allies-at-2pct-2024-rec0" for b in at.button)
    at.session_state["allies-at-2pct-2024-words"] = True
    at.session_state["allies-at-2pct-2024-cells"] = True
    at.run()
    assert [b.label for b in at.button if b.key.startswith("allies-at-2pct-2024-rec")] == ["Show this sentence"] * 3
    assert codes(at)[0].startswith("NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Albania, 2024e")
    at.button(key="allies-at-2pct-2024-rec0").click().run()
    assert at.query_params["figure"] == "pc15-18-allies-at-2pct"  # NATO's own transcript of 15 February
    assert 'data-figure="pc15-18-allies-at-2pct"' in html_of(at)


def test_tracker_counts_download_is_built_when_opened():
    at = run_page("pages/tracker.py")
    assert not any(b.key == "counts-csv" for b in at.get("download_button"))
    at.session_state["counts-downloads"] = True
    at.run()
    assert [b.label for b in at.get("download_button") if b.key.startswith("counts-")] == ["Download CSV", "Download JSON"]


def test_the_words_name_the_edition_and_counts_read_from_the_data():
    at = run_page("pages/tracker.py")
    assert at.caption[0].value.startswith("Which Allies spend at least 2% of GDP on defence, in NATO's own tables of "
                                          "June 2024 (Table 3)")  # the workbook's date_published, 2024-06-17
    assert [s.value for s in at.header] == ["Why 18 in February and 23 in June?", "Every Ally against the 2% line"]
    assert any(e.label == "New here? What “2% of GDP” means, and why February and June disagree" for e in at.expander)
    words = " ".join(m.value for m in at.markdown)
    assert "The columns headed 2023e and 2024e are estimates" in words
    assert ("In February 2024 NATO expected 18 Allies at 2% for 2024; its June 2024 tables count 23 for the same "
            "year. Newer numbers, not a mistake.") in words
    assert "NATO itself said 23 in June and July" in words
    checked = run_page("pages/fact-check.py", {"item": "real-rise-2023"})
    assert checked.caption[0].value.startswith("The statement's figures, and NATO's own later sentences about the same "
                                               "years: each figure NATO's June 2024 tables can check")
    assert "an estimate revised between February and June" in checked.caption[0].value
    assert '<div class="df-stat-label">NATO’s June 2024 tables</div>' in html_of(checked)
