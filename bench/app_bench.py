"""The app against a bare Streamlit app, both started with `streamlit run` and driven by Debian's Chromium.

Every speed figure is a ratio against the bare app (bench/bare_app/app.py: one page, one Plotly
bar chart of ten bars read from a tiny YAML file, a button) measured in the same run, with the
two interleaved so the noise of a shared machine falls on both. Medians of repeated runs.

Suites (registered in bench/__main__.py):
  start        `streamlit run` to the first Plotly chart visible, cold server, fresh browser context
  click        a bar click on the Figures page to its sentence visible, vs the bare app's button rerun
  reruns       AppTest run time of each page with warm caches, vs the bare page
  scale        load, validate, frame and chart synthetic corpora of 100, 1,000 and 10,000 figures,
               and the Figures page's first chart in the browser at each size
  concurrency  10 browser sessions at once: time until all show the first chart, server memory (RSS)
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import psutil

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
BARE = Path(__file__).resolve().parent / "bare_app" / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
STATEMENT = "bgnes-2024-02-15-stoltenberg"
# The first Plotly chart with its bars drawn: plotly.js has rendered, not just the container.
CHART = "[data-testid='stPlotlyChart'] g.point path"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Every page app.py routes, read from app.py so a new page is measured without touching this file.
PAGES = re.findall(r'st\.Page\(\s*"(pages/[^"]+\.py)"', APP.read_text(encoding="utf-8"))
MB = 1024 * 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


# --- servers and browsers ------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `streamlit run` on a free loopback port, started the same way for the app and the bare app."""

    def __init__(self, script: Path, root: Path | None = None) -> None:
        self.script, self.root = script, root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="bench-streamlit-", suffix=".log", delete=False)

    def start(self) -> float:
        """Start it and wait until it answers its health check; returns the perf_counter at Popen."""
        env = dict(os.environ)
        env.pop("DEFENCE_FIGURES_ROOT", None)
        if self.root is not None:
            env["DEFENCE_FIGURES_ROOT"] = str(self.root)
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script),
             "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = started + 90
        while True:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"streamlit did not start: {Path(self.log.name).read_text()[-2000:]}")
            time.sleep(0.02)
        self.ready_at = time.perf_counter()
        return started

    def rss(self) -> int:
        """Resident memory of the server and any children (kaleido's Chromium, if a download ran)."""
        try:
            process = psutil.Process(self.proc.pid)
            return process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
        except psutil.Error:
            return 0

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        os.unlink(self.log.name)


@contextmanager
def running(script: Path, root: Path | None = None):
    server = Server(script, root)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    return context.new_page()


def first_chart_path(script: Path) -> str:
    """Where each app shows its first Plotly chart: the explorer's Figures page, the bare app's only page."""
    return "/figures" if script == APP else "/"


# --- start ---------------------------------------------------------------------------------------------


def _cold_start(browser, script: Path) -> dict:
    server = Server(script)
    try:
        started = server.start()
        page = new_page(browser)
        page.goto(server.url + first_chart_path(script), wait_until="commit")
        page.wait_for_selector(CHART, state="visible", timeout=120_000)
        shown = time.perf_counter()
        page.context.close()
        # The same page again in a fresh context on the now warm server: what the browser alone costs,
        # so the cold start splits into the server's first run and the browser's share.
        page = new_page(browser)
        again = time.perf_counter()
        page.goto(server.url + first_chart_path(script), wait_until="commit")
        page.wait_for_selector(CHART, state="visible", timeout=120_000)
        warm = time.perf_counter() - again
        page.context.close()
        return {"total_s": shown - started, "server_ready_s": server.ready_at - started,
                "page_to_chart_s": shown - server.ready_at, "warm_server_page_to_chart_s": warm}
    finally:
        server.stop()


def run_start(repeats: int = 5) -> dict:
    runs = {"app": [], "bare": []}
    with chromium() as browser:
        _cold_start(browser, APP), _cold_start(browser, BARE)  # warm the OS file cache and .pyc files
        for i in range(repeats):
            for name in (("app", "bare") if i % 2 == 0 else ("bare", "app")):
                runs[name].append(_cold_start(browser, APP if name == "app" else BARE))
    result = {"repeats": repeats}
    for name, rows in runs.items():
        result[name] = {key: round(median([r[key] for r in rows]), 3) for key in rows[0]}
        result[name]["all_total_s"] = [round(r["total_s"], 3) for r in rows]
    result["ratio"] = ratio(result["app"]["total_s"], result["bare"]["total_s"])
    result["target"] = 1.2
    return result


