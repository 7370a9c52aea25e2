"""The DOM names app/internals.py styles still exist in the browser: an upgrade that renames them fails here."""
from __future__ import annotations

import pytest

from browser import wait_for_app

pytestmark = pytest.mark.browser


def test_the_present_page_hides_streamlit_s_header_and_other_pages_keep_it(page, fixture_url):
    page.goto(f"{fixture_url}/figures")
    wait_for_app(page)
    assert page.locator("[data-testid='stHeader']").is_visible(), "stHeader is gone: check internals.PRESENT_CHROME_HIDDEN"
    page.goto(f"{fixture_url}/present")
    wait_for_app(page)
    assert page.locator("[data-testid='stHeader']").count() == 1, "stHeader is gone: check internals.PRESENT_CHROME_HIDDEN"
    assert not page.locator("[data-testid='stHeader']").is_visible()


def test_the_sentence_panel_s_wrapper_is_sticky(page, fixture_url):
    page.goto(f"{fixture_url}/figures")
    wait_for_app(page)
    wrapper = page.locator("[data-testid='stLayoutWrapper']:has(> .st-key-sentence_panel)")
    assert wrapper.count() == 1, "no stLayoutWrapper around the sentence panel: check internals.sticky_container"
    assert wrapper.evaluate("element => getComputedStyle(element).position") == "sticky"
