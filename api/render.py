"""Expensive renders (charts, CSV/Excel exports, .docx briefs) off the request threads, bounded and cached.

A chart takes 0.7–1.9 s, and matplotlib draws one at a time (timeline.py locks its global rcParams). Rendered
in Starlette's thread pool, every waiting chart held a thread that /api/ask also needs: one visitor asking
for 120 charts stalled everyone. Here a request only awaits a future: at most `workers` renders run in a
pool of their own, at most `queue` more wait, and any further request gets 503 with Retry-After at once.
Results are cached by key — (what, filters, as_of, index build) — and identical requests in flight share one
render, so a burst of the same chart costs one render.
"""

import asyncio
import math
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor

from cachetools import LRUCache

__all__ = ["RenderPool", "RenderBusy", "build_key"]

CACHE_ENTRIES = 64  # a PNG is ~150 kB, an .xlsx ~20 kB: a few MB at most


class RenderBusy(Exception):
    """Every render slot and queue place is taken; the client should retry after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def build_key(manifest: dict) -> str:
    """Which index build a render came from: a reindex changes it, so stale results are never served."""
    return f"{manifest.get('created')}:{manifest.get('corpus_fingerprint')}"


class RenderPool:
    """A small thread pool with a bounded queue and a cache of results (bytes) by key."""

    def __init__(self, workers: int, queue: int, cache_entries: int = CACHE_ENTRIES) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="render")
        self._cache: LRUCache[Hashable, Future[bytes]] = LRUCache(cache_entries)
        self._lock = threading.Lock()  # guards the cache and the counters; never held while rendering
        self._workers, self._limit = workers, workers + queue
        self._pending = 0
        self._seconds = 1.0  # a moving average of one render, for Retry-After
        self.renders = 0  # renders actually run (not served from the cache)

    async def get(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """The result of `render()` for `key`: cached, shared with a request in flight, or rendered in the
        pool. Raises RenderBusy when the queue is full; a failed render is not cached."""
        with self._lock:
            future = self._cache.get(key)
            if future is None:
                if self._pending >= self._limit:
                    raise RenderBusy(max(1, math.ceil(self._seconds * self._pending / self._workers)))
                self._pending += 1
                future = self._executor.submit(self._run, render)
                self._cache[key] = future
        try:
            # shielded: a client hanging up must not cancel a render other requests share
            return await asyncio.shield(asyncio.wrap_future(future))
        except Exception:
            with self._lock:
                if self._cache.get(key) is future:
                    del self._cache[key]
            raise

    def _run(self, render: Callable[[], bytes]) -> bytes:
        started = time.perf_counter()
        try:
            return render()
        finally:
            with self._lock:
                self._pending -= 1
                self.renders += 1
                self._seconds = 0.8 * self._seconds + 0.2 * (time.perf_counter() - started)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
