"""Readers for the NER gold formats under ``../shared/corpora/ner``.

Every reader yields sentences as ``(tokens, iob_tags)`` with the project's four labels
(PER, ORG, LOC, MISC) in IOB2, so training and evaluation share one view of the data
whatever format a corpus ships in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

Sentence = tuple[list[str], list[str]]
LABELS = ("PER", "ORG", "LOC", "MISC")
FORMATS = ("conll", "germeval", "wikiann")

# GermEval's OTH is the CoNLL MISC class; its deriv/part variants ("deutsche", "EU-Staaten")
# tag words that merely derive from a name, which CoNLL-style gold leaves untagged.
_LABEL_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC", "OTH": "MISC"}


def normalise_tag(tag: str, mask_derived: bool = False) -> str | None:
    """Map one corpus tag to the project's label set (``O`` for anything else).

    With ``mask_derived``, GermEval's ``deriv``/``part`` tokens come back as None (no
    annotation) instead of ``O``: CoNLL-2003 German tags the same words ("deutschen") MISC,
    so training on both with ``O`` would teach the model two answers for one word.
    """
    if tag in ("O", "", "_"):
        return "O"
    prefix, _, label = tag.partition("-")
    if mask_derived and prefix in ("B", "I") and label.endswith(("deriv", "part")):
        return None
    if prefix not in ("B", "I") or label not in _LABEL_MAP:
        return "O"
    return f"{prefix}-{_LABEL_MAP[label]}"


def repair_iob(tags: list[str | None]) -> list[str | None]:
    """Turn an ``I-X`` that follows no ``X`` into ``B-X`` (left behind by dropped classes)."""
    fixed: list[str | None] = []
    previous = "O"
    for tag in tags:
        if tag is None:
            fixed.append(None)
            previous = "O"
            continue
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


# Capital umlauts went through a different code page in that copy than the small ones.
_CAPITAL_UMLAUTS = {"№": "Ü", "ƒ": "Ä", "÷": "Ö"}


def _fix_char(ch: str) -> str:
    if ch in _CAPITAL_UMLAUTS:
        return _CAPITAL_UMLAUTS[ch]
    if "\u0400" <= ch <= "\u04ff":
        try:
            # the copy also lost the sharp s to 0xFF; "ÿ" never occurs in German words
            return ch.encode("cp1251").decode("latin-1").replace("ÿ", "ß")
        except UnicodeEncodeError:
            return ch
    return ch


def _fix_cp1251_garble(token: str) -> str:
    """Undo the cp1251/latin-1 mix-up of the WikiNEural German CoNLL copy (``Erzдhlung``)."""
    if token.isascii():
        return token
    return "".join(_fix_char(ch) for ch in token)


def _finish(tokens: list[str], tags: list[str], mask_derived: bool = False, raw: bool = False) -> Sentence | None:
    if not tokens:
        return None
    if raw:
        return tokens, tags
    return tokens, repair_iob([normalise_tag(t, mask_derived) for t in tags])


def _read_columns(
    path: Path, skip_comments: bool, repair_umlauts: bool, mask_derived: bool = False, raw: bool = False
) -> Iterator[Sentence]:
    """Tab-separated ``idx token tag ...`` rows, one blank line between sentences."""
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if skip_comments and line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                parts = line.split()
            if len(parts) < 3:
                sentence = _finish(tokens, tags, mask_derived, raw)
                if sentence:
                    yield sentence
                tokens, tags = [], []
                continue
            if parts[1] == "-DOCSTART-":
                continue
            tokens.append(_fix_cp1251_garble(parts[1]) if repair_umlauts else parts[1])
            tags.append(parts[2])
    sentence = _finish(tokens, tags, mask_derived, raw)
    if sentence:
        yield sentence


def read_conll(path: Path, repair_umlauts: bool = False) -> Iterator[Sentence]:
    """CoNLL-2002/2003 as shipped by WikiNEural: ``idx token tag``, blank line between sentences."""
    return _read_columns(path, skip_comments=False, repair_umlauts=repair_umlauts)


def read_germeval(path: Path, mask_derived: bool = False) -> Iterator[Sentence]:
    """GermEval 2014: ``idx token outer nested`` with a ``#`` source line per sentence."""
    return _read_columns(path, skip_comments=True, repair_umlauts=False, mask_derived=mask_derived)


def read_germeval_raw(path: Path) -> Iterator[Sentence]:
    """GermEval 2014 with its own outer tags (``B-LOCderiv``), for what the project labels drop."""
    return _read_columns(path, skip_comments=True, repair_umlauts=False, raw=True)


def germeval_sources(path: Path) -> list[str]:
    """The source of each GermEval sentence, in file order: ``wikipedia`` or ``news``.

    GermEval 2014 samples German Wikipedia and news sites (its ``#`` line gives each sentence's
    URL); the two read differently (Wikipedia names works, ships and species in long lists), so
    scores are worth reading apart.
    """
    with open(path, encoding="utf-8") as handle:
        return ["wikipedia" if "wikipedia.org" in line else "news" for line in handle if line.startswith("#")]


def read_wikiann(path: Path) -> Iterator[Sentence]:
    """WikiANN: ``lang:token TAG`` per line, blank line between sentences."""
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").rsplit(maxsplit=1)
            if len(parts) < 2:
                sentence = _finish(tokens, tags)
                if sentence:
                    yield sentence
                tokens, tags = [], []
                continue
            word = parts[0].split(":", 1)[1] if ":" in parts[0] else parts[0]
            tokens.append(word)
            tags.append(parts[1])
    sentence = _finish(tokens, tags)
    if sentence:
        yield sentence


def unmark_capitalised_outside(sentence: Sentence) -> Sentence:
    """Silver data (WikiANN) without MISC: its capitalised ``O`` words become unannotated.

    WikiANN labels only PER/ORG/LOC, so "Olympischen" or "Euro" sit there as ``O`` where the
    newswire gold says MISC; leaving them out of the loss keeps the silver names without
    teaching the model that MISC-like words are outside.
    """
    tokens, tags = sentence
    return tokens, [None if tag == "O" and token[:1].isupper() else tag for token, tag in zip(tokens, tags)]


def read_corpus(path: Path, fmt: str, repair_umlauts: bool = False, mask_derived: bool = False) -> list[Sentence]:
    """Read any supported gold file into sentences (``mask_derived``: for training, GermEval only)."""
    if fmt == "conll":
        return list(read_conll(path, repair_umlauts=repair_umlauts))
    if fmt == "germeval":
        return list(read_germeval(path, mask_derived=mask_derived))
    if fmt == "wikiann":
        return list(read_wikiann(path))
    raise ValueError(f"unknown gold format {fmt!r}; expected one of {', '.join(FORMATS)}")


def token_offsets(tokens: list[str]) -> list[tuple[int, int]]:
    """Each token's (start, end) in the tokens joined by single spaces, the text the tagger is given."""
    offsets, position = [], 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return offsets


def sentence_spans(tokens: list[str], tags: list[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Join tokens with single spaces and return the text with its gold character spans."""
    offsets = token_offsets(tokens)
    text = " ".join(tokens)
    spans: list[tuple[int, int, str]] = []
    current: list | None = None
    for (tok_start, tok_end), tag in zip(offsets, tags):
        if tag.startswith("I-") and current is not None and current[2] == tag[2:]:
            current[1] = tok_end
            continue
        if current is not None:
            spans.append((current[0], current[1], current[2]))
            current = None
        if tag != "O":
            current = [tok_start, tok_end, tag[2:]]
    if current is not None:
        spans.append((current[0], current[1], current[2]))
    return text, spans
