"""The shared cache behind corpus.get(), tables(), figures_view() and memo(): one build per key, bounded."""
from __future__ import annotations

import threading
import time

import pytest

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
