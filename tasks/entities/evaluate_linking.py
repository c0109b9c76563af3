"""Score canonical linking against the hand-written gold set.

    python -m tasks.entities.evaluate_linking [--gold data/models/eval/linking_gold.tsv]

Each gold mention is looked up exactly as ``tag_texts`` links a span (surface form, language,
label). A mention is right when it gets the expected id, wrong when it gets another id, and
unlinked when it gets none; wrong links are worse for analysts (a silently merged entity) than
missing ones, so the two rates are reported apart.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from tasks.entities.gazetteer import MODELS_DIR, load_gazetteer

DEFAULT_GOLD = MODELS_DIR / "eval" / "linking_gold.tsv"


def read_gold(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def evaluate(gold: list[dict[str, str]]) -> tuple[Counter, list[tuple[dict, str | None]]]:
    gazetteer = load_gazetteer()
    outcomes: Counter = Counter()
    misses = []
    for row in gold:
        found = gazetteer.lookup(row["mention"], row["language"], row["label"])
        got = found.id if found else None
        outcome = "right" if got == row["expected_id"] else ("unlinked" if got is None else "wrong")
        outcomes[(row["language"], outcome)] += 1
        outcomes[("all", outcome)] += 1
        if outcome != "right":
            misses.append((row, got))
    return outcomes, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    outcomes, misses = evaluate(gold)
    languages = sorted({row["language"] for row in gold}) + ["all"]
    print(f"{'language':8} {'mentions':>8} {'accuracy':>9} {'wrong id':>9} {'no id':>9}")
    for language in languages:
        total = sum(outcomes[(language, o)] for o in ("right", "wrong", "unlinked"))
        print(f"{language:8} {total:8d} {outcomes[(language, 'right')] / total:9.3f} "
              f"{outcomes[(language, 'wrong')] / total:9.3f} {outcomes[(language, 'unlinked')] / total:9.3f}")
    for row, got in misses:
        print(f"miss: {row['language']} {row['mention']!r} ({row['label']}) expected {row['expected_id']}, got {got}")
    total = sum(outcomes[("all", o)] for o in ("right", "wrong", "unlinked"))
    print(f"linking accuracy {outcomes[('all', 'right')] / total:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
