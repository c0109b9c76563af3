"""The Prefect flow end to end: exactly once across re-runs, overlaps, retries and kills."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT_ROOT, SAMPLES

from tasks.manifest import Manifest
from tasks.runlock import acquire_run_lock
from tasks.schema import Col

pytestmark = pytest.mark.usefixtures("prefect_harness")


def parquet_files(out: Path) -> list[Path]:
    return sorted(out.glob("**/*.parquet"))


def run_flow(raw: Path, out: Path, **kwargs):
    from flows.pipeline import news_pipeline

    kwargs.setdefault("workers_count", 0)
    return news_pipeline(raw_dir=str(raw), out_dir=str(out), **kwargs)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(SAMPLES, folder)
    return folder


def test_samples_end_to_end_with_worker_processes_then_rerun_adds_nothing(raw: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = run_flow(raw, out, workers_count=2)
    assert summary["records_in"] == 8
    assert summary["articles_written"] == 7
    assert summary["rejected_by_reason"] == {"malformed_json": 1}
    assert summary["articles_by_language"] == {"de": 2, "en": 2, "fr": 1, "es": 1, "nl": 1}
    assert set(summary["stage_seconds"]) == {"ingest", "langid", "clean", "entities", "output"}
    files = parquet_files(out)
    stamps = {f: f.stat().st_mtime_ns for f in files}

    again = run_flow(raw, out)
    assert again["files_new_or_changed"] == 0 and again["files_unchanged"] == 4
    assert again["records_in"] == 0
    assert {f: f.stat().st_mtime_ns for f in parquet_files(out)} == stamps  # nothing rewritten
    from flows.report import summary_text

    assert "seconds per stage (summed over workers): none run;" in summary_text(again)

    (raw / "de_ostsee_manoever.txt").touch()  # touched, not changed: still nothing to do
    assert run_flow(raw, out)["files_new_or_changed"] == 0


def test_new_file_is_picked_up_incrementally(raw: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_flow(raw, out)
    (raw / "later.txt").write_text("Neue Meldung\nDie Stadt Leipzig eröffnet am Montag eine neue Brücke über die Elster.\n")
    summary = run_flow(raw, out)
    assert summary["files_new_or_changed"] == 1 and summary["articles_written"] == 1
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == 8 and articles[Col.DOC_ID].is_unique


def test_overlapping_run_stops_with_a_clear_message(raw: Path, tmp_path: Path):
    out = tmp_path / "out"
    lock = acquire_run_lock(out)
    try:
        summary = run_flow(raw, out)
    finally:
        lock.release()
    assert "another newsflow run is writing to" in summary["skipped"]
    assert parquet_files(out) == []
    assert run_flow(raw, out)["articles_written"] == 7  # free again once the first run ends


def test_a_failed_run_gives_the_output_folder_back(raw: Path, tmp_path: Path, monkeypatch):
    import flows.pipeline as pipeline

    def lost_disk(*args, **kwargs):
        raise OSError("the raw folder's disk went away")

    monkeypatch.setattr(pipeline, "find_new_sources", lost_disk)
    out = tmp_path / "out"
    with pytest.raises(OSError) as failed:
        run_flow(raw, out)
    # The traceback keeps the failed run's frame, and its lock object, alive: the lock must be free anyway.
    assert failed.value.__traceback__ is not None
    lock = acquire_run_lock(out, wait_seconds=0)
    lock.release()


def test_a_deployment_run_with_an_unusable_parameter_stops_naming_it(raw: Path, tmp_path: Path):
    from flows.pipeline import news_pipeline

    # `prefect deployment run ... -p chunk_size=0` reaches the flow unchecked by the command line
    with pytest.raises(ValueError, match="chunk_size must be a number of at least 1, got 0"):
        news_pipeline.fn(raw_dir=str(raw), out_dir=str(tmp_path / "out"), chunk_size=0)
    with pytest.raises(ValueError, match="wait_seconds must be a number of at least 0, got inf"):
        news_pipeline.fn(raw_dir=str(raw), out_dir=str(tmp_path / "out"), wait_seconds=float("inf"))
    assert not (tmp_path / "out").exists()  # refused before anything was touched


def test_transient_read_error_is_retried(raw: Path, tmp_path: Path, monkeypatch):
    import tasks.prefect_tasks as prefect_tasks

    calls = []
    real = prefect_tasks.ingest_files

    def flaky(sources, max_bytes, final_attempt):
        calls.append(final_attempt)
        if len(calls) == 1:
            raise OSError("simulated NFS hiccup")
        return real(sources, max_bytes, final_attempt)

    monkeypatch.setattr(prefect_tasks, "ingest_files", flaky)
    summary = run_flow(raw, tmp_path / "out")
    assert len(calls) == 2 and summary["articles_written"] == 7


def test_deterministic_parser_failure_is_a_row_not_a_retry(raw: Path, tmp_path: Path, monkeypatch):
    import tasks.ingest as ingest

    calls = []

    def broken(data):
        calls.append(1)
        raise ValueError("parser bug")

    monkeypatch.setitem(ingest.PARSERS, "txt", broken)
    summary = run_flow(raw, tmp_path / "out")
    assert summary["rejected_by_reason"] == {"malformed_json": 1, "stage_error": 1}
    assert len(calls) == 1


def _generated_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    cities = ["Hamburg", "Leipzig", "Dresden", "Bremen", "Hannover", "Nürnberg", "Stuttgart", "Köln"]
    for i in range(count):
        city = cities[i % len(cities)]
        (folder / f"meldung_{i:04d}.txt").write_text(
            f"Meldung Nummer {i}\n"
            f"In {city} wurden am Montag {i} neue Fahrräder für den Verleih vorgestellt. "
            f"Der Bürgermeister lobte das Projekt und kündigte weitere Stationen für das kommende Jahr an.\n",
            encoding="utf-8",
        )


def test_killed_run_resumes_exactly_once(tmp_path: Path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "prefect-home"
    count = 240
    _generated_corpus(raw, count)
    home.mkdir()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "run.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(out), "--batch-size", "2", "--workers", "1"],
            cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 240
        while len(list((out / "articles").glob("**/*.parquet"))) < 3:
            said = lambda: log.read_text(errors="replace")[-3000:]  # noqa: E731  why the run stopped, if it did
            assert process.poll() is None, f"the run ended (exit {process.returncode}) before it could be killed:\n{said()}"
            assert time.monotonic() < deadline, f"no commit within 240 s:\n{said()}"
            time.sleep(0.2)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # it ended by itself; the assertion above says how
            pass
        process.wait()

    manifest = Manifest(out)
    done_before, _, _ = manifest.counts()
    manifest.close()
    assert 0 < done_before < count, "kill must land mid-run"

    summary = run_flow(raw, out)
    assert summary["files_new_or_changed"] == count - done_before
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == count
    assert articles[Col.SOURCE_PATH].is_unique and articles[Col.DOC_ID].is_unique
    assert not list(out.glob("**/*.staged"))
    manifest = Manifest(out)
    assert manifest.counts() == (count, count, 0)
    manifest.close()
