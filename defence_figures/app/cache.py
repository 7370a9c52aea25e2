"""The pages' one entry to the data: the corpus, NATO's tables and what is built from them, cached on their files."""
from __future__ import annotations

import gc
import hashlib
import stat
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from defence_figures import paths
from defence_figures.corpus import charts
from defence_figures.corpus.claims import ClaimsResult, load_claims
from defence_figures.corpus.frames import (
    DOCUMENT_COLUMNS,
    FIGURE_COLUMNS,
    comparisons_frame,
    document_rows,
    figure_rows,
    rows_frame,
)
from defence_figures.corpus.load import MAX_SOURCE_BYTES, LoadResult, load_corpus
from defence_figures.corpus.views import FiguresView, build_figures_view

if TYPE_CHECKING:
    import pandas as pd

    from defence_figures.nato.workbook import TablesResult


_DIGESTS: dict[tuple, str] = {}


class Shelf:
    """Values built once per key and shared by every session, the oldest dropped past max_entries.

    Not st.cache_resource: that hashes its arguments and inspects the function's signature on
    every call, about 0.3 ms a call under cProfile, and a page asks for up to ten cached values
    per rerun (bench.profile_page, 2026-11-28). A key is built by one thread at a time, so ten
    sessions opening at once load the corpus once.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict = {}

    def get(self, key, build):
        try:
            value = self._values[key]
        except KeyError:
            return self._build(key, build)
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
        return value

    def _build(self, key, build):
        with self._lock:
            key_lock = self._building.setdefault(key, threading.RLock())
        with key_lock:
            if key in self._values:
                return self._values[key]
            try:
                value = build()
                with self._lock:
                    self._values[key] = value
                    while len(self._values) > self.max_entries:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list:
        with self._lock:
            return list(self._values)

    def key_of(self, value):
        """The key `value` (this very object) is kept under, or None."""
        with self._lock:
            return next((key for key, kept in self._values.items() if kept is value), None)

    def drop_where(self, predicate) -> None:
        with self._lock:
            for key in [key for key in self._values if predicate(key)]:
                del self._values[key]


def content_digest(base: Path) -> str:
    """A hash of every input file's name and bytes: editing any of them changes the cache key.

    The bytes are hashed again only when a file's size or modification time changes, so a
    rerun pays for a few stat calls, not for reading the corpus.
    """
    files = (sorted(paths.curated_dir(base).glob("*.yaml")) + sorted(paths.claims_dir(base).glob("*.yaml"))
             + sorted(paths.sources_dir(base).glob("*")))
    stats = tuple((str(path), *_stat(path)) for path in files)
    known = _DIGESTS.get(stats)
    if known is not None:
        return known
    digest = hashlib.sha256()
    for path, (size, mtime) in zip(files, (stat_[1:] for stat_ in stats)):
        digest.update(path.name.encode())
        digest.update(b"\0")
        # Only regular files of a readable size are read: a named pipe in data/sources/ would block
        # every page, and a link to /dev/zero never ends. The loader reports them; the key follows their stats.
        digest.update(path.read_bytes() if _readable(path, size) else f"unread {size} {mtime}".encode())
        digest.update(b"\0")
    if len(_DIGESTS) > 16:
        _DIGESTS.clear()
    _DIGESTS[stats] = digest.hexdigest()
    return _DIGESTS[stats]


def _stat(path: Path) -> tuple[int, int]:
    """Size and mtime through links; (-1, -1) for a file that cannot be looked at (a dangling link)."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return -1, -1
    return info.st_size, info.st_mtime_ns


def _readable(path: Path, size: int) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode) and 0 <= size <= MAX_SOURCE_BYTES
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Loaded:
    """The proven corpus as plain rows, and as pandas frames built the first time a page asks for them.

    The rows are enough for the Figures page's first chart, the cards, the panels and the footer,
    so a fresh server draws its first page without importing pandas (0.23 s; bench: cold start).
    """
    result: LoadResult
    figure_rows: tuple[dict, ...]  # frames.FIGURE_COLUMNS, curated order
    document_rows: tuple[dict, ...]  # frames.DOCUMENT_COLUMNS, statement first, then by date
    digest: str
    colours: dict[str, str]  # one per document, the same on every chart
    # figure_id -> its row: cards and panels read a row by id on every rerun, and a pandas row
    # lookup cost more than drawing the card (bench.profile_page, fact check).
    by_id: dict[str, dict]
    claims: ClaimsResult

    @cached_property
    def figures(self) -> pd.DataFrame:
        return rows_frame(list(self.figure_rows), FIGURE_COLUMNS)

    @cached_property
    def documents(self) -> pd.DataFrame:
        return rows_frame(list(self.document_rows), DOCUMENT_COLUMNS)

    @cached_property
    def comparisons(self) -> pd.DataFrame:
        return comparisons_frame(self.result.corpus)


# Shared, not copied per session: the corpus is read-only, so every rerun gets it without
# unpickling a copy. The digest in the key is what invalidates it.
_CORPORA = Shelf(max_entries=4)
_TABLES = Shelf(max_entries=4)
_VIEWS = Shelf(max_entries=64)
_MEMOS = Shelf(max_entries=256)


