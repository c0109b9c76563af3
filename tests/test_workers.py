"""The worker pool: its processes end with the run that started them, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import PROJECT_ROOT

POOL_THEN_SLEEP = """
import os, time
from tasks import workers
with workers.worker_pool(1):
    print(workers.run(os.getpid), flush=True)
    time.sleep(120)
"""


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that no longer reaps it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_workers_end_when_the_run_is_killed(tmp_path: Path):
    # kill -9 of `newsflow run` used to leave both workers (1.3 GB each) blocked on a pipe
    run = subprocess.Popen([sys.executable, "-c", POOL_THEN_SLEEP], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        worker = int(run.stdout.readline())
        assert worker != run.pid and alive(worker)
    finally:
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 30
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not alive(worker)
