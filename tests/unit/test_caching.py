"""ui.caching: one store bounded in bytes for the server's data, the session's own for an upload."""

from __future__ import annotations

import threading

from ui.caching import Store, sizeof


def test_the_store_is_bounded_in_bytes_and_drops_the_least_recently_used() -> None:
    store = Store(max_bytes=3 * sizeof(b"x" * 1000))
    for key in "abc":
        store.get_or_compute(key, lambda: b"x" * 1000)
    store.get_or_compute("a", lambda: b"never")  # a is used again: b is now the oldest
    store.get_or_compute("d", lambda: b"x" * 1000)
    assert set(store.keys()) == {"a", "c", "d"} and store.bytes <= store.max_bytes
    store.get_or_compute("huge", lambda: b"x" * 10_000)
    assert "huge" not in store, "larger than the whole cache: handed out, never kept"


def test_one_key_is_computed_once_however_many_ask_at_the_same_time() -> None:
    store = Store(max_bytes=2**20)
    calls: list[int] = []
    started, release = threading.Event(), threading.Event()

    def slow() -> bytes:
        calls.append(1)
        started.set()
        release.wait(timeout=30)
        return b"done"

    first = threading.Thread(target=lambda: store.get_or_compute("k", slow))
    first.start()
    started.wait(timeout=30)
    second_result: list[bytes] = []
    second = threading.Thread(target=lambda: second_result.append(store.get_or_compute("k", slow)))
    second.start()
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert calls == [1] and second_result == [b"done"]
