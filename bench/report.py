"""python -m bench.report: rewrite README.md's benchmark figures from bench/results/latest.json."""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
LATEST = Path(__file__).resolve().parent / "results" / "latest.json"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SUITES = ("load", "start", "click", "reruns", "scale", "concurrency", "sources")
# The load suite records no targets of its own; these are the ones load_bench.report prints.
LOAD_TARGET_RATIO = 3.0
LOAD_10000_LIMIT_S = 1.0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _met(value: float, target: float, strict: bool = False) -> str:
    return "met" if (value < target if strict else value <= target) else "missed"


def benchmark_text(record: dict) -> str:
    """The README's benchmark table and its notes, from one full `python -m bench` record."""
    missing = [name for name in SUITES if name not in record["suites"]]
    if missing:
        raise ValueError(f"{LATEST.name} lacks the suites {', '.join(missing)}: "
                         "run every suite (`make bench`) before writing the README")
    s = record["suites"]
    real, big = s["load"]["real_corpus"], s["load"]["synthetic_10000"]
    start, click, reruns, scale, crowd = s["start"], s["click"], s["reruns"], s["scale"], s["concurrency"]
    dangling, texts = s["load"]["dangling_references"], s["sources"]
    sizes = sorted((key for key in texts if key[:-2].isdigit() and key.endswith("kb")), key=lambda key: int(key[:-2]))
    small_text, large_text = texts[sizes[0]], texts[sizes[-1]]
    slowest = max(reruns["pages"], key=lambda page: reruns["pages"][page]["ratio"])
    small, large = scale["rows"]["100"], scale["rows"]["10000"]
    cold, warm = scale["cold_first_chart_ratio_10000_vs_100"], scale["warm_first_chart_ratio_10000_vs_100"]
    errors = sum(len(row["server_errors"]) for row in scale["rows"].values())
    day, time = record["when"][:10], record["when"][11:16]
    rows = [
        ("what is measured", "app", "baseline", "ratio", "target"),
        ("---",) * 5,
        (f"Load + validation, real corpus ({real['files']} files); baseline: a plain `yaml.CSafeLoader` parse",
         _ms(real["load_and_validate_s"]),
         _ms(real["plain_parse_s"]), f"**{real['ratio']}x**",
         f"≤ {LOAD_TARGET_RATIO:g}x: {_met(real['ratio'], LOAD_TARGET_RATIO)}"),
        (f"the same, {big['figures']:,} synthetic figures",
         f"{big['load_and_validate_s']:.3f} s", f"{big['plain_parse_s']:.3f} s", f"{big['ratio']}x",
         f"< {LOAD_10000_LIMIT_S:g} s: {_met(big['load_and_validate_s'], LOAD_10000_LIMIT_S, strict=True)}"),
        (f"the same, {dangling['figures']:,} figures whose `reports:` all dangle; baseline: none dangle",
         f"{dangling['dangling_s']:.3f} s", f"{dangling['none_s']:.3f} s", f"{dangling['ratio']}x",
         f"≤ {dangling['target_ratio']:g}x: {_met(dangling['ratio'], dangling['target_ratio'])}"),
        (f"Sources page's uncurated numbers, per KB, a {large_text['bytes'] // 1000} KB text; baseline: "
         f"{small_text['bytes'] // 1000} KB",
         f"{large_text['sources_page_ms_per_kb']:.3f} ms", f"{small_text['sources_page_ms_per_kb']:.3f} ms",
         f"{texts['sources_page_ratio_per_kb']}x",
         f"≤ {texts['target_ratio']:g}x: {_met(texts['sources_page_ratio_per_kb'], texts['target_ratio'])}"),
        (f"Cold start: `streamlit run` to the first chart on `/figures` ({start['repeats']} runs)",
         f"{start['app']['total_s']:.2f} s", f"{start['bare']['total_s']:.2f} s",
         f"**{start['ratio']}x**", f"≤ {start['target']:g}x: {_met(start['ratio'], start['target'])}"),
        (f"Click on a bar to its sentence shown; bare: a button rerun ({click['repeats']} clicks)",
         f"{click['app_ms']:.0f} ms", f"{click['bare_ms']:.0f} ms", f"**{click['ratio']}x**",
         f"≤ {click['target']:g}x: {_met(click['ratio'], click['target'])}"),
        (f"Rerun, warm caches (AppTest, as a server reruns), slowest of {len(reruns['pages'])} pages: `{slowest}`",
         f"{reruns['pages'][slowest]['ms']:.1f} ms", f"{reruns['bare_ms']:.1f} ms", f"**{reruns['worst_ratio']}x**",
         f"≤ {reruns['target']:g}x: {_met(reruns['worst_ratio'], reruns['target'])}"),
        (f"{crowd['sessions']} sessions at once, until all show a chart",
         f"{crowd['app']['all_first_chart_s']:.1f} s", f"{crowd['bare']['all_first_chart_s']:.1f} s",
         f"{crowd['time_ratio']}x", "none set"),
        (f"Figures page's first chart, {large['figures_loaded']:,} figures against "
         f"{small['figures_loaded']:,} (cold; warm)",
         f"{large['cold']['first_chart_s']:.2f} s; {large['warm']['first_chart_s']:.2f} s",
         f"{small['cold']['first_chart_s']:.2f} s; {small['warm']['first_chart_s']:.2f} s", f"{cold}x; {warm}x",
         f"< {scale['target_first_chart_ratio']:g}x: {_met(max(cold, warm), scale['target_first_chart_ratio'], True)}"),
    ]
    rows += proxy_rows(s["proxy"]) if "proxy" in s else []  # records before the proxy suite (2026-12-02) lack it
    growth = scale["growth"]
    return "\n".join([
        f"Measured {day} {time} UTC on {record['cpus']} CPUs, Python {record['python']}, "
        f"{record['chromium'].split(' built')[0]}; medians.",
        "",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        f"Load and validation grow linearly: {growth['100->1000']['load_validate']}x from 100 to 1,000 figures, "
        f"{growth['1000->10000']['load_validate']}x from 1,000 to 10,000. With {crowd['sessions']} sessions the server's memory "
        f"went from {crowd['app']['rss_idle_mb']:.0f} to {crowd['app']['rss_with_sessions_mb']:.0f} MB "
        f"({crowd['app']['per_session_mb']} MB a session; the bare app {crowd['bare']['per_session_mb']} MB); "
        f"server errors logged over every corpus size: {errors}.",
    ])


