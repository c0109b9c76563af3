"""Name-lexicon features: which words are known parts of person, organisation and place names.

The gold corpora are small (8,000-24,000 sentences), so a model trained on them alone knows few
names and misses a surname it never saw ("Frontzeck", "Labbadia"). The lexicon brings names in
from outside the gold data: the words of WikiANN's Wikipedia-linked names (German and English
train and test, French train; never a split that is scored) and of the knowledge base's aliases (countries, cities,
organisations in 37 languages). The ``name_lexicon`` pipeline component writes each token's
lexicon classes into ``Token.tag_`` (newsflow's pipelines have no POS tagger), and the tok2vec of
a model trained with ``train.py --lexicon`` embeds ``TAG`` beside NORM, PREFIX, SUFFIX and SHAPE. The
model learns from the gold data how far to trust the lexicon, instead of a rule trusting it
blindly (WikiANN as *training* data made the German model worse; see data/models/README.md).

A *rich* lexicon (``train.py --rich-lexicon``) adds three things, each aimed at a miss seen in
the dev errors: given names and surnames (classes ``GIV``/``SUR``) from the names-dataset package,
because most missed persons are a bare surname; a word-frequency band per token (``Z0``-``Z7``,
from wordfreq's counts for the model's language), because a capitalised word the model never saw
is a name far more often when the language rarely uses it ("Frontzeck") than when it is a common
word ("Frontscheibe", "Boeren"); and a hyphenated token that is not in the lexicon whole takes the
classes of its parts ("Noord-Holland"). Both packages are needed only to *build* it (the
``train`` extra); the built tables ship inside the model folder. A rich lexicon whose file says
``"clusters": true`` (``train.py --clusters``) also writes each token's Brown cluster into
``Token.lemma_``, from the table spacy-lookups-data ships (see ``clusters.py``); one that also
says ``"cluster_prefix_bits": N`` (``train.py --cluster-prefix N``) writes the first N steps of
the cluster's path into ``Token.morph`` (``Brown=16``), a coarse class that rare clusters share;
one that says ``"word_classes": true`` (``train.py --word-classes``) writes each token's word class
out of context, from HanTa's morphological model, into ``Token.morph`` instead (``Wc=PROPN``;
see ``word_classes.py``).

Known gaps of the plain lexicon, kept because models were trained with exactly it: names are
split at hyphens, so a token spaCy keeps whole in de/nl/es ("Noord-Holland") matches nothing;
words outside names are counted as whole tokens, so "Weltcup-Sieger" does not count against
"Weltcup"; and capitalised function words that open many names ("The", "La", "De") are in it.

    python -m tasks.entities.lexicon            # print coverage of the built lexicon
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tasks.entities.clusters import UNKNOWN as CLUSTER_UNKNOWN, cluster_of, cluster_table, path_prefix
from tasks.entities.corpora import read_wikiann, sentence_spans
from tasks.entities.umlauts import ascii_spellings
from tasks.entities.word_classes import word_class

FACTORY = "name_lexicon"
CLASSES = ("PER", "ORG", "LOC")
FILE_NAME = "lexicon.json.gz"
RICH_FORMAT = 2  # the "format" of a rich lexicon file; plain files are a flat word -> classes object

# WikiANN splits used for the lexicon. French dev is the French dev set, so French gives its
# train split only; de/en dev are left for tuning.
WIKIANN_SPLITS = ("de/train", "de/test", "en/train", "en/test", "fr/train")

# A word joins a class when at least this share of its name occurrences carry that class, and
# when it is seen inside names at least as often as outside them ("Trainer" is not).
MIN_CLASS_SHARE = 0.2
MIN_NAME_OCCURRENCES = 2

# names-dataset ranks names per country from 491M records of the 2021 leak of 533M Facebook
# profiles (only these per-country rank lists of single names are used); beyond the top few
# thousand a country's list is mostly noise (German "surnames" include "Berlin" and "Haus").
TOP_GIVEN_NAMES = 1000  # per country and per gender
TOP_SURNAMES = 1000  # per country
# wordfreq Zipf values (log10 of occurrences per billion words) below this are left out of the
# shipped table: rarer words share the band of words never seen, Z0.
MIN_ZIPF = 2.5


def _name_words(text: str) -> list[str]:
    """The capitalised words of a name, split at spaces and hyphens.

    "Baden-Württemberg" gives two words (spaCy splits it so in en/fr, not in de/nl/es); the "y"
    of "Trinidad y Tobago" is left out: lowercase function words are in every sentence, and the
    gold data already teaches the model when they sit inside a name.
    """
    return [w for w in text.replace("-", " ").split() if w[:1].isupper()]


def build(shared: Path, gazetteer_entries: list[dict]) -> dict[str, str]:
    """word -> classes joined by "_" (``"LOC_PER"``), from WikiANN names and the knowledge base."""
    in_names: dict[str, Counter] = defaultdict(Counter)
    outside: Counter = Counter()
    for split in WIKIANN_SPLITS:
        path = shared / "corpora/ner/davidsbatista/WikiANN" / split
        if not path.is_file():  # a partial corpus would silently give another lexicon
            raise FileNotFoundError(f"the name lexicon needs WikiANN {split}: no file at {path}")
        for tokens, tags in read_wikiann(path):
            text, spans = sentence_spans(tokens, tags)
            covered = set()
            for start, end, label in spans:
                for word in _name_words(text[start:end]):
                    in_names[word][label] += 1
                covered.update(range(start, end))
            position = 0
            for token in tokens:
                if position not in covered:
                    outside[token] += 1
                position += len(token) + 1
    lexicon: dict[str, set[str]] = defaultdict(set)
    for word, counts in in_names.items():
        total = sum(counts.values())
        if total < MIN_NAME_OCCURRENCES or outside[word] > total:
            continue
        lexicon[word].update(label for label, n in counts.items() if n / total >= MIN_CLASS_SHARE)
    for entry in gazetteer_entries:
        if entry["label"] not in CLASSES:
            continue
        for names in entry["aliases"].values():
            for alias in names:
                for word in _name_words(alias):
                    if len(word) > 1 and outside[word] <= in_names[word].total():
                        lexicon[word].add(entry["label"])
    return {word: "_".join(sorted(classes)) for word, classes in sorted(lexicon.items()) if classes}


def person_names() -> dict[str, set[str]]:
    """word -> {"GIV", "SUR"}: the most common given names and surnames of every country."""
    from names_dataset import NameDataset  # 2 GB in memory, needed only while building

    dataset = NameDataset()
    found: dict[str, set[str]] = defaultdict(set)
    for country in dataset.get_country_codes(alpha_2=True):
        given = dataset.get_top_names(TOP_GIVEN_NAMES, use_first_names=True, country_alpha2=country)
        for names in given.get(country, {}).values():
            for name in names:
                found[name].add("GIV")
        surnames = dataset.get_top_names(TOP_SURNAMES, use_first_names=False, country_alpha2=country)
        for name in surnames.get(country, []):
            found[name].add("SUR")
    return {word: classes for word, classes in found.items() if word[:1].isupper() and len(word) > 1}


def frequency_bands(language: str) -> dict[str, int]:
    """lowercased word -> its Zipf frequency band in ``language`` (3 = 1,000 per billion words)."""
    import math

    import wordfreq

    bands = {}
    for word, share in wordfreq.get_frequency_dict(language).items():
        zipf = math.log10(share * 1e9)
        if zipf >= MIN_ZIPF:
            bands[word] = min(int(zipf), 7)
    return dict(sorted(bands.items()))


def build_rich(shared: Path, gazetteer_entries: list[dict], language: str) -> dict[str, Any]:
    """The plain lexicon plus person-name classes and ``language``'s word-frequency bands."""
    classes: dict[str, set[str]] = defaultdict(set)
    for word, joined in build(shared, gazetteer_entries).items():
        classes[word].update(joined.split("_"))
    for word, kinds in person_names().items():
        classes[word].update(kinds)
    return {
        "format": RICH_FORMAT,
        "language": language,
        "classes": {word: "_".join(sorted(kinds)) for word, kinds in sorted(classes.items())},
        "frequency": frequency_bands(language),
    }


