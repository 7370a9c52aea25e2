"""Shared fixtures: the repository, a scratch copy of the corpus to break, and helpers to load it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from defence_figures.corpus.load import LoadResult, load_corpus

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A copy of curated/ and data/sources/ to edit; returns its root."""
    shutil.copytree(REPO / "curated", tmp_path / "curated")
    shutil.copytree(REPO / "data" / "sources", tmp_path / "data" / "sources")
    for workbook in (REPO / "data").glob("*.xlsx"):
        shutil.copy2(workbook, tmp_path / "data" / workbook.name)
    return tmp_path


def load_root(root: Path) -> LoadResult:
    return load_corpus(root / "curated", root / "data" / "sources", root=root)


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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # a JavaScript alert() would land here: the XSS tests assert it stays empty
    yield page
    context.close()
