"""Thin Prefect tasks around the stage functions: retries, timeouts and logging only.

Each task takes and returns a whole batch, never a single article (a task run costs 6-10 ms
of orchestration). Only transient errors (I/O, a dead worker process, timeouts) are retried,
with exponential backoff and jitter; anything deterministic was already turned into a
rejected row inside the stage and never reaches Prefect as an exception.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from tasks import workers
from tasks.batch import Batch, merge, rejection_counts
from tasks.clean import clean_batch
from tasks.discover import SourceFile
from tasks.entities import tag_batch
from tasks.ingest import DEFAULT_MAX_FILE_BYTES, ingest_files
from tasks.langid import detect_languages
from tasks.manifest import Manifest
from tasks.output import write_batch
from tasks.schema import Col

RETRIES = 3
TRANSIENT = (OSError, TimeoutError, BrokenProcessPool)


def is_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only failures that may go away on their own."""
    try:
        state.result()
    except TRANSIENT:
        return True
    except BaseException:
        return False
    return False


STAGE_OPTIONS: dict[str, Any] = dict(
    retries=RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_jitter_factor=0.5,
    retry_condition_fn=is_transient,
    cache_policy=NO_CACHE,  # batches are large; hashing them for a cache key costs more than the work
)


def _final_attempt() -> bool:
    from prefect.runtime import task_run

    return (task_run.run_count or 1) > RETRIES


def _log_stage(name: str, batch: Batch) -> None:
    stats = batch.stats.get(name, {})
    get_run_logger().info(
        "%s: %d in, %d out, %d rejected, %.2fs",
        name, stats.get("records_in", stats.get("files", 0)), stats.get("records_out", 0),
        stats.get("rejected", 0), stats.get("seconds", 0.0),
    )


@task(name="ingest", **STAGE_OPTIONS)
def ingest_task(sources: list[SourceFile], max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Batch:
    batch = workers.run(ingest_files, sources, max_file_bytes, _final_attempt())
    _log_stage("ingest", batch)
    return batch


@task(name="langid", **STAGE_OPTIONS)
def langid_task(batch: Batch) -> Batch:
    batch = workers.run(detect_languages, batch)
    _log_stage("langid", batch)
    return batch


@task(name="clean", **STAGE_OPTIONS)
def clean_task(batch: Batch) -> Batch:
    batch = workers.run(clean_batch, batch)
    _log_stage("clean", batch)
    return batch


@task(name="entities", **STAGE_OPTIONS)
def entities_task(batch: Batch) -> Batch:
    batch = workers.run(tag_batch, batch)
    stats = batch.stats.get("entities", {})
    if stats.get("gazetteer_only_records"):
        get_run_logger().info(
            "entities: %d records in languages without a trained model were tagged by the gazetteer only",
            stats["gazetteer_only_records"],
        )
    _log_stage("entities", batch)
    return batch


@task(name="output", **STAGE_OPTIONS)
def output_task(chunks: list[Batch], sources: list[SourceFile], manifest: Manifest) -> dict[str, Any]:
    """Join a file batch's chunks and commit them; returns the batch's counts and stage stats."""
    batch = merge(chunks)
    summary = write_batch(batch, sources, manifest)  # records its own "output" stage stats
    summary["stats"] = batch.stats
    summary["languages"] = dict(Counter(batch.articles[Col.LANGUAGE])) if len(batch.articles) else {}
    summary["reasons"] = dict(rejection_counts(batch.rejected))
    get_run_logger().info(
        "output: batch %s committed, %d articles, %d rejected", summary["batch_id"], summary["articles"], summary["rejected"]
    )
    return summary
