"""The server's start-up warm-up: it fills the shared caches the first page reads, and never raises."""
from __future__ import annotations

import gc
import logging

import pytest

from defence_figures.app import cache

from defence_figures.app import server as warmup


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(warmup, "REST_AFTER_S", 0)
    warmup.finished.clear()
    yield
    warmup.finished.clear()
    gc.unfreeze()  # the rest of the test run collects as usual


def test_warm_up_builds_what_the_first_figures_page_reads(fresh, corpus_copy, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    warmup.warm_up()
    assert warmup.finished.is_set()
    built = {"corpus": (str(corpus_copy), cache.content_digest(corpus_copy))}
    assert built["corpus"] in cache._CORPORA._values
    loaded = cache.get()
    assert len(loaded.figures) == 62
    view_key = (loaded.digest, (), (), (), (), False)
    assert view_key in cache._VIEWS._values
    served = cache._VIEWS._values[view_key].charts[0].figure
    assert served.to_dict() is served.to_dict()  # already serialised, so the first page does not do it
    assert any(key[0] == str(corpus_copy) for key in cache._TABLES._values)
    # Frozen: Streamlit's full collection after every run no longer walks the corpus and the charts
    assert gc.get_freeze_count() > 0
    assert not any(tracked is loaded for tracked in gc.get_objects())
    assert not any(tracked is served for tracked in gc.get_objects())


def test_a_failed_warm_up_is_logged_and_the_server_carries_on(fresh, monkeypatch, caplog):
    def broken():
        raise OSError("curated/ cannot be read")

    monkeypatch.setattr(cache, "get", broken)
    with caplog.at_level(logging.ERROR, logger="defence_figures.app.server"):
        warmup.warm_up()
    assert warmup.finished.is_set()
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
        "from defence_figures.app import server as warmup\n"
        "warmup.warm_first_page()\n"
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
