"""Score newsflow's entity tagger against a gold NER file.

    python -m tasks.entities.evaluate --language de --gold FILE --format conll|germeval|wikiann

Each gold sentence's tokens are joined by single spaces into a text, tagged through the public
``tag_texts`` (so the trained model *and* the gazetteer ruler are scored, as the pipeline runs
them), and compared by exact span and label on the gold file's tokens, as a scorer with one tag
per gold token sees them (``on_gold_tokens``; ``--character-spans`` compares the character spans
as tagged). Prints precision, recall and F1 per label and overall, and a 95% interval of
overall F1 (``bootstrap_interval``); the last line is ``overall F1 <value>``.

GermEval's gold does not count words derived from names (``deutschen``, ``Berliner``) or
compounds with a name in them (``US-Bundesstaat``) as entities (its ``deriv``/``part``
classes), where CoNLL's tags them MISC and newsflow follows CoNLL; with ``--format germeval``
the tagger's one-word MISC derivations and compounds are left out the same way
(``--conll-misc`` keeps them; see ``in_germeval_convention``). GermEval is also scored per
source, Wikipedia and news sites apart, before the overall line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from tasks.entities.corpora import FORMATS, LABELS, germeval_sources, read_corpus, sentence_spans, token_offsets
from tasks.entities.derived import is_derived_word
from tasks.entities.train import FOLDS


def score(gold: list[set], predicted: list[set]) -> dict[str, tuple[float, float, float, int]]:
    """Per-label and overall (precision, recall, F1, gold count) from span sets per sentence."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted):
        for span in predicted_spans:
            (tp if span in gold_spans else fp)[span[2]] += 1
        for span in gold_spans - predicted_spans:
            fn[span[2]] += 1
    results = {}
    for label in (*LABELS, "overall"):
        if label == "overall":
            t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, f_p, f_n = tp[label], fp[label], fn[label]
        precision = t / (t + f_p) if t + f_p else 0.0
        recall = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        results[label] = (precision, recall, f1, t + f_n)
    return results


def sentence_counts(gold: list[set], predicted: list[set]) -> list[tuple[int, int, int]]:
    """Each sentence's (true positives, false positives, false negatives), for resampling."""
    return [(len(g & p), len(p - g), len(g - p)) for g, p in zip(gold, predicted)]


def bootstrap_interval(counts: list[tuple[int, int, int]], rounds: int, seed: int = 0) -> tuple[float, float]:
    """The 95% interval of overall F1 over the sentences resampled with replacement (percentile bootstrap).

    A dev split of one to three thousand sentences pins F1 down to about 0.013 to 0.028 either
    way, more than most changes tried here moved it: a figure's distance to a target, or to another
    tagger's figure on the same split, means little inside this interval. Seeded, so a rerun
    prints the same interval.
    """
    import numpy

    if not counts:
        return 0.0, 0.0
    table = numpy.asarray(counts, dtype=numpy.int64)
    picks = numpy.random.default_rng(seed).integers(0, len(table), size=(rounds, len(table)))
    tp, fp, fn = (table[:, column][picks].sum(axis=1) for column in range(3))
    f1 = 2 * tp / numpy.maximum(2 * tp + fp + fn, 1)
    return float(numpy.percentile(f1, 2.5)), float(numpy.percentile(f1, 97.5))


def in_germeval_convention(spans: set, text: str, language: str) -> set:
    """The tagger's spans with what GermEval does not count as an entity left out.

    newsflow tags MISC as CoNLL-2003 German does: a word derived from a name (``deutschen``,
    ``Berliner``) and a compound with a name in it (``SPD-Fraktion``, ``US-Bundesstaat``) are
    MISC there. GermEval calls them ``deriv``/``part``, and its gold here maps those to ``O``.
    This drops the tagger's one-word MISC spans that are lower-case words (GermEval's lower-case
    one-word spans are ``deriv`` 371 times and ``OTH`` 16, all of those web addresses and brand
    names), are on the derived-word list, or contain a hyphen. The hyphen test approximates
    ``part``: it also drops the hyphenated names GermEval does tag (``Irak-Krieg``,
    ``US-Dollar``; on the dev sentences it dropped 37 spans, 36 of them wrong by the gold, and
    one right, ``Sieben-Tage-Krieg``).
    """
    def germeval_leaves_out(start: int, end: int, label: str) -> bool:
        word = text[start:end]
        if label != "MISC" or " " in word:
            return False
        if word.isalpha() and word[0].islower():
            return True
        return is_derived_word(word, language) or "-" in word.strip("-")

    return {span for span in spans if not germeval_leaves_out(*span)}


