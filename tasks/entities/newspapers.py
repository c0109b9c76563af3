"""German newspapers' names: ``Salzburger Nachrichten``, ``Ruhr Nachrichten``, ``Ostsee-Zeitung``.

A newspaper is named by where it comes from and a word for a newspaper (``Nachrichten``,
``Anzeiger``, ``Zeitung``); the models tag the place part alone (``Ruhr`` LOC, ``Stuttgarter``
MISC, ``Frauenfelder`` PER) or nothing (``Salzburger Nachrichten`` in 10kGNAD's Austrian
articles). The gold data tags the whole name ORG. One to three capitalised words before such a
word, each an adjective of a place or a word of a name the models found, make one ORG span with
it, in place of the spans the models found inside it, except where a name of a kind is no
newspaper:

- after an indefinite article, a city's paper is any of them (``einer Frankfurter Zeitung``,
  ``eine Colmarer Zeitung``), and so before a name, which is then the paper (``der Belgrader
  Zeitung Danas``, ``der Kölner Tageszeitung Express``, ``die Mailänder Tageszeitung " Corriere
  della Sera "``);
- ``-Nachrichten`` joined by a hyphen are messages (``WhatsApp-Nachrichten``);
- a span the models found that reaches past the words is left whole (``Neuen Zürcher Zeitung``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tasks.entities.word_before import OPENING_QUOTES

# The last word of a newspaper's name.
_HEADS = frozenset({
    "Zeitung", "Tageszeitung", "Wochenzeitung", "Sonntagszeitung", "Abendzeitung", "Nachrichten", "Allgemeine",
    "Rundschau", "Kurier", "Anzeiger", "Tagblatt", "Tageblatt", "Journal", "Volksblatt", "Abendblatt", "Morgenpost",
})
# ... and of one written with a hyphen: "Ostsee-Zeitung", "Kölner Stadt-Anzeiger" (not "-Nachrichten").
_JOINED_HEADS = frozenset({"Zeitung", "Anzeiger", "Kurier", "Rundschau", "Tagblatt", "Journal"})
_INDEFINITE = frozenset({"ein", "eine", "einer", "einem", "eines"})
_ADJECTIVE_ENDINGS = ("er", "e", "isch")
_MOST_WORDS_BEFORE = 3  # "Hessisch Niedersächsische Allgemeine", "Wall Street Journal"
COMMON_BAND = 5  # a word this frequent in German is no place's (``Die``, ``Laut``, ``Neue``)


def newspaper_names(doc: Any, spans: list[Any], language: str,
                    frequency_band: Callable[[str], int | None]) -> list[Any]:
    """The spans with German newspapers' names made ORG spans of their own (module docstring)."""
    if language != "de":
        return spans
    from spacy.tokens import Span

    for head in doc:
        start = _name_start(head, frequency_band)
        if start is None:
            continue
        end = head.i + 1
        if any(span.start < end and start < span.end and (span.start < start or span.end > end) for span in spans):
            continue  # a longer name the models found: "Neuen Zürcher Zeitung"
        spans = [span for span in spans if not (start <= span.start and span.end <= end)]
        spans.append(Span(doc, start, end, label="ORG"))
    return sorted(spans, key=lambda span: span.start)


def _name_start(head: Any, frequency_band: Callable[[str], int | None]) -> int | None:
    """Where the newspaper's name that ends at ``head`` starts; None if ``head`` ends none."""
    doc = head.doc
    joined = "-" in head.text and head.text.rsplit("-", 1)[1] in _JOINED_HEADS and head.text[:1].isupper()
    if head.text not in _HEADS and not joined:
        return None
    start = head.i
    while start > 0 and head.i - start < _MOST_WORDS_BEFORE and _is_place_word(doc[start - 1], frequency_band):
        start -= 1
    if start == head.i and not joined:
        return None
    if start > 0 and doc[start - 1].lower_ in _INDEFINITE:
        return None  # "einer Frankfurter Zeitung": any paper of the city
    after = doc[head.i + 1 : head.i + 3]
    if len(after) and _is_word(after[0]) or len(after) == 2 and after[0].text in OPENING_QUOTES and _is_word(after[1]):
        return None  # "der Belgrader Zeitung Danas", 'die Mailänder Tageszeitung " Corriere della Sera "'
    return start


def _is_word(token: Any) -> bool:
    """A capitalised word of letters: a name's, when it follows a paper's (``Zeitung Danas``)."""
    return token.text[:1].isupper() and token.is_alpha


def _is_place_word(token: Any, frequency_band: Callable[[str], int | None]) -> bool:
    """A capitalised word that can name where a paper comes from: an adjective of a place
    (``Salzburger``, ``Oberösterreichische``, ``Hessisch``) or a word of a name the models found
    (``Ruhr`` LOC, ``Wall Street`` LOC); not a noun counting messages (``Milliarden Nachrichten``)."""
    if not (token.text[:1].isupper() and token.is_alpha and (frequency_band(token.lower_) or 0) < COMMON_BAND):
        return False
    return token.lower_.endswith(_ADJECTIVE_ENDINGS) or bool(token.ent_type_)
