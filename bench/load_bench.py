"""Load and validation against a plain yaml.CSafeLoader parse of the same files, measured in the same run."""
from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from defence_figures.corpus.load import load_corpus

from .synthetic import write_corpus

REPO = Path(__file__).resolve().parent.parent
DANGLING_FIGURES = 3_000
DANGLING_TARGET_RATIO = 2.0  # issue 13: 3,000 dangling references within 2x the load time of none


def _median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plain_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def measure(root: Path, repeats: int) -> dict:
    files = sorted((root / "curated").glob("*.yaml"))

    def load() -> None:
        result = load_corpus(root / "curated", root / "data" / "sources", root=root)
        assert not result.problems, result.problems[:3]

    parse = _median_seconds(lambda: _plain_parse(files), repeats)
    full = _median_seconds(load, repeats)
    return {"files": len(files), "plain_parse_s": round(parse, 5), "load_and_validate_s": round(full, 5),
            "ratio": round(full / parse, 2)}


def dangle_references(root: Path) -> None:
    """Give every figure of a synthetic corpus a reports: naming a figure that no file defines."""
    for path in (root / "curated").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"  - id: synthetic-(\d+)-(\d+)\n",
                      lambda m: f"{m.group(0)}    reports: absent-{m.group(1)}-{m.group(2)}\n    verdict: faithful\n", text)
        path.write_text(text, encoding="utf-8")


def measure_dangling(base: Path, repeats: int) -> dict:
    """The same synthetic corpus loaded with no reports: and with every one dangling; the ratio of the medians."""
    clean = write_corpus(base / "none", DANGLING_FIGURES)
    dangling = write_corpus(base / "dangling", DANGLING_FIGURES)
    dangle_references(dangling)

    def load(root: Path, problems: int) -> None:
        result = load_corpus(root / "curated", root / "data" / "sources", root=root)
        assert len(result.problems) == problems, result.problems[:3]

    none = _median_seconds(lambda: load(clean, 0), repeats)
    every = _median_seconds(lambda: load(dangling, DANGLING_FIGURES), repeats)
    return {"figures": DANGLING_FIGURES, "none_s": round(none, 5), "dangling_s": round(every, 5),
            "ratio": round(every / none, 2), "target_ratio": DANGLING_TARGET_RATIO}


def run() -> dict:
    results = {"real_corpus": measure(REPO, repeats=30)}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1_000, 10_000):
            root = write_corpus(Path(tmp) / str(size), size)
            results[f"synthetic_{size}"] = {"figures": size, **measure(root, repeats=5 if size > 1_000 else 9)}
        results["dangling_references"] = measure_dangling(Path(tmp) / "dangling", repeats=5)
    results["growth_1k_to_10k"] = round(
        results["synthetic_10000"]["load_and_validate_s"] / results["synthetic_1000"]["load_and_validate_s"], 2)
    return results


def report(results: dict) -> str:
    real = results["real_corpus"]
    lines = [
        "Load + validation (median; plain parse = yaml.CSafeLoader.load of the same files, same run)",
        f"  real corpus ({real['files']} files): {real['load_and_validate_s'] * 1000:.1f} ms vs parse "
        f"{real['plain_parse_s'] * 1000:.1f} ms = {real['ratio']}x (target <= 3x)",
    ]
    for size in (1_000, 10_000):
        row = results[f"synthetic_{size}"]
        lines.append(f"  synthetic {size:,} figures: {row['load_and_validate_s']:.3f} s vs parse "
                     f"{row['plain_parse_s']:.3f} s = {row['ratio']}x")
    lines.append(f"  growth 1,000 -> 10,000 figures: {results['growth_1k_to_10k']}x (linear = 10x); "
                 f"10,000 figures target < 1 s")
    dangling = results["dangling_references"]
    lines.append(f"  {dangling['figures']:,} dangling references vs none: {dangling['dangling_s']:.3f} s vs "
                 f"{dangling['none_s']:.3f} s = {dangling['ratio']}x (target within {dangling['target_ratio']:g}x)")
    return "\n".join(lines)
