"""The proxy suite: ten visitors at once through `make serve`'s nginx with 1, 2 and N app processes, and each process's memory.

Each configuration is started as `make serve` starts it (deploy/serve.py), on free loopback ports in a
throwaway run folder, with the explorer, the bare app (bench/bare_app/app.py) or the bare app on the
whole required stack (bench/bare_app/with_pandas.py) in every process. Every process is first served
the same pages straight on its own port (the explorer: the Figures page's first chart, then the 2%
tracker, a table page; a bare app: its one page, twice), so the memory compared is "after the same
pages". Then, for the explorer and the bare app:
- ten fresh browser contexts open the first chart's page through the proxy at once: the time until
  all ten show their chart, and each process's memory again (the growth over ten is the memory per
  added visitor). On a 2-core machine the ten browsers' own drawing is most of this time;
- ten visitors without a browser (bench/visitor_client.py) make the same first visit at once: the
  time until all ten have their chart, which is what the server does, and what N processes change.
Every configuration alternates within each repeat (the order reversed on the next), so a shared
machine's noise falls on all of them; medians. Memory is RSS, what the issue and the concurrency suite
count, and USS, what a process holds of its own (RSS less the library pages it shares with its
siblings). Where the explorer's memory goes is measured step by step in a fresh interpreter
(memory_by_step). Registered as the suite `proxy` in bench/__main__.py; `python -m bench.proxy_bench
[WORKERS...]` runs it alone and saves bench/results/proxy-<time>.json (never latest.json).
"""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import psutil

from .app_bench import APP, BARE, CHART, IDLE, MB, REPO, browsers_at_once, chromium, free_port, median, new_page, ratio
from .visitor_client import recorded_first_visit, visitors_at_once

SERVE = REPO / "deploy" / "serve.py"
SESSIONS = 10
PLOTLY = "[data-testid='stPlotlyChart']"
BARE_WITH_PANDAS = BARE.parent / "with_pandas.py"
BROWSERLESS_REPEATS = 5
# Per app: the script, the pages every process serves first (with what shows each is drawn), the visitors' page
# (its first entry), and whether visitors are timed: the pandas baseline is there for memory only.
VARIANTS = {
    "explorer": (APP, [("/figures", CHART), ("/tracker", PLOTLY)], True),
    "bare": (BARE, [("/", CHART), ("/", CHART)], True),
    "bare_with_pandas": (BARE_WITH_PANDAS, [("/", CHART), ("/", CHART)], False),
}


def worker_counts() -> list[int]:
    """1, 2 and one per core (`make serve`'s default), each once: on a 2-core machine N is 2."""
    return sorted({1, 2, os.cpu_count() or 1})


def process_memory(pid: int) -> tuple[int, int]:
    """RSS and USS of the process and its children (kaleido's Chromium, had a download run); zeros once it is gone."""
    try:
        process = psutil.Process(pid)
        infos = [p.memory_full_info() for p in [process, *process.children(recursive=True)]]
    except psutil.Error:
        return 0, 0
    return sum(i.rss for i in infos), sum(i.uss for i in infos)


