"""Browser tests of the pages on NATO's tables, against a real `streamlit run` in Debian's Chromium:
screenshots at two sizes, chart clicks opening their sentence or cell, deep links, and hostile parameters."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser import click_centre, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PAGES = {"tracker": "tracker", "ally": "ally?ally=POL", "fact-check": "fact-check"}
POLAND_2024 = "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 3, Poland, 2024e (cell TABLE3!N32)"


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0


def click_point(page, chart_key: str, trace: int, point: int) -> None:
    """Click the centre of one marker of one scatter trace of a Plotly chart."""
    click_centre(page, page.locator(f".st-key-{chart_key} .scatterlayer .trace").nth(trace).locator("path.point").nth(point))


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_each_table_page_loads_and_is_screenshotted(browser, app_url, name, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_page(page, f"{app_url}/{PAGES[name]}")
    page.wait_for_timeout(800)  # charts draw after the script has finished
    assert_no_exception(page)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.get_by_role("navigation", name="App pages")).to_be_visible()
    screenshot(page, f"{name}-{size[0]}x{size[1]}")
    context.close()


def test_tracker_headline_fits_a_720p_screen(page, app_url):
    open_page(page, f"{app_url}/tracker")
    for text in ("Allies at or above 2% in 2014", "Allies at or above 2% in 2024e", "NATO expected for 2024"):
        box = page.get_by_text(text).first.bounding_box()
        assert box["y"] + box["height"] <= 720, text
    size = page.locator(".df-stat-value").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 32


def test_clicking_a_said_marker_opens_its_sentence(page, app_url):
    open_page(page, f"{app_url}/tracker")
    click_point(page, "count_chart", 3, 0)  # traces: our count, then NATO said 3, expected 18, said 23
    expect(page).to_have_url(re.compile(r"figure=jun18-23-allies-at-2pct"))
    dialog = page.locator("[data-testid='stDialog']")
    expect(dialog).to_contain_text("23 Allies will invest at least 2% of GDP in defence this year")
    expect(dialog.locator("mark.df-selected strong")).to_have_text("23")
    screenshot(page, "tracker-said-marker-clicked-1280x720")


def test_clicking_a_counted_point_lists_the_allies(page, app_url):
    open_page(page, f"{app_url}/tracker")
    click_point(page, "count_chart", 0, 9)  # 2023e
    expect(page).to_have_url(re.compile(r"count=2023"))
    expect(page.locator("[data-testid='stDialog'] .df-card-value").first).to_have_text("10 of 31 Allies")


def test_clicking_a_dumbbell_diamond_opens_its_cell(page, app_url):
    open_page(page, f"{app_url}/tracker")
    click_point(page, "dumbbell_chart", 2, 0)  # traces: line, 2014 dots, at or above 2% (Poland first), below 2%
    expect(page).to_have_url(re.compile(r"cell=TABLE3(!|%21)N32"))
    dialog = page.locator("[data-testid='stDialog']")
    expect(dialog.locator(".df-card-value").first).to_have_text("4.12%")
    expect(dialog).to_contain_text(POLAND_2024)
    screenshot(page, "tracker-cell-dialog-1280x720")


def test_tracker_year_round_trips_through_its_link(page, browser, app_url):
    open_page(page, f"{app_url}/tracker")
    page.locator(".st-key-year").get_by_role("radio", name="2019", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"year=2019"))
    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(other, page.url)
    expect(other.locator(".st-key-dumbbell_chart .gtitle")).to_have_text("Each Ally's share of GDP: 2014 and 2019")
    other.context.close()


def test_ally_picked_round_trips_through_its_link(page, browser, app_url):
    open_page(page, f"{app_url}/ally")
    page.locator(".st-key-ally").click()
    page.get_by_role("option", name="Estonia", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"ally=EST"))
    expect(page.locator("h2").first).to_contain_text("Estonia")
    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(other, page.url)
    expect(other.locator("h2").first).to_contain_text("Estonia")
    expect(other.locator(".df-stat-value").first).to_have_text("3.43%")  # TABLE3!N18 3.4297
    other.context.close()


def test_clicking_an_ally_point_opens_its_cell(page, app_url):
    open_page(page, f"{app_url}/ally?ally=POL")
    click_point(page, "series_share_of_gdp", 0, 10)  # 2024e
    expect(page).to_have_url(re.compile(r"cell=TABLE3(!|%21)N32"))
    expect(page.locator("[data-testid='stDialog']")).to_contain_text(POLAND_2024)
    screenshot(page, "ally-cell-dialog-1280x720")


def test_fact_check_deep_link_and_cell_button(page, app_url):
    open_page(page, f"{app_url}/fact-check?item=europe-380-billion")
    expect(page.locator("[data-item]")).to_have_count(1)
    expect(page.locator(".df-evidence-value", has_text="$405.6 billion")).to_be_visible()
    # NATO Europe and Canada at constant 2015 prices
    page.locator(".st-key-europe-380-billion-sources button", has_text="Cell TABLE2!N76").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"cell=TABLE2(!|%21)N76"))
    expect(page.locator("[data-testid='stDialog']")).to_contain_text(
        "NATO, Defence Expenditure of NATO Countries (2014-2024), Table 2, NATO Europe and Canada, 2024e (cell TABLE2!N76)")
    screenshot(page, "fact-check-cell-dialog-1280x720")


# One payload, the one innerHTML would run; tests/test_injection_apptest.py tries every payload on every parameter.
@pytest.mark.parametrize("payload", ["\"><img src=x onerror=alert(2)>"])
def test_hostile_parameters_on_the_table_pages_are_text(page, app_url, payload):
    for path, key in (("ally", "ally"), ("fact-check", "item"), ("tracker", "cell")):
        open_page(page, f"{app_url}/{path}?{key}={quote(payload)}")
        assert_no_exception(page)
        expect(page.get_by_text(re.compile("^No (Ally|check|table cell) called “")).first).to_be_visible()
        assert page.dialogs == []


def test_a_fresh_servers_first_request_for_fact_check_opens_it(browser):
    """Before any session has run app.py, Streamlit looks a URL up among pages/ by file name: the file is
    named like its URL (pages/fact-check.py), so that first request finds it and goes through the router."""
    from browser import streamlit_server

    with streamlit_server() as url:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        open_page(page, f"{url}/fact-check?item=real-rise-2023")
        page.wait_for_timeout(500)
        expect(page.locator("[data-testid='stDialog']")).to_have_count(0)
        expect(page.locator("[data-item]")).to_have_count(1)
        expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
        expect(page.get_by_role("navigation", name="App pages")).to_be_visible()
        context.close()
