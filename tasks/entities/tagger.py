"""Entity tagging: a spaCy pipeline per language, trained NER plus a gazetteer EntityRuler.

The trained model (``data/models/ner-<lang>``; for de, es and nl an ensemble of three, see
``ensemble.py``) finds PER/ORG/LOC/MISC spans; the EntityRuler runs after it and adds gazetteer
names the model missed without overriding the model's spans, so "Bank of England" stays one ORG
instead of losing "England" to the ruler. Languages without a trained model get a blank tokenizer
plus the same ruler (the gazetteer tagger). Pipelines load once per process and are reused.

Small rules follow the pipeline, each for a miss the models make: countries called PER or ORG
become LOC (``label_and_link``), a German role noun leaves a PER span, the players of a team
line-up are all PER (``lineups.py``), German adjectives from names are MISC (``derived.py``),
so are German compounds with a name in front (``NATO-Staaten``), German and Dutch small
towns are LOC (``places.py``), and an uncommon German word of a Brown cluster that is nearly
all names of one kind gets that label (``cluster_labels.py``). German names after a word for a
newspaper, agency or maker (``der Nachrichtenagentur Tanjug``, ``word_before.py``) and
newspapers' names (``Salzburger Nachrichten``, ``newspapers.py``) are ORG, words of places joined
by hyphens LOC (``Strecke Berlin-Hannover``, ``places.place_compounds``). A name several countries'
institutions share (``Bundesregierung``) links to the one of the country the text names most
(``national.py``).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Callable

from tasks.entities.cluster_labels import cluster_label_spans
from tasks.entities.fragments import name_parts
from tasks.entities.gazetteer import MODELS_DIR, load_gazetteer
from tasks.entities.lineups import complete_lineups
from tasks.entities.national import link_national_names
from tasks.entities.newspapers import newspaper_names
from tasks.entities.people import name_people, organisations_among_people, people_named_in_full
from tasks.entities.particles import names_over_particles
from tasks.entities.places import dateline_places, is_listed_place, place_compounds, place_spans, village_spans
from tasks.entities.repeats import untagged_surnames
from tasks.entities.web_addresses import is_web_address
from tasks.entities.word_before import names_after_organisation_words, organisations_in_quotes, relabel_by_word_before
from tasks.schema import Col

log = logging.getLogger("newsflow.entities")

# Split very long texts at paragraph breaks so spaCy's memory stays bounded per call.
MAX_CHARS_PER_CALL = 100_000
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")


def model_path(language: str):
    return MODELS_DIR / f"ner-{language}"


def has_trained_model(language: str) -> bool:
    return (model_path(language) / "meta.json").exists()


@lru_cache(maxsize=None)
def pipeline(language: str, ruler: bool = True):
    """The spaCy pipeline for a language, built once per process (``ruler=False``: model only)."""
    import spacy

    import tasks.entities.bilstm  # noqa: F401  registers the encoder of members trained with --bilstm
    import tasks.entities.char_embed  # noqa: F401  registers the character-feature architecture some members use
    import tasks.entities.crf  # noqa: F401  registers the CRF component an ensemble member may be
    import tasks.entities.ensemble  # noqa: F401  registers the ensemble components (ensemble.py)
    import tasks.entities.lexicon  # noqa: F401  registers the name_lexicon component some models use

    if has_trained_model(language):
        nlp = spacy.load(model_path(language))
    else:
        log.info("no trained NER model for %r; using the gazetteer tagger", language)
        try:
            nlp = spacy.blank(language)
        except Exception:  # unknown code, or a tokenizer needing an absent package (ja, ko)
            nlp = spacy.blank("xx")
    nlp.max_length = MAX_CHARS_PER_CALL * 2
    if not ruler:
        return nlp
    ruler_config = {"overwrite_ents": False, "validate": False}
    # Last: after the model (or an ensemble's vote), so the ruler only fills the gaps it leaves.
    entity_ruler = nlp.add_pipe("entity_ruler", config=ruler_config)
    with nlp.select_pipes(enable=[]):
        entity_ruler.add_patterns(load_gazetteer().patterns(language))
    return nlp


# Where a long text may be cut, best first: a paragraph, a sentence, a word. A cut inside a word
# would tag its halves ("Bru" + "ssels"); a text with none of them (no spaces) is cut where it must.
_CUTS = ("\n", ". ", "。", " ")


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) cuts of at most MAX_CHARS_PER_CALL, at paragraph, sentence or word breaks."""
    if len(text) <= MAX_CHARS_PER_CALL:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + MAX_CHARS_PER_CALL, len(text))
        if end < len(text):
            for mark in _CUTS:
                cut = text.rfind(mark, start, end)
                if cut > start:
                    end = cut + len(mark)
                    break
        pieces.append((start, text[start:end]))
        start = end
    return pieces


