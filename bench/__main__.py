"""python -m bench [load]: run the benchmarks, print them and save them under bench/results/."""
from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

from . import load_bench

SUITES = {"load": load_bench}


def main(argv: list[str]) -> int:
    chosen = argv or list(SUITES)
    record = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": __import__("os").cpu_count(), "suites": {}}
    for name in chosen:
        results = SUITES[name].run()
        record["suites"][name] = results
        print(SUITES[name].report(results), flush=True)
    out = Path(__file__).parent / "results" / f"{record['when'].replace(':', '')}.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    (out.parent / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
