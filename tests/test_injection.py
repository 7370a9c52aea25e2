"""Query-string injection in a real browser: every parameter every page reads gets script tags, HTML, a
markdown link, 10,000 characters, unknown ids, wrong types, a value repeated 50 times, control characters
and an empty value. Each must give a friendly message (where the value should name something), show no
exception, open no JavaScript dialog and put nothing executable into the page."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from browser import ARTIFACTS

pytestmark = pytest.mark.browser

# What each page reads from the address bar (app.py's routes; ui.PAGES; each page's id_param,
# url_choices, bound widgets and table_ui.TARGETS). id: names one thing, an unknown value gets
# "No … called “…”"; choice: a filter, an unknown value gets "The link asked for … under “key”";
# flag and tab: anything but the known values is simply the default.
PARAMS: dict[str, dict[str, str]] = {
    "": {"figure": "id"},
    "figures": {"figure": "id", "doc": "choice", "topic": "choice", "unit": "choice", "kind": "choice",
                "log": "flag", "view": "tab", "chart": "tab"},
    "compare": {"verdict": "choice"},
    "sources": {"doc": "id", "figure": "id"},
    "present": {"deck": "id", "slide": "id", "theme": "flag"},
    "tracker": {"year": "choice", "figure": "id", "cell": "id", "count": "id"},
    "ally": {"ally": "id", "figure": "id", "cell": "id", "count": "id"},
    "fact-check": {"item": "id", "figure": "id", "cell": "id", "count": "id"},
}

# (name, value, how many times the parameter is repeated). Executable payloads set window.__xss
# and call alert(), so running them is seen either way.
PAYLOADS = [
    ("script", "<script>window.__xss=1;alert(1)</script>", 1),
    ("img", '<img src=x onerror="window.__xss=2;alert(2)">', 1),
    ("attribute", '"><svg onload="window.__xss=3;alert(3)">', 1),
    ("markdown-link", "[click me](javascript:window.__xss=4)", 1),
    ("long", "x" * 10_000, 1),
    ("unknown-id", "no-such-thing-404", 1),
    ("wrong-type", None, 1),  # per parameter kind: see wrong_type()
    ("repeated-50", "no-such-thing-404", 50),
]
# Tried on the first parameter of each page as well: the page's own handling is then shared by the others.
EXTRA_PAYLOADS = [
    ("html-link", '<a href="javascript:window.__xss=5">link</a>', 1),
    ("control", "\x00\u202eevil\n\t", 1),
    ("traversal", "../../../../etc/passwd", 1),
    ("empty", "", 1),
]
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


def wrong_type(kind: str, key: str) -> str:
    if kind == "flag":
        return "banana"
    if key == "count":
        return "-1.5e309"
    if key == "year":
        return "20x4"
    return "12345"


def cases_for(path: str) -> list[dict]:
    cases = []
    for position, (key, kind) in enumerate(PARAMS[path].items()):
        for name, value, repeat in PAYLOADS + (EXTRA_PAYLOADS if position == 0 else []):
            value = wrong_type(kind, key) if value is None else value
            query = "&".join(f"{key}={quote(value, safe='')}" for _ in range(repeat))
            cases.append({"path": path, "key": key, "kind": kind, "payload": name, "value": value,
                          "url_tail": f"/{path}?{query}"})
    return cases


def expects_message(case: dict) -> bool:
    if case["kind"] in ("flag", "tab") or case["value"] == "":
        return False
    return True


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
        matching = [t for t in texts if pattern.search(t)]
        if not matching:
            problems.append(f"no friendly message; warnings shown: {texts[:3]}")
        elif case["payload"] not in ("control", "long") and case["value"][:50] not in matching[0]:
            problems.append(f"the message does not show the value as text: {matching[0][:200]!r}")
        elif case["payload"] == "long" and len(matching[0]) > 400:
            problems.append(f"the message repeats the whole 10,000 characters ({len(matching[0])} shown)")
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


def record_counts(path: str, cases: int, failures: int) -> None:
    counts = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    counts[path or "overview"] = {"cases": cases, "failures": failures}
    COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    COUNTS_FILE.write_text(json.dumps(counts, indent=2) + "\n")


@pytest.mark.parametrize("path", list(PARAMS), ids=lambda p: p or "overview")
def test_every_parameter_of_every_page_withstands_hostile_values(browser, app_url, path):
    log = server_log(app_url)
    log_before = len(log.read_text()) if log.exists() else 0
    cases = cases_for(path)
    failures = run_cases(browser, app_url, cases)
    new_log = log.read_text()[log_before:] if log.exists() else ""
    for marker in ("Traceback", "Uncaught"):
        if marker in new_log:
            at = new_log.index(marker)
            failures.append(f"/{path}: the server log has a {marker}: {new_log[at:at + 800]}")
    record_counts(path, len(cases), len(failures))
    print(f"/{path}: {len(cases)} cases ({len(PARAMS[path])} parameters x {len(PAYLOADS)} payloads, "
          f"{len(EXTRA_PAYLOADS)} more on '{next(iter(PARAMS[path]))}'), {len(failures)} failures")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)
