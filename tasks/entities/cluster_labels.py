"""Brown clusters that are nearly all names of one kind: a word in one is tagged where the model left it.

The German ensembles left bare surnames untagged in sentences they could not read (``In der Hitliste
liegt Pizarro ...``, ``Händel reiste im Herbst 1728 nach Italien``), although the Brown clusters
(``clusters.py``) put them among thousands of other surnames. In the German training gold, some
clusters are almost only names: of the capitalised words of cluster 40 (``Merkel``,
``Frontzeck``) 82% are inside a PER span, of cluster 976's 94% inside a LOC span. This module
lists the clusters whose capitalised training words are at least ``MIN_SHARE`` inside spans of
one label (and that occur at least ``MIN_COUNT`` times), and ``cluster_label_spans`` tags a
capitalised word of such a cluster with that label where no entity covers it, unless the
language uses the word often (wordfreq Zipf 4 or more: ``Lange``, ``Schäfer``).

The list is counted on the training gold only (never a dev sentence), and rebuilt by

    python -m tasks.entities.cluster_labels --language de

into ``data/models/cluster_labels.json``. The rule reads the cluster and frequency band that the
model's own name lexicon wrote on each token (``Token.lemma_`` ``C40``, ``Token.tag_`` ``..._Z3``;
see ``lexicon.py``), so it runs only behind a model trained with ``--clusters``, and it reads
``Mnchen`` as ``München`` as the model does.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.entities.gazetteer import MODELS_DIR

if TYPE_CHECKING:
    from tasks.entities.train import Carving

log = logging.getLogger("newsflow.entities")

LABELS_PATH = MODELS_DIR / "cluster_labels.json"
MIN_SHARE = 0.8
MIN_COUNT = 50
# Frequency bands (``Z0``-``Z7``, wordfreq's Zipf scale) of words the rule leaves alone: Zipf 4 or
# more is a word the language uses at least once in 100,000, more often a common word than a name.
MAX_BAND = 3
_BAND = re.compile(r"_Z(\d)$")


def is_name_shaped(word: str) -> bool:
    """A capitalised word of three letters or more (``Merkel``; not ``NATO``, ``Mc``, ``iPhone``)."""
    return len(word) >= 3 and word[0].isupper() and word[1:].islower()


def count_labels(sentences: list[tuple[list[str], list[str]]], table: dict[str, int]) -> dict[int, Counter]:
    """Per cluster, how often its name-shaped words stand inside a span of each label (``O``: outside)."""
    from tasks.entities.clusters import cluster_of

    counts: dict[int, Counter] = defaultdict(Counter)
    for tokens, tags in sentences:
        for word, tag in zip(tokens, tags):
            if not is_name_shaped(word):
                continue
            cluster = cluster_of(table, word)
            if cluster is not None:
                counts[cluster][tag[2:] if tag != "O" else "O"] += 1
    return counts


def name_clusters(counts: dict[int, Counter]) -> dict[str, dict[str, Any]]:
    """The clusters that are at least MIN_SHARE one label, with their counts (keys as ``C<id>``)."""
    found = {}
    for cluster, by_label in sorted(counts.items()):
        total = sum(by_label.values())
        label, inside = by_label.most_common(1)[0]
        if label != "O" and total >= MIN_COUNT and inside / total >= MIN_SHARE:
            found[f"C{cluster}"] = {"label": label, "share": round(inside / total, 3), "count": total}
    return found


def build(language: str, shared: Path, carving: Carving | None = None) -> dict[str, Any]:
    """The name clusters of a language, counted on its training gold (``train.py``'s recipe, own
    corpora only, GermEval's ``deriv``/``part`` as O; ``carving`` as the models were trained)."""
    from tasks.entities.clusters import cluster_table
    from tasks.entities.train import Carving, load_splits

    train, _, _ = load_splits(language, shared, mask_derived=False, carving=carving or Carving())
    return {
        "min_share": MIN_SHARE,
        "min_count": MIN_COUNT,
        "clusters": name_clusters(count_labels(train, cluster_table(language))),
    }


@lru_cache(maxsize=None)
def _labels(language: str) -> dict[str, str]:
    if not LABELS_PATH.exists():
        log.warning("no %s: words of name clusters stay as the model tagged them", LABELS_PATH)
        return {}
    shipped = json.loads(LABELS_PATH.read_text(encoding="utf-8")).get(language, {})
    return {cluster: about["label"] for cluster, about in shipped.get("clusters", {}).items()}


def _band(token: Any) -> int:
    match = _BAND.search(token.tag_)
    return int(match.group(1)) if match else 0


def cluster_label_spans(doc: Any, language: str) -> list[Any]:
    """One-word spans for name-shaped, uncommon words of a name cluster that no entity covers."""
    from spacy.tokens import Span

    labels = _labels(language)
    if not labels:
        return []
    return [
        Span(doc, token.i, token.i + 1, label=labels[token.lemma_])
        for token in doc
        if not token.ent_type_ and token.lemma_ in labels and is_name_shaped(token.text) and _band(token) <= MAX_BAND
    ]


def write_labels(path: Path, labels: dict[str, Any]) -> None:
    """The one on-disk form of the clusters, shared by this rebuild and each cross-validation fold's."""
    path.write_text(json.dumps(labels, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from tasks.entities.train import DEFAULT_SHARED, carving_arguments, carving_from

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="de")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--target", type=Path, default=LABELS_PATH)
    carving_arguments(parser, as_shipped=True)
    args = parser.parse_args(argv)
    carving = carving_from(args, parser, shipped_language=args.language)
    if not (args.shared / "corpora").is_dir():
        print(f"no corpora under {args.shared}: the name clusters are counted on the training gold", file=sys.stderr)
        return 2
    shipped = json.loads(args.target.read_text(encoding="utf-8")) if args.target.exists() else {}
    shipped[args.language] = build(args.language, args.shared, carving)
    write_labels(args.target, shipped)
    clusters = shipped[args.language]["clusters"]
    print(f"{args.target}: {len(clusters)} name clusters for {args.language}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
