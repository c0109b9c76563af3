"""Plain-text articles: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

import re

from tasks.ingest.decode import decode_bytes
from tasks.ingest.items import Item
from tasks.schema import Col


# atomic: "<!---->" repeated before plain text made the nested repetition backtrack for seconds
_HTML_START = re.compile(r"\s*(?:(?><!--.*?-->)\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


def parse(data: bytes) -> list[Item]:
    """A ``.txt`` that holds a whole HTML page (a scraper saving the response as it came) is read
    as HTML: as text, its tags became the article and its title the ``<!DOCTYPE html>`` line."""
    text, _ = decode_bytes(data)
    if _HTML_START.match(text[:4096]):
        from tasks.ingest import html

        return html.parse(data)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [(0, {Col.TEXT: ""})]
    title = lines[first].strip()
    body = "\n".join(lines[first + 1 :]).strip()
    if not body:  # a one-line file is a short article, not a title without a body
        return [(0, {Col.TEXT: title})]
    return [(0, {Col.TITLE: title, Col.TEXT: body})]
