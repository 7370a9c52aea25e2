"""Query-string injection through AppTest: every parameter every page reads gets script tags, HTML, a markdown
link, 10,000 characters, unknown ids, wrong types, a value repeated 50 times, control characters and an empty
value. Each must give a friendly message (where the value should name something), show no exception or error,
and put nothing from the address into the page as markup. tests/test_injection.py loads the most dangerous of
these cases in Chromium, to prove no script runs."""
from __future__ import annotations

import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from browser import ARTIFACTS
from conftest import REPO

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
    "coverage": {"outlet": "id", "claim": "id", "cell": "id"},
    "outcomes": {"claim": "id", "figure": "id", "cell": "id", "count": "id"},
}
PAGE_FILES = {"": "pages/overview.py", "figures": "pages/figures.py", "compare": "pages/compare.py",
              "sources": "pages/sources.py", "present": "pages/present.py", "tracker": "pages/tracker.py",
              "ally": "pages/ally.py", "fact-check": "pages/fact-check.py", "coverage": "pages/coverage.py",
              "outcomes": "pages/outcomes.py"}

# (name, value, how many times the parameter is repeated).
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
# The payloads' markup arriving unescaped: a script, an event handler or a javascript: link that sets __xss.
RAW_MARKUP = re.compile(r"<\s*script\b[^<]*__xss|<[^<>]*\bon\w+\s*=[^<>]*__xss|<[^<>]*javascript:[^<>]*__xss", re.I)
# A markdown link (not written as \[ ... \]) whose target is javascript:.
MARKDOWN_SCRIPT_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(\s*javascript:", re.I)
COUNTS_FILE = ARTIFACTS / "injection-counts.json"


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
            cases.append({"path": path, "key": key, "kind": kind, "payload": name, "value": value, "repeat": repeat})
    return cases


ALL_CASES = [case for path in PARAMS for case in cases_for(path)]


def expects_message(case: dict) -> bool:
    return case["kind"] not in ("flag", "tab") and case["value"] != ""


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown source: backslash escapes and HTML entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def elements_with_markup(at: AppTest):
    """(what, source) of everything the page renders as Markdown or HTML."""
    for element in at.html:
        yield "html", element.value
    for kind in ("markdown", "caption", "warning", "info", "success", "error", "title", "header", "subheader"):
        for element in getattr(at, kind):
            yield kind, element.value
    for element in at.get("popover"):
        yield "popover", element.proto.popover.label


def message_problems(case: dict, pattern: re.Pattern, texts: list[str]) -> list[str]:
    """What is wrong with the friendly message a hostile value should get, in AppTest and in Chromium alike."""
    matching = [t for t in texts if pattern.search(t)]
    if not matching:
        return [f"no friendly message; warnings shown: {texts[:3]}"]
    if case["payload"] not in ("control", "long") and case["value"][:50] not in matching[0]:
        return [f"the message does not show the value as text: {matching[0][:200]!r}"]
    if case["payload"] == "long" and len(matching[0]) > 400:
        return [f"the message repeats the whole 10,000 characters ({len(matching[0])} shown)"]
    return []


def check(at: AppTest, case: dict) -> list[str]:
    """Every way this case could go wrong, in words; [] when it is handled."""
    problems = []
    if at.exception:
        problems.append("an exception is shown: " + str(at.exception[0].value)[:300])
    if at.error:
        problems.append("an error is shown: " + at.error[0].value[:300])
    for what, source in elements_with_markup(at):
        found = RAW_MARKUP.search(source) or MARKDOWN_SCRIPT_LINK.search(source)
        if found:
            problems.append(f"markup from the URL is in a {what} element: {found.group(0)!r} in {source[:200]!r}")
    if problems:
        return problems
    if not (at.title or at.warning or any("df-slide" in h.value for h in at.html)):
        problems.append("the page shows neither a title, a slide nor a message")
    if expects_message(case):
        pattern = NOT_FOUND if case["kind"] == "id" else re.compile(rf"(?ms)^The link asked for .* under “{case['key']}”")
        texts = [shown(w.value) for w in at.warning]
        problems += message_problems(case, pattern, texts)
    return problems


def run_case(case: dict) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page(PAGE_FILES[case["path"]])
    at.query_params[case["key"]] = [case["value"]] * case["repeat"] if case["repeat"] > 1 else case["value"]
    return at.run()


def record_counts(path: str, cases: int, failures: int) -> None:
    counts = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    counts[path or "overview"] = {"cases": cases, "failures": failures}
    COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    COUNTS_FILE.write_text(json.dumps(counts, indent=2) + "\n")


def test_the_checks_see_markup_that_was_not_escaped():
    for raw in ("<script>window.__xss=1;alert(1)</script>", '<img src=x onerror="window.__xss=2;alert(2)">',
                '"><svg onload="window.__xss=3;alert(3)">', '<a href="javascript:window.__xss=5">link</a>'):
        assert RAW_MARKUP.search(f"<p>No figure called “{raw}”.</p>"), raw
        assert not RAW_MARKUP.search(f"<p>No figure called “{html.escape(raw)}”.</p>"), raw
    assert MARKDOWN_SCRIPT_LINK.search("No slide called “[click me](javascript:window.__xss=4)”.")
    assert not MARKDOWN_SCRIPT_LINK.search("No slide called “\\[click me\\]\\(javascript:window.__xss=4)”.")


def test_the_matrix_has_every_case():
    # 27 parameters x 8 payloads, and 4 more payloads on the first parameter of each of the 8 pages
    assert len(ALL_CASES) == 27 * 8 + 8 * 4 == 248


@pytest.fixture(autouse=True)
def real_root(monkeypatch):
    monkeypatch.delenv("DEFENCE_FIGURES_ROOT", raising=False)


@pytest.mark.parametrize("path", list(PARAMS), ids=lambda p: p or "overview")
def test_every_parameter_of_every_page_withstands_hostile_values(path):
    cases = cases_for(path)
    failures = []
    for case in cases:
        try:
            problems = check(run_case(case), case)
        except Exception as error:  # a case that cannot even run is a failure of that case, not of the others
            problems = [f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}"]
        failures += [f"/{path} {case['key']} [{case['payload']}]: {problem}" for problem in problems]
    record_counts(path, len(cases), len(failures))
    print(f"/{path}: {len(cases)} cases ({len(PARAMS[path])} parameters x {len(PAYLOADS)} payloads, "
          f"{len(EXTRA_PAYLOADS)} more on '{next(iter(PARAMS[path]))}'), {len(failures)} failures")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)
