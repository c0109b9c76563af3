"""Map the field names scrapers use (``body``, ``headline``, ``pubDate`` ...) to newsflow's.

JSON, JSONL and CSV sources name the same things a dozen ways; one table here keeps the parsers
from each growing their own guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
from ftfy.fixes import fix_line_breaks

from tasks.schema import Col

# Order matters: the first present, non-empty field wins. English names first, then the names of
# German, French, Spanish, Dutch, Italian, Portuguese and Polish exports: a CSV headed
# "Überschrift,Inhalt,Autor" or "tytuł;treść" had its header row read as an article ("Inhalt").
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    Col.TEXT: ("text", "body", "content", "article", "maintext", "article_text", "full_text",
               "fulltext", "articlebody", "story", "description",
               "inhalt", "artikeltext", "artikel", "volltext", "fließtext", "texte", "contenu", "corps", "texto",
               "contenido", "cuerpo", "noticia", "tekst", "inhoud", "bericht", "testo", "contenuto",
               "articolo", "conteúdo", "matéria", "treść", "artykuł"),
    Col.TITLE: ("title", "headline", "heading", "name",
                "titel", "überschrift", "schlagzeile", "titre", "título", "titular", "kop", "titolo",
                "manchete", "tytuł", "nagłówek"),
    Col.URL: ("url", "link", "canonical_url", "source_url", "permalink", "href", "lien", "enlace"),
    Col.PUBLISHED_AT: ("published", "published_at", "publishedat", "date", "datepublished",
                       "pubdate", "publish_date", "published_date", "created_at", "timestamp",
                       "time", "datetime",
                       "datum", "veröffentlicht", "veröffentlichungsdatum", "erscheinungsdatum",
                       "date_publication", "publié_le", "fecha", "fecha_publicación", "fecha_publicacion",
                       "gepubliceerd", "data_pubblicazione", "data_publicação", "data_publikacji"),
    Col.AUTHOR: ("author", "authors", "byline", "creator",
                 "autor", "autorin", "verfasser", "auteur", "schrijver", "autore"),
    Col.SITE_NAME: ("site", "site_name", "sitename", "source", "publisher", "outlet",
                    "quelle", "zeitung", "fuente", "medio", "bron", "krant", "fonte", "testata", "źródło"),
    Col.DECLARED_LANGUAGE: ("language", "lang", "locale",
                            "sprache", "langue", "idioma", "taal", "lingua", "język"),
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


def field_key(name: Any) -> str:
    """A column or key as the field tables spell it: ``Body``, `` body `` and ``pub-date`` match."""
    return str(name).strip().lower().replace("-", "_")


def missing_text(record: dict[str, Any]) -> tuple[str, str]:
    """Why a record has no text: ``empty`` when it has a text field with nothing in it, else ``no_text_field``."""
    keys = sorted(map(str, record))
    if any(field_key(key) in TEXT_FIELD_NAMES for key in keys):
        return "empty", "the text/body/content field holds no text"
    return "no_text_field", f"no text/body/content field (keys: {', '.join(keys[:12]) or 'none'})"


def pick_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Return newsflow's fields from a scraper's record (keys matched case-insensitively)."""
    lowered = {field_key(key): value for key, value in record.items()}
    picked: dict[str, Any] = {}
    for column, names in FIELD_NAMES.items():
        for name in names:
            if name not in lowered:
                continue
            raw = lowered[name]
            if column == Col.TEXT and isinstance(raw, (int, float)):
                continue  # a number is no article's text (12345 became a one-word article)
            value = raw if column == Col.PUBLISHED_AT else _as_text(raw)
            if column == Col.AUTHOR and isinstance(raw, list):
                value = ", ".join(filter(None, (_as_text(v) for v in raw))) or None
            if value not in (None, ""):
                picked[column] = value
                break
    if Col.PUBLISHED_AT in picked:
        picked[Col.PUBLISHED_AT] = parse_datetime(picked[Col.PUBLISHED_AT])
    return picked


# A numeric date with the year last: 04.03.2025, 4/3/25, 04-03-2025 (and a time after it).
_YEAR_LAST = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])(.*)$")


def _year_last_as_iso(text: str) -> str | None:
    """The ISO form of a year-last date, or "" when it cannot be read without guessing (None: not one).

    Dots are day first wherever they are used (``04.03.2025`` is 4 March). With ``/`` or ``-``,
    the United States put the month first and most of the world the day: ``31/12/2024`` can
    only be read one way, ``04/03/2025`` either, and a wrong date is worse than none.
    """
    match = _YEAR_LAST.match(text)
    if not match:
        return None
    first, separator, second, year, rest = match.groups()
    if len(year) == 2:  # as strptime's %y reads them: 69-99 are the 1900s, 00-68 the 2000s
        year = f"{19 if int(year) >= 69 else 20}{year}"
    a, b = int(first), int(second)
    if separator == ".":
        day, month = a, b
    elif a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    elif a == b:
        day = month = a
    else:
        return ""
    return f"{year}-{month:02d}-{day:02d}{rest}"


def parse_datetime(value: Any) -> pd.Timestamp | None:
    """Best-effort UTC timestamp from ISO strings, RFC 2822 dates or epoch seconds/millis.

    An unparseable date is not a reason to lose an article, so this returns None instead; so
    does a numeric date whose day and month could be either (``_year_last_as_iso``), and a date
    no news article has (``_plausible``).
    """
    stamp = _parse_datetime(value)
    return stamp if stamp is not None and _plausible(stamp) else None


# Publication dates outside these are placeholders or typos: 0 for "unknown" (1970-01-01),
# "0001-01-01", "9999-12-31", a millisecond count read as seconds (the year 5138).
_EARLIEST = pd.Timestamp("1800-01-01", tz="UTC")
_LATEST_AHEAD = pd.Timedelta(days=366)  # embargoed and scheduled pieces are dated ahead a little


def _plausible(stamp: pd.Timestamp) -> bool:
    return _EARLIEST <= stamp <= pd.Timestamp.now(tz="UTC") + _LATEST_AHEAD


def _parse_datetime(value: Any) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            if not 1e8 <= abs(value) < 1e14:  # epoch seconds or millis have 9 to 13 digits, as in text below
                return None
            seconds = value / 1000 if value > 1e11 else value
            return pd.Timestamp(dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc))
        text = str(value).strip()
        if text.isdigit() and len(text) in (9, 10, 12, 13):  # epoch seconds or millis as text (every CSV cell is)
            return _parse_datetime(int(text))
        iso = _year_last_as_iso(text)
        if iso == "":
            return None
        text = iso or text
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
