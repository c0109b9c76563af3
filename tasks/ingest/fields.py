"""Map the field names scrapers use (``body``, ``headline``, ``pubDate`` ...) to newsflow's.

JSON, JSONL and CSV sources name the same things a dozen ways; one table here keeps the parsers
from each growing their own guesses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from ftfy.fixes import fix_line_breaks

from tasks.schema import Col

# Order matters: the first present, non-empty field wins.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    Col.TEXT: ("text", "body", "content", "article", "maintext", "article_text", "full_text",
               "fulltext", "articlebody", "story", "description"),
    Col.TITLE: ("title", "headline", "heading", "name"),
    Col.URL: ("url", "link", "canonical_url", "source_url", "permalink", "href"),
    Col.PUBLISHED_AT: ("published", "published_at", "publishedat", "date", "datepublished",
                       "pubdate", "publish_date", "published_date", "created_at", "timestamp",
                       "time", "datetime"),
    Col.AUTHOR: ("author", "authors", "byline", "creator"),
    Col.SITE_NAME: ("site", "site_name", "sitename", "source", "publisher", "outlet"),
    Col.DECLARED_LANGUAGE: ("language", "lang", "locale"),
}

TEXT_FIELD_NAMES = frozenset(FIELD_NAMES[Col.TEXT])
KNOWN_FIELD_NAMES = frozenset(name for names in FIELD_NAMES.values() for name in names)


def _as_text(value: Any) -> str | None:
    """Flatten the shapes scrapers use for one field: lists of paragraphs, {"name": ...}."""
    if value is None:
        return None
    if isinstance(value, str):  # U+2028/U+2029 and \r\n, valid in JSON strings, end lines as \n does
        return fix_line_breaks(value).strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        parts = [_as_text(item) for item in value]
        joined = "\n\n".join(p for p in parts if p)
        return joined or None
    if isinstance(value, dict):
        for key in ("name", "text", "value", "title"):
            if key in value:
                return _as_text(value[key])
    return None


def pick_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Return newsflow's fields from a scraper's record (keys matched case-insensitively)."""
    lowered = {str(key).strip().lower().replace("-", "_"): value for key, value in record.items()}
    picked: dict[str, Any] = {}
    for column, names in FIELD_NAMES.items():
        for name in names:
            if name not in lowered:
                continue
            raw = lowered[name]
            value = raw if column == Col.PUBLISHED_AT else _as_text(raw)
            if column == Col.AUTHOR and isinstance(raw, list):
                value = ", ".join(filter(None, (_as_text(v) for v in raw))) or None
            if value not in (None, ""):
                picked[column] = value
                break
    if Col.PUBLISHED_AT in picked:
        picked[Col.PUBLISHED_AT] = parse_datetime(picked[Col.PUBLISHED_AT])
    return picked


def parse_datetime(value: Any) -> pd.Timestamp | None:
    """Best-effort UTC timestamp from ISO strings, RFC 2822 dates or epoch seconds/millis.

    An unparseable date is not a reason to lose an article, so this returns None instead.
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            seconds = value / 1000 if value > 1e11 else value
            return pd.Timestamp(dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc))
        text = str(value).strip()
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, OverflowError):
            from email.utils import parsedate_to_datetime

            stamp = pd.Timestamp(parsedate_to_datetime(text))
        if pd.isna(stamp):
            return None
        if stamp.tzinfo is None:
            return stamp.tz_localize("UTC")
        return stamp.tz_convert("UTC")
    except (ValueError, TypeError, OverflowError, IndexError, OSError):
        return None