def on_gold_tokens(spans: set, offsets: list[tuple[int, int]], text: str) -> set:
    """The tagger's spans widened to the gold file's tokens, where they cover those tokens' words.

    A gold file annotates whole tokens of its own cutting, and its scorers (conlleval,
    GermEval 2014's) compare one tag per gold token. spaCy cuts some of those tokens finer:
    GermEval's one token ``Haiger/Burbach`` (``B-LOC``) is ``Haiger / Burbach`` to the tagger,
    which names two places there, as CoNLL-2003 German tags ``Frankfurt / Indien`` (two
    tokens, two ``B-LOC``). Character spans could then never match, though a tag per gold token
    would. A span is widened to the whole of a gold token it touches when spans of its label
    cover every letter and digit of that token (so only punctuation, ``/``, ``.``, ``©``, is
    left out), and spans of one label that then share a gold token become one. A name cut short
    inside a token (``Roger`` of ``Roger-Vasselin``), or a token whose parts got two labels,
    stays as tagged.
    """
    covered: dict[str, set[int]] = {}
    for start, end, label in spans:
        covered.setdefault(label, set()).update(range(start, end))

    def whole(token: tuple[int, int], label: str) -> bool:
        return all(i in covered[label] or not text[i].isalnum() for i in range(*token))

    def widened(start: int, end: int, label: str) -> tuple[int, int]:
        touched = [(a, b) for a, b in offsets if a < end and start < b]
        if not touched:
            return start, end
        first, last = touched[0], touched[-1]
        return (first[0] if whole(first, label) else start), (last[1] if whole(last, label) else end)

    merged: list[list] = []
    for span_start, span_end, label in sorted(spans):
        start, end = widened(span_start, span_end, label)
        if merged and start < merged[-1][1] and label == merged[-1][2]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    return {tuple(span) for span in merged}


def evaluate(
    language: str,
    gold_path: Path,
    fmt: str,
    limit: int | None = None,
    heldout: bool = False,
    ruler: bool = True,
    conll_misc: bool = False,
    gold_tokens: bool = True,
    fold: int = 0,
    spans_out: Path | None = None,
) -> tuple[dict, dict[str, tuple[int, dict]], list[tuple[int, int, int]]]:
    """Scores over all sentences, per source (GermEval only: sentence count and scores), and per sentence.

    ``fold`` is the fifth ``heldout`` scores (``train.carve``); ``spans_out`` gets one JSON line per
    sentence (source, gold and predicted spans) for ``crossval.py`` to pool folds from.
    """
    from tasks.entities import tag_texts
    from tasks.entities.train import carve

    sentences = read_corpus(gold_path, fmt, repair_umlauts=(fmt == "conll" and language == "de"))
    sources = germeval_sources(gold_path) if fmt == "germeval" else ["all"] * len(sentences)
    if heldout:
        sentences, sources = carve(sentences, fold)[1], carve(sources, fold)[1]
    if limit:
        sentences, sources = sentences[:limit], sources[:limit]
    texts, gold, offsets = [], [], []
    for tokens, tags in sentences:
        text, spans = sentence_spans(tokens, tags)
        texts.append(text)
        gold.append(set(spans))
        offsets.append(token_offsets(tokens))
    tagged = tag_texts(texts, language, gazetteer_ruler=ruler)
    predicted = [{(e["start"], e["end"], e["label"]) for e in entities} for entities in tagged]
    if fmt == "germeval" and not conll_misc:
        predicted = [in_germeval_convention(spans, text, language) for spans, text in zip(predicted, texts)]
    if gold_tokens:
        predicted = [on_gold_tokens(spans, cuts, text) for spans, cuts, text in zip(predicted, offsets, texts)]
    if spans_out:
        write_spans(spans_out, sources, gold, predicted)
    parts = {}
    if fmt == "germeval":
        for source in sorted(set(sources)):
            picked = [i for i, s in enumerate(sources) if s == source]
            parts[source] = (len(picked), score([gold[i] for i in picked], [predicted[i] for i in picked]))
    return score(gold, predicted), parts, sentence_counts(gold, predicted)


