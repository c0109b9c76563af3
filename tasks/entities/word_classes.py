"""A word's most likely part of speech out of context, from HanTa's morphological model.

The German models miss names they never saw in a context they cannot read (``Nach dem Bürgerkrieg
zog Gartrell nach Atlanta``), and every German noun is capitalised, so a capitalised word the model
does not know may be a rare compound noun (``Anwaltspraxis``, ``Schieferstollen``) or a name. HanTa
(PyPI ``HanTa``, LGPL) analyses a word into morphemes with a model trained on the TIGER treebank,
900,000 tokens of German newspaper text with proper nouns (``NE``) told apart from common nouns
(``NN``): out of context it calls ``Bican`` a proper noun, ``Boixet`` a proper noun or a noun,
``Gartrell`` a noun or a proper noun and ``Anwaltspraxis`` a noun, knowledge the gold NER corpora
are too small to hold. Its model ships inside the package,
so nothing is downloaded.

A model trained with ``train.py --word-classes`` embeds the class (``Token.morph``, which newsflow's
pipelines leave unused otherwise) beside its other features; the rich lexicon's file records the
switch, so the shipped model decides it (see ``lexicon.py``). Each word is analysed once per
process and on its own, not in its sentence: HanTa's sentence tagger ran at about 4,300 words a
second on the German dev sentences, as slow as the whole German entity stage, while the word on
its own marked nearly as many of the names the models missed as proper nouns (140 against 143,
with 110 false alarms against 72), and a word then gets the same class wherever it stands.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# HanTa's model file per language (German, Dutch and English ship with the package).
MODEL_FILES = {"de": "morphmodel_ger.pgz", "nl": "morphmodel_dutch.pgz", "en": "morphmodel_en.pgz"}

# HanTa's STTS-style tags -> Universal POS tags: HanTa's 180 tags (``VV(FIN)``, ``NN_VAR``) are
# finer than a name tagger needs, and morphological feature values cannot hold ``(`` or ``,``.
# Proper nouns, common nouns, adjectives and foreign material (X) stay apart: those are the
# distinctions that tell a name from a word.
_UPOS_BY_PREFIX = (
    ("NE", "PROPN"), ("ACR_NE", "PROPN"), ("NN", "NOUN"), ("ACR_NN", "NOUN"),
    ("ADJ", "ADJ"), ("ADV", "ADV"), ("PROAV", "ADV"), ("PWAV", "ADV"),
    ("VA", "AUX"), ("VM", "AUX"), ("VV", "VERB"),
    ("APPR", "ADP"), ("APPO", "ADP"), ("APZR", "ADP"),
    ("ART", "DET"), ("PDAT", "DET"), ("PIAT", "DET"), ("PPOSAT", "DET"), ("PWAT", "DET"), ("PRELAT", "DET"),
    ("PDS", "PRON"), ("PIS", "PRON"), ("PPER", "PRON"), ("PPOSS", "PRON"), ("PRELS", "PRON"),
    ("PRF", "PRON"), ("PWS", "PRON"),
    ("KON", "CCONJ"), ("KOKOM", "CCONJ"), ("KOUS", "SCONJ"), ("KOUI", "SCONJ"),
    ("PTK", "PART"), ("CARD", "NUM"), ("ORD", "NUM"), ("ITJ", "INTJ"), ("$", "PUNCT"),
    ("XY", "SYM"), ("FM", "X"), ("TRUNC", "X"), ("URL", "X"),
)


def to_upos(tag: str) -> str:
    """The Universal POS tag for one of HanTa's tags; X for any it has no counterpart for."""
    for prefix, upos in _UPOS_BY_PREFIX:
        if tag.startswith(prefix):
            return upos
    return "X"


def has_word_classes(language: str) -> bool:
    return language in MODEL_FILES


@lru_cache(maxsize=None)
def _tagger(language: str) -> Any:
    """HanTa's tagger for ``language``, loaded once per process (about 0.2 s)."""
    if language not in MODEL_FILES:
        raise ValueError(f"HanTa has no model for {language!r} (it has {', '.join(sorted(MODEL_FILES))})")
    from HanTa import HanoverTagger  # the only module that needs HanTa

    return HanoverTagger.HanoverTagger(MODEL_FILES[language])


# A second class joins the first when HanTa scores it at most this far below (natural log): a
# close call between noun and proper noun (``Gartrell``: NN -34.3, NE -34.8) is itself a signal.
# On the German dev sentences, capitalised words the tagger left untagged were inside a name 4% of
# the time when HanTa said noun alone, 24% when it said noun-or-proper-noun, 70% when proper noun.
CLOSE_CALL = 2.0


@lru_cache(maxsize=500_000)
def word_class(language: str, word: str) -> str:
    """The word's likeliest class out of context as morphological features, "" when HanTa has none.

    ``Wc=NOUN``, or ``Wc=NOUN|Wc2=PROPN`` when a second class is a close call (``CLOSE_CALL``).
    The model embeds the whole string, so a close call is a feature of its own. Case counts:
    HanTa weighs a capital letter as evidence, as German spelling does.
    """
    if not word:
        return ""
    found = _tagger(language).tag_word(word, cutoff=5, casesensitive=True)  # best first
    if not found:
        return ""
    best_tag, best = found[0]
    classes = [to_upos(best_tag)]
    for tag, score in found[1:]:
        upos = to_upos(tag)
        if upos not in classes and best - score <= CLOSE_CALL:
            classes.append(upos)
            break
    return f"Wc={classes[0]}" + (f"|Wc2={classes[1]}" if len(classes) > 1 else "")
