"""The pages' one entry to the data: the proven corpus and its frames, cached on the files' content."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from . import paths
from .frames import comparisons_frame, documents_frame, figures_frame
from .load import LoadResult, load_corpus
from .tables import TablesResult, load_tables, tables_digest


def content_digest(base: Path) -> str:
    """A hash of every input file's name and bytes: editing any of them changes the cache key."""
    digest = hashlib.sha256()
    files = sorted(paths.curated_dir(base).glob("*.yaml")) + sorted(paths.sources_dir(base).glob("*"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Loaded:
    result: LoadResult
    figures: pd.DataFrame
    documents: pd.DataFrame
    comparisons: pd.DataFrame
    digest: str


# cache_resource, not cache_data: the corpus is read-only and shared, so every rerun
# gets it without unpickling a copy. The digest argument is what invalidates it.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(base: str, digest: str) -> Loaded:
    root = Path(base)
    result = load_corpus(paths.curated_dir(root), paths.sources_dir(root), root=root)
    return Loaded(result, figures_frame(result.corpus), documents_frame(result.corpus),
                  comparisons_frame(result.corpus), digest)


def get() -> Loaded:
    base = paths.root()
    return _load(str(base), content_digest(base))


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_tables(base: str, digest: str) -> TablesResult:
    return load_tables(Path(base))


def tables() -> TablesResult:
    """NATO's workbook as a tidy frame, cached on the checksums of the workbook and its description."""
    base = paths.root()
    return _load_tables(str(base), tables_digest(base))