@Language.factory(FACTORY)
class NameLexicon:
    """Marks each token with its lexicon classes in ``Token.tag_`` (empty when unknown).

    Reads either lexicon file: the plain one (a flat ``word -> classes`` object) or the rich one
    (``{"format": 2, "classes": ..., "frequency": ...}``), which also marks every token's
    frequency band and looks hyphenated tokens up by their parts. A model keeps the behaviour it
    was trained with because the file it ships decides it, with one exception decided at run
    time: in a German pipeline a rich lexicon also reads ASCII words under their umlaut
    spelling (``_respelled``). The shipped German models were trained before it; they read
    ``Mnchen`` through the features they learnt from ``München``.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.classes: dict[str, str] = {}
        self.frequency: dict[str, int] | None = None
        self.about: dict[str, Any] = {}  # a rich file's other keys ("format", "language"), kept as read
        self.respell_umlauts = nlp.lang == "de"  # see _respelled
        self._respelled_names: dict[str, str] | None = None  # built on first use, see _respelled
        self._respelled_frequencies: dict[str, str] | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, path: str | None = None) -> None:
        if not path:  # training without its lexicon would quietly give a model without the feature
            raise ValueError("name_lexicon needs [initialize.components.name_lexicon] path (train.py --lexicon sets it)")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            self._load(json.load(handle))

    def _load(self, data: dict) -> None:
        self._respelled_names = self._respelled_frequencies = None
        if data.get("format") == RICH_FORMAT:  # plain lexicons hold capitalised words only, never "format"
            self.classes, self.frequency = data["classes"], data["frequency"]
            self.about = {k: v for k, v in data.items() if k not in ("classes", "frequency")}
        else:
            self.classes, self.frequency, self.about = data, None, {}

    @property
    def data(self) -> dict[str, Any]:
        """The table as its file holds it."""
        if self.frequency is None:
            return self.classes
        return {**self.about, "format": RICH_FORMAT, "classes": self.classes, "frequency": self.frequency}

    def _respelled(self, word: str, frequency: bool = False) -> str | None:
        """The umlaut spelling of an ASCII German word the rich lexicon does not know as written.

        German text reaches us without its umlauts: deleted, as in CoNLL-2003 German val
        (``Mnchen``, ``ber`` for ``über``), or spelled out, as in URLs and old feeds (``Muenchen``,
        ``Strasse``). A word wordfreq knows as written (``mit``, ``Knast``) is never respelled,
        and a name is looked up this way only from four letters on, so initials and short
        words do not turn into names (``Ümit``, ``Künast``). Only rich lexicons carry the
        frequency table that tells the two apart, so plain ones are never respelled.
        ``frequency`` looks the word up among the frequency table's words, else among the names.
        """
        if not self.respell_umlauts or self.frequency is None or not word.isascii():
            return None
        if word.casefold() in self.frequency:
            return None
        if self._respelled_names is None:
            self._respelled_names = _respelling_index(self.classes, min_length=4)
            self._respelled_frequencies = _respelling_index(self.frequency, min_length=2)
        return (self._respelled_frequencies if frequency else self._respelled_names).get(word)

    def lookup(self, word: str) -> str | None:
        found = self.classes.get(word)
        if found is None and len(word) > 1 and word.isupper():
            found = self.classes.get(word.title())  # "BARCELONA" in headlines and result tables
        if found is None and self.frequency is not None and "-" in word:
            parts = {kind for part in word.split("-") if part for kind in (self.lookup(part) or "").split("_") if kind}
            found = "_".join(sorted(parts)) or None
        if found is None:
            spelled = self._respelled(word)
            found = self.classes.get(spelled) if spelled else None
        return found

    def frequency_band(self, word: str) -> int | None:
        """The word's Zipf band in the model's language (0: rarer than ``MIN_ZIPF`` or unknown), as
        the model reads it; None for a plain lexicon, which has no frequency table. Rules after the
        model ask this rather than wordfreq, which only building a lexicon needs."""
        if self.frequency is None:
            return None
        key = word.casefold()  # wordfreq's keys are casefolded
        return self.frequency.get(key, 0) or self.frequency.get(self._respelled(key, frequency=True) or "", 0)

    def knows_as_person(self, word: str) -> bool:
        """Whether the word is known from person names (class PER, or a listed given name or surname)."""
        return any(kind in ("PER", "GIV", "SUR") for kind in (self.lookup(word) or "").split("_"))

    def __call__(self, doc: Doc) -> Doc:
        clusters = self._clusters()
        prefix_bits = self.about.get("cluster_prefix_bits", 0)
        word_classes = self.about.get("word_classes", False)
        for token in doc:
            found = self.lookup(token.text)
            if self.frequency is not None:
                token.tag_ = f"LEX_{found or ''}_Z{self.frequency_band(token.text)}"
            else:  # "" when not found: an ensemble's earlier member may have written this token's tag
                token.tag_ = "LEX_" + found if found else ""
            if clusters is not None:
                found = cluster_of(clusters, token.text)
                if found is None and (spelled := self._respelled(token.text)):
                    found = cluster_of(clusters, spelled)  # "Mnchen" as "München"
                token.lemma_ = CLUSTER_UNKNOWN if found is None else f"C{found}"
                if prefix_bits:
                    token.set_morph(f"Brown={'none' if found is None else path_prefix(found, prefix_bits)}")
            if word_classes:
                token.set_morph(word_class(self.about["language"], token.text) or None)
        return doc

    def _clusters(self) -> dict[str, int] | None:
        """The Brown cluster table when this lexicon's file asks for it (``train.py --clusters``)."""
        return cluster_table(self.about["language"]) if self.about.get("clusters") else None

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        return _compressed(self.data)

    def from_bytes(self, data: bytes, *, exclude: Any = ()) -> "NameLexicon":
        self._load(json.loads(gzip.decompress(data)))
        return self

    def to_disk(self, path: Path, *, exclude: Any = ()) -> None:
        write(self.data, Path(path) / FILE_NAME)

    def from_disk(self, path: Path, *, exclude: Any = ()) -> "NameLexicon":
        self.initialize(path=str(Path(path) / FILE_NAME))
        return self


