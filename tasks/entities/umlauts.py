"""German words as they arrive without their umlauts.

CoNLL-2003 German val deleted every ä, ö, ü and ß (``Mnchen``, ``fr``); URLs and old feeds spell
them out (``Muenchen``, ``Strasse``). Training (``train.py --strip-umlauts``) writes the first;
the name lexicon and the derived-word list read German in both.
"""

from __future__ import annotations

UMLAUTS = "äöüÄÖÜß"
_DELETED = str.maketrans("", "", UMLAUTS)
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def umlauts_deleted(word: str) -> str:
    """``München`` -> ``Mnchen``, as CoNLL-2003 German val spells it."""
    return word.translate(_DELETED)


def ascii_spellings(word: str) -> list[str]:
    """The ASCII spellings German text gives a word with umlauts: deleted, then spelled out.

    Empty for a word without umlauts. A word that starts with a capital umlaut has no deleted
    spelling, because deleting it makes a different word (``Ümit`` -> ``mit``, ``Öman`` ->
    ``man``); its spelled-out one stays (``Oesterreich``).
    """
    if word.isascii():
        return []
    spellings = [word.translate(_SPELLED_OUT)]
    if word[:1] not in "ÄÖÜ":
        spellings.insert(0, word.translate(_DELETED))
    return [s for s in dict.fromkeys(spellings) if s and s.isascii()]
