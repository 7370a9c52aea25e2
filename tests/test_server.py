"""The server's middleware: a page's own link (/figures) is served with the hint that tells Streamlit's frontend where the server is."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from defence_figures.app.internals import SERVER_BASE_HINT, is_page_link
from defence_figures.app.server import ServerBaseHint, with_hint


def run(coroutine) -> None:
    """asyncio.run on its own thread: Playwright's sync API, used by the browser tests, keeps a loop on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"


@pytest.mark.parametrize("path, base, expected", [
    ("/figures", "", True),
    ("/fact-check", "", True),
    ("/no-such-page", "", True),  # Streamlit shows its "page not found" there, and connects at / as well
    ("/", "", False),  # the frontend probes only / here already
    ("", "", False),
    ("/figures/", "", False),  # redirected to /figures before any HTML
    ("/figures/more", "", False),
    ("/favicon.png", "", False),
    ("/static/js/index.DormvYxC.js", "", False),
    ("/_stcore/health", "", False),
    ("/_stcore", "", False),
    ("/static", "", False),
    ("/media", "", False),
    ("/component", "", False),
    ("/app", "", False),
    ("/explorer/figures", "explorer", True),  # server.baseUrlPath = "explorer"
    ("/explorer/figures", "/explorer/", True),
    ("/explorer", "explorer", False),
    ("/explorer/", "explorer", False),
    ("/figures", "explorer", False),
])
def test_page_links_are_one_path_segment_below_the_app(path, base, expected):
    assert is_page_link(path, base) is expected


def test_the_hint_is_the_first_thing_in_the_head():
    assert with_hint(PAGE) == (b"<!DOCTYPE html><html><head>" + SERVER_BASE_HINT +
                               b"<title>Streamlit</title></head><body></body></html>")
    assert with_hint(b"<html><body>no head</body></html>") == b"<html><body>no head</body></html>"


def test_the_hint_keeps_a_host_s_own_settings_and_names_the_page_s_parent_address():
    assert SERVER_BASE_HINT == (b'<script>window.__streamlit=window.__streamlit||'
                    b'{BACKEND_BASE_URL:new URL(".",window.location.href).href}</script>')


def _serve(path: str, *, method: str = "GET", content_type: bytes = b"text/html; charset=utf-8",
           chunks: tuple[bytes, ...] = (PAGE,), base: str = "") -> tuple[list[dict], list]:
    """Run the middleware around a fake Streamlit answering `chunks`; return what was sent and the headers it saw."""
    seen_headers: list = []

    async def streamlit(scope, receive, send):
        seen_headers.extend(scope["headers"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type),
                                (b"content-length", str(sum(map(len, chunks))).encode()),
                                (b"cache-control", b"no-cache")]})
        for i, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": i < len(chunks) - 1})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": method, "path": path,
             "headers": [(b"accept-encoding", b"gzip, deflate"), (b"accept", b"text/html")]}
    run(ServerBaseHint(streamlit, base_url_path=base)(scope, receive, send))
    return sent, seen_headers


def test_a_page_link_s_html_gets_the_hint_and_a_matching_length():
    sent, seen = _serve("/figures", chunks=(PAGE[:20], PAGE[20:]))
    start, body = sent
    assert body == {"type": "http.response.body", "body": with_hint(PAGE)}
    assert start["status"] == 200
    assert start["headers"] == [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-cache"),
                                (b"content-length", str(len(PAGE) + len(SERVER_BASE_HINT)).encode())]
    assert seen == [(b"accept", b"text/html")]  # asked for uncompressed, so the hint can be written in


@pytest.mark.parametrize("path, method, content_type", [
    ("/", "GET", b"text/html; charset=utf-8"),
    ("/_stcore/health", "GET", b"text/plain"),
    ("/figures", "HEAD", b"text/html; charset=utf-8"),
    ("/figures", "POST", b"text/html; charset=utf-8"),
    ("/figures", "GET", b"application/json"),
])
def test_anything_else_passes_through_unchanged(path, method, content_type):
    sent, seen = _serve(path, method=method, content_type=content_type, chunks=(PAGE[:20], PAGE[20:]))
    assert [m.get("body") for m in sent] == [None, PAGE[:20], PAGE[20:]]
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(PAGE)).encode()
    if path != "/figures" or method != "GET":
        assert (b"accept-encoding", b"gzip, deflate") in seen


def test_websockets_pass_through():
    called = []

    async def streamlit(scope, receive, send):
        called.append(scope["type"])

    run(ServerBaseHint(streamlit, base_url_path="")({"type": "websocket", "path": "/_stcore/stream"}, None, None))
    assert called == ["websocket"]
