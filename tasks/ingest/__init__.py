"""Ingest stage: source files -> decoded article records (or rejected rows).

Reads txt, html, json, jsonl/ndjson and csv/tsv, gzipped or not. Reading a file can fail for
transient reasons (an NFS hiccup, a file still being copied): those raise ``OSError`` so Prefect
retries the batch. Everything about the *content* is deterministic and becomes a rejected row
at once, so one bad file never stops the rest of its batch.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import time
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from tasks.batch import Batch, Rejected, rejection
from tasks.discover import SourceFile
from tasks.ingest import delimited, html, jsondoc, plain
from tasks.ingest.items import Item
from tasks.schema import Col

DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
# One record's text. The longest news features run to some 100,000 characters; a 26 MB "article"
# (a log or a whole dump in one .txt) took a reviewer's run 14 minutes, 12 of them tagging
# entities, and held up its whole batch. It becomes a too_large row instead.
MAX_ARTICLE_CHARS = 1_000_000

PARSERS: dict[str, Callable[[bytes], list[Item]]] = {
    "txt": plain.parse,
    "html": html.parse,
    "json": jsondoc.parse_json,
    "jsonl": jsondoc.parse_jsonl,
    "csv": delimited.parse,
    "tsv": lambda data: delimited.parse(data, default_delimiter="\t"),
}

EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
}


RECORD_COLUMNS = [
    Col.DOC_ID, Col.SOURCE_PATH, Col.SOURCE_FORMAT, Col.RECORD_INDEX, Col.TITLE, Col.TEXT, Col.URL,
    Col.AUTHOR, Col.SITE_NAME, Col.DECLARED_LANGUAGE, Col.PUBLISHED_AT,
]


def source_format(rel_path: str) -> str | None:
    """The format a file name announces (``a.jsonl.gz`` -> ``jsonl``), None if unsupported."""
    suffixes = [s.lower() for s in PurePosixPath(rel_path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def read_source(source: SourceFile, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when named ``.gz``; size limits checked before reading all."""
    with open(source.path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Rejected("too_large", f"larger than the {max_bytes}-byte limit")
    if not source.path.lower().endswith(".gz"):
        return data
    try:
        return _gunzip_members(data, max_bytes)
    except (zlib.error, gzip.BadGzipFile, EOFError) as error:
        raise Rejected("corrupt_gzip", str(error)) from None


def _gunzip_members(data: bytes, max_bytes: int) -> bytes:
    """Every member of a gzip file, joined, as ``gzip -d`` gives them.

    ``cat a.jsonl.gz b.jsonl.gz > feed.jsonl.gz`` is how feeds and logs are appended to; reading
    the first member alone lost every later record without a row. ``GzipFile`` reads members one
    after another, skips zero padding, and calls trailing garbage a bad gzip file.
    """
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(max_bytes + 1)
    if len(out) > max_bytes:
        raise Rejected("too_large", f"decompresses to more than the {max_bytes}-byte limit")
    return out


def doc_id(rel_path: str, index: int, title: str | None, text: str) -> str:
    """Stable per record: path, position and content (duplicate articles stay two rows)."""
    digest = hashlib.sha256(f"{rel_path}\0{index}\0{title or ''}\0{text}".encode())
    return digest.hexdigest()[:32]


def ingest_files(sources: list[SourceFile], max_bytes: int = DEFAULT_MAX_FILE_BYTES, final_attempt: bool = True) -> Batch:
    """Parse every file of a batch into article records and rejected rows.

    ``final_attempt`` is False while Prefect still has retries left: an unreadable file then
    raises so the batch is retried; on the last attempt it becomes an ``unreadable`` row.
    """
    started = time.perf_counter()
    records: list[dict] = []
    rejected: list[dict] = []
    for source in sources:
        fmt = source_format(source.rel_path)
        if fmt is None:
            rejected.append(rejection(source.rel_path, None, None, "unsupported_format",
                                      f"newsflow does not read {PurePosixPath(source.rel_path).suffix or 'extension-less'} files"))
            continue
        try:
            data = read_source(source, max_bytes)
            items = PARSERS[fmt](data)
        except Rejected as why:
            rejected.append(rejection(source.rel_path, fmt, None, why.reason, why.detail))
            continue
        except OSError as error:
            if not final_attempt:
                raise
            rejected.append(rejection(source.rel_path, fmt, None, "unreadable", f"{type(error).__name__}: {error}"))
            continue
        except Exception as error:  # a parser bug must not lose the rest of the batch
            rejected.append(rejection(source.rel_path, fmt, None, "stage_error", f"ingest: {type(error).__name__}: {error}"))
            continue
        if not items:  # "[]", a JSON Lines file of blank lines, a CSV of its header alone
            rejected.append(rejection(source.rel_path, fmt, None, "empty", "the file holds no records"))
            continue
        for index, item in items:
            if isinstance(item, Rejected):
                rejected.append(rejection(source.rel_path, fmt, index, item.reason, item.detail))
                continue
            text = item.get(Col.TEXT) or ""
            if not text.strip():
                rejected.append(rejection(source.rel_path, fmt, index, "empty", "the record's text is empty"))
                continue
            if len(text) > MAX_ARTICLE_CHARS:
                rejected.append(rejection(source.rel_path, fmt, index, "too_large",
                                          f"{len(text):,} characters of text; one article holds at most {MAX_ARTICLE_CHARS:,}"))
                continue
            position = index or 0
            records.append({
                Col.DOC_ID: doc_id(source.rel_path, position, item.get(Col.TITLE), text),
                Col.SOURCE_PATH: source.rel_path,
                Col.SOURCE_FORMAT: fmt,
                Col.RECORD_INDEX: position,
                Col.TITLE: item.get(Col.TITLE),
                Col.TEXT: text,
                Col.URL: item.get(Col.URL),
                Col.AUTHOR: item.get(Col.AUTHOR),
                Col.SITE_NAME: item.get(Col.SITE_NAME),
                Col.DECLARED_LANGUAGE: item.get(Col.DECLARED_LANGUAGE),
                Col.PUBLISHED_AT: item.get(Col.PUBLISHED_AT),
            })
    batch = Batch.from_records(records, rejected, columns=RECORD_COLUMNS)
    batch.stats["ingest"] = {
        "files": len(sources),
        "records_out": len(records),
        "rejected": len(rejected),
        "seconds": time.perf_counter() - started,
    }
    return batch