# German news puts a role noun before a name ("Militärfachmann Nico Lange", "Außenministerin
# Annalena Baerbock"); gold NER data never includes it in the PER span, the models sometimes do.
_GERMAN_ROLE_SUFFIXES = tuple(
    stem + ending
    for stem in ("mann", "frau", "minister", "kanzler", "präsident", "sprecher", "botschafter", "chef",
                 "experte", "leiter", "direktor", "sekretär", "vorsitzende", "analyst", "forscher",
                 "politiker", "trainer", "abgeordnete", "bürgermeister", "general", "kommissar")
    for ending in ("", "in", "r", "s")
)


def _trim_role_noun(span: Any, language: str) -> Any:
    """Drop a leading German role noun from a PER span ("Militärfachmann Nico Lange")."""
    if language != "de" or span.label_ != "PER" or len(span) < 2:
        return span
    first, second = span[0], span[1]
    if first.is_title and second.is_title and first.text.lower().endswith(_GERMAN_ROLE_SUFFIXES):
        from spacy.tokens import Span

        return Span(span.doc, span.start + 1, span.end, label=span.label)
    return span


# German writes a part of a country or continent as one word: "Westukraine", "Ostdeutschland",
# "Mitteleuropas". The gold data tags 31 of the 33 such words LOC (CoNLL-2003 German train and val,
# GermEval test; the other two are part of an ORG name and a GermEval LOCpart); the models
# sometimes call them ORG.
_GERMAN_COMPASS = re.compile(r"^(?:Nordost|Nordwest|Südost|Südwest|Nord|Süd|Ost|West|Mittel|Zentral)(\w{4,})$")


def _german_region(text: str) -> bool:
    """Whether ``text`` is a compass word joined to a country or continent: ``Westukraine``."""
    match = _GERMAN_COMPASS.match(text)
    rest = match.group(1) if match else ""
    if not rest[:1].islower():
        return False
    gazetteer = load_gazetteer()
    if gazetteer.lookup(text, "de", "LOC"):  # a name of its own: Südafrika, Nordamerika
        return False
    place = gazetteer.lookup(rest[0].upper() + rest[1:], "de", "LOC")
    return place is not None and place.id.startswith(("country:", "continent:"))


