"""The shared cache behind get(), tables(), figures_view() and memo(): one build per key and per version of the data, bounded."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from defence_figures.app import cache
from defence_figures.app.cache import Shelf


def test_a_key_is_built_once_and_then_shared():
    shelf, builds = Shelf(max_entries=4), []
    first = shelf.get("overview", lambda: builds.append("overview") or ["cards"])
    again = shelf.get("overview", lambda: builds.append("again") or ["other"])
    assert again is first and builds == ["overview"]


def test_past_max_entries_the_least_recently_used_key_goes():
    shelf = Shelf(max_entries=2)
    shelf.get("a", lambda: 1)
    shelf.get("b", lambda: 2)
    shelf.get("a", lambda: 99)  # a is used again, so b is now the oldest
    shelf.get("c", lambda: 3)
    assert len(shelf) == 2
    assert shelf.get("b", lambda: "rebuilt") == "rebuilt"  # and its rebuild pushes out a
    assert shelf.get("c", lambda: "rebuilt") == 3
    assert shelf.get("a", lambda: "rebuilt") == "rebuilt"


def test_ten_sessions_asking_at_once_build_once():
    shelf, builds, barrier = Shelf(max_entries=4), [], threading.Barrier(10)

    def slow_build():
        builds.append(1)
        time.sleep(0.2)
        return "corpus"

    results = []

    def session():
        barrier.wait()
        results.append(shelf.get("digest", slow_build))

    threads = [threading.Thread(target=session) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == [1] and results == ["corpus"] * 10


def test_a_build_that_fails_is_not_kept_and_is_tried_again():
    shelf = Shelf(max_entries=4)
    with pytest.raises(ValueError, match="broken"):
        shelf.get("k", lambda: (_ for _ in ()).throw(ValueError("broken")))
    assert len(shelf) == 0
    assert shelf.get("k", lambda: "fixed") == "fixed"


def edit_first_label(root: Path, label: str) -> None:
    """Give the first figure of the first curated file a new label, as a curator would."""
    path = sorted((root / "curated").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    start = text.index("    label: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + f'    label: "{label}"' + text[end:], encoding="utf-8")


def labels(loaded) -> frozenset[str]:
    return frozenset(row["label"] for row in loaded.figure_rows)


def test_a_session_that_loaded_before_an_edit_never_serves_its_result_to_one_that_loaded_after(corpus_copy, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    first_session = cache.get()
    edit_first_label(corpus_copy, "Edited between two sessions")
    second_session = cache.get()
    # The first session's run goes on with the corpus it holds, after the second one loaded the edit.
    before = cache.memo(first_session, "labels", lambda: labels(first_session))
    after = cache.memo(second_session, "labels", lambda: labels(second_session))
    assert "Edited between two sessions" not in before
    assert "Edited between two sessions" in after


def test_a_memo_over_the_tables_is_kept_per_version_of_the_workbook(corpus_copy, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    loaded, tables = cache.get(), cache.tables()
    builds = []
    first = cache.memo((loaded, tables), "both", lambda: builds.append("built") or "one")
    again = cache.memo((loaded, tables), "both", lambda: builds.append("again") or "two")
    assert (first, again, builds) == ("one", "one", ["built"])


def test_tables_the_cache_no_longer_holds_are_built_for_their_caller_alone():
    from defence_figures.nato.workbook import TablesResult

    orphan, builds = TablesResult(frame=None), []
    assert cache.memo(orphan, "orphan", lambda: builds.append("built") or "one") == "one"
    assert cache.memo(orphan, "orphan", lambda: builds.append("again") or "two") == "two"
    assert builds == ["built", "again"]


def test_an_edit_drops_the_old_version_and_what_was_built_from_it(corpus_copy, monkeypatch):
    monkeypatch.setenv("DEFENCE_FIGURES_ROOT", str(corpus_copy))
    old = cache.get()
    cache.memo(old, "labels", lambda: labels(old))
    cache.figures_view(old, [], [], [], [], False)
    edit_first_label(corpus_copy, "Edited once")
    new = cache.get()
    assert [key for key in cache._CORPORA.keys() if key[0] == str(corpus_copy)] == [(str(corpus_copy), new.digest)]
    assert not [key for key in cache._VIEWS.keys() if key[0] == old.digest]
    assert not [key for key in cache._MEMOS.keys() if old.digest in key[1]]
