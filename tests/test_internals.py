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


# --- a moved reader's first rerun --------------------------------------------------------------------------


def test_streamlit_s_session_still_has_what_the_replay_of_a_moved_reader_s_first_rerun_wraps():
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner import ScriptRunnerEvent

    assert list(inspect.signature(AppSession.request_rerun).parameters) == ["self", "client_state"], upgrade_broke(
        "AppSession.request_rerun(client_state) changed")
    assert list(inspect.signature(AppSession._enqueue_forward_msg).parameters) == ["self", "msg"], upgrade_broke(
        "AppSession._enqueue_forward_msg(msg) changed")
    assert list(inspect.signature(AppSession._handle_scriptrunner_event_on_event_loop).parameters)[:3] == [
        "self", "sender", "event"], upgrade_broke("AppSession._handle_scriptrunner_event_on_event_loop changed")
    assert "self._scriptrunner = None" in inspect.getsource(AppSession._handle_scriptrunner_event_on_event_loop), \
        upgrade_broke("a session no longer drops its ScriptRunner on SHUTDOWN: the held rerun would never run")
    assert ScriptRunnerEvent.SHUTDOWN
    from streamlit.runtime.app_session import AppSessionState

    assert "_state" in inspect.getsource(AppSession.__init__) and AppSessionState.SHUTDOWN_REQUESTED
    # Still needed: a session that never ran the page calls no on_change for its first rerun's widgets.
    from streamlit.runtime.state.session_state import SessionState

    assert "_widget_changed" in vars(SessionState) and "widget_metadata" in inspect.getsource(SessionState._call_callbacks), \
        upgrade_broke("Streamlit's callbacks no longer depend on a previous run's widgets: see whether "
                      "replay_first_rerun_after_a_move is still needed")


def test_the_replay_is_installed_once():
    from streamlit.runtime.app_session import AppSession

    assert internals.replay_first_rerun_after_a_move() is True
    wrapped = AppSession.request_rerun
    assert internals.replay_first_rerun_after_a_move() is True
    assert AppSession.request_rerun is wrapped


class FakeSession:
    """What the wrapped methods touch of an AppSession, and a record of what reached Streamlit's own."""

    def __init__(self) -> None:
        self._scriptrunner = None
        self.reruns: list[tuple[str, list[str], str]] = []
        self.sent: list[str] = []


def wrapped_methods():
    def request_rerun(session, client_state):
        session.reruns.append((client_state.query_string, [w.id for w in client_state.widget_states.widgets],
                               client_state.fragment_id))

    def enqueue(session, msg):
        session.sent.append(msg)

    def on_event(session, sender, event):
        pass

    return internals.replaying(request_rerun, enqueue, on_event, "SHUTDOWN")


def client_state(*widget_ids: str, fragment_id: str = ""):
    from streamlit.proto.ClientState_pb2 import ClientState

    state = ClientState(query_string="figure=x", page_script_hash="page", fragment_id=fragment_id)
    for widget_id in widget_ids:
        state.widget_states.widgets.add(id=widget_id, bool_value=True)
    return state


def test_a_first_visit_without_widget_values_runs_once_and_is_sent_everything():
    request_rerun, enqueue, on_event = wrapped_methods()
    session = FakeSession()
    request_rerun(session, client_state())
    enqueue(session, "new_session")
    on_event(session, None, "SHUTDOWN")
    assert session.reruns == [("figure=x", [], "")]
    assert session.sent == ["new_session"]


def test_a_moved_reader_s_first_rerun_runs_the_page_quietly_from_the_address_then_as_sent():
    request_rerun, enqueue, on_event = wrapped_methods()
    session = FakeSession()
    request_rerun(session, client_state("log", fragment_id="dialog"))
    assert session.reruns == [("figure=x", [], "")]
    enqueue(session, "quiet run's delta")
    on_event(session, None, "SCRIPT_STOPPED_WITH_SUCCESS")
    assert session.reruns == [("figure=x", [], "")] and session.sent == []
    on_event(session, None, "SHUTDOWN")
    assert session.reruns == [("figure=x", [], ""), ("figure=x", ["log"], "")]
    enqueue(session, "replayed run's delta")
    request_rerun(session, client_state("log", "unit"))  # the next change runs as Streamlit runs it
    assert session.reruns[-1] == ("figure=x", ["log", "unit"], "")
    assert session.sent == ["replayed run's delta"]


