"""AppTest for the claims pages (Coverage, Outcomes), the Overview's outcome lines and the claims' Present decks.

They need the real claims and the documents they name, so they run on a copy of exactly the documents
below (curated file and text), curated/claims/, the workbook and the checks: a document a curator adds
later is left out of the copy and changes none of the values written here.
"""
from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import FIXTURE, REPO

# The fifteen texts of issue 12: BGNES and NATO's records, the four February 2024 outlets, the 2025 outcome and its reports.
CLAIMS_DOCUMENTS = (
    "bgnes-2024-02-15-stoltenberg", "nato-2024-02-14-news-story", "nato-2024-02-14-pre-ministerial",
    "nato-2024-02-15-press-conference", "nato-2024-06-18-blinken-meeting-news", "nato-2024-07-10-summit-press-conference",
    "ukrinform-2024-02-15-nato-ukraine-council", "dod-news-2024-02-14-ministers-to-discuss",
    "hurriyet-2024-02-15-18-nato-states", "kyivindependent-2024-02-14-18-of-31", "novinite-2024-02-14-stoltenberg-trump",
    "nato-2025-04-24-sg-annual-report-2024", "anews-2025-04-24-sg-annual-report",
    "devdiscourse-2025-04-24-rutte-quantum-leap", "babel-2025-06-18-rutte-g7",
)
BGNES, DOD, KYIV, NOVINITE, HURRIYET = ("bgnes-2024-02-15-stoltenberg", "dod-news-2024-02-14-ministers-to-discuss",
                                        "kyivindependent-2024-02-14-18-of-31", "novinite-2024-02-14-stoltenberg-trump",
                                        "hurriyet-2024-02-15-18-nato-states")


def copy_claims_root(root: Path) -> Path:
    """CLAIMS_DOCUMENTS with their texts, curated/claims/, the workbooks, their descriptions and the checks."""
    (root / "curated").mkdir(parents=True)
    (root / "data" / "sources").mkdir(parents=True)
    for document_id in CLAIMS_DOCUMENTS:
        shutil.copy2(REPO / "curated" / f"{document_id}.yaml", root / "curated")
        shutil.copy2(REPO / "data" / "sources" / f"{document_id}.txt", root / "data" / "sources")
    for folder in ("claims", "workbooks", "checks"):
        shutil.copytree(REPO / "curated" / folder, root / "curated" / folder)
    for workbook in (REPO / "data").glob("*.xlsx"):
        shutil.copy2(workbook, root / "data" / workbook.name)
    return root


@pytest.fixture(scope="module")
def claims_root(tmp_path_factory) -> Path:
    return copy_claims_root(tmp_path_factory.mktemp("claims") / "root")


@pytest.fixture(autouse=True)
def in_claims_root(claims_root, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(claims_root))


def run_page(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def text_of(at: AppTest) -> str:
    """What a reader sees in the page's HTML blocks: tags dropped, entities and spaces as one."""
    import html

    plain = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html_of(at), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(plain))


def cell_statuses(at: AppTest) -> dict[str, dict[str, str]]:
    """outlet -> claim -> status, read from the grid's buttons (key cov-<status>--<outlet>--<claim>)."""
    grid: dict[str, dict[str, str]] = {}
    for button in at.button:
        if button.key and button.key.startswith("cov-"):
            status, outlet, claim = button.key.removeprefix("cov-").split("--")
            grid.setdefault(outlet, {})[claim] = status
    return grid


# ---------------------------------------------------------------------------
# Coverage


def test_coverage_renders_every_outlet_and_claim_without_errors():
    at = run_page("pages/coverage.py")
    assert not at.exception
    assert at.title[0].value == "Who reported what"
    labels = [b.label for b in at.button]
    assert labels[:8] == ["18 Allies at 2%", "\\$380 billion", "Europe at 2% of GDP", "\\$600 billion added",
                          "11% rise in 2023", "3 Allies in 2014", "\\$10 billion contracts", "90,000 forces"]
    # Outlets down: the statement (BGNES) first, then the four February 2024 outlets by date and id.
    assert [b.label for b in at.button if b.key and b.key.startswith("outlet-")] == [
        "BGNES", "DOD News", "The Kyiv Independent", "Novinite", "Hurriyet Daily News"]


