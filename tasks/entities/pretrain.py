"""Pretrain a language's tok2vec layer on raw text before NER training (``spacy pretrain``).

    python -m tasks.entities.pretrain --language de --config tasks/entities/ner-wide.cfg --epochs 3
    python -m tasks.entities.train --language de --config tasks/entities/ner-wide.cfg \
        --init-tok2vec build/pretrain-de/weights/model-last.bin

The labelled corpora are small (12-20k sentences), so most names and most contexts the tagger
meets in the news were never in its training data. Pretraining teaches the tok2vec layer to
predict each word's first and last characters from its context on unlabelled text, which gives
the NER model a start that already knows how words behave. The raw text is unlabelled news and
sentences from ``../shared`` plus the *training* split's own text; dev sentences are kept out so
dev scores stay honest.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tasks.entities.corpora import Sentence, read_corpus
from tasks.entities.train import CONFIG, DEFAULT_SHARED, PROJECT_ROOT, _shown, load_splits, with_pretraining_block

NEWS = "corpora/news"
LINGUA = "corpora/langid/lingua/language-testdata/sentences"
WIKIANN = "corpora/ner/davidsbatista/WikiANN"


def _bbc(shared: Path) -> Iterator[str]:
    for path in sorted((shared / NEWS / "en_bbc" / "bbc").glob("*/*.txt")):
        yield path.read_bytes().decode("utf-8", errors="replace")


def _gnad(shared: Path) -> Iterator[str]:
    path = shared / NEWS / "de_10kgnad" / "test.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter=";", quotechar="'"):
            if len(row) >= 2:
                yield row[1]


NEWS_READERS = {"en": _bbc, "de": _gnad}


def _grouped(sentences: list[Sentence]) -> Iterator[str]:
    """Eight sentences per text, as in training, so the context window sees neighbours."""
    for i in range(0, len(sentences), 8):
        yield " ".join(" ".join(tokens) for tokens, _ in sentences[i : i + 8])


def raw_texts(language: str, shared: Path) -> Iterator[str]:
    """Every unlabelled text we have for a language, dev sentences excluded."""
    if language in NEWS_READERS:
        yield from NEWS_READERS[language](shared)
    lingua = shared / LINGUA / f"{language}.txt"
    if lingua.exists():
        yield from (line.strip() for line in lingua.read_text(encoding="utf-8").splitlines() if line.strip())
    train, _, _ = load_splits(language, shared)  # the training split only
    yield from _grouped(train)
    for sentences in unlabelled_wikiann(language, shared):
        yield from _grouped(sentences)


def unlabelled_wikiann(language: str, shared: Path) -> Iterator[list[Sentence]]:
    """WikiANN's train and test sentences (one list per split), as text for a newswire language.

    Never its dev. French trains (train) and tunes (dev) on WikiANN, so its text is already
    training text and its dev must stay out: none for French.
    """
    if language == "fr":
        return
    for split in ("train", "test"):
        path = shared / WIKIANN / language / split
        if path.exists():
            yield read_corpus(path, "wikiann")


def write_raw_text(language: str, shared: Path, path: Path) -> tuple[int, int]:
    """Write the JSONL ``spacy pretrain`` reads; returns (texts, whitespace words)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = words = 0
    with open(path, "w", encoding="utf-8") as out:
        for text in raw_texts(language, shared):
            out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            texts += 1
            words += len(text.split())
    return texts, words


def pretrain(language: str, shared: Path, work: Path, config: Path, epochs: int, seed: int) -> Path:
    """Run ``spacy pretrain`` with the NER config's own tok2vec, so the weights fit it."""
    raw = work / "raw.jsonl"
    texts, words = write_raw_text(language, shared, raw)
    print(f"{language}: {texts} texts, {words} words of raw text", flush=True)
    work.mkdir(parents=True, exist_ok=True)
    filled = with_pretraining_block(config, work / "pretrain.cfg")
    out = work / "weights"
    subprocess.run(
        [
            sys.executable, "-m", "spacy", "pretrain", str(filled), str(out),
            "--paths.raw_text", str(raw), "--nlp.lang", language, "--system.seed", str(seed),
            "--pretraining.max_epochs", str(epochs), "--pretraining.n_save_epoch", str(max(1, epochs // 2)),
        ],
        check=True,
    )  # fmt: skip
    (work / "pretrain.json").write_text(
        json.dumps(
            {
                "language": language,
                "command": f"python -m tasks.entities.pretrain --language {language} --epochs {epochs}"
                f" --config {_shown(config)} --seed {seed}",
                "raw_texts": texts,
                "raw_words": words,
            },
            indent=2,
        )
    )
    return out / "model-last.bin"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", required=True, choices=["de", "en", "es", "nl", "fr"])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--work", type=Path, default=None, help="output folder (default: build/pretrain-<lang>)")
    parser.add_argument("--config", type=Path, default=CONFIG, help="the NER training config the weights are for")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    work = args.work or PROJECT_ROOT / "build" / f"pretrain-{args.language}"
    weights = pretrain(args.language, args.shared, work, args.config, args.epochs, args.seed)
    print(f"weights written to {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
