"""The ``newsflow`` command's messages and exit codes, run as a user runs it (a subprocess).

In-process runs under pytest's capsys would hand Prefect's log handler a stream that is closed
after the test, breaking Prefect logging for the rest of the session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT_ROOT, SAMPLES

from flows.cli import EXIT_BUSY
from tasks.runlock import acquire_run_lock


def newsflow(*args: str, home: Path) -> subprocess.CompletedProcess:
    home.mkdir(exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=600,
    )


def test_unusable_raw_or_out_folder_is_a_usage_error_naming_it(tmp_path: Path):
    afile = tmp_path / "afile.txt"
    afile.write_text("Titel\nText")
    for raw, out, message in [
        (tmp_path / "nope", tmp_path / "out", "does not exist"),
        (afile, tmp_path / "out", "is a file"),  # used to say "does not exist"
        (tmp_path, afile, "is a file"),  # used to end in a Prefect traceback, "File exists"
    ]:
        result = newsflow("run", "--raw", str(raw), "--out", str(out), home=tmp_path / "home")
        assert result.returncode == 2, result.stderr[-2000:]  # a bad option: nothing ran
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]


def test_run_prints_summary_and_busy_folder_exits_3(tmp_path: Path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(SAMPLES, raw)
    result = newsflow("run", "--raw", str(raw), "--out", str(out), "--workers", "0", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "records in: 8, articles written: 7, rejected: 1 (malformed_json 1)" in result.stdout
    assert "languages: " in result.stdout and "seconds per stage" in result.stdout
    assert f"output: {out.resolve()}/" in result.stdout
    both = result.stdout + result.stderr  # what a terminal shows: the flow's log lines and the report
    assert both.count("languages: ") == 1, both[-3000:]  # the flow logged the five lines too
    assert "run summary: 8 records in, 7 articles written, 1 rejected (malformed_json 1)" in result.stderr

    lock = acquire_run_lock(out)  # an fcntl lock: the child process cannot take it
    try:
        busy = newsflow("run", "--raw", str(raw), "--out", str(out), home=tmp_path / "home")
    finally:
        lock.release()
    assert busy.returncode == EXIT_BUSY
    assert "another newsflow run is writing to" in busy.stdout


def test_a_bad_option_is_a_usage_error_not_a_failed_run(tmp_path: Path):
    for option, value, says in [
        ("--chunk-size", "0", "must be at least 1"), ("--batch-size", "-3", "must be at least 1"),
        ("--workers", "-1", "must be at least 0"), ("--wait", "soon", "expected a number"),
        ("--chunk-size", "2.5", "expected a whole number"), ("--wait", "nan", "must be a finite number"),
    ]:
        result = newsflow("run", option, value, home=tmp_path / "home")
        assert result.returncode == 2, (option, value)  # argparse's usage error, before any run starts
        assert f"argument {option}: {says}" in result.stderr