def test_each_outlets_verdicts_in_the_grid():
    grid = cell_statuses(run_page("pages/coverage.py"))
    assert grid[NOVINITE] == {
        "eighteen-allies-at-2pct": "reworded", "europe-380-billion": "not_in_excerpt",
        "europe-2pct-of-combined-gdp": "not_in_excerpt", "six-hundred-billion-added": "number_missing",
        "eleven-percent-rise-2023": "meaning_differs", "three-allies-in-2014": "reworded",
        "ten-billion-contracts": "number_missing", "ninety-thousand-forces": "not_in_excerpt"}
    assert grid[BGNES] == {
        "eighteen-allies-at-2pct": "faithful", "europe-380-billion": "reworded",
        "europe-2pct-of-combined-gdp": "reworded", "six-hundred-billion-added": "meaning_differs",
        "eleven-percent-rise-2023": "not_reported", "three-allies-in-2014": "not_reported",
        "ten-billion-contracts": "reworded", "ninety-thousand-forces": "reworded"}
    assert grid[DOD] == {
        "eighteen-allies-at-2pct": "faithful", "europe-380-billion": "not_in_excerpt",
        "europe-2pct-of-combined-gdp": "meaning_differs", "six-hundred-billion-added": "faithful",
        "eleven-percent-rise-2023": "reworded", "three-allies-in-2014": "not_in_excerpt",
        "ten-billion-contracts": "not_in_excerpt", "ninety-thousand-forces": "not_in_excerpt"}
    assert grid[KYIV] == {
        "eighteen-allies-at-2pct": "reworded", "europe-380-billion": "reworded",
        "europe-2pct-of-combined-gdp": "not_reported", "six-hundred-billion-added": "not_reported",
        "eleven-percent-rise-2023": "not_reported", "three-allies-in-2014": "not_reported",
        "ten-billion-contracts": "not_reported", "ninety-thousand-forces": "not_reported"}
    assert grid[HURRIYET] == {
        "eighteen-allies-at-2pct": "reworded", "europe-380-billion": "not_reported",
        "europe-2pct-of-combined-gdp": "not_reported", "six-hundred-billion-added": "reworded",
        "eleven-percent-rise-2023": "reworded", "three-allies-in-2014": "faithful",
        "ten-billion-contracts": "not_reported", "ninety-thousand-forces": "not_reported"}


def test_each_row_and_each_column_sums_up():
    at = run_page("pages/coverage.py")
    shown = text_of(at)
    # Outlets down, in the grid's order: BGNES, DOD News, The Kyiv Independent, Novinite, Hurriyet Daily News.
    assert re.findall(r"\d+ of \d+ faithful[^<]*", html_of(at)) == [
        "1 of 6 faithful (4 reworded, 1 meaning differs)", "2 of 4 faithful (1 reworded, 1 meaning differs)",
        "0 of 2 faithful (2 reworded)", "0 of 5 faithful (2 reworded, 1 meaning differs, 2 number lost)",
        "1 of 4 faithful (3 reworded)"]
    assert "0 of 5 faithful (2 reworded, 1 meaning differs, 2 number lost)" in shown  # Novinite
    captions = [c.value for c in at.caption]
    sums = captions[captions.index("Each claim, all outlets") + 1:][:8]
    assert sums == [
        "carried by 5 of 5 outlets, 2 faithfully",  # 18 Allies at 2%: BGNES and DOD News word for word
        "carried by 2 of 5 outlets, 0 faithfully", "carried by 2 of 5 outlets, 0 faithfully",
        "carried by 4 of 5 outlets, 1 faithfully", "carried by 3 of 5 outlets, 0 faithfully",
        "carried by 2 of 5 outlets, 1 faithfully",
        "carried by 2 of 5 outlets, 0 faithfully",  # $10 billion: BGNES reworded, Novinite lost it
        "carried by 1 of 5 outlets, 0 faithfully"]


def test_the_documents_marks_are_on_screen():
    shown = text_of(run_page("pages/coverage.py"))
    assert "title supplied by us" in shown  # Novinite's stored copy has no headline
    assert "date inferred" in shown  # Hurriyet Daily News prints no date
    assert "excerpt" in shown