def write_spans(path: Path, sources: list[str], gold: list[set], predicted: list[set]) -> None:
    """One JSON line per sentence: its source and its gold and predicted (start, end, label) spans."""
    with path.open("w", encoding="utf-8") as out:
        for source, gold_spans, predicted_spans in zip(sources, gold, predicted):
            row = {"source": source, "gold": sorted(gold_spans), "predicted": sorted(predicted_spans)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_spans(path: Path) -> tuple[list[str], list[set], list[set]]:
    """What ``write_spans`` wrote: sources, gold and predicted span sets per sentence."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    gold = [{tuple(span) for span in row["gold"]} for row in rows]
    predicted = [{tuple(span) for span in row["predicted"]} for row in rows]
    return [row["source"] for row in rows], gold, predicted


def trained_on_fold(language: str, fold: int) -> str | None:
    """The recorded command of a shipped member that trained on the carved file's fold ``fold``, if any.

    ``--heldout`` scores a fifth the models never saw; a model trained on every fifth
    (``train.py --fold all``) has none left, and scoring it would score its own training data.
    """
    from tasks.entities import ensemble
    from tasks.entities.gazetteer import MODELS_DIR
    from tasks.entities.train import RECIPES, carving_of

    folder = MODELS_DIR / f"ner-{language}"
    carved = any(source.split == "carve" for source in RECIPES.get(language, []))
    if not carved or not (folder / ensemble.RECORD).is_file():
        return None
    for member in ensemble.member_records(folder):
        if fold in carving_of(member["command"]).training_folds():
            return member["command"]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", required=True)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--heldout", action="store_true",
                        help="score only the sentences train.py carves out of a shared file for dev (every fifth)")
    parser.add_argument("--fold", type=int, default=0, metavar="K", choices=range(FOLDS),
                        help="with --heldout: score fold K (0-4) of the carved file, as train.py --fold K held it out")
    parser.add_argument("--spans", type=Path, default=None, metavar="JSONL",
                        help="also write each sentence's gold and predicted spans there (crossval.py pools them)")
    parser.add_argument("--no-ruler", action="store_true", help="score the statistical model alone")
    parser.add_argument("--conll-misc", action="store_true",
                        help="germeval: score the tagger's one-word MISC derivations and compounds "
                             "(deutschen, SPD-Fraktion) too, which GermEval's gold does not count")
    parser.add_argument("--character-spans", action="store_true",
                        help="compare the tagger's character spans as they are, not widened to the gold "
                             "file's tokens (see on_gold_tokens)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="resample the sentences N times for a 95%% interval of overall F1 (0: none)")
    args = parser.parse_args(argv)
    if args.fold and not args.heldout:
        parser.error("--fold picks which held-out fifth to score; it needs --heldout")
    if not args.gold.is_file():
        print(f"no gold file at {args.gold}", file=sys.stderr)
        return 2
    if args.heldout and (trained := trained_on_fold(args.language, args.fold)):
        print(f"the {args.language} models trained on fold {args.fold} of the carved file ({trained}): "
              "nothing of it is held out. Score them by cross-validation: "
              f"python -m tasks.entities.crossval score --language {args.language}", file=sys.stderr)
        return 2
    results, parts, counts = evaluate(
        args.language, args.gold, args.format, args.limit, args.heldout,
        ruler=not args.no_ruler, conll_misc=args.conll_misc,
        gold_tokens=not args.character_spans, fold=args.fold, spans_out=args.spans,
    )
    print(f"{'label':8} {'precision':>9} {'recall':>9} {'f1':>9} {'gold':>7}")
    for label, (precision, recall, f1, support) in results.items():
        print(f"{label:8} {precision:9.4f} {recall:9.4f} {f1:9.4f} {support:7d}")
    for source, (sentences, scores) in parts.items():
        precision, recall, f1, support = scores["overall"]
        print(f"{source} only ({sentences} sentences, {support} gold mentions): "
              f"precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f}")
    if args.bootstrap:
        low, high = bootstrap_interval(counts, args.bootstrap)
        print(f"95% interval of overall F1 ({args.bootstrap} resamples of the {len(counts)} sentences): {low:.4f} to {high:.4f}")
    print(f"overall F1 {results['overall'][2]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
