"""Shared fixtures: the repository, the small fixture corpus, scratch copies of either to break, and helpers to load them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from defence_figures.corpus.load import LoadResult, load_corpus

REPO = Path(__file__).resolve().parent.parent
# Five documents made for the tests: frozen copies of the statement and the two records it reports,
# and two made-up documents sharing a publisher and a date. Logic tests count and name figures here,
# so adding a document to curated/ breaks none of them.
FIXTURE = REPO / "tests" / "fixtures" / "corpus"


@pytest.fixture
def repo() -> Path:
    return REPO


# The real documents that corpus_copy copies. Tests that break a copy assert the messages, lines and
# counts of exactly these; a document a curator adds later is left out of the copy, so it changes none of them.
COPIED_DOCUMENTS = (
    "bgnes-2024-02-15-stoltenberg", "nato-2024-02-14-news-story", "nato-2024-02-14-pre-ministerial",
    "nato-2024-02-15-press-conference", "nato-2024-06-18-blinken-meeting-news",
    "nato-2024-07-10-summit-press-conference", "ukrinform-2024-02-15-nato-ukraine-council",
)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A copy of the real COPIED_DOCUMENTS (curated file and text), the workbooks, their descriptions and checks, to edit; returns its root."""
    (tmp_path / "curated").mkdir()
    (tmp_path / "data" / "sources").mkdir(parents=True)
    for document_id in COPIED_DOCUMENTS:
        shutil.copy2(REPO / "curated" / f"{document_id}.yaml", tmp_path / "curated")
        shutil.copy2(REPO / "data" / "sources" / f"{document_id}.txt", tmp_path / "data" / "sources")
    shutil.copytree(REPO / "curated" / "workbooks", tmp_path / "curated" / "workbooks")
    shutil.copytree(REPO / "curated" / "checks", tmp_path / "curated" / "checks")  # the table pages' fact checks
    for workbook in (REPO / "data").glob("*.xlsx"):
        shutil.copy2(workbook, tmp_path / "data" / workbook.name)
    return tmp_path


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A copy of the fixture corpus to edit; returns its root."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture
def fixture_root(fixture_copy):
    """The fixture corpus with the real workbook and its description, which validate also checks."""
    shutil.copytree(REPO / "curated" / "workbooks", fixture_copy / "curated" / "workbooks")
    for workbook in (REPO / "data").glob("*.xlsx"):
        shutil.copy2(workbook, fixture_copy / "data" / workbook.name)
    return fixture_copy


@pytest.fixture
def in_copy(corpus_copy, monkeypatch):
    """The app and the command line pointed at a copy of the corpus, and the working folder there."""
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    monkeypatch.chdir(corpus_copy)
    return corpus_copy


def load_root(root: Path) -> LoadResult:
    return load_corpus(root / "curated", root / "data" / "sources", root=root)


# The small claims corpus of tests/fixtures/claims: a record, its restatement, reports that keep or lose numbers.
CLAIMS_FIXTURE = REPO / "tests" / "fixtures" / "claims"


@pytest.fixture(scope="session")
def claims_fixture_corpus():
    result = load_root(CLAIMS_FIXTURE)
    assert result.problems == []
    return result.corpus


@pytest.fixture(scope="session")
def real_corpus():
    """The real corpus, read only: for tests that hold for every figure, whatever documents are curated."""
    result = load_root(REPO)
    assert [str(p) for p in result.problems] == []
    return result.corpus


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def app_url():
    from browser import streamlit_server

    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def fixture_url():
    """The app serving the fixture corpus, for browser tests that count or name figures."""
    from browser import streamlit_server

    with streamlit_server(FIXTURE) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # a JavaScript alert() would land here: the XSS tests assert it stays empty
    yield page
    context.close()
