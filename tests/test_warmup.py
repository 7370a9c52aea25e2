"""The server's start-up warm-up: it fills the shared caches the first page reads, and never raises."""
from __future__ import annotations

import gc
import logging
import weakref

import pytest

from defence_figures.app import cache, server
from test_cache import edit_first_label


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(server, "REST_AFTER_S", 0)
    server.finished.clear()
    yield
    server.finished.clear()
    gc.unfreeze()  # what a test froze must not outlive it


def test_warm_up_builds_what_the_first_figures_page_reads(fresh, corpus_copy, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    server.warm_up()
    assert server.finished.is_set()
    assert (str(corpus_copy), cache.content_digest(corpus_copy)) in cache._CORPORA.keys()
    loaded = cache.get()
    assert {"figures", "documents", "comparisons"} <= set(vars(loaded))  # the frames, built once for every session
    view_key = (loaded.digest, (), (), (), (), False)
    assert view_key in cache._VIEWS.keys()
    served = cache._VIEWS.get(view_key, lambda: None).charts[0].figure
    assert served.to_dict() is served.to_dict()  # already serialised, so the first page does not do it
    assert any(key[0] == str(corpus_copy) for key in cache._TABLES.keys())


def test_the_warmed_corpus_is_left_out_of_later_collections(fresh, corpus_copy, monkeypatch):
    """Python's full collections no longer walk the corpus and its charts while a click waits (docs/performance.md)."""
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    gc.unfreeze()
    server.warm_up()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000, frozen
    loaded = cache.get()
    assert not any(obj is loaded for obj in gc.get_objects())  # tracked objects outside the frozen ones


def weak_references_to_what_a_page_reads() -> list[weakref.ref]:
    """The corpus a page holds, its first chart and a result memoised from it, held only weakly here."""
    loaded = cache.get()
    chart = cache.figures_view(loaded, [], [], [], [], False).charts[0].figure
    labels = cache.memo(loaded, "labels", lambda: loaded.figures["label"])
    return [weakref.ref(loaded), weakref.ref(chart), weakref.ref(labels)]


def test_an_edited_corpus_leaves_nothing_of_the_warmed_one_alive(fresh, corpus_copy, monkeypatch):
    """What the warm-up built is freed once the corpus is edited and no session holds it (docs/performance.md)."""
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    server.warm_up()
    old = weak_references_to_what_a_page_reads()
    edit_first_label(corpus_copy, "Edited after the warm-up")
    new = cache.get()
    cache.figures_view(new, [], [], [], [], False).charts[0].figure  # noqa: B018  what the next page draws
    gc.collect()
    assert [ref() for ref in old] == [None, None, None]
    assert "Edited after the warm-up" in {row["label"] for row in new.figure_rows}


def test_a_failed_warm_up_is_logged_and_the_server_carries_on(fresh, monkeypatch, caplog):
    def broken():
        raise OSError("curated/ cannot be read")

    monkeypatch.setattr(cache, "get", broken)
    with caplog.at_level(logging.ERROR, logger="defence_figures.app.server"):
        server.warm_up()
    assert server.finished.is_set()
    assert [r.getMessage() for r in caplog.records] == ["warm-up failed; the first page will load the data itself"]
    assert "OSError: curated/ cannot be read" in caplog.text


def test_the_figures_page_draws_its_first_chart_without_importing_pandas():
    """pandas' import was 0.23 s of a fresh server's first page (bench: cold start): it comes later, in warm_the_rest."""
    import subprocess
    import sys

    from conftest import REPO

    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from defence_figures.app import server\n"
        "server.warm_first_page()\n"
        "after_warm_up = sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules)\n"
        f"at = AppTest.from_file({str(REPO / 'app.py')!r}, default_timeout=60)\n"
        f"at.switch_page({str(REPO / 'pages' / 'figures.py')!r})\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "charts = at.get('plotly_chart')\n"
        "after_page = sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules)\n"
        "print(len(charts), after_warm_up, after_page)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == "1 [] []"


def test_the_server_takes_no_request_before_pandas_is_fully_imported():
    """Plotly reads sys.modules['pandas'] while building a figure: a half-imported pandas broke four concurrent sessions."""
    import subprocess
    import sys

    from conftest import REPO

    script = (
        "import asyncio, sys\n"
        "from defence_figures.app import server\n"
        "server.warm_up = lambda: None\n"
        "async def main():\n"
        "    assert 'pandas' not in sys.modules\n"
        "    async with server.lifespan(None):\n"
        "        print(hasattr(sys.modules.get('pandas'), 'Series'))\n"
        "asyncio.run(main())\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == "True"