def label_and_link(text: str, label: str, language: str) -> tuple[str, Any]:
    """The final label and canonical entity of a span the pipeline found.

    A PER or ORG span whose exact text is a country name is a place: the models say PER for a
    sentence-initial "Lituania pidió ...", and ORG for a country in a sentence about its
    government or team, where the Spanish dev gold says LOC two times in three (47 of 70).
    Names that are also given names (Jordan) are left alone, and MISC stays MISC (on the
    English dev set, 5 of the 6 MISC spans with a country's text are MISC in the gold). A German
    compass word joined to a country or continent (``Westukraine``) is a place whatever the label,
    and a German compound cut short at its hyphen (``NATO-``) is MISC, linked to its name.
    """
    gazetteer = load_gazetteer()
    if language == "de" and label != "LOC" and _german_region(text):
        return "LOC", None  # the region, not the country: no canonical id
    if language == "de" and gazetteer.truncated_compound(text, language):
        label = "MISC"  # "NATO-" in "NATO- und EU-Grenzen": a compound, as "EU-Grenzen" is
    if label in ("PER", "ORG"):
        country = gazetteer.country(text, language)
        if country:
            return country.label, country
        if label == "PER":
            return label, None
    found = gazetteer.lookup(text, language, label)
    if label == "LOC" and found is not None and _route(text, language):
        return label, None  # "Berlin-Hannover": neither city
    if found is not None and found.label == "ORG" and (label == "LOC" or label == "MISC" and _names_it_whole(text)):
        # "Amazon" LOC: the knowledge base knows the company and no place of that name. "der
        # Guardian" MISC: an exact name of an organisation (10kGNAD: 16 spans, 15 right; the other
        # the "Chrysler" of "Fiat Chrysler").
        return "ORG", found
    return label, found


def _route(text: str, language: str) -> bool:
    """Whether a hyphenated LOC joins two places (``Berlin-Hannover``, a railway line;
    ``Asien-Pazifik``, a region that is neither), rather than naming one and a part of it
    (``Mexiko-Stadt``, ``Wien-Simmering``: a district is a town the knowledge base links but never
    tags, ``link_only``)."""
    gazetteer = load_gazetteer()
    parts = text.split("-")
    if len(parts) < 2 or gazetteer.knows_exactly(text, language):
        return False
    known = [gazetteer.lookup(part, language, "LOC") for part in parts]
    places = [place for place in known if place is not None and place.label == "LOC" and not _district(place)]
    return len(places) >= 2


def _district(place: Any) -> bool:
    """A town the knowledge base only links, such as a city's district (``Simmering`` of Vienna)."""
    return place.id.startswith("city:") and bool(load_gazetteer().entries[place.id].get("link_only"))


def _names_it_whole(text: str) -> bool:
    """Whether a MISC span is a name as it stands, not a compound or adjective made from one: a MISC
    ``NATO-Staaten`` or ``sozialdemokratische`` links to the organisation and stays MISC."""
    return "-" not in text and text[:1].isupper()


def _entity(doc_span: Any, offset: int, language: str) -> dict[str, Any]:
    doc_span = _trim_role_noun(doc_span, language)
    text = doc_span.text
    label, canonical = label_and_link(text, doc_span.label_, language)
    return {
        Col.START: doc_span.start_char + offset,
        Col.END: doc_span.end_char + offset,
        Col.LABEL: label,
        Col.TEXT: text,
        Col.CANONICAL_ID: canonical.id if canonical else None,
        Col.CANONICAL_NAME: canonical.name if canonical else None,
    }


def _has_a_letter_or_digit(text: str) -> bool:
    """Whether a span holds more than marks: a member once tagged a lone dash PER (10kGNAD)."""
    return any(char.isalnum() for char in text)


def _untagged_words(doc: Any, label: str, wanted: Callable[[str], bool]) -> list[Any]:
    """One-word spans with ``label`` for the words no entity covers that ``wanted`` accepts."""
    from spacy.tokens import Span

    return [Span(doc, token.i, token.i + 1, label=label) for token in doc if not token.ent_type_ and wanted(token.text)]


def _derived_adjectives(doc: Any, language: str) -> list[Any]:
    """Lower-case adjectives from names (``syrischen``) the model left untagged, as MISC spans.

    CoNLL-style German gold tags them MISC; the models miss the rare ones (see derived.py).
    """
    from tasks.entities.derived import has_derived_words, is_derived_adjective

    if not has_derived_words(language):
        return []
    return _untagged_words(doc, "MISC", lambda word: is_derived_adjective(word, language))


