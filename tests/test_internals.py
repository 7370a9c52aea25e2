"""What defence_figures/app/internals.py relies on in Streamlit and Plotly is still there: each test names the upgrade that broke it."""
from __future__ import annotations

import inspect
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
import streamlit
import streamlit as st

from defence_figures.app import internals

CHECKED = "checked on streamlit 1.67.0 and plotly 7.1.0"
INSTALLED = f"installed: streamlit {streamlit.__version__}, plotly {plotly.__version__}"


def upgrade_broke(what: str) -> str:
    return f"An upgrade broke what defence_figures/app/internals.py relies on ({CHECKED}; {INSTALLED}): {what}"


# --- PagesManager.uses_pages_directory ------------------------------------------------------------------


def test_streamlit_still_has_the_older_multipage_mode_s_switch():
    from streamlit.commands import navigation
    from streamlit.runtime.pages_manager import PagesManager

    assert "uses_pages_directory" in vars(PagesManager), upgrade_broke(
        "PagesManager.uses_pages_directory is gone; check that a deep link on a fresh server (/figures) still runs "
        "through app.py, then change route_through_navigation")
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation), upgrade_broke(
        "st.navigation no longer turns off the pages/ folder's multipage mode as route_through_navigation does")


def test_routing_through_navigation_turns_the_older_mode_off_and_says_whether_it_was_on(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    assert internals.route_through_navigation() is True
    assert PagesManager.uses_pages_directory is False
    assert internals.route_through_navigation() is False


# --- Plotly's _send_* hooks and the class swap -------------------------------------------------------


@pytest.mark.parametrize("hook_name", internals.PLOTLY_CHANGE_HOOKS)
def test_plotly_still_has_every_change_hook_a_served_figure_listens_to(hook_name):
    from plotly.basedatatypes import BaseFigure

    plotly_hook = getattr(BaseFigure, hook_name, None)
    assert callable(plotly_hook), upgrade_broke(f"plotly's BaseFigure has no {hook_name}: ServedFigure would serve "
                                                "a stale chart after that kind of change")
    assert list(inspect.signature(plotly_hook).parameters)[0] == "self"


def _two_bars() -> go.Figure:
    return go.Figure(go.Bar(x=[380, 600], y=["European Allies", "European Allies and Canada"], orientation="h"))


def test_a_served_figure_is_serialised_once_and_stays_the_same_object():
    fig = _two_bars()
    same = internals.served(fig)
    assert same is fig and isinstance(fig, internals.ServedFigure)
    first = fig.to_dict()
    assert fig.to_dict() is first  # st.plotly_chart calls this on every rerun
    assert first["data"][0]["y"] == ["European Allies", "European Allies and Canada"]
    assert first["data"][0]["x"] == [380, 600]


def test_swapping_the_class_keeps_the_figure_as_plotly_serialises_it():
    assert internals.served(_two_bars()).to_dict() == _two_bars().to_dict(), upgrade_broke(
        "a go.Figure switched to ServedFigure no longer serialises like the figure it was")


@pytest.mark.parametrize("change, path, expected", [
    (lambda f: f.update_layout(title_text="Money"), ("layout", "title", "text"), "Money"),
    (lambda f: setattr(f.layout, "height", 222), ("layout", "height"), 222),
    (lambda f: f.update_traces(marker_color="#E69F00"), ("data", 0, "marker", "color"), "#E69F00"),
    (lambda f: setattr(f.data[0], "name", "NATO"), ("data", 0, "name"), "NATO"),
    (lambda f: f.add_vline(x=2), ("layout", "shapes", 0, "x0"), 2),
    (lambda f: f.add_trace(go.Bar(x=[10], y=["contracts"])), ("data", 1, "y"), ["contracts"]),
    (lambda f: f.update_xaxes(type="log"), ("layout", "xaxis", "type"), "log"),
])
def test_any_change_to_a_served_figure_is_in_its_next_serialisation(change, path, expected):
    fig = internals.served(_two_bars())
    fig.to_dict()
    change(fig)
    value = fig.to_dict()
    for step in path:
        value = value[step]
    assert value == expected, upgrade_broke("a change to a figure no longer goes through the _send_* hooks")


# --- Streamlit's routes and the frontend's server hint -----------------------------------------------


def test_every_route_streamlit_serves_is_known_not_to_be_a_page():
    from streamlit.web.server.starlette import starlette_routes

    served = {value.strip("/").split("/")[0] for name, value in vars(starlette_routes).items()
              if name.startswith("BASE_ROUTE_") and isinstance(value, str)}
    assert served <= set(internals.STREAMLIT_ROUTES), upgrade_broke(
        f"Streamlit serves {sorted(served - set(internals.STREAMLIT_ROUTES))}, which internals.is_page_link takes for "
        "a page: add it to STREAMLIT_ROUTES")


def test_streamlit_s_frontend_still_reads_the_server_address_a_host_gives_it():
    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    readers = [path.name for path in scripts.glob("*.js")
               if b"BACKEND_BASE_URL" in (text := path.read_bytes()) and b"window.__streamlit" in text]
    assert readers, upgrade_broke("no script of Streamlit's frontend reads window.__streamlit.BACKEND_BASE_URL: "
                                  "SERVER_BASE_HINT no longer spares a page's link its second health probe")


# --- Streamlit's collection after every run ----------------------------------------------------------


def test_streamlit_still_collects_with_gc_collect_after_a_run_which_the_frozen_heap_keeps_cheap():
    from streamlit.runtime.scriptrunner import script_runner

    source = inspect.getsource(script_runner)
    assert 'get_option("runner.postScriptGC")' in source and "gc.collect(2)" in source, upgrade_broke(
        "Streamlit no longer runs gc.collect(2) after a run as it did: see docs/performance.md, "
        "'Garbage collection after each run', before keeping or dropping the frozen heap")
    assert st.get_option("runner.postScriptGC") is True, (
        "runner.postScriptGC is Streamlit's default here; docs/performance.md says why")
