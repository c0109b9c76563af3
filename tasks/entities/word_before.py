"""The word before a German name says what it names: ``Königin Victoria``, ``der 32-jährige Holland``,
``St. Moritz``, ``die Firma Körner``, ``die Austria``.

The models label a rare one-word name by the word itself, and a word that is a place somewhere
comes out LOC even where the text says it is a person: ``Königin Victoria``, ``Prinzessin
Victoria``, ``Missionar Willibord``, ``der 32-jährige Holland vom ERC Ingolstadt``. And a saint's
name in a place (``St. Moritz``, ``St. Thomas``) came out a person, ``Moritz``, without its
``St.``. On GermEval's sentences these are single errors of many kinds, not one big one: read on
two of its fifths, checked on the other three (see the model card).

- A one-word LOC or ORG span after a noble, church or courtesy title, or after an age
  (``32-jährige``), is a person: PER. Not a country after a title (``die reichste Frau
  Frankreichs``), nor a place the knowledge base knows after an age (``der 27-jährige Sachse``,
  ``den 27-jährigen Sachsen``, is a man from Saxony), nor after ``das`` (``das 60-jährige
  Israel``, a state).
- A PER or LOC span of one capitalised word after ``St.`` or ``Sankt`` is the place named
  after that saint: the span takes in the ``St.`` and is LOC (an ORG, ``St. Pauli``, stays ORG
  and takes it in too).
- A PER or LOC span right after a word for a company (``Firma``, ``Reederei``, ``Label``) is that
  company: ORG (``die Firma Körner``, ``der Mainzer Kellerei Kupferberg``, ``der Reederei Costa
  Crociere``). Words that also name other things are not on the list: ``Marke`` (GermEval tags car
  brands after it MISC), ``Unternehmen`` (``Unternehmen Barbarossa``).
- A LOC span that names a country in another language but not in German (``Austria``: German
  writes ``Österreich``, and the knowledge base links ``Austria`` in English text only) is no
  place in German text but a club or a company named after the country: ORG (``die Austria``, the
  Vienna club), taking in a capitalised word before it that no entity covers, inside a sentence
  (``Statistik Austria``, ``Casinos Austria``). Not after ``#``: a hashtag is English text
  (``#Hungary``). Members trained with the other languages' CoNLL data (``--borrow``) learnt
  ``Austria`` as a place; with two of them in the German vote it came out LOC 33 times in 1,028
  Austrian news articles, each a club or a company.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Titles German writes right before a person's name (the courtesy ones: see people.is_title).
_TITLES = frozenset({
    "könig", "königin", "prinz", "prinzessin", "kaiser", "kaiserin", "herzog", "herzogin", "graf", "gräfin",
    "fürst", "fürstin", "zar", "zarin", "sultan", "papst", "bischof", "erzbischof", "kardinal", "missionar",
    "herr", "frau",
})
# Words for a company that German writes right before its name; each one a company and nothing else.
_COMPANY_WORDS = frozenset({
    "firma", "kellerei", "brauerei", "reederei", "label", "plattenfirma", "plattenlabel", "modelabel",
    "modekette", "handelskette", "supermarktkette", "baumarktkette", "hotelkette", "fluggesellschaft",
    "fluglinie", "airline", "billigairline", "autohersteller", "softwarefirma", "softwarehersteller",
    "versandhändler", "onlinehändler", "online-händler", "versandhaus",
})
_ARTICLES = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem", "eines"})
# Marks after which a capitalised word opens a sentence, a bracket or a quotation, whatever it is.
_OPENING_MARKS = frozenset({".", "!", "?", ":", "(", "\"", "„", "“"})
_AGE = re.compile(r"\d+-[jJ]ährige[nr]?$")
# "St." before a saint's name; tokenised text writes it "St ." (GermEval's "St . Moritz").
_SAINT = re.compile(r"(?:^|\s)(St ?\.|Sankt)\s$")


def relabel_by_word_before(spans: list[Any], language: str, is_country: Callable[[str], bool],
                           is_place: Callable[[str], bool],
                           is_foreign_country: Callable[[str], bool] = lambda text: False) -> list[Any]:
    """The spans with people after titles and ages relabelled PER, companies after a company word and
    countries' foreign names ORG, and saints' places taken in (module docstring)."""
    if language != "de":
        return spans
    from spacy.tokens import Span

    kept = []
    for span in spans:
        if len(span) == 1 and span.label_ in ("LOC", "ORG") and _after_title_or_age(span, is_country, is_place):
            span = Span(span.doc, span.start, span.end, label="PER")
        elif span.label_ in ("PER", "LOC") and span.start > 0 and span.doc[span.start - 1].lower_ in _COMPANY_WORDS:
            span = Span(span.doc, span.start, span.end, label="ORG")
        elif span.label_ == "LOC" and is_foreign_country(span.text):
            span = _named_after_a_country(span)
        elif len(span) == 1 and span[0].is_title:
            span = _with_saint(span) or span
        kept.append(span)
    return kept


def _named_after_a_country(span: Any) -> Any:
    """The span as ORG, taking in a capitalised untagged word inside a sentence; after ``#`` as it is."""
    from spacy.tokens import Span

    doc, start = span.doc, span.start
    if start > 0 and doc[start - 1].text == "#":
        return span
    before = doc[start - 1] if start > 1 else None
    if before is not None and before.is_title and before.is_alpha and not before.ent_type_ \
            and before.lower_ not in _ARTICLES and doc[start - 2].text not in _OPENING_MARKS:
        start -= 1  # "Statistik Austria"; not "Auch Austria" opening a sentence, nor "Wien – Die Austria"
    return Span(doc, start, span.end, label="ORG")


def _after_title_or_age(span: Any, is_country: Callable[[str], bool], is_place: Callable[[str], bool]) -> bool:
    """Whether a title (not before a country) or an age (not before a known place, nor after ``das``) precedes the span."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.lower_ in _TITLES:
        return not is_country(span.text)
    if _AGE.match(before.text):
        neuter = before.i > 0 and before.doc[before.i - 1].lower_ in ("das", "des")  # "das 60-jährige Israel"
        return not neuter and not is_place(span.text)
    return False


def _with_saint(span: Any) -> Any:
    """The span widened over a ``St.`` or ``Sankt`` right before it, LOC (ORG stays ORG); None if none is."""
    doc = span.doc
    window = max(0, span.start_char - 8)
    saint = _SAINT.search(doc.text[window:span.start_char])
    if not saint:
        return None
    widened = doc.char_span(window + saint.start(1), span.end_char, label="ORG" if span.label_ == "ORG" else "LOC")
    if widened is None or any(token.ent_type_ for token in doc[widened.start:span.start]):
        return None
    return widened