def _respelling_index(table: dict[str, Any], min_length: int) -> dict[str, str]:
    """ASCII spelling -> the table's word, for its words with umlauts (see ``_respelled``)."""
    index: dict[str, str] = {}
    for word in table:
        for spelling in ascii_spellings(word):
            if len(spelling) >= min_length and spelling not in table:
                index.setdefault(spelling, word)
    return index


def _compressed(lexicon: dict[str, Any]) -> bytes:
    """Gzipped JSON with no time stamp in the header, so the same lexicon gives the same bytes."""
    text = json.dumps(lexicon, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), mtime=0)


def with_lexicon_features(
    config: Path, out: Path, rows: int = 64, cluster_rows: int = 0, prefix_rows: int = 0, morph_rows: int = 0
) -> Path:
    """Write ``config`` with the name_lexicon component added and its classes embedded as ``TAG``.

    One switch (``train.py --lexicon``) instead of a lexicon twin of every training config. The
    component goes first and is an annotating component, so the tok2vec sees its marks in
    training exactly as it does at run time.
    """
    from thinc.api import Config

    if prefix_rows and morph_rows:  # one Token.morph cannot hold both (train.py --cluster-prefix, --word-classes)
        raise ValueError("the cluster path prefix and the word classes both write Token.morph; pick one")
    cfg = Config().from_disk(config, interpolate=False)
    if FACTORY in cfg["nlp"]["pipeline"]:
        raise ValueError(f"{config} already has the {FACTORY} component")
    cfg["nlp"]["pipeline"] = [FACTORY, *cfg["nlp"]["pipeline"]]
    cfg["training"]["annotating_components"] = [*cfg["training"]["annotating_components"], FACTORY]
    cfg["components"][FACTORY] = {"factory": FACTORY}
    cfg["initialize"]["components"][FACTORY] = {"path": None}
    embed = cfg["components"]["tok2vec"]["model"]["embed"]
    embed["attrs"] = [*embed["attrs"], "TAG"]
    embed["rows"] = [*embed["rows"], rows]
    if cluster_rows:  # the Brown cluster the lexicon writes into Token.lemma_ (clusters.py)
        embed["attrs"] = [*embed["attrs"], "LEMMA"]
        embed["rows"] = [*embed["rows"], cluster_rows]
    if prefix_rows or morph_rows:  # the cluster path's prefix or the word class, in Token.morph
        embed["attrs"] = [*embed["attrs"], "MORPH"]
        embed["rows"] = [*embed["rows"], prefix_rows or morph_rows]
    out.parent.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(out, interpolate=False)
    return out


def write(lexicon: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_compressed(lexicon))
    return path


def build_with_knowledge_base(shared: Path, rich_language: str | None = None) -> dict[str, Any]:
    """The lexicon as training builds it: WikiANN under ``shared`` plus the shipped knowledge base;
    the rich lexicon for ``rich_language`` when one is given (``train.py --rich-lexicon``)."""
    from tasks.entities.gazetteer import load_gazetteer

    # The models learnt the knowledge base's ruler entries; linked-only places came later.
    entries = [entry for entry in load_gazetteer().entries.values() if not entry.get("link_only")]
    return build_rich(shared, entries, rich_language) if rich_language else build(shared, entries)


def main(argv: list[str] | None = None) -> int:
    import argparse

    from tasks.entities.train import DEFAULT_SHARED

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=None, help="also write the lexicon here (.json.gz)")
    args = parser.parse_args(argv)
    lexicon = build_with_knowledge_base(args.shared)
    counts = Counter(lexicon.values())
    print(f"{len(lexicon)} words; " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    if args.out:
        print(f"written to {write(lexicon, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
