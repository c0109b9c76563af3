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


def normalise_tag(tag: str) -> str:
    """Map one corpus tag to the project's label set (``O`` for anything else)."""
    if tag in ("O", "", "_"):
        return "O"
    prefix, _, label = tag.partition("-")
    if prefix not in ("B", "I") or label not in _LABEL_MAP:
        return "O"
    return f"{prefix}-{_LABEL_MAP[label]}"


def repair_iob(tags: list[str]) -> list[str]:
    """Turn an ``I-X`` that follows no ``X`` into ``B-X`` (left behind by dropped classes)."""
    fixed: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


# Capital umlauts went through a different code page in that copy than the small ones.
_CAPITAL_UMLAUTS = str.maketrans({"№": "Ü", "ƒ": "Ä", "÷": "Ö"})


def _fix_cp1251_garble(token: str) -> str:
    """Undo the cp1251/latin-1 mix-up of the WikiNEural German CoNLL copy (``Erzдhlung``)."""
    token = token.translate(_CAPITAL_UMLAUTS)
    if not any("\u0400" <= ch <= "\u04ff" for ch in token):
        return token
    try:
        repaired = token.encode("cp1251").decode("latin-1")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return token
    # The copy also lost the sharp s to 0xFF; "ÿ" never occurs in German words.
    return repaired.replace("ÿ", "ß")


def _finish(tokens: list[str], tags: list[str]) -> Sentence | None:
    if not tokens:
        return None
    return tokens, repair_iob([normalise_tag(t) for t in tags])


def _read_columns(path: Path, skip_comments: bool, repair_umlauts: bool) -> Iterator[Sentence]:
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
                sentence = _finish(tokens, tags)
                if sentence:
                    yield sentence
                tokens, tags = [], []
                continue
            if parts[1] == "-DOCSTART-":
                continue
            tokens.append(_fix_cp1251_garble(parts[1]) if repair_umlauts else parts[1])
            tags.append(parts[2])
    sentence = _finish(tokens, tags)
    if sentence:
        yield sentence


def read_conll(path: Path, repair_umlauts: bool = False) -> Iterator[Sentence]:
    """CoNLL-2002/2003 as shipped by WikiNEural: ``idx token tag``, blank line between sentences."""
    return _read_columns(path, skip_comments=False, repair_umlauts=repair_umlauts)


def read_germeval(path: Path) -> Iterator[Sentence]:
    """GermEval 2014: ``idx token outer nested`` with a ``#`` source line per sentence."""
    return _read_columns(path, skip_comments=True, repair_umlauts=False)


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


def read_corpus(path: Path, fmt: str, repair_umlauts: bool = False) -> list[Sentence]:
    """Read any supported gold file into sentences."""
    if fmt == "conll":
        return list(read_conll(path, repair_umlauts=repair_umlauts))
    if fmt == "germeval":
        return list(read_germeval(path))
    if fmt == "wikiann":
        return list(read_wikiann(path))
    raise ValueError(f"unknown gold format {fmt!r}; expected one of {', '.join(FORMATS)}")


def sentence_spans(tokens: list[str], tags: list[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Join tokens with single spaces and return the text with its gold character spans."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
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
