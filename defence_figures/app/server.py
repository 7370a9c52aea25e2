"""What `streamlit run app.py` starts with: a start-up hook that warms the data, a middleware for a page's link."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager

import streamlit as st

from defence_figures.app import internals

_LOG = logging.getLogger("defence_figures.app.server")
REST_AFTER_S = 5.0
finished = threading.Event()  # set when the warm-up is done, whether or not it worked (tests wait on it)


@asynccontextmanager
async def lifespan(_app):
    """st.App's start-up hook: route through app.py from the first request, then warm up in the background."""
    # Until some session had run app.py, the first deep link (/figures) ran pages/figures.py on its own
    # and ui.page_setup had to rerun it through app.py.
    internals.route_through_navigation()
    # Behind `make serve`'s proxy a reader whose process is lost is moved to another one; their first
    # widget change there was lost (docs/serving.md, "A process lost").
    if not internals.replay_first_rerun_after_a_move():
        _LOG.warning("this Streamlit lacks what replays a moved reader's first widget change; it may be lost")
    # Plotly looks pandas up in sys.modules while it builds a figure. A figure built while another thread
    # is half-way through importing pandas meets a partial module ("partially initialized module 'pandas'
    # has no attribute 'Series'": four sessions opening one deep link on a fresh server, in the soak).
    # Imported before the server takes its first request, no thread is ever half-way.
    import pandas  # noqa: F401
    threading.Thread(target=warm_up, name="defence-figures-warm-up", daemon=True).start()
    yield


def warm_up() -> None:
    """Import what the Figures page imports, load the corpus and build its first chart; the frames and NATO's tables later.

    On a fresh server the first visitor otherwise waits for them: our modules (0.05 s), proving
    the corpus (0.03 s) and the first chart (0.03 s), measured on the bench machine, done within
    0.15 s of start, before a browser opened at once has asked for the page. The frames and the
    workbook come REST_AFTER_S later: the thread that builds them holds the interpreter, and while
    it did so the server was slow to hand the first browser Streamlit's page and scripts (bench:
    cold start). A page asked for sooner builds them itself.
    A failure is only logged: the page then does the same work, and shows any problem itself.
    """
    from defence_figures.app import cache

    try:
        warm_first_page()
        cache.freeze_long_lived(collect_first=False)
        time.sleep(REST_AFTER_S)
        warm_the_rest()
        cache.freeze_long_lived()
    except Exception:  # noqa: BLE001  never take the server down for an optimisation
        _LOG.exception("warm-up failed; the first page will load the data itself")
    finally:
        finished.set()


def warm_first_page() -> None:
    """What the Figures page's first run needs: its modules, the corpus and its first chart."""
    import plotly.io  # noqa: F401  st.plotly_chart's serialiser
    import plotly.tools  # noqa: F401

    from defence_figures.app import (
        cache,
        ui,  # noqa: F401  what the Figures page imports
    )

    loaded = cache.get()
    view = cache.figures_view(loaded, [], [], [], [], False)
    if view.charts:  # the chart the page opens on; the others are built when their tab is opened
        internals.served(view.charts[0].figure).to_dict()


def warm_the_rest() -> None:
    """The corpus's frames, NATO's workbook and the table pages' modules."""
    from defence_figures.app import (
        cache,
        table_ui,  # noqa: F401
    )
    from defence_figures.nato import (
        checks,  # noqa: F401
        table_charts,  # noqa: F401
    )

    loaded = cache.get()
    loaded.figures, loaded.documents, loaded.comparisons  # noqa: B018  built once, then shared by every session
    cache.tables()


def with_hint(html: bytes) -> bytes:
    """The page with the hint as the first thing in its <head>, before Streamlit's script reads it."""
    head = b"<head>"
    return html.replace(head, head + internals.SERVER_BASE_HINT, 1) if head in html else html


class ServerBaseHint:
    """ASGI middleware for st.App: adds internals.SERVER_BASE_HINT to the HTML Streamlit serves for a page's link."""

    def __init__(self, app, base_url_path: str | None = None) -> None:
        self.app = app
        self.base_url_path = base_url_path

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not internals.is_page_link(scope["path"], self._base())):
            await self.app(scope, receive, send)
            return
        # Uncompressed, so the hint can be written in: the page is 8 kB, and its scripts are never gzipped.
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
        start: dict | None = None
        body: list[bytes] = []

        async def send_with_hint(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = None
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            html = with_hint(b"".join(body))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(html)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, send_with_hint)

    def _base(self) -> str:
        if self.base_url_path is None:
            return st.get_option("server.baseUrlPath") or ""
        return self.base_url_path
