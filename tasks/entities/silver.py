"""Silver training sentences: unlabelled text tagged by the shipped tagger (self-training).

    python -m tasks.entities.silver --language de --target build/silver-de.jsonl
    python -m tasks.entities.train --language de ... --self-trained build/silver-de.jsonl

The German models miss names they never met in a context they cannot read, and the gold corpora
are small. The shipped tagger knows more than any one model in it: three voting members, the
knowledge base, the small-town list, the name clusters. Tagging the raw German we have (10kGNAD
news, the lingua sentences, WikiANN's Wikipedia sentences; never a dev sentence) with it and
training a member on that beside the gold passes that knowledge into the member's weights, in
the gold's own convention (unlike WikiANN's own labels, which made German worse as training data).

Each line of the output is ``{"tokens": [...], "tags": [...]}`` with spaCy's tokens and IOB2
tags; a tagged span that does not fall on token boundaries leaves its tokens unannotated (null).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tasks.entities.corpora import Sentence, token_offsets
from tasks.entities.train import DEFAULT_SHARED, load_splits

MIN_TOKENS = 4
MAX_TOKENS = 60
# WikiANN keeps wiki markup: redirect pages and the '' / ** of bold and italics.
REDIRECT = "WEITERLEITUNG"
MARKUP = set("'*")


def _wiki_text(tokens: list[str]) -> str | None:
    """A WikiANN sentence as text, without markup tokens; None for a redirect page."""
    if tokens[0] == REDIRECT:
        return None
    return " ".join(token for token in tokens if not set(token) <= MARKUP)


def raw_sentences(language: str, shared: Path) -> Iterator[str]:
    """The language's unlabelled text, one sentence per item (news split by spaCy's sentencizer)."""
    import spacy

    from tasks.entities.pretrain import LINGUA, NEWS_READERS, unlabelled_wikiann

    splitter = spacy.blank(language)
    splitter.add_pipe("sentencizer")
    if language in NEWS_READERS:
        for doc in splitter.pipe(NEWS_READERS[language](shared), batch_size=32):
            yield from (sentence.text for sentence in doc.sents)
    lingua = shared / LINGUA / f"{language}.txt"
    if lingua.exists():
        yield from lingua.read_text(encoding="utf-8").splitlines()
    texts = (_wiki_text(tokens) for split in unlabelled_wikiann(language, shared) for tokens, _ in split)
    yield from (text for text in texts if text)


def _iob(tokens: list[str], spans: list[dict]) -> list[str | None]:
    """IOB2 tags for the space-joined tokens; tokens of a span off token boundaries are null."""
    offsets = token_offsets(tokens)
    first_token = {start: i for i, (start, _) in enumerate(offsets)}
    last_token = {end: i for i, (_, end) in enumerate(offsets)}
    tags: list[str | None] = ["O"] * len(tokens)
    for span in spans:
        first, last = first_token.get(span["start"]), last_token.get(span["end"])
        if first is None or last is None:
            for i, (start, end) in enumerate(offsets):
                if start < span["end"] and span["start"] < end:
                    tags[i] = None
            continue
        tags[first] = f"B-{span['label']}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{span['label']}"
    return tags


def fresh_sentences(texts: Iterable[str], tokenize: Callable[[str], list[str]], dev_texts: set[str],
                    limit: int | None = None) -> list[list[str]]:
    """Tokenised sentences of a trainable length, each once, none of them a dev sentence."""
    seen = set(dev_texts)
    sentences: list[list[str]] = []
    for text in texts:
        tokens = tokenize(text.strip())
        joined = " ".join(tokens)
        if MIN_TOKENS <= len(tokens) <= MAX_TOKENS and joined not in seen:
            seen.add(joined)
            sentences.append(tokens)
            if limit and len(sentences) >= limit:
                break
    return sentences


def silver(language: str, shared: Path, limit: int | None = None) -> list[Sentence]:
    """Tag the raw sentences with the shipped tagger; dev sentences and repeats are left out."""
    import spacy

    from tasks.entities import tag_texts

    _, dev, _ = load_splits(language, shared)
    tokenizer = spacy.blank(language).tokenizer
    sentences = fresh_sentences(
        raw_sentences(language, shared),
        lambda text: [token.text for token in tokenizer(text) if not token.is_space],
        {" ".join(tokens) for tokens, _ in dev},
        limit,
    )
    tagged = tag_texts([" ".join(tokens) for tokens in sentences], language)
    return [(tokens, _iob(tokens, spans)) for tokens, spans in zip(sentences, tagged)]


def read_silver(path: Path) -> list[Sentence]:
    """The sentences ``main`` wrote."""
    with open(path, encoding="utf-8") as handle:
        return [(row["tokens"], row["tags"]) for row in map(json.loads, handle)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="de")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--target", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="at most this many sentences")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora").is_dir():
        print(f"no corpora under {args.shared}: silver sentences are tagged from its raw text", file=sys.stderr)
        return 2
    sentences = silver(args.language, args.shared, args.limit)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    with open(args.target, "w", encoding="utf-8") as out:
        for tokens, tags in sentences:
            out.write(json.dumps({"tokens": tokens, "tags": tags}, ensure_ascii=False) + "\n")
    mentions = sum(tag is not None and tag.startswith("B-") for _, tags in sentences for tag in tags)
    print(f"{args.target}: {len(sentences)} sentences, {mentions} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
