"""Visitors without a browser: each fetches a page and the files Chromium fetched for it, then runs it over a WebSocket to its first chart.

Why: on this 2-core machine ten Chromium visitors spent about 45 s of CPU drawing their first chart
while the app processes spent about 2 s serving them (measured with psutil around the proxy suite's
ten visitors), so the browsers' time hides whatever the server does. These clients draw nothing: what
they wait for is what the server does for a first visit. The requests are the ones Chromium made
(recorded once per page with Playwright), six at a time as a browser does over HTTP/1.1, with a
cookie jar per visitor so the proxy's affinity cookie keeps each visitor on one process. Each visitor
comes from its own loopback address (127.0.0.2, 127.0.0.3, ...), as ten readers come from ten machines:
from one address, the proxy's per-address rate limit answers 429 to the fortieth request of the tenth.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.client
import http.cookiejar
import time
import urllib.request
from urllib.parse import urlsplit

from websockets.asyncio.client import connect

from defence_figures.app.internals import adds_a_chart, first_run_request

STREAM = "/_stcore/stream"
PARALLEL_REQUESTS = 6  # Chromium's connections per host over HTTP/1.1


def recorded_first_visit(browser, url: str, shown: str, idle: str) -> list[str]:
    """The paths Chromium requests for a first visit to url (the page first), the WebSocket left out."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        paths: list[str] = []
        page.on("request", lambda request: paths.append(urlsplit(request.url)._replace(scheme="", netloc="").geturl()))
        page.goto(url)
        page.wait_for_selector(shown, state="visible", timeout=120_000)
        page.wait_for_selector(idle, timeout=120_000)
    finally:
        context.close()
    return [p for p in dict.fromkeys(paths) if p != STREAM]


class _FromAddress(urllib.request.HTTPHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, request):
        return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(self.address, 0)), request)


async def _visit(base: str, paths: list[str], page_name: str, address: str) -> float:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(_FromAddress(address), urllib.request.HTTPCookieProcessor(jar))

    def fetch(path: str) -> None:
        request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
        with opener.open(request, timeout=120) as response:
            response.read()

    started = time.perf_counter()
    await asyncio.to_thread(fetch, paths[0])  # the page sets the affinity cookie the rest must carry
    slots = asyncio.Semaphore(PARALLEL_REQUESTS)

    async def fetch_in_slot(path: str) -> None:
        async with slots:
            await asyncio.to_thread(fetch, path)

    await asyncio.gather(*(fetch_in_slot(p) for p in paths[1:]))
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    stream = "ws" + base.removeprefix("http") + STREAM
    async with connect(stream, subprotocols=["streamlit"], origin=base, max_size=None, local_addr=(address, 0),
                       additional_headers={"Cookie": cookies} if cookies else None) as socket:
        await socket.send(first_run_request(page_name, base + paths[0]))
        async for frame in socket:
            if isinstance(frame, bytes) and adds_a_chart(frame):
                return time.perf_counter() - started
    raise RuntimeError(f"{base}{paths[0]}: the WebSocket closed before a chart arrived")


def visitors_at_once(base: str, paths: list[str], page_name: str, visitors: int) -> list[float]:
    """Seconds until each of `visitors` simultaneous first visits has its chart, in the order they started."""
    async def all_of_them() -> list[float]:
        return await asyncio.gather(*(_visit(base, paths, page_name, f"127.0.0.{2 + i}") for i in range(visitors)))

    # A thread of its own: Playwright's sync API keeps an event loop running in the caller's.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, all_of_them()).result()
