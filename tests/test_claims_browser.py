"""Browser tests of the claims pages against a real `streamlit run` of a copy of the claims' documents:
a coverage cell opened by click and by its link, the outcome view by its link, the sentence highlighted."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser import screenshot, streamlit_server, wait_for_app
from test_claims_pages import NOVINITE, copy_claims_root

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def claims_url(tmp_path_factory):
    with streamlit_server(copy_claims_root(tmp_path_factory.mktemp("claims-browser") / "root")) as url:
        yield url


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_coverage_cell_opens_by_click_with_the_sentence_highlighted(page, claims_url):
    open_page(page, f"{claims_url}/coverage")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Who reported what", level=1)).to_be_visible()
    screenshot(page, "coverage-1280x720")
    page.locator(f".st-key-cov-number_missing--{NOVINITE}--six-hundred-billion-added button").first.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(rf"cell={NOVINITE}%2Csix-hundred-billion-added|cell={NOVINITE},six-hundred"))
    dialog = page.locator("[data-testid='stDialog']")
    expect(dialog.locator("mark.df-selected strong")).to_have_text("over 0 billion")
    expect(dialog).to_contain_text("“over 0 billion” (number lost)")
    expect(dialog.locator("ins.df-diff").first).to_be_visible()  # NATO's words the outlet lost, marked
    screenshot(page, "coverage-cell-1280x720")
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(dialog).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"cell="))


def test_a_coverage_cell_is_reachable_by_keyboard(page, claims_url):
    open_page(page, f"{claims_url}/coverage")
    button = page.locator(f".st-key-cov-number_missing--{NOVINITE}--ten-billion-contracts button").first
    button.focus()
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.locator("[data-testid='stDialog']")).to_contain_text("contracts worth")


def test_a_coverage_cell_opens_by_its_link(page, claims_url):
    open_page(page, f"{claims_url}/coverage?cell={NOVINITE},ten-billion-contracts")
    dialog = page.locator("[data-testid='stDialog']")
    expect(dialog.locator("mark.df-selected")).to_contain_text("contracts worth")
    expect(dialog).to_contain_text("number lost")
    assert_no_exception(page)


def test_the_outcome_view_opens_by_its_link(page, claims_url):
    open_page(page, f"{claims_url}/outcomes?claim=eighteen-allies-at-2pct")
    assert_no_exception(page)
    expect(page.locator(".df-chain")).to_have_text("18 → 23 → 22")
    expect(page.locator(".df-press").first).to_contain_text("As reported by A News")
    expect(page.locator(".df-step-value").first).to_contain_text("18 Allies")
    expect(page.locator("[data-testid='stPlotlyChart']")).to_be_visible()
    screenshot(page, "outcomes-1280x720")
    page.locator(".st-key-step-0-pm14-18-allies-at-2pct button").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"figure=pm14-18-allies-at-2pct"))
    expect(page.locator("[data-testid='stDialog'] mark.df-selected strong")).to_have_text("18")


def test_the_claims_decks_open_by_their_links(page, claims_url):
    open_page(page, f"{claims_url}/present?deck=outcomes&slide=1")
    expect(page.locator(".df-slide-value")).to_contain_text("→")
    expect(page).to_have_url(re.compile(r"slide=eighteen-allies-at-2pct"))
    screenshot(page, "present-outcomes-1280x720")
    open_page(page, f"{claims_url}/present?deck=coverage")
    expect(page.locator(".df-slide-count")).to_contain_text("1 / 8")
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(page.locator(".df-slide-count")).to_contain_text("2 / 8")
    screenshot(page, "present-coverage-1280x720")
