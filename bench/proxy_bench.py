"""python -m bench.proxy_bench: ten visitors at once through `make serve`'s nginx with 1, 2 and N app processes, and each process's memory.

Each configuration is started as `make serve` starts it (deploy/serve.py), on free loopback ports in a
throwaway run folder. Every process is first served the same pages straight on its own port (the Figures
page, then the 2% tracker, as the concurrency suite warms its one server), so the memory compared is
"after the same pages": then ten fresh browser contexts open /figures through the proxy at once, and the
time until all ten show their first chart is taken. Configurations alternate between repeats; medians.
The bare app's memory after its first chart is measured in the same run, as the baseline for a process.
Results are printed and saved as bench/results/proxy-<time>.json (never latest.json).
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

from .app_bench import BARE, CHART, IDLE, MB, REPO, chromium, free_port, median, new_page, ratio, running

SERVE = REPO / "deploy" / "serve.py"
SESSIONS = 10


def worker_counts() -> list[int]:
    """1, 2 and one per core (`make serve`'s default), each once: on a 2-core machine N is 2."""
    return sorted({1, 2, os.cpu_count() or 1})


def process_rss(pid: int) -> int:
    try:
        process = psutil.Process(pid)
        return process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
    except psutil.Error:
        return 0


def _show_page(browser, url: str, chart: str = CHART) -> None:
    page = new_page(browser)
    try:
        page.goto(url)
        page.wait_for_selector(chart, state="visible", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
    finally:
        page.context.close()


def _visitors_through_proxy(browser, workers: int, sessions: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="proxy-bench-") as tmp:
        run_dir = Path(tmp)
        port = free_port()
        app_ports = []
        while len(app_ports) < workers:
            candidate = free_port()
            if candidate not in app_ports and candidate != port:
                app_ports.append(candidate)
        subprocess.run([sys.executable, str(SERVE), "start", "--run-dir", str(run_dir), "--port", str(port),
                        "--app-ports", ",".join(map(str, app_ports))], cwd=REPO, check=True, capture_output=True)
        try:
            pids = {int(p): row["pid"] for p, row in json.loads(subprocess.run(
                [sys.executable, str(SERVE), "status", "--run-dir", str(run_dir)], cwd=REPO, check=True,
                capture_output=True, text=True).stdout)["apps"].items()}
            for app_port in app_ports:  # the same pages on every process, straight to it
                _show_page(browser, f"http://127.0.0.1:{app_port}/figures")
                _show_page(browser, f"http://127.0.0.1:{app_port}/tracker", "[data-testid='stPlotlyChart']")
            time.sleep(1.0)
            idle = {p: process_rss(pid) for p, pid in pids.items()}
            pages = [new_page(browser) for _ in range(sessions)]
            started = time.perf_counter()
            for page in pages:
                page.goto(f"http://127.0.0.1:{port}/figures", wait_until="commit")
            for page in pages:
                page.wait_for_selector(CHART, state="visible", timeout=180_000)
            all_shown = time.perf_counter() - started
            for page in pages:
                page.wait_for_selector(IDLE, timeout=180_000)
            time.sleep(1.0)
            served = {p: process_rss(pid) for p, pid in pids.items()}
            for page in pages:
                page.context.close()
            time.sleep(0.5)  # nginx writes a WebSocket's line when it closes
            log = (run_dir / "nginx" / "access.log").read_text()
            sockets = {p: len(re.findall(rf'"GET /_stcore/stream [^"]*" 101 .*upstream=127\.0\.0\.1:{p} ', log))
                       for p in app_ports}
            errors = sum(len(re.findall(r"Traceback", (run_dir / f"app-{p}.log").read_text())) for p in app_ports)
        finally:
            subprocess.run([sys.executable, str(SERVE), "stop", "--run-dir", str(run_dir)], cwd=REPO, capture_output=True)
    return {"all_first_chart_s": all_shown,
            "rss_after_pages_mb": [idle[p] / MB for p in app_ports],
            "rss_with_sessions_mb": [served[p] / MB for p in app_ports],
            "per_visitor_mb": (sum(served.values()) - sum(idle.values())) / MB / sessions,
            "websockets_per_process": [sockets[p] for p in app_ports], "server_tracebacks": errors}


def _bare_after_first_chart(browser) -> float:
    with running(BARE) as server:
        _show_page(browser, server.url + "/")
        time.sleep(1.0)
        return server.rss() / MB


def run_proxy(sessions: int = SESSIONS, repeats: int = 2, counts: list[int] | None = None) -> dict:
    counts = counts or worker_counts()
    runs: dict[int, list[dict]] = {n: [] for n in counts}
    bare = []
    with chromium() as browser:
        for i in range(repeats):
            for workers in (counts if i % 2 == 0 else counts[::-1]):
                runs[workers].append(_visitors_through_proxy(browser, workers, sessions))
            bare.append(_bare_after_first_chart(browser))
    bare_mb = round(median(bare), 1)
    result: dict = {"sessions": sessions, "repeats": repeats, "workers": counts, "bare_rss_after_first_chart_mb": bare_mb,
                    "by_workers": {}}
    for workers, rows in runs.items():
        row = {"all_first_chart_s": round(median([r["all_first_chart_s"] for r in rows]), 3),
               "all_first_chart_runs_s": [round(r["all_first_chart_s"], 3) for r in rows],
               "rss_after_pages_mb": [round(median([r["rss_after_pages_mb"][i] for r in rows]), 1) for i in range(workers)],
               "rss_with_sessions_mb": [round(median([r["rss_with_sessions_mb"][i] for r in rows]), 1)
                                        for i in range(workers)],
               "per_visitor_mb": round(median([r["per_visitor_mb"] for r in rows]), 2),
               "websockets_per_process": [r["websockets_per_process"] for r in rows],
               "server_tracebacks": sum(r["server_tracebacks"] for r in rows)}
        row["rss_after_pages_vs_bare"] = ratio(max(row["rss_after_pages_mb"]), bare_mb)
        result["by_workers"][str(workers)] = row
    one = result["by_workers"][str(counts[0])]["all_first_chart_s"]
    result["time_vs_one_process"] = {str(n): ratio(result["by_workers"][str(n)]["all_first_chart_s"], one) for n in counts}
    result["target_time_vs_one_process"] = 1.0
    result["target_rss_vs_bare"] = 1.2
    return result


def report_proxy(r: dict) -> str:
    lines = [f"Through nginx: {r['sessions']} visitors open /figures at once (median of {r['repeats']}); "
             f"each process first served /figures and /tracker. Bare app after its first chart: "
             f"{r['bare_rss_after_first_chart_mb']:.0f} MB"]
    for n, row in r["by_workers"].items():
        vs = r["time_vs_one_process"][n]
        lines.append(
            f"  {n} process{'es' if n != '1' else ''}: all show a chart in {row['all_first_chart_s']:.2f} s "
            f"({vs}x one process; target <= {r['target_time_vs_one_process']}x: "
            f"{'meets' if vs <= r['target_time_vs_one_process'] else 'MISSES'}); "
            f"WebSockets per process {row['websockets_per_process']}")
        lines.append(
            f"      memory per process after the same pages {row['rss_after_pages_mb']} MB "
            f"({row['rss_after_pages_vs_bare']}x the bare app; target <= {r['target_rss_vs_bare']}x: "
            f"{'meets' if row['rss_after_pages_vs_bare'] <= r['target_rss_vs_bare'] else 'MISSES'}), "
            f"with the visitors {row['rss_with_sessions_mb']} MB, {row['per_visitor_mb']} MB per visitor; "
            f"server tracebacks {row['server_tracebacks']}")
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
