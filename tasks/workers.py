"""Where CPU-bound stage work runs: a pool of worker processes owned by the flow run.

langdetect and spaCy are pure-Python/Cython CPU work, so threads do not parallelise them and
langdetect is not thread-safe. Prefect's own process runner would start a temporary API
server per worker in ephemeral mode (about 11 s each), so the flow keeps Prefect's cheap
thread runner for orchestration and hands the heavy functions to this pool. Workers are
spawned (not forked: the parent runs Prefect's threads and event loop) and keep their loaded
models between batches. With ``processes=0`` everything runs in the calling process, which is
what a Dask worker or a debugger wants.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """End this worker once the flow process that started it is gone.

    A run killed with SIGKILL (by hand, or by the kernel for memory) cannot shut its pool down,
    and its workers, 1.3 GB each with their models, sat blocked on a pipe nobody reads. A
    watching thread notices the new parent an orphan gets and leaves at once.
    """
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(parent: int) -> None:
    """Seed and load langdetect before any work: it is random unless seeded. ``parent`` is the
    flow process's pid, passed in: read here, it would be the new parent of an orphan already."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="exit-with-parent").start()
    from tasks.langid import default_detector

    default_detector()


def default_processes() -> int:
    return max(1, os.cpu_count() or 1)


def _start(processes: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )


@contextmanager
def worker_pool(processes: int) -> Iterator[None]:
    """Run stage functions in ``processes`` worker processes for the duration of a flow run."""
    global _pool, _pool_size
    if processes <= 0:
        yield
        return
    with _pool_lock:
        _pool, _pool_size = _start(processes), processes
    try:
        yield
    finally:
        with _pool_lock:
            pool, _pool = _pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def run(function: Callable[..., T], *args: Any) -> T:
    """Call ``function(*args)`` in a worker process if a pool is open, else here.

    A worker that died (killed for memory, say) breaks the whole executor; the pool is
    restarted and the error re-raised so Prefect retries the task on the fresh pool.
    """
    global _pool
    pool = _pool
    if pool is None:
        return function(*args)
    try:
        return pool.submit(function, *args).result()
    except BrokenProcessPool:
        with _pool_lock:
            if _pool is pool:
                _pool = _start(_pool_size)
        raise
