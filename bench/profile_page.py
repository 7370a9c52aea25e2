"""Where a page's rerun spends its time: cProfile of the script thread under AppTest.

    .venv/bin/python -m bench.profile_page pages/figures.py               # the real corpus
    .venv/bin/python -m bench.profile_page pages/figures.py --figures 10000
    .venv/bin/python -m bench.profile_page bench/bare_app/app.py           # the baseline
    .venv/bin/python -m bench.profile_page pages/figures.py --cold        # the first run: imports, loads

AppTest runs the script in its own thread, which a plain `python -m cProfile` does not see;
this wraps the script runner's run in a profiler instead. The first run (imports, corpus load)
is profiled separately from the warm reruns.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def profile(page: str, figures: int | None, runs: int, top: int, sort: str, cold: bool = False) -> str:
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    profiler = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script
    active = {"on": cold}

    def run_script(self, *args, **kwargs):
        if not active["on"]:
            return original(self, *args, **kwargs)
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = run_script
    with tempfile.TemporaryDirectory() as tmp:
        if figures:
            from .synthetic import write_corpus

            os.environ["DEFENCE_FIGURES_ROOT"] = str(write_corpus(Path(tmp), figures))
        if page.startswith("pages/"):
            at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
            at.switch_page(page)
        else:
            at = AppTest.from_file(str(REPO / page), default_timeout=600)
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        active["on"] = not cold
        times = []
        for _ in range(0 if cold else runs):
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
    out = io.StringIO()
    out.write(f"{page}{f' with {figures:,} synthetic figures' if figures else ''}: first run {first * 1000:.0f} ms"
              f"{' (profiled: imports, corpus load, first charts)' if cold else ''}, "
              f"warm reruns {', '.join(f'{t * 1000:.0f}' for t in times) or 'none'} ms\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="pages/NAME.py (through app.py's router) or a script path")
    parser.add_argument("--figures", type=int, help="a synthetic corpus of this many figures (bench/synthetic.py)")
    parser.add_argument("--runs", type=int, default=5, help="warm reruns to profile")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument("--cold", action="store_true", help="profile the first run instead: imports, loads, caches")
    args = parser.parse_args()
    print(profile(args.page, args.figures, args.runs, args.top, args.sort, args.cold))


if __name__ == "__main__":
    main()
