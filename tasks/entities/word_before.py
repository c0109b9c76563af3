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
- A LOC span that starts with a lower-case adjective of where a known place lies is that place
  alone: ``im pakistanischen [Muzaffarabad]``, ``im französischen [Grez-sur-Loing]``.
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
- A name no entity covers right after a word for a newspaper, magazine, broadcaster, news agency,
  publisher, maker or band is that organisation: ORG (``der Nachrichtenagentur Tanjug``, ``das
  Magazin Business Insider``, ``die Tageszeitung Die Presse``, ``der Hersteller Lockheed Martin``).
  The models miss such names when they are rare or common words (``Zeitung Rote Fahne``); the
  word before says what they are. On GermEval's sentences it found 5 names the gold has and 2 it
  does not (``Verlag Jugend u. Volk``: ``Jugend``), on CoNLL-2003 German val 2 (``Tanjug``); in
  10kGNAD's Austrian articles it cuts some names short at a lower-case word (``Zeitschrift
  Literatur [und Kritik]``; see the model card for the read of its output). A name in
  quotation marks after such a word is the organisation whole, whatever the models made of it
  (``der Band " Tokio Hotel "``: ``Tokio`` LOC; ``die Zeitschrift „ Ariel “``: PER), and so is
  a name the models tagged right after such a word (``der Zeitung Haaretz`` PER, ``des Senders
  KLCN`` LOC, ``im Fachblatt Scientific Reports`` MISC), but a person after ``Band``.
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
# Words for an organisation whose name German writes right after them, by their last part
# ("Tageszeitung", "Nachrichtenagentur", "Garnhersteller"), or whole. A broadcaster only by the
# kinds of it, as "-sender" also ends adjectives ("Wachsender Druck") and "Zehntausender"; not
# "Unternehmen" nor "Gruppe" ("das Unternehmen Millionen").
_ORGANISATION_WORD = re.compile(
    r"(?:\w*(?:zeitung|zeitschrift|magazin|agentur|verlag|hersteller)"
    r"|(?:\w*(?:fernseh|radio|privat|nachrichten|musik|staats|regional|studenten|hörfunk|sport|wellen)|tv-|)sender"
    r"|(?:boulevard|massen|revolver|klatsch|partei|wochen|lokal|fach|branchen)blatt"
    r"|band|rockband|popband|boyband|label)$"
)
# An article that opens a newspaper's or band's name: "Die Presse", "The Slits", "El Dunia".
_NAME_ARTICLES = frozenset({"der", "die", "das", "the", "el", "la", "le", "il", "al"})
_LONGEST_NAME = 3  # words after the article
# "der Band" is a book's volume after these (masculine), the music band is feminine: "die Band".
_VOLUME_ARTICLES = frozenset({"im", "dem", "einem", "vom", "zum", "diesem", "jedem"})
# Marks that open a quotation; "»" and '"' close one too (newspapers.py reads them as well).
OPENING_QUOTES = frozenset({"\"", "„", "“", "«", "»", "‚"})
_CLOSING_QUOTES = frozenset({"\"", "“", "”", "»", "«", "‘"})
_LONGEST_QUOTED_NAME = 6  # words between the marks: "Corriere della Sera", "BABY und Familie"
# Lower-case words a name in quotation marks may have inside; any other one makes the quotation
# a saying ("sagte er der Zeitung „Wir sind bereit“"), not a name.
_NAME_CONNECTORS = frozenset({"und", "für", "von", "vom", "der", "die", "das", "des", "am", "im", "zum", "zur",
                              "della", "del", "di", "de", "la", "le", "du", "of", "the", "and", "y", "e", "&", "-"})
# Marks after which a capitalised word opens a sentence, a bracket or a quotation, whatever it is.
_OPENING_MARKS = frozenset({".", "!", "?", ":", "(", "\"", "„", "“"})
_AGE = re.compile(r"\d+-[jJ]ährige[nr]?$")
# A lower-case adjective of where a place lies: "im pakistanischen Muzaffarabad". Taken off a LOC
# span only before a place the knowledge base or the town list knows: "der französischen
# Revolution", "die europäische Union" are names with the adjective in them.
_ORIGIN_ADJECTIVE = re.compile(r"[a-zäöü]+isch(?:e|en|er|es|em)$")
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
        elif span.label_ != "ORG" and span.start > 0 and _names_what_follows(span.doc[span.start - 1], span.label_):
            span = Span(span.doc, span.start, span.end, label="ORG")  # "der Zeitung Haaretz" PER
        elif span.label_ == "LOC" and is_foreign_country(span.text):
            span = _named_after_a_country(span)
        elif len(span) == 1 and span[0].is_title:
            span = _with_saint(span) or span
        elif span.label_ == "LOC" and len(span) > 1 and _ORIGIN_ADJECTIVE.match(span[0].text) \
                and is_place(span[1:].text):
            span = Span(span.doc, span.start + 1, span.end, label="LOC")  # "im pakistanischen [Muzaffarabad]"
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