def _name_compounds(doc: Any, language: str) -> list[Any]:
    """German compounds with a known name at the front (``NATO-Staaten``, ``SPD-Fraktion``) that
    the model left untagged, as MISC spans (linked to the name, see ``Gazetteer.misc_compound``).

    CoNLL-2003 German's gold tags 148 of the 171 such compounds in its train split MISC (most of
    the rest are names of their own: ``US-Armee``, ``SPD-Ortsvereins``, which the models do tag);
    the models miss some, such as the seed article's headline ``NATO-Staaten``.
    """
    if language != "de":
        return []
    gazetteer = load_gazetteer()
    return _untagged_words(doc, "MISC", lambda word: "-" in word and gazetteer.misc_compound(word, language) is not None)


def _web_addresses(doc: Any, language: str) -> list[Any]:
    """German: web addresses no entity covers (``spymac.com``), as MISC spans (see web_addresses.py).

    GermEval tags them OTH; CoNLL-2002's Dutch gold leaves them O (``www.fnac.com``), so other
    languages keep what their models say."""
    if language != "de":
        return []
    return _untagged_words(doc, "MISC", is_web_address)


def _german_regions(doc: Any, language: str) -> list[Any]:
    """German compass words joined to a country or continent (``Westukraine``) that no entity
    covers, as LOC spans: the gold data tags 31 of the 33 such words LOC (see ``_german_region``)."""
    if language != "de":
        return []
    return _untagged_words(doc, "LOC", _german_region)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """The words the German model's name lexicon knows both as given names (the commonest of 106
    countries) and from people's names in its sources: ``Vladimir``, ``Jordan``, ``Victoria``; not
    ``Milano``, ``Lisboa`` or ``Paris``, which are given names somewhere but named no person there."""
    import gzip
    import json

    path = MODELS_DIR / "ner-de" / "name_lexicon_0" / "lexicon.json.gz"
    if not path.exists():
        return frozenset()
    classes = json.loads(gzip.decompress(path.read_bytes()))["classes"]
    return frozenset(word for word, kinds in classes.items() if {"GIV", "PER"} <= set(kinds.split("_")))


def _runs_into_a_name(span: Any) -> bool:
    """Whether a one-word span the gazetteer tagger found is a given name run straight into a
    capitalised word no span holds: the first name of a person (``Vladimir Putin`` is no city
    Vladimir; Polish ``Włodzimierz``). Languages without a model have nothing else that tells a
    person from the place; a place before a name (``Prezydent USA Joe Biden``) is no given name."""
    doc = span.doc
    if len(span) != 1 or span.end >= len(doc) or span.text not in _given_names():
        return False
    following = doc[span.end]
    return following.is_title and following.is_alpha and not following.ent_type_


def _lexicon(nlp: Any) -> Any:
    """The pipeline's (first) name lexicon, or None."""
    from tasks.entities.lexicon import NameLexicon

    return next((pipe for _, pipe in nlp.pipeline if isinstance(pipe, NameLexicon)), None)


def _person_words(nlp: Any) -> Callable[[str], bool]:
    """Whether the pipeline's name lexicon knows a word from person names; never without one."""
    lexicon = _lexicon(nlp)
    return lexicon.knows_as_person if lexicon is not None else lambda word: False


def _frequency_band(nlp: Any) -> Callable[[str], int | None]:
    """A word's Zipf band by the pipeline's rich name lexicon; None without one (``NameLexicon.frequency_band``)."""
    lexicon = _lexicon(nlp)
    return lexicon.frequency_band if lexicon is not None else lambda word: None


def _name_classes(nlp: Any) -> Callable[[str], str | None]:
    """A word's classes in the pipeline's name lexicon (``GIV_PER_SUR``); None without one."""
    lexicon = _lexicon(nlp)
    return lexicon.lookup if lexicon is not None else lambda word: None


