"""README.md: its benchmark figures are the ones bench/report.py writes from latest.json; short; no commit hashes."""
import json
import re
from pathlib import Path

import pytest

from bench.report import benchmark_text, with_benchmark_text

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_shows_the_figures_of_the_latest_benchmark_run():
    latest = json.loads((REPO / "bench" / "results" / "latest.json").read_text())
    shown = README.split("<!-- bench:start -->\n")[1].split("\n<!-- bench:end -->")[0]
    assert shown == benchmark_text(latest), "run `.venv/bin/python -m bench.report` after `make bench`"


def test_the_readme_is_under_12000_characters():
    assert len(README) < 12_000


def test_the_readme_names_no_commit():
    # A hash of 7 to 40 hex digits with at least one letter and one digit; plain numbers and words pass.
    assert re.findall(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b", README) == []


def run(ratio: float, target: float) -> dict:
    """A full bench record, small and made up, with the two given for the click suite."""
    scale_row = {"figures_loaded": 100, "server_errors": [], "cold": {"first_chart_s": 2.0},
                 "warm": {"first_chart_s": 1.5}}
    return {
        "when": "2030-01-02T03:04:05Z", "cpus": 4, "python": "3.11.9",
        "chromium": "Chromium 160.0.1.2 built on Debian GNU/Linux 13 (trixie)",
        "suites": {
            "load": {"real_corpus": {"files": 3, "plain_parse_s": 0.002, "load_and_validate_s": 0.005, "ratio": 2.5},
                     "synthetic_10000": {"figures": 10000, "files": 100, "plain_parse_s": 0.5,
                                         "load_and_validate_s": 1.2, "ratio": 2.4},
                     "dangling_references": {"figures": 3000, "none_s": 0.4, "dangling_s": 0.9, "ratio": 2.25,
                                             "target_ratio": 2.0}},
            "start": {"repeats": 5, "app": {"total_s": 3.0}, "bare": {"total_s": 2.5}, "ratio": 1.2, "target": 1.2},
            "click": {"repeats": 12, "app_ms": 150.0, "bare_ms": 100.0, "ratio": ratio, "target": target},
            "reruns": {"bare_ms": 5.0, "target": 2.0, "worst_ratio": 1.9,
                       "pages": {"overview": {"ms": 6.0, "ratio": 1.2}, "present": {"ms": 9.5, "ratio": 1.9}}},
            "scale": {"rows": {"100": scale_row,
                               "10000": {**scale_row, "figures_loaded": 10000, "server_errors": ["Traceback"],
                                         "cold": {"first_chart_s": 7.0}, "warm": {"first_chart_s": 2.0}}},
                      "cold_first_chart_ratio_10000_vs_100": 3.5, "warm_first_chart_ratio_10000_vs_100": 1.33,
                      "target_first_chart_ratio": 3.0,
                      "growth": {"100->1000": {"load_validate": 9.9}, "1000->10000": {"load_validate": 10.2}}},
            "concurrency": {"sessions": 10, "time_ratio": 1.3,
                            "app": {"all_first_chart_s": 13.0, "rss_idle_mb": 150.4, "rss_with_sessions_mb": 160.6,
                                    "per_session_mb": 1.02},
                            "bare": {"all_first_chart_s": 10.0, "per_session_mb": 0.5}},
            "sources": {"target_ratio": 2.0, "sources_page_ratio_per_kb": 1.1,
                        "25kb": {"bytes": 26_123, "sources_page_ms_per_kb": 0.2},
                        "250kb": {"bytes": 250_456, "sources_page_ms_per_kb": 0.22}},
        },
    }


def test_the_benchmark_text_says_which_targets_are_met_and_which_missed():
    assert benchmark_text(run(ratio=1.5, target=1.5)) == """\
Measured 2030-01-02 03:04 UTC on 4 CPUs, Python 3.11.9, Chromium 160.0.1.2; medians.

| what is measured | app | baseline | ratio | target |
| --- | --- | --- | --- | --- |
| Load + validation, real corpus (3 files); baseline: a plain `yaml.CSafeLoader` parse | 5.0 ms | 2.0 ms | **2.5x** | ≤ 3x: met |
| the same, 10,000 synthetic figures | 1.200 s | 0.500 s | 2.4x | < 1 s: missed |
| the same, 3,000 figures whose `reports:` all dangle; baseline: none dangle | 0.900 s | 0.400 s | 2.25x | ≤ 2x: missed |
| Sources page's uncurated numbers, per KB, a 250 KB text; baseline: 26 KB | 0.220 ms | 0.200 ms | 1.1x | ≤ 2x: met |
| Cold start: `streamlit run` to the first chart on `/figures` (5 runs) | 3.00 s | 2.50 s | **1.2x** | ≤ 1.2x: met |
| Click on a bar to its sentence shown; bare: a button rerun (12 clicks) | 150 ms | 100 ms | **1.5x** | ≤ 1.5x: met |
| Rerun, warm caches (AppTest, as a server reruns), slowest of 2 pages: `present` | 9.5 ms | 5.0 ms | **1.9x** | ≤ 2x: met |
| 10 sessions at once, until all show a chart | 13.0 s | 10.0 s | 1.3x | none set |
| Figures page's first chart, 10,000 figures against 100 (cold; warm) | 7.00 s; 2.00 s | 2.00 s; 1.50 s \
| 3.5x; 1.33x | < 3x: missed |

Load and validation grow linearly: 9.9x from 100 to 1,000 figures, 10.2x from 1,000 to 10,000. With 10 \
sessions the server's memory went from 150 to 161 MB (1.02 MB a session; the bare app 0.5 MB); server errors logged \
over every corpus size: 1."""


def proxy_run() -> dict:
    """The proxy suite's part of a record, made up: 1 and 2 processes of the explorer and of both bare apps."""
    def row(served_s, seen_s, explorer_mb, bare_mb, stack_mb, vs_bare, vs_stack):
        return {"explorer": {"browserless_all_chart_s": served_s, "all_first_chart_s": seen_s,
                             "rss_after_pages_mb": explorer_mb},
                "bare": {"rss_after_pages_mb": bare_mb}, "bare_with_pandas": {"rss_after_pages_mb": stack_mb},
                "rss_after_pages_vs_bare": vs_bare, "rss_after_pages_vs_bare_with_pandas": vs_stack}
    return {"sessions": 10, "workers": [1, 2], "target_time_vs_one_process": 1.0, "target_rss_vs_bare": 1.2,
            "browserless_vs_one_process": {"1": 1.0, "2": 1.04}, "time_vs_one_process": {"1": 1.0, "2": 0.94},
            "by_workers": {"1": row(2.5, 24.04, [188.2], [75.1], [160.2], 2.51, 1.17),
                           "2": row(2.6, 22.61, [189.0, 186.4], [75.3, 75.0], [161.0, 159.9], 2.51, 1.21)}}


def test_the_proxy_suite_adds_its_two_targets_and_what_they_are_judged_beside_to_the_table():
    record = run(ratio=1.5, target=1.5)
    record["suites"]["proxy"] = proxy_run()
    text = benchmark_text(record)
    assert text.split("\n")[13:17] == [
        "| 10 visitors through nginx, served until all have a chart (no browser), 2 processes; baseline: 1 "
        "| 2.60 s | 2.50 s | **1.04x** | ≤ 1x: missed |",
        "| the same, seen in 10 browsers on this machine (their drawing is most of the time) | 22.6 s | 24.0 s "
        "| 0.94x | none set |",
        "| Memory per process after the same pages; baseline: the bare app with pandas | 189 MB | 161 MB "
        "| **1.21x** | ≤ 1.2x: missed |",
        "| the same; baseline: the bare app, which never imports pandas | 189 MB | 75 MB | 2.51x | none set |",
    ]
    assert text.replace("\n".join(text.split("\n")[13:17]) + "\n", "") == benchmark_text(run(ratio=1.5, target=1.5))


def test_a_missed_click_target_reads_missed():
    assert "| 150 ms | 100 ms | **1.6x** | ≤ 1.5x: missed |" in benchmark_text(run(ratio=1.6, target=1.5))


def test_a_run_of_one_suite_cannot_write_the_readme():
    record = run(ratio=1.5, target=1.5)
    record["suites"] = {"click": record["suites"]["click"]}
    with pytest.raises(ValueError) as raised:
        benchmark_text(record)
    assert str(raised.value) == ("latest.json lacks the suites load, start, reruns, scale, concurrency, sources: "
                                 "run every suite (`make bench`) before writing the README")


def test_the_text_between_the_markers_is_replaced_and_nothing_else():
    readme = "# Title\n\n<!-- bench:start -->\nold\nfigures\n<!-- bench:end -->\n\nAfter.\n"
    assert with_benchmark_text(readme, "new") == "# Title\n\n<!-- bench:start -->\nnew\n<!-- bench:end -->\n\nAfter.\n"


@pytest.mark.parametrize("readme", [
    "# Title\n",
    "<!-- bench:start -->\n",
    "<!-- bench:end -->\n<!-- bench:start -->\n",
    "<!-- bench:start -->\n<!-- bench:end -->\n<!-- bench:start -->\n<!-- bench:end -->\n",
])
def test_a_readme_without_one_pair_of_markers_in_order_is_refused(readme):
    with pytest.raises(ValueError) as raised:
        with_benchmark_text(readme, "new")
    assert str(raised.value) == "README.md must hold one <!-- bench:start --> line and, after it, one <!-- bench:end --> line"
