"""The ``newsflow`` command's messages and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

from flows.cli import EXIT_BUSY, EXIT_FAILED, main
from tasks.runlock import acquire_run_lock

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_missing_raw_folder_is_a_clear_error(tmp_path: Path, capsys):
    assert main(["run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == EXIT_FAILED
    assert "raw folder" in capsys.readouterr().err


def test_run_prints_summary_and_busy_folder_exits_3(tmp_path: Path, capsys):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(SAMPLES, raw)
    assert main(["run", "--raw", str(raw), "--out", str(out), "--workers", "0"]) == 0
    printed = capsys.readouterr().out
    assert "articles in: 8, written: 7, rejected: 1 (malformed_json 1)" in printed
    assert f"output: {out.resolve()}/" in printed
    lock = acquire_run_lock(out)
    try:
        assert main(["run", "--raw", str(raw), "--out", str(out)]) == EXIT_BUSY
    finally:
        lock.release()
    assert "another newsflow run is writing to" in capsys.readouterr().out
