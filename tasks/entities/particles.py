"""A German person's name runs on over its particles: ``Alexander Van der Bellen``, ``Ursula von der Leyen``.

The German models end a name at a particle: ``Bundespräsident Alexander Van der Bellen`` came out
PER ``Alexander Van`` and his later ``Van der Bellen`` PER ``Van``, ``Ursula von der Leyen`` PER
``Ursula``, so Austria's president and the Commission's were counted under names that are not
theirs. A PER span is carried on over the particles after it (``von``, ``van der``, ``zu``) and
the capitalised word they lead to, when that word is a rare one (no common German word:
``von der Polizei``, ``vom Verband``), no acronym (``von der SPD``), no name the knowledge base
or the place list knows (``von Bayern München``), and not already in an entity; and when what
comes before the particles is one given name (``Ursula``, ``Alexander`` of ``Alexander Van``,
``Otto``) or nothing (``Van`` alone). After a full name or a surname, ``von der`` is a preposition:
on 10kGNAD, 15 of 45 spans carried on so were ``Bernd Jäckel von der Bundespolizeiinspektion``,
``Merkel von Kohl gefördert`` is another. ``der`` and ``den`` alone are articles (``Schmidt den
Koalitionspartner``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Name particles in German text, lower case: German, Dutch, Italian, Spanish and Portuguese ones.
PARTICLES = frozenset({"von", "vom", "zu", "van", "der", "den", "ten", "ter", "de", "di", "da", "del",
                       "della", "dos"})
# German articles: a name particle only after another one (``von der``, ``van den``); alone they are
# the article of a noun (``Schmidt den Koalitionspartner``, ``Philipp den Königstitel``).
ARTICLES = frozenset({"der", "den"})
MAX_PARTICLES = 3
COMMON_WORD_BAND = 4  # Zipf band: institutions after "von der" are at least this frequent (Gewerkschaft 4.0, Polizei 5.4); Leyen 3.7

NameClasses = Callable[[str], "str | None"]
KnownLabel = Callable[[str], "str | None"]
FrequencyBand = Callable[[str], "int | None"]


def names_over_particles(spans: list[Any], language: str, known_label: KnownLabel, name_classes: NameClasses,
                         is_listed_place: Callable[[str], bool], frequency_band: FrequencyBand) -> list[Any]:
    """The spans, each German PER span carried on over its particles to the name's end (see the module docstring)."""
    if language != "de":
        return spans
    from spacy.tokens import Span

    covered = {token for span in spans for token in range(span.start, span.end)}
    kept = []
    for span in spans:
        end = _name_end(span, covered, known_label, name_classes, is_listed_place, frequency_band) if span.label_ == "PER" else None
        kept.append(Span(span.doc, span.start, end, label="PER") if end else span)
    return kept


def _name_end(span: Any, covered: set[int], known_label: KnownLabel, name_classes: NameClasses,
              is_listed_place: Callable[[str], bool], frequency_band: FrequencyBand) -> int | None:
    """The token index the name ends before, if the span runs on over particles; else None."""
    doc = span.doc
    trailing = 0
    while trailing < len(span) and span[len(span) - 1 - trailing].lower_ in PARTICLES:
        trailing += 1
    position = span.end
    while position < len(doc) and doc[position].lower_ in PARTICLES and position - span.end < MAX_PARTICLES:
        position += 1
    particles = trailing + position - span.end
    if not particles or position >= len(doc) or position in covered:
        return None
    if doc[span.end - trailing].lower_ in ARTICLES:
        return None
    if not _ends_a_name(doc[position].text, known_label, is_listed_place, frequency_band):
        return None
    head = span[: len(span) - trailing]
    if len(head) > 1 or (len(head) == 1 and "GIV" not in (name_classes(head.text) or "").split("_")):
        return None  # "Manfred Wolf von der GPA-djp", "Kickl Van der Bellen": a preposition, or two names
    return position + 1


def _ends_a_name(word: str, known_label: KnownLabel, is_listed_place: Callable[[str], bool],
                 frequency_band: FrequencyBand) -> bool:
    """Whether a capitalised word after particles is a rare one, by the model's own frequency table
    (the rich lexicon's); a model without that table carries no name on."""
    if not word[:1].isupper() or word.isupper() or not word.replace("-", "").isalpha():
        return False
    if known_label(word) or is_listed_place(word):
        return False
    band = frequency_band(word)
    return band is not None and band < COMMON_WORD_BAND