def report_start(r: dict) -> str:
    app, bare = r["app"], r["bare"]
    return "\n".join([
        f"Cold start to first chart (`streamlit run` -> first Plotly chart visible; median of {r['repeats']})",
        f"  app  /figures: {app['total_s']:.2f} s (server ready {app['server_ready_s']:.2f} s + page {app['page_to_chart_s']:.2f} s)",
        f"  bare /       : {bare['total_s']:.2f} s (server ready {bare['server_ready_s']:.2f} s + page {bare['page_to_chart_s']:.2f} s)",
        f"  ratio {r['ratio']}x (target <= {r['target']}x: {verdict(r['ratio'], r['target'])})",
        f"  the same page again on the warm server: app {app['warm_server_page_to_chart_s']:.2f} s, "
        f"bare {bare['warm_server_page_to_chart_s']:.2f} s "
        f"({ratio(app['warm_server_page_to_chart_s'], bare['warm_server_page_to_chart_s'])}x)",
    ])


# --- click ---------------------------------------------------------------------------------------------

_NEW_PANEL = """prev => {
  const panel = document.querySelector('.df-panel');
  return !!panel && panel.dataset.figure !== prev && !!panel.querySelector('mark.df-selected');
}"""


def _click_bar(page, index: int, misses: list[int]) -> float:
    """Click bar `index` and time it until its sentence shows. A click that opens no new sentence within
    5 s (Plotly took it as a click on the background, which deselects) is retried and counted in misses."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    previous = page.evaluate("() => { const p = document.querySelector('.df-panel'); return p ? p.dataset.figure : null; }")
    bar = page.locator(".st-key-money_chart g.point path").nth(index)
    for _ in range(4):
        bar.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")  # clear of the sticky top bar
        page.wait_for_timeout(150)  # untimed: the layout settles after the scroll
        box = bar.bounding_box()
        started = time.perf_counter()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            page.wait_for_function(_NEW_PANEL, arg=previous, timeout=5_000, polling="raf")
        except PlaywrightTimeout:
            misses.append(index)
            page.wait_for_selector(IDLE, timeout=30_000)
            page.mouse.move(5, 5)
            continue
        page.locator(".df-panel mark.df-selected").first.wait_for(state="visible")
        took = time.perf_counter() - started
        page.wait_for_selector(IDLE, timeout=30_000)
        page.mouse.move(5, 5)  # off the chart, so no hover label covers the next bar
        page.wait_for_timeout(100)
        return took
    raise RuntimeError(f"four clicks on bar {index} opened no new sentence (the panel still shows {previous})")


def _click_button(page, clicks: int) -> float:
    started = time.perf_counter()
    page.locator(".st-key-rerun button").click()
    page.get_by_text(f"Clicks: {clicks}", exact=True).wait_for(state="visible", timeout=30_000)
    took = time.perf_counter() - started
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(100)
    return took


def run_click(repeats: int = 12) -> dict:
    times = {"app": [], "bare": []}
    with chromium() as browser, running(APP) as app, running(BARE) as bare:
        app_page = new_page(browser)
        app_page.goto(f"{app.url}/figures?doc={STATEMENT}")
        app_page.wait_for_selector(".st-key-money_chart " + CHART.split(" ", 1)[1], state="visible", timeout=60_000)
        app_page.wait_for_selector(IDLE)
        bare_page = new_page(browser)
        bare_page.goto(bare.url)
        bare_page.wait_for_selector(CHART, state="visible", timeout=60_000)
        bare_page.wait_for_selector(IDLE)
        bars = app_page.locator(".st-key-money_chart g.point path").count()
        misses: list[int] = []
        # One untimed round each: the first rerun of a session imports what a click needs.
        _click_bar(app_page, 0, misses)
        _click_button(bare_page, 1)
        for i in range(repeats):
            order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
            for name in order:
                if name == "app":
                    times["app"].append(_click_bar(app_page, (i + 1) % bars, misses))
                else:
                    times["bare"].append(_click_button(bare_page, i + 2))
    result = {"repeats": repeats, "bars": bars, "clicks_retried": len(misses),
              "app_ms": ms(median(times["app"])), "bare_ms": ms(median(times["bare"])),
              "app_all_ms": [ms(t) for t in times["app"]], "bare_all_ms": [ms(t) for t in times["bare"]]}
    result["ratio"] = ratio(result["app_ms"], result["bare_ms"])
    result["target"] = 1.5
    return result


def report_click(r: dict) -> str:
    return "\n".join([
        f"Click to sentence (median of {r['repeats']}, interleaved)",
        f"  app : bar on the Figures page -> its sentence visible: {r['app_ms']:.0f} ms",
        f"  bare: button -> rerun's new text visible:              {r['bare_ms']:.0f} ms",
        f"  ratio {r['ratio']}x (target <= {r['target']}x: {verdict(r['ratio'], r['target'])})",
        f"  clicks that opened no new sentence and were retried (not timed): {r['clicks_retried']}",
    ])


# --- reruns --------------------------------------------------------------------------------------------


def _rerun_times(repeats: int) -> dict:
    from streamlit.testing.v1 import AppTest

    tests = {}
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.switch_page(page)
        at.run()  # warms the corpus cache and the page's imports
        assert not at.exception, (page, [e.value for e in at.exception])
        tests[page] = at
    bare = AppTest.from_file(str(BARE), default_timeout=120)
    bare.run()
    times: dict[str, list[float]] = {name: [] for name in [*PAGES, "bare"]}
    for _ in range(repeats):
        for name in [*PAGES, "bare"]:
            at = bare if name == "bare" else tests[name]
            started = time.perf_counter()
            at.run()
            times[name].append(time.perf_counter() - started)
            # the bare page after every page, so both see the same moment of the machine
            started = time.perf_counter()
            bare.run()
            times["bare"].append(time.perf_counter() - started)
    bare_ms = ms(median(times["bare"]))
    pages = {Path(page).stem: {"ms": ms(median(times[page])), "ratio": ratio(ms(median(times[page])), bare_ms)}
             for page in PAGES}
    return {"bare_ms": bare_ms, "pages": pages, "worst_ratio": max(p["ratio"] for p in pages.values())}


def run_reruns(repeats: int = 15) -> dict:
    """Judged as a server reruns a page (internals.apptest_reruns_as_served); AppTest's own figures beside them."""
    from defence_figures.app.internals import apptest_reruns_as_served

    as_apptest_runs = _rerun_times(repeats)
    with apptest_reruns_as_served():
        as_served = _rerun_times(repeats)
    return {"repeats": repeats, "target": 2.0, **as_served, "as_apptest_runs": as_apptest_runs}


