"""Plain-text articles: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

from tasks.ingest.decode import decode_bytes
from tasks.ingest.items import Item
from tasks.schema import Col


def parse(data: bytes) -> list[Item]:
    text, _ = decode_bytes(data)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [(0, {Col.TEXT: ""})]
    title = lines[first].strip()
    body = "\n".join(lines[first + 1 :]).strip()
    if not body:  # a one-line file is a short article, not a title without a body
        return [(0, {Col.TEXT: title})]
    return [(0, {Col.TITLE: title, Col.TEXT: body})]
