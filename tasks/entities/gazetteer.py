"""The knowledge base at run time: EntityRuler patterns and canonical-id lookup.

Canonical linking is done by lookup on every entity span, whoever found it (the statistical
model or the ruler), so ``Litauen``, ``Lithuania`` and ``Lituanie`` all get ``country:LT``, and
inflected or compound forms (``Russlands``, ``NATO-Staaten``) fall back to their base name.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODELS_DIR = Path(os.environ.get("NEWSFLOW_MODELS", PROJECT_ROOT / "data" / "models"))
GAZETTEER_PATH = MODELS_DIR / "gazetteer.jsonl"

# Case endings to try when a surface form is not known as it is (German genitive/dative,
# English possessive). Tried longest first; only used when the base is a known alias.
_SUFFIXES = {
    "de": ("es", "s", "n", "en", "ern"),
    "en": ("'s", "’s", "s'"),
    "nl": ("'s", "s"),
}
_COMMON_SUFFIXES = ("'s", "’s")
_GENITIVES = {"s", "es", "'s", "’s", "s'"}


# Country names that are also common given names: a PER span with this text may be a person.
_GIVEN_NAMES = {"Jordan", "Chad", "India", "Israel", "Georgia", "Kenya", "Trinidad"}


@dataclass(frozen=True)
class Canonical:
    id: str
    name: str
    label: str


class _Aliases:
    """Alias -> entry id, as written and case-folded, also per entry label; the first writer wins."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        # the same, per label: "Toyota" is a city and a company, and an ORG span means the company
        self.exact_labelled: dict[tuple[str, str], str] = {}
        self.folded_labelled: dict[tuple[str, str], str] = {}

    def add(self, alias: str, entry: dict) -> None:
        # a bare name ("Liverpool" of Liverpool FC) answers only a span of the entry's own label,
        # as written
        self.exact_labelled.setdefault((alias, entry["label"]), entry["id"])
        if alias in entry.get("bare_names", ()):
            return
        self.exact.setdefault(alias, entry["id"])
        self.folded.setdefault(alias.casefold(), entry["id"])
        self.folded_labelled.setdefault((alias.casefold(), entry["label"]), entry["id"])

    def labelled(self, key: str, folded: str | None, label: str) -> str | None:
        return self.exact_labelled.get((key, label)) or self.folded_labelled.get((folded, label))

    def any(self, key: str, folded: str | None) -> str | None:
        return self.exact.get(key) or self.folded.get(folded)


# Alias languages every text's lookup reads: names for all languages ("*": GeoNames' and ISO's
# names, organisations, cities) and English, which news in every language quotes.
_EVERY_TEXT = ("*", "en")


class _NameTables:
    """A set of entries' aliases read by language: a text's own language's table, then
    ``_EVERY_TEXT``'s; every alias at once for a caller that names no language."""

    def __init__(self) -> None:
        self.common = _Aliases()
        self.by_language: dict[str, _Aliases] = {}
        self.anywhere = _Aliases()

    def add(self, entry: dict) -> None:
        for language, names in entry["aliases"].items():
            table = self.common if language in _EVERY_TEXT else self.by_language.setdefault(language, _Aliases())
            for alias in names:
                table.add(alias, entry)
                self.anywhere.add(alias, entry)

    def tables(self, language: str | None) -> list[_Aliases]:
        """The alias tables a text in ``language`` reads, its own language's first."""
        if language is None:
            return [self.anywhere]
        own = self.by_language.get(language)
        return [own, self.common] if own else [self.common]


def _folded(key: str) -> str | None:
    """The case-folded key to match too: keys of three letters or fewer match only as written ("EU", not "eu")."""
    return key.casefold() if len(key) > 3 else None


