"""HTML pages: main text and metadata with trafilatura, the ``lang`` attribute from the markup."""

from __future__ import annotations

import re

from tasks.batch import Rejected
from tasks.ingest.decode import decode_bytes
from tasks.ingest.fields import parse_datetime
from tasks.ingest.items import Item
from tasks.schema import Col

# trafilatura falls back to navigation words ("Home") on pages with no article in them.
MIN_MAIN_TEXT_LETTERS = 20
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""", re.IGNORECASE)


def _date_params() -> dict:
    """trafilatura's own date settings, keeping the time of day and its UTC offset.

    Its default output format is the day alone, so ``2025-02-06T12:00:00Z`` was published at
    midnight and ``17:45+01:00`` on the wrong side of midnight for some readers.
    """
    from trafilatura.settings import set_date_params

    return {**set_date_params(), "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


# Where pages state when they were first published, most explicit first: Open Graph's article tag
# and the meta names news systems use, then schema.org's JSON-LD (its Article object only) and microdata.
_PUBLISHED_NAMES = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "dc.date.issued", "dcterms.issued", "sailthru.date", "parsely-pub-date",
)
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "report", "reportagenewsarticle",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle", "liveblogposting"}
_JSON_LD = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_TIME_TAG = re.compile(r"<time\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z:_.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): double or single for name, double, single in _ATTRIBUTE.findall(tag)}


def _json_ld_published(markup: str) -> list[str]:
    """``datePublished`` of the page's own Article object: top level or in ``@graph``, never of
    a video, a website or a related story listed beside it."""
    import json

    found = []
    for block in _JSON_LD.findall(markup):
        try:
            document = json.loads(block)
        except ValueError:
            continue
        items = document if isinstance(document, list) else [document]
        items = [entry for item in items if isinstance(item, dict) for entry in [item, *item.get("@graph", [])]]
        for item in items:
            kinds = item.get("@type") if isinstance(item, dict) else None
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).lower() in _ARTICLE_TYPES for kind in kinds) and isinstance(item.get("datePublished"), str):
                found.append(item["datePublished"])
    return found


def declared_publication_time(markup: str):
    """The publication time a page states in its metadata, to the second when it gives one.

    htmldate, which trafilatura asks, weighs every date on the page: it took a ``dateModified``
    for the publication, and kept the day alone of ``2018-06-12T23:00:00Z`` (moved to the 13th by
    a time-zone step) and of pages stating the time with its offset. A stated publication time is
    the page's own answer; htmldate is asked only when there is none.
    """
    head = markup[:300_000]
    metas = [_attributes(tag) for tag in _META_TAG.findall(head)]
    found = [
        meta.get("content", "") for name in _PUBLISHED_NAMES for meta in metas
        if name in (meta.get("property", "").lower(), meta.get("name", "").lower(), meta.get("itemprop", "").lower())
    ]
    found += _json_ld_published(head)
    for tag in _TIME_TAG.findall(head):
        attributes = _attributes(tag)
        if attributes.get("itemprop", "").lower() == "datepublished" or "pubdate" in tag.lower():
            found.append(attributes.get("datetime", ""))
    for value in found:
        stamp = parse_datetime(value.strip())
        if stamp is not None:
            return stamp
    return None


def _distinct_names(author: str | None) -> str | None:
    """trafilatura joins every byline it finds with "; ", and pages repeat theirs in capitals in
    a second place ("Jeffrey Gettleman; JEFFREY GETTLEMAN"): each name once, as first written."""
    if not author:
        return author
    names: dict[str, str] = {}
    for name in author.split(";"):
        names.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
    return "; ".join(name for name in names.values() if name)


# A line that is nothing but a date, with a time perhaps ("08.04.2015 12:46", "Berlin, 08.04.2015"),
# as pages print above their headline.
_DATE_LINE = re.compile(r"^[\w.,:/ -]{0,12}\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*Uhr)?$")


def _without_title_line(text: str, title: str | None) -> str:
    """The main text without the headline it starts with (the page's ``<h1>``), and without a
    date line printed above that headline (heise: "08.04.2015 12:46", then the headline).

    trafilatura keeps the headline as the main text's first line; a text or JSON source has it
    in ``title`` only, so the same article would otherwise carry its headline twice.
    """
    lines = text.strip().split("\n")
    wanted = " ".join(title.split()) if title else None
    for index, line in enumerate(lines[:3]):
        if wanted and " ".join(line.split()) == wanted:
            rest = "\n".join(lines[index + 1:]).strip()
            if rest and all(_DATE_LINE.match(before.strip()) for before in lines[:index]):
                return rest
            break
    return text


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


def declared_language(markup: str) -> str | None:
    """The page's ``<html lang>`` as a lowercase ISO 639 code (``de-AT`` -> ``de``)."""
    match = _HTML_LANG.search(markup[:20000])
    if not match:
        return None
    return re.split(r"[-_]", match.group(1))[0].lower()


def parse(data: bytes) -> list[Item]:
    import trafilatura

    markup, _ = decode_bytes(data, declared=declared_charset(data), markup=True)
    if "<" not in markup:
        raise Rejected("malformed_html", "no markup at all in an .html file")
    try:
        document = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False,
            date_extraction_params=_date_params(),
        )
    except Exception as error:  # lxml and trafilatura raise many types on broken markup
        raise Rejected("malformed_html", f"{type(error).__name__}: {error}") from None
    text = _without_title_line((document.text or "").strip(), document.title) if document is not None else ""
    if sum(ch.isalpha() for ch in text) < MIN_MAIN_TEXT_LETTERS:  # a headline alone is no article
        raise Rejected("no_main_text", f"trafilatura found no main text in the page (got {text[:60]!r})")
    fields = {
        Col.TEXT: text,
        Col.TITLE: document.title,
        Col.AUTHOR: _distinct_names(document.author),
        Col.URL: document.url,
        Col.SITE_NAME: document.sitename,
        Col.PUBLISHED_AT: declared_publication_time(markup) or parse_datetime(document.date),
        Col.DECLARED_LANGUAGE: declared_language(markup),
    }
    return [(0, {key: value for key, value in fields.items() if value not in (None, "")})]
