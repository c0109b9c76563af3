"""How many of the entity mentions in a corpus get a canonical id, per label, and which do not.

    python benchmarks/link_coverage.py --raw ../shared/corpora/news/de_10kgnad/test.csv --language de
    python benchmarks/link_coverage.py --raw ../shared/corpora/news/en_bbc/bbc --language en

Texts are the articles as the pipeline sees them (ingest -> clean), tagged by ``tag_texts``. An
analyst counting "which places does the news talk about" can only count the mentions with an id;
the names most often left without one say what the knowledge base lacks. This measures coverage,
not correctness: read the linked names too (``--show-linked``) before trusting a change.
Point ``NEWSFLOW_MODELS`` at another models folder to compare knowledge bases. People have no id;
it counts those named by the full name their article writes elsewhere (``people.py``) and the
distinct names an analyst counting people gets, against the distinct mention texts, and the
PER mentions counted as the organisation they name (``Yukos``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from entity_speed import load_texts  # the same articles, read the same way; it puts the project on sys.path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="a folder of articles or one file")
    parser.add_argument("--language", required=True)
    parser.add_argument("--top", type=int, default=15, help="how many unlinked (and linked) names to list")
    parser.add_argument("--show-linked", action="store_true", help="also list the names linked most often")
    args = parser.parse_args()

    from tasks.entities import tag_texts, tagger
    from tasks.entities.people import name_words

    companies: Counter = Counter()  # PER mentions that are a known organisation (people.organisations_among_people)
    relabel = tagger.organisations_among_people

    def counting_relabel(entities: list[dict], *args: object) -> None:
        tagged = [entity["label"] for entity in entities]
        relabel(entities, *args)
        companies.update(e["text"] for e, label in zip(entities, tagged) if label == "PER" and e["label"] == "ORG")

    tagger.organisations_among_people = counting_relabel

    texts = load_texts(args.raw, args.language)
    mentions: Counter = Counter()
    linked: Counter = Counter()
    unlinked: dict[str, Counter] = {}
    names: Counter = Counter()
    renamed: Counter = Counter()  # people counted under a fuller name their article writes elsewhere (people.py)
    person_texts: Counter = Counter()
    person_names: Counter = Counter()
    for entities in tag_texts(texts, args.language):
        for entity in entities:
            mentions[entity["label"]] += 1
            if entity["canonical_id"]:
                linked[entity["label"]] += 1
                names[(entity["text"], entity["label"], entity["canonical_id"], entity["canonical_name"])] += 1
            else:
                unlinked.setdefault(entity["label"], Counter())[entity["text"]] += 1
            name = entity["canonical_name"] or ""
            if entity["label"] == "PER":
                person_texts[entity["text"]] += 1
                person_names[name] += 1
                if len(name.split()) > len(name_words(entity["text"], args.language)):  # not "Tony Blair's"
                    renamed[(entity["text"], name)] += 1
    print(f"{len(texts)} articles, {sum(mentions.values())} mentions")
    print(f"{'label':6} {'mentions':>9} {'with id':>8} {'share':>6}")
    for label in sorted(mentions):
        print(f"{label:6} {mentions[label]:9d} {linked[label]:8d} {linked[label] / mentions[label]:6.1%}")
    total = sum(mentions.values())
    print(f"{'all':6} {total:9d} {sum(linked.values()):8d} {sum(linked.values()) / max(total, 1):6.1%}")
    people = sum(renamed.values())
    print(f"PER mentions counted under a fuller name their article writes elsewhere: {people} of {mentions['PER']} "
          f"({people / max(mentions['PER'], 1):.1%}); {len(person_texts)} distinct mention texts, "
          f"{len(person_names)} distinct names")
    top = ", ".join(f"{name} {count} ({person_texts[name]} as written)" for name, count in person_names.most_common(5))
    print(f"people counted most often: {top}")
    top = ", ".join(f"{text} {count}" for text, count in companies.most_common(args.top))
    print(f"PER mentions that are a known organisation, counted as it: {sum(companies.values())} ({top})")
    for label in sorted(unlinked):
        top = ", ".join(f"{text} {count}" for text, count in unlinked[label].most_common(args.top))
        print(f"most often without an id, {label}: {top}")
    if args.show_linked:
        for (text, label, canonical_id, name), count in names.most_common(args.top):
            print(f"linked {count:5d}  {text} ({label}) -> {canonical_id} {name}")
        for (text, name), count in renamed.most_common(args.top):
            print(f"named  {count:5d}  {text} (PER) -> {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