def report_reruns(r: dict) -> str:
    raw = r["as_apptest_runs"]
    lines = [f"Page reruns (AppTest with a server's script cache, warm caches, median of {r['repeats']}; bare page "
             f"{r['bare_ms']:.0f} ms); as AppTest runs them (every script compiled again, and the older multipage "
             f"shim first): bare page {raw['bare_ms']:.0f} ms"]
    for name, row in r["pages"].items():
        lines.append(f"  {name:<9} {row['ms']:7.0f} ms = {row['ratio']:5.2f}x (target <= {r['target']}x: "
                     f"{verdict(row['ratio'], r['target'])}); as AppTest runs it {raw['pages'][name]['ms']:.0f} ms "
                     f"= {raw['pages'][name]['ratio']:.2f}x")
    return "\n".join(lines)


# --- scale ---------------------------------------------------------------------------------------------


def _timed(action, repeats: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - started)
    return median(times), value


def _in_process(root: Path, repeats: int) -> dict:
    from defence_figures.corpus import charts
    from defence_figures.corpus.frames import comparisons_frame, documents_frame, figure_rows, figures_frame
    from defence_figures.corpus.load import load_corpus

    load_s, result = _timed(lambda: load_corpus(root / "curated", root / "data" / "sources", root=root), repeats)
    assert not result.problems, result.problems[:3]
    frames_s, frame = _timed(lambda: (figures_frame(result.corpus), documents_frame(result.corpus),
                                      comparisons_frame(result.corpus))[0], repeats)
    rows = figure_rows(result.corpus)
    colours = charts.document_colours(rows)
    chart_s, _ = _timed(lambda: (charts.money_chart(rows, colours), charts.count_chart(rows, colours),
                                 charts.share_chart(rows, colours)), repeats)
    return {"load_validate_s": round(load_s, 4), "frames_s": round(frames_s, 4), "charts_s": round(chart_s, 4),
            "figures_loaded": len(frame)}


