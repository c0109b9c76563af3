"""What the name-lexicon component costs, as a share of its model's whole pipeline.

    python benchmarks/lexicon_cost.py --language nl --gold ../shared/corpora/ner/wikineural/data/conll/nl/val.conllu

The gold sentences' tokens are joined by spaces, as the evaluation does. Timed alternately in one
process: the component alone on already-tokenised Docs, and the whole shipped pipeline
(lexicon + tok2vec + NER); medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))


def main(argv: list[str] | None = None) -> int:
    import spacy

    from tasks.entities.corpora import read_corpus
    from tasks.entities.lexicon import FACTORY
    from tasks.entities.tagger import model_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", required=True)
    parser.add_argument("--gold", required=True, type=Path, help="a CoNLL file whose sentences are the texts")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    nlp = spacy.load(model_path(args.language))
    lexicons = [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory == FACTORY]
    if not lexicons:
        print(f"the {args.language} model has no {FACTORY} component", file=sys.stderr)
        return 2
    texts = [" ".join(tokens) for tokens, _ in read_corpus(args.gold, "conll")]
    component = nlp.get_pipe(lexicons[0])  # an ensemble runs one per member; this times one
    alone, whole = [], []
    for _ in range(args.repeats):
        docs = [nlp.make_doc(text) for text in texts]
        started = time.perf_counter()
        for doc in docs:
            component(doc)
        alone.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        whole.append(time.perf_counter() - started)
    words = sum(len(text.split()) for text in texts)
    a, w = statistics.median(alone), statistics.median(whole)
    print(f"{words:,} words; {FACTORY} alone: median {a:.3f}s; whole pipeline: median {w:.3f}s; share {a / w:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