def proxy_rows(proxy: dict) -> list[tuple[str, ...]]:
    """The proxy suite's targets (N processes no slower than one, memory per process) and what they are judged beside."""
    n = str(max(proxy["workers"]))
    many, one = proxy["by_workers"][n], proxy["by_workers"][str(min(proxy["workers"]))]
    served, seen = proxy["browserless_vs_one_process"][n], proxy["time_vs_one_process"][n]
    worst = max(proxy["by_workers"].values(), key=lambda row: row["rss_after_pages_vs_bare_with_pandas"])
    explorer_mb = f"{max(worst['explorer']['rss_after_pages_mb']):.0f} MB"
    return [
        (f"{proxy['sessions']} visitors through nginx, served until all have a chart (no browser), {n} processes; "
         f"baseline: {min(proxy['workers'])}", f"{many['explorer']['browserless_all_chart_s']:.2f} s",
         f"{one['explorer']['browserless_all_chart_s']:.2f} s", f"**{served}x**",
         f"≤ {proxy['target_time_vs_one_process']:g}x: {_met(served, proxy['target_time_vs_one_process'])}"),
        (f"the same, seen in {proxy['sessions']} browsers on this machine (their drawing is most of the time)",
         f"{many['explorer']['all_first_chart_s']:.1f} s", f"{one['explorer']['all_first_chart_s']:.1f} s",
         f"{seen}x", "none set"),
        ("Memory per process after the same pages; baseline: the bare app with pandas", explorer_mb,
         f"{max(worst['bare_with_pandas']['rss_after_pages_mb']):.0f} MB",
         f"**{worst['rss_after_pages_vs_bare_with_pandas']}x**",
         f"≤ {proxy['target_rss_vs_bare']:g}x: "
         f"{_met(worst['rss_after_pages_vs_bare_with_pandas'], proxy['target_rss_vs_bare'])}"),
        ("the same; baseline: the bare app, which never imports pandas", explorer_mb,
         f"{max(worst['bare']['rss_after_pages_mb']):.0f} MB", f"{worst['rss_after_pages_vs_bare']}x", "none set"),
    ]


def with_benchmark_text(readme: str, text: str) -> str:
    """README.md's text with the part between the bench markers replaced by `text`."""
    if readme.count(START) != 1 or readme.count(END) != 1 or readme.index(START) > readme.index(END):
        raise ValueError(f"{README.name} must hold one {START} line and, after it, one {END} line")
    head, rest = readme.split(START)
    return f"{head}{START}\n{text}\n{END}{rest.split(END)[1]}"


def rewrite_readme() -> int:
    try:
        text = benchmark_text(json.loads(LATEST.read_text()))
        README.write_text(with_benchmark_text(README.read_text(), text))
    except ValueError as problem:
        print(f"bench.report: {problem}", file=sys.stderr)
        return 1
    print(f"wrote the benchmark figures of {LATEST.name} into {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(rewrite_readme())