def _show_page(browser, url: str, chart: str = CHART) -> None:
    page = new_page(browser)
    try:
        page.goto(url)
        page.wait_for_selector(chart, state="visible", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
    finally:
        page.context.close()


def _visitors_through_proxy(browser, variant: str, workers: int, sessions: int) -> dict:
    script, warm_pages, timed = VARIANTS[variant]
    visit = warm_pages[0][0]
    with tempfile.TemporaryDirectory(prefix="proxy-bench-") as tmp:
        run_dir = Path(tmp)
        port = free_port()
        app_ports = []
        while len(app_ports) < workers:
            candidate = free_port()
            if candidate not in app_ports and candidate != port:
                app_ports.append(candidate)
        subprocess.run([sys.executable, str(SERVE), "start", "--run-dir", str(run_dir), "--port", str(port),
                        "--app-ports", ",".join(map(str, app_ports)), "--script", str(script)],
                       cwd=REPO, check=True, capture_output=True)
        try:
            pids = {int(p): row["pid"] for p, row in json.loads(subprocess.run(
                [sys.executable, str(SERVE), "status", "--run-dir", str(run_dir)], cwd=REPO, check=True,
                capture_output=True, text=True).stdout)["apps"].items()}
            requests: list[str] = []
            for app_port in app_ports:  # the same pages on every process, straight to it
                for path, shown in warm_pages:
                    if not requests:  # the first visit's requests, for the visitors without a browser
                        requests = recorded_first_visit(browser, f"http://127.0.0.1:{app_port}{path}", shown, IDLE)
                    else:
                        _show_page(browser, f"http://127.0.0.1:{app_port}{path}", shown)
            time.sleep(1.0)
            after_pages = {p: process_memory(pid) for p, pid in pids.items()}
            row = {"rss_after_pages_mb": [after_pages[p][0] / MB for p in app_ports],
                   "uss_after_pages_mb": [after_pages[p][1] / MB for p in app_ports]}
            if timed:
                row |= _ten_visitors(browser, run_dir, port, app_ports, pids, after_pages, visit, sessions, requests)
            row["server_tracebacks"] = sum(len(re.findall(r"Traceback", (run_dir / f"app-{p}.log").read_text()))
                                           for p in app_ports)
        finally:
            subprocess.run([sys.executable, str(SERVE), "stop", "--run-dir", str(run_dir)], cwd=REPO, capture_output=True)
    return row


def _ten_visitors(browser, run_dir: Path, port: int, app_ports: list[int], pids: dict, after_pages: dict, visit: str,
                  sessions: int, requests: list[str]) -> dict:
    pages, all_shown = browsers_at_once(browser, f"http://127.0.0.1:{port}{visit}", sessions)
    time.sleep(1.0)
    served = {p: process_memory(pid) for p, pid in pids.items()}
    for page in pages:
        page.context.close()
    time.sleep(0.5)  # nginx writes a WebSocket's line when it closes
    log = (run_dir / "nginx" / "access.log").read_text()
    sockets = {p: len(re.findall(rf'"GET /_stcore/stream [^"]*" 101 .*upstream=127\.0\.0\.1:{p} ', log))
               for p in app_ports}
    browserless = [max(visitors_at_once(f"http://127.0.0.1:{port}", requests, visit.strip("/"), sessions))
                   for _ in range(BROWSERLESS_REPEATS)]
    return {"all_first_chart_s": all_shown, "browserless_all_chart_s": median(browserless),
            "rss_with_sessions_mb": [served[p][0] / MB for p in app_ports],
            "per_visitor_mb": (sum(m[0] for m in served.values()) - sum(m[0] for m in after_pages.values())) / MB / sessions,
            "websockets_per_process": [sockets[p] for p in app_ports]}


# What the explorer's process holds, step by step, in a fresh interpreter: the bare app's imports first.
MEMORY_STEPS = """
import json, sys, psutil
steps = []
def step(name):
    info = psutil.Process().memory_full_info()
    steps.append({"step": name, "rss_mb": round(info.rss / 2**20, 1), "uss_mb": round(info.uss / 2**20, 1)})
step("Python and psutil")
import streamlit, plotly.graph_objects, yaml
step("Streamlit, Plotly's graph objects and PyYAML: what the bare app imports")
import pandas
step("pandas, with the NumPy and PyArrow it imports")
from defence_figures.app import server
server.warm_first_page()
step("the Figures page's modules, the corpus and its first chart (warm_first_page)")
server.warm_the_rest()
step("the frames, NATO's tables (read with calamine) and the table pages' modules (warm_the_rest)")
json.dump(steps, sys.stdout)
"""


def memory_by_step() -> list[dict]:
    env = {k: v for k, v in os.environ.items() if k != "DEFENCE_FIGURES_ROOT"}
    out = subprocess.run([sys.executable, "-c", MEMORY_STEPS], cwd=REPO, env=env, check=True, capture_output=True,
                         text=True, timeout=300).stdout
    return json.loads(out)


def _summary(rows: list[dict], workers: int) -> dict:
    def each(key: str) -> list[float]:
        return [round(median([r[key][i] for r in rows]), 1) for i in range(workers)]

    summary = {"rss_after_pages_mb": each("rss_after_pages_mb"), "uss_after_pages_mb": each("uss_after_pages_mb"),
               "server_tracebacks": sum(r["server_tracebacks"] for r in rows)}
    if "all_first_chart_s" in rows[0]:
        summary |= {"all_first_chart_s": round(median([r["all_first_chart_s"] for r in rows]), 3),
                    "all_first_chart_runs_s": [round(r["all_first_chart_s"], 3) for r in rows],
                    "browserless_all_chart_s": round(median([r["browserless_all_chart_s"] for r in rows]), 3),
                    "browserless_runs_s": [round(r["browserless_all_chart_s"], 3) for r in rows],
                    "rss_with_sessions_mb": each("rss_with_sessions_mb"),
                    "per_visitor_mb": round(median([r["per_visitor_mb"] for r in rows]), 2),
                    "websockets_per_process": [r["websockets_per_process"] for r in rows]}
    return summary


def _vs_one_process(by_workers: dict, counts: list[int], variant: str, key: str) -> dict[str, float]:
    one = by_workers[str(counts[0])][variant][key]
    return {str(n): ratio(by_workers[str(n)][variant][key], one) for n in counts}


def run_proxy(sessions: int = SESSIONS, repeats: int = 2, counts: list[int] | None = None) -> dict:
    counts = counts or worker_counts()
    order = [(workers, variant) for workers in counts for variant in VARIANTS]
    runs: dict[tuple[int, str], list[dict]] = {key: [] for key in order}
    with chromium() as browser:
        for i in range(repeats):
            for workers, variant in (order if i % 2 == 0 else order[::-1]):
                runs[workers, variant].append(_visitors_through_proxy(browser, variant, workers, sessions))
    result: dict = {"sessions": sessions, "repeats": repeats, "browserless_repeats": BROWSERLESS_REPEATS,
                    "workers": counts, "by_workers": {}}
    for workers in counts:
        row = {variant: _summary(runs[workers, variant], workers) for variant in VARIANTS}
        explorer = row["explorer"]
        for baseline in ("bare", "bare_with_pandas"):
            for memory in ("rss", "uss"):
                row[f"{memory}_after_pages_vs_{baseline}"] = ratio(max(explorer[f"{memory}_after_pages_mb"]),
                                                                   max(row[baseline][f"{memory}_after_pages_mb"]))
        row["per_visitor_vs_bare"] = ratio(explorer["per_visitor_mb"], row["bare"]["per_visitor_mb"])
        result["by_workers"][str(workers)] = row
    by_workers = result["by_workers"]
    result["browserless_vs_one_process"] = _vs_one_process(by_workers, counts, "explorer", "browserless_all_chart_s")
    result["bare_browserless_vs_one_process"] = _vs_one_process(by_workers, counts, "bare", "browserless_all_chart_s")
    result["time_vs_one_process"] = _vs_one_process(by_workers, counts, "explorer", "all_first_chart_s")
    result["bare_time_vs_one_process"] = _vs_one_process(by_workers, counts, "bare", "all_first_chart_s")
    result["slowest_vs_one_process"] = max(result["browserless_vs_one_process"].values())
    for baseline in ("bare", "bare_with_pandas"):
        result[f"worst_rss_after_pages_vs_{baseline}"] = max(row[f"rss_after_pages_vs_{baseline}"]
                                                              for row in by_workers.values())
    result["memory_by_step"] = memory_by_step()
    result["target_time_vs_one_process"] = 1.0  # judged on the visitors without a browser
    result["target_rss_vs_bare"] = 1.2  # judged against the bare app with pandas
    return result


def _judged(value: float, target: float) -> str:
    return f"target <= {target}x: {'meets' if value <= target else 'MISSES'}"


def report_proxy(r: dict) -> str:
    lines = [f"Through nginx: {r['sessions']} visitors open the first chart's page at once (median of {r['repeats']}; "
             f"without a browser, of {r['repeats']} x {r['browserless_repeats']}); every process first served the same "
             "pages (explorer: /figures, /tracker; a bare app: its page twice)"]
    for n, row in r["by_workers"].items():
        explorer, bare, stack = row["explorer"], row["bare"], row["bare_with_pandas"]
        served = r["browserless_vs_one_process"][n]
        lines += [
            f"  {n} process{'es' if n != '1' else ''}: served to all {r['sessions']} without a browser in "
            f"{explorer['browserless_all_chart_s']:.2f} s ({served}x one process; "
            f"{_judged(served, r['target_time_vs_one_process'])}); bare app {bare['browserless_all_chart_s']:.2f} s",
            f"      seen in {r['sessions']} browsers on this machine in {explorer['all_first_chart_s']:.2f} s "
            f"({r['time_vs_one_process'][n]}x one process); bare app {bare['all_first_chart_s']:.2f} s; "
            f"WebSockets per process {explorer['websockets_per_process']}",
            f"      memory per process after the same pages (RSS; USS): explorer {explorer['rss_after_pages_mb']} MB; "
            f"{explorer['uss_after_pages_mb']} MB, bare app with pandas {stack['rss_after_pages_mb']} MB; "
            f"{stack['uss_after_pages_mb']} MB: {row['rss_after_pages_vs_bare_with_pandas']}x "
            f"({_judged(row['rss_after_pages_vs_bare_with_pandas'], r['target_rss_vs_bare'])}); USS "
            f"{row['uss_after_pages_vs_bare_with_pandas']}x",
            f"      against the bare app without pandas ({bare['rss_after_pages_mb']} MB; {bare['uss_after_pages_mb']} MB): "
            f"{row['rss_after_pages_vs_bare']}x, USS {row['uss_after_pages_vs_bare']}x",
            f"      per added visitor: explorer {explorer['per_visitor_mb']} MB, bare {bare['per_visitor_mb']} MB; "
            f"server tracebacks {sum(row[v]['server_tracebacks'] for v in VARIANTS)}",
        ]
    lines.append("  where the explorer's memory goes (a fresh interpreter, step by step, RSS / USS):")
    previous = None
    for step in r["memory_by_step"]:
        grew = f" (+{step['rss_mb'] - previous['rss_mb']:.0f} MB)" if previous else ""
        lines.append(f"      {step['rss_mb']:6.1f} / {step['uss_mb']:6.1f} MB{grew} {step['step']}")
        previous = step
    return "\n".join(lines)


PROXY = SimpleNamespace(run=run_proxy, report=report_proxy)


def main(argv: list[str]) -> int:
    counts = [int(a) for a in argv] or None
    record = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(),
              "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    started = time.perf_counter()
    record["proxy"] = run_proxy(counts=counts)
    record["seconds"] = round(time.perf_counter() - started, 1)
    record["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(report_proxy(record["proxy"]), flush=True)
    out = REPO / "bench" / "results" / f"proxy-{record['when'].replace(':', '')}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"saved {out} ({record['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