def names_after_organisation_words(doc: Any, language: str) -> list[Any]:
    """ORG spans for the untagged names right after a word for a newspaper, agency, maker or band.

    The name is one to three capitalised words, after an article that opens it (``Die Presse``),
    up to the first word that is not capitalised, a mark or a space: ``der Zeitung Rote Fahne
    verboten`` gives ``Rote Fahne``. Nothing when the word for the organisation is itself inside a
    name (``der Süddeutschen Zeitung Rede und Antwort stehen``)."""
    if language != "de":
        return []
    from spacy.tokens import Span

    spans = []
    for token in doc:
        if not _is_organisation_word(token) or _quoted_after(token) is not None:
            continue
        start = end = token.i + 1
        if end < len(doc) and doc[end].lower_ in _NAME_ARTICLES and doc[end].is_title:
            end += 1
        name_start = end
        while end < len(doc) and end - name_start < _LONGEST_NAME and _is_name_word(doc[end]) \
                and doc[end].lower_ not in _NAME_ARTICLES:  # "Magazin Vangardist Die Sonderausgabe": a lost full stop
            end += 1
        if end == name_start:
            continue
        if end < len(doc) and doc[end].is_digit and len(doc[end]) <= 2 and not doc[end].ent_type_:
            end += 1  # "Privatsender Puls 4"
        spans.append(Span(doc, start, end, label="ORG"))
    return spans


def _is_name_word(token: Any) -> bool:
    """A capitalised word no entity covers."""
    return not token.ent_type_ and _is_capitalised_word(token)


def _is_capitalised_word(token: Any) -> bool:
    """``Tanjug``, ``ORF``, ``RekordsRekords``, ``Paris-Match``: a word that starts with a capital."""
    text = token.text
    return text[:1].isupper() and all(char.isalnum() or char in "-&'" for char in text)


def organisations_in_quotes(doc: Any, spans: list[Any], language: str) -> list[Any]:
    """The doc's spans with each name in quotation marks right after a word for a newspaper, agency,
    maker or band made one ORG span of all its words, in place of any spans the models found in it."""
    if language != "de":
        return spans
    from spacy.tokens import Span

    quoted = [found for token in doc if _is_organisation_word(token) and (found := _quoted_after(token))]
    if not quoted:
        return spans
    kept = [span for span in spans if not any(start <= span.start and span.end <= end for start, end in quoted)]
    names = [Span(doc, start, end, label="ORG") for start, end in quoted
             if not any(span.start < end and start < span.end for span in kept)]
    return sorted(kept + names, key=lambda span: span.start)


def _names_what_follows(word: Any, label: str) -> bool:
    """Whether a word for a newspaper, agency, maker or band names the span after it; not a person
    after ``Band``, who may play in it (``der Gitarren-Lehrer der Band Larry Gott``)."""
    return _is_organisation_word(word) and not (label == "PER" and word.lower_.endswith("band"))


def _is_organisation_word(token: Any) -> bool:
    """Whether an untagged capitalised word is one for an organisation (``_ORGANISATION_WORD``)."""
    if not token.is_title or token.ent_type_ or _ORGANISATION_WORD.match(token.lower_) is None:
        return False
    before = token.doc[token.i - 1].lower_ if token.i else ""
    return not (token.lower_ == "band" and before in _VOLUME_ARTICLES)  # "im Band Glücklich wie Blei": a book's


def _quoted_after(token: Any) -> tuple[int, int] | None:
    """The (start, end) of the words inside quotation marks right after ``token``, if they are
    a name: at most six words, the first capitalised and no other in lower case but a connector
    (``Corriere della Sera``, ``BABY und Familie``)."""
    doc, opening = token.doc, token.i + 1
    if opening + 2 >= len(doc) or doc[opening].text not in OPENING_QUOTES:
        return None
    if not _is_capitalised_word(doc[opening + 1]):
        return None
    for end in range(opening + 2, min(opening + 2 + _LONGEST_QUOTED_NAME, len(doc))):
        if doc[end].text in _CLOSING_QUOTES:
            return opening + 1, end
        if not (_is_capitalised_word(doc[end]) or doc[end].lower_ in _NAME_CONNECTORS):
            return None
    return None
