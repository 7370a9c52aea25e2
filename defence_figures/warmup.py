"""Server start-up: build what the first visitor's page needs while their browser is still loading Streamlit."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager

_LOG = logging.getLogger("defence_figures.warmup")
TABLES_AFTER_S = 5.0
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
    """Import the pages' modules, load the corpus and build the default Figures view; NATO's tables later.

    On a fresh server the first visitor otherwise waits for them: pandas' import (0.23 s), our
    modules (0.05 s), proving the corpus (0.03 s) and the first charts (0.09 s), measured on the
    bench machine. When the visitor comes a second or more after start, their first page is now
    as quick as any later one. On the 2-CPU bench machine a browser opened at once competes with
    this thread for the CPUs, so there it gains less (see the README's cold-start row).
    A failure is only logged: the page then does the same work, and shows any problem itself.
    """
    try:
        from . import charts, corpus, ui  # noqa: F401  what the Figures page imports; the table pages' come later
        import plotly.io  # noqa: F401  st.plotly_chart's serialiser
        import plotly.tools  # noqa: F401

        loaded = corpus.get()
        view = corpus.figures_view(loaded, [], [], [], [], False)
        if view.charts:  # the chart the page opens on; the others are built when their tab is opened
            charts.served(view.charts[0].figure).to_dict()
        # NATO's workbook later: read now, it would hold the interpreter while the first browser's
        # session starts (bench: cold start 1.25x with it here); a table page asked for sooner reads it then.
        time.sleep(TABLES_AFTER_S)
        from . import fact_check, table_charts, table_ui  # noqa: F401
        corpus.tables()
    except Exception:  # noqa: BLE001  never take the server down for an optimisation
        _LOG.exception("warm-up failed; the first page will load the data itself")
    finally:
        finished.set()
