"""Cleaning stage: normalised prose, with embeds, links, emoji and boilerplate lifted out.

Article prose, names and „quotes“ stay exactly as written: only whole residue lines
(embed attributions, share buttons, "read more" teasers), URLs and emoji are taken out, and
white space is normalised (NFC, one space, one blank line between paragraphs, no trailing
blank lines). What is taken out is kept as data: ``social_embeds`` and ``links``.
"""

from __future__ import annotations

import re
from typing import Any

from tasks.batch import Batch
from tasks.clean.boilerplate import is_boilerplate
from tasks.clean.embeds import attach_links, match_attribution, social_platform
from tasks.schema import Col, Paragraph
from tasks.textutil import find_urls, normalise_spaces, normalise_url, split_paragraphs, strip_emoji

PARAGRAPH_SEPARATOR = "\n\n"


def _without_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, _ in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return " ".join(piece.strip() for piece in pieces if piece.strip())


def _inside_a_sentence(paragraph: str, urls: list[tuple[int, int, str]], at: int) -> bool:
    """Whether URL ``at`` is part of the prose (``unter www.allinrechner.at ein Online-Werkzeug``),
    with a word on each side, rather than a link dropped at the end of a line, on its own or in a
    list of links.

    Taken out, such a URL left "die Gewerkschaft nun unter ein Online-Werkzeug lanciert". It stays
    in the text and is listed in ``links`` too; social-media links never stay (embed residue).
    Only a few characters on each side are looked at, so a paragraph of many links stays linear.
    """
    start, end, raw = urls[at]
    if social_platform(normalise_url(raw)) or raw.lower().startswith(("t.co/", "https://t.co/", "http://t.co/")):
        return False
    previous_end = urls[at - 1][1] if at else -1
    next_start = urls[at + 1][0] if at + 1 < len(urls) else len(paragraph) + 1
    before = paragraph[max(previous_end, start - 12, 0):start]
    after = paragraph[end:min(next_start, end + 12)]
    return bool(re.search(r"\w[\s(„\"']*$", before)) and bool(re.match(r"[\s)“\"',;]*\s\w", after))


def clean_text(text: str, language: str) -> dict[str, Any]:
    """Clean one article body; returns the text, embeds, links and the paragraph index map."""
    embeds: list[tuple[int, dict]] = []
    social_links: list[tuple[int, str, str]] = []
    links: list[str] = []
    kept: list[str] = []
    index_map: dict[int, int] = {}
    boilerplate = 0
    for index, paragraph in enumerate(split_paragraphs(text)):
        attribution = match_attribution(paragraph)
        if attribution:
            embeds.append((index, attribution))
            continue
        urls = find_urls(paragraph)
        for _, _, raw in urls:
            url = normalise_url(raw)
            if url not in links:
                links.append(url)
            platform = social_platform(url)
            if platform:
                social_links.append((index, url, platform))
        removed = [span for at, span in enumerate(urls) if not _inside_a_sentence(paragraph, urls, at)]
        prose = normalise_spaces(strip_emoji(_without_spans(paragraph, removed)))
        if not any(ch.isalnum() for ch in prose):
            continue  # the line held only links, emoji or punctuation
        if is_boilerplate(prose, language):
            boilerplate += 1
            continue
        index_map[index] = len(kept)
        kept.append(prose)
    return {
        Col.TEXT: PARAGRAPH_SEPARATOR.join(kept),
        Col.SOCIAL_EMBEDS: attach_links(embeds, social_links),
        Col.LINKS: links,
        "index_map": index_map,
        "boilerplate_lines": boilerplate,
    }


def clean_title(title: Any) -> str | None:
    if not isinstance(title, str):
        return None
    return normalise_spaces(strip_emoji(title)) or None


def clean_batch(batch: Batch) -> Batch:
    """Clean every record; one whose text is nothing but residue is rejected."""
    with batch.stage("clean") as stats:
        frame = batch.articles
        if not len(frame):
            return batch
        texts, embeds, links, paragraph_languages = [], [], [], []
        empty: dict[int, tuple[str, str]] = {}
        stats["boilerplate_lines"] = stats["embeds"] = stats["links"] = 0
        rows = zip(frame[Col.TEXT].tolist(), frame[Col.LANGUAGE].tolist(), frame[Col.PARAGRAPH_LANGUAGES].tolist())
        for position, (text, language, paragraphs) in enumerate(rows):
            try:
                result = clean_text(text, language)
            except Exception as error:  # never lose the batch to one odd record
                empty[position] = ("stage_error", f"clean: {type(error).__name__}: {error}")
                result = clean_text("", language)
            if not result[Col.TEXT] and position not in empty:
                empty[position] = ("empty_after_cleaning", "only embeds, links, emoji or boilerplate lines")
            index_map = result["index_map"]
            paragraph_languages.append([
                {**entry, Paragraph.INDEX: index_map[entry[Paragraph.INDEX]]}
                for entry in paragraphs
                if entry[Paragraph.INDEX] in index_map
            ])
            texts.append(result[Col.TEXT])
            embeds.append(result[Col.SOCIAL_EMBEDS])
            links.append(result[Col.LINKS])
            stats["boilerplate_lines"] += result["boilerplate_lines"]
            stats["embeds"] += len(result[Col.SOCIAL_EMBEDS])
            stats["links"] += len(result[Col.LINKS])
        frame[Col.TEXT] = texts
        frame[Col.TITLE] = [clean_title(t) for t in frame[Col.TITLE].tolist()]
        frame[Col.SOCIAL_EMBEDS] = embeds
        frame[Col.LINKS] = links
        frame[Col.PARAGRAPH_LANGUAGES] = paragraph_languages
        batch.reject_rows(empty)
    return batch
