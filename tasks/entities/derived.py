"""Words derived from names (``deutschen``, ``syrische``, ``Berliner``): the German MISC the models miss.

CoNLL-2003 German tags a lower-case adjective made from a place or people MISC (``die syrischen
Truppen``): 303 of the 1,010 MISC spans in its val split are lower-case, and the German models
found only half of them, because each rare adjective (``sizilianischen``) is seen once or never
in training. GermEval 2014 marks the same words ``LOCderiv``/``ORGderiv``, which are not entities
of their own, so its gold leaves them out.

newsflow follows CoNLL: ``tag_texts`` tags a German lower-case adjective from this list MISC
where the model left it untagged. ``evaluate --format germeval`` leaves the tagger's one-word
MISC spans on the list out, as GermEval's gold leaves ``deriv`` out (and hyphenated compounds,
its ``part``; see ``evaluate.in_germeval_convention``). The list is
``data/models/derived_words.json``, rebuilt by

    python -m tasks.entities.derived

from CoNLL-2003 German train, the training part of GermEval 2014 (never its dev sentences) and
CLDR's German language names (``Syrisch``, ``Sizilianisch``) in every adjective ending. A word
also matches in its ASCII spellings (CoNLL val's ``franzsischen``, ``franzoesischen``); a word
whose umlaut-deleted spelling is itself a German word is left off (``Färöisch`` -> ``frisch``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.entities.gazetteer import MODELS_DIR
from tasks.entities.umlauts import ascii_spellings, umlauts_deleted

if TYPE_CHECKING:
    from tasks.entities.gazetteer import Gazetteer
    from tasks.entities.train import Carving

log = logging.getLogger("newsflow.entities")

DERIVED_PATH = MODELS_DIR / "derived_words.json"
_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
# A corpus word goes on the list only if at least this share of its occurrences outside other
# names is tagged as a derived word: "entscheiden" is MISC once in CoNLL German train, O four times.
MIN_TAGGED_SHARE = 0.5
MIN_LENGTH = 4  # "dt" (for "deutsch") is GermEval's abbreviation, and too short to trust
# Zipf frequency from which an ASCII spelling counts as a German word of its own ("frisch").
COMMON_WORD_ZIPF = 2.0
# The first six steps of the German Brown cluster paths that hold the places (clusters.path_prefix).
PLACES_PATH_PREFIX = 16


def _spellings(word: str) -> set[str]:
    """The lower-case forms a listed word matches in: as written and its ASCII spellings."""
    return {word.lower(), *(spelling.lower() for spelling in ascii_spellings(word))}


@lru_cache(maxsize=None)
def _lists(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(adjective forms, capitalised-word forms) for a language; empty where none is shipped."""
    if not DERIVED_PATH.exists():
        log.warning("no %s: German adjectives from names stay as the model tagged them", DERIVED_PATH)
        return frozenset(), frozenset()
    entry = json.loads(DERIVED_PATH.read_text(encoding="utf-8")).get(language, {})
    return (
        frozenset(form for word in entry.get("adjectives", []) for form in _spellings(word)),
        frozenset(form for word in entry.get("capitalised", []) for form in _spellings(word)),
    )


def has_derived_words(language: str) -> bool:
    return bool(_lists(language)[0])


def is_derived_adjective(word: str, language: str) -> bool:
    """A lower-case word made from a name (``syrischen``) that CoNLL-style gold tags MISC."""
    return word[:1].islower() and word.lower() in _lists(language)[0]


def is_derived_word(word: str, language: str) -> bool:
    """Any one-word derivation GermEval does not count as an entity (adjectives, ``Berliner``)."""
    adjectives, capitalised = _lists(language)
    if word[:1].islower():
        return word.lower() in adjectives
    return word.lower() in capitalised or (language == "de" and is_place_derivation(word))


def is_place_derivation(word: str) -> bool:
    """A German word made from a place's name with ``-er`` (``Osnabrücker``, ``Pfullinger`` from
    Pfullingen, ``Kärntner`` from Kärnten, ``Spanier`` from Spanien, ``Amerikaner``), which GermEval
    marks ``LOCderiv``.

    The corpora list only the derivations they happened to use, and German makes one from every
    town. The place must be one newsflow knows: a small town on the place list
    (``local_places.json``), or a word of the Brown clusters under the path prefix that holds the
    places (16: ``Osnabrück``, ``Spanien``; see ``clusters.path_prefix``), which covers the
    towns too common to be on the list.
    """
    if not word.endswith("er") or len(word) < 6 or not word[:1].isupper():
        return False
    stem = word[:-2]
    candidates = [stem, stem + "en", word[:-3] + "en"]  # Osnabrück-er, Pfulling(en)-er, Kärnt(en)-ner
    if word.endswith("aner"):
        candidates.append(word[:-3])  # Amerika-ner, Kuba-ner
    return any(_is_known_place(candidate) for candidate in candidates)



def _is_known_place(name: str) -> bool:
    from tasks.entities.clusters import cluster_table, has_clusters, path_prefix
    from tasks.entities.places import is_listed_place

    if is_listed_place(name, "de"):
        return True
    cluster = cluster_table("de").get(name) if has_clusters("de") else None
    return cluster is not None and path_prefix(cluster, 6) == PLACES_PATH_PREFIX


def _single_token_spans(tags: list[str], wanted) -> list[int]:
    """Indices of tokens that are a whole span on their own with a tag ``wanted`` accepts."""
    found = []
    for i, tag in enumerate(tags):
        following = tags[i + 1] if i + 1 < len(tags) else "O"
        if tag.startswith("B-") and wanted(tag[2:]) and not following.startswith("I-"):
            found.append(i)
    return found