def test_a_newer_request_during_the_quiet_run_replaces_the_held_one():
    request_rerun, _, on_event = wrapped_methods()
    session = FakeSession()
    request_rerun(session, client_state("log"))
    request_rerun(session, client_state("log", "unit"))
    on_event(session, None, "SHUTDOWN")
    assert session.reruns == [("figure=x", [], ""), ("figure=x", ["log", "unit"], "")]


def test_the_held_rerun_waits_while_a_runner_is_still_current():
    request_rerun, _, on_event = wrapped_methods()
    session = FakeSession()
    request_rerun(session, client_state("log"))
    session._scriptrunner = object()  # Streamlit ignored the event: it came from a runner no longer current
    on_event(session, None, "SHUTDOWN")
    assert session.reruns == [("figure=x", [], "")]


def test_a_session_closed_during_the_quiet_run_runs_nothing_more():
    request_rerun, _, on_event = internals.replaying(
        lambda session, state: session.reruns.append(state.query_string), None, lambda *args: None, "SHUTDOWN",
        closing=lambda session: True)
    session = FakeSession()
    request_rerun(session, client_state("log"))
    on_event(session, None, "SHUTDOWN")
    assert session.reruns == ["figure=x"]


def test_the_first_run_request_is_the_message_chromium_sent_for_the_figures_page():
    # Recorded from Chromium's first WebSocket frame on /figures (Streamlit 1.67.0, Playwright's framesent).
    chromium_sent = (b'ZD\x12\x00"\x07figuresB7\n\x03UTC\x10\x00\x1a\x05en-US"\x1ehttp://127.0.0.1:45225/figures'
                     b'(\x002\x05light')
    assert internals.first_run_request("figures", "http://127.0.0.1:45225/figures") == chromium_sent


def test_only_a_message_that_adds_a_plotly_chart_counts_as_the_chart():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    chart, text, finished = ForwardMsg(), ForwardMsg(), ForwardMsg()
    chart.delta.new_element.plotly_chart.spec = "{}"
    text.delta.new_element.markdown.body = "plotly_chart"
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    assert [internals.adds_a_chart(m.SerializeToString()) for m in (chart, text, finished)] == [True, False, False]


def test_apptest_still_compiles_every_run_and_resets_the_older_multipage_mode():
    import inspect

    from streamlit.testing.v1 import app_test, local_script_runner

    source = inspect.getsource(app_test.AppTest._run)
    assert "script_cache = ScriptCache()" in source
    assert "PagesManager.uses_pages_directory = None" in source
    assert "script_cache=ScriptCache()" in inspect.getsource(local_script_runner.LocalScriptRunner.__init__)


def test_reruns_as_served_compile_once_and_skip_the_older_multipage_mode(tmp_path, monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_cache, script_runner
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "other.py").write_text("import streamlit as st\nst.write('other')\n")
    script = tmp_path / "main.py"
    script.write_text("import streamlit as st\nst.write('main')\n")
    shim_runs, compiled = [], []
    real_shim = script_runner._mpa_v1
    monkeypatch.setattr(script_runner, "_mpa_v1", lambda path: shim_runs.append(path) or real_shim(path))
    # get_bytecode calls compile() only on a miss; a module global named compile is found before the builtin.
    monkeypatch.setattr(script_cache, "compile", lambda body, path, **kw: compiled.append(path) or compile(body, path, **kw),
                        raising=False)
    at = AppTest.from_file(str(script))
    for _ in range(3):
        at.run()
    assert (len(shim_runs), len(compiled)) == (3, 6)  # main.py twice a run
    shim_runs.clear()
    compiled.clear()
    with internals.apptest_reruns_as_served():
        for _ in range(3):
            at.run()
    assert (shim_runs, len(compiled)) == ([], 1)
    assert at.markdown[0].value == "main"
    assert app_test.ScriptCache is local_script_runner.ScriptCache is script_cache.ScriptCache and PagesManager.__init__.__name__ == "__init__"
