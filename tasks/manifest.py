"""The manifest: which sources are done, and a write-ahead log of every output commit.

Exactly-once rests on one SQLite transaction per batch. Part files are first written to a
staging folder (names that no ``*.parquet`` glob matches); then one transaction records the
batch's sources as done *and* the list of file moves that publish it; then the moves run.
A crash before the transaction leaves the sources un-done (staging is swept, the batch is
redone); a crash after it is rolled forward by :meth:`Manifest.recover` at the next start.
So every source is either wholly visible and marked done, or neither.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

STATE_DIR = "_newsflow"  # leading underscore: Spark, DuckDB and pyarrow skip it
STAGED_SUFFIX = ".staged"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, rel_path TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, batch_id TEXT NOT NULL,
    articles INTEGER NOT NULL, rejected INTEGER NOT NULL, committed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL, ops TEXT NOT NULL,
    published INTEGER NOT NULL DEFAULT 0, committed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS source_files (
    source_path TEXT NOT NULL, file TEXT NOT NULL, PRIMARY KEY (source_path, file)
);
"""


@dataclass(frozen=True)
class Op:
    """``move`` a staged file into view (``src`` -> ``dst``) or ``delete`` a visible one."""

    kind: str
    dst: str  # relative to the output folder
    src: str | None = None


@dataclass(frozen=True)
class SourceDone:
    path: str
    rel_path: str
    size: int
    mtime_ns: int
    sha256: str
    articles: int
    rejected: int


class Manifest:
    """SQLite-backed state of one output folder. Safe to share between threads of one run."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.state_dir = out_dir / STATE_DIR
        self.staging_dir = self.state_dir / "staging"
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.state_dir / "manifest.sqlite", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def exclusive(self) -> threading.RLock:
        """Hold while reading visible files to rewrite them, until the rewrite is committed.

        Two batches of one run that each take their own sources' old rows out of the same part
        file would otherwise both read it before either publishes, and the later rewrite would
        bring back the rows the earlier one removed, owned by no source in the manifest.
        """
        return self._lock

    # -- reading ---------------------------------------------------------------------------
    def source_states(self) -> dict[str, tuple[int, int, str]]:
        with self._lock:
            rows = self._db.execute("SELECT path, size, mtime_ns, sha256 FROM sources").fetchall()
        return {path: (size, mtime, sha) for path, size, mtime, sha in rows}

    def paths_by_rel_path(self) -> dict[str, list[str]]:
        """Every done source's absolute path, under its path relative to its raw folder."""
        with self._lock:
            rows = self._db.execute("SELECT rel_path, path FROM sources ORDER BY committed_at DESC").fetchall()
        found: dict[str, list[str]] = {}
        for rel_path, path in rows:
            found.setdefault(rel_path, []).append(path)
        return found

    def files_of(self, source_paths: list[str]) -> dict[str, set[str]]:
        """Visible files holding rows of these sources, as ``file -> {rel_path, ...}``."""
        if not source_paths:
            return {}
        with self._lock:
            marks = ",".join("?" * len(source_paths))
            rows = self._db.execute(
                f"SELECT sf.file, s.rel_path FROM source_files sf JOIN sources s ON s.path = sf.source_path "
                f"WHERE sf.source_path IN ({marks})",
                source_paths,
            ).fetchall()
        found: dict[str, set[str]] = {}
        for file, rel_path in rows:
            found.setdefault(file, set()).add(rel_path)
        return found

    def counts(self) -> tuple[int, int, int]:
        """(sources, articles, rejected) recorded as done."""
        with self._lock:
            row = self._db.execute("SELECT COUNT(*), COALESCE(SUM(articles),0), COALESCE(SUM(rejected),0) FROM sources").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    # -- writing ---------------------------------------------------------------------------
    def touch_source(self, path: str, size: int, mtime_ns: int) -> None:
        """Remember a new size/mtime for a file whose content hash did not change."""
        with self._lock:
            self._db.execute("UPDATE sources SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))

    def move_source(self, old_path: str, new_path: str) -> None:
        """Carry a done source, and the rows it owns, over to the path its raw folder now has."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("UPDATE sources SET path=? WHERE path=?", (new_path, old_path))
                self._db.execute("UPDATE source_files SET source_path=? WHERE source_path=?", (new_path, old_path))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def commit(
        self,
        batch_id: str,
        sources: list[SourceDone],
        ops: list[Op],
        new_files: dict[str, set[str]],
        dropped_files: dict[str, set[str]],
    ) -> None:
        """Record sources as done and the ops that publish them, atomically, then publish.

        ``new_files`` maps each file the ops make visible to the source paths it holds rows
        of; ``dropped_files`` maps rewritten or deleted files to the sources removed from them.
        """
        now = datetime.now(timezone.utc).isoformat()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT INTO commits (batch_id, ops, committed_at) VALUES (?, ?, ?)",
                    (batch_id, json.dumps([op.__dict__ for op in ops]), now),
                )
                seq = cursor.lastrowid
                for file, paths in dropped_files.items():
                    self._db.executemany(
                        "DELETE FROM source_files WHERE file=? AND source_path=?", [(file, p) for p in paths]
                    )
                for source in sources:
                    self._db.execute(
                        "INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?,?)",
                        (source.path, source.rel_path, source.size, source.mtime_ns, source.sha256,
                         batch_id, source.articles, source.rejected, now),
                    )
                for file, paths in new_files.items():
                    self._db.executemany(
                        "INSERT OR IGNORE INTO source_files VALUES (?, ?)", [(p, file) for p in paths]
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._publish(seq, ops, batch_id)

    def _publish(self, seq: int, ops: list[Op], batch_id: str) -> None:
        for op in ops:
            target = self.out_dir / op.dst
            if op.kind == "move":
                source = self.out_dir / op.src
                if source.exists():  # absent when a recovery already moved it
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
            elif op.kind == "delete":
                target.unlink(missing_ok=True)
                _remove_if_empty_partition(target.parent)
        _fsync_dir(self.out_dir)
        self._db.execute("UPDATE commits SET published=1 WHERE seq=?", (seq,))
        shutil.rmtree(self.staging_dir / batch_id, ignore_errors=True)

    def recover(self) -> int:
        """Finish commits a crash interrupted and sweep staging left by uncommitted batches."""
        with self._lock:
            pending = self._db.execute(
                "SELECT seq, batch_id, ops FROM commits WHERE published=0 ORDER BY seq"
            ).fetchall()
            for seq, batch_id, ops in pending:
                self._publish(seq, [Op(**op) for op in json.loads(ops)], batch_id)
            if self.staging_dir.exists():
                shutil.rmtree(self.staging_dir)
            return len(pending)


def _remove_if_empty_partition(folder: Path) -> None:
    """Remove a ``reason=...`` folder whose last file went, and its table's folder if that went
    empty too: readers would list an empty partition, and a table folder with no file in it
    makes DuckDB's and Polars' globs fail where a missing one is easy to test for. Publishing
    holds the manifest's lock, so no move races it."""
    if "=" in folder.name:
        for empty in (folder, folder.parent):
            try:
                empty.rmdir()  # only an empty folder goes
            except OSError:
                return


def _fsync_dir(path: Path) -> None:
    """Make renames durable before the commit is marked published."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
