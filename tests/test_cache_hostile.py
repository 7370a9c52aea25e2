"""A named pipe, a link to /dev/zero or a dangling link in data/sources/ never stalls or breaks a page."""
from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from conftest import REPO
from defence_figures.app import cache


@pytest.mark.timeout(120)
def test_the_figures_page_serves_the_valid_documents_beside_a_pipe_a_device_and_a_dangling_link(corpus_copy, monkeypatch):
    sources = corpus_copy / "data" / "sources"
    os.mkfifo(sources / "a-pipe.txt")
    os.symlink("/dev/zero", sources / "zero.txt")
    os.symlink(sources / "gone.txt", sources / "dangling.txt")
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))

    digest = cache.content_digest(corpus_copy)  # returns at once: nothing but regular files is read
    assert len(digest) == 64

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page(str(REPO / "pages" / "figures.py"))
    at.run()
    assert not at.exception
    assert at.error == []  # no curated file names them, so there is nothing to report
    assert "62 of 62 figures" in " ".join(c.value for c in at.caption)