class Gazetteer:
    def __init__(self, entries: list[dict]) -> None:
        self.entries = {entry["id"]: entry for entry in entries}
        # A name links in the languages that use it: a country's or continent's name in one
        # language is another language's city or word (Croatian "Tunis" is Tunisia, Dutch
        # "Norfolk" Norfolk Island, Turkish "Somali" Somalia), so a text's lookup reads its own
        # language's aliases, then ``_EVERY_TEXT``'s (``_NameTables``).
        self._names = _NameTables()
        # linked-only places (regions, cities under 300,000): for LOC spans, after every other
        # entry, read by language like the other names (German "Kalifornien", French "Californie")
        self._places = _NameTables()
        # one name, several countries' institutions ("Bundesregierung": Germany's, Austria's): see national.py
        self._national: dict[str, dict[str, str]] = {}
        for entry in entries:
            if entry["id"].startswith("org:") and entry.get("country"):
                for names in entry["aliases"].values():
                    for alias in names:
                        self._national.setdefault(alias, {}).setdefault(entry["country"], entry["id"])
            # first writer wins: countries come before cities, cities before orgs
            (self._places if entry.get("link_only") else self._names).add(entry)
        self._national = {alias: found for alias, found in self._national.items() if len(found) > 1}

    def country_of(self, entry_id: str) -> str | None:
        """The ISO country code an entry belongs to, where the knowledge base records one."""
        entry = self.entries.get(entry_id)
        return entry.get("country") if entry else None

    def national_namesakes(self, text: str) -> dict[str, str]:
        """Country -> entry id of the institutions of several countries that ``text`` names alike
        (``Bundesregierung``, ``Grünen``, the ``Grünen`` of ``Grünen-Chef``); empty for any other text."""
        text = " ".join(text.split())
        for key in (text, _compound_head(text)):
            if key and key in self._national:
                return self._national[key]
        return {}

    def _tables(self, language: str | None) -> list[_Aliases]:
        """The alias tables of every entry but the linked-only places a text in ``language`` reads."""
        return self._names.tables(language)

    def patterns(self, language: str) -> list[dict]:
        """EntityRuler phrase patterns for one language: its own names, English, and ``*``."""
        patterns = []
        seen = set()
        for entry in self.entries.values():
            if entry.get("link_only"):
                # The models tag these places themselves; the ruler matching every town and
                # region of the world in every language would tag words (see build_gazetteer).
                continue
            if entry.get("ruler") is False:
                # Linked whatever label the models give, never tagged by the ruler: competitions
                # and prizes are ORG in GermEval's gold and MISC in CoNLL's (events_and_markets.json)
                continue
            if entry["id"].startswith("continent:"):
                # Linked, never added by the ruler: the models find continents themselves, and
                # where they leave one untagged it is mostly inside an event's name ("Copa de
                # Europa"): as ruler patterns they cost Spanish dev F1 0.8049 -> 0.8043, for nothing.
                continue
            # The languages of "name_no_pattern" write the entry's own name for something else
            # (German "Essen", the meal: 15 of 17 ruler-made spans in the 10kGNAD articles); the
            # models still tag the city, and it still links. Its other names stay ("Mailand").
            unmatched = entry["name"] if language in entry.get("name_no_pattern", ()) else None
            # an organisation's aliases that a language writes as words, linked but never matched
            # there: English and Dutch "IS" ("WHAT IS NEXT"), German "Grüne" ("Grüne Woche")
            unmatched_aliases = {
                alias for alias, languages in entry.get("no_pattern", {}).items()
                if language in languages or "*" in languages
            } | set(entry.get("bare_names", ()))
            for lang in (language, "en", "*"):
                for alias in entry["aliases"].get(lang, []):
                    if len(alias) < 2 or (alias, entry["label"]) in seen or alias == unmatched or alias in unmatched_aliases:
                        continue
                    if lang != language and self._english_name_in_other_text(entry["id"], alias, language):
                        continue  # German "Austria" is the club or part of a name, as it links nowhere
                    seen.add((alias, entry["label"]))
                    patterns.append({"label": entry["label"], "pattern": alias, "id": entry["id"]})
                    genitive = _german_genitive(alias) if language == "de" and entry["label"] == "LOC" else None
                    if genitive and (genitive, entry["label"]) not in seen:
                        seen.add((genitive, entry["label"]))
                        patterns.append({"label": entry["label"], "pattern": genitive, "id": entry["id"]})
        return patterns

    def country(self, text: str, language: str | None = None) -> Canonical | None:
        """The country a span's exact text (or, in German, the genitive of its German name:
        ``Litauens``) names, unless that text is one of the given names listed above."""
        text = " ".join(text.split())
        found = self._exact(text, language)
        if not found and language == "de" and text.endswith("s") and _german_genitive(text[:-1]) == text:
            base = self._exact(text[:-1], language)
            # only a German name's genitive: "Frances" is an English given name, not "France" + s
            if base and text[:-1] in self.entries[base]["aliases"].get("de", ()):
                text, found = text[:-1], base
        if not found or not found.startswith("country:") or text in _GIVEN_NAMES:
            return None
        entry = self.entries[found]
        return Canonical(entry["id"], entry["name"], entry["label"])

    def knows_exactly(self, text: str, language: str) -> bool:
        """Whether ``text`` as written is an alias (``Baden-Württemberg``), not a form guessed from one."""
        return self._exact(text, language) is not None

    def _exact(self, text: str, language: str | None) -> str | None:
        """The entry a text names exactly as written, read as ``_tables`` says."""
        for table in self._tables(language):
            found = table.exact.get(text)
            if found and not self._english_name_in_other_text(found, text, language):
                return found
        return None

    def _get(self, key: str, language: str | None, label: str | None = None) -> str | None:
        """The entry an alias names: of the span's label when one has it, else the first listed.
        Keys of three letters or fewer match only as written ("EU", not "eu").

        A span of another label than the entry's links to an organisation or a country (a country
        acting as ORG, a company the model called LOC), never to a city: an ORG span named like a
        city is its club, band or firm ("Liverpool", "Barcelona", "Halifax"), a MISC one a title
        or a name ("Batman").
        """
        folded = _folded(key)
        tables = self._tables(language)
        found = None
        if label:
            found = next(filter(None, (table.labelled(key, folded, label) for table in tables)), None)
        if not found:
            found = next(filter(None, (table.any(key, folded) for table in tables)), None)
            if found and label not in (None, "LOC") and found.startswith("city:"):
                return None
        if found and self._english_name_in_other_text(found, key, language):
            return None
        return found

    def _english_name_in_other_text(self, found: str, key: str, language: str | None) -> bool:
        """Whether ``key`` is a country's English name in a text of another language that has a
        name of its own for it: German news names Austria "Österreich", and its "Austria" is the
        Vienna football club or part of a company's name (Bank Austria, Casinos Austria). So with
        an area: German news writes "Atlantik", and its "Atlantic" is the magazine."""
        if language in (None, "en") or not found.startswith(("country:", "area:")):
            return False
        aliases = self.entries[found]["aliases"]
        own = {_unaccented(name) for name in aliases.get(language, ())}
        english = {_unaccented(name) for name in aliases.get("en", ())} | {_unaccented(self.entries[found]["name"])}
        # "Mexico" in Spanish text is México without its accent, not an English name
        return bool(own) and _unaccented(key) in english - own

    def _is_a_name(self, text: str, language: str | None) -> bool:
        """Whether a text is some entry's name as it stands, in the text's language, and so no
        inflection of another's (German ``Malis`` is Mali's genitive, though Lithuanian's Mali)."""
        tables = self._tables(language) + self._places.tables(language)
        return any(table.exact.get(text) for table in tables)

    def _place(self, key: str, language: str | None) -> str | None:
        """The linked-only place a name is in a text of ``language``, matched as ``_get`` matches."""
        folded = _folded(key)
        found = next(filter(None, (table.any(key, folded) for table in self._places.tables(language))), None)
        return None if found and self._english_name_in_other_text(found, key, language) else found

    def misc_compound(self, text: str, language: str | None = None) -> str | None:
        """The entry a compound with a name at its front is about: ``NATO-Staaten`` -> NATO,
        ``Nato-Armeen`` -> NATO, ``US-Bundesstaat`` -> US.

        CoNLL's gold tags such a compound MISC as a whole, whatever its head names. Only an
        acronym, an organisation's name of three letters or more, or a country's name of four
        letters or more counts as the head: a city or a short word at the front is too often
        part of another thing's name (``Paris-Roubaix``, ``Tai-Chi``). A compound needs a
        second part: ``NATO-`` in ``NATO- und EU-Staaten`` is not one.
        """
        head = _compound_head(text)
        if not head or not any(character.isalpha() for character in text[len(head) + 1:]):
            return None
        return self._name_in_front(head, language)

    def truncated_compound(self, text: str, language: str | None = None) -> str | None:
        """The entry a compound cut short at its hyphen is about: ``NATO-`` in ``NATO- und
        EU-Grenzen`` -> NATO.

        German writes a shared second part once. The models sometimes tag the front alone (the
        seed article's ``NATO-`` came out LOC, unlinked, beside ``EU-Grenzen`` MISC and linked);
        CoNLL-2003 German's gold tags such a front MISC, as it tags the whole compound (``DDR-``
        in ``DDR- wie auch BRD-Federführungen``). The same names count as in ``misc_compound``.
        """
        if len(text) < 3 or not text.endswith("-") or not text[:-1].isalnum():  # one word, then the hyphen
            return None
        return self._name_in_front(text[:-1], language)

    def _name_in_front(self, head: str, language: str | None) -> str | None:
        organisation = next(filter(None, (table.exact_labelled.get((head, "ORG")) for table in self._tables(language))), None)
        # a club's bare name at a compound's front is as often its city's or its Land's ("Bayern-Wahl")
        if organisation and len(head) >= 3 and head not in self.entries[organisation].get("bare_names", ()):
            return organisation
        found = self._exact(head, language)
        if found and (head.isupper() or (found.startswith("country:") and len(head) >= 4)):
            return found
        return None

    def lookup(self, text: str, language: str, label: str | None = None) -> Canonical | None:
        """The canonical entity a surface form names, trying inflections and compounds.

        An exact alias of the text's language, of English or of every language links whatever the
        span's label (the model may call a country an ORG when it acts as one), except a city for
        a span that is no LOC (``_get``), preferring an entry of the span's label when the alias
        names several (``Toyota`` ORG is the company, not the Japanese city). A guessed base form (``Russlands`` -> ``Russland``,
        ``NATO-Staaten`` -> ``NATO``) links only to an entry of the span's own label, so
        ``Bayern`` (LOC) never becomes the company Bayer; except that a MISC compound links to
        the exact name at its head (``NATO-Staaten`` MISC -> ``org:nato``). Linked-only places
        (``Tirol``, ``Salzburg``) answer a LOC span alone, after the other entries: ``Norman``
        the person never becomes Norman, Oklahoma.
        """
        text = " ".join(text.split())
        bare = _without_article(text, language)
        found = self._get(text, language, label)
        if not found and bare:
            found = self._get(bare, language, label)
        if not found and label == "LOC":
            found = self._place(text, language) or (bare and self._place(bare, language))
        if not found and not self._is_a_name(text, language):  # "Bayern" (ORG) is not a form of Bayer
            head = _compound_head(text)
            for base in _base_forms(text, language):
                # a compound's head as written: "Welt" of "Welt-Anti-Doping-Agentur" is not "WELT"
                candidate = self._exact(base, language) if base == head else self._get(base, language)
                if candidate and (label is None or self.entries[candidate]["label"] == label):
                    found = candidate
                    break
        if not found and label == "LOC":
            # genitives only: "Hudson" in "Hudson-River" is no city, nor "Baden" a dative of Bade
            genitives = [b for b in _base_forms(text, language, compounds=False) if text[len(b):] in _GENITIVES]
            found = next(filter(None, (self._place(genitive, language) for genitive in genitives)), None)
        if not found and label == "MISC":
            found = self.misc_compound(text, language) or self.truncated_compound(text, language)
        if not found:
            return None
        entry = self.entries[found]
        return Canonical(entry["id"], entry["name"], entry["label"])


