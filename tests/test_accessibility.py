"""WCAG 2.2 A and AA in the browser: axe-core on every page of app.py's navigation, keyboard paths, the accessibility tree, zoom."""
from __future__ import annotations

import ast

import pytest

from browser import REPO, wait_for_app
from defence_figures.app.internals import AXE_STREAMLIT_EXCLUSIONS

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
THEMES = ["light", "dark"]
SIZES = {"1280x720": {"width": 1280, "height": 720}, "390x844": {"width": 390, "height": 844}}
# Every page is checked as it opens and as a shared link to a figure opens it: the sentence in a panel or a
# dialog, and on the Ally view one Ally's charts. A page that does not know a parameter ignores it.
DEEP_LINK = "figure=bgnes-600-billion&ally=POL"


def navigation_pages() -> list[tuple[str, str]]:
    """(title, path) of every st.Page in app.py's navigation, read from its source: new pages are checked too."""
    tree = ast.parse((REPO / "app.py").read_text())
    pages = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page":
            keywords = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            script = node.args[0].value
            path = "" if keywords.get("default") else keywords.get("url_path", script.removeprefix("pages/").removesuffix(".py"))
            pages.append((keywords["title"], path))
    return pages


def test_navigation_pages_are_read_from_app_py():
    pages = navigation_pages()
    assert pages[:2] == [("Overview", ""), ("Figures", "figures")]
    assert ("Present", "present") in pages and ("Sources", "sources") in pages


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(400)  # Plotly draws its SVG after the script run ends


def is_excluded(page, rule: str, target: list) -> bool:
    """True only for an element of Streamlit's own markup listed, with this rule, in AXE_STREAMLIT_EXCLUSIONS."""
    selectors = [selector for excluded_rule, selector in AXE_STREAMLIT_EXCLUSIONS if excluded_rule == rule]
    if not selectors or len(target) != 1:  # a target of several parts is inside a frame or a shadow root
        return False
    return page.evaluate("([target, selectors]) => { const element = document.querySelector(target);"
                         " return !!element && selectors.some(s => element.matches(s)); }", [target[0], selectors])


def axe_violations(page, where: str) -> list[str]:
    """One line per element axe finds breaking a WCAG 2.2 A or AA rule: rule, element, page; exclusions left out."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if is_excluded(page, violation["id"], node["target"]):
                continue
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{where}: {violation['id']} ({violation['impact']}) at {target}: "
                         f"{' '.join(node['html'].split())[:200]} -- {summary[:300]}")
    return found


@pytest.mark.timeout(900)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("theme", THEMES)
def test_every_page_meets_wcag_22_aa(browser, app_url, theme, size):
    context = browser.new_context(viewport=SIZES[size], color_scheme=theme)
    page = context.new_page()
    found = []
    try:
        for title, path in navigation_pages():
            for query in ("", DEEP_LINK):
                address = f"/{path}" + (f"?{query}" if query else "")
                open_page(page, app_url + address)
                found += axe_violations(page, f"{title} ({address}, {theme} theme, {size})")
    finally:
        context.close()
    assert found == [], "\n".join(found)
