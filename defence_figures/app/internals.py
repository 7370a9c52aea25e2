"""Every place the app relies on a private name or undocumented behaviour of Streamlit or Plotly, with its version."""
from __future__ import annotations

import re
from contextlib import contextmanager

import plotly.graph_objects as go

# ---------------------------------------------------------------------------
# Streamlit 1.67.0: PagesManager.uses_pages_directory (streamlit/runtime/pages_manager.py)


def route_through_navigation() -> bool:
    """Turn off Streamlit's older multipage mode; True if it was on (the running page then skipped app.py).

    Checked on Streamlit 1.67.0. The first PagesManager sets this class attribute to True because
    pages/ exists beside app.py, and only st.navigation sets it back to False. Until some session had
    run app.py, a deep link such as /figures ran pages/figures.py on its own: no page config, no
    navigation, a stray sidebar (seen in the browser tests on a fresh server). There is no public
    switch for it; every app.py run calls st.navigation, so the pages/ folder is never that mode.
    """
    from streamlit.runtime.pages_manager import PagesManager

    was_on = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return was_on


# ---------------------------------------------------------------------------
# Plotly 7.1.0: the private _send_* hooks of BaseFigure (plotly/basedatatypes.py), and a class swap

# Every change to a figure, through any public method or property, reaches one of these
# (plotly/basedatatypes.py, 7.1.0); tests/test_internals.py checks them against seven kinds of change.
PLOTLY_CHANGE_HOOKS = ("_send_addTraces_msg", "_send_moveTraces_msg", "_send_deleteTraces_msg", "_send_restyle_msg",
                       "_send_relayout_msg", "_send_update_msg", "_send_animate_msg")


class ServedFigure(go.Figure):
    """A figure shown on many reruns, serialised once: st.plotly_chart calls to_dict() on every rerun.

    Plotly's to_dict() deep-copies the figure and base64-encodes its arrays; for the Figures page's
    cached charts that was a third of a rerun (bench.profile_page, 2026-11-28). Plotly has no public
    change event outside a FigureWidget, so the stored copy is dropped in the private hooks that every
    change goes through (checked on Plotly 7.1.0).
    """

    _served: dict | None = None

    def to_dict(self) -> dict:
        if self._served is None:
            self._served = super().to_dict()
        return self._served


def _forget_served(hook_name: str):
    plotly_hook = getattr(go.Figure, hook_name)

    def hook(self, *args, **kwargs):
        self._served = None
        return plotly_hook(self, *args, **kwargs)
    return hook


for _hook_name in PLOTLY_CHANGE_HOOKS:
    setattr(ServedFigure, _hook_name, _forget_served(_hook_name))


def served(fig: go.Figure) -> ServedFigure:
    """The same figure object, from now on serialised once (a cached chart is drawn again on every rerun)."""
    if type(fig) is go.Figure:
        # Same class layout, so switching the class keeps every trace and its parent links; rebuilding
        # it as a ServedFigure would validate every property again (checked on Plotly 7.1.0).
        fig.__class__ = ServedFigure
    return fig


# ---------------------------------------------------------------------------
# Streamlit 1.67.0: its server's routes and its frontend's first health probe

# Streamlit's frontend, opened at /figures, first asks /figures/_stcore/health, gets a 404 and tries
# /_stcore/health 100 ms later (PD and VD in its index.js, Streamlit 1.67.0). Every shared link to a
# page paid for that wait, the first visitor included (bench: cold start, 0.12 s of 3.4 s).
# window.__streamlit is the frontend's hook for hosts to say where the server is; the page's parent
# address is where that second probe always connects, also behind a proxy that adds a prefix.
SERVER_BASE_HINT = (b'<script>window.__streamlit=window.__streamlit||'
                    b'{BACKEND_BASE_URL:new URL(".",window.location.href).href}</script>')
# The first path segment of Streamlit's own routes, never a page: the BASE_ROUTE_* names in
# streamlit/web/server/starlette/starlette_routes.py, Streamlit 1.67.0 ("app" for app/static).
STREAMLIT_ROUTES = ("_stcore", "static", "media", "component", "app")
_PAGE = re.compile(r"/[^/.]+")


def is_page_link(path: str, base_url_path: str = "") -> bool:
    """True for /figures (a page's link, one path segment below the app), not for / or a file or route."""
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    if base and not path.startswith(base + "/"):
        return False
    relative = path[len(base):]
    return bool(_PAGE.fullmatch(relative)) and relative[1:] not in STREAMLIT_ROUTES


# ---------------------------------------------------------------------------
# Streamlit 1.67.0: the data-testid names of its page chrome and layout (frontend, undocumented)
# Streamlit offers no public switch to hide its header and toolbar on one page, nor to make one
# container sticky; these selectors name its DOM as 1.67.0 renders it, and the browser tests
# (tests/test_browser.py: the Present page, the sticky sentence) fail when an upgrade renames them.

