"""python -m bench [SUITE...]: run the benchmarks (all by default), print them and save them under bench/results/."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import app_bench, load_bench, proxy_bench, sources_bench

SUITES = {"load": load_bench, "start": app_bench.START, "click": app_bench.CLICK,
          "reruns": app_bench.RERUNS, "scale": app_bench.SCALE, "concurrency": app_bench.CONCURRENCY,
          "sources": sources_bench, "proxy": proxy_bench.PROXY}


def _chromium_version() -> str:
    try:
        out = subprocess.run([app_bench.CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return "none"
    return out.strip()


def main(argv: list[str]) -> int:
    chosen = argv or list(SUITES)
    unknown = [name for name in chosen if name not in SUITES]
    if unknown:
        print(f"unknown suite {', '.join(unknown)}; the suites are: {', '.join(SUITES)}", file=sys.stderr)
        return 2
    record = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(), "chromium": _chromium_version(),
              "load_average_at_start": [round(x, 2) for x in os.getloadavg()], "suites": {}, "seconds": {}}
    for name in chosen:
        started = time.perf_counter()
        results = SUITES[name].run()
        record["suites"][name] = results
        record["seconds"][name] = round(time.perf_counter() - started, 1)
        print(SUITES[name].report(results), flush=True)
        print(f"  ({record['seconds'][name]:.0f} s)", flush=True)
    out = Path(__file__).parent / "results" / f"{record['when'].replace(':', '')}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    (out.parent / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
