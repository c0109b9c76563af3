"""Words derived from names (``deutschen``, ``syrische``, ``Berliner``): the German MISC the models miss.

CoNLL-2003 German tags a lower-case adjective made from a place or people MISC (``die syrischen
Truppen``): 303 of the 1,010 MISC spans in its val split are lower-case, and the German models
found only half of them, because each rare adjective (``sizilianischen``) is seen once or never
in training. GermEval 2014 marks the same words ``LOCderiv``/``ORGderiv``, which are not entities
of their own, so its gold leaves them out.

newsflow follows CoNLL: ``tag_texts`` tags a German lower-case adjective from this list MISC
where the model left it untagged, and ``evaluate --format germeval`` drops the tagger's
one-word MISC spans that are on the list, the same projection GermEval's gold gets (``deriv``
is ``O``; see ``evaluate.as_germeval_counts``). The list is ``data/models/derived_words.json``, rebuilt by

    python -m tasks.entities.derived

from CoNLL-2003 German train, the training part of GermEval 2014 (never its dev sentences) and
CLDR's German language names (``Syrisch``, ``Sizilianisch``) in every adjective ending.
Words are matched lower-cased and without ä/ö/ü/ß, so the umlaut-less spelling of CoNLL German
val (``franzsischen``) matches ``französischen``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from tasks.entities.gazetteer import MODELS_DIR

DERIVED_PATH = MODELS_DIR / "derived_words.json"
_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
# A corpus word goes on the list only if at least this share of its occurrences is tagged as a
# derived word: "entscheiden" is MISC once in CoNLL German train, and untagged four times.
MIN_TAGGED_SHARE = 0.5
_WITHOUT_UMLAUTS = str.maketrans("", "", "äöüßÄÖÜ")


def match_key(word: str) -> str:
    """Lower case, umlauts deleted: one key for ``französischen`` and CoNLL val's ``franzsischen``."""
    return word.lower().translate(_WITHOUT_UMLAUTS)


@lru_cache(maxsize=None)
def _lists(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(adjective keys, capitalised demonym keys) for a language; empty where none is shipped."""
    if not DERIVED_PATH.exists():
        return frozenset(), frozenset()
    entry = json.loads(DERIVED_PATH.read_text(encoding="utf-8")).get(language, {})
    return (
        frozenset(match_key(w) for w in entry.get("adjectives", [])),
        frozenset(match_key(w) for w in entry.get("demonyms", [])),
    )


def is_derived_adjective(word: str, language: str) -> bool:
    """A lower-case word made from a name (``syrischen``) that CoNLL-style gold tags MISC."""
    return word[:1].islower() and match_key(word) in _lists(language)[0]


def is_derived_word(word: str, language: str) -> bool:
    """Any one-word derivation GermEval does not count as an entity (adjectives, ``Berliner``)."""
    adjectives, demonyms = _lists(language)
    key = match_key(word)
    return key in adjectives if word[:1].islower() else key in demonyms


def _single_token_spans(tags: list[str], wanted) -> list[int]:
    """Indices of tokens that are a whole span on their own with a tag ``wanted`` accepts."""
    found = []
    for i, tag in enumerate(tags):
        following = tags[i + 1] if i + 1 < len(tags) else "O"
        if tag.startswith("B-") and wanted(tag[2:]) and not following.startswith("I-"):
            found.append(i)
    return found


def _consistent(tagged: Counter, untagged: Counter) -> list[str]:
    """Words tagged in at least MIN_TAGGED_SHARE of the places they stand outside any entity.

    Occurrences inside another entity ("Berliner" in "Berliner Zeitung") do not count against
    a word: there the name, not the word, is what is tagged.
    """
    tagged_by_key: Counter = Counter()
    spelling: dict[str, str] = {}
    for word, count in tagged.items():
        tagged_by_key[match_key(word)] += count
        spelling.setdefault(match_key(word), word)
    return sorted(spelling[key] for key, count in tagged_by_key.items() if count >= MIN_TAGGED_SHARE * (count + untagged[key]))


def build_german(shared: Path) -> dict[str, list[str]]:
    """The German lists from the training corpora and CLDR (see the module docstring)."""
    from babel import Locale

    from tasks.entities.corpora import read_corpus, read_germeval_raw
    from tasks.entities.train import NER, carve

    untagged: Counter = Counter()
    adjectives: Counter = Counter()
    demonyms: Counter = Counter()
    conll = read_corpus(shared / NER / "wikineural/data/conll/de/train.conllu", "conll", repair_umlauts=True)
    germeval_train = carve(list(read_germeval_raw(shared / NER / "davidsbatista/GermEval2014/NER-de-test.tsv")))[0]
    for tokens, tags in conll:
        untagged.update(match_key(t) for t, tag in zip(tokens, tags) if tag == "O")
        for i in _single_token_spans(tags, lambda label: label == "MISC"):
            if tokens[i][:1].islower() and len(tokens[i]) > 3:
                adjectives[tokens[i]] += 1
    for tokens, tags in germeval_train:
        untagged.update(match_key(t) for t, tag in zip(tokens, tags) if tag == "O")
        for i in _single_token_spans(tags, lambda label: label.endswith("deriv")):
            (adjectives if tokens[i][:1].islower() else demonyms)[tokens[i]] += 1
    language_adjectives = {
        name.lower() + ending
        for name in Locale("de").languages.values()
        if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+sch", name)
        for ending in _ADJECTIVE_ENDINGS
    }
    return {
        "adjectives": sorted(set(_consistent(adjectives, untagged)) | language_adjectives),
        "demonyms": _consistent(demonyms, untagged),
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    from tasks.entities.train import DEFAULT_SHARED, NER

    parser = argparse.ArgumentParser(description="Rebuild data/models/derived_words.json")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / NER).is_dir():
        print(f"no NER corpora under {args.shared / NER}; pass --shared", file=sys.stderr)
        return 2
    lists = {"de": build_german(args.shared)}
    DERIVED_PATH.write_text(json.dumps(lists, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {DERIVED_PATH}: de {len(lists['de']['adjectives'])} adjectives, "
          f"{len(lists['de']['demonyms'])} demonyms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