def test_clicking_a_cell_opens_the_two_sentences_with_the_lost_number():
    at = run_page("pages/coverage.py")
    at.button(key=f"cov-number_missing--{NOVINITE}--six-hundred-billion-added").click().run()
    assert at.query_params["cell"] == f"{NOVINITE},six-hundred-billion-added"
    panel = html_of(at)
    assert f'data-cell="{NOVINITE},six-hundred-billion-added"' in panel
    assert "“over 0 billion” (number lost)" in text_of(at)
    # The outlet's sentence highlighted in its paragraph, the words where the number was in bold.
    assert ('<mark class="df-quote df-selected" data-figures="quote">Since 2014, NATO allies have collectively invested '
            '<strong>over 0 billion</strong> in defense') in panel
    assert '<del class="df-diff" title="not in the record">0</del>' in panel or "<del" in panel
    assert "600 billion US dollars" in text_of(at)  # NATO's sentence beside it
    links = {link.label: link.proto.query_string for link in at.get("page_link")}
    assert links["Novinite's sentence in its full text"] == (
        f"doc={NOVINITE}&figure=novinite-600-billion-missing")


def test_a_cell_link_opens_the_same_view_either_way():
    by_cell = run_page("pages/coverage.py", {"cell": f"{NOVINITE},ten-billion-contracts"})
    by_both = run_page("pages/coverage.py", {"outlet": NOVINITE, "claim": "ten-billion-contracts"})
    for at in (by_cell, by_both):
        assert not at.exception
        assert f'data-cell="{NOVINITE},ten-billion-contracts"' in html_of(at)
        assert "number lost" in text_of(at)


def test_an_outlets_link_opens_its_row():
    at = run_page("pages/coverage.py", {"outlet": HURRIYET})
    assert at.header[0].value == "Hurriyet Daily News: every claim"
    assert f'data-outlet="{HURRIYET}"' in html_of(at)
    assert at.button(key=f"outlet-{HURRIYET}").proto.type == "primary"


def test_a_claims_link_opens_its_column():
    at = run_page("pages/coverage.py", {"claim": "eighteen-allies-at-2pct"})
    assert 'data-claim="eighteen-allies-at-2pct"' in html_of(at)
    assert "“18 Allies are expected to spend at least 2% of GDP on defence in 2024.”" in text_of(at)
    assert any(link.label == "What happened next to this claim" for link in at.get("page_link"))


@pytest.mark.parametrize("params, what", [
    ({"outlet": "no-such-outlet"}, "outlet"), ({"claim": "<b>x</b>"}, "claim"),
    ({"cell": f"{NOVINITE},no-such-claim"}, "cell"), ({"cell": "x" * 300}, "cell")])
def test_unknown_ids_in_a_coverage_link_are_not_found(params, what):
    at = run_page("pages/coverage.py", params)
    assert not at.exception
    assert at.warning[0].value.startswith(f"No {what} called “")


def test_coverage_downloads_the_appearances_and_the_claims():
    at = run_page("pages/coverage.py")
    assert [d.proto.label for d in at.get("download_button")] == ["Download CSV", "Download JSON"] * 2


# ---------------------------------------------------------------------------
# Outcomes


def test_the_18_allies_outcome_shows_18_then_23_then_22():
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    assert not at.exception
    page = html_of(at)
    assert '<div class="df-chain" aria-label="18 → 23 → 22">18 → 23 → 22</div>' in page
    assert "18 Allies expected → 22 Allies reached (as reported, April 2025)" in text_of(at)
    steps = [h.value for h in at.html if 'class="df-step ' in h.value]
    said_and_after = [s for s in steps if "NATO said it again" not in s]
    values = [re.search(r'class="df-step-value">([^<]+)<', s).group(1).strip() for s in said_and_after]
    # February 2024, our count in NATO's June 2024 tables, NATO in June and July 2024, the two press reports of April 2025.
    assert values == ["18 Allies", "23 of 31 Allies", "23 Allies", "23 Allies", "22 Allies", "22 Allies"]
    assert "As reported by A News (anews.com.tr)" in said_and_after[4]
    assert "It is only as sure as that report." in said_and_after[4]
    assert "As reported by" not in said_and_after[1]  # the tables' count is NATO's own
    assert "Counted from cells TABLE3!N11 … TABLE3!N41 (31 cells)" in said_and_after[1]
    assert at.warning[0].value.startswith("Some steps rest on press reports of a NATO document not stored here")
    assert at.expander[-1].label == "NATO said the same number again 2 times"


