"""The pages' one entry to the data: the proven corpus and its frames, cached on the files' content."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from defence_figures.corpus import charts

from defence_figures import paths
from defence_figures.corpus.frames import DOCUMENT_COLUMNS, FIGURE_COLUMNS, comparisons_frame, document_rows, figure_rows, rows_frame
from defence_figures.corpus.load import LoadResult, load_corpus

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


def content_digest(base: Path) -> str:
    """A hash of every input file's name and bytes: editing any of them changes the cache key.

    The bytes are hashed again only when a file's size or modification time changes, so a
    rerun pays for a few stat calls, not for reading the corpus.
    """
    files = sorted(paths.curated_dir(base).glob("*.yaml")) + sorted(paths.sources_dir(base).glob("*"))
    stats = tuple((str(path), *_stat(path)) for path in files)
    known = _DIGESTS.get(stats)
    if known is not None:
        return known
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    if len(_DIGESTS) > 16:
        _DIGESTS.clear()
    _DIGESTS[stats] = digest.hexdigest()
    return _DIGESTS[stats]


def _stat(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


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

    @cached_property
    def figures(self) -> pd.DataFrame:
        return rows_frame(list(self.figure_rows), FIGURE_COLUMNS)

    @cached_property
    def documents(self) -> pd.DataFrame:
        return rows_frame(list(self.document_rows), DOCUMENT_COLUMNS)

    @cached_property
    def comparisons(self) -> pd.DataFrame:
        return comparisons_frame(self.result.corpus)


# A bar chart stops being readable, and a browser stops being quick, long before a few
# thousand bars (bench: 10,000 figures took 18 s to a first chart); past this many the
# chart shows the first ones and says so, and the table still lists every row.
MAX_BARS = 60
# The other figures' cards are sent again on every rerun; the Table tab lists every row.
MAX_CARDS = 24


@dataclass(frozen=True)
class ChartView:
    key: str
    part: tuple[dict, ...]  # every figure of this chart's kind
    build: Callable[[], go.Figure]
    alt: str
    file_name: str
    drawn: int  # how many of them the chart draws

    @cached_property
    def figure(self) -> go.Figure:
        """Built when first shown: the Figures page shows one chart at a time, so most are never drawn."""
        return self.build()


@dataclass(frozen=True)
class FiguresView:
    shown_rows: tuple[dict, ...]
    charts: tuple[ChartView, ...]
    others: tuple[dict, ...]  # units with no chart of their own
    others_ids: tuple[str, ...]  # the first MAX_CARDS of them, shown as cards

    @cached_property
    def shown(self) -> pd.DataFrame:
        """The shown rows as a frame, for the table and its downloads."""
        return rows_frame(list(self.shown_rows), FIGURE_COLUMNS)


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
                  {row["figure_id"]: row for row in figures})


# The digests the current run asked for: memo() keys on them without statting every file again.
_LATEST = {"corpus": "", "tables": ""}


def get() -> Loaded:
    base = paths.root()
    _LATEST["corpus"] = content_digest(base)
    key = (str(base), _LATEST["corpus"])
    return _CORPORA.get(key, lambda: _load(*key))


def tables() -> TablesResult:
    """NATO's workbook as a tidy frame, cached on the checksums of the workbook and its description."""
    from defence_figures.nato.workbook import load_tables

    base = paths.root()
    _LATEST["tables"] = _tables_key(base)
    return _TABLES.get((str(base), _LATEST["tables"]), lambda: load_tables(base))


def figures_view(loaded: Loaded, docs: list[str], topics: list[str], units: list[str], kinds: list[str],
                 log_scale: bool) -> FiguresView:
    """The Figures page's filtered rows and charts, built once per filter choice and corpus."""
    # Building Plotly figures was most of a Figures rerun (bench/profile_page.py); the figures are
    # never changed after they are built, so one shared copy per view is safe.
    choices = (tuple(docs), tuple(topics), tuple(units), tuple(kinds), log_scale)
    return _VIEWS.get((loaded.digest, *choices), lambda: _figures_view(loaded, *choices))


def _figures_view(loaded: Loaded, docs: tuple, topics: tuple, units: tuple, kinds: tuple,
                  log_scale: bool) -> FiguresView:
    filters = [(column, set(chosen)) for column, chosen in
               (("document_id", docs), ("topic", topics), ("unit", units), ("kind", kinds)) if chosen]
    shown = tuple(row for row in loaded.figure_rows if all(row[column] in chosen for column, chosen in filters))
    colours = loaded.colours
    views = []
    for key, name, units_charted, build in (
        ("money_chart", "money", ("usd_billion",), charts.money_chart),
        ("count_chart", "allies", ("allies",), charts.count_chart),
        ("share_chart", "shares", charts.SHARE_UNITS, charts.share_chart),
    ):
        part = tuple(row for row in shown if row["unit"] in units_charted)
        if not part:
            continue
        drawn = part[:MAX_BARS]
        arguments = (drawn, colours, log_scale) if build is charts.money_chart else (drawn, colours)
        alt = charts.text_alternative(drawn)
        if len(part) > len(drawn):
            alt += f" The chart shows the first {len(drawn)} of {len(part)} figures; the table lists them all."
        views.append(ChartView(key, part, partial(build, *arguments), alt, charts.image_file_name(name, part), len(drawn)))
    others = tuple(row for row in shown if row["unit"] not in ("usd_billion", "allies") + charts.SHARE_UNITS)
    return FiguresView(shown, tuple(views), others, tuple(row["figure_id"] for row in others[:MAX_CARDS]))


def memo(name: str, build, *key):
    """build() once per version of the corpus and workbook and per key, shared by every session.

    For pure work on loaded data (frames, Plotly figures) that a page would otherwise redo on
    every rerun; the result must never be changed by its callers.
    """
    return _MEMOS.get((name, data_key(), key), build)


def data_key() -> str:
    """One key for the versions of the corpus and of the workbook.

    Pages call get() (and tables()) first in every run, which record the digests they
    checked; the memos of that run reuse them instead of statting every file again.
    """
    base = paths.root()
    corpus_key = _LATEST["corpus"] or content_digest(base)
    tables_key = _LATEST["tables"] or _tables_key(base)
    return f"{corpus_key}:{tables_key}"


def _tables_key(base: Path) -> str:
    """tables_digest, recomputed only when a workbook or its description changes size or mtime."""
    workbook_files = sorted(paths.curated_dir(base).glob("workbooks/*.yaml")) + sorted((base / "data").glob("*.xlsx"))
    stats = ("tables", *((str(path), *_stat(path)) for path in workbook_files))
    key = _DIGESTS.get(stats)
    if key is None:
        key = _DIGESTS[stats] = paths.tables_digest(base)
    return key

