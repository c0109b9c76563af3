"""Social-media embed residue: recognise it, lift it out of the prose into structured data.

When a scraper flattens an embedded tweet or Instagram post, what is left in the text is an
attribution line (``— Julian Röpcke🇺🇦 (@JulianRoepcke) May 27, 2024``) and short links
(``https://t.co/...``, ``pic.twitter.com/...``). Analysts want to know who was embedded, not
to read the residue, so each becomes one ``social_embeds`` entry.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlparse

from tasks.schema import Embed
from tasks.textutil import normalise_url, strip_emoji

# "— Name (@handle) May 27, 2024"  /  "— Name (@handle) 27. Mai 2024"  /  "- @handle May 27, 2024"
_TWEET_ATTRIBUTION = re.compile(
    r"^\s*[—–―-]{1,2}\s*(?P<author>[^()@\n]{0,80}?)\s*\(?@(?P<handle>\w{1,15})\)?\s*"
    r"(?P<date>(?:[A-Za-zÄÖÜäöüéû]+\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\.?\s+[A-Za-zÄÖÜäöüéû]+\.?\s+\d{4})"
    r"|(?:\d{4}-\d{2}-\d{2}))\s*$"
)
# "A post shared by Name (@handle) on May 27, 2024 at 3:01pm PDT" and its German form
_INSTAGRAM_ATTRIBUTION = re.compile(
    r"^\s*(?:A post shared by|Ein Beitrag geteilt von|Une publication partagée par|"
    r"Una publicación compartida por|Een bericht gedeeld door)\s+(?P<author>[^()@\n]*?)\s*"
    r"\(@(?P<handle>[\w.]{1,30})\)(?:\s+(?:on|am|le|el|op)\s+(?P<date>.+?))?\s*$",
    re.IGNORECASE,
)

SOCIAL_HOSTS = {
    "t.co": "twitter",
    "pic.twitter.com": "twitter",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.watch": "facebook",
    "tiktok.com": "tiktok",
    "vm.tiktok.com": "tiktok",
    "bsky.app": "bluesky",
    "threads.net": "threads",
    "youtu.be": "youtube",
}

_MONTHS = {
    # English, German, French, Spanish, Dutch month names and common abbreviations
    **{m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                    "august", "september", "october", "november", "december"], 1)},
    **{m: i for i, m in enumerate(["januar", "februar", "märz", "april", "mai", "juni", "juli",
                                    "august", "september", "oktober", "november", "dezember"], 1)},
    **{m: i for i, m in enumerate(["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                    "août", "septembre", "octobre", "novembre", "décembre"], 1)},
    **{m: i for i, m in enumerate(["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                                    "agosto", "septiembre", "octubre", "noviembre", "diciembre"], 1)},
    **{m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli",
                                    "augustus", "september", "oktober", "november", "december"], 1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12, "jänner": 1,
}


def social_platform(url: str) -> str | None:
    """The platform a link belongs to, if it is a social-media link."""
    host = (urlparse(normalise_url(url)).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if host in SOCIAL_HOSTS:
        return SOCIAL_HOSTS[host]
    if host.endswith((".facebook.com", ".instagram.com", ".tiktok.com")):
        return SOCIAL_HOSTS[host.split(".", 1)[1]]
    if host in ("youtube.com", "m.youtube.com") and "/shorts/" in url:
        return "youtube"
    return None


def parse_embed_date(text: str | None) -> dt.date | None:
    """``May 27, 2024`` / ``27. Mai 2024`` / ``2024-05-27`` -> a date; None when unclear."""
    if not text:
        return None
    text = text.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        words = re.findall(r"[^\W\d_]+|\d+", text.lower())
        month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
        numbers = [int(w) for w in words if w.isdigit()]
        year = next((n for n in numbers if n > 1900), None)
        day = next((n for n in numbers if 1 <= n <= 31), None)
        if month and year and day:
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def match_attribution(paragraph: str) -> dict[str, Any] | None:
    """An embed entry if the paragraph is an embed's attribution line, else None."""
    if len(paragraph) > 200:
        return None
    for platform, pattern in (("twitter", _TWEET_ATTRIBUTION), ("instagram", _INSTAGRAM_ATTRIBUTION)):
        match = pattern.match(paragraph)
        if match:
            author = strip_emoji(match.group("author") or "").strip(" -—–,") or None
            return {
                Embed.PLATFORM: platform,
                Embed.AUTHOR: author,
                Embed.HANDLE: match.group("handle"),
                Embed.DATE: parse_embed_date(match.group("date")),
                Embed.URLS: [],
                Embed.RAW: paragraph,
            }
    return None


def attach_links(
    embeds: list[tuple[int, dict[str, Any]]], social_links: list[tuple[int, str, str]], reach: int = 2
) -> list[dict[str, Any]]:
    """Give each social link to the nearest embed of its platform (within ``reach`` paragraphs).

    Links with no embed nearby (a bare ``pic.twitter.com`` in the text) become embeds of
    their own, so no embed is lost just because its attribution line was not scraped.
    """
    result = [embed for _, embed in embeds]
    for paragraph, url, platform in social_links:
        candidates = [
            (abs(paragraph - position), i)
            for i, (position, embed) in enumerate(embeds)
            if embed[Embed.PLATFORM] == platform and abs(paragraph - position) <= reach
        ]
        if candidates:
            _, i = min(candidates)
            embeds[i][1][Embed.URLS].append(url)
            continue
        orphan = {Embed.PLATFORM: platform, Embed.AUTHOR: None, Embed.HANDLE: None,
                  Embed.DATE: None, Embed.URLS: [url], Embed.RAW: None}
        embeds.append((paragraph, orphan))
        result.append(orphan)
    return result
