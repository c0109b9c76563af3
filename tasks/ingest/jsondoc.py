"""JSON documents (an object, an array, or a wrapper like ``{"articles": [...]}``) and JSON Lines."""

from __future__ import annotations

import json
import re
from typing import Any

from tasks.batch import Rejected
from tasks.ingest.decode import decode_bytes
from tasks.ingest.fields import KNOWN_FIELD_NAMES, TEXT_FIELD_NAMES, field_key, missing_text, pick_fields
from tasks.ingest.items import Item
from tasks.schema import Col

_LINE_END = re.compile(r"\r\n|\r|\n")


def _record(index: int, value: Any) -> Item:
    if not isinstance(value, dict):
        return index, Rejected("not_an_article", f"a JSON {type(value).__name__}, not an object")
    fields = pick_fields(value)
    if Col.TEXT not in fields:
        return index, Rejected(*missing_text(value))
    return index, fields


def _unwrap(document: Any) -> list[Any]:
    """An array, a single article, or an envelope whose one list holds the articles."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        has_text = any(str(key).lower() in TEXT_FIELD_NAMES for key in document)
        lists = [v for v in document.values() if isinstance(v, list) and v and any(isinstance(i, dict) for i in v)]
        if not has_text and len(lists) == 1:
            return lists[0]
        # an envelope whose one list is empty ({"articles": []}) holds no records, as [] does
        if not lists and [v for v in document.values() if isinstance(v, list)] == [[]] \
                and not any(field_key(key) in KNOWN_FIELD_NAMES for key in document):
            return []
    return [document]


def parse_json(data: bytes) -> list[Item]:
    text, _ = decode_bytes(data, keep_line_breaks=True)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return [(None, Rejected("malformed_json", f"line {error.lineno} column {error.colno}: {error.msg}"))]
    return [_record(i, value) for i, value in enumerate(_unwrap(document))]


def parse_jsonl(data: bytes) -> list[Item]:
    """One article per line; a broken line is rejected on its own and the rest go on.

    Lines end at ``\n``, ``\r\n`` or ``\r``, which JSON never allows raw inside a string.
    ``str.splitlines`` also breaks at U+2028, U+2029, U+0085 and form feeds, which JSON does
    allow there, so one valid record would become two broken ones and every later line's index,
    and so its ``doc_id``, would shift.
    """
    text, _ = decode_bytes(data, keep_line_breaks=True)
    items: list[Item] = []
    for index, line in enumerate(_LINE_END.split(text)):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            items.append((index, Rejected("malformed_json", f"line {index + 1} column {error.colno}: {error.msg}")))
            continue
        items.append(_record(index, value))
    return items
