"""Soak: 4 browser sessions on loopback, a warm-up that visits every page, deep link and click once, then 30
seconds more cycling through them, clicking a bar on the Figures page and "Next" on the Present page. No server
error in the log, no exception shown, and the server's memory at the end within 10% of its memory after the warm-up."""
from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from urllib.parse import urlparse

import psutil
import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, streamlit_server

pytestmark = [pytest.mark.browser, pytest.mark.soak]

# Sized so `make test` stays within six minutes on a two-core machine: four sessions already keep the server
# and Chromium busy on both cores, and the warm-up fills every cache before memory is first measured, so the
# 30 seconds after it are all repeat views, where a leak would show.
SESSIONS = 4
SOAK_S = 30  # after the warm-up; loopback only, and it stops by itself
TIMEOUT_MS = 60_000  # the sessions share two cores with the server and Chromium
STATEMENT = "bgnes-2024-02-15-stoltenberg"
PAGES = ["/", "/figures", "/compare", "/sources", "/present", "/tracker", "/ally", "/fact-check", "/coverage",
         "/outcomes", "/data"]
DEEP_LINKS = [
    f"/figures?doc={STATEMENT}&figure=bgnes-380-billion",
    "/?figure=bgnes-600-billion",
    f"/sources?doc={STATEMENT}&figure=bgnes-600-billion",
    f"/present?deck={STATEMENT}&slide=bgnes-600-billion&theme=dark",
    "/compare?verdict=meaning_differs",
    "/figures?unit=allies&view=Table",
    "/figures?log=true&kind=target",
    "/tracker?year=2023",
    "/ally?ally=POL",
    "/fact-check?item=allies-at-2pct-2024",
]
# Clicks: a bar on the Figures page opens its sentence; Next on the Present page moves one slide.
CLICKS = ["bar", "next"]
SERVER_ERRORS = ("Traceback", "Uncaught")
REPORT = ARTIFACTS / "soak.json"


def server_process(port: int) -> psutil.Process:
    for child in psutil.Process().children(recursive=True):
        try:
            command = child.cmdline()
        except psutil.Error:
            continue
        if "streamlit" in " ".join(command) and str(port) in command:
            return child
    raise RuntimeError(f"no streamlit process on port {port}")


def rss(process: psutil.Process) -> int:
    return process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))


async def wait_for_app(page) -> None:
    """Until the page's script has drawn its title (or slide) and finished: under load a run can start late."""
    await page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=TIMEOUT_MS)
    await page.wait_for_timeout(250)
    await page.locator("h1, .df-slide, [data-testid='stAlertContentWarning']").first.wait_for(state="visible",
                                                                                            timeout=TIMEOUT_MS)
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT_MS)
    await page.wait_for_timeout(150)


class Counts:
    def __init__(self) -> None:
        self.page_views = 0
        self.clicks = 0
        self.cycles = 0
        self.actions = 0
        self.covered: set[str] = set()
        self.errors: list[str] = []  # shown to a reader: an exception, an error, a dialog, a wrong slide
        self.timeouts: list[str] = []  # an action that did not finish within TIMEOUT_MS


async def check(page, what: str, counts: Counts) -> None:
    for selector, name in (("[data-testid='stException']", "exception"), ("[data-testid='stAlertContentError']", "error")):
        if await page.locator(selector).count():
            text = await page.locator(selector).first.inner_text()
            counts.errors.append(f"{what}: {name} shown: {text[:300]}")
    if page.dialogs:
        counts.errors.append(f"{what}: JavaScript dialog {page.dialogs}")
        page.dialogs.clear()


async def visit(page, url: str, what: str, counts: Counts) -> None:
    await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await wait_for_app(page)
    counts.page_views += 1
    await check(page, what, counts)


async def click_bar(page, base: str, counts: Counts, index: int) -> None:
    await visit(page, f"{base}/figures?doc={STATEMENT}", "figures for a click", counts)
    bars = page.locator(".st-key-money_chart g.point path")
    await bars.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    bar = bars.nth(index % await bars.count())
    await bar.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    box = await bar.bounding_box()
    await page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.locator(".df-panel mark.df-selected").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    await wait_for_app(page)
    counts.clicks += 1
    await check(page, "a bar click", counts)


