"""Query-string injection in a real browser: the most dangerous cases of the AppTest matrix
(tests/test_injection_apptest.py), a script, an event handler or a javascript: link in a parameter of each
page, loaded in Chromium. Each must give its friendly message, show no exception, open no JavaScript dialog
and leave nothing executable in the page: what AppTest cannot see, because it runs no script."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from browser import ARTIFACTS
from test_injection_apptest import cases_for, expects_message, message_problems

pytestmark = pytest.mark.browser

# (page, parameter, payload): every page once, each with markup that would set window.__xss if it ran.
DANGEROUS = [
    ("", "figure", "script"),
    ("figures", "figure", "img"),
    ("figures", "doc", "attribute"),
    ("compare", "verdict", "markdown-link"),
    ("sources", "doc", "html-link"),
    ("present", "slide", "script"),
    ("tracker", "year", "img"),
    ("ally", "ally", "attribute"),
    ("fact-check", "item", "html-link"),
]


def browser_cases() -> list[dict]:
    """The DANGEROUS cases of the AppTest matrix, each with the address it is loaded from."""
    matrix = {(case["path"], case["key"], case["payload"]): case
              for path in {path for path, _, _ in DANGEROUS} for case in cases_for(path)}
    cases = [matrix[wanted] for wanted in DANGEROUS]
    for case in cases:
        case["url_tail"] = f"/{case['path']}?" + "&".join(
            f"{case['key']}={quote(case['value'], safe='')}" for _ in range(case["repeat"]))
    return cases


NOT_FOUND = re.compile(r"(?m)^No [\w ]+ called “")
INJECTED = """() => {
  const bad = [];
  if (window.__xss !== undefined) bad.push('window.__xss=' + window.__xss);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on') && /__xss|alert/.test(a.value)) bad.push(el.tagName + ' ' + a.name);
      if ((a.name === 'href' || a.name === 'src' || a.name === 'action') && /^\\s*javascript:/i.test(a.value))
        bad.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 40));
    }
  }
  for (const s of document.querySelectorAll('script')) if (/__xss|alert\\(/.test(s.textContent)) bad.push('script');
  return bad;
}"""
COUNTS_FILE = ARTIFACTS / "injection-counts.json"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
BATCH = 5  # pages loading at once: the server and Chromium share two cores with the test


def check(page, case: dict) -> list[str]:
    """Every way this case could go wrong, in words; [] when it is handled."""
    problems = []
    if page.locator("[data-testid='stException']").count():
        problems.append("an exception is shown: " + page.locator("[data-testid='stException']").first.inner_text()[:300])
    if page.locator("[data-testid='stAlertContentError']").count():
        problems.append("an error is shown: " + page.locator("[data-testid='stAlertContentError']").first.inner_text()[:300])
    if page.dialogs:
        problems.append(f"JavaScript dialogs opened: {page.dialogs}")
    injected = page.evaluate(INJECTED)
    if injected:
        problems.append(f"executable content from the URL is in the page: {injected[:5]}")
    if problems:
        return problems  # found: no need to wait for what a handled case shows
    try:
        page.locator("h1, .df-slide, [data-testid='stAlertContentWarning']").first.wait_for(state="visible", timeout=10_000)
    except PlaywrightError:
        problems.append("the page shows neither a title, a slide nor a message")
    if expects_message(case):
        pattern = NOT_FOUND if case["kind"] == "id" else re.compile(rf"(?m)^The link asked for .* under “{case['key']}”")
        messages = page.locator("[data-testid='stAlertContentWarning']")
        try:
            messages.filter(has_text=pattern).first.wait_for(state="visible", timeout=5_000)
        except PlaywrightError:
            pass
        texts = [messages.nth(i).inner_text() for i in range(messages.count())]
        problems += message_problems(case, pattern, texts)
    return problems


def run_cases(browser, base_url: str, cases: list[dict]) -> list[str]:
    """Each case in its own tab, so its own Streamlit session; one context, so Streamlit's scripts are cached."""
    failures = []
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    for start in range(0, len(cases), BATCH):
        batch = cases[start:start + BATCH]
        pages = []
        for case in batch:
            page = context.new_page()
            page.dialogs = []
            page.on("dialog", lambda dialog, page=page: (page.dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(base_url + case["url_tail"], wait_until="commit")
            pages.append(page)
        # wait_for_app for the whole batch at once: its pauses are taken once, not once per tab
        problems_of: dict[int, list[str]] = {}
        for i, page in enumerate(pages):
            try:
                page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=60_000)
            except Exception as error:
                problems_of[i] = [f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"]
        pages[0].wait_for_timeout(250)  # widget debounces and the next run's start, as in browser.wait_for_app
        for i, page in enumerate(pages):
            if i not in problems_of:
                try:
                    page.wait_for_selector(IDLE, timeout=60_000)
                except Exception as error:
                    problems_of[i] = [f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"]
        pages[0].wait_for_timeout(350)  # and let any injected handler (onerror, onload) fire
        for i, (case, page) in enumerate(zip(batch, pages)):
            problems = problems_of.get(i) or check(page, case)
            for problem in problems:
                failures.append(f"/{case['path']} {case['key']} [{case['payload']}]: {problem}")
            page.close()
    context.close()
    return failures


def server_log(app_url: str) -> Path:
    return ARTIFACTS / f"streamlit-{urlparse(app_url).port}.log"


def test_the_most_dangerous_cases_run_no_script_in_chromium(browser, app_url):
    log = server_log(app_url)
    log_before = len(log.read_text()) if log.exists() else 0
    cases = browser_cases()
    failures = run_cases(browser, app_url, cases)
    new_log = log.read_text()[log_before:] if log.exists() else ""
    for marker in ("Traceback", "Uncaught"):
        if marker in new_log:
            at = new_log.index(marker)
            failures.append(f"the server log has a {marker}: {new_log[at:at + 800]}")
    COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    counts = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    counts["chromium"] = {"cases": len(cases), "failures": len(failures)}
    COUNTS_FILE.write_text(json.dumps(counts, indent=2) + "\n")
    print(f"chromium: {len(cases)} cases, {len(failures)} failures")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)
