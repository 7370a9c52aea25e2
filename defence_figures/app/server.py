"""Server start-up: build what the first visitor's page needs while their browser is still loading Streamlit."""
from __future__ import annotations

import gc
import logging
import threading
import time
from contextlib import asynccontextmanager

_LOG = logging.getLogger("defence_figures.app.server")
REST_AFTER_S = 5.0
finished = threading.Event()  # set when the warm-up is done, whether or not it worked (tests wait on it)


@asynccontextmanager
async def lifespan(_app):
    """st.App's start-up hook: route through app.py from the first request, then warm up in the background."""
    from streamlit.runtime.pages_manager import PagesManager

    # app.py always calls st.navigation, so the pages/ folder is never Streamlit's older multipage mode.
    # Until some session had run app.py, the first deep link (/figures) ran pages/figures.py on its own
    # and ui._ensure_router had to rerun it through app.py.
    PagesManager.uses_pages_directory = False
    threading.Thread(target=warm_up, name="defence-figures-warm-up", daemon=True).start()
    yield


def warm_up() -> None:
    """Import what the Figures page imports, load the corpus and build its first chart; pandas and NATO's tables later.

    On a fresh server the first visitor otherwise waits for them: our modules (0.05 s), proving
    the corpus (0.03 s) and the first chart (0.03 s), measured on the bench machine. That first
    part needs no pandas, so it is done within 0.15 s of start, before a browser opened at once
    has asked for the page. pandas (0.23 s), the frames and the workbook come REST_AFTER_S later:
    the Python thread that imports them holds the interpreter, and while it did so the server was
    slow to hand the first browser Streamlit's page and scripts (the page's HTML took 0.32 s
    instead of 0.07 s; bench: cold start). A page asked for sooner builds them itself.
    A failure is only logged: the page then does the same work, and shows any problem itself.

    After each part, gc.freeze() puts everything alive (modules, the corpus, cached charts) out of
    the garbage collector's reach. Streamlit runs gc.collect(2) after every script run, on the script
    thread, and a full collection never lets go of the interpreter: with pandas and Plotly loaded it
    took 35-45 ms, during which the server could not send the rerun's results. A click's sentence
    arrived 55-95 ms after the click was sent; with the heap frozen, 12-43 ms (bench: click to
    sentence, 1.35x-1.52x -> 0.86x-1.04x). Objects made later are collected as before. What the
    warm-up built is meant to live as long as the server; if an edited corpus later replaces it,
    the parts that form reference cycles (its one Plotly chart) are never freed: a bounded cost.
    """
    try:
        warm_first_page()
        gc.freeze()
        time.sleep(REST_AFTER_S)
        warm_the_rest()
        gc.collect()
        gc.freeze()
    except Exception:  # noqa: BLE001  never take the server down for an optimisation
        _LOG.exception("warm-up failed; the first page will load the data itself")
    finally:
        finished.set()


def warm_first_page() -> None:
    """What the Figures page's first run needs: its modules, the corpus and its first chart; no pandas."""
    from defence_figures.corpus import charts  # noqa: F401  what the Figures page imports
    from defence_figures.app import cache  # noqa: F401  what the Figures page imports
    from defence_figures.app import ui  # noqa: F401  what the Figures page imports
    import plotly.io  # noqa: F401  st.plotly_chart's serialiser
    import plotly.tools  # noqa: F401

    loaded = cache.get()
    view = cache.figures_view(loaded, [], [], [], [], False)
    if view.charts:  # the chart the page opens on; the others are built when their tab is opened
        charts.served(view.charts[0].figure).to_dict()


def warm_the_rest() -> None:
    """pandas, the corpus's frames, NATO's workbook and the table pages' modules."""
    from defence_figures.app import cache  # noqa: F401
    from defence_figures.nato import checks  # noqa: F401
    from defence_figures.nato import table_charts  # noqa: F401
    from defence_figures.app import table_ui  # noqa: F401

    loaded = cache.get()
    loaded.figures, loaded.documents, loaded.comparisons  # noqa: B018  built once, then shared by every session
    cache.tables()
