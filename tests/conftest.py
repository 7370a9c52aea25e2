"""Shared fixtures: the repository, a scratch copy of the corpus to break, and helpers to load it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from defence_figures.load import LoadResult, load_corpus

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A copy of curated/ and data/sources/ to edit; returns its root."""
    shutil.copytree(REPO / "curated", tmp_path / "curated")
    shutil.copytree(REPO / "data" / "sources", tmp_path / "data" / "sources")
    return tmp_path


def load_root(root: Path) -> LoadResult:
    return load_corpus(root / "curated", root / "data" / "sources", root=root)