def _figures_page(browser, server: Server, timeout_s: float) -> dict:
    """Open the Figures page in a fresh context: time to the first chart and to the end of the run."""
    page = new_page(browser)
    started = time.perf_counter()
    try:
        page.goto(server.url + "/figures", wait_until="commit")
        page.wait_for_selector(CHART, state="visible", timeout=timeout_s * 1000)
        chart = time.perf_counter() - started
        page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
        done = time.perf_counter() - started
        return {"first_chart_s": round(chart, 3), "page_done_s": round(done, 3)}
    except Exception as error:  # a timeout is a result: report it, do not hide it
        return {"first_chart_s": None, "page_done_s": None, "error": f"{type(error).__name__} after {timeout_s:.0f} s"}
    finally:
        page.context.close()


def run_scale(sizes: tuple[int, ...] = (100, 1_000, 10_000), page_timeout_s: float = 150) -> dict:
    from .synthetic import write_corpus

    result: dict = {"sizes": list(sizes), "rows": {}}
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for size in sizes:
            root = write_corpus(Path(tmp) / str(size), size)
            row = _in_process(root, repeats=5 if size <= 1_000 else 3)
            with running(APP, root) as server:
                row["cold"] = _figures_page(browser, server, page_timeout_s)  # loads the corpus
                row["warm_rss_mb"] = round(server.rss() / MB, 1)
                warm = [_figures_page(browser, server, page_timeout_s) for _ in range(3 if size < 10_000 else 1)]
                ok = [w for w in warm if w["first_chart_s"] is not None]
                row["warm"] = ({"first_chart_s": round(median([w["first_chart_s"] for w in ok]), 3),
                                "page_done_s": round(median([w["page_done_s"] for w in ok]), 3)}
                               if ok else warm[0])
                errors = [line for line in server.log_text().splitlines() if "Traceback" in line or "Error" in line]
                row["server_errors"] = errors[:5]
            result["rows"][str(size)] = row
    rows = result["rows"]
    growth = {}
    for small, big in zip(sizes, sizes[1:]):
        a, b = rows[str(small)], rows[str(big)]
        key = f"{small}->{big}"
        growth[key] = {
            "load_validate": ratio(b["load_validate_s"], a["load_validate_s"]),
            "frames": ratio(b["frames_s"], a["frames_s"]),
            "charts": ratio(b["charts_s"], a["charts_s"]),
            "size": round(big / small, 1),
        }
        for phase in ("cold", "warm"):
            if a[phase]["first_chart_s"] and b[phase]["first_chart_s"]:
                growth[key][f"{phase}_first_chart"] = ratio(b[phase]["first_chart_s"], a[phase]["first_chart_s"])
    result["growth"] = growth
    small, big = rows[str(sizes[0])], rows[str(sizes[-1])]
    result["target_first_chart_ratio"] = 3.0
    for phase in ("cold", "warm"):
        got = big[phase]["first_chart_s"]
        result[f"{phase}_first_chart_ratio_{sizes[-1]}_vs_{sizes[0]}"] = (
            ratio(got, small[phase]["first_chart_s"]) if got and small[phase]["first_chart_s"] else None)
    return result


def report_scale(r: dict) -> str:
    lines = ["Scale: synthetic corpora (load+validate, frames, charts in process: median; Figures page in Chromium)"]
    for size, row in r["rows"].items():
        def page(p):
            return (f"first chart {p['first_chart_s']:.2f} s, page done {p['page_done_s']:.2f} s"
                    if p.get("first_chart_s") is not None else p.get("error", "failed"))
        lines.append(f"  {int(size):>6,} figures: load+validate {row['load_validate_s']:.3f} s, frames "
                     f"{row['frames_s']:.3f} s, charts {row['charts_s']:.3f} s; server RSS {row['warm_rss_mb']} MB")
        lines.append(f"          Figures page cold (loads the corpus): {page(row['cold'])}")
        lines.append(f"          Figures page warm:                    {page(row['warm'])}")
    for key, g in r["growth"].items():
        parts = ", ".join(f"{k} {v}x" for k, v in g.items() if k != "size")
        lines.append(f"  growth {key} ({g['size']}x the figures; linear = {g['size']}x): {parts}")
    sizes = r["sizes"]
    for phase in ("cold", "warm"):
        value = r[f"{phase}_first_chart_ratio_{sizes[-1]}_vs_{sizes[0]}"]
        shown = f"{value}x" if value is not None else "no chart within the timeout"
        met = "meets" if value is not None and value < r["target_first_chart_ratio"] else "MISSES"  # "under 3x"
        lines.append(f"  {phase} first chart, {sizes[-1]:,} vs {sizes[0]:,} figures: {shown} "
                     f"(target < {r['target_first_chart_ratio']}x: {met})")
    return "\n".join(lines)


# --- concurrency ---------------------------------------------------------------------------------------


