"""The HTML of a page's own link (/figures), told where the server is so the browser connects at once."""
from __future__ import annotations

import re

# Streamlit's frontend, opened at /figures, first asks /figures/_stcore/health, gets a 404 and tries
# /_stcore/health 100 ms later (PD and VD in its index.js, 1.67). Every shared link to a page paid
# for that wait, the first visitor included (bench: cold start, 0.12 s of 3.4 s). window.__streamlit
# is the frontend's documented hook for hosts to say where the server is; the page's parent
# address is where that second probe always connects, also behind a proxy that adds a prefix.
HINT = (b'<script>window.__streamlit=window.__streamlit||'
        b'{BACKEND_BASE_URL:new URL(".",window.location.href).href}</script>')
# Paths that are never a page: Streamlit's own routes and its static, media and component files.
_NOT_PAGES = ("_stcore", "static", "media", "component", "app")
_PAGE = re.compile(r"/[^/.]+")


def is_page_link(path: str, base_url_path: str = "") -> bool:
    """True for /figures (a page's link, one path segment below the app), not for / or a file or route."""
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    if base and not path.startswith(base + "/"):
        return False
    relative = path[len(base):]
    return bool(_PAGE.fullmatch(relative)) and relative[1:] not in _NOT_PAGES


def with_hint(html: bytes) -> bytes:
    """The page with the hint as the first thing in its <head>, before Streamlit's script reads it."""
    return html.replace(b"<head>", b"<head>" + HINT, 1) if b"<head>" in html else html


class ServerBaseHint:
    """ASGI middleware for st.App: adds HINT to the HTML Streamlit serves for a page's link."""

    def __init__(self, app, base_url_path: str | None = None) -> None:
        self.app = app
        self.base_url_path = base_url_path

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not is_page_link(scope["path"], self._base()):
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
            from streamlit import config

            return config.get_option("server.baseUrlPath") or ""
        return self.base_url_path
