"""Browser tests against a real `streamlit run` of the fixture corpus: clicks, URLs, what is shown, and that hostile text stays text."""
from __future__ import annotations

import hashlib
import re
import shutil
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser import click_centre, screenshot, streamlit_server, wait_for_app
from conftest import FIXTURE

pytestmark = pytest.mark.browser

PAGES = {"overview": "", "figures": "figures", "compare": "compare", "sources": "sources", "present": "present"}


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_each_page_loads_without_an_exception_and_is_screenshotted(browser, fixture_url, name, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_page(page, f"{fixture_url}/{PAGES[name]}")
    assert_no_exception(page)
    expect(page.locator("h1, .df-slide").first).to_be_visible()
    screenshot(page, f"{name}-{size[0]}x{size[1]}")
    context.close()


def test_clicking_a_bar_shows_its_sentence(page, fixture_url):
    open_page(page, f"{fixture_url}/figures?doc=bgnes-2024-02-15-stoltenberg")
    bars = page.locator(".st-key-money_chart g.point path")
    expect(bars).to_have_count(3)
    click_centre(page, bars.nth(1))  # the annual panel's second bar: more than $600 billion
    expect(page).to_have_url(re.compile(r"figure=bgnes-600-billion"))
    panel = page.locator(".df-panel")
    expect(panel).to_contain_text("By the end of 2024, the European allies and Canada will spend more than $600 billion on defence.")
    expect(panel.locator("mark.df-selected strong")).to_have_text("$600 billion")
    screenshot(page, "figures-bar-clicked-1280x720")


def test_a_page_link_connects_to_the_server_at_once(page, fixture_url):
    """Without the server's hint (app/server.py) the frontend asked /figures/_stcore/health first and waited 100 ms after its 404."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_page(page, f"{fixture_url}/figures?chart=Allies")
    expect(page.locator(".st-key-count_chart g.point path")).to_have_count(7)  # `unit: allies` in the fixture
    assert [url for url in asked if "/_stcore/" in url] == [f"{fixture_url}/_stcore/health", f"{fixture_url}/_stcore/host-config"]
    assert sockets == [fixture_url.replace("http://", "ws://") + "/_stcore/stream"]
    page.get_by_text("The statement", exact=True).click()  # the navigation still links from the app's root
    page.locator("[data-testid='stTopNavDropdownLink']", has_text="Sources").click()
    expect(page).to_have_url(re.compile(re.escape(f"{fixture_url}/sources") + r"(\?|$)"))  # Sources may add ?doc=
    expect(page.get_by_role("heading", name="Sources", level=1)).to_be_visible()
    assert_no_exception(page)


def test_a_bar_low_on_the_page_shows_its_sentence_in_view(page, fixture_url):
    open_page(page, f"{fixture_url}/figures?doc=bgnes-2024-02-15-stoltenberg&chart=Shares")
    click_centre(page, page.locator(".st-key-share_chart g.point path").nth(2))  # 99% of aid, low on the page
    expect(page.locator(".df-panel")).to_contain_text("Together, NATO allies provide 99 percent of all military aid")
    expect(page.locator(".df-panel")).to_be_in_viewport()


def test_a_card_opens_its_sentence_in_a_dialog(page, fixture_url):
    open_page(page, fixture_url)
    page.locator(".st-key-card-bgnes-90000-troops button").first.click()
    wait_for_app(page)
    dialog = page.locator("[data-testid='stDialog']")
    expect(dialog).to_contain_text("an estimated 90,000 troops from all 31 NATO member states and Sweden")
    expect(page).to_have_url(re.compile(r"figure=bgnes-90000-troops"))
    screenshot(page, "overview-dialog-1280x720")
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(dialog).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"figure="))


def test_a_filtered_view_round_trips_through_its_link(page, browser, fixture_url):
    open_page(page, f"{fixture_url}/figures")
    page.get_by_role("button", name="Unit: all").click()
    wait_for_app(page)  # the filter's choices are built when it opens
    page.locator(".st-key-unit button", has_text=re.compile(r"^Allies$")).click(timeout=60_000)
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"unit=allies"))
    page.keyboard.press("Escape")
    wait_for_app(page)
    caption = page.get_by_text(re.compile(r"^\d+ of 29 figures")).inner_text()
    # counted by hand in the fixture: bgnes 2, pc15 3, ukrinform 1, the press release 1
    assert caption.startswith("7 of 29 figures")
    link = page.url
    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_page(other, link)
    expect(other.get_by_text(re.compile(r"^7 of 29 figures"))).to_be_visible()
    expect(other.get_by_role("button", name="Unit: Allies")).to_be_visible()
    other.context.close()


def test_presenter_next_previous_and_keys(page, fixture_url):
    open_page(page, f"{fixture_url}/present")
    expect(page.locator(".df-slide-count")).to_contain_text("1 / 10")
    expect(page.locator("[data-testid='stHeader']")).to_be_hidden()
    page.locator(".st-key-next button").click()
    wait_for_app(page)
    expect(page.locator(".df-slide-count")).to_contain_text("2 / 10")
    expect(page).to_have_url(re.compile(r"slide=bgnes-2pct-guideline"))
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(page.locator(".df-slide-count")).to_contain_text("3 / 10")
    page.locator(".st-key-prev button").click()
    wait_for_app(page)
    expect(page.locator(".df-slide-count")).to_contain_text("2 / 10")
    slide_link = page.url
    page.goto(slide_link)
    wait_for_app(page)
    expect(page.locator(".df-slide-value")).to_have_text("2% of GDP")


def test_presenter_slide_fits_a_720p_screen_in_both_themes(page, fixture_url):
    for theme in ("", "&theme=dark"):
        open_page(page, f"{fixture_url}/present?slide=bgnes-600-billion{theme}")
        slide = page.locator(".df-slide").bounding_box()
        next_button = page.locator(".st-key-next button").bounding_box()
        assert slide["y"] + slide["height"] <= 720 and next_button["y"] + next_button["height"] <= 720
        value_size = page.locator(".df-slide-value").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert value_size >= 64
        screenshot(page, f"present-{'dark' if theme else 'light'}-1280x720")


# One payload, the one innerHTML would run; tests/test_injection_apptest.py tries every payload on every parameter.
@pytest.mark.parametrize("payload", ["<img src=x onerror=alert(2)>"])
def test_hostile_query_strings_are_shown_as_text_and_run_nothing(page, fixture_url, payload):
    for path in ("", "figures", "sources", "present"):
        key = "slide" if path == "present" else "figure"
        open_page(page, f"{fixture_url}/{path}?{key}={quote(payload)}&doc={quote(payload)}")
        assert_no_exception(page)
        expect(page.get_by_text(re.compile("^No (figure|slide|document) called “")).first).to_be_visible()
        assert page.dialogs == []
        assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == page.evaluate(
            "() => Array.from(document.querySelectorAll('script:not([src])')).filter(s => !s.textContent.includes('alert')).length")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    text = root / "data" / "sources" / "hostile.txt"
    text.write_text("He said <script>window.__xss=1;alert(1)</script> and <img src=x onerror=\"window.__xss=2\"> "
                    "were worth 5 billion dollars.\n", encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    (root / "curated" / "hostile.yaml").write_text(f'''schema_version: 1
document:
  id: hostile
  role: primary
  title: "<img src=x onerror=\\"window.__xss=3\\"> title"
  producer: "Test <b>producer</b>"
  date_published: "2024-01-01"
  url_main: null
  completeness: complete
  text: hostile.txt
  sha256: {digest}
  citation_full: "<script>window.__xss=4</script>"
figures:
  - id: hostile-5-billion
    label: "<img src=x onerror=\\"window.__xss=5\\">"
    value: 5
    unit: usd_billion
    qualifier: exact
    period: "2024"
    scope: "<b>scope</b>"
    kind: actual
    basis: annual
    topic: defence-spending
    quote: "He said <script>window.__xss=1;alert(1)</script> and <img src=x onerror=\\"window.__xss=2\\"> were worth 5 billion dollars."
''', encoding="utf-8")
    with streamlit_server(root) as url:
        yield url


@pytest.mark.parametrize("path", ["sources?doc=hostile&figure=hostile-5-billion", "figures?figure=hostile-5-billion",
                                  "present?deck=hostile", "figures?doc=hostile&view=Table"])
def test_html_in_curated_text_renders_as_text_and_runs_nothing(page, hostile_url, path):
    open_page(page, f"{hostile_url}/{path}")
    page.wait_for_timeout(500)
    assert_no_exception(page)
    # A deep link as a fresh server's first request still goes through app.py's router.
    expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
    if not path.startswith("present"):  # the presenter hides the navigation on purpose
        expect(page.get_by_role("navigation", name="App pages")).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
    assert page.dialogs == []
    if "view=Table" not in path:
        expect(page.get_by_text("<script>window.__xss=1;alert(1)</script>", exact=False).first).to_be_visible()
    screenshot(page, f"hostile-{path.split('?')[0]}")


def test_a_row_of_the_sources_figure_list_opens_its_sentence(page, fixture_url):
    open_page(page, f"{fixture_url}/sources?doc=bgnes-2024-02-15-stoltenberg")
    grid = page.locator(".st-key-figures-in-bgnes-2024-02-15-stoltenberg [data-testid='stDataFrameResizable']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The grid is a canvas: click the row marker of the third row ($380 billion); rows are 35 px under a 35 px header.
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 2 * 35 + 17)
    expect(page).to_have_url(re.compile(r"figure=bgnes-380-billion"))
    expect(page.locator("sup.df-chip.df-selected")).to_have_text("3 $380 billion")
    expect(page.locator(".df-panel mark.df-selected strong")).to_have_text("$380 billion")
    assert_no_exception(page)
    screenshot(page, "sources-row-clicked-1280x720")


def test_an_other_figures_button_shows_its_sentence_beside_the_charts(page, fixture_url):
    open_page(page, f"{fixture_url}/figures?doc=bgnes-2024-02-15-stoltenberg")
    page.get_by_role("tab", name="Other figures").click()
    expect(page).to_have_url(re.compile(r"chart=Other(\+|%20)figures"))
    page.locator(".st-key-other_figures button", has_text="2 · 1 million drones").click()
    expect(page).to_have_url(re.compile(r"figure=bgnes-one-million-drones"))
    expect(page.locator(".df-panel mark.df-selected strong")).to_have_text("one million")
    assert_no_exception(page)
