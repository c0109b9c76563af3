"""Output stage: a finished batch -> Hive-partitioned, zstd Parquet part files, committed atomically.

Three tables (articles, entities, rejected), each written with its one explicit schema from
``tasks.schema``. Files are staged under ``_newsflow/staging`` and made visible only by the
manifest's commit, so a reader never sees a partial file and a crash never leaves a source
half-written. When a source file changed since it was last processed, its old rows are removed
from the files holding them in the same commit, so each source is present once, in its latest
version.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.batch import Batch
from tasks.discover import SourceFile, batch_id
from tasks.manifest import STAGED_SUFFIX, Manifest, Op, SourceDone
from tasks.schema import (
    ARTICLES_FILE,
    ENTITIES_FILE,
    PIPELINE_VERSION,
    REJECTED_FILE,
    TABLES,
    UNDETERMINED_LANGUAGE,
    Col,
)

COMPRESSION = "zstd"


def _clean(value: Any) -> Any:
    """pandas NaN/NaT and numpy arrays back to what pyarrow's struct conversion expects."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    return value


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    present = [c for c in columns if c in frame.columns]
    records = frame[present].to_dict(orient="records") if len(frame) else []
    return [{key: _clean(value) for key, value in record.items()} for record in records]


def content_hash(title: str | None, text: str) -> str:
    """Hash of the clean title and text: equal for the same article scraped twice."""
    return hashlib.sha256(f"{title or ''}\0{text}".encode()).hexdigest()[:32]


def article_tables(batch: Batch, ingested_at: datetime) -> dict[str, pa.Table]:
    """Articles per language partition, with every schema column present."""
    frame = batch.articles
    if not len(frame):
        return {}
    columns = [field.name for field in ARTICLES_FILE] + [Col.LANGUAGE]
    rows = _rows(frame, columns)
    partitions: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        row[Col.N_CHARS] = len(row[Col.TEXT])
        row[Col.CONTENT_HASH] = content_hash(row.get(Col.TITLE), row[Col.TEXT])
        row[Col.INGESTED_AT] = ingested_at
        row[Col.PIPELINE_VERSION] = PIPELINE_VERSION
        language = row.pop(Col.LANGUAGE, None) or UNDETERMINED_LANGUAGE
        partitions.setdefault(language, []).append(row)
    return {lang: pa.Table.from_pylist(part, schema=ARTICLES_FILE) for lang, part in partitions.items()}


def entity_tables(batch: Batch, ingested_at: datetime) -> dict[str, pa.Table]:
    """One row per entity mention, partitioned like the article it comes from."""
    frame = batch.articles
    if not len(frame) or Col.ENTITIES not in frame.columns:
        return {}
    partitions: dict[str, list[dict[str, Any]]] = {}
    for doc, source, language, entities in zip(
        frame[Col.DOC_ID], frame[Col.SOURCE_PATH], frame[Col.LANGUAGE], frame[Col.ENTITIES]
    ):
        for entity in _clean(entities) or []:
            partitions.setdefault(language or UNDETERMINED_LANGUAGE, []).append(
                {
                    Col.DOC_ID: doc,
                    Col.SOURCE_PATH: source,
                    **entity,
                    Col.INGESTED_AT: ingested_at,
                    Col.PIPELINE_VERSION: PIPELINE_VERSION,
                }
            )
    return {lang: pa.Table.from_pylist(part, schema=ENTITIES_FILE) for lang, part in partitions.items()}


def rejected_tables(batch: Batch, ingested_at: datetime) -> dict[str, pa.Table]:
    partitions: dict[str, list[dict[str, Any]]] = {}
    for row in batch.rejected:
        row = dict(row)
        reason = row.pop(Col.REASON)
        row[Col.INGESTED_AT] = ingested_at
        row[Col.PIPELINE_VERSION] = PIPELINE_VERSION
        partitions.setdefault(reason, []).append(row)
    return {reason: pa.Table.from_pylist(part, schema=REJECTED_FILE) for reason, part in partitions.items()}


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression=COMPRESSION)
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _without_sources(path: Path, table_name: str, rel_paths: set[str]) -> pa.Table:
    """The rows of a visible file minus those of the given sources, in the table's schema."""
    schema = TABLES[table_name][0]
    table = pq.read_table(path, schema=schema, partitioning=None)
    keep = pc.invert(pc.is_in(table[Col.SOURCE_PATH], value_set=pa.array(sorted(rel_paths), pa.string())))
    return table.filter(keep)


def _stage_replacements(
    manifest: Manifest, sources: list[SourceFile], staging: Path
) -> tuple[list[Op], dict[str, set[str]], int]:
    """For sources seen before (changed files): rewrite the files holding their old rows.

    Returns the ops, the sources dropped per file, and how many old sources were replaced.
    """
    ops: list[Op] = []
    dropped: dict[str, set[str]] = {}
    old = manifest.files_of([s.path for s in sources])
    by_rel = {s.rel_path: s.path for s in sources}
    for rel, rel_paths in sorted(old.items()):
        dropped[rel] = {by_rel[p] for p in rel_paths if p in by_rel}
        visible = manifest.out_dir / rel
        if not visible.exists():
            continue
        remaining = _without_sources(visible, rel.split("/", 1)[0], rel_paths)
        if remaining.num_rows:
            staged = staging / "rewrite" / (rel + STAGED_SUFFIX)
            _write(remaining, staged)
            ops.append(Op("move", rel, str(staged.relative_to(manifest.out_dir))))
        else:
            ops.append(Op("delete", rel))
    return ops, dropped, len({p for paths in old.values() for p in paths})


def write_batch(batch: Batch, sources: list[SourceFile], manifest: Manifest) -> dict[str, Any]:
    """Stage, commit and publish one batch; return counts for the run summary."""
    with batch.stage("output"):
        ingested_at = datetime.now(timezone.utc)
        bid = batch_id(sources)
        name = f"part-{ingested_at.strftime('%Y%m%dT%H%M%S')}-{bid}.parquet"
        staging = manifest.staging_dir / bid

        ops: list[Op] = []
        new_files: dict[str, set[str]] = {}
        produced = {
            "articles": article_tables(batch, ingested_at),
            "entities": entity_tables(batch, ingested_at),
            "rejected": rejected_tables(batch, ingested_at),
        }
        for table_name, partitions in produced.items():
            partition_column = TABLES[table_name][1]
            for value, table in sorted(partitions.items()):
                rel = f"{table_name}/{partition_column}={value}/{name}"
                staged = staging / (rel + STAGED_SUFFIX)
                _write(table, staged)
                ops.append(Op("move", rel, str(staged.relative_to(manifest.out_dir))))
                in_file = set(table[Col.SOURCE_PATH].to_pylist())
                new_files[rel] = {s.path for s in sources if s.rel_path in in_file}

        articles_per_source = Counter(batch.articles[Col.SOURCE_PATH]) if len(batch.articles) else Counter()
        rejected_per_source = Counter(row[Col.SOURCE_PATH] for row in batch.rejected)
        done = [
            SourceDone(s.path, s.rel_path, s.size, s.mtime_ns, s.sha256,
                       articles_per_source.get(s.rel_path, 0), rejected_per_source.get(s.rel_path, 0))
            for s in sources
        ]
        with manifest.exclusive():  # no other batch rewrites a file between our read and our publish
            replacements, dropped, replaced = _stage_replacements(manifest, sources, staging)
            manifest.commit(bid, done, ops + replacements, new_files, dropped)
    return {
        "batch_id": bid,
        "files": len(sources),
        "articles": len(batch.articles),
        "rejected": len(batch.rejected),
        "replaced_sources": replaced,
    }
