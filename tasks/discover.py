"""Find new or changed source files under the raw folder and cut them into batches.

A file is new when the manifest has never seen its path, changed when its size or mtime moved
*and* its SHA-256 differs (a touched but identical file is not re-processed). A new path whose
relative path and content match a done source is that source read from another place (a moved,
remounted or copied raw folder) and is not ingested again, and so is a new path whose content is a
done source's whose path is gone (a file renamed inside the folder). Batches are cut by
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


def _walk(raw_dir: Path, out_dir: Path | None = None) -> Iterator[Path]:
    """The raw folder's candidate files, leaving out the output folder when it sits inside (or its
    tables, when it is the raw folder itself): a run writing into ``raw/processed`` would otherwise
    read its own Parquet next time, and reject it."""
    output = {out_dir} | ({out_dir / table for table in ("articles", "entities", "rejected")} if out_dir else set())
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and Path(root, d) not in output)
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


def _same_file_elsewhere(
    path: Path, rel_path: str, known: dict[str, tuple[int, int, str]], by_rel: dict[str, list[str]],
    rel_of: dict[str, str], by_sha: dict[str, list[str]], manifest: Manifest,
) -> tuple[bool, str | None]:
    """Whether a path new to the manifest is a done source read from another place, and its hash if taken.

    The output names a source by its path inside the raw folder, so a folder read from a second
    place (a container mount, a renamed disk, a copy) would otherwise be ingested again, every
    article twice. A done source at the same relative path with the same content is that file:
    if its old path is gone, the folder moved, and the source (with the rows it owns) is carried
    over to the new path, so a later change replaces its rows; if the old path is still there,
    this is a copy, whose articles are in the output already (it is not recorded, so it is hashed
    again each run). A different content at the same relative path is a new source, never a
    replacement: a drop folder that reuses file names must not lose yesterday's articles, so a
    folder moved *and* changed at once keeps the old version's rows beside the new ones. A file
    renamed inside the folder is found by its content: a done source of the same content whose
    path is gone is that file under its new name (``by_sha``: done sources by content hash).
    """
    candidates = [other for other in by_rel.get(rel_path, []) if other in known]
    sha = file_sha256(path)  # taken for a new file anyway, so the caller gets it back
    same = [other for other in candidates if known[other][2] == sha]
    if not same:
        # A file renamed inside the folder (or moved and renamed): its content is a done source
        # whose path is gone. It is that source under its new name, not a second copy of its articles.
        renamed = [other for other in by_sha.get(sha, []) if other in known and not os.path.lexists(other)]
        if not renamed:
            return False, sha
        same = renamed[:1]
    gone = [other for other in same if not os.path.lexists(other)]
    if gone:
        manifest.move_source(gone[0], str(path))  # its rows keep the relative path they were written under
        known[str(path)] = known.pop(gone[0])
        old_rel = rel_of.pop(gone[0], rel_path)  # the manifest keeps the source's relative path
        by_rel[old_rel] = [str(path) if other == gone[0] else other for other in by_rel.get(old_rel, [])]
        rel_of[str(path)] = old_rel
        stat = path.stat()
        manifest.touch_source(str(path), stat.st_size, stat.st_mtime_ns)
    return True, sha


def find_new_sources(raw_dir: Path, manifest: Manifest) -> tuple[list[SourceFile], int]:
    """Return the files that need processing and how many were skipped as unchanged."""
    raw_dir = raw_dir.resolve()
    known = manifest.source_states()
    by_rel = manifest.paths_by_rel_path()
    rel_of = {known_path: rel for rel, paths in by_rel.items() for known_path in paths}
    by_sha: dict[str, list[str]] = {}
    for known_path, (_, _, known_sha) in known.items():
        by_sha.setdefault(known_sha, []).append(known_path)
    todo: list[SourceFile] = []
    unchanged = 0
    for path in _walk(raw_dir, manifest.out_dir.resolve()):
        try:
            stat = path.stat()
            key = str(path)
            previous = known.get(key)
            hashed = None
            if previous is None:
                elsewhere, hashed = _same_file_elsewhere(
                    path, path.relative_to(raw_dir).as_posix(), known, by_rel, rel_of, by_sha, manifest
                )
                if elsewhere:
                    unchanged += 1
                    continue
            if previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
                unchanged += 1
                continue
            sha = hashed or file_sha256(path)
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