def test_a_step_opens_its_sentence_and_the_tables_step_its_cells():
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    at.button(key="step-0-pm14-18-allies-at-2pct").click().run()
    assert at.query_params["figure"] == "pm14-18-allies-at-2pct"
    assert "I expect <strong>18</strong> Allies to spend" in html_of(at)
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    at.button(key="step-3-check:allies-at-2pct-2024").click().run()
    assert at.query_params["count"] == "2024"
    assert "23 of 31 Allies" in text_of(at)


def test_outcomes_chart_and_downloads():
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    assert len(at.get("plotly_chart")) == 1
    assert [d.proto.label for d in at.get("download_button")] == ["Download CSV", "Download JSON", "ClaimReview (JSON-LD)",
                                                                   "Fact sheet (HTML)"]


def test_an_unknown_claim_on_outcomes_is_not_found_and_the_first_claim_shown():
    at = run_page("pages/outcomes.py", {"claim": "nope"})
    assert at.warning[0].value == "No claim called “nope”. The link may be old or mistyped."
    assert at.selectbox(key="claim").value == "eighteen-allies-at-2pct"


# ---------------------------------------------------------------------------
# Overview and Present


def test_the_overview_card_of_18_allies_carries_its_outcome_linked():
    at = run_page("pages/overview.py")
    links = [link.proto.query_string for link in at.get("page_link")
             if link.label == "What happened next" and link.proto.query_string]
    assert links[0] == "claim=eighteen-allies-at-2pct"
    assert ('<div class="df-outcome-line"><b>Then:</b> 18 Allies expected → 22 Allies reached (as reported, April 2025)'
            '</div>') in html_of(at)


def test_the_coverage_deck_one_claim_a_slide():
    at = run_page("pages/present.py", {"deck": "coverage", "slide": "1"})
    slide = html_of(at)
    assert '<div class="df-slide-count">1 / 8 · who carried it, and how</div>' in slide
    assert at.query_params["slide"] == "eighteen-allies-at-2pct"  # a number is read, the claim's id is kept
    at.button(key="next").click().run()
    assert at.query_params["slide"] == "europe-380-billion"
    assert 'data-claim="europe-380-billion"' in html_of(at)


def test_the_outcomes_deck_shows_the_chain_big():
    at = run_page("pages/present.py", {"deck": "outcomes", "slide": "eighteen-allies-at-2pct"})
    slide = html_of(at)
    assert "what happened next" in slide
    assert re.search(r'<div class="df-slide-value">18 [^<]*→[^<]*23[^<]*→[^<]*22', slide)


def test_claims_pages_without_claims_say_so(monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(FIXTURE))
    for page in ("pages/coverage.py", "pages/outcomes.py"):
        at = run_page(page)
        assert not at.exception
        assert at.info[0].value.startswith("No claims are curated yet")


HOSTILE = '<img src=x onerror="window.__xss=2">[x](javascript:window.__xss=4)'


@pytest.mark.parametrize("page, params", [
    ("pages/coverage.py", {"outlet": HOSTILE}), ("pages/coverage.py", {"claim": HOSTILE}),
    ("pages/coverage.py", {"cell": f"{HOSTILE},{HOSTILE}"}), ("pages/outcomes.py", {"claim": HOSTILE}),
    ("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct", "figure": HOSTILE}),
    ("pages/present.py", {"deck": "coverage", "slide": HOSTILE}), ("pages/present.py", {"deck": HOSTILE})])
def test_hostile_values_in_the_claims_links_are_named_as_text(page, params):
    at = run_page(page, params)
    assert not at.exception
    named = [w.value for w in at.warning if re.match(r"No [\w ]+ called “", w.value)]
    assert len(named) == 1
    assert "onerror=" not in html_of(at)
    assert "](javascript:" not in named[0]


