"""Team line-ups ("Kahn - Bogdan - Reich , Metz ( 65. Fritz ) , ..."): every player is a person.

Sports pages list players by bare surname, separated by dashes and commas, with substitutions
in brackets. The models tag most of them PER from the context of the list, but miss the
surnames they have never seen, and call a few a place or club (``Metz``, ``Bender``): on
CoNLL-2003 German val, this added or relabelled 162 players in 24 line-ups, all right by the gold.
Once enough of a list's one-word items are persons, the rest are persons too, and a span the
model ran across the list's dashes ("Bogdan - Reich") is split into its players.
"""

from __future__ import annotations

import re
from typing import Any

_SEPARATORS = {",", "-", "–", "(", ")", "/", ";", ".", "und", "and", "y", "en", "et", "&"}
_LIST_PUNCTUATION = {",", "-", "–"}
_MINUTE = re.compile(r"\d+\.?'?")
# A segment is a line-up when it has at least this many one-word capitalised items, they make
# up this share of its items, and the model already tagged at least MIN_PERSONS of them PER.
MIN_ITEMS = 4
MIN_ONE_WORD_SHARE = 0.8
MIN_PERSONS = 2
# ... and the one-word items it labelled LOC, ORG or MISC are at most this share of them (they
# become PER too: "Metz", "Bender").
MAX_OTHER_SHARE = 0.4


def _segments(doc: Any) -> list[tuple[int, int]]:
    """(start, end) token ranges split at line breaks and sentence ends."""
    segments, start = [], 0
    for token in doc:
        if "\n" in token.text or token.text in (".", "!", "?"):
            if token.i > start:
                segments.append((start, token.i))
            start = token.i + 1
    if start < len(doc):
        segments.append((start, len(doc)))
    return segments


def _items(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges between separators and minute marks ("65."), the list's entries.

    A header before a colon ("Bowling : Gough ...", "1 - Parma : Buffon ; ...") is not an
    entry, nor is a bracket that does not open with a minute mark: "Suárez ( Toledo )" names
    the player's club, "( 65. Fritz )" the substitute.
    """
    items, item_start, aside = [], None, False
    for i in range(start, end):
        text = doc[i].text
        if text == "(":
            aside = i + 1 < end and not _MINUTE.fullmatch(doc[i + 1].text)
        elif text == ")":
            aside = False
        if text == ":":
            item_start = None  # the header ends here: drop it
        elif text.lower() in _SEPARATORS or _MINUTE.fullmatch(text) or doc[i].is_space or aside:
            if item_start is not None:
                items.append((item_start, i))
            item_start = None
        elif item_start is None:
            item_start = i
    if item_start is not None:
        items.append((item_start, end))
    return items


def complete_lineups(doc: Any, spans: list[Any]) -> list[Any]:
    """``spans`` with the missed one-word players of every line-up in ``doc`` tagged PER.

    A list whose one-word entries the model mostly called something else (a results table of
    clubs, with two surnames in it) is left alone.
    """
    from spacy.tokens import Span

    one_token_spans = {span.start: span for span in spans if len(span) == 1}
    covered = {i for span in spans for i in range(span.start, span.end)}
    players: dict[int, Any] = {}  # token index -> its new PER span
    split: set[tuple[int, int]] = set()  # (start, end) of spans that ran across a list's dashes
    for start, end in _segments(doc):
        items = _items(doc, start, end)
        one_word = [i for i, j in items if j == i + 1 and doc[i].text[:1].isupper() and doc[i].is_alpha]
        punctuation = sum(doc[i].text in _LIST_PUNCTUATION for i in range(start, end))
        if len(one_word) < MIN_ITEMS or punctuation < MIN_ITEMS - 1 or len(one_word) < MIN_ONE_WORD_SHARE * len(items):
            continue
        labels = [one_token_spans[i].label_ for i in one_word if i in one_token_spans]
        if labels.count("PER") < MIN_PERSONS or len(labels) - labels.count("PER") > MAX_OTHER_SHARE * len(one_word):
            continue
        # a span across the list's own separators whose parts are one-word entries
        # ("Bogdan - Reich") is two players
        for span in spans:
            parts = [k for k in range(span.start, span.end) if doc[k].text not in _LIST_PUNCTUATION]
            if start <= span.start and span.end <= end and len(parts) < len(span) and set(parts) <= set(one_word):
                split.add((span.start, span.end))
                covered.difference_update(range(span.start, span.end))
        for i in one_word:
            if i not in covered or (i in one_token_spans and one_token_spans[i].label_ != "PER"):
                players[i] = Span(doc, i, i + 1, label="PER")
    if not players:
        return spans
    kept = [
        span for span in spans
        if not (len(span) == 1 and span.start in players) and (span.start, span.end) not in split
    ]
    return kept + list(players.values())