# The Present page: no sidebar, no toolbar, no page chrome; only the slide and its controls.
PRESENT_CHROME_HIDDEN = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpandSidebarButton"] {display:none !important}
.block-container, [data-testid="stMainBlockContainer"] {padding-top:0.8rem !important; padding-bottom:0.5rem !important;
  max-width:100% !important}
</style>"""

# The Present page's dark theme, for a projector in a dark room: the app's background and controls.
PRESENT_DARK = """<style>
[data-testid="stApp"] {background:#0b0d10 !important; color:#f4f4f4}
[data-testid="stApp"] button {background:#1c2128; color:#f4f4f4; border-color:#4a5260}
[data-testid="stApp"] button[kind="primary"] {background:#56B4E9; color:#0b0d10}
[data-testid="stApp"] a, [data-testid="stApp"] a p {color:#9fd3f5 !important}
</style>"""


def sticky_container(key: str, top_rem: float = 3.5) -> str:
    """CSS that keeps the container made with st.container(key=key) in view while the page scrolls."""
    return (f"<style>[data-testid='stLayoutWrapper']:has(> .st-key-{key}){{position:sticky;top:{top_rem}rem;"
            f"max-height:calc(100vh - {top_rem + 1}rem);overflow-y:auto}}</style>")


# ---------------------------------------------------------------------------
# Streamlit 1.67.0: AppSession.request_rerun, _enqueue_forward_msg and _handle_scriptrunner_event_on_event_loop
# (streamlit/runtime/app_session.py), and ScriptRunnerEvent.SHUTDOWN

# What a reader lost when the process serving them died behind the proxy: the client reconnects to a
# living process, which opens a new session and runs nothing. The reader's next widget change reaches
# that session as its first rerun, carrying the values of every widget on screen. A session that never
# ran the page knows none of its widgets: no on_change runs (Streamlit calls it only for widgets a
# previous run registered, so the change never reaches the address), and a page that seeds a widget
# from the address when its key is missing from st.session_state (the Log scale switch) overwrites the
# reader's value with the old one. The switch flipped back; the next click worked.
_REPLAY = "_defence_figures_replay"  # the client's rerun, held while the session runs the page quietly
_QUIET = "_defence_figures_quiet"  # True while that quiet run's messages are held back from the client
_STARTED = "_defence_figures_started"  # the session has taken a rerun request


def replay_first_rerun_after_a_move() -> bool:
    """Make a session's first rerun that carries widget values work as it did on the lost process.

    Checked on Streamlit 1.67.0. Such a session first runs the page from the address the client sends,
    without the widget values and without sending anything to the client: that registers the page's
    widgets with the values the address gives, the view the reader had. Then the client's own rerun
    runs as sent, so Streamlit sees the changed widget, calls its on_change and keeps its value.
    A first visit sends no widget values and runs once as before. Returns False (and changes nothing)
    when this Streamlit lacks a name it needs.
    """
    from streamlit.runtime.app_session import AppSession, AppSessionState
    from streamlit.runtime.scriptrunner import ScriptRunnerEvent

    needed = ("request_rerun", "_enqueue_forward_msg", "_handle_scriptrunner_event_on_event_loop")
    if not all(callable(getattr(AppSession, name, None)) for name in needed) or not hasattr(ScriptRunnerEvent, "SHUTDOWN"):
        return False
    if getattr(AppSession.request_rerun, "replays_first_rerun", False):
        return True
    AppSession.request_rerun, AppSession._enqueue_forward_msg, AppSession._handle_scriptrunner_event_on_event_loop = (
        replaying(AppSession.request_rerun, AppSession._enqueue_forward_msg,
                  AppSession._handle_scriptrunner_event_on_event_loop, ScriptRunnerEvent.SHUTDOWN,
                  closing=lambda session: session._state == AppSessionState.SHUTDOWN_REQUESTED))
    return True


def replaying(request_rerun, enqueue, on_event, shutdown, closing=lambda session: False):
    """Streamlit's three AppSession methods, wrapped to run a new session's page quietly before its first rerun."""

    def request_rerun_replayed(self, client_state):
        if getattr(self, _QUIET, False):  # a newer request while the page runs quietly: it replaces the held one
            if client_state is not None:
                setattr(self, _REPLAY, _full_run(client_state))
            return None
        first = not getattr(self, _STARTED, False)
        setattr(self, _STARTED, True)
        if first and client_state is not None and client_state.widget_states.widgets:
            quiet = _full_run(client_state)
            quiet.ClearField("widget_states")
            setattr(self, _REPLAY, _full_run(client_state))
            setattr(self, _QUIET, True)
            return request_rerun(self, quiet)
        return request_rerun(self, client_state)

    def enqueue_unless_quiet(self, msg):
        if not getattr(self, _QUIET, False):
            enqueue(self, msg)

    def on_event_then_replay(self, sender, event, *args, **kwargs):
        on_event(self, sender, event, *args, **kwargs)
        # SHUTDOWN of the current runner: the quiet run is over and its runner gone, so the held rerun
        # starts a runner of its own, as a client's request would.
        if event == shutdown and getattr(self, _QUIET, False) and self._scriptrunner is None:
            setattr(self, _QUIET, False)
            replay = getattr(self, _REPLAY)
            setattr(self, _REPLAY, None)
            if not closing(self):  # the reader left during the quiet run
                request_rerun(self, replay)

    request_rerun_replayed.replays_first_rerun = True
    return request_rerun_replayed, enqueue_unless_quiet, on_event_then_replay


def _full_run(client_state):
    """A copy of the client's request as a run of the whole page: a fragment's id means nothing to a new session."""
    copy = type(client_state)()
    copy.CopyFrom(client_state)
    copy.ClearField("fragment_id")
    return copy


# ---------------------------------------------------------------------------
# Streamlit 1.67.0: markup of its own that breaks a WCAG rule and that no public option changes

# (axe-core rule, CSS selector of exactly the elements it flags), checked on Streamlit 1.67.0 with axe-core 4.12.
# Below 768 px the top navigation moves into the sidebar, where each section is a <div> (its header and its
# <li> links) directly inside the <ul>: a list may hold only <li>, and those <li> have no list parent.
# tests/test_accessibility.py leaves out exactly these; docs/accessibility.md lists them with the upstream report.
AXE_STREAMLIT_EXCLUSIONS = (
    ("list", 'ul[data-testid="stSidebarNavItems"]'),
    ("listitem", 'ul[data-testid="stSidebarNavItems"] > div > li'),
)

# Streamlit's Plotly theme writes axis titles, tick labels, bar labels and annotations in its grey #808495
# (gray70 in its frontend's palette) on the light theme, 3.8:1 on white: under the 4.5:1 that text needs. No theme
# option sets it (the dark theme's #E6EAF1 passes), so the light theme's grey is replaced by Streamlit's darker
# gray80, 7.4:1. Plotly writes the colour into each text's style attribute, which names it here.
CHART_TEXT_CONTRAST = """<style>
[data-testid="stPlotlyChart"] text[style*="fill: rgb(128, 132, 149)"] {fill:#555867 !important}
</style>"""


# ---------------------------------------------------------------------------
# Streamlit 1.67.0: the messages of its WebSocket (streamlit/proto/BackMsg.proto, ForwardMsg.proto)
# The benchmark's browserless visitors (bench/visitor_client.py) speak them: on a 2-core machine ten browsers
# spent 45 s of CPU drawing their first chart while the app processes spent 2 s serving it, so only a client
# that draws nothing shows what a second app process changes.


def first_run_request(page_name: str, url: str) -> bytes:
    """The message a browser sends on a new WebSocket to run a page, as Chromium sent it on 1.67.0 (widgets empty)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.page_name = page_name
    message.rerun_script.widget_states.SetInParent()
    info = message.rerun_script.context_info
    info.timezone, info.timezone_offset, info.locale, info.url = "UTC", 0, "en-US", url
    info.is_embedded, info.color_scheme = False, "light"
    return message.SerializeToString()


def adds_a_chart(frame: bytes) -> bool:
    """True if this message from the server puts a Plotly chart on the page."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.ParseFromString(frame)
    return (message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element"
            and message.delta.new_element.WhichOneof("type") == "plotly_chart")


# ---------------------------------------------------------------------------
# Streamlit 1.67.0: two costs AppTest pays on every run that a served rerun does not (streamlit/testing/v1/
# app_test.py, AppTest._run, and local_script_runner.py). It compiles every script again, twice (two new
# ScriptCaches per run; a server keeps one for its life), and it resets PagesManager.uses_pages_directory, so
# an app with a pages/ folder first runs Streamlit's older multipage shim (script_runner._mpa_v1: a glob of
# pages/ and a page object per file) before app.py, where a server does that once, until app.py's
# route_through_navigation. The bare app has one small script and no pages/ folder, so the two costs fell on
# the explorer's side of every rerun ratio: 4 to 6 ms of a 12 to 17 ms rerun, 1 ms of the bare page's 8 ms.


@contextmanager
def apptest_reruns_as_served():
    """Within it, AppTest reruns keep their compiled scripts and skip the older multipage shim, as a server's do."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared, new_pages_manager = ScriptCache(), PagesManager.__init__

    def as_after_the_first_run(self, *args, **kwargs):
        new_pages_manager(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    PagesManager.__init__ = as_after_the_first_run
    try:
        yield
    finally:
        app_test.ScriptCache = local_script_runner.ScriptCache = ScriptCache
        PagesManager.__init__ = new_pages_manager