async def click_next(page, base: str, counts: Counts) -> None:
    await visit(page, f"{base}/present?deck={STATEMENT}", "present for a click", counts)
    await page.locator(".df-slide-count").wait_for(state="visible", timeout=TIMEOUT_MS)
    before = await page.locator(".df-slide-count").inner_text()
    await page.locator(".st-key-next button").click()
    try:
        await page.locator(".df-slide-count").filter(has_not_text=before).wait_for(state="visible", timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        counts.errors.append(f"Next did not move the slide ({before})")
    await wait_for_app(page)
    counts.clicks += 1
    await check(page, "Next on the present page", counts)


def steps_for(rng: random.Random) -> list[tuple[str, str]]:
    steps = [("page", p) for p in PAGES] + [("link", link) for link in DEEP_LINKS] + [("click", c) for c in CLICKS]
    rng.shuffle(steps)
    return steps


async def act(page, base: str, kind: str, target: str, number: int, counts: Counts) -> None:
    counts.actions += 1
    counts.covered.add(target)
    try:
        if kind == "click" and target == "bar":
            await click_bar(page, base, counts, number)
        elif kind == "click":
            await click_next(page, base, counts)
        else:
            await visit(page, base + target, target, counts)
    except PlaywrightTimeout as error:
        counts.timeouts.append(f"{kind} {target}: {str(error).splitlines()[0][:200]}")


async def soak(base: str, process: psutil.Process) -> dict:
    from playwright.async_api import async_playwright

    counts = Counts()
    memory: dict[str, float] = {}
    started = time.monotonic()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        pages = []
        for _ in range(SESSIONS):
            context = await browser.new_context(viewport={"width": 1280, "height": 720})
            context.set_default_timeout(TIMEOUT_MS)
            page = await context.new_page()
            page.dialogs = []
            page.on("dialog", lambda dialog, page=page: (page.dialogs.append(dialog.message),
                                                          asyncio.ensure_future(dialog.dismiss())))
            pages.append(page)

        # Warm-up: between them the sessions open every page, link and click once, and each opens the
        # Figures page, so every cache is filled and every session holds its state before memory is measured.
        every = steps_for(random.Random(0))

        async def warm_up(index: int) -> None:
            await act(pages[index], base, "link", DEEP_LINKS[0], index, counts)
            for kind, target in every[index::SESSIONS]:
                await act(pages[index], base, kind, target, index, counts)

        await asyncio.gather(*(warm_up(i) for i in range(SESSIONS)))
        await asyncio.sleep(2)
        memory["after_warm_up_mb"] = rss(process) / 2**20
        memory["warm_up_s"] = time.monotonic() - started
        deadline = time.monotonic() + SOAK_S

        async def session(index: int) -> None:
            rng = random.Random(1000 + index)
            number = 1
            while time.monotonic() < deadline:
                for kind, target in steps_for(rng):
                    if time.monotonic() >= deadline:
                        return
                    await act(pages[index], base, kind, target, number, counts)
                    number += 1
                counts.cycles += 1

        await asyncio.gather(*(session(i) for i in range(SESSIONS)))
        await asyncio.sleep(2)
        memory["at_end_mb"] = rss(process) / 2**20
        await browser.close()
    return {"sessions": SESSIONS, "seconds": round(time.monotonic() - started, 1), "page_views": counts.page_views,
            "clicks": counts.clicks, "cycles": counts.cycles, "actions": counts.actions, "errors": counts.errors,
            "timeouts": counts.timeouts, "covered": len(counts.covered),
            "to_cover": len(PAGES) + len(DEEP_LINKS) + len(CLICKS),
            **{k: round(v, 1) for k, v in memory.items()}}


def run_in_thread(coroutine) -> dict:
    """The async API in its own thread and event loop, apart from the sync Playwright of other tests."""
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the test's thread
            box["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


@pytest.mark.timeout(SOAK_S + 300)  # the warm-up, and the last actions may end up to TIMEOUT_MS after the soak
def test_sessions_cycling_every_page_leave_no_error_and_flat_memory():
    with streamlit_server() as url:
        port = urlparse(url).port
        process = server_process(port)
        result = run_in_thread(soak(url, process))
        log = (ARTIFACTS / f"streamlit-{port}.log").read_text()
    result["server_log_errors"] = [line for line in log.splitlines() if any(m in line for m in SERVER_ERRORS)]
    result["memory_growth"] = round(result["at_end_mb"] / result["after_warm_up_mb"] - 1, 4)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"soak: {result['sessions']} sessions, {result['seconds']} s, {result['page_views']} page views, "
          f"{result['clicks']} clicks, {result['cycles']} full cycles, {result['covered']} of {result['to_cover']} pages, links and clicks covered, {len(result['errors'])} errors shown, "
          f"{len(result['timeouts'])} of {result['actions']} actions timed out, "
          f"{len(result['server_log_errors'])} server log errors; RSS {result['after_warm_up_mb']} MB after warm-up, "
          f"{result['at_end_mb']} MB at the end ({result['memory_growth']:+.1%})")
    assert result["covered"] == result["to_cover"], "not every page, link and click was visited"
    assert not result["errors"], result["errors"][:10]
    # A slow action on a shared two-core machine is not an error, but an app that stops answering is.
    assert len(result["timeouts"]) <= 0.05 * result["actions"], result["timeouts"][:10]
    assert not result["server_log_errors"], "\n".join(result["server_log_errors"][:10]) + "\n" + log[-3000:]
    assert abs(result["memory_growth"]) <= 0.10, result
