"""Load and validation against a plain yaml.CSafeLoader parse of the same files, measured in the same run."""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml

from defence_figures.corpus.load import load_corpus

from .synthetic import write_corpus

REPO = Path(__file__).resolve().parent.parent


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


def run() -> dict:
    results = {"real_corpus": measure(REPO, repeats=30)}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1_000, 10_000):
            root = write_corpus(Path(tmp) / str(size), size)
            results[f"synthetic_{size}"] = {"figures": size, **measure(root, repeats=5 if size > 1_000 else 9)}
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
    return "\n".join(lines)
