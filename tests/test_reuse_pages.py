"""AppTest for where the reuse formats are offered: the Reuse the data page, a figure's panel and a claim's outcomes."""
from __future__ import annotations

import pytest

from test_claims_pages import copy_claims_root, run_page


@pytest.fixture(scope="module")
def reuse_root(tmp_path_factory):
    return copy_claims_root(tmp_path_factory.mktemp("reuse") / "root")


@pytest.fixture(autouse=True)
def in_reuse_root(reuse_root, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(reuse_root))


def labels(at) -> list[str]:
    return [button.label for button in at.get("download_button")]


def test_the_data_page_offers_every_format():
    at = run_page("pages/data.py")
    assert not at.exception and not at.error
    assert [h.value for h in at.header] == [
        "For data tools: a Data Package", "For fact-checking tools: ClaimReview",
        "For reference managers: BibTeX and RIS", "For print and offline reading: the fact sheet",
        "For annotation tools"]
    assert labels(at) == ["Data Package (zip)", "ClaimReview (JSON-LD)", "BibTeX", "RIS", "Fact sheet (HTML)"]


def test_a_figures_panel_has_its_citations_annotation_and_page_link():
    at = run_page("pages/overview.py", {"figure": "pm14-18-allies-at-2pct"})
    assert not at.exception
    assert [e.label for e in at.expander if e.label.startswith("Cite or annotate")] == [
        "Cite or annotate: BibTeX, RIS, W3C Web Annotation"]
    codes = [c.value for c in at.code]
    assert any(code.startswith("@online{figure:pm14-18-allies-at-2pct,") for code in codes), codes
    assert any(code.startswith("TY  - ELEC") for code in codes), codes
    assert any('"TextQuoteSelector"' in code and '"exact": "This year, I expect 18 Allies to spend 2% of their GDP on '
               'defence."' in code for code in codes), codes
    link = [b for b in at.get("link_button") if b.label == "Open the sentence on the publisher's page"]
    assert [b.url for b in link] == [
        "https://www.nato.int/cps/en/natohq/opinions_222594.htm#:~:text=This%20year%2C%20I%20expect%2018%20Allies%20"
        "to%20spend%202%25%20of%20their%20GDP%20on%20defence."]


def test_no_page_link_where_the_stored_text_differs_from_the_page():
    at = run_page("pages/overview.py", {"figure": "ar24-486-billion"})
    assert not at.exception
    assert [b.label for b in at.get("link_button") if "publisher's page" in b.label] == []


def test_a_claims_outcomes_offer_its_claimreview_and_fact_sheet():
    at = run_page("pages/outcomes.py", {"claim": "eighteen-allies-at-2pct"})
    assert not at.exception
    assert labels(at)[-2:] == ["ClaimReview (JSON-LD)", "Fact sheet (HTML)"]