def tag_texts(texts: list[str], language: str, *, gazetteer_ruler: bool = True) -> list[list[dict[str, Any]]]:
    """Entity spans per text: dicts with start, end, label, text, canonical_id, canonical_name.

    Each text is one article: a person's ``canonical_name`` is the full name the same text gives
    them (``people.py``), so texts must not be pieces of different articles run together.

    ``start``/``end`` are character offsets into the given text, so ``text[start:end]`` is
    the entity's ``text``. ``gazetteer_ruler=False`` leaves the ruler out (for evaluation).
    """
    nlp = pipeline(language, gazetteer_ruler)
    trained = has_trained_model(language)
    gazetteer = load_gazetteer()

    def known_label(text: str) -> str | None:
        found = gazetteer.lookup(text, language)
        return found.label if found else None

    def organisation(text: str) -> Any:
        return gazetteer.lookup(text, language, "ORG")

    def is_local_place(name: str) -> bool:
        return is_listed_place(name, language)

    def is_known_name(text: str) -> bool:
        return known_label(text) is not None or is_local_place(text)

    def is_country(text: str) -> bool:
        return gazetteer.country(text, language) is not None

    def is_foreign_country(text: str) -> bool:  # "Austria" in German text: linked in English only
        return gazetteer.country(text, language) is None and gazetteer.country(text, "en") is not None

    def is_place(text: str) -> bool:  # linked-only places (regions, towns) answer a LOC lookup alone
        found = gazetteer.lookup(text, language, "LOC")
        return (found is not None and found.label == "LOC") or is_local_place(text)

    is_person_word = _person_words(nlp)
    name_classes = _name_classes(nlp)
    frequency_band = _frequency_band(nlp)
    jobs = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _pieces(text or "")]
    results: list[list[dict[str, Any]]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=64)
    for (i, offset, _), doc in zip(jobs, docs):
        spans = [span for span in doc.ents if span.label_ in ENTITY_LABELS and _has_a_letter_or_digit(span.text)]
        spans += _derived_adjectives(doc, language)
        if not trained:
            spans = [span for span in spans if not _runs_into_a_name(span)]
        if language == "fr":  # a model that learnt from Wikipedia's short fragments runs on in news prose
            spans = name_parts(spans, known_label)
        spans = names_over_particles(spans, language, known_label, name_classes, is_local_place,
                                     frequency_band)  # "Alexander Van"
        spans = relabel_by_word_before(spans, language, is_country, is_place,
                                       is_foreign_country)  # "Königin Victoria", "St. Moritz", "die Austria"
        spans = dateline_places(spans, language, is_place)  # "übernehmen. Reykjavík – Trotz des Proteststurms"
        spans = organisations_in_quotes(doc, spans, language)  # 'der Band " Tokio Hotel "': not "Tokio" LOC
        spans = place_compounds(doc, spans, language, is_place)  # "Strecke Berlin-Hannover", "Münster-Nord"
        spans = newspaper_names(doc, spans, language, frequency_band)  # "Salzburger Nachrichten", not "Ruhr" LOC
        rules = (_name_compounds(doc, language), _german_regions(doc, language),
                 names_after_organisation_words(doc, language),  # "der Nachrichtenagentur Tanjug"
                 place_spans(doc, language, is_person_word), cluster_label_spans(doc, language),
                 village_spans(doc, language, is_person_word, frequency_band), _web_addresses(doc, language))
        for rule_spans in rules:
            covered = {token for span in spans for token in range(span.start, span.end)}
            spans += [span for span in rule_spans if not covered.intersection(range(span.start, span.end))]
        spans = sorted(complete_lineups(doc, spans), key=lambda span: span.start)
        results[i].extend(_entity(span, offset, language) for span in spans)
    for text, entities in zip(texts, results):
        link_national_names(entities, gazetteer)  # "Bundesregierung": the country the whole text is about
        organisations_among_people(entities, language, organisation, name_classes)  # "Yukos" tagged PER
        people_named_in_full(entities, language, is_local_place)  # "Herr Landau" LOC
        if trained:  # "Edomwonyi nützte die Gelegenheit": the article's "Emeka Edomwonyi", untagged there
            untagged_surnames(entities, text or "", language, frequency_band, name_classes, is_known_name)
        name_people(entities, language, name_classes)  # "Mr Blair": the text's "Tony Blair"
    return results
