"""``newsflow serve``: a real local Prefect server, a schedule that fires, a manual trigger."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SAMPLES

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(url: str, path: str, body: dict | None = None) -> object:
    request = urllib.request.Request(
        f"{url}{path}", data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"}, method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def wait_for(condition, timeout: float, what: str):
    """Poll ``condition`` until it is truthy; a server not up yet counts as "not yet"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def completed_runs(url: str, auto_scheduled: bool) -> list[dict]:
    runs = api(url, "/flow_runs/filter", {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}})
    return [run for run in runs if run["auto_scheduled"] == auto_scheduled]


def test_schedule_fires_and_manual_trigger_runs(tmp_path: Path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    shutil.copytree(SAMPLES, raw)
    home.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
    env.pop("PREFECT_API_URL", None)  # serve must start its own server
    log = open(tmp_path / "serve.log", "wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", "--raw", str(raw), "--out", str(out),
         "--interval", "10", "--port", str(port), "--name", "ci", "--workers", "0"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        # The first scheduled run may still be working when the next one fires; that one steps
        # aside (the output folder's lock) and completes at once, so wait for the output too.
        scheduled = wait_for(
            lambda: list(out.glob("articles/**/*.parquet")) and completed_runs(url, auto_scheduled=True),
            240, "a scheduled run to write output",
        )

        trigger = subprocess.run(
            [sys.executable, "-m", "prefect", "deployment", "run", "news-pipeline/ci"],
            env={**env, "PREFECT_API_URL": url}, capture_output=True, text=True, timeout=120,
        )
        assert trigger.returncode == 0, trigger.stdout + trigger.stderr
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", trigger.stdout).group(1)
        manual = wait_for(
            lambda: api(url, f"/flow_runs/{run_id}")["state_type"] == "COMPLETED", 180, "the manual run"
        )
        assert manual and scheduled[0]["id"] != run_id
        assert not api(url, f"/flow_runs/{run_id}")["auto_scheduled"]
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
        log.close()
    # serve stopped the server it started
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/health", timeout=2)