def browsers_at_once(browser, url: str, sessions: int) -> tuple[list, float]:
    """Open url in `sessions` fresh contexts at once: the pages, each run finished, and the seconds until all showed a chart."""
    pages = [new_page(browser) for _ in range(sessions)]
    started = time.perf_counter()
    for page in pages:
        page.goto(url, wait_until="commit")
    for page in pages:
        page.wait_for_selector(CHART, state="visible", timeout=180_000)
    all_shown = time.perf_counter() - started
    for page in pages:
        page.wait_for_selector(IDLE, timeout=180_000)
    return pages, all_shown


def _sessions_at_once(browser, script: Path, sessions: int) -> dict:
    with running(script) as server:
        warm = new_page(browser)  # one session first: the corpus is loaded, the imports are done
        warm.goto(server.url + first_chart_path(script))
        warm.wait_for_selector(CHART, state="visible", timeout=120_000)
        warm.wait_for_selector(IDLE, timeout=120_000)
        if script == APP:
            # The warm-up reads NATO's workbook 5 s after start (defence_figures/app/server.py); a table
            # page loads it now, so the server is warm for all of it.
            warm.goto(server.url + "/tracker")
            warm.wait_for_selector("[data-testid='stPlotlyChart']", state="visible", timeout=120_000)
            warm.wait_for_selector(IDLE, timeout=120_000)
        warm.context.close()
        time.sleep(1.0)
        rss_idle = server.rss()
        peak = [rss_idle]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], server.rss())
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        pages, all_shown = browsers_at_once(browser, server.url + first_chart_path(script), sessions)
        time.sleep(1.0)
        rss_sessions = server.rss()
        stop.set()
        sampler.join()
        for page in pages:
            page.context.close()
        return {"all_first_chart_s": all_shown, "rss_idle_mb": rss_idle / MB, "rss_peak_mb": peak[0] / MB,
                "rss_with_sessions_mb": rss_sessions / MB}


def run_concurrency(sessions: int = 10, repeats: int = 3) -> dict:
    runs = {"app": [], "bare": []}
    with chromium() as browser:
        for i in range(repeats):
            for name in (("app", "bare") if i % 2 == 0 else ("bare", "app")):
                runs[name].append(_sessions_at_once(browser, APP if name == "app" else BARE, sessions))
    result = {"sessions": sessions, "repeats": repeats}
    for name, rows in runs.items():
        result[name] = {key: round(median([r[key] for r in rows]), 3 if key.endswith("_s") else 1) for key in rows[0]}
        result[name]["per_session_mb"] = round(
            (result[name]["rss_with_sessions_mb"] - result[name]["rss_idle_mb"]) / sessions, 2)
    result["time_ratio"] = ratio(result["app"]["all_first_chart_s"], result["bare"]["all_first_chart_s"])
    result["rss_ratio"] = ratio(result["app"]["rss_with_sessions_mb"], result["bare"]["rss_with_sessions_mb"])
    result["rss_peak_ratio"] = ratio(result["app"]["rss_peak_mb"], result["bare"]["rss_peak_mb"])
    return result


def report_concurrency(r: dict) -> str:
    app, bare = r["app"], r["bare"]
    return "\n".join([
        f"Concurrency: {r['sessions']} browser sessions at once on a warm server (median of {r['repeats']})",
        f"  all show the first chart: app {app['all_first_chart_s']:.2f} s, bare {bare['all_first_chart_s']:.2f} s "
        f"= {r['time_ratio']}x",
        f"  server RSS idle -> peak -> with {r['sessions']} sessions: app {app['rss_idle_mb']:.0f} -> "
        f"{app['rss_peak_mb']:.0f} -> {app['rss_with_sessions_mb']:.0f} MB ({app['per_session_mb']} MB a session), "
        f"bare {bare['rss_idle_mb']:.0f} -> {bare['rss_peak_mb']:.0f} -> {bare['rss_with_sessions_mb']:.0f} MB "
        f"({bare['per_session_mb']} MB a session)",
        f"  memory ratio with sessions {r['rss_ratio']}x, peak {r['rss_peak_ratio']}x (no target set; reported)",
    ])


START = SimpleNamespace(run=run_start, report=report_start)
CLICK = SimpleNamespace(run=run_click, report=report_click)
RERUNS = SimpleNamespace(run=run_reruns, report=report_reruns)
SCALE = SimpleNamespace(run=run_scale, report=report_scale)
CONCURRENCY = SimpleNamespace(run=run_concurrency, report=report_concurrency)
