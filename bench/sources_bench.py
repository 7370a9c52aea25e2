"""The Sources page's "numbers not curated yet" and the draft of a long transcript: time per kilobyte at 25 KB and 250 KB."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from defence_figures.corpus.draft import draft_yaml, uncurated_rows
from defence_figures.corpus.load import load_corpus

REPO = Path(__file__).resolve().parent.parent
DOCUMENT = "nato-2024-07-10-summit-press-conference"  # a summit transcript: full ones run to 220 KB and more
SIZES_KB = (25, 250)
TARGET_RATIO = 2.0  # 250 KB within 2x the per-kilobyte time of 25 KB


def _long_text(kilobytes: int) -> tuple[str, list[tuple[int, int]]]:
    """The real transcript repeated to at least kilobytes KB of UTF-8, and its curated figures' spans in the first copy.

    Real sentences, so the splitter meets what it meets in NATO's texts: abbreviations,
    curly quotes, one sentence a line, numbers in most paragraphs.
    """
    result = load_corpus(REPO / "curated", REPO / "data" / "sources", root=REPO)
    document = result.corpus.documents[DOCUMENT]
    spans = [(f.number_start, f.number_end) for f in result.corpus.figures.values() if f.document_id == DOCUMENT]
    copies = -(-kilobytes * 1000 // (len(document.text.encode("utf-8")) + 1))
    return "\n".join([document.text] * copies), spans


def _median_seconds(repeats: int, action, *args) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict:
    results: dict = {"document": DOCUMENT, "target_ratio": TARGET_RATIO}
    warm_up, _ = _long_text(1)
    uncurated_rows(warm_up, [])  # compiles the patterns once, outside the timings
    draft_yaml(warm_up, f"{DOCUMENT}.txt", "bench-doc")
    for size in SIZES_KB:
        text, spans = _long_text(size)
        kb = len(text.encode("utf-8")) / 1000
        page = _median_seconds(9 if size < 100 else 5, uncurated_rows, text, spans)
        drafted = _median_seconds(5 if size < 100 else 3, draft_yaml, text, f"{DOCUMENT}.txt", "bench-doc")
        results[f"{size}kb"] = {
            "bytes": len(text.encode("utf-8")), "uncurated_numbers": len(uncurated_rows(text, spans)),
            "sources_page_s": round(page, 5), "sources_page_ms_per_kb": round(page * 1000 / kb, 4),
            "draft_s": round(drafted, 5), "draft_ms_per_kb": round(drafted * 1000 / kb, 4),
        }
    small, large = results[f"{SIZES_KB[0]}kb"], results[f"{SIZES_KB[1]}kb"]
    results["sources_page_ratio_per_kb"] = round(large["sources_page_ms_per_kb"] / small["sources_page_ms_per_kb"], 2)
    results["draft_ratio_per_kb"] = round(large["draft_ms_per_kb"] / small["draft_ms_per_kb"], 2)
    return results


def report(results: dict) -> str:
    lines = [f"Sources page's numbers not curated yet, and `draft` (median; {results['document']} repeated)"]
    for size in SIZES_KB:
        row = results[f"{size}kb"]
        lines.append(f"  {row['bytes'] / 1000:.0f} KB ({row['uncurated_numbers']} numbers not curated): "
                     f"page {row['sources_page_s'] * 1000:.1f} ms = {row['sources_page_ms_per_kb']:.3f} ms/KB; "
                     f"draft {row['draft_s'] * 1000:.1f} ms = {row['draft_ms_per_kb']:.3f} ms/KB")
    ratio = results["sources_page_ratio_per_kb"]
    lines.append(f"  per-KB time, 250 KB vs 25 KB: page {ratio}x "
                 f"({'met' if ratio <= results['target_ratio'] else 'missed'}: target <= {results['target_ratio']}x), "
                 f"draft {results['draft_ratio_per_kb']}x")
    return "\n".join(lines)