def _by_form(tagged: Counter) -> Counter:
    """Tag counts per lower-case form, the key the untagged counts use."""
    by_form: Counter = Counter()
    for word, count in tagged.items():
        by_form[word.lower()] += count
    return by_form


def _mostly_tagged(tagged: Counter, untagged: Counter) -> list[str]:
    """Words tagged in at least MIN_TAGGED_SHARE of the places they stand outside any entity.

    Occurrences inside another entity ("Berliner" in "Berliner Zeitung") do not count against
    a word: there the name, not the word, is what is tagged.
    """
    spelling: dict[str, str] = {}
    for word in tagged:
        spelling.setdefault(word.lower(), word)
    return sorted(
        spelling[form] for form, count in _by_form(tagged).items()
        if len(form) >= MIN_LENGTH and count >= MIN_TAGGED_SHARE * (count + untagged[form])
    )


def _inflected(words: list[str], tagged: Counter, untagged: Counter) -> set[str]:
    """The words with every ending of the -sch adjectives among them (``britischen`` -> ``britisches``).

    The corpora hold only the forms they happened to use: ``britisches`` never occurs in CoNLL
    German train, ``britischen`` does. A form the corpora mostly leave untagged stays off.
    """
    tagged_by_form = _by_form(tagged)
    found = set(words)
    for word in words:
        ending = next(e for e in sorted(_ADJECTIVE_ENDINGS, key=len, reverse=True) if word.endswith(e))
        stem = word[: len(word) - len(ending)]
        if stem.endswith("sch"):
            found |= {stem + e for e in _ADJECTIVE_ENDINGS if untagged[stem + e] <= tagged_by_form[stem + e]}
    return found


def _without_collisions(words: set[str], language: str) -> list[str]:
    """Leave off words whose umlaut-deleted spelling is a common word itself (``frisch``)."""
    from wordfreq import zipf_frequency

    def collides(word: str) -> bool:
        deleted = umlauts_deleted(word)
        return deleted != word and deleted.isalpha() and zipf_frequency(deleted, language) >= COMMON_WORD_ZIPF

    return sorted(word for word in words if not collides(word))


def build_german(shared: Path, carving: Carving | None = None) -> dict[str, list[str]]:
    """The German lists from the training corpora and CLDR (see the module docstring).

    ``carving`` says which GermEval fifths the models trained on (``train.Carving``): a
    cross-validation fold's lists must not have seen its own dev sentences.
    """
    from babel import Locale

    from tasks.entities.corpora import read_corpus, read_germeval_raw
    from tasks.entities.gazetteer import load_gazetteer
    from tasks.entities.train import NER, Carving

    untagged: Counter = Counter()
    adjectives: Counter = Counter()
    capitalised: Counter = Counter()
    conll = read_corpus(shared / NER / "wikineural/data/conll/de/train.conllu", "conll", repair_umlauts=True)
    germeval = list(read_germeval_raw(shared / NER / "davidsbatista/GermEval2014/NER-de-test.tsv"))
    germeval_train = (carving or Carving()).split(germeval)[0]
    for tokens, tags in conll:
        untagged.update(t.lower() for t, tag in zip(tokens, tags) if tag == "O")
        for i in _single_token_spans(tags, lambda label: label == "MISC"):
            if tokens[i][:1].islower():
                adjectives[tokens[i]] += 1
    for tokens, tags in germeval_train:
        untagged.update(t.lower() for t, tag in zip(tokens, tags) if tag == "O")
        for i in _single_token_spans(tags, lambda label: label.endswith("deriv")):
            (adjectives if tokens[i][:1].islower() else capitalised)[tokens[i]] += 1
    language_adjectives = {
        name.lower() + ending
        for name in Locale("de").languages.values()
        if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+sch", name)
        for ending in _ADJECTIVE_ENDINGS
    }
    # A place's own name ("Bayern", "Stuttgart") is tagged deriv now and then; it is not a derivation.
    gazetteer = load_gazetteer()
    return {
        "adjectives": _without_collisions(
            _inflected(_mostly_tagged(adjectives, untagged), adjectives, untagged) | language_adjectives, "de"
        ),
        "capitalised": _without_collisions(
            {w for w in _mostly_tagged(capitalised, untagged) if not _is_a_place_or_name(gazetteer, w)}, "de"
        ),
    }


def _is_a_place_or_name(gazetteer: Gazetteer, word: str) -> bool:
    """Whether the knowledge base knows a word as a name, linked-only regions (``Bayern``) included."""
    return bool(gazetteer.lookup(word, "de") or gazetteer.lookup(word, "de", "LOC"))


def write_lists(path: Path, lists: dict[str, dict[str, list[str]]]) -> None:
    """The one on-disk form of the lists, shared by this rebuild and each cross-validation fold's."""
    path.write_text(json.dumps(lists, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import argparse

    from tasks.entities.train import DEFAULT_SHARED, NER, carving_arguments, carving_from

    parser = argparse.ArgumentParser(description="Rebuild data/models/derived_words.json")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    carving_arguments(parser, as_shipped=True)
    parser.add_argument("--target", type=Path, default=DERIVED_PATH)
    args = parser.parse_args(argv)
    carving = carving_from(args, parser, shipped_language="de")
    if not (args.shared / NER).is_dir():
        print(f"no NER corpora under {args.shared / NER}; pass --shared", file=sys.stderr)
        return 2
    lists = {"de": build_german(args.shared, carving)}
    write_lists(args.target, lists)
    print(f"wrote {args.target}: de {len(lists['de']['adjectives'])} adjectives, "
          f"{len(lists['de']['capitalised'])} capitalised derivations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
