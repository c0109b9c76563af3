"""Brown word clusters: words a large unlabelled corpus uses in the same contexts share a cluster.

The German models miss long-tail names they never saw in training (``Frontzeck``, ``Meiwes``,
``Schmalkalden``), and the gold corpora are too small to teach them. Brown clusters are knowledge
from a large unlabelled corpus: in spaCy's German table those three, ``Merkel`` and
``Riefenstahl`` all sit in cluster 40 (surnames), ``Mellrichstadt`` and ``Hamm`` in cluster 16
(towns), ``Schering`` and ``HeidelbergCement`` in cluster 413 (companies). The tables come
with the ``spacy-lookups-data`` package from PyPI (spaCy 2's lexeme attributes: 1,000,001
case-sensitive words each, for de, en and es), so nothing is downloaded at run time and the
model folders stay small.

A model trained with ``train.py --clusters`` embeds each token's cluster (``Token.lemma_``,
which newsflow's pipelines leave unused otherwise) beside the name-lexicon features; the rich
lexicon's file records the switch, so the shipped model decides it (see ``lexicon.py``).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

UNKNOWN = "C?"


def has_clusters(language: str) -> bool:
    return _table_path(language).is_file()


def _table_path(language: str) -> Path:
    return Path(str(resources.files("spacy_lookups_data"))) / "data" / f"{language}_lexeme_cluster.json.gz"


@lru_cache(maxsize=None)
def cluster_table(language: str) -> dict[str, int]:
    """word -> Brown cluster for ``language``, read once per process (about 2 s and 200 MB for de)."""
    path = _table_path(language)
    if not path.is_file():
        raise FileNotFoundError(f"spacy-lookups-data has no Brown clusters for {language!r} (it has de, en, es)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def cluster_of(table: dict[str, int], word: str) -> int | None:
    """A word's cluster; an all-caps word (``BARCELONA`` in result tables) takes its title-case
    form's cluster; None when the corpus never saw the word."""
    found = table.get(word)
    if found is None and len(word) > 1 and word.isupper():
        found = table.get(word.title())
    return found


def path_prefix(cluster: int, bits: int) -> int:
    """The first ``bits`` steps of a cluster's path down the Brown tree, which groups the clusters
    coarsely (in German, 16: places; 40: surnames; 56: given names). spaCy 2 stored the path as
    a little-endian number ("so that we can do & 15 to get the first 4 bits"), so they are its
    lowest bits."""
    return cluster & ((1 << bits) - 1)
