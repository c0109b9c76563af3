"""Entity-stage throughput in words per second per process, next to the EntityRuler-only floor.

    python benchmarks/entity_speed.py --raw ../shared/corpora/news/en_bbc/bbc --language en --repeats 3

Texts are the BBC articles as the pipeline sees them (ingest -> clean). newsflow: the public
``tag_texts`` (trained NER + gazetteer ruler + canonical lookup). Floor: ``spacy.blank`` with
only the same EntityRuler, the cheapest spaCy tagger there is. Pipelines are built before
timing (they load once per worker in the flow); both run alternately in one process; medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))


def load_texts(raw: Path, language: str) -> list[str]:
    """The articles of a folder (or of one file, such as a CSV) as the pipeline sees them: ingest -> clean."""
    from tasks.clean import clean_batch
    from tasks.discover import SourceFile, file_sha256
    from tasks.ingest import ingest_files

    paths = [raw] if raw.is_file() else sorted(
        p for p in raw.rglob("*") if p.is_file() and not p.name.lower().startswith("readme")
    )
    root = raw.parent if raw.is_file() else raw
    sources = [
        SourceFile(str(p), p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns, file_sha256(p))
        for p in paths
    ]
    batch = ingest_files(sources)
    batch.articles["language"] = language
    batch.articles["paragraph_languages"] = [[] for _ in range(len(batch.articles))]
    return clean_batch(batch).articles["text"].tolist()


def floor_pipeline(language: str):
    import spacy

    from tasks.entities.gazetteer import load_gazetteer

    nlp = spacy.blank(language)
    ruler = nlp.add_pipe("entity_ruler", config={"validate": False})
    ruler.add_patterns(load_gazetteer().patterns(language))
    return nlp


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--language", default="en")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (sorted by path)")
    args = parser.parse_args()

    from tasks.entities import tag_texts
    from tasks.entities.tagger import pipeline

    if not args.raw.exists():
        parser.error(f"--raw {args.raw}: no such file or folder")
    texts = load_texts(args.raw, args.language)[: args.limit]
    if not texts:
        parser.error(f"--raw {args.raw}: no articles to tag")
    words = sum(len(text.split()) for text in texts)
    pipeline(args.language)
    floor = floor_pipeline(args.language)
    ours, base = [], []
    for repeat in range(args.repeats):
        started = time.perf_counter()
        mentions = sum(len(spans) for spans in tag_texts(texts, args.language))
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        floor_mentions = sum(len(doc.ents) for doc in floor.pipe(texts, batch_size=64))
        base.append(time.perf_counter() - started)
        print(f"repeat {repeat + 1}: newsflow {ours[-1]:.1f}s ({mentions} mentions), "
              f"ruler-only floor {base[-1]:.1f}s ({floor_mentions} mentions)", flush=True)
    print(f"texts: {len(texts)}, words: {words}")
    print(f"newsflow entity stage: median {statistics.median(ours):.1f}s = {words / statistics.median(ours):,.0f} words/s per process")
    print(f"EntityRuler-only floor: median {statistics.median(base):.1f}s = {words / statistics.median(base):,.0f} words/s per process")
    print(f"newsflow costs {statistics.median(ours) / statistics.median(base):.1f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
