"""Small helpers shared by the tests: build SourceFile objects and run stages without Prefect."""

from __future__ import annotations

from pathlib import Path

from tasks.batch import Batch
from tasks.clean import clean_batch
from tasks.discover import SourceFile, file_sha256
from tasks.entities import tag_batch
from tasks.ingest import ingest_files
from tasks.langid import detect_languages


def source_file(path: Path, root: Path | None = None) -> SourceFile:
    stat = path.stat()
    rel = path.relative_to(root).as_posix() if root else path.name
    return SourceFile(str(path.resolve()), rel, stat.st_size, stat.st_mtime_ns, file_sha256(path))


def run_stages(paths: list[Path], root: Path | None = None, entities: bool = True) -> Batch:
    """Ingest -> langid -> clean (-> entities), the stage functions the Prefect tasks wrap."""
    batch = clean_batch(detect_languages(ingest_files([source_file(p, root) for p in paths])))
    return tag_batch(batch) if entities else batch