def _load(base: str, digest: str) -> Loaded:
    root = Path(base)
    result = load_corpus(paths.curated_dir(root), paths.sources_dir(root), root=root)
    figures = tuple(figure_rows(result.corpus))
    return Loaded(result, figures, tuple(document_rows(result.corpus)), digest, charts.document_colours(figures),
                  {row["figure_id"]: row for row in figures},
                  load_claims(result.corpus, result.withheld_figures, root))


def get() -> Loaded:
    """The proven corpus under paths.root(), as its files are now."""
    base = paths.root()
    key = (str(base), content_digest(base))
    return _CORPORA.get(key, lambda: _replace_version(_CORPORA, key, lambda: _load(*key)))


def tables() -> TablesResult:
    """NATO's workbook as a tidy frame, cached on the checksums of the workbook and its description."""
    from defence_figures.nato.workbook import load_tables

    base = paths.root()
    key = (str(base), _tables_key(base))
    return _TABLES.get(key, lambda: _replace_version(_TABLES, key, lambda: load_tables(base)))


def _replace_version(shelf: Shelf, key: tuple[str, str], build):
    """Build the files' new version, then drop the older versions of the same files and what was built from them.

    So an edited corpus leaves no old copy alive in the caches (tests/test_cache.py); a session still
    running on the old one rebuilds what it asks for from the version it holds.
    """
    value = build()
    base, digest = key
    old = {old_digest for old_base, old_digest in shelf.keys() if old_base == base and old_digest != digest}
    if old:
        shelf.drop_where(lambda k: k[0] == base and k[1] in old)
        _VIEWS.drop_where(lambda k: k[0] in old)
        _MEMOS.drop_where(lambda k: not old.isdisjoint(k[1]))
        # The warm-up froze the old version out of the collector's reach: give it back, so that
        # its reference cycles (a Plotly chart) are freed, then freeze what lives on.
        gc.unfreeze()
        freeze_long_lived()
    return value


def freeze_long_lived(*, collect_first: bool = True) -> None:
    """Free what is garbage now, then keep everything alive (modules, the corpus, its charts) out of later collections.

    collect_first=False skips the collection: right after start it would hold the interpreter while
    the first browser fetches Streamlit's page and scripts (bench: cold start, 1.16x -> 1.27x).

    A full collection walks every tracked object, about 140,000 with pandas, Plotly and the corpus
    loaded, and holds the interpreter while it does; Streamlit runs one after every script run,
    before the rerun's results are sent, so every click waited for it. Frozen objects are left
    out of it (docs/performance.md, "Garbage collection after each run").
    """
    if collect_first:
        gc.collect()
    gc.freeze()


def figures_view(loaded: Loaded, docs: list[str], topics: list[str], units: list[str], kinds: list[str],
                 log_scale: bool) -> FiguresView:
    """The Figures page's filtered rows and charts, built once per filter choice and corpus."""
    # Building Plotly figures was most of a Figures rerun (bench/profile_page.py); the figures are
    # never changed after they are built, so one shared copy per view is safe.
    choices = (tuple(docs), tuple(topics), tuple(units), tuple(kinds), log_scale)
    return _VIEWS.get((loaded.digest, *choices),
                      lambda: build_figures_view(loaded.figure_rows, loaded.colours, *choices))


def memo(over: Loaded | TablesResult | tuple, name: str, build, *key):
    """build() once per key and per version of the data it reads, shared by every session.

    `over` is what build() reads, as the caller holds it: the Loaded corpus, NATO's tables, or both
    as a tuple. The key comes from those objects, never from what another session loaded since: a
    result built from the corpus before an edit is never served as the edited corpus's.
    For pure work on loaded data (frames, Plotly figures) that a page would otherwise redo on
    every rerun; the result must never be changed by its callers.
    """
    versions = tuple(_version(data) for data in (over if isinstance(over, tuple) else (over,)))
    if None in versions:  # tables the shelf no longer holds: built for this caller alone
        return build()
    return _MEMOS.get((name, versions, key), build)


def _version(data: Loaded | TablesResult) -> str | None:
    """The digest of the files a corpus or a workbook was loaded from."""
    if isinstance(data, Loaded):
        return data.digest
    # TablesResult carries no digest of its own; the shelf that handed it out knows which version it is.
    key = _TABLES.key_of(data)
    return key[1] if key else None


def checks_version(base: Path) -> str:
    """checks_digest of curated/checks/, recomputed only when a file there changes size or mtime.

    A table page asks for it on every rerun; hashing the files each time was most of the tracker's
    rerun beyond the bare page (bench: page reruns).
    """
    from defence_figures.nato.checks import checks_digest

    stats = ("checks", *((str(path), *_stat(path)) for path in sorted(paths.checks_dir(base).glob("*.yaml"))))
    key = _DIGESTS.get(stats)
    if key is None:
        key = _DIGESTS[stats] = checks_digest(base)
    return key


def _tables_key(base: Path) -> str:
    """tables_digest, recomputed only when a workbook or its description changes size or mtime."""
    workbook_files = sorted(paths.curated_dir(base).glob("workbooks/*.yaml")) + sorted((base / "data").glob("*.xlsx"))
    stats = ("tables", *((str(path), *_stat(path)) for path in workbook_files))
    key = _DIGESTS.get(stats)
    if key is None:
        key = _DIGESTS[stats] = paths.tables_digest(base)
    return key

