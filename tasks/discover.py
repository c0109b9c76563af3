"""Find new or changed source files under the raw folder and cut them into batches.

A file is new when the manifest has never seen its path, changed when its size or mtime moved
*and* its SHA-256 differs (a touched but identical file is not re-processed). Batches are cut by
file count and by bytes so memory depends on the batch size, never on the size of the folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tasks.manifest import Manifest

# Editors, downloaders and OS metadata leave these behind; they are never articles.
_IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")
_IGNORED_NAMES = {"thumbs.db", "desktop.ini"}
# Corpus folders ship their own documentation; it is not news.
_IGNORED_STEMS = {"readme", "license", "licence", "copying", "notice", "changelog"}


@dataclass(frozen=True)
class SourceFile:
    """One file to ingest, identified by its path and content hash."""

    path: str  # absolute
    rel_path: str  # relative to the raw folder, POSIX separators: what the output shows
    size: int
    mtime_ns: int
    sha256: str


def _walk(raw_dir: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            lowered = name.lower()
            if (
                name.startswith(".")
                or lowered in _IGNORED_NAMES
                or lowered.split(".", 1)[0] in _IGNORED_STEMS
                or lowered.endswith(_IGNORED_SUFFIXES)
            ):
                continue
            yield Path(root) / name


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_new_sources(raw_dir: Path, manifest: Manifest) -> tuple[list[SourceFile], int]:
    """Return the files that need processing and how many were skipped as unchanged."""
    raw_dir = raw_dir.resolve()
    known = manifest.source_states()
    todo: list[SourceFile] = []
    unchanged = 0
    for path in _walk(raw_dir):
        try:
            stat = path.stat()
            key = str(path)
            previous = known.get(key)
            if previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
                unchanged += 1
                continue
            sha = file_sha256(path)
        except OSError:
            # Vanished or unreadable between listing and hashing: ingest reports it properly.
            stat_size, stat_mtime, sha = 0, 0, ""
            todo.append(SourceFile(str(path), path.relative_to(raw_dir).as_posix(), stat_size, stat_mtime, sha))
            continue
        if previous and previous[2] == sha:
            manifest.touch_source(key, stat.st_size, stat.st_mtime_ns)
            unchanged += 1
            continue
        todo.append(SourceFile(key, path.relative_to(raw_dir).as_posix(), stat.st_size, stat.st_mtime_ns, sha))
    return todo, unchanged


def make_batches(sources: list[SourceFile], max_files: int, max_bytes: int) -> list[list[SourceFile]]:
    """Group files in path order, closing a batch at ``max_files`` files or ``max_bytes`` bytes."""
    batches: list[list[SourceFile]] = []
    current: list[SourceFile] = []
    size = 0
    for source in sources:
        if current and (len(current) >= max_files or size + source.size > max_bytes):
            batches.append(current)
            current, size = [], 0
        current.append(source)
        size += source.size
    if current:
        batches.append(current)
    return batches


def batch_id(sources: list[SourceFile]) -> str:
    """A stable name for a batch: the same files with the same content give the same id."""
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.path):
        digest.update(f"{source.path}\0{source.sha256}\n".encode())
    return digest.hexdigest()[:20]
