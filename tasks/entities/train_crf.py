"""Train a CRF entity member (``crf.py``) from ``../shared/corpora/ner``.

    python -m tasks.entities.train_crf --language de --strip-umlauts --repeat-carved 3 \\
        --target build/members/de-crf

Uses the same splits, spaCy tokens and rich name lexicon as ``train.py`` (with the Brown
clusters and word classes where the language has them), so the member can join an ensemble
beside the transition-based ones (``ensemble.py``). Writes a spaCy pipeline folder
(``name_lexicon`` + ``crf_entities``) with a ``training.json`` like theirs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from tasks.entities.clusters import has_clusters
from tasks.entities.train import (
    NER, PROJECT_ROOT, Carving, _shown, carving_from, corpus_arguments, lexicon_file, load_splits, to_doc,
)
from tasks.entities.word_classes import has_word_classes

# L1 and L2 penalties and L-BFGS iterations, set once before the first German run and not tuned;
# the L1 penalty drops most feature weights, which keeps the model file a few MB.
C1, C2, ITERATIONS = 0.05, 0.01, 150


def train(
    language: str, shared: Path, work: Path, target: Path, strip_umlauts: bool = False, repeat_carved: int = 1,
    borrow: bool = False, iterations: int = ITERATIONS, c1: float = C1, carving: Carving = Carving(),
) -> Path:
    """Train one CRF member into ``target`` and return it."""
    import spacy
    from spacy.scorer import get_ner_prf
    from spacy.training import Example

    import tasks.entities.crf as crf
    from tasks.entities.lexicon import FACTORY as LEXICON

    started = time.time()
    train_sents, dev_sents, counts = load_splits(
        language, shared, borrow=borrow, strip_umlauts=strip_umlauts, repeat_carved=repeat_carved, carving=carving,
    )
    clusters, word_classes = has_clusters(language), has_word_classes(language)
    built = lexicon_file(shared, language, work, rich=True, clusters=clusters, word_classes=word_classes)
    nlp = spacy.blank(language)
    nlp.add_pipe(LEXICON).initialize(path=str(built))
    lexicon = nlp.get_pipe(LEXICON)
    # One sentence per sequence, as the member reads a text (crf.sentences). Runs of eight sentences,
    # as train.write_docbin groups them, scored 0.011 lower on GermEval's dev sentences (see data/models/README.md).
    train_docs = [lexicon(to_doc(nlp, [sentence])) for sentence in train_sents]
    model = crf.train_model(train_docs, work / crf.MODEL_FILE, c1, C2, iterations)
    nlp.add_pipe(crf.FACTORY).set_model(model)
    seconds = round(time.time() - started)
    golds = [to_doc(nlp, [sentence]) for sentence in dev_sents]
    scores = get_ner_prf([Example(predicted, gold) for predicted, gold in zip(nlp.pipe(g.text for g in golds), golds)])
    if target.exists():
        shutil.rmtree(target)
    nlp.to_disk(target)
    record = {
        "language": language,
        "command": f"python -m tasks.entities.train_crf --language {language}"
        + (" --borrow" if borrow else "")
        + (" --strip-umlauts" if strip_umlauts else "")
        + (f" --repeat-carved {repeat_carved}" if repeat_carved != 1 else "")
        + (f" --iterations {iterations}" if iterations != ITERATIONS else "")
        + (f" --c1 {c1}" if c1 != C1 else "")
        + carving.flags(),
        "model": {"kind": "crf", "c1": c1, "c2": C2, "iterations": iterations, "clusters": clusters,
                  "word_classes": word_classes},
        "sources": counts,
        "tokenization": "spacy",
        "train_sentences": len(train_sents),
        "dev_sentences": len(dev_sents),
        "seconds": seconds,
        "dev_scores_spacy": {k: scores.get(k) for k in ("ents_p", "ents_r", "ents_f")},
        "dev_scores_per_type": scores.get("ents_per_type"),
    }
    (target / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser, "crf")
    parser.add_argument("--target", type=Path, required=True, help="model folder, e.g. build/members/de-crf")
    parser.add_argument("--borrow", action="store_true", help="add the other languages' CoNLL train splits")
    parser.add_argument("--strip-umlauts", action="store_true", help="as train.py: half the own sentences without ä/ö/ü/ß")
    parser.add_argument("--repeat-carved", type=int, default=1, help="as train.py: the carved source's training part N times")
    parser.add_argument("--iterations", type=int, default=ITERATIONS, help="L-BFGS iterations")
    parser.add_argument("--c1", type=float, default=C1, help="L1 penalty: lower keeps more feature weights, a larger file")
    args = parser.parse_args(argv)
    if not (args.shared / NER).is_dir():
        print(f"no NER corpora under {args.shared / NER}; pass --shared", file=sys.stderr)
        return 2
    work = args.work or PROJECT_ROOT / "build" / f"crf-{args.language}"
    work.mkdir(parents=True, exist_ok=True)
    target = train(args.language, args.shared, work, args.target, args.strip_umlauts, args.repeat_carved, args.borrow,
                   args.iterations, args.c1, carving_from(args, parser))
    record = json.loads((target / "training.json").read_text())
    print(f"model written to {_shown(target)}; dev {record['dev_scores_spacy']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
