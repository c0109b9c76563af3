"""The news-pipeline flow: discover -> ingest -> langid -> clean -> entities -> output.

Only wiring lives here. Files are cut into batches (the unit of commit); each batch's records
are cut into chunks (the unit of parallel work), so a single CSV of a thousand articles still
spreads over every worker. A bounded number of batches is in flight at once, so memory depends
on the batch size and never on how many files wait in the raw folder.
"""

from __future__ import annotations

import math
import time
from collections import deque
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from flows.report import build_summary, summary_line, summary_rows
from tasks import workers
from tasks.batch import split
from tasks.discover import find_new_sources, make_batches
from tasks.ingest import DEFAULT_MAX_FILE_BYTES
from tasks.manifest import Manifest
from tasks.prefect_tasks import clean_task, entities_task, ingest_task, langid_task, output_task
from tasks.runlock import RunInProgress, acquire_run_lock, held

FLOW_NAME = "news-pipeline"
MB = 1024 * 1024


def _refuse_unusable(minimums: dict[str, tuple[float | None, float]]) -> None:
    """Stop, naming the parameter, before a run starts with a value no run can use.

    ``newsflow run`` checks its options when parsed; a deployment run takes any value
    (``prefect deployment run ... -p chunk_size=0``), which would otherwise fail deep inside a
    task with a traceback about ``range()``.
    """
    for name, (value, minimum) in minimums.items():
        if value is not None and not (math.isfinite(value) and value >= minimum):
            raise ValueError(f"{name} must be a number of at least {minimum:g}, got {value!r}")


@flow(name=FLOW_NAME, task_runner=ThreadPoolTaskRunner(max_workers=16), log_prints=True)
def news_pipeline(
    raw_dir: str = "data/raw",
    out_dir: str = "data/processed",
    batch_size: int = 64,
    chunk_size: int = 64,
    workers_count: int | None = None,
    max_batch_mb: int = 64,
    max_file_mb: int = DEFAULT_MAX_FILE_BYTES // MB,
    wait_seconds: float = 0.0,
) -> dict[str, Any]:
    """Process every new or changed file under ``raw_dir`` into Parquet tables in ``out_dir``.

    ``workers_count`` worker processes (default: one per CPU; 0 runs stages in the flow's own
    process) do the CPU work. ``wait_seconds`` is how long to queue behind a run that is
    already writing to ``out_dir`` before giving up with a clear message.
    """
    _refuse_unusable({
        "batch_size": (batch_size, 1), "chunk_size": (chunk_size, 1), "workers_count": (workers_count, 0),
        "max_batch_mb": (max_batch_mb, 1), "max_file_mb": (max_file_mb, 1), "wait_seconds": (wait_seconds, 0),
    })
    logger = get_run_logger()
    started = time.perf_counter()
    raw, out = Path(raw_dir).resolve(), Path(out_dir).resolve()
    if not raw.is_dir():
        raise FileNotFoundError(f"raw folder {raw} does not exist or is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    try:
        lock = acquire_run_lock(out, wait_seconds)
    except RunInProgress as busy:
        logger.warning(str(busy))
        return {"skipped": str(busy), "out_dir": str(out)}

    with held(lock):
        manifest = Manifest(out)
        try:
            recovered = manifest.recover()
            if recovered:
                logger.info("finished %d commit(s) an earlier run left half-published", recovered)
            sources, unchanged = find_new_sources(raw, manifest)
            plan = make_batches(sources, batch_size, max_batch_mb * MB)
            logger.info("%d new or changed files in %d batches; %d unchanged", len(sources), len(plan), unchanged)
            processes = workers.default_processes() if workers_count is None else workers_count
            with workers.worker_pool(processes):
                summaries, failed = _run_batches(
                    plan, manifest, chunk_size, max_file_mb * MB, max_in_flight=max(2, 2 * processes)
                )
        finally:
            manifest.close()

    summary = build_summary(
        summaries, out_dir=str(out), discovered=len(sources), unchanged=unchanged, recovered=recovered,
        failed_batches=failed, wall_seconds=time.perf_counter() - started,
    )
    create_table_artifact(key="news-pipeline-summary", table=summary_rows(summary),
                          description="newsflow run summary")
    logger.info("run summary: %s", summary_line(summary))
    if failed:
        raise RuntimeError(
            f"{len(failed)} batch(es) failed after retries and were not committed; their files will be "
            f"retried by the next run: {failed}"
        )
    return summary


def _run_batches(
    plan: list, manifest: Manifest, chunk_size: int, max_file_bytes: int, max_in_flight: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    logger = get_run_logger()
    summaries: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    in_flight: deque = deque()
    ingests = deque((sources, ingest_task.submit(sources, max_file_bytes)) for sources in plan[:max_in_flight])
    pending_plan = deque(plan[max_in_flight:])

    def fail(sources: list, error: Exception, stage: str) -> None:
        failed.append({"files": [s.rel_path for s in sources][:20], "error": f"{type(error).__name__}: {error}"})
        logger.error("%s of a batch of %d files failed after retries; not committed: %s", stage, len(sources), error)

    def settle(sources: list, future: Any) -> None:
        try:
            summaries.append(future.result())
        except Exception as error:
            fail(sources, error, "processing")

    while ingests:
        sources, ingest_future = ingests.popleft()
        if pending_plan:
            next_sources = pending_plan.popleft()
            ingests.append((next_sources, ingest_task.submit(next_sources, max_file_bytes)))
        try:
            batch = ingest_future.result()
        except Exception as error:
            fail(sources, error, "ingest")
            continue
        tagged = [entities_task.submit(clean_task.submit(langid_task.submit(chunk))) for chunk in split(batch, chunk_size)]
        in_flight.append((sources, output_task.submit(tagged, sources, manifest)))
        while len(in_flight) >= max_in_flight:
            settle(*in_flight.popleft())
    while in_flight:
        settle(*in_flight.popleft())
    return summaries, failed