def test_a_click_on_the_outcome_chart_opens_that_steps_source():
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    at.session_state["outcome_chart"] = {"selection": {"points": [{"customdata": ["anews-22-allies-at-2pct"]}],
                                                       "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert at.query_params["figure"] == "anews-22-allies-at-2pct"
    assert "guideline met by <strong>22</strong> allies in 2024" in html_of(at)
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    at.session_state["outcome_chart"] = {"selection": {"points": [{"customdata": ["check:allies-at-2pct-2024"]}],
                                                       "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert at.query_params["count"] == "2024"


def test_the_outcome_chart_draws_each_number_once_in_date_order():
    from defence_figures.app import cache
    from defence_figures.nato import outcome_charts as oc

    loaded, tables = cache.get(), cache.tables()
    from defence_figures.app.claims_ui import steps_of

    steps = steps_of(loaded, tables, "eighteen-allies-at-2pct")
    claim = loaded.claims.claims["eighteen-allies-at-2pct"]
    figure = oc.outcome_chart(steps, loaded.by_id, "Allies")
    marked = [(trace.name, [t for t in trace.text if t]) for trace in figure.data if trace.mode == "markers+text"]
    assert marked == [("NATO said (the claim)", ["18 Allies"]), ("NATO's tables (estimates)", ["23 of 31 Allies"]),
                      ("NATO's later record", []), ("a press report of a NATO record not stored here", ["22 Allies"])]
    assert oc.chart_words(claim, steps).startswith("18 Allies at 2%: 18 → 23 → 22. February 2024: 18 Allies expected")
    rows = oc.step_rows(claim, steps, loaded.by_id)
    assert [(r["date"], r["value"], r["evidence"], r["rests_on_press_report"]) for r in rows if r["stage"] != "restated"] == [
        ("2024-02-14", 18.0, "said", False), ("2024-06-17", 23.0, "tables", False), ("2024-06-18", 23.0, "official", False),
        ("2024-07-10", 23.0, "official", False), ("2025-04-24", 22.0, "press", True), ("2025-04-24", 22.0, "press", True)]


# ---------------------------------------------------------------------------
# The record of the later figures, read from the curated data (issue 12's literal values)


def test_the_later_records_numbers_and_how_they_relate_to_february(claims_root):
    from conftest import load_root
    from defence_figures.corpus.claims import load_claims

    result = load_root(claims_root)
    figures = result.corpus.figures
    assert (figures["ar24-486-billion"].value, figures["ar24-486-billion"].unit) == (486, "usd_billion")
    assert figures["ar24-19-4-percent-real-rise"].value == Decimal("19.4")
    assert (figures["anews-19-4-percent-real-rise"].reports, figures["anews-19-4-percent-real-rise"].verdict) == (
        "ar24-19-4-percent-real-rise", "faithful")
    assert (figures["anews-700-billion-added"].value, figures["anews-700-billion-added"].qualifier) == (700, "more_than")
    assert [figures[f].value for f in ("anews-22-allies-at-2pct", "devd-22-allies-at-2pct")] == [22, 22]
    claims = load_claims(result.corpus, result.withheld_figures, claims_root).claims
    outcomes = {claim_id: [(o.figure_id or o.check_id, o.verdict, o.evidence) for o in claim.outcomes]
                for claim_id, claim in claims.items()}
    assert outcomes["europe-380-billion"] == [("ar24-486-billion", "not_comparable", "official")]
    assert outcomes["six-hundred-billion-added"] == [("anews-700-billion-added", "not_comparable", "press")]
    assert outcomes["eighteen-allies-at-2pct"] == [
        ("allies-at-2pct-2024", "higher", "tables"), ("jun18-23-allies-at-2pct", "higher", "official"),
        ("jul10-23-allies-at-2pct", "higher", "official"), ("anews-22-allies-at-2pct", "higher", "press"),
        ("devd-22-allies-at-2pct", "higher", "press")]
    lost = {f.id: (f.value, f.number_text, f.reports) for f in figures.values() if f.verdict == "number_missing"}
    assert lost == {"novinite-600-billion-missing": (0, "over 0 billion", "pm14-600-billion-added"),
                    "novinite-10-billion-missing": (None, "worth billion", "pm14-10-billion-contracts")}