def _unaccented(name: str) -> str:
    """``México`` -> ``mexico``: case and accents aside, as text typed without them writes a name."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _german_genitive(name: str) -> str | None:
    """``Litauen`` -> ``Litauens``: German place names take -s in the genitive."""
    if " " in name or "-" in name or not name[:1].isupper() or name.endswith(("s", "ß", "x", "z")):
        return None
    return name + "s"


# Articles a model may take into a span at the start of a sentence ("La Banque de France"). An
# alias that begins with one ("The Hague", "Los Angeles", "De Nederlandsche Bank") matches whole first.
_ARTICLES = {
    "de": ("Der ", "Die ", "Das ", "Des ", "Dem ", "Den "),
    "en": ("The ",),
    "es": ("El ", "La ", "Los ", "Las "),
    "fr": ("Le ", "La ", "Les ", "L'", "L’"),
    "nl": ("De ", "Het "),
}


def _without_article(text: str, language: str) -> str | None:
    """``La Banque de France`` -> ``Banque de France``; None when the text starts with no article."""
    for article in _ARTICLES.get(language, ()):
        rest = text[len(article):]
        if text.startswith(article) and len(rest) >= 3 and rest[:1].isupper():
            return rest
    return None


def _base_forms(text: str, language: str, compounds: bool = True) -> list[str]:
    forms = [
        text[: -len(suffix)]
        for suffix in _SUFFIXES.get(language, ()) + _COMMON_SUFFIXES
        if text.endswith(suffix) and len(text) - len(suffix) >= 3
    ]
    head = _compound_head(text) if compounds else None
    if head:
        forms.append(head)
    return forms


def _compound_head(text: str) -> str | None:
    """``NATO-Staaten`` -> ``NATO``: the name a hyphenated compound starts with."""
    if "-" not in text:
        return None
    head = text.split("-", 1)[0]
    return head if len(head) >= 2 else None


@lru_cache(maxsize=1)
def load_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; rebuild it with: python -m tasks.entities.build_gazetteer")
    with open(path, encoding="utf-8") as handle:
        return Gazetteer([json.loads(line) for line in handle if line.strip()])
