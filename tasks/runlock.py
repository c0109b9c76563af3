"""One run at a time per output folder.

Two overlapping runs (a slow scheduled run and the next one, or a manual trigger on top of a
schedule) would discover the same new files and race to commit them. The lock is an OS file
lock (filelock over fcntl), so it is released even when a run is killed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from tasks.manifest import STATE_DIR


class RunInProgress(RuntimeError):
    """Another run holds the output folder."""


def acquire_run_lock(out_dir: Path, wait_seconds: float = 0.0) -> FileLock:
    """Hold the output folder's lock, waiting up to ``wait_seconds`` for a running run."""
    state = out_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(state / "run.lock"))
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise RunInProgress(
            f"another newsflow run is writing to {out_dir} (lock {state / 'run.lock'}); "
            f"this run stops without touching it. Pass --wait SECONDS to queue behind it instead."
        ) from None
    return lock


@contextmanager
def held(lock: FileLock) -> Iterator[FileLock]:
    """Give back a lock ``acquire_run_lock`` took when the block ends, however it ends.

    ``with lock:`` would take the already-held lock a second time and give back only that one:
    the folder stayed locked until the lock object was collected, which a failed run's
    traceback (holding the flow's frame) can put off for as long as the process lives.
    """
    try:
        yield lock
    finally:
        lock.release()
